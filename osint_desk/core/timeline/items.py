"""What a timeline is made of: items, the dates that could not be placed, and filters.

Plain frozen values, so the timeline view, its Qt model, the report and the CSV export share
one reading of the case and a filter chosen in the view means the same thing in an export.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, NamedTuple

from osint_desk.core.dates import Precision
from osint_desk.core.model import RecordKind
from osint_desk.core.store.records import Evidence
from osint_desk.core.timeline.when import When, coarser, span_text, when_text


class ItemKind(StrEnum):
    """Where a date comes from. The order is the tie-break of items at the same time: a
    source is published before what it reports is read, and captured last."""

    SOURCE_PUBLISHED = "source_published"
    EXCERPT_EVENT = "excerpt_event"
    CARD_DATE = "card_date"
    RELATIONSHIP = "relationship"
    SANCTION_LISTED = "sanction_listed"
    SANCTION_DELISTED = "sanction_delisted"
    SOURCE_RETRIEVED = "source_retrieved"


KIND_LABELS: dict[ItemKind, str] = {
    ItemKind.SOURCE_PUBLISHED: "Source published",
    ItemKind.EXCERPT_EVENT: "Event (excerpt)",
    ItemKind.CARD_DATE: "Card date",
    ItemKind.RELATIONSHIP: "Relationship period",
    ItemKind.SANCTION_LISTED: "Listing",
    ItemKind.SANCTION_DELISTED: "Delisting",
    ItemKind.SOURCE_RETRIEVED: "Source captured",
}
_KIND_ORDER = {kind: number for number, kind in enumerate(ItemKind)}
#: How long a label may be; the whole text stays in ``TimelineItem.text``.
LABEL_CHARS = 120
_UNEVEN_SPACE = re.compile(r"\s\s|[^\S ]|^\s")  # two in a row, a line break or tab, leading


def short_line(text: str, width: int = LABEL_CHARS) -> str:
    """One line of at most *width* characters. Most quotes are longer than a label and
    have single spaces only: those are cut without splitting them into words."""
    head = text[:width]
    if len(text) > width and not _UNEVEN_SPACE.search(head):
        return head[: width - 1] + "…"
    line = " ".join(text[: width + 40].split())
    return line if len(line) <= width and len(text) <= width + 40 else line[: width - 1] + "…"


class TimelineItem(NamedTuple):
    """One dated thing. A point has ``start`` only; a period (a relationship, an event with
    start and end dates) has either end or both; ``earliest``/``latest`` bound everything
    it may mean, and are what items sort and filter by.

    ``error`` marks a period whose end is certainly before its start (i2 flags these rather
    than hiding them); ``error_reason`` says why.

    A named tuple rather than a frozen dataclass: as immutable, and made five times faster,
    which on a 100,000-excerpt case is most of the time the view waits to open."""

    id: str  # "<kind>:<record id>[:<property>]", unique and stable across reads
    kind: ItemKind
    start: When | None
    end: When | None
    earliest: dt.datetime
    latest: dt.datetime
    precision: Precision  # of the vaguer end
    text: str  # an excerpt's quote; else what happened, "OFAC lists Wagner Group"
    detail: str  # a second line: source title, programs and entry, confidence...
    field: str  # where the date is kept: "event_date", "published", "start_date/end_date"...
    card_ids: tuple[str, ...]  # cards the item is about, its lanes; () is "ungrouped"
    excerpt_id: str | None = None
    source_id: str | None = None
    relationship_id: str | None = None
    sanction_id: str | None = None
    evidence: tuple[Evidence, ...] = ()  # excerpts cited for a relationship or a listing
    note: str = ""  # the analyst's note: how a relative date ("last month") was resolved
    anchor: When | None = None  # an excerpt's source date, what "last month" is relative to
    credibility: int | None = None
    reliability: str | None = None
    stance: str | None = None
    tags: tuple[str, ...] = ()
    error: bool = False
    error_reason: str = ""

    @property
    def label(self) -> str:
        """One line of plain text, at most ``LABEL_CHARS`` (made when shown, not for every
        item of a large case)."""
        return short_line(self.text)

    @property
    def quote(self) -> str:
        """The exact words of an excerpt's item, "" for other kinds."""
        return self.text if self.kind is ItemKind.EXCERPT_EVENT else ""

    @property
    def record(self) -> tuple[RecordKind, str]:
        """What a click opens: the excerpt, relationship, sanctions record, source or card."""
        if self.excerpt_id is not None:
            return (RecordKind.EXCERPT, self.excerpt_id)
        if self.relationship_id is not None:
            return (RecordKind.RELATIONSHIP, self.relationship_id)
        if self.sanction_id is not None:
            return (RecordKind.SANCTION, self.sanction_id)
        if self.source_id is not None:
            return (RecordKind.SOURCE, self.source_id)
        return (RecordKind.ENTITY, self.card_ids[0] if self.card_ids else "")

    @property
    def is_period(self) -> bool:
        return self.kind is ItemKind.RELATIONSHIP or self.end is not None

    def date_text(self) -> str:
        """The item's date as a reader should see it: "2018 (year only)", or a period's
        "from 2022-11 (month only)", "2018 (year only) – 2022-12-22"."""
        if self.is_period or self.start is None:
            return span_text(self.start, self.end)
        return when_text(self.start)

    def sort_key(self) -> tuple[dt.datetime, dt.datetime, int, str]:
        """Real time first (earliest, then latest), then kind, then id: a stable order."""
        return (self.earliest, self.latest, _KIND_ORDER[self.kind], self.id)


def make_item(kind: ItemKind, key: str, start: When | None, end: When | None,
              **rest: Any) -> TimelineItem:
    """An item with its bounds, precision and error flag worked out from its dates; its id
    is ``<kind>:<key>`` (the record's id, and the property for a card's own dates)."""
    ends = [when for when in (start, end) if when is not None]
    if not ends:
        raise ValueError("a timeline item needs a date")
    error = start is not None and end is not None and end.latest < start.earliest
    precision = ends[0].precision if len(ends) == 1 else coarser(ends[0].precision,
                                                                 ends[1].precision)
    reason = (f"ends ({end.text}) before it starts ({start.text})"
              if error and start is not None and end is not None else "")
    return TimelineItem(
        id=f"{kind.value}:{key}", kind=kind, start=start, end=end,
        earliest=min(w.earliest for w in ends), latest=max(w.latest for w in ends),
        precision=precision, error=error, error_reason=reason, **rest)


@dataclass(frozen=True, slots=True)
class DateProblem:
    """A stored date the timeline could not place (a hostile or damaged file): shown to the
    analyst in a list beside the timeline, and in the CSV export, never silently dropped."""

    kind: ItemKind
    record: tuple[RecordKind, str]
    field: str
    value: str  # the stored value, quoted and bounded for display
    reason: str


@dataclass(frozen=True, slots=True)
class TimelineFilter:
    """What to keep. ``None`` means "any"; a set keeps the items whose value is in it.

    ``card_ids`` keeps items about any of those cards (mentioned, speaking, channel, either
    end of a relationship, the listed card); ``tags`` items whose own record carries any of
    the tags (case-insensitive). Grades and stance belong to excerpts (``reliability`` also
    to sources); ``None`` in their set keeps the items without one, so
    ``credibilities={1, 2}`` alone shows only well-graded excerpts."""

    card_ids: frozenset[str] | None = None
    tags: frozenset[str] | None = None
    kinds: frozenset[ItemKind] | None = None
    reliabilities: frozenset[str | None] | None = None
    credibilities: frozenset[int | None] | None = None
    stances: frozenset[str | None] | None = None
    _tag_keys: frozenset[str] | None = field(default=None, init=False, repr=False,
                                             compare=False)

    def __post_init__(self) -> None:
        keys = None if self.tags is None else frozenset(t.casefold() for t in self.tags)
        object.__setattr__(self, "_tag_keys", keys)

    @classmethod
    def of(cls, *, card_ids: Iterable[str] | None = None, tags: Iterable[str] | None = None,
           kinds: Iterable[ItemKind | str] | None = None,
           reliabilities: Iterable[str | None] | None = None,
           credibilities: Iterable[int | None] | None = None,
           stances: Iterable[str | None] | None = None) -> TimelineFilter:
        """A filter from any iterables (a list from a checkbox menu, a tuple...)."""
        return cls(
            card_ids=None if card_ids is None else frozenset(card_ids),
            tags=None if tags is None else frozenset(tags),
            kinds=None if kinds is None else frozenset(ItemKind(k) for k in kinds),
            reliabilities=None if reliabilities is None else frozenset(reliabilities),
            credibilities=None if credibilities is None else frozenset(credibilities),
            stances=None if stances is None else frozenset(stances))

    @property
    def is_empty(self) -> bool:
        """Keeps everything."""
        return all(value is None for value in (
            self.card_ids, self.tags, self.kinds, self.reliabilities, self.credibilities,
            self.stances))

    def matches(self, item: TimelineItem) -> bool:
        if self.kinds is not None and item.kind not in self.kinds:
            return False
        if self.card_ids is not None and self.card_ids.isdisjoint(item.card_ids):
            return False
        if self._tag_keys is not None and not any(
                tag.casefold() in self._tag_keys for tag in item.tags):
            return False
        if self.reliabilities is not None and item.reliability not in self.reliabilities:
            return False
        if self.credibilities is not None and item.credibility not in self.credibilities:
            return False
        return self.stances is None or item.stance in self.stances

    def apply(self, items: Iterable[TimelineItem]) -> list[TimelineItem]:
        """The items kept, in their order."""
        if self.is_empty:
            return list(items)
        return [item for item in items if self.matches(item)]


def time_range(items: Iterable[TimelineItem]) -> tuple[dt.datetime, dt.datetime] | None:
    """From the earliest to the latest instant any item may mean; None without items."""
    earliest: dt.datetime | None = None
    latest: dt.datetime | None = None
    for item in items:
        if earliest is None or item.earliest < earliest:
            earliest = item.earliest
        if latest is None or item.latest > latest:
            latest = item.latest
    return None if earliest is None or latest is None else (earliest, latest)


@dataclass(frozen=True, slots=True)
class Timeline:
    """The case's dated items in time order, the dates that could not be placed, and the
    names of the live cards (lanes, labels, CSV cells)."""

    items: tuple[TimelineItem, ...]
    problems: tuple[DateProblem, ...] = ()
    cards: dict[str, str] = field(default_factory=dict)

    def filtered(self, keep: TimelineFilter) -> Timeline:
        """The same timeline with only the items *keep* matches (problems all kept)."""
        return Timeline(tuple(keep.apply(self.items)), self.problems, self.cards)

    def range(self) -> tuple[dt.datetime, dt.datetime] | None:
        return time_range(self.items)

    def card_names(self, item: TimelineItem) -> tuple[str, ...]:
        return tuple(self.cards.get(card, "") for card in item.card_ids)
