"""Hostile and unopenable case files through the command line and the screenshot mode.

Every refusal is a message and exit 1 within seconds — never a hang (a recursive view), a
modal dialog nobody can answer (``open --screenshot``), or an internal error.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cli_runner import Cli

from osint_desk.core.store import CaseStore

RECURSIVE_VIEW = ("CREATE VIEW forever AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL"
                  " SELECT i + 1 FROM n) SELECT i FROM n")


def _sql(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path)
    try:
        with conn:
            for statement in statements:
                conn.execute(statement)
    finally:
        conn.close()


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    cli = Cli(tmp_path)
    cli.run("demo", "demo.osintcase")
    return cli


def test_planted_trigger_refused_by_every_command_then_repaired(cli: Cli,
                                                                tmp_path: Path) -> None:
    case = tmp_path / "demo.osintcase"
    _sql(case, "CREATE TABLE loot (name TEXT)",
         "CREATE TRIGGER steal AFTER INSERT ON entities BEGIN INSERT INTO loot"
         " VALUES (NEW.name); END", RECURSIVE_VIEW)
    for command in (["show", case], ["search", case, "Wagner"],
                    ["entity", "add", case, "--type", "Person", "--name", "X"],
                    ["export", case, "--format", "html", "-o", tmp_path / "r.html"]):
        started = time.monotonic()
        error = cli.fails(*command, says="refused")
        assert time.monotonic() - started < 10
        assert "unexpected trigger 'steal'" in error and "osint-desk repair" in error
    assert not (tmp_path / "r.html").exists()
    out = cli.run("repair", case, "-o", tmp_path / "clean.osintcase").stdout
    assert "Left behind (3)" in out and "steal" in out
    assert "21 excerpts" in out
    shown = cli.json("show", tmp_path / "clean.osintcase")
    assert shown["counts"]["excerpts"] == 21
    cli.run("entity", "add", tmp_path / "clean.osintcase", "--type", "Person", "--name", "Y")


def test_repair_never_overwrites(cli: Cli, tmp_path: Path) -> None:
    case = tmp_path / "demo.osintcase"
    cli.fails("repair", case, "-o", case, says="new file")
    (tmp_path / "taken.osintcase").write_bytes(b"x")
    cli.fails("repair", case, "-o", tmp_path / "taken.osintcase", says="already exists")


def test_an_older_case_exported_before_upgrading_says_so(cli: Cli, tmp_path: Path) -> None:
    case = tmp_path / "demo.osintcase"
    _sql(case, "DROP TABLE watch_hits", "DROP TABLE watch_terms", "DROP TABLE card_judgements",
         "DROP TABLE merges", "DROP TABLE suggestion_judgements",
         "DROP TRIGGER sources_capture_is_immutable", "DROP INDEX sources_part_of",
         "DROP INDEX sources_live", "DROP INDEX excerpts_dated",
         "ALTER TABLE sources DROP COLUMN capture", "ALTER TABLE sources DROP COLUMN integrity",
         "ALTER TABLE sources DROP COLUMN part_of",
         "DROP TRIGGER audit_log_append_only", "DROP TRIGGER audit_log_no_delete",
         "ALTER TABLE audit_log DROP COLUMN prev_hash",
         "ALTER TABLE audit_log DROP COLUMN row_hash",
         "DROP TABLE charts", "DROP TABLE screening_hits", "DROP TABLE sanction_checks",
         "DROP TABLE screening_runs", "ALTER TABLE case_meta DROP COLUMN findings",
         "ALTER TABLE case_meta DROP COLUMN report_date",
         "DELETE FROM _sqlite_migrations WHERE name IN"
         " ('0002_screening', '0003_report', '0004_charts', '0005_audit_chain',"
         " '0006_captures', '0007_review')",
         "PRAGMA user_version = 1")
    before = case.read_bytes()
    error = cli.fails("export", case, "--format", "html", "-o", tmp_path / "r.html",
                      says="must be upgraded")
    assert "open it once for writing" in error
    assert case.read_bytes() == before
    # A writable open upgrades it, keeping a backup.
    cli.run("entity", "add", case, "--type", "Person", "--name", "After upgrade")
    assert list(tmp_path.glob("demo.v1.bak*.osintcase"))
    cli.run("export", case, "--format", "html", "-o", tmp_path / "r.html")


def _bad_files(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "bad"
    folder.mkdir()
    files = {name: folder / f"{name}.osintcase" for name in
             ("random", "newer", "truncated", "garbled", "refused")}
    files["random"].write_bytes(os.urandom(5000))
    demo = tmp_path / "demo.osintcase"
    for name in ("newer", "truncated", "garbled", "refused"):
        files[name].write_bytes(demo.read_bytes())
    _sql(files["newer"], "PRAGMA user_version = 99")
    data = files["truncated"].read_bytes()
    files["truncated"].write_bytes(data[: len(data) // 3])
    garbled = bytearray(files["garbled"].read_bytes())
    garbled[4096:-4096] = os.urandom(len(garbled) - 8192)
    files["garbled"].write_bytes(bytes(garbled))
    _sql(files["refused"], RECURSIVE_VIEW)
    return files


def test_the_screenshot_mode_never_waits_on_a_dialog(cli: Cli, tmp_path: Path) -> None:
    for name, path in _bad_files(tmp_path).items():
        shot = tmp_path / f"{name}.png"
        started = time.monotonic()
        result = subprocess.run(
            [sys.executable, "-m", "osint_desk", "open", str(path), "--screenshot", str(shot)],
            env=cli.env, cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False)
        assert time.monotonic() - started < 30, name
        assert "Traceback" not in result.stderr
        if name == "garbled" and result.returncode == 0:
            continue  # SQLite may open it when no damaged page is read; never a hang
        assert result.returncode == 1, (name, result.stderr)
        assert "osint-desk: error:" in result.stderr
        assert not shot.exists()


def test_garbled_cases_give_clear_errors_on_the_command_line(cli: Cli, tmp_path: Path) -> None:
    for name, path in _bad_files(tmp_path).items():
        result = cli.run("show", path, code=None)
        if name == "garbled" and result.returncode == 0:
            continue
        assert result.returncode == 1, (name, result.stdout, result.stderr)
        assert result.stderr.startswith("osint-desk: error:"), (name, result.stderr)


def test_a_writer_waiting_too_long_says_so_and_loses_nothing(tmp_path: Path) -> None:
    path = tmp_path / "busy.osintcase"
    CaseStore.create(path, "Busy").close()
    holder = sqlite3.connect(path)
    holder.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    try:
        from osint_desk.core.errors import CaseBusyError
        from osint_desk.core.store import opening

        store = CaseStore.open(path)
        store._ctx.db.busy_timeout_s = 0.2
        store._ctx.conn.execute("PRAGMA busy_timeout = 200")
        with pytest.raises(CaseBusyError, match="nothing was changed"):
            store.entities.add("Person", "Waiting")
        assert opening.BUSY_TIMEOUT_MS >= 5000
    finally:
        holder.rollback()
        holder.close()
    store.entities.add("Person", "After")
    assert [e.name for e in store.entities.list()] == ["After"]
    store.close()
