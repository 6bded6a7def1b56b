"""The case file: identity, pragmas, telling a case from anything else, versions."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from osint_desk.core.errors import NewerCaseFileError, NotACaseFileError, ReadOnlyCaseError
from osint_desk.core.store import APPLICATION_ID, SCHEMA_VERSION, CaseStore
from osint_desk.core.store.opening import open_case_file
from osint_desk.core.store.schema import MIGRATIONS


def pragma(path: Path, name: str) -> object:
    with sqlite3.connect(path) as conn:
        return conn.execute(f"PRAGMA {name}").fetchone()[0]


def test_new_case_is_marked_as_ours(store: CaseStore, case_path: Path) -> None:
    store.close()
    assert pragma(case_path, "application_id") == APPLICATION_ID
    assert pragma(case_path, "user_version") == SCHEMA_VERSION
    assert pragma(case_path, "journal_mode") == "wal"
    assert pragma(case_path, "integrity_check") == "ok"


def test_connection_enforces_foreign_keys(store: CaseStore) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        store._ctx.conn.execute(
            "INSERT INTO mentions (excerpt_id, entity_id, created_at) VALUES (999, 999, 'x')")


def test_case_reopens_with_same_identity(store: CaseStore, case_path: Path) -> None:
    case_id = store.meta().case_id
    store.close()
    with CaseStore.open(case_path) as again:
        assert again.meta().case_id == case_id
        assert again.meta().title == "Test case"


def test_create_refuses_to_overwrite(store: CaseStore, case_path: Path) -> None:
    with pytest.raises(NotACaseFileError, match="already exists"):
        CaseStore.create(case_path, "Other")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"Just some notes, not a database.\n" * 10, "not a SQLite database"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 200, "not a SQLite database"),
    ],
)
def test_foreign_files_are_refused(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "thing.osintcase"
    path.write_bytes(content)
    with pytest.raises(NotACaseFileError, match=reason) as info:
        CaseStore.open(path)
    assert str(path) in str(info.value)
    assert path.read_bytes() == content


def test_random_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (x)")
    before = path.read_bytes()
    with pytest.raises(NotACaseFileError, match="not an OSINT Desk case"):
        CaseStore.open(path)
    assert path.read_bytes() == before


def test_truncated_case_is_refused(store: CaseStore, case_path: Path, tmp_path: Path) -> None:
    for i in range(200):
        store.entities.add("Person", f"Person {i}", description="x" * 500)
    store.close()  # checkpoints the WAL into the main file
    data = case_path.read_bytes()
    truncated = tmp_path / "truncated.osintcase"
    truncated.write_bytes(data[: len(data) // 2])
    with pytest.raises(NotACaseFileError, match="truncated"):
        CaseStore.open(truncated)


def test_missing_and_folder_paths(tmp_path: Path) -> None:
    with pytest.raises(NotACaseFileError, match="no such file"):
        CaseStore.open(tmp_path / "missing.osintcase")
    with pytest.raises(NotACaseFileError, match="folder"):
        CaseStore.open(tmp_path)


def test_newer_case_is_refused_and_untouched(store: CaseStore, case_path: Path) -> None:
    store._ctx.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    store.close()
    before = case_path.read_bytes()
    with pytest.raises(NewerCaseFileError, match="newer OSINT Desk"):
        CaseStore.open(case_path)
    assert case_path.read_bytes() == before


def test_older_case_is_backed_up_then_migrated(store: CaseStore, case_path: Path) -> None:
    entity = store.entities.add("Person", "Kept Person")
    store.close()
    future = Migrations(MIGRATIONS.name)
    for migration in MIGRATIONS._migrations:
        future._migrations.append(migration)
    newer = SCHEMA_VERSION + 1

    @future(name="9999_test_column")
    def add_column(db: Database) -> None:
        db.execute("ALTER TABLE entities ADD COLUMN test_column TEXT")
        db.execute(f"PRAGMA user_version = {newer}")

    db, backup = open_case_file(case_path, migrations=future, schema_version=newer)
    try:
        assert db.conn.execute("PRAGMA user_version").fetchone()[0] == newer
        assert "test_column" in db.utils_database()["entities"].columns_dict
    finally:
        db.close()
    assert backup is not None and backup.exists()
    assert backup.name == f"test.v{SCHEMA_VERSION}.bak.osintcase"
    assert pragma(backup, "user_version") == SCHEMA_VERSION
    assert pragma(backup, "integrity_check") == "ok"
    with sqlite3.connect(backup) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM entities")]
    assert names == [entity.name]


def _back_to_schema_6(conn: sqlite3.Connection) -> None:
    """Undo step 7 (judgements, merges, watch terms) on a current file."""
    for table in ("watch_hits", "watch_terms", "card_judgements", "merges",
                  "suggestion_judgements"):
        conn.execute(f"DROP TABLE {table}")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = '0007_review'")
    conn.execute("PRAGMA user_version = 6")


def _back_to_schema_5(conn: sqlite3.Connection) -> None:
    """Undo steps 7 and 6 (captures, the timeline's indexes) on a current file."""
    _back_to_schema_6(conn)
    conn.execute("DROP TRIGGER sources_capture_is_immutable")
    for index in ("sources_part_of", "sources_live", "excerpts_dated"):
        conn.execute(f"DROP INDEX {index}")
    for column in ("capture", "integrity", "part_of"):
        conn.execute(f"ALTER TABLE sources DROP COLUMN {column}")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = '0006_captures'")
    conn.execute("PRAGMA user_version = 5")


def _back_to_schema_4(conn: sqlite3.Connection) -> None:
    """Undo steps 6 and 5 (the audit chain) on a current file, as a version-4 app left it."""
    _back_to_schema_5(conn)
    conn.execute("DROP TRIGGER audit_log_append_only")
    conn.execute("DROP TRIGGER audit_log_no_delete")
    conn.execute("ALTER TABLE audit_log DROP COLUMN prev_hash")
    conn.execute("ALTER TABLE audit_log DROP COLUMN row_hash")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = '0005_audit_chain'")
    conn.execute("PRAGMA user_version = 4")


def test_a_version_4_case_gains_a_chained_audit_log(store: CaseStore, case_path: Path) -> None:
    """The entries a version-4 app wrote are chained by the migration; the log is
    append-only from then on and new entries follow the chain."""
    from osint_desk.core.store.audit_chain import check_chain

    store.entities.add("Person", "First")
    store.entities.add("Person", "Second")
    conn = store._ctx.conn
    _back_to_schema_4(conn)
    conn.execute("UPDATE audit_log SET actor = 'edited before the chain' WHERE id = 1")
    entries = conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    conn.commit()
    store.close()
    with CaseStore.open(case_path) as upgraded:
        report = check_chain(upgraded._ctx.conn)
        assert report.intact and report.rows == entries >= 2
        upgraded.entities.add("Person", "Third")
        after = check_chain(upgraded._ctx.conn)
        assert after.intact and after.rows == entries + 1
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            upgraded._ctx.conn.execute("DELETE FROM audit_log WHERE id = 1")
    assert pragma(case_path, "user_version") == SCHEMA_VERSION == 7


def test_a_version_5_case_gains_capture_columns(store: CaseStore, case_path: Path) -> None:
    """A version-5 case opens upgraded: its sources keep their text and have no capture."""
    source = store.sources.add(text="Kept text.", title="Kept")
    conn = store._ctx.conn
    _back_to_schema_5(conn)
    conn.commit()
    store.close()
    with CaseStore.open(case_path) as upgraded:
        kept = upgraded.sources.get(source.id)
        assert (kept.text, kept.capture, kept.integrity, kept.part_of) == (
            "Kept text.", None, None, None)
        part = upgraded.sources.add(text="Inside.", title="Part", part_of=source.id,
                                    capture={"format": "warc-record"}, integrity="valid")
        assert upgraded.sources.get(part.id).capture == {"format": "warc-record"}
        with pytest.raises(sqlite3.IntegrityError, match="cannot be changed"):
            upgraded._ctx.conn.execute(
                "UPDATE sources SET integrity = 'valid' WHERE public_id = ?", (source.id,))
    assert pragma(case_path, "user_version") == 7


def test_a_version_1_case_gains_screening_tables(store: CaseStore, case_path: Path) -> None:
    """A case written before screening results existed (schema 1) opens, upgraded, intact."""
    card = store.entities.add("Person", "Kept Person")
    conn = store._ctx.conn
    _back_to_schema_4(conn)
    for table in ("screening_hits", "sanction_checks", "screening_runs", "charts"):
        conn.execute(f"DROP TABLE {table}")
    conn.execute("ALTER TABLE case_meta DROP COLUMN findings")
    conn.execute("ALTER TABLE case_meta DROP COLUMN report_date")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name IN ('0002_screening',"
                 " '0003_report', '0004_charts')")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    store.close()
    with CaseStore.open(case_path) as upgraded:
        assert upgraded.backup_path is not None and upgraded.backup_path.exists()
        assert pragma(upgraded.backup_path, "user_version") == 1
        assert upgraded.entities.get(card.id).name == "Kept Person"
        assert upgraded.screening.list() == [] and upgraded.screening.runs() == []
        assert upgraded.meta().findings == "" and upgraded.meta().report_date is None
    assert pragma(case_path, "user_version") == SCHEMA_VERSION


def test_a_version_3_case_gains_charts(store: CaseStore, case_path: Path) -> None:
    """A case written before saved charts existed (schema 3) opens, upgraded, intact."""
    card = store.entities.add("Person", "Kept Person")
    conn = store._ctx.conn
    _back_to_schema_4(conn)
    conn.execute("DROP TABLE charts")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = '0004_charts'")
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    store.close()
    with CaseStore.open(case_path) as upgraded:
        assert upgraded.backup_path is not None
        assert pragma(upgraded.backup_path, "user_version") == 3
        assert upgraded.entities.get(card.id).name == "Kept Person"
        assert upgraded.charts.list() == []
        upgraded.charts.create("First chart")
    assert pragma(case_path, "user_version") == SCHEMA_VERSION


def test_read_only_case_refuses_writes(store: CaseStore, case_path: Path) -> None:
    store.close()
    with CaseStore.open(case_path, read_only=True) as ro:
        assert ro.read_only
        with pytest.raises(ReadOnlyCaseError):
            ro.entities.add("Person", "Nobody")
        assert ro.counts().entities == 0


def test_data_version_sees_other_writers(store: CaseStore, case_path: Path) -> None:
    with CaseStore.open(case_path, read_only=True) as reader:
        first = reader.data_version()
        store.entities.add("Person", "Written elsewhere")
        assert reader.data_version() != first
        assert reader.entities.resolve("Written elsewhere").name == "Written elsewhere"


def test_transactions_commit_whole_or_not_at_all(store: CaseStore, case_path: Path) -> None:
    """The store's own atomic(): nested blocks are savepoints, an error undoes its block."""
    with store.transaction():
        store.entities.add("Person", "Outer")
        with pytest.raises(ValueError), store.transaction():
            store.entities.add("Person", "Inner, undone")
            raise ValueError("inner fails")
        store.entities.add("Person", "Outer too")
    with pytest.raises(KeyError), store.transaction():
        store.entities.add("Person", "All undone")
        raise KeyError("outer fails")
    names = sorted(e.name for e in store.entities.list())
    assert names == ["Outer", "Outer too"]
    assert not store._ctx.conn.in_transaction


def test_opening_a_current_case_does_not_load_sqlite_utils(tmp_path: Path) -> None:
    import subprocess
    import sys

    case_path = tmp_path / "current.osintcase"
    CaseStore.create(case_path, "t").close()
    code = ("import sys; from osint_desk.core.store import CaseStore; "
            f"s = CaseStore.open({str(case_path)!r}); s.entities.add('Person', 'P'); s.close(); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('sqlite_utils', 'click', 'regex')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[]"
