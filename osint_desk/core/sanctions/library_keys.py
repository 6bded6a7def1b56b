"""The screening key index of the list library: ``(key, name_id)`` rows and ``key_df``.

The SQLite form of ``NameIndex``'s candidate retrieval (see ``matching.index``): each STRONG
name's ``name_keys`` are stored against its row id, and ``key_df`` says how many names carry
each key. One b-tree clustered by key (no foreign key: the keys of removed names are dropped
in one pass before new names can reuse their row ids); ``key_df`` is rebuilt after a change,
and ``key_stats`` keeps the number of screened names (counting them per query would scan the
whole ``names`` table: 0.2 s at a million names).

``LibraryReader`` opens a library that is already up to date with nothing but ``sqlite3``, for
``osint-desk screen`` in a fresh process: no sqlite-utils, no migrations check, no list parsers
(``library.py`` imports all three; together they were half of the command's startup).
"""

from __future__ import annotations

import contextlib
import heapq
import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

from osint_desk.core.sanctions.entries import Identifier, ListEntry, ListInfo
from osint_desk.core.sanctions.library_identifiers import identifier_hits
from osint_desk.core.sanctions.matching import name_keys
from osint_desk.core.sanctions.matching.index import MAX_POSTINGS, SHORTLIST, select_shortlist
from osint_desk.core.sanctions.matching.keys import KEYS_VERSION, weak_name_keys

# The library file's name, application id and schema version as ``library.py`` and
# ``library_schema.py`` define them (which this module cannot import: they import it, and
# they are the heavy part); tests/core/test_exact_names.py checks that they agree.
LIBRARY_FILE = "lists.sqlite"
APPLICATION_ID = 0x4F534C4C
LIBRARY_SCHEMA_VERSION = 5

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
    """Store the keys of every name with a row id above *last_id* (a weak alias: its exact
    keys only), of listed entries only: a context entry (``entries.target`` 0, a donor or
    relative) is shown, not screened."""
    rows = conn.execute(
        "SELECT n.id, n.name, e.schema, n.strength FROM names n"
        " JOIN entries e ON e.id = n.entry_id WHERE n.id > ? AND e.target = 1",
        (last_id,)).fetchall()
    pairs = [(key, nid) for nid, name, schema, strength in rows
             for key in (weak_name_keys if strength == "weak" else name_keys)(name, schema)]
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
    """Store how many strong names of listed entries there are (``screened_name_count``):
    the names ``add_keys_after`` keys, context entries left out."""
    conn.execute("INSERT INTO key_stats (id, screened_names)"
                 " SELECT 1, count(*) FROM names n JOIN entries e ON e.id = n.entry_id"
                 " WHERE n.strength = 'strong' AND e.target = 1"
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


class ShortlistedName(NamedTuple):
    """What screening needs of a shortlisted name."""

    name_id: int
    entry_id: int
    list_key: str
    entry_ref: str
    schema: str
    name: str
    strength: str  # "weak": reached only by its exact name, and capped


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
        lowest ids), ties by id. Weights are added in the order of *weighted_keys*.

        Kept for ``card_types.listed_schema``; screening uses ``shortlist_ids``, which neither
        cuts a key nor breaks ties by row id."""
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

    def shortlist_ids(self, query: str, weighted_keys: Sequence[tuple[str, float]],
                      limit: int = SHORTLIST) -> list[int]:
        """``NameIndex.shortlist`` over the stored keys: every posting of each planned key
        (``plan_keys`` keeps only exact keys and keys of at most ``MAX_POSTINGS`` names),
        weights summed in the order given, the best *limit* by ``select_shortlist``."""
        acc: dict[int, float] = {}
        get = acc.get
        for key, weight in weighted_keys:
            (ids,) = self.conn.execute(
                "SELECT group_concat(name_id) FROM name_keys WHERE key = ?", (key,)).fetchone()
            if ids:
                for nid in map(int, ids.split(",")):
                    acc[nid] = get(nid, 0.0) + weight
        return select_shortlist(acc, query, self.describe_names, limit)

    def describe_names(self, name_ids: Sequence[int]) -> dict[int, tuple[str, str]]:
        """``name id -> (name, "list_key:entry_ref")``: what ties at the cut are broken by."""
        return {nid: (name, f"{list_key}:{ref}") for nid, name, list_key, ref in self.conn.execute(
            "SELECT n.id, n.name, e.list_key, e.entry_ref FROM names n JOIN entries e"
            " ON e.id = n.entry_id WHERE n.id IN (SELECT value FROM json_each(?))",
            (json.dumps(list(name_ids)),))}

    def shortlisted_names(self, name_ids: Iterable[int]) -> list[ShortlistedName]:
        """The names with these row ids, in the order given (unknown ids left out)."""
        wanted = list(dict.fromkeys(name_ids))
        found = {row[0]: ShortlistedName(*row) for row in self.conn.execute(
            "SELECT n.id, e.id, e.list_key, e.entry_ref, e.schema, n.name, n.strength"
            " FROM names n JOIN entries e ON e.id = n.entry_id"
            " WHERE n.id IN (SELECT value FROM json_each(?))", (json.dumps(wanted),))}
        return [found[nid] for nid in wanted if nid in found]

    @contextlib.contextmanager
    def reading(self) -> Iterator[None]:
        """One read transaction (a consistent view while an import commits), unless the
        connection is in a transaction already."""
        if self.conn.in_transaction:
            yield
            return
        self.conn.execute("BEGIN")
        try:
            yield
        finally:
            self.conn.execute("COMMIT")

    def list_info(self, list_key: str) -> ListInfo | None:
        """What the library recorded about one list (no counts: cheap)."""
        row = self.conn.execute(
            "SELECT authority, list_key, list_name, published, file_sha256, source_files"
            " FROM lists WHERE list_key = ?", (list_key,)).fetchone()
        if row is None:
            return None
        return ListInfo(row[0], row[1], row[2], row[3], row[4], tuple(json.loads(row[5])))


class LibraryReader(KeyIndexMixin):
    """A read-only view of an up-to-date library file, for screening (see ``open_reader``)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> LibraryReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def entry_by_id(self, entry_id: int) -> ListEntry | None:
        row = self.conn.execute("SELECT data FROM entries WHERE id = ?", (entry_id,)).fetchone()
        return ListEntry.from_dict(json.loads(row[0])) if row else None

    def entries_by_ids(self, entry_ids: Iterable[int]) -> dict[int, ListEntry]:
        """``entry id -> entry`` for those of *entry_ids* that exist (one query)."""
        rows = self.conn.execute(
            "SELECT id, data FROM entries WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(list(set(entry_ids))),))
        return {entry_id: ListEntry.from_dict(json.loads(data)) for entry_id, data in rows}

    def entries_by_identifier(self, text: str) -> list[tuple[int, ListEntry, Identifier]]:
        """As ``ListLibrary.entries_by_identifier``."""
        return identifier_hits(self.conn, self.entries_by_ids, text)


def open_reader(path: Path) -> LibraryReader | None:
    """A ``LibraryReader`` of *path* when it is a library of this schema whose keys come
    from this ``name_keys``; None for anything else (missing, foreign, older, newer, damaged,
    locked), which ``ListLibrary`` then opens, migrates, re-keys or refuses as it should."""
    try:
        with path.open("rb") as handle:
            if handle.read(16) != b"SQLite format 3\x00":
                return None
    except OSError:
        return None
    conn = sqlite3.connect(str(path), timeout=5, isolation_level=None)
    try:
        conn.execute("PRAGMA busy_timeout = 5000")
        conn.execute("PRAGMA query_only = ON")
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if (app_id, version) == (APPLICATION_ID, LIBRARY_SCHEMA_VERSION) and (
                keys_version(conn) == KEYS_VERSION):
            return LibraryReader(conn)
    except sqlite3.Error:
        pass
    conn.close()
    return None
