"""Runs of parts on one side that stand for one part on the other, found among the parts the
part-by-part alignment left over: acronyms ("IRGC" / "Islamic Revolutionary Guard Corps"),
initials written together ("JC" / "Jean-Claude") and a word written in two ("Patr ushev" /
"Patrushev", "Mohammad Hasni" / "Mohammadhasni").
"""

from __future__ import annotations

from rapidfuzz.distance import OSA

from .normalize import is_weak_token

__all__ = ["ACRONYM_SIM", "Group", "groups"]

ACRONYM_SIM = 0.85  # "IRGC" / "Islamic Revolutionary Guard Corps" (organisations)
SPLIT_MIN_LEN = 6  # a word written in two has six letters or more ...
SPLIT_EDITS = 1  # ... and is, written together, within one typo of the word written as one
_VOWELS = frozenset("aeiouy")

# (indices on the query side, indices on the candidate side, similarity)
Group = tuple[tuple[int, ...], tuple[int, ...], float]


def _initials(unit: str, schema: str | None) -> str:
    if unit[0] == "@":  # "democratic peoples republic of korea" -> "dprk"
        return "".join(w[0] for w in unit[1:].split() if not is_weak_token(w, schema))
    return unit[0]


def _acronym_like(token: str, person: bool) -> bool:
    """In an organisation's name any short word may be an acronym; in a person's name only
    letters no name is made of: two or three consonants ("JC", "JFK")."""
    if not token.isalpha():
        return False
    if person:
        return 2 <= len(token) <= 3 and _VOWELS.isdisjoint(token)
    return 2 <= len(token) <= 6


def groups(q: tuple[str, ...], c: tuple[str, ...], used_q: set[int], used_c: set[int],
           schema: str | None, person: bool, org: bool) -> list[Group]:
    """Acronyms (organisations and persons, see ``_acronym_like``), then words written in two,
    among the parts not in *used_q* / *used_c* (the aligned ones); the sets are updated."""
    out: list[Group] = []
    if len(used_q) == len(q) or len(used_c) == len(c):
        return out  # nothing left over on one side
    if org or person:
        _acronyms(q, c, used_q, used_c, schema, person, out)
        _acronyms(c, q, used_c, used_q, schema, person, out, flip=True)
    _split_words(q, c, used_q, used_c, out)
    _split_words(c, q, used_c, used_q, out, flip=True)
    return out


def _acronyms(short: tuple[str, ...], long_: tuple[str, ...], used_s: set[int],
              used_l: set[int], schema: str | None, person: bool, out: list[Group],
              flip: bool = False) -> None:
    """Left-over acronyms on the *short* side that spell a run of left-over words on the
    other ("IRGC" and "Islamic Revolutionary Guard Corps"; weak words may be skipped in an
    organisation's name, never in a person's)."""
    for i, token in enumerate(short):
        if i in used_s or not _acronym_like(token, person):
            continue
        for start in range(len(long_)):
            letters = ""
            k = start
            while k < len(long_) and k not in used_l and len(long_[k]) > 1:
                initials = _initials(long_[k], schema)
                if token.startswith(initials, len(letters)):
                    letters += initials
                elif k == start or person or not is_weak_token(long_[k], schema):
                    break
                k += 1
                if letters == token:
                    break
            if letters == token and k - start >= 2:
                span = tuple(range(start, k))
                used_s.add(i)
                used_l.update(span)
                out.append(((i,), span, ACRONYM_SIM) if not flip else (span, (i,), ACRONYM_SIM))
                break


def _split_similarity(joined: str, word: str) -> float:
    """Edit similarity within ``SPLIT_EDITS`` typos, else 0: no phonetic lift, which would
    let any two parts spell a long third one ("Amir Rahimi" / "Mirjami")."""
    dist = OSA.distance(joined, word, score_cutoff=SPLIT_EDITS)
    return 1.0 - dist / max(len(joined), len(word)) if dist <= SPLIT_EDITS else 0.0


def _split_words(two: tuple[str, ...], one: tuple[str, ...], used_two: set[int],
                 used_one: set[int], out: list[Group], flip: bool = False) -> None:
    """Two adjacent left-over parts on the *two* side that, written together, are a left-over
    part of the other side: one word typed with a space in it, or two written as one."""
    for j, w in enumerate(one):
        if len(w) < SPLIT_MIN_LEN or j in used_one or w[0] == "@":
            continue
        for k in range(len(two) - 1):
            a = two[k]
            if a[0] not in w[:2]:  # a typo leaves one of the first two letters in place
                continue
            b = two[k + 1]
            if (abs(len(w) - len(a) - len(b)) > SPLIT_EDITS or len(a) < 2 or len(b) < 2
                    or k in used_two or k + 1 in used_two):
                continue
            sim = _split_similarity(a + b, w)
            if sim:
                used_two.update((k, k + 1))
                used_one.add(j)
                out.append(((j,), (k, k + 1), sim) if flip else ((k, k + 1), (j,), sim))
                break
