"""Pairwise name comparison with an explanation.

Both names are normalised (every transliteration variant is tried), then their parts are
aligned greedily by part similarity (exact, initial, phonetic code, edit distance). The score
weighs the aligned evidence against the parts left over: parts missing on one side (a dropped
middle name or patronymic) cost little, parts that disagree on both sides (another surname)
cost a lot.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import product

from rapidfuzz.distance import Levenshtein

from .keys import phonetic
from .normalize import ORG_SCHEMAS, PERSON_SCHEMAS, NormName, is_weak_token, normalize

ACCEPT = 0.7  # a part pair below this is not an alignment
INITIAL_SIM = 0.9
MISSING_CANDIDATE = 0.2  # cost factor of a listed part absent from the query (persons)
MISSING_CANDIDATE_ORG = 0.4  # the same for organisations: extra words change the company
MISSING_QUERY = 0.3  # cost factor of a query part absent from the listed name
CONFLICT = 0.75  # factor when both sides keep strong unaligned parts
SCHEMA_CLASH = 0.6  # factor for a person compared with an organisation
WEAK_WEIGHT = 0.3
FORM_CLASH = 0.88  # both names carry legal forms and they differ (AG vs GmbH)


@dataclass(frozen=True)
class Comparison:
    """Score in 0..1, a readable reason, the aligned parts and the transliteration used."""

    score: float
    explanation: str
    aligned: tuple[tuple[str, str], ...]
    transliteration: str | None


def _edit_ok(a: str, b: str) -> bool:
    dist = Levenshtein.distance(a, b)
    n = max(len(a), len(b))
    return dist <= (1 if n <= 5 else 2 if n <= 9 else 3)


def part_similarity(a: str, b: str) -> float:
    """Similarity of two normalised parts in 0..1."""
    if a == b:
        return 1.0
    if len(a) == 1 or len(b) == 1:
        return INITIAL_SIM if a[0] == b[0] else 0.0
    if a.isdigit() or b.isdigit():
        return 0.0
    raw = Levenshtein.normalized_similarity(a, b)
    lev = raw if _edit_ok(a, b) else min(raw, ACCEPT - 0.01)
    pa, pb = phonetic(a), phonetic(b)
    if pa == pb and len(pa) >= 2 and min(len(a), len(b)) >= 3 and raw >= 0.5:
        # Same phonetic code: a transliteration variant, credited less when spelt far apart.
        return max(lev, 0.9 if raw >= 0.6 else 0.8)
    if (len(pa) == len(pb) >= 3 and Levenshtein.distance(pa, pb) == 1 and a[0] == b[0]
            and raw >= 0.6):
        return max(lev, 0.8)
    return lev


def _weight(token: str, schema: str | None) -> float:
    if is_weak_token(token, schema):
        return WEAK_WEIGHT
    if len(token) == 1:
        return 0.5
    return math.sqrt(min(len(token), 10))


def _align(q: tuple[str, ...], c: tuple[str, ...]) -> list[tuple[int, int, float]]:
    pairs = [(part_similarity(a, b), i, j) for i, a in enumerate(q) for j, b in enumerate(c)]
    pairs.sort(key=lambda p: (-p[0], abs(p[1] - p[2])))
    used_q: set[int] = set()
    used_c: set[int] = set()
    out: list[tuple[int, int, float]] = []
    for sim, i, j in pairs:
        if sim < ACCEPT:
            break
        if i in used_q or j in used_c:
            continue
        used_q.add(i)
        used_c.add(j)
        out.append((i, j, sim))
    return out


def _score_tokens(q: NormName, c: NormName, schema: str | None) -> tuple[float, list[tuple[
        int, int, float]]]:
    qt, ct = q.tokens, c.tokens
    if not qt or not ct:
        return 0.0, []
    aligned = _align(qt, ct)
    num = den = 0.0
    strong_hit = False
    for i, j, sim in aligned:
        w = max(_weight(qt[i], schema), _weight(ct[j], schema))
        if len(qt[i]) == 1 or len(ct[j]) == 1:
            w = 0.5
        elif sim >= 0.8 and not is_weak_token(qt[i], schema):
            strong_hit = True
        num += sim * w
        den += w
    qi = {i for i, _, _ in aligned}
    cj = {j for _, j, _ in aligned}
    left_q = [t for i, t in enumerate(qt) if i not in qi]
    left_c = [t for j, t in enumerate(ct) if j not in cj]
    den += MISSING_QUERY * sum(_weight(t, schema) for t in left_q)
    missing_c = MISSING_CANDIDATE if schema in PERSON_SCHEMAS else MISSING_CANDIDATE_ORG
    den += missing_c * sum(_weight(t, schema) for t in left_c)
    score = num / den if den else 0.0
    # Left-over initials count: "A. Nazarbayev" contradicts "Nursultan Nazarbayev".
    strong_q = [t for t in left_q if not is_weak_token(t, schema)]
    strong_c = [t for t in left_c if not is_weak_token(t, schema)]
    if strong_q and strong_c:
        score *= CONFLICT
    if not strong_hit:
        score *= 0.5
    joined_q, joined_c = "".join(qt), "".join(ct)
    if len(qt) != len(ct) and min(len(joined_q), len(joined_c)) >= 6:
        joined = Levenshtein.normalized_similarity(joined_q, joined_c)
        if joined >= 0.85 and joined > score:
            score = joined
            aligned = [(-1, -1, joined)]
    return score, aligned


def _explain(score: float, q: NormName, c: NormName, pairs: list[tuple[str, str]]) -> str:
    parts = ", ".join(f"{a}={b}" if a == b else f"{a}~{b}" for a, b in pairs) or "none"
    text = f"score {score:.2f}; aligned parts: {parts}"
    qi = {a for a, _ in pairs}
    ci = {b for _, b in pairs}
    extra_q = [t for t in q.tokens if t not in qi]
    extra_c = [t for t in c.tokens if t not in ci]
    if extra_q:
        text += f"; only in query: {' '.join(extra_q)}"
    if extra_c:
        text += f"; only in listed name: {' '.join(extra_c)}"
    if q.forms or c.forms:
        text += (f"; legal forms (not counted): {'/'.join(sorted(q.forms)) or '-'}"
                 f" vs {'/'.join(sorted(c.forms)) or '-'}")
    return text


def compare(query: str, candidate: str, *, query_schema: str | None = None,
            candidate_schema: str | None = None) -> Comparison:
    """Compare a query name with a listed name; see the module docstring."""
    schema = query_schema or candidate_schema
    best: tuple[float, NormName, NormName, list[tuple[int, int, float]]] | None = None
    for q, c in product(normalize(query, query_schema), normalize(candidate, candidate_schema)):
        score, aligned = _score_tokens(q, c, schema)
        if best is None or score > best[0]:
            best = (score, q, c, aligned)
    if best is None:
        return Comparison(0.0, "nothing to compare", (), None)
    score, q, c, aligned = best
    if q.forms and c.forms and not (q.forms & c.forms):
        score *= FORM_CLASH
    clash = (query_schema in PERSON_SCHEMAS and candidate_schema in ORG_SCHEMAS) or (
        query_schema in ORG_SCHEMAS and candidate_schema in PERSON_SCHEMAS)
    if clash:
        score *= SCHEMA_CLASH
    if aligned and aligned[0][0] == -1:
        pairs = [("".join(q.tokens), "".join(c.tokens))]
    else:
        pairs = [(q.tokens[i], c.tokens[j]) for i, j, _ in sorted(aligned)]
    score = max(0.0, min(1.0, score))
    text = _explain(score, q, c, pairs)
    if clash:
        text += f"; schema {query_schema} vs {candidate_schema}"
    translit = " / ".join(x for x in (q.transliteration, c.transliteration) if x) or None
    return Comparison(round(score, 4), text, tuple(pairs), translit)
