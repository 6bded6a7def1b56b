"""The shipped basemap: decoded whole and sane, cut at the antimeridian, hostile files refused."""

from __future__ import annotations

import json
import math
import subprocess
import sys
import threading
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from osint_desk.core.countries import numeric_to_alpha2
from osint_desk.core.geo import basemap as basemap_module
from osint_desk.core.geo import topojson
from osint_desk.core.geo.antimeridian import crosses, split_ring
from osint_desk.core.geo.basemap import (
    BasemapError,
    CountryShape,
    decode_basemap,
    load_basemap,
)
from osint_desk.core.geo.projection import (
    DEFAULT_PROJECTION,
    EQUIRECTANGULAR,
    MERCATOR_MAX_LAT,
    NATURAL_EARTH,
    WEB_MERCATOR,
)


def _only(code: str) -> CountryShape:
    (shape,) = load_basemap().by_code(code)
    return shape


# --- the shipped file ------------------------------------------------------------------------

def test_the_basemap_ships_with_its_licence_and_readme() -> None:
    folder = resources.files("osint_desk.resources").joinpath("map")
    for name in ("countries-50m.json", "LICENSE", "README.md"):
        assert folder.joinpath(name).is_file(), name
    readme = folder.joinpath("README.md").read_text("utf-8")
    assert "world-atlas" in readme and "2.0.2" in readme and "ISC" in readme
    assert "public domain" in readme and "disputed territory" in readme


def test_decode_gives_every_country_with_sane_bounds() -> None:
    basemap = load_basemap()
    assert 235 <= len(basemap) <= 260
    for country in basemap:
        west, south, east, north = country.bbox
        assert -180 <= west <= east <= 180 and -90 <= south <= north <= 90, country.name
        assert country.rings and all(len(r) >= 4 and r[0] == r[-1] for r in country.rings)
        assert country.contains(*country.label), country.name
    russia = _only("RU")
    assert russia.name == "Russia" and russia.numeric == "643"
    assert russia.bbox[1] == pytest.approx(41.2, abs=0.1)
    assert russia.bbox[3] == pytest.approx(81.85, abs=0.1)


def test_countries_carry_alpha2_codes() -> None:
    basemap = load_basemap()
    assert {"RU", "UA", "KP", "US", "FJ", "AQ", "XK", "GB", "CN"} <= basemap.codes()
    assert _only("kp").name == "North Korea"
    assert len(basemap.by_code("AU")) == 2  # Australia, and Ashmore and Cartier Is.
    assert basemap.by_code("ZZ") == ()
    uncoded = {c.name for c in basemap if c.code is None}
    assert uncoded == {"Somaliland", "N. Cyprus", "Indian Ocean Ter.", "Siachen Glacier"}
    assert all(numeric_to_alpha2(c.numeric) == c.code for c in basemap if c.numeric)


def test_country_at_finds_the_country_under_a_position() -> None:
    basemap = load_basemap()
    found = basemap.country_at(37.62, 55.75)
    assert found is not None and found.code == "RU"
    lesotho = basemap.country_at(28.2, -29.6)  # a hole in South Africa
    assert lesotho is not None and lesotho.code == "LS"
    assert basemap.country_at(-30.0, 0.0) is None  # the Atlantic


def test_numeric_codes_map_to_alpha2() -> None:
    assert numeric_to_alpha2("643") == "RU"
    assert numeric_to_alpha2("004") == numeric_to_alpha2(4) == "AF"
    assert numeric_to_alpha2("408") == "KP"
    assert numeric_to_alpha2("804") == "UA"
    for unknown in ("200", "999", "abc", "-99", "", None, True, "1234"):
        assert numeric_to_alpha2(unknown) is None, unknown  # type: ignore[arg-type]


def test_decoded_once_and_shared_across_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    assert load_basemap() is load_basemap()
    monkeypatch.setattr(basemap_module, "_cached", {})
    calls = []
    real = basemap_module.decode_basemap
    monkeypatch.setattr(basemap_module, "decode_basemap",
                        lambda data, source: calls.append(source) or real(data, source=source))
    results: list[object] = []
    threads = [threading.Thread(target=lambda: results.append(load_basemap()))
               for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(calls) == 1 and len(results) == 4
    assert all(r is results[0] for r in results)


# --- the antimeridian ------------------------------------------------------------------------

def test_no_ring_segment_spans_more_than_180_degrees() -> None:
    for country in load_basemap():
        for ring in country.rings:
            assert not any(crosses(a, b) for a, b in pairwise(ring)), country.name


@pytest.mark.parametrize("code", ["RU", "FJ"])
def test_russia_and_fiji_are_cut_at_the_antimeridian(code: str) -> None:
    shape = _only(code)
    west = [r for r in shape.rings if min(lon for lon, _ in r) == -180.0]
    east = [r for r in shape.rings if max(lon for lon, _ in r) == 180.0]
    assert west and east
    # the pieces meet the edge along the meridian, not across the map
    assert all(max(lon for lon, _ in r) < 0 for r in west)
    assert all(min(lon for lon, _ in r) > 0 for r in east)


def test_chukotka_lies_on_both_sides_and_the_pacific_stays_empty() -> None:
    russia = _only("RU")
    assert russia.contains(-175.0, 67.0) and russia.contains(175.0, 67.0)
    basemap = load_basemap()
    for lon, lat in ((-150.0, 50.0), (170.0, 30.0), (-170.0, -30.0), (0.0, 70.0)):
        assert basemap.country_at(lon, lat) is None, (lon, lat)


def test_antarctica_is_closed_through_the_south_pole() -> None:
    antarctica = _only("AQ")
    assert antarctica.contains(0.0, -85.0) and antarctica.contains(179.0, -88.0)
    assert not antarctica.contains(0.0, -50.0)


def test_split_ring_on_small_cases() -> None:
    square = ((179.0, 0.0), (-179.0, 0.0), (-179.0, 1.0), (179.0, 1.0), (179.0, 0.0))
    pieces = split_ring(square)
    assert len(pieces) == 2
    assert {min(lon for lon, _ in p) for p in pieces} == {-180.0, 179.0}
    assert all(not any(crosses(a, b) for a, b in pairwise(p)) for p in pieces)
    plain = ((10.0, 0.0), (11.0, 0.0), (11.0, 1.0), (10.0, 0.0))
    assert split_ring(plain) == [plain]
    # a ring round the north pole, crossing once: closed along the pole line
    polar = ((-180.0, 80.0), (-90.0, 80.0), (0.0, 80.0), (90.0, 80.0), (179.0, 80.0),
             (-180.0, 80.0))
    (closed,) = split_ring(polar)
    assert max(lat for _, lat in closed) == 90.0
    assert not any(crosses(a, b) for a, b in pairwise(closed))


# --- projections -----------------------------------------------------------------------------

@pytest.mark.parametrize("projection", [WEB_MERCATOR, EQUIRECTANGULAR, NATURAL_EARTH])
def test_projections_round_trip(projection: Any) -> None:
    for lon, lat in ((0.0, 0.0), (30.31, 59.94), (-82.68, 27.77), (179.9, -16.5),
                     (-180.0, 70.0), (125.75, 39.03)):
        x, y = projection.forward(lon, lat)
        back = projection.inverse(x, y)
        assert back == pytest.approx((lon, lat), abs=1e-7)
        assert (y < 0) == (lat > 0) or lat == 0  # y grows southward
    west, north, east, south = projection.bounds
    assert west < east and north < south


def test_web_mercator_is_the_default_and_a_square_world() -> None:
    assert DEFAULT_PROJECTION is WEB_MERCATOR
    assert WEB_MERCATOR.bounds == (-180.0, -180.0, 180.0, 180.0)
    assert WEB_MERCATOR.forward(0.0, 90.0)[1] == pytest.approx(-180.0)
    assert WEB_MERCATOR.forward(0.0, MERCATOR_MAX_LAT)[1] == pytest.approx(-180.0)
    assert math.isfinite(WEB_MERCATOR.forward(0.0, -90.0)[1])
    assert EQUIRECTANGULAR.project([(10.0, 20.0)]) == [(10.0, -20.0)]


# --- hostile TopoJSON ------------------------------------------------------------------------

def _topology(**changes: Any) -> dict[str, Any]:
    """A small valid quantised topology: one square country (id 643), changed as asked."""
    base: dict[str, Any] = {
        "type": "Topology",
        "transform": {"scale": [0.01, 0.01], "translate": [-180, -90]},
        "arcs": [[[100, 100], [100, 0], [0, 100], [-100, 0], [0, -100]]],
        "objects": {"countries": {"type": "GeometryCollection", "geometries": [
            {"type": "Polygon", "arcs": [[0]], "id": "643", "properties": {"name": "R"}}]}},
    }
    base.update(changes)
    return base


def _decode(value: Any) -> Any:
    data = value if isinstance(value, bytes) else json.dumps(value).encode()
    return decode_basemap(data, source="hostile.json")


def test_a_small_valid_topology_decodes() -> None:
    (shape,) = _decode(_topology())
    assert shape.code == "RU" and shape.name == "R"
    assert shape.bbox == pytest.approx((-179.0, -89.0, -178.0, -88.0))


def _geometry(geometry: dict[str, Any]) -> dict[str, Any]:
    return _topology(objects={"countries": {"type": "GeometryCollection",
                                            "geometries": [geometry]}})


HOSTILE: list[tuple[str, Any, str]] = [
    ("truncated", json.dumps(_topology()).encode()[:150], "truncated"),
    ("deep nesting", b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    ("deep arc", _topology(arcs=[[[[[1, 2]]], [[[1, 2]]]]]), "not a pair of integers"),
    ("huge integer", json.dumps(_topology()).replace("[100, 0]", "[1" + "0" * 5000 + ", 0]")
     .encode(), "not JSON"),
    ("huge step", _topology(arcs=[[[2**40, 0], [1, 1]]]), "2\\*\\*31"),
    ("infinite scale", json.dumps(_topology()).replace("0.01, 0.01", "1e999, 0.01").encode(),
     "finite"),
    ("off the globe", _topology(transform={"scale": [1, 1], "translate": [0, 0]}),
     "not longitudes and latitudes"),
    ("float in quantised arc", _topology(arcs=[[[1.5, 0], [1, 1]]]), "pair of integers"),
    ("bool in arc", _topology(arcs=[[[True, 0], [1, 1]]]), "pair of integers"),
    ("string arcs", _topology(arcs="nope"), "no list of \"arcs\""),
    ("one-point arc", _topology(arcs=[[[1, 1]]]), "at least two positions"),
    ("not a topology", {"type": "FeatureCollection"}, "not TopoJSON"),
    ("a list", [1, 2, 3], "not TopoJSON"),
    ("no countries", _topology(objects={"land": {}}), 'no object "countries"'),
    ("arc index out of range", _geometry({"type": "Polygon", "arcs": [[7]]}), "within the 1"),
    ("arc index a float", _geometry({"type": "Polygon", "arcs": [[0.0]]}), "arc index"),
    ("point geometry", _geometry({"type": "Point", "coordinates": [0, 0]}), "Polygon"),
    ("name a list", _geometry({"type": "Polygon", "arcs": [[0]], "properties": {"name": [1]}}),
     "properties.name"),
    ("id an object", _geometry({"type": "Polygon", "arcs": [[0]], "id": {}}), '"id"'),
    ("polygon not a list", _geometry({"type": "MultiPolygon", "arcs": 5}), "MultiPolygon"),
    ("open ring", _topology(arcs=[[[100, 100], [100, 0], [0, 100]]]), "not closed"),
    ("not UTF-8", b"\xff\xfe{}", "not UTF-8"),
    ("no geometries", _topology(objects={"countries": {"type": "GeometryCollection"}}),
     "geometries"),
    ("only null geometries", _geometry({"type": None}), "no country outlines"),
]


@pytest.mark.parametrize(("value", "message"), [(v, m) for _, v, m in HOSTILE],
                         ids=[name for name, _, _ in HOSTILE])
def test_hostile_topojson_is_refused_with_a_clear_error(value: Any, message: str) -> None:
    with pytest.raises(BasemapError, match=message) as caught:
        _decode(value)
    assert str(caught.value).startswith("hostile.json: ")


def test_size_and_count_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    data = json.dumps(_topology()).encode()
    monkeypatch.setattr(topojson, "MAX_BYTES", len(data) - 1)
    with pytest.raises(BasemapError, match="larger than"):
        _decode(data)
    monkeypatch.undo()
    monkeypatch.setattr(topojson, "MAX_POSITIONS", 3)
    with pytest.raises(BasemapError, match="more than 3 positions"):
        _decode(data)


def test_a_missing_file_is_a_clear_error(monkeypatch: pytest.MonkeyPatch,
                                         tmp_path: Path) -> None:
    monkeypatch.setattr(basemap_module, "_cached", {})
    monkeypatch.setattr(basemap_module, "basemap_path", lambda: tmp_path / "gone.json")
    with pytest.raises(BasemapError, match=r"gone\.json: cannot be read"):
        load_basemap()


def test_decoding_opens_no_socket() -> None:
    """In a fresh interpreter an audit hook sees every socket call; there must be none."""
    code = (
        "import sys\n"
        "seen = []\n"
        "sys.addaudithook(lambda event, args: seen.append(event)"
        " if event.startswith('socket.') else None)\n"
        "from osint_desk.core.geo.basemap import load_basemap\n"
        "from osint_desk.core.geo.projection import DEFAULT_PROJECTION\n"
        "basemap = load_basemap()\n"
        "[DEFAULT_PROJECTION.project(r) for c in basemap for r in c.rings]\n"
        "print(len(basemap), seen)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, timeout=120)
    count, seen = result.stdout.split(" ", 1)
    assert int(count) > 200 and seen.strip() == "[]"
