"""The review queue's table: every suggestion with its decision; the view filters it.

Texts come from hostile sources: cells show controls and bidi overrides as visible marks
(``core.safe_text.for_display``), never obey them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from osint_desk.core.safe_text import for_display
from osint_desk.ui.review.items import KIND_LABELS, STATE_LABELS, Decisions, ReviewItem

_Index = QModelIndex | QPersistentModelIndex
ITEM_ROLE = Qt.ItemDataRole.UserRole + 1
_TINTS = {"accepted": QColor(40, 167, 69, 60), "rejected": QColor(128, 128, 128, 40),
          "ignored": QColor(128, 128, 128, 40)}


class SuggestionsModel(QAbstractTableModel):
    """Kind, text, why, source (on a whole case's queue) and decision of each suggestion."""

    def __init__(self, *, with_source: bool) -> None:
        super().__init__()
        self.with_source = with_source
        self.items: list[ReviewItem] = []

    @property
    def headers(self) -> tuple[str, ...]:
        base = ("Kind", "Text", "Why")
        return (*base, "Source", "Decision") if self.with_source else (*base, "Decision")

    def set_items(self, items: Iterable[ReviewItem]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def apply(self, decisions: Decisions, live_cards: set[str]) -> None:
        """Every row's decision as the store has it now (after an edit, undo or reload)."""
        changed = False
        for row, item in enumerate(self.items):
            now = decisions.apply(item, live_cards)
            if now != item:
                self.items[row] = now
                changed = True
        if changed and self.items:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self.items) - 1, len(self.headers) - 1))

    def counts(self) -> dict[str, int]:
        found: dict[str, int] = {}
        for item in self.items:
            found[item.state] = found.get(item.state, 0) + 1
        return found

    # -- QAbstractTableModel ---------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.headers):
            return self.headers[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        item = self.items[index.row()]
        column = self.headers[index.column()]
        if role == ITEM_ROLE:
            return item
        if role == Qt.ItemDataRole.BackgroundRole:
            return _TINTS.get(item.state)
        if role == Qt.ItemDataRole.ToolTipRole and column in ("Text", "Why"):
            return for_display(f"{item.suggestion.text}\n{item.suggestion.reason}")
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        s = item.suggestion
        if column == "Kind":
            return KIND_LABELS.get(s.kind, s.kind)
        if column == "Text":
            text = for_display(" ".join(s.text.split()))
            return f"{text} = {s.value}" if s.value else text
        if column == "Why":
            return for_display(s.reason)
        if column == "Source":
            return for_display(item.source_title)
        return STATE_LABELS.get(item.state, item.state)
