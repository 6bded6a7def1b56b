"""The case-file migrations (sqlite-utils ``Migrations``) over the steps in ``schema_sql``.

Each step sets ``PRAGMA user_version`` itself, because ``Migrations`` records names and other
tools (and older apps) read the version number. ``application_id`` marks the file as ours.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from osint_desk.core.store.schema_sql import STEPS, Execute, run_script
from osint_desk.core.store.schema_version import APPLICATION_ID, SCHEMA_VERSION

__all__ = ["APPLICATION_ID", "MIGRATIONS", "SCHEMA_VERSION", "run_script"]

MIGRATIONS = Migrations("osint_desk.case")


def _register(name: str, step: Callable[[Execute], None]) -> None:
    def migration(db: Database) -> None:
        step(db.execute)

    migration.__name__ = f"m{name}"
    migration.__doc__ = step.__doc__
    MIGRATIONS(name=name)(migration)


for _name, _step in STEPS:
    _register(_name, _step)

if len(STEPS) != SCHEMA_VERSION:
    raise RuntimeError("schema_version.SCHEMA_VERSION must be the number of the last step")
