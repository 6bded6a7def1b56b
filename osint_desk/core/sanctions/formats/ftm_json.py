"""OpenSanctions FollowTheMoney JSON lines (``entities.ftm.json``).

Each line is one entity: ``{"id", "schema", "properties": {...}, "target": bool}``. Persons,
organisations, companies, vessels, aircraft, crypto wallets, securities... (``SCHEMAS``)
become entries; an entity with ``"target": false`` (a donor, a relative, a company a target
owns) is kept as context (``ListEntry.target`` False), and so is one with no ``target`` at all
(a plain FtM file marks no one as listed; a warning says so). ``Sanction`` entities give their
programmes and start dates to the entity they point at, ``Address`` entities give addresses,
``Passport``/``Identification`` entities identifiers, and relationship entities (ownership,
family, payment...) give links by id; how many records were read so, and of which schemata,
goes in ``info.warnings``, with the records no reader uses. The file carries no publication
date. The whole file is read first, because the entities a line refers to may come later in
the file; what is kept meanwhile is linear in what was read (lines, depth and relationship
ends are bounded: ``limits``).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
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
from osint_desk.core.sanctions.formats.ftm_things import fallback_name, identifiers_of, usable
from osint_desk.core.sanctions.limits import MAX_JSON_BYTES, MAX_LINK_ENDS, MAX_VALUES

# Relationship schemata and the two properties that name their ends.
LINKS = {"Ownership": ("owner", "asset"), "Directorship": ("director", "organization"),
         "Family": ("person", "relative"), "Associate": ("person", "associate"),
         "Membership": ("member", "organization"), "Employment": ("employee", "employer"),
         "Representation": ("agent", "client"), "UnknownLink": ("subject", "object"),
         "Succession": ("predecessor", "successor"), "Payment": ("payer", "beneficiary"),
         "Debt": ("debtor", "creditor"), "Similar": ("candidate", "match")}
#: Properties of an entry that name another entity it belongs to (a wallet's holder, a
#: security's issuer, a vessel's owner): read as links both ways, like a relationship.
HOLDERS = ("holder", "issuer", "owner", "operator")
#: Documents of a person or body, whose ``number`` becomes an identifier of the ``holder``.
DOCUMENTS = {"Passport": "passport", "Identification": "identification"}


def list_key_for(path: Path) -> str:
    """``…/sanctions/entities.ftm.json`` → ``opensanctions-sanctions``; else the file stem."""
    stem = path.name.split(".")[0]
    if stem in ("entities", "targets", "") and path.parent.name:
        stem = path.parent.name
    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "entities"
    return f"opensanctions-{slug}"


Props = dict[str, list[str]]
Target = tuple[str, str, str | None, Props, bool]  # id, schema, caption, props, target


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


class _Context:
    """What the non-entry records give the entries, and how many of each schema were read."""

    def __init__(self) -> None:
        self.sanctions: dict[str, list[Props]] = defaultdict(list)
        self.addresses: dict[str, Props] = {}
        # documents once each, and by holder their numbers in that list: linear in what was
        # read, where copying each document's numbers to each holder would multiply them
        self.documents: list[list[Identifier]] = []
        self.documents_of: dict[str, list[int]] = defaultdict(list)
        self.links = _Links()
        self.used: Counter[str] = Counter()
        self.unused: Counter[str] = Counter()

    def read(self, path: Path, info: ListInfo, number: int, data: dict[str, Any],
             props: Props) -> None:
        schema = data["schema"]
        self.used[schema] += 1
        if schema == "Sanction":
            for entity_id in props.get("entity", ()):
                self.sanctions[entity_id].append(props)
        elif schema == "Address":
            self.addresses[str(data["id"])] = props
        elif schema in DOCUMENTS:
            kind = (props.get("type") or [DOCUMENTS[schema]])[0]
            countries = props.get("country") or []
            country = countries[0] if countries else None
            numbers = props.get("number", ())[:MAX_VALUES]
            if numbers:
                self.documents.append([Identifier(kind, n, country) for n in numbers])
                for holder in props.get("holder", ())[:MAX_LINK_ENDS]:
                    self.documents_of[holder].append(len(self.documents) - 1)
        elif schema in LINKS:
            self.link(path, info, number, schema, LINKS[schema], props)
        else:
            self.used[schema] -= 1
            self.unused[schema] += 1

    def documents_for(self, ref: str) -> list[Identifier]:
        """The identifiers the documents of ``ref`` give, at most ``MAX_VALUES``."""
        found: dict[Identifier, None] = {}
        for number in self.documents_of.get(ref, ()):
            found.update(dict.fromkeys(self.documents[number]))
            if len(found) >= MAX_VALUES:
                break
        return list(found)[:MAX_VALUES]

    def link(self, path: Path, info: ListInfo, number: int, schema: str,
             ends: tuple[str, str], props: Props) -> None:
        sides = [props.get(end, []) for end in ends]
        for end, ids in zip(ends, sides, strict=True):
            if len(ids) > MAX_LINK_ENDS:
                info.warnings.append(
                    f"{path}: line {number}: the {schema} has {len(ids):,} {end}s; only"
                    f" the first {MAX_LINK_ENDS} are linked (limit on the ends of one"
                    " relationship)")
        self.links.add(sides[0][:MAX_LINK_ENDS], sides[1][:MAX_LINK_ENDS])

    def report(self, path: Path, info: ListInfo, unflagged: int) -> None:
        """The warnings that say what was not read as an entry, so nothing goes unseen."""
        used = {s: n for s, n in self.used.items() if n}
        if used:
            info.warnings.append(
                f"{path}: {sum(used.values()):,} records read as programmes, addresses,"
                " identifiers or links of the entries, not as entries: " + _counts(used))
        if self.unused:
            info.warnings.append(f"{path}: {sum(self.unused.values()):,} records of a schema"
                                 " no list entry uses, left out: " + _counts(self.unused))
        if unflagged:
            info.warnings.append(
                f"{path}: {unflagged:,} entities carry no \"target\" flag (a plain"
                " FollowTheMoney file, not an OpenSanctions export): kept as context, not as"
                " listed targets")


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{schema} {n:,}" for schema, n in sorted(
        counts.items(), key=lambda item: (-item[1], item[0])))


def _entries(path: Path, info: ListInfo) -> Iterator[ListEntry]:
    targets: list[Target] = []
    context = _Context()
    unflagged = 0
    for number, data, props in read_lines(path):
        schema = data["schema"]
        if schema in SCHEMAS:
            caption, flag = data.get("caption"), data.get("target")
            unflagged += not isinstance(flag, bool)
            ref = str(data["id"])
            targets.append((ref, schema, caption if isinstance(caption, str) else None, props,
                            flag is True))
            holders = [v for key in HOLDERS for v in props.get(key, ())]
            if holders:
                context.link(path, info, number, schema, ("entity", "holder"),
                             {"entity": [ref], "holder": holders})
        else:
            context.read(path, info, number, data, props)
    context.report(path, info, unflagged)
    for target in targets:
        yield _entry(target, info.list_key, context)


def _entry(target: Target, list_key: str, context: _Context) -> ListEntry:
    ref, schema, caption, props, is_target = target

    def values(*keys: str) -> list[str]:
        return [v for key in keys for v in props.get(key, ())]

    identifiers = list(dict.fromkeys([*identifiers_of(schema, props),
                                      *context.documents_for(ref)]))
    names = unique(values("name"))
    if caption in names or (caption and not names and usable(schema, caption)):
        primary = str(caption)
    else:
        primary = names[0] if names else fallback_name(identifiers, ref)
    aliases = [Alias(n, "strong") for n in names if n != primary]
    aliases += [Alias(n, "strong") for n in unique(values("alias", "previousName"))]
    aliases += [Alias(n, "weak") for n in unique(values("weakAlias"))]
    entry_addresses = [Address(a) for a in unique(values("address"))]
    texts = {a.text for a in entry_addresses}
    for address_id in values("addressEntity"):
        found = context.addresses.get(address_id)
        if found:
            text = (found.get("full") or found.get("street") or [""])[0]
            countries = found.get("country") or []
            if text and text not in texts:
                texts.add(text)
                entry_addresses.append(Address(text, countries[0] if countries else None))
    own = context.sanctions.get(ref, [])
    programs = unique([p for s in own for p in (s.get("programId") or s.get("program") or
                                                 s.get("authority") or ())])
    starts = sorted(d for s in own for d in (partial_date(x) for x in s.get("startDate", ()))
                    if d)
    seen, kept = {primary}, []
    for alias in aliases:
        if alias.name not in seen:
            seen.add(alias.name)
            kept.append(alias)
    remarks = [*values("notes"), *(f"Currency: {c}" for c in unique(values("currency")))]
    return ListEntry(
        authority="OpenSanctions", list_key=list_key, entry_ref=ref, schema=schema,
        name=primary, aliases=tuple(kept),
        birth_dates=unique(partial_date(d) for d in values("birthDate")),
        nationalities=unique(values("nationality", "citizenship")),
        countries=unique(values("country", "jurisdiction", "flag")),
        addresses=tuple(entry_addresses), identifiers=tuple(identifiers),
        programs=programs, listed_on=starts[0] if starts else None,
        remarks="\n".join(remarks), links=unique(context.links.of(ref)), target=is_target,
    )
