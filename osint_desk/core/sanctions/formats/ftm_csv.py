"""OpenSanctions ``targets.simple.csv``: one row per target, multi-values joined by ``;``.

Columns (by header name): ``id, schema, name, aliases, birth_date, countries, addresses,
identifiers, sanctions, phones, emails, program_ids, dataset, first_seen, last_seen,
last_change``. No publication date. ``sanctions`` holds free-text summaries of the sanctions
("Authority - Program - Reason"), kept as remarks; ``program_ids`` (newer files) become the
programmes.
"""

from __future__ import annotations

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
from osint_desk.core.sanctions.formats.tabular import head_lines, rows, split_multi

REQUIRED = ("id", "schema", "name", "aliases")


def looks_like(path: Path) -> bool:
    first = (head_lines(path, 1) or [""])[0].replace('"', "")
    return first.startswith("id,schema,name,aliases")


def parse(paths: list[Path]) -> tuple[ListInfo, Iterator[ListEntry]]:
    if len(paths) != 1:
        raise ListFormatError(f"{paths[0]}: give one targets.simple.csv file at a time")
    path = paths[0]
    info = ListInfo("OpenSanctions", list_key_for(path), f"OpenSanctions: {path.name}", None,
                    set_sha256([path]), (path.name,))
    return info, _entries(path, info.list_key)


def _entries(path: Path, list_key: str) -> Iterator[ListEntry]:
    for line, row in rows(path, required=REQUIRED):
        schema = row.get("schema", "")
        if schema not in SCHEMAS:
            continue
        if not row.get("id") or not row.get("name"):
            raise ListFormatError(f"{path}: line {line}: a target without id or name")
        name = row["name"]
        aliases = [Alias(a) for a in unique(split_multi(row.get("aliases"))) if a != name]
        yield ListEntry(
            authority="OpenSanctions", list_key=list_key, entry_ref=row["id"],
            schema=schema, name=name, aliases=tuple(aliases),
            birth_dates=unique(partial_date(d) for d in split_multi(row.get("birth_date"))),
            countries=unique(split_multi(row.get("countries"))),
            addresses=tuple(Address(a) for a in unique(split_multi(row.get("addresses")))),
            identifiers=tuple(Identifier("Identifier", i)
                              for i in unique(split_multi(row.get("identifiers")))),
            programs=unique(split_multi(row.get("program_ids"))),
            remarks="\n".join(split_multi(row.get("sanctions"))),
        )
