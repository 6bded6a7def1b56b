"""``verify``: the audit log's hash chain and the evidence (issue 15, chain of custody).

A forger with ``sqlite3`` drops the triggers, changes the data and puts the triggers back
with their old SQL (``_forging``), so the file still opens: verify must name what changed.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_export_verify import _case, _forge_blob, _forge_quote, _forging, raw_connection

from osint_desk.core.store import CaseStore, drivers, encryption
from osint_desk.core.store.audit_chain import GENESIS, check_chain, row_hash
from osint_desk.core.store.encrypt_copy import encrypt_case
from osint_desk.core.store.verify import verify_case

ENCRYPTED = os.environ.get("OSINT_DESK_TEST_ENCRYPTED") == "1"  # see tests/core/conftest.py
PASSPHRASE = "verify passphrase"


@pytest.fixture
def case(tmp_path: Path) -> Iterator[tuple[Path, dict[str, str]]]:
    """The small forgery case; encrypted when the store suite runs encrypted (the forger then
    knows the passphrase: the chain must hold against the analyst's own tools too)."""
    path = tmp_path / "case.osintcase"
    if not ENCRYPTED:
        yield path, _case(path)
        return
    plain = tmp_path / "plain.osintcase"
    ids = _case(plain)
    encrypt_case(plain, PASSPHRASE, path)
    encryption.share_passphrase(path, PASSPHRASE)
    try:
        yield path, ids
    finally:
        encryption.forget_passphrase(path)


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
    conn = raw_connection(path)
    try:
        assert encryption.is_cipher_connection(conn) == ENCRYPTED
        with pytest.raises(drivers.IntegrityError, match="append-only"):
            conn.execute("UPDATE audit_log SET actor = 'someone else' WHERE id = 2")
        with pytest.raises(drivers.IntegrityError, match="append-only"):
            conn.execute("DELETE FROM audit_log WHERE id = 2")
        with pytest.raises(drivers.IntegrityError, match="append-only"):
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


def test_an_emptied_log_names_the_evidence_it_no_longer_holds(
        case: tuple[Path, dict[str, str]]) -> None:
    """With every entry gone the chain itself checks (it is empty): the source and excerpts
    whose creation the log no longer holds give it away."""
    path, ids = case
    with _forging(path, "audit_log") as conn:
        conn.execute("DELETE FROM audit_log")
    lines = _verify(path)
    assert lines[0].startswith("Verification FAILED")
    assert lines[1].startswith("audit log: 0 entries")
    assert lines[2] == ("audit log: 3 records are not in it (entries were removed from its"
                        " end, or all of them):")
    assert lines[3:6] == [f"  source {ids['source']}: its creation is not in the audit log",
                          f"  excerpt {ids['first']}: its creation is not in the audit log",
                          f"  excerpt {ids['second']}: its creation is not in the audit log"]


def test_entries_cut_from_the_end_are_named_when_they_made_evidence(
        case: tuple[Path, dict[str, str]]) -> None:
    path, ids = case
    with CaseStore.open(path, actor="tester") as store:
        late = store.excerpts.add_by_quote(ids["source"], "Officials")
    with _forging(path, "audit_log") as conn:
        conn.execute("DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)")
    lines = _verify(path)
    assert lines[0].startswith("Verification FAILED") and "hash chain intact" in lines[1]
    assert lines[2].startswith("audit log: 1 record is not in it")
    assert lines[3] == f"  excerpt {late.id}: its creation is not in the audit log"
    with CaseStore.open(path, read_only=True) as store:
        report = verify_case(store)
    assert not report.intact and [p.record_id for p in report.unlogged] == [late.id]


def test_since_a_noted_head(case: tuple[Path, dict[str, str]]) -> None:
    """The noted entry is found (and what came after counted); a head the log does not hold,
    or too short a start of one, fails."""
    path, _ids = case
    with CaseStore.open(path, read_only=True) as store:
        head = verify_case(store).chain.head
    with CaseStore.open(path, actor="tester") as store:
        store.entities.add("Person", "Dmitry Utkin")
        report = verify_case(store, since=head[:10].upper())
        assert report.intact and report.since is not None and report.since.holds
        assert report.since.entry is not None and report.since.entry < report.chain.rows
        assert "added after it" in "\n".join(report.lines())
        missing = verify_case(store, since="0123456789abcdef" if not head.startswith(
            "0123456789abcdef") else "fedcba9876543210")
        assert not missing.intact and "NO entry" in "\n".join(missing.lines())
        vague = verify_case(store, since="")
        assert not vague.intact and vague.since is not None and not vague.since.holds
