"""The QGraphicsView the map is seen through: wheel and +/- zoom about the mouse, drag to pan,
F to fit, a click to select a marker (Ctrl or Shift adds), a click on a bubble to zoom into it,
Shift+drag to select an area, Enter or a double-click to open the selected card."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPainter, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import QGraphicsScene, QGraphicsView, QRubberBand, QWidget

from osint_desk.ui.map.layers import MarkerLayer

ZOOM_STEP = 1.25
MAX_ZOOM = 6000.0  # pixels per plane unit: a town's streets
FIT_MAX_ZOOM = 40.0  # F never zooms closer than this (a single card: its region)
CLICK_SLOP = 4  # pixels a press may move and still be a click


def bounds(points: list[tuple[float, float]]) -> QRectF | None:
    """The rectangle around plane points (QRectF.united ignores empty rectangles)."""
    if not points:
        return None
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return QRectF(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))


class MapCanvas(QGraphicsView):
    activated = Signal(list)  # card ids: Enter or a double-click on a marker or bubble
    picked = Signal(list, bool)  # card ids clicked or swept, whether added to the selection
    zoomed = Signal(float)

    def __init__(self, scene: QGraphicsScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.markers: MarkerLayer | None = None
        self.world = QRectF(-180, -180, 360, 360)
        self.setRenderHints(QPainter.RenderHint.Antialiasing
                            | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.MinimalViewportUpdate)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontSavePainterState)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Map")
        self._press: QPoint | None = None
        #: The rectangle of the last fit, kept in view through resizes until the user zooms
        #: or pans (the view is fitted once shown, before its layout has settled).
        self._fitted: QRectF | None = None
        self._band: QRubberBand | None = None
        self._band_origin = QPoint()

    # -- zoom -------------------------------------------------------------------------------

    def zoom(self) -> float:
        return self.transform().m11()

    def min_zoom(self) -> float:
        """The world fits the view, and never smaller."""
        size = self.viewport().size()
        return 0.9 * min(size.width() / self.world.width(), size.height() / self.world.height())

    def zoom_by(self, factor: float) -> None:
        wanted = min(MAX_ZOOM, max(self.min_zoom(), self.zoom() * factor))
        factor = wanted / self.zoom()
        if abs(factor - 1) > 1e-9:
            self.scale(factor, factor)
        self.zoomed.emit(self.zoom())

    def show_rect(self, rect: QRectF, *, max_zoom: float = MAX_ZOOM, keep: bool = False
                  ) -> None:
        """Bring *rect* (plane units) into view, zooming no closer than *max_zoom*; a fit
        made before stops being kept unless *keep*."""
        if not keep:
            self._fitted = None
        if rect.isEmpty():
            rect = QRectF(rect.center() - QPointF(1, 1), rect.center() + QPointF(1, 1))
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        if self.zoom() > max_zoom:
            self.zoom_by(max_zoom / self.zoom())
        elif self.zoom() < self.min_zoom():
            self.zoom_by(self.min_zoom() / self.zoom())
        self.centerOn(rect.center())
        self.zoomed.emit(self.zoom())

    def fit(self, rect: QRectF | None = None) -> None:
        """F: the located cards (or the world when there are none) in view."""
        self._fitted = QRectF(rect if rect is not None else self.world)
        self.show_rect(self._fitted, max_zoom=FIT_MAX_ZOOM, keep=True)

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            self._fitted = None
            self.zoom_by(ZOOM_STEP ** steps)
        event.accept()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._fitted is not None:
            self.show_rect(self._fitted, max_zoom=FIT_MAX_ZOOM, keep=True)
        elif self.zoom() < self.min_zoom():
            self.zoom_by(1.0)

    # -- keys -------------------------------------------------------------------------------

    fit_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal, Qt.Key.Key_Minus):
            self._fitted = None
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_by(ZOOM_STEP)
        elif key == Qt.Key.Key_Minus:
            self.zoom_by(1 / ZOOM_STEP)
        elif key == Qt.Key.Key_F and not event.modifiers():
            self.fit_requested.emit()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.markers is not None \
                and self.markers.selected:
            self.activated.emit(sorted(self.markers.selected))
        elif key == Qt.Key.Key_Escape and self.markers is not None and self.markers.selected:
            self.picked.emit([], False)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    # -- clicks, area selection, panning ------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton \
                and event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self._band_origin = event.position().toPoint()
            self._band = QRubberBand(QRubberBand.Shape.Rectangle, self.viewport())
            self._band.setGeometry(QRect(self._band_origin, self._band_origin))
            self._band.show()
            event.accept()
            return
        self._fitted = None
        self._press = event.position().toPoint() if \
            event.button() == Qt.MouseButton.LeftButton else None
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._band is not None:
            self._band.setGeometry(QRect(self._band_origin,
                                         event.position().toPoint()).normalized())
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._band is not None:
            rect = self._band.geometry()
            self._band.hide()
            self._band.deleteLater()
            self._band = None
            if self.markers is not None:
                area = self.mapToScene(rect).boundingRect()
                self.picked.emit(self.markers.cards_in(area), False)
            event.accept()
            return
        super().mouseReleaseEvent(event)
        press, self._press = self._press, None
        if press is None or (event.position().toPoint() - press).manhattanLength() > CLICK_SLOP:
            return  # a pan, not a click
        self.click(QPointF(event.position()), bool(
            event.modifiers() & Qt.KeyboardModifier.ControlModifier))

    def click(self, at: QPointF, add: bool = False) -> None:
        """A click at a viewport point: a marker is picked, a bubble zoomed into."""
        if self.markers is None:
            return
        scene = self.mapToScene(at.toPoint())
        cluster = self.markers.cluster_at(scene, self.zoom())
        if cluster is None:
            if not add:
                self.picked.emit([], False)
        elif cluster.single:
            self.picked.emit(list(cluster.cards), add)
        else:
            self.picked.emit(list(cluster.cards), add)
            self.zoom_into(list(cluster.cards))

    def zoom_into(self, cards: list[str]) -> None:
        """Zoom in on a bubble's cards until it splits (or as close as the map goes)."""
        if self.markers is None:
            return
        self._fitted = None
        rect = bounds([self.markers.points[card] for card in cards
                       if card in self.markers.points])
        if rect is None:
            return
        if rect.width() + rect.height() == 0:  # all at one point: closer, but not endlessly
            self.zoom_by(4.0)
            self.centerOn(rect.center())
            return
        pad = max(rect.width(), rect.height()) * 0.25
        self.show_rect(rect.adjusted(-pad, -pad, pad, pad))

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if self.markers is not None:
            scene = self.mapToScene(event.position().toPoint())
            cluster = self.markers.cluster_at(scene, self.zoom())
            if cluster is not None and cluster.single:
                self.activated.emit(list(cluster.cards))
                event.accept()
                return
        super().mouseDoubleClickEvent(event)
