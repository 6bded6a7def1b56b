"""The EU Financial Sanctions Files (FSF) consolidated list, XML 1.1.

Root ``export`` in the ``http://eu.europa.ec/fpi/fsd/export`` namespace, ``generationDate`` is
the publication date; each ``sanctionEntity`` (``logicalId``) has ``nameAlias`` elements
(``wholeName``, ``strong="true|false"``), ``birthdate``, ``citizenship``, ``identification``,
``address`` and ``regulation`` (``programme``). The first strong name is the primary name.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from osint_desk.core.sanctions.entries import (
    Address,
    Alias,
    Identifier,
    ListEntry,
    ListFormatError,
    ListInfo,
    partial_date,
    script_of,
    set_sha256,
    unique,
)
from osint_desk.core.sanctions.safe_xml import local, parse_xml

NAMESPACE = "http://eu.europa.ec/fpi/fsd/export"
LIST_KEY = "eu-fsf"
LIST_NAME = "EU Consolidated Financial Sanctions List (FSF)"
SCHEMAS = {"person": "Person", "enterprise": "Organization", "vessel": "Vessel",
           "aircraft": "Airplane"}


def parse(paths: list[Path]) -> tuple[ListInfo, Iterator[ListEntry]]:
    if len(paths) != 1:
        raise ListFormatError(f"{paths[0]}: the EU list is one XML file; give it alone")
    path = paths[0]
    root = parse_xml(path)
    if local(root.tag) != "export":
        raise ListFormatError(f"{path}: not an EU FSF XML file (root element"
                              f" <{local(root.tag)}>, expected <export>)")
    generated = root.get("generationDate")
    info = ListInfo("EU", LIST_KEY, LIST_NAME, generated[:10] if generated else None,
                    set_sha256([path]), (path.name,))
    return info, _entries(path, root)


def _children(element: Any, name: str) -> list[Any]:
    return [c for c in element if local(c.tag) == name]


def _entries(path: Path, root: Any) -> Iterator[ListEntry]:
    for element in _children(root, "sanctionEntity"):
        yield _entry(path, element)


def _attr(element: Any, name: str) -> str | None:
    value = element.get(name)
    return " ".join(value.split()) or None if value else None


def _entry(path: Path, el: Any) -> ListEntry:
    ref = _attr(el, "logicalId")
    names = []
    for alias in _children(el, "nameAlias"):
        whole = _attr(alias, "wholeName") or " ".join(
            p for p in (_attr(alias, k) for k in ("firstName", "middleName", "lastName")) if p)
        if whole:
            strong = (alias.get("strong") or "true").lower() != "false"
            names.append(Alias(whole, "strong" if strong else "weak", script_of(whole)))
    if not ref or not names:
        raise ListFormatError(f"{path}: line {el.sourceline}: a <sanctionEntity> without"
                              f" {'a logicalId' if not ref else 'a name'}")
    primary = next((a for a in names if a.strength == "strong"), names[0])
    subject = _children(el, "subjectType")
    code = (subject[0].get("code") or "").lower() if subject else ""
    births = []
    for birth in _children(el, "birthdate"):
        births.append(partial_date(_attr(birth, "birthdate")) or _attr(birth, "year"))
    nationalities = [_attr(c, "countryDescription") or _attr(c, "countryIso2Code")
                     for c in _children(el, "citizenship")]
    addresses = []
    for address in _children(el, "address"):
        country = _attr(address, "countryDescription")
        text = ", ".join(p for p in (_attr(address, k) for k in (
            "street", "poBox", "city", "zipCode", "region", "place")) if p)
        if text or country:
            addresses.append(Address(", ".join(p for p in (text, country) if p), country))
    identifiers = [Identifier("UN reference", un_ref) for un_ref in
                   unique([_attr(el, "unitedNationId")])]
    for ident in _children(el, "identification"):
        number = _attr(ident, "number")
        if number:
            identifiers.append(Identifier(
                _attr(ident, "identificationTypeDescription")
                or _attr(ident, "identificationTypeCode") or "Identification",
                number, _attr(ident, "countryDescription")))
    regulations = _children(el, "regulation")
    listed = sorted(d for d in (partial_date(_attr(r, "publicationDate"))
                                for r in regulations) if d)
    remarks = "\n".join(" ".join((r.text or "").split()) for r in _children(el, "remark"))
    return ListEntry(
        authority="EU", list_key=LIST_KEY, entry_ref=ref, schema=SCHEMAS.get(code, "LegalEntity"),
        name=primary.name, aliases=tuple(a for a in names if a is not primary),
        birth_dates=unique(births), nationalities=unique(nationalities),
        countries=unique(a.country for a in addresses), addresses=tuple(addresses),
        identifiers=tuple(identifiers),
        programs=unique(_attr(r, "programme") for r in regulations),
        listed_on=listed[0] if listed else None, remarks=remarks.strip(),
    )
