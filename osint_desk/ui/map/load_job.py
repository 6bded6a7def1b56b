"""What the map loads off the GUI thread: the basemap as painter paths, and the case's places.

The basemap is decoded once per process (``core.geo.basemap.load_basemap`` keeps it) and
projected here into ``QPainterPath``s — value types, safe to build on a worker thread — at two
levels of detail: the whole 1:50m outline for a close look, and a thinned one for the world
view, where a hundred thousand points would cost every zoom step its frame. The view keeps
the ``MapGeometry`` it gets for as long as it lives; only the case's places are read again
after an edit. The work opens its own read-only connection (SQLite connections belong to
their thread).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainterPath, QPolygonF

from osint_desk.core.geo.basemap import Basemap, load_basemap
from osint_desk.core.geo.case_map import CaseMap, load_case_map
from osint_desk.core.geo.projection import DEFAULT_PROJECTION, Projection
from osint_desk.core.store import CaseStore
from osint_desk.ui.map.clusters import Cluster, all_clusters
from osint_desk.ui.tasks import TaskContext

#: Plane units (about a degree of longitude) dropped between points of the thinned outline.
COARSE_STEP = 0.25


@dataclass(frozen=True)
class CountryPaths:
    code: str | None  # ISO alpha-2, upper case; None for units without one
    name: str
    fine: QPainterPath
    coarse: QPainterPath
    bounds: QRectF
    label: tuple[float, float] | None  # a point inside the country, on the plane
    main: QRectF  # the box of its largest ring: what "fit" shows (not Russia's Chukotka cut)


@dataclass(frozen=True)
class MapGeometry:
    """The projected basemap: one pair of paths per country, and the world's rectangle."""

    countries: tuple[CountryPaths, ...]
    world: QRectF
    projection: Projection

    def by_code(self, code: str) -> list[CountryPaths]:
        wanted = code.upper()
        return [country for country in self.countries if country.code == wanted]


def project_basemap(basemap: Basemap, projection: Projection = DEFAULT_PROJECTION
                    ) -> MapGeometry:
    """Every country's rings as two odd-even paths (fine and thinned) on the plane."""
    countries = []
    forward = projection.forward
    for country in basemap:
        fine, coarse = QPainterPath(), QPainterPath()
        main = QRectF()
        fine.setFillRule(Qt.FillRule.OddEvenFill)
        coarse.setFillRule(Qt.FillRule.OddEvenFill)
        for ring in country.rings:
            points = [forward(lon, lat) for lon, lat in ring]
            xs, ys = [x for x, _ in points], [y for _, y in points]
            box = QRectF(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))
            if box.width() * box.height() > main.width() * main.height():
                main = box
            fine.addPolygon(QPolygonF([QPointF(x, y) for x, y in points]))
            fine.closeSubpath()
            kept = [points[0]]
            for x, y in points[1:]:
                if abs(x - kept[-1][0]) + abs(y - kept[-1][1]) >= COARSE_STEP:
                    kept.append((x, y))
            if len(kept) >= 3:
                coarse.addPolygon(QPolygonF([QPointF(x, y) for x, y in kept]))
                coarse.closeSubpath()
        countries.append(CountryPaths(country.code, country.name, fine, coarse,
                                      fine.boundingRect(), forward(*country.label), main))
    west, north, east, south = projection.bounds
    return MapGeometry(tuple(countries), QRectF(west, north, east - west, south - north),
                       projection)


@dataclass(frozen=True)
class MapLoad:
    """What one load brings back: the geometry (None when the view had it already), the
    case's places, and the clusters of all its located cards at every zoom step."""

    geometry: MapGeometry | None
    case_map: CaseMap
    clusters: dict[int, list[Cluster]]
    points: dict[str, tuple[float, float]]  # located cards on the plane


def load_map(path: Path, context: TaskContext, *, with_geometry: bool) -> MapLoad:
    """The work function: the projected basemap (first time only) and the case's places."""
    geometry = None
    if with_geometry:
        context.progress(0, 2, "Reading the basemap…")
        geometry = project_basemap(load_basemap())
        context.check()
    context.progress(1, 2, "Reading the case's places…")
    store = CaseStore.open(path, read_only=True)
    try:
        case_map = load_case_map(store)
    finally:
        store.close()
    context.check()
    forward = DEFAULT_PROJECTION.forward
    points = {c.id: forward(c.lon, c.lat) for c in case_map.located
              if c.lon is not None and c.lat is not None}
    clusters = all_clusters(points)
    context.progress(2, 2, "")
    return MapLoad(geometry, case_map, clusters, points)
