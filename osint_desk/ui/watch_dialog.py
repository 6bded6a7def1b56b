"""Case → Watch terms: the names, patterns and identifiers a case looks out for.

Adding or removing a term is an undoable command (``operations.watch``); the scan of the
case's sources for a new term runs on the window's task runner with its own connection,
with progress and Cancel (the hits found before Cancel are kept). New imports are scanned
by the importer itself, so the dialog only lists what matched: double-click a match to read
it in its source. Sources with new matches carry "◉" in the navigator until opened.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from osint_desk.core.model import RecordKind
from osint_desk.core.safe_text import for_display
from osint_desk.core.store import CaseStore
from osint_desk.core.store.watch import watch_of
from osint_desk.ui.models.watch_models import WatchMatchesModel, WatchTermsModel
from osint_desk.ui.operations.watch import add_term, remove_term
from osint_desk.ui.session import CaseSession
from osint_desk.ui.tasks import Task, TaskCancelled, TaskContext, TaskRunner
from osint_desk.ui.widgets.columns import FittedColumns
from osint_desk.ui.widgets.commands import try_push
from osint_desk.ui.widgets.forms import ErrorLabel, caption, fit_to_window, hint

KINDS = (
    ("name", "Name", "Matched like a card's name: any case, accents or spacing"),
    ("pattern", "Pattern", "A regular expression, e.g. \\bTU-?214\\b (bounded: a slow pattern"
     " finds nothing rather than stall an import)"),
    ("identifier", "Identifier", "Matched exactly, with spaces, dashes, dots and slashes"
     " ignored: IMO 9811000 matches IMO-9811000"),
)


class WatchDialog(QDialog):
    """One per window; shown window-modal with ``open`` (no nested event loop)."""

    range_requested = Signal(str, int, int)  # a match to read in its source
    scanned = Signal(str)  # a term's scan ended (its message): for tests and callers

    def __init__(self, session: CaseSession, tasks: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.tasks = tasks
        self.task: Task[int] | None = None
        self.scanning = ""  # the term id being scanned
        self.setWindowTitle(f"Watch terms — {for_display(session.store.meta().title)}")
        self.terms = WatchTermsModel(self)
        self.matches = WatchMatchesModel(self)
        self.term_edit = QLineEdit()
        self.term_edit.setPlaceholderText("A name, a pattern or an identifier")
        self.term_edit.setAccessibleName("Term to watch")
        self.kind_combo = QComboBox()
        for value, label, tip in KINDS:
            self.kind_combo.addItem(label, value)
            self.kind_combo.setItemData(self.kind_combo.count() - 1, tip,
                                        Qt.ItemDataRole.ToolTipRole)
        self.kind_hint = hint("")
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText("Why it is watched (optional)")
        self.add_button = QPushButton("&Watch")
        self.add_button.setDefault(True)
        self.remove_button = QPushButton("&Stop watching")
        self.seen_button = QPushButton("Mark all &seen")
        self.show_button = QPushButton("Show in s&ource")
        self.terms_table = self._table(self.terms, "Watched terms")
        self.matches_table = self._table(self.matches, "Matches")
        # Terms and titles whole; the note and the words around a match take the rest,
        # elided (whole in the tooltip).
        self.terms_columns = FittedColumns(self.terms_table, 4, squeeze=(4,))
        self.matches_columns = FittedColumns(self.matches_table, 2, squeeze=(2,))
        self.matches_label = QLabel()
        self.progress = QProgressBar()
        self.progress.setFormat("%v of %m sources")
        self.cancel_button = QPushButton("Cancel")
        self.status = hint("")
        self.error = ErrorLabel()
        self._layout()
        self._connect()
        session.changed.connect(self._on_changed)
        session.reloaded.connect(self.reload)
        self._show_kind_hint()
        self._show_scanning(False)
        self.reload()
        fit_to_window(self, 820, 620)

    @staticmethod
    def _table(model: WatchTermsModel | WatchMatchesModel, name: str) -> QTableView:
        table = QTableView()
        table.setModel(model)
        table.setAccessibleName(name)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        return table

    def _layout(self) -> None:
        form = QGridLayout()
        form.addWidget(caption("&Term", self.term_edit), 0, 0)
        form.addWidget(self.term_edit, 0, 1)
        form.addWidget(self.kind_combo, 0, 2)
        form.addWidget(self.add_button, 0, 3)
        form.addWidget(caption("W&hy", self.note_edit), 1, 0)
        form.addWidget(self.note_edit, 1, 1, 1, 3)
        form.addWidget(self.kind_hint, 2, 1, 1, 3)
        form.setColumnStretch(1, 1)
        scanning = QHBoxLayout()
        scanning.addWidget(self.progress, 1)
        scanning.addWidget(self.cancel_button)
        top = QWidget()
        terms = QVBoxLayout(top)
        terms.setContentsMargins(0, 0, 0, 0)
        terms.addWidget(self.terms_table, 1)
        row = QHBoxLayout()
        row.addWidget(self.remove_button)
        row.addStretch(1)
        terms.addLayout(row)
        bottom = QWidget()
        found = QVBoxLayout(bottom)
        found.setContentsMargins(0, 0, 0, 0)
        found.addWidget(self.matches_label)
        found.addWidget(self.matches_table, 1)
        row = QHBoxLayout()
        row.addWidget(self.show_button)
        row.addWidget(self.seen_button)
        row.addStretch(1)
        found.addLayout(row)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(bottom)
        split.setChildrenCollapsible(False)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        for button in close.buttons():
            if isinstance(button, QPushButton):
                button.setAutoDefault(False)
        page = QVBoxLayout(self)
        page.addWidget(hint("New sources and excerpts that mention a watched term are flagged"
                            " ◉ in the navigator until you open them. Adding a term looks"
                            " for it in every source of the case."))
        page.addLayout(form)
        page.addLayout(scanning)
        page.addWidget(self.status)
        page.addWidget(self.error)
        page.addWidget(split, 1)
        page.addWidget(close)

    def _connect(self) -> None:
        self.add_button.clicked.connect(self.add)
        # Enter anywhere in the form is "Watch" (the default button); no other button may
        # take Enter over while a scan has "Watch" disabled (Cancel would stop the scan).
        for button in (self.remove_button, self.seen_button, self.show_button,
                       self.cancel_button):
            button.setAutoDefault(False)
        self.kind_combo.currentIndexChanged.connect(self._show_kind_hint)
        self.remove_button.clicked.connect(self.remove_selected)
        self.seen_button.clicked.connect(self.mark_all_seen)
        self.show_button.clicked.connect(self.show_selected_match)
        self.cancel_button.clicked.connect(self.cancel)
        self.matches_table.activated.connect(lambda _index: self.show_selected_match())
        self.terms_table.selectionModel().selectionChanged.connect(self._load_matches)
        self.matches_table.selectionModel().selectionChanged.connect(self._update_buttons)

    # -- reading ------------------------------------------------------------------------------

    def reload(self) -> None:
        chosen = self.selected_term()
        self.terms.load(self.session.store)
        row = self.terms.row_of(chosen) if chosen else -1
        if row >= 0:
            self.terms_table.selectRow(row)
        self._load_matches()

    def _on_changed(self, kind: object, _public_id: str) -> None:
        if kind in (RecordKind.SOURCE, RecordKind.EXCERPT, RecordKind.WATCH):
            self.reload()

    def selected_term(self) -> str:
        rows = self.terms_table.selectionModel().selectedRows()
        term = self.terms.term(rows[0].row()) if rows else None
        return term.id if term is not None else ""

    def select_term(self, term_id: str) -> None:
        row = self.terms.row_of(term_id)
        if row >= 0:
            self.terms_table.selectRow(row)

    def _load_matches(self, *_args: object) -> None:
        term_id = self.selected_term()
        self.matches.load(self.session.store, term_id or None)
        shown = len(self.matches.hits)
        named = next((t.term for t in self.terms.terms if t.id == term_id), "")
        where = f"of “{for_display(named)}”" if named else "of every term"
        more = " (the newest shown)" if self.matches.truncated else ""
        self.matches_label.setText(f"{shown} match{'es' * (shown != 1)} {where}{more}"
                                   " — double-click one to read it in its source")
        self._update_buttons()

    def _show_kind_hint(self, *_args: object) -> None:
        self.kind_hint.setText(KINDS[max(0, self.kind_combo.currentIndex())][2])

    def _update_buttons(self, *_args: object) -> None:
        writable = not self.session.read_only
        for widget in (self.term_edit, self.kind_combo, self.note_edit, self.add_button):
            widget.setEnabled(writable and self.task is None)
        self.remove_button.setEnabled(writable and bool(self.selected_term()))
        self.seen_button.setEnabled(writable and any(not h.seen for h in self.matches.hits))
        self.show_button.setEnabled(self._selected_match() is not None)
        if not writable:
            self.status.setText("This case is open read-only: its terms can be read, not"
                                " changed.")

    # -- changing -----------------------------------------------------------------------------

    def add(self) -> str:
        """Watch the typed term (one undoable step), then look for it in every source."""
        if self.task is not None or self.session.read_only:
            return ""
        text = self.term_edit.text()
        kind = str(self.kind_combo.currentData())
        term_id, message = try_push(self.session, lambda: add_term(
            self.session, text, kind, self.note_edit.text()))
        if message:
            self.error.show_error(for_display(message))
            return ""
        self.error.clear_error()
        self.term_edit.clear()
        self.note_edit.clear()
        self.reload()
        self.select_term(term_id)
        self._scan(term_id)
        return term_id

    def remove_selected(self) -> bool:
        term_id = self.selected_term()
        if not term_id:
            return False
        _target, message = try_push(self.session, lambda: remove_term(self.session, term_id))
        if message:
            self.error.show_error(for_display(message))
            return False
        self.error.clear_error()
        self.reload()
        return True

    def mark_all_seen(self) -> int:
        """Every new match of the shown term (or of all terms) counts as seen."""
        if self.session.read_only:
            return 0
        watch = watch_of(self.session.store)
        sources = sorted({h.source_id for h in self.matches.hits if not h.seen})
        changed = sum(watch.mark_seen(source_id) for source_id in sources)
        if changed:
            self.session.notify(RecordKind.WATCH)
        return changed

    # -- scanning -----------------------------------------------------------------------------

    def _scan(self, term_id: str) -> None:
        store = self.session.store
        path, actor = store.path, store.actor
        name = next((t.term for t in self.terms.terms if t.id == term_id), term_id)

        def work(context: TaskContext) -> int:
            with CaseStore.open(path, actor=actor) as worker_store:
                found = watch_of(worker_store).scan_term(
                    term_id, progress=context.progress,
                    check=lambda: context.cancelled)
            if context.cancelled:
                raise TaskCancelled
            return found

        def done(found: int) -> None:
            self._scanned(f"“{for_display(name)}”: {found} match{'es' * (found != 1)} in"
                          " the case's sources.")

        self.scanning = term_id
        self.progress.setRange(0, 0)
        self.status.setText(f"Looking for “{for_display(name)}” in every source…")
        self.task = self.tasks.run(
            work, what="The search for the watch term", on_done=done,
            on_failed=lambda message: self._scanned(message, failed=True),
            on_cancelled=lambda: self._scanned(
                "Stopped: the matches found so far are kept (remove the term and add it"
                " again to look through every source)."))
        self.task.progressed.connect(self._on_progress)
        self._show_scanning(True)

    def _on_progress(self, done: int, total: int, _label: str) -> None:
        if isValid(self):
            self.progress.setRange(0, max(total, 1))
            self.progress.setValue(done)

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.status.setText("Stopping…")

    def _scanned(self, message: str, *, failed: bool = False) -> None:
        if not isValid(self):
            return  # closed meanwhile (which cancelled the scan; its case may be closed)
        self.task = None
        self.session.notify(RecordKind.WATCH)  # the navigator's flags, and this dialog
        self._show_scanning(False)
        if failed:
            self.status.setText("")
            self.error.show_error(for_display(message))
        else:
            self.status.setText(message)
        self.scanned.emit(message)

    def _show_scanning(self, scanning: bool) -> None:
        self.progress.setVisible(scanning)
        self.cancel_button.setVisible(scanning)
        self._update_buttons()

    def done(self, result: int) -> None:
        """Closing the dialog stops a running scan (its hits so far are kept)."""
        self.cancel()
        super().done(result)

    # -- matches ------------------------------------------------------------------------------

    def _selected_match(self) -> tuple[str, int, int] | None:
        rows = self.matches_table.selectionModel().selectedRows()
        hit = self.matches.hit(rows[0].row()) if rows else None
        return (hit.source_id, hit.start, hit.end) if hit is not None else None

    def show_selected_match(self) -> bool:
        """Show the match in its source and close: the dialog stands over the window, where
        the match is read (Case → Watch terms… brings it back)."""
        match = self._selected_match()
        if match is None:
            return False
        self.range_requested.emit(*match)
        self.accept()
        parent = self.parentWidget()
        if parent is not None:  # the keys go to the source now, on any window manager
            parent.window().activateWindow()
        return True


def open_watch_dialog(session: CaseSession, tasks: TaskRunner, parent: QWidget,
                      show_range: Callable[[str, int, int], object] | None = None
                      ) -> WatchDialog:
    """Open the dialog modeless: the user reads a match in the window behind it."""
    dialog = WatchDialog(session, tasks, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if show_range is not None:
        dialog.range_requested.connect(show_range)
    dialog.show()
    return dialog
