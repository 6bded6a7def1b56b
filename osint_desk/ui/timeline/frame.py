"""What one picture of the timeline shows (``Frame``), where it drew what (``Hit``,
``Picture``), and the words beside a mark: shared by the painter, the marks, the canvas and
the exports."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFontMetricsF

from osint_desk.core.safe_text import for_display
from osint_desk.core.timeline import TimelineItem, When
from osint_desk.ui.timeline.lanes import Lane, TimelineIndex, relative_phrase
from osint_desk.ui.timeline.style import HEADER_W, LANE_PAD, ROW_H


@dataclass
class Frame:
    """What one picture shows: which lanes, from when, at what zoom, what is selected."""

    index: TimelineIndex
    lanes: list[str]  # the shown lanes, top to bottom
    t0: float  # POSIX seconds at the left edge of the data area
    px_per_s: float
    width: float
    height: float
    top: float = 0.0  # lanes scrolled up by this many pixels
    selected: str | None = None  # an item's id
    cards: frozenset[str] = frozenset()  # selected cards: their lanes are highlighted
    labels: dict[str, tuple[str, float]] = field(default_factory=dict)  # measured labels

    @property
    def t1(self) -> float:
        return self.t0 + max(1.0, self.width - HEADER_W) / self.px_per_s

    def x(self, t: float) -> float:
        return HEADER_W + (t - self.t0) * self.px_per_s

    def time_at(self, x: float) -> float:
        return self.t0 + (x - HEADER_W) / self.px_per_s


LABEL_CACHE = 20_000


@dataclass
class Hit:
    """Where something was drawn: an item, or a count of items too dense to draw."""

    rect: QRectF
    lane: str
    item: TimelineItem | None = None
    count: int = 0
    span: tuple[float, float] = (0.0, 0.0)


@dataclass
class Picture:
    hits: list[Hit] = field(default_factory=list)
    headers: list[tuple[QRectF, str]] = field(default_factory=list)  # lane name boxes
    labels: list[QRectF] = field(default_factory=list)  # where item labels were drawn
    badges: list[QRectF] = field(default_factory=list)  # the "+N" of stacked marks


def lane_height(lane: Lane) -> float:
    return 2 * LANE_PAD + max(1, lane.rows) * ROW_H


def lanes_height(index: TimelineIndex, keys: list[str]) -> float:
    return sum(lane_height(index.lanes[key]) for key in keys if key in index.lanes)


def elided(metrics: QFontMetricsF, text: str, width: float) -> str:
    return metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)


def is_fuzzy(when: When | None) -> bool:
    return when is not None and (when.is_partial or when.zone_unknown)


def item_label(item: TimelineItem) -> str:
    """What is written beside a mark: "c. 2018" first for a partial date, then the words."""
    when = item.start or item.end
    if item.is_period:
        ends = f"{item.start.text if item.start else ''}–{item.end.text if item.end else ''}"
        fuzzy = is_fuzzy(item.start) or is_fuzzy(item.end)
        return for_display(f"c. {ends}  {item.label}" if fuzzy else item.label)
    date = f"c. {when.text}" if is_fuzzy(when) and when else ""
    phrase = relative_phrase(item)
    if phrase:  # the analyst's reading of "last month", shown as such
        date = f"{date or when.text if when else ''} (“{phrase.lower()}”)"
    return for_display(f"{date}  {item.label}" if date else item.label)
