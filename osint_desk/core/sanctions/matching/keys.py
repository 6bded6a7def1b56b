"""Phonetic codes and blocking keys for candidate retrieval.

``name_keys`` is stateless, so a store can keep ``(key, name_id)`` rows and fetch candidates
with ``WHERE key IN (...)``. The kinds of key:

- ``p:<code>``  the phonetic code of one name part (long enough to be informative);
- ``q:<a>|<b>`` an unordered pair of phonetic codes of two parts: rare even when both parts
  are common ("Mohammad" + "Ali"), so common surnames do not explode the candidate set;
- ``d:<code>`` and ``d:<code minus one letter>`` (codes of 3+ letters): the symmetric
  deletion neighbourhood of a part's code, so parts one edit apart still share a key;
- ``j:<code>`` the code of all parts written together ("JanDaniel" / "Jan Daniel");
- ``x:<parts>`` the normalised name itself (its parts sorted, so word order aside): the key that
  guarantees an exact name is found, however common its parts ("HAMAS", "ISIL", "GIA"). A
  weak alias (a list's low-quality a.k.a., often an acronym such as "ETA") gets this key
  alone (``weak_name_keys``): it is found when typed exactly, never by resemblance.

No key is made from a name's initials: "IRA" would then find the Internet Research Agency as
readily as the Irish Republican Army. An acronym is found where a list gives it as a name.

The query side (``index.plan_keys``) always fetches the ``x:`` keys of ``query_keys``, drops the
other keys whose posting lists are too long and ranks candidates by the summed rarity of the
keys they share with the query.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import combinations

from osint_desk.core.sanctions.limits import MAX_DELETION_CODE, MAX_NAME_CHARS

from .normalize import is_weak_token, normalize

_RULES: tuple[tuple[str, str], ...] = (
    ("tsch", "c"), ("shch", "s"), ("sch", "s"), ("dzh", "j"), ("tch", "c"), ("zh", "s"),
    ("sh", "s"), ("ch", "c"), ("kh", "h"), ("gh", "g"), ("ph", "f"), ("th", "t"), ("dj", "j"),
    ("ck", "k"), ("gu", "g"), ("ts", "c"), ("tz", "c"), ("x", "ks"), ("q", "k"), ("w", "v"),
    ("z", "s"), ("p", "b"), ("v", "f"), ("j", "i"), ("y", "i"), ("c", "k"), ("dh", "d"),
)
_VOWELS_RE = re.compile(r"[aeiouh]")
_DOUBLE_RE = re.compile(r"(.)\1+")
PAIR_LIMIT = 8  # parts considered for pair keys
EXACT = "x:"  # prefix of the exact-name keys
# A query without a type is looked up as each kind of listed name would be normalised (legal
# forms and acronyms are read differently for persons and organisations).
_SCHEMA_FAMILIES: tuple[str | None, ...] = (None, "Person", "Organization")

# Bump when ``name_keys`` (or the normalisation under it) gives other keys for some name: a
# list library keyed by an older version re-keys its names when it is next opened.
# 3: no deletion keys for codes over MAX_DELETION_CODE letters, names keyed up to
# MAX_NAME_CHARS (no real name changes; a library holding a hostile name sheds its keys).
# 4: ``x:`` exact-name keys. 5: weak aliases keyed by ``x:`` alone; cross-script normalisation.
# 6: more legal forms set aside (long Romance, Polish and Dutch forms, ANO), "%" read as
# "percent", "Forty 4" as "44" (issue 12, name_bench held-out half).
KEYS_VERSION = 6


@lru_cache(maxsize=500_000)
def phonetic(token: str) -> str:
    """A coarse consonant skeleton that merges common transliteration variants.

    Yevgeniy / Evgeny / Jewgeni / Evgueni all give ``fgn``; Prigozhin / Prigoschin ``brgsn``.
    Digits are kept as they are.
    """
    if token.isdigit():
        return token
    s = token
    for old, new in _RULES:
        s = s.replace(old, new)
    s = _DOUBLE_RE.sub(r"\1", s)
    skeleton = _DOUBLE_RE.sub(r"\1", _VOWELS_RE.sub("", s))
    return skeleton or s


@lru_cache(maxsize=200_000)
def _code_keys(code: str) -> tuple[str, ...]:
    """``p:`` and ``d:`` keys of one part's code (cached: a list repeats its parts)."""
    keys = ["p:" + code, "d:" + code]
    if 3 <= len(code) <= MAX_DELETION_CODE:  # codes one edit apart share a d: key
        keys += ["d:" + code[:i] + code[i + 1:] for i in range(len(code))]
    return tuple(keys)


def name_keys(name: str, schema: str | None = None) -> set[str]:
    """Blocking keys for *name* in every transliteration variant.

    Linear in the name's length: its first ``MAX_NAME_CHARS`` are keyed, and a code longer
    than ``MAX_DELETION_CODE`` (no real name part) gets no deletion neighbourhood, whose size
    is the square of the code's length.
    """
    keys: set[str] = set()
    for norm in normalize(name[:MAX_NAME_CHARS], schema):
        strong = [t for t in norm.tokens if len(t) > 1 and not is_weak_token(t, schema)]
        if not strong:
            strong = [t for t in norm.tokens if len(t) > 1] or list(norm.tokens)
        codes = sorted({phonetic(t) for t in strong})
        for code in codes:
            keys.update(_code_keys(code))
        for a, b in combinations(codes[:PAIR_LIMIT], 2):
            keys.add(f"q:{a}|{b}")
        if len(strong) > 1:
            keys.add("j:" + phonetic("".join(strong)))
        if norm.tokens:
            keys.add(EXACT + " ".join(sorted(norm.tokens)))
    return keys


def weak_name_keys(name: str, schema: str | None = None) -> set[str]:
    """The keys of a weak alias: its exact-name keys only."""
    return {EXACT + " ".join(sorted(norm.tokens))
            for norm in normalize(name[:MAX_NAME_CHARS], schema) if norm.tokens}


def exact_keys(name: str, schema: str | None = None) -> set[str]:
    """The ``x:`` keys of *name* normalised as *schema*, and as a person and as an
    organisation too: the query side, where the listed name's schema is not known."""
    text = name[:MAX_NAME_CHARS]
    return {EXACT + " ".join(sorted(norm.tokens))
            for family in dict.fromkeys((schema, *_SCHEMA_FAMILIES))
            for norm in normalize(text, family) if norm.tokens}


def query_keys(name: str, schema: str | None = None) -> set[str]:
    """The keys a query looks up: ``name_keys`` and the exact keys of every schema family."""
    return name_keys(name, schema) | exact_keys(name, schema)
