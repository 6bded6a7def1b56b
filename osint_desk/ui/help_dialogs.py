"""Help menu dialogs: every command of the menus with its keys, read from the actions."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMenu,
    QMenuBar,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


def shortcut_rows(menu_bar: QMenuBar) -> list[tuple[str, str, str]]:
    """(menu, command, keys) for every menu command that has keys, in menu order."""
    rows: list[tuple[str, str, str]] = []
    for top in menu_bar.actions():
        menu = top.menu()
        if not isinstance(menu, QMenu):
            continue
        for action in menu.actions():
            rows.extend(_rows(top.text(), action))
    return rows


def _rows(menu_name: str, action: QAction) -> list[tuple[str, str, str]]:
    submenu = action.menu()
    if isinstance(submenu, QMenu):
        found: list[tuple[str, str, str]] = []
        for sub in submenu.actions():
            found.extend(_rows(menu_name, sub))
        return found
    keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()]
    if action.isSeparator() or not keys:
        return []
    command = action.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
    return [(menu_name.replace("&", ""), command.rstrip("…"), ", ".join(keys))]


class ShortcutsDialog(QDialog):
    """A table of the menus' commands and their keys (the actions are the only truth)."""

    def __init__(self, menu_bar: QMenuBar, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        rows = shortcut_rows(menu_bar)
        self.table = QTableWidget(len(rows), 3)
        self.table.setHorizontalHeaderLabels(["Menu", "Command", "Keys"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, values in enumerate(rows):
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("In the source reader: select words and press Ctrl+E to cut an"
                                " excerpt; Delete removes the excerpt at the cursor (asks"
                                " first). Everything can be undone."))
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(560, 520)
