"""The screening key index of the list library: ``(key, name_id)`` rows and ``key_df``.

The SQLite form of ``NameIndex``'s candidate retrieval (see ``matching.index``): each STRONG
name's ``name_keys`` are stored against its row id, and ``key_df`` says how many names carry
each key. One b-tree clustered by key (no foreign key: the keys of removed names are dropped
in one pass before new names can reuse their row ids); ``key_df`` is rebuilt after a change,
and ``key_stats`` keeps the number of screened names (counting them per query would scan the
whole ``names`` table: 0.2 s at a million names).
"""

from __future__ import annotations

import heapq
import json
import sqlite3
from collections.abc import Iterable, Sequence

from osint_desk.core.sanctions.entries import ListInfo
from osint_desk.core.sanctions.matching import name_keys
from osint_desk.core.sanctions.matching.index import MAX_POSTINGS
from osint_desk.core.sanctions.matching.keys import KEYS_VERSION

SCHEMA_V2 = """
CREATE TABLE name_keys (
    key TEXT NOT NULL,
    name_id INTEGER NOT NULL,
    PRIMARY KEY (key, name_id)
) WITHOUT ROWID;

CREATE TABLE key_df (
    key TEXT PRIMARY KEY,
    df INTEGER NOT NULL
) WITHOUT ROWID;
"""

SCHEMA_V3 = """
CREATE TABLE key_stats (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    screened_names INTEGER NOT NULL
);
"""


def max_name_id(conn: sqlite3.Connection) -> int:
    """The highest name row id so far (new rows get higher ones)."""
    return int(conn.execute("SELECT coalesce(max(id), 0) FROM names").fetchone()[0])


def add_keys_after(conn: sqlite3.Connection, last_id: int) -> None:
    """Store the keys of every strong name with a row id above *last_id*."""
    rows = conn.execute(
        "SELECT n.id, n.name, e.schema FROM names n JOIN entries e ON e.id = n.entry_id"
        " WHERE n.id > ? AND n.strength = 'strong'", (last_id,)).fetchall()
    pairs = [(key, nid) for nid, name, schema in rows for key in name_keys(name, schema)]
    conn.executemany("INSERT OR IGNORE INTO name_keys (key, name_id) VALUES (?, ?)", pairs)


def drop_orphan_keys(conn: sqlite3.Connection) -> None:
    """Forget the keys of names that are gone (one pass; cheaper than a second index)."""
    conn.execute("DELETE FROM name_keys WHERE name_id NOT IN (SELECT id FROM names)")


def rebuild_key_df(conn: sqlite3.Connection) -> None:
    """Recount how many names share each key."""
    conn.execute("DELETE FROM key_df")
    conn.execute("INSERT INTO key_df (key, df) SELECT key, count(*) FROM name_keys"
                 " GROUP BY key")


def recount_screened_names(conn: sqlite3.Connection) -> None:
    """Store how many strong names there are (``screened_name_count``)."""
    conn.execute("INSERT INTO key_stats (id, screened_names)"
                 " SELECT 1, count(*) FROM names WHERE strength = 'strong'"
                 " ON CONFLICT (id) DO UPDATE SET screened_names = excluded.screened_names")


SCHEMA_V4 = "ALTER TABLE key_stats ADD COLUMN keys_version INTEGER NOT NULL DEFAULT 1"


def keys_version(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT keys_version FROM key_stats WHERE id = 1").fetchone()
    return int(row[0]) if row else KEYS_VERSION


def rekey_if_stale(conn: sqlite3.Connection) -> bool:
    """Re-key every name when the stored keys come from an older ``name_keys`` (one
    transaction; about a second for the SDN and UN lists). True when it re-keyed."""
    if keys_version(conn) == KEYS_VERSION:
        return False
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("DELETE FROM name_keys")
        add_keys_after(conn, 0)
        rebuild_key_df(conn)
        recount_screened_names(conn)
        conn.execute("UPDATE key_stats SET keys_version = ? WHERE id = 1", (KEYS_VERSION,))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return True


class KeyIndexMixin:
    """Read side of the key index, mixed into ``ListLibrary`` (which supplies ``conn``)."""

    conn: sqlite3.Connection

    def screened_name_count(self) -> int:
        """Names the screening indexes (strong ones): the ``total`` for ``plan_keys``."""
        row = self.conn.execute("SELECT screened_names FROM key_stats WHERE id = 1").fetchone()
        return int(row[0]) if row else 0

    def key_frequencies(self, keys: Iterable[str]) -> dict[str, int]:
        """``key -> df`` for those of *keys* that some listed name carries, in key order (the
        order ``plan_keys`` keeps, so the weights are summed in the same order every time)."""
        wanted = sorted(set(keys))
        found = dict(self.conn.execute(
            "SELECT key, df FROM key_df WHERE key IN (SELECT value FROM json_each(?))",
            (json.dumps(wanted, ensure_ascii=False),)).fetchall())
        return {key: int(found[key]) for key in wanted if key in found}

    def candidate_name_ids(self, weighted_keys: Sequence[tuple[str, float]], limit: int,
                           per_key: int = MAX_POSTINGS) -> list[int]:
        """Name ids with the highest summed key weight (at most *per_key* rows per key, the
        lowest ids), ties by id. Weights are added in the order of *weighted_keys*."""
        acc: dict[int, float] = {}
        get = acc.get
        for key, weight in weighted_keys:
            # One row per key: group_concat in C is about twice as fast as stepping 3,000 rows.
            (ids,) = self.conn.execute(
                "SELECT group_concat(name_id) FROM (SELECT name_id FROM name_keys"
                " WHERE key = ? ORDER BY name_id LIMIT ?)", (key, per_key)).fetchone()
            if ids:
                for nid in map(int, ids.split(",")):
                    acc[nid] = get(nid, 0.0) + weight
        return heapq.nsmallest(limit, acc, key=lambda nid: (-acc[nid], nid))

    def list_info(self, list_key: str) -> ListInfo | None:
        """What the library recorded about one list (no counts: cheap)."""
        row = self.conn.execute(
            "SELECT authority, list_key, list_name, published, file_sha256, source_files"
            " FROM lists WHERE list_key = ?", (list_key,)).fetchone()
        if row is None:
            return None
        return ListInfo(row[0], row[1], row[2], row[3], row[4], tuple(json.loads(row[5])))
