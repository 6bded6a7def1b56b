"""Excerpts as evidence for a relationship or a sanctions record, with a role."""

from __future__ import annotations

from osint_desk.core.model import EvidenceRole, choice
from osint_desk.core.store.context import StoreContext
from osint_desk.core.store.records import Evidence

# table -> the column naming the record the evidence is for
TABLES = {"relationship_evidence": "relationship_id", "sanction_evidence": "sanction_id"}


def set_evidence(
    ctx: StoreContext, table: str, owner_row: int, owner_id: str, excerpt_id: str, role: str
) -> None:
    """Attach (or re-grade) an excerpt as evidence, inside the caller's transaction."""
    column = TABLES[table]
    excerpt_row = ctx.rowid("excerpts", excerpt_id, what="excerpt")
    role = choice(EvidenceRole, role, "an evidence role")
    previous = ctx.scalar(
        f"SELECT role FROM {table} WHERE {column} = ? AND excerpt_id = ?",
        (owner_row, excerpt_row))
    if previous == role:
        return
    ctx.conn.execute(
        f"INSERT INTO {table} ({column}, excerpt_id, role, created_at) VALUES (?, ?, ?, ?)"
        f" ON CONFLICT ({column}, excerpt_id) DO UPDATE SET role = excluded.role",
        (owner_row, excerpt_row, role, ctx.now()))
    ctx.audit("link" if previous is None else "update", table, owner_id,
              None if previous is None else {"excerpt_id": excerpt_id, "role": previous},
              {"excerpt_id": excerpt_id, "role": role})


def remove_evidence(
    ctx: StoreContext, table: str, owner_row: int, owner_id: str, excerpt_id: str
) -> None:
    column = TABLES[table]
    excerpt_row = ctx.rowid("excerpts", excerpt_id, live=False, what="excerpt")
    role = ctx.scalar(
        f"SELECT role FROM {table} WHERE {column} = ? AND excerpt_id = ?",
        (owner_row, excerpt_row))
    if role is None:
        return
    ctx.conn.execute(f"DELETE FROM {table} WHERE {column} = ? AND excerpt_id = ?",
                     (owner_row, excerpt_row))
    ctx.audit("unlink", table, owner_id, {"excerpt_id": excerpt_id, "role": role}, None)


def evidence_of(ctx: StoreContext, table: str, owner_row: int) -> tuple[Evidence, ...]:
    """Live evidence, in the order of the excerpts in their sources."""
    column = TABLES[table]
    rows = ctx.all(
        f"SELECT e.public_id, v.role FROM {table} v JOIN excerpts e ON e.id = v.excerpt_id"
        f" JOIN sources s ON s.id = e.source_id WHERE v.{column} = ?"
        " AND e.deleted_at IS NULL AND s.deleted_at IS NULL"
        " ORDER BY e.source_id, e.start_offset", (owner_row,))
    return tuple(Evidence(row["public_id"], row["role"]) for row in rows)


def evidence_for(ctx: StoreContext, table: str,
                 owner_rows: list[int]) -> dict[int, tuple[Evidence, ...]]:
    """:func:`evidence_of` for many records at once (one query per 500): by owner row."""
    column = TABLES[table]
    found: dict[int, list[Evidence]] = {row: [] for row in owner_rows}
    for chunk_start in range(0, len(owner_rows), 500):
        chunk = owner_rows[chunk_start:chunk_start + 500]
        for row in ctx.all(
                f"SELECT v.{column} AS owner, e.public_id, v.role FROM {table} v"
                " JOIN excerpts e ON e.id = v.excerpt_id JOIN sources s ON s.id = e.source_id"
                f" WHERE v.{column} IN ({', '.join('?' * len(chunk))})"
                " AND e.deleted_at IS NULL AND s.deleted_at IS NULL"
                " ORDER BY e.source_id, e.start_offset", chunk):
            found[row["owner"]].append(Evidence(row["public_id"], row["role"]))
    return {row: tuple(items) for row, items in found.items()}


def uses_of_excerpt(ctx: StoreContext, excerpt_row: int) -> list[tuple[str, str, str]]:
    """(kind, public id, role) of every live relationship and sanctions record the excerpt
    is evidence for, relationships first."""
    found: list[tuple[str, str, str]] = []
    for table, kind, owners in (("relationship_evidence", "relationship", "relationships"),
                                ("sanction_evidence", "sanction", "sanctions")):
        column = TABLES[table]
        found += [(kind, row["public_id"], row["role"]) for row in ctx.all(
            f"SELECT o.public_id, v.role FROM {table} v JOIN {owners} o ON o.id = v.{column}"
            " WHERE v.excerpt_id = ? AND o.deleted_at IS NULL ORDER BY o.id", (excerpt_row,))]
    return found
