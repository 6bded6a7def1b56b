"""The window's dialogs about the case as a whole: its properties and custody, encryption,
the audit log, a pasted source, link charts, and the Help menu's two windows.

Kept out of the main window so that it stays wiring (like ``CaseTools`` and ``CardTools``):
this object owns the actions, opens each dialog over the window, and turns what a dialog
returns into a command on the open session. Every dialog module is imported when first used.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox

from osint_desk import __version__
from osint_desk.core.errors import NotFoundError, OsintDeskError
from osint_desk.ui.case_tabs import CaseTabs
from osint_desk.ui.session import CaseSession
from osint_desk.ui.tasks import TaskRunner
from osint_desk.ui.widgets.actions import make_action

if TYPE_CHECKING:
    from osint_desk.ui.main_window import MainWindow


class CaseDialogs(QObject):
    def __init__(self, window: MainWindow, tabs: CaseTabs, tasks: TaskRunner) -> None:
        super().__init__(window)
        self.window = window
        self.tabs = tabs
        self.tasks = tasks
        self.session: CaseSession | None = None
        self.paste_action = self._action("&Paste as new source…", self.paste_source,
                                         "Ctrl+Shift+V")
        self.properties_action = self._action("Case &properties…", self.case_properties)
        self.encrypt_action = self._action(
            "&Encrypt case…", self.encrypt_case,
            tip="Write an encrypted copy of the case (the case itself is kept)")
        self.audit_action = self._action("&Audit log…", self.audit_log)
        self.chart_action = self._action("&Link chart…", self.link_chart, None,
                                         "Open a saved link chart or start a new one")
        self.shortcuts_action = self._action("&Keyboard shortcuts", self.keyboard_shortcuts,
                                             None, "Every menu command and its keys")
        self.about_action = self._action("&About OSINT Desk", self.about)

    def _action(self, text: str, slot: Callable[[], object], shortcut: str | None = None,
                tip: str = "") -> QAction:
        return make_action(self.window, text, slot, shortcut, tip)

    def _status(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 5000)

    # -- the open case --------------------------------------------------------------------

    def attach(self, session: CaseSession | None) -> None:
        self.session = session

    def set_enabled(self, has_case: bool, writable: bool) -> None:
        for action in (self.properties_action, self.encrypt_action, self.audit_action,
                       self.chart_action):
            action.setEnabled(has_case)
        self.paste_action.setEnabled(writable)

    # -- the dialogs -----------------------------------------------------------------------

    def case_properties(self) -> None:
        if self.session is None:
            return
        from osint_desk.ui.custody import CustodyPanel
        from osint_desk.ui.dialogs import CasePropertiesDialog
        from osint_desk.ui.operations import edits

        session = self.session
        meta = session.store.meta()
        custody = CustodyPanel(session.store.path, self.tasks)
        dialog = CasePropertiesDialog(meta, session.read_only, self.window, custody)
        if dialog.exec() == CasePropertiesDialog.DialogCode.Accepted:
            changes = dialog.changes(meta)
            if changes:
                try:
                    session.push(edits.edit_case(session, **changes))
                except OsintDeskError as exc:
                    QMessageBox.warning(self.window, "Cannot change the case", str(exc))

    def source_properties_of(self, source_id: str) -> None:
        """The navigator's "Properties…": the dialog, without opening the source's tab."""
        if self.session is None:
            return
        from osint_desk.ui.source_properties import open_source_properties

        try:
            open_source_properties(self.session, source_id, self.window)
        except NotFoundError as exc:
            self._status(str(exc))

    def encrypt_case(self) -> None:
        from osint_desk.ui.encrypted_case import encrypt_open_case

        encrypt_open_case(self.window)

    def audit_log(self) -> None:
        if self.session is not None:
            from osint_desk.ui.dialogs import AuditLogDialog

            AuditLogDialog(self.session.store, self.window).open()

    def paste_source(self) -> None:
        if self.session is not None:
            from osint_desk.ui.importing.paste_dialog import PasteSourceDialog

            dialog = PasteSourceDialog(self.session, self.window)
            dialog.source_created.connect(self.tabs.open_source)
            dialog.open()

    def link_chart(self) -> None:
        from osint_desk.ui.chart.chooser import choose_chart

        choose_chart(self.tabs, self.window)

    def delete_chart(self, chart_id: str) -> None:
        from osint_desk.ui.chart.chooser import delete_chart

        if self.session is not None:
            delete_chart(self.session, chart_id, self.window)

    def keyboard_shortcuts(self) -> None:
        from osint_desk.ui.help_dialogs import ShortcutsDialog

        ShortcutsDialog(self.window.menuBar(), self.window).open()

    def about(self) -> None:
        import PySide6
        from PySide6.QtCore import qVersion

        from osint_desk.core.geo.basemap import ATTRIBUTION as BASEMAP_CREDIT
        from osint_desk.core.geo.gazetteer import ATTRIBUTION as PLACES_CREDIT

        QMessageBox.about(self.window, "About OSINT Desk", (
            f"<h3>OSINT Desk {__version__}</h3><p>A case notebook for open-source "
            "investigators. It works offline and never opens a network connection.</p>"
            f"<p>{PLACES_CREDIT}<br>{BASEMAP_CREDIT}</p>"
            f"<p>PySide6 {PySide6.__version__}, Qt {qVersion()}</p>"))
