"""Two names written wholly in Han characters or Hangul, compared syllable by syllable.

Every character is a whole syllable, so syllables agree or differ: "김정은" and "김종은" are two
names, not two spellings. The rules the part-by-part comparison applies to Latin names hold
here too, on the syllables:

- a word (characters between spaces) missing from one name counts as a word, not as its
  syllables: in "조선민주주의인민공화국" / "조선민주주의인민공화국 외무성" (the DPRK and its
  Ministry of Foreign Affairs) the missing "외무성" weighs as much as the word both names
  share, not a quarter of it; a syllable missing inside a word counts as a syllable;
- parts missing on one side cost what they cost in a Latin name of the same type (more in an
  organisation's name than in a person's);
- in an organisation's name a country mention is a qualifier (``syllabic_places``): a shared
  country alone is no evidence when either name says more, and a country the query names and
  the listed name lacks is a conflict.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from anyascii import anyascii

from .alignment import CONFLICT, MISSING_CANDIDATE, MISSING_QUERY, Scored
from .syllabic_places import syllabic_places
from .token_scoring import MISSING_CANDIDATE_ORG, MISSING_QUERY_ORG

__all__ = ["SHARED_COUNTRY_ONLY", "SyllabicName", "same_script", "syllabic_name"]

SHARED_COUNTRY_ONLY = 0.5  # factor when only a country is shared and a name says more
_SYLLABIC_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")


@dataclass(frozen=True)
class SyllabicName:
    """A name's syllables (romanised, one per character), the word of each syllable and the
    country mentions (syllable spans with ISO codes; organisations only)."""

    syllables: tuple[str, ...]
    words: tuple[int, ...]
    places: tuple[tuple[int, int, frozenset[str]], ...] = ()


def syllabic_name(text: str, places: bool = False) -> SyllabicName | None:
    """*text* as syllables when it is written wholly in Han characters or Hangul, else None.
    Words are the runs of letters between spaces or punctuation. *places*: find country
    mentions (``syllabic_places``)."""
    if not _SYLLABIC_RE.search(text):
        return None
    chars: list[str] = []
    words: list[int] = []
    word = 0
    for ch in text:
        if ch.isalnum():
            if not _SYLLABIC_RE.match(ch):
                return None
            chars.append(ch)
            words.append(word)
        elif words and words[-1] == word:
            word += 1
    if not chars:
        return None
    found = syllabic_places("".join(chars), tuple(words)) if places else ()
    return SyllabicName(tuple(anyascii(ch).lower() for ch in chars), tuple(words), found)


def _lcs(q: tuple[str, ...], c: tuple[str, ...]) -> list[tuple[int, int, float]]:
    lcs = [[0] * (len(c) + 1) for _ in range(len(q) + 1)]
    for i, a in enumerate(q):
        for j, b in enumerate(c):
            lcs[i + 1][j + 1] = lcs[i][j] + 1 if a == b else max(lcs[i][j + 1], lcs[i + 1][j])
    aligned: list[tuple[int, int, float]] = []
    i, j = len(q), len(c)
    while i and j:  # walk back through the common syllables
        if q[i - 1] == c[j - 1]:
            aligned.append((i - 1, j - 1, 1.0))
            i, j = i - 1, j - 1
        elif lcs[i - 1][j] >= lcs[i][j - 1]:
            i -= 1
        else:
            j -= 1
    return aligned


def _left_over(name: SyllabicName, used: set[int]) -> float:
    """The syllables of *name* outside *used*, a word missing whole counted as large as the
    words that are there (the mean of the words holding a used syllable), if larger."""
    sizes: dict[int, int] = {}
    hit: set[int] = set()
    for k, word in enumerate(name.words):
        sizes[word] = sizes.get(word, 0) + 1
        if k in used:
            hit.add(word)
    present = sum(sizes[w] for w in hit) / len(hit) if hit else 0.0
    total = 0.0
    for word, size in sizes.items():
        if word not in hit:
            total += max(size, present)  # a missing word counts as a word
    return total + sum(1 for k, word in enumerate(name.words) if word in hit and k not in used)


def same_script(q: SyllabicName, c: SyllabicName, person: bool = True) -> Scored:
    """Two names in Han or Hangul, syllable by syllable (see the module docstring). *person*:
    the missing parts cost what they do in a person's name, else in an organisation's."""
    aligned = _lcs(q.syllables, c.syllables)
    used_q = {i for i, _, _ in aligned}
    used_c = {j for _, j, _ in aligned}
    same = len(aligned)
    miss_q, miss_c = (MISSING_QUERY, MISSING_CANDIDATE) if person else (
        MISSING_QUERY_ORG, MISSING_CANDIDATE_ORG)
    den = same + miss_q * _left_over(q, used_q) + miss_c * _left_over(c, used_c)
    score = same / den if den else 0.0
    conflict = len(used_q) < len(q.syllables) and len(used_c) < len(c.syllables)
    if q.places or c.places:
        in_q = {k for s, e, _ in q.places for k in range(s, e)}
        in_c = {k for s, e, _ in c.places for k in range(s, e)}
        more = any(k not in used_q and k not in in_q for k in range(len(q.syllables))) or any(
            k not in used_c and k not in in_c for k in range(len(c.syllables)))
        if aligned and used_q <= in_q and used_c <= in_c and more:
            score *= SHARED_COUNTRY_ONLY  # "조선민주주의인민공화국" / "... 외무성"
        listed = frozenset().union(*(codes for _, _, codes in c.places))
        conflict |= any(not codes & listed for _, _, codes in q.places)
    if conflict:
        score *= CONFLICT
    return Scored(score, q.syllables, c.syllables, aligned, [])
