"""A card's merges: its "Merge with…" button and a "Merged from: A, B (date) [Split]" line
for each merge it survived, so a merge is undone from the card long after the undo stack
has forgotten it. Split pushes ``operations.merges.split_merge`` (itself undoable).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from osint_desk.core.errors import OsintDeskError
from osint_desk.core.safe_text import for_display
from osint_desk.core.store.merges import Merge
from osint_desk.ui.operations.merges import split_merge
from osint_desk.ui.session import CaseSession
from osint_desk.ui.widgets.commands import try_push
from osint_desk.ui.widgets.forms import ErrorLabel

#: Lines shown at most (a card merged more often says how many more there are).
MAX_LINES = 10


def merged_from_text(merge: Merge, names: dict[str, str]) -> str:
    """ "Merged from: A, B (2026-12-03)"."""
    members = ", ".join(for_display(names.get(m, m)) for m in merge.member_ids)
    return f"Merged from: {members} ({merge.created_at[:10]})"


class MergeHistory(QWidget):
    """The merges ``card_id`` survived, each with Split; ``merge_button`` goes in the card's
    header and opens the merge dialog with this card."""

    card_requested = Signal(str)  # the survivor of a merge made here, when not this card

    def __init__(self, session: CaseSession, card_id: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.card_id = card_id
        self.merges: list[Merge] = []
        self.lines: list[tuple[QLabel, QPushButton]] = []
        self.merge_button = QPushButton("Merge &with…")
        self.merge_button.setToolTip("Merge this card with other cards that are the same"
                                     " (Split undoes it)")
        self.merge_button.clicked.connect(self.open_dialog)
        self.more = QLabel()
        self.error = ErrorLabel()
        self._column = QVBoxLayout(self)
        self._column.setContentsMargins(0, 0, 0, 0)
        self._column.addWidget(self.more)
        self._column.addWidget(self.error)
        self.refresh()

    def refresh(self) -> None:
        """Read the card's merges again and show one line per merge it survived."""
        store = self.session.store
        try:
            merges = [m for m in store.merges.list(card_id=self.card_id)
                      if m.survivor_id == self.card_id]
        except OsintDeskError:
            merges = []
        self.merges = merges
        for label, button in self.lines:
            label.deleteLater()
            button.deleteLater()
        for index in reversed(range(self._column.count())):
            item = self._column.itemAt(index)
            if item is not None and item.layout() is not None:
                self._column.takeAt(index)
        self.lines = []
        names = store.entities.names([m for merge in merges for m in merge.member_ids])
        for merge in merges[:MAX_LINES]:
            label = QLabel(merged_from_text(merge, names))
            label.setWordWrap(True)
            button = QPushButton("Split")
            button.setAccessibleName(f"Split: {label.text()}")
            button.setToolTip("Undo this merge: the merged cards come back with everything"
                              " they had")
            button.setEnabled(not self.session.read_only)
            button.clicked.connect(lambda _checked=False, m=merge.id: self.split(m))
            row = QHBoxLayout()
            row.addWidget(label, 1)
            row.addWidget(button)
            self._column.insertLayout(len(self.lines), row)
            self.lines.append((label, button))
        extra = len(merges) - MAX_LINES
        self.more.setText(f"…and {extra} more merge{'' if extra == 1 else 's'}")
        self.more.setVisible(extra > 0)
        self.merge_button.setEnabled(not self.session.read_only)
        self.setVisible(bool(merges) or self.error.has_error())

    def split(self, merge_id: str) -> bool:
        """Split one merge (an undoable step); a refusal is shown under the lines."""
        _target, message = try_push(self.session, lambda: split_merge(self.session, merge_id))
        if message:
            self.error.show_error(for_display(message))
            self.setVisible(True)
            return False
        self.error.clear_error()
        return True

    def open_dialog(self) -> QWidget | None:
        """"Merge with…": the merge dialog with this card (it pushes its own command)."""
        if self.session.read_only:
            return None
        from osint_desk.ui.merge_dialog import open_merge_dialog

        dialog = open_merge_dialog(self.window(), self.session, [self.card_id])
        dialog.merged.connect(self._merged)
        return dialog

    def _merged(self, survivor: str) -> None:
        if survivor and survivor != self.card_id:
            self.card_requested.emit(survivor)
