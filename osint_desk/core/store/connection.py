"""The case's SQLite connection and its transactions.

sqlite-utils' ``Database.atomic()`` semantics (BEGIN … COMMIT, nested blocks as savepoints,
rollback on any exception), on the plain ``sqlite3`` connection (or SQLCipher's twin of it for an
encrypted case, see ``encryption``), so that opening a current case
does not import sqlite-utils (and click, pluggy, dateutil with it): about a tenth of a second of
every start. Transactions begin IMMEDIATE: concurrent writers (the CLI while the window is open)
queue on the busy timeout instead of failing with "database is locked". Migrations still run
through sqlite-utils' ``Migrations`` (``utils_database()``).
"""

from __future__ import annotations

import contextlib
import secrets
import sqlite3
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from osint_desk.core.errors import CaseBusyError
from osint_desk.core.store import drivers

if TYPE_CHECKING:
    from sqlite_utils import Database


class CaseConnection:
    """One open connection; transactions as sqlite-utils makes them."""

    def __init__(self, conn: sqlite3.Connection, busy_timeout_s: float = 10.0) -> None:
        self.conn = conn
        self.busy_timeout_s = busy_timeout_s
        #: Set when a case asked for writing had to be opened read-only, and why.
        self.read_only_reason: str | None = None

    def execute(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, params)

    @contextlib.contextmanager
    def atomic(self) -> Iterator[None]:
        """Everything inside commits together or not at all; nested blocks are savepoints."""
        if self.conn.in_transaction:
            savepoint = f"osint_desk_{secrets.token_hex(8)}"
            self.conn.execute(f"SAVEPOINT {savepoint}")
            try:
                yield
            except BaseException:
                # A RAISE(ROLLBACK) trigger may already have ended the whole transaction.
                if self.conn.in_transaction:
                    self.conn.execute(f"ROLLBACK TO SAVEPOINT {savepoint}")
                    self.conn.execute(f"RELEASE SAVEPOINT {savepoint}")
                raise
            self.conn.execute(f"RELEASE SAVEPOINT {savepoint}")
            return
        self._begin_immediate()
        try:
            yield
        except BaseException:
            self._rollback()
            raise
        try:
            self.conn.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise

    def _begin_immediate(self) -> None:
        """Take the write lock first, so that concurrent writers queue (busy timeout) instead
        of failing when a read transaction cannot become a write one (SQLITE_BUSY)."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except drivers.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise CaseBusyError(
                    "another program is writing to this case and did not finish within"
                    f" {self.busy_timeout_s:g} s; nothing was changed, try again"
                ) from None
            raise

    def _rollback(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    @contextlib.contextmanager
    def autocommit(self) -> Iterator[None]:
        """No implicit transaction (``PRAGMA journal_mode`` cannot run inside one)."""
        previous = self.conn.isolation_level
        self.conn.isolation_level = None
        try:
            yield
        finally:
            self.conn.isolation_level = previous

    def utils_database(self) -> Database:
        """The same connection as a sqlite-utils ``Database``, for ``Migrations``."""
        from sqlite_utils import Database

        return Database(self.conn, execute_plugins=False)

    def close(self) -> None:
        self.conn.close()
