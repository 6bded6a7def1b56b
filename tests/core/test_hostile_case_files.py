"""A case file from someone else is data, not a program (issue 11).

Each test plants something in a real case with plain sqlite3, as an attacker would, and
shows: the open is refused with the objects named, nothing planted ran, and ``repair``
gives a clean case with the same records.
"""

from __future__ import annotations

import shutil
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from osint_desk.core.demo import build_demo_case
from osint_desk.core.errors import UnsafeCaseFileError
from osint_desk.core.store import CaseStore
from osint_desk.core.store.repair import repair_case
from osint_desk.core.store.schema_check import schema_problems
from osint_desk.core.store.schema_version import SCHEMA_VERSION


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.osintcase"
    build_demo_case(path).close()
    return path


def planted(demo_file: Path, tmp_path: Path, *statements: str) -> Path:
    path = tmp_path / "received.osintcase"
    shutil.copy(demo_file, path)
    conn = sqlite3.connect(path)
    try:
        with conn:
            for statement in statements:
                conn.execute(statement)
    finally:
        conn.close()  # checkpoints the WAL: the file alone holds the planted schema
    return path


def counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        return {table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in ("sources", "excerpts", "entities", "relationships", "sanctions",
                              "entity_aliases", "mentions", "relationship_evidence", "tags")}
    finally:
        conn.close()


def counts_of(path: Path, table: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()


COPY_TRIGGER = ("CREATE TRIGGER steal AFTER INSERT ON entities BEGIN"
                " INSERT INTO loot VALUES (NEW.name); END")
WIPE_TRIGGER = ("CREATE TRIGGER wipe AFTER INSERT ON audit_log BEGIN"
                " DELETE FROM audit_log; END")
EDIT_TRIGGER = ("CREATE TRIGGER reword AFTER UPDATE ON entities BEGIN UPDATE entities"
                " SET description = 'forged' WHERE id = NEW.id; END")
CONFIDENCE_TRIGGER = ("CREATE TRIGGER sure AFTER INSERT ON relationships BEGIN UPDATE"
                      " relationships SET confidence = 100 WHERE id = NEW.id; END")


def test_planted_triggers_are_refused_and_never_run(demo_file: Path, tmp_path: Path) -> None:
    path = planted(demo_file, tmp_path, "CREATE TABLE loot (name TEXT)", COPY_TRIGGER,
                   WIPE_TRIGGER, EDIT_TRIGGER, CONFIDENCE_TRIGGER)
    audit_before = counts_of(path, "audit_log")
    before = path.read_bytes()
    with pytest.raises(UnsafeCaseFileError) as refused:
        CaseStore.open(path)
    message = str(refused.value)
    for name in ("steal", "wipe", "reword", "sure", "loot"):
        assert repr(name) in message
    assert "repair" in message
    assert path.read_bytes() == before  # not even migrated or re-journalled
    assert counts_of(path, "loot") == 0
    assert counts_of(path, "audit_log") == audit_before


@pytest.mark.parametrize("read_only", [False, True])
def test_a_view_in_place_of_a_table_is_refused(demo_file: Path, tmp_path: Path,
                                               read_only: bool) -> None:
    path = planted(demo_file, tmp_path, "ALTER TABLE case_meta RENAME TO real_meta",
                   "CREATE VIEW case_meta AS SELECT id, case_id, 'Forged title' AS title,"
                   " summary, author, marking, created_at, updated_at, app_version, findings,"
                   " report_date FROM real_meta")
    with pytest.raises(UnsafeCaseFileError, match="'case_meta' is a view"):
        CaseStore.open(path, read_only=read_only)


def test_a_recursive_view_cannot_hang_the_open(demo_file: Path, tmp_path: Path) -> None:
    path = planted(demo_file, tmp_path,
                   "CREATE VIEW forever AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL"
                   " SELECT i + 1 FROM n) SELECT i FROM n",
                   "DROP TABLE tags",
                   "CREATE VIEW tags AS SELECT * FROM forever")
    started = time.monotonic()
    with pytest.raises(UnsafeCaseFileError) as refused:
        CaseStore.open(path, read_only=True)
    assert time.monotonic() - started < 2
    assert "'forever'" in str(refused.value) and "'tags' is a view" in str(refused.value)


def test_a_load_extension_view_is_refused(demo_file: Path, tmp_path: Path) -> None:
    path = planted(demo_file, tmp_path,
                   "CREATE VIEW ext AS SELECT load_extension('/tmp/evil.so') AS x")
    with pytest.raises(UnsafeCaseFileError, match="unexpected view 'ext'"):
        CaseStore.open(path)


def test_tampered_and_missing_builtin_triggers_are_refused(demo_file: Path,
                                                           tmp_path: Path) -> None:
    path = planted(
        demo_file, tmp_path,
        "DROP TRIGGER blobs_are_immutable",
        "CREATE TRIGGER blobs_are_immutable BEFORE UPDATE ON blobs BEGIN SELECT 1; END",
        "DROP TRIGGER excerpts_quote_matches_on_insert",
    )
    with pytest.raises(UnsafeCaseFileError) as refused:
        CaseStore.open(path)
    problems = refused.value.problems
    assert "trigger 'blobs_are_immutable' on blobs differs from OSINT Desk's definition" in problems
    assert "missing trigger 'excerpts_quote_matches_on_insert' on excerpts" in problems


def test_an_altered_table_definition_is_refused(demo_file: Path, tmp_path: Path) -> None:
    path = planted(demo_file, tmp_path, "ALTER TABLE sources ADD COLUMN payload TEXT")
    with pytest.raises(UnsafeCaseFileError, match="table 'sources' differs"):
        CaseStore.open(path)


def test_our_own_cases_pass_the_check(demo_file: Path) -> None:
    conn = sqlite3.connect(demo_file)
    assert schema_problems(conn, SCHEMA_VERSION) == []


ATTACKS: dict[str, Callable[[], tuple[str, ...]]] = {
    "triggers": lambda: ("CREATE TABLE loot (name TEXT)", COPY_TRIGGER, WIPE_TRIGGER,
                         EDIT_TRIGGER),
    "recursive view": lambda: (
        "CREATE VIEW forever AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1"
        " FROM n) SELECT i FROM n",),
    "tampered trigger": lambda: (
        "DROP TRIGGER blobs_are_immutable",
        "CREATE TRIGGER blobs_are_immutable BEFORE UPDATE ON blobs BEGIN SELECT 1; END"),
    "meta view": lambda: ("ALTER TABLE case_meta RENAME TO real_meta",
                          "CREATE VIEW case_meta AS SELECT * FROM real_meta"),
}


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_repair_gives_a_clean_case_with_the_same_records(demo_file: Path, tmp_path: Path,
                                                         attack: str) -> None:
    path = planted(demo_file, tmp_path, *ATTACKS[attack]())
    clean = tmp_path / "clean.osintcase"
    report = repair_case(path, clean)
    assert report.dropped and report.refused_rows == 0
    assert counts(clean) == counts(demo_file)
    conn = sqlite3.connect(clean)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert schema_problems(conn, SCHEMA_VERSION) == []
    with CaseStore.open(clean) as store:  # opens, is searchable, and is writable
        assert store.search("Wagner")
        store.entities.add("Person", "New Person")
        assert "repair" in [entry["action"] for entry in store.audit_entries(limit=5)]
    assert "loot" not in {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    conn.close()
    if attack == "meta view":
        assert any("case title" in line for line in report.dropped)
    else:
        with CaseStore.open(demo_file, read_only=True) as original, \
                CaseStore.open(clean, read_only=True) as repaired:
            assert repaired.meta().title == original.meta().title


def test_repair_refuses_forged_quotes_row_by_row(demo_file: Path, tmp_path: Path) -> None:
    path = planted(demo_file, tmp_path, "DROP TRIGGER excerpts_quote_matches_on_update",
                   "UPDATE excerpts SET quote = 'words nobody wrote' WHERE id = 1")
    report = repair_case(path, tmp_path / "clean.osintcase")
    assert report.copied["excerpts"] == counts(demo_file)["excerpts"] - 1
    assert "must equal its source text" in report.refused["excerpts"][0]


def test_a_case_without_its_case_record_is_refused_clearly(demo_file: Path,
                                                           tmp_path: Path) -> None:
    from osint_desk.core.errors import NotACaseFileError

    path = planted(demo_file, tmp_path, "DELETE FROM case_meta")
    with pytest.raises(NotACaseFileError, match="no case record"):
        CaseStore.open(path, read_only=True)
    report = repair_case(path, tmp_path / "clean.osintcase")
    assert any("new title" in line for line in report.dropped)
    with CaseStore.open(tmp_path / "clean.osintcase") as store:
        assert store.meta().title == "Repaired copy of received.osintcase"
