"""The "Sanctions screening" tab: hits to decide, the card and the listed entry side by side,
and the records whose list has changed since they were attached."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from osint_desk.core.errors import NotFoundError, OsintDeskError
from osint_desk.core.model import RecordKind
from osint_desk.core.safe_text import for_display
from osint_desk.core.store.screening_results import ScreeningHit
from osint_desk.ui.operations import screening as ops
from osint_desk.ui.screening.compare_panel import ComparePanel
from osint_desk.ui.screening.models import FILTERS, RecordChecksModel, ScreeningHitsModel
from osint_desk.ui.session import CaseSession
from osint_desk.ui.widgets.columns import FittedColumns
from osint_desk.ui.widgets.forms import ErrorLabel, caption, hint


def _table(name: str) -> QTableView:
    view = QTableView()
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.horizontalHeader().setHighlightSections(False)
    return view


class ScreeningView(QWidget):
    """One per case window; shows the results the case keeps, whoever screened it."""

    card_requested = Signal(str)
    screen_requested = Signal()
    lists_requested = Signal()

    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.hits_model = ScreeningHitsModel(session, self)
        self.checks_model = RecordChecksModel(session, self)
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.last_run = hint("")
        self._stale_run: str | None = None  # the run the lists changed after, if they did
        self.filter = QComboBox()
        self.filter.addItems(list(FILTERS))
        self.filter.setAccessibleName("Show hits")
        self.screen_button = QPushButton("&Screen the whole case")
        self.lists_button = QPushButton("Sanctions &lists…")
        self.hits = _table("Screening hits")
        self.hits.setModel(self.hits_model)
        # Every column as wide as its text; Matched takes what is left. In a tab a little too
        # narrow the listed and matched names give way first (whole in the tooltip), in a
        # much narrower one the table scrolls sideways.
        self.hit_columns = FittedColumns(self.hits, 6, uncapped=(5, 6), squeeze=(5, 6))
        self.panel = ComparePanel()
        self.confirm_button = QPushButton("&Confirm: attach to the card")
        self.dismiss_button = QPushButton("&Dismiss…")
        self.reopen_button = QPushButton("&Reopen")
        self.card_button = QPushButton("Open c&ard")
        self.error = ErrorLabel()
        self.checks = _table("Records whose list changed")
        self.checks.setModel(self.checks_model)
        self.check_columns = FittedColumns(self.checks, 2)
        self.update_button = QPushButton("&Update record from the list")
        self.keep_button = QPushButton("&Keep record as it is")
        self.checks_box = QWidget()
        self.empty = hint("")
        self._layout()
        self._connect()
        self._set_filter(self.filter.currentText())  # "To decide"

    def tab_title(self) -> str:
        return "Sanctions screening"

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(caption("S&how", self.filter))
        top.addWidget(self.filter)
        top.addWidget(self.lists_button)
        top.addWidget(self.screen_button)
        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        left_column.addWidget(self.hits, 1)
        left_column.addWidget(self.empty)
        right = QWidget()
        right_column = QVBoxLayout(right)
        right_column.setContentsMargins(0, 0, 0, 0)
        right_column.addWidget(self.panel, 1)
        buttons = QHBoxLayout()
        for button in (self.confirm_button, self.dismiss_button, self.reopen_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.card_button)
        right_column.addLayout(buttons)
        right_column.addWidget(self.error)
        # One above the other: the side-by-side comparison needs the tab's whole width.
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 5)
        splitter.setChildrenCollapsible(False)
        checks_column = QVBoxLayout(self.checks_box)
        checks_column.setContentsMargins(0, 6, 0, 0)
        checks_column.addWidget(caption("Records whose &list has changed", self.checks))
        checks_column.addWidget(self.checks)
        check_buttons = QHBoxLayout()
        check_buttons.addWidget(self.update_button)
        check_buttons.addWidget(self.keep_button)
        check_buttons.addStretch(1)
        checks_column.addLayout(check_buttons)
        page = QVBoxLayout(self)
        page.setContentsMargins(10, 8, 10, 10)
        page.addLayout(top)
        page.addWidget(self.last_run)
        page.addWidget(splitter, 1)
        page.addWidget(self.checks_box)

    def _connect(self) -> None:
        self.filter.currentTextChanged.connect(self._set_filter)
        self.screen_button.clicked.connect(self.screen_requested)
        self.lists_button.clicked.connect(self.lists_requested)
        self.hits.selectionModel().selectionChanged.connect(self._selected)
        self.hits.doubleClicked.connect(lambda _index: self._open_card())
        self.confirm_button.clicked.connect(self.confirm)
        self.dismiss_button.clicked.connect(self.dismiss)
        self.reopen_button.clicked.connect(self.reopen)
        self.card_button.clicked.connect(self._open_card)
        self.checks.selectionModel().selectionChanged.connect(self._update_buttons)
        self.update_button.clicked.connect(self.update_record)
        self.keep_button.clicked.connect(self.keep_record)
        self.session.changed.connect(self._on_changed)
        self.session.reloaded.connect(self.refresh)

    # -- state --------------------------------------------------------------------------

    def _on_changed(self, kind: RecordKind, _public_id: str) -> None:
        if kind in (RecordKind.SANCTION, RecordKind.SCREENING, RecordKind.ENTITY):
            self.refresh()

    def refresh(self) -> None:
        """Reload from the store, keeping the selected hit when it is still shown."""
        keep = self.selected_hit()
        self.hits_model.reload()
        self.checks_model.reload()
        self.checks_box.setVisible(self.checks_model.rowCount() > 0)
        self._show_summary()
        row = self.hits_model.row_of(keep.id) if keep else -1
        if row < 0 and self.hits_model.rowCount():
            row = 0
        if row >= 0:
            self.hits.selectRow(row)
        else:
            self.panel.show_nothing("")  # the hint under the table says why it is empty
        self._update_buttons()

    def note_lists_changed(self) -> None:
        """The list library changed (an import or a removal): say the results may be stale."""
        runs = self.session.store.screening.runs()
        self._stale_run = runs[0].at if runs else None
        self.refresh()

    def _show_summary(self) -> None:
        runs = self.session.store.screening.runs()
        self.empty.setVisible(self.hits_model.rowCount() == 0)
        self.empty.setText(self._empty_text())
        if not runs:
            self.summary.setText("<b>Not screened yet.</b>")
            self.last_run.setText("Import the official lists with “Sanctions lists…”, then"
                                  " screen the case: every person, organisation, vessel and"
                                  " aircraft card is checked under its name and strong aliases.")
            return
        last = runs[0]
        lists = ", ".join(f"{x['list_name']} ({x['published'] or 'date unknown'})"
                          for x in last.lists)
        counts = {s: len(self.session.store.screening.list(statuses=(s,)))
                  for s in ("open", "held", "confirmed", "dismissed")}
        self.summary.setText(
            f"<b>{counts['open']} to decide</b> · {counts['held'] + counts['confirmed']} on"
            f" cards · {counts['dismissed']} dismissed")
        stale = (" <b>The sanctions lists changed since: screen the case again to see what"
                 " is new.</b>" if last.at == self._stale_run else "")
        self.last_run.setText(for_display(
            f"Last screened {last.at[:16].replace('T', ' ')} UTC by {last.actor}:"
            f" {last.cards} cards against {lists}.{stale}"))

    def _empty_text(self) -> str:
        if not self.session.store.screening.runs():
            return "No screening yet."
        if self.filter.currentText() == "To decide":
            return "Nothing to decide. Choose “All” to see every hit and decision."
        return "No hits here."

    def _set_filter(self, name: str) -> None:
        self.hits_model.set_filter(name)
        self.refresh()

    def selected_hit(self) -> ScreeningHit | None:
        rows = self.hits.selectionModel().selectedRows() if self.hits.selectionModel() else []
        return self.hits_model.hit(rows[0].row()) if rows else None

    def _selected(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self.error.clear_error()
        hit = self.selected_hit()
        if hit is None:
            self.panel.show_nothing("" if not self.hits_model.rowCount() else
                                    "Select a hit to compare the card with the listed entry.")
        else:
            try:
                entity = self.session.store.entities.get(hit.entity_id)
            except NotFoundError:
                entity = None
            self.panel.show_hit(hit, entity)
        self._update_buttons()

    def _update_buttons(self, *_args: Any) -> None:
        hit = self.selected_hit()
        writable = not self.session.read_only
        self.confirm_button.setEnabled(writable and hit is not None and hit.status in (
            "open", "dismissed"))
        self.dismiss_button.setEnabled(writable and hit is not None and hit.status == "open")
        self.reopen_button.setEnabled(writable and hit is not None and hit.status in (
            "confirmed", "dismissed"))
        self.card_button.setEnabled(hit is not None)
        has_check = bool(self.checks.selectionModel().selectedRows())
        self.update_button.setEnabled(writable and has_check)
        self.keep_button.setEnabled(writable and has_check)
        self.screen_button.setEnabled(writable)

    # -- decisions ----------------------------------------------------------------------

    def _push(self, command: Any) -> bool:
        try:
            self.session.push(command)
        except OsintDeskError as exc:
            self.error.show_error(for_display(str(exc)))
            return False
        self.error.clear_error()
        return True

    def confirm(self) -> None:
        hit = self.selected_hit()
        if hit is not None:
            self._push(ops.confirm_hit(self.session, hit.id))

    def dismiss(self, note: str | None = None) -> None:
        hit = self.selected_hit()
        if hit is None:
            return
        if note is None:
            note, ok = QInputDialog.getText(
                self, "Dismiss hit",
                for_display(f"Why is {hit.listed_name} not {hit.entity_name}?"
                            " (kept with the decision)"), QLineEdit.EchoMode.Normal, "")
            if not ok:
                return
        self._push(ops.dismiss_hit(self.session, hit.id, note))

    def reopen(self) -> None:
        hit = self.selected_hit()
        if hit is not None:
            self._push(ops.reopen_hit(self.session, hit.id))

    def _open_card(self) -> None:
        hit = self.selected_hit()
        if hit is not None:
            self.card_requested.emit(hit.entity_id)

    def _selected_check(self) -> str | None:
        rows = self.checks.selectionModel().selectedRows()
        check = self.checks_model.check(rows[0].row()) if rows else None
        return check.sanction_id if check else None

    def update_record(self) -> None:
        sanction_id = self._selected_check()
        if sanction_id is not None:
            self._push(ops.apply_list_update(self.session, sanction_id))

    def keep_record(self) -> None:
        sanction_id = self._selected_check()
        if sanction_id is not None:
            self._push(ops.keep_record(self.session, sanction_id))
