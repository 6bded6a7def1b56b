"""The case's map without Qt: reading places as hostile data, the filters, the SVG figure, and
the report's "Map" section (HTML, PDF, ODT carry the drawing)."""

from __future__ import annotations

import base64
import math
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from osint_desk.core.errors import ValidationError
from osint_desk.core.geo.basemap import DISPUTED_BORDERS_NOTE, load_basemap
from osint_desk.core.geo.case_map import (
    MapCard,
    coordinate,
    country_codes,
    load_case_map,
    parse_position,
    suggest_places,
)
from osint_desk.core.geo.svg import SHADED, map_svg
from osint_desk.core.report import SECTIONS, ReportOptions, compose_report
from osint_desk.core.report.figures import MAP_FIGURE_ID
from osint_desk.core.report.html import body_html
from osint_desk.core.report.maps import map_figures, map_section
from osint_desk.core.store import CaseStore
from osint_desk.core.timeline import ItemKind, TimelineFilter
from osint_desk.docwriter.export import export_report

SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize(("value", "limit", "expected"), [
    ("59.93863", 90, 59.93863), (" -82,5 ", 180, -82.5), (30, 180, 30.0), (["12"], 90, 12.0),
    ("abc", 90, None), (999, 180, None), ("91", 90, None), ("nan", 90, None),
    ("inf", 180, None), ("1e400", 180, None), (True, 90, None), (None, 90, None),
    (["1", "2"], 90, None), ({"x": 1}, 90, None), ([[1]], 90, None), ("", 90, None)])
def test_a_coordinate_is_judged_as_hostile(value: object, limit: float,
                                           expected: float | None) -> None:
    assert coordinate(value, limit) == expected


def test_typed_coordinates() -> None:
    assert parse_position("48,59", " 37.99 ") == (48.59, 37.99)
    assert parse_position("-90", "180") == (-90.0, 180.0)
    for lat, lon, word in (("90.01", "0", "latitude"), ("0", "-180.5", "longitude"),
                           ("x", "0", "latitude"), ("0", "", "longitude")):
        with pytest.raises(ValidationError, match=word):
            parse_position(lat, lon)


def test_country_codes_of_a_card() -> None:
    assert country_codes({"nationality": ["ru", "KP"], "jurisdiction": "ru",
                          "country": ["\u202eru", 7, "r", None]}) == ("ru", "kp")


def test_the_picker_ranks_the_cards_country_first() -> None:
    russian = suggest_places("St. Petersburg", "ru")
    assert (russian[0].country, russian[0].name) == ("RU", "Saint Petersburg")
    assert "US" in {p.country for p in russian}  # Florida's is offered too
    american = suggest_places("St. Petersburg", "us")
    assert american[0].country == "US"
    assert suggest_places("St. Petersburg", "not a country")[0].country == "RU"


def test_the_demo_on_the_map(demo: CaseStore) -> None:
    case_map = load_case_map(demo)
    located = {card.name: card for card in case_map.located}
    assert set(located) == {"Bakhmut", "St. Petersburg"}
    assert math.isclose(located["St. Petersburg"].lat or 0, 59.93863)
    assert located["Bakhmut"].countries == ("ua",)
    shaded = case_map.shaded()
    assert {"ru", "kp", "ua", "us"} <= set(shaded)
    wagner = demo.entities.resolve("Wagner Group").id
    assert wagner in shaded["ru"]
    assert "Wagner Group" in {card.name for card in case_map.unlocated}  # an organisation
    assert "Vladimir Putin" not in {card.name for card in case_map.unlocated}  # a person
    # A state is on the map as its shading, not a point to be found; its ministries are not.
    unlocated = {card.name for card in case_map.unlocated}
    assert not unlocated & {"North Korea", "Russia", "United States", "United Kingdom"}
    assert "Russian Ministry of Defence" in unlocated
    bakhmut = located["Bakhmut"].id
    # The filters: a card filter, kinds, a time window.
    assert case_map.visible(TimelineFilter.of(card_ids=[bakhmut])) == {bakhmut}
    events = case_map.visible(TimelineFilter.of(kinds=[ItemKind.EXCERPT_EVENT]))
    assert bakhmut in events and wagner in events
    span = case_map.time_range()
    assert span is not None
    early = case_map.visible(None, (span[0], span[0]))
    assert bakhmut not in early
    import datetime as dt
    december = (dt.datetime(2022, 12, 1, tzinfo=dt.UTC), dt.datetime(2022, 12, 31, tzinfo=dt.UTC))
    assert bakhmut in case_map.visible(None, december)
    assert case_map.shaded([bakhmut]) == {"ua": [bakhmut]}


def test_the_figure_draws_places_and_shades_countries(demo: CaseStore) -> None:
    case_map = load_case_map(demo)
    svg = map_svg(load_basemap(), case_map.located, case_map.shaded(), title="Places")
    root = ElementTree.fromstring(svg)
    assert root.get("baseProfile") == "tiny"
    texts = "".join(root.itertext())
    assert "St. Petersburg" in texts and "Bakhmut" in texts
    assert DISPUTED_BORDERS_NOTE in texts and "Natural Earth" in texts
    assert len(root.findall(f"{SVG}circle")) == 2
    shaded = [p for p in root.findall(f"{SVG}path") if p.get("fill") == SHADED]
    assert len(shaded) >= 4  # Russia, North Korea, Ukraine, the United States, …
    assert svg == map_svg(load_basemap(), case_map.located, case_map.shaded(), title="Places")


def test_the_figure_escapes_names() -> None:
    hostile = MapCard("x", "Address", "<script>alert(1)</script> & \"Co\"", 30.0, 50.0, ())
    nowhere = MapCard("y", "Address", "Nowhere", None, None, ())
    svg = map_svg(load_basemap(), [hostile, nowhere], ["zz", "RU"])
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    root = ElementTree.fromstring(svg)
    assert len(root.findall(f"{SVG}circle")) == 1


def test_the_report_section(demo: CaseStore) -> None:
    assert SECTIONS["map"] == "Map"
    text = compose_report(demo).markdown
    section = text[text.index("## Map"):text.index("## Evidence appendix")]
    assert "{{chart:" + MAP_FIGURE_ID + "}}" in section
    assert "disputed territory" in section
    row = next(line for line in section.splitlines() if line.startswith("| St. Petersburg"))
    assert "| Address | Russia | 59.9386 | 30.3141 |" in row
    assert "North Korea (" in section and "Russia (" in section
    assert text.index("## Timeline") < text.index("## Map")
    without = compose_report(demo, ReportOptions(sections=tuple(k for k in SECTIONS
                                                                if k != "map")))
    assert "## Map" not in without.markdown
    assert "[map: drawn when the report is exported]" in body_html(section)


def test_a_case_without_places_has_no_map_section(store: CaseStore) -> None:
    store.entities.add("Person", "Nobody")
    assert map_section(store) == ""
    assert map_figures(store, "no marker here") == {}


def test_html_pdf_and_odt_carry_the_map(demo: CaseStore, document_app: object,
                                        tmp_path: Path) -> None:
    export_report(demo, "html", tmp_path / "r.html")
    page = (tmp_path / "r.html").read_text("utf-8")
    data = re.search(r'<img alt="Map: Places of the case" src="data:image/svg\+xml;base64,'
                     r'([A-Za-z0-9+/=]+)"', page)
    assert data is not None and "{{chart:" not in page
    svg = ElementTree.fromstring(base64.b64decode(data.group(1)))
    assert "Bakhmut" in "".join(svg.itertext())
    export_report(demo, "odt", tmp_path / "r.odt")
    with zipfile.ZipFile(tmp_path / "r.odt") as odt:
        assert [n for n in odt.namelist() if n.startswith("Pictures/")]
