"""The review queue: a source's (or the whole case's) suggestions, decided from the keyboard.

J / K move through the open suggestions, A accepts (a new card of the guessed type, the card
it names, or an excerpt for a sum or a date), L links it to a card typed in, R rejects it for
the case, I ignores it in every case; each is one undoable command (Ctrl+Z). The
suggestions are computed on the task runner (progress, Cancel); what was decided is read back
from the store after every change, so undo, redo and the CLI's decisions show at once.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from osint_desk.core.errors import OsintDeskError
from osint_desk.core.safe_text import for_display
from osint_desk.ui.operations.review import accept_suggestion, reject_suggestion
from osint_desk.ui.review.items import KIND_GROUPS, Decisions, ReviewItem
from osint_desk.ui.review.loader import suggestions_work
from osint_desk.ui.review.model import ITEM_ROLE, SuggestionsModel
from osint_desk.ui.review.panel import DecisionPanel
from osint_desk.ui.session import CaseSession
from osint_desk.ui.tasks import Task, window_tasks

_Index = QModelIndex | QPersistentModelIndex


class _Filter(QSortFilterProxyModel):
    """Only the chosen kinds; decided rows only when asked for."""

    def __init__(self) -> None:
        super().__init__()
        self.kinds: tuple[str, ...] = ()
        self.show_decided = False

    def filterAcceptsRow(self, row: int, parent: _Index) -> bool:
        model = self.sourceModel()
        item = model.data(model.index(row, 0, parent), ITEM_ROLE)
        if not isinstance(item, ReviewItem):
            return False
        if self.kinds and item.suggestion.kind not in self.kinds:
            return False
        return self.show_decided or not item.decided


class ReviewView(QWidget):
    card_requested = Signal(str)
    range_requested = Signal(str, int, int)  # source, start, end: "Show in source"

    def __init__(self, session: CaseSession, source_id: str = "",
                 parent: QWidget | None = None, *, library_path: Path | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.source_id = source_id
        self.library_path = library_path
        self.task: Task[list[ReviewItem]] | None = None
        self.loaded = False
        self.closed = False
        self.failed = ""
        # Changes seen, and how many had been seen when the running task started: a result
        # read before an undo (or another accept) is suggested again once it arrives.
        self._changes = 0
        self._task_changes = 0
        self._texts: dict[str, str] = {}
        self.model = SuggestionsModel(with_source=not source_id)
        self.proxy = _Filter()
        self.proxy.setSourceModel(self.model)
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.kind_filter = QComboBox()
        self.kind_filter.setAccessibleName("Kinds of suggestion")
        self.kind_filter.addItem("All kinds", ())
        for label, kinds in KIND_GROUPS.items():
            self.kind_filter.addItem(label, kinds)
        self.kind_filter.currentIndexChanged.connect(self._refilter)
        self.decided_box = QCheckBox("Show decided")
        self.decided_box.toggled.connect(self._refilter)
        self.summary = QLabel()
        self.again_button = QPushButton("Suggest again")
        self.again_button.setToolTip("Read the text again (new cards and lists are used)")
        self.again_button.clicked.connect(self.reload)
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel)
        bar = QHBoxLayout()
        widgets: list[QWidget] = [self.title, self.kind_filter, self.decided_box]
        for widget in widgets:
            bar.addWidget(widget)
        bar.addStretch(1)
        for widget in (self.summary, self.progress, self.cancel_button, self.again_button):
            bar.addWidget(widget)
        self.table = QTableView()
        self.setFocusProxy(self.table)  # J, K, A, R work as soon as the tab opens
        self.table.setAccessibleName("Suggestions")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(self._show_current)
        self.panel = DecisionPanel()
        self.panel.accept_requested.connect(lambda schema: self.accept(schema or None))
        self.panel.link_requested.connect(self.link)
        self.panel.reject_requested.connect(self.reject)
        self.panel.show_requested.connect(self._show_in_source)
        self.panel.picker.set_store(session.store)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.panel)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        column = QVBoxLayout(self)
        column.addLayout(bar)
        column.addWidget(split, 1)
        self._keys()
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.timeout.connect(self.apply_decisions)
        session.changed.connect(self._case_changed)
        session.reloaded.connect(self._case_changed)
        session.closing.connect(self.closing)
        self._set_busy(False)
        self.title.setText(self._title_text())
        QTimer.singleShot(0, self.reload)

    def _case_changed(self, *_args: object) -> None:
        self._changes += 1
        self._refresh_timer.start(0)

    def _keys(self) -> None:
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for key, slot in (("J", lambda: self.step(1)), ("K", lambda: self.step(-1)),
                          ("A", self.panel.accept_button.click),
                          ("R", self.panel.reject_button.click),
                          ("I", self.panel.ignore_button.click),
                          ("L", self.panel.picker.setFocus)):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(context)
            shortcut.activated.connect(slot)

    # -- what the tab shows ----------------------------------------------------------------

    def _title_text(self) -> str:
        if not self.source_id:
            return "Suggestions in the whole case"
        try:
            title = self.session.store.sources.get(self.source_id).title
        except OsintDeskError:
            title = "(deleted source)"
        return for_display(f"Suggestions in “{title or self.source_id}”")

    def tab_title(self) -> str:
        if not self.source_id:
            return "Suggestions: case"
        text = self._title_text().removeprefix("Suggestions in ")
        short = text if len(text) <= 28 else text[:27] + "…”"
        return f"Suggestions: {short}"

    def _set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.again_button.setEnabled(not busy)

    def _summary(self) -> None:
        counts = self.model.counts()
        open_ = counts.get("open", 0)
        decided = sum(counts.values()) - open_
        self.summary.setText(f"{open_} to review · {decided} decided" if self.loaded else "")

    # -- loading -----------------------------------------------------------------------------

    def reload(self, *, quiet: bool = False) -> None:
        """Suggest again; ``quiet``: the queue stays usable meanwhile (after a new card,
        so that its other mentions — "Utkin" after "Dmitry Utkin" — offer to link to it)."""
        if self.task is not None or self.closed:
            return
        self._task_changes = self._changes
        self._texts.clear()
        if not quiet:
            self._set_busy(True)
            self.progress.setRange(0, 0)
            self.panel.show_item(None, "", writable=False, empty="Reading the text…")
        work = suggestions_work(self.session.store.path, self.source_id, self.library_path)
        self.task = window_tasks(self).run(work, what="Suggesting", on_done=self._loaded,
                                           on_failed=self._failed,
                                           on_cancelled=self._cancelled)
        self.task.progressed.connect(self._progressed)

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def closing(self) -> None:
        """The tab (or the case) closes: stop reading; a result that still arrives is
        ignored."""
        self.closed = True
        self._refresh_timer.stop()
        self.cancel()

    def _progressed(self, done: int, total: int, label: str) -> None:
        self.progress.setRange(0, max(total, 0))
        self.progress.setValue(done)
        self.progress.setFormat(f"{done} of {total} sources" if total else "%p%")
        self.progress.setToolTip(label)

    def _finish(self) -> None:
        self.task = None
        self._set_busy(False)

    def _loaded(self, items: list[ReviewItem]) -> None:
        self._finish()
        if self.closed:
            return
        before = self.current_item() if self.loaded else None
        row = max(self.table.currentIndex().row(), 0)
        first = not self.loaded
        if not first and self.source_id:
            # A decided suggestion the text no longer yields (a card's name already linked
            # there) stays, so that undoing the decision brings it back.
            fresh = {item.suggestion.id for item in items}
            items = sorted([*items, *(old for old in self.model.items if old.decided
                                      and old.suggestion.id not in fresh)],
                           key=lambda item: (item.suggestion.start, item.suggestion.end))
        self.loaded, self.failed = True, ""
        self.model.set_items(items)
        self.apply_decisions()
        if first:
            self.table.resizeColumnsToContents()
            for column in range(self.model.columnCount() - 1):
                self.table.setColumnWidth(column, min(self.table.columnWidth(column), 320))
        # Suggesting again keeps the place: the same suggestion, or the row it was on.
        kept = self._row_of(before.suggestion.id) if before is not None else -1
        self.select_row(kept if kept >= 0 else row)
        if self.source_id and self._changes != self._task_changes:
            self.reload(quiet=True)  # read before the last change: its links may be stale

    def _row_of(self, suggestion_id: str) -> int:
        for row in range(self.proxy.rowCount()):
            item = self.proxy.index(row, 0).data(ITEM_ROLE)
            if item is not None and item.suggestion.id == suggestion_id:
                return row
        return -1

    def _failed(self, message: str) -> None:
        self._finish()
        self.failed = message
        self.panel.show_item(None, "", writable=False,
                             empty=f"The suggestions could not be made: {message}")

    def _cancelled(self) -> None:
        self._finish()
        if not self.loaded:
            self.panel.show_item(None, "", writable=False,
                                 empty="Cancelled. Suggest again reads the text again.")

    # -- decisions ---------------------------------------------------------------------------

    def apply_decisions(self) -> None:
        """Every row's state from the store (after any change, undo, or another process)."""
        if not self.loaded or self.closed:
            return
        store = self.session.store
        names = {card: name for card, name, alias in store.entities.all_names() if not alias}
        self.panel.card_names = names
        before = self.current_item()
        self.model.apply(Decisions.read(store), set(names))
        self._summary()
        if self.proxy.rowCount() and not self.table.currentIndex().isValid():
            self.select_row(0)
        elif self.current_item() != before:
            self._show_current(self.table.currentIndex())
        if not self.proxy.rowCount():
            self._show_current(QModelIndex())

    def current_item(self) -> ReviewItem | None:
        item = self.table.currentIndex().data(ITEM_ROLE)
        return item if isinstance(item, ReviewItem) else None

    def select_row(self, row: int) -> None:
        count = self.proxy.rowCount()
        if not count:
            self._show_current(QModelIndex())
            return
        index = self.proxy.index(max(0, min(row, count - 1)), 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)
        self._show_current(index)

    def step(self, delta: int) -> None:
        """J / K: the next or previous row."""
        current = self.table.currentIndex()
        self.select_row((current.row() if current.isValid() else -1) + delta)

    def _text_of(self, source_id: str) -> str:
        if source_id not in self._texts:
            try:
                self._texts[source_id] = self.session.store.sources.get(source_id).text
            except OsintDeskError:
                self._texts[source_id] = ""
        return self._texts[source_id]

    def _show_current(self, index: _Index, *_args: object) -> None:
        item = index.data(ITEM_ROLE) if index.isValid() else None
        if not isinstance(item, ReviewItem):
            self.panel.show_item(None, "", writable=False, empty=self._empty_text())
            return
        self.panel.show_item(item, self._text_of(item.suggestion.source_id),
                             writable=not self.session.read_only)
        if self.session.read_only:
            self.panel.error.show_error("The case is read-only: suggestions can be read,"
                                        " not accepted or rejected here.")

    def _empty_text(self) -> str:
        if not self.loaded:
            return ""
        total = self.model.rowCount()
        where = "the case's sources" if not self.source_id else "this source"
        if not total:
            return (f"Nothing to suggest in {where}: every name in it is already linked to"
                    " its card, or was rejected.")
        if self.proxy.rowCount() == 0 and not self.proxy.show_decided:
            return (f"All {total} suggestions of this kind in {where} are decided. Show"
                    " decided lists them; Ctrl+Z undoes the last decision.")
        return ""

    def _refilter(self, *_args: object) -> None:
        self.proxy.beginFilterChange()
        self.proxy.kinds = tuple(self.kind_filter.currentData() or ())
        self.proxy.show_decided = self.decided_box.isChecked()
        self.proxy.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        self.select_row(0)

    def _decide(self, build: object) -> None:
        item = self.current_item()
        if item is None or item.decided or self.session.read_only:
            return
        row = self.table.currentIndex().row()
        cards = self.session.store.entities.count()
        try:
            self.session.push(build(item))  # type: ignore[operator]
        except OsintDeskError as exc:
            self.panel.error.show_error(str(exc))
            return
        # The decided row leaves the list (or stays, marked): the next one is shown.
        self._refresh_timer.stop()
        self.apply_decisions()
        self.select_row(row + (1 if self.proxy.show_decided else 0))
        if self.source_id and self.session.store.entities.count() > cards:
            self.reload(quiet=True)  # a new card: its other mentions now link to it

    def accept(self, card_type: str | None = None) -> None:
        self._decide(lambda item: accept_suggestion(
            self.session, item.suggestion, entity_id=item.card_id,
            card_type=None if item.card_id else card_type))

    def link(self, entity_id: str) -> None:
        self._decide(lambda item: accept_suggestion(self.session, item.suggestion,
                                                    entity_id=entity_id))

    def reject(self, always: bool = False) -> None:
        self._decide(lambda item: reject_suggestion(self.session, item.suggestion,
                                                    always=always))

    def _show_in_source(self) -> None:
        item = self.current_item()
        if item is not None:
            s = item.suggestion
            self.range_requested.emit(s.source_id, s.start, s.end)
