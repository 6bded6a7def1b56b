"""Reading a case into a timeline: one query per kind of date, then plain Python.

``store/timeline_data.py`` hands back every dated record as stored; here each date becomes an
interval (``when.parse_when``), each record an item with its cards, evidence, grades and tags,
and the whole is sorted by real time. A date that cannot be placed — only a damaged or
hostile file holds one, the store refuses them on entry — becomes a ``DateProblem`` beside
the items instead of an exception, so one bad cell never costs the analyst the timeline.
Dates repeat a lot (a case's excerpts share a few thousand days), so each distinct stored
value is parsed once per read.
"""

from __future__ import annotations

import calendar
import datetime as dt
import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from operator import attrgetter
from typing import Any

from osint_desk.core.dates import Precision
from osint_desk.core.errors import ValidationError
from osint_desk.core.model import ENTITY_TYPE_LABELS, RecordKind, likelihood_words
from osint_desk.core.store.case_store import CaseStore
from osint_desk.core.store.records import Evidence
from osint_desk.core.store.timeline_data import (
    CardDateRow,
    ExcerptDateRow,
    RelationshipDateRow,
    SanctionDateRow,
    SourceRow,
    timeline_data,
)
from osint_desk.core.timeline.items import (
    DateProblem,
    ItemKind,
    Timeline,
    TimelineFilter,
    TimelineItem,
    make_item,
)
from osint_desk.core.timeline.when import When, parse_when, shown

# A card's own dates, and how its label says what happened then.
_CARD_POINTS = {"date": "{name}", "birthDate": "{name} born", "deathDate": "{name} died",
                "incorporationDate": "{name} incorporated",
                "dissolutionDate": "{name} dissolved"}


def load_timeline(store: CaseStore, keep: TimelineFilter | None = None) -> Timeline:
    """Every dated thing in the case, sorted by real time (see ``TimelineItem.sort_key``),
    optionally filtered. Seven queries at most, whatever the size of the case.

    The filter's cards and kinds are also given to the queries, so a card's own timeline,
    or the report's few kinds, read only what they show."""
    with _collector_paused():
        return _load(store, keep)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while the items are made.

    A read makes a few hundred thousand objects and no cycles, yet every 700 allocations
    start a collection, and as the heap grows they walk ever more of it: half the time of a
    large read, more in the window's fuller heap. Reference counting still frees what goes.
    The collector resumes after (the GUI then freezes the new objects out of its reach:
    ``ui/timeline/lanes.py`` ``collector_quiet``)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _load(store: CaseStore, keep: TimelineFilter | None) -> Timeline:
    data = timeline_data(store)
    cards = None if keep is None else keep.card_ids
    kinds = None if keep is None else keep.kinds

    def wanted(*which: ItemKind) -> bool:
        return kinds is None or not kinds.isdisjoint(which)

    builder = _Builder(data.taggings())
    # A source is about no card in particular: a card filter leaves its dates out.
    if cards is None and wanted(ItemKind.SOURCE_PUBLISHED, ItemKind.SOURCE_RETRIEVED):
        for source in data.sources().values():
            builder.source(source)
    if wanted(ItemKind.EXCERPT_EVENT):
        for excerpt in data.excerpt_dates(cards):
            builder.excerpt(excerpt)
    if wanted(ItemKind.CARD_DATE):
        for card in data.card_dates(cards):
            builder.card(card)
    if wanted(ItemKind.RELATIONSHIP):
        for relationship in data.relationship_dates(cards):
            builder.relationship(relationship)
    if wanted(ItemKind.SANCTION_LISTED, ItemKind.SANCTION_DELISTED):
        for sanction in data.sanction_dates(cards):
            builder.sanction(sanction)
    items = _in_time_order(builder.items)
    timeline = Timeline(tuple(items), tuple(builder.problems), data.card_names())
    return timeline if keep is None else timeline.filtered(keep)


def load_sketch(store: CaseStore, card_ids: Iterable[str] | None = None,
                ) -> tuple[list[tuple[When, tuple[str, ...]]], dict[str, str]]:
    """The dated excerpts as (date, cards) only, and the cards' names: what a view draws a
    large case's shape from (in a third of the time of ``load_timeline``) while the items
    are read. Dates that cannot be placed are left out here; ``load_timeline`` reports
    them."""
    with _collector_paused():
        data = timeline_data(store)
        wanted = None if card_ids is None else frozenset(card_ids)
        out = []
        for value, cards in data.excerpt_sketch(wanted):
            when = _parse_text(value) if type(value) is str else None
            if type(when) is When:
                out.append((when, cards))
        return out, data.card_names()


#: Distinct date texts remembered between reads. The view reads the timeline again after
#: every change, and a large case holds tens of thousands of distinct dates (each day of 30
#: years, every instant): parsing them is a third of a read. A ``When`` is immutable, so a
#: cached one is safe to share; 65,536 of them take about 15 MB.
PARSE_CACHE_SIZE = 1 << 16


@lru_cache(maxsize=PARSE_CACHE_SIZE)
def _parse_text(value: str) -> When | str:
    return _quick_when(value) or _Builder._parse(value)


_UTC = dt.UTC
_DAY_LESS_MS = dt.timedelta(days=1, milliseconds=-1)


def _quick_when(value: str) -> When | None:
    """``parse_when`` for the three plain forms most dates take ("2018", "2022-11",
    "2022-12-22"), four times faster; None for anything else (or any doubt), which the
    full parser then reads. ``tests/core/test_timeline.py`` checks both agree."""
    size = len(value)
    if size not in (4, 7, 10) or not value.isascii():
        return None
    year_text = value[:4]
    if not year_text.isdigit() or year_text in ("0000", "9999"):  # the calendar's ends:
        return None  # the full parser says what it says there
    year = int(year_text)
    if size == 4:
        return When(value, Precision.YEAR, dt.datetime(year, 1, 1, tzinfo=_UTC),
                    dt.datetime(year, 12, 31, 23, 59, 59, 999000, tzinfo=_UTC))
    if value[4] != "-" or not value[5:7].isdigit() or not 1 <= int(value[5:7]) <= 12:
        return None
    month = int(value[5:7])
    if size == 7:
        last = calendar.monthrange(year, month)[1]
        return When(value, Precision.MONTH, dt.datetime(year, month, 1, tzinfo=_UTC),
                    dt.datetime(year, month, last, 23, 59, 59, 999000, tzinfo=_UTC))
    if value[7] != "-" or not value[8:].isdigit():
        return None
    try:
        start = dt.datetime(year, month, int(value[8:]), tzinfo=_UTC)
    except ValueError:
        return None
    return When(value, Precision.DAY, start, start + _DAY_LESS_MS)


_BY_ID = attrgetter("id")
# ``TimelineItem`` from a tuple of all its fields in order, without the keyword machinery.
_new_item = tuple.__new__
_BY_TIME = attrgetter("earliest", "latest")


def _in_time_order(items: list[TimelineItem]) -> list[TimelineItem]:
    """``sorted(items, key=TimelineItem.sort_key)``, with keys made in C: by id within each
    kind, the kinds in their order, then one stable sort by time (a third of the time of
    the plain sort on a large case)."""
    by_kind: dict[ItemKind, list[TimelineItem]] = {kind: [] for kind in ItemKind}
    for item in items:
        by_kind[item.kind].append(item)
    ordered = [item for kind in ItemKind for item in sorted(by_kind[kind], key=_BY_ID)]
    ordered.sort(key=_BY_TIME)
    return ordered


def _values(raw: Any) -> list[Any]:
    """An FtM property's values: FtM makes every property a list, the app also keeps one
    value as a plain string."""
    return list(raw) if isinstance(raw, list) else [raw]


class _Builder:
    def __init__(self, tags: dict[tuple[str, str], tuple[str, ...]]) -> None:
        self.tags = tags
        self.items: list[TimelineItem] = []
        self.problems: list[DateProblem] = []
        self._parsed: dict[Any, When | str] = {}
        self._anchors: dict[str, When | None] = {}  # a source's published date, by source id

    def _when(self, kind: ItemKind, record: tuple[RecordKind, str], field: str,
              value: Any, *, report: bool = True) -> When | None:
        """The interval of a stored date; None when there is none or it cannot be placed
        (then a problem is recorded, unless another item reports the same cell)."""
        if value is None:
            return None
        if type(value) is str:  # the common case, hashable: one parse per distinct value
            cached = self._parsed.get(value)
            if cached is None:
                cached = self._parsed[value] = _parse_text(value)
        else:  # what only a hostile file holds: a number, bytes, a JSON list or object
            cached = self._parse(value)
        if isinstance(cached, When):
            return cached
        if cached and report:  # "" is a blank cell: no date, nothing wrong
            self.problems.append(DateProblem(kind, record, field, shown(value), cached))
        return None

    @staticmethod
    def _parse(value: Any) -> When | str:
        """The interval, "" for a blank value (no date), or the reason it cannot be placed."""
        if isinstance(value, str) and not value.strip():
            return ""
        try:
            return parse_when(value)
        except ValidationError as exc:
            return str(exc)

    def _tags(self, kind: str, record_id: str) -> tuple[str, ...]:
        return self.tags.get((kind, record_id), ())

    def source(self, row: SourceRow) -> None:
        record = (RecordKind.SOURCE, row.id)
        for kind, field, value in ((ItemKind.SOURCE_PUBLISHED, "published", row.published),
                                   (ItemKind.SOURCE_RETRIEVED, "retrieved", row.retrieved)):
            when = self._when(kind, record, field, value)
            if when is not None:
                self.items.append(make_item(
                    kind, row.id, when, None, text=row.title, detail=row.outlet or "",
                    field=field, card_ids=(), source_id=row.id,
                    reliability=row.reliability, tags=self._tags("source", row.id)))

    def excerpt(self, row: ExcerptDateRow) -> None:
        """The hot path (one call per dated excerpt): no more work than the item needs — a
        cached parse looked up directly, the source's date parsed once per source, the item
        made from a plain tuple (keyword arguments cost a third of the item's time)."""
        value = row.event_date
        cached = self._parsed.get(value) if type(value) is str else None
        if type(cached) is When:
            when = cached
        else:
            found = self._when(ItemKind.EXCERPT_EVENT, (RecordKind.EXCERPT, row.id),
                               "event_date", value)
            if found is None:
                return
            when = found
        cards = row.card_ids
        if row.speaker_id or row.channel_id:
            cards = tuple(dict.fromkeys(
                card for card in (*cards, row.speaker_id, row.channel_id) if card))
        source = row.source
        anchors = self._anchors
        if source.id in anchors:
            anchor = anchors[source.id]
        else:
            anchor = anchors[source.id] = self._when(
                ItemKind.SOURCE_PUBLISHED, (RecordKind.SOURCE, source.id), "published",
                source.published, report=False)
        self.items.append(_new_item(TimelineItem, (
            f"excerpt_event:{row.id}", ItemKind.EXCERPT_EVENT, when, None, when.earliest,
            when.latest, when.precision, row.quote, source.title, "event_date", cards, row.id,
            source.id, None, None, (), row.note, anchor, row.credibility, source.reliability,
            row.stance, self.tags.get(("excerpt", row.id), ()), False, "")))

    def relationship(self, row: RelationshipDateRow) -> None:
        record = (RecordKind.RELATIONSHIP, row.id)
        start = self._when(ItemKind.RELATIONSHIP, record, "start_date", row.start)
        end = self._when(ItemKind.RELATIONSHIP, record, "end_date", row.end)
        if start is None and end is None:
            return
        detail = "" if row.confidence is None else (
            f"confidence {row.confidence} % ({likelihood_words(row.confidence)})")
        self.items.append(make_item(
            ItemKind.RELATIONSHIP, row.id, start, end,
            text=f"{row.subject_name} {row.predicate} {row.object_name}", detail=detail,
            field="start_date/end_date",
            card_ids=tuple(dict.fromkeys((row.subject_id, row.object_id))),
            relationship_id=row.id, evidence=_evidence(row.evidence), note=row.note,
            tags=self._tags("relationship", row.id)))

    def sanction(self, row: SanctionDateRow) -> None:
        record = (RecordKind.SANCTION, row.id)
        listed = self._when(ItemKind.SANCTION_LISTED, record, "listed_on", row.listed_on)
        delisted = self._when(ItemKind.SANCTION_DELISTED, record, "delisted_on",
                              row.delisted_on)
        common: dict[str, Any] = {
            "card_ids": (row.entity_id,), "sanction_id": row.id,
            "evidence": _evidence(row.evidence),
            "tags": self._tags("sanction", row.id)}
        if listed is not None:
            detail = (f"{', '.join(row.programs) or 'no program given'};"
                      f" entry {row.entry_ref or '—'}")
            self.items.append(make_item(
                ItemKind.SANCTION_LISTED, row.id, listed, None,
                text=f"{row.authority} lists {row.entity_name}", detail=detail,
                field="listed_on", **common))
        if delisted is not None:
            item = make_item(ItemKind.SANCTION_DELISTED, row.id, delisted, None,
                             text=f"{row.authority} delists {row.entity_name}",
                             detail=f"status {row.status}", field="delisted_on", **common)
            if listed is not None and delisted.latest < listed.earliest:
                item = item._replace(error=True, error_reason=(
                    f"delisted ({delisted.text}) before listed ({listed.text})"))
            self.items.append(item)

    def card(self, row: CardDateRow) -> None:
        record = (RecordKind.ENTITY, row.id)
        common: dict[str, Any] = {
            "detail": ENTITY_TYPE_LABELS.get(row.type, row.type),
            "card_ids": (row.id,), "tags": self._tags("entity", row.id)}
        for prop, template in _CARD_POINTS.items():
            if prop not in row.dates:
                continue
            for number, value in enumerate(_values(row.dates[prop])):
                when = self._when(ItemKind.CARD_DATE, record, prop, value)
                if when is not None:
                    key = f"{row.id}:{prop}" + (f":{number + 1}" if number else "")
                    self.items.append(make_item(
                        ItemKind.CARD_DATE, key, when, None,
                        text=template.format(name=row.name), field=prop, **common))
        starts = _values(row.dates.get("startDate"))
        ends = _values(row.dates.get("endDate"))
        # An event's period: its first start with its first end; further values stand alone.
        for number in range(max(len(starts), len(ends))):
            start = self._when(ItemKind.CARD_DATE, record, "startDate",
                               starts[number] if number < len(starts) else None)
            end = self._when(ItemKind.CARD_DATE, record, "endDate",
                             ends[number] if number < len(ends) else None)
            if start is not None or end is not None:
                key = f"{row.id}:startDate/endDate" + (f":{number + 1}" if number else "")
                self.items.append(make_item(
                    ItemKind.CARD_DATE, key, start, end, text=row.name,
                    field="startDate/endDate", **common))


def _evidence(pairs: Iterable[tuple[str, str]]) -> tuple[Evidence, ...]:
    return tuple(Evidence(excerpt_id, role) for excerpt_id, role in pairs)
