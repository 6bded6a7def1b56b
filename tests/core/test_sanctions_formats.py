"""The formats with no published sample, on fixtures built from their documented layouts.

OFAC sdn.xml (both namespaces), EU FSF CSV, the FCDO UK Sanctions List CSV, OFSI ConList CSV
and OpenSanctions targets.simple.csv: see fixtures/sanctions/README.md.
"""

from __future__ import annotations

import json
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
    # Every row is a target and is kept, even of a schema no list entry normally has (the
    # Address row): a warning names it.
    assert sorted(e.schema for e in entries.values()) == [
        "Address", "Organization", "Person", "Vessel"]
    assert any("1 Address" in w for w in info.warnings)  # type: ignore[attr-defined]
    assert entries["NK-fixture-3"].identifiers == (Identifier("imo", "9000002"),)
    person = entries["NK-fixture-1"]
    assert "Jewgeni Prigoschin" in [a.name for a in person.aliases]
    assert person.programs == ("US-UKRAINE-EO13661", "GB-RUS")


WALLET = "0x3cbDeD43EFdAf0FC77b9C55F6fC9988fCC9b37d9"


def test_targets_simple_csv_keeps_every_schema() -> None:
    info, entries = load("targets_mixed.simple.csv")
    assert info.list_key == "opensanctions-targets-mixed"  # type: ignore[attr-defined]
    assert [e.schema for e in entries.values()] == [
        "Person", "Organization", "Company", "LegalEntity", "PublicBody", "Vessel", "Airplane",
        "Security", "CryptoWallet", "CryptoWallet"]
    assert info.warnings == []  # type: ignore[attr-defined]  # all are known schemata
    person = entries["NK-fixture-p1"]
    assert person.addresses[0].text == "Saint Petersburg; Russia"  # a quoted value with ";"
    assert [a.name for a in person.aliases] == ["Evgeny Prigozhin", "Евгений Викторович Пригожин"]
    assert set(entries["NK-fixture-v1"].identifiers) == {
        Identifier("imo", "IMO9000002"), Identifier("mmsi", "613000001"),
        Identifier("call_sign", "TJXY9")}
    assert set(entries["NK-fixture-a1"].identifiers) == {
        Identifier("registration", "EP-MMX"), Identifier("Identifier", "25367")}
    assert entries["NK-fixture-s1"].identifiers == (Identifier("isin", "RU000A0JX0J2"),)
    wallet = entries["NK-fixture-w1"]
    assert (wallet.name, wallet.identifiers) == (WALLET, (Identifier("crypto_wallet", WALLET),))
    # FtM captions a wallet with no address by its schema label: named by its identifier
    label = entries["NK-fixture-w2"]
    assert label.name == "TXyZfy4qVoj1aNFbVDgcdAhXHTpn5Vb2Qk"
    assert label.identifiers[0].kind == "crypto_wallet"


def test_an_all_wallet_file_imports(tmp_path: Path) -> None:
    _, entries = load("targets_wallets.simple.csv")
    assert len(entries) == 5 and {e.schema for e in entries.values()} == {"CryptoWallet"}
    assert all(e.name == e.identifiers[0].value and e.identifiers[0].kind == "crypto_wallet"
               for e in entries.values())
    assert entries["NK-wallet-5"].name.startswith("0x19Aa5F")  # the row with no name
    with ListLibrary(tmp_path / "lists.sqlite") as library:
        report = library.import_files([FIXTURES / "targets_wallets.simple.csv"])
    assert report.total == 5


def test_ftm_json_things_and_target_flags(tmp_path: Path) -> None:
    lines = [
        {"id": "w1", "schema": "CryptoWallet", "caption": WALLET, "target": True,
         "properties": {"publicKey": [WALLET], "currency": ["ETH"], "holder": ["p1"]}},
        {"id": "p1", "schema": "Person", "caption": "Ann Example", "target": True,
         "properties": {"name": ["Ann Example"]}},
        {"id": "r1", "schema": "Person", "caption": "Bob Example", "target": False,
         "properties": {"name": ["Bob Example"]}},
        {"id": "v1", "schema": "Vessel", "caption": "IMO9000002", "target": True,
         "properties": {"imoNumber": ["IMO9000002"], "mmsi": ["613000001"]}},
        {"id": "a1", "schema": "Airplane", "caption": "EP-MMX", "target": True,
         "properties": {"registrationNumber": ["EP-MMX"], "serialNumber": ["25367"]}},
        {"id": "s1", "schema": "Security", "caption": "EXAMPLE ORD", "target": True,
         "properties": {"name": ["EXAMPLE ORD"], "isin": ["RU000A0JX0J2"], "issuer": ["p1"]}},
        {"id": "d1", "schema": "Passport", "target": False,
         "properties": {"holder": ["p1"], "number": ["720000001"], "country": ["ru"]}},
        {"id": "f1", "schema": "Family", "target": False,
         "properties": {"person": ["p1"], "relative": ["r1"]}},
        {"id": "e1", "schema": "Event", "target": False, "properties": {"name": ["x"]}},
    ]
    path = tmp_path / "entities.ftm.json"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    info, found = parse([path])
    entries = {e.entry_ref: e for e in found}
    assert list(entries) == ["w1", "p1", "r1", "v1", "a1", "s1"]
    assert [ref for ref, e in entries.items() if not e.target] == ["r1"]
    wallet = entries["w1"]
    assert (wallet.name, wallet.identifiers) == (WALLET, (Identifier("crypto_wallet", WALLET),))
    assert wallet.remarks == "Currency: ETH" and wallet.links == ("p1",)
    assert set(entries["p1"].links) == {"w1", "s1", "r1"}
    assert Identifier("passport", "720000001", "ru") in entries["p1"].identifiers
    assert entries["v1"].identifiers == (Identifier("imo", "IMO9000002"),
                                         Identifier("mmsi", "613000001"))
    assert entries["v1"].name == "IMO9000002"  # its caption, as FtM makes it
    assert Identifier("registration", "EP-MMX") in entries["a1"].identifiers
    assert entries["s1"].identifiers == (Identifier("isin", "RU000A0JX0J2"),)
    assert info.warnings == [
        f"{path}: 2 records read as programmes, addresses, identifiers or links of the"
        " entries, not as entries: Family 1, Passport 1",
        f"{path}: 1 records of a schema no list entry uses, left out: Event 1"]


def test_fixture_formats_import_into_the_library(tmp_path: Path) -> None:
    # One library per file: the two OFAC SDN samples are publications of one list, and the
    # library refuses to replace the newer (2025) by the older (2018).
    keys = set()
    for path in sorted(FIXTURES.glob("*.csv")) + sorted(FIXTURES.glob("*.xml")):
        with ListLibrary(tmp_path / f"{path.name}.sqlite") as library:
            report = library.import_files([path])
            assert report.total >= 1
            keys |= {s.info.list_key for s in library.lists()}
    assert {"ofac-sdn", "eu-fsf", "uk-fcdo", "uk-ofsi", "opensanctions-targets-wallets"} <= keys


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
