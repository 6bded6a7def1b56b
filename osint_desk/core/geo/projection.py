"""Map projections: longitude/latitude in degrees ↔ x/y on the map's plane.

Every projection here shares one plane convention, so a view can switch between them without
other changes: **x grows eastward, y grows southward** (as in screen and ``QGraphicsScene``
coordinates, so no flip is needed), and the units are radians scaled to degrees: x = lon for
Web Mercator and equirectangular (the world is 360 wide), about 0.87 × lon for Natural Earth.

- ``WEB_MERCATOR``, the default: conformal (a city's shape is right when the analyst zooms in on
  Bakhmut), what every web map uses, and with a straight antimeridian, so the cut rings of
  ``antimeridian.py`` meet the map's edge exactly. Latitudes beyond ±85.0511° are clamped (the
  square world of web maps); only Antarctica's interior is lost.
- ``EQUIRECTANGULAR``: y = -lat; the cheapest, and the inverse is exact everywhere.
- ``NATURAL_EARTH``: the Natural Earth I pseudo-cylindrical projection (Šavrič, Jenny,
  Patterson, Petrovič, Hurni 2011; the polynomial d3-geo uses), for a world overview report
  figure; its inverse is Newton's method on the latitude polynomial.

Projecting is pure arithmetic on floats, so a view projects its basemap once into scene
coordinates and pans and zooms with transforms, never re-projecting per frame.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from osint_desk.core.geo.topojson import Position

#: Web Mercator's latitude limit: where the projected world becomes a square (y = ±180).
MERCATOR_MAX_LAT = math.degrees(2 * math.atan(math.exp(math.pi)) - math.pi / 2)
_DEG = math.pi / 180


class ProjectionKind(StrEnum):
    WEB_MERCATOR = "web-mercator"
    EQUIRECTANGULAR = "equirectangular"
    NATURAL_EARTH = "natural-earth"


@dataclass(frozen=True, slots=True)
class Projection:
    """One projection: ``forward`` (lon, lat) → (x, y), ``inverse`` back, ``bounds`` of the world.

    ``bounds`` is (min x, min y, max x, max y) of the whole projected world on the plane.
    """

    kind: ProjectionKind

    def forward(self, lon: float, lat: float) -> tuple[float, float]:
        """The plane point of a position; latitudes are clamped to what the projection shows."""
        if self.kind is ProjectionKind.EQUIRECTANGULAR:
            return lon, -max(-90.0, min(90.0, lat))
        if self.kind is ProjectionKind.WEB_MERCATOR:
            lat = max(-MERCATOR_MAX_LAT, min(MERCATOR_MAX_LAT, lat))
            y = math.log(math.tan(math.pi / 4 + lat * _DEG / 2)) / _DEG
            return lon, -y
        x, y = _natural_earth(lon * _DEG, max(-90.0, min(90.0, lat)) * _DEG)
        return x / _DEG, -y / _DEG

    def inverse(self, x: float, y: float) -> tuple[float, float]:
        """The position (lon, lat) of a plane point inside ``bounds``."""
        if self.kind is ProjectionKind.EQUIRECTANGULAR:
            return x, -y
        if self.kind is ProjectionKind.WEB_MERCATOR:
            lat = math.degrees(2 * math.atan(math.exp(-y * _DEG)) - math.pi / 2)
            return x, lat
        lon, lat = _natural_earth_inverse(x * _DEG, -y * _DEG)
        return lon / _DEG, lat / _DEG

    def project(self, points: Iterable[Position]) -> list[tuple[float, float]]:
        """``forward`` over a ring or any sequence of positions."""
        forward = self.forward
        return [forward(lon, lat) for lon, lat in points]

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        if self.kind is ProjectionKind.EQUIRECTANGULAR:
            return -180.0, -90.0, 180.0, 90.0
        if self.kind is ProjectionKind.WEB_MERCATOR:
            return -180.0, -180.0, 180.0, 180.0
        right, _ = self.forward(180.0, 0.0)
        _, top = self.forward(0.0, 90.0)
        return -right, top, right, -top


def _natural_earth(lam: float, phi: float) -> tuple[float, float]:
    phi2 = phi * phi
    phi4 = phi2 * phi2
    x = lam * (0.8707 - 0.131979 * phi2
               + phi4 * (-0.013791 + phi4 * (0.003971 * phi2 - 0.001529 * phi4)))
    y = phi * (1.007226 + phi2 * (0.015085 + phi4 * (-0.044475 + 0.028874 * phi2
                                                       - 0.005916 * phi4)))
    return x, y


def _natural_earth_inverse(x: float, y: float) -> tuple[float, float]:
    phi = y
    for _ in range(25):
        phi2 = phi * phi
        phi4 = phi2 * phi2
        value = phi * (1.007226 + phi2 * (0.015085 + phi4 * (-0.044475 + 0.028874 * phi2
                                                               - 0.005916 * phi4)))
        slope = 1.007226 + phi2 * (0.015085 * 3 + phi4 * (-0.044475 * 7 + 0.028874 * 9 * phi2
                                                           - 0.005916 * 11 * phi4))
        delta = (value - y) / slope
        phi -= delta
        if abs(delta) < 1e-12:
            break
    phi2 = phi * phi
    lam = x / (0.8707 + phi2 * (-0.131979 + phi2 * (-0.013791 + phi2 * phi2 * phi2
                                                     * (0.003971 - 0.001529 * phi2))))
    return lam, phi


WEB_MERCATOR = Projection(ProjectionKind.WEB_MERCATOR)
EQUIRECTANGULAR = Projection(ProjectionKind.EQUIRECTANGULAR)
NATURAL_EARTH = Projection(ProjectionKind.NATURAL_EARTH)
#: The one the map view and the report's map figure use, so both look the same.
DEFAULT_PROJECTION = WEB_MERCATOR
