"""The importers on real published lists, checked against the files read here independently.

Each test reads the file itself (``csv``, ``json``, ``lxml``), not through our parsers, and
compares every entry's primary name, and aliases, programmes and dates, with what the importer
gives. Files: ``../shared/data/real-world/lists`` (origin and counts: its ``MANIFEST.tsv``) and
``../shared/data/sanctions``. The OFAC files are in ``test_real_lists_ofac.py``.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from lxml import etree
from shared_data import MISSING_REASON, SANCTIONS, SHARED

from osint_desk.core.sanctions.entries import Alias, Identifier, ListEntry, ListInfo
from osint_desk.core.sanctions.formats import detect, parse

pytestmark = pytest.mark.skipif(not SHARED.is_dir(), reason=MISSING_REASON)
REAL = SHARED / "data" / "real-world" / "lists"
OFSI_2016 = REAL / "ofsi_conlist_2016-03-23.csv"
UN_2018 = REAL / "un_2018-10-29.xml"
UN_2026 = SANCTIONS / "un_consolidated_2026-02-27.xml"
PARTEISPENDEN = REAL / "ftm_parteispenden.ftm.json"
FTM_T1 = SANCTIONS / "opensanctions_ftm" / "yente_t1_entities.ftm.json"
FTM_ZALA = SANCTIONS / "opensanctions_ftm" / "yente_zala_entities.ftm.json"


def load(path: Path) -> tuple[ListInfo, dict[str, ListEntry]]:
    info, entries = parse([path])
    by_ref: dict[str, ListEntry] = {}
    for entry in entries:
        assert entry.entry_ref not in by_ref, f"two entries {entry.entry_ref}"
        by_ref[entry.entry_ref] = entry
    return info, by_ref


# -- OFSI ConList 2016 (Windows-1252, the pre-2022 layout) ---------------------------------


def _ofsi_groups() -> tuple[list[str], dict[str, list[dict[str, str]]]]:
    with OFSI_2016.open(encoding="cp1252", newline="") as handle:
        reader = csv.reader(handle)
        banner, header = next(reader), next(reader)
        groups: dict[str, list[dict[str, str]]] = defaultdict(list)
        for cells in reader:
            row = {h: c.strip() for h, c in zip(header, cells, strict=True)}
            groups[row["Group ID"]].append(row)
    return banner, groups


def _ofsi_name(row: dict[str, str]) -> str:
    """The name as the columns compose it: Name 1 … Name 5, then Name 6 (the surname)."""
    return " ".join(row[f"Name {i}"] for i in (1, 2, 3, 4, 5, 6) if row[f"Name {i}"])


def _dmy(text: str) -> str | None:
    match = re.fullmatch(r"(\d\d)/(\d\d)/(\d{4})", text)
    if not match:
        return None
    day, month, year = match.groups()
    return "-".join(p for p in (year, month if month != "00" else "",
                                day if day != "00" and month != "00" else "") if p)


def test_ofsi_2016_every_primary_name_is_the_prime_alias() -> None:
    banner, groups = _ofsi_groups()
    assert detect([OFSI_2016]) == "ofsi-csv"
    info, entries = load(OFSI_2016)
    assert banner == ["Last Updated", "23/03/2016"] and info.published == "2016-03-23"
    assert len(groups) == len(entries) == 1924
    kinds = Counter(rows[0]["Group Type"] for rows in groups.values())
    assert kinds == {"Individual": 1269, "Entity": 655}
    assert Counter(e.schema for e in entries.values()) == {"Person": 1269, "Organization": 655}
    wrong_before = 0
    for ref, rows in groups.items():
        primes = {_ofsi_name(r) for r in rows if r["Alias Type"] == "Prime Alias"}
        assert len(primes) == 1, ref  # the file has one prime alias per group
        prime = primes.pop()
        entry = entries[ref]
        assert entry.name == prime, ref
        wrong_before += prime != _ofsi_name(rows[0])  # what the old fallback picked
        others = {_ofsi_name(r) for r in rows} - {prime}
        assert {a.name for a in entry.aliases} == others, ref
        assert all(a.strength == "strong" for a in entry.aliases)  # no quality column then
        assert set(entry.programs) == {r["Regime"] for r in rows}, ref
        births = {d for r in rows if (d := _dmy(r["DOB"]))}
        assert set(entry.birth_dates) == births, ref
        listed = sorted(d for r in rows if (d := _dmy(r["Listed On"])))
        assert entry.listed_on == listed[0], ref
    # The groups whose first row (the file is sorted by Name 6) is not the prime alias: the
    # old reader, which knew only "Primary name", named these wrong.
    assert wrong_before == 622
    zawahiri = entries["7016"]
    assert zawahiri.name == "Aiman Muhammed Rabi AL-ZAWAHIRI"
    assert Alias("Nur Al Deen ABU MOHAMMED") in zawahiri.aliases
    assert zawahiri.birth_dates == ("1951-06-19",) and zawahiri.nationalities == ("Egyptian",)
    # the old layout's free-text passport column is kept as published
    assert Identifier("Passport", "(1) 1084010 (Egyptian) (2) 19820215") in \
        zawahiri.identifiers


# -- UN Security Council consolidated list -------------------------------------------------


def _text(element: etree._Element, tag: str) -> str:
    return " ".join((element.findtext(tag) or "").split())


@pytest.mark.parametrize(("path", "date", "people", "bodies"), [
    (UN_2018, "2018-10-29", 703, 390), (UN_2026, "2026-02-27", 730, 273)])
def test_un_entries_match_the_xml(path: Path, date: str, people: int, bodies: int) -> None:
    root = etree.parse(str(path)).getroot()
    assert root.get("dateGenerated", "").startswith(date)
    info, entries = load(path)
    assert info.published == date and detect([path]) == "un-xml"
    assert Counter(e.schema for e in entries.values()) == {"Person": people,
                                                           "Organization": bodies}
    scripts = weak = 0
    for kind in ("INDIVIDUAL", "ENTITY"):
        for el in root.iter(kind):
            entry = entries[_text(el, "REFERENCE_NUMBER")]
            parts = [_text(el, t) for t in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME",
                                            "FOURTH_NAME")]
            assert entry.name == " ".join(p for p in parts if p)
            aliases = {Alias(n, "weak" if _text(a, "QUALITY") == "Low" else "strong")
                       for a in el.iter(f"{kind}_ALIAS") if (n := _text(a, "ALIAS_NAME"))}
            assert set(entry.aliases) == aliases, entry.entry_ref
            weak += sum(a.strength == "weak" for a in aliases)
            original = _text(el, "NAME_ORIGINAL_SCRIPT")
            assert entry.original_script_names == ((original,) if original else ())
            scripts += bool(original)
            assert entry.listed_on == _text(el, "LISTED_ON")[:10]  # some add "-04:00"
            assert entry.programs == (_text(el, "UN_LIST_TYPE"),)
    assert scripts == sum(bool(e.original_script_names) for e in entries.values()) > 300
    assert weak == sum(a.strength == "weak" for e in entries.values() for a in e.aliases)


def test_un_2018_sample_entries() -> None:
    _, entries = load(UN_2018)
    jibril = entries["QDi.295"]
    assert jibril.name == "MUHAMMAD JIBRIL ABDUL RAHMAN"
    assert Alias("Muhammad Yunus", "weak") in jibril.aliases
    assert jibril.birth_dates == ("1984-05-28", "1979-12-03", "1979-03-03")
    assert jibril.listed_on == "2011-08-12" and jibril.programs == ("Al-Qaida",)
    assert entries["QDi.316"].original_script_names == ("اياد اغ غالي",)
    # the file repeats "Fabio Fusco" once per birth date; the entry has it once
    assert [a.name for a in entries["QDi.092"].aliases].count("Fabio Fusco") == 1


# -- FollowTheMoney JSON lines -------------------------------------------------------------


def _ftm(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def test_parteispenden_donors_are_kept_as_context() -> None:
    records = _ftm(PARTEISPENDEN)
    schemas = Counter(str(r["schema"]) for r in records)
    assert len(records) == 475 and schemas == {"Organization": 18, "Address": 89,
                                               "Person": 22, "Payment": 290, "Company": 56}
    assert not any(r.get("target") for r in records)
    info, entries = load(PARTEISPENDEN)
    assert Counter(e.schema for e in entries.values()) == {"Person": 22, "Organization": 18,
                                                           "Company": 56}
    assert not any(e.target for e in entries.values())
    assert all(e.to_dict()["target"] is False for e in entries.values())
    assert any("Payment 290, Address 89" in w for w in info.warnings)
    assert any("96 entities carry no \"target\" flag" in w for w in info.warnings)
    for record in records:
        if record["schema"] in ("Person", "Organization", "Company"):
            props = record["properties"]
            assert isinstance(props, dict)
            assert entries[str(record["id"])].name == props["name"][0]
        if record["schema"] == "Payment":  # donor and party are linked both ways
            props = record["properties"]
            assert isinstance(props, dict)
            for payer in props.get("payer", []):
                for party in props.get("beneficiary", []):
                    assert party in entries[payer].links and payer in entries[party].links


@pytest.mark.parametrize("path", [FTM_T1, FTM_ZALA])
def test_opensanctions_target_flags(path: Path) -> None:
    records = _ftm(path)
    info, entries = load(path)
    people = {str(r["id"]): r for r in records if r["schema"] in ("Person", "Company",
                                                                  "Organization")}
    assert set(entries) == set(people)
    for ref, record in people.items():
        assert entries[ref].target is record["target"], ref
        assert entries[ref].name == record["caption"], ref
    other = Counter(str(r["schema"]) for r in records if str(r["id"]) not in people)
    text = ", ".join(f"{s} {n}" for s, n in sorted(other.items(), key=lambda i: (-i[1], i[0])))
    assert any(text in w for w in info.warnings), info.warnings
    assert not any("no \"target\" flag" in w for w in info.warnings)


def test_zala_context_companies_and_passport() -> None:
    _, entries = load(FTM_ZALA)
    context = sorted(ref for ref, e in entries.items() if not e.target)
    assert len(context) == 3 and all(entries[r].schema == "Company" for r in context)
    # The one Passport record names its holder but no number: it adds no empty identifier.
    passport = next(r for r in _ftm(FTM_ZALA) if r["schema"] == "Passport")
    props = passport["properties"]
    assert isinstance(props, dict) and "number" not in props
    holder = entries[props["holder"][0]]
    assert holder.identifiers and all(i.value for i in holder.identifiers)
    assert not any(i.kind == "passport" for i in holder.identifiers)
