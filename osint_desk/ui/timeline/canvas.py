"""The widget the timeline is seen through: zoom around the mouse (wheel, +/-), pan (drag,
Shift+wheel, arrows), F to fit, lanes scrolled up and down, hover tooltips, click to select,
Ctrl+arrows (or [ ]) to the previous or next item of its lane, double-click or Enter to
open.

Not a QGraphicsView: time zooms along one axis only while lanes and labels keep their
size, and the painter (``painter.paint``) draws just the exposed range of each lane from
its index, whatever the number of items. What was drawn where is kept from the last paint
for hit tests.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt, Signal
from PySide6.QtGui import (
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QToolTip, QWidget

from osint_desk.core.timeline import TimelineItem, iso_utc
from osint_desk.ui.timeline import axis
from osint_desk.ui.timeline.lanes import UNGROUPED, TimelineIndex
from osint_desk.ui.timeline.painter import Frame, Hit, Picture, lanes_height, paint
from osint_desk.ui.timeline.style import AXIS_H, HEADER_W, Colours, font
from osint_desk.ui.timeline.text import count_tip, tooltip

ZOOM_STEP = 1.25
PAN_STEP = 0.125  # of the width, per arrow key
DRAG_SLOP = 4
LOADING = "Loading the timeline…"
NOTHING = "No dated items to show (a filter may hide them)."


class TimelineCanvas(QAbstractScrollArea):
    item_selected = Signal(object)  # TimelineItem, or None
    item_activated = Signal(object)  # TimelineItem: double-click or Enter
    lane_clicked = Signal(str)  # a lane's key (a card id, "" for ungrouped)
    zoomed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.index: TimelineIndex | None = None
        self.lanes: list[str] = []
        self.t0 = 0.0
        self.px_per_s = 1e-6
        self.selected: TimelineItem | None = None
        self.cards: frozenset[str] = frozenset()
        self.picture = Picture()
        self.labels: dict[str, tuple[str, float]] = {}  # measured labels, by item id
        self.colours = Colours.current()
        self._press: QPoint | None = None
        self._dragging = False
        self._fitted = False
        self.loading = False  # a read runs: said over an empty canvas
        self.moved = False  # the analyst zoomed or panned (a sketch's fit then stays)
        self._walking: str | None = None  # the lane Ctrl+arrows walk
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.verticalScrollBar().valueChanged.connect(self.viewport().update)
        self.viewport().setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Timeline")
        self.setMinimumSize(400, 200)

    # -- what is shown ----------------------------------------------------------------------

    def set_index(self, index: TimelineIndex | None, lanes: list[str]) -> None:
        self.index = index
        self.labels = {}  # a label's words may have changed (an edit)
        if self.selected is not None and (index is None or not any(
                item.id == self.selected.id for item in index.items)):
            self.selected = None
        self.set_lanes(lanes)
        if not self._fitted:
            self.fit(core=True)

    def set_lanes(self, lanes: list[str]) -> None:
        self.lanes = list(lanes)
        self._scroll_range()
        self.viewport().update()

    def frame(self, width: float | None = None, height: float | None = None,
              top: float | None = None) -> Frame | None:
        if self.index is None:
            return None
        view = self.viewport()
        return Frame(self.index, self.lanes, self.t0, self.px_per_s,
                     float(view.width() if width is None else width),
                     float(view.height() if height is None else height),
                     float(self.verticalScrollBar().value() if top is None else top),
                     None if self.selected is None else self.selected.id, self.cards,
                     self.labels)

    def data_width(self) -> float:
        return max(50.0, self.viewport().width() - HEADER_W)

    def visible_span(self) -> tuple[float, float]:
        return (self.t0, self.t0 + self.data_width() / self.px_per_s)

    def _scroll_range(self) -> None:
        total = 0.0 if self.index is None else lanes_height(self.index, self.lanes)
        bar = self.verticalScrollBar()
        bar.setRange(0, max(0, int(total - (self.viewport().height() - AXIS_H))))
        bar.setPageStep(max(1, self.viewport().height() - AXIS_H))
        bar.setSingleStep(24)

    # -- zoom and pan -----------------------------------------------------------------------

    def show_span(self, t0: float, t1: float) -> None:
        """Show [t0, t1] across the data area (held between two hours and five centuries)."""
        span = min(axis.MAX_SPAN, max(axis.MIN_SPAN, t1 - t0))
        middle = (t0 + t1) / 2
        self.px_per_s = self.data_width() / span
        self.t0 = middle - span / 2
        self._clamp()
        self.viewport().update()
        self.zoomed.emit()

    def fit(self, *, core: bool = False) -> None:
        """Every shown item in view (F), with a margin either side; *core* (a timeline
        just opened): where most items are, when a few outliers lie far off."""
        found = None if self.index is None else (
            self.index.core if core else self.index.range)
        if found is None:
            now = time.time()
            found = (now - axis.YEAR, now)
        low, high = found
        margin = max((high - low) * 0.03, axis.DAY)
        self._fitted = self.index is not None and self.viewport().width() > 100
        self.show_span(low - margin, high + 5 * margin)  # room for the last labels

    def zoom_by(self, factor: float, at_x: float | None = None) -> None:
        """Zoom in (factor > 1) or out, keeping the instant under *at_x* where it is."""
        self.moved = True
        x = HEADER_W + self.data_width() / 2 if at_x is None else max(HEADER_W, at_x)
        pinned = self.t0 + (x - HEADER_W) / self.px_per_s
        span = min(axis.MAX_SPAN, max(axis.MIN_SPAN, self.data_width() / self.px_per_s
                                      / factor))
        self.px_per_s = self.data_width() / span
        self.t0 = pinned - (x - HEADER_W) / self.px_per_s
        self._clamp()
        self.viewport().update()
        self.zoomed.emit()

    def pan_px(self, dx: float) -> None:
        """Move the picture *dx* pixels right (the view goes back in time)."""
        self.moved = True
        self.t0 -= dx / self.px_per_s
        self._clamp()
        self.viewport().update()

    def _clamp(self) -> None:
        """Keep some of the case in view: no panning off into empty centuries."""
        found = None if self.index is None else self.index.range
        if found is None:
            return
        span = self.data_width() / self.px_per_s
        self.t0 = min(max(self.t0, found[0] - span * 0.9), found[1] - span * 0.1)

    # -- painting ---------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self.viewport())
        frame = self.frame()
        painter.setRenderHints(QPainter.RenderHint.Antialiasing
                               | QPainter.RenderHint.TextAntialiasing)
        if frame is not None:
            self.picture = paint(painter, frame, self.colours)
        else:
            painter.fillRect(self.viewport().rect(), self.colours.background)
        if frame is None or (frame.index.complete and not frame.index.items):
            painter.setPen(self.colours.muted)
            painter.setFont(font(2))
            painter.drawText(self.viewport().rect(), Qt.AlignmentFlag.AlignCenter,
                             LOADING if self.loading or frame is None else NOTHING)
        painter.end()

    def restyle(self) -> None:
        self.colours = Colours.current()
        self.labels = {}
        self.viewport().update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        old = event.oldSize().width() - HEADER_W
        span = (max(50.0, old) / self.px_per_s) if old > 0 else None
        super().resizeEvent(event)
        self._scroll_range()
        if not self._fitted and self.index is not None:
            self.fit(core=True)
        elif span is not None:  # the same time across the new width
            self.px_per_s = self.data_width() / span

    # -- hit tests, selection ---------------------------------------------------------------

    def hit_at(self, pos: QPointF) -> Hit | None:
        """What is drawn at *pos*: of overlapping marks, the one whose middle is nearest
        (a narrow point beside a wide span stays reachable)."""
        found, best = None, float("inf")
        for hit in self.picture.hits:
            if hit.rect.adjusted(-3, -3, 3, 3).contains(pos):
                middle = hit.rect.center()
                distance = abs(middle.x() - pos.x()) + abs(middle.y() - pos.y())
                if distance <= best:  # the later drawn (on top) wins a tie
                    found, best = hit, distance
        return found

    def lane_at(self, pos: QPointF) -> str | None:
        if pos.x() > HEADER_W:
            return None
        return next((key for box, key in self.picture.headers if box.contains(pos)), None)

    def select_item(self, item: TimelineItem | None, *, announce: bool = True) -> None:
        self.selected = item
        self.viewport().update()
        if announce:
            self.item_selected.emit(item)

    def reveal(self, item: TimelineItem) -> None:
        """Bring an item into view, zooming out only when it would not fit."""
        start, end = item.earliest.timestamp(), item.latest.timestamp()
        t0, t1 = self.visible_span()
        if start >= t0 and end <= t1:
            return
        if end - start > (t1 - t0) * 0.8:
            self.show_span(start - (end - start) * 0.2, end + (end - start) * 0.2)
        else:
            self.t0 = (start + end) / 2 - (t1 - t0) / 2
            self._clamp()
            self.viewport().update()

    def reveal_lane(self, key: str) -> None:
        if self.index is None or key not in self.lanes:
            return
        top = lanes_height(self.index, self.lanes[: self.lanes.index(key)])
        bar = self.verticalScrollBar()
        if not bar.value() <= top <= bar.value() + bar.pageStep() - 40:
            bar.setValue(int(top))

    def step(self, delta: int) -> TimelineItem | None:
        """Select the next (+1) or previous (-1) item of the selected item's lane, in time
        order, and bring it into view (Ctrl+→ / Ctrl+←, ] / [)."""
        index, current = self.index, self.selected
        if index is None or current is None:
            return None
        walking = self._walking  # the lane of the last step, while the item is in it
        key = walking if walking in current.card_ids or (
            walking == UNGROUPED and not current.card_ids) else next(
            (c for c in current.card_ids if c in self.lanes), UNGROUPED)
        self._walking = key
        lane = index.lanes.get(key)
        if lane is None:
            return None
        ordered = sorted((entry for cls in lane.classes
                          for entry in zip(cls.starts, cls.ends, cls.items, strict=False)),
                         key=lambda e: (e[0], e[1]))
        place = next((n for n, e in enumerate(ordered) if e[2].id == current.id), None)
        if place is None or not 0 <= place + delta < len(ordered):
            return None
        found = ordered[place + delta][2]
        self.reveal(found)
        self.select_item(found)
        return found

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.setFocus()
        if event.button() == Qt.MouseButton.LeftButton:
            self._press, self._dragging = event.position().toPoint(), False
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is not None and event.buttons() & Qt.MouseButton.LeftButton:
            now = event.position().toPoint()
            delta = now - self._press
            if self._dragging or delta.manhattanLength() > DRAG_SLOP:
                self._dragging = True
                self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
                self.pan_px(delta.x())
                bar = self.verticalScrollBar()
                bar.setValue(bar.value() - delta.y())
                self._press = now
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._press is not None:
            if not self._dragging:
                self._click(event.position())
            self.viewport().unsetCursor()
            self._press, self._dragging = None, False
        super().mouseReleaseEvent(event)

    def _click(self, pos: QPointF) -> None:
        lane = self.lane_at(pos)
        if lane is not None:
            self.lane_clicked.emit(lane)
            return
        hit = self.hit_at(pos)
        if hit is not None:
            self._walking = hit.lane  # Ctrl+arrows go along the lane clicked in
        self.select_item(hit.item if hit is not None else None)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        hit = self.hit_at(event.position())
        if hit is not None and hit.item is not None:
            self.select_item(hit.item)
            self.item_activated.emit(hit.item)
        elif hit is not None:  # a count of dense items: zoom into them
            start, end = hit.span
            self.show_span(start - (end - start) * 20, end + (end - start) * 20)
        else:
            self.zoom_by(ZOOM_STEP ** 2, event.position().x())

    def wheelEvent(self, event: QWheelEvent) -> None:
        delta = event.angleDelta()
        shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        if delta.x() and not delta.y():
            self.pan_px(delta.x() / 2)
        elif shift:
            self.pan_px(delta.y() / 2)
        elif delta.y():
            self.zoom_by(ZOOM_STEP ** (delta.y() / 120), event.position().x())
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        width = self.data_width()
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_by(ZOOM_STEP)
        elif key == Qt.Key.Key_Minus:
            self.zoom_by(1 / ZOOM_STEP)
        elif key == Qt.Key.Key_F:
            self.fit()
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right) and self.selected is not None and (
                event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            self.step(1 if key == Qt.Key.Key_Right else -1)
        elif key in (Qt.Key.Key_BracketLeft, Qt.Key.Key_BracketRight):
            self.step(1 if key == Qt.Key.Key_BracketRight else -1)
        elif key == Qt.Key.Key_Left:
            self.pan_px(width * PAN_STEP)
        elif key == Qt.Key.Key_Right:
            self.pan_px(-width * PAN_STEP)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.selected is not None:
            self.item_activated.emit(self.selected)
        elif key == Qt.Key.Key_Escape and self.selected is not None:
            self.select_item(None)
        else:
            super().keyPressEvent(event)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            hit = self.hit_at(QPointF(event.pos()))
            if hit is None:
                QToolTip.hideText()
            elif hit.item is not None:
                index = self.index
                QToolTip.showText(event.globalPos(), tooltip(
                    hit.item, None if index is None else index.timeline), self.viewport())
            else:
                QToolTip.showText(event.globalPos(), count_tip(
                    hit.count, iso_utc(axis.moment(hit.span[0]))[:16].replace("T", " "),
                    iso_utc(axis.moment(hit.span[1]))[:16].replace("T", " ")), self.viewport())
            return True
        return super().viewportEvent(event)
