"""The UK lists in CSV: the FCDO "UK Sanctions List" and OFSI's Consolidated List (ConList).

Both give one row per name (and per address...) of an entry, names split in ``Name 1``…
``Name 5`` (given names) and ``Name 6`` (surname, or the whole name of an entity).
- FCDO: a ``Report Date: 08-Oct-2026`` banner, then a 58-column header from ``Last Updated,
  Unique ID,OFSI Group ID,UN Reference Number,Name 6,…``; the entry is ``Unique ID``.
- OFSI: a ``Last Updated,DD/MM/YYYY`` banner, then ``Name 6,Name 1,…,Group ID``; the entry is
  ``Group ID``. Before 2022 the ConList had fewer columns (no alias quality, no non-Latin
  script, ``Passport Details`` and ``NI Number`` free text) and called the primary name
  ``Prime Alias`` where the current one says ``Primary name``: both are read.
The banner date is the publication date. A name reads as its columns compose it: ``Name 1``…
``Name 5`` then ``Name 6`` ("Aiman Muhammed Rabi AL-ZAWAHIRI"); the title is left out.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

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
from osint_desk.core.sanctions.formats.tabular import Row, dmy, head_lines, rows

SCHEMAS = {"individual": "Person", "entity": "Organization", "ship": "Vessel"}


@dataclass(frozen=True)
class Columns:
    """The column names one flavour uses for the same things."""

    id: str
    name_type: str
    quality: str
    script: str
    regime: str
    type: str
    listed: str
    dob: str
    nationality: str
    postcode: str
    country: str
    address: str  # with "{}" for the line number 1-6
    remarks: tuple[str, ...]
    #: identifier kind → its columns, the first one the file has wins (older layouts)
    ids: dict[str, tuple[str, ...]] = field(default_factory=dict)


FCDO = Columns(
    id="Unique ID", name_type="Name type", quality="Alias strength",
    script="Name non-latin script", regime="Regime Name", type="Designation Type",
    listed="Date Designated", dob="D.O.B", nationality="Nationality(/ies)",
    postcode="Address Postal Code", country="Address Country", address="Address Line {}",
    remarks=("Other Information", "UK Statement of Reasons"),
    ids={"Passport": ("Passport number",), "National ID": ("National Identifier number",),
         "Business registration number": ("Business registration number (s)",),
         "IMO": ("IMO number",), "UN reference": ("UN Reference Number",),
         "OFSI Group ID": ("OFSI Group ID",)})
OFSI = Columns(
    id="Group ID", name_type="Alias Type", quality="Alias Quality",
    script="Name Non-Latin Script", regime="Regime", type="Group Type", listed="Listed On",
    dob="DOB", nationality="Nationality", postcode="Post/Zip Code", country="Country",
    address="Address {}", remarks=("Other Information",),
    # The pre-2022 layout has only the free-text "Passport Details" and "NI Number".
    ids={"Passport": ("Passport Number", "Passport Details"),
         "National ID": ("National Identification Number", "NI Number")})
#: How the name types of the primary name are spelt (FCDO "Primary Name", OFSI "Primary
#: name", the pre-2022 ConList "Prime Alias"); "Primary name variation" is an alias.
PRIMARY_TYPES = ("primary name", "prime alias")


def flavour(path: Path) -> str | None:
    """"uk-csv" (FCDO), "ofsi-csv" or None, from the banner and header lines."""
    lines = head_lines(path, 2)
    joined = "\n".join(lines)
    if "Unique ID" in joined and "Name 6" in joined:
        return "uk-csv"
    if "Name 6" in joined and "Group ID" in joined:
        return "ofsi-csv"
    return None


def parse_fcdo(paths: list[Path]) -> tuple[ListInfo, Iterator[ListEntry]]:
    return _parse(paths, "uk-fcdo", "UK Sanctions List (FCDO)", FCDO)


def parse_ofsi(paths: list[Path]) -> tuple[ListInfo, Iterator[ListEntry]]:
    return _parse(paths, "uk-ofsi", "OFSI Consolidated List of Financial Sanctions Targets",
                  OFSI)


def _parse(paths: list[Path], list_key: str, list_name: str,
           cols: Columns) -> tuple[ListInfo, Iterator[ListEntry]]:
    if len(paths) != 1:
        raise ListFormatError(f"{paths[0]}: give the UK list CSV file alone")
    path = paths[0]
    first = (head_lines(path, 1) or [""])[0]
    skip = 0 if "Name 6" in first else 1
    published = None
    if skip:
        banner = first.split(":", 1)[-1] if first.startswith("Report Date") else (
            first.split(",", 1)[-1])
        banner = banner.strip().strip(",").strip()
        published = dmy(banner) or partial_date(banner.replace("-", " "))
    info = ListInfo("UK", list_key, list_name, published, set_sha256([path]), (path.name,))
    return info, _entries(path, list_key, cols, skip)


def _entries(path: Path, list_key: str, cols: Columns,
             skip: int) -> Iterator[ListEntry]:
    id_col = cols.id
    groups: dict[str, list[Row]] = {}
    for line, row in rows(path, skip=skip, required=(id_col, "Name 6")):
        ref = row.get(id_col, "")
        if not ref:
            raise ListFormatError(f"{path}: line {line}: a row without {id_col}")
        groups.setdefault(ref, []).append(row)
    for ref, group in groups.items():
        yield _entry(path, list_key, ref, group, cols)


def _name(row: Row) -> str:
    parts = [row.get(f"Name {i}", "") for i in (1, 2, 3, 4, 5, 6)]
    return " ".join(p for p in parts if p)


def _is_primary(name_type: str) -> bool:
    text = " ".join(name_type.lower().split())
    return text.startswith(PRIMARY_TYPES) and "variation" not in text


def _first_column(row: Row, names: tuple[str, ...]) -> str:
    """The cell of the first of ``names`` the file has (a newer layout's column first)."""
    return next((row.get(n, "") for n in names if n in row), "")


def _entry(path: Path, list_key: str, ref: str, group: list[Row],
           cols: Columns) -> ListEntry:
    def col(row: Row, key: str) -> str:
        return row.get(str(getattr(cols, key)), "")

    named = [(r, _name(r)) for r in group if _name(r)]
    if not named:
        raise ListFormatError(f"{path}: entry {ref} has no name")
    primary = next((n for r, n in named if _is_primary(col(r, "name_type"))), named[0][1])
    aliases = [Alias(n, "weak" if col(r, "quality").lower().startswith("low") else "strong")
               for r, n in named if n != primary]
    addresses = []
    for row in group:
        lines = [row.get(cols.address.format(i), "") for i in range(1, 7)]
        text = ", ".join(p for p in [*lines, col(row, "postcode")] if p)
        country = col(row, "country") or None
        if text or country:
            addresses.append(Address(text or country or "", country))
    identifiers = [Identifier(kind, value) for row in group for kind, names in cols.ids.items()
                   for value in [_first_column(row, names)] if value]
    remarks = unique(row.get(c, "") for row in group for c in cols.remarks)
    listed = sorted(d for d in (dmy(col(r, "listed")) for r in group) if d)
    kind = col(group[0], "type").lower()
    return ListEntry(
        authority="UK", list_key=list_key, entry_ref=ref,
        schema=SCHEMAS.get(kind, "LegalEntity"), name=primary,
        aliases=tuple(dict.fromkeys(aliases)),
        original_script_names=unique(col(r, "script") for r in group),
        birth_dates=unique(dmy(col(r, "dob")) for r in group),
        nationalities=unique(col(r, "nationality") for r in group),
        countries=unique([*(a.country for a in addresses),
                          *(r.get("Current believed flag of ship") for r in group)]),
        addresses=tuple(dict.fromkeys(addresses)),
        identifiers=tuple(dict.fromkeys(identifiers)),
        programs=unique(col(r, "regime") for r in group),
        listed_on=listed[0] if listed else None, remarks="\n".join(remarks),
    )
