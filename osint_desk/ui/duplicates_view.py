"""The "Possible duplicates" tab: pairs of cards that may be the same, with the reasons.

The search (``core.store.duplicates.possible_duplicates``) runs on the window's task runner
with its own read-only connection, with progress and Cancel; it runs again when the case
changes (a hidden tab waits until it is shown). Each pair can be merged (the merge dialog),
judged not the same (never proposed again) or unsure (kept, marked): undoable commands.
Names and reasons come from cards, so cells show controls as visible marks.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QProgressBar,
    QProgressDialog,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from osint_desk.core.safe_text import for_display
from osint_desk.core.store import CaseStore
from osint_desk.core.store.duplicates import (
    DuplicatePair,
    DuplicatesCancelled,
    possible_duplicates,
)
from osint_desk.ui.merge_dialog import MergeDialog, open_merge_dialog
from osint_desk.ui.models.table import HeaderedTable
from osint_desk.ui.operations.merges import judge_pair
from osint_desk.ui.session import CaseSession
from osint_desk.ui.tasks import Task, TaskCancelled, TaskContext, window_tasks
from osint_desk.ui.widgets.columns import FittedColumns
from osint_desk.ui.widgets.commands import try_push
from osint_desk.ui.widgets.forms import ErrorLabel, hint
from osint_desk.ui.widgets.progress import worker_progress

_Index = QModelIndex | QPersistentModelIndex
JUDGEMENT_WORDS = {"unsure": "Unsure", None: ""}
SEARCHING = "Looking for possible duplicates…"
REASONS_COLUMN = 3


class DuplicatesModel(HeaderedTable):
    """The pairs found, best first: A, B, score, reasons, judgement."""

    HEADERS = ("Card A", "Card B", "Score", "Reasons", "Judgement")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.pairs: list[DuplicatePair] = []

    def load(self, pairs: list[DuplicatePair]) -> None:
        self.beginResetModel()
        self.pairs = list(pairs)
        self.endResetModel()

    def pair(self, row: int) -> DuplicatePair | None:
        return self.pairs[row] if 0 <= row < len(self.pairs) else None

    def rows(self) -> list[Any]:
        return self.pairs

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        pair = self.pair(index.row()) if index.isValid() else None
        if pair is None or not 0 <= index.column() < len(self.HEADERS):
            return None
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            reasons = "; " if role == Qt.ItemDataRole.DisplayRole else "\n"
            values = (pair.a_name, pair.b_name, f"{pair.score:.2f}",
                      reasons.join(pair.reasons),
                      JUDGEMENT_WORDS.get(pair.judgement, str(pair.judgement)))
            return for_display(values[column])
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class DuplicatesView(QWidget):
    """One per case window: the search's result, and what to do with each pair."""

    card_requested = Signal(str)
    searched = Signal()  # a search ended (found, failed or cancelled): for tests and callers

    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.model = DuplicatesModel(self)
        self.task: Task[list[DuplicatePair]] | None = None
        self.again = False  # the case changed while a search ran
        self.closed = False
        self.stale = True
        self.status = ""  # why the table is as it is ("" while there are pairs)
        self.progress_dialog: QProgressDialog | None = None
        self._bar: QProgressBar | None = None
        self.dialog: MergeDialog | None = None
        self.table = QTableView()
        self.setFocusProxy(self.table)  # M, N, U work as soon as the tab opens
        self.table.setAccessibleName("Possible duplicates")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        # Names whole, the reasons take what is left (elided; whole in the tooltip), and the
        # judgement stays in view.
        self.columns = FittedColumns(self.table, REASONS_COLUMN, squeeze=(REASONS_COLUMN,))
        self.empty = hint("")
        self.error = ErrorLabel()
        self.merge_button = QPushButton("&Merge…")
        self.negative_button = QPushButton("&Not the same")
        self.unsure_button = QPushButton("&Unsure")
        self.open_a_button = QPushButton("Open card &A")
        self.open_b_button = QPushButton("Open card &B")
        self.search_button = QPushButton("&Search again")
        self._layout()
        self._connect()
        session.changed.connect(self._on_changed)
        session.reloaded.connect(self._on_changed)
        self._update_buttons()

    def tab_title(self) -> str:
        return "Possible duplicates"

    def _layout(self) -> None:
        buttons = QHBoxLayout()
        for button in (self.merge_button, self.negative_button, self.unsure_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        for button in (self.open_a_button, self.open_b_button, self.search_button):
            buttons.addWidget(button)
        page = QVBoxLayout(self)
        page.setContentsMargins(10, 8, 10, 10)
        page.addWidget(hint("Pairs of cards of one type whose names, aliases, identifiers"
                            " or birth dates are alike. “Not the same” keeps a pair out for"
                            " good; every action here can be undone."))
        page.addWidget(self.table, 1)
        page.addWidget(self.empty)
        page.addLayout(buttons)
        page.addWidget(self.error)

    def _connect(self) -> None:
        self.merge_button.clicked.connect(self.merge_selected)
        self.negative_button.clicked.connect(lambda: self.judge_selected("negative"))
        self.unsure_button.clicked.connect(lambda: self.judge_selected("unsure"))
        self.open_a_button.clicked.connect(lambda: self.open_selected(0))
        self.open_b_button.clicked.connect(lambda: self.open_selected(1))
        self.search_button.clicked.connect(self.reload)
        self.table.activated.connect(lambda _index: self.merge_selected())
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        for key, slot in (("M", self.merge_selected),
                          ("N", lambda: self.judge_selected("negative")),
                          ("U", lambda: self.judge_selected("unsure"))):
            action = QAction(self)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(slot)
            self.table.addAction(action)

    # -- searching ----------------------------------------------------------------------------

    def reload(self) -> None:
        """Search again; a search asked for while one runs starts when it ends."""
        if self.closed:
            return
        if self.task is not None:
            self.again = True
            return
        self.stale = False
        path = self.session.store.path

        def work(context: TaskContext) -> list[DuplicatePair]:
            with CaseStore.open(path, read_only=True) as store:
                try:
                    return possible_duplicates(
                        store, check=lambda: context.cancelled,
                        progress=context.progress)
                except DuplicatesCancelled:
                    raise TaskCancelled from None

        self._say(SEARCHING)
        self.error.clear_error()
        self._show_progress()
        self.task = window_tasks(self).run(
            work, what="The search for duplicates", on_done=self._on_found,
            on_failed=self._on_failed, on_cancelled=self._on_cancelled)
        self.task.progressed.connect(self._on_progress)

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            if self.progress_dialog is not None:
                self.progress_dialog.setLabelText("Cancelling…")

    def closing(self) -> None:
        """The tab is closed: a running search is cancelled and its result ignored."""
        self.closed = True
        self.cancel()
        self._close_progress()

    def _show_progress(self) -> None:
        self.progress_dialog, self._bar = worker_progress(
            self, "Possible duplicates", SEARCHING, 0, "%v of %m cards", self.cancel,
            minimum_duration=400)

    def _on_progress(self, done: int, total: int, _label: str) -> None:
        if self._bar is not None:
            self._bar.setRange(0, max(total, 1))
            self._bar.setValue(done)

    def _close_progress(self) -> None:
        if self.progress_dialog is not None and isValid(self.progress_dialog):
            self.progress_dialog.close()
            self.progress_dialog.deleteLater()
        self.progress_dialog, self._bar = None, None

    def _ended(self) -> bool:
        """Forget the task; False when the view is gone (nothing is shown then)."""
        if not isValid(self):
            return False
        self.task = None
        self._close_progress()
        if self.closed:
            return False
        if self.again:
            self.again = False
            self.reload()
            return False
        return True

    def _on_found(self, pairs: list[DuplicatePair]) -> None:
        if not self._ended():
            return
        chosen = self.selected()
        rows = self.table.selectionModel().selectedRows()
        self.model.load(pairs)
        if chosen is not None and pairs:  # the same pair again, or the one now in its place
            keys = [(p.a_id, p.b_id) for p in pairs]
            key = (chosen.a_id, chosen.b_id)
            self.select_row(keys.index(key) if key in keys
                            else min(rows[0].row(), len(pairs) - 1))
        cards = self.session.store.entities.count()
        self._say("" if pairs else
                  f"No possible duplicates among {cards} card{'' if cards == 1 else 's'}.")
        self.searched.emit()

    def _on_cancelled(self) -> None:
        if self._ended():
            self._say("The search was cancelled; Search again to look for duplicates.")
            self.searched.emit()

    def _on_failed(self, message: str) -> None:
        if self._ended():
            self._say("")
            self.error.show_error(for_display(f"The search for duplicates failed: {message}"))
            self.searched.emit()

    def _say(self, status: str) -> None:
        self.status = status
        self.empty.setText(status)
        self.empty.setVisible(bool(status))

    def _on_changed(self, *_args: object) -> None:
        if self.isVisible():
            self.reload()
        else:
            self.stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.stale:
            self.reload()

    # -- the selected pair ----------------------------------------------------------------

    def selected(self) -> DuplicatePair | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.pair(rows[0].row()) if rows else None

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)

    def _update_buttons(self, *_args: object) -> None:
        chosen = self.selected() is not None
        writable = chosen and not self.session.read_only
        for button in (self.merge_button, self.negative_button, self.unsure_button):
            button.setEnabled(writable)
        for button in (self.open_a_button, self.open_b_button):
            button.setEnabled(chosen)

    def open_selected(self, side: int) -> None:
        pair = self.selected()
        if pair is not None:
            self.card_requested.emit(pair.a_id if side == 0 else pair.b_id)

    def merge_selected(self) -> MergeDialog | None:
        """"Merge…": the merge dialog with the selected pair (it pushes its own command)."""
        pair = self.selected()
        if pair is None or self.session.read_only:
            return None
        if self.dialog is not None and isValid(self.dialog):
            self.dialog.close()
        self.dialog = open_merge_dialog(self, self.session, [pair.a_id, pair.b_id])
        return self.dialog

    def judge_selected(self, verdict: str) -> bool:
        """"Not the same" / "Unsure" on the selected pair: one undoable step."""
        pair = self.selected()
        if pair is None:
            return False
        _target, message = try_push(self.session, lambda: judge_pair(
            self.session, pair.a_id, pair.b_id, verdict))
        if message:
            self.error.show_error(for_display(message))
            return False
        self.error.clear_error()
        return True
