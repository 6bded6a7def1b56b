"""Encrypted cases: SQLCipher 4 connections, keyed with a passphrase that is never written.

An encrypted case is an ordinary case file whose pages SQLCipher encrypts (AES-256, a key
derived from the passphrase with PBKDF2 and the file's random salt, an HMAC on every page):
without the passphrase it is random bytes, even to ``sqlite3``. ``opening`` calls
:func:`connect_encrypted` instead of ``sqlite3.connect`` and everything else (schema check,
migrations, WAL, FTS5, the audit chain) is the same code on the same SQL.

The passphrase is handed to SQLCipher's ``sqlite3_key`` (``Connection.set_key``: no SQL text
to escape, nothing a trace callback could print) and then dropped; it is never written to a
file, a setting, the audit log or an error message. The one exception is in memory:
:func:`share_passphrase` lets the window's background jobs (which open their own connection
to the case, on their own thread) open it while the window has it open; the window forgets it
when it closes the case.

SQLCipher is imported on first use only (its library takes a twentieth of a second to load).
"""

from __future__ import annotations

import importlib
import os
import threading
from pathlib import Path
from typing import Any

from osint_desk.core.errors import ValidationError, WrongPassphraseError
from osint_desk.core.store import drivers
from osint_desk.core.store.hardening import harden

#: The first bytes of every plain SQLite file; an encrypted file starts with its random salt.
SQLITE_MAGIC = b"SQLite format 3\x00"
#: SQLCipher pages are at least 512 bytes and a file is whole pages.
_PAGE_QUANTUM = 512

_shared: dict[str, tuple[str, int]] = {}  # file → passphrase, how many shares
_shared_lock = threading.Lock()


def cipher() -> Any:
    """The ``sqlcipher3.dbapi2`` module (a DB-API twin of ``sqlite3``), imported on first use."""
    return importlib.import_module(drivers.CIPHER_MODULE)


def looks_encrypted(path: Path) -> bool:
    """Whether the file could be an encrypted case: whole pages that are not plain SQLite.

    Cheap and without SQLCipher; only the passphrase can tell an encrypted case from
    random bytes of the right length.
    """
    try:
        if not path.is_file():
            return False
        size = path.stat().st_size
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_MAGIC))
    except OSError:
        return False
    return size >= _PAGE_QUANTUM and size % _PAGE_QUANTUM == 0 and header != SQLITE_MAGIC


def is_encrypted(path: str | Path) -> bool:
    """See :func:`looks_encrypted`."""
    return looks_encrypted(Path(path))


def check_new_passphrase(passphrase: str) -> None:
    """Refuse a passphrase that would leave the file unencrypted (SQLCipher's empty key)."""
    if not passphrase:
        raise ValidationError("the passphrase is empty; an encrypted case needs one")


def wrong_passphrase(path: Path) -> WrongPassphraseError:
    return WrongPassphraseError(
        f"{path}: wrong passphrase, or this file is not an OSINT Desk case; nothing in it"
        " was read or changed")


def raw_connect(path: Path, passphrase: str, *, read_only: bool = False,
                immutable: bool = False, timeout_s: float = 10.0) -> Any:
    """A SQLCipher connection keyed with ``passphrase`` before anything reads the file.

    Not hardened and not checked: for a file this code is writing (a copy, a backup).
    """
    module = cipher()
    if read_only:
        uri = path.resolve().as_uri() + "?mode=ro" + ("&immutable=1" if immutable else "")
        conn = module.connect(uri, uri=True, timeout=timeout_s)
    else:
        conn = module.connect(str(path), timeout=timeout_s)
    try:
        # SQLCipher logs every failed page HMAC (a wrong passphrase) to stderr by default.
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.set_key(passphrase)
    except BaseException:
        conn.close()
        raise
    return conn


def connect_encrypted(path: Path, passphrase: str, *, read_only: bool,
                      immutable: bool = False, timeout_s: float = 10.0) -> Any:
    """A hardened, keyed connection whose key was checked by reading the catalogue."""
    if not passphrase:  # SQLCipher's empty key means "not encrypted": it cannot be this one
        raise wrong_passphrase(path)
    conn = raw_connect(path, passphrase, read_only=read_only, immutable=immutable,
                       timeout_s=timeout_s)
    try:
        harden(conn)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except drivers.DatabaseError as exc:
        conn.close()
        if "not a database" in str(exc) or "encrypted" in str(exc):
            raise wrong_passphrase(path) from None
        raise
    except BaseException:
        conn.close()
        raise
    return conn


def is_cipher_connection(conn: object) -> bool:
    """Whether ``conn`` is a SQLCipher connection (an encrypted case)."""
    return type(conn).__module__.startswith("sqlcipher3")


def copy_with_same_key(conn: Any, target: Path, *, plain: bool = False) -> None:
    """Write a consistent encrypted copy of ``conn``'s case to ``target``, same passphrase
    (or, with ``plain``, an unencrypted one: an evidence bundle, whose originals and report
    are plain anyway, is checked with standard tools).

    ``ATTACH`` without ``KEY`` gives the new file the open case's key, so the passphrase is
    not needed again; ``KEY ''`` writes it unencrypted. The hardened connection refuses
    ``ATTACH``; it is allowed for this statement only.
    """
    if target.exists():
        if target.stat().st_size:
            raise ValidationError(f"{target.name}: a file already exists there")
        target.unlink()  # an empty placeholder (an export's scratch file): SQLite writes anew
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    conn.set_authorizer(None)
    try:
        conn.execute("ATTACH DATABASE ? AS osint_desk_copy" + (" KEY ''" if plain else ""),
                     (str(target),))
    finally:
        harden(conn)
    try:
        conn.execute("SELECT sqlcipher_export('osint_desk_copy')").fetchone()
        conn.execute(f"PRAGMA osint_desk_copy.application_id = {int(app_id)}")
        conn.execute(f"PRAGMA osint_desk_copy.user_version = {int(version)}")
    finally:
        conn.execute("DETACH DATABASE osint_desk_copy")


def share_passphrase(path: Path, passphrase: str) -> None:
    """Let other connections of this process open ``path`` (background jobs) until
    :func:`forget_passphrase`; in memory only. Counted: the same case opened twice is
    forgotten when both have closed."""
    with _shared_lock:
        _previous, count = _shared.get(_key(path), ("", 0))
        _shared[_key(path)] = (passphrase, count + 1)


def shared_passphrase(path: Path) -> str | None:
    with _shared_lock:
        entry = _shared.get(_key(path))
    return entry[0] if entry is not None else None


def forget_passphrase(path: Path) -> None:
    with _shared_lock:
        entry = _shared.pop(_key(path), None)
        if entry is not None and entry[1] > 1:
            _shared[_key(path)] = (entry[0], entry[1] - 1)


def _key(path: Path) -> str:
    return os.path.normcase(str(path.resolve()))
