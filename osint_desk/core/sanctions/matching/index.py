"""In-memory name index: the reference implementation of candidate retrieval and ranking.

Retrieval (what a SQLite store does the same way with a ``(key, name_id)`` table):

1. ``keys = query_keys(query, schema)``: the listed names' ``name_keys`` plus the query's
   exact-name (``x:``) keys as a person, an organisation and untyped;
2. look up each key's document frequency ``df`` and keep what ``plan_keys`` returns: every
   ``x:`` key, however common, and the other keys with ``df <= MAX_POSTINGS``, each with a
   weight (rarer and pair keys weigh more, an ``x:`` key outweighs all others together);
   a key too common to fetch is not used at all (never cut to some of its names);
3. fetch the postings of the kept keys, add up the weights per name id (in key order, so the
   sums are the same floats in every store) and keep the ``SHORTLIST`` best with
   ``select_shortlist``: a name carrying an exact key always ranks above one that does not,
   and names tied at the cut are all kept when few, else chosen by something the names
   themselves say (closest length to the query, then the name, then the entry), never by
   row id, so neither import order nor list size changes the shortlist;
4. ``compare`` the query with each shortlisted name (``compare_listed``: an untyped query is
   also read as the listed name's type); best score per entry, ranked.
"""

from __future__ import annotations

import heapq
import math
import re
from array import array
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from .compare import Comparison, compare
from .keys import EXACT, name_keys, query_keys, weak_name_keys
from .normalize import normalize

DEFAULT_THRESHOLD = 0.69  # chosen on the train half of bench_matching_quality.py
MAX_POSTINGS = 3000  # a key with more names than this is too common to retrieve by
SHORTLIST = 60  # names compared in full per query (at least 5 x limit)
TIE_SLACK = 20  # names tied at the cut are all compared when at most this many are extra
EXACT_WEIGHT = 100_000.0  # more than all other keys a name can share with a query together
FALLBACK_POSTINGS = 4 * MAX_POSTINGS  # when every key is commoner than MAX_POSTINGS
_KIND_WEIGHT = {"q": 1.5, "p": 1.0, "j": 1.2, "d": 0.5}
#: The most a weak alias (reached only when typed exactly) scores: a hit, said to be weak.
WEAK_ALIAS_SCORE = 0.8
TYPE_CLASH = 0.6  # as ``compare`` scores a person against an organisation

#: ``name ids -> {name id: (listed name, entry identity)}`` for the ids still there.
Describe = Callable[[Sequence[int]], Mapping[int, tuple[str, str]]]


def plan_keys(keys: Iterable[str], df: Mapping[str, int], total: int) -> list[tuple[str, float]]:
    """Keys worth fetching, with their weights, in the order given: exact keys always, the
    others if at most ``MAX_POSTINGS`` names carry them; if none does, the rarest one if at
    most ``FALLBACK_POSTINGS`` do (all its names, ties at the cut broken by the names)."""
    out: list[tuple[str, float]] = []
    common: list[tuple[int, str]] = []
    for k in keys:
        n = df.get(k)
        if not n:
            continue
        if k.startswith(EXACT):
            out.append((k, EXACT_WEIGHT))
        elif n <= MAX_POSTINGS:
            out.append((k, math.log(1 + total / n) * _KIND_WEIGHT.get(k[0], 1.0)))
        else:
            common.append((n, k))
    if len(out) == sum(k.startswith(EXACT) for k, _w in out) and common:
        n, k = min(common)
        if n <= FALLBACK_POSTINGS:
            out.append((k, math.log(1 + total / n) * _KIND_WEIGHT.get(k[0], 1.0)))
    return out


def select_shortlist(acc: Mapping[int, float], query: str, describe: Describe,
                     limit: int = SHORTLIST) -> list[int]:
    """The *limit* name ids with the highest summed weight, best first; names tied at the cut
    are all kept when at most ``TIE_SLACK`` more, else picked by ``tie_order`` (not by id)."""
    if len(acc) <= limit + TIE_SLACK:
        return sorted(acc, key=lambda nid: (-acc[nid], nid))
    cut = heapq.nlargest(limit, acc.values())[-1]
    better = [nid for nid, w in acc.items() if w > cut]
    tied = [nid for nid, w in acc.items() if w == cut]
    need = limit - len(better)
    if len(tied) > need + TIE_SLACK:
        tied = tie_order(tied, query, describe)[:need]
    return sorted(better, key=lambda nid: (-acc[nid], nid)) + sorted(tied)


def tie_order(ids: Sequence[int], query: str, describe: Describe) -> list[int]:
    """*ids* ordered by what the names say: closest in length to *query*, then the name, then
    the entry (ids gone meanwhile last)."""
    found = describe(ids)
    size = len(query)

    def order(nid: int) -> tuple[bool, int, str, str]:
        name, entry = found.get(nid, ("", ""))
        return nid not in found, abs(len(name) - size), name, entry

    return sorted(ids, key=order)


def compare_listed(query: str, query_schema: str | None, listed: str,
                   listed_schema: str | None) -> Comparison:
    """``compare``, and for an untyped query that the listed name's type reads otherwise
    ("First Furat Trading" is "1 furat trading" as an organisation) also compared as that
    type; the better one. An untyped query may be either kind of name. A query that is the
    listed name, as normalised, scores 1.0 (``compare`` caps names of weak parts at 0.5)."""
    cmp = compare(query, listed, query_schema=query_schema, candidate_schema=listed_schema)
    if query_schema == "PublicBody" and cmp.score > 0 and _has_legal_form(listed, listed_schema):
        # A state or public body is not a company that bears its name ("Russia" and
        # "AB ROSSIYA, OAO"): a type clash, scored as one.
        score = cmp.score * TYPE_CLASH
        why = re.sub(r"^score [0-9.]+", f"score {score:.2f}", cmp.explanation)
        return Comparison(score, why + "; a public body against a company (it has a legal"
                          " form): type clash", cmp.aligned, cmp.transliteration)
    if cmp.score < 1.0 and query_schema in (None, listed_schema) and _same_name(
            query, query_schema or listed_schema, listed, listed_schema):
        return Comparison(1.0, "score 1.00; the same name as listed"
                          + (f" ({cmp.explanation})" if cmp.explanation else ""),
                          cmp.aligned, cmp.transliteration)
    if (query_schema is None and listed_schema is not None and cmp.score < 1.0
            and _tokens(query, None) != _tokens(query, listed_schema)):
        typed = compare(query, listed, query_schema=listed_schema, candidate_schema=listed_schema)
        if typed.score > cmp.score:
            return typed
    return cmp


def weak_alias(cmp: Comparison) -> Comparison:
    """A weak alias matched: capped at ``WEAK_ALIAS_SCORE``, and said."""
    return Comparison(min(cmp.score, WEAK_ALIAS_SCORE),
                      cmp.explanation + "; a weak alias (the list rates it low quality)",
                      cmp.aligned, cmp.transliteration)


def _has_legal_form(name: str, schema: str | None) -> bool:
    return any(norm.forms for norm in normalize(name, schema))


def _same_name(query: str, query_schema: str | None, listed: str,
               listed_schema: str | None) -> bool:
    """The query is the listed name (same parts in the same order, same legal forms): an
    exact match even where every part is weak evidence ("GLOBAL TRADING GROUP", "G-9")."""
    names = {(c.tokens, c.forms) for c in normalize(listed, listed_schema)}
    return any((q.tokens, q.forms) in names for q in normalize(query, query_schema))


def _tokens(name: str, schema: str | None) -> tuple[tuple[str, ...], ...]:
    return tuple(norm.tokens for norm in normalize(name, schema))


@dataclass(frozen=True)
class Candidate:
    """One screening hit: the entry, its best score and which listed name gave it."""

    entry_key: str
    score: float
    matched_name: str
    explanation: str


class NameIndex:
    """Listed names in memory, indexed by ``name_keys``; weak aliases by their exact name
    only (``weak_name_keys``)."""

    def __init__(self) -> None:
        self._names: list[str] = []
        self._entries: list[str] = []
        self._schemas: list[str | None] = []
        self._postings: dict[str, array[int]] = {}
        self._years: dict[str, set[int]] = {}
        self._countries: dict[str, set[str]] = {}
        self._weak: list[bool] = []
        self.skipped_weak = 0

    def __len__(self) -> int:
        """Strong names: what the library counts as screened (``plan_keys``'s total)."""
        return len(self._names) - self.skipped_weak

    def add(self, entry_key: str, name: str, *, schema: str | None = None,
            strength: str = "strong", birth_years: Iterable[int] = (),
            countries: Iterable[str] = ()) -> None:
        """Index one listed name of *entry_key*; a weak one is found only when typed exactly
        (``skipped_weak`` counts those kept out of fuzzy screening)."""
        self._years.setdefault(entry_key, set()).update(birth_years)
        self._countries.setdefault(entry_key, set()).update(c.lower() for c in countries)
        if not name.strip():
            return
        weak = strength == "weak"
        self.skipped_weak += weak
        nid = len(self._names)
        self._names.append(name)
        self._entries.append(entry_key)
        self._schemas.append(schema)
        self._weak.append(weak)
        for key in (weak_name_keys if weak else name_keys)(name, schema):
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
        """Name ids sharing the most (and rarest) keys with *name*; exact names first."""
        df = {k: len(p) for k in sorted(query_keys(name, schema))
              if (p := self._postings.get(k))}
        acc: dict[int, float] = {}
        get = acc.get
        for key, weight in plan_keys(df, df, len(self)):
            for nid in self._postings[key]:
                acc[nid] = get(nid, 0.0) + weight
        return select_shortlist(acc, name, self._describe)

    def _describe(self, ids: Sequence[int]) -> dict[int, tuple[str, str]]:
        return {nid: (self._names[nid], self._entries[nid]) for nid in ids}

    def query(self, name: str, *, schema: str | None = None, birth_year: int | None = None,
              country: str | None = None, limit: int = 10,
              threshold: float = DEFAULT_THRESHOLD) -> list[Candidate]:
        """Ranked candidates (best score per entry) at or above *threshold*."""
        best: dict[str, Candidate] = {}
        for nid in self.shortlist(name, schema):
            entry = self._entries[nid]
            cmp = compare_listed(name, schema, self._names[nid], self._schemas[nid])
            if self._weak[nid]:
                cmp = weak_alias(cmp)
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
