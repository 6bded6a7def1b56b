"""One picture of the timeline: axis, lanes and the marks of the exposed time range.

The canvas and the PNG/SVG exports draw through ``paint``; nothing here keeps a Qt object
per item. A lane draws only the items its index finds in the exposed range; one too dense
to draw item by item (more than one per ``style.DENSE_PX`` pixels) draws how many items
each few pixels hold instead, and so does a sketch's lane (no items yet). The marks
themselves are ``marks.Marks``. ``paint`` returns where it drew what, for hover, clicks
and tooltips.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen

from osint_desk.core.timeline import ItemKind, TimelineItem
from osint_desk.ui.timeline import axis
from osint_desk.ui.timeline.frame import (
    Frame,
    Hit,
    Picture,
    elided,
    item_label,
    lane_height,
    lanes_height,
)
from osint_desk.ui.timeline.lanes import Lane
from osint_desk.ui.timeline.marks import Marks
from osint_desk.ui.timeline.style import (
    AXIS_H,
    DENSE_PX,
    HEADER_W,
    LABELS_UP_TO,
    LANE_PAD,
    MARK_H,
    ROW_H,
    Colours,
    font,
)

BACKDROP = 0.6  # of the view's width: wider items in a crowded lane are drawn as lines
STACKED = 2  # _place's "side" for a mark that found no free row

#: The narrowest label drawn before a mark (cut to fit); below it, none.
MIN_LEFT_LABEL = 60.0

__all__ = ["Frame", "Hit", "Picture", "item_label", "lanes_height", "paint"]


def paint(painter: QPainter, frame: Frame, colours: Colours) -> Picture:
    """Draw *frame*; returns the boxes of what was drawn (lanes' names, items, counts)."""
    picture = Picture()
    painter.fillRect(QRectF(0, 0, frame.width, frame.height), colours.background)
    step = axis.step_for(frame.px_per_s)
    ticks = [axis.posix(at) for at in axis.calendar_ticks(step[0], step[1], frame.t0,
                                                          frame.t1)]
    y = AXIS_H - frame.top
    shown: list[tuple[Lane, float]] = []
    for number, key in enumerate(frame.lanes):
        lane = frame.index.lanes.get(key)
        if lane is None:
            continue
        height = lane_height(lane)
        if y + height >= AXIS_H and y <= frame.height:
            band = QRectF(HEADER_W, y, frame.width - HEADER_W, height)
            if key in frame.cards:
                painter.fillRect(band, colours.selected_lane)
            elif number % 2:
                painter.fillRect(band, colours.band)
            shown.append((lane, y))
        y += height
    painter.setPen(QPen(colours.grid, 1))
    smooth = painter.testRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)  # straight lines, cheaper
    for t in ticks:
        x = frame.x(t)
        if x >= HEADER_W:
            painter.drawLine(QPointF(x, AXIS_H), QPointF(x, frame.height))
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, smooth)
    painter.save()
    painter.setClipRect(QRectF(HEADER_W, AXIS_H, frame.width - HEADER_W,
                               frame.height - AXIS_H))
    unplaced: dict[str, int] = {}  # "+N" badges with no room in their lane
    for lane, top in shown:
        count = _draw_lane(painter, frame, colours, lane, top, picture)
        if count:
            unplaced[lane.key] = count
    painter.restore()
    _draw_headers(painter, frame, colours, shown, picture)
    below_name = LANE_PAD + QFontMetricsF(font(bold=True)).height() - 3
    for lane, top in shown:  # right of the header's "N items"
        if lane.key in unplaced:
            count = unplaced[lane.key]
            _stacked_badge(painter, picture, colours, count, QPointF(
                HEADER_W - 8 - _badge_width(count), top + below_name))
    _draw_axis(painter, frame, colours, step, ticks)
    return picture


def _draw_headers(painter: QPainter, frame: Frame, colours: Colours,
                  shown: list[tuple[Lane, float]], picture: Picture) -> None:
    painter.save()
    painter.setClipRect(QRectF(0, AXIS_H, HEADER_W, frame.height - AXIS_H))
    painter.fillRect(QRectF(0, AXIS_H, HEADER_W, frame.height - AXIS_H), colours.header)
    name_font, count_font = font(bold=True), font(-1.5)
    names, counts = QFontMetricsF(name_font), QFontMetricsF(count_font)
    for lane, top in shown:
        box = QRectF(0, top, HEADER_W, lane_height(lane))
        if lane.key in frame.cards:
            painter.fillRect(box, colours.selected_lane)
        painter.setPen(QPen(colours.grid, 1))
        painter.drawLine(box.bottomLeft(), QPointF(frame.width, box.bottom()))
        painter.setFont(name_font)
        painter.setPen(colours.text)
        painter.drawText(QPointF(10, top + LANE_PAD + names.ascent()),
                         elided(names, lane.title, HEADER_W - 18))
        painter.setFont(count_font)
        painter.setPen(colours.muted)
        words = f"{lane.count} item" + ("" if lane.count == 1 else "s")
        painter.drawText(QPointF(10, top + LANE_PAD + names.height() + counts.ascent()), words)
        picture.headers.append((box, lane.key))
    painter.restore()
    painter.setPen(QPen(colours.muted, 1))
    painter.drawLine(QPointF(HEADER_W, AXIS_H), QPointF(HEADER_W, frame.height))


def _draw_axis(painter: QPainter, frame: Frame, colours: Colours,
               step: tuple[str, int, float], ticks: list[float]) -> None:
    painter.fillRect(QRectF(0, 0, frame.width, AXIS_H), colours.header)
    painter.setPen(QPen(colours.muted, 1))
    painter.drawLine(QPointF(0, AXIS_H), QPointF(frame.width, AXIS_H))
    tick_font, context_font = font(-0.5), font(-0.5, bold=True)
    metrics = QFontMetricsF(tick_font)
    unit, count, _length = step
    painter.setFont(tick_font)
    for t in ticks:
        x = frame.x(t)
        if x < HEADER_W - 1:
            continue
        painter.setPen(QPen(colours.muted, 1))
        painter.drawLine(QPointF(x, AXIS_H - 8), QPointF(x, AXIS_H))
        painter.setPen(colours.text)
        painter.drawText(QPointF(x + 4, AXIS_H - 10), axis.label(unit, count, axis.moment(t)))
    context = axis.context_unit(unit)
    painter.setFont(context_font)
    painter.setPen(colours.text)
    if context is not None:
        marks = [axis.posix(at) for at in axis.calendar_ticks(context, 1, frame.t0, frame.t1)]
        places = [max(HEADER_W + 4, frame.x(t) + 4) for t in marks]
        for n, t in enumerate(marks):
            x = places[n]
            room = (places[n + 1] if n + 1 < len(places) else frame.width) - x - 8
            if x < frame.width and room > 20:
                painter.drawText(QPointF(x, metrics.ascent() + 6),
                                 elided(metrics, axis.context_label(context,
                                                                     axis.moment(t)), room))
    painter.setPen(colours.muted)
    painter.drawText(QPointF(10, metrics.ascent() + 6), "UTC")
    painter.drawText(QPointF(10, AXIS_H - 10),
                     f"{axis.span_words(frame.t1 - frame.t0)} shown")


def _draw_lane(painter: QPainter, frame: Frame, colours: Colours, lane: Lane, top: float,
               picture: Picture) -> int:
    """Draw one lane's items; returns how many marks were stacked without a place in the
    lane for their "+N" (the header shows it then), else 0."""
    t0, t1 = frame.t0, frame.t1
    limit = (frame.width - HEADER_W) / DENSE_PX
    entries = [] if lane.sketch or lane.estimate(t0, t1) > 4 * limit else \
        lane.visible(t0, t1)
    if not entries and lane.estimate(t0, t1) == 0:
        return 0
    if len(entries) > limit or not entries:
        _draw_counts(painter, frame, colours, lane, top, picture)
        return 0
    entries.sort(key=lambda e: e[0])
    marks = Marks(painter, frame, colours)
    labels = len(entries) <= LABELS_UP_TO
    row_ends = [float("-inf")] * max(1, lane.rows)
    # In a crowded lane, what spans most of the view (a year seen at weeks, a long
    # relationship) is a thin line along the lane's top: it would hide the rest.
    wide = BACKDROP * (frame.width - HEADER_W) if len(entries) > lane.rows else float("inf")
    lines = 0
    stacked: list[float] = []  # right ends of the marks drawn over others: counted, not lost
    # Labels are drawn after every mark, so a stacked mark never hides one.
    labelled: list[tuple[TimelineItem, str, float, QRectF]] = []
    for start, end, item in entries:
        x0, x1 = frame.x(start), frame.x(end)
        if x1 - x0 >= wide:
            left = max(x0, HEADER_W - 2)
            rect = QRectF(left, top + 1 + (lines % 2) * 3.5, min(x1, frame.width + 2) - left,
                          3)
            marks.line(item, rect)
            picture.hits.append(Hit(rect, lane.key, item))
            lines += 1
            continue
        left, right = marks.extent(item, x0, x1)
        # Measured only when some row could take a label: most of a dense lane cannot.
        roomy = labels and min(row_ends) < left - 40
        text, width = marks.measure(item) if roomy else ("", 0.0)
        row, side = _place(row_ends, left, right, width, frame.width)
        if side == STACKED:
            stacked.append(right)
            side = 0
        y = top + LANE_PAD + row * ROW_H + (ROW_H - MARK_H) / 2
        drawn = marks.item(item, x0, x1, y)
        picture.hits.append(Hit(QRectF(left, y, max(drawn, right) - left, MARK_H), lane.key,
                                item))
        if side > 0:
            labelled.append((item, text, width, QRectF(drawn + 4, y, width, MARK_H)))
        elif side < 0:
            # Before the mark, never under the lane names: cut to the room there is.
            room = left - 8 - HEADER_W
            if width > room >= MIN_LEFT_LABEL:
                text = elided(marks.metrics, text, room)
                width = marks.metrics.horizontalAdvance(text)
            if width <= room:
                labelled.append((item, text, width,
                                 QRectF(left - 4 - width, y, width, MARK_H)))
    marks.flush()
    for item, text, width, rect in labelled:
        marks.label(item, text, width, rect.left(), rect.top())
        picture.labels.append(rect)
        picture.hits.append(Hit(rect, lane.key, item))  # a click on the words picks it too
    if not stacked:
        return 0
    # "+N" after the last stacked mark, in the first row where it covers no label.
    width = _badge_width(len(stacked))
    x = min(max(stacked) + 6, frame.width - width - 2)
    spots = [QRectF(x, top + LANE_PAD + row * ROW_H + 3, width, ROW_H - 6)
             for row in range(max(1, lane.rows))]
    taken = [rect for *_rest, rect in labelled]
    free = [spot for spot in spots if not any(spot.intersects(rect) for rect in taken)]
    if not free:
        return len(stacked)
    _stacked_badge(painter, picture, colours, len(stacked), free[0].topLeft())
    return 0


def _badge_width(count: int) -> float:
    return QFontMetricsF(font(-1.0, bold=True)).horizontalAdvance(f"+{count}") + 8


def _stacked_badge(painter: QPainter, picture: Picture, colours: Colours, count: int,
                   at: QPointF) -> None:
    """"+N", its top left *at*, for the marks that had to be drawn over others (a lane has
    ``MAX_ROWS`` rows): the user knows there is more there, and that zooming in shows it."""
    text = f"+{count}"
    painter.save()
    painter.setFont(font(-1.0, bold=True))
    rect = QRectF(at.x(), at.y(), _badge_width(count), ROW_H - 6)
    picture.badges.append(rect)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colours.muted)
    painter.drawRoundedRect(rect, rect.height() / 2, rect.height() / 2)
    painter.setPen(colours.background)
    painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), text)
    painter.restore()


def _place(row_ends: list[float], left: float, right: float, width: float,
           limit: float) -> tuple[int, int]:
    """The row for a mark and the side of its label (1 right, -1 left, 0 none, ``STACKED``
    none and over another mark): the first
    row with room for the mark and its label after it, else before it; else the row that
    frees soonest, unlabelled. Updates *row_ends*."""
    gap = 6.0
    if width:
        for row, end in enumerate(row_ends):
            if end < left - gap and right + 4 + width <= limit:
                row_ends[row] = right + 4 + width
                return row, 1
        for row, end in enumerate(row_ends):
            if end < left - width - 8 - gap:
                row_ends[row] = right
                return row, -1
    for row, end in enumerate(row_ends):
        if end < left - gap / 2:
            row_ends[row] = right
            return row, 0
    row = min(range(len(row_ends)), key=row_ends.__getitem__)
    row_ends[row] = max(row_ends[row], right)
    return row, STACKED  # no row was free: drawn over what is there


def _draw_counts(painter: QPainter, frame: Frame, colours: Colours, lane: Lane, top: float,
                 picture: Picture) -> None:
    """Items too dense to draw one by one: a bar per few pixels, its height by count."""
    bin_px = 4.0
    bins = int((frame.width - HEADER_W) / bin_px) + 1
    edges = [frame.t0 + n * bin_px / frame.px_per_s for n in range(bins + 1)]
    counts = lane.counts(edges)
    most = max(counts) if counts else 0
    if not most:
        return
    height = lane_height(lane) - 2 * LANE_PAD
    first = next((cls.items[0] for cls in lane.classes if cls.items), None)
    colour = QColor(colours.kind(ItemKind.EXCERPT_EVENT if first is None else first.kind))
    colour.setAlpha(170)
    rects = []
    bottom = top + LANE_PAD + height
    for n, found in enumerate(counts):
        if found:
            h = height * (0.2 + 0.8 * math.sqrt(found / most))
            rect = QRectF(HEADER_W + n * bin_px, bottom - h, bin_px - 1, h)
            rects.append(rect)
            picture.hits.append(Hit(rect, lane.key, None, found, (edges[n], edges[n + 1])))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawRects(rects)
