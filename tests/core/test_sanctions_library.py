"""The list library: atomic replace with a diff, nothing written on a bad file, its own file."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from shared_data import MISSING_REASON, SANCTIONS

from osint_desk.core.errors import NotFoundError, ValidationError
from osint_desk.core.sanctions.entries import ListFormatError
from osint_desk.core.sanctions.library import ListLibrary, ListLibraryError, default_path
from osint_desk.core.sanctions.library_schema import APPLICATION_ID, SCHEMA_VERSION

SAMPLES = SANCTIONS
pytestmark = pytest.mark.skipif(not SANCTIONS.is_dir(), reason=MISSING_REASON)
SUBSET = SAMPLES / "ofac_sdn_csv_subset_2025"
UN_SUBSET = SAMPLES / "un_consolidated_subset_derived.xml"


@pytest.fixture
def library(tmp_path: Path) -> ListLibrary:
    with ListLibrary(tmp_path / "lists.sqlite") as opened:
        yield opened  # type: ignore[misc]


def newer_subset(tmp_path: Path) -> Path:
    """A 'newer publication': 15195 changed, 10278 removed, 99999 added."""
    folder = tmp_path / "newer"
    shutil.copytree(SUBSET, folder)
    sdn = folder / "sdn.csv"
    lines = sdn.read_bytes().split(b"\r\n")
    kept = [line for line in lines if not line.startswith(b"10278,")]
    kept = [line.replace(b'"SDNTK"', b'"SDNTK] [ILLICIT-DRUGS-EO14059"')
            if line.startswith(b"15102,") else line for line in kept]
    kept.insert(0, b'99999,"NEW ENTRY LTD.",-0- ,"RUSSIA-EO14024",-0- ,-0- ,-0- ,-0- ,-0- ,'
                   b'-0- ,-0- ,-0- ')
    sdn.write_bytes(b"\r\n".join(kept))
    return folder


def test_default_path_honours_osint_desk_home(isolated_home: Path) -> None:
    assert default_path() == isolated_home / "lists.sqlite"
    with ListLibrary() as library:
        assert library.path == isolated_home / "lists.sqlite"


def test_file_identity(library: ListLibrary) -> None:
    conn = sqlite3.connect(library.path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID == 0x4F534C4C
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_import_and_read(library: ListLibrary) -> None:
    report = library.import_files([SUBSET])
    assert (report.list_key, report.added, report.removed, report.changed, report.total) == (
        "ofac-sdn", 17, 0, 0, 17)
    assert report.published is None
    [summary] = library.lists()
    assert summary.entry_count == 17 and summary.info.authority == "OFAC"
    assert summary.info.source_files == ("add.csv", "alt.csv", "sdn.csv", "sdn_comments.csv")
    entry = library.entry("ofac-sdn", "10278")
    assert entry is not None and entry.name == "LOGAN MOREY, Elvis Angus"
    assert library.entry("ofac-sdn", "nope") is None
    page = library.entries("ofac-sdn", offset=5, limit=5)
    assert len(page) == 5 and page[0] == library.entries("ofac-sdn")[5]
    names = list(library.names())
    assert all(n.strength == "strong" for n in names)
    assert {n.entry_ref for n in names if n.is_primary} == {e.entry_ref for e in
                                                            library.entries("ofac-sdn")}
    weak = [n for n in library.names(include_weak=True) if n.strength == "weak"]
    assert any(n.name == "BURTON BURGESS" for n in weak)
    # Each name once per entry.
    keys = [(n.entry_id, n.name) for n in library.names(include_weak=True)]
    assert len(keys) == len(set(keys))


def test_newer_publication_replaces_with_a_diff(library: ListLibrary, tmp_path: Path) -> None:
    library.import_files([SUBSET])
    kept_id = next(n.entry_id for n in library.names() if n.entry_ref == "11195")
    old_hash = library.entry_hash("ofac-sdn", "15102")
    report = library.import_files([newer_subset(tmp_path)], published="2025-06-01")
    assert (report.added, report.removed, report.changed, report.total) == (1, 1, 1, 17)
    assert report.published == "2025-06-01"
    assert library.entry("ofac-sdn", "10278") is None
    assert library.entry("ofac-sdn", "99999") is not None
    changed = library.entry("ofac-sdn", "15102")
    assert changed is not None and "ILLICIT-DRUGS-EO14059" in changed.programs
    assert library.entry_hash("ofac-sdn", "15102") != old_hash
    # Unchanged entries keep their rows, so indexes over names stay valid.
    assert next(n.entry_id for n in library.names() if n.entry_ref == "11195") == kept_id
    assert library.lists()[0].info.published == "2025-06-01"
    # The same publication again: nothing added, removed or changed.
    again = library.import_files([newer_subset(tmp_path / "again")])
    assert (again.added, again.removed, again.changed) == (0, 0, 0)


def test_a_bad_file_leaves_the_library_unchanged(library: ListLibrary, tmp_path: Path) -> None:
    library.import_files([SUBSET])
    before = [(s.info, s.entry_count) for s in library.lists()]
    broken = tmp_path / "broken"
    shutil.copytree(SUBSET, broken)
    data = (broken / "alt.csv").read_bytes()
    (broken / "alt.csv").write_bytes(data + b'11195,1,"aka","UNTERMINATED')
    with pytest.raises(ListFormatError, match=r"alt\.csv: line \d+"):
        library.import_files([broken])
    truncated = tmp_path / "truncated"
    shutil.copytree(SUBSET, truncated)
    sdn = (truncated / "sdn.csv").read_bytes()
    (truncated / "sdn.csv").write_bytes(sdn[: len(sdn) // 2])
    with pytest.raises(ListFormatError, match=r"sdn\.csv: line \d+"):
        library.import_files([truncated])
    assert [(s.info, s.entry_count) for s in library.lists()] == before
    assert len(library.entries("ofac-sdn", limit=100)) == 17


def test_wrong_and_unknown_formats(library: ListLibrary, tmp_path: Path) -> None:
    with pytest.raises(ListFormatError, match="CONSOLIDATED_LIST"):
        library.import_files([UN_SUBSET], format="eu-xml")
    with pytest.raises(ListFormatError, match="not a file of an OFAC CSV set"):
        library.import_files([UN_SUBSET], format="ofac-csv")
    text = tmp_path / "notes.txt"
    text.write_text("hello\n", encoding="utf-8")
    with pytest.raises(ListFormatError, match=r"notes\.txt: not a list format"):
        library.import_files([text])
    with pytest.raises(ListFormatError, match="unknown list format"):
        library.import_files([UN_SUBSET], format="nope")
    xml = tmp_path / "other.xml"
    xml.write_text("<?xml version='1.0'?><rss><channel/></rss>", encoding="utf-8")
    with pytest.raises(ListFormatError, match=r"other\.xml: an XML file of no known list"):
        library.import_files([xml])
    cut = tmp_path / "cut.xml"
    cut.write_bytes(UN_SUBSET.read_bytes()[:5000])
    with pytest.raises(ListFormatError, match=r"cut\.xml: not well-formed XML \(line \d+\)"):
        library.import_files([cut])
    empty = tmp_path / "sdn.csv"
    empty.write_bytes(b"")
    with pytest.raises(ListFormatError, match="no entries"):
        library.import_files([empty])
    ftm = tmp_path / "bad.ftm.json"
    ftm.write_text('{"id": "a", "schema": "Person", "properties": {"name": ["A"]}}\n{"id":',
                   encoding="utf-8")
    with pytest.raises(ListFormatError, match=r"bad\.ftm\.json: line 2"):
        library.import_files([ftm])
    assert library.lists() == []


def test_remove(library: ListLibrary) -> None:
    library.import_files([SUBSET])
    library.import_files([UN_SUBSET])
    library.remove("ofac-sdn")
    assert [s.info.list_key for s in library.lists()] == ["un-sc"]
    assert all(n.list_key == "un-sc" for n in library.names(include_weak=True))
    count = library.conn.execute("SELECT count(*) FROM entries").fetchone()[0]
    assert count == 10
    with pytest.raises(NotFoundError):
        library.remove("ofac-sdn")


def test_foreign_files_are_refused(tmp_path: Path) -> None:
    text = tmp_path / "text.sqlite"
    text.write_text("not a database", encoding="utf-8")
    with pytest.raises(ListLibraryError, match="not SQLite"):
        ListLibrary(text)
    other = tmp_path / "other.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(ListLibraryError, match="not an OSINT Desk list library"):
        ListLibrary(other)
    case = tmp_path / "case.sqlite"
    conn = sqlite3.connect(case)
    conn.execute("PRAGMA application_id = 1330857035")  # a case file ("OSDK")
    conn.commit()
    conn.close()
    with pytest.raises(ListLibraryError, match="0x4f53444b"):
        ListLibrary(case)


def test_progress_and_cancel(library: ListLibrary) -> None:
    library.import_files([SUBSET])
    seen: list[int] = []
    library.import_files([UN_SUBSET], progress=seen.append)
    assert seen == [0]

    class Cancelled(Exception):
        pass

    def cancel(count: int) -> None:
        raise Cancelled

    with pytest.raises(Cancelled):
        library.import_files([SAMPLES / "ofac_sdn_csv_full_2019"], progress=cancel)
    assert {s.info.list_key: s.entry_count for s in library.lists()} == {
        "ofac-sdn": 17, "un-sc": 10}


def test_folder_and_published_date(library: ListLibrary, tmp_path: Path) -> None:
    folder = tmp_path / "download"
    shutil.copytree(SUBSET, folder)
    (folder / "README.txt").write_text("downloaded from treasury.gov", encoding="utf-8")
    assert library.import_files([folder]).total == 17  # the README is not part of the set
    with pytest.raises(ValidationError):
        library.import_files([folder], published="last week")
    report = library.import_files([UN_SUBSET], published="2020-01-01")
    assert report.published == "2026-02-27"  # the file's own date wins


def test_links_resolve_to_entries(library: ListLibrary) -> None:
    library.import_files([SAMPLES / "ofac_sdn_csv_full_2019"])
    [ira] = library.linked("ofac-sdn", "21171")
    assert (ira.entry_ref, ira.name) == ("23943", "INTERNET RESEARCH AGENCY LLC")
    assert [e.entry_ref for e in library.linked("ofac-sdn", "23564")] == ["21171"]
    assert library.linked("ofac-sdn", "22543") == []
    library.import_files([SAMPLES / "opensanctions_ftm" / "yente_zala_entities.ftm.json"])
    key = "opensanctions-yente-zala-entities"
    assert library.linked(key, "NK-aU5ybkbRFJucf8YMwsJvDw")


def test_a_library_keyed_by_older_matching_rekeys_itself(tmp_path: Path) -> None:
    from osint_desk.core.sanctions.matching.keys import KEYS_VERSION

    path = tmp_path / "lists.sqlite"
    with ListLibrary(path) as library:
        library.import_files([UN_SUBSET])
        before = library.conn.execute("SELECT key, name_id FROM name_keys ORDER BY 1, 2"
                                      ).fetchall()
        assert before
        # As an older version would have left it: other keys, an old version number.
        library.conn.execute("DELETE FROM name_keys")
        library.conn.execute("INSERT INTO name_keys VALUES ('stale-key', 1)")
        library.conn.execute("UPDATE key_stats SET keys_version = 1")
    with ListLibrary(path, rekey=False) as library:  # listing only: left as it is
        assert library.conn.execute("SELECT keys_version FROM key_stats").fetchone()[0] == 1
        assert [s.info.list_key for s in library.lists()] == ["un-sc"]
    with ListLibrary(path) as library:
        assert library.conn.execute("SELECT key, name_id FROM name_keys ORDER BY 1, 2"
                                    ).fetchall() == before
        assert library.conn.execute("SELECT keys_version FROM key_stats").fetchone()[0] \
            == KEYS_VERSION
        assert library.key_frequencies(["stale-key"]) == {}
