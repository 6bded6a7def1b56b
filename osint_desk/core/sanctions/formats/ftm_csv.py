"""OpenSanctions ``targets.simple.csv``: one row per target, multi-values joined by ``;``.

Columns (by header name): ``id, schema, name, aliases, birth_date, countries, addresses,
identifiers, sanctions, phones, emails, program_ids, dataset, first_seen, last_seen,
last_change`` (``program_ids`` only in newer files). No publication date. Every row is a
target, so every row is kept, whatever its schema: people and bodies, and also crypto wallets,
vessels, aircraft and securities, which the file names by their number. ``identifiers`` gives
bare values, so their kind is told from the row's schema and the value's shape
(``ftm_things.guess_kind``); a row with no usable name (a wallet) is named by its identifier.
The multi-values are written by ``csv.writer`` with ``;`` as delimiter (a value holding ``;``
is quoted), and read back the same way. ``sanctions`` holds summaries ("Program - Reason -
Start"), kept as remarks; ``program_ids`` become the programmes.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

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
from osint_desk.core.sanctions.formats.ftm_json import list_key_for
from osint_desk.core.sanctions.formats.ftm_things import fallback_name, guess_kind, usable
from osint_desk.core.sanctions.formats.tabular import head_lines, rows

REQUIRED = ("id", "schema", "name", "aliases")


def looks_like(path: Path) -> bool:
    first = (head_lines(path, 1) or [""])[0].replace('"', "")
    return first.startswith("id,schema,name,aliases")


def split_values(text: str | None) -> list[str]:
    """The values of one multi-value cell, as ``csv.writer(delimiter=";")`` wrote them (the
    cell is already bounded by ``MAX_CSV_FIELD_CHARS``)."""
    if not text or not text.strip():
        return []
    try:
        cells = next(csv.reader([text], delimiter=";"), [])
    except csv.Error:  # a stray quote: the plain split is the best reading
        cells = text.split(";")
    return [c.strip() for c in cells if c.strip()]


def parse(paths: list[Path]) -> tuple[ListInfo, Iterator[ListEntry]]:
    if len(paths) != 1:
        raise ListFormatError(f"{paths[0]}: give one targets.simple.csv file at a time")
    path = paths[0]
    info = ListInfo("OpenSanctions", list_key_for(path), f"OpenSanctions: {path.name}", None,
                    set_sha256([path]), (path.name,))
    return info, _entries(path, info)


def _entries(path: Path, info: ListInfo) -> Iterator[ListEntry]:
    other: Counter[str] = Counter()
    for line, row in rows(path, required=REQUIRED):
        schema, ref = row.get("schema", ""), row.get("id", "")
        if not ref or not schema:
            raise ListFormatError(f"{path}: line {line}: a target without id or schema")
        if schema not in SCHEMAS:
            other[schema] += 1
        identifiers = [Identifier(guess_kind(schema, i), i)
                       for i in unique(split_values(row.get("identifiers")))]
        name = row.get("name", "")
        if not usable(schema, name):
            name = fallback_name(identifiers, ref)
        aliases = [Alias(a) for a in unique(split_values(row.get("aliases"))) if a != name]
        yield ListEntry(
            authority="OpenSanctions", list_key=info.list_key, entry_ref=ref,
            schema=schema, name=name, aliases=tuple(aliases),
            birth_dates=unique(partial_date(d) for d in split_values(row.get("birth_date"))),
            countries=unique(split_values(row.get("countries"))),
            addresses=tuple(Address(a) for a in unique(split_values(row.get("addresses")))),
            identifiers=tuple(identifiers),
            programs=unique(split_values(row.get("program_ids"))),
            remarks="\n".join(split_values(row.get("sanctions"))),
        )
    if other:
        info.warnings.append(
            f"{path}: kept as entries of a type screening does not weigh by type: "
            + ", ".join(f"{n:,} {s}" for s, n in sorted(other.items())))
