"""Reading FollowTheMoney JSON lines: the whole file, checked, before anything is written.

Every line is one entity ``{"id", "schema", "properties": {name: [values]}}``. Fragments of
one entity (lines sharing an id, as Aleph and ``ftm`` tools write them) are merged. A line that
is not JSON, or not an entity, stops the import with the file name, the line and the reason;
lines are read with the bounds the list importer uses (``bounded_json``: line length, nesting
depth, lone surrogates).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from osint_desk.core.bounded_json import json_lines
from osint_desk.core.errors import OsintDeskError
from osint_desk.core.exports import ftm_model
from osint_desk.core.exports.ftm import LISTED_AS
from osint_desk.core.model import ENTITY_TYPES

MAX_BYTES = 512 * 1024 * 1024  # a case is not the place for a whole data lake
MAX_ENTITIES = 250_000
DELISTED = frozenset({"delisted", "inactive", "expired", "revoked", "removed", "lifted"})


class FtmFormatError(OsintDeskError):
    """The file is not FollowTheMoney JSON lines; the message names the file, line and why."""


@dataclass(frozen=True, slots=True)
class FtmEntityData:
    id: str
    schema: str
    properties: dict[str, list[str]]
    caption: str | None
    extra: dict[str, Any]  # datasets, first_seen, ... as the file gives them (OpenSanctions)

    def values(self, *names: str) -> list[str]:
        """The values of the properties ``names``, in order, without repeats (linear: an
        entity may carry thousands of values)."""
        if len(names) == 1:  # each property's values are distinct already
            return list(self.properties.get(names[0], ()))
        found: dict[str, None] = {}
        for name in names:
            found.update(dict.fromkeys(self.properties.get(name, ())))
        return list(found)

    def first(self, *names: str) -> str | None:
        values = self.values(*names)
        return values[0] if values else None

    @property
    def datasets(self) -> list[str]:
        """The OpenSanctions datasets the entity comes from, if the file says."""
        return [str(d) for d in _list(self.extra.get("datasets")) if str(d).strip()]

    def dates(self, *names: str) -> list[str]:
        """The valid dates among the properties ``names`` as case dates, earliest first."""
        return sorted(d for d in (ftm_model.case_date(v) for v in self.values(*names)) if d)

    def address_text(self) -> str | None:
        """An Address entity as one line: its ``full`` form, else its parts."""
        if self.schema != "Address":
            return None
        parts = [*self.values("street", "street2"),
                 " ".join(self.values("postalCode", "city")), *self.values("region", "state")]
        return self.first("full") or ", ".join(p for p in parts if p.strip()) or None


@dataclass(frozen=True, slots=True)
class FtmFile:
    path: Path
    sha256: str
    entities: dict[str, FtmEntityData]  # by id, in file order
    lines: int
    referents: dict[str, str]  # ids merged into another entity (OpenSanctions) -> its id

    def get(self, entity_id: str) -> FtmEntityData | None:
        """The entity an id names, following OpenSanctions' ``referents``."""
        return self.entities.get(self.referents.get(entity_id, entity_id))


def card_type(schema: str) -> str | None:
    """The card type for an FtM schema: itself, or its nearest ancestor a card can take."""
    return next((s for s in ftm_model.ancestors(schema) if s in ENTITY_TYPES), None)


def read_ftm(path: Path) -> FtmFile:
    """Parse and check a whole file; FtmFormatError says what is wrong and where."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise FtmFormatError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if size > MAX_BYTES:
        raise FtmFormatError(f"{path}: {size // 2**20} MB is too large to load into a case"
                             f" (at most {MAX_BYTES // 2**20} MB); filter it first")
    entities: dict[str, FtmEntityData] = {}
    seen: dict[str, dict[str, set[str]]] = {}  # values already merged, per entity and property
    count = 0
    digest = hashlib.sha256()
    # Depth, line length and broken escapes are bounded as for list files (bounded_json).
    for number, data in json_lines(path, FtmFormatError, max_bytes=MAX_BYTES, digest=digest):
        count += 1
        entity = _entity(path, number, data)
        known = entities.get(entity.id)
        if known is None:
            entities[entity.id] = entity
        else:
            _merge(known, entity, seen.setdefault(entity.id, {}))
        if len(entities) > MAX_ENTITIES:
            raise FtmFormatError(f"{path}: more than {MAX_ENTITIES} entities; a case holds an"
                                 " investigation, not a whole dataset: filter the file first")
    if not entities:
        raise FtmFormatError(f"{path}: no FollowTheMoney entities in the file")
    referents = {str(r): e.id for e in entities.values() for r in _list(e.extra.get("referents"))
                 if str(r) not in entities}
    return FtmFile(path, digest.hexdigest(), entities, count, referents)


def _entity(path: Path, number: int, data: Any) -> FtmEntityData:
    where = f"{path}: line {number}"
    if not isinstance(data, dict) or not isinstance(data.get("schema"), str) \
            or not isinstance(data.get("id"), str | int) or not str(data.get("id")).strip():
        raise FtmFormatError(f"{where}: not a FollowTheMoney entity (needs id, schema and"
                             " properties)")
    raw_props = data.get("properties") or {}
    if not isinstance(raw_props, dict):
        raise FtmFormatError(f"{where}: properties must be an object of value lists")
    props: dict[str, list[str]] = {}
    for name, values in raw_props.items():
        items = values if isinstance(values, list) else [values]
        if any(isinstance(v, dict | list) for v in items):
            raise FtmFormatError(f"{where}: property {name!r} holds nested data; FtM values"
                                 " are strings")
        cleaned = [str(v).strip() for v in items if v is not None and str(v).strip()]
        if cleaned:
            props[str(name)] = list(dict.fromkeys(cleaned))
    caption = data.get("caption")
    extra = {k: v for k, v in data.items() if k not in ("id", "schema", "properties", "caption")}
    return FtmEntityData(str(data["id"]).strip(), data["schema"].strip(), props,
                         caption if isinstance(caption, str) else None, extra)


def _merge(one: FtmEntityData, other: FtmEntityData, seen: dict[str, set[str]]) -> None:
    """Fold a fragment into the entity already read, in place (linear in the fragment: a file
    of many fragments of one entity must not take quadratic time)."""
    for name, values in other.properties.items():
        kept = one.properties.setdefault(name, [])
        known = seen.get(name)
        if known is None:
            known = seen[name] = set(kept)
        for value in values:
            if value not in known:
                known.add(value)
                kept.append(value)
    if one.caption is None and other.caption is not None:
        object.__setattr__(one, "caption", other.caption)
    for key, value in other.extra.items():
        one.extra.setdefault(key, value)


def sanction_fields(entity: FtmEntityData, data: FtmFile) -> dict[str, Any]:
    """A Sanction entity as the arguments of ``store.sanctions.add``, provenance included.

    The entry reference is ``authorityId`` (else ``unscId``); the listing date ``listingDate``
    (else ``startDate``); the list name ``publisher`` (else the datasets, else the file name).
    """
    datasets = entity.datasets
    authorities = entity.values("authority")
    listed = entity.dates("listingDate") or entity.dates("startDate")
    delisted = entity.dates("endDate")
    descriptions = entity.values("description")
    provenance: dict[str, Any] = {
        "imported_from": "FollowTheMoney JSON lines", "file": data.path.name,
        "file_sha256": data.sha256, "ftm_id": entity.id, "authorities": authorities[1:],
        "datasets": datasets, "source_url": entity.values("sourceUrl"),
        "country": entity.values("country"), "provisions": entity.values("provisions"),
        "program_url": entity.values("programUrl"),
        "description": [d for d in descriptions if not d.startswith(LISTED_AS)],
        **{k: entity.extra.get(k) for k in ("first_seen", "last_seen", "last_change")}}
    return {
        "authority": authorities[0] if authorities else (datasets[0] if datasets else "unknown"),
        "list_name": entity.first("publisher") or ", ".join(datasets) or data.path.name,
        "programs": entity.values("program", "programId"),
        "entry_ref": entity.first("authorityId", "unscId"),
        "listed_name": next((d.removeprefix(LISTED_AS) for d in descriptions
                             if d.startswith(LISTED_AS)), None),
        "listed_on": listed[0] if listed else None,
        "delisted_on": delisted[-1] if delisted else None,
        "status": _status(entity, delisted), "reason": "\n\n".join(entity.values("reason")),
        "list_sha256": data.sha256,
        "provenance": {k: v for k, v in provenance.items() if v},
    }


def _status(entity: FtmEntityData, delisted: list[str]) -> str:
    """The file's status if it gives one; else delisted once an end date has passed."""
    status = (entity.first("status") or "").strip().lower()
    if status in ("active", "delisted", "unknown"):
        return status
    if status in DELISTED:
        return "delisted"
    today = dt.datetime.now(dt.UTC).date().isoformat()
    return "delisted" if delisted and delisted[-1][:10] < today else "active"


def _list(value: object) -> list[object]:
    return value if isinstance(value, list) else []
