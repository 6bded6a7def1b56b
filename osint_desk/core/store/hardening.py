"""Connection settings for files we did not write ourselves, and a bound on unverified reads.

SQLite trusts the schema it finds in a file: views and triggers in it run with the rights of the
app. These settings take that trust away until the schema has been compared with ours
(``trusted_schema = OFF``: functions that are not innocuous cannot run from a schema; no
extension loading; defensive mode where Python offers it; no ATTACH), and :func:`bounded` stops
any statement that runs too long while the schema has not been checked yet, so a recursive view
planted in a file cannot hang the app.
"""

from __future__ import annotations

import contextlib
import functools
import sqlite3
import time
from collections.abc import Iterator

from osint_desk.core.errors import NotACaseFileError
from osint_desk.core.store import drivers

#: How long reading an unverified file's header and schema may take. A real case needs a few
#: milliseconds; a planted recursive view would run for ever.
UNVERIFIED_SECONDS = 5.0
#: SQLite virtual-machine steps between two looks at the clock (cheap: microseconds).
_PROGRESS_STEPS = 10_000


def trust_verified_schema(conn: sqlite3.Connection) -> None:
    """Once the schema is known to be exactly ours, let it run: our triggers keep the FTS5
    index, which SQLite refuses to untrusted schemas, and our CHECKs use ``json_valid``."""
    conn.execute("PRAGMA trusted_schema = ON")


@functools.cache
def json_is_innocuous() -> bool:
    """Whether this SQLite lets an untrusted schema use ``json_valid`` (3.45+ does).

    Where it does not, SQLite cannot even parse our own tables with ``trusted_schema = OFF``,
    so the catalogue is read trusted; reading ``sqlite_master`` parses the schema but runs
    none of it, and nothing else is read before the schema has been compared with ours.
    """
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute("CREATE TABLE t (x TEXT CHECK (json_valid(x)))")
        conn.execute("PRAGMA trusted_schema = OFF")
        conn.execute("INSERT INTO t VALUES ('{}')")
    except sqlite3.OperationalError:
        return False
    finally:
        conn.close()
    return True


def read_catalogue_trusted_if_needed(conn: sqlite3.Connection) -> None:
    """See :func:`json_is_innocuous`."""
    if not json_is_innocuous():
        conn.execute("PRAGMA trusted_schema = ON")


def harden(conn: sqlite3.Connection) -> None:
    """Distrust the file's schema; no extensions, no attached databases."""
    conn.execute("PRAGMA trusted_schema = OFF")
    conn.execute("PRAGMA cell_size_check = ON")  # damaged pages found, not followed
    if hasattr(conn, "enable_load_extension"):  # absent when Python was built without it
        conn.enable_load_extension(False)
    setconfig = getattr(conn, "setconfig", None)  # Python 3.12+
    if setconfig is not None:
        setconfig(sqlite3.SQLITE_DBCONFIG_DEFENSIVE, True)  # type: ignore[attr-defined]
    setlimit = getattr(conn, "setlimit", None)  # Python 3.11+; SQLCipher's driver lacks it
    if setlimit is not None:
        setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
    else:
        conn.set_authorizer(_refuse_attach)


def _refuse_attach(action: int, *_args: object) -> int:
    """An authorizer for connections without ``setlimit``: no ATTACH (see :func:`harden`)."""
    return sqlite3.SQLITE_DENY if action == sqlite3.SQLITE_ATTACH else sqlite3.SQLITE_OK


@contextlib.contextmanager
def bounded(conn: sqlite3.Connection, what: str, seconds: float = UNVERIFIED_SECONDS,
            ) -> Iterator[None]:
    """Abort any statement in the block after ``seconds``, with a message naming ``what``."""
    deadline = time.monotonic() + seconds

    def _past_deadline() -> int:
        return 1 if time.monotonic() > deadline else 0

    conn.set_progress_handler(_past_deadline, _PROGRESS_STEPS)
    try:
        yield
    except drivers.OperationalError as exc:
        if "interrupted" in str(exc):
            raise NotACaseFileError(
                f"{what}: reading the file took more than {seconds:g} s and was stopped; it is"
                " damaged or built to hang the reader"
            ) from None
        raise
    finally:
        conn.set_progress_handler(None, 0)
