"""The offline basemap: Natural Earth's countries at 1:50m, decoded once per process.

The map must work with no tile server and no network (DESIGN.md, "Offline and safe by
construction"), so the country outlines ship in the wheel: ``resources/map/countries-50m.json``
from the npm package ``world-atlas`` 2.0.2 (ISC; the data, Natural Earth 4.1.0, is public
domain; see ``resources/map/README.md``). ``load_basemap()`` reads and decodes it the first time
it is asked (about a fifth of a second, see ``benchmarks/bench_geo.py``) and hands the same
immutable ``Basemap`` to every later caller, from any thread.

Each country comes with its ISO 3166-1 numeric code as the file has it, the alpha-2 code cards
use (``countries.numeric_to_alpha2``), and Natural Earth's short name. Its rings are cut at the
antimeridian (``antimeridian.py``) and must be filled together with the odd-even rule. Borders
are Natural Earth's; the view shows ``DISPUTED_BORDERS_NOTE`` on the map.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from osint_desk.core.countries import numeric_to_alpha2
from osint_desk.core.geo.antimeridian import split_ring
from osint_desk.core.geo.topojson import Position, Ring, TopoJSONError, read_features

BASEMAP_RESOURCE = "map/countries-50m.json"
BASEMAP_OBJECT = "countries"
DISPUTED_BORDERS_NOTE = ("Borders are shown as Natural Earth draws them, without any position"
                         " on disputed territory.")
ATTRIBUTION = "Basemap: Natural Earth 4.1.0 (public domain), via world-atlas 2.0.2 (ISC)."
#: Units Natural Earth draws without an ISO numeric code, where a code exists for cards.
_CODE_BY_NAME = {"Kosovo": "XK"}


class BasemapError(TopoJSONError):
    """The basemap file is missing or cannot be decoded; the message names the file."""


@dataclass(frozen=True, slots=True)
class CountryShape:
    """One Natural Earth country: codes, name, rings in lon/lat, bounding box, label point.

    ``code`` (alpha-2) is None for units without one (N. Cyprus, Somaliland, Siachen Glacier,
    Indian Ocean Ter.); two units can share a code (Australia and Ashmore and Cartier Is.).
    ``rings`` are closed, cut at ±180°, exteriors and holes alike: fill them together with the
    odd-even rule. ``label`` is a point inside the country for a name or a marker.
    """

    numeric: str | None
    code: str | None
    name: str
    rings: tuple[Ring, ...]
    bbox: tuple[float, float, float, float]
    label: Position

    def contains(self, lon: float, lat: float) -> bool:
        """Whether the position is inside the country (odd-even, like the fill)."""
        west, south, east, north = self.bbox
        if not (west <= lon <= east and south <= lat <= north):
            return False
        return _crossings(self.rings, lon, lat) % 2 == 1

    @property
    def point_count(self) -> int:
        return sum(len(ring) for ring in self.rings)


@dataclass(frozen=True)
class Basemap:
    """Every country of the basemap, and look-ups by alpha-2 code and by position."""

    countries: tuple[CountryShape, ...]
    source: str
    _by_code: dict[str, tuple[CountryShape, ...]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        grouped: dict[str, list[CountryShape]] = {}
        for country in self.countries:
            if country.code:
                grouped.setdefault(country.code, []).append(country)
        object.__setattr__(self, "_by_code", {k: tuple(v) for k, v in grouped.items()})

    def __iter__(self) -> Iterator[CountryShape]:
        return iter(self.countries)

    def __len__(self) -> int:
        return len(self.countries)

    def by_code(self, code: str) -> tuple[CountryShape, ...]:
        """The shapes to shade for an alpha-2 code ("ru", "KP"); empty when none is drawn."""
        return self._by_code.get(code.strip().upper(), ())

    def codes(self) -> frozenset[str]:
        return frozenset(self._by_code)

    def country_at(self, lon: float, lat: float) -> CountryShape | None:
        """The country under a position (a click on the map), or None over the sea."""
        for country in self.countries:
            if country.contains(lon, lat):
                return country
        return None


def decode_basemap(data: bytes, *, source: str = BASEMAP_RESOURCE) -> Basemap:
    """A ``Basemap`` from TopoJSON bytes with a ``countries`` collection; checked as hostile."""
    try:
        features = read_features(data, BASEMAP_OBJECT, source=source)
    except TopoJSONError as exc:
        raise BasemapError(str(exc)) from None
    shapes = []
    for feature in features:
        rings = tuple(piece for polygon in feature.polygons for ring in polygon
                      for piece in split_ring(ring))
        if not rings:
            continue
        code = numeric_to_alpha2(feature.id) if feature.id else _CODE_BY_NAME.get(feature.name)
        shapes.append(CountryShape(feature.id, code, feature.name, rings, _bbox(rings),
                                   _label_point(rings)))
    if not shapes:
        raise BasemapError(f"{source}: holds no country outlines")
    return Basemap(tuple(shapes), source)


def basemap_path() -> Path:
    """The shipped TopoJSON file (in a checkout, a wheel or the frozen app)."""
    from osint_desk.core.paths import resources_dir

    return resources_dir() / BASEMAP_RESOURCE


_lock = threading.Lock()
_cached: dict[str, Basemap] = {}


def loaded_basemap() -> Basemap | None:
    """The shipped basemap if it is decoded already, else None (never decodes: for the GUI
    thread, which must not wait the quarter second a decode takes)."""
    with _lock:
        return _cached.get(BASEMAP_RESOURCE)


def load_basemap() -> Basemap:
    """The shipped basemap, decoded on the first call and shared by every later one.

    Thread-safe: a view may warm it on the task runner while another asks for it; the second
    waits for the first decode instead of doing it again.
    """
    with _lock:
        if BASEMAP_RESOURCE not in _cached:
            path = basemap_path()
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise BasemapError(f"{path}: cannot be read ({exc.strerror or exc}); the"
                                   " installation is incomplete") from None
            _cached[BASEMAP_RESOURCE] = decode_basemap(data, source=str(path))
        return _cached[BASEMAP_RESOURCE]


def _bbox(rings: Sequence[Ring]) -> tuple[float, float, float, float]:
    lons = [lon for ring in rings for lon, _ in ring]
    lats = [lat for ring in rings for _, lat in ring]
    return min(lons), min(lats), max(lons), max(lats)


def _crossings(rings: Sequence[Ring], lon: float, lat: float) -> int:
    """How many ring edges a ray from the position eastward crosses (odd = inside)."""
    count = 0
    for ring in rings:
        for (x1, y1), (x2, y2) in pairwise(ring):
            if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
                count += 1
    return count


def _label_point(rings: Sequence[Ring]) -> Position:
    """A point inside the country: the middle of the widest inside span on the parallel
    through the centroid of its largest ring (a centroid alone can fall outside a crescent,
    or into a hole: Lesotho in South Africa)."""
    largest = max(rings, key=lambda ring: abs(_area(ring)))
    cx, cy = _centroid(largest)
    xs = sorted(x1 + (cy - y1) * (x2 - x1) / (y2 - y1)
                for ring in rings for (x1, y1), (x2, y2) in pairwise(ring)
                if (y1 > cy) != (y2 > cy))
    spans = [(xs[i], xs[i + 1]) for i in range(0, len(xs) - 1, 2)]
    if not spans:
        return cx, cy
    west, east = max(spans, key=lambda span: span[1] - span[0])
    return (west + east) / 2, cy


def _area(ring: Ring) -> float:
    return 0.5 * sum(a[0] * b[1] - b[0] * a[1] for a, b in pairwise(ring))


def _centroid(ring: Ring) -> Position:
    area = _area(ring)
    if area == 0:
        return ring[0]
    cx = cy = 0.0
    for (x1, y1), (x2, y2) in pairwise(ring):
        cross = x1 * y2 - x2 * y1
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    return cx / (6 * area), cy / (6 * area)
