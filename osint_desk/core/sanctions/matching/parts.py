"""Part similarity: one normalised name part against another, in each script's rendering.

``part_similarity`` is the general measure (edit distance, phonetic codes, known forms of a
given name, shared name affixes); the ``*_part`` factories give the comparison used when one
name was rendered from a script that spells names otherwise: Arabic and Persian (consonant
skeletons), kana (katakana skeletons) and Korean syllables in any romanisation.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from rapidfuzz.distance import OSA, Levenshtein

from .keys import phonetic
from .normalize import same_given_name, shared_affix
from .translit_arabic import ARABIC_PARTICLES, ARTICLES, skeleton_similarity
from .translit_hangul import korean_key
from .translit_kana import kana_similarity

ACCEPT = 0.7  # a part pair below this is not an alignment
INITIAL_SIM = 0.9
NICKNAME_SIM = 0.85  # "Bill" / "William", "Juan" / "John"
DOUBLED_SIM = 0.9  # the same part but for a letter written twice
REVERSED_SIM = 0.8  # the same part (within one typo) read backwards: "nituP" / "Putin"
KOREAN_SIM = 0.85  # one Korean syllable in two romanisations ("Jeong" / "Jong", "Li" / "Ri")
_DOUBLE_RE = re.compile(r"(.)\1+")
_CONFUSABLE = str.maketrans("jyk", "iic")
# Arabic prepositions and conjunctions with the English ones lists translate them by.
_FUNCTION_WORDS = frozenset({("fi", "in"), ("wa", "and"), ("li", "for"), ("bi", "in"),
                             ("min", "of"), ("min", "from"), ("ala", "on")})


@lru_cache(maxsize=100_000)
def _collapsed(token: str) -> str:
    """The part with every doubled letter written once."""
    return _DOUBLE_RE.sub(r"\1", token)


def _reversed(a: str, b: str) -> bool:
    """*a* read backwards is *b* within one typo that leaves an end letter in place."""
    return (abs(len(a) - len(b)) <= 1 and (a[-1] in b[:2] or b[0] in a[-2:])
            and OSA.distance(a[::-1], b, score_cutoff=1) <= 1)


def _lead(token: str) -> str:
    """The opening consonant's class ("" for a vowel or glide): Mohamed is not Ahmed, and
    Acme is not Hachem (an h is a consonant here)."""
    return "" if token[0] in "aeiouyjw" else phonetic(token[0])


def part_similarity(a: str, b: str, lift: bool = True) -> float:
    """Similarity of two normalised parts in 0..1.

    Edit similarity counts a transposition as one typo (OSA distance), a swap of letters
    romanisations confuse (i / j / y, c / k) as half a typo, and is accepted only
    within 1, 2 or 3 edits by length; a shared phonetic code lifts transliteration variants
    (unless the spellings are far apart and even open differently: Mohamed / Ahmed), codes
    one consonant apart only a pair within those edits (Sechev / Sechin, not European /
    Eurasian); known forms of one given name (Bill / William) count as a near match. Without
    *lift* there is no phonetic lift (parts rendered from Arabic script are compared by
    skeleton instead).
    """
    if a == b:
        return 1.0
    if len(a) == 1 or len(b) == 1:
        return INITIAL_SIM if a[0] == b[0] else 0.0
    if a.isdigit() or b.isdigit():
        return 0.0
    la, lb = len(a), len(b)
    if la != lb and a[0] == b[0] and a[-1] == b[-1] and _collapsed(a) == _collapsed(b):
        return DOUBLED_SIM  # a doubled letter: "Jong-uun" / "Jong-un", "Hasan" / "Hassan"
    if la >= 5 and lb >= 5 and a[0] != b[0] and _reversed(a, b):
        return REVERSED_SIM  # written backwards, as text copied out of a right-to-left line
    n = max(len(a), len(b))
    dist: float = OSA.distance(a, b)
    fa, fb = a.translate(_CONFUSABLE), b.translate(_CONFUSABLE)
    if dist > 1 and (fa != a or fb != b):
        # Letters romanisations swap (i / j / y, c / k: "Serej" / "Sergey") as half an edit.
        folded = OSA.distance(fa, fb)
        dist = min(dist, folded + (dist - folded) / 2)
    raw = 1.0 - dist / n
    typos = dist <= (1 if n <= 5 else 2 if n <= 9 else 3)  # within the edits its length allows
    sim = raw if typos else min(raw, ACCEPT - 0.01)
    if lift and raw >= 0.5 and min(len(a), len(b)) >= 3:
        pa, pb = phonetic(a), phonetic(b)
        if pa == pb and len(pa) >= 2 and (raw >= 0.6 or _lead(a) == _lead(b)):
            # Same phonetic code: a transliteration variant, credited less when spelt far apart.
            sim = max(sim, 0.9 if raw >= 0.6 else 0.8)
        elif (typos and len(pa) == len(pb) >= 3 and a[0] == b[0]
                and Levenshtein.distance(pa, pb) == 1):
            # Codes one consonant apart lift only a pair within its typos, short parts whose
            # one edit weighs much ("Sechev" / "Sechin"). Beyond, spelling and sound both say
            # "near, not the same": two words ("European" / "Eurasian", "Castillo" / "Castro").
            sim = max(sim, 0.8)
    if sim >= ACCEPT and (stems := shared_affix(a, b)) is not None:
        # The shared ending or opening is no evidence: "Jonsdottir" / "Tomasdottir" differ as
        # "jons" / "tomas" do, "Hamidullah" / "Waliullah" as "hamid" / "wali".
        sim = min(sim, part_similarity(*stems, lift=lift))
    if sim < NICKNAME_SIM and same_given_name(a, b):
        return NICKNAME_SIM
    return sim


def skeleton_part(arabic: int) -> Callable[[str, str], float]:
    """``part_similarity`` or the consonant skeletons' similarity, for names rendered from
    Arabic script (*arabic* = 1 on the query side, 2 on the candidate's) or Cyrillic (0)."""
    def sim_of(a: str, b: str) -> float:
        if a in ARTICLES and b in ARTICLES:
            return 1.0  # "al" / "el": one article
        if (a, b) in _FUNCTION_WORDS or (b, a) in _FUNCTION_WORDS:
            return 1.0  # "fi" / "in": Arabic particles a list translates
        sim = part_similarity(a, b, lift=not arabic)
        if (sim < 0.9 and len(a) > 1 and len(b) > 1 and not (a.isdigit() or b.isdigit())
                and a not in ARABIC_PARTICLES and b not in ARABIC_PARTICLES):
            if arabic == 2:
                a, b = b, a
            return max(sim, skeleton_similarity(a, b, arabic > 0))
        return sim
    return sim_of


def kana_part(kana: int) -> Callable[[str, str], float]:
    """``part_similarity`` or, for a part rendered from kana (*kana* = 1 on the query side,
    2 on the candidate's), the consonant skeletons' similarity (``kana_similarity``)."""
    def sim_of(a: str, b: str) -> float:
        sim = part_similarity(a, b)
        if sim < 0.9 and len(a) > 1 and len(b) > 1 and not (a.isdigit() or b.isdigit()):
            return max(sim, kana_similarity(a, b) if kana == 1 else kana_similarity(b, a))
        return sim
    return sim_of


def korean_part(a: str, b: str) -> float:
    """``part_similarity`` or, one syllable in two romanisations, ``KOREAN_SIM``."""
    sim = part_similarity(a, b)
    if sim < KOREAN_SIM and (key := korean_key(a)) is not None and key == korean_key(b):
        return KOREAN_SIM
    return sim
