"""OFAC ``sdn.xml`` (and ``consolidated.xml``): the classic XML export of the same lists.

Root ``sdnList``, in the old ``http://tempuri.org/sdnList.xsd`` namespace or the current
``https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/XML`` one (or
none); ``publshInformation/Publish_Date`` (MM/DD/YYYY, OFAC's spelling) is the publication
date. Unlike the CSV set it has structured dates of birth, nationalities, identifiers and the
alias ``category`` (strong / weak). Names read "LAST, First" and addresses "street, City,
State Postal" as in the CSV, and the ``idList`` items that are statements, not numbers, go to
the remarks as the CSV has them, so both exports of one list give the same entries (what each
carries alone: ``tests/core/test_real_lists_ofac.py``).
"""

from __future__ import annotations

import re
from collections import defaultdict
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
from osint_desk.core.sanctions.formats.ofac_csv import LIST_NAMES
from osint_desk.core.sanctions.formats.ofac_remarks import birth_dates, parse_remarks
from osint_desk.core.sanctions.safe_xml import local, parse_xml

ROOT = "sdnList"
NAMESPACES = ("http://tempuri.org/sdnList.xsd",
              "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/XML")
SCHEMAS = {"individual": "Person", "vessel": "Vessel", "aircraft": "Airplane"}
_INLINE_COUNTRY = re.compile(r"(.*\S) \(([^()]+)\)")
#: ``idType`` values that state something rather than number it (see ``_is_information``).
INFORMATION = frozenset({"Gender", "Target Type", "Former Vessel Flag", "Issuer Name",
                         "Nationality of Registration", "Executive Order 14024 Directive"
                         " Information", "Vessel Type"})


Kids = dict[str, list[Any]]


def _kids_of(element: Any) -> Kids:
    """An element's children by local name: one pass, however many children it has (the
    lookups below would otherwise each walk them all)."""
    kids: Kids = defaultdict(list)
    for child in element:
        tag = child.tag
        if isinstance(tag, str):  # ``local`` inlined: this runs once per element of the file
            kids[tag[tag.rfind("}") + 1:]].append(child)
    return kids


def _kids(element: Any, name: str) -> list[Any]:
    return [c for c in element if local(c.tag) == name]


def _text(kids: Kids, name: str) -> str | None:
    for child in kids.get(name, ()):
        if child.text and child.text.strip():
            return " ".join(child.text.split())
    return None


def _items(kids: Kids, group: str, item: str) -> Iterator[Kids]:
    """The children of each ``item`` in each ``group`` (``akaList/aka``...), indexed, one at
    a time (an entry may have very many)."""
    return (_kids_of(i) for g in kids.get(group, ()) for i in g if local(i.tag) == item)


def _name(kids: Kids) -> str:
    last, first = _text(kids, "lastName"), _text(kids, "firstName")
    return ", ".join(p for p in (last, first) if p)


def _us_date(text: str | None) -> str | None:
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", (text or "").strip())
    if not match:
        return partial_date(text)
    month, day, year = match.groups()
    return f"{year}-{int(month):02d}-{int(day):02d}"


def parse(paths: list[Path]) -> tuple[ListInfo, Iterator[ListEntry]]:
    if len(paths) != 1:
        raise ListFormatError(f"{paths[0]}: the OFAC XML list is one file; give it alone")
    path = paths[0]
    root = parse_xml(path)
    if local(root.tag) != ROOT:
        raise ListFormatError(f"{path}: not an OFAC sdn.xml file (root element"
                              f" <{local(root.tag)}>, expected <{ROOT}>)")
    kind = "cons" if "cons" in path.name.lower() else "sdn"
    info_el = next(iter(_kids(root, "publshInformation")), None)
    published = _us_date(_text(_kids_of(info_el), "Publish_Date")) if info_el is not None \
        else None
    info = ListInfo("OFAC", f"ofac-{kind}", LIST_NAMES[kind], published,
                    set_sha256([path]), (path.name,))
    return info, (_entry(path, e, kind) for e in _kids(root, "sdnEntry"))


def _is_information(id_type: str) -> bool:
    """An ``idList`` item that is a statement, not a number ("Additional Sanctions Information
    -", "Secondary sanctions risk:", "Listing Date (CMIC)", "Gender"): the CSV set writes it in
    the remarks, and so does this reader."""
    return id_type.endswith(("-", ":")) or "Date" in id_type or id_type in INFORMATION


def _address(item: Kids) -> Address | None:
    """The address as the CSV set writes it: street lines, then "City, State Postal"."""
    street = ", ".join(p for p in (_text(item, k) for k in ("address1", "address2", "address3"))
                       if p)
    town = ", ".join(p for p in (_text(item, "city"), _text(item, "stateOrProvince")) if p)
    place = " ".join(p for p in (town, _text(item, "postalCode")) if p)
    text = ", ".join(p for p in (street, place) if p)
    country = _text(item, "country")
    return Address(text or country or "", country) if text or country else None


def _entry(path: Path, el: Any, kind: str) -> ListEntry:
    kids = _kids_of(el)
    ref, name = _text(kids, "uid"), _name(kids)
    if not ref or not name:
        raise ListFormatError(f"{path}: line {el.sourceline}: an <sdnEntry> without"
                              f" {'a uid' if not ref else 'a name'}")
    aliases = []
    for aka in _items(kids, "akaList", "aka"):
        alias = _name(aka)
        if alias:
            weak = (_text(aka, "category") or "").lower() == "weak"
            aliases.append(Alias(alias, "weak" if weak else "strong"))
    addresses = [a for item in _items(kids, "addressList", "address") if (a := _address(item))]
    identifiers, statements = [], []
    for item in _items(kids, "idList", "id"):
        id_type, number = _text(item, "idType") or "Identifier", _text(item, "idNumber")
        country = _text(item, "idCountry")
        if not number:
            continue
        if country is None and (inline := _INLINE_COUNTRY.fullmatch(number)):
            number, country = inline.group(1), inline.group(2)  # "1026303117642 (Russia)"
        if _is_information(id_type):
            statements.append(f"{id_type} {number}" + (f" ({country})" if country else ""))
        else:
            identifiers.append(Identifier(id_type, number, country))
    remarks = "; ".join([*statements, *filter(None, [_text(kids, "remarks")])])
    found = parse_remarks(remarks)
    vessel = next((_kids_of(v) for v in kids.get("vesselInfo", ())), None)
    flag = _text(vessel, "vesselFlag") if vessel is not None else None
    call_sign = _text(vessel, "callSign") if vessel is not None else None
    if call_sign:
        identifiers.append(Identifier("Call Sign", call_sign))
    births = [d for i in _items(kids, "dateOfBirthList", "dateOfBirthItem")
              for d in birth_dates(_text(i, "dateOfBirth") or "")]
    nationalities = [_text(i, "country") for i in _items(kids, "nationalityList", "nationality")]
    nationalities += [_text(i, "country")
                      for i in _items(kids, "citizenshipList", "citizenship")]
    programs = [p.text for g in kids.get("programList", ()) for p in _kids(g, "program")]
    return ListEntry(
        authority="OFAC", list_key=f"ofac-{kind}", entry_ref=ref,
        schema=SCHEMAS.get((_text(kids, "sdnType") or "").lower(), "LegalEntity"), name=name,
        aliases=tuple(dict.fromkeys(aliases)),
        birth_dates=unique([*births, *found.birth_dates]),
        nationalities=unique([*nationalities, *found.nationalities]),
        countries=unique([*(a.country for a in addresses), flag, *found.countries]),
        addresses=tuple(addresses),
        identifiers=tuple(dict.fromkeys([*identifiers, *found.identifiers])),
        programs=unique(programs), remarks=remarks, links=unique(found.links),
    )
