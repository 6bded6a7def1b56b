"""Cutting rings at the antimeridian, so a flat map never draws a line across the world.

``world-atlas`` 2 stores polygons on the sphere, the way d3-geo wants them: Chukotka (Russia),
Fiji's Taveuni and Antarctica's coast simply step from 179.9° to -180°. Drawn on a plane that
step is a stroke across the whole map and a fill of everything between. Here each ring is cut
where it crosses ±180° (the latitude there interpolated the short way round) into chains that
stay inside the map's -180…180 strip, and each chain is closed again along the edge:

- both ends on the same edge: along that meridian (Chukotka's two halves, Fiji);
- ends on opposite edges (a ring round a pole: Antarctica's coast, crossing once): down the
  edge to the nearer pole, along the pole line, and back up the other edge.

A ring that crosses four times (a C-shape over the line) gives two chains on one edge, each
closed on its own instead of joined: filled with the **odd-even rule** (``Qt.OddEvenFill``)
the result is the same area, because on a line segment there is only one set of intervals with
a given set of end points. So every consumer fills a country's rings together, odd-even.

Closing edges are densified (every degree along a meridian, every 90° along a pole line), so
no segment spans more than 180° of longitude and curved projections bend them correctly.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from osint_desk.core.geo.topojson import Position, Ring

#: Degrees between the points added along a meridian or a pole line that closes a chain.
MERIDIAN_STEP = 1.0
POLE_STEP = 90.0


def crosses(a: Position, b: Position) -> bool:
    """Whether the short way from ``a`` to ``b`` crosses ±180° (a jump of over 180°)."""
    return abs(b[0] - a[0]) > 180.0


def split_ring(ring: Sequence[Position]) -> list[Ring]:
    """``ring`` cut at the antimeridian into closed rings that each stay within ±180°.

    A ring that does not cross comes back unchanged (as the one ring of the list). Rings that
    degenerate to no area (a sliver lying on the edge itself) are dropped.
    """
    lons = [lon for lon, _ in ring]
    if max(lons) - min(lons) <= 180.0:  # no step can jump more than the ring's width
        return [tuple(ring)]
    points = list(ring[:-1]) if len(ring) > 1 and ring[0] == ring[-1] else list(ring)
    count = len(points)
    cuts = [i for i in range(count) if crosses(points[i], points[(i + 1) % count])]
    if not cuts:
        return [tuple(ring)]
    first = cuts[0]
    chains: list[list[Position]] = []
    chain = [_crossing(points[first], points[(first + 1) % count])[1]]
    for step in range(1, count + 1):
        i = (first + step) % count
        here, after = points[i], points[(i + 1) % count]
        chain.append(here)
        if crosses(here, after):
            leaving, entering = _crossing(here, after)
            chain.append(leaving)
            chains.append(chain)
            chain = [entering]
    closed = (_close(chain) for chain in chains)
    return [ring for ring in closed if ring is not None]


def _crossing(a: Position, b: Position) -> tuple[Position, Position]:
    """Where segment a→b meets the antimeridian: the point on a's edge, the point on b's."""
    edge = 180.0 if a[0] > 0 else -180.0
    far = b[0] + 360.0 if edge > 0 else b[0] - 360.0
    t = 0.0 if far == a[0] else (edge - a[0]) / (far - a[0])
    lat = a[1] + t * (b[1] - a[1])
    return (edge, lat), (-edge, lat)


def _close(chain: list[Position]) -> Ring | None:
    start, end = chain[0], chain[-1]
    points = list(chain)
    if start[0] == end[0]:
        points += _meridian(end[0], end[1], start[1])
    else:
        mean = sum(lat for _, lat in chain) / len(chain)
        pole = -90.0 if mean < 0 else 90.0
        points += _meridian(end[0], end[1], pole)
        points += _pole_line(pole, end[0], start[0])
        points += _meridian(start[0], pole, start[1])
    points.append(start)
    cleaned = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
    if len(cleaned) < 4 or abs(_area(cleaned)) < 1e-12:
        return None
    return tuple(cleaned)


def _meridian(lon: float, from_lat: float, to_lat: float) -> list[Position]:
    """Points along ``lon`` after ``from_lat`` up to and including ``to_lat``."""
    steps = max(1, int(abs(to_lat - from_lat) / MERIDIAN_STEP))
    return [(lon, from_lat + (to_lat - from_lat) * k / steps) for k in range(1, steps + 1)]


def _pole_line(lat: float, from_lon: float, to_lon: float) -> list[Position]:
    steps = max(1, int(abs(to_lon - from_lon) / POLE_STEP))
    return [(from_lon + (to_lon - from_lon) * k / steps, lat) for k in range(1, steps + 1)]


def _area(points: Sequence[Position]) -> float:
    """Signed planar area (shoelace) of a closed ring, in square degrees."""
    return 0.5 * sum(a[0] * b[1] - b[0] * a[1] for a, b in pairwise(points))
