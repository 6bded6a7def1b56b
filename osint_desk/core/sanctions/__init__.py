"""Reference sanctions lists: the entry model, importers (``formats``), the list library.

Screening lives in ``matching``. Importing this package stays light (no lxml, no SQLite);
``library`` and ``formats`` are imported where they are used.
"""

from osint_desk.core.sanctions.entries import (
    Address,
    Alias,
    Identifier,
    ListEntry,
    ListFormatError,
    ListInfo,
)

__all__ = ["Address", "Alias", "Identifier", "ListEntry", "ListFormatError", "ListInfo"]
