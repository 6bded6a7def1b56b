"""The overview in the chart's corner: the whole chart small, the part on screen framed;
click or drag in it to look elsewhere. Shown when the chart does not fit the view."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPen
from PySide6.QtWidgets import QFrame, QGraphicsView

if TYPE_CHECKING:
    from osint_desk.ui.chart.canvas import ChartCanvas

WIDTH, HEIGHT, MARGIN = 180, 120, 10


class Minimap(QGraphicsView):
    def __init__(self, canvas: ChartCanvas) -> None:
        super().__init__(canvas.chart_scene, canvas)
        self.canvas = canvas
        self.setObjectName("chartOverview")
        self.setAccessibleName("Chart overview")
        self.setToolTip("Overview of the whole chart: click to look there")
        self.setFixedSize(WIDTH, HEIGHT)
        self.setInteractive(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.forced: bool | None = None  # the user's choice; None: shown when needed
        self.hide()

    def place(self) -> None:
        viewport = self.canvas.viewport().geometry()
        self.move(viewport.right() - WIDTH - MARGIN, viewport.bottom() - HEIGHT - MARGIN)
        self.refresh()

    def needed(self) -> bool:
        shown = self.canvas.mapToScene(self.canvas.viewport().rect()).boundingRect()
        return not shown.contains(self.canvas.chart_scene.itemsBoundingRect())

    def refresh(self) -> None:
        visible = self.needed() if self.forced is None else self.forced
        visible = visible and bool(self.canvas.chart_scene.nodes)
        self.setVisible(visible)
        if visible:
            self.fitInView(self.canvas.chart_scene.content_rect(),
                           Qt.AspectRatioMode.KeepAspectRatio)
            self.viewport().update()

    def drawForeground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        shown = self.canvas.mapToScene(self.canvas.viewport().rect()).boundingRect()
        colour = QColor(self.canvas.chart_scene.colours.selected)
        painter.setPen(QPen(colour, 0))
        colour.setAlpha(40)
        painter.setBrush(colour)
        painter.drawRect(shown)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.canvas.centerOn(self.mapToScene(event.position().toPoint()))
        self.viewport().update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self.mousePressEvent(event)
