"""Relationships between cards: a predicate, dates, a confidence and evidence excerpts."""

from __future__ import annotations

import builtins
import sqlite3
from collections.abc import Iterable
from typing import Any

from osint_desk.core.dates import PartialDate, parse_optional
from osint_desk.core.errors import ValidationError
from osint_desk.core.ids import new_id
from osint_desk.core.model import check_confidence, normalize_predicate
from osint_desk.core.store import search
from osint_desk.core.store.context import StoreContext, row_dict
from osint_desk.core.store.evidence import (
    evidence_for,
    evidence_of,
    remove_evidence,
    set_evidence,
)
from osint_desk.core.store.records import Evidence, Relationship

EDITABLE = frozenset({"subject_id", "predicate", "object_id", "start", "end", "confidence",
                      "note"})
SELECT = (
    "SELECT r.*, s.public_id AS subject_public_id, o.public_id AS object_public_id"
    " FROM relationships r JOIN entities s ON s.id = r.subject_id"
    " JOIN entities o ON o.id = r.object_id"
)
EvidenceSpec = tuple[str, str]  # (excerpt id, role)


def reindex_relationship(ctx: StoreContext, rowid: int) -> None:
    row = ctx.one(
        "SELECT r.public_id, r.predicate, r.note, r.deleted_at, s.name AS subject,"
        " o.name AS object, s.deleted_at AS s_del, o.deleted_at AS o_del FROM relationships r"
        " JOIN entities s ON s.id = r.subject_id JOIN entities o ON o.id = r.object_id"
        " WHERE r.id = ?", (rowid,))
    assert row is not None
    if row["deleted_at"] or row["s_del"] or row["o_del"]:
        search.unindex(ctx, "relationship", rowid)
        return
    label = f"{row['subject']} — {row['predicate']} — {row['object']}"
    # Card names go in the body, not the title: a search for a name should rank the card
    # itself (name in its title) above each of its relationships.
    search.index(ctx, "relationship", rowid, row["public_id"], label=label, body=label,
                 note=row["note"])


def to_relationship(ctx: StoreContext, row: sqlite3.Row,
                    evidence: tuple[Evidence, ...] | None = None) -> Relationship:
    """The record of a row; its evidence is read unless given (see ``evidence_for``)."""
    return Relationship(
        id=row["public_id"], subject_id=row["subject_public_id"], predicate=row["predicate"],
        object_id=row["object_public_id"], start=row["start_date"],
        start_precision=row["start_precision"], end=row["end_date"],
        end_precision=row["end_precision"], confidence=row["confidence"], note=row["note"],
        created_at=row["created_at"], updated_at=row["updated_at"],
        deleted_at=row["deleted_at"],
        evidence=evidence if evidence is not None
        else evidence_of(ctx, "relationship_evidence", row["id"]),
    )


def _date_values(prefix: str, value: str | PartialDate | None) -> dict[str, str | None]:
    date = value if isinstance(value, PartialDate) else parse_optional(value)
    return {f"{prefix}_date": date.value if date else None,
            f"{prefix}_precision": date.precision.value if date else None}


class Relationships:
    def __init__(self, ctx: StoreContext) -> None:
        self._ctx = ctx

    def add(
        self,
        subject_id: str,
        predicate: str,
        object_id: str,
        *,
        start: str | PartialDate | None = None,
        end: str | PartialDate | None = None,
        confidence: int | None = None,
        note: str = "",
        evidence: Iterable[EvidenceSpec] = (),
    ) -> Relationship:
        ctx = self._ctx
        with ctx.write():
            subject_row = ctx.rowid("entities", subject_id, what="card")
            object_row = ctx.rowid("entities", object_id, what="card")
            if subject_row == object_row:
                raise ValidationError("a relationship links two different cards")
            now = ctx.now()
            values: dict[str, Any] = {
                "public_id": new_id(), "subject_id": subject_row,
                "predicate": normalize_predicate(predicate), "object_id": object_row,
                **_date_values("start", start), **_date_values("end", end),
                "confidence": check_confidence(confidence), "note": note or "",
                "created_at": now, "updated_at": now, "deleted_at": None,
            }
            _check_order(values)
            rowid = ctx.insert("relationships", values)
            ctx.audit("create", "relationships", values["public_id"], None,
                      {**values, "subject_id": subject_id, "object_id": object_id})
            for excerpt_id, role in evidence:
                set_evidence(ctx, "relationship_evidence", rowid, values["public_id"],
                             excerpt_id, role)
            reindex_relationship(ctx, rowid)
        return self.get(values["public_id"])

    def get(self, relationship_id: str, *, include_deleted: bool = False) -> Relationship:
        rowid = self._ctx.rowid("relationships", relationship_id, live=not include_deleted,
                                what="relationship")
        row = self._ctx.one(f"{SELECT} WHERE r.id = ?", (rowid,))
        assert row is not None
        return to_relationship(self._ctx, row)

    def list(
        self, *, offset: int = 0, limit: int = -1, text_filter: str = ""
    ) -> builtins.list[Relationship]:
        where, params = _live_where(text_filter)
        rows = self._ctx.all(
            f"{SELECT} WHERE {where} ORDER BY s.name_key, r.predicate, o.name_key, r.id"
            " LIMIT ? OFFSET ?", [*params, limit, offset])
        evidence = evidence_for(self._ctx, "relationship_evidence", [row["id"] for row in rows])
        return [to_relationship(self._ctx, row, evidence[row["id"]]) for row in rows]

    def count(self, *, text_filter: str = "") -> int:
        where, params = _live_where(text_filter)
        return int(self._ctx.scalar(
            "SELECT count(*) FROM relationships r JOIN entities s ON s.id = r.subject_id"
            f" JOIN entities o ON o.id = r.object_id WHERE {where}", params))

    def of_entity(self, entity_id: str) -> builtins.list[Relationship]:
        """Live relationships with the card at either end."""
        rows = self._ctx.all(
            f"{SELECT} WHERE (s.public_id = ? OR o.public_id = ?) AND r.deleted_at IS NULL"
            " AND s.deleted_at IS NULL AND o.deleted_at IS NULL ORDER BY r.id",
            (entity_id, entity_id))
        evidence = evidence_for(self._ctx, "relationship_evidence", [row["id"] for row in rows])
        return [to_relationship(self._ctx, row, evidence[row["id"]]) for row in rows]

    def update(self, relationship_id: str, **changes: Any) -> Relationship:
        unknown = set(changes) - EDITABLE
        if unknown:
            raise ValidationError(f"cannot change {', '.join(sorted(unknown))} of a relationship")
        ctx = self._ctx
        with ctx.write():
            rowid = ctx.rowid("relationships", relationship_id, what="relationship")
            before = row_dict(ctx.one("SELECT * FROM relationships WHERE id = ?", (rowid,)))
            values: dict[str, Any] = {}
            for key, value in changes.items():
                if key in ("subject_id", "object_id"):
                    values[key] = ctx.rowid("entities", value, what="card")
                elif key == "predicate":
                    values[key] = normalize_predicate(value)
                elif key in ("start", "end"):
                    values.update(_date_values(key, value))
                elif key == "confidence":
                    values[key] = check_confidence(value)
                else:
                    values[key] = value or ""
            merged = {**before, **values}
            if merged["subject_id"] == merged["object_id"]:
                raise ValidationError("a relationship links two different cards")
            _check_order(merged)
            values["updated_at"] = ctx.now()
            ctx.update("relationships", rowid, values)
            ctx.audit("update", "relationships", relationship_id,
                      {k: before[k] for k in values}, values)
            reindex_relationship(ctx, rowid)
        return self.get(relationship_id)

    def delete(self, relationship_id: str) -> None:
        ctx = self._ctx
        with ctx.write():
            rowid = ctx.rowid("relationships", relationship_id, what="relationship")
            now = ctx.now()
            ctx.conn.execute("UPDATE relationships SET deleted_at = ?, updated_at = ?"
                             " WHERE id = ?", (now, now, rowid))
            reindex_relationship(ctx, rowid)
            ctx.audit("delete", "relationships", relationship_id, None, {"deleted_at": now})

    def restore(self, relationship_id: str) -> Relationship:
        ctx = self._ctx
        with ctx.write():
            rowid = ctx.rowid("relationships", relationship_id, live=False, what="relationship")
            stamp = ctx.scalar("SELECT deleted_at FROM relationships WHERE id = ?", (rowid,))
            ctx.conn.execute("UPDATE relationships SET deleted_at = NULL WHERE id = ?", (rowid,))
            reindex_relationship(ctx, rowid)
            ctx.audit("restore", "relationships", relationship_id, {"deleted_at": stamp}, None)
        return self.get(relationship_id)

    def set_evidence(self, relationship_id: str, excerpt_id: str, role: str) -> None:
        with self._ctx.write():
            rowid = self._ctx.rowid("relationships", relationship_id, what="relationship")
            set_evidence(self._ctx, "relationship_evidence", rowid, relationship_id, excerpt_id,
                         role)

    def remove_evidence(self, relationship_id: str, excerpt_id: str) -> None:
        with self._ctx.write():
            rowid = self._ctx.rowid("relationships", relationship_id, what="relationship")
            remove_evidence(self._ctx, "relationship_evidence", rowid, relationship_id,
                            excerpt_id)


def _live_where(text_filter: str) -> tuple[str, list[Any]]:
    where = "r.deleted_at IS NULL AND s.deleted_at IS NULL AND o.deleted_at IS NULL"
    if not text_filter.strip():
        return where, []
    pattern = f"%{text_filter.strip()}%"
    return (where + " AND (s.name LIKE ? OR o.name LIKE ? OR r.predicate LIKE ?"
            " OR r.note LIKE ?)", [pattern] * 4)


def _check_order(values: dict[str, Any]) -> None:
    start, end = values.get("start_date"), values.get("end_date")
    if not (start and end):
        return
    # Compare at the coarser precision: "2022" does not end before "2022-11" starts.
    width = min(len(start), len(end), 10)
    if end[:width] < start[:width]:
        raise ValidationError(f"the relationship ends ({end}) before it starts ({start})")
