"""Derived words in organisation names: one stem, two words ("National" / "Nations").

English makes new words from a stem with endings (-al, -ic, -ist, -ion, -or...). Two such words
are a letter or two apart, within the edits a typo may make, yet they are two words. Lists do
write one for the other when nothing else differs ("Islamic Revolution Guard Corps" for the
Revolutionary one), so ``score_tokens`` lets such a pair carry only then: between names that
also differ otherwise, it is no typo and is not aligned (the "National Security Council" is not
the "United Nations Security Council"). A plural (-s, -es, -ies) is the same word ("Nation" /
"Nations", "Technology" / "Technologies"), and so are "-ic" / "-ical" ("Electric" /
"Electrical"); endings one letter apart may be a slip ("Eurasion" / "Eurasian"). "-y" is no
ending here: it ends transliterations ("Darya" / "Daryay"), and "Industry" / "Industrial" are
written for one another in translated names.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from .parts import ACCEPT

__all__ = ["derived_pair", "otherwise_different", "telling_derivations"]

MIN_STEM = 4  # a shared stem of four letters or more ("arab" / "arabic")
# Derivational endings (after any plural -s is taken off); "" is the bare stem.
_ENDINGS = frozenset({
    "", "al", "ial", "ic", "ist", "ism", "ian", "ion", "ation", "or", "er", "ive", "ity",
    "ary", "ory", "ery", "ment", "ing", "ance", "ence", "ant", "ent", "ese", "ite", "ship",
    "ness",
})
_BACKOFF = 3  # the stem may end up to three letters before the shared opening does


def _base(ending: str) -> str:
    """The ending without a plural: "ors" -> "or", "ies" -> "y", "s" -> ""."""
    if ending.endswith("ies"):
        return ending[:-3] + "y"
    if ending.endswith("s") and not ending.endswith("ss"):
        return ending[:-1]
    return ending


@lru_cache(maxsize=100_000)
def derived_pair(a: str, b: str) -> bool:
    """Whether *a* and *b* are two words derived from one stem by different endings
    ("national" / "nations", "constructors" / "construction", "islamic" / "islamist"), not
    one word with and without a plural."""
    if a == b or not (a.isalpha() and b.isalpha()):
        return False
    shared = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        shared += 1
    for stem in range(shared, max(MIN_STEM, shared - _BACKOFF) - 1, -1):
        ea, eb = _base(a[stem:]), _base(b[stem:])
        if ea == eb:
            return False  # one word: "nation" / "nations"
        if ea in _ENDINGS and eb in _ENDINGS:
            if Levenshtein.distance(a[stem:], b[stem:]) < 2:
                return False  # one letter apart may be a slip: "Eurasion", "Assistent"
            return not _one_word(a[:stem] + ea, b[:stem] + eb)
    return False


def _one_word(a: str, b: str) -> bool:
    """Whether *a* and *b* are one word in "-ic" and "-ical", written for one another
    ("electric" / "electrical")."""
    short, long_ = sorted((a, b), key=len)
    return short.endswith("ic") and long_ == short + "al"


def telling_derivations(sim_of: Callable[[str, str], float]) -> Callable[[str, str], float]:
    """*sim_of* with derived pairs (``derived_pair``) kept below ``ACCEPT``."""
    def sim(a: str, b: str) -> float:
        value = sim_of(a, b)
        if value >= ACCEPT and derived_pair(a, b):
            return ACCEPT - 0.01
        return value
    return sim


def otherwise_different(qt: tuple[str, ...], ct: tuple[str, ...],
                        aligned: list[tuple[int, int, float]],
                        weak: Callable[[str], bool]) -> bool:
    """Whether *aligned* holds a derived pair and the names also differ otherwise: a part
    that is not *weak* is left over on either side."""
    if not any(sim < 1 and derived_pair(qt[i], ct[j]) for i, j, sim in aligned):
        return False
    qi = {i for i, _, _ in aligned}
    cj = {j for _, j, _ in aligned}
    return (any(not weak(u) for i, u in enumerate(qt) if i not in qi)
            or any(not weak(u) for j, u in enumerate(ct) if j not in cj))
