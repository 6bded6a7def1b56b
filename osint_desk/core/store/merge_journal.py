"""What a merge changed, row by row, so that Split can put every row back exactly.

A journal is a JSON list of steps: ``["set", table, rowid, before, after]`` (columns changed),
``["del", table, row]`` (a link row removed), ``["add", table, row]`` (a link row inserted),
``["new", table, rowid]`` (a record created; undone by soft delete, never a hard delete).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from osint_desk.core.store.context import StoreContext, row_dict
from osint_desk.core.store.entities import Entities
from osint_desk.core.store.relationships import reindex_relationship
from osint_desk.core.store.sanctions import reindex_sanction

Step = list[Any]


class Journal:
    """Make changes through the journal so that each one can be undone."""

    def __init__(self, ctx: StoreContext) -> None:
        self._ctx = ctx
        self.steps: list[Step] = []

    def set(self, table: str, rowid: int, values: Mapping[str, Any]) -> None:
        row = row_dict(self._ctx.one(f"SELECT * FROM {table} WHERE id = ?", (rowid,)))
        before = {key: row[key] for key in values}
        if "updated_at" in row and "updated_at" not in values:
            before["updated_at"] = row["updated_at"]
            values = {**values, "updated_at": self._ctx.now()}
        self._ctx.update(table, rowid, values)
        self.steps.append(["set", table, rowid, before, dict(values)])

    def delete(self, table: str, row: Mapping[str, Any]) -> None:
        where, params = _match(row)
        self._ctx.conn.execute(f"DELETE FROM {table} WHERE {where}", params)
        self.steps.append(["del", table, dict(row)])

    def add(self, table: str, row: Mapping[str, Any]) -> None:
        self._ctx.conn.execute(
            f"INSERT OR IGNORE INTO {table} ({', '.join(row)})"
            f" VALUES ({', '.join('?' * len(row))})", list(row.values()))
        self.steps.append(["add", table, dict(row)])

    def move(self, table: str, row: Mapping[str, Any], column: str, value: Any,
             taken: bool) -> None:
        """Re-point a link row (no rowid of its own): removed, and added again unless the
        survivor already has the same link (``taken``)."""
        self.delete(table, row)
        if not taken:
            self.add(table, {**row, column: value})

    def new(self, table: str, values: Mapping[str, Any]) -> int:
        rowid = self._ctx.insert(table, values)
        self.steps.append(["new", table, rowid])
        return rowid


def undo(ctx: StoreContext, steps: list[Step]) -> None:
    """Undo a journal, last step first."""
    for step in reversed(steps):
        kind, table = step[0], step[1]
        if kind == "set":
            ctx.update(table, int(step[2]), step[3])
        elif kind == "add":
            where, params = _match(step[2])
            ctx.conn.execute(f"DELETE FROM {table} WHERE {where}", params)
        elif kind == "del":
            row = step[2]
            ctx.conn.execute(
                f"INSERT OR IGNORE INTO {table} ({', '.join(row)})"
                f" VALUES ({', '.join('?' * len(row))})", list(row.values()))
        elif kind == "new":
            now = ctx.now()
            ctx.conn.execute(f"UPDATE {table} SET deleted_at = ?, updated_at = ? WHERE id = ?",
                             (now, now, int(step[2])))
        else:
            raise ValueError(f"unknown journal step {kind!r}")


def counts(steps: list[Step]) -> dict[str, int]:
    """How many rows of each table the journal touched (for the audit log)."""
    out: dict[str, int] = {}
    for step in steps:
        out[step[1]] = out.get(step[1], 0) + 1
    return out


def _match(row: Mapping[str, Any]) -> tuple[str, list[Any]]:
    return " AND ".join(f"{key} IS ?" for key in row), list(row.values())


def reindex_touched(ctx: StoreContext, steps: list[Any]) -> None:
    """Refresh the search documents of every card, relationship and record touched."""
    touched: dict[str, set[int]] = {}
    for step in steps:
        if step[0] in ("set", "new"):
            touched.setdefault(step[1], set()).add(int(step[2]))
        if step[1] == "entity_aliases":
            rowid = int(step[2]) if step[0] in ("set", "new") else None
            if rowid is not None:
                owner = ctx.scalar("SELECT entity_id FROM entity_aliases WHERE id = ?", (rowid,))
                touched.setdefault("entities", set()).add(int(owner))
                if step[0] == "set" and "entity_id" in step[3]:
                    touched["entities"].add(int(step[3]["entity_id"]))
    entities = Entities(ctx)
    for rowid in touched.get("entities", set()):
        entities.reindex(rowid)  # also the relationships and records showing its name
    for rowid in touched.get("relationships", set()):
        reindex_relationship(ctx, rowid)
    for rowid in touched.get("sanctions", set()):
        reindex_sanction(ctx, rowid)
