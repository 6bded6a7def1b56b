"""The audit log as an analyst reads it: record names instead of ids, changes in words.

The log itself keeps ids and column names (stable, exact); this turns a page of it into
lines for the audit window, with one query per page for the names of the records.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from osint_desk.core.store.context import StoreContext

# What each table's records are called, and the column names said in words.
KINDS = {
    "sources": "source", "entities": "card", "entity_aliases": "alias", "excerpts": "excerpt",
    "relationships": "relationship", "sanctions": "sanctions record", "tags": "tag",
    "case_meta": "case", "mentions": "card", "relationship_evidence": "evidence",
    "sanction_evidence": "evidence", "taggings": "tag", "screening_hits": "screening hit",
    "sanction_checks": "list check", "screening_runs": "screening run", "charts": "chart",
    "suggestion_judgements": "suggestion", "merges": "merge", "card_judgements": "card pair",
    "watch_terms": "watch term", "watch_hits": "watch hit",
}
FIELDS = {
    "published": "publication date", "published_precision": "", "published_offset": "",
    "retrieved_at": "retrieval date", "reliability": "reliability grade",
    "credibility": "credibility", "event_date": "event date", "event_precision": "",
    "speaker_id": "speaker", "channel_id": "channel", "subject_id": "subject",
    "object_id": "object", "entity_id": "card", "excerpt_id": "excerpt", "start_date": "start",
    "end_date": "end", "start_precision": "", "end_precision": "", "listed_on": "listed",
    "delisted_on": "delisted", "listed_precision": "", "delisted_precision": "",
    "entry_ref": "list entry", "list_sha256": "list SHA-256", "deleted_at": "",
    "created_at": "", "updated_at": "", "public_id": "", "original_sha256": "",
    "text_sha256": "", "name_key": "", "page_map": "", "blob_sha256": "",
    "cards": "cards on the chart", "groups": "groups",
}
ACTIONS = {"create": "Created", "update": "Changed", "delete": "Deleted", "restore": "Restored",
           "link": "Linked", "unlink": "Unlinked"}
_SHORT = 40
_LABELS = """
SELECT public_id, 'source', title FROM sources WHERE public_id IN ({marks})
UNION ALL SELECT public_id, 'card', name FROM entities WHERE public_id IN ({marks})
UNION ALL SELECT public_id, 'alias', name FROM entity_aliases WHERE public_id IN ({marks})
UNION ALL SELECT public_id, 'excerpt', quote FROM excerpts WHERE public_id IN ({marks})
UNION ALL SELECT r.public_id, 'relationship', s.name || ' — ' || r.predicate || ' — ' || o.name
    FROM relationships r JOIN entities s ON s.id = r.subject_id
    JOIN entities o ON o.id = r.object_id WHERE r.public_id IN ({marks})
UNION ALL SELECT public_id, 'sanctions record', authority || ' ' || coalesce(entry_ref, '')
    || ' ' || coalesce(listed_name, '') FROM sanctions WHERE public_id IN ({marks})
UNION ALL SELECT public_id, 'tag', name FROM tags WHERE public_id IN ({marks})
UNION ALL SELECT case_id, 'case', title FROM case_meta WHERE case_id IN ({marks})
UNION ALL SELECT public_id, 'chart', name FROM charts WHERE public_id IN ({marks})
"""
_PARTS = 9  # SELECTs in _LABELS, each taking the ids once


@dataclass(frozen=True)
class AuditLine:
    """One change, said in words; ``record_id`` stays for the tooltip and exports."""

    at: str
    actor: str
    action: str
    record: str
    record_id: str
    change: str


def short(value: Any, width: int = _SHORT) -> str:
    """A value as it reads in one cell: none as "–", long text cut with an ellipsis."""
    if value is None or value == "":
        return "–"
    text = " ".join(str(value).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def field_name(column: str) -> str:
    """The column in words; "" for bookkeeping columns that are not worth showing."""
    if column in FIELDS:
        return FIELDS[column]
    return column.removesuffix("_id").replace("_", " ")


def describe_change(action: str, before: dict[str, Any], after: dict[str, Any],
                    labels: dict[str, tuple[str, str]] | None = None) -> str:
    """What changed: "title: kirby → North Korea…; reliability grade: – → B"; ids of other
    records (a link's card or excerpt) are given by name where ``labels`` knows them."""
    labels = labels or {}

    def value(column: str, raw: Any) -> str:
        if column.endswith("_id") and isinstance(raw, str) and raw in labels:
            return f"“{short(labels[raw][1])}”"
        return short(raw)

    if action == "update":
        parts = []
        for column in sorted(set(before) | set(after)):
            name = field_name(column)
            if name and before.get(column) != after.get(column):
                parts.append(f"{name}: {value(column, before.get(column))} →"
                             f" {value(column, after.get(column))}")
        return "; ".join(parts)
    values = after or before
    if action in ("link", "unlink"):
        return "; ".join(f"{field_name(k)}: {value(k, v)}" for k, v in sorted(values.items())
                         if field_name(k) and k != "kind")
    return "; ".join(f"{field_name(k)}: {short(v)}" for k, v in sorted(values.items())
                     if k in ("role", "kind", "predicate", "authority", "name", "title",
                              "status", "type"))


def _values(raw: Any) -> dict[str, Any]:
    """A before/after column as a dict; anything else (a case from elsewhere) as nothing."""
    try:
        values = json.loads(raw) if raw else {}
    except (TypeError, ValueError):
        return {}
    return values if isinstance(values, dict) else {}


def _ids(rows: list[dict[str, Any]]) -> list[str]:
    """Every public id a page of the log names: its records and the records links point to."""
    found = set()
    for entry in rows:
        if entry.get("record_id"):
            found.add(str(entry["record_id"]))
        for side in ("before", "after"):
            values = _values(entry.get(side))
            found.update(str(v) for k, v in values.items()
                         if k.endswith("_id") and isinstance(v, str))
    return sorted(found)


def describe(ctx: StoreContext, rows: list[dict[str, Any]]) -> list[AuditLine]:
    """Audit rows (newest first, as ``CaseStore.audit_entries`` gives them) in words."""
    ids = _ids(rows)
    labels: dict[str, tuple[str, str]] = {}
    for start in range(0, len(ids), 100):
        chunk = ids[start:start + 100]
        sql = _LABELS.format(marks=", ".join("?" * len(chunk)))
        for found in ctx.all(sql, chunk * _PARTS):
            labels[str(found[0])] = (str(found[1]), str(found[2] or ""))
    lines = []
    for entry in rows:
        table = str(entry["table_name"])
        action = str(entry["action"])
        record_id = str(entry.get("record_id") or "")
        kind, label = labels.get(record_id, (KINDS.get(table, table.replace("_", " ")), ""))
        record = f"{kind} “{short(label, 60)}”" if label else kind
        before, after = _values(entry.get("before")), _values(entry.get("after"))
        said = ACTIONS.get(action, action.capitalize())
        if table == "taggings":
            said = "Tagged" if action == "link" else "Untagged"
        elif action in ("link", "unlink"):
            said = f"{said} {KINDS.get(table, table.replace('_', ' '))}"
        lines.append(AuditLine(
            at=str(entry["at"])[:19].replace("T", " "), actor=str(entry["actor"]),
            action=said, record=record, record_id=record_id,
            change=describe_change(action, before, after, labels)))
    return lines
