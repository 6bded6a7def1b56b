"""The main window: menus, toolbar, docks and tabs wired to one open case session.

It holds no data logic: views ask models, edits are commands, and each part (navigator,
reader, inspector, card, search, import) is its own widget; the window connects them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import PySide6
from PySide6.QtCore import Qt, QTimer, Signal, qVersion
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDropEvent,
    QKeySequence,
    QShowEvent,
    QUndoGroup,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from osint_desk import __version__
from osint_desk.core.errors import NotFoundError, OsintDeskError, PassphraseNeededError
from osint_desk.core.safe_text import for_display
from osint_desk.core.store import CASE_SUFFIX, CaseStore
from osint_desk.ui.card_tools import CardTools
from osint_desk.ui.case_lock import CaseLock
from osint_desk.ui.case_refusal import explain_open_failure
from osint_desk.ui.case_tabs import CaseTabs
from osint_desk.ui.case_tools import CaseTools
from osint_desk.ui.deleting import DeleteAction
from osint_desk.ui.inspector import ExcerptInspector
from osint_desk.ui.navigator import NavigatorDock
from osint_desk.ui.session import CaseSession
from osint_desk.ui.settings import AppSettings
from osint_desk.ui.tasks import TaskRunner
from osint_desk.ui.views import builtin_views
from osint_desk.ui.welcome import WelcomePage

# Start-up imports only what the first paint needs: dialogs, the views a tab shows, and the
# heavy core parts (sanctions lists and matching, ingest, report, exports) are imported where
# they are first used. tests/ui/test_startup_imports.py keeps it so.
if TYPE_CHECKING:
    from osint_desk.ui.importing.controller import ImportController


def shortcut_list(*keys: QKeySequence | QKeySequence.StandardKey | str) -> list[QKeySequence]:
    """Every key once, in order; a standard key brings all of this platform's bindings.

    A key listed twice on one action (Ctrl+Shift+Z given by hand and again as X11's standard
    Redo) makes Qt refuse it as an "Ambiguous shortcut overload", so duplicates are dropped.
    """
    found: list[QKeySequence] = []
    for key in keys:
        if isinstance(key, QKeySequence.StandardKey):
            bindings = QKeySequence.keyBindings(key)
        else:
            bindings = [QKeySequence(key)]
        found += [b for b in bindings if not b.isEmpty() and b not in found]
    return found


def navigator_width(window_width: int) -> int:
    """The navigator's first width: a sixth of the window, 220 to 320 px."""
    return max(220, min(320, window_width // 6))


class MainWindow(QMainWindow):
    """One window, at most one open case."""

    case_opened = Signal(str)

    def __init__(self, settings: AppSettings, demo_path: Path | None = None,
                 library_path: Path | None = None) -> None:
        super().__init__()
        self.settings = settings
        self.demo_path = demo_path
        self.session: CaseSession | None = None
        self.lock: CaseLock | None = None
        self._importer: ImportController | None = None
        self.setWindowTitle("OSINT Desk")
        self.setAcceptDrops(True)
        self.undo_group = QUndoGroup(self)
        self.tasks = TaskRunner(self)  # the one runner of long work, passed to the fronts
        self.tabs = CaseTabs(builtin_views())
        self.tools = CaseTools(self, self.tabs, self.tasks, library_path)
        self.cards = CardTools(self, self.tabs, self.tasks, library_path)  # text into cards
        self.banner = QLabel()
        self.banner.setObjectName("readOnlyBanner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background: #fff3cd; color: #5c4400; padding: 6px 10px;")
        self.banner.hide()
        case_page = QWidget()
        column = QVBoxLayout(case_page)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.banner)
        column.addWidget(self.tabs, 1)
        self.welcome = WelcomePage()
        self.pages = QStackedWidget()
        self.pages.addWidget(self.welcome)
        self.pages.addWidget(case_page)
        self.setCentralWidget(self.pages)
        self.navigator = NavigatorDock(None)
        self.inspector = ExcerptInspector()
        self.inspector.library_path = library_path  # types of new cards the lists know
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.navigator)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.inspector)
        self._build_actions()
        self._connect()
        geometry, state = settings.window_state()
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1280, 800)
        # Without the user's own dock sizes (saveState), the first show sizes the docks for
        # the window's width.
        self._first_layout = state is None or not self.restoreState(state)
        self._show_case_state()

    # -- actions and menus ----------------------------------------------------------------

    def _action(self, text: str, slot: object,
                shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
                tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcuts(shortcut_list(shortcut))
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        S = QKeySequence.StandardKey
        self.new_action = self._action("&New case…", self.new_case, S.New)
        self.open_action = self._action("&Open case…", self.choose_case, S.Open)
        self.demo_action = self._action("Open the &demo case", self.open_demo)
        self.close_action = self._action("&Close case", self.close_case, S.Close)
        self.import_action = self._action("&Import sources…", self.import_sources, "Ctrl+I",
                                          "Import .txt, .md, .html and .pdf files")
        self.paste_action = self._action("&Paste as new source…", self.paste_source,
                                         "Ctrl+Shift+V")
        self.quit_action = self._action("&Quit", self.close, S.Quit)
        self.undo_action = self.undo_group.createUndoAction(self, "&Undo")
        self.undo_action.setShortcuts(shortcut_list("Ctrl+Z", S.Undo))
        self.redo_action = self.undo_group.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts(shortcut_list("Ctrl+Shift+Z", "Ctrl+Y", S.Redo))
        # The toolbar's buttons keep one label ("Undo New excerpt" would make every button
        # after it jump); what they would undo is in their tooltip, the Edit menu names it.
        self.undo_tool_action = self._tool_twin("Undo", self.undo_action)
        self.redo_tool_action = self._tool_twin("Redo", self.redo_action)
        self.new_excerpt_action = self._action("New &excerpt", self.new_excerpt, "Ctrl+E",
                                               "Cut an excerpt from the selected words")
        self.find_action = self._action("&Find in source…", self.find_in_source, S.Find)
        self.search_action = self._action("&Quick search…", self.quick_search, "Ctrl+K",
                                          "Search sources, excerpts, cards and notes")
        self.source_properties_action = self._action(
            "Source &properties…", self.source_properties,
            tip="Edit the title, outlet, dates, reliability and notes of the open source")
        self.properties_action = self._action("Case &properties…", self.case_properties)
        self.encrypt_action = self._action(
            "&Encrypt case…", self.encrypt_case,
            tip="Write an encrypted copy of the case (the case itself is kept)")
        self.audit_action = self._action("&Audit log…", self.audit_log)
        self.about_action = self._action("&About OSINT Desk", self.about)
        self.chart_action = self._action("&Link chart…", self.link_chart, None,
                                         "Open a saved link chart or start a new one")
        self.timeline_action = self._action(
            "&Timeline", lambda: self.tabs.open("timeline", ""), "Ctrl+Shift+T",
            "Every dated thing of the case in time, partial dates as spans")
        self.map_action = self._action("&Map", lambda: self.tabs.open("map", ""), None,
                                       "The case's places and countries on an offline map")
        self.deleter = DeleteAction(self)  # Delete… and the Delete key, for the focused view
        self.delete_action = self.deleter.action
        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        item: QAction | None  # an action, or None for a separator
        for item in (self.new_action, self.open_action, self.demo_action):
            file_menu.addAction(item)
        self.recent_menu = file_menu.addMenu("Open &recent")
        file_menu.addAction(self.close_action)
        file_menu.addSeparator()
        file_menu.addAction(self.import_action)
        file_menu.addAction(self.paste_action)
        file_menu.addSeparator()
        file_menu.addAction(self.tools.export_report_action)
        file_menu.addAction(self.tools.export_data_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = menu.addMenu("&Edit")
        edit_menu.aboutToShow.connect(self.deleter.refresh)
        for item in (self.undo_action, self.redo_action, None, self.delete_action, None,
                     self.new_excerpt_action,
                     self.find_action, self.search_action):
            edit_menu.addSeparator() if item is None else edit_menu.addAction(item)
        edit_menu.addSeparator()
        edit_menu.addAction(self.source_properties_action)
        view_menu = menu.addMenu("&View")
        view_menu.addAction(self.navigator.toggleViewAction())
        view_menu.addAction(self.inspector.toggleViewAction())
        view_menu.addSeparator()
        view_menu.addAction(self.chart_action)
        view_menu.addAction(self.timeline_action)
        view_menu.addAction(self.map_action)
        case_menu = menu.addMenu("&Case")
        case_menu.addAction(self.properties_action)
        case_menu.addAction(self.encrypt_action)
        case_menu.addAction(self.tools.screen_card_action)
        for item in (None, *self.cards.actions()):
            case_menu.addSeparator() if item is None else case_menu.addAction(item)
        tools_menu = menu.addMenu("&Tools")
        tools = self.tools
        for item in (tools.lists_action, tools.screen_case_action, tools.screening_action, None,
                     self.audit_action):
            tools_menu.addSeparator() if item is None else tools_menu.addAction(item)
        help_menu = menu.addMenu("&Help")
        help_menu.addAction(self._action("&Keyboard shortcuts", self.keyboard_shortcuts, None,
                                         "Every menu command and its keys"))
        help_menu.addSeparator()
        help_menu.addAction(self.about_action)
        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("mainToolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for item in (self.open_action, self.import_action, None, self.undo_tool_action,
                     self.redo_tool_action, None, self.new_excerpt_action, self.search_action):
            toolbar.addSeparator() if item is None else toolbar.addAction(item)
        self.toolbar = toolbar
        self.statusBar()

    def _tool_twin(self, label: str, action: QAction) -> QAction:
        """A toolbar action with a fixed ``label`` that triggers ``action`` and follows its
        enabled state; its tooltip is the action's full text ("Undo New excerpt (Ctrl+Z)").
        It has no shortcut of its own: the keys stay on ``action``."""
        twin = QAction(label, self)
        twin.setObjectName(f"{label.lower()}ToolAction")
        twin.triggered.connect(action.trigger)

        def follow() -> None:
            twin.setEnabled(action.isEnabled())
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            text = action.text().replace("&", "")
            twin.setToolTip(f"{text} ({keys})" if keys else text)
            twin.setStatusTip(text)

        action.changed.connect(follow)
        follow()
        return twin

    def _connect(self) -> None:
        self.welcome.new_requested.connect(self.new_case)
        self.welcome.open_requested.connect(self.choose_case)
        self.welcome.demo_requested.connect(self.open_demo)
        self.welcome.recent_requested.connect(self.open_case)
        self.navigator.activated.connect(self._navigate)
        self.tabs.excerpt_selected.connect(self.inspector.show_excerpt)
        self.inspector.show_in_source.connect(self.tabs.show_range)
        self.inspector.card_requested.connect(self.tabs.open_card)
        self.tabs.currentChanged.connect(self._update_source_actions)
        # The excerpt dock: shown while the current tab reads the source of the excerpt it
        # shows, hidden (its width kept for next time) on other tabs or with no excerpt.
        self.inspector_closed = False  # closed by the user: not shown again by itself
        self.tabs.currentChanged.connect(self.update_inspector)
        self.inspector.excerpt_shown.connect(self.update_inspector)
        self.inspector.closed_by_user.connect(lambda: self._inspector_chosen(False))
        self.inspector.toggleViewAction().triggered.connect(self._inspector_chosen)
        self.navigator.properties_requested.connect(self.source_properties_of)
        self.navigator.chart_delete_requested.connect(self.delete_chart)

    # -- opening and closing cases --------------------------------------------------------

    def _opener(self, path: Path) -> Callable[[], None]:
        """A menu slot that opens *path* (taking no argument from the menu's signal)."""
        def open_it() -> None:
            self.open_case(path)
        return open_it

    def open_case(self, path: Path, *, read_only: bool = False) -> bool:
        """Open a case; say why when it cannot be (a refused case can be repaired)."""
        try:
            self.load_case(path, read_only=read_only)
        except PassphraseNeededError:
            from osint_desk.ui.encrypted_case import open_encrypted

            return open_encrypted(self, Path(path), read_only=read_only)
        except OsintDeskError as exc:
            repaired = explain_open_failure(self, Path(path), exc)
            return repaired is not None and self.open_case(repaired)
        return True

    def load_case(self, path: Path, *, read_only: bool = False,
                  passphrase: str | None = None) -> None:
        """Open a case or raise the store's error (no dialog: screenshot mode has no user).

        If another window holds the case, or its file or folder cannot be written, it opens
        read-only with a banner saying why. An encrypted case needs its ``passphrase``
        (``encrypted_case``), shared with the background jobs until the case is closed.
        """
        path = Path(path)
        lock = CaseLock(path)
        reason = ""
        if not read_only and not lock.acquire():
            read_only, reason = True, f"This case is open in {lock.holder()}."
        try:
            store = CaseStore.open(path, read_only=read_only,
                                   actor=self.settings.audit_actor(),
                                   passphrase=passphrase, share_passphrase=True)
        except OsintDeskError:
            lock.release()
            raise
        if store.read_only_reason:
            read_only, reason = True, f"The case cannot be changed here: {store.read_only_reason}."
            lock.release()
        self.close_case()
        self.lock = lock
        self.session = CaseSession(store, self)
        self.undo_group.addStack(self.session.undo_stack)
        self.undo_group.setActiveStack(self.session.undo_stack)
        self.session.changed.connect(self._case_changed)
        self.session.reloaded.connect(self._case_changed)
        self.tabs.set_session(self.session)
        self.navigator.set_session(self.session)
        self.inspector.set_session(self.session)
        self.tools.attach(self.session)
        self.cards.attach(self.session)
        if read_only:
            why = reason or "The case was opened read-only."
            self.banner.setText(f"<b>Read-only.</b> {why} Changes are not possible here.")
        self.banner.setVisible(read_only)
        self.settings.add_recent(path)
        self._show_case_state()
        self.case_opened.emit(str(path))
        if store.backup_path is not None:
            self.statusBar().showMessage(
                f"Upgraded the case; the original is kept as {store.backup_path.name}", 10000)

    def close_case(self) -> None:
        if self.session is None:
            return
        if self._importer is not None:
            self._importer.shutdown()
            self._importer = None
        self.tools.detach()
        self.cards.detach()
        self.tabs.set_session(None)
        self.navigator.set_session(None)
        self.inspector.set_session(None)
        self.undo_group.removeStack(self.session.undo_stack)
        self.session.close()
        self.session.deleteLater()
        self.session = None
        if self.lock is not None:
            self.lock.release()
            self.lock = None
        self.banner.hide()
        self._show_case_state()

    @property
    def importer(self) -> ImportController | None:
        """The open case's importer (progress, Cancel, undo), made on first use."""
        if self._importer is None and self.session is not None:
            from osint_desk.ui.importing.controller import ImportController

            self._importer = ImportController(self.session, self.tasks, self)
            self._importer.finished.connect(
                lambda text: self.statusBar().showMessage(text, 8000))
            self._importer.sources_imported.connect(self._show_imported)
        return self._importer

    def _show_case_state(self) -> None:
        has_case = self.session is not None
        writable = has_case and not self.session.read_only  # type: ignore[union-attr]
        self.pages.setCurrentIndex(1 if has_case else 0)
        self.navigator.setVisible(has_case)
        self.update_inspector()
        for action in (self.close_action, self.search_action, self.find_action,
                       self.properties_action, self.audit_action, self.chart_action,
                       self.map_action, self.encrypt_action):
            action.setEnabled(has_case)
        self.timeline_action.setEnabled(has_case)
        self.tools.set_enabled(has_case, bool(writable))
        for action in (self.import_action, self.paste_action, self.new_excerpt_action):
            action.setEnabled(writable)
        title = "OSINT Desk"
        if self.session is not None:
            suffix = " [read-only]" if self.session.read_only else ""
            title = f"{for_display(self.session.store.meta().title)}{suffix} — OSINT Desk"
            self.statusBar().showMessage(str(self.session.store.path))
        self.setWindowTitle(title)
        self.welcome.set_recent(self.settings.recent_cases())
        self.recent_menu.clear()
        for path in self.settings.recent_cases():
            self.recent_menu.addAction(path.name, self._opener(path))
        self.recent_menu.setEnabled(bool(self.settings.recent_cases()))
        self._update_source_actions()

    def inspector_wanted(self) -> bool:
        """Whether the excerpt dock has something to show for the current tab."""
        reader = self.tabs.current_reader() if self.session is not None else None
        return (reader is not None and self.inspector.has_excerpt()
                and self.inspector.source_id in (None, reader.source_id))

    def update_inspector(self, *_args: object) -> None:
        """Show the excerpt dock when it has an excerpt of the source being read; hide it
        otherwise (Qt keeps the width the user gave it for when it comes back)."""
        show = self.session is not None and not self.inspector_closed \
            and self.inspector_wanted()
        if show == self.inspector.isVisibleTo(self):
            return
        self.inspector.setVisible(show)
        reader = self.tabs.current_reader() if show else None
        if reader is not None:  # the text was re-wrapped narrower: keep the selection in view
            QTimer.singleShot(0, reader.view, reader.view.ensureCursorVisible)

    def _inspector_chosen(self, shown: bool) -> None:
        """The user closed the dock (its ✕ or View → Excerpt) or asked for it back."""
        self.inspector_closed = not shown
        if shown:  # asked for: shown now, even empty; from then on it comes and goes again
            self.inspector.setVisible(self.session is not None)

    def choose_case(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, "Open case", "", f"OSINT Desk cases (*{CASE_SUFFIX});;All files (*)")
        if name:
            self.open_case(Path(name))

    def new_case(self) -> None:
        from osint_desk.ui.dialogs import NewCaseDialog

        dialog = NewCaseDialog(self)
        if dialog.exec() != NewCaseDialog.DialogCode.Accepted or dialog.created_path is None:
            return
        self.open_case(dialog.created_path)

    def open_demo(self) -> None:
        from osint_desk.core.demo import build_demo_case
        from osint_desk.core.paths import user_data_dir

        path = self.demo_path or user_data_dir() / f"demo{CASE_SUFFIX}"
        if not path.exists():
            build_demo_case(path).close()
        self.open_case(path)

    # -- case actions ----------------------------------------------------------------------

    def _navigate(self, kind: str, public_id: str) -> None:
        if self.session is None:
            return
        store = self.session.store
        try:
            if kind == "source":
                self.tabs.open_source(public_id)
            elif kind == "entity":
                self.tabs.open_card(public_id)
            elif kind == "relationship":
                self.tabs.open_card(store.relationships.get(public_id).subject_id)
            elif kind == "sanction":
                self.tabs.open_card(store.sanctions.get(public_id).entity_id)
            elif kind == "excerpt":
                self.tabs.show_excerpt(public_id)
            elif kind == "tag":
                self.quick_search(public_id)
            elif kind == "chart":
                self.tabs.open("chart", public_id)
        except NotFoundError as exc:
            self.statusBar().showMessage(str(exc), 5000)

    def _case_changed(self, *args: object) -> None:
        self.tabs.refresh_titles()
        # The tabs' views hear the same notice after the window (they connected later), so
        # their titles and state are read again once they have reloaded.
        QTimer.singleShot(0, self, self._after_views_reloaded)
        if self.session is not None:
            suffix = " [read-only]" if self.session.read_only else ""
            self.setWindowTitle(f"{for_display(self.session.store.meta().title)}{suffix}"
                                " — OSINT Desk")

    def new_excerpt(self) -> None:
        reader = self.tabs.current_reader()
        if reader is None:
            self.statusBar().showMessage("Open a source and select some words first.", 5000)
            return
        reader.new_excerpt_action.trigger()

    def _after_views_reloaded(self) -> None:
        self.tabs.refresh_titles()
        self._update_source_actions()

    def _update_source_actions(self, *_args: object) -> None:
        """Source properties: only while the current tab reads a source that exists."""
        reader = self.tabs.current_reader() if self.tabs.count() else None
        self.source_properties_action.setEnabled(
            reader is not None and reader.source is not None)
        session = self.session
        self.cards.set_enabled(session is not None, session is not None and not session.read_only,
                               reader is not None and reader.source is not None,
                               self.tabs.count() > 0 and self.tabs.current_card() is not None)

    def source_properties(self) -> None:
        reader = self.tabs.current_reader()
        if reader is not None:
            reader.properties_action.trigger()

    def source_properties_of(self, source_id: str) -> None:
        """The navigator's "Properties…": the dialog, without opening the source's tab."""
        if self.session is None:
            return
        from osint_desk.ui.source_properties import open_source_properties

        try:
            open_source_properties(self.session, source_id, self)
        except NotFoundError as exc:
            self.statusBar().showMessage(str(exc), 5000)

    def find_in_source(self) -> None:
        reader = self.tabs.current_reader()
        if reader is not None:
            reader.find_action.trigger()

    def quick_search(self, query: str = "") -> None:
        if self.session is None:
            return
        from osint_desk.ui.quick_search import QuickSearchDialog

        dialog = QuickSearchDialog(self.session, self)
        dialog.open_hit.connect(self._open_hit)
        if query:
            dialog.set_query(query)
        dialog.open()

    def _open_hit(self, kind: str, public_id: str, parent_id: str) -> None:
        if kind == "case":
            self.case_properties()
        else:
            self._navigate(kind, public_id)

    def import_sources(self) -> None:
        if self.importer is not None:
            self.importer.choose_and_import()

    def paste_source(self) -> None:
        if self.session is not None:
            from osint_desk.ui.importing.paste_dialog import PasteSourceDialog

            dialog = PasteSourceDialog(self.session, self)
            dialog.source_created.connect(self.tabs.open_source)
            dialog.open()

    def case_properties(self) -> None:
        if self.session is None:
            return
        from osint_desk.ui.custody import CustodyPanel
        from osint_desk.ui.dialogs import CasePropertiesDialog
        from osint_desk.ui.operations import edits

        meta = self.session.store.meta()
        custody = CustodyPanel(self.session.store.path, self.tasks)
        dialog = CasePropertiesDialog(meta, self.session.read_only, self, custody)
        if dialog.exec() == CasePropertiesDialog.DialogCode.Accepted:
            changes = dialog.changes(meta)
            if changes:
                try:
                    self.session.push(edits.edit_case(self.session, **changes))
                except OsintDeskError as exc:
                    QMessageBox.warning(self, "Cannot change the case", str(exc))

    def encrypt_case(self) -> None:
        from osint_desk.ui.encrypted_case import encrypt_open_case

        encrypt_open_case(self)

    def audit_log(self) -> None:
        if self.session is not None:
            from osint_desk.ui.dialogs import AuditLogDialog

            AuditLogDialog(self.session.store, self).open()

    def _show_imported(self, source_ids: list[str]) -> None:
        """After an import the first new source is opened, so the user sees what came in."""
        if source_ids and self.session is not None:
            self.tabs.open_source(source_ids[0])
            self.cards.after_import(source_ids)

    def link_chart(self) -> None:
        from osint_desk.ui.chart.chooser import choose_chart

        choose_chart(self.tabs, self)

    def delete_chart(self, chart_id: str) -> None:
        from osint_desk.ui.chart.chooser import delete_chart

        if self.session is not None:
            delete_chart(self.session, chart_id, self)

    def keyboard_shortcuts(self) -> None:
        from osint_desk.ui.help_dialogs import ShortcutsDialog

        ShortcutsDialog(self.menuBar(), self).open()

    def about(self) -> None:
        from osint_desk.core.geo.basemap import ATTRIBUTION as BASEMAP_CREDIT
        from osint_desk.core.geo.gazetteer import ATTRIBUTION as PLACES_CREDIT

        QMessageBox.about(self, "About OSINT Desk", (
            f"<h3>OSINT Desk {__version__}</h3><p>A case notebook for open-source "
            "investigators. It works offline and never opens a network connection.</p>"
            f"<p>{PLACES_CREDIT}<br>{BASEMAP_CREDIT}</p>"
            f"<p>PySide6 {PySide6.__version__}, Qt {qVersion()}</p>"))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._first_layout:
            self._first_layout = False
            self.resizeDocks([self.navigator], [navigator_width(self.width())],
                             Qt.Orientation.Horizontal)

    # -- drag and drop, closing -------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        from osint_desk.ui.importing.drop import drop_cue, paths_from_mime

        writable = self.session is not None and not self.session.read_only
        title = self.session.store.meta().title if writable and self.session else None
        cue = drop_cue(paths_from_mime(event.mimeData()), title)
        if cue:
            event.acceptProposedAction()
            self.statusBar().showMessage(cue)

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self.statusBar().clearMessage()
        super().dragLeaveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        """A case file dropped opens it; other files are imported into the open case."""
        from osint_desk.ui.importing.drop import paths_from_mime, split_cases

        self.statusBar().clearMessage()
        cases, files = split_cases(paths_from_mime(event.mimeData()))
        if cases:
            event.acceptProposedAction()
            self.open_case(cases[0])
            if len(cases) > 1 or files:
                self.statusBar().showMessage(
                    f"Opened {cases[0].name}; one case opens at a time, nothing was imported",
                    8000)
        elif files and self.importer is not None and self.session is not None \
                and not self.session.read_only:
            event.acceptProposedAction()
            self.importer.import_files(files)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.save_window_state(self.saveGeometry(), self.saveState())
        self.close_case()
        super().closeEvent(event)
