"""Is this file's schema exactly ours? Compared with a catalogue built from the migrations.

A case file from someone else is data, not a program: SQLite runs whatever triggers and
views the file holds, so a planted ``AFTER INSERT`` trigger could copy every new card into
another table or wipe the audit log, and a view in place of ``case_meta`` could change what
an export says. Before anything else reads the file, its ``sqlite_master`` is compared with
the objects our own migration steps create (run once per process on an in-memory database,
so the schema is written only once), and anything else is refused by name.
"""

from __future__ import annotations

import functools
import sqlite3
from dataclasses import dataclass

from osint_desk.core.store.schema_sql import STEPS

#: sqlite-utils' record of applied migrations: its SQL is sqlite-utils' to write, so it is
#: checked by kind and table only. Neither object can hold code.
MIGRATIONS_TABLE = "_sqlite_migrations"
MIGRATIONS_INDEX = "idx__sqlite_migrations_migration_set_name"
#: Tables SQLite itself may add (AUTOINCREMENT, ANALYZE); triggers on them are impossible.
SQLITE_INTERNAL = frozenset({"sqlite_sequence", "sqlite_stat1", "sqlite_stat2",
                             "sqlite_stat3", "sqlite_stat4"})
#: FTS5 keeps its index in shadow tables whose SQL the SQLite version writes; plain tables.
FTS5_SHADOWS = ("_data", "_idx", "_docsize", "_config", "_content")


@dataclass(frozen=True)
class SchemaObject:
    type: str  # table, index, trigger, view
    name: str
    table: str
    sql: str | None


def _normalised(sql: str | None) -> str | None:
    return None if sql is None else " ".join(sql.split())


@functools.cache
def expected_objects(version: int) -> dict[str, SchemaObject]:
    """Every object steps 1..``version`` create, by name (a few milliseconds, once)."""
    if not 1 <= version <= len(STEPS):
        raise ValueError(f"no case schema {version}")
    conn = sqlite3.connect(":memory:")
    try:
        for _name, step in STEPS[:version]:
            step(conn.execute)
        rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    finally:
        conn.close()
    return {name: SchemaObject(kind, name, table, _normalised(sql))
            for kind, name, table, sql in rows}


def _virtual_tables(expected: dict[str, SchemaObject]) -> list[str]:
    return [obj.name for obj in expected.values()
            if obj.type == "table" and (obj.sql or "").upper().startswith("CREATE VIRTUAL")]


def _describe(obj: SchemaObject) -> str:
    on = f" on {obj.table}" if obj.type in ("trigger", "index") and obj.table != obj.name else ""
    return f"{obj.type} {obj.name!r}{on}"


def schema_problems(conn: sqlite3.Connection, version: int) -> list[str]:
    """What differs from our schema ``version``, one line per object; empty when it is ours."""
    expected = expected_objects(version)
    shadows = {f"{vt}{suffix}" for vt in _virtual_tables(expected) for suffix in FTS5_SHADOWS}
    actual = [SchemaObject(kind, name, table, _normalised(sql)) for kind, name, table, sql
              in conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master")]
    problems: list[str] = []
    seen: set[str] = set()
    for obj in actual:
        seen.add(obj.name)
        want = expected.get(obj.name)
        if obj.name in (MIGRATIONS_TABLE, MIGRATIONS_INDEX):
            kind = "table" if obj.name == MIGRATIONS_TABLE else "index"
            if obj.type != kind or obj.table != MIGRATIONS_TABLE:
                problems.append(f"{_describe(obj)} is not the migrations {kind} it should be")
        elif obj.name in SQLITE_INTERNAL and obj.type == "table":
            continue
        elif want is None:
            problems.append(f"unexpected {_describe(obj)}")
        elif obj.type != want.type:
            problems.append(f"{obj.name!r} is a {obj.type}, where OSINT Desk has a {want.type}")
        elif obj.table != want.table:
            problems.append(f"{_describe(obj)} belongs to {obj.table!r}, not {want.table!r}")
        elif obj.name in shadows:
            continue  # a plain table of the FTS5 index; it cannot hold code
        elif obj.sql != want.sql:
            problems.append(f"{_describe(obj)} differs from OSINT Desk's definition")
    for name, want in expected.items():
        if name not in seen and name not in shadows:
            problems.append(f"missing {_describe(want)}")
    return problems
