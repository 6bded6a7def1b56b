"""The timeline's items arranged for drawing: one lane per card, in plain Python (no Qt).

Made on the task runner, next to ``load_timeline``, so the GUI thread never walks every
item: each lane keeps its items in time order, split by how long they last, with their
bounds as float seconds, so the painter finds what an exposed time range holds by
bisection (``Lane.visible``) and counts what is too dense to draw one by one
(``Lane.counts``). A lane has up to ``MAX_ROWS`` rows; the painter stacks what overlaps.
"""

from __future__ import annotations

import gc
import re
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import attrgetter

from osint_desk.core.safe_text import for_display
from osint_desk.core.timeline import Timeline, TimelineFilter, TimelineItem, When

UNGROUPED = ""  # the lane of items about no card
UNGROUPED_TITLE = "Ungrouped"
MAX_ROWS = 3  # rows an overlapping lane stacks into; more overlap shares the last one
#: Duration classes (seconds): an item is looked up among those no longer than its class,
#: so a thirty-year period does not make every look-up of a lane scan the whole lane.
CLASSES = (2 * 86_400.0, 32 * 86_400.0, 367 * 86_400.0, float("inf"))
#: Words that date an event relative to when it was said, which the analyst resolves: the
#: clear ones ("last month", "two weeks ago"), then bare weekdays ("Thursday"), which more
#: often date the saying than the event.
RELATIVE = re.compile(
    r"\b(?:(?:just\s+)?(?:last|next|this|past|previous|coming)\s+(?:week|month|year|spring"
    r"|summer|autumn|fall|winter|weekend|monday|tuesday|wednesday|thursday|friday|saturday"
    r"|sunday)|yesterday|the day before yesterday|tomorrow|tonight|earlier this \w+"
    r"|(?:a|one|two|three|four|five|six|\d+)\s+(?:days?|weeks?|months?|years?)\s+ago)\b",
    re.IGNORECASE)
WEEKDAY = re.compile(r"\b(?:on\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday"
                     r"|sunday)\b", re.IGNORECASE)


#: Objects a read must leave behind before they are frozen (a large case's read: 100,000s).
FREEZE_OVER = 50_000


@contextmanager
def collector_quiet() -> Iterator[None]:
    """Around a read on the task runner: no cyclic collection while it runs, then, when
    it made many objects, they are frozen out of the collector's reach (``gc.freeze``).

    A large timeline is a million long-lived objects (items, dates, lanes). Left to the
    collector, each full collection walks them all — 300 ms or more, with the GIL held, so
    the GUI thread stalls whichever thread collects: while the analyst zooms, or while a
    filter runs. Frozen, they are never walked again; reference counting still frees them
    when a new read replaces them (items and lanes hold no cycles). The price: a cycle
    that was garbage when frozen stays until the process ends, so a small read (a card's
    timeline, the demo) does not freeze."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if gc.get_count()[0] > FREEZE_OVER:  # tracked objects made since the last pass
            gc.freeze()
        if was_enabled:
            gc.enable()


def relative_phrase(item: TimelineItem) -> str:
    """The relative date an excerpt's event date was read from ("last month"), "" if none:
    the analyst's note names it first (it says how the date was resolved), else the words."""
    if item.excerpt_id is None:
        return ""
    for pattern in (RELATIVE, WEEKDAY):
        for text in (item.note, item.text) if pattern is RELATIVE else (item.text,):
            found = pattern.search(text)
            if found:
                return found.group(0)
    return ""


def seconds(when: When | None, cache: dict[int, tuple[float, float]]) -> tuple[float, float]:
    """A date's bounds as POSIX seconds, once per ``When`` (dates repeat a great deal)."""
    if when is None:
        return (0.0, 0.0)
    key = id(when)
    found = cache.get(key)
    if found is None:
        found = cache[key] = (when.earliest.timestamp(), when.latest.timestamp())
    return found


@dataclass
class _Class:
    """One duration class of a lane: its items in order of their earliest instant."""

    longest: float
    starts: array = field(default_factory=lambda: array("d"))
    ends: array = field(default_factory=lambda: array("d"))
    items: list[TimelineItem] = field(default_factory=list)


@dataclass
class Lane:
    """One card's (or the ungrouped) items, ready to be looked up by time."""

    key: str
    title: str
    count: int = 0
    rows: int = 1
    sketch: bool = False  # places in time only, no items yet (``build_sketch``)
    classes: list[_Class] = field(default_factory=lambda: [_Class(c) for c in CLASSES])

    def visible(self, t0: float, t1: float) -> list[tuple[float, float, TimelineItem]]:
        """(start, end, item) of every item overlapping [t0, t1], in time order within
        each duration class."""
        out: list[tuple[float, float, TimelineItem]] = []
        for cls in self.classes:
            starts, ends, items = cls.starts, cls.ends, cls.items
            if not items:
                continue
            lo = 0 if cls.longest == float("inf") else bisect_left(starts, t0 - cls.longest)
            hi = bisect_right(starts, t1)
            out.extend((starts[n], ends[n], items[n]) for n in range(lo, hi) if ends[n] >= t0)
        return out

    def estimate(self, t0: float, t1: float) -> int:
        """How many items [t0, t1] may hold (an upper bound, by bisection only)."""
        total = 0
        for cls in self.classes:
            if cls.starts:
                lo = 0 if cls.longest == float("inf") else bisect_left(
                    cls.starts, t0 - cls.longest)
                total += bisect_right(cls.starts, t1) - lo
        return total

    def counts(self, edges: Sequence[float]) -> list[int]:
        """Items starting in each bin between consecutive *edges* (too dense to draw)."""
        out = [0] * (len(edges) - 1)
        for cls in self.classes:
            if not cls.starts:
                continue
            places = [bisect_left(cls.starts, edge) for edge in edges]
            for n in range(len(out)):
                out[n] += places[n + 1] - places[n]
        return out


@dataclass
class TimelineIndex:
    """The shown items of a timeline in lanes, as one filter keeps them."""

    timeline: Timeline
    keep: TimelineFilter
    items: tuple[TimelineItem, ...]
    lanes: dict[str, Lane]
    order: list[str]  # lane keys, busiest first, the ungrouped lane last
    range: tuple[float, float] | None
    core: tuple[float, float] | None = None  # what the view first shows (see ``_core``)
    complete: bool = True  # False for a sketch: lanes of places in time, items to come
    sketched: int = 0  # how many dated excerpts a sketch places

    @property
    def shown(self) -> Timeline:
        """The timeline as filtered: what the CSV export writes."""
        return Timeline(self.items, self.timeline.problems, self.timeline.cards)


def _class_of(length: float) -> int:
    c0, c1, c2, _ = CLASSES
    return 0 if length <= c0 else 1 if length <= c1 else 2 if length <= c2 else 3


def build_index(timeline: Timeline, keep: TimelineFilter | None = None,
                first: Iterable[str] = ()) -> TimelineIndex:
    """Lanes of the items *keep* matches. *first* lanes lead (a card's own timeline);
    the others follow busiest first, then by name; the ungrouped lane comes last. One pass:
    the items come in time order, so every lane's classes do too."""
    keep = keep or TimelineFilter()
    items = tuple(keep.apply(timeline.items))
    cache: dict[int, tuple[float, float]] = {}
    lanes: dict[str, Lane] = {}
    names = timeline.cards
    high = float("-inf")
    for item in items:
        start, end = _bounds(item, cache)
        high = max(high, end)
        number = _class_of(end - start)
        for card in item.card_ids or (UNGROUPED,):
            lane = lanes.get(card)
            if lane is None:
                lane = lanes[card] = _lane(card, names)
            cls = lane.classes[number]
            cls.starts.append(start)
            cls.ends.append(end)
            cls.items.append(item)
    span = (_bounds(items[0], cache)[0], high) if items else None
    return _indexed(timeline, keep, items, lanes, first, span, _core(items, span))


def build_sketch(dates: list[tuple[When, tuple[str, ...]]], names: dict[str, str],
                 first: Iterable[str] = ()) -> TimelineIndex:
    """A first picture of a large case from ``load_sketch``: the dated excerpts' places in
    time per lane, no items — drawn as counts until ``build_index`` brings the items."""
    # A large case's excerpts share a few thousand dates (one ``When`` each): group by
    # date, sort the dates, and each lane's places come in time order with no sort of its own.
    by_date: dict[int, list[tuple[str, ...]]] = {}
    whens: dict[int, When] = {}
    for when, cards in dates:
        key = id(when)
        found = by_date.get(key)
        if found is None:
            found = by_date[key] = []
            whens[key] = when
        found.append(cards)
    # A sketch's lane is only ever drawn as counts, which need the starts alone: one
    # array per lane (its first class), no ends, no classes.
    starts: dict[str, array] = {}
    span = None
    high = float("-inf")
    for when in sorted(whens.values(), key=attrgetter("earliest")):
        start, end = when.earliest.timestamp(), when.latest.timestamp()
        if span is None:
            span = (start, start)
        high = max(high, end)
        for cards in by_date[id(when)]:
            for card in cards or (UNGROUPED,):
                found_starts = starts.get(card)
                if found_starts is None:
                    found_starts = starts[card] = array("d")
                found_starts.append(start)
    lanes: dict[str, Lane] = {}
    for card, places in starts.items():
        lane = lanes[card] = _lane(card, names)
        lane.sketch = True
        lane.classes[0].starts = places
    for lane in lanes.values():
        lane.count = sum(len(cls.starts) for cls in lane.classes)
    span = None if span is None else (span[0], high)
    index = _indexed(Timeline((), (), names), TimelineFilter(), (), lanes, first, span, span)
    index.complete = False
    index.sketched = len(dates)
    return index


def _lane(key: str, names: dict[str, str]) -> Lane:
    return Lane(key, for_display(names.get(key, "") or (
        UNGROUPED_TITLE if key == UNGROUPED else key)))


def _indexed(timeline: Timeline, keep: TimelineFilter, items: tuple[TimelineItem, ...],
             lanes: dict[str, Lane], first: Iterable[str], span: tuple[float, float] | None,
             core: tuple[float, float] | None) -> TimelineIndex:
    for lane in lanes.values():
        if not lane.sketch:
            lane.count = sum(len(cls.items) for cls in lane.classes)
        lane.rows = min(MAX_ROWS, lane.count)
    leading = [key for key in dict.fromkeys(first) if key in lanes]
    rest = sorted((key for key in lanes if key not in leading and key != UNGROUPED),
                  key=lambda key: (-lanes[key].count, lanes[key].title.casefold(), key))
    order = leading + rest + ([UNGROUPED] if UNGROUPED in lanes else [])
    return TimelineIndex(timeline, keep, items, lanes, order, span, core)


def _core(items: Sequence[TimelineItem], span: tuple[float, float] | None,
          ) -> tuple[float, float] | None:
    """Where most items are (the 5th to the 95th percentile by time), when a few far
    outliers (a birth in 1961, a capture today) would squeeze them into a sliver."""
    if span is None or len(items) < 10:
        return span
    low = items[len(items) // 20].earliest.timestamp()
    high = max(item.latest.timestamp() for item in items[len(items) // 20:
                                                         len(items) - len(items) // 20])
    return (low, high) if high - low < 0.4 * (span[1] - span[0]) else span


def _bounds(item: TimelineItem, cache: dict[int, tuple[float, float]]) -> tuple[float, float]:
    """The item's earliest and latest instants as seconds (its own dates' bounds)."""
    if item.end is None and item.start is not None:
        return seconds(item.start, cache)
    return (item.earliest.timestamp(), item.latest.timestamp())
