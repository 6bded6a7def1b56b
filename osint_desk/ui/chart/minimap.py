"""The overview above the chart's side panel: the whole chart small, the part on screen
framed; click or drag in it to look elsewhere. Shown when the chart does not fit the view.

The chart is drawn into a picture once per change of the scene (``ChartScene.built``, a theme
change), a moment after it, not at each pan or zoom: a second live view of a 7,000-item scene
would repaint every item on every scroll step."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import (
    QColor,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import QFrame

from osint_desk.ui.chart import style

if TYPE_CHECKING:
    from osint_desk.ui.chart.canvas import ChartCanvas
    from osint_desk.ui.chart.scene import ChartScene

WIDTH, HEIGHT = 240, 160
REDRAW_DELAY_MS = 120  # after the scene changed: a burst of changes is drawn once


class Minimap(QFrame):
    def __init__(self, canvas: ChartCanvas) -> None:
        super().__init__()  # laid out by the chart view, beside the canvas
        self.canvas = canvas
        self.setObjectName("chartOverview")
        self.setAccessibleName("Chart overview")
        self.setToolTip("Overview of the whole chart: click to look there")
        self.setFixedSize(WIDTH, HEIGHT)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.forced: bool | None = None  # the user's choice; None: shown when needed
        self.picture: QPixmap | None = None  # the chart drawn small; None: to draw again
        self.area = QRectF()  # the part of the scene the picture shows
        self._redraw = QTimer(self)
        self._redraw.setSingleShot(True)
        self._redraw.setInterval(REDRAW_DELAY_MS)
        self._redraw.timeout.connect(self.update)
        canvas.chart_scene.built.connect(self.scene_changed)
        self.hide()

    def _shown_rect(self) -> QRectF:
        return self.canvas.mapToScene(self.canvas.viewport().rect()).boundingRect()

    def needed(self) -> bool:
        """The chart does not fit in the view (its scene rect is its content with a margin,
        kept by the scene; no walk over the items)."""
        scene = self.canvas.chart_scene
        return bool(scene.nodes) and not self._shown_rect().contains(scene.sceneRect())

    def refresh(self) -> None:
        visible = self.needed() if self.forced is None else self.forced
        visible = visible and bool(self.canvas.chart_scene.nodes)
        self.setVisible(visible)
        if visible:
            self.update()

    def scene_changed(self) -> None:
        """The chart changed: its picture is drawn again shortly (if the overview shows)."""
        self.picture = None
        self.refresh()
        if self.isVisible():
            self._redraw.start()

    # -- scene <-> overview ---------------------------------------------------------------

    def _scale(self) -> float:
        area = self.area
        inner = self.contentsRect()
        if area.width() <= 0 or area.height() <= 0:
            return 1.0
        return min(inner.width() / area.width(), inner.height() / area.height())

    def _to_map(self, point: QPointF) -> QPointF:
        inner, scale, area = QRectF(self.contentsRect()), self._scale(), self.area
        left = inner.left() + (inner.width() - area.width() * scale) / 2
        top = inner.top() + (inner.height() - area.height() * scale) / 2
        return QPointF(left + (point.x() - area.left()) * scale,
                       top + (point.y() - area.top()) * scale)

    def to_scene(self, point: QPointF) -> QPointF:
        inner, scale, area = QRectF(self.contentsRect()), self._scale(), self.area
        left = inner.left() + (inner.width() - area.width() * scale) / 2
        top = inner.top() + (inner.height() - area.height() * scale) / 2
        return QPointF(area.left() + (point.x() - left) / scale,
                       area.top() + (point.y() - top) / scale)

    def _draw_picture(self) -> None:
        scene = self.canvas.chart_scene
        self.area = QRectF(scene.sceneRect())
        ratio = self.devicePixelRatioF()
        inner = self.contentsRect()
        picture = QPixmap(int(inner.width() * ratio), int(inner.height() * ratio))
        picture.setDevicePixelRatio(ratio)
        picture.fill(scene.colours.background)
        painter = QPainter(picture)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        scale = self._scale()
        painter.translate((inner.width() - self.area.width() * scale) / 2,
                          (inner.height() - self.area.height() * scale) / 2)
        painter.scale(scale, scale)
        painter.translate(-self.area.left(), -self.area.top())
        self._draw_chart(painter, scene)
        painter.end()
        self.picture = picture

    @staticmethod
    def _draw_chart(painter: QPainter, scene: ChartScene) -> None:
        """Links as hairlines and nodes as blocks of their colour, a few calls per colour:
        what can be seen at this size, without a paint call per item (``scene.render`` of
        7,000 items held the GUI thread for a tenth of a second after every change)."""
        pal = scene.colours
        lines: dict[int, list[QLineF]] = defaultdict(list)
        for link in scene.links.values():
            if link.isVisible():
                lines[style.link_pen(pal, link.link.confidence, link.contradicted,
                                     False).color().rgba()].append(link.ends)
        for rgba, found in lines.items():
            painter.setPen(QPen(QColor.fromRgba(rgba), 0))
            painter.drawLines(found)
        blocks: dict[int, QPainterPath] = defaultdict(QPainterPath)
        for node in scene.nodes.values():
            if node.isVisible():
                x, y = node.place
                r = node.radius
                colour = pal.selected if node.isSelected() else node.colour
                blocks[colour.rgba()].addRect(QRectF(x - r, y - r, 2 * r, 2 * r))
        painter.setPen(Qt.PenStyle.NoPen)
        for rgba, path in blocks.items():
            painter.setBrush(QColor.fromRgba(rgba))
            painter.drawPath(path)

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.picture is None and not self._redraw.isActive():
            self._draw_picture()
        painter = QPainter(self)
        inner = self.contentsRect()
        if self.picture is not None:
            painter.drawPixmap(inner.topLeft(), self.picture)
        else:  # a change is about to be drawn: the old frame would mislead
            painter.fillRect(inner, self.canvas.chart_scene.colours.background)
        shown = self._shown_rect()
        corner, end = self._to_map(shown.topLeft()), self._to_map(shown.bottomRight())
        frame = QRectF(corner, end).intersected(QRectF(inner))
        colour = QColor(self.canvas.chart_scene.colours.selected)
        painter.setPen(QPen(colour, 1.5))
        colour.setAlpha(40)
        painter.setBrush(colour)
        painter.drawRect(frame)
        painter.end()
        super().paintEvent(event)  # the frame's border

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.canvas.centerOn(self.to_scene(event.position()))
        self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self.mousePressEvent(event)
