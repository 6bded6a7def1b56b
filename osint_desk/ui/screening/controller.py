"""Screening from the GUI: a worker thread, a progress dialog with Cancel, and the outcome.

The controller lives on the GUI thread and only reacts to the worker's signals. Screening
records results rather than editing the case, so it is not an undo step; the decisions taken
on its results are.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QMessageBox, QProgressBar, QProgressDialog, QWidget

from osint_desk.core.safe_text import for_display
from osint_desk.core.store.screening_results import ScreeningRun
from osint_desk.ui.screening.worker import ScreeningWorker
from osint_desk.ui.session import CaseSession
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

    def __init__(self, session: CaseSession, library_path: Path,
                 parent_widget: QWidget | None = None) -> None:
        super().__init__(parent_widget)
        self.session = session
        self.library_path = Path(library_path)
        self.parent_widget = parent_widget
        self.worker: ScreeningWorker | None = None
        self.progress_dialog: QProgressDialog | None = None
        self.message_box: QMessageBox | None = None
        self.last_run: ScreeningRun | None = None
        self._thread: QThread | None = None
        self._bar: QProgressBar | None = None
        self._error = ""
        self._cancelled = False
        self._closed = False
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    @property
    def running(self) -> bool:
        return self._thread is not None

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
        worker = ScreeningWorker(store.path, self.library_path, store.actor, entity_ids)
        thread = QThread(self)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.progress.connect(self._on_progress)
        worker.succeeded.connect(self._on_succeeded)
        worker.cancelled.connect(self._on_cancelled)
        worker.failed.connect(self._on_failed)
        worker.finished.connect(thread.quit)
        thread.finished.connect(self._on_done)
        self.worker, self._thread = worker, thread
        self._error, self._cancelled, self.last_run = "", False, None
        self._show_progress(whole_case=entity_ids is None)
        thread.start()
        return True

    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.cancel()
        if self.progress_dialog is not None:
            self.progress_dialog.setLabelText("Cancelling… nothing will be kept.")

    def shutdown(self) -> None:
        """Cancel and wait (closing the case or quitting)."""
        self._closed = True
        if self.worker is not None:
            self.worker.cancel()
        if self._thread is not None:
            self._thread.wait()
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
        if self.progress_dialog is not None and name and not self._cancelled:
            name = for_display(name)  # a card's name: shown with marks, never obeyed
            shown = name if len(name) <= 60 else name[:59] + "…"
            self.progress_dialog.setLabelText(f"Screening {done + 1} of {total}: {shown}")

    def _on_succeeded(self, run: ScreeningRun) -> None:
        self.last_run = run

    def _on_cancelled(self) -> None:
        self._cancelled = True

    def _on_failed(self, text: str) -> None:
        self._error = text

    def _close_progress(self) -> None:
        if self.progress_dialog is not None:
            self.progress_dialog.close()
            self.progress_dialog.deleteLater()
        self.progress_dialog, self._bar = None, None

    def _on_done(self) -> None:
        thread = self._thread
        if thread is not None:
            thread.wait()
            thread.deleteLater()
        self._thread, self.worker = None, None
        self._close_progress()
        if self._closed:
            return
        self.session.check_external_changes()  # the worker wrote through its own connection
        if self._error:
            self._tell("Screening failed", for_display(self._error))
            self.message.emit(for_display(f"Screening failed: {self._error}"))
        elif self._cancelled:
            self.message.emit("Screening cancelled; nothing was kept.")
        elif self.last_run is not None:
            self.message.emit(run_summary(self.last_run))
            self.finished.emit(self.last_run)

    def _tell(self, title: str, text: str) -> None:
        """A non-blocking message box (no nested event loop)."""
        box = QMessageBox(QMessageBox.Icon.Warning, title, text,
                          QMessageBox.StandardButton.Ok, self.parent_widget)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.message_box = box
        box.open()
