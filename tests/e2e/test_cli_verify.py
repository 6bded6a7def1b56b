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


def test_since_a_noted_head_shows_a_cut_or_rewritten_log(cli: Cli, tmp_path: Path) -> None:
    """The chain cannot show entries cut from its end that created no evidence (a link, a
    tag, an edit): the head noted earlier — or an earlier bundle's — can."""
    case = tmp_path / "demo.osintcase"
    before = cli.json("verify", case)["audit"]["entries"]
    cli.run("relate", case, "Yevgeny Prigozhin", "met", "John Kirby")  # a link: no evidence
    noted = cli.json("verify", case)["audit"]["head"]
    short = noted[:12]
    assert f"head {short}" in cli.run("verify", case).stdout
    held = cli.run("verify", case, "--since", short).stdout
    assert held.startswith("Verified") and "the log holds it" in held and "0 entries" in held
    bundle = tmp_path / "earlier.zip"
    cli.run("export", case, "--format", "bundle", "-o", bundle)
    cli.run("relate", case, "John Kirby", "briefed", "United States")  # later work
    later = cli.json("verify", case, "--since", noted)
    assert later["intact"] and later["since"]["holds"] and later["since"]["entry"] > before
    assert cli.json("verify", case, "--since", bundle)["since"]["holds"]
    # Cut the first link's entries, and all after them, from the log's end: the chain still
    # holds and no evidence lacks its creation, so only the noted head shows it.
    _forge(case, "audit_log", f"DELETE FROM audit_log WHERE id > {before}")
    assert cli.json("verify", case)["intact"]
    cut = cli.run("verify", case, "--since", short, code=1).stdout
    assert "Verification FAILED" in cut and "NO entry of the log has this hash" in cut
    data = json.loads(cli.run("verify", case, "--since", bundle, "--json", code=1).stdout)
    assert not data["intact"] and not data["since"]["holds"]
    refused = cli.run("verify", bundle, "--since", short, code=1)
    assert "verify the bundle without it" in refused.stderr


@pytest.mark.parametrize("since", ["abc", "xyz12345", "1" * 65, "notes.txt"])
def test_since_takes_a_head_or_a_bundle(cli: Cli, tmp_path: Path, since: str) -> None:
    result = cli.run("verify", tmp_path / "demo.osintcase", "--since", since, code=2)
    assert "usage:" in result.stderr and "neither a head" in result.stderr
