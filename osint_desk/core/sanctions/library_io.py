"""Reading a publication's entries into rows, and opening (or creating) the library file.

Kept apart from ``library.py`` so that the door itself stays short: what an import holds in
memory before its transaction (``read_entries``), what ``library_update.check_update`` needs
of the held and the coming publication (from the rows in hand: no second parse), and the
checks a file passes before it is used as a library (``open_library``).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from osint_desk.core.errors import OsintDeskError
from osint_desk.core.sanctions.bounds import Warnings, bound_entry
from osint_desk.core.sanctions.entries import ListEntry, ListFormatError, ListInfo
from osint_desk.core.sanctions.library_keys import rekey_if_stale
from osint_desk.core.sanctions.library_schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION
from osint_desk.core.sanctions.library_update import (
    Publication,
    alias_total,
    aliases_of,
    differing,
)

SQLITE_MAGIC = b"SQLite format 3\x00"
#: ``entry_ref -> (entry, its canonical JSON, the JSON's SHA-256)``
Rows = dict[str, tuple[ListEntry, str, str]]


class ListLibraryError(OsintDeskError):
    """The library file cannot be used (foreign, newer, damaged)."""


def read_entries(info: ListInfo, entries: Iterable[ListEntry],
                 progress: Callable[[int], None] | None,
                 ) -> tuple[Rows, tuple[str, ...]]:
    """``entry_ref -> (entry, its JSON, its hash)``, every entry brought within the limits
    (``bounds``), and the warnings: the parser's, then the library's."""
    source = ", ".join(info.source_files)
    rows: Rows = {}
    warnings = Warnings()
    for count, read in enumerate(entries):
        if progress is not None and count % 500 == 0:
            progress(count)
        entry, found = bound_entry(read, source)
        warnings.add(found)
        if entry is None:
            continue
        if entry.list_key != info.list_key:
            raise ListFormatError(f"{source}: entry {entry.entry_ref} is for list"
                                  f" {entry.list_key}, not {info.list_key}")
        if entry.entry_ref in rows:
            raise ListFormatError(f"{source}: entry {entry.entry_ref} appears twice")
        text = entry.to_json()
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:
            raise ListFormatError(f"{source}: entry {entry.entry_ref} holds a broken"
                                  " character (a lone UTF-16 surrogate)") from None
        rows[entry.entry_ref] = (entry, text, hashlib.sha256(data).hexdigest())
    if not rows:
        raise ListFormatError(f"{source}: the list has no entries; the file may be truncated")
    combined = Warnings()  # the parser's first: it read the whole file before any entry
    combined.add(info.warnings)
    combined.add(warnings.kept)
    combined.more += warnings.more
    return rows, combined.result()


def held_list(conn: sqlite3.Connection, list_key: str
              ) -> tuple[dict[str, Any], dict[str, str]] | None:
    """The held ``lists`` row and ``entry_ref -> content hash``, or None."""
    found = conn.execute(
        "SELECT published, file_sha256, source_files, format FROM lists"
        " WHERE list_key = ?", (list_key,)).fetchone()
    if found is None:
        return None
    row = dict(zip(("published", "file_sha256", "source_files", "format"), found,
                   strict=True))
    digests = dict(conn.execute(
        "SELECT entry_ref, content_sha256 FROM entries WHERE list_key = ?", (list_key,)))
    return row, digests


def held_publication(conn: sqlite3.Connection, list_key: str, row: dict[str, Any],
                     digests: dict[str, str], rows: Rows) -> Publication:
    """The held publication as ``check_update`` needs it: the aliases only of the
    entries the coming ``rows`` remove or change."""
    coming = {ref: item[2] for ref, item in rows.items()}
    wanted = differing(digests, coming)
    aliases: dict[str, set[str]] = {ref: set() for ref in wanted}
    for ref, name in conn.execute(
            "SELECT e.entry_ref, n.name FROM names n JOIN entries e ON e.id = n.entry_id"
            " WHERE e.list_key = ? AND n.is_primary = 0"
            " AND e.entry_ref IN (SELECT value FROM json_each(?))",
            (list_key, json.dumps(wanted))):
        aliases[ref].add(name.casefold())
    (count,) = conn.execute(
        "SELECT count(*) FROM names n JOIN entries e ON e.id = n.entry_id"
        " WHERE e.list_key = ? AND n.is_primary = 0", (list_key,)).fetchone()
    return Publication(row["published"], row["file_sha256"],
                       tuple(json.loads(row["source_files"])), row["format"], digests,
                       {ref: frozenset(found) for ref, found in aliases.items()}, count)


def coming_publication(info: ListInfo, date: str | None, format: str | None, rows: Rows,
                       held: dict[str, str]) -> Publication:
    """The coming publication as ``check_update`` needs it (aliases of changed entries)."""
    digests = {ref: item[2] for ref, item in rows.items()}
    changed = {ref: aliases_of(rows[ref][0]) for ref in differing(held, digests)
               if ref in rows}
    return Publication(date, info.file_sha256, info.source_files, format, digests, changed,
                       alias_total(rows))


def open_library(path: Path, *, rekey: bool = True) -> Database:
    """Open (or create) a library file; refuse anything that is not one."""
    if path.exists():
        if path.is_dir():
            raise ListLibraryError(f"{path}: is a folder, not a list library")
        with path.open("rb") as handle:
            header = handle.read(16)
        if header and header != SQLITE_MAGIC:
            raise ListLibraryError(f"{path}: not an OSINT Desk list library (not SQLite)")
    elif not path.parent.exists():
        raise ListLibraryError(f"{path}: the folder {path.parent} does not exist")
    conn = sqlite3.connect(str(path), timeout=5, isolation_level=None)
    conn.execute("PRAGMA busy_timeout = 5000")
    conn.execute("PRAGMA foreign_keys = ON")
    db = Database(conn, execute_plugins=False)
    try:
        app_id, version = (conn.execute("PRAGMA application_id").fetchone()[0],
                           conn.execute("PRAGMA user_version").fetchone()[0])
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if app_id != APPLICATION_ID and (app_id or tables):
            raise ListLibraryError(f"{path}: a SQLite database, but not an OSINT Desk list"
                                   f" library (application id {app_id:#x})")
        if version > SCHEMA_VERSION:
            raise ListLibraryError(f"{path}: written by a newer OSINT Desk (library schema"
                                   f" {version}); update OSINT Desk to use it")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        MIGRATIONS.apply(db)
        if rekey:
            rekey_if_stale(conn)
    except sqlite3.DatabaseError as exc:
        db.close()
        raise ListLibraryError(f"{path}: the list library is damaged ({exc})") from None
    except BaseException:
        db.close()
        raise
    return db
