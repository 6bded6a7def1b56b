"""``osint-desk verify CASE`` in a fresh process: exit 0 on a genuine case, 1 naming what a
forger changed (the audit entry, the excerpt), JSON for scripts."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from cli_runner import Cli


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    cli = Cli(tmp_path)
    cli.run("demo", "demo.osintcase")
    return cli


def _forge(path: Path, table: str, statement: str) -> None:
    """Drop the table's triggers, run *statement*, put the triggers back with the same SQL."""
    conn = sqlite3.connect(path)
    try:
        triggers = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
                                " AND tbl_name = ?", (table,)).fetchall()
        for name, _sql in triggers:
            conn.execute(f'DROP TRIGGER "{name}"')
        conn.execute(statement)
        for _name, sql in triggers:
            conn.execute(sql)
        conn.commit()
    finally:
        conn.close()


def test_verify_a_genuine_case_and_a_forged_one(cli: Cli, tmp_path: Path) -> None:
    case = tmp_path / "demo.osintcase"
    result = cli.run("verify", case)
    assert result.stdout.startswith("Verified: the case is intact.\naudit log: ")
    report = cli.json("verify", case)
    assert report["intact"] and report["audit"]["intact"] and report["audit"]["entries"] > 100
    assert report["evidence"] == {"sources": 1, "problems": []}
    _forge(case, "audit_log", "UPDATE audit_log SET actor = 'nobody' WHERE id = 7")
    failed = cli.run("verify", case, code=1)
    assert "Verification FAILED" in failed.stdout
    assert "audit log: broken at entry 7: its content does not match its hash" in failed.stdout
    _forge(case, "excerpts", "UPDATE excerpts SET quote = 'forged' WHERE id = 1")
    result = cli.run("verify", case, "--json", code=1)
    data = json.loads(result.stdout)
    assert not data["intact"] and data["audit"]["broken_at"] == 7
    assert [p["kind"] for p in data["evidence"]["problems"]] == ["excerpt"]
