"""The two things the map's scene holds: the basemap, and every marker in one layer.

``BasemapItem`` paints the countries whose box meets the exposed rectangle, thinned outlines
when zoomed out (``MapGeometry``'s coarse paths), with cosmetic borders; the view scrolls the
picture by a copy while panning, so a pan step paints only the strip that comes into view.

``MarkerLayer`` is one item for every card rather than an item per card: 5,000 items would cost
the scene's index and every repaint its traversal. Markers nearer each other on screen than
``CLUSTER_PX`` merge into a count bubble; clusters are made per zoom step (a power of √2) and
kept, so a zoom in splits them and zooming back finds them made. Markers paint as pixmap
sprites at a fixed screen size; names are drawn only when few single markers are in view.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Iterable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QFont, QFontMetricsF, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from osint_desk.core.geo.case_map import MapCard
from osint_desk.core.safe_text import for_display
from osint_desk.ui.map.clusters import Cluster, cluster_points, step_cell, zoom_step
from osint_desk.ui.map.load_job import MapGeometry
from osint_desk.ui.map.style import (
    MARKER_RADIUS,
    MapColours,
    bubble_radius,
    bubble_sprite,
    marker_sprite,
)

FINE_DETAIL = 9.0  # pixels per plane unit from which the full outlines are drawn
MAX_LABELS = 150
Point = tuple[float, float]
ARC_BEND = 0.18  # the control point's offset, as a share of the arc's length
DENSE_ARCS = 80  # beyond this many arcs in view, drawn without antialiasing
LABEL_CHARS = 28


class BasemapItem(QGraphicsItem):
    """The countries, filled from the palette; the shaded codes in the shading colour."""

    def __init__(self, geometry: MapGeometry, colours: MapColours) -> None:
        super().__init__()
        self.geometry = geometry
        self.colours = colours
        self.shaded: frozenset[str] = frozenset()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)
        self.setZValue(-10)

    def set_shaded(self, codes: Iterable[str]) -> None:
        shaded = frozenset(code.upper() for code in codes)
        if shaded != self.shaded:
            self.shaded = shaded
            self.update()

    def set_colours(self, colours: MapColours) -> None:
        self.colours = colours
        self.update()

    def boundingRect(self) -> QRectF:
        return self.geometry.world

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        colours = self.colours
        exposed = option.exposedRect
        painter.fillRect(exposed, colours.sea)
        detail = QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform())
        fine = detail >= FINE_DETAIL
        border = QPen(colours.border, 0.8)
        border.setCosmetic(True)
        shaded_border = QPen(colours.shaded_border, 1.0)
        shaded_border.setCosmetic(True)
        land, shaded = QBrush(colours.land), QBrush(colours.shaded)
        for country in self.geometry.countries:
            if not country.bounds.intersects(exposed):
                continue
            is_shaded = country.code in self.shaded
            painter.setPen(shaded_border if is_shaded else border)
            painter.setBrush(shaded if is_shaded else land)
            painter.drawPath(country.fine if fine else country.coarse)


class MarkerLayer(QGraphicsItem):
    """Every located card as a marker or inside a count bubble, and the optional arcs."""

    def __init__(self, world: QRectF, colours: MapColours) -> None:
        super().__init__()
        self.world = world
        self.colours = colours
        self.cards: dict[str, MapCard] = {}
        self.points: dict[str, tuple[float, float]] = {}
        self.selected: set[str] = set()
        self.arcs: list[tuple[QRectF, QPainterPath]] = []
        self.arc_path = QPainterPath()  # all of them, for a dense view: one call
        self.show_arcs = False
        self._clusters: dict[int, list[Cluster]] = {}
        self._step = 0
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)
        self.setZValue(10)
        self._font = QFont()
        self._font.setPointSizeF(8.5)

    def boundingRect(self) -> QRectF:
        return self.world.adjusted(-40, -40, 40, 40)

    def set_cards(self, cards: Iterable[MapCard], forward: Callable[[float, float], Point],
                  clusters: dict[int, list[Cluster]] | None = None,
                  projected: dict[str, Point] | None = None) -> None:
        """The markers to draw; *clusters* made beforehand for exactly these cards and
        *projected* points (the load makes both for every located card on the task runner)
        save the GUI thread that work."""
        known = projected or {}
        self.cards = {c.id: c for c in cards if c.located}
        self.points = {c.id: known.get(c.id) or forward(c.lon, c.lat)  # type: ignore[arg-type]
                       for c in self.cards.values()}
        self.selected &= set(self.cards)
        self._clusters = dict(clusters) if clusters is not None else {}
        self.update()

    def set_arcs(self, pairs: Iterable[tuple[str, str]]) -> None:
        """Arcs between located cards: a gentle quadratic curve, so two-way links do not
        hide each other; each its own small path (with its box, for culling), and all in one
        path for a dense view, drawn in one call."""
        arcs = []
        whole = QPainterPath()
        for a, b in pairs:
            if a not in self.points or b not in self.points:
                continue
            (x1, y1), (x2, y2) = self.points[a], self.points[b]
            cx = (x1 + x2) / 2 - (y2 - y1) * ARC_BEND
            cy = (y1 + y2) / 2 + (x2 - x1) * ARC_BEND
            path = QPainterPath(QPointF(x1, y1))
            path.quadTo(cx, cy, x2, y2)
            whole.moveTo(x1, y1)
            whole.quadTo(cx, cy, x2, y2)
            box = QRectF(min(x1, x2, cx), min(y1, y2, cy), 0, 0)
            box.setRight(max(x1, x2, cx))
            box.setBottom(max(y1, y2, cy))
            arcs.append((box, path))
        self.arcs = arcs
        self.arc_path = whole
        self.update()

    def set_colours(self, colours: MapColours) -> None:
        self.colours = colours
        self.update()

    def clusters(self, zoom: float) -> list[Cluster]:
        """The clusters at this zoom's step (made on first need, then kept)."""
        step = zoom_step(zoom)
        found = self._clusters.get(step)
        if found is None:
            finer = [s for s in self._clusters if s < step
                     and all(c.single for c in self._clusters[s])]
            if finer:  # every marker stands alone already at a wider step
                return self._clusters[max(finer)]
            found = self._clusters[step] = cluster_points(self.points, step_cell(step))
        return found

    def cluster_at(self, scene: QPointF, zoom: float) -> Cluster | None:
        """The marker or bubble under a scene point (a click), the nearest if several."""
        best, best_distance = None, math.inf
        reach = (MARKER_RADIUS + 5) / zoom
        for cluster in self.clusters(zoom):
            radius = reach if cluster.single else bubble_radius(len(cluster.cards)) / zoom
            distance = math.hypot(cluster.x - scene.x(), cluster.y - scene.y())
            if distance <= radius and distance < best_distance:
                best, best_distance = cluster, distance
        return best

    def cards_in(self, rect: QRectF) -> list[str]:
        return [card for card, (x, y) in self.points.items() if rect.contains(x, y)]

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        transform = painter.worldTransform()
        zoom = transform.m11()
        margin = 30 / max(zoom, 1e-6)
        exposed = option.exposedRect.adjusted(
            -margin, -margin, margin, margin)
        if self.show_arcs and self.arcs:
            self._draw_arcs(painter, exposed)
        # Plain float arithmetic rather than a Qt call per marker: thousands per frame.
        left, top, right, bottom = exposed.left(), exposed.top(), exposed.right(), \
            exposed.bottom()
        m11, m22, dx, dy = transform.m11(), transform.m22(), transform.dx(), transform.dy()
        shown = [c for c in self.clusters(zoom) if left <= c.x <= right and top <= c.y <= bottom]
        device = painter.device()
        ratio = device.devicePixelRatioF() if device is not None else 1.0
        dark, selected, cards = self.colours.dark, self.selected, self.cards
        painter.save()
        painter.resetTransform()
        singles = []
        for cluster in shown:
            x, y = cluster.x * m11 + dx, cluster.y * m22 + dy
            if cluster.single:
                singles.append(cluster)
                card = cards[cluster.cards[0]]
                sprite = marker_sprite(card.type, card.id in selected, dark, ratio)
            else:
                sprite = bubble_sprite(len(cluster.cards), not selected.isdisjoint(cluster.cards),
                                       self.colours, ratio)
            half = sprite.width() / (2 * ratio)
            painter.drawPixmap(QPointF(x - half, y - half), sprite)
        if len(singles) <= MAX_LABELS:
            self._labels(painter, transform, singles)
        painter.restore()

    def _draw_arcs(self, painter: QPainter, exposed: QRectF) -> None:
        shown = [path for box, path in self.arcs if box.intersects(exposed)]
        pen = QPen(self.colours.arc, 1.2)
        pen.setCosmetic(True)
        painter.save()
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if len(shown) > DENSE_ARCS:  # a web of lines: crisp one-pixel lines, in one call
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            pen.setWidthF(0)
            painter.setPen(pen)
            painter.drawPath(self.arc_path)
        else:
            painter.setPen(pen)
            for path in shown:
                painter.drawPath(path)
        painter.restore()

    def _labels(self, painter: QPainter, transform: object, singles: Collection[Cluster]
                ) -> None:
        painter.setFont(self._font)
        metrics = QFontMetricsF(self._font)
        for cluster in singles:
            point = transform.map(QPointF(cluster.x, cluster.y))  # type: ignore[attr-defined]
            name = for_display(self.cards[cluster.cards[0]].name)
            if len(name) > LABEL_CHARS:
                name = name[:LABEL_CHARS - 1] + "…"
            box = QRectF(point.x() + MARKER_RADIUS + 4, point.y() - metrics.height() / 2,
                         metrics.horizontalAdvance(name) + 6, metrics.height())
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self.colours.halo)
            painter.drawRoundedRect(box, 3, 3)
            painter.setPen(self.colours.text)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, name)
