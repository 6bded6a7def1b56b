"""Opening, creating and migrating case files, and telling a case from anything else."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import struct
from pathlib import Path
from typing import TYPE_CHECKING, Any

from osint_desk.core.errors import (
    CaseNeedsUpgradeError,
    NewerCaseFileError,
    NotACaseFileError,
    PassphraseNeededError,
    UnsafeCaseFileError,
)
from osint_desk.core.store import drivers, encryption
from osint_desk.core.store.connection import CaseConnection
from osint_desk.core.store.hardening import (
    bounded,
    harden,
    read_catalogue_trusted_if_needed,
    trust_verified_schema,
)
from osint_desk.core.store.schema_version import APPLICATION_ID, SCHEMA_VERSION

if TYPE_CHECKING:
    from sqlite_utils.migrations import Migrations

SQLITE_MAGIC = b"SQLite format 3\x00"
CASE_SUFFIX = ".osintcase"
#: How long a writer waits for another to finish (the CLI writing while the window is open).
BUSY_TIMEOUT_MS = 10_000
#: The oldest schema this code can read without upgrading it (3 → 4 only dropped triggers):
#: an older case opened read-only (an export, a case on read-only media) is read as it is.
OLDEST_READABLE = 3


def check_header(path: Path) -> None:
    """Cheap checks before SQLite sees the file: exists, is SQLite, is not truncated."""
    if not path.exists():
        raise NotACaseFileError(f"{path}: no such file")
    if path.is_dir():
        raise NotACaseFileError(f"{path}: is a folder, not a case file")
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError as exc:
        raise NotACaseFileError(f"{path}: cannot be read ({exc.strerror})") from None
    if not header:
        raise NotACaseFileError(f"{path}: the file is empty, not an OSINT Desk case")
    if not header.startswith(SQLITE_MAGIC):
        raise NotACaseFileError(f"{path}: not an OSINT Desk case (not a SQLite database)")
    if len(header) < 100:
        raise NotACaseFileError(f"{path}: the case file is truncated (damaged)")
    page_size = struct.unpack(">H", header[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    page_count = struct.unpack(">I", header[28:32])[0]
    has_wal = Path(str(path) + "-wal").exists()
    if page_count and not has_wal and path.stat().st_size < page_size * page_count:
        raise NotACaseFileError(
            f"{path}: the case file is truncated (damaged): it should hold {page_count} pages"
            f" of {page_size} bytes but is {path.stat().st_size} bytes long"
        )


def _writable(path: Path) -> str | None:
    """Why the case cannot be written here (read-only file or folder), or None."""
    if not os.access(path.parent, os.W_OK):
        return f"its folder {path.parent} cannot be written (read-only media?)"
    if not os.access(path, os.W_OK):
        return f"the file {path.name} is read-only"
    return None


def connect(path: Path, read_only: bool, passphrase: str | None = None) -> sqlite3.Connection:
    """A hardened connection (see ``hardening``); read-only media opened immutable.

    With a ``passphrase``, a SQLCipher connection to an encrypted case (``encryption``)."""
    # A WAL case needs its -shm file beside it even to read; on read-only media with no
    # pending log the file is complete and cannot change: say so to SQLite.
    immutable = read_only and (not os.access(path.parent, os.W_OK)
                               and not Path(f"{path}-wal").exists())
    if passphrase is not None:
        conn: Any = encryption.connect_encrypted(path, passphrase, read_only=read_only,
                                                 immutable=immutable,
                                                 timeout_s=BUSY_TIMEOUT_MS / 1000)
    elif read_only:
        uri = path.resolve().as_uri() + "?mode=ro" + ("&immutable=1" if immutable else "")
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    else:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
    harden(conn)  # again for an encrypted one: the same settings, whichever driver
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    connection: sqlite3.Connection = conn  # SQLCipher's is a DB-API twin of sqlite3's
    return connection


def _check_schema(conn: sqlite3.Connection, path: Path, version: int) -> None:
    from osint_desk.core.store.schema_check import schema_problems

    if version < 1:
        raise NotACaseFileError(f"{path}: the case file is damaged (no schema version)")
    problems = schema_problems(conn, version)
    if problems:
        listed = "\n".join(f"  - {problem}" for problem in problems[:20])
        more = f"\n  … and {len(problems) - 20} more" if len(problems) > 20 else ""
        raise UnsafeCaseFileError(
            f"{path}: refused — the file holds objects OSINT Desk did not create, which could"
            f" run code or change what the case shows:\n{listed}{more}\nNothing in it was"
            " run or changed. A clean copy holding only its data can be written with"
            f" Repair (osint-desk repair {path.name} -o CLEAN.osintcase).",
            problems,
        )


def _configure(db: CaseConnection, read_only: bool) -> None:
    if not read_only:
        with db.autocommit():
            db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")


def create_case_file(path: Path, passphrase: str | None = None) -> CaseConnection:
    """A new, empty case file at the current schema; refuses to overwrite anything.

    With a ``passphrase``, the file is encrypted (SQLCipher) from its first byte."""
    if path.exists():
        raise NotACaseFileError(f"{path}: a file already exists there; choose another name")
    if not path.parent.exists():
        raise NotACaseFileError(f"{path}: the folder {path.parent} does not exist")
    from osint_desk.core.store.schema import MIGRATIONS

    if passphrase is not None:
        encryption.check_new_passphrase(passphrase)
    db = CaseConnection(connect(path, read_only=False, passphrase=passphrase),
                        BUSY_TIMEOUT_MS / 1000)
    trust_verified_schema(db.conn)  # a new file: the only schema in it is the one we write
    _configure(db, read_only=False)
    try:
        MIGRATIONS.apply(db.utils_database())
    except BaseException:
        db.close()
        with contextlib.suppress(OSError):
            path.unlink()
        raise
    return db


def unused_sibling(path: Path, label: str) -> Path:
    """``name.osintcase`` → ``name<label>.osintcase``, numbered (``<label>2``) if taken."""
    stem = path.name[: -len(CASE_SUFFIX)] if path.name.endswith(CASE_SUFFIX) else path.stem
    candidate = path.with_name(f"{stem}{label}{CASE_SUFFIX}")
    counter = 2
    while candidate.exists():
        candidate = path.with_name(f"{stem}{label}{counter}{CASE_SUFFIX}")
        counter += 1
    return candidate


def backup_path_for(path: Path, version: int) -> Path:
    """Where the untouched copy goes before a migration: ``name.v1.bak.osintcase``."""
    return unused_sibling(path, f".v{version}.bak")


def open_case_file(
    path: Path, *, read_only: bool = False, migrations: Migrations | None = None,
    schema_version: int = SCHEMA_VERSION, passphrase: str | None = None,
) -> tuple[CaseConnection, Path | None]:
    """Open and validate a case; migrate it forward (after a backup) when it is older.

    Returns the connection and the path of the backup made before migrating, if any. Every
    migration sets ``user_version``, so a case at the current version needs no look at the
    migrations (nor sqlite-utils); ``migrations`` replaces ours (tests of future versions).
    An encrypted case needs its ``passphrase`` (or one shared by the window, see
    ``encryption.share_passphrase``): without, :class:`PassphraseNeededError`; a wrong one,
    :class:`WrongPassphraseError`. A plain case ignores ``passphrase``.
    """
    if encryption.looks_encrypted(path):
        passphrase = passphrase if passphrase is not None else encryption.shared_passphrase(path)
        if passphrase is None:
            raise PassphraseNeededError(
                f"{path}: this case is encrypted (or it is not an OSINT Desk case); it opens"
                " only with its passphrase")
    else:
        check_header(path)
        passphrase = None
    reason = None if read_only else _writable(path)
    read_only = read_only or reason is not None
    try:
        conn = connect(path, read_only, passphrase)
    except drivers.Error as exc:
        raise NotACaseFileError(f"{path}: cannot be opened as a case ({exc})") from None
    db = CaseConnection(conn, BUSY_TIMEOUT_MS / 1000)
    db.read_only_reason = reason
    try:
        with bounded(conn, str(path)):
            read_catalogue_trusted_if_needed(conn)
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if app_id != APPLICATION_ID:
                raise NotACaseFileError(
                    f"{path}: a SQLite database, but not an OSINT Desk case"
                    f" (application id {app_id:#x})"
                )
            if version > schema_version:
                raise NewerCaseFileError(
                    f"{path}: written by a newer OSINT Desk (case schema {version}; this"
                    f" version understands up to {schema_version}). Update OSINT Desk to open"
                    " it; the file was not changed."
                )
            if migrations is None:
                _check_schema(conn, path, version)
        trust_verified_schema(conn)
        backup = None
        if migrations is None and version < schema_version:
            if read_only and version >= OLDEST_READABLE:
                migrations = None  # read as it is; upgraded when next opened for writing
            else:
                from osint_desk.core.store.schema import MIGRATIONS

                migrations = MIGRATIONS
        if migrations is not None and migrations.pending(db.utils_database()):
            if read_only:
                why = f" ({reason})" if reason else ""
                raise CaseNeedsUpgradeError(
                    f"{path}: an older case (schema {version}) that must be upgraded before"
                    f" it can be read{why}; open it once for writing to upgrade it — in the"
                    " window or with any command that changes it (a backup is kept)"
                )
            backup = backup_path_for(path, version)
            _backup(conn, backup, passphrase)
            migrations.apply(db.utils_database())
        _configure(db, read_only)
        if conn.execute("SELECT count(*) FROM case_meta WHERE id = 1").fetchone()[0] != 1:
            raise NotACaseFileError(
                f"{path}: the case file is damaged: it has no case record (title and id);"
                f" osint-desk repair {path.name} -o CLEAN.osintcase writes a copy with a new one"
            )
    except drivers.DatabaseError as exc:
        db.close()
        raise NotACaseFileError(f"{path}: the case file is damaged ({exc})") from None
    except BaseException:
        db.close()
        raise
    return db, backup


def _backup(conn: sqlite3.Connection, backup: Path, passphrase: str | None) -> None:
    """The untouched copy kept before a migration; an encrypted case's copy is encrypted
    with the same passphrase (SQLCipher's backup API between two keyed connections)."""
    target: Any = (sqlite3.connect(str(backup)) if passphrase is None
                   else encryption.raw_connect(backup, passphrase))
    with contextlib.closing(target):
        conn.backup(target)
