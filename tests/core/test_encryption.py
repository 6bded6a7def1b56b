"""Encrypted cases (SQLCipher): unreadable without the passphrase, the same case with it.

The rest of the store suite runs on an encrypted case too: ``OSINT_DESK_TEST_ENCRYPTED=1``
(see conftest.py's ``store`` and ``demo`` fixtures).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from osint_desk.core.demo import build_demo_case
from osint_desk.core.errors import (
    NotACaseFileError,
    OsintDeskError,
    PassphraseNeededError,
    ReadOnlyCaseError,
    ValidationError,
    WrongPassphraseError,
)
from osint_desk.core.store import SCHEMA_VERSION, CaseStore, drivers, encrypt_copy, encryption
from osint_desk.core.store.encrypt_copy import decrypt_case, encrypt_case
from osint_desk.core.store.opening import open_case_file
from osint_desk.core.store.repair import repair_case
from osint_desk.core.store.schema import MIGRATIONS
from osint_desk.core.store.verify import verify_case

PASSPHRASE = "it's a \"quoted\"; DROP TABLE x; -- ключ 🔑"
SECRET_TEXT = "The informant met the courier at the northern gate."


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _encrypted_case(path: Path, passphrase: str = PASSPHRASE) -> str:
    with CaseStore.create(path, "Secret case", actor="tester", passphrase=passphrase) as store:
        assert store.encrypted
        return store.sources.add(text=SECRET_TEXT, title="Meeting notes").id


def _files_hold(folder: Path, needle: bytes) -> list[str]:
    return [p.name for p in folder.iterdir() if p.is_file() and needle in p.read_bytes()]


def test_an_encrypted_case_is_unreadable_to_sqlite3(tmp_path: Path) -> None:
    path = tmp_path / "secret.osintcase"
    _encrypted_case(path)
    with pytest.raises(sqlite3.DatabaseError, match="file is not a database"):
        sqlite3.connect(path).execute("select * from sqlite_master")
    raw = path.read_bytes()
    assert not raw.startswith(b"SQLite format 3")
    assert b"informant" not in raw and b"Meeting notes" not in raw
    assert encryption.is_encrypted(path)
    plain = tmp_path / "plain.osintcase"
    CaseStore.create(plain, "Plain", actor="tester").close()
    assert not encryption.is_encrypted(plain)


def test_it_opens_with_its_passphrase_and_is_the_same_case(tmp_path: Path) -> None:
    path = tmp_path / "secret.osintcase"
    source_id = _encrypted_case(path)
    with CaseStore.open(path, passphrase=PASSPHRASE, actor="tester") as store:
        assert store.encrypted and not store.read_only
        assert store.sources.get(source_id).text == SECRET_TEXT
        assert [hit.id for hit in store.search("courier")] == [source_id]
        card = store.entities.add("Person", "The Courier")
        assert store._ctx.scalar("PRAGMA journal_mode") == "wal"
    with CaseStore.open(path, passphrase=PASSPHRASE, read_only=True) as again:
        assert again.entities.get(card.id).name == "The Courier"
        with pytest.raises(ReadOnlyCaseError):
            again.entities.add("Person", "Nobody")


def test_a_wrong_or_missing_passphrase_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "secret.osintcase"
    _encrypted_case(path)
    before = _digest(path)
    with pytest.raises(PassphraseNeededError, match=r"secret\.osintcase: this case is encrypted"):
        CaseStore.open(path)
    for wrong in ("hunter2-x", "", PASSPHRASE[:-1]):
        with pytest.raises(WrongPassphraseError) as caught:
            CaseStore.open(path, passphrase=wrong)
        message = str(caught.value)
        assert "secret.osintcase: wrong passphrase, or this file is not an OSINT Desk case" \
            in message
        assert not wrong or wrong not in message
    assert isinstance(caught.value, NotACaseFileError)  # what fronts already handle
    assert _digest(path) == before


def test_random_bytes_are_not_taken_for_a_case(tmp_path: Path) -> None:
    path = tmp_path / "noise.osintcase"
    path.write_bytes(os.urandom(8192))
    with pytest.raises(PassphraseNeededError):
        CaseStore.open(path)
    with pytest.raises(WrongPassphraseError):
        CaseStore.open(path, passphrase="anything")
    text = tmp_path / "notes.osintcase"
    text.write_text("just some notes\n")
    with pytest.raises(NotACaseFileError, match="not a SQLite database"):
        CaseStore.open(text, passphrase="anything")


def test_a_new_case_refuses_an_empty_passphrase(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="empty"):
        CaseStore.create(tmp_path / "x.osintcase", "X", passphrase="")
    assert not (tmp_path / "x.osintcase").exists()


def test_the_passphrase_is_written_nowhere(tmp_path: Path) -> None:
    path = tmp_path / "secret.osintcase"
    _encrypted_case(path)
    with CaseStore.open(path, passphrase=PASSPHRASE) as store:
        store.entities.add("Person", "Someone")
        audit = repr(store.audit_entries(limit=1000))
    assert PASSPHRASE not in audit
    assert _files_hold(tmp_path, PASSPHRASE.encode("utf-8")) == []
    assert _files_hold(tmp_path, b"it's a") == []


def test_the_connection_of_an_encrypted_case_is_hardened(tmp_path: Path) -> None:
    path = tmp_path / "secret.osintcase"
    _encrypted_case(path)
    with CaseStore.open(path, passphrase=PASSPHRASE) as store:
        with pytest.raises(drivers.DatabaseError, match="not authorized"):
            store._ctx.conn.execute("ATTACH DATABASE ? AS other", (str(tmp_path / "o.db"),))
        assert store._ctx.scalar("PRAGMA foreign_keys") == 1


def test_driver_errors_catch_both_drivers(tmp_path: Path) -> None:
    path = tmp_path / "secret.osintcase"
    _encrypted_case(path)
    with CaseStore.open(path, passphrase=PASSPHRASE) as store:
        with pytest.raises(drivers.IntegrityError, match="immutable"):
            store._ctx.conn.execute("UPDATE sources SET text = 'changed'")
        try:
            store._ctx.conn.execute("SELECT * FROM no_such_table")
        except drivers.Error as exc:
            assert "no such table" in str(exc)
        else:
            pytest.fail("no error")
    assert sqlite3.Error in drivers.Error


def test_the_demo_case_encrypted_is_the_same_case(tmp_path: Path) -> None:
    plain = tmp_path / "demo.osintcase"
    build_demo_case(plain).close()
    before = _digest(plain)
    with CaseStore.open(plain, read_only=True) as original:
        dump = original.dump()
        hits = [(h.kind, h.id) for h in original.search("Wagner")]
    report = encrypt_case(plain, PASSPHRASE)
    assert report.target == tmp_path / "demo.encrypted.osintcase"
    assert report.verdict == "Verified: the case is intact." and report.rows > 100
    assert _digest(plain) == before  # the original is kept, untouched
    assert encryption.is_encrypted(report.target)
    with pytest.raises(sqlite3.DatabaseError, match="file is not a database"):
        sqlite3.connect(report.target).execute("select * from sqlite_master")
    with CaseStore.open(report.target, passphrase=PASSPHRASE) as encrypted:
        assert encrypted.dump() == dump
        counts = encrypted.counts()
        assert (counts.sources, counts.excerpts, counts.entities) == (
            len(dump["sources"]), len(dump["excerpts"]), len(dump["entities"]))
        assert [(h.kind, h.id) for h in encrypted.search("Wagner")] == hits
        assert verify_case(encrypted).intact
        assert encrypted.integrity_check() == "ok"
        encrypted.entities.add("Person", "Added after encryption")  # triggers, FTS: writable
        assert encrypted.search("Added after encryption")
    assert _files_hold(tmp_path, PASSPHRASE.encode("utf-8")) == []


def test_decrypting_gives_the_plain_case_back(tmp_path: Path) -> None:
    plain = tmp_path / "demo.osintcase"
    build_demo_case(plain).close()
    with CaseStore.open(plain, read_only=True) as original:
        dump = original.dump()
    encrypted = encrypt_case(plain, PASSPHRASE).target
    with pytest.raises(WrongPassphraseError):
        decrypt_case(encrypted, "wrong")
    back = decrypt_case(encrypted, PASSPHRASE)
    assert back.target == tmp_path / "demo.decrypted.osintcase"
    with sqlite3.connect(back.target) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with CaseStore.open(back.target) as again:
        assert not again.encrypted
        assert again.dump() == dump


def test_encrypting_refuses_what_it_should(tmp_path: Path) -> None:
    plain = tmp_path / "case.osintcase"
    CaseStore.create(plain, "Case", actor="tester").close()
    taken = tmp_path / "taken.osintcase"
    taken.write_bytes(b"mine")
    with pytest.raises(ValidationError, match="already exists"):
        encrypt_case(plain, PASSPHRASE, taken)
    assert taken.read_bytes() == b"mine"
    with pytest.raises(ValidationError, match="empty"):
        encrypt_case(plain, "")
    with pytest.raises(ValidationError, match="cannot replace the case itself"):
        encrypt_case(plain, PASSPHRASE, plain)
    done = encrypt_case(plain, PASSPHRASE).target
    with pytest.raises(ValidationError, match="already encrypted"):
        encrypt_case(done, PASSPHRASE)
    with pytest.raises(ValidationError, match="not encrypted"):
        decrypt_case(plain, PASSPHRASE)
    foreign = tmp_path / "foreign.osintcase"
    sqlite3.connect(foreign).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(NotACaseFileError):
        encrypt_case(foreign, PASSPHRASE)
    assert not (tmp_path / "foreign.encrypted.osintcase").exists()


def test_a_copy_that_does_not_verify_is_removed_and_the_case_kept(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plain = tmp_path / "case.osintcase"
    with CaseStore.create(plain, "Case", actor="tester") as store:
        store.entities.add("Person", "Someone")
    before = _digest(plain)
    real_export = encrypt_copy._export

    def export_then_count_wrong(*args: Any) -> dict[str, int]:
        counts = real_export(*args)
        counts["entities"] += 1  # as if a row had not reached the copy
        return counts

    monkeypatch.setattr(encrypt_copy, "_export", export_then_count_wrong)
    with pytest.raises(OsintDeskError, match=r"does not hold the same case.*entities"):
        encrypt_case(plain, PASSPHRASE)
    assert not (tmp_path / "case.encrypted.osintcase").exists()
    assert _digest(plain) == before


def test_an_encrypted_case_migrates_after_an_encrypted_backup(tmp_path: Path) -> None:
    path = tmp_path / "secret.osintcase"
    _encrypted_case(path)
    future = Migrations(MIGRATIONS.name)
    future._migrations.extend(MIGRATIONS._migrations)
    newer = SCHEMA_VERSION + 1

    @future(name="9999_test_column")
    def add_column(db: Database) -> None:
        db.execute("ALTER TABLE entities ADD COLUMN test_column TEXT")
        db.execute(f"PRAGMA user_version = {newer}")

    with pytest.raises(PassphraseNeededError):
        open_case_file(path, migrations=future, schema_version=newer)
    db, backup = open_case_file(path, migrations=future, schema_version=newer,
                                passphrase=PASSPHRASE)
    try:
        assert db.conn.execute("PRAGMA user_version").fetchone()[0] == newer
        assert "test_column" in db.utils_database()["entities"].columns_dict
    finally:
        db.close()
    assert backup is not None and encryption.is_encrypted(backup)
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(backup).execute("select * from sqlite_master")
    with CaseStore.open(backup, passphrase=PASSPHRASE, read_only=True) as old:
        assert old._ctx.scalar("PRAGMA user_version") == SCHEMA_VERSION
        assert [s.text for s in old.sources.list()] == [SECRET_TEXT]


def test_a_copy_of_an_encrypted_case_is_encrypted_with_its_passphrase(tmp_path: Path) -> None:
    path = tmp_path / "secret.osintcase"
    source_id = _encrypted_case(path)
    copy = tmp_path / "copy.osintcase"
    with CaseStore.open(path, passphrase=PASSPHRASE) as store:
        store.backup_to(copy)
        store.entities.add("Person", "After the copy")  # the store still works, hardened
    assert encryption.is_encrypted(copy)
    with CaseStore.open(copy, passphrase=PASSPHRASE, read_only=True) as again:
        assert again.sources.get(source_id).text == SECRET_TEXT
        assert verify_case(again).intact


def test_a_shared_passphrase_lasts_while_the_case_is_open(tmp_path: Path) -> None:
    path = tmp_path / "secret.osintcase"
    _encrypted_case(path)
    window = CaseStore.open(path, passphrase=PASSPHRASE, share_passphrase=True)
    twice = CaseStore.open(path, passphrase=PASSPHRASE, share_passphrase=True)
    with CaseStore.open(path, read_only=True) as job:  # a background job: no passphrase
        assert job.encrypted
    twice.close()
    CaseStore.open(path, read_only=True).close()  # still open once: still shared
    window.close()
    with pytest.raises(PassphraseNeededError):
        CaseStore.open(path, read_only=True)


def test_an_encrypted_case_repairs_into_an_encrypted_copy(tmp_path: Path) -> None:
    path = tmp_path / "secret.osintcase"
    source_id = _encrypted_case(path)
    clean = tmp_path / "clean.osintcase"
    with pytest.raises(PassphraseNeededError):
        repair_case(path, clean)
    report = repair_case(path, clean, passphrase=PASSPHRASE)
    assert report.copied["sources"] == 1
    assert encryption.is_encrypted(clean)
    with CaseStore.open(clean, passphrase=PASSPHRASE) as repaired:
        assert repaired.sources.get(source_id).text == SECRET_TEXT


def test_an_evidence_bundle_of_an_encrypted_case_verifies_with_standard_tools(
        tmp_path: Path) -> None:
    """The bundle holds a plain copy (its originals and report are plain too; it is checked
    with sha256sum, ssh-keygen and sqlite3), and the encrypted case stays encrypted."""
    import zipfile

    from osint_desk.core.exports.bundle import write_bundle
    from osint_desk.core.exports.bundle_check import check_bundle

    path = tmp_path / "secret.osintcase"
    _encrypted_case(path)
    out = tmp_path / "bundle.zip"
    with CaseStore.open(path, passphrase=PASSPHRASE, read_only=True) as store:
        report = write_bundle(store, out, report_html="<p>r</p>", report_pdf=None)
    checked = check_bundle(out)
    assert checked.intact, checked.problems
    with zipfile.ZipFile(out) as archive:
        copy = tmp_path / "copy.osintcase"
        copy.write_bytes(archive.read(report.case_copy))
    with sqlite3.connect(copy) as conn:  # plain SQLite reads the bundled copy
        assert conn.execute("SELECT count(*) FROM sources").fetchone()[0] == 1
    conn.close()
    assert encryption.is_encrypted(path)
