"""What differs between the two database drivers: their error classes and their ``Row``.

A plain case is opened with ``sqlite3``, an encrypted one with SQLCipher (``sqlcipher3``), whose
exceptions are its own classes, not subclasses of ``sqlite3``'s. ``except drivers.Error``
catches both. The names are looked up at the moment of the ``except`` (module ``__getattr__``),
because ``sqlcipher3`` is imported only once an encrypted case is met: loading its library
takes a twentieth of a second that a plain start should not pay. Always write
``drivers.Error`` — ``from drivers import Error`` would freeze the tuple at import time.
"""

from __future__ import annotations

import sqlite3
import sys
from typing import cast

#: The module ``encryption`` imports SQLCipher as.
CIPHER_MODULE = "sqlcipher3.dbapi2"
_NAMES = frozenset({"Error", "DatabaseError", "OperationalError", "IntegrityError",
                    "ProgrammingError", "InterfaceError", "DataError", "InternalError",
                    "NotSupportedError"})


def classes(name: str) -> tuple[type[Exception], ...]:
    """``sqlite3.<name>``, and SQLCipher's ``<name>`` once SQLCipher is loaded."""
    plain: type[Exception] = getattr(sqlite3, name)
    cipher = sys.modules.get(CIPHER_MODULE)
    return (plain,) if cipher is None else (plain, getattr(cipher, name))


def __getattr__(name: str) -> tuple[type[Exception], ...]:
    if name in _NAMES:
        return classes(name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def row_class(conn: object) -> type[sqlite3.Row]:
    """The ``Row`` of ``conn``'s driver (``sqlite3.Row`` refuses SQLCipher's cursors); the
    two behave the same (``row["name"]``, ``keys()``)."""
    module = sys.modules.get(type(conn).__module__)
    return cast("type[sqlite3.Row]", getattr(module, "Row", sqlite3.Row))
