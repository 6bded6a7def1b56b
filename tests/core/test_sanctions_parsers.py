"""Every real sample list parses with the exact counts, and known entries read right."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from shared_data import MISSING_REASON, SANCTIONS

from osint_desk.core.sanctions.entries import (
    Alias,
    Identifier,
    ListEntry,
    partial_date,
    set_sha256,
)
from osint_desk.core.sanctions.formats import detect, expand, parse
from osint_desk.core.sanctions.formats.ofac_remarks import parse_remarks

SAMPLES = SANCTIONS
pytestmark = pytest.mark.skipif(not SANCTIONS.is_dir(), reason=MISSING_REASON)
SDN_2019 = SAMPLES / "ofac_sdn_csv_full_2019"
CONS_2025 = SAMPLES / "ofac_cons_csv_2025"
SDN_SUBSET = SAMPLES / "ofac_sdn_csv_subset_2025"
UN_FULL = SAMPLES / "un_consolidated_2026-02-27.xml"
UN_SUBSET = SAMPLES / "un_consolidated_subset_derived.xml"
EU_EXCERPT = SAMPLES / "eu_fsf_xml_excerpt_2024-12-11.xml"
FTM_T1 = SAMPLES / "opensanctions_ftm" / "yente_t1_entities.ftm.json"
FTM_ZALA = SAMPLES / "opensanctions_ftm" / "yente_zala_entities.ftm.json"


def load(path: Path) -> tuple[object, dict[str, ListEntry]]:
    info, entries = parse([path])
    return info, {e.entry_ref: e for e in entries}


@pytest.fixture(scope="module")
def sdn() -> dict[str, ListEntry]:
    return load(SDN_2019)[1]


def test_sdn_2019_counts(sdn: dict[str, ListEntry]) -> None:
    assert len(sdn) == 7379
    assert Counter(e.schema for e in sdn.values()) == {
        "Person": 3845, "LegalEntity": 2994, "Vessel": 323, "Airplane": 217}
    # Every one of the 9,682 alt.csv rows belongs to an entry; all are strong.
    assert sum(a.strength == "strong" for e in sdn.values() for a in e.aliases) == 9682
    # 11,696 add.csv rows; 2,222 of them are all "-0-" and carry nothing.
    assert sum(len(e.addresses) for e in sdn.values()) == 9474


def test_sdn_2019_prigozhin(sdn: dict[str, ListEntry]) -> None:
    e = sdn["21171"]
    assert (e.authority, e.list_key, e.schema) == ("OFAC", "ofac-sdn", "Person")
    assert e.name == "PRIGOZHIN, Yevgeniy Viktorovich"
    assert e.birth_dates == ("1961-06-01",)
    assert e.programs == ("UKRAINE-EO13661", "CYBER2")
    assert Alias("PRIGOZHIN, Evgeny", "strong") in e.aliases
    assert e.links == ("INTERNET RESEARCH AGENCY LLC",)
    assert e.countries == ("Russia",)
    assert e.remarks.startswith("DOB 01 Jun 1961")


def test_sdn_2019_wagner_and_links(sdn: dict[str, ListEntry]) -> None:
    wagner = sdn["22543"]
    assert wagner.name == "PRIVATE MILITARY COMPANY 'WAGNER'"
    assert wagner.schema == "LegalEntity"
    assert [a.name for a in wagner.aliases] == [
        "PMC WAGNER", "CHASTNAYA VOENNAYA KOMPANIYA 'VAGNER'", "CHVK VAGNER"]
    assert wagner.programs == ("UKRAINE-EO13660",)
    assert sdn["23564"].links == ("PRIGOZHIN, Yevgeniy Viktorovich",)
    assert sdn["23564"].identifiers == (Identifier("Registration ID", "1165024055613"),)
    assert sdn["22527"].name == "CONCORD CATERING"
    assert sdn["23943"].name == "INTERNET RESEARCH AGENCY LLC"


def test_ofac_consolidated_2025() -> None:
    info, entries = load(CONS_2025)
    assert info.list_key == "ofac-cons" and info.published is None  # type: ignore[attr-defined]
    assert len(entries) == 442
    assert sum(a.strength == "strong" for e in entries.values() for a in e.aliases) == 1073


def test_ofac_subset_2025_crlf_and_ctrl_z() -> None:
    _, entries = load(SDN_SUBSET)
    assert len(entries) == 17
    logan = entries["10278"]
    assert logan.birth_dates == ("1963-07-28",)
    assert Identifier("Passport", "P0017003", "Belize") in logan.identifiers
    # OFAC keeps weak a.k.a.s only in the remarks of the CSV set.
    assert logan.aliases == (Alias("BURTON BURGESS", "weak"),)
    iran = entries["11195"]
    assert iran.programs == ("NPWMD", "IFSR", "IRAN-CON-ARMS-EO")
    assert "ISLAMIC REVOLUTIONARY GUARD CORPS" in iran.links
    assert len(iran.addresses) == 5 and iran.addresses[0].country == "Iran"


def test_un_full_counts_and_date() -> None:
    info, entries = load(UN_FULL)
    assert info.published == "2026-02-27"  # type: ignore[attr-defined]
    assert Counter(e.schema for e in entries.values()) == {"Person": 730, "Organization": 273}
    strengths = Counter(a.strength for e in entries.values() for a in e.aliases)
    assert strengths["weak"] == 615  # the QUALITY "Low" aliases
    assert sum(bool(e.original_script_names) for e in entries.values()) == 378


def test_un_entry_details() -> None:
    _, entries = load(UN_SUBSET)
    assert Counter(e.schema for e in entries.values()) == {"Person": 6, "Organization": 4}
    saddam = entries["IQi.001"]
    assert saddam.name == "SADDAM HUSSEIN AL-TIKRITI"
    assert saddam.original_script_names == ("صدام حسين التكريتي",)
    assert saddam.birth_dates == ("1937-04-28",)
    assert saddam.nationalities == ("Iraq",)
    assert saddam.listed_on == "2003-06-27"
    assert saddam.aliases == (Alias("Abu Ali", "weak"),)
    _, full = load(UN_FULL)
    assert full["CDi.001"].birth_dates == ("1971",)
    between = [e for e in full.values() if len(e.birth_dates) == 2 and e.birth_dates == (
        "1973", "1974")]
    assert between, "a BETWEEN date of birth keeps both years"


def test_eu_excerpt() -> None:
    info, entries = load(EU_EXCERPT)
    assert info.published == "2024-12-11"  # type: ignore[attr-defined]
    assert list(entries) == ["13"]
    saddam = entries["13"]
    assert (saddam.schema, saddam.name) == ("Person", "Saddam Hussein Al-Tikriti")
    assert [a.name for a in saddam.aliases] == ["Abu Ali", "Abou Ali"]
    assert saddam.birth_dates == ("1937-04-28",)
    assert saddam.nationalities == ("IRAQ",) and saddam.programs == ("IRQ",)


def test_ftm_files_by_schema() -> None:
    _, t1 = load(FTM_T1)
    assert Counter(e.schema for e in t1.values()) == {"Person": 4, "Organization": 2}
    info, zala = load(FTM_ZALA)
    assert info.authority == "OpenSanctions" and info.published is None  # type: ignore[attr-defined]
    assert Counter(e.schema for e in zala.values()) == {"Company": 11, "Person": 6}
    with_programs = [e for e in zala.values() if e.programs]
    assert with_programs, "Sanction entities give programmes to their entity"
    assert any(e.links for e in zala.values()), "ownership and family become links"


def test_detection_and_set_hash() -> None:
    assert detect(expand([SDN_2019])) == "ofac-csv"
    assert detect([UN_FULL]) == "un-xml"
    assert detect([EU_EXCERPT]) == "eu-xml"
    assert detect([FTM_T1]) == "ftm-json"
    info, _ = parse([SDN_2019])
    assert info.file_sha256 == set_sha256(sorted(SDN_2019.glob("*.csv")))
    assert info.source_files == ("add.csv", "alt.csv", "sdn.csv", "sdn_comments.csv")


@pytest.mark.parametrize(("text", "expected"), [
    ("01 Jun 1961", "1961-06-01"), ("Jun 1961", "1961-06"), ("1961", "1961"),
    ("circa 1961", "1961"), ("1961-06-01", "1961-06-01"), ("", None), ("unknown", None)])
def test_partial_dates(text: str, expected: str | None) -> None:
    assert partial_date(text) == expected


def test_remarks_phrases() -> None:
    found = parse_remarks(
        "DOB 1955 to 1958; alt. DOB circa 1960; nationality Russia; citizen Ukraine;"
        " Passport 123456 (Russia) expires 2020; National ID No. 99-1 (Iran);"
        " a.k.a. 'SHAHIN CO.'; Linked To: FOO LTD.")
    assert found.birth_dates == ["1955", "1958", "1960"]
    assert found.nationalities == ["Russia", "Ukraine"]
    assert Identifier("Passport", "123456", "Russia") in found.identifiers
    assert Identifier("National ID No.", "99-1", "Iran") in found.identifiers
    assert found.aliases == [Alias("SHAHIN CO.", "weak")]
    assert found.links == ["FOO LTD"]


def test_remarks_go_on_in_sdn_comments_mid_word(sdn: dict[str, ListEntry]) -> None:
    # sdn.csv stops at "...Linked To: PROMO RAI", sdn_comments.csv goes on with "Z S.A.S.; ..."
    cifuentes = sdn["12300"]
    assert "PROMO RAIZ S.A.S." in cifuentes.links
    assert "RED MUNDIAL INMOBILIARIA, S.A. DE C.V." in cifuentes.links
    assert "PROMO RAIZ S.A.S.; Linked To: RED MUNDIAL" in cifuentes.remarks
