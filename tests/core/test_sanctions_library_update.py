"""An update never loses data silently: refused unless confirmed, the old publication kept."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from shared_data import MISSING_REASON, SANCTIONS, SHARED

from osint_desk.core.errors import NotFoundError
from osint_desk.core.sanctions.library import ListLibrary, ListUpdateRefused
from osint_desk.core.sanctions.library_update import (
    MAX_ALIAS_LOSS,
    MAX_ENTRY_LOSS,
    Publication,
    update_problems,
)

pytestmark = pytest.mark.skipif(not SANCTIONS.is_dir(), reason=MISSING_REASON)
SDN_2019 = SANCTIONS / "ofac_sdn_csv_full_2019"
SUBSET = SANCTIONS / "ofac_sdn_csv_subset_2025"
REAL = SHARED / "data" / "real-world" / "lists"
CONS_2018, CONS_2024 = REAL / "ofac_cons_2018_tempuri.xml", REAL / "ofac_cons_2024_newns.xml"


@pytest.fixture
def library(tmp_path: Path) -> Any:
    with ListLibrary(tmp_path / "lists.sqlite") as opened:
        yield opened


def snapshot(library: ListLibrary) -> list[Any]:
    """Everything an update could change, down to the screening keys and the archive."""
    conn = library.conn
    return [library.lists(), library.screened_name_count(), *(
        conn.execute(sql).fetchall() for sql in (
            "SELECT id, list_key, entry_ref, content_sha256, target FROM entries ORDER BY id",
            "SELECT id, entry_id, name, strength FROM names ORDER BY id",
            "SELECT count(*), sum(df) FROM key_df",
            "SELECT * FROM entry_identifiers ORDER BY entry_id, value_norm",
            "SELECT list_key, list_row, archived_at FROM list_archive ORDER BY 1",
            "SELECT list_key, seq, length(data) FROM list_archive_chunks ORDER BY 1, 2"))]


def refused(library: ListLibrary, paths: list[Path], **options: Any) -> str:
    before = snapshot(library)
    with pytest.raises(ListUpdateRefused) as caught:
        library.import_files(paths, **options)
    assert snapshot(library) == before
    return str(caught.value)


def without_entries(tmp_path: Path, refs: list[str]) -> Path:
    """The 2025 subset set with some entries (rows of sdn.csv) left out."""
    folder = tmp_path / "cut"
    shutil.copytree(SUBSET, folder)
    sdn = folder / "sdn.csv"
    lines = sdn.read_bytes().split(b"\r\n")
    sdn.write_bytes(b"\r\n".join(line for line in lines
                                 if not line.startswith(tuple(f"{r},".encode() for r in refs))))
    return folder


def test_one_file_of_the_set_is_refused_naming_the_loss(library: ListLibrary) -> None:
    first = library.import_files([SDN_2019], published="2019-05-01")
    assert first.added == 7379  # the first import of a list is never refused
    message = refused(library, [SDN_2019 / "sdn.csv"])
    assert message == (
        "ofac-sdn: update refused, the library is unchanged. This publication would remove"
        " 9,675 of 11,712 aliases (83 %). It comes from sdn.csv alone; the held publication"
        " came from add.csv, alt.csv, sdn.csv, sdn_comments.csv.")
    [summary] = library.lists()
    assert (summary.info.published, summary.has_previous) == ("2019-05-01", False)


def test_an_older_publication_is_refused(library: ListLibrary) -> None:
    library.import_files([CONS_2024])
    message = refused(library, [CONS_2018])
    assert "would remove 78 of 443 entries (18 %) and 357 of 1,125 aliases (32 %)" in message
    assert message.endswith("It is dated 2018-04-06, older than the held 2024-05-06.")


def test_losing_entries_or_changing_format_is_refused(library: ListLibrary,
                                                      tmp_path: Path) -> None:
    library.import_files([SUBSET])
    message = refused(library, [without_entries(tmp_path, ["10278", "11195", "15102"])])
    assert message.endswith("would remove 3 of 17 entries (18 %) and 15 of 29 aliases (52 %).")
    library.import_files([CONS_2024])
    message = refused(library, [REAL / "ofac_cons_csv_2018"])
    assert "It is in the ofac-csv format; the held publication was read as ofac-xml." in message


def test_replace_confirms_and_restore_undoes(library: ListLibrary) -> None:
    library.import_files([SDN_2019], published="2019-05-01")
    before = library.lists()
    aliases = library.conn.execute("SELECT count(*) FROM names WHERE is_primary = 0").fetchone()
    report = library.import_files([SDN_2019 / "sdn.csv"], replace=True)
    assert (report.total, report.changed, report.published) == (7379, 6067, None)
    [summary] = library.lists()
    assert summary.info.source_files == ("sdn.csv",) and summary.name_count < 10_000
    assert (summary.has_previous, summary.previous_published) == (True, "2019-05-01")

    restored = library.restore_previous("ofac-sdn")
    assert (restored.total, restored.changed, restored.published) == (7379, 6067, "2019-05-01")
    [back] = library.lists()
    assert back.info == before[0].info and back.entry_count == before[0].entry_count
    assert back.name_count == before[0].name_count and back.imported_at == before[0].imported_at
    assert library.conn.execute("SELECT count(*) FROM names WHERE is_primary = 0"
                                ).fetchone() == aliases
    assert (back.has_previous, back.previous_published) == (True, None)
    entry = library.entry("ofac-sdn", "21171")
    assert entry is not None and entry.addresses  # add.csv's addresses are back

    redone = library.restore_previous("ofac-sdn")  # twice: the update again
    assert redone.published is None and library.lists()[0].info.source_files == ("sdn.csv",)


def test_restore_without_a_previous_publication(library: ListLibrary) -> None:
    with pytest.raises(NotFoundError, match="no previous publication"):
        library.restore_previous("ofac-sdn")
    library.import_files([SUBSET])
    with pytest.raises(NotFoundError, match="ofac-sdn: no previous publication"):
        library.restore_previous("ofac-sdn")
    library.remove("ofac-sdn")  # removing forgets the archive too
    assert library.conn.execute("SELECT count(*) FROM list_archive_chunks").fetchone() == (0,)


def test_the_same_publication_again_changes_nothing(library: ListLibrary,
                                                    tmp_path: Path) -> None:
    library.import_files([CONS_2024])
    library.import_files([SUBSET], published="2025-05-16")
    library.import_files([without_entries(tmp_path, ["10278"])])  # an ordinary update
    state = snapshot(library)
    again = library.import_files([without_entries(tmp_path / "again", ["10278"])])
    assert (again.added, again.removed, again.changed) == (0, 0, 0)
    after = snapshot(library)
    # Only the import time moves; the archive still holds the publication before.
    assert [s.info for s in after[0]] == [s.info for s in state[0]] and after[1:] == state[1:]
    sdn = next(s for s in after[0] if s.info.list_key == "ofac-sdn")
    assert (sdn.has_previous, sdn.previous_published) == (True, "2025-05-16")
    assert sdn.info.published is None
    dated = library.import_files([without_entries(tmp_path / "dated", ["10278"])],
                                 published="2025-05-23")  # a date for the held publication
    assert (dated.published, dated.changed) == ("2025-05-23", 0)
    undated = library.import_files([without_entries(tmp_path / "undated", ["10278"])])
    assert undated.published == "2025-05-23"  # kept: the same file says no other date


def test_thresholds_of_the_pure_check() -> None:
    def publication(entries: int, alias_count: int, **changes: Any) -> Publication:
        values: dict[str, Any] = {
            "published": "2024-05-06", "file_sha256": "a", "source_files": ("x.xml",),
            "format": "un-xml", "digests": {str(i): "d" for i in range(entries)},
            "aliases": {}, "alias_count": alias_count}
        values.update(changes)
        return Publication(**values)

    held = publication(100, 100, aliases={str(i): frozenset({f"a{i}"}) for i in range(100)})
    assert update_problems(held, publication(90, 90, file_sha256="b")) == []  # 10 %: fine
    assert update_problems(held, publication(89, 89, file_sha256="b")) == [
        "would remove 11 of 100 entries (11 %)"]
    assert MAX_ENTRY_LOSS == 0.10 and MAX_ALIAS_LOSS == 0.25
    lost: dict[str, frozenset[str]] = {str(i): frozenset() for i in range(26)}
    changed = {**held.digests, **{str(i): "e" for i in range(26)}}
    assert update_problems(held, publication(100, 74, file_sha256="b", digests=changed,
                                             aliases=lost)) == [
        "would remove 26 of 100 aliases (26 %)"]
    assert update_problems(held, publication(1, 0)) == []  # the same file hash: fine
    assert update_problems(held, publication(100, 100, file_sha256="b",
                                             published="2024")) == []  # same year: not older
    assert update_problems(held, publication(100, 100, file_sha256="b",
                                             published=None)) == []
    assert update_problems(held, publication(100, 100, file_sha256="b",
                                             source_files=("y.xml",))) == []  # renamed file
    assert update_problems(held, publication(100, 100, file_sha256="b", format=None)) == []
    assert update_problems(publication(100, 100, format=None, source_files=("a", "b")),
                           publication(100, 100, file_sha256="b", source_files=("a", "c"))
                           ) == ["comes from a, c; the held publication came from a, b"]
