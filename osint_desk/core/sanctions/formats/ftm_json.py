"""OpenSanctions FollowTheMoney JSON lines (``entities.ftm.json``).

Each line is one entity: ``{"id", "schema", "properties": {...}}``. Persons, organisations,
companies, legal entities, vessels and airplanes become entries; ``Sanction`` entities give
their programmes and start dates to the entity they point at, ``Address`` entities give
addresses, and relationship entities (ownership, directorship, family...) give links by id.
The file carries no publication date. The whole file is read first, because the entities a
line refers to may come later in the file; what is kept meanwhile is linear in what was read
(lines, depth and relationship ends are bounded: ``limits``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from osint_desk.core.bounded_json import json_lines
from osint_desk.core.sanctions.entries import (
    SCHEMAS,
    Address,
    Alias,
    Identifier,
    ListEntry,
    ListFormatError,
    ListInfo,
    partial_date,
    set_sha256,
    unique,
)
from osint_desk.core.sanctions.limits import MAX_JSON_BYTES, MAX_LINK_ENDS, MAX_VALUES

ID_PROPERTIES = ("idNumber", "passportNumber", "taxNumber", "registrationNumber", "innCode",
                 "ogrnCode", "kppCode", "vatCode", "leiCode", "swiftBic", "imoNumber", "mmsi",
                 "callSign", "okpoCode", "dunsCode", "uniqueEntityId", "serialNumber",
                 "registrationNumber", "icaoCode")
# Relationship schemata and the two properties that name their ends.
LINKS = {"Ownership": ("owner", "asset"), "Directorship": ("director", "organization"),
         "Family": ("person", "relative"), "Associate": ("person", "associate"),
         "Membership": ("member", "organization"), "Employment": ("employee", "employer"),
         "Representation": ("agent", "client"), "UnknownLink": ("subject", "object"),
         "Succession": ("predecessor", "successor")}


def list_key_for(path: Path) -> str:
    """``…/sanctions/entities.ftm.json`` → ``opensanctions-sanctions``; else the file stem."""
    stem = path.name.split(".")[0]
    if stem in ("entities", "targets", "") and path.parent.name:
        stem = path.parent.name
    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "entities"
    return f"opensanctions-{slug}"


Props = dict[str, list[str]]
Target = tuple[str, str, str | None, Props]  # id, schema, caption, properties


def read_lines(path: Path) -> Iterator[tuple[int, dict[str, Any], Props]]:
    """(line, entity, its properties as lists of strings), bounded as ``bounded_json`` and
    ``limits`` say; ``ListFormatError`` names the file, the line and what is wrong."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ListFormatError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if size > MAX_JSON_BYTES:
        raise ListFormatError(f"{path}: {size // 2**20} MiB, more than the"
                              f" {MAX_JSON_BYTES // 2**20} MiB a FollowTheMoney list file may"
                              " have; filter it first")
    for number, data in json_lines(path, ListFormatError, max_bytes=MAX_JSON_BYTES):
        raw = data.get("properties") or {} if isinstance(data, dict) else None
        if not isinstance(data, dict) or not isinstance(data.get("schema"), str) \
                or not isinstance(data.get("id"), str | int) or not str(data["id"]).strip() \
                or not isinstance(raw, dict):
            raise ListFormatError(f"{path}: line {number}: not a FollowTheMoney entity"
                                  " (needs id, schema and properties)")
        yield number, data, _props(path, number, raw)


def _props(path: Path, number: int, raw: dict[str, Any]) -> Props:
    """Every property as a list of non-empty strings (a file may give a bare value)."""
    props: Props = {}
    for name, values in raw.items():
        items = values if isinstance(values, list) else [values]
        if any(isinstance(v, dict | list) for v in items):
            raise ListFormatError(f"{path}: line {number}: property {name!r} holds nested"
                                  " data; FtM values are strings")
        cleaned = [text for v in items if v is not None and (text := str(v).strip())]
        if cleaned:
            props[str(name)] = cleaned
    return props


def parse(paths: list[Path]) -> tuple[ListInfo, Iterator[ListEntry]]:
    if len(paths) != 1:
        raise ListFormatError(f"{paths[0]}: give one FollowTheMoney JSON lines file at a time")
    path = paths[0]
    info = ListInfo("OpenSanctions", list_key_for(path), f"OpenSanctions: {path.name}", None,
                    set_sha256([path]), (path.name,))
    return info, _entries(path, info)


class _Links:
    """Relationship entities by the ids at their ends: linear in the ends read, where pairing
    every owner with every asset up front would be quadratic in one line."""

    def __init__(self) -> None:
        self.ends: list[tuple[list[str], list[str]]] = []
        self.by_id: dict[str, list[tuple[int, int]]] = defaultdict(list)

    def add(self, one: list[str], other: list[str]) -> None:
        number = len(self.ends)
        self.ends.append((one, other))
        for side, ids in enumerate((one, other)):
            for entity_id in ids:
                self.by_id[entity_id].append((number, side))

    def of(self, ref: str) -> tuple[str, ...]:
        """The ids linked to ``ref``, in file order, at most ``MAX_VALUES``."""
        found: dict[str, None] = {}
        for number, side in self.by_id.get(ref, ()):
            found.update(dict.fromkeys(self.ends[number][1 - side]))
            if len(found) >= MAX_VALUES:
                break
        return tuple(found)[:MAX_VALUES]


def _entries(path: Path, info: ListInfo) -> Iterator[ListEntry]:
    targets: list[Target] = []
    sanctions: dict[str, list[Props]] = defaultdict(list)
    addresses: dict[str, Props] = {}
    links = _Links()
    for number, data, props in read_lines(path):
        schema = data["schema"]
        if schema in SCHEMAS:
            caption = data.get("caption")
            targets.append((str(data["id"]), schema, caption if isinstance(caption, str)
                            else None, props))
        elif schema == "Sanction":
            for entity_id in props.get("entity", ()):
                sanctions[entity_id].append(props)
        elif schema == "Address":
            addresses[str(data["id"])] = props
        elif schema in LINKS:
            sides = [props.get(end, []) for end in LINKS[schema]]
            for end, ids in zip(LINKS[schema], sides, strict=True):
                if len(ids) > MAX_LINK_ENDS:
                    info.warnings.append(
                        f"{path}: line {number}: the {schema} has {len(ids):,} {end}s; only"
                        f" the first {MAX_LINK_ENDS} are linked (limit on the ends of one"
                        " relationship)")
            links.add(sides[0][:MAX_LINK_ENDS], sides[1][:MAX_LINK_ENDS])
    for target in targets:
        yield _entry(target, info.list_key, sanctions, addresses, links)


def _entry(target: Target, list_key: str, sanctions: dict[str, list[Props]],
           addresses: dict[str, Props], links: _Links) -> ListEntry:
    ref, schema, caption, props = target

    def values(*keys: str) -> list[str]:
        return [v for key in keys for v in props.get(key, ())]

    names = unique(values("name"))
    primary = caption if caption in names else None
    primary = primary or (names[0] if names else caption or ref)
    aliases = [Alias(n, "strong") for n in names if n != primary]
    aliases += [Alias(n, "strong") for n in unique(values("alias", "previousName"))]
    aliases += [Alias(n, "weak") for n in unique(values("weakAlias"))]
    entry_addresses = [Address(a) for a in unique(values("address"))]
    texts = {a.text for a in entry_addresses}
    for address_id in values("addressEntity"):
        found = addresses.get(address_id)
        if found:
            text = (found.get("full") or found.get("street") or [""])[0]
            countries = found.get("country") or []
            if text and text not in texts:
                texts.add(text)
                entry_addresses.append(Address(text, countries[0] if countries else None))
    identifiers = [Identifier(key, v) for key in dict.fromkeys(ID_PROPERTIES)
                   for v in props.get(key, ())]
    own = sanctions.get(ref, [])
    programs = unique([p for s in own for p in (s.get("programId") or s.get("program") or
                                                 s.get("authority") or ())])
    starts = sorted(d for s in own for d in (partial_date(x) for x in s.get("startDate", ()))
                    if d)
    seen, kept = {primary}, []
    for alias in aliases:
        if alias.name not in seen:
            seen.add(alias.name)
            kept.append(alias)
    return ListEntry(
        authority="OpenSanctions", list_key=list_key, entry_ref=ref, schema=schema,
        name=primary, aliases=tuple(kept),
        birth_dates=unique(partial_date(d) for d in values("birthDate")),
        nationalities=unique(values("nationality", "citizenship")),
        countries=unique(values("country", "jurisdiction", "flag")),
        addresses=tuple(entry_addresses), identifiers=tuple(dict.fromkeys(identifiers)),
        programs=programs, listed_on=starts[0] if starts else None,
        remarks="\n".join(values("notes")), links=unique(links.of(ref)),
    )
