"""The whole case as one JSON document: for scripts, archives and other tools, no SQLite needed.

A full dump is complete: every record of every kind, soft-deleted ones included with their
``deleted_at`` (a reader that wants what the user sees skips records whose ``deleted_at`` is set,
and links whose ends are such records). Records carry their public ids, never rowids, and name
each other by public id under the column names of the case file (``source_id``, ``entity_id``,
...). Unlike :meth:`CaseStore.dump`, sources carry their full ``text`` (``text_sha256`` is the
SHA-256 of its UTF-8 bytes), and JSON held in columns (attributes, programs, provenance, page
maps, listed entries) is inlined as JSON values rather than strings. The original bytes of
imported files are not embedded (they are in the case file and the evidence bundle; each source
names them by ``original_sha256``). The audit log is included unless ``include_audit=False``;
its entries are numbered by ``seq`` in the order they happened.

Keys are sorted and records ordered by public id (time-ordered UUIDv7, so creation order), so
two dumps of the same case differ only in ``exported_at``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from osint_desk import __version__
from osint_desk.core.dates import utc_now
from osint_desk.core.errors import OsintDeskError
from osint_desk.core.exports.staging import staged

if TYPE_CHECKING:
    from osint_desk.core.store import CaseStore

FORMAT = "osint-desk-case-json"
FORMAT_VERSION = 1

# Columns that hold JSON text in the case file, inlined as JSON values in the dump.
_JSON_COLUMNS: dict[str, tuple[str, ...]] = {
    "sources": ("page_map", "capture"),
    "entities": ("attributes",),
    "sanctions": ("programs", "provenance"),
    "screening_hits": ("entry",),
    "sanction_checks": ("entry", "changes"),
    "screening_runs": ("scope", "lists"),
}


def case_document(store: CaseStore, *, include_audit: bool = True) -> dict[str, Any]:
    """The dump as a dict (what :func:`export_json` writes)."""
    dump = store.dump(timestamps=True, live=False)
    records: dict[str, list[dict[str, Any]]] = {}
    for table, rows in dump.items():
        if table == "case_meta":
            continue
        columns = _JSON_COLUMNS.get(table, ())
        kept = [{key: _inline(value) if key in columns else value for key, value in row.items()}
                for row in rows]
        if kept and "public_id" in kept[0]:
            kept.sort(key=lambda row: str(row["public_id"]))
        records[table] = kept
    for source in records.get("sources", []):
        source["text"] = store.sources.get(source["public_id"], include_deleted=True).text
    document: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "app_version": __version__,
        "exported_at": utc_now(),
        "case": dump["case_meta"],
        "records": records,
    }
    if include_audit:
        entries = list(reversed(store.audit_entries(limit=-1)))
        document["audit_log"] = [
            {"seq": entry["id"], "at": entry["at"], "actor": entry["actor"],
             "action": entry["action"], "table": entry["table_name"],
             "record_id": entry["record_id"], "before": _inline(entry["before"]),
             "after": _inline(entry["after"])}
            for entry in entries]
    return document


def export_json(store: CaseStore, out: Path | TextIO, *, include_audit: bool = True) -> None:
    """Write the full case as one JSON document (UTF-8, sorted keys, non-ASCII kept as is).

    ``out`` is a file path (written aside and renamed, so no half-written file is left) or an
    open text handle (written to, not closed).
    """
    document = case_document(store, include_audit=include_audit)
    if not isinstance(out, Path):
        _write(document, out)
        return
    if not out.parent.is_dir():
        raise OsintDeskError(f"{out}: the folder {out.parent} does not exist")
    if out.is_dir():
        raise OsintDeskError(f"{out}: is a folder; choose a .json file name")
    with staged(out) as temp, temp.open("w", encoding="utf-8", newline="\n") as handle:
        _write(document, handle)


def _write(document: dict[str, Any], handle: TextIO) -> None:
    json.dump(document, handle, ensure_ascii=False, sort_keys=True, indent=2)
    handle.write("\n")


def _inline(value: Any) -> Any:
    """JSON text from a column as the value it holds (None stays None)."""
    return json.loads(value) if isinstance(value, str) else value
