"""Possible duplicate cards: names, aliases, identifiers and birth dates, with reasons.

The screening matcher does the work (``sanctions.matching.NameIndex``: blocked by name keys,
scored by ``compare``, birth year and country as tie-breakers), with the cards of the case as
its "list", so 2,000 cards take seconds, not the hours of comparing every pair. A pair judged
not the same (``Merges.judge_pair``) is never proposed again; merged cards are gone already.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from osint_desk.core.errors import OsintDeskError
from osint_desk.core.sanctions.matching import DEFAULT_THRESHOLD, NameIndex
from osint_desk.core.sanctions.matching.index import (
    compare_listed,
    plan_keys,
    select_shortlist,
)
from osint_desk.core.sanctions.matching.keys import query_keys
from osint_desk.core.store.merges import Merge, Merges

if TYPE_CHECKING:
    from osint_desk.core.store import CaseStore

Check = Callable[[], bool]
Progress = Callable[[int, int], None]
MAX_PAIRS = 5_000
#: Candidates compared per name: the cards of one case are few, unlike a list's entries.
SHORTLIST = 20


class DuplicatesCancelled(OsintDeskError):
    """The user stopped the search for duplicates."""


@dataclass(frozen=True)
class DuplicatePair:
    a_id: str
    a_name: str
    b_id: str
    b_name: str
    score: float
    reasons: tuple[str, ...]
    #: "unsure" when someone judged the pair and could not decide; else None.
    judgement: str | None = None


def possible_duplicates(store: CaseStore, *, threshold: float = DEFAULT_THRESHOLD,
                        check: Check | None = None,
                        progress: Progress | None = None) -> list[DuplicatePair]:
    """Pairs of live cards of one type that may be the same, best first. ``check`` returning
    True stops the search (``DuplicatesCancelled``)."""
    from osint_desk.core.case_screening import card_query  # the screening's own card view

    merges = Merges(store._ctx)
    judged = _inherited(merges.judgements(), merges.list())
    queries = [card_query(card) for card in store.entities.list()]
    indexes: dict[str, _CardIndex] = {}
    by_id = {}
    numbers: dict[tuple[str, str], list[str]] = {}
    for query in queries:
        card = query.entity
        by_id[card.id] = query
        index = indexes.setdefault(card.type, _CardIndex())
        for name in query.names:
            index.add(card.id, name, schema=card.type,
                      birth_years=() if query.birth_year is None else (query.birth_year,),
                      countries=() if query.country is None else (query.country,))
        for number in query.identifiers:
            numbers.setdefault((card.type, number.casefold()), []).append(card.id)
    found: dict[tuple[str, str], DuplicatePair] = {}

    def propose(a: str, b: str, score: float, reason: str) -> None:
        key = (a, b) if a < b else (b, a)
        verdict = judged.get(key)
        if verdict == "negative" or by_id[a].entity.type != by_id[b].entity.type:
            return
        old = found.get(key)
        reasons = tuple(dict.fromkeys((*(old.reasons if old else ()), reason)))
        x, y = by_id[key[0]].entity, by_id[key[1]].entity
        found[key] = DuplicatePair(x.id, x.name, y.id, y.name,
                                   max(score, old.score if old else 0.0), reasons, verdict)

    for (_, number), cards in numbers.items():
        for i, a in enumerate(cards):
            for b in cards[i + 1:]:
                propose(a, b, 1.0, f"same identifier {number}")
    for done, query in enumerate(queries):
        if check is not None and check():
            raise DuplicatesCancelled("the search for duplicates was stopped")
        if progress is not None:
            progress(done, len(queries))
        card = query.entity
        for name in query.names:
            for other, score, reason in indexes[card.type].later_cards(
                    name, card.type, card.id, query.birth_year, query.country, threshold):
                propose(card.id, other, score, reason)
        if len(found) > MAX_PAIRS:
            break
    return sorted(found.values(), key=lambda p: (-p.score, p.a_name, p.b_name))


class _CardIndex(NameIndex):
    """The screening index over the cards of one type, asked about one pair only once."""

    def later_cards(self, name: str, schema: str, card: str, birth_year: int | None,
                    country: str | None, threshold: float) -> list[tuple[str, float, str]]:
        """(card, score, reason) for cards whose id sorts after ``card``, at or above
        ``threshold``. Each pair of names is met once, from the card whose id sorts first;
        the comparison is not symmetric (a listed name may say more than the query, a query
        may not name a country the listed name lacks), so the name that says less (fewer
        words, then fewer letters) is the query: "Bank Saderat" / "Bank Saderat Iran" is a
        query saying less, whichever card came first."""
        df = {k: len(p) for k in sorted(query_keys(name, schema))
              if (p := self._postings.get(k))}
        acc: dict[int, float] = {}
        for key, weight in plan_keys(df, df, len(self)):
            for nid in self._postings[key]:
                if self._entries[nid] > card:
                    acc[nid] = acc.get(nid, 0.0) + weight
        out = []
        for nid in select_shortlist(acc, name, self._describe, SHORTLIST):
            other = self._names[nid]
            if _says_less(other, name):
                cmp = compare_listed(other, self._schemas[nid], name, schema)
                shown = f"{other!r} ~ {name!r}"
            else:
                cmp = compare_listed(name, schema, other, self._schemas[nid])
                shown = f"{name!r} ~ {other!r}"
            score, why = self._adjust(self._entries[nid], cmp.score, birth_year, country)
            if score >= threshold:
                out.append((self._entries[nid], round(score, 4),
                            f"{shown}: {cmp.explanation}{why}"))
        return out


def _says_less(a: str, b: str) -> bool:
    """Whether name *a* says less than *b*: fewer words, or as many and fewer letters."""
    return (len(a.split()), len(a)) < (len(b.split()), len(b))


def _inherited(judged: dict[tuple[str, str], str],
               merges: list[Merge]) -> dict[tuple[str, str], str]:
    """A survivor inherits its members' judgements: A not C and A merged into B is B not C."""
    parent: dict[str, str] = {}
    for merge in reversed(merges):  # oldest first, so chains of merges resolve
        for member in merge.member_ids:
            parent[member] = merge.survivor_id

    def root(card: str) -> str:
        seen = 0
        while card in parent and seen <= len(parent):
            card, seen = parent[card], seen + 1
        return card

    out = dict(judged)
    for (a, b), verdict in judged.items():
        x, y = root(a), root(b)
        if x != y and (x, y) != (a, b):
            key = (x, y) if x < y else (y, x)
            if out.get(key) != "negative":
                out[key] = verdict
    return out
