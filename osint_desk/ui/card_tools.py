"""The window's tools for turning text into cards (issue 16): suggestions to review,
possible duplicates, merging cards, watch terms, and the cross-case index.

Like ``CaseTools``, kept out of the main window so that it stays wiring: this object owns
the actions and puts their views in the tabs; each dialog or view module is imported when
first used. After an import it counts the new sources' suggestions on the task runner and
says so in the status bar ("suggestions run on import"); the case's cards go into the
cross-case index a few seconds after it opens and after its cards change.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMainWindow
from shiboken6 import isValid

from osint_desk.core.model import RecordKind
from osint_desk.ui.case_tabs import CaseTabs
from osint_desk.ui.session import CaseSession
from osint_desk.ui.tasks import TaskContext, TaskRunner
from osint_desk.ui.widgets.actions import make_action

SEEN_AFTER_MS = 800
INDEX_AFTER_MS = 3000


class CardTools(QObject):
    def __init__(self, window: QMainWindow, tabs: CaseTabs, tasks: TaskRunner,
                 library_path: Path | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.tabs = tabs
        self.tasks = tasks
        self.library_path = library_path
        self.session: CaseSession | None = None
        self.watch_dialog: QDialog | None = None
        # A source shown for a moment (paging through tabs) keeps its flag; one read for a
        # second does not: its watch matches count as seen.
        self._seen_timer = QTimer(self)
        self._seen_timer.setSingleShot(True)
        self._seen_timer.setInterval(SEEN_AFTER_MS)
        self._seen_timer.timeout.connect(self._mark_current_seen)
        tabs.currentChanged.connect(lambda _index: self._seen_timer.start())
        self._index_timer = QTimer(self)
        self._index_timer.setSingleShot(True)
        self._index_timer.setInterval(INDEX_AFTER_MS)
        self._index_timer.timeout.connect(self._index)
        self.review_source_action = self._action(
            "Review &suggestions in this source", self.review_source, "Ctrl+Shift+U",
            "Names, places, identifiers, sums and dates the open source mentions: accept"
            " or reject each")
        self.review_case_action = self._action(
            "Review suggestions in the wh&ole case", lambda: self.tabs.open("review", ""),
            tip="Every source's suggestions in one queue")
        self.duplicates_action = self._action(
            "Possible &duplicates", lambda: self.tabs.open("duplicates", ""),
            tip="Cards that may be the same person or organisation: merge or keep apart")
        self.merge_action = self._action(
            "&Merge cards…", self.merge_cards,
            tip="Merge the open card with others (Split on the card undoes it)")
        self.watch_action = self._action(
            "&Watch terms…", self.watch_terms,
            tip="Names and identifiers that flag new sources and excerpts mentioning them")

    def _action(self, text: str, slot: Callable[[], object], shortcut: str | None = None,
                tip: str = "") -> QAction:
        return make_action(self.window, text, slot, shortcut, tip)

    def actions(self) -> list[QAction | None]:
        """The Case menu's part (None: a separator)."""
        return [self.review_source_action, self.review_case_action, None,
                self.duplicates_action, self.merge_action, None, self.watch_action]

    def _status(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 12000)

    # -- the open case ----------------------------------------------------------------------

    def attach(self, session: CaseSession) -> None:
        self.session = session
        session.changed.connect(self._on_changed)
        # Not while the window comes up: the index waits until the user is reading, and
        # is made again a while after the cards change (a burst of edits: once).
        self._index_timer.start()

    def _on_changed(self, kind: object, _public_id: str) -> None:
        if kind in (RecordKind.ENTITY, RecordKind.CASE):
            self._index_timer.start()

    def detach(self) -> None:
        self._seen_timer.stop()
        self._index_timer.stop()
        if self.watch_dialog is not None and isValid(self.watch_dialog):
            self.watch_dialog.close()
        self.watch_dialog = None
        if self.session is not None:
            self.session.changed.disconnect(self._on_changed)
        self.session = None

    def set_enabled(self, has_case: bool, writable: bool, has_source: bool,
                    has_card: bool) -> None:
        self.review_source_action.setEnabled(has_case and has_source)
        self.review_case_action.setEnabled(has_case)
        self.duplicates_action.setEnabled(has_case)
        self.merge_action.setEnabled(writable and has_card)
        self.watch_action.setEnabled(has_case)

    def _index(self) -> None:
        """The case's cards in the cross-case index (names and identifiers, no text)."""
        if self.session is None:
            return
        from osint_desk.ui.xref_index import index_in_background

        index_in_background(self.tasks, self.session.store.path)

    # -- actions ----------------------------------------------------------------------------

    def review_source(self) -> None:
        reader = self.tabs.current_reader()
        if reader is None:
            self._status("Open a source first, then review its suggestions.")
            return
        self.tabs.open("review", reader.source_id)

    def merge_cards(self) -> object:
        card = self.tabs.current_card()
        if self.session is None or card is None:
            self._status("Open a card first, then merge others into it.")
            return None
        from osint_desk.ui.merge_dialog import open_merge_dialog

        return open_merge_dialog(self.window, self.session, [card.entity_id])

    def watch_terms(self) -> QDialog | None:
        """The case's watch terms (one dialog per window, brought forward when open)."""
        if self.session is None:
            return None
        if self.watch_dialog is not None and isValid(self.watch_dialog):
            self.watch_dialog.raise_()
            self.watch_dialog.activateWindow()
            return self.watch_dialog
        from osint_desk.ui.watch_dialog import open_watch_dialog

        self.watch_dialog = open_watch_dialog(self.session, self.tasks, self.window,
                                              self.tabs.show_range)
        return self.watch_dialog

    def _mark_current_seen(self) -> None:
        """The source read now has no new watch matches any more (its ◉ goes)."""
        session = self.session
        reader = self.tabs.current_reader() if session is not None else None
        if session is None or reader is None or session.read_only:
            return
        from osint_desk.core.store.watch import watch_of

        watch = watch_of(session.store)
        if watch.hits(source_id=reader.source_id, unseen_only=True, limit=1) \
                and watch.mark_seen(reader.source_id):
            session.notify(RecordKind.WATCH, reader.source_id)

    def after_import(self, source_ids: list[str]) -> None:
        """Count the new sources' suggestions in the background and say so."""
        if self.session is None or not source_ids:
            return
        from osint_desk.ui.review.loader import suggestions_work

        path = self.session.store.path
        works = [suggestions_work(path, sid, self.library_path) for sid in source_ids[:50]]

        def count(context: TaskContext) -> int:
            return sum(len(work(context)) for work in works)

        def done(found: int) -> None:
            if found and self.session is not None and self.session.store.path == path:
                where = "the new source" if len(source_ids) == 1 else "the new sources"
                self._status(f"{found} suggestion{'s' if found != 1 else ''} to review in"
                             f" {where} (Case → Review suggestions, Ctrl+Shift+U)")

        self.tasks.run(count, what="Counting suggestions", on_done=done)
