"""The UN Security Council Consolidated List (``consolidated.xml``).

``CONSOLIDATED_LIST/@dateGenerated`` is the publication date. INDIVIDUAL → Person, ENTITY →
Organization; the entry reference is the permanent ``REFERENCE_NUMBER`` (QDi.001), which is
what UN documents and other lists cite. Alias quality "Good", "a.k.a." and "f.k.a." are strong,
"Low" is weak.
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
    set_sha256,
    unique,
)
from osint_desk.core.sanctions.safe_xml import parse_xml

LIST_KEY = "un-sc"
LIST_NAME = "UN Security Council Consolidated List"
ROOT = "CONSOLIDATED_LIST"


def _text(element: Any, tag: str) -> str | None:
    child = element.find(tag)
    if child is None or child.text is None:
        return None
    return " ".join(child.text.split()) or None


def _values(element: Any, tag: str) -> list[str]:
    return [" ".join(v.text.split()) for v in element.findall(f"{tag}/VALUE")
            if v.text and v.text.strip()]


def parse(paths: list[Path]) -> tuple[ListInfo, Iterator[ListEntry]]:
    if len(paths) != 1:
        raise ListFormatError(f"{paths[0]}: the UN list is one XML file; give it alone")
    path = paths[0]
    root = parse_xml(path)
    if root.tag != ROOT:
        raise ListFormatError(f"{path}: not a UN consolidated list (root element"
                              f" <{root.tag}>, expected <{ROOT}>)")
    generated = root.get("dateGenerated")
    info = ListInfo("UN", LIST_KEY, LIST_NAME, generated[:10] if generated else None,
                    set_sha256([path]), (path.name,))
    return info, _entries(path, root)


def _entries(path: Path, root: Any) -> Iterator[ListEntry]:
    for group, kind, schema in (("INDIVIDUALS", "INDIVIDUAL", "Person"),
                                ("ENTITIES", "ENTITY", "Organization")):
        for element in root.iterfind(f"{group}/{kind}"):
            yield _entry(path, element, kind, schema)


def _entry(path: Path, el: Any, kind: str, schema: str) -> ListEntry:
    ref = _text(el, "REFERENCE_NUMBER") or _text(el, "DATAID")
    parts = [_text(el, t) for t in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")]
    name = " ".join(p for p in parts if p)
    if not ref or not name:
        raise ListFormatError(f"{path}: line {el.sourceline}: a <{kind}> without"
                              f" {'a REFERENCE_NUMBER' if not ref else 'a name'}")
    aliases = []
    for alias in el.iterfind(f"{kind}_ALIAS"):
        alias_name = _text(alias, "ALIAS_NAME")
        if alias_name:
            quality = (_text(alias, "QUALITY") or "").lower()
            aliases.append(Alias(alias_name, "weak" if quality == "low" else "strong"))
    addresses = []
    for address in el.iterfind(f"{kind}_ADDRESS"):
        text = ", ".join(p for p in (_text(address, t) for t in (
            "STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY")) if p)
        if text:
            addresses.append(Address(text, _text(address, "COUNTRY")))
    identifiers = []
    for doc in el.iterfind(f"{kind}_DOCUMENT"):
        number = _text(doc, "NUMBER")
        if number:
            doc_kind = _text(doc, "TYPE_OF_DOCUMENT2") or _text(doc, "TYPE_OF_DOCUMENT")
            country = _text(doc, "ISSUING_COUNTRY") or _text(doc, "COUNTRY_OF_ISSUE")
            identifiers.append(Identifier(doc_kind or "Document", number, country))
    programs = unique([_text(el, "UN_LIST_TYPE")])
    remarks = (el.findtext("COMMENTS1") or "").strip()
    return ListEntry(
        authority="UN", list_key=LIST_KEY, entry_ref=ref, schema=schema, name=name,
        aliases=tuple(dict.fromkeys(aliases)),  # the file repeats an alias per birth date
        original_script_names=unique([_text(el, "NAME_ORIGINAL_SCRIPT")]),
        birth_dates=unique(_birth_dates(el)),
        nationalities=unique(_values(el, "NATIONALITY")),
        countries=unique(a.country for a in addresses),
        addresses=tuple(addresses), identifiers=tuple(identifiers), programs=programs,
        listed_on=partial_date(_text(el, "LISTED_ON")), remarks=remarks,
    )


def _birth_dates(el: Any) -> list[str | None]:
    out: list[str | None] = []
    for dob in el.iterfind("INDIVIDUAL_DATE_OF_BIRTH"):
        if _text(dob, "TYPE_OF_DATE") == "BETWEEN":
            out += [_text(dob, "FROM_YEAR"), _text(dob, "TO_YEAR")]
        else:
            out.append(partial_date(_text(dob, "DATE")) or _text(dob, "YEAR"))
    return out
