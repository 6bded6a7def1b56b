"""The offline gazetteer: the walkthrough's places, folded names, ranking, no network."""

from __future__ import annotations

import subprocess
import sys

import pytest

from osint_desk.core.errors import ValidationError
from osint_desk.core.geo.gazetteer import (
    ATTRIBUTION,
    Gazetteer,
    Place,
    PlaceKind,
    candidates,
    fold,
    gazetteer,
)


@pytest.fixture(scope="module", autouse=True)
def loaded() -> Gazetteer:
    """One load for the module (about a second or two): the shared default gazetteer."""
    shared = gazetteer()
    shared.load()
    return shared


def _codes(places: list[Place]) -> list[tuple[str, str]]:
    return [(p.name, p.country) for p in places]


def test_st_petersburg_offers_russia_first_and_florida_too() -> None:
    found = candidates("St. Petersburg")
    assert (found[0].name, found[0].country) == ("Saint Petersburg", "RU")
    florida = [p for p in found if p.country == "US" and p.region == "Florida"]
    assert florida and florida[0].name == "St. Petersburg"
    assert florida[0].label == "St. Petersburg, Florida, United States"
    assert found[0].population > florida[0].population
    assert found[0].latitude == pytest.approx(59.94, abs=0.05)
    assert found[0].longitude == pytest.approx(30.31, abs=0.05)


@pytest.mark.parametrize("query", ["Bakhmut", "BAKHMUT", "Artemivsk", "Artemivs'k",
                                   "Артемівськ", "Бахмут"])
def test_bakhmut_under_its_names(query: str) -> None:
    first = candidates(query)[0]
    assert (first.name, first.country, first.kind) == ("Bakhmut", "UA", PlaceKind.CITY)
    assert first.exact
    assert first.latitude == pytest.approx(48.59, abs=0.05)
    assert fold(first.matched) == fold(query)


def test_pyongyang() -> None:
    first = candidates("Pyongyang")[0]
    assert (first.name, first.country) == ("Pyongyang", "KP")
    assert candidates("P'yŏngyang")[0].country == "KP"


@pytest.mark.parametrize("query", ["North Korea", "north korea", "DPRK", "Korea, North",
                                   "Democratic People's Republic of Korea"])
def test_countries_resolve_by_name(query: str) -> None:
    first = candidates(query)[0]
    assert (first.country, first.kind) == ("KP", PlaceKind.COUNTRY)
    assert first.name == "North Korea" and first.label == "North Korea"
    # a point inside the country's outline, not a capital or (0, 0)
    assert 37.5 < first.latitude < 43.1 and 124 < first.longitude < 131


def test_russia_is_a_country_placed_inside_russia() -> None:
    (russia,) = [p for p in candidates("Russian Federation") if p.kind is PlaceKind.COUNTRY]
    assert russia.country == "RU" and russia.population > 100_000_000
    assert 40 < russia.latitude < 82


@pytest.mark.parametrize(("query", "name", "country"), [
    ("krakow", "Kraków", "PL"), ("DÜSSELDORF", "Düsseldorf", "DE"), ("sao paulo", "São Paulo",
                                                                     "BR"),
    ("Kiev", "Kyiv", "UA"), ("sankt-peterburg", "Saint Petersburg", "RU"),
    ("Mt. Vernon", "Mount Vernon", "US"),
])
def test_case_accents_and_alternate_names(query: str, name: str, country: str) -> None:
    assert (name, country) in _codes(candidates(query))


def test_country_filter_by_code_or_name() -> None:
    only_us = candidates("St. Petersburg", country="us")
    assert only_us and all(p.country == "US" for p in only_us)
    assert only_us[0].region == "Florida"
    assert _codes(candidates("Saint Petersburg", country="Russia"))[0] == (
        "Saint Petersburg", "RU")
    with pytest.raises(ValidationError, match="not a country"):
        candidates("Paris", country="Atlantis")


def test_ranking_exact_before_prefix_then_population() -> None:
    found = candidates("Moscow", limit=5)
    assert _codes(found)[:2] == [("Moscow", "RU"), ("Moscow", "US")]
    assert all(p.exact for p in found[:2])
    partial = candidates("Pyongy")
    assert partial and partial[0].country == "KP" and not partial[0].exact
    populations = [p.population for p in candidates("San", limit=10) if not p.exact]
    assert populations == sorted(populations, reverse=True)


def test_us_states_are_admin_places() -> None:
    (state,) = [p for p in candidates("Florida") if p.kind is PlaceKind.ADMIN]
    assert state.country == "US" and 24 < state.latitude < 31 and -88 < state.longitude < -80
    assert candidates("Florida")[0] == state  # the state outranks the towns named after it


def test_limit_empty_and_unknown() -> None:
    assert len(candidates("San", limit=3)) == 3
    assert candidates("") == candidates("  ,. ") == []
    assert candidates("Qqqxxzz Nowhere") == []
    assert candidates("Paris", limit=0) == []


def test_airport_codes_are_not_names() -> None:
    assert all(p.name != "Saint Petersburg" for p in candidates("LED"))


def test_place_attributes_for_the_card() -> None:
    first = candidates("Bakhmut")[0]
    attributes = first.attributes()
    assert attributes["country"] == "ua"
    assert float(attributes["latitude"]) == pytest.approx(first.latitude, abs=1e-5)
    assert float(attributes["longitude"]) == pytest.approx(first.longitude, abs=1e-5)


def test_fold() -> None:
    assert fold("St. Petersburg") == fold("Saint-Petersburg") == "saint petersburg"
    assert fold("Île-de-France") == "ile de france"
    assert fold("Artemivs’k") == fold("Artemivsk") == "artemivsk"
    assert fold("Straße") == "strasse"
    assert fold("  Ft.  Worth ") == "fort worth"


def test_attribution_names_geonames_and_the_licence() -> None:
    assert "GeoNames" in ATTRIBUTION and "CC BY 4.0" in ATTRIBUTION


def test_only_known_datasets() -> None:
    with pytest.raises(ValueError, match="min_population"):
        Gazetteer(min_population=12345)


def test_loading_and_looking_up_open_no_socket() -> None:
    """In a fresh interpreter an audit hook sees every socket call; there must be none."""
    code = (
        "import sys\n"
        "seen = []\n"
        "sys.addaudithook(lambda event, args: seen.append(event)"
        " if event.startswith('socket.') else None)\n"
        "from osint_desk.core.geo.gazetteer import candidates\n"
        "found = candidates('St. Petersburg') + candidates('North Korea')\n"
        "print(len(found), seen)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, timeout=300)
    count, seen = result.stdout.split(" ", 1)
    assert int(count) >= 2 and seen.strip() == "[]"
