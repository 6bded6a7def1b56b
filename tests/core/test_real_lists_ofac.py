"""The OFAC importers on real consolidated (non-SDN) lists, against the files read here.

``ofac_cons_2018_tempuri.xml`` (old namespace) and ``ofac_cons_2024_newns.xml`` (current
namespace) are read with ``lxml`` and every entry compared; the CSV set of the same 2018
publication (``ofac_cons_csv_2018/``, whose ``cons_comments.csv`` is empty) is read with
``csv`` and must give the same entries as the XML, field by field, where both carry the field.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from shared_data import MISSING_REASON, SHARED

from osint_desk.core.sanctions.entries import Alias, Identifier, ListEntry, ListInfo
from osint_desk.core.sanctions.formats import detect, expand, parse

pytestmark = pytest.mark.skipif(not SHARED.is_dir(), reason=MISSING_REASON)
REAL = SHARED / "data" / "real-world" / "lists"
XML_2018 = REAL / "ofac_cons_2018_tempuri.xml"
XML_2024 = REAL / "ofac_cons_2024_newns.xml"
CSV_2018 = REAL / "ofac_cons_csv_2018"
# idList types that state something rather than number it; the CSV writes them in the remarks.
STATEMENTS = re.compile(r".*(-|:)$|.*Date.*|Gender|Target Type|Former Vessel Flag|Issuer Name"
                        r"|Nationality of Registration|Executive Order 14024 Directive"
                        r" Information")


def load(paths: list[Path]) -> tuple[ListInfo, dict[str, ListEntry]]:
    info, entries = parse(paths)
    by_ref = {e.entry_ref: e for e in entries}
    return info, by_ref


def _local(el: Any) -> str:
    return str(etree.QName(el).localname)


def _kid(el: Any, name: str) -> str:
    for child in el:
        if _local(child) == name and child.text and child.text.strip():
            return " ".join(child.text.split())
    return ""


def _kids(el: Any, *path: str) -> list[Any]:
    found = [el]
    for name in path:
        found = [c for f in found for c in f if _local(c) == name]
    return found


def _name(el: Any) -> str:
    return ", ".join(p for p in (_kid(el, "lastName"), _kid(el, "firstName")) if p)


def _xml(path: Path) -> tuple[dict[str, str], list[Any]]:
    root = etree.parse(str(path)).getroot()
    info = {_local(c): c.text for c in _kids(root, "publshInformation")[0]}
    return info, _kids(root, "sdnEntry")


@pytest.mark.parametrize(("path", "published", "types"), [
    (XML_2018, "2018-04-06", {"Entity": 471, "Individual": 94, "Vessel": 74}),
    (XML_2024, "2024-05-06", {"Individual": 79, "Entity": 364})])
def test_xml_entries_match_the_file(path: Path, published: str,
                                    types: dict[str, int]) -> None:
    head, records = _xml(path)
    assert Counter(_kid(r, "sdnType") for r in records) == types
    assert int(head["Record_Count"]) == len(records)
    info, entries = load([path])
    assert detect([path]) == "ofac-xml"
    assert (info.list_key, info.published) == ("ofac-cons", published)
    assert len(entries) == len(records)
    schemas = {"Entity": "LegalEntity", "Individual": "Person", "Vessel": "Vessel"}
    assert Counter(e.schema for e in entries.values()) == {
        schemas[t]: n for t, n in types.items()}
    for record in records:
        entry = entries[_kid(record, "uid")]
        assert entry.name == _name(record)
        assert entry.programs == tuple(" ".join(p.text.split()) for p in
                                       _kids(record, "programList", "program"))
        akas = {Alias(_name(a), "weak" if _kid(a, "category") == "weak" else "strong")
                for a in _kids(record, "akaList", "aka")}
        assert set(entry.aliases) == akas, entry.entry_ref
        births = [d for i in _kids(record, "dateOfBirthList", "dateOfBirthItem")
                  for d in _kid(i, "dateOfBirth").split(" to ")]
        assert len(entry.birth_dates) >= len(set(births)), entry.entry_ref
        for item in _kids(record, "idList", "id"):
            kind, number, country = (_kid(item, k) for k in ("idType", "idNumber", "idCountry"))
            inline = re.fullmatch(r"(.*\S) \(([^()]+)\)", number)
            if not country and inline:
                number, country = inline.groups()
            found = Identifier(kind, number, country or None)
            if STATEMENTS.fullmatch(kind):
                assert found not in entry.identifiers and number in entry.remarks
            else:
                assert found in entry.identifiers, (entry.entry_ref, found)


def test_xml_2018_sample_entries() -> None:
    _, entries = load([XML_2018])
    bank = entries["4632"]
    assert bank.name == "BANK MARKAZI JOMHOURI ISLAMI IRAN" and bank.programs == ("IRAN",)
    assert Alias("CENTRAL BANK OF IRAN") in bank.aliases
    assert bank.remarks.startswith("Additional Sanctions Information - Not on the SDN List")
    assert not bank.identifiers  # both idList items are statements
    assert entries["15960"].birth_dates == ("1953-01-01", "1954-12-31")  # "... to ..."
    assert entries["11318"].links == ("NIOC INTERNATIONAL AFFAIRS (LONDON) LIMITED",)
    assert "Russia" in entries["23552"].countries  # "Nationality of Registration"
    assert not entries["23552"].nationalities


def test_xml_2024_sample_entries() -> None:
    _, entries = load([XML_2024])
    haniya = entries["9639"]
    assert (haniya.name, haniya.schema) == ("HANIYA, Ismail Abdul Salah", "Person")
    assert haniya.birth_dates == ("1962",) and haniya.programs == ("NS-PLC",)
    assert Alias("HANIYYA, Ismaeel") in haniya.aliases
    telecom = entries["30882"]
    assert Identifier("ISIN", "US1694261033") in telecom.identifiers
    assert Identifier("Equity Ticker", "0728 HK") in telecom.identifiers
    assert telecom.links == ("CHINA TELECOMMUNICATIONS CORPORATION",)
    assert "Listing Date (CMIC) 03 Jun 2021" in telecom.remarks


def _csv(name: str) -> list[list[str]]:
    path = CSV_2018 / name
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        # the last line of a set is a lone Ctrl-Z (0x1A)
        return [[c.strip() for c in row] for row in csv.reader(handle) if len(row) > 1]


def test_csv_set_2018_reads_as_the_file_says() -> None:
    assert (CSV_2018 / "cons_comments.csv").stat().st_size == 0
    assert detect(expand([CSV_2018])) == "ofac-csv"
    info, entries = load([CSV_2018])
    assert info.published is None  # the CSV set carries no date
    assert "cons_comments.csv" in info.source_files
    primary = _csv("cons_prim.csv")
    assert Counter(r[2] for r in primary) == {"-0-": 471, "individual": 94, "vessel": 74}
    assert [e.entry_ref for e in entries.values()] == [r[0] for r in primary]
    for row in primary:
        entry = entries[row[0]]
        assert entry.name == " ".join(row[1].split())
        programs = tuple(p.strip(" []") for p in row[3].split("] [")) if row[3] != "-0-" else ()
        assert entry.programs == programs
    aliases: dict[str, set[str]] = {}
    for row in _csv("cons_alt.csv"):
        aliases.setdefault(row[0], set()).add(" ".join(row[3].split()))
    for ref, names in aliases.items():
        strong = {a.name for a in entries[ref].aliases if a.strength == "strong"}
        assert strong == names, ref


def _same(text: str) -> str:
    """The CSV set writes the XML's double quotes as single quotes."""
    return text.replace('"', "'")


def test_csv_and_xml_of_one_publication_give_the_same_entries() -> None:
    """Where the formats truly differ, what both carry is compared:
    - remarks: the CSV folds the statements of the idList, the weak a.k.a.s, the dates and
      places of birth into one text ending in "."; the XML gives them as elements, and its
      remarks hold only the statements and its own remarks. Not compared.
    - quotes: the CSV writes every double quote of a name or address as a single quote.
    - programme order: two entries list [FSE-SY] [SYRIA] in one and the other order; the
      programmes are compared as sets.
    - the alias strength: the CSV's alt.csv has the strong ones, its remarks the weak ones
      ("a.k.a. 'BIM'"), both read; compared with their strength.
    """
    _, xml = load([XML_2018])
    _, csv_set = load([CSV_2018])
    assert list(xml) == list(csv_set)
    for ref, x in xml.items():
        c = csv_set[ref]
        assert (x.name, x.schema) == (c.name, c.schema), ref
        assert {(_same(a.name), a.strength) for a in x.aliases} == \
            {(a.name, a.strength) for a in c.aliases}, ref
        assert set(x.programs) == set(c.programs), ref
        assert x.birth_dates == c.birth_dates, ref
        assert x.nationalities == c.nationalities, ref
        assert set(x.countries) == set(c.countries), ref
        assert set(x.identifiers) == set(c.identifiers), ref
        assert {(_same(a.text), a.country) for a in x.addresses} == \
            {(a.text, a.country) for a in c.addresses}, ref
        assert x.links == c.links, ref
    weak = sum(a.strength == "weak" for e in xml.values() for a in e.aliases)
    # 46 <category>weak</category> akas in the XML; entry 18769 lists one of them twice
    assert weak == 45
