"""OpenSanctions FollowTheMoney JSON lines (``entities.ftm.json``).

Each line is one entity: ``{"id", "schema", "properties": {...}}``. Persons, organisations,
companies, legal entities, vessels and airplanes become entries; ``Sanction`` entities give
their programmes and start dates to the entity they point at, ``Address`` entities give
addresses, and relationship entities (ownership, directorship, family...) give links by id.
The file carries no publication date. The whole file is read first, because the entities a
line refers to may come later in the file.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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


def read_lines(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise ListFormatError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    with handle:
        for number, raw in enumerate(handle, 1):
            if not raw.strip():
                continue
            try:
                data = json.loads(raw)
            except (ValueError, UnicodeDecodeError) as exc:
                raise ListFormatError(f"{path}: line {number}: not a JSON object ({exc});"
                                      " the file may be truncated") from None
            if not isinstance(data, dict) or not isinstance(data.get("schema"), str) \
                    or not isinstance(data.get("properties", {}), dict) or "id" not in data:
                raise ListFormatError(f"{path}: line {number}: not a FollowTheMoney entity"
                                      " (needs id, schema and properties)")
            yield number, data


def parse(paths: list[Path]) -> tuple[ListInfo, Iterator[ListEntry]]:
    if len(paths) != 1:
        raise ListFormatError(f"{paths[0]}: give one FollowTheMoney JSON lines file at a time")
    path = paths[0]
    info = ListInfo("OpenSanctions", list_key_for(path), f"OpenSanctions: {path.name}", None,
                    set_sha256([path]), (path.name,))
    return info, _entries(path, info.list_key)


def _entries(path: Path, list_key: str) -> Iterator[ListEntry]:
    targets: list[dict[str, Any]] = []
    sanctions: dict[str, list[dict[str, list[str]]]] = defaultdict(list)
    addresses: dict[str, dict[str, list[str]]] = {}
    links: dict[str, list[str]] = defaultdict(list)
    for _, data in read_lines(path):
        schema, props = data["schema"], data.get("properties") or {}
        if schema in SCHEMAS:
            targets.append(data)
        elif schema == "Sanction":
            for entity_id in props.get("entity", ()):
                sanctions[entity_id].append(props)
        elif schema == "Address":
            addresses[str(data["id"])] = props
        elif schema in LINKS:
            one, other = LINKS[schema]
            for a in props.get(one, ()):
                for b in props.get(other, ()):
                    links[a].append(b)
                    links[b].append(a)
    for data in targets:
        yield _entry(data, list_key, sanctions, addresses, links)


def _entry(data: dict[str, Any], list_key: str,
           sanctions: dict[str, list[dict[str, list[str]]]],
           addresses: dict[str, dict[str, list[str]]],
           links: dict[str, list[str]]) -> ListEntry:
    ref, props = str(data["id"]), data.get("properties") or {}

    def values(*keys: str) -> list[str]:
        return [str(v) for key in keys for v in props.get(key, ())]

    names = unique(values("name"))
    primary = data.get("caption") if data.get("caption") in names else None
    primary = primary or (names[0] if names else data.get("caption") or ref)
    aliases = [Alias(n, "strong") for n in names if n != primary]
    aliases += [Alias(n, "strong") for n in unique(values("alias", "previousName"))]
    aliases += [Alias(n, "weak") for n in unique(values("weakAlias"))]
    entry_addresses = [Address(a) for a in unique(values("address"))]
    for address_id in values("addressEntity"):
        found = addresses.get(address_id)
        if found:
            text = (found.get("full") or found.get("street") or [""])[0]
            countries = found.get("country") or []
            country = str(countries[0]) if countries else None
            if text and all(a.text != text for a in entry_addresses):
                entry_addresses.append(Address(text, country))
    identifiers = [Identifier(key, str(v)) for key in dict.fromkeys(ID_PROPERTIES)
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
        authority="OpenSanctions", list_key=list_key, entry_ref=ref, schema=data["schema"],
        name=str(primary), aliases=tuple(kept),
        birth_dates=unique(partial_date(d) for d in values("birthDate")),
        nationalities=unique(values("nationality", "citizenship")),
        countries=unique(values("country", "jurisdiction", "flag")),
        addresses=tuple(entry_addresses), identifiers=tuple(dict.fromkeys(identifiers)),
        programs=programs, listed_on=starts[0] if starts else None,
        remarks="\n".join(values("notes")), links=unique(links.get(ref, ())),
    )
