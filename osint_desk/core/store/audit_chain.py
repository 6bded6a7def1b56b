"""The audit log as a hash chain: each row holds the hash of the row before it and its own.

A row's hash is SHA-256 over the previous row's hash and the row's canonical JSON (id, time,
actor, action, table, record, before, after), so changing, removing or inserting any row
breaks every link after it, and ``check_chain`` names the first one. Triggers (schema step
5) refuse UPDATE and DELETE on the log; a row is written inside the change's own transaction,
after its first write, so it is chained under SQLite's write lock and two processes cannot
fork the chain (the second writer waits, then reads the new head).

What the chain cannot prove: rows written before a file was migrated to schema 5 were
chained by the migration, so they are attested from that moment on; and someone who rewrites
the whole log from some row on, hashes included, or cuts rows from its end, makes a chain that
checks — a copy of the head hash kept elsewhere (a signed bundle's manifest) is what shows
that. ``unlogged_records`` narrows it: a source or excerpt whose "create" entry is gone shows
that entries were cut (the whole log emptied, or its last entries when they made evidence).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64  # the "previous hash" of the first row
BATCH = 5000
COLUMNS = ("id", "at", "actor", "action", "table_name", "record_id", "before", "after")

AuditRow = Sequence[Any]  # the values of COLUMNS, in order


def row_hash(previous: str, row: AuditRow) -> str:
    """The hash of *row* (the values of ``COLUMNS``) chained to *previous*."""
    canonical = json.dumps(list(row), ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"{previous}\n{canonical}".encode()).hexdigest()


def head(execute: Callable[..., Any]) -> tuple[int, str]:
    """The last row's id and hash ((0, GENESIS) for an empty log)."""
    found = execute("SELECT id, row_hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    return (0, GENESIS) if found is None else (int(found[0]), str(found[1] or GENESIS))


def chain_existing(execute: Callable[..., Any]) -> int:
    """Hash the rows of a log written before the chain (the schema-5 migration): rows in id
    order, each chained to the one before. Returns how many rows were chained."""
    rows = execute(f"SELECT {', '.join(COLUMNS)} FROM audit_log ORDER BY id").fetchall()
    previous = GENESIS
    for row in rows:
        digest = row_hash(previous, tuple(row))
        execute("UPDATE audit_log SET prev_hash = ?, row_hash = ? WHERE id = ?",
                (previous, digest, row[0]))
        previous = digest
    return len(rows)


@dataclass(frozen=True, slots=True)
class ChainReport:
    """What ``check_chain`` found: ``rows`` checked, the ``head`` hash of the last good row,
    and the first broken link (None when the chain holds)."""

    rows: int
    head: str
    broken_at: int | None = None  # the id of the first row that does not check
    problem: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_at is None

    def __str__(self) -> str:
        if self.intact:
            return f"audit log: {self.rows:,} entries, hash chain intact (head {self.head[:12]})"
        return f"audit log: broken at entry {self.broken_at}: {self.problem}"


def _rows(conn: sqlite3.Connection) -> Iterator[sqlite3.Row]:
    last = 0
    while True:
        cursor = conn.execute(
            f"SELECT {', '.join(COLUMNS)}, prev_hash, row_hash FROM audit_log WHERE id > ?"
            " ORDER BY id LIMIT ?", (last, BATCH))
        batch = cursor.fetchall()
        if not batch:
            return
        yield from batch
        last = batch[-1][0]


def check_chain(conn: sqlite3.Connection) -> ChainReport:
    """Walk the log in id order and recompute every link; stop at the first that fails."""
    previous, expected_id, count = GENESIS, 1, 0
    for row in _rows(conn):
        values, prev_hash, own = tuple(row[:len(COLUMNS)]), row[-2], row[-1]
        number = int(values[0])
        if number != expected_id:
            what = (f"entries {expected_id}–{number - 1} are missing" if number > expected_id
                    else f"entry {number} is out of order")
            return ChainReport(count, previous, number, what)
        if prev_hash != previous:
            return ChainReport(count, previous, number,
                               "it does not follow the entry before it (an entry before it"
                               " was removed or replaced)")
        if own != row_hash(previous, values):
            return ChainReport(count, previous, number,
                               "its content does not match its hash (the entry was changed)")
        previous, expected_id, count = own, number + 1, count + 1
    return ChainReport(count, previous)


#: Records whose creation the log must hold: the evidence (a source, an excerpt). The chain
#: cannot show entries removed from its end, nor a log emptied; a record with no "create"
#: entry shows it whenever those entries created evidence.
_CREATED = (("source", "sources"), ("excerpt", "excerpts"))


def unlogged_records(conn: sqlite3.Connection, limit: int = 1000) -> list[tuple[str, str]]:
    """(kind, public id) of sources and excerpts (deleted ones too) that no "create" entry
    of the log names, at most ``limit`` of them, oldest first."""
    found: list[tuple[str, str]] = []
    for kind, table in _CREATED:
        rows = conn.execute(
            f"SELECT public_id FROM {table} WHERE public_id NOT IN (SELECT record_id FROM"
            " audit_log WHERE action = 'create' AND table_name = ? AND record_id IS NOT NULL)"
            " ORDER BY id LIMIT ?", (table, limit - len(found))).fetchall()
        found += [(kind, str(row[0])) for row in rows]
        if len(found) >= limit:
            break
    return found


def entries_with_hash(conn: sqlite3.Connection, prefix: str) -> list[int]:
    """Ids of the entries whose hash starts with ``prefix`` (lower-case hex; at most two)."""
    if not prefix or any(char not in "0123456789abcdef" for char in prefix):
        return []
    rows = conn.execute("SELECT id FROM audit_log WHERE substr(row_hash, 1, ?) = ?"
                        " ORDER BY id LIMIT 2", (len(prefix), prefix)).fetchall()
    return [int(row[0]) for row in rows]
