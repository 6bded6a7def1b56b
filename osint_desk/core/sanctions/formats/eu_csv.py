"""The EU Financial Sanctions Files consolidated list in CSV (FSF CSV 1.1).

Semicolon-separated, UTF-8 (often with a BOM), one header row; the same ``Entity_LogicalId``
repeats over rows, one per name alias, address, birth date, identification or citizenship
(the columns of the XML flattened: ``NameAlias_WholeName``, ``BirthDate_BirthDate``,
``Citizenship_CountryDescription``, ``Identification_Number``…). ``fileGenerationDate``
(DD/MM/YYYY) is the publication date. The published files put ``P``/``E`` and
``person``/``enterprise`` in the two subject-type columns in either order; both are read.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

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
from osint_desk.core.sanctions.formats.eu_xml import LIST_KEY, LIST_NAME
from osint_desk.core.sanctions.formats.tabular import Row, dmy, head_lines, rows

ID = "Entity_LogicalId"
SCHEMAS = {"person": "Person", "p": "Person", "enterprise": "Organization",
           "e": "Organization", "vessel": "Vessel", "aircraft": "Airplane"}


def looks_like(path: Path) -> bool:
    first = (head_lines(path, 1) or [""])[0]
    return ID in first and ";" in first


def parse(paths: list[Path]) -> tuple[ListInfo, Iterator[ListEntry]]:
    if len(paths) != 1:
        raise ListFormatError(f"{paths[0]}: the EU list CSV is one file; give it alone")
    path = paths[0]
    groups: dict[str, list[Row]] = {}
    published = None
    for line, row in rows(path, delimiter=";", required=(ID, "NameAlias_WholeName")):
        ref = row.get(ID, "")
        if not ref:
            raise ListFormatError(f"{path}: line {line}: a row without {ID}")
        published = published or _date(row.get("fileGenerationDate"))
        groups.setdefault(ref, []).append(row)
    info = ListInfo("EU", LIST_KEY, LIST_NAME, published, set_sha256([path]), (path.name,))
    return info, (_entry(path, ref, group) for ref, group in groups.items())


def _date(text: str | None) -> str | None:
    return dmy(text) or partial_date(text)


def _entry(path: Path, ref: str, group: list[Row]) -> ListEntry:
    seen: dict[str, Alias] = {}
    for row in group:
        whole = row.get("NameAlias_WholeName") or " ".join(p for p in (
            row.get("NameAlias_FirstName"), row.get("NameAlias_MiddleName"),
            row.get("NameAlias_LastName")) if p)
        if whole and whole not in seen:
            weak = (row.get("NameAlias_Strong") or "").lower() in ("false", "0", "no")
            seen[whole] = Alias(whole, "weak" if weak else "strong", script_of(whole))
    names = list(seen.values())
    if not names:
        raise ListFormatError(f"{path}: entity {ref} has no name")
    primary = next((a for a in names if a.strength == "strong"), names[0])
    first = group[0]
    kinds = {(first.get(c) or "").lower() for c in (
        "Entity_SubjectType", "Entity_SubjectType_ClassificationCode")}
    schema = next((SCHEMAS[k] for k in kinds if k in SCHEMAS), "LegalEntity")
    addresses = []
    for row in group:
        country = row.get("Address_CountryDescription") or None
        text = ", ".join(p for p in (row.get(k) for k in (
            "Address_Street", "Address_PoBox", "Address_City", "Address_ZipCode",
            "Address_Region", "Address_Place")) if p)
        if text or country:
            addresses.append(Address(", ".join(p for p in (text, country) if p), country))
    identifiers = [Identifier(r.get("Identification_TypeDescription")
                              or r.get("Identification_TypeCode") or "Identification",
                              r["Identification_Number"],
                              r.get("Identification_CountryDescription") or None)
                   for r in group if r.get("Identification_Number")]
    un_refs = unique(r.get("Entity_UnitedNationId") for r in group)
    identifiers += [Identifier("UN reference", u) for u in un_refs]
    listed = sorted(d for d in (_date(r.get("Entity_Regulation_PublicationDate"))
                                for r in group) if d)
    return ListEntry(
        authority="EU", list_key=LIST_KEY, entry_ref=ref, schema=schema, name=primary.name,
        aliases=tuple(a for a in names if a is not primary),
        birth_dates=unique(_date(r.get("BirthDate_BirthDate")) or r.get("BirthDate_Year")
                           for r in group),
        nationalities=unique(r.get("Citizenship_CountryDescription") for r in group),
        countries=unique(a.country for a in addresses),
        addresses=tuple(dict.fromkeys(addresses)),
        identifiers=tuple(dict.fromkeys(identifiers)),
        programs=unique(r.get("Entity_Regulation_Programme") for r in group),
        listed_on=listed[0] if listed else None,
        remarks="\n".join(unique(r.get("Entity_Remark") for r in group)),
    )
