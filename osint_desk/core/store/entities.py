"""Entity cards and their aliases; resolving a card from an id, a name or an alias."""

from __future__ import annotations

import builtins
import json
import sqlite3
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from osint_desk.core.errors import AmbiguousNameError, NotFoundError, ValidationError
from osint_desk.core.ids import is_public_id, new_id
from osint_desk.core.model import AliasKind, choice, normalize_entity_type
from osint_desk.core.store import search
from osint_desk.core.store.card_suggest import suggest_ids
from osint_desk.core.store.context import StoreContext, row_dict
from osint_desk.core.store.records import Alias, Entity
from osint_desk.core.store.relationships import reindex_relationship
from osint_desk.core.store.sanctions import reindex_sanction

EDITABLE = frozenset({"type", "name", "description", "attributes"})


def name_key(name: str) -> str:
    """How names compare for exact lookup: NFC, case-folded, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def clean_name(name: str, what: str = "a card") -> str:
    cleaned = " ".join(unicodedata.normalize("NFC", name).split())
    if not cleaned:
        raise ValidationError(f"{what} needs a name")
    if len(cleaned) > 500:
        raise ValidationError(f"{what}'s name is too long (500 characters at most)")
    return cleaned


def _attributes(value: Mapping[str, Any] | None) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise ValidationError("attributes are a mapping of FtM property names to values")
    return {str(k): v for k, v in value.items() if v not in (None, "", [], ())}


def to_alias(row: sqlite3.Row, entity_public_id: str) -> Alias:
    return Alias(row["public_id"], entity_public_id, row["name"], row["kind"], row["script"],
                 row["language"])


class Entities:
    def __init__(self, ctx: StoreContext) -> None:
        self._ctx = ctx

    # -- cards ----------------------------------------------------------------------------

    def add(
        self,
        type: str,
        name: str,
        *,
        description: str = "",
        attributes: Mapping[str, Any] | None = None,
        aliases: Iterable[str | Mapping[str, Any]] = (),
    ) -> Entity:
        """A new card; aliases are names or mappings with name, kind, script, language."""
        schema = normalize_entity_type(type)
        cleaned = clean_name(name)
        attrs = _attributes(attributes)
        ctx = self._ctx
        now = ctx.now()
        values: dict[str, Any] = {
            "public_id": new_id(), "type": schema, "name": cleaned, "name_key": name_key(cleaned),
            "description": description or "", "attributes": json.dumps(attrs, ensure_ascii=False),
            "created_at": now, "updated_at": now, "deleted_at": None,
        }
        with ctx.write():
            rowid = ctx.insert("entities", values)
            ctx.audit("create", "entities", values["public_id"], None, values)
            for alias in aliases:
                spec = {"name": alias} if isinstance(alias, str) else dict(alias)
                self._insert_alias(rowid, values["public_id"], **spec)
            self.reindex(rowid)
        return self.get(values["public_id"])

    def get(self, entity_id: str, *, include_deleted: bool = False) -> Entity:
        rowid = self._ctx.rowid("entities", entity_id, live=not include_deleted, what="card")
        row = self._ctx.one("SELECT * FROM entities WHERE id = ?", (rowid,))
        assert row is not None
        return self._to_entity(row)

    def _to_entity(self, row: sqlite3.Row,
                   aliases: builtins.list[sqlite3.Row] | None = None) -> Entity:
        if aliases is None:
            aliases = self._ctx.all(
                "SELECT * FROM entity_aliases WHERE entity_id = ? AND deleted_at IS NULL"
                " ORDER BY id", (row["id"],))
        return Entity(
            id=row["public_id"], type=row["type"], name=row["name"],
            description=row["description"], attributes=json.loads(row["attributes"]),
            created_at=row["created_at"], updated_at=row["updated_at"],
            deleted_at=row["deleted_at"],
            aliases=tuple(to_alias(a, row["public_id"]) for a in aliases),
        )

    def list(
        self, *, type: str | None = None, text_filter: str = "", offset: int = 0,
        limit: int = -1,
    ) -> builtins.list[Entity]:
        """Live cards by name; the filter matches names and aliases, in SQL."""
        where, params = self._where(type, text_filter)
        rows = self._ctx.all(
            f"SELECT * FROM entities e WHERE {where}"
            " ORDER BY e.name_key, e.id LIMIT ? OFFSET ?", [*params, limit, offset])
        return self._with_aliases(rows)

    def _with_aliases(self, rows: builtins.list[sqlite3.Row]) -> builtins.list[Entity]:
        # One alias query for the whole page, not one per card.
        by_entity: dict[int, builtins.list[sqlite3.Row]] = {row["id"]: [] for row in rows}
        for chunk_start in range(0, len(rows), 500):
            ids = [row["id"] for row in rows[chunk_start:chunk_start + 500]]
            for alias in self._ctx.all(
                    "SELECT * FROM entity_aliases WHERE deleted_at IS NULL AND entity_id IN"
                    f" ({', '.join('?' * len(ids))}) ORDER BY id", ids):
                by_entity[alias["entity_id"]].append(alias)
        return [self._to_entity(row, by_entity[row["id"]]) for row in rows]

    def get_many(self, entity_ids: Iterable[str]) -> dict[str, Entity]:
        """Live cards by id, aliases included (unknown and deleted ids are left out): a few
        queries for any number, where :meth:`get` is two per card."""
        ids = builtins.list(dict.fromkeys(entity_ids))
        rows: builtins.list[sqlite3.Row] = []
        for chunk_start in range(0, len(ids), 500):
            chunk = ids[chunk_start:chunk_start + 500]
            rows += self._ctx.all(
                f"SELECT * FROM entities WHERE public_id IN ({', '.join('?' * len(chunk))})"
                " AND deleted_at IS NULL", chunk)
        return {entity.id: entity for entity in self._with_aliases(rows)}

    def names(self, entity_ids: Iterable[str]) -> dict[str, str]:
        """Card names by id (deleted cards included), in one query: for labels in lists."""
        ids = list(dict.fromkeys(entity_ids))
        found: dict[str, str] = {}
        for chunk_start in range(0, len(ids), 500):
            chunk = ids[chunk_start:chunk_start + 500]
            for row in self._ctx.all(
                    "SELECT public_id, name FROM entities WHERE public_id IN"
                    f" ({', '.join('?' * len(chunk))})", chunk):
                found[row["public_id"]] = row["name"]
        return found

    def all_names(self) -> builtins.list[tuple[str, str, bool]]:
        """(card id, name, is an alias) of every live card's name and live aliases, in one
        query: card names first, then aliases, each in ``list()``'s order of cards. What a
        reader looks for in a text, without building every card."""
        rows = self._ctx.all(
            "SELECT e.public_id, e.name, 0 AS alias, e.name_key, e.id, 0 AS alias_id"
            " FROM entities e WHERE e.deleted_at IS NULL"
            " UNION ALL SELECT e.public_id, a.name, 1, e.name_key, e.id, a.id"
            " FROM entity_aliases a JOIN entities e ON e.id = a.entity_id"
            " WHERE a.deleted_at IS NULL AND e.deleted_at IS NULL"
            " ORDER BY 3, 4, 5, 6")
        return [(row[0], row[1], bool(row[2])) for row in rows]

    def count(self, *, type: str | None = None, text_filter: str = "") -> int:
        where, params = self._where(type, text_filter)
        return int(self._ctx.scalar(f"SELECT count(*) FROM entities e WHERE {where}",
                                    params))

    def count_by_type(self, *, text_filter: str = "") -> dict[str, int]:
        where, params = self._where(None, text_filter)
        rows = self._ctx.all(
            f"SELECT type, count(*) AS n FROM entities e WHERE {where}"
            " GROUP BY type ORDER BY type", params)
        return {row["type"]: int(row["n"]) for row in rows}

    def _where(self, type: str | None, text_filter: str) -> tuple[str, builtins.list[Any]]:
        where = ["e.deleted_at IS NULL"]
        params: builtins.list[Any] = []
        if type:
            where.append("e.type = ?")
            params.append(normalize_entity_type(type))
        if text_filter.strip():
            pattern = f"%{name_key(text_filter)}%"
            where.append(
                "(e.name_key LIKE ? OR EXISTS (SELECT 1 FROM entity_aliases a WHERE"
                " a.entity_id = e.id AND a.deleted_at IS NULL AND a.name_key LIKE ?))")
            params += [pattern, pattern]
        return " AND ".join(where), params

    def suggest(self, text: str, *, limit: int = 20) -> builtins.list[tuple[Entity, str | None]]:
        """Cards for a picker: name or alias contains ``text``, exact matches first, each with
        the alias that matched (None when its name did); see ``card_suggest``."""
        found = suggest_ids(self._ctx, name_key(text), limit)
        cards = self.get_many(card_id for card_id, _alias in found)
        return [(cards[card_id], alias) for card_id, alias in found if card_id in cards]

    def resolve(self, name_or_id: str) -> Entity:
        """A card by public id, or by an exact name or alias (case-insensitive).

        An unknown name is NotFoundError; a name several cards share is AmbiguousNameError.
        """
        text = name_or_id.strip()
        if is_public_id(text.lower()):
            return self.get(text.lower())
        key = name_key(text)
        rows = self._ctx.all(
            "SELECT DISTINCT e.* FROM entities e LEFT JOIN entity_aliases a"
            " ON a.entity_id = e.id AND a.deleted_at IS NULL"
            " WHERE e.deleted_at IS NULL AND (e.name_key = ? OR a.name_key = ?)"
            " ORDER BY e.name_key, e.id", (key, key))
        if not rows:
            raise NotFoundError(f"no card named {text!r} (by name or alias)")
        if len(rows) > 1:
            raise AmbiguousNameError(text, [(r["public_id"], r["type"], r["name"]) for r in rows])
        return self._to_entity(rows[0])

    def update(self, entity_id: str, **changes: Any) -> Entity:
        unknown = set(changes) - EDITABLE
        if unknown:
            raise ValidationError(f"cannot change {', '.join(sorted(unknown))} of a card")
        values: dict[str, Any] = {}
        for key, value in changes.items():
            if key == "type":
                values["type"] = normalize_entity_type(value)
            elif key == "name":
                values["name"] = clean_name(value)
                values["name_key"] = name_key(values["name"])
            elif key == "attributes":
                values["attributes"] = json.dumps(_attributes(value), ensure_ascii=False)
            else:
                values[key] = value or ""
        ctx = self._ctx
        with ctx.write():
            rowid = ctx.rowid("entities", entity_id, what="card")
            before = row_dict(ctx.one("SELECT * FROM entities WHERE id = ?", (rowid,)))
            values["updated_at"] = ctx.now()
            ctx.update("entities", rowid, values)
            self.reindex(rowid)
            ctx.audit("update", "entities", entity_id, {k: before[k] for k in values}, values)
        return self.get(entity_id)

    def delete(self, entity_id: str) -> None:
        """Soft delete the card with its relationships and sanctions records (one stamp)."""
        ctx = self._ctx
        with ctx.write():
            rowid = ctx.rowid("entities", entity_id, what="card")
            now = ctx.now()
            ctx.conn.execute("UPDATE entities SET deleted_at = ?, updated_at = ? WHERE id = ?",
                             (now, now, rowid))
            for table, kind, where in (
                ("relationships", "relationship", "subject_id = ? OR object_id = ?"),
                ("sanctions", "sanction", "entity_id = ? OR entity_id = ?"),
            ):
                rows = ctx.all(f"SELECT id, public_id FROM {table}"
                               f" WHERE ({where}) AND deleted_at IS NULL", (rowid, rowid))
                for row in rows:
                    ctx.conn.execute(f"UPDATE {table} SET deleted_at = ? WHERE id = ?",
                                     (now, row["id"]))
                    search.unindex(ctx, kind, row["id"])
                    ctx.audit("delete", table, row["public_id"], None,
                              {"deleted_at": now, "with_card": entity_id})
            search.unindex(ctx, "entity", rowid)
            ctx.audit("delete", "entities", entity_id, None, {"deleted_at": now})

    def restore(self, entity_id: str) -> Entity:
        """Undo a delete: the card and what was deleted with it, with the same ids."""
        ctx = self._ctx
        with ctx.write():
            rowid = ctx.rowid("entities", entity_id, live=False, what="card")
            stamp = ctx.scalar("SELECT deleted_at FROM entities WHERE id = ?", (rowid,))
            if stamp is None:
                return self.get(entity_id)
            ctx.conn.execute(
                "UPDATE entities SET deleted_at = NULL, updated_at = ? WHERE id = ?",
                (ctx.now(), rowid))
            self.reindex(rowid)
            ctx.audit("restore", "entities", entity_id, {"deleted_at": stamp}, None)
            for table in ("relationships", "sanctions"):
                where = ("(subject_id = ? OR object_id = ?)" if table == "relationships"
                         else "(entity_id = ? OR entity_id = ?)")
                rows = ctx.all(f"SELECT id, public_id FROM {table}"
                               f" WHERE {where} AND deleted_at = ?", (rowid, rowid, stamp))
                for row in rows:
                    ctx.conn.execute(f"UPDATE {table} SET deleted_at = NULL WHERE id = ?",
                                     (row["id"],))
                    ctx.audit("restore", table, row["public_id"], {"deleted_at": stamp}, None)
            self.reindex_links(rowid)
        return self.get(entity_id)

    # -- aliases --------------------------------------------------------------------------

    def add_alias(
        self, entity_id: str, name: str, *, kind: str = AliasKind.STRONG,
        script: str | None = None, language: str | None = None,
    ) -> Alias:
        ctx = self._ctx
        with ctx.write():
            rowid = ctx.rowid("entities", entity_id, what="card")
            alias = self._insert_alias(rowid, entity_id, name=name, kind=kind, script=script,
                                       language=language)
            self.reindex(rowid)
        return alias

    def _insert_alias(
        self, entity_row: int, entity_id: str, *, name: str, kind: str = AliasKind.STRONG,
        script: str | None = None, language: str | None = None,
    ) -> Alias:
        cleaned = clean_name(name, "an alias")
        values: dict[str, Any] = {
            "public_id": new_id(), "entity_id": entity_row, "name": cleaned,
            "name_key": name_key(cleaned), "kind": choice(AliasKind, kind, "an alias kind"),
            "script": script or None, "language": language or None,
            "created_at": self._ctx.now(), "updated_at": self._ctx.now(), "deleted_at": None,
        }
        duplicate = self._ctx.scalar(
            "SELECT public_id FROM entity_aliases WHERE entity_id = ? AND name_key = ?"
            " AND deleted_at IS NULL", (entity_row, values["name_key"]))
        if duplicate is not None:
            raise ValidationError(f"the card already has the alias {cleaned!r}")
        self._ctx.insert("entity_aliases", values)
        self._ctx.audit("create", "entity_aliases", values["public_id"], None,
                        {**values, "entity_id": entity_id})
        return Alias(values["public_id"], entity_id, cleaned, values["kind"], values["script"],
                     values["language"])

    def update_alias(self, alias_id: str, **changes: Any) -> Alias:
        allowed = {"name", "kind", "script", "language"}
        if set(changes) - allowed:
            raise ValidationError(f"cannot change {', '.join(sorted(set(changes) - allowed))}"
                                  " of an alias")
        values: dict[str, Any] = {}
        for key, value in changes.items():
            if key == "name":
                values["name"] = clean_name(value, "an alias")
                values["name_key"] = name_key(values["name"])
            elif key == "kind":
                values["kind"] = choice(AliasKind, value, "an alias kind")
            else:
                values[key] = value or None
        ctx = self._ctx
        with ctx.write():
            rowid = ctx.rowid("entity_aliases", alias_id, what="alias")
            before = row_dict(ctx.one("SELECT * FROM entity_aliases WHERE id = ?", (rowid,)))
            values["updated_at"] = ctx.now()
            ctx.update("entity_aliases", rowid, values)
            ctx.audit("update", "entity_aliases", alias_id, {k: before[k] for k in values},
                      values)
            self.reindex(before["entity_id"])
        return self._alias(alias_id)

    def remove_alias(self, alias_id: str) -> None:
        ctx = self._ctx
        with ctx.write():
            rowid = ctx.rowid("entity_aliases", alias_id, what="alias")
            entity_row = ctx.scalar("SELECT entity_id FROM entity_aliases WHERE id = ?", (rowid,))
            now = ctx.now()
            ctx.conn.execute("UPDATE entity_aliases SET deleted_at = ? WHERE id = ?", (now, rowid))
            ctx.audit("delete", "entity_aliases", alias_id, None, {"deleted_at": now})
            self.reindex(int(entity_row))

    def restore_alias(self, alias_id: str) -> Alias:
        ctx = self._ctx
        with ctx.write():
            rowid = ctx.rowid("entity_aliases", alias_id, live=False, what="alias")
            row = ctx.one("SELECT entity_id, deleted_at FROM entity_aliases WHERE id = ?",
                          (rowid,))
            assert row is not None
            ctx.conn.execute("UPDATE entity_aliases SET deleted_at = NULL WHERE id = ?", (rowid,))
            ctx.audit("restore", "entity_aliases", alias_id, {"deleted_at": row["deleted_at"]},
                      None)
            self.reindex(int(row["entity_id"]))
        return self._alias(alias_id)

    def _alias(self, alias_id: str) -> Alias:
        row = self._ctx.one(
            "SELECT a.*, e.public_id AS entity_public_id FROM entity_aliases a"
            " JOIN entities e ON e.id = a.entity_id WHERE a.public_id = ?", (alias_id,))
        if row is None:
            raise NotFoundError(f"no alias with id {alias_id}")
        return to_alias(row, row["entity_public_id"])

    # -- search index ---------------------------------------------------------------------

    def reindex(self, rowid: int) -> None:
        """Index the card (name, aliases, description, attributes) and what shows its name."""
        ctx = self._ctx
        row = ctx.one("SELECT * FROM entities WHERE id = ?", (rowid,))
        assert row is not None
        if row["deleted_at"] is not None:
            search.unindex(ctx, "entity", rowid)
            return
        aliases = [a["name"] for a in ctx.all(
            "SELECT name FROM entity_aliases WHERE entity_id = ? AND deleted_at IS NULL"
            " ORDER BY id", (rowid,))]
        attributes = json.loads(row["attributes"])
        attribute_text = " ".join(
            " ".join(map(str, v)) if isinstance(v, list) else str(v) for v in attributes.values())
        search.index(ctx, "entity", rowid, row["public_id"], label=row["name"],
                     title="\n".join([row["name"], *aliases]), body=row["description"],
                     note=attribute_text)
        self.reindex_links(rowid)

    def reindex_links(self, rowid: int) -> None:
        """Relationship and sanction documents carry card names: refresh them."""
        for rel in self._ctx.all(
            "SELECT id FROM relationships WHERE subject_id = ? OR object_id = ?", (rowid, rowid)
        ):
            reindex_relationship(self._ctx, rel["id"])
        for sanction in self._ctx.all("SELECT id FROM sanctions WHERE entity_id = ?", (rowid,)):
            reindex_sanction(self._ctx, sanction["id"])
