"""The QGraphicsView the chart is seen through: zoom (wheel, +/-), fit (F), arrows moving
the selection from node to node, Enter to open, cards dropped from the navigator or search,
and drag-to-relate (Shift+drag, or any drag in link mode) from one node to another."""

from __future__ import annotations

import math

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPen,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QGraphicsLineItem, QGraphicsView, QWidget

from osint_desk.ui.chart import style
from osint_desk.ui.chart.minimap import Minimap
from osint_desk.ui.chart.node_item import NodeItem
from osint_desk.ui.chart.scene import ChartScene
from osint_desk.ui.models.navigator_models import CARD_MIME, cards_from_mime

ZOOM_STEP = 1.25
READABLE_ZOOM = style.LABEL_MIN_DETAIL + 0.1
MIN_ZOOM, MAX_ZOOM = 0.05, 6.0
DIRECTIONS = {Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0),
              Qt.Key.Key_Up: (0, -1), Qt.Key.Key_Down: (0, 1)}


class ChartCanvas(QGraphicsView):
    activated = Signal(str)  # a node's key or a link's id: Enter or double-click
    relate_requested = Signal(str, str)  # subject card, object card
    cards_dropped = Signal(list, QPointF)  # card ids, scene position
    zoomed = Signal(float)
    remove_requested = Signal()  # Delete: the selection off the chart (not out of the case)

    def __init__(self, scene: ChartScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.chart_scene = scene
        self.setRenderHints(QPainter.RenderHint.Antialiasing
                            | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setAcceptDrops(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Link chart")
        self.link_mode = False
        self._relate_from: NodeItem | None = None
        self._rubber: QGraphicsLineItem | None = None
        # Not over the viewport: a widget on top of it would stop Qt from scrolling the
        # picture by a copy, and every pan step would repaint the whole chart. The chart
        # view puts it in the side column.
        self.minimap = Minimap(self)
        self.horizontalScrollBar().valueChanged.connect(self.minimap.update)
        self.verticalScrollBar().valueChanged.connect(self.minimap.update)

    # -- zoom -------------------------------------------------------------------------------

    def zoom(self) -> float:
        return self.transform().m11()

    def zoom_by(self, factor: float) -> None:
        wanted = min(MAX_ZOOM, max(MIN_ZOOM, self.zoom() * factor))
        factor = wanted / self.zoom()
        self.scale(factor, factor)
        self._after_zoom()

    def fit(self, *, readable: bool = False) -> None:
        """The whole chart in view (F). *readable* (a chart just opened): never so far out
        that the names go; the overview in the corner then shows the rest."""
        # What the last sync measured (``ChartScene._finish``); measured now while one is made.
        scene = self.chart_scene
        rect = scene.sceneRect() if not scene.building else scene.content_rect()
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        if self.zoom() > 1.4:  # a few cards: readable size, not huge
            self.zoom_by(1.4 / self.zoom())
        elif readable and self.zoom() < READABLE_ZOOM:
            self.zoom_by(READABLE_ZOOM / self.zoom())
            self.centerOn(rect.center())
        self._after_zoom()

    def reveal(self, items: list[NodeItem]) -> None:
        """Bring cards just added into view: zoomed out just enough to show them with what
        was in view (never zoomed in), so the analyst sees where they landed."""
        if not items:
            return
        wanted = QRectF()
        for item in items:
            wanted = wanted.united(item.sceneBoundingRect())
        seen = self.mapToScene(self.viewport().rect()).boundingRect()
        if seen.contains(wanted):
            return
        both = seen.united(wanted).adjusted(-40, -40, 40, 40)
        self.fitInView(both, Qt.AspectRatioMode.KeepAspectRatio)
        if self.zoom() > 1.4:
            self.zoom_by(1.4 / self.zoom())
        self._after_zoom()

    def _after_zoom(self) -> None:
        self.zoomed.emit(self.zoom())
        self.minimap.refresh()

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom_by(ZOOM_STEP ** steps)
        event.accept()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.minimap.refresh()

    # -- keys -------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_by(ZOOM_STEP)
        elif key == Qt.Key.Key_Minus:
            self.zoom_by(1 / ZOOM_STEP)
        elif key == Qt.Key.Key_F and not event.modifiers():
            self.fit()
        elif key in DIRECTIONS and not event.modifiers():
            self.step_selection(*DIRECTIONS[Qt.Key(key)])
        elif key == Qt.Key.Key_Escape and self.chart_scene.selectedItems():
            self.chart_scene.clearSelection()
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.remove_requested.emit()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            selected = self.chart_scene.selectedItems()
            if selected:
                self.activated.emit(str(selected[0].data(0)))
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def step_selection(self, dx: int, dy: int) -> NodeItem | None:
        """Select the nearest node in that direction from the selected one (or the one
        nearest the centre when none is selected), and bring it into view."""
        nodes = list(self.chart_scene.nodes.values())
        if not nodes:
            return None
        current = self.chart_scene.selected_nodes()
        if current:
            origin = current[0].pos()
            best, best_score = None, math.inf
            for item in nodes:
                if item is current[0]:
                    continue
                vx, vy = item.pos().x() - origin.x(), item.pos().y() - origin.y()
                along = vx * dx + vy * dy
                if along <= 1:
                    continue
                across = abs(vx * dy - vy * dx)
                score = along + 2 * across
                if score < best_score:
                    best, best_score = item, score
            if best is None:
                return current[0]
        else:
            centre = self.mapToScene(self.viewport().rect().center())
            best = min(nodes, key=lambda n: QLineF(n.pos(), centre).length())
        self.chart_scene.clearSelection()
        best.setSelected(True)
        best.setFocus()
        self.ensureVisible(best, 60, 60)
        return best

    # -- drag to relate ---------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        relate = self.link_mode or event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        if relate and event.button() == Qt.MouseButton.LeftButton:
            item = self.chart_scene.node_at(self.mapToScene(event.position().toPoint()))
            if item is not None and not item.is_group:
                self._relate_from = item
                self._rubber = QGraphicsLineItem(QLineF(item.pos(), item.pos()))
                self._rubber.setPen(QPen(QColor(self.chart_scene.colours.selected), 2,
                                         Qt.PenStyle.DashLine))
                self._rubber.setZValue(100)
                self.chart_scene.addItem(self._rubber)
                event.accept()
                return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._rubber is not None and self._relate_from is not None:
            point = self.mapToScene(event.position().toPoint())
            self._rubber.setLine(QLineF(self._relate_from.pos(), point))
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._rubber is not None and self._relate_from is not None:
            start = self._relate_from
            self.chart_scene.removeItem(self._rubber)
            self._rubber, self._relate_from = None, None
            end = self.chart_scene.node_at(self.mapToScene(event.position().toPoint()))
            if end is not None and end is not start and not end.is_group:
                self.relate_requested.emit(start.key, end.key)
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        items = self.items(event.position().toPoint())
        if items and items[0].data(0):
            self.activated.emit(str(items[0].data(0)))
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    # -- dropping cards ---------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(CARD_MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if event.mimeData().hasFormat(CARD_MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        cards = cards_from_mime(event.mimeData())
        if not cards:
            event.ignore()
            return
        event.acceptProposedAction()
        self.cards_dropped.emit(cards, self.mapToScene(event.position().toPoint()))
