"""A relationship on the chart: a (slightly curved, when there are several between two
nodes) line from subject to object with an arrow, the predicate as label, and the evidence
counts — "4 ✓ 1 ✗" — with contradicted links dashed in a warning colour."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLineF, QPointF, QRectF
from PySide6.QtGui import (
    QPainterPath,
    QPainterPathStroker,
    QPolygonF,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsSceneHoverEvent,
)

from osint_desk.core.graph import LinkRow, confidence_words
from osint_desk.core.safe_text import for_display
from osint_desk.ui.chart import style
from osint_desk.ui.chart.node_item import NodeItem

if TYPE_CHECKING:
    from osint_desk.ui.chart.link_layer import LinkLayer

LINK_Z = 1.0
CURVE = 46.0  # scene units of bend per parallel link
ARROW = 9.0
LABEL_SIZE, COUNT_SIZE = 8.0, 7.5  # points: the predicate, the evidence counts
# Links are drawn all at once by the scene's ``LinkLayer`` (one item, lines batched by pen);
# each LinkItem is what is selected, hovered and hit: it paints nothing itself.
LINK_FLAGS = (QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
              | QGraphicsItem.GraphicsItemFlag.ItemIsFocusable
              | QGraphicsItem.GraphicsItemFlag.ItemHasNoContents)
SELECTED_CHANGED = QGraphicsItem.GraphicsItemChange.ItemSelectedHasChanged


def counts_text(link: LinkRow) -> str:
    """"4 ✓ / 1 ✗" (supporting / contradicting excerpts), "2 ✓" when nothing contradicts,
    "" with no evidence."""
    if link.contradicts:
        return f"{link.supports} ✓ / {link.contradicts} ✗"
    return f"{link.supports} ✓" if link.supports else ""


def link_tooltip(link: LinkRow, subject: str, obj: str) -> str:
    lines = [f"{subject} {link.predicate} {obj}"]
    if link.confidence is None:
        lines.append("Confidence not assessed")
    else:
        lines.append(f"Confidence {link.confidence} %: {confidence_words(link.confidence)}"
                     " (ICD 203)")
    if link.start or link.end:
        lines.append(f"When: {link.start or '…'} – {link.end or 'open'}")
    lines.append(f"Evidence: {link.supports} supporting, {link.contradicts} contradicting,"
                 f" {link.context} context")
    if link.contradicts:
        lines.append("Contradicted by at least one excerpt")
    return for_display("\n".join(lines))


class LinkItem(QGraphicsItem):
    def __init__(self, link: LinkRow, source: NodeItem, target: NodeItem, offset: float,
                 palette: style.Palette, names: tuple[str, str]) -> None:
        super().__init__()
        self.setFlags(LINK_FLAGS)
        self.setZValue(LINK_Z)
        self.setAcceptHoverEvents(True)
        self.source, self.target = source, target
        self.colours = palette
        self.offset = offset
        self.font = style.label_font(LABEL_SIZE)
        self.count_font = style.label_font(COUNT_SIZE, bold=True)
        self.path = QPainterPath()
        self.label_t = 0.5  # where along the line the label sits (the scene moves it)
        self.label_rect = QRectF()
        self.arrow = QPolygonF()
        self.ends = QLineF()
        self._bounds = QRectF()
        self.layer: LinkLayer | None = None  # the scene's, which draws it
        source.links.append(self)
        target.links.append(self)
        self.set_link(link, names)

    @property
    def key(self) -> str:
        return self.link.id

    def set_link(self, link: LinkRow, names: tuple[str, str]) -> None:
        self.link, self.names = link, names
        self.predicate = for_display(link.predicate)
        self.counts = counts_text(link)
        self.contradicted = link.contradicts > 0
        self._tooltip_for: LinkRow | None = None  # made on first hover (see hoverEnterEvent)
        self.setData(0, link.id)
        width = max(style.text_width(self.predicate, LABEL_SIZE),
                    style.text_width(self.counts, COUNT_SIZE, bold=True)) + 10
        height = style.line_height(LABEL_SIZE) + (
            style.line_height(COUNT_SIZE, bold=True) if self.counts else 0) + 3
        self.label_size = (width, height)
        self.adjust()

    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        # Qt asks for the tooltip only after the pointer rests on the item; thousands of
        # links need not each format theirs when the chart is drawn.
        if self._tooltip_for is not self.link:
            self._tooltip_for = self.link
            self.setToolTip(link_tooltip(self.link, *self.names))
        super().hoverEnterEvent(event)

    def tooltip_text(self) -> str:
        """What the tooltip says (tests and accessibility read it without hovering)."""
        return link_tooltip(self.link, *self.names)

    def detach(self) -> None:
        for node in (self.source, self.target):
            if self in node.links:
                node.links.remove(self)

    def adjust(self) -> None:
        """Recompute the curve between the two nodes' edges (they moved)."""
        self.prepareGeometryChange()
        a, b = self.source.pos(), self.target.pos()
        line = QLineF(a, b)
        length = max(line.length(), 0.01)
        nx, ny = -(b.y() - a.y()) / length, (b.x() - a.x()) / length
        # The bend's side follows a fixed order of the two ends, so links in opposite
        # directions between the same nodes bend apart instead of onto each other.
        if self.source.key > self.target.key:
            nx, ny = -nx, -ny
        bend = self.offset * CURVE
        control = QPointF((a.x() + b.x()) / 2 + nx * bend * 2, (a.y() + b.y()) / 2 + ny * bend * 2)
        start = self._edge(a, control, self.source.radius + 2)
        end = self._edge(b, control, self.target.radius + 5)
        self.path = QPainterPath(start)
        if self.offset:
            self.path.quadTo(control, end)
        else:  # the usual case: a straight line, drawn as one (curves cost far more)
            self.path.lineTo(end)
        self.ends = QLineF(start, end)
        self.label_rect = self.label_at(self.label_t)
        angle = math.atan2(end.y() - control.y(), end.x() - control.x())
        self.arrow = QPolygonF([
            end,
            end - QPointF(ARROW * math.cos(angle - 0.42), ARROW * math.sin(angle - 0.42)),
            end - QPointF(ARROW * math.cos(angle + 0.42), ARROW * math.sin(angle + 0.42))])
        old, self._bounds = self._bounds, self._outline()
        self.redraw(old)

    def redraw(self, old: QRectF | None = None, *, moved: bool = True) -> None:
        """Have the layer draw this link again (where it was and where it is); a link that
        *moved* (or came, or went) has the layer decide again which labels fit."""
        if self.layer is not None:
            self.layer.forget(moved=moved)
            self.layer.update(self._bounds if old is None else old.united(self._bounds))

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: Any) -> Any:
        if change == SELECTED_CHANGED:
            self.redraw(moved=False)
        return super().itemChange(change, value)

    @property
    def bounds(self) -> QRectF:
        return self._bounds

    def _outline(self) -> QRectF:
        return self.path.boundingRect().united(self.label_rect).united(
            self.arrow.boundingRect()).adjusted(-6, -6, 6, 6)

    def label_at(self, t: float) -> QRectF:
        point = self.path.pointAtPercent(t)
        width, height = self.label_size
        return QRectF(point.x() - width / 2, point.y() - height / 2, width, height)

    def set_label_t(self, t: float) -> None:
        if t != self.label_t:
            self.prepareGeometryChange()
            self.label_t = t
            self.label_rect = self.label_at(t)
            old, self._bounds = self._bounds, self._outline()
            self.redraw(old)

    @staticmethod
    def _edge(centre: QPointF, toward: QPointF, radius: float) -> QPointF:
        line = QLineF(centre, toward)
        if line.length() < radius:
            return centre
        line.setLength(radius)
        return line.p2()

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        stroker = QPainterPathStroker()
        stroker.setWidth(10)
        path = stroker.createStroke(self.path)
        path.addRect(self.label_rect)
        return path
