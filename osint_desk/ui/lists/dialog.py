"""Tools → Sanctions lists: the lists in the library, importing, restoring and removing them.

A non-modal window. The table reads the library through the dialog's own connection (GUI
thread); imports, restores and removals run on the window's task runner (``TaskRunner``,
passed in), each job opening a connection of its own (see :mod:`osint_desk.ui.lists.jobs`),
never with ``processEvents()``. ``lists_changed`` tells the main window that the library
changed, so screening views can refresh. An update the core refuses (it would lose data)
is put to the user: Replace anyway runs it again with ``replace=True``; Restore previous
publication undoes an update. The widgets are built in :mod:`~osint_desk.ui.lists.panels`,
the wording is in :mod:`~osint_desk.ui.lists.texts`.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QItemSelection, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from osint_desk.core.errors import OsintDeskError
from osint_desk.core.safe_text import for_display
from osint_desk.core.sanctions.library import ListLibrary, ListSummary
from osint_desk.ui.lists.actions import ListActions
from osint_desk.ui.lists.jobs import ListImportJob, ListImportRun, describe, group_paths
from osint_desk.ui.lists.model import SORT_ROLE, ListsTableModel
from osint_desk.ui.lists.panels import (
    RefusalBox,
    empty_page,
    import_options,
    lists_table,
    plain_label,
    progress_row,
)
from osint_desk.ui.lists.texts import (
    EMPTY_TEXT,
    LIST_FILES_FILTER,
    import_message,
    previous_text,
    report_line,
)
from osint_desk.ui.tasks import Task, TaskContext, TaskRunner
from osint_desk.ui.widgets.forms import fit_to_window

__all__ = ["EMPTY_TEXT", "LIST_FILES_FILTER", "SanctionsListsDialog", "report_line"]

ERROR_STYLE = "color: #c62828"


class SanctionsListsDialog(ListActions, QDialog):
    """The list library of ``library_path`` (``library.default_path()`` in the app).

    Signals: ``lists_changed()`` after an import or removal changed the library;
    ``operation_finished(str)`` when an import or removal ends, with the summary shown.
    Closing the window cancels a running import (the library stays as it was) and waits
    for it; the job's thread belongs to ``tasks``, never to the window.
    """

    lists_changed = Signal()
    operation_finished = Signal(str)

    def __init__(self, library_path: Path, tasks: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library_path = Path(library_path)
        self.tasks = tasks
        self.task: Task[Any] | None = None
        self.job = ""  # what the running task does: "import", "restore" or "remove"
        self.message_box: QMessageBox | None = None
        self.refusal_box: RefusalBox | None = None
        self._groups = 0
        self._current = ""
        self._select_after = ""
        self.setWindowTitle("Sanctions lists")
        self.setModal(False)
        self.setWindowModality(Qt.WindowModality.NonModal)
        self._build()
        self._update_buttons()
        self.refresh()
        fit_to_window(self, 1040, 580)

    # -- building -------------------------------------------------------------------------

    def _build(self) -> None:
        intro = QLabel("The official sanctions lists, imported from their publishers' files and"
                       " shared by all cases. Screening checks card names against every name"
                       " and alias listed here.")
        intro.setWordWrap(True)
        self.model = ListsTableModel(parent=self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = lists_table(self.proxy)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.remove_selected)
        self.empty = empty_page()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.table)

        self.details = plain_label("Selected list")
        self.library_label = plain_label()
        self.library_label.setWordWrap(False)
        self.library_label.setText(f"Library file: {self.library_path}")
        self.library_label.setEnabled(False)  # drawn in the muted colour
        options = import_options()
        self.format, self.published = options.format, options.published
        progress = progress_row()
        self.progress_panel, self.progress_label = progress.panel, progress.label
        self.progress_bar, self.cancel_button = progress.bar, progress.cancel
        self.cancel_button.clicked.connect(self.cancel)
        self.status = plain_label("Last result")

        self.import_files_button = self._button(
            "&Import files…", self.choose_files, "Import a list file (UN, OFAC XML, EU, UK,"
            " OpenSanctions), or the files of one OFAC CSV set")
        self.import_folder_button = self._button(
            "Import f&older…", self.choose_folder, "Import the OFAC legacy CSV set from its"
            " folder (sdn.csv, add.csv, alt.csv, sdn_comments.csv)")
        self.restore_button = self._button(
            "Re&store previous publication…", self.restore_selected, "Undo the last update of"
            " the selected list: put back the publication it replaced")
        self.remove_button = self._button("&Remove…", self.remove_selected,
                                          "Remove the selected list from the library")
        self.close_button = self._button("Close", self.reject)
        self.cancel_button.setAutoDefault(False)
        buttons = QHBoxLayout()
        for button in (self.import_files_button, self.import_folder_button,
                       self.restore_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.details)
        layout.addWidget(self.library_label)
        layout.addSpacing(4)
        layout.addLayout(options.row)
        layout.addWidget(self.progress_panel)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self._set_status("")

    def _button(self, text: str, slot: object, tip: str = "") -> QPushButton:
        button = QPushButton(text)
        button.setAutoDefault(False)
        if tip:
            button.setToolTip(tip)
        button.clicked.connect(slot)
        return button

    # -- reading the library --------------------------------------------------------------

    def refresh(self) -> None:
        """Read the lists again (after a change, or another program's import)."""
        selected = self._select_after or self.selected_list_key()
        self._select_after = ""
        try:
            # No re-keying here (the GUI thread): the jobs that screen or import do it.
            with ListLibrary(self.library_path, rekey=False) as library:
                summaries = library.lists()
        except OsintDeskError as exc:
            summaries = []
            self.empty.setText("<h3>The list library cannot be opened</h3>"
                               f"<p>{html.escape(for_display(str(exc)))}</p>")
        else:
            self.empty.setText(EMPTY_TEXT)
        self.model.set_summaries(summaries)
        self.stack.setCurrentWidget(self.table if summaries else self.empty)
        self._select(selected)
        self._show_details()
        self._update_buttons()

    def selected_list_key(self) -> str:
        summary = self.selected_summary()
        return summary.info.list_key if summary else ""

    def selected_summary(self) -> ListSummary | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.summary(self.proxy.mapToSource(rows[0]).row())

    def _select(self, list_key: str) -> None:
        row = self.model.row_of(list_key) if list_key else -1
        if row < 0:
            self.table.clearSelection()
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.selectRow(index.row())
        self.table.scrollTo(index)

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._show_details()
        self._update_buttons()

    def _show_details(self) -> None:
        summary = self.selected_summary()
        self.details.setVisible(self.model.rowCount() > 0)
        if summary is None:
            self.details.setText("Select a list to see its source files and full SHA-256.")
            return
        info = summary.info
        files = ", ".join(info.source_files) or "not recorded"
        previous = previous_text(summary)
        self.details.setText(for_display(f"{info.list_name} (key {info.list_key})."
                                         f" Files: {files}.\nSHA-256: {info.file_sha256}"
                                         + (f"\n{previous}" if previous else "")))

    # -- importing ------------------------------------------------------------------------

    def import_paths(self, paths: Sequence[Path]) -> bool:
        """Import these files or folders in the background, with the format and publication
        date fields; False when refused (the status line says why)."""
        paths = [Path(path) for path in paths]
        if not paths:
            return False
        if self.running:
            self._set_status("Wait for the running task to finish.", error=True)
            return False
        valid, published = self._published_value()
        if not valid:
            return False
        self._run_import(group_paths(paths), self.format.currentData(), published)
        return True

    def _run_import(self, groups: list[list[Path]], format: str | None,
                    published: str | None, replace: bool = False) -> None:
        job = ListImportJob(self.library_path, groups, format=format, published=published,
                            replace=replace)
        self._groups = len(groups)
        self._current = describe(groups[0])
        self._start("import", job.run, "The import", self._on_imported,
                    f"Reading {self._current}…")

    def _on_imported(self, run: ListImportRun) -> None:
        refusals = [text for _group, text in run.refused]
        message = import_message(run.reports, run.errors, refusals, self._groups,
                                 run.cancelled)
        if run.reports:
            self.published.clear()
            self._select_after = run.reports[-1].list_key
        self._finish(message, bool(run.reports), run.errors,
                     run if run.refused and not run.errors else None)

    # -- running a job --------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self.task is not None

    def _start(self, job: str, work: Callable[[TaskContext], Any], what: str,
               on_done: Callable[[Any], None], text: str) -> None:
        """Run *work* on the task runner; exactly one of the outcomes below follows."""
        self._select_after, self.job = "", job
        self.progress_label.setText(for_display(text))
        self.cancel_button.setVisible(job == "import")
        self.cancel_button.setEnabled(True)
        self.progress_panel.setVisible(True)
        self._set_status("")
        self.task = self.tasks.run(
            work, what=what, on_done=self._alive(on_done),
            on_failed=self._alive(self._on_failed), on_cancelled=self._alive(self._on_cancelled))
        self.task.progressed.connect(self._on_progress)
        self._update_buttons()

    def _alive(self, callback: Callable[..., None]) -> Callable[..., None]:
        """The outcome, unless the window was destroyed meanwhile (its parent went)."""
        def call(*args: Any) -> None:
            if shiboken6.isValid(self):
                callback(*args)
        return call

    def _on_failed(self, message: str) -> None:
        """The job raised (the library could not be opened, a remove or restore failed)."""
        failed = {"import": import_message([], [message], [], self._groups, False),
                  "restore": "The previous publication was not restored."}
        self._finish(failed.get(self.job, "The list was not removed."), False, [message])

    def _on_cancelled(self) -> None:
        self._finish(import_message([], [], [], self._groups, True), False, [])

    def _finish(self, message: str, changed: bool, errors: Sequence[str],
                refused: ListImportRun | None = None) -> None:
        """After every job: the table read again, the result said, the signals sent."""
        job, self.task, self.job = self.job, None, ""
        self.progress_panel.setVisible(False)
        self.refresh()
        self._set_status(message, error=bool(errors or refused))
        if errors:
            title = {"import": "Import failed", "restore": "Restore failed"}.get(
                job, "Remove failed")
            self._tell(title, "\n\n".join(errors))
        elif refused is not None:
            self._ask_replace(refused)
        if changed:
            self.lists_changed.emit()
        self.operation_finished.emit(for_display(message))

    def shutdown(self) -> None:
        """Cancel the running job and wait for it (closing); its outcome still follows,
        from the event loop, unless the runner itself was shut down (quitting)."""
        task = self.task
        if task is not None:
            task.cancel()
            task.wait()

    # -- closing --------------------------------------------------------------------------

    def done(self, result: int) -> None:
        # Close, Esc and the window's X all come here. The task's outcome is queued behind
        # this call; it still arrives and ends the job in order.
        self.shutdown()
        super().done(result)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self.running:
            self.refresh()  # another program (the CLI) may have changed the library

    # -- small helpers --------------------------------------------------------------------

    def _widget(self) -> QWidget:
        return self

    def _update_buttons(self) -> None:
        idle = not self.running
        for widget in (self.import_files_button, self.import_folder_button, self.format,
                       self.published):
            widget.setEnabled(idle)
        summary = self.selected_summary()
        self.remove_button.setEnabled(idle and summary is not None)
        self.restore_button.setEnabled(idle and summary is not None and summary.has_previous)

    def _set_status(self, text: str, error: bool = False) -> None:
        """Results name lists and files from outside: shown with visible marks."""
        self.status.setText(for_display(text))
        self.status.setStyleSheet(ERROR_STYLE if error else "")
        self.status.setVisible(bool(text))

    def _tell(self, title: str, text: str) -> None:
        """A non-blocking message box: the dialog never runs a nested event loop itself."""
        box = QMessageBox(QMessageBox.Icon.Warning, title, for_display(text),
                          QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.destroyed.connect(self._forget_box)
        self.message_box = box
        box.open()

    def _forget_box(self) -> None:
        self.message_box = None
