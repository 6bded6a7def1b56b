"""The main window: menus, toolbar, docks and tabs wired to one open case session.

It holds no data logic: views ask models, edits are commands, and each part (navigator,
reader, inspector, card, search, import) is its own widget; the window connects them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
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
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from osint_desk.core.errors import NotFoundError, OsintDeskError, PassphraseNeededError
from osint_desk.core.safe_text import for_display
from osint_desk.core.store import CASE_SUFFIX, CaseStore
from osint_desk.ui.card_tools import CardTools
from osint_desk.ui.case_dialogs import CaseDialogs
from osint_desk.ui.case_lock import CaseLock
from osint_desk.ui.case_refusal import explain_open_failure
from osint_desk.ui.case_tabs import CaseTabs
from osint_desk.ui.case_tools import CaseTools
from osint_desk.ui.deleting import DeleteAction
from osint_desk.ui.importing.window_drops import CaseDrops
from osint_desk.ui.inspector import ExcerptInspector
from osint_desk.ui.navigator import NavigatorDock
from osint_desk.ui.session import CaseSession
from osint_desk.ui.settings import AppSettings
from osint_desk.ui.tasks import TaskRunner
from osint_desk.ui.views import builtin_views
from osint_desk.ui.welcome import WelcomePage
from osint_desk.ui.window_menus import lay_out_menus, shortcut_list, tool_twin

# Start-up imports only what the first paint needs: dialogs, the views a tab shows, and the
# heavy core parts (sanctions lists and matching, ingest, report, exports) are imported where
# they are first used. tests/ui/test_startup_imports.py keeps it so.
if TYPE_CHECKING:
    from osint_desk.ui.importing.controller import ImportController


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
        self.dialogs = CaseDialogs(self, self.tabs, self.tasks)  # the case as a whole
        self.drops = CaseDrops(self)  # files and cases dropped on the window
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
        self.quit_action = self._action("&Quit", self.close, S.Quit)
        self.undo_action = self.undo_group.createUndoAction(self, "&Undo")
        self.undo_action.setShortcuts(shortcut_list("Ctrl+Z", S.Undo))
        self.redo_action = self.undo_group.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts(shortcut_list("Ctrl+Shift+Z", "Ctrl+Y", S.Redo))
        # The toolbar's buttons keep one label ("Undo New excerpt" would make every button
        # after it jump); what they would undo is in their tooltip, the Edit menu names it.
        self.undo_tool_action = tool_twin(self, "Undo", self.undo_action)
        self.redo_tool_action = tool_twin(self, "Redo", self.redo_action)
        self.new_excerpt_action = self._action("New &excerpt", self.new_excerpt, "Ctrl+E",
                                               "Cut an excerpt from the selected words")
        self.find_action = self._action("&Find in source…", self.find_in_source, S.Find)
        self.search_action = self._action("&Quick search…", self.quick_search, "Ctrl+K",
                                          "Search sources, excerpts, cards and notes")
        self.source_properties_action = self._action(
            "Source &properties…", self.source_properties,
            tip="Edit the title, outlet, dates, reliability and notes of the open source")
        self.timeline_action = self._action(
            "&Timeline", lambda: self.tabs.open("timeline", ""), "Ctrl+Shift+T",
            "Every dated thing of the case in time, partial dates as spans")
        self.map_action = self._action("&Map", lambda: self.tabs.open("map", ""), None,
                                       "The case's places and countries on an offline map")
        self.deleter = DeleteAction(self)  # Delete… and the Delete key, for the focused view
        self.delete_action = self.deleter.action
        self.recent_menu, self.toolbar = lay_out_menus(self)
        self.statusBar()

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
        self.navigator.properties_requested.connect(self.dialogs.source_properties_of)
        self.navigator.chart_delete_requested.connect(self.dialogs.delete_chart)

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
        self.dialogs.attach(self.session)
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
        self.dialogs.attach(None)
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
                       self.map_action, self.timeline_action):
            action.setEnabled(has_case)
        self.tools.set_enabled(has_case, bool(writable))
        self.dialogs.set_enabled(has_case, bool(writable))
        for action in (self.import_action, self.new_excerpt_action):
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
        """File → Open the demo case: the user's copy, written (again, when nobody changed
        it and the demo's content is newer) first."""
        from osint_desk.core.demo import demo_is_outdated, write_demo_case
        from osint_desk.core.paths import user_data_dir

        path = self.demo_path or user_data_dir() / f"demo{CASE_SUFFIX}"
        if not path.exists() or demo_is_outdated(path):
            try:
                write_demo_case(path).close()
            except (OsintDeskError, OSError) as exc:
                from PySide6.QtWidgets import QMessageBox

                QMessageBox.warning(self, "Cannot write the demo case", str(exc))
                return
        self.open_case(path)

    # -- case actions ----------------------------------------------------------------------

    def _navigate(self, kind: str, public_id: str) -> None:
        if kind == "tag":
            self.quick_search(public_id)
            return
        try:
            self.tabs.open_record(kind, public_id)
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
        """Source properties only while the current tab reads a source that exists, Screen
        this card only while it shows a card, and the card tools' own rules."""
        reader = self.tabs.current_reader() if self.tabs.count() else None
        self.source_properties_action.setEnabled(
            reader is not None and reader.source is not None)
        session = self.session
        writable = session is not None and not session.read_only
        card_open = self.tabs.count() > 0 and self.tabs.current_card() is not None
        self.tools.screen_card_action.setEnabled(writable and card_open)
        self.cards.set_enabled(session is not None, writable,
                               reader is not None and reader.source is not None, card_open)

    def source_properties(self) -> None:
        reader = self.tabs.current_reader()
        if reader is not None:
            reader.properties_action.trigger()

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
            self.dialogs.case_properties()
        else:
            self._navigate(kind, public_id)

    def import_sources(self) -> None:
        if self.importer is not None:
            self.importer.choose_and_import()

    def _show_imported(self, source_ids: list[str]) -> None:
        """After an import the first new source is opened, so the user sees what came in."""
        if source_ids and self.session is not None:
            self.tabs.open_source(source_ids[0])
            self.cards.after_import(source_ids)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._first_layout:
            self._first_layout = False
            self.resizeDocks([self.navigator], [navigator_width(self.width())],
                             Qt.Orientation.Horizontal)

    # -- drag and drop, closing -------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self.drops.enter(event)

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self.drops.leave()
        super().dragLeaveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self.drops.drop(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.save_window_state(self.saveGeometry(), self.saveState())
        self.close_case()
        super().closeEvent(event)
