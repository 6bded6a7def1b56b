"""The window's tools beyond reading and editing: sanctions lists, screening, export.

Kept out of the main window so that it stays wiring: this object owns the actions, the
screening controller of the open case and the (single, non-modal) lists window, and puts
their results in the tabs and the status bar.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow

from osint_desk.ui.case_tabs import CaseTabs
from osint_desk.ui.session import CaseSession
from osint_desk.ui.tasks import TaskRunner
from osint_desk.ui.widgets.actions import make_action

if TYPE_CHECKING:  # the dialogs and the screening are imported when first used
    from osint_desk.ui.export.data_dialog import ExportDataDialog
    from osint_desk.ui.export.report_dialog import ExportReportDialog
    from osint_desk.ui.lists.dialog import SanctionsListsDialog
    from osint_desk.ui.screening.controller import ScreeningController


class CaseTools(QObject):
    def __init__(self, window: QMainWindow, tabs: CaseTabs, tasks: TaskRunner,
                 library_path: Path | None = None) -> None:
        """``library_path`` None: the list library in the user data folder."""
        super().__init__(window)
        self.window = window
        self.tabs = tabs
        self.tasks = tasks
        self.library_path = library_path
        self.session: CaseSession | None = None
        self._screening: ScreeningController | None = None
        self.lists_dialog: SanctionsListsDialog | None = None
        self.export_report_action = self._action(
            "&Export report…", self.export_report, "Ctrl+Shift+E",
            "The case as a cited report: PDF, HTML, ODT, Markdown or an evidence bundle")
        self.export_data_action = self._action(
            "Export &data…", self.export_data, tip="FollowTheMoney, CSV tables or JSON")
        self.lists_action = self._action(
            "Sanctions &lists…", self.sanctions_lists, tip="Import, update and remove the"
            " official sanctions lists screening uses (kept offline, shared by all cases)")
        self.screen_case_action = self._action(
            "&Screen the whole case", lambda: self.screen_cards(None), "Ctrl+Shift+S",
            "Screen every person, organisation, vessel and aircraft card against the lists")
        self.screen_card_action = self._action(
            "Screen this &card", self.screen_current_card, tip="Screen the open card")
        self.screening_action = self._action(
            "Sanctions screening &results", self.screening_results, "Ctrl+Shift+R",
            "Hits to decide, decisions, and records whose list has changed")
        tabs.screen_card_requested.connect(lambda card_id: self.screen_cards([card_id]))
        tabs.screen_case_requested.connect(lambda: self.screen_cards(None))
        tabs.lists_requested.connect(self.sanctions_lists)

    def _action(self, text: str, slot: Callable[[], object], shortcut: str | None = None,
                tip: str = "") -> QAction:
        return make_action(self.window, text, slot, shortcut, tip)

    def _library_path(self) -> Path:
        if self.library_path is not None:
            return self.library_path
        from osint_desk.core.sanctions.library import default_path

        return default_path()

    def _status(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 10000)

    # -- the open case --------------------------------------------------------------------

    def attach(self, session: CaseSession) -> None:
        self.session = session

    @property
    def screening(self) -> ScreeningController | None:
        """The open case's screening controller, made on first use."""
        if self._screening is None and self.session is not None:
            from osint_desk.ui.screening.controller import ScreeningController

            self._screening = ScreeningController(self.session, self.tasks,
                                                  self._library_path(), self.window)
            self._screening.message.connect(self._status)
            self._screening.finished.connect(lambda _run: self.tabs.open_screening())
        return self._screening

    def detach(self) -> None:
        if self._screening is not None:
            self._screening.shutdown()
            self._screening.deleteLater()
        self.session, self._screening = None, None

    def set_enabled(self, has_case: bool, writable: bool) -> None:
        for action in (self.screening_action, self.export_report_action,
                       self.export_data_action):
            action.setEnabled(has_case)
        for action in (self.screen_case_action, self.screen_card_action):
            action.setEnabled(writable)

    # -- actions ----------------------------------------------------------------------------

    def export_report(self) -> ExportReportDialog | None:
        if self.session is None:
            return None
        from osint_desk.ui.export.report_dialog import ExportReportDialog

        dialog = ExportReportDialog(self.session, self.tasks, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def export_data(self) -> ExportDataDialog | None:
        if self.session is None:
            return None
        from osint_desk.ui.export.data_dialog import ExportDataDialog

        dialog = ExportDataDialog(self.session, self.tasks, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def sanctions_lists(self) -> SanctionsListsDialog:
        """The list library window (one, non-modal; it works without an open case)."""
        if self.lists_dialog is None:
            from osint_desk.ui.lists.dialog import SanctionsListsDialog

            self.lists_dialog = SanctionsListsDialog(self._library_path(), self.tasks,
                                                     self.window)
            self.lists_dialog.operation_finished.connect(self._status)
            self.lists_dialog.lists_changed.connect(self._lists_changed)
        self.lists_dialog.show()
        self.lists_dialog.raise_()
        self.lists_dialog.activateWindow()
        return self.lists_dialog

    def _lists_changed(self) -> None:
        """An open screening tab says its results predate the lists now in the library."""
        view = self.tabs.find_screening()
        if view is not None:
            view.note_lists_changed()

    def screen_cards(self, entity_ids: list[str] | None) -> None:
        if self.screening is not None:
            self.screening.screen(entity_ids)

    def screen_current_card(self) -> None:
        card = self.tabs.current_card()
        if card is None:
            self._status("Open a card first, then screen it.")
            return
        self.screen_cards([card.entity_id])

    def screening_results(self) -> None:
        self.tabs.open_screening()
