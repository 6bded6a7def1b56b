"""A card's attributes as a small key/value table keyed by FollowTheMoney property names.

Several values (nationality: ru, ua) are shown and typed comma-separated; free-text properties
such as addresses hold commas themselves, so theirs are separated by semicolons. The table
reports the whole new mapping once a cell edit is finished, so each edit is one undo step.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

# Common FtM properties of the card types offered here (Person, Organization, Vessel...).
FTM_PROPERTIES = (
    "birthDate", "deathDate", "birthPlace", "nationality", "citizenship", "gender", "position",
    "country", "jurisdiction", "mainCountry", "address", "idNumber", "passportNumber",
    "registrationNumber", "taxNumber", "innCode", "ogrnCode", "incorporationDate",
    "dissolutionDate", "legalForm", "status", "sector", "email", "phone", "website",
    "imoNumber", "mmsi", "flag", "callSign", "registrationDate", "date", "city", "region",
    "weakAlias", "notes",
)
FREE_TEXT = frozenset({"address", "position", "notes", "birthPlace", "legalForm", "sector"})
Index = QModelIndex | QPersistentModelIndex


def separator(prop: str) -> str:
    return "; " if prop in FREE_TEXT else ", "


def format_value(prop: str, value: Any) -> str:
    if isinstance(value, list | tuple):
        return separator(prop).join(str(v) for v in value)
    return "" if value is None else str(value)


def parse_value(prop: str, text: str, was_list: bool) -> Any:
    """A list when several values were typed (or the property held a list), else text."""
    sep = separator(prop).strip()
    parts = [part.strip() for part in text.split(sep)] if sep in text else [text.strip()]
    parts = [part for part in parts if part]
    if len(parts) > 1 or (was_list and parts):
        return parts
    return parts[0] if parts else ""


class _PropertyDelegate(QStyledItemDelegate):
    """An editable combo of FtM property names for the key column."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: Index) -> QWidget:
        if index.column() != 0:
            return super().createEditor(parent, option, index)
        combo = QComboBox(parent)
        combo.setEditable(True)
        combo.addItems(list(FTM_PROPERTIES))
        combo.setAccessibleName("Property name")
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, QComboBox):
            editor.setEditText(str(index.data() or ""))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentText().strip())
        else:
            super().setModelData(editor, model, index)


class AttributesEditor(QWidget):
    """Key/value table with Add and Remove; ``changed(mapping)`` after each finished edit."""

    changed = Signal(dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._was_list: dict[str, bool] = {}
        self._loading = False
        self.model = QStandardItemModel(0, 2, self)
        self.model.setHorizontalHeaderLabels(["Property (FtM)", "Value"])
        self.model.itemChanged.connect(self._on_item_changed)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Attributes")
        self.table.setItemDelegate(_PropertyDelegate(self.table))
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        self.table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.table.setWordWrap(True)
        self.add_button = QPushButton("Add property")
        self.add_button.setAccessibleName("Add an attribute")
        self.add_button.clicked.connect(self.add_row)
        self.remove_button = QPushButton("Remove")
        self.remove_button.setAccessibleName("Remove the selected attribute")
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.table)
        column.addLayout(buttons)

    def load(self, attributes: dict[str, Any]) -> None:
        if self.table.state() == QAbstractItemView.State.EditingState:
            return  # the user is typing in a cell: keep it
        if attributes == self.mapping() and not self._has_blank_rows():
            return
        self._loading = True
        self.model.removeRows(0, self.model.rowCount())
        self._was_list = {}
        for prop, value in attributes.items():
            self._was_list[prop] = isinstance(value, list | tuple)
            value_item = QStandardItem(format_value(prop, value))
            value_item.setToolTip(
                "Several values: separate them with " + separator(prop).strip())
            self.model.appendRow([QStandardItem(prop), value_item])
        self._loading = False

    def mapping(self) -> dict[str, Any]:
        """The attributes the table shows (rows without a property or value are skipped)."""
        result: dict[str, Any] = {}
        for row in range(self.model.rowCount()):
            prop = (self.model.item(row, 0).text() or "").strip()
            text = self.model.item(row, 1).text() if self.model.item(row, 1) else ""
            value = parse_value(prop, text or "", self._was_list.get(prop, False))
            if prop and value not in ("", []):
                result[prop] = value
        return result

    def _has_blank_rows(self) -> bool:
        return any(not (self.model.item(r, 0).text().strip() and self.model.item(r, 1).text())
                   for r in range(self.model.rowCount()))

    def set_editable(self, editable: bool) -> None:
        self.table.setEditTriggers(
            self.table.editTriggers() if editable else QAbstractItemView.EditTrigger.NoEditTriggers)
        self.add_button.setVisible(editable)
        self.remove_button.setVisible(editable)

    def add_row(self) -> None:
        self._loading = True
        self.model.appendRow([QStandardItem(""), QStandardItem("")])
        self._loading = False
        index = self.model.index(self.model.rowCount() - 1, 0)
        self.table.setCurrentIndex(index)
        self.table.setFocus()
        self.table.edit(index)

    def remove_selected(self) -> None:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()}
                      or {self.table.currentIndex().row()} - {-1}, reverse=True)
        if not rows:
            return
        for row in rows:
            self.model.removeRow(row)
        self.changed.emit(self.mapping())

    def _on_item_changed(self, _item: QStandardItem) -> None:
        if not self._loading:
            self.changed.emit(self.mapping())
