"""A card's aliases: the list (name, kind, script, language), adding one in any script, and
removing one. The script is guessed from the letters typed and can be overridden."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from osint_desk.core.model import AliasKind
from osint_desk.core.store.records import Alias
from osint_desk.ui.widgets.columns import FittedColumns
from osint_desk.ui.widgets.dossier_models import ID_ROLE, AliasModel
from osint_desk.ui.widgets.forms import SCRIPT_CHOICES, ErrorLabel, guess_script


class _AliasTable(QTableView):
    delete_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.delete_pressed.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class AliasesEditor(QWidget):
    """Emits ``add_requested(name, kind, script, language)`` and ``remove_requested(id)``."""

    add_requested = Signal(str, str, str, str)
    remove_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = AliasModel(self)
        self.table = _AliasTable()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Aliases")
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # Names whole (the card page scrolls sooner than it cuts one); the name column also
        # takes the width left over.
        self.columns = FittedColumns(self.table, 0, hold_width=True)
        self.table.delete_pressed.connect(self.remove_selected)
        self.name = QLineEdit()
        self.name.setPlaceholderText("New alias, any script…")
        self.name.setAccessibleName("New alias")
        self.name.textEdited.connect(self._guess_script)
        self.name.returnPressed.connect(self._add)
        self.kind = QComboBox()
        self.kind.setAccessibleName("Alias kind")
        for kind in AliasKind:
            self.kind.addItem(kind.value, kind.value)
        self.kind.setToolTip("Strong aliases are screened; weak ones and nicknames are shown only")
        self.script = QComboBox()
        self.script.setEditable(True)
        self.script.addItems(["", *SCRIPT_CHOICES])
        self.script.setAccessibleName("Alias script")
        self.script.setToolTip("ISO 15924 script code; guessed from the letters typed")
        self.script.setMinimumContentsLength(4)
        line = self.script.lineEdit()
        if line is not None:  # a script chosen by hand is not overwritten by the guess
            line.setAccessibleName("Alias script")
            line.textEdited.connect(lambda _text: setattr(self, "_script_guessed", False))
        self.language = QLineEdit()
        self.language.setPlaceholderText("lang")
        self.language.setAccessibleName("Alias language")
        self.language.setMaximumWidth(56)
        self.add_button = QPushButton("Add alias")
        self.add_button.clicked.connect(self._add)
        self.remove_button = QPushButton("Remove")
        self.remove_button.setAccessibleName("Remove the selected alias")
        self.remove_button.clicked.connect(self.remove_selected)
        self.error = ErrorLabel()
        add_row = QHBoxLayout()
        add_row.addWidget(self.name, 1)
        add_row.addWidget(self.kind)
        add_row.addWidget(self.script)
        add_row.addWidget(self.language)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.table)
        column.addLayout(add_row)
        column.addLayout(buttons)
        column.addWidget(self.error)
        self._script_guessed = True

    def load(self, aliases: tuple[Alias, ...]) -> None:
        selected = self.selected_id()
        self.model.load(aliases)
        self.columns.refit()
        for row in range(self.model.rowCount()):
            if self.model.item(row, 0).data(ID_ROLE) == selected:
                self.table.selectRow(row)

    def selected_id(self) -> str:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row()):
            return ""
        return str(self.model.item(index.row(), 0).data(ID_ROLE) or "")

    def set_editable(self, editable: bool) -> None:
        for widget in (self.name, self.kind, self.script, self.language, self.add_button,
                       self.remove_button):
            widget.setVisible(editable)

    def remove_selected(self) -> None:
        alias_id = self.selected_id()
        if alias_id:
            self.remove_requested.emit(alias_id)

    def _guess_script(self, text: str) -> None:
        if self._script_guessed or not self.script.currentText():
            self.script.setCurrentText(guess_script(text))
            self._script_guessed = True

    def _add(self) -> None:
        name = " ".join(self.name.text().split())
        if not name:
            self.error.show_error("Type the alias first.")
            return
        self.error.clear_error()
        self.add_requested.emit(name, str(self.kind.currentData()),
                                self.script.currentText().strip(), self.language.text().strip())

    def added(self) -> None:
        """The alias was stored: empty the fields for the next one."""
        self.name.clear()
        self.script.setCurrentText("")
        self._script_guessed = True
        self.name.setFocus()
