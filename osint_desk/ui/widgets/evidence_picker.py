"""Choosing evidence excerpts for a relationship: search the case, add, give each a role.

The result list is a lazy model: with no query it pages through ``excerpts.list`` as the user
scrolls (``canFetchMore``/``fetchMore``); with a query it shows ``store.search`` hits for
excerpts. Chosen excerpts are few, so each is a row with a role combo and a remove button.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from osint_desk.core.errors import NotFoundError
from osint_desk.core.model import EvidenceRole
from osint_desk.core.store import CaseStore
from osint_desk.ui.widgets.dossier_models import ID_ROLE, shorten

PAGE = 50
Index = QModelIndex | QPersistentModelIndex


class ExcerptSearchModel(QAbstractListModel):
    """Excerpts of the case: paged when browsing, ranked hits when searching."""

    def __init__(self, store: CaseStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self._rows: list[tuple[str, str, str]] = []  # id, quote, source id
        self._more = True
        self._titles: dict[str, str] = {}

    def set_query(self, text: str) -> None:
        """New rows inside one reset (the first page included), so views see one change."""
        self.beginResetModel()
        if text.strip():
            hits = self.store.search(text, kinds=("excerpt",), limit=100)
            self._rows = [(hit.id, hit.label, hit.parent_id or "") for hit in hits]
            self._more = False
        else:
            batch = self.store.excerpts.list(limit=PAGE)
            self._rows = [(e.id, e.quote, e.source_id) for e in batch]
            self._more = len(batch) == PAGE
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt API)
        return 0 if parent.isValid() else len(self._rows)

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and self._more

    def fetchMore(self, parent: Index) -> None:
        if parent.isValid() or not self._more:
            return
        batch = self.store.excerpts.list(offset=len(self._rows), limit=PAGE)
        self._more = len(batch) == PAGE
        if batch:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(batch) - 1)
            self._rows += [(e.id, e.quote, e.source_id) for e in batch]
            self.endInsertRows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        excerpt_id, quote, source_id = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"“{shorten(quote, 140)}”\n    — {self.title(source_id)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return quote
        if role == ID_ROLE:
            return excerpt_id
        return None

    def title(self, source_id: str) -> str:
        if source_id and source_id not in self._titles:
            try:
                self._titles[source_id] = self.store.sources.get(source_id).title
            except NotFoundError:
                self._titles[source_id] = ""
        return self._titles.get(source_id, "")


class _Results(QListView):
    add_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Insert):
            self.add_pressed.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class _EvidenceRow(QWidget):
    def __init__(self, quote: str, role: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.quote = QLabel(f"“{shorten(quote, 110)}”")
        self.quote.setToolTip(quote)
        self.quote.setWordWrap(True)
        self.quote.setTextFormat(Qt.TextFormat.PlainText)
        self.role = QComboBox()
        for value in EvidenceRole:
            self.role.addItem(value.value, value.value)
        self.role.setCurrentIndex(max(0, self.role.findData(role)))
        self.role.setAccessibleName(f"Role of “{shorten(quote, 40)}”")
        self.remove = QToolButton()
        self.remove.setText("✕")
        self.remove.setAutoRaise(True)
        self.remove.setAccessibleName(f"Remove “{shorten(quote, 40)}” from the evidence")
        row = QHBoxLayout(self)
        row.setContentsMargins(2, 1, 2, 1)
        row.addWidget(self.quote, 1)
        row.addWidget(self.role, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.remove, 0, Qt.AlignmentFlag.AlignTop)


class EvidencePicker(QWidget):
    """Search field, results, and the chosen excerpts with their roles."""

    def __init__(self, store: CaseStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search the case's excerpts…")
        self.search.setAccessibleName("Search excerpts")
        self.search.setClearButtonEnabled(True)
        self.model = ExcerptSearchModel(store, self)
        self.results = _Results()
        self.results.setModel(self.model)
        self.results.setAccessibleName("Matching excerpts")
        self.results.setWordWrap(True)
        self.results.setAlternatingRowColors(True)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.add_button = QPushButton("Add as evidence ↓")
        self.add_button.setAccessibleName("Add the selected excerpt as evidence")
        self.chosen_box = QWidget()
        self.chosen_layout = QVBoxLayout(self.chosen_box)
        self.chosen_layout.setContentsMargins(0, 0, 0, 0)
        self.chosen_layout.setSpacing(0)
        self.chosen_layout.addStretch(1)
        self.chosen_scroll = QScrollArea()
        self.chosen_scroll.setWidgetResizable(True)
        self.chosen_scroll.setWidget(self.chosen_box)
        self.chosen_scroll.setAccessibleName("Chosen evidence")
        self.chosen_caption = QLabel()
        self.chosen_caption.setBuddy(self.chosen_scroll)
        self.rows: dict[str, _EvidenceRow] = {}
        self.search.textChanged.connect(self.model.set_query)
        self.search.returnPressed.connect(self._focus_results)
        self.results.doubleClicked.connect(lambda _index: self.add_selected())
        self.results.add_pressed.connect(self.add_selected)
        self.add_button.clicked.connect(self.add_selected)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.search)
        column.addWidget(self.results, 3)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        column.addLayout(buttons)
        column.addWidget(self.chosen_caption)
        column.addWidget(self.chosen_scroll, 2)
        self._update_caption()
        self.model.fetchMore(QModelIndex())  # the first page, before the view asks

    def _focus_results(self) -> None:
        if self.model.rowCount():
            self.results.setFocus()
            self.results.setCurrentIndex(self.model.index(0))

    def add_selected(self) -> None:
        index = self.results.currentIndex()
        if index.isValid():
            self.add(str(index.data(ID_ROLE)))

    def add(self, excerpt_id: str, role: str = EvidenceRole.SUPPORTS.value) -> None:
        if excerpt_id in self.rows:
            self.rows[excerpt_id].role.setFocus()
            return
        try:
            quote = self.store.excerpts.get(excerpt_id).quote
        except NotFoundError:
            quote = "(deleted excerpt)"
        row = _EvidenceRow(quote, role)
        row.remove.clicked.connect(lambda _c=False, e=excerpt_id: self.remove(e))
        self.rows[excerpt_id] = row
        self.chosen_layout.insertWidget(self.chosen_layout.count() - 1, row)
        self._update_caption()

    def remove(self, excerpt_id: str) -> None:
        row = self.rows.pop(excerpt_id, None)
        if row is not None:
            row.hide()
            row.deleteLater()
        self._update_caption()

    def _update_caption(self) -> None:
        count = len(self.rows)
        self.chosen_caption.setText(
            f"Chosen evidence ({count}) — set each one's role:" if count
            else "No evidence chosen yet: search above, then add excerpts.")

    def set_evidence(self, evidence: list[tuple[str, str]]) -> None:
        for excerpt_id in list(self.rows):
            self.remove(excerpt_id)
        for excerpt_id, role in evidence:
            self.add(excerpt_id, role)

    def evidence(self) -> list[tuple[str, str]]:
        return [(excerpt_id, str(row.role.currentData())) for excerpt_id, row in self.rows.items()]
