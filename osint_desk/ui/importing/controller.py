"""Importing files from the GUI: progress, Cancel, a per-file summary, and one undo step.

The work (``worker.run_import``) runs on the task runner; this controller lives on the GUI
thread and only reacts to its progress and outcome, so the window stays responsive. When the
run ends the
session looks for the other connection's writes and one command ("Import 3 sources") goes on
the undo stack: undo soft-deletes those sources, redo restores the same ids.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QProgressDialog,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from osint_desk.core.errors import NotFoundError
from osint_desk.core.importer import ImportOutcome
from osint_desk.core.ingest import SUPPORTED_SUFFIXES
from osint_desk.core.model import RecordKind
from osint_desk.ui.importing.worker import ImportRun, run_import
from osint_desk.ui.operations.base import StoreCommand
from osint_desk.ui.session import CaseSession
from osint_desk.ui.tasks import Task, TaskContext, TaskRunner
from osint_desk.ui.widgets.progress import worker_progress


def _with_parts(outcomes: list[ImportOutcome]) -> list[ImportOutcome]:
    """Every outcome with the parts it holds after it, depth first."""
    out: list[ImportOutcome] = []
    for outcome in outcomes:
        out.append(outcome)
        out.extend(_with_parts(list(outcome.parts)))
    return out


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _middle_elide(text: str, width: int = 60) -> str:
    if len(text) <= width:
        return text
    half = (width - 1) // 2
    return text[:half] + "…" + text[-half:]


def import_command(session: CaseSession, source_ids: Sequence[str]) -> StoreCommand:
    """The undo step for sources a worker already imported: its first redo does nothing."""
    store = session.store
    ids = tuple(source_ids)

    def remove(state: tuple[str, ...]) -> None:
        with store.transaction():
            for source_id in reversed(state):
                store.sources.delete(source_id)

    def restore(state: tuple[str, ...]) -> None:
        with store.transaction():
            for source_id in state:
                store.sources.restore(source_id)

    return StoreCommand(
        session, f"Import {_plural(len(ids), 'source')}", RecordKind.SOURCE,
        do=lambda: ids, undo=remove, again=restore,
        target=lambda state: state[0] if len(state) == 1 else "")


class ImportSummaryDialog(QDialog):
    """What happened to each file, shown when something failed or was already in the case."""

    def __init__(self, heading: str, rows: list[tuple[str, str, str, str]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import finished")
        self.heading = QLabel(heading)
        self.heading.setWordWrap(True)
        self.results = QTreeWidget()
        self.results.setAccessibleName("Import results")
        self.results.setHeaderLabels(["File", "Result"])
        self.results.setRootIsDecorated(False)
        self.results.setWordWrap(True)
        self.results.setAlternatingRowColors(True)
        icons = {status: self.style().standardIcon(pixmap) for status, pixmap in (
            ("imported", QStyle.StandardPixmap.SP_DialogApplyButton),
            ("duplicate", QStyle.StandardPixmap.SP_MessageBoxInformation),
            ("failed", QStyle.StandardPixmap.SP_MessageBoxWarning))}
        for status, name, result, tip in rows:
            item = QTreeWidgetItem([name, result])
            item.setIcon(0, icons[status])
            item.setToolTip(0, tip)
            item.setToolTip(1, result)
            self.results.addTopLevelItem(item)
        header = self.results.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.results, 1)
        layout.addWidget(buttons)
        self.resize(720, 340)

    def lines(self) -> list[str]:
        """Each row as "file — result" (for tests and copying)."""
        items = (self.results.topLevelItem(i) for i in range(self.results.topLevelItemCount()))
        return [f"{item.text(0)} — {item.text(1)}" for item in items if item is not None]


class ImportController(QObject):
    """Runs imports for one case session; ``finished`` carries a status-bar summary."""

    finished = Signal(str)
    sources_imported = Signal(list)  # public ids of the sources this run added, in file order

    def __init__(self, session: CaseSession, tasks: TaskRunner,
                 parent_widget: QWidget | None = None) -> None:
        super().__init__(parent_widget)
        self.session = session
        self.tasks = tasks
        self.parent_widget = parent_widget
        self.task: Task[ImportRun] | None = None
        self.outcomes: list[ImportOutcome] = []
        self.progress_dialog: QProgressDialog | None = None
        self.summary_dialog: ImportSummaryDialog | None = None
        self.message_box: QMessageBox | None = None
        self._bar: QProgressBar | None = None
        self._total = 0
        self._error = ""
        self._closed = False
        self._last_folder = ""

    @property
    def running(self) -> bool:
        return self.task is not None

    # -- starting -----------------------------------------------------------------------------

    def choose_and_import(self) -> None:
        """Ask for files (filtered to what ingest reads), then import them."""
        patterns = " ".join(f"*{suffix}" for suffix in SUPPORTED_SUFFIXES)
        names, _filter = QFileDialog.getOpenFileNames(
            self.parent_widget, "Import sources", self._last_folder,
            f"Sources ({patterns});;All files (*)")
        if names:
            self._last_folder = str(Path(names[0]).parent)
            self.import_files([Path(name) for name in names])

    def import_files(self, paths: Sequence[Path]) -> bool:
        """Start importing ``paths`` in the background; False when refused (said why)."""
        paths = [Path(path) for path in paths]
        if not paths or self._closed:
            return False
        if self.session.read_only:
            self._tell("Read-only case", "This case is open read-only, so nothing can be "
                       "imported into it. Open a writable copy to add sources.")
            self.finished.emit("Nothing imported: the case is open read-only")
            return False
        if self.running:
            self._status("An import is already running; wait for it to finish.")
            return False
        self.outcomes, self._total, self._error = [], len(paths), ""
        store = self.session.store
        case_path, actor = store.path, store.actor

        def work(context: TaskContext) -> ImportRun:
            return run_import(context, case_path, actor, paths)

        if len(paths) > 1:
            self._show_progress(len(paths))
        else:
            self._status(f"Importing {paths[0].name}…")
        self.task = self.tasks.run(work, what="The import", on_done=self._on_done,
                                   on_failed=self._on_failed)
        self.task.progressed.connect(self._on_progress)
        return True

    def cancel(self) -> None:
        """Stop after the file in hand; the files already imported stay (and are undoable)."""
        if self.task is None:
            return
        self.task.cancel()
        if self.progress_dialog is not None:
            self.progress_dialog.setLabelText("Cancelling after the current file…")
        self._status("Cancelling the import after the current file…")

    def shutdown(self) -> None:
        """Cancel and wait for the worker (closing the case or quitting the app)."""
        self._closed = True
        if self.task is not None:
            self.task.cancel()
            self.task.wait()
        self._close_progress()

    # -- progress -----------------------------------------------------------------------------

    def _show_progress(self, total: int) -> None:
        dialog, self._bar = worker_progress(
            self.parent_widget, "Importing sources", "Starting the import…", total,
            "%v of %m done", self.cancel)
        self.progress_dialog = dialog
        dialog.show()

    def _on_progress(self, done: int, total: int, filename: str) -> None:
        if self._bar is not None:
            self._bar.setValue(done)
        if self.progress_dialog is None or not filename:
            return
        if self.task is not None and self.task.cancel_requested:
            return
        self.progress_dialog.setLabelText(
            f"Importing {done + 1} of {total}: {_middle_elide(filename)}")

    def _on_failed(self, message: str) -> None:
        """The run could not start (the case would not open): nothing was imported."""
        self._on_done(ImportRun(error=message))

    def _close_progress(self) -> None:
        if self.progress_dialog is not None:
            self.progress_dialog.close()
            self.progress_dialog.deleteLater()
        self.progress_dialog, self._bar = None, None

    # -- the end ------------------------------------------------------------------------------

    def _on_done(self, run: ImportRun) -> None:
        cancelled = self.task is not None and self.task.cancel_requested
        self.task = None
        self.outcomes, self._error = run.outcomes, run.error
        self._close_progress()
        if self._closed:
            return
        self.session.check_external_changes()  # the worker wrote through its own connection
        every = list(_with_parts(self.outcomes))
        imported = [o.source_id for o in every if o.status == "imported" and o.source_id]
        if imported:
            self.session.push(import_command(self.session, imported))
            self.sources_imported.emit(imported)
        summary = self._summary(cancelled)
        if self._error:
            self._tell("Import failed", self._error)
        elif any(o.status != "imported" or o.integrity == "mismatch" for o in every):
            self._show_summary(summary)
        self.finished.emit(summary)

    def _summary(self, cancelled: bool) -> str:
        every = _with_parts(self.outcomes)  # a WARC's pages count as the sources they are
        counts = {status: sum(o.status == status for o in every)
                  for status in ("imported", "duplicate", "failed")}
        parts = [f"imported {_plural(counts['imported'], 'source')}"]
        if counts["duplicate"]:
            parts.append(f"{counts['duplicate']} already in the case")
        if counts["failed"]:
            parts.append(f"{counts['failed']} failed")
        untouched = self._total - len(self.outcomes)
        if cancelled and untouched:
            parts.append(f"{_plural(untouched, 'file')} not imported")
            return "Import cancelled: " + "; ".join(parts)
        if self._error:
            return f"Import failed: {self._error}"
        text = "; ".join(parts)
        return text[0].upper() + text[1:]

    def _show_summary(self, heading: str) -> None:
        order = {"failed": 0, "duplicate": 1, "imported": 2}  # problems first
        every = _with_parts(self.outcomes)
        rows = [self._row(o) for o in sorted(every, key=lambda o: order[o.status])]
        if self.summary_dialog is not None:
            self.summary_dialog.deleteLater()
        self.summary_dialog = ImportSummaryDialog(heading + ".", rows, self.parent_widget)
        self.summary_dialog.open()

    def _row(self, outcome: ImportOutcome) -> tuple[str, str, str, str]:
        # A part's message names it "file › part": that is the name shown for its row.
        name = Path(outcome.path).name or outcome.path
        head = outcome.message.split(": ", 1)[0]
        if head.startswith(f"{name} › "):
            name = head
        detail = outcome.message.removeprefix(f"{name}: ")
        if outcome.status == "imported":
            result = f"Imported as “{outcome.title}”"
            if outcome.parts:
                result += f", holding {_plural(len(outcome.parts), 'source')}"
            if outcome.integrity == "mismatch":
                result += "; its own digests do NOT match (changed since it was captured)"
            elif outcome.integrity == "valid":
                result += "; its own digests match"
        elif outcome.status == "duplicate":
            result = f"Duplicate of “{self._title(outcome.source_id)}”, already in the case"
        else:
            result = f"Failed: {detail}"
        if outcome.warnings:
            result += " (warning: " + "; ".join(outcome.warnings) + ")"
        return outcome.status, name, result, outcome.path

    def _title(self, source_id: str | None) -> str:
        try:
            return self.session.store.sources.get(source_id or "").title
        except NotFoundError:
            return source_id or "an existing source"

    def _tell(self, title: str, text: str) -> None:
        """A non-blocking message box (the controller never runs a nested event loop)."""
        box = QMessageBox(QMessageBox.Icon.Information, title, text,
                          QMessageBox.StandardButton.Ok, self.parent_widget)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.message_box = box
        box.open()

    def _status(self, text: str) -> None:
        if isinstance(self.parent_widget, QMainWindow):
            self.parent_widget.statusBar().showMessage(text, 8000)
