"""The "Merge cards" dialog: which cards are the same, which one survives, and what moves.

It starts with the cards it is given (a pair of possible duplicates, the card a "Merge
with…" came from); more come through the card picker. Merge pushes one undoable command
(``operations.merges.merge_cards``); a refusal from the store is shown in the dialog, which
stays open. Names come from outside, so they are shown with visible marks
(``core.safe_text.for_display``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from osint_desk.core.errors import NotFoundError
from osint_desk.core.model import ENTITY_TYPE_LABELS
from osint_desk.core.safe_text import for_display
from osint_desk.core.store.merges import MAX_MEMBERS
from osint_desk.core.store.records import Entity
from osint_desk.ui.operations.merges import merge_cards
from osint_desk.ui.session import CaseSession
from osint_desk.ui.widgets.card_picker import CardPicker
from osint_desk.ui.widgets.columns import FittedColumns
from osint_desk.ui.widgets.commands import try_push
from osint_desk.ui.widgets.forms import ErrorLabel, caption, fit_to_window, hint

HEADERS = ("", "Card", "Type", "Aliases", "Mentions", "Relationships")
#: The core's own refusal (``Merges.merge``), said before Merge is pressed.
TYPES_DIFFER = "only cards of the same type can be merged"
MOVED = "Aliases, relationships, mentions, sanctions records, screening decisions and tags"


def _quoted(names: list[str]) -> str:
    shown = [f"“{name}”" for name in names]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


class MergeDialog(QDialog):
    """Merge two or more cards of one type; ``merged`` carries the surviving card's id."""

    merged = Signal(str)

    def __init__(self, session: CaseSession, card_ids: list[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Merge cards")
        self.cards: list[Entity] = []
        self.survivor_id = ""  # "" with "Merge into a new card"
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setAccessibleName("Cards to merge")
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.columns = FittedColumns(self.table, 1)  # the card's name takes the spare width
        self.choices = QButtonGroup(self)
        self.picker = CardPicker(keep_text=False)
        self.picker.set_store(session.store)
        self.picker.setPlaceholderText("Type a card's name to add it")
        self.picker.setAccessibleName("Add card")
        self.add_button = QPushButton("&Add card…")
        self.remove_button = QPushButton("&Remove")
        self.new_card = QRadioButton("Merge into a &new card named")
        self.new_name = QLineEdit()
        self.new_name.setAccessibleName("Name of the new card")
        self.choices.addButton(self.new_card)
        self.summary = hint("")
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error = ErrorLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.merge_button = self.buttons.addButton(
            "&Merge", QDialogButtonBox.ButtonRole.AcceptRole)
        self._layout()
        self._connect()
        for card_id in dict.fromkeys(card_ids):
            self.add_card(card_id)
        fit_to_window(self, 720, 420)

    def _layout(self) -> None:
        column = QVBoxLayout(self)
        column.addWidget(caption("Cards to &merge (the checked one keeps its name and id)",
                                 self.table))
        column.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addWidget(self.picker, 1)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        column.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(self.new_card)
        row.addWidget(self.new_name, 1)
        column.addLayout(row)
        column.addWidget(self.summary)
        column.addWidget(self.error)
        column.addWidget(self.buttons)

    def _connect(self) -> None:
        self.picker.picked.connect(self.add_card)
        self.picker.message.connect(self._say)
        self.add_button.clicked.connect(lambda _checked=False: self.picker.setFocus())
        self.remove_button.clicked.connect(self.remove_selected)
        self.new_card.toggled.connect(lambda on: self._choose("" if on else self.survivor_id))
        self.new_name.textChanged.connect(lambda _text: self._update())
        self.buttons.rejected.connect(self.reject)
        self.merge_button.clicked.connect(self.merge)

    # -- the cards ----------------------------------------------------------------------------

    def card_ids(self) -> list[str]:
        return [card.id for card in self.cards]

    def add_card(self, card_id: str) -> bool:
        """Add a card to the merge (a card already there, or gone, is not added twice)."""
        if card_id in self.card_ids():
            return False
        if len(self.cards) >= MAX_MEMBERS:
            self._say(f"A merge takes at most {MAX_MEMBERS} cards.")
            return False
        try:
            card = self.session.store.entities.get(card_id)
        except NotFoundError as exc:
            self._say(str(exc))
            return False
        self.cards.append(card)
        self.picker.exclude = set(self.card_ids())
        if not self.survivor_id and not self.new_card.isChecked():
            self.survivor_id = card.id
        self._fill()
        return True

    def remove_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.remove_card(self.cards[rows[0].row()].id)

    def remove_card(self, card_id: str) -> None:
        self.cards = [card for card in self.cards if card.id != card_id]
        self.picker.exclude = set(self.card_ids())
        if self.survivor_id == card_id:
            self.survivor_id = self.cards[0].id if self.cards else ""
        self._fill()

    def _fill(self) -> None:
        """The table again from ``self.cards``, with a radio button per row."""
        store = self.session.store
        for button in self.choices.buttons():
            if button is not self.new_card:
                self.choices.removeButton(button)
        self.table.setRowCount(len(self.cards))
        for row, card in enumerate(self.cards):
            radio = QRadioButton("Keep")
            radio.setAccessibleName(f"Keep “{for_display(card.name)}”")
            radio.setChecked(card.id == self.survivor_id and not self.new_card.isChecked())
            radio.toggled.connect(lambda on, c=card.id: self._toggled(c, on))
            self.choices.addButton(radio)
            self.table.setCellWidget(row, 0, radio)
            mentions = len(store.excerpts.ids_of_entity(card.id))
            relationships = len(store.relationships.of_entity(card.id))
            values = (for_display(card.name), ENTITY_TYPE_LABELS.get(card.type, card.type),
                      str(len(card.aliases)), str(mentions), str(relationships))
            for column, text in enumerate(values, start=1):
                item = QTableWidgetItem(text)
                if column >= 3:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        self.columns.refit()
        self._update()

    def choose_survivor(self, card_id: str) -> None:
        """Check the row of ``card_id`` (or, with "", "Merge into a new card")."""
        if not card_id:
            self.new_card.setChecked(True)
            return
        for row, card in enumerate(self.cards):
            radio = self.table.cellWidget(row, 0)
            if card.id == card_id and isinstance(radio, QRadioButton):
                radio.setChecked(True)

    def _toggled(self, card_id: str, on: bool) -> None:
        if on:
            self._choose(card_id)

    def _choose(self, card_id: str) -> None:
        if card_id or self.new_card.isChecked():
            self.survivor_id = card_id or self.survivor_id
        self._update()

    # -- what happens -------------------------------------------------------------------------

    def problem(self) -> str:
        """Why Merge cannot be pressed yet ("" when it can)."""
        if self.session.read_only:
            return "This case is open read-only: cards cannot be merged."
        if len(self.cards) < 2:
            return "Add at least one more card to merge."
        if len({card.type for card in self.cards}) > 1:
            return TYPES_DIFFER[0].upper() + TYPES_DIFFER[1:] + "."
        if self.new_card.isChecked() and not self.new_name.text().strip():
            return "Type the name of the new card."
        return ""

    def sentence(self) -> str:
        """What Merge does, in one plain sentence."""
        if len(self.cards) < 2:
            return ""
        names = {card.id: for_display(card.name) for card in self.cards}
        if self.new_card.isChecked():
            target = f"a new card “{for_display(self.new_name.text().strip()) or '…'}”"
            members = list(names.values())
            split_on = "the new card's"
        else:
            target = f"“{names.get(self.survivor_id, '')}”"
            members = [n for c, n in names.items() if c != self.survivor_id]
            split_on = f"{target}'s"
        return (f"{MOVED} of {_quoted(members)} move to {target}; each merged card's name"
                f" becomes an alias of it. Split on {split_on} card undoes it.")

    def _update(self) -> None:
        problem = self.problem()
        self.merge_button.setEnabled(not problem)
        self.remove_button.setEnabled(bool(self.cards))
        for widget in (self.picker, self.add_button):
            widget.setEnabled(not self.session.read_only)
        self.new_name.setEnabled(self.new_card.isChecked())
        self.summary.setText(self.sentence())
        self._say(problem if len(self.cards) >= 2 else "")

    def _say(self, message: str) -> None:
        if message:
            self.error.show_error(for_display(message))
        else:
            self.error.clear_error()

    def merge(self) -> str:
        """Push the merge; the surviving card's id, or "" (the refusal shown)."""
        problem = self.problem()
        if problem:
            self._say(problem)
            return ""
        new_name = self.new_name.text().strip() if self.new_card.isChecked() else None
        into = None if new_name else self.survivor_id
        target, message = try_push(self.session, lambda: merge_cards(
            self.session, self.card_ids(), into=into, new_name=new_name))
        if message:
            self._say(message)
            return ""
        self.merged.emit(target)
        self.accept()
        return target


def open_merge_dialog(parent: QWidget, session: CaseSession,
                      card_ids: list[str]) -> MergeDialog:
    """Open the dialog window-modal (no nested event loop) and return it."""
    dialog = MergeDialog(session, card_ids, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
