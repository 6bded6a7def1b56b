"""TopoJSON → polygons of longitude/latitude, read as hostile input.

We ship the file we read (``resources/map/countries-50m.json``), but a damaged install, a
replaced file or a future "load your own basemap" must fail with a message naming the file and
the problem — never a ``RecursionError``, an ``IndexError`` deep in a loop, a float overflow or
a machine that swaps. So every structure is checked as it is read, against bounds far above what
Natural Earth needs (the 1:50m countries are 0.75 MB, 1,959 arcs, 80,617 positions).

TopoJSON (https://github.com/topojson/topojson-specification): shared borders are stored once
as *arcs*; a ring is a list of arc indices, ``~i`` (``-i - 1``) meaning arc ``i`` reversed, and
consecutive arcs share their end point. A *quantised* topology stores integer positions, each
arc's first absolute and the rest as deltas, with ``transform`` mapping them back to degrees.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

from osint_desk.core.errors import OsintDeskError

#: Bounds, each well above Natural Earth's 1:10m file (3.7 MB, ~10,000 arcs, ~500,000 positions).
MAX_BYTES = 32 * 2**20
MAX_ARCS = 200_000
MAX_POSITIONS = 5_000_000
MAX_GEOMETRIES = 20_000
MAX_RINGS = 200_000
MAX_NAME = 200
#: A quantised coordinate is an integer step; 2**31 is far beyond any quantisation (1e5-1e6).
MAX_QUANTUM = 2**31
#: Slack for rounding at the edge of the globe (quantisation puts 180 at 180.00000000000003).
_EDGE = 1e-6

Position = tuple[float, float]
Ring = tuple[Position, ...]
Polygon = tuple[Ring, ...]
#: Makes the error for a problem, with the file (and geometry) already named.
_Fail = Callable[[str], "TopoJSONError"]


class TopoJSONError(OsintDeskError):
    """A TopoJSON file that cannot be read; the message names the file and the problem."""


@dataclass(frozen=True, slots=True)
class Feature:
    """One geometry of a collection: its id, its ``properties.name``, its polygons.

    Each polygon is its rings in file order (the first is the exterior, the others holes);
    every ring is closed (first position == last) and has at least four positions.
    """

    id: str | None
    name: str
    polygons: tuple[Polygon, ...]


def read_features(data: bytes, object_name: str, *, source: str) -> list[Feature]:
    """The Polygon and MultiPolygon geometries of ``objects[object_name]`` in ``data``.

    ``source`` names the file in error messages. Raises ``TopoJSONError`` for anything that is
    not a well-formed, in-bounds TopoJSON topology; null geometries are skipped, as the
    specification allows.
    """

    def fail(problem: str) -> TopoJSONError:
        return TopoJSONError(f"{source}: {problem}")

    if len(data) > MAX_BYTES:
        raise fail(f"larger than {MAX_BYTES // 2**20} MiB, the most a basemap may be")
    try:
        text = data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError as exc:
        raise fail(f"not UTF-8 text (byte {exc.start}); TopoJSON is UTF-8 JSON") from None
    try:
        topology = json.loads(text)
    except RecursionError:
        raise fail("nested too deeply to be TopoJSON") from None
    except ValueError as exc:  # includes ints longer than Python's 4,300-digit limit
        raise fail(f"not JSON ({exc}); the file may be truncated or damaged") from None
    if not isinstance(topology, dict) or topology.get("type") != "Topology":
        raise fail('not TopoJSON (no top-level object with "type": "Topology")')
    objects = topology.get("objects")
    if not isinstance(objects, dict) or object_name not in objects:
        raise fail(f'has no object "{object_name}" in "objects"')
    collection = objects[object_name]
    if not isinstance(collection, dict) or collection.get("type") != "GeometryCollection":
        raise fail(f'"{object_name}" is not a GeometryCollection')
    geometries = collection.get("geometries")
    if not isinstance(geometries, list):
        raise fail(f'"{object_name}" has no list of "geometries"')
    if len(geometries) > MAX_GEOMETRIES:
        raise fail(f"more than {MAX_GEOMETRIES:,} geometries")
    arcs = _decode_arcs(topology.get("arcs"), _transform(topology.get("transform"), fail), fail)
    counter = [0]
    features = []
    for number, geometry in enumerate(geometries):
        feature = _feature(geometry, arcs, counter,
                           _within(fail, f'"{object_name}" geometry {number}'))
        if feature is not None:
            features.append(feature)
    return features


def _within(fail: _Fail, where: str) -> _Fail:
    """An error factory that also names the geometry the problem is in."""
    return lambda problem: fail(f"{where}: {problem}")


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _transform(value: Any, fail: _Fail) -> tuple[float, float, float, float] | None:
    """(scale x, scale y, translate x, translate y), or None for an unquantised topology."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise fail('"transform" is not an object')
    scale, translate = value.get("scale"), value.get("translate")
    for key, pair in (("scale", scale), ("translate", translate)):
        if not (isinstance(pair, list) and len(pair) == 2 and all(_number(v) for v in pair)
                and all(math.isfinite(v) for v in pair)):
            raise fail(f'"transform.{key}" is not two finite numbers')
    assert isinstance(scale, list) and isinstance(translate, list)
    if not (scale[0] > 0 and scale[1] > 0):
        raise fail('"transform.scale" must be positive')
    return float(scale[0]), float(scale[1]), float(translate[0]), float(translate[1])


def _decode_arcs(value: Any, transform: tuple[float, float, float, float] | None,
                 fail: _Fail) -> list[list[Position]]:
    """Every arc as absolute lon/lat positions, each checked to lie on the globe."""
    if not isinstance(value, list):
        raise fail('has no list of "arcs"')
    if len(value) > MAX_ARCS:
        raise fail(f"more than {MAX_ARCS:,} arcs")
    total = 0
    decoded: list[list[Position]] = []
    for number, arc in enumerate(value):
        if not isinstance(arc, list) or len(arc) < 2:
            raise fail(f"arc {number} is not a list of at least two positions")
        total += len(arc)
        if total > MAX_POSITIONS:
            raise fail(f"more than {MAX_POSITIONS:,} positions in its arcs")
        points = (_quantised(arc, transform, number, fail) if transform is not None
                  else _absolute(arc, number, fail))
        decoded.append(points)
    return decoded


def _columns(arc: list[Any], number: int, fail: _Fail, *,
             integers: bool) -> tuple[list[Any], list[Any]]:
    """The arc's x and y columns, each value checked to be an integer (or any number).

    Column-wise with C-level loops: per position Python code was two thirds of the decode.
    Positions come from JSON, so each is a list (x and y by index), a string or a number.
    """
    try:
        xs = [position[0] for position in arc]
        ys = [position[1] for position in arc]
    except (TypeError, IndexError, KeyError):
        xs = ys = []
    wanted = (int,) if integers else (int, float)
    if (len(xs) != len(arc) or not all(type(v) in wanted for v in xs)
            or not all(type(v) in wanted for v in ys)):
        what = "a pair of integers (a quantised arc holds [dx, dy] steps)" if integers else (
            "a pair of numbers")
        raise fail(f"arc {number}: a position is not {what}")
    return xs, ys


def _quantised(arc: list[Any], transform: tuple[float, float, float, float], number: int,
               fail: _Fail) -> list[Position]:
    kx, ky, dx, dy = transform
    xs, ys = _columns(arc, number, fail, integers=True)
    xs, ys = list(accumulate(xs)), list(accumulate(ys))
    if max(map(abs, xs)) > MAX_QUANTUM or max(map(abs, ys)) > MAX_QUANTUM:
        raise fail(f"arc {number}: a position beyond ±2**31 quantisation steps")
    # The transform is increasing, so the extremes of the steps are the extremes in degrees.
    lons = [x * kx + dx for x in xs]
    lats = [y * ky + dy for y in ys]
    return _on_globe(lons, lats, number, fail)


def _absolute(arc: list[Any], number: int, fail: _Fail) -> list[Position]:
    xs, ys = _columns(arc, number, fail, integers=False)
    return _on_globe([float(x) for x in xs], [float(y) for y in ys], number, fail)


def _on_globe(lons: list[float], lats: list[float], number: int,
              fail: _Fail) -> list[Position]:
    """The positions, clamped onto the globe when within rounding of its edge; else an error."""
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    if not (math.isfinite(west) and math.isfinite(east) and math.isfinite(south)
            and math.isfinite(north) and west >= -180 - _EDGE and east <= 180 + _EDGE
            and south >= -90 - _EDGE and north <= 90 + _EDGE):
        raise fail(f"arc {number}: positions reach ({west}…{east}, {south}…{north}), not"
                   " longitudes and latitudes in degrees (an unprojected topology is expected)")
    if west < -180 or east > 180:
        lons = [min(180.0, max(-180.0, lon)) for lon in lons]
    if south < -90 or north > 90:
        lats = [min(90.0, max(-90.0, lat)) for lat in lats]
    return list(zip(lons, lats, strict=True))


def _feature(geometry: Any, arcs: list[list[Position]], counter: list[int],
             fail: _Fail) -> Feature | None:
    if not isinstance(geometry, dict):
        raise fail("not an object")
    kind = geometry.get("type")
    if kind is None:
        return None
    raw_id = geometry.get("id")
    if isinstance(raw_id, bool) or not isinstance(raw_id, str | int | None):
        raise fail('"id" is neither a string nor an integer')
    properties = geometry.get("properties", {})
    if properties is None:
        properties = {}
    if not isinstance(properties, dict):
        raise fail('"properties" is not an object')
    name = properties.get("name", "")
    if not isinstance(name, str) or len(name) > MAX_NAME:
        raise fail(f'"properties.name" is not a string of at most {MAX_NAME} characters')
    parts = geometry.get("arcs")
    if kind == "Polygon":
        polygons = [parts]
    elif kind == "MultiPolygon":
        if not isinstance(parts, list):
            raise fail('"arcs" of a MultiPolygon is not a list of polygons')
        polygons = parts
    else:
        raise fail(f"type {kind!r}: a basemap holds only Polygon and MultiPolygon geometries")
    built = tuple(_polygon(polygon, arcs, counter, fail) for polygon in polygons)
    return Feature(None if raw_id is None else str(raw_id), name, built)


def _polygon(polygon: Any, arcs: list[list[Position]], counter: list[int],
             fail: _Fail) -> Polygon:
    if not isinstance(polygon, list) or not polygon:
        raise fail("a polygon is not a non-empty list of rings")
    counter[0] += len(polygon)
    if counter[0] > MAX_RINGS:
        raise fail(f"more than {MAX_RINGS:,} rings in the file")
    return tuple(_ring(ring, arcs, fail) for ring in polygon)


def _ring(indices: Any, arcs: Sequence[list[Position]], fail: _Fail) -> Ring:
    if not isinstance(indices, list) or not indices:
        raise fail("a ring is not a non-empty list of arc indices")
    points: list[Position] = []
    for index in indices:
        if type(index) is not int or not -len(arcs) <= index < len(arcs):
            raise fail(f"arc index {index!r} is not an integer within the {len(arcs)} arcs")
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        if points and points[-1] != arc[0]:
            raise fail(f"arc {index} does not start where the ring's previous arc ends")
        points.extend(arc[1:] if points else arc)
    if len(points) < 4 or points[0] != points[-1]:
        raise fail("a ring is not closed (at least four positions, the last equal to the"
                   " first)")
    return tuple(points)
