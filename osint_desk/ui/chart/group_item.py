"""An open group: a labelled outline drawn behind its member nodes — the union of a padded
box around each member, so a card that merely sits between two members is never inside it
(a collapsed group is a ``NodeItem`` of kind ``GROUP``)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFontMetricsF, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from osint_desk.core.safe_text import for_display
from osint_desk.ui.chart import style
from osint_desk.ui.chart.node_item import NodeItem

FRAME_Z = -5.0
PADDING = 14.0


class GroupFrame(QGraphicsItem):
    def __init__(self, group_id: str, label: str, members: list[NodeItem],
                 palette: style.Palette) -> None:
        super().__init__()
        self.key = group_id
        self.members = members
        self.colours = palette
        self.font = style.label_font(8.5, bold=True)
        self.setZValue(FRAME_Z)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setData(0, group_id)
        self.rect = QRectF()
        self.outline = QPainterPath()
        self.label_rects: list[QRectF] = []
        for member in members:
            member.frame = self
        self.set_label(label)

    def set_label(self, label: str) -> None:
        self.label = for_display(label)
        self.setToolTip(f"Group “{self.label}”: {len(self.members)} cards")
        self.adjust()

    def detach(self) -> None:
        for member in self.members:
            if member.frame is self:
                member.frame = None

    def adjust(self) -> None:
        self.prepareGeometryChange()
        metrics = QFontMetricsF(self.font)
        path = QPainterPath()
        for member in self.members:
            box = member.mapRectToScene(member.boundingRect()).adjusted(
                -PADDING, -PADDING, PADDING, PADDING)
            path.addRoundedRect(box, 10, 10)
        self.outline = path.simplified()
        # Members far apart make separate islands: each one carries the label.
        width = metrics.horizontalAdvance(self.label) + 12
        self.label_rects = [
            QRectF(island.left() + 6, island.top() - metrics.height() - 2, width,
                   metrics.height() + 4)
            for island in (polygon.boundingRect()
                           for polygon in self.outline.toSubpathPolygons())]
        self.rect = self.outline.boundingRect()
        for label in self.label_rects:
            self.rect = self.rect.united(label)
        self.update()

    def boundingRect(self) -> QRectF:
        return self.rect.adjusted(-2, -2, 2, 2)

    def shape(self) -> QPainterPath:
        path = QPainterPath(self.outline)
        for label in self.label_rects:
            path.addRect(label)
        return path

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        pal = self.colours
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(pal.selected if self.isSelected() else pal.group_line, 1.4,
                   Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(pal.group_fill)
        painter.drawPath(self.outline)
        detail = option.levelOfDetailFromTransform(painter.worldTransform())
        if detail < style.LABEL_MIN_DETAIL:
            return
        painter.setPen(QPen(pal.group_line, 1.0))
        painter.setBrush(pal.background)
        for label in self.label_rects:
            painter.setPen(QPen(pal.group_line, 1.0))
            painter.drawRoundedRect(label, 4, 4)
            painter.setPen(pal.text)
            painter.setFont(self.font)
            painter.drawText(label, Qt.AlignmentFlag.AlignCenter, self.label)
