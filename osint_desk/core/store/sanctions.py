"""Sanctions records on cards, copied with their provenance so a case stays self-contained."""

from __future__ import annotations

import builtins
import json
import sqlite3
from collections.abc import Iterable, Mapping
from typing import Any

from osint_desk.core.dates import PartialDate, parse_optional
from osint_desk.core.errors import ValidationError
from osint_desk.core.ids import new_id
from osint_desk.core.store import search
from osint_desk.core.store.context import StoreContext, row_dict
from osint_desk.core.store.evidence import (
    evidence_for,
    evidence_of,
    remove_evidence,
    set_evidence,
)
from osint_desk.core.store.records import Evidence, Sanction

STATUSES = ("active", "delisted", "unknown")
EDITABLE = frozenset({"authority", "list_name", "programs", "entry_ref", "listed_name",
                      "listed_on", "delisted_on", "status", "reason", "list_published",
                      "list_sha256", "provenance"})
SELECT = ("SELECT x.*, e.public_id AS entity_public_id FROM sanctions x"
          " JOIN entities e ON e.id = x.entity_id")


def reindex_sanction(ctx: StoreContext, rowid: int) -> None:
    row = ctx.one(
        "SELECT x.*, e.name AS entity_name, e.deleted_at AS entity_deleted FROM sanctions x"
        " JOIN entities e ON e.id = x.entity_id WHERE x.id = ?", (rowid,))
    assert row is not None
    if row["deleted_at"] or row["entity_deleted"]:
        search.unindex(ctx, "sanction", rowid)
        return
    programs = " ".join(json.loads(row["programs"]))
    label = f"{row['entity_name']} — {row['authority']} {row['entry_ref'] or ''}".strip()
    title = "\n".join(filter(None, [row["authority"], row["entry_ref"], programs,
                                    row["list_name"]]))
    body = "\n".join(filter(None, [row["entity_name"], row["listed_name"], row["reason"]]))
    search.index(ctx, "sanction", rowid, row["public_id"], label=label, title=title, body=body)


def to_sanction(ctx: StoreContext, row: sqlite3.Row,
                evidence: tuple[Evidence, ...] | None = None) -> Sanction:
    """The record of a row; its evidence is read unless given (see ``evidence_for``)."""
    return Sanction(
        id=row["public_id"], entity_id=row["entity_public_id"], authority=row["authority"],
        list_name=row["list_name"], programs=tuple(json.loads(row["programs"])),
        entry_ref=row["entry_ref"], listed_name=row["listed_name"], listed_on=row["listed_on"],
        listed_precision=row["listed_precision"], delisted_on=row["delisted_on"],
        delisted_precision=row["delisted_precision"], status=row["status"],
        reason=row["reason"], list_published=row["list_published"],
        list_sha256=row["list_sha256"], provenance=json.loads(row["provenance"]),
        created_at=row["created_at"], updated_at=row["updated_at"],
        deleted_at=row["deleted_at"],
        evidence=evidence if evidence is not None
        else evidence_of(ctx, "sanction_evidence", row["id"]),
    )


def _values(changes: Mapping[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key, value in changes.items():
        if key in ("listed_on", "delisted_on"):
            date = value if isinstance(value, PartialDate) else parse_optional(value)
            values[key] = date.value if date else None
            values[key.replace("_on", "_precision")] = date.precision.value if date else None
        elif key == "list_published":
            date = value if isinstance(value, PartialDate) else parse_optional(value)
            values[key] = date.value if date else None
        elif key == "programs":
            programs = [str(p).strip() for p in (value or []) if str(p).strip()]
            values[key] = json.dumps(programs, ensure_ascii=False)
        elif key == "provenance":
            values[key] = json.dumps(dict(value or {}), ensure_ascii=False, sort_keys=True)
        elif key == "status":
            if value not in STATUSES:
                raise ValidationError(f"status must be one of {', '.join(STATUSES)}")
            values[key] = value
        elif key == "authority":
            if not str(value or "").strip():
                raise ValidationError("a sanctions record needs an authority (OFAC, EU, UN…)")
            values[key] = str(value).strip()
        elif key in ("list_name", "reason"):
            values[key] = value or ""
        else:
            values[key] = value or None
    return values


class Sanctions:
    def __init__(self, ctx: StoreContext) -> None:
        self._ctx = ctx

    def add(
        self,
        entity_id: str,
        authority: str,
        *,
        list_name: str = "",
        programs: Iterable[str] = (),
        entry_ref: str | None = None,
        listed_name: str | None = None,
        listed_on: str | PartialDate | None = None,
        delisted_on: str | PartialDate | None = None,
        status: str = "active",
        reason: str = "",
        list_published: str | PartialDate | None = None,
        list_sha256: str | None = None,
        provenance: Mapping[str, Any] | None = None,
        evidence: Iterable[tuple[str, str]] = (),
    ) -> Sanction:
        ctx = self._ctx
        with ctx.write():
            entity_row = ctx.rowid("entities", entity_id, what="card")
            now = ctx.now()
            values: dict[str, Any] = {
                "public_id": new_id(), "entity_id": entity_row,
                **_values({
                    "authority": authority, "list_name": list_name, "programs": list(programs),
                    "entry_ref": entry_ref, "listed_name": listed_name, "listed_on": listed_on,
                    "delisted_on": delisted_on, "status": status, "reason": reason,
                    "list_published": list_published, "list_sha256": list_sha256,
                    "provenance": provenance or {},
                }),
                "created_at": now, "updated_at": now, "deleted_at": None,
            }
            rowid = ctx.insert("sanctions", values)
            ctx.audit("create", "sanctions", values["public_id"], None,
                      {**values, "entity_id": entity_id})
            for excerpt_id, role in evidence:
                set_evidence(ctx, "sanction_evidence", rowid, values["public_id"], excerpt_id,
                             role)
            reindex_sanction(ctx, rowid)
        return self.get(values["public_id"])

    def get(self, sanction_id: str, *, include_deleted: bool = False) -> Sanction:
        rowid = self._ctx.rowid("sanctions", sanction_id, live=not include_deleted,
                                what="sanctions record")
        row = self._ctx.one(f"{SELECT} WHERE x.id = ?", (rowid,))
        assert row is not None
        return to_sanction(self._ctx, row)

    def list(
        self, *, offset: int = 0, limit: int = -1, text_filter: str = ""
    ) -> builtins.list[Sanction]:
        where, params = _live_where(text_filter)
        rows = self._ctx.all(
            f"{SELECT} WHERE {where} ORDER BY e.name_key, x.authority, x.entry_ref, x.id"
            " LIMIT ? OFFSET ?", [*params, limit, offset])
        evidence = evidence_for(self._ctx, "sanction_evidence", [row["id"] for row in rows])
        return [to_sanction(self._ctx, row, evidence[row["id"]]) for row in rows]

    def count(self, *, text_filter: str = "") -> int:
        where, params = _live_where(text_filter)
        return int(self._ctx.scalar(
            f"SELECT count(*) FROM sanctions x JOIN entities e ON e.id = x.entity_id WHERE {where}",
            params))

    def of_entity(self, entity_id: str) -> builtins.list[Sanction]:
        rows = self._ctx.all(
            f"{SELECT} WHERE e.public_id = ? AND x.deleted_at IS NULL AND e.deleted_at IS NULL"
            " ORDER BY x.authority, x.entry_ref, x.id", (entity_id,))
        evidence = evidence_for(self._ctx, "sanction_evidence", [row["id"] for row in rows])
        return [to_sanction(self._ctx, row, evidence[row["id"]]) for row in rows]

    def find(self, entity_id: str, authority: str, entry_ref: str) -> Sanction | None:
        """The live record of that listing on that card, if the case already has it."""
        row = self._ctx.one(
            f"{SELECT} WHERE e.public_id = ? AND x.authority = ? AND x.entry_ref = ?"
            " AND x.deleted_at IS NULL", (entity_id, authority, entry_ref))
        return None if row is None else to_sanction(self._ctx, row)

    def update(self, sanction_id: str, **changes: Any) -> Sanction:
        unknown = set(changes) - EDITABLE
        if unknown:
            raise ValidationError(f"cannot change {', '.join(sorted(unknown))} of a sanctions"
                                  " record")
        values = _values(changes)
        ctx = self._ctx
        with ctx.write():
            rowid = ctx.rowid("sanctions", sanction_id, what="sanctions record")
            before = row_dict(ctx.one("SELECT * FROM sanctions WHERE id = ?", (rowid,)))
            values["updated_at"] = ctx.now()
            ctx.update("sanctions", rowid, values)
            ctx.audit("update", "sanctions", sanction_id, {k: before[k] for k in values}, values)
            reindex_sanction(ctx, rowid)
        return self.get(sanction_id)

    def delete(self, sanction_id: str) -> None:
        ctx = self._ctx
        with ctx.write():
            rowid = ctx.rowid("sanctions", sanction_id, what="sanctions record")
            now = ctx.now()
            ctx.conn.execute("UPDATE sanctions SET deleted_at = ?, updated_at = ? WHERE id = ?",
                             (now, now, rowid))
            reindex_sanction(ctx, rowid)
            ctx.audit("delete", "sanctions", sanction_id, None, {"deleted_at": now})

    def restore(self, sanction_id: str) -> Sanction:
        ctx = self._ctx
        with ctx.write():
            rowid = ctx.rowid("sanctions", sanction_id, live=False, what="sanctions record")
            stamp = ctx.scalar("SELECT deleted_at FROM sanctions WHERE id = ?", (rowid,))
            ctx.conn.execute("UPDATE sanctions SET deleted_at = NULL WHERE id = ?", (rowid,))
            reindex_sanction(ctx, rowid)
            ctx.audit("restore", "sanctions", sanction_id, {"deleted_at": stamp}, None)
        return self.get(sanction_id)

    def set_evidence(self, sanction_id: str, excerpt_id: str, role: str) -> None:
        with self._ctx.write():
            rowid = self._ctx.rowid("sanctions", sanction_id, what="sanctions record")
            set_evidence(self._ctx, "sanction_evidence", rowid, sanction_id, excerpt_id, role)

    def remove_evidence(self, sanction_id: str, excerpt_id: str) -> None:
        with self._ctx.write():
            rowid = self._ctx.rowid("sanctions", sanction_id, what="sanctions record")
            remove_evidence(self._ctx, "sanction_evidence", rowid, sanction_id, excerpt_id)


def _live_where(text_filter: str) -> tuple[str, list[Any]]:
    where = "x.deleted_at IS NULL AND e.deleted_at IS NULL"
    if not text_filter.strip():
        return where, []
    pattern = f"%{text_filter.strip()}%"
    return (where + " AND (e.name LIKE ? OR x.authority LIKE ? OR x.entry_ref LIKE ?"
            " OR x.programs LIKE ? OR x.listed_name LIKE ?)", [pattern] * 5)
