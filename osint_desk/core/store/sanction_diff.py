"""What a sanctions list now says differently from a record copied from it earlier."""

from __future__ import annotations

from typing import Any

from osint_desk.core.store.records import Sanction

# The record fields a list update can change, as ``Sanctions.update`` names them.
LIST_FIELDS = ("programs", "listed_name", "listed_on", "status", "list_published",
               "list_sha256", "list_name")


def _same_name(a: str | None, b: str | None) -> bool:
    return " ".join((a or "").split()).casefold() == " ".join((b or "").split()).casefold()


def record_changes(record: Sanction, entry: dict[str, Any] | None, list_name: str,
                   published: str | None) -> tuple[str, ...]:
    """Readable differences between ``record`` and the listed ``entry`` (None: not listed)."""
    when = f" (published {published})" if published else ""
    if entry is None:
        if record.status == "delisted":
            return ()
        return (f"no longer on {list_name}{when}: the entry was removed (delisted or"
                " withdrawn); check the list's notice",)
    changes: list[str] = []
    if record.status == "delisted":
        changes.append(f"the record says delisted, but {list_name}{when} still lists it")
    if entry.get("name") and not _same_name(record.listed_name, entry["name"]):
        changes.append(f"listed name is now “{entry['name']}” (record: "
                       f"“{record.listed_name or '—'}”)")
    now = [str(p) for p in entry.get("programs", [])]
    added = [p for p in now if p not in record.programs]
    removed = [p for p in record.programs if p not in now]
    if added:
        changes.append(f"programs added: {', '.join(added)}")
    if removed:
        changes.append(f"programs removed: {', '.join(removed)}")
    listed_on = entry.get("listed_on")
    if listed_on and listed_on != record.listed_on:
        changes.append(f"listing date is {listed_on} (record: {record.listed_on or 'none'})")
    return tuple(changes)
