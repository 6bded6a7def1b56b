"""What every repository of a case shares: the connection, who is acting, the audit log."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterator, Mapping
from typing import Any

from osint_desk.core.dates import utc_now
from osint_desk.core.errors import NotFoundError, ReadOnlyCaseError
from osint_desk.core.store import audit_chain, drivers
from osint_desk.core.store.connection import CaseConnection

# Columns never copied into the audit log: the log records changes, not evidence text.
_NOT_AUDITED = frozenset({"text", "quote", "data", "name_key"})


class StoreContext:
    """The open connection and the rules for writing through it."""

    def __init__(self, db: CaseConnection, actor: str, read_only: bool) -> None:
        self.db = db
        self.actor = actor
        self.read_only = read_only

    @property
    def conn(self) -> sqlite3.Connection:
        return self.db.conn

    @contextlib.contextmanager
    def write(self) -> Iterator[None]:
        """One atomic change: everything inside commits together or not at all."""
        if self.read_only:
            why = f" ({self.db.read_only_reason})" if self.db.read_only_reason else ""
            raise ReadOnlyCaseError(
                f"this case is open read-only{why}; changes are not possible")
        with self.db.atomic():
            yield

    def now(self) -> str:
        return utc_now()

    def one(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> sqlite3.Row | None:
        cursor = self.conn.execute(sql, params)
        cursor.row_factory = drivers.row_class(self.conn)
        row: sqlite3.Row | None = cursor.fetchone()
        return row

    def all(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> list[sqlite3.Row]:
        cursor = self.conn.execute(sql, params)
        cursor.row_factory = drivers.row_class(self.conn)
        return list(cursor.fetchall())

    def scalar(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> Any:
        row = self.conn.execute(sql, params).fetchone()
        return None if row is None else row[0]

    def insert(self, table: str, values: Mapping[str, Any]) -> int:
        """Insert one row (column names come from our own code) and return its rowid."""
        cursor = self.conn.execute(
            f"INSERT INTO {table} ({', '.join(values)}) VALUES ({', '.join('?' * len(values))})",
            list(values.values()))
        return int(cursor.lastrowid or 0)

    def update(self, table: str, rowid: int, values: Mapping[str, Any]) -> None:
        """Set columns of one row by rowid."""
        self.conn.execute(
            f"UPDATE {table} SET {', '.join(f'{key} = ?' for key in values)} WHERE id = ?",
            [*values.values(), rowid])

    def update_where(self, table: str, column: str, key: Any, values: Mapping[str, Any]) -> None:
        """Set columns of the rows whose ``column`` equals ``key`` (tables keyed otherwise)."""
        self.conn.execute(
            f"UPDATE {table} SET {', '.join(f'{k} = ?' for k in values)} WHERE {column} = ?",
            [*values.values(), key])

    def rowid(self, table: str, public_id: str, *, live: bool = True, what: str = "") -> int:
        """The rowid of a record by its public id; NotFoundError when absent (or deleted)."""
        clause = " AND deleted_at IS NULL" if live else ""
        value = self.scalar(f"SELECT id FROM {table} WHERE public_id = ?{clause}", (public_id,))
        if value is None:
            raise NotFoundError(f"no {what or table.rstrip('s')} with id {public_id}")
        return int(value)

    def public_id(self, table: str, rowid: int | None) -> str | None:
        if rowid is None:
            return None
        value = self.scalar(f"SELECT public_id FROM {table} WHERE id = ?", (rowid,))
        return None if value is None else str(value)

    def audit(
        self,
        action: str,
        table: str,
        record_id: str | None,
        before: Mapping[str, Any] | None = None,
        after: Mapping[str, Any] | None = None,
    ) -> None:
        """Log one change in the current transaction (never a copy of source text), chained
        to the entry before it (``audit_chain``)."""
        last_id, previous = audit_chain.head(self.conn.execute)
        row = (last_id + 1, self.now(), self.actor, action, table, record_id,
               _audit_json(before), _audit_json(after))
        self.conn.execute(
            "INSERT INTO audit_log (id, at, actor, action, table_name, record_id, before, after,"
            " prev_hash, row_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*row, previous, audit_chain.row_hash(previous, row)),
        )


def _audit_json(values: Mapping[str, Any] | None) -> str | None:
    if values is None:
        return None
    kept = {k: v for k, v in values.items() if k not in _NOT_AUDITED and k != "id"}
    return json.dumps(kept, ensure_ascii=False, sort_keys=True, default=str)


def row_dict(row: sqlite3.Row | None) -> dict[str, Any]:
    return {} if row is None else {key: row[key] for key in row.keys()}  # noqa: SIM118
