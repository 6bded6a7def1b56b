"""The previous publication of each list, kept so that an update can be undone.

One previous publication per list: its ``lists`` row (as JSON) and its entries' JSON, in
zlib-compressed chunks of ``CHUNK`` entries (a chunk compresses almost as well as the whole
list, and no single value comes near SQLite's size limit, even for a large OpenSanctions
dataset). The archive is written inside the import's transaction, before the entries change.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zlib
from dataclasses import dataclass
from typing import Any

from osint_desk.core.sanctions.entries import ListEntry

CHUNK = 2000
LEVEL = 6  # zlib's default: the SDN list's 10 MB of JSON in about a tenth of a second

SCHEMA_ARCHIVE = """
CREATE TABLE list_archive (
    list_key TEXT PRIMARY KEY,
    list_row TEXT NOT NULL CHECK (json_valid(list_row)),
    archived_at TEXT NOT NULL,
    entry_count INTEGER NOT NULL
);

CREATE TABLE list_archive_chunks (
    list_key TEXT NOT NULL REFERENCES list_archive(list_key) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (list_key, seq)
) WITHOUT ROWID;
"""

#: The columns of ``lists`` kept, in the order ``archive_current`` selects them.
LIST_COLUMNS = ("authority", "list_name", "published", "file_sha256", "imported_at",
                "entry_count", "source_files", "format")


@dataclass(frozen=True)
class Archived:
    """A previous publication: its ``lists`` row and ``entry_ref -> (entry, JSON, hash)``."""

    row: dict[str, Any]
    rows: dict[str, tuple[ListEntry, str, str]]


def archive_current(conn: sqlite3.Connection, list_key: str, archived_at: str) -> None:
    """Put the held publication of ``list_key`` in the archive, replacing what was there."""
    row = conn.execute(
        "SELECT authority, list_name, published, file_sha256, imported_at, entry_count,"
        " source_files, format FROM lists WHERE list_key = ?", (list_key,)).fetchone()
    if row is None:
        return
    conn.execute("DELETE FROM list_archive WHERE list_key = ?", (list_key,))
    conn.execute("INSERT INTO list_archive (list_key, list_row, archived_at, entry_count)"
                 " VALUES (?, ?, ?, ?)",
                 (list_key, json.dumps(dict(zip(LIST_COLUMNS, row, strict=True))),
                  archived_at, row[5]))
    cursor = conn.execute("SELECT data FROM entries WHERE list_key = ? ORDER BY id",
                          (list_key,))
    seq = 0
    while texts := [text for (text,) in cursor.fetchmany(CHUNK)]:
        blob = zlib.compress("\n".join(texts).encode("utf-8"), LEVEL)
        conn.execute("INSERT INTO list_archive_chunks (list_key, seq, data) VALUES (?, ?, ?)",
                     (list_key, seq, blob))
        seq += 1


def load_archive(conn: sqlite3.Connection, list_key: str) -> Archived | None:
    """The archived publication of ``list_key``, or None."""
    found = conn.execute("SELECT list_row FROM list_archive WHERE list_key = ?",
                         (list_key,)).fetchone()
    if found is None:
        return None
    rows: dict[str, tuple[ListEntry, str, str]] = {}
    for (blob,) in conn.execute("SELECT data FROM list_archive_chunks WHERE list_key = ?"
                                " ORDER BY seq", (list_key,)):
        # One entry's JSON is one line: json.dumps escapes every newline inside it.
        for text in zlib.decompress(blob).decode("utf-8").split("\n"):
            entry = ListEntry.from_dict(json.loads(text))
            rows[entry.entry_ref] = (entry, text, hashlib.sha256(text.encode()).hexdigest())
    return Archived(json.loads(found[0]), rows)


def forget_archive(conn: sqlite3.Connection, list_key: str) -> None:
    conn.execute("DELETE FROM list_archive WHERE list_key = ?", (list_key,))
