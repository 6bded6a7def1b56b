"""A table model over the lists in the library: one row per imported list.

A library holds a handful of lists (OFAC SDN, UN, EU...), never thousands, so the model keeps
the summaries it is given; the dialog reads them from its own connection and calls
:meth:`ListsTableModel.set_summaries` after every change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QFontDatabase

from osint_desk.core.safe_text import for_display
from osint_desk.core.sanctions.library import ListSummary
from osint_desk.ui.lists.texts import previous_text

AnyIndex = QModelIndex | QPersistentModelIndex
LIST_KEY_ROLE = Qt.ItemDataRole.UserRole + 1  # the list key ("un-sc", "ofac-sdn"...)
SORT_ROLE = Qt.ItemDataRole.UserRole + 2  # raw values, so numbers and dates sort as such

AUTHORITY, NAME, PUBLISHED, IMPORTED, ENTRIES, NAMES, SHA256 = range(7)
HEADERS = ("Authority", "List", "Published", "Imported", "Entries", "Names", "SHA-256")
HEADER_TIPS = (
    "Who publishes the list",
    "The list's name as its file gives it",
    "The publication date the file carries (or the one given at import);"
    " “unknown” when neither is known",
    "When the list was imported into this library (local time)",
    "Listed persons, organisations, vessels and aircraft",
    "Names and aliases that screening compares against",
    "SHA-256 of the imported file (or file set): the provenance copied into cases",
)
SHORT_HASH = 12


def local_time(instant: str) -> tuple[str, str]:
    """A stored UTC instant as ("2026-02-27 14:05" in local time, a tooltip with both)."""
    try:
        when = dt.datetime.fromisoformat(instant)
    except ValueError:
        return instant, instant
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    local = when.astimezone()
    zone = local.tzname() or "local time"
    tip = (f"{local:%Y-%m-%d %H:%M:%S} {zone}\n"
           f"{when.astimezone(dt.UTC):%Y-%m-%d %H:%M:%S} UTC")
    return f"{local:%Y-%m-%d %H:%M}", tip


def files_text(summary: ListSummary) -> str:
    files = summary.info.source_files
    if not files:
        return "Source files: not recorded"
    return "Source files:\n" + "\n".join(f"  {name}" for name in files)


class ListsTableModel(QAbstractTableModel):
    """Authority, name, publication date, import time, counts and hash of each list."""

    def __init__(self, summaries: Sequence[ListSummary] = (), parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[ListSummary] = list(summaries)
        self._mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self._italic = QFont()
        self._italic.setItalic(True)

    # -- content --------------------------------------------------------------------------

    def set_summaries(self, summaries: Sequence[ListSummary]) -> None:
        self.beginResetModel()
        self._rows = list(summaries)
        self.endResetModel()

    def summary(self, row: int) -> ListSummary | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def summaries(self) -> list[ListSummary]:
        return list(self._rows)

    def row_of(self, list_key: str) -> int:
        """The row of a list, or -1."""
        return next((i for i, s in enumerate(self._rows) if s.info.list_key == list_key), -1)

    # -- Qt -------------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return HEADER_TIPS[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section in (ENTRIES, NAMES):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        summary, column = self._rows[index.row()], index.column()
        # Names, keys and file names come from the list files: shown with visible marks.
        if role == Qt.ItemDataRole.DisplayRole:
            return for_display(self._display(summary, column))
        if role == Qt.ItemDataRole.ToolTipRole:
            return for_display(self._tooltip(summary, column))
        if role == SORT_ROLE:
            return self._sort_value(summary, column)
        if role == LIST_KEY_ROLE:
            return summary.info.list_key
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (ENTRIES, NAMES):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole:
            if column == SHA256:
                return self._mono
            if column == PUBLISHED and not summary.info.published:
                return self._italic
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{HEADERS[column]}: {self._display(summary, column)}"
        return None

    def _display(self, summary: ListSummary, column: int) -> str:
        info = summary.info
        if column == AUTHORITY:
            return info.authority
        if column == NAME:
            return info.list_name or info.list_key
        if column == PUBLISHED:
            return info.published or "unknown"
        if column == IMPORTED:
            return local_time(summary.imported_at)[0]
        if column == ENTRIES:
            return f"{summary.entry_count:,}"
        if column == NAMES:
            return f"{summary.name_count:,}"
        digest = info.file_sha256
        return digest[:SHORT_HASH] + "…" if len(digest) > SHORT_HASH else digest

    def _tooltip(self, summary: ListSummary, column: int) -> str:
        info = summary.info
        if column == NAME:
            return f"{info.list_name}\nList key: {info.list_key}\n{files_text(summary)}"
        if column == PUBLISHED:
            previous = previous_text(summary)
            if info.published:
                return f"Published {info.published}" + (f"\n{previous}" if previous else "")
            return ("The file carries no publication date and none was given at import.\n"
                    "Import it again with a publication date to record one."
                    + (f"\n{previous}" if previous else ""))
        if column == IMPORTED:
            return "Imported " + local_time(summary.imported_at)[1]
        if column == ENTRIES:
            return f"{summary.entry_count:,} listed entries"
        if column == NAMES:
            return f"{summary.name_count:,} names and aliases"
        if column == SHA256:
            return f"SHA-256 {info.file_sha256}\n{files_text(summary)}"
        return f"{info.authority}: {info.list_name}"

    def _sort_value(self, summary: ListSummary, column: int) -> Any:
        if column == ENTRIES:
            return summary.entry_count
        if column == NAMES:
            return summary.name_count
        if column == IMPORTED:
            return summary.imported_at
        if column == PUBLISHED:
            return summary.info.published or ""
        if column == SHA256:
            return summary.info.file_sha256
        return self._display(summary, column).casefold()
