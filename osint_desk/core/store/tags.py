"""Free tags on sources, excerpts, cards, relationships and sanctions records."""

from __future__ import annotations

import builtins
from collections.abc import Iterable

from osint_desk.core.errors import NotFoundError, ValidationError
from osint_desk.core.ids import new_id
from osint_desk.core.store.context import StoreContext
from osint_desk.core.store.records import Tag

TARGETS = {"source": "sources", "excerpt": "excerpts", "entity": "entities",
           "relationship": "relationships", "sanction": "sanctions"}


def _clean(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise ValidationError("a tag needs a name")
    if len(cleaned) > 80:
        raise ValidationError("a tag is 80 characters at most")
    return cleaned


class Tags:
    def __init__(self, ctx: StoreContext) -> None:
        self._ctx = ctx

    def tag(self, kind: str, target_id: str, name: str) -> Tag:
        """Put a tag on a record, creating the tag when it is new (idempotent)."""
        if kind not in TARGETS:
            raise ValidationError(f"cannot tag a {kind!r}; tag one of {', '.join(TARGETS)}")
        cleaned = _clean(name)
        ctx = self._ctx
        with ctx.write():
            ctx.rowid(TARGETS[kind], target_id, what=kind)
            row = ctx.one("SELECT id, public_id, name, deleted_at FROM tags WHERE name_key = ?",
                          (cleaned.casefold(),))
            if row is None:
                public_id, now = new_id(), ctx.now()
                cursor = ctx.conn.execute(
                    "INSERT INTO tags (public_id, name, name_key, created_at, updated_at)"
                    " VALUES (?, ?, ?, ?, ?)", (public_id, cleaned, cleaned.casefold(), now, now))
                tag_row, tag_name = int(cursor.lastrowid or 0), cleaned
                ctx.audit("create", "tags", public_id, None, {"name": cleaned})
            else:
                tag_row, public_id, tag_name = row["id"], row["public_id"], row["name"]
                if row["deleted_at"]:
                    ctx.conn.execute("UPDATE tags SET deleted_at = NULL WHERE id = ?", (tag_row,))
            cursor = ctx.conn.execute(
                "INSERT OR IGNORE INTO taggings (tag_id, target_kind, target_id, created_at)"
                " VALUES (?, ?, ?, ?)", (tag_row, kind, target_id, ctx.now()))
            if cursor.rowcount:
                ctx.audit("link", "taggings", target_id, None, {"tag": tag_name, "kind": kind})
        return Tag(public_id, tag_name)

    def untag(self, kind: str, target_id: str, name: str) -> None:
        ctx = self._ctx
        with ctx.write():
            cursor = ctx.conn.execute(
                "DELETE FROM taggings WHERE target_kind = ? AND target_id = ? AND tag_id ="
                " (SELECT id FROM tags WHERE name_key = ?)",
                (kind, target_id, _clean(name).casefold()))
            if cursor.rowcount:
                ctx.audit("unlink", "taggings", target_id, {"tag": name, "kind": kind}, None)

    def delete(self, name: str) -> builtins.list[tuple[str, str, str]]:
        """Take the tag off every record (the records stay); returns what :meth:`restore`
        needs to put it back as it was: (kind, target id, when tagged) of each tagging."""
        ctx = self._ctx
        with ctx.write():
            row = ctx.one("SELECT id, public_id, name FROM tags WHERE name_key = ?",
                          (_clean(name).casefold(),))
            if row is None:
                raise NotFoundError(f"no tag named {name!r}")
            removed = [(r["target_kind"], r["target_id"], r["created_at"]) for r in ctx.all(
                "SELECT target_kind, target_id, created_at FROM taggings WHERE tag_id = ?"
                " ORDER BY target_kind, target_id", (row["id"],))]
            ctx.conn.execute("DELETE FROM taggings WHERE tag_id = ?", (row["id"],))
            ctx.audit("delete", "tags", row["public_id"], {"name": row["name"],
                      "taggings": len(removed)}, None)
        return removed

    def restore(self, name: str, taggings: Iterable[tuple[str, str, str]]) -> None:
        """Undo :meth:`delete`: the same taggings, stamped as they were."""
        ctx = self._ctx
        with ctx.write():
            row = ctx.one("SELECT id, public_id, name FROM tags WHERE name_key = ?",
                          (_clean(name).casefold(),))
            if row is None:
                raise NotFoundError(f"no tag named {name!r}")
            items = builtins.list(taggings)
            ctx.conn.executemany(
                "INSERT OR IGNORE INTO taggings (tag_id, target_kind, target_id, created_at)"
                " VALUES (?, ?, ?, ?)", [(row["id"], *item) for item in items])
            ctx.audit("restore", "tags", row["public_id"], None,
                      {"name": row["name"], "taggings": len(items)})

    def of(self, kind: str, target_id: str) -> builtins.list[str]:
        rows = self._ctx.all(
            "SELECT t.name FROM taggings g JOIN tags t ON t.id = g.tag_id"
            " WHERE g.target_kind = ? AND g.target_id = ? AND t.deleted_at IS NULL"
            " ORDER BY t.name_key", (kind, target_id))
        return [row["name"] for row in rows]

    def list(self, *, text_filter: str = "") -> builtins.list[Tag]:
        """Tags in use, with the number of live records carrying each."""
        live = _live_target()
        rows = self._ctx.all(
            f"SELECT t.public_id, t.name, count(g.target_id) AS n FROM tags t"
            f" LEFT JOIN taggings g ON g.tag_id = t.id AND ({live})"
            " WHERE t.deleted_at IS NULL AND t.name LIKE ? GROUP BY t.id HAVING n > 0"
            " ORDER BY t.name_key", (f"%{text_filter.strip()}%",))
        return [Tag(row["public_id"], row["name"], int(row["n"])) for row in rows]

    def names(self) -> builtins.list[str]:
        """The names of the tags in use (as :meth:`list` has them), without counting: one
        live record is enough, so this stays quick with thousands of taggings."""
        rows = self._ctx.all(
            "SELECT t.name FROM tags t WHERE t.deleted_at IS NULL AND EXISTS"
            f" (SELECT 1 FROM taggings g WHERE g.tag_id = t.id AND ({_live_target()}))"
            " ORDER BY t.name_key")
        return [row["name"] for row in rows]

    def targets(self, name: str) -> builtins.list[tuple[str, str]]:
        """(kind, id) of every record carrying the tag."""
        rows = self._ctx.all(
            "SELECT g.target_kind, g.target_id FROM taggings g JOIN tags t ON t.id = g.tag_id"
            " WHERE t.name_key = ? ORDER BY g.created_at", (_clean(name).casefold(),))
        return [(row["target_kind"], row["target_id"]) for row in rows]


def _live_target() -> str:
    """SQL: the tagging ``g`` is on a live record."""
    return " OR ".join(
        f"(g.target_kind = '{kind}' AND EXISTS (SELECT 1 FROM {table} r"
        " WHERE r.public_id = g.target_id AND r.deleted_at IS NULL))"
        for kind, table in TARGETS.items())
