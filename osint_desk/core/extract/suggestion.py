"""What a suggestion is, and how overlapping ones are reduced to the best per span.

A suggestion is computed from a source's text and never stored; its ``id`` (source, start,
end, kind) is stable across runs, so a command line can name it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, replace

from osint_desk.core.extract.gazetteer import fold_name

KINDS = ("person", "organization", "company", "public_body", "place", "email", "phone", "url",
         "iban", "crypto_wallet", "imo", "mmsi", "aircraft_registration", "money", "date")
#: The FtM schema a card made from a suggestion of this kind gets.
CARD_TYPES = {"person": "Person", "organization": "Organization", "company": "Company",
              "public_body": "PublicBody", "place": "Address"}
NAME_KINDS = frozenset(CARD_TYPES)
#: Where a suggestion came from, best first: it decides which one wins an overlap.
ORIGINS = ("card", "list", "place", "pattern", "heuristic")


@dataclass(frozen=True, slots=True)
class Suggestion:
    """``text == source.text[start:end]``; ``key`` is the folded text judgements remember."""

    source_id: str
    start: int
    end: int
    text: str
    kind: str
    key: str
    reason: str
    confidence: float
    card_type: str | None
    origin: str
    entity_id: str | None = None
    value: str | None = None  # a resolved date, an amount, a normalised number

    @property
    def id(self) -> str:
        return suggestion_id(self.source_id, self.start, self.end, self.kind)


def suggestion_id(source_id: str, start: int, end: int, kind: str) -> str:
    return f"{source_id}:{start}:{end}:{kind}"


def norm_key(text: str) -> str:
    """The comparison key of a suggested text: folded like card names are."""
    return fold_name(text)


def make(source_id: str, text: str, start: int, end: int, kind: str, reason: str,
         confidence: float, origin: str, *, entity_id: str | None = None,
         value: str | None = None, card_type: str | None = None) -> Suggestion:
    span = text[start:end]
    return Suggestion(source_id, start, end, span, kind, norm_key(span), reason, confidence,
                      card_type or CARD_TYPES.get(kind), origin, entity_id, value)


def _rank(item: Suggestion) -> tuple[int, float, int]:
    return (ORIGINS.index(item.origin), -item.confidence, item.start - item.end)


def resolve_overlaps(items: Iterable[Suggestion]) -> list[Suggestion]:
    """Keep the best suggestion per span: an overlapped one yields to a better origin (card >
    list > place > pattern > heuristic), then to higher confidence, then to the longer span.
    Two suggestions of one card on touching spans stay apart (each is its own mention)."""
    kept: list[Suggestion] = []
    starts: list[int] = []
    ends: list[int] = []  # the kept spans, disjoint, in order: both lists stay sorted
    for item in sorted(items, key=_rank):
        slot = bisect_right(starts, item.start)
        if slot and ends[slot - 1] > item.start:
            continue
        if slot < len(starts) and starts[slot] < item.end:
            continue
        starts.insert(slot, item.start)
        ends.insert(slot, item.end)
        kept.append(item)
    kept.sort(key=lambda s: (s.start, s.end))
    return kept


def with_reason(item: Suggestion, reason: str) -> Suggestion:
    return replace(item, reason=reason)
