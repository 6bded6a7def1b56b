"""What the controls of the sanctions-lists window do around the jobs: choosing files, the
date field, progress and Cancel, removing a list, restoring its previous publication, and
answering a refused update.

A mixin of :class:`~osint_desk.ui.lists.dialog.SanctionsListsDialog` (which supplies the
attributes declared below), kept apart so the dialog module stays readable. Questions that
must be answered before anything starts use ``QMessageBox.question``; the refused-update box
is opened window-modal with ``open()`` and answered through its ``finished`` signal.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFileDialog, QLabel, QLineEdit, QMessageBox, QPushButton, QWidget

from osint_desk.core.dates import PartialDate
from osint_desk.core.errors import ValidationError
from osint_desk.core.safe_text import for_display
from osint_desk.core.sanctions.library import ImportReport, ListSummary
from osint_desk.ui.lists.jobs import ListImportRun, remove_list, restore_list
from osint_desk.ui.lists.panels import RefusalBox
from osint_desk.ui.lists.texts import (
    LIST_FILES_FILTER,
    restore_message,
    restore_question,
    step_text,
)
from osint_desk.ui.settings import AppSettings
from osint_desk.ui.tasks import Task, TaskContext

LAST_FOLDER_KEY = "lists/last_folder"


class ListActions:
    """Choose files, remove, restore, and the answer to a refused update."""

    library_path: Path
    refusal_box: RefusalBox | None
    task: Task[Any] | None
    job: str
    published: QLineEdit
    progress_label: QLabel
    cancel_button: QPushButton
    _groups: int
    _current: str
    _select_after: str

    if TYPE_CHECKING:  # supplied by the dialog
        @property
        def running(self) -> bool: ...
        def selected_summary(self) -> ListSummary | None: ...
        def import_paths(self, paths: Sequence[Path]) -> bool: ...
        def _run_import(self, groups: list[list[Path]], format: str | None,
                        published: str | None, replace: bool = False) -> None: ...
        def _start(self, job: str, work: Callable[[TaskContext], Any], what: str,
                   on_done: Callable[[Any], None], text: str) -> None: ...
        def _finish(self, message: str, changed: bool, errors: Sequence[str],
                    refused: ListImportRun | None = None) -> None: ...
        def _widget(self) -> QWidget: ...
        def _set_status(self, text: str, error: bool = False) -> None: ...

    # -- importing ------------------------------------------------------------------------

    def _published_value(self) -> tuple[bool, str | None]:
        """(valid, the canonical date or None when the field is empty); a bad date is
        said in the status line."""
        text = self.published.text().strip()
        if not text:
            return True, None
        try:
            return True, PartialDate.parse(text).value
        except ValidationError as exc:
            self._set_status(f"Publication date: {exc}", error=True)
            self.published.setFocus()
            return False, None

    def cancel(self) -> None:
        """Stop the running import; the list in hand is left as it was."""
        if self.task is None or self.job != "import":
            return
        self.task.cancel()
        self.cancel_button.setEnabled(False)
        self.progress_label.setText("Cancelling… the library stays as it was.")

    def _on_progress(self, index: int, count: int, text: str) -> None:
        """``(list index, list count, what it does)`` from the import job."""
        if self.task is None or self.task.cancel_requested or not text:
            return
        self.progress_label.setText(for_display(step_text(index, count, text)))

    # -- choosing files -------------------------------------------------------------------


    def choose_files(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(
            self._widget(), "Import sanctions list files", self._last_folder(),
            LIST_FILES_FILTER)
        if names:
            self._remember_folder(Path(names[0]).parent)
            self.import_paths([Path(name) for name in names])

    def choose_folder(self) -> None:
        name = QFileDialog.getExistingDirectory(
            self._widget(), "Import an OFAC CSV folder", self._last_folder())
        if name:
            self._remember_folder(Path(name).parent)
            self.import_paths([Path(name)])

    # -- removing -------------------------------------------------------------------------

    def remove_selected(self) -> bool:
        """Ask, then remove the selected list; False when nothing was started."""
        summary = self.selected_summary()
        if summary is None or self.running:
            return False
        info = summary.info
        answer = QMessageBox.question(
            self._widget(), "Remove list", for_display(
            f"Remove “{info.list_name}” ({info.authority}, {summary.entry_count:,} entries)"
            " from the list library?\n\nScreening will no longer find its names. Sanctions"
            " records already attached to cards keep their copy. You can import the list"
            " again at any time."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return False
        path, key = self.library_path, info.list_key
        self._groups, self._current = 1, info.list_name
        self._start("remove", lambda context: remove_list(context, path, key),
                    "Removing the list", self._on_removed, f"Removing {info.list_name}…")
        return True

    def _on_removed(self, _list_key: str) -> None:
        self._finish(f"Removed {self._current} from the library.", True, [])

    # -- restoring ------------------------------------------------------------------------

    def restore_selected(self) -> bool:
        """Ask, then put back the previous publication of the selected list (undo its last
        update); False when nothing was started."""
        summary = self.selected_summary()
        if summary is None or not summary.has_previous or self.running:
            return False
        answer = QMessageBox.question(
            self._widget(), "Restore previous publication",
            for_display(restore_question(summary)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return False
        path, key, name = self.library_path, summary.info.list_key, summary.info.list_name
        self._groups, self._current = 1, name
        self._start("restore", lambda context: restore_list(context, path, key),
                    "Restoring the list", self._on_restored,
                    f"Restoring the previous publication of {name}…")
        return True

    def _on_restored(self, report: ImportReport) -> None:
        self._select_after = report.list_key
        self._finish(restore_message(report), True, [])

    def _ask_replace(self, run: ListImportRun) -> None:
        """Refused updates: Replace anyway runs the same files again with ``replace=True``
        (the same format and date); Cancel (the default) leaves the library as it is."""
        refused = list(run.refused)
        box = RefusalBox([text for _group, text in refused], self._widget())
        options = (run.format, run.published)

        def answered() -> None:
            self.refusal_box = None
            if box.replace_chosen() and not self.running:
                self._run_import([group for group, _text in refused], *options, replace=True)

        box.finished.connect(answered)
        self.refusal_box = box
        box.open()

    def _last_folder(self) -> str:
        value = AppSettings().qsettings.value(LAST_FOLDER_KEY, "")
        return str(value or "")

    def _remember_folder(self, folder: Path) -> None:
        settings = AppSettings().qsettings
        settings.setValue(LAST_FOLDER_KEY, str(folder))
        settings.sync()
