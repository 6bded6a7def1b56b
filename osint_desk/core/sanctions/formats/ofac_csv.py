"""OFAC legacy CSV sets: the SDN list (``sdn.csv`` + ``add.csv`` + ``alt.csv`` +
``sdn_comments.csv``) and the Consolidated list (``cons_prim.csv`` + ``cons_*``).

No header row; ``-0- `` is the null marker; line endings vary (CRLF or LF, sometimes no final
newline) and a trailing Ctrl-Z (0x1A) ends some files. Every row is checked for its column
count, so a truncated or foreign file fails with the file and line instead of importing junk.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from osint_desk.core.sanctions.entries import (
    Address,
    Alias,
    Identifier,
    ListEntry,
    ListFormatError,
    ListInfo,
    set_sha256,
    unique,
)
from osint_desk.core.sanctions.formats.ofac_remarks import parse_remarks
from osint_desk.core.sanctions.formats.tabular import (
    RowFeed,
    check_fields,
    csv_problem,
    read_bytes,
)

NULL = "-0-"
ROLES = {
    "sdn.csv": ("sdn", "primary"), "add.csv": ("sdn", "address"),
    "alt.csv": ("sdn", "alias"), "sdn_comments.csv": ("sdn", "comments"),
    "cons_prim.csv": ("cons", "primary"), "cons_add.csv": ("cons", "address"),
    "cons_alt.csv": ("cons", "alias"), "cons_comments.csv": ("cons", "comments"),
}
# Columns per row: primary 12, address 6, alias 5, comments 2.
WIDTHS = {"primary": 12, "address": 6, "alias": 5, "comments": 2}
LIST_NAMES = {
    "sdn": "OFAC Specially Designated Nationals and Blocked Persons (SDN) List",
    "cons": "OFAC Consolidated Sanctions (non-SDN) List",
}
SCHEMAS = {"individual": "Person", "vessel": "Vessel", "aircraft": "Airplane"}


def role_of(path: Path) -> tuple[str, str] | None:
    """("sdn" | "cons", "primary" | "address" | "alias" | "comments"), or None."""
    return ROLES.get(path.name.lower())


def read_rows(path: Path, role: str) -> Iterator[tuple[int, list[str | None]]]:
    """(line number, cells with ``-0-`` as None), checked for the role's column count."""
    data = read_bytes(path).rstrip(b"\x1a\r\n \t")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    if "\x00" in text:
        raise ListFormatError(f"{path}: a binary file, not an OFAC CSV file")
    width = WIDTHS[role]
    feed = RowFeed(path, text)
    reader = csv.reader(feed, strict=True)
    try:
        for row in reader:
            feed.used = 0
            check_fields(path, reader.line_num, row)
            if not row or (len(row) == 1 and not row[0].strip(" \x1a")):
                continue
            if len(row) != width:
                raise ListFormatError(
                    f"{path}: line {reader.line_num}: {len(row)} columns where an OFAC"
                    f" {role} file has {width}; the file is truncated, damaged or not"
                    " this format")
            # Remarks are cut at a fixed length and go on in the comments file mid-word, so
            # the last column keeps its spaces for joining.
            cells = [None if c.strip() == NULL else c if i == width - 1 else c.strip()
                     for i, c in enumerate(row)]
            if not (cells[0] or "").isdigit():
                raise ListFormatError(
                    f"{path}: line {reader.line_num}: the first column should be an OFAC"
                    f" entry number, not {row[0][:30]!r}")
            yield reader.line_num, cells
    except csv.Error as exc:
        raise csv_problem(path, reader.line_num, exc) from None


def _spaced(text: str) -> str:
    """Runs of spaces as one (the CSV set has a few double spaces the XML does not)."""
    return " ".join(text.split())


def _programs(value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    return unique(p.strip(" []") for p in value.split("] ["))


def parse(paths: list[Path]) -> tuple[ListInfo, Iterator[ListEntry]]:
    """The set's ListInfo and its entries. Rows of the side files whose entry is not in the
    primary file are ignored (the published sets contain a few)."""
    by_role: dict[str, Path] = {}
    kinds = set()
    for path in paths:
        found = role_of(path)
        if found is None:
            raise ListFormatError(f"{path}: not a file of an OFAC CSV set (expected sdn.csv,"
                                  " add.csv, alt.csv, sdn_comments.csv or cons_*.csv)")
        kinds.add(found[0])
        if found[1] in by_role:
            raise ListFormatError(f"{path}: given twice ({by_role[found[1]]})")
        by_role[found[1]] = path
    if len(kinds) != 1:
        raise ListFormatError(f"{paths[0]}: the files mix the SDN and the Consolidated sets")
    kind = kinds.pop()
    if "primary" not in by_role:
        main = "sdn.csv" if kind == "sdn" else "cons_prim.csv"
        raise ListFormatError(f"{paths[0]}: the OFAC CSV set lacks its main file {main}")
    info = ListInfo("OFAC", f"ofac-{kind}", LIST_NAMES[kind], None,
                    set_sha256(by_role.values()),
                    tuple(sorted(p.name for p in by_role.values())))
    return info, _entries(kind, by_role)


def _entries(kind: str, by_role: dict[str, Path]) -> Iterator[ListEntry]:
    addresses: dict[str, list[Address]] = defaultdict(list)
    aliases: dict[str, list[Alias]] = defaultdict(list)
    comments: dict[str, list[str]] = defaultdict(list)
    if "address" in by_role:
        for _, c in read_rows(by_role["address"], "address"):
            text = ", ".join(_spaced(p) for p in (c[2], c[3]) if p)
            if text or c[4]:
                addresses[c[0] or ""].append(Address(text or (c[4] or ""), c[4]))
    if "alias" in by_role:
        for _, c in read_rows(by_role["alias"], "alias"):
            if c[3]:
                aliases[c[0] or ""].append(Alias(_spaced(c[3]), "strong"))
    if "comments" in by_role:
        for _, c in read_rows(by_role["comments"], "comments"):
            if c[1]:
                comments[c[0] or ""].append(c[1])
    for line, c in read_rows(by_role["primary"], "primary"):
        ref = c[0] or ""
        if not c[1]:
            raise ListFormatError(f"{by_role['primary']}: line {line}: entry {ref} has no name")
        remarks = " ".join("".join([c[11] or "", *comments.get(ref, ())]).split())
        found = parse_remarks(remarks)
        entry_type = (c[2] or "").lower()
        identifiers = list(found.identifiers)
        if c[5]:
            identifiers.append(Identifier("Call Sign", c[5]))
        alias_names = {a.name for a in aliases.get(ref, ())}
        entry_aliases = [*aliases.get(ref, ()),
                         *(a for a in found.aliases if a.name not in alias_names)]
        entry_addresses = addresses.get(ref, [])
        yield ListEntry(
            authority="OFAC", list_key=f"ofac-{kind}", entry_ref=ref,
            schema=SCHEMAS.get(entry_type, "LegalEntity"), name=_spaced(c[1]),
            aliases=tuple(entry_aliases),
            birth_dates=unique(found.birth_dates),
            nationalities=unique(found.nationalities),
            countries=unique([*(a.country for a in entry_addresses), c[9], *found.countries]),
            addresses=tuple(entry_addresses),
            identifiers=tuple(dict.fromkeys(identifiers)),
            programs=_programs(c[3]),
            remarks=remarks,
            links=unique(found.links),
        )
