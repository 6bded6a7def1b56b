"""In-memory name index: the reference implementation of candidate retrieval and ranking.

Retrieval (what a SQLite store does the same way with a ``(key, name_id)`` table):

1. ``keys = name_keys(query, schema)``;
2. look up each key's document frequency ``df`` (``SELECT key, COUNT(*) ... GROUP BY key``, or
   a stored ``key -> df`` table) and keep what ``plan_keys`` returns: keys with
   ``df <= MAX_POSTINGS`` and their weights (rarer and pair keys weigh more);
3. fetch the postings of the kept keys, add up the weights per name id and keep the
   ``SHORTLIST`` best; if every key was too common, ``plan_keys`` keeps the rarest few and the
   store reads at most ``MAX_POSTINGS`` rows of each;
4. ``compare`` the query with each shortlisted name; best score per entry, ranked.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .compare import compare
from .keys import name_keys

DEFAULT_THRESHOLD = 0.69  # chosen on the train half of bench_matching_quality.py
MAX_POSTINGS = 3000  # a key with more names than this is too common to retrieve by
SHORTLIST = 60  # names compared in full per query (at least 5 x limit)
_KIND_WEIGHT = {"q": 1.5, "p": 1.0, "j": 1.2, "d": 0.5}


@dataclass(frozen=True)
class Candidate:
    """One screening hit: the entry, its best score and which listed name gave it."""

    entry_key: str
    score: float
    matched_name: str
    explanation: str


def plan_keys(keys: Iterable[str], df: Mapping[str, int], total: int) -> list[tuple[str, float]]:
    """Keys worth fetching, with their weights, given each key's document frequency."""
    known = [(k, df[k]) for k in keys if df.get(k)]
    usable = [(k, n) for k, n in known if n <= MAX_POSTINGS]
    if not usable:  # only very common keys: use the rarest few, capped when fetched
        usable = sorted(known, key=lambda kn: kn[1])[:3]
    out = []
    for k, n in usable:
        idf = math.log(1 + total / n)
        out.append((k, idf * _KIND_WEIGHT.get(k[0], 1.0)))
    return out


class NameIndex:
    """Listed names in memory, indexed by ``name_keys``; weak aliases are kept out."""

    def __init__(self) -> None:
        self._names: list[str] = []
        self._entries: list[str] = []
        self._schemas: list[str | None] = []
        self._postings: dict[str, array[int]] = {}
        self._years: dict[str, set[int]] = {}
        self._countries: dict[str, set[str]] = {}
        self.skipped_weak = 0

    def __len__(self) -> int:
        return len(self._names)

    def add(self, entry_key: str, name: str, *, schema: str | None = None,
            strength: str = "strong", birth_years: Iterable[int] = (),
            countries: Iterable[str] = ()) -> None:
        """Index one listed name of *entry_key*; weak names are not screened."""
        self._years.setdefault(entry_key, set()).update(birth_years)
        self._countries.setdefault(entry_key, set()).update(c.lower() for c in countries)
        if strength == "weak" or not name.strip():
            self.skipped_weak += strength == "weak"
            return
        nid = len(self._names)
        self._names.append(name)
        self._entries.append(entry_key)
        self._schemas.append(schema)
        for key in name_keys(name, schema):
            posting = self._postings.get(key)
            if posting is None:
                self._postings[key] = posting = array("i")
            posting.append(nid)

    def build(self) -> None:
        """Finish indexing (postings are already in place; kept for API symmetry)."""

    def key_count(self) -> int:
        """Number of distinct keys."""
        return len(self._postings)

    def shortlist(self, name: str, schema: str | None = None) -> list[int]:
        """Name ids sharing the most (and rarest) keys with *name*."""
        df = {k: len(p) for k in name_keys(name, schema) if (p := self._postings.get(k))}
        acc: dict[int, float] = {}
        get = acc.get
        for key, weight in plan_keys(df, df, len(self._names)):
            for nid in self._postings[key][:MAX_POSTINGS]:
                acc[nid] = get(nid, 0.0) + weight
        if len(acc) <= SHORTLIST:
            return list(acc)
        return sorted(acc, key=acc.__getitem__, reverse=True)[:SHORTLIST]

    def query(self, name: str, *, schema: str | None = None, birth_year: int | None = None,
              country: str | None = None, limit: int = 10,
              threshold: float = DEFAULT_THRESHOLD) -> list[Candidate]:
        """Ranked candidates (best score per entry) at or above *threshold*."""
        best: dict[str, Candidate] = {}
        for nid in self.shortlist(name, schema):
            entry = self._entries[nid]
            cmp = compare(name, self._names[nid], query_schema=schema,
                          candidate_schema=self._schemas[nid])
            score, why = self._adjust(entry, cmp.score, birth_year, country)
            text = cmp.explanation + why
            if cmp.transliteration:
                text += f"; transliteration: {cmp.transliteration}"
            if entry not in best or score > best[entry].score:
                best[entry] = Candidate(entry, round(score, 4), self._names[nid], text)
        ranked = sorted(best.values(), key=lambda c: (-c.score, c.entry_key))
        return [c for c in ranked if c.score >= threshold][:limit]

    def _adjust(self, entry: str, score: float, birth_year: int | None,
                country: str | None) -> tuple[float, str]:
        why = ""
        years = self._years.get(entry)
        if birth_year is not None and years:
            if any(abs(y - birth_year) <= 1 for y in years):
                score, why = min(1.0, score + 0.03), f"; birth year {birth_year} agrees"
            else:
                score, why = score * 0.85, f"; birth year {birth_year} differs"
        countries = self._countries.get(entry)
        if country and countries:
            if country.lower() in countries:
                score, why = min(1.0, score + 0.02), why + f"; country {country} agrees"
            else:
                score, why = score * 0.95, why + f"; country {country} differs"
        return score, why
