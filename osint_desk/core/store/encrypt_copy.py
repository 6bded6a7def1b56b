"""Encrypt case… / Decrypt case…: a new file beside the old one, checked before it is handed out.

``sqlcipher_export`` copies every table, index and trigger (the FTS5 index included) from the
open file into an attached new one, keyed or plain. The copy then has to prove itself before
it is reported written: it opens with its passphrase as a case (the same schema check as any
case), passes ``PRAGMA integrity_check``, holds the same number of rows in every table and its
audit chain and evidence verify as the original's do. The original is never changed, moved or
deleted; a copy that fails is removed (it is ours, half-written) and the error says why.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from osint_desk.core.errors import OsintDeskError, ValidationError
from osint_desk.core.store import encryption
from osint_desk.core.store.opening import open_case_file, unused_sibling

#: ``case.osintcase`` → ``case.encrypted.osintcase`` (``case.decrypted.osintcase``).
ENCRYPTED_LABEL = ".encrypted"
DECRYPTED_LABEL = ".decrypted"


@dataclass(frozen=True)
class CopyReport:
    """What was written, and what proves it holds the same case."""

    source: Path
    target: Path
    tables: int  # tables compared row count for row count
    rows: int
    verdict: str  # the verify report's first line, the same for both files


def encrypt_case(plain_path: str | Path, passphrase: str, target: str | Path | None = None,
                 progress: Callable[[str], None] | None = None) -> CopyReport:
    """Write an encrypted copy of a plain case (``<name>.encrypted.osintcase`` by default).

    Not while this process has the plain case open (a ``CaseStore``): SQLCipher reads it with
    its own SQLite library, and two libraries in one process holding one file break each
    other's POSIX locks. Another process (the window, the CLI) may have it open.
    """
    source = Path(plain_path)
    encryption.check_new_passphrase(passphrase)
    if encryption.looks_encrypted(source):
        raise ValidationError(f"{source}: this case is already encrypted")
    out = Path(target) if target is not None else unused_sibling(source, ENCRYPTED_LABEL)
    return _copy(source, None, out, passphrase, progress or _quiet)


def decrypt_case(encrypted_path: str | Path, passphrase: str, target: str | Path | None = None,
                 progress: Callable[[str], None] | None = None) -> CopyReport:
    """Write a plain copy of an encrypted case (``<name>.decrypted.osintcase`` by default)."""
    source = Path(encrypted_path)
    if not encryption.looks_encrypted(source):
        raise ValidationError(f"{source}: this case is not encrypted")
    plain_name = source.with_name(source.name.replace(f"{ENCRYPTED_LABEL}.", ".", 1))
    out = Path(target) if target is not None else unused_sibling(plain_name, DECRYPTED_LABEL)
    return _copy(source, passphrase, out, None, progress or _quiet)


def _quiet(_step: str) -> None:
    pass


def _copy(source: Path, source_key: str | None, out: Path, out_key: str | None,
          progress: Callable[[str], None]) -> CopyReport:
    if out.resolve() == source.resolve():
        raise ValidationError(f"{out}: the copy cannot replace the case itself")
    if out.exists():
        raise ValidationError(f"{out}: a file already exists there; choose another name")
    if not out.parent.is_dir():
        raise ValidationError(f"{out}: the folder {out.parent} does not exist")
    progress("Checking the case")
    before = _facts(source, source_key)  # also refuses a file that is not a sound case
    progress("Writing the copy")
    try:
        copied = _export(source, source_key, out, out_key)
        progress("Checking the copy")
        after = _facts(out, out_key)
        _compare(source, out, _Facts(copied, before.verdict, "ok"), after)
    except BaseException:
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(OSError):
                Path(f"{out}{suffix}").unlink()
        raise
    return CopyReport(source, out, len(copied), sum(copied.values()), before.verdict)


@dataclass(frozen=True)
class _Facts:
    rows: dict[str, int]
    verdict: str
    integrity: str


def _facts(path: Path, passphrase: str | None) -> _Facts:
    """Open ``path`` as a case (read-only, schema checked) and take what must match."""
    from osint_desk.core.store.case_store import CaseStore
    from osint_desk.core.store.verify import verify_case

    db, _backup = open_case_file(path, read_only=True, passphrase=passphrase)
    with CaseStore(path, _read_context(db)) as store:
        conn = store._ctx.conn
        rows = _row_counts(conn, "main")
        integrity = store.integrity_check()
        verdict = verify_case(store).lines()[0]
    return _Facts(rows, verdict, integrity)


def _row_counts(conn: Any, schema: str) -> dict[str, int]:
    """Rows in every real table (FTS5's virtual tables are counted through their shadows)."""
    names = [row[0] for row in conn.execute(
        f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table'"
        " AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    return {name: int(conn.execute(f'SELECT count(*) FROM {schema}."{name}"').fetchone()[0])
            for name in names}


def _read_context(db: Any) -> Any:
    from osint_desk.core.store.context import StoreContext

    return StoreContext(db, "OSINT Desk", read_only=True)


def _export(source: Path, source_key: str | None, out: Path,
            out_key: str | None) -> dict[str, int]:
    """``sqlcipher_export`` from ``source`` (already checked to be a sound case) into ``out``;
    the source's row counts, read in the same transaction (the window may be writing).

    A plain connection of SQLCipher's own driver reads a plain file as ``sqlite3`` does.
    """
    module = encryption.cipher()
    uri = source.resolve().as_uri() + "?mode=ro"
    conn: Any = (encryption.raw_connect(source, source_key, read_only=True)
                 if source_key is not None else module.connect(uri, uri=True, timeout=10.0))
    with contextlib.closing(conn):
        conn.isolation_level = None
        conn.execute("PRAGMA trusted_schema = ON")  # the schema was checked: ours
        conn.execute("PRAGMA cipher_log_level = NONE")
        # KEY '' attaches a plain file; the key is bound, never part of the SQL text.
        conn.execute("ATTACH DATABASE ? AS osint_desk_copy KEY ?", (str(out), out_key or ""))
        try:
            conn.execute("BEGIN")
            rows = _row_counts(conn, "main")
            conn.execute("SELECT sqlcipher_export('osint_desk_copy')").fetchone()
            # sqlcipher_export copies neither: they make the file an OSINT Desk case.
            app_id = int(conn.execute("PRAGMA main.application_id").fetchone()[0])
            version = int(conn.execute("PRAGMA main.user_version").fetchone()[0])
            conn.execute(f"PRAGMA osint_desk_copy.application_id = {app_id}")
            conn.execute(f"PRAGMA osint_desk_copy.user_version = {version}")
            conn.execute("COMMIT")
        finally:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            conn.execute("DETACH DATABASE osint_desk_copy")
    return rows


def _compare(source: Path, out: Path, before: _Facts, after: _Facts) -> None:
    problems = []
    if after.integrity != "ok":
        problems.append(f"SQLite's integrity check: {after.integrity}")
    if after.rows != before.rows:
        differ = sorted(name for name in set(before.rows) | set(after.rows)
                        if before.rows.get(name) != after.rows.get(name))
        problems.append(f"row counts differ in {', '.join(differ[:10])}")
    if after.verdict != before.verdict:
        problems.append(f"verification: {after.verdict}")
    if problems:
        raise OsintDeskError(
            f"{source}: the copy {out.name} does not hold the same case ({'; '.join(problems)});"
            " it was removed and the case was not changed")

