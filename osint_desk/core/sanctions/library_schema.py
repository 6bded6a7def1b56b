"""The list library's schema and migrations (sqlite-utils ``Migrations``).

Its own application id ("OSLL") so a library is never mistaken for a case ("OSDK") and vice
versa. Later steps (the screening key index) add tables with further migrations; names and
entries cascade their deletes so such tables can hang off them.

A migration runs against the schema of its own time, so 0002 and 0003 keep their own SQL
instead of calling today's key functions (which read ``entries.target``, added by 0005).
"""

from __future__ import annotations

import json
import sqlite3

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from osint_desk.core.sanctions.entries import Identifier
from osint_desk.core.sanctions.library_archive import SCHEMA_ARCHIVE
from osint_desk.core.sanctions.library_identifiers import (
    SCHEMA_IDENTIFIERS,
    identifier_rows,
    insert_identifiers,
)
from osint_desk.core.sanctions.library_keys import (
    SCHEMA_V2,
    SCHEMA_V3,
    SCHEMA_V4,
    rebuild_key_df,
    recount_screened_names,
)
from osint_desk.core.sanctions.matching import name_keys
from osint_desk.core.store.schema import run_script

APPLICATION_ID = 0x4F534C4C  # "OSLL"
SCHEMA_VERSION = 5

MIGRATIONS = Migrations("osint_desk.lists")

SCHEMA_V1 = """
CREATE TABLE lists (
    list_key TEXT PRIMARY KEY,
    authority TEXT NOT NULL,
    list_name TEXT NOT NULL,
    published TEXT,
    file_sha256 TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    entry_count INTEGER NOT NULL,
    source_files TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(source_files)),
    format TEXT
);

CREATE TABLE entries (
    id INTEGER PRIMARY KEY,
    list_key TEXT NOT NULL REFERENCES lists(list_key) ON DELETE CASCADE,
    entry_ref TEXT NOT NULL,
    schema TEXT NOT NULL,
    name TEXT NOT NULL,
    content_sha256 TEXT NOT NULL,
    data TEXT NOT NULL CHECK (json_valid(data)),
    UNIQUE (list_key, entry_ref)
);

CREATE TABLE names (
    id INTEGER PRIMARY KEY,
    entry_id INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    strength TEXT NOT NULL CHECK (strength IN ('strong', 'weak')),
    script TEXT,
    is_primary INTEGER NOT NULL DEFAULT 0 CHECK (is_primary IN (0, 1))
);
CREATE INDEX names_entry ON names(entry_id);
"""


@MIGRATIONS(name="0001_initial")
def m0001_initial(db: Database) -> None:
    run_script(db, SCHEMA_V1)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute("PRAGMA user_version = 1")


@MIGRATIONS(name="0002_name_keys")
def m0002_name_keys(db: Database) -> None:
    """The screening key index, filled for the names a version-1 library already holds."""
    run_script(db, SCHEMA_V2)
    rows = db.conn.execute(
        "SELECT n.id, n.name, e.schema FROM names n JOIN entries e ON e.id = n.entry_id"
        " WHERE n.strength = 'strong'").fetchall()
    db.conn.executemany("INSERT OR IGNORE INTO name_keys (key, name_id) VALUES (?, ?)",
                        [(key, nid) for nid, name, schema in rows
                         for key in name_keys(name, schema)])
    rebuild_key_df(db.conn)
    db.execute("PRAGMA user_version = 2")


@MIGRATIONS(name="0003_key_stats")
def m0003_key_stats(db: Database) -> None:
    """The number of screened names, stored: counting them per query scanned ``names``."""
    run_script(db, SCHEMA_V3)
    db.execute("INSERT INTO key_stats (id, screened_names)"
               " SELECT 1, count(*) FROM names WHERE strength = 'strong'")
    db.execute("PRAGMA user_version = 3")


@MIGRATIONS(name="0004_keys_version")
def m0004_keys_version(db: Database) -> None:
    """Which ``name_keys`` made the stored keys (1: before versions were recorded), so a
    library re-keys itself when matching changes (``library_keys.rekey_if_stale``)."""
    db.execute(SCHEMA_V4)
    db.execute("PRAGMA user_version = 4")


SCHEMA_V5 = f"""
ALTER TABLE entries ADD COLUMN target INTEGER NOT NULL DEFAULT 1 CHECK (target IN (0, 1));
{SCHEMA_IDENTIFIERS}
{SCHEMA_ARCHIVE}
"""


@MIGRATIONS(name="0005_targets_identifiers_archive")
def m0005_targets_identifiers_archive(db: Database) -> None:
    """Context entries (``ListEntry.target`` False) are no longer screened; entries can be
    found by identifier; the previous publication of a list is kept. An older library gets
    the target flags and the identifiers from the JSON it stores, and drops the screening
    keys of its context entries."""
    run_script(db, SCHEMA_V5)
    conn = db.conn
    conn.execute("UPDATE entries SET target = 0 WHERE json_extract(data, '$.target') = 0")
    _index_stored_identifiers(conn)
    conn.execute("DELETE FROM name_keys WHERE name_id IN (SELECT n.id FROM names n"
                 " JOIN entries e ON e.id = n.entry_id WHERE e.target = 0)")
    rebuild_key_df(conn)
    recount_screened_names(conn)
    db.execute("PRAGMA user_version = 5")


def _index_stored_identifiers(conn: sqlite3.Connection) -> None:
    cursor = conn.execute(
        "SELECT id, json_extract(data, '$.identifiers') FROM entries"
        " WHERE json_array_length(data, '$.identifiers') > 0")
    while batch := cursor.fetchmany(2000):
        rows = [row for entry_id, found in batch for row in identifier_rows(
            entry_id, (Identifier(**item) for item in json.loads(found)))]
        insert_identifiers(conn, rows)
