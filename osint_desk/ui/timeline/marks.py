"""The marks of one lane's items: a diamond for an exact date, a bar for a period, a span
fading at both ends for a partial date, a red hatched box for an end before its start,
and their labels. Plain marks are batched by colour into one call each."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFontMetricsF,
    QGradient,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPen,
)

from osint_desk.core.timeline import ItemKind, TimelineItem
from osint_desk.ui.timeline.frame import LABEL_CACHE, Frame, elided, is_fuzzy, item_label
from osint_desk.ui.timeline.lanes import seconds
from osint_desk.ui.timeline.style import LABEL_MAX_PX, MARK_H, POINT_R, Colours, font

GRADIENT_PX = 36  # a partial date narrower than this is drawn flat


class Marks:
    """Draws one lane's items, batching the plain ones (points, solid bars) by colour."""

    def __init__(self, painter: QPainter, frame: Frame, colours: Colours) -> None:
        self.painter, self.frame, self.colours = painter, frame, colours
        self.points: dict[str, QPainterPath] = {}
        self.bars: dict[str, list[QRectF]] = {}
        self.hazy: dict[str, list[QRectF]] = {}  # narrow partial dates, by colour
        self.lines: dict[str, list[QRectF]] = {}  # items wider than the view, by colour
        self.brushes: dict[tuple[str, bool, bool], QBrush] = {}
        self.pens: dict[str, QPen] = {}
        self.kinds: dict[ItemKind, QColor] = {}
        self.label_font = font(-1)
        self.metrics = QFontMetricsF(self.label_font)
        self.cache: dict[int, tuple[float, float]] = {}

    def item(self, item: TimelineItem, x0: float, x1: float, y: float) -> float:
        """Draw the item's mark; returns where the mark ends on the right."""
        colour = self._colour(item)
        if item.error:
            return self._error(item, x0, x1, y)
        if item.is_period:
            right = self._period(item, colour, y)
        elif is_fuzzy(item.start):
            right = self._fuzzy(x0, x1, y, colour)
        elif x1 - x0 > 2 * POINT_R:  # a day seen at hours
            self.bars.setdefault(colour.name(), []).append(QRectF(x0, y, x1 - x0, MARK_H))
            right = x1
        else:
            middle = (x0 + x1) / 2
            path = self.points.setdefault(colour.name(), QPainterPath())
            cy = y + MARK_H / 2
            path.moveTo(middle, cy - POINT_R)
            path.lineTo(middle + POINT_R, cy)
            path.lineTo(middle, cy + POINT_R)
            path.lineTo(middle - POINT_R, cy)
            path.closeSubpath()
            right = middle + POINT_R
        if item.id == self.frame.selected:
            self._outline(QRectF(min(x0, right - 2 * POINT_R) - 3, y - 3,
                                 max(right - x0, 2 * POINT_R) + 6, MARK_H + 6))
        return right

    def _outline(self, rect: QRectF) -> None:
        self.flush()
        self.painter.setBrush(Qt.BrushStyle.NoBrush)
        self.painter.setPen(QPen(self.colours.selected, 2.5))
        self.painter.drawRoundedRect(rect, 3, 3)

    def _fuzzy(self, x0: float, x1: float, y: float, colour: QColor,
               fade_left: bool = True, fade_right: bool = True) -> float:
        """A partial date: the whole interval it names, solid at the middle and fading
        to nothing at both ends, inside a dashed outline. A narrow one (far out) is a flat
        translucent box, batched: its fading would not show."""
        x1 = max(x1, x0 + 2 * POINT_R)
        rect = QRectF(x0, y, x1 - x0, MARK_H)
        name = colour.name()
        if x1 - x0 < GRADIENT_PX:
            self.hazy.setdefault(name, []).append(rect)
            return x1
        key = (name, fade_left, fade_right)
        brush = self.brushes.get(key)
        if brush is None:  # one gradient per look, laid over each box (object mode)
            gradient = QLinearGradient(0.0, 0.0, 1.0, 0.0)
            gradient.setCoordinateMode(QGradient.CoordinateMode.ObjectMode)
            solid, clear = QColor(colour), QColor(colour)
            solid.setAlpha(150)
            clear.setAlpha(10)
            gradient.setColorAt(0.0, clear if fade_left else solid)
            gradient.setColorAt(0.3, solid)
            gradient.setColorAt(0.7, solid)
            gradient.setColorAt(1.0, clear if fade_right else solid)
            brush = self.brushes[key] = QBrush(gradient)
        painter = self.painter
        painter.setBrush(brush)
        painter.setPen(self._dashed(colour))
        painter.drawRect(rect)
        return x1

    def _dashed(self, colour: QColor) -> QPen:
        pen = self.pens.get(colour.name())
        if pen is None:
            pen = self.pens[colour.name()] = QPen(colour, 1, Qt.PenStyle.DashLine)
        return pen

    def _colour(self, item: TimelineItem) -> QColor:
        found = self.kinds.get(item.kind)
        if found is None:
            found = self.kinds[item.kind] = self.colours.kind(item.kind)
        return found

    def _period(self, item: TimelineItem, colour: QColor, y: float) -> float:
        """A period: solid where it surely runs, fuzzy over the uncertain parts of its ends,
        and an open end fading out."""
        frame = self.frame
        start = seconds(item.start, self.cache) if item.start else None
        end = seconds(item.end, self.cache) if item.end else None
        known = start or end or (0.0, 0.0)
        left = frame.x((start or known)[1] if start else known[0])
        right = frame.x((end or known)[0] if end else known[1])
        if start is not None and is_fuzzy(item.start):
            self._fuzzy(frame.x(start[0]), left, y, colour, fade_right=False)
        elif start is None:
            self._fuzzy(left - 24, left, y, colour, fade_right=False)  # "until": open start
        if right > left:
            self.bars.setdefault(colour.name(), []).append(QRectF(left, y, right - left,
                                                                  MARK_H))
        if end is not None and is_fuzzy(item.end):
            return self._fuzzy(right, frame.x(end[1]), y, colour, fade_left=False)
        if end is None:  # "from 2018": runs on, nobody said until when
            return self._fuzzy(right, right + 24, y, colour, fade_left=False)
        return max(right, left + 2)

    def _error(self, item: TimelineItem, x0: float, x1: float, y: float) -> float:
        """An item whose end is before its start: a red hatched box and a "!" mark."""
        self.flush()
        painter, colour = self.painter, self.colours.error
        x1 = max(x1, x0 + 2 * POINT_R)
        rect = QRectF(x0, y, x1 - x0, MARK_H)
        painter.setPen(QPen(colour, 1.5))
        painter.setBrush(QBrush(colour, Qt.BrushStyle.BDiagPattern))
        painter.drawRect(rect)
        badge = QRectF(x0 - 7, y + MARK_H / 2 - 7, 14, 14)
        painter.setBrush(colour)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawEllipse(badge)
        painter.setPen(QColor("white"))
        painter.setFont(font(-2, bold=True))
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, "!")
        if item.id == self.frame.selected:
            self._outline(rect.adjusted(-3, -3, 3, 3))
        return x1

    def extent(self, item: TimelineItem, x0: float, x1: float) -> tuple[float, float]:
        """Where the item's mark will reach, left and right (before drawing it)."""
        if item.is_period and not item.error:
            open_end = 24.0 if item.end is None else 0.0
            open_start = 24.0 if item.start is None else 0.0
            return x0 - open_start, max(x1 + open_end, x0 + 2)
        if item.error or is_fuzzy(item.start) or x1 - x0 > 2 * POINT_R:
            return x0 - (7 if item.error else 0), max(x1, x0 + 2 * POINT_R)
        middle = (x0 + x1) / 2
        return middle - POINT_R, middle + POINT_R

    def measure(self, item: TimelineItem) -> tuple[str, float]:
        """The label and its width, kept between pictures (panning redraws the same)."""
        cache = self.frame.labels
        found = cache.get(item.id)
        if found is None:
            if len(cache) > LABEL_CACHE:
                cache.clear()
            text = elided(self.metrics, item_label(item), LABEL_MAX_PX)
            found = cache[item.id] = (text, self.metrics.horizontalAdvance(text))
        return found

    def label(self, item: TimelineItem, text: str, width: float, x: float, y: float) -> None:
        if not text:
            return
        painter = self.painter
        self.flush()
        painter.fillRect(QRectF(x - 2, y, width + 4, MARK_H), self.colours.label_back)
        painter.setFont(self.label_font)
        painter.setPen(self.colours.error if item.error else self.colours.text)
        painter.drawText(QPointF(x, y + (MARK_H + self.metrics.ascent()
                                          - self.metrics.descent()) / 2), text)

    def line(self, item: TimelineItem, rect: QRectF) -> None:
        """An item wider than the view in a crowded lane: a thin line (batched)."""
        colour = self.colours.error if item.error else self._colour(item)
        self.lines.setdefault(colour.name(), []).append(rect)

    def flush(self) -> None:
        """Draw the batched marks (before anything that must lie over them)."""
        painter = self.painter
        for name, rects in self.hazy.items():
            colour = QColor(name)
            painter.setPen(self._dashed(colour))
            colour.setAlpha(110)
            painter.setBrush(colour)
            painter.drawRects(rects)
        painter.setPen(Qt.PenStyle.NoPen)
        for name, rects in self.bars.items():
            painter.setBrush(QColor(name))
            painter.drawRects(rects)
        for name, rects in self.lines.items():
            colour = QColor(name)
            colour.setAlpha(190)
            painter.setBrush(colour)
            painter.drawRects(rects)
        painter.setPen(QPen(self.colours.background, 1))  # a point stands out on a span
        for name, path in self.points.items():
            painter.setBrush(QColor(name))
            painter.drawPath(path)
        self.hazy, self.bars, self.points, self.lines = {}, {}, {}, {}
