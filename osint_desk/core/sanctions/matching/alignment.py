"""The alignment of two names' parts (``Scored``, explained part by part), and a Hangul name
compared with a Korean romanisation syllable by syllable (two names both in Han characters or
Hangul: ``same_script``)."""

from __future__ import annotations

from dataclasses import dataclass

from .translit_hangul import HANGUL_RE

MISSING_CANDIDATE = 0.2  # cost factor of a listed part absent from the query (persons)
MISSING_QUERY = 0.3  # cost factor of a query part absent from the listed name
CONFLICT = 0.75  # factor when both sides keep strong unaligned parts
MISSING_SYLLABLE = 0.5  # a listed Korean syllable the Hangul query lacks (one it has counts 1)


def show(unit: str) -> str:
    return unit.lstrip("@")


@dataclass
class Scored:
    """A score and, for the explanation, what was aligned (unit indices) and what was not."""

    score: float
    qt: tuple[str, ...]
    ct: tuple[str, ...]
    aligned: list[tuple[int, int, float]]
    groups: list[tuple[tuple[int, ...], tuple[int, ...], float]]  # runs of parts as one
    joined: bool = False  # the names agree only written together ("Siemens AG" / "SiemensAG")

    def pairs(self) -> list[tuple[str, str]]:
        if self.joined:
            return [(" ".join(self.qt), " ".join(self.ct))]
        out = [(show(self.qt[i]), show(self.ct[j])) for i, j, _ in sorted(self.aligned)]
        return out + [(" ".join(show(self.qt[i]) for i in gq),
                       " ".join(show(self.ct[j]) for j in gc)) for gq, gc, _ in self.groups]

    def left(self) -> tuple[list[str], list[str]]:
        if self.joined:
            return [], []
        qi = {i for i, _, _ in self.aligned} | {i for gq, _, _ in self.groups for i in gq}
        cj = {j for _, j, _ in self.aligned} | {j for _, gc, _ in self.groups for j in gc}
        return ([show(u) for i, u in enumerate(self.qt) if i not in qi],
                [show(u) for j, u in enumerate(self.ct) if j not in cj])


def hangul_side(query: str, candidate: str) -> int | None:
    """0 when the query alone is written in Hangul, 1 when the candidate alone is."""
    hq, hc = bool(HANGUL_RE.search(query)), bool(HANGUL_RE.search(candidate))
    if hq == hc:
        return None
    return 0 if hq else 1


def korean_syllable_score(q: list[str], c: list[str]) -> Scored:
    """A Hangul name against a Korean romanisation, syllable by syllable in any order (lists
    put the surname first or last): a syllable agrees or it does not ("영자 박" is not "PAK
    YONG SIK" even though two syllables agree)."""
    left = list(c)
    aligned: list[tuple[int, int, float]] = []
    for i, syl in enumerate(q):
        for j, other in enumerate(left):
            if other == syl:
                aligned.append((i, j, 1.0))
                left[j] = ""
                break
    same = len(aligned)
    left_q, left_c = len(q) - same, len(c) - same
    den = same + left_q + MISSING_SYLLABLE * left_c
    score = same / den if den else 0.0
    if left_q and left_c:
        score *= CONFLICT
    return Scored(score, tuple(q), tuple(c), aligned, [])
