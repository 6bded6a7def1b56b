"""Screening from the GUI: on the task runner, with a progress dialog, Cancel and the outcome.

The work opens its own connections to the case and to the list library (SQLite connections
belong to the thread that made them). ``screen_case`` reads everything first and writes the
results in one transaction at the end, so Cancel leaves the case exactly as it was. Screening
records results rather than editing the case, so it is not an undo step; the decisions taken
on its results are.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QProgressBar, QProgressDialog, QWidget

from osint_desk.core.case_screening import ScreeningCancelled, screen_case
from osint_desk.core.safe_text import for_display
from osint_desk.core.sanctions.library import ListLibrary
from osint_desk.core.store import CaseStore
from osint_desk.core.store.screening_results import ScreeningRun
from osint_desk.ui.session import CaseSession
from osint_desk.ui.tasks import Task, TaskCancelled, TaskContext, TaskRunner
from osint_desk.ui.widgets.progress import worker_progress


def run_summary(run: ScreeningRun) -> str:
    """One sentence for the status bar and the results view."""
    cards = f"{run.cards} card{'' if run.cards == 1 else 's'}"
    lists = len(run.lists)
    text = (f"Screened {cards} against {lists} list{'' if lists == 1 else 's'}: "
            f"{run.hits} hit{'' if run.hits == 1 else 's'}, {run.new_hits} new to decide")
    if run.flagged:
        text += f", {run.flagged} record{'' if run.flagged == 1 else 's'} changed on the list"
    return text


class ScreeningController(QObject):
    """Runs screenings for one case session; one at a time."""

    finished = Signal(object)  # the ScreeningRun
    message = Signal(str)  # a status-bar line

    def __init__(self, session: CaseSession, tasks: TaskRunner, library_path: Path,
                 parent_widget: QWidget | None = None) -> None:
        super().__init__(parent_widget)
        self.session = session
        self.tasks = tasks
        self.library_path = Path(library_path)
        self.parent_widget = parent_widget
        self.task: Task[ScreeningRun] | None = None
        self.progress_dialog: QProgressDialog | None = None
        self.message_box: QMessageBox | None = None
        self.last_run: ScreeningRun | None = None
        self._bar: QProgressBar | None = None
        self._closed = False

    @property
    def running(self) -> bool:
        return self.task is not None

    def screen(self, entity_ids: Sequence[str] | None = None) -> bool:
        """Screen these cards (None: the whole case) in the background; False if refused."""
        if self._closed:
            return False
        if self.session.read_only:
            self._tell("Read-only case", "This case is open read-only, so screening results"
                       " cannot be kept in it. Open a writable copy to screen it.")
            return False
        if self.running:
            self.message.emit("A screening is already running; wait for it to finish.")
            return False
        store = self.session.store
        case_path, actor, library_path = store.path, store.actor, self.library_path
        cards = None if entity_ids is None else list(entity_ids)

        def work(context: TaskContext) -> ScreeningRun:
            with CaseStore.open(case_path, actor=actor) as case, \
                    ListLibrary(library_path) as library:
                try:
                    return screen_case(case, library, entity_ids=cards,
                                       progress=context.progress,
                                       cancelled=lambda: context.cancelled)
                except ScreeningCancelled:
                    raise TaskCancelled from None

        self.last_run = None
        self._show_progress(whole_case=entity_ids is None)
        self.task = self.tasks.run(work, what="Screening", on_done=self._on_succeeded,
                                   on_failed=self._on_failed, on_cancelled=self._on_cancelled)
        self.task.progressed.connect(self._on_progress)
        return True

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
        if self.progress_dialog is not None:
            self.progress_dialog.setLabelText("Cancelling… nothing will be kept.")

    def shutdown(self) -> None:
        """Cancel and wait (closing the case or quitting)."""
        self._closed = True
        if self.task is not None:
            self.task.cancel()
            self.task.wait()
        self._close_progress()

    def _show_progress(self, *, whole_case: bool) -> None:
        title = "Screening the case" if whole_case else "Screening the card"
        dialog, self._bar = worker_progress(
            self.parent_widget, title, "Reading the lists…", 0, "%v of %m cards", self.cancel,
            minimum_duration=300)
        self.progress_dialog = dialog

    def _on_progress(self, done: int, total: int, name: str) -> None:
        if self._bar is not None:
            self._bar.setRange(0, max(total, 1))
            self._bar.setValue(done)
        cancelling = self.task is not None and self.task.cancel_requested
        if self.progress_dialog is not None and name and not cancelling:
            name = for_display(name)  # a card's name: shown with marks, never obeyed
            shown = name if len(name) <= 60 else name[:59] + "…"
            self.progress_dialog.setLabelText(f"Screening {done + 1} of {total}: {shown}")

    def _on_succeeded(self, run: ScreeningRun) -> None:
        self.last_run = run
        if self._ended():
            self.message.emit(run_summary(run))
            self.finished.emit(run)

    def _on_cancelled(self) -> None:
        if self._ended():
            self.message.emit("Screening cancelled; nothing was kept.")

    def _on_failed(self, text: str) -> None:
        if self._ended():
            self._tell("Screening failed", for_display(text))
            self.message.emit(for_display(f"Screening failed: {text}"))

    def _close_progress(self) -> None:
        if self.progress_dialog is not None:
            self.progress_dialog.close()
            self.progress_dialog.deleteLater()
        self.progress_dialog, self._bar = None, None

    def _ended(self) -> bool:
        """Tidy up after the task; False when the case is closing (say nothing then)."""
        self.task = None
        self._close_progress()
        if self._closed:
            return False
        self.session.check_external_changes()  # the work wrote through its own connection
        return True

    def _tell(self, title: str, text: str) -> None:
        """A non-blocking message box (no nested event loop)."""
        box = QMessageBox(QMessageBox.Icon.Warning, title, text,
                          QMessageBox.StandardButton.Ok, self.parent_widget)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.message_box = box
        box.open()
