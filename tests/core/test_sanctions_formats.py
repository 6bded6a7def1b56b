"""The formats with no published sample, on fixtures built from their documented layouts.

OFAC sdn.xml (both namespaces), EU FSF CSV, the FCDO UK Sanctions List CSV, OFSI ConList CSV
and OpenSanctions targets.simple.csv: see fixtures/sanctions/README.md.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from shared_data import MISSING_REASON, SANCTIONS

from osint_desk.core.sanctions.entries import Alias, Identifier, ListEntry, ListFormatError
from osint_desk.core.sanctions.formats import detect, parse
from osint_desk.core.sanctions.formats.tabular import dmy
from osint_desk.core.sanctions.library import ListLibrary

FIXTURES = Path(__file__).parent / "fixtures" / "sanctions"


def load(name: str) -> tuple[object, dict[str, ListEntry]]:
    info, entries = parse([FIXTURES / name])
    return info, {e.entry_ref: e for e in entries}


@pytest.mark.parametrize(("name", "fmt"), [
    ("ofac_sdn_tempuri_sample.xml", "ofac-xml"), ("ofac_sdn_current_sample.xml", "ofac-xml"),
    ("eu_fsf_sample.csv", "eu-csv"), ("uk_sanctions_list_sample.csv", "uk-csv"),
    ("ofsi_conlist_sample.csv", "ofsi-csv"), ("targets.simple.csv", "ftm-csv")])
def test_detection(name: str, fmt: str) -> None:
    assert detect([FIXTURES / name]) == fmt


def test_ofac_xml_old_namespace() -> None:
    info, entries = load("ofac_sdn_tempuri_sample.xml")
    assert (info.list_key, info.published) == ("ofac-sdn", "2018-12-20")  # type: ignore[attr-defined]
    prigozhin = entries["21171"]
    assert prigozhin.name == "PRIGOZHIN, Yevgeniy Viktorovich"  # as in the CSV set
    assert prigozhin.schema == "Person" and prigozhin.birth_dates == ("1961-06-01",)
    assert prigozhin.programs == ("UKRAINE-EO13661", "CYBER2")
    assert prigozhin.aliases == (Alias("PRIGOZHIN, Evgeny", "strong"),)
    assert prigozhin.links == ("INTERNET RESEARCH AGENCY LLC",)
    wagner = entries["22543"]
    assert Alias("WAGNER GROUP", "weak") in wagner.aliases  # XML keeps the category
    assert sum(a.strength == "strong" for a in wagner.aliases) == 3
    tanker = entries["90002"]
    assert tanker.schema == "Vessel" and tanker.countries == ("Iran",)
    assert Identifier("Call Sign", "EPAA1") in tanker.identifiers


def test_ofac_xml_current_namespace() -> None:
    info, entries = load("ofac_sdn_current_sample.xml")
    assert info.published == "2025-05-16"  # type: ignore[attr-defined]
    ira = entries["23943"]
    assert ira.schema == "LegalEntity" and ira.programs == ("CYBER2", "ELECTION-EO13848")
    assert ira.identifiers == (Identifier("Registration ID", "1137847171846", "Russia"),)
    assert ira.addresses[0].text == "55 Savushkina Street, St. Petersburg"


@pytest.mark.skipif(not SANCTIONS.is_dir(), reason=MISSING_REASON)
def test_eu_csv_groups_rows_by_entity() -> None:
    info, entries = load("eu_fsf_sample.csv")
    assert (info.list_key, info.published) == ("eu-fsf", "2024-12-11")  # type: ignore[attr-defined]
    assert list(entries) == ["13", "90100"]
    saddam = entries["13"]
    assert saddam.name == "Saddam Hussein Al-Tikriti" and saddam.schema == "Person"
    assert [a.name for a in saddam.aliases] == ["Abu Ali", "Abou Ali"]
    assert saddam.birth_dates == ("1937-04-28",) and saddam.nationalities == ("IRAQ",)
    # The same entity read from the XML excerpt gives the same entry.
    xml = parse([SANCTIONS / "eu_fsf_xml_excerpt_2024-12-11.xml"])[1]
    assert next(iter(xml)) == saddam
    wagner = entries["90100"]
    assert wagner.schema == "Organization"
    assert Alias("Группа Вагнера", "strong", "Cyrillic") in wagner.aliases
    assert wagner.identifiers == (
        Identifier("Registration Number", "1234567890123", "RUSSIAN FEDERATION"),)


def test_uk_fcdo_csv() -> None:
    info, entries = load("uk_sanctions_list_sample.csv")
    assert (info.list_key, info.authority, info.published) == (  # type: ignore[attr-defined]
        "uk-fcdo", "UK", "2024-10-08")
    person = entries["RUS9001"]
    assert person.name == "Yevgeniy Viktorovich PRIGOZHIN" and person.schema == "Person"
    assert person.aliases == (Alias("Evgeny PRIGOZHIN", "strong"), Alias("Putin's Chef", "weak"))
    assert person.original_script_names == ("Евгений Викторович Пригожин",)
    assert person.birth_dates == ("1961-06-01",) and person.listed_on == "2022-03-15"
    ship = entries["RUS9002"]
    assert ship.schema == "Vessel" and Identifier("IMO", "9000002") in ship.identifiers
    assert ship.countries == ("Cameroon",)


def test_ofsi_conlist_csv() -> None:
    info, entries = load("ofsi_conlist_sample.csv")
    assert (info.list_key, info.published) == ("uk-ofsi", "2024-02-01")  # type: ignore[attr-defined]
    assert entries["99001"].aliases == (Alias("Evgeny PRIGOZHIN", "strong"),)
    wagner = entries["99003"]
    assert wagner.schema == "Organization" and wagner.name == "WAGNER GROUP"
    assert Alias("ORCHESTRA", "weak") in wagner.aliases
    assert wagner.addresses[0].country == "Russia"


def test_targets_simple_csv() -> None:
    info, entries = load("targets.simple.csv")
    assert info.authority == "OpenSanctions" and info.published is None  # type: ignore[attr-defined]
    assert sorted(e.schema for e in entries.values()) == ["Organization", "Person", "Vessel"]
    person = entries["NK-fixture-1"]
    assert "Jewgeni Prigoschin" in [a.name for a in person.aliases]
    assert person.programs == ("US-UKRAINE-EO13661", "GB-RUS")


def test_fixture_formats_import_into_the_library(tmp_path: Path) -> None:
    with ListLibrary(tmp_path / "lists.sqlite") as library:
        for path in sorted(FIXTURES.glob("*.csv")) + sorted(FIXTURES.glob("*.xml")):
            report = library.import_files([path])
            assert report.total >= 1
        keys = {s.info.list_key for s in library.lists()}
    assert {"ofac-sdn", "eu-fsf", "uk-fcdo", "uk-ofsi"} <= keys


def test_broken_header_csv(tmp_path: Path) -> None:
    text = (FIXTURES / "ofsi_conlist_sample.csv").read_text(encoding="utf-8")
    broken = tmp_path / "ConList.csv"
    broken.write_text(text + 'PRIGOZHIN,"unterminated', encoding="utf-8")
    with pytest.raises(ListFormatError, match=r"ConList\.csv: line \d+: malformed CSV"):
        list(parse([broken])[1])
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    with pytest.raises(ListFormatError, match="not a list format"):
        parse([wrong])
    with pytest.raises(ListFormatError, match="header lacks"):
        list(parse([wrong], format="ofsi-csv")[1])


@pytest.mark.parametrize(("text", "expected"), [
    ("28/04/1937", "1937-04-28"), ("00/00/1965", "1965"), ("00/06/1965", "1965-06"),
    ("1965", None)])
def test_day_month_year(text: str, expected: str | None) -> None:
    assert dmy(text) == expected
