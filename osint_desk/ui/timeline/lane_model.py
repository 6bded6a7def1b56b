"""The lanes the analyst chooses and orders: a checkable list model (checked = shown).

The order and the hidden lanes outlive a reload (an edit, a filter): lanes still there keep
their place, new ones join at the end in the index's order (busiest first). A case of
thousands of cards opens with its ``SHOWN_AT_FIRST`` busiest lanes shown; the rest are a
tick away in the list.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from osint_desk.core.safe_text import for_display
from osint_desk.ui.models import ID_ROLE

SHOWN_AT_FIRST = 40
Index = QModelIndex | QPersistentModelIndex


class LaneModel(QAbstractListModel):
    lanes_changed = Signal()  # shown lanes or their order changed by the analyst

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.keys: list[str] = []
        self.titles: dict[str, str] = {}
        self.counts: dict[str, int] = {}
        self.hidden: set[str] = set()
        self._seen: set[str] = set()
        self.touched = False  # the analyst moved, hid or showed a lane

    def forget(self) -> None:
        """Drop the order and choices (a sketch's, replaced by the items' own)."""
        self.beginResetModel()
        self.keys, self.hidden, self._seen = [], set(), set()
        self.endResetModel()

    def set_lanes(self, order: list[str], titles: Mapping[str, str],
                  counts: Mapping[str, int]) -> None:
        """The lanes of a new index, merged with the analyst's order and choices."""
        present = set(order)
        kept = [key for key in self.keys if key in present]
        fresh = [key for key in order if key not in self._seen]
        for number, key in enumerate(fresh, start=len(self._seen)):
            if number >= SHOWN_AT_FIRST:
                self.hidden.add(key)
        self._seen.update(fresh)
        kept_set = set(kept)
        self.beginResetModel()
        self.keys = kept + [key for key in order if key not in kept_set]
        self.titles, self.counts = dict(titles), dict(counts)
        self.endResetModel()

    def shown(self) -> list[str]:
        return [key for key in self.keys if key not in self.hidden]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.keys)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.keys):
            return None
        key = self.keys[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return for_display(f"{self.titles.get(key, key)} ({self.counts.get(key, 0)})")
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Unchecked if key in self.hidden else Qt.CheckState.Checked
        if role == Qt.ItemDataRole.ToolTipRole:
            return for_display(self.titles.get(key, key))
        if role == ID_ROLE:
            return key
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemNeverHasChildren)

    def setData(self, index: Index, value: object,
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid():
            return False
        key = self.keys[index.row()]
        checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, 2)
        self.set_shown([key], checked)
        return True

    def set_shown(self, keys: list[str], shown: bool) -> None:
        self.touched = True
        for key in keys:
            if shown:
                self.hidden.discard(key)
            elif key in self.titles:
                self.hidden.add(key)
            if key in self.keys:
                row = self.keys.index(key)
                self.dataChanged.emit(self.index(row), self.index(row),
                                      [Qt.ItemDataRole.CheckStateRole])
        self.lanes_changed.emit()

    def move(self, row: int, delta: int) -> bool:
        """Move the lane of *row* up (-1) or down (+1); False at an end."""
        target = row + delta
        if not (0 <= row < len(self.keys) and 0 <= target < len(self.keys)) or not delta:
            return False
        # beginMoveRows wants the row *before which* the moved row lands.
        destination = target + 1 if delta > 0 else target
        if not self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), destination):
            return False
        self.keys.insert(target, self.keys.pop(row))
        self.endMoveRows()
        self.touched = True
        self.lanes_changed.emit()
        return True

    def row_of(self, key: str) -> int:
        return self.keys.index(key) if key in self.keys else -1
