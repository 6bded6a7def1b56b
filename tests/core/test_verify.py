"""``verify``: the audit log's hash chain and the evidence (issue 15, chain of custody).

A forger with ``sqlite3`` drops the triggers, changes the data and puts the triggers back
with their old SQL (``_forging``), so the file still opens: verify must name what changed.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from test_export_verify import _case, _forge_blob, _forge_quote, _forging

from osint_desk.core.store import CaseStore
from osint_desk.core.store.audit_chain import GENESIS, check_chain, row_hash
from osint_desk.core.store.verify import verify_case


@pytest.fixture
def case(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    path = tmp_path / "case.osintcase"
    return path, _case(path)


def _verify(path: Path) -> list[str]:
    with CaseStore.open(path, read_only=True) as store:
        return verify_case(store).lines()


def test_a_genuine_case_verifies(case: tuple[Path, dict[str, str]]) -> None:
    path, _ids = case
    lines = _verify(path)
    assert lines[0] == "Verified: the case is intact."
    assert "hash chain intact" in lines[1] and "1 source" in lines[2]
    with CaseStore.open(path, read_only=True) as store:
        report = check_chain(store._ctx.conn)
        rows = store._ctx.conn.execute(
            "SELECT id, at, actor, action, table_name, record_id, before, after, prev_hash,"
            " row_hash FROM audit_log ORDER BY id").fetchall()
    assert report.rows == len(rows) > 5
    previous = GENESIS
    for row in rows:  # recomputed here from the definition, not by the module's own walk
        assert row[8] == previous and row[9] == row_hash(previous, row[:8])
        previous = row[9]
    assert report.head == previous


def test_raw_sql_cannot_change_or_remove_an_audit_entry(
        case: tuple[Path, dict[str, str]]) -> None:
    path, _ids = case
    conn = sqlite3.connect(path)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("UPDATE audit_log SET actor = 'someone else' WHERE id = 2")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("DELETE FROM audit_log WHERE id = 2")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("DELETE FROM audit_log")
    finally:
        conn.close()


def test_a_changed_audit_entry_is_named(case: tuple[Path, dict[str, str]]) -> None:
    path, _ids = case
    with _forging(path, "audit_log") as conn:
        conn.execute("UPDATE audit_log SET actor = 'someone else' WHERE id = 3")
    lines = _verify(path)
    assert lines[0].startswith("Verification FAILED")
    assert lines[1] == ("audit log: broken at entry 3: its content does not match its hash"
                        " (the entry was changed)")


def test_a_removed_audit_entry_is_named(case: tuple[Path, dict[str, str]]) -> None:
    path, _ids = case
    with _forging(path, "audit_log") as conn:
        conn.execute("DELETE FROM audit_log WHERE id = 4")
    assert _verify(path)[1] == "audit log: broken at entry 5: entries 4–4 are missing"


def test_a_removed_and_renumbered_entry_is_named(case: tuple[Path, dict[str, str]]) -> None:
    """The forger closes the gap: the next entry no longer follows the one before it."""
    path, _ids = case
    with _forging(path, "audit_log") as conn:
        last = conn.execute("SELECT max(id) FROM audit_log").fetchone()[0]
        conn.execute("DELETE FROM audit_log WHERE id = 4")
        for number in range(5, last + 1):
            conn.execute("UPDATE audit_log SET id = ? WHERE id = ?", (number - 1, number))
    assert _verify(path)[1].startswith(
        "audit log: broken at entry 4: it does not follow the entry before it")


def test_changed_evidence_is_named(case: tuple[Path, dict[str, str]]) -> None:
    path, ids = case
    _forge_quote(path, ids["first"], "the shipment left Izmail on 3 May")
    _forge_blob(path, ids["blob"])
    lines = _verify(path)
    assert lines[0].startswith("Verification FAILED")
    assert "hash chain intact" in lines[1]  # the forgery left the log alone
    text = "\n".join(lines[2:])
    assert "2 records no longer match" in text
    assert ids["first"] in text and ids["second"] not in text
    assert f"source {ids['source']}: the original file's bytes do not match" in text
