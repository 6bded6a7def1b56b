"""A plain, rowid-free picture of a case: for comparing states (undo, restore) and JSON dumps."""

from __future__ import annotations

from typing import Any

from osint_desk.core.store.context import StoreContext

# table -> (columns naming other records by rowid -> the table they point into)
_REFERENCES: dict[str, dict[str, str]] = {
    "sources": {},
    "entities": {},
    "entity_aliases": {"entity_id": "entities"},
    "excerpts": {"source_id": "sources", "speaker_id": "entities", "channel_id": "entities"},
    "relationships": {"subject_id": "entities", "object_id": "entities"},
    "sanctions": {"entity_id": "entities"},
    "mentions": {"excerpt_id": "excerpts", "entity_id": "entities"},
    "relationship_evidence": {"relationship_id": "relationships", "excerpt_id": "excerpts"},
    "sanction_evidence": {"sanction_id": "sanctions", "excerpt_id": "excerpts"},
    "tags": {},
    "taggings": {"tag_id": "tags"},
    "screening_hits": {"entity_id": "entities", "sanction_id": "sanctions"},
    "sanction_checks": {"sanction_id": "sanctions"},
    "screening_runs": {},
    "charts": {},
    "card_judgements": {"a_id": "entities", "b_id": "entities"},
    "suggestion_judgements": {"source_id": "sources", "entity_id": "entities",
                              "excerpt_id": "excerpts"},
    "watch_terms": {},
    "watch_hits": {"term_id": "watch_terms", "source_id": "sources", "excerpt_id": "excerpts"},
}
# References a record can outlive (an excerpt whose speaker card is deleted is still alive).
_OPTIONAL: dict[str, tuple[str, ...]] = {
    "excerpts": ("speaker_id", "channel_id"),
    "screening_hits": ("sanction_id",),
    "watch_hits": ("excerpt_id",),
    "suggestion_judgements": ("source_id", "entity_id", "excerpt_id"),
}
_SKIP = {"id", "name_key", "text"}
# When something happened rather than what: left out unless ``timestamps`` is asked for.
_STAMPS = {"created_at", "updated_at", "decided_at", "first_seen", "last_seen", "checked_at",
           "at"}


def dump_case(
    ctx: StoreContext, *, timestamps: bool = False, live: bool = False
) -> dict[str, Any]:
    """Every record by public id, with references as public ids; no rowids, no audit log.

    Source text is left out (it is immutable; ``text_sha256`` stands for it). With
    ``timestamps=False``, ``created_at``/``updated_at`` are left out so that states reached by
    different paths compare equal when their content is equal. With ``live=True`` only what
    the user sees is kept: soft-deleted records, and links and aliases hanging off them, are
    left out — so a case after "undo everything" equals the case before.
    """
    out: dict[str, Any] = {"case_meta": {}}
    meta = ctx.one("SELECT * FROM case_meta WHERE id = 1")
    if meta is not None:
        out["case_meta"] = {k: meta[k] for k in meta.keys()  # noqa: SIM118
                            if k != "id" and (timestamps or k not in ("created_at", "updated_at"))}
    for table, refs in _REFERENCES.items():
        maps = {col: _public_ids(ctx, target, live) for col, target in refs.items()}
        rows = []
        for row in ctx.all(f"SELECT * FROM {table}"):
            if live and _is_dead(row, refs, maps, _OPTIONAL.get(table, ())):
                continue
            item: dict[str, Any] = {}
            for key in row.keys():  # noqa: SIM118
                if key in _SKIP or (not timestamps and key in _STAMPS):
                    continue
                value = row[key]
                item[key] = maps[key].get(value) if key in maps and value is not None else value
            rows.append(item)
        rows.sort(key=lambda r: repr(sorted(r.items(), key=lambda kv: kv[0])))
        out[table] = rows
    return out


def _is_dead(row: Any, refs: dict[str, str], maps: dict[str, dict[int, str]],
             optional: tuple[str, ...]) -> bool:
    keys = row.keys()
    if "deleted_at" in keys and row["deleted_at"] is not None:
        return True
    # A link or alias is dead when a record it needs is deleted (optional references aside).
    return any(row[col] is not None and row[col] not in maps[col]
               for col in refs if col not in optional)


def _public_ids(ctx: StoreContext, table: str, live: bool = False) -> dict[int, str]:
    where = " WHERE deleted_at IS NULL" if live else ""
    return {row[0]: row[1]
            for row in ctx.conn.execute(f"SELECT id, public_id FROM {table}{where}")}
