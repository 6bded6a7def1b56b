"""Phonetic codes and blocking keys for candidate retrieval.

``name_keys`` is stateless, so a store can keep ``(key, name_id)`` rows and fetch candidates
with ``WHERE key IN (...)``. Three kinds of key:

- ``p:<code>``  the phonetic code of one name part (long enough to be informative);
- ``q:<a>|<b>`` an unordered pair of phonetic codes of two parts: rare even when both parts
  are common ("Mohammad" + "Ali"), so common surnames do not explode the candidate set;
- ``d:<code>`` and ``d:<code minus one letter>`` (codes of 3+ letters): the symmetric
  deletion neighbourhood of a part's code, so parts one edit apart still share a key;
- ``j:<code>`` the code of all parts written together ("JanDaniel" / "Jan Daniel").

The query side (``index.plan_keys``) drops keys whose posting lists are too long and ranks
candidates by the summed rarity of the keys they share with the query.
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

# Bump when ``name_keys`` (or the normalisation under it) gives other keys for some name: a
# list library keyed by an older version re-keys its names when it is next opened.
# 3: no deletion keys for codes over MAX_DELETION_CODE letters, names keyed up to
# MAX_NAME_CHARS (no real name changes; a library holding a hostile name sheds its keys).
KEYS_VERSION = 3


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
            keys.add("p:" + code)
            keys.add("d:" + code)
            if 3 <= len(code) <= MAX_DELETION_CODE:  # codes one edit apart share a d: key
                keys.update("d:" + code[:i] + code[i + 1:] for i in range(len(code)))
        for a, b in combinations(codes[:PAIR_LIMIT], 2):
            keys.add(f"q:{a}|{b}")
        if len(strong) > 1:
            keys.add("j:" + phonetic("".join(strong)))
    return keys
