"""Pairwise name comparison with an explanation (``compare``, ``Comparison``).

Both names are normalised (every transliteration variant is tried) and each pair of variants
is scored part by part (``token_scoring.score_tokens``: the parts' alignment, parts missing on
one side or disagreeing on both, countries, initials, numbers, the renderings of other
scripts); the best pair is kept. Then, on the whole names:

- two names written in Han characters or Hangul are compared syllable by syllable, since
  there a different character is a different name, not another spelling (``same_script``: a
  missing word counts as a word, countries as in Latin names); a Hangul name and a Latin one
  by canonical Korean syllable, cut when the Latin name is no Korean romanisation;
- a person compared with an organisation, or a place with either, is a type clash: the score
  is cut below any threshold. An untyped name with a legal form counts as an organisation;
- legal forms of different kinds are different bodies (``legal_forms.form_factor``: AG vs
  GmbH, ANO vs LLC);
- a name listing names with slashes is also compared name by name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import product

from .alignment import Scored, hangul_side, korean_syllable_score
from .legal_forms import form_factor
from .normalize import ORG_SCHEMAS, PERSON_SCHEMAS, NormName, normalize
from .parts import part_similarity
from .same_script import same_script, syllabic_name
from .token_scoring import score_tokens
from .translit_hangul import hangul_syllables, korean_syllables

# ``part_similarity`` is re-exported: tests/core/test_cross_script.py imports it from here.
__all__ = ["SCHEMA_CLASH", "Comparison", "compare", "part_similarity"]

SCHEMA_CLASH = 0.6  # factor for a person compared with an organisation or a place
PLACE_SCHEMAS = frozenset({"Address"})
NOT_KOREAN = 0.85  # factor for a Hangul name against a name no Korean romanisation gives


@dataclass(frozen=True)
class Comparison:
    """Score in 0..1, a readable reason, the aligned parts and the transliteration used."""

    score: float
    explanation: str
    aligned: tuple[tuple[str, str], ...]
    transliteration: str | None


def _explain(score: float, q: NormName, c: NormName, scored: Scored,
             pairs: list[tuple[str, str]]) -> str:
    parts = ", ".join(f"{a}={b}" if a == b else f"{a}~{b}" for a, b in pairs) or "none"
    text = f"score {score:.2f}; aligned parts: {parts}"
    left_q, left_c = scored.left()
    if left_q:
        text += f"; only in query: {' '.join(left_q)}"
    if left_c:
        text += f"; only in listed name: {' '.join(left_c)}"
    if q.forms or c.forms:
        text += (f"; legal forms (not counted): {'/'.join(sorted(q.forms)) or '-'}"
                 f" vs {'/'.join(sorted(c.forms)) or '-'}")
    return text


def _family(schema: str | None, name: NormName) -> str | None:
    """Person, organisation, some party (either) or place; ``None`` when unknown. An untyped
    name or party with a legal form ("Acme Catering Ltd") is an organisation."""
    if schema in (None, "LegalEntity") and name.forms:
        return "organisation"
    if schema in PERSON_SCHEMAS:
        return "person"
    if schema in ORG_SCHEMAS:
        return "organisation"
    if schema == "LegalEntity":
        return "party"
    return "place" if schema in PLACE_SCHEMAS else None


_NO_NAME = NormName((), frozenset(), None)


# "Al-Qa'ida/Islamic Army": names written one after the other with a slash, each of a word of
# three letters or more (so "A/S", "c/o" are not split).
_SLASHED_RE = re.compile(r"[^\W\d_]{3}")


def _alternatives(name: str) -> tuple[str, ...]:
    """The name, and each name of a slash-separated list of names."""
    if "/" not in name:
        return (name,)
    pieces = [p.strip() for p in name.split("/")]
    if len(pieces) > 4 or not all(_SLASHED_RE.search(p) for p in pieces):
        return (name,)
    return (name, *pieces)


def compare(query: str, candidate: str, *, query_schema: str | None = None,
            candidate_schema: str | None = None) -> Comparison:
    """Compare a query name with a listed name; see the module docstring. A name that lists
    names with slashes ("Al-Qa'ida/Islamic Army") is also compared name by name."""
    if "/" not in query and "/" not in candidate:
        return _compare(query, candidate, query_schema, candidate_schema)
    pairs = list(product(_alternatives(query), _alternatives(candidate)))
    results = [_compare(q, c, query_schema, candidate_schema) for q, c in pairs]
    best = max(range(len(results)), key=lambda k: results[k].score)
    if best == 0:
        return results[0]
    found = results[best]
    q, c = pairs[best]
    shown = " / ".join(f'"{x}"' for x, whole in ((q, query), (c, candidate)) if x != whole)
    return Comparison(found.score, f"{found.explanation}; as the name {shown}", found.aligned,
                      found.transliteration)


def _compare(query: str, candidate: str, query_schema: str | None,
             candidate_schema: str | None) -> Comparison:
    schema = query_schema or candidate_schema
    best: tuple[float, NormName, NormName, Scored] | None = None
    for q, c in product(normalize(query, query_schema), normalize(candidate, candidate_schema)):
        scored = score_tokens(q, c, schema)
        if best is None or scored.score > best[0]:
            best = (scored.score, q, c, scored)
    if best is None:
        return Comparison(0.0, "nothing to compare", (), None)
    score, q, c, scored = best
    org = schema is not None and schema not in PERSON_SCHEMAS  # country mentions: as in Latin
    if (sq := syllabic_name(query, org)) and (sc := syllabic_name(candidate, org)):
        scored = same_script(sq, sc, person=schema in PERSON_SCHEMAS)
        score = scored.score
    elif (hangul := hangul_side(query, candidate)) is not None:
        latin = c if hangul == 0 else q
        keys = korean_syllables(latin.tokens)
        if keys is None:  # lists write a Korean name in a Korean romanisation
            score *= NOT_KOREAN
        else:
            hangul_keys = hangul_syllables(query if hangul == 0 else candidate)
            scored = korean_syllable_score(hangul_keys, keys) if hangul == 0 else \
                korean_syllable_score(keys, hangul_keys)
            score = scored.score
    score *= form_factor(q.forms, c.forms)
    fq, fc = _family(query_schema, q), _family(candidate_schema, c)
    families = {fq, fc}
    clash = families in ({"person", "organisation"}, {"place", "person"},
                         {"place", "organisation"}, {"place", "party"})
    if clash:
        score *= SCHEMA_CLASH
    score = max(0.0, min(1.0, score))
    pairs = scored.pairs()
    text = _explain(score, q, c, scored, pairs)
    if clash:
        text += f"; schema {query_schema} vs {candidate_schema}"
        if _family(query_schema, _NO_NAME) != fq or _family(candidate_schema, _NO_NAME) != fc:
            text += " (a name with a legal form is an organisation)"
    translit = " / ".join(x for x in (q.transliteration, c.transliteration) if x) or None
    return Comparison(round(score, 4), text, tuple(pairs), translit)
