"""Tools → Sanctions lists: the lists in the library, importing and removing them.

A non-modal window. The table reads the library through the dialog's own connection (GUI
thread); imports and removals run on a worker thread with a connection of its own (see
:mod:`osint_desk.ui.lists.worker`), never with ``processEvents()``. ``lists_changed`` tells
the main window that the library changed, so screening views can refresh.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QItemSelection,
    QSortFilterProxyModel,
    Qt,
    QThread,
    Signal,
)
from PySide6.QtGui import QKeySequence, QPalette, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from osint_desk.core.dates import PartialDate
from osint_desk.core.errors import OsintDeskError, ValidationError
from osint_desk.core.safe_text import for_display
from osint_desk.core.sanctions import formats
from osint_desk.core.sanctions.library import ImportReport, ListLibrary, ListSummary
from osint_desk.ui.lists.model import (
    AUTHORITY,
    ENTRIES,
    IMPORTED,
    NAME,
    NAMES,
    PUBLISHED,
    SHA256,
    SORT_ROLE,
    ListsTableModel,
)
from osint_desk.ui.lists.worker import (
    ListImportWorker,
    ListRemoveWorker,
    describe,
    group_paths,
)
from osint_desk.ui.settings import AppSettings
from osint_desk.ui.widgets.forms import fit_to_window

LIST_FILES_FILTER = ("Sanctions list files (*.xml *.csv *.json *.jsonl *.ndjson);;"
                     "All files (*)")
LAST_FOLDER_KEY = "lists/last_folder"
ERROR_STYLE = "color: #c62828"

EMPTY_TEXT = (
    "<h3>No sanctions lists imported yet</h3>"
    "<p>Screening compares the names on your cards with the official lists kept here."
    " Download a list from its publisher, then:</p>"
    "<ul>"
    "<li><b>Import files…</b> for one list file: UN Security Council consolidated.xml,"
    " OFAC sdn.xml or consolidated.xml, the EU Financial Sanctions File (XML or CSV), the UK"
    " Sanctions List or OFSI ConList.csv, or OpenSanctions entities.ftm.json.</li>"
    "<li><b>Import folder…</b> for the OFAC legacy CSV set: the folder holding sdn.csv,"
    " add.csv, alt.csv and sdn_comments.csv (or the cons_*.csv files).</li>"
    "</ul>"
    "<p>Files are read on this computer; nothing is downloaded. Importing a newer"
    " publication of a list replaces the old one.</p>"
)


def report_line(report: ImportReport) -> str:
    """"UN Security Council Consolidated List: 1,003 entries (1,003 added, 0 removed,
    0 changed)", plus a note when the publication date is unknown."""
    name = report.list_name or report.list_key
    text = (f"{name}: {report.total:,} entries ({report.added:,} added,"
            f" {report.removed:,} removed, {report.changed:,} changed)")
    if not report.published:
        text += "; publication date unknown"
    return text


class SanctionsListsDialog(QDialog):
    """The list library of ``library_path`` (``library.default_path()`` in the app).

    Signals: ``lists_changed()`` after an import or removal changed the library;
    ``operation_finished(str)`` when an import or removal ends, with the summary shown.
    Closing the window cancels a running import (the library stays as it was).
    """

    lists_changed = Signal()
    operation_finished = Signal(str)

    def __init__(self, library_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library_path = Path(library_path)
        self.worker: ListImportWorker | ListRemoveWorker | None = None
        self.message_box: QMessageBox | None = None
        self._thread: QThread | None = None
        self._reports: list[ImportReport] = []
        self._errors: list[str] = []
        self._groups = 0
        self._current = ""
        self._select_after = ""
        self._removed = ""
        self.setWindowTitle("Sanctions lists")
        self.setModal(False)
        self.setWindowModality(Qt.WindowModality.NonModal)
        self._build()
        self._update_buttons()
        self.refresh()
        fit_to_window(self, 1040, 580)
        app = QCoreApplication.instance()
        if app is not None:  # quitting with an import running must not destroy the QThread
            app.aboutToQuit.connect(self.shutdown)

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
        self.table = QTableView()
        self.table.setAccessibleName("Imported sanctions lists")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(AUTHORITY, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setMinimumSectionSize(60)
        for column in (AUTHORITY, PUBLISHED, IMPORTED, ENTRIES, NAMES, SHA256):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.remove_selected)

        self.empty = QLabel(EMPTY_TEXT)
        self.empty.setAccessibleName("No lists imported")
        self.empty.setWordWrap(True)
        self.empty.setTextFormat(Qt.TextFormat.RichText)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.empty.setMargin(16)
        self.empty.setFrameShape(QFrame.Shape.StyledPanel)
        self.empty.setAutoFillBackground(True)
        self.empty.setBackgroundRole(QPalette.ColorRole.Base)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.table)

        self.details = QLabel()
        self.details.setAccessibleName("Selected list")
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.library_label = QLabel(f"Library file: {self.library_path}")
        self.library_label.setTextFormat(Qt.TextFormat.PlainText)
        self.library_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse)
        self.library_label.setEnabled(False)  # drawn in the muted colour

        self.format = QComboBox()
        self.format.setAccessibleName("List format")
        self.format.addItem("Detect from the files", None)
        for name in formats.format_names():
            self.format.addItem(formats.FORMATS[name][0], name)
        self.format.setToolTip("Leave on “Detect” unless a file is not recognised")
        self.format.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.published = QLineEdit()
        self.published.setAccessibleName("Publication date")
        self.published.setPlaceholderText("YYYY-MM-DD")
        self.published.setClearButtonEnabled(True)
        self.published.setMaximumWidth(150)
        self.published.setToolTip(
            "For files that carry no publication date (OFAC CSV, OpenSanctions): the date"
            " the publisher issued them. A date in the file always wins.")
        format_label = QLabel("&Format:")
        format_label.setBuddy(self.format)
        date_label = QLabel("&Publication date:")
        date_label.setBuddy(self.published)
        date_hint = QLabel("only used when the file has none")
        date_hint.setEnabled(False)
        options = QHBoxLayout()
        options.addWidget(format_label)
        options.addWidget(self.format)
        options.addSpacing(18)
        options.addWidget(date_label)
        options.addWidget(self.published)
        options.addWidget(date_hint)
        options.addStretch(1)

        self.progress_label = QLabel()
        self.progress_label.setTextFormat(Qt.TextFormat.PlainText)
        self.progress_bar = QProgressBar()
        self.progress_bar.setAccessibleName("Import progress")
        self.progress_bar.setRange(0, 0)  # busy: the core cannot say how many entries remain
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setMaximumWidth(220)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop the import; the library stays as it was")
        self.cancel_button.clicked.connect(self.cancel)
        self.progress_panel = QWidget()
        running = QHBoxLayout(self.progress_panel)
        running.setContentsMargins(0, 0, 0, 0)
        running.addWidget(self.progress_label, 1)
        running.addWidget(self.progress_bar)
        running.addWidget(self.cancel_button)
        self.progress_panel.setVisible(False)

        self.status = QLabel()
        self.status.setAccessibleName("Last result")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.import_files_button = QPushButton("&Import files…")
        self.import_files_button.setToolTip(
            "Import a list file (UN, OFAC XML, EU, UK, OpenSanctions), or the files of one"
            " OFAC CSV set")
        self.import_files_button.clicked.connect(self.choose_files)
        self.import_folder_button = QPushButton("Import f&older…")
        self.import_folder_button.setToolTip(
            "Import the OFAC legacy CSV set from its folder (sdn.csv, add.csv, alt.csv,"
            " sdn_comments.csv)")
        self.import_folder_button.clicked.connect(self.choose_folder)
        self.remove_button = QPushButton("&Remove…")
        self.remove_button.setToolTip("Remove the selected list from the library")
        self.remove_button.clicked.connect(self.remove_selected)
        self.close_button = QPushButton("Close")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        for button in (self.import_files_button, self.import_folder_button,
                       self.remove_button, self.cancel_button):
            button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.import_files_button)
        buttons.addWidget(self.import_folder_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.details)
        layout.addWidget(self.library_label)
        layout.addSpacing(4)
        layout.addLayout(options)
        layout.addWidget(self.progress_panel)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self._set_status("")

    # -- reading the library --------------------------------------------------------------

    def refresh(self) -> None:
        """Read the lists again (after a change, or another program's import)."""
        selected = self._select_after or self.selected_list_key()
        self._select_after = ""
        try:
            # No re-keying here (the GUI thread): the workers that screen or import do it.
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
        self.details.setText(for_display(f"{info.list_name} (key {info.list_key})."
                                         f" Files: {files}.\nSHA-256: {info.file_sha256}"))

    # -- importing ------------------------------------------------------------------------

    def choose_files(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(
            self, "Import sanctions list files", self._last_folder(), LIST_FILES_FILTER)
        if names:
            self._remember_folder(Path(names[0]).parent)
            self.import_paths([Path(name) for name in names])

    def choose_folder(self) -> None:
        name = QFileDialog.getExistingDirectory(
            self, "Import an OFAC CSV folder", self._last_folder())
        if name:
            self._remember_folder(Path(name).parent)
            self.import_paths([Path(name)])

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
        groups = group_paths(paths)
        worker = ListImportWorker(self.library_path, groups, format=self.format.currentData(),
                                  published=published)
        worker.list_started.connect(self._on_list_started)
        worker.progress.connect(self._on_progress)
        worker.writing.connect(self._on_writing)
        worker.imported.connect(self._on_imported)
        self._groups = len(groups)
        self._current = describe(groups[0])
        self._start(worker, f"Reading {self._current}…")
        return True

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
        if not isinstance(self.worker, ListImportWorker):
            return
        self.worker.cancel()
        self.cancel_button.setEnabled(False)
        self.progress_label.setText("Cancelling… the library stays as it was.")

    def _on_list_started(self, number: int, count: int, what: str) -> None:
        self._current = what
        self._set_progress(f"Reading {what}…")

    def _on_progress(self, done: int) -> None:
        if done:
            self._set_progress(f"Reading {self._current}… {done:,} entries read")

    def _on_writing(self, count: int) -> None:
        self._set_progress(f"Writing {count:,} entries from {self._current} to the library…")

    def _on_imported(self, report: ImportReport) -> None:
        self._reports.append(report)
        self._select_after = report.list_key

    def _set_progress(self, text: str) -> None:
        if self.worker is not None and self.worker.cancelled:
            return
        where = len(self._reports) + len(self._errors) + 1
        if self._groups > 1:
            text = f"List {min(where, self._groups)} of {self._groups}: {text}"
        self.progress_label.setText(for_display(text))

    # -- removing -------------------------------------------------------------------------

    def remove_selected(self) -> bool:
        """Ask, then remove the selected list; False when nothing was started."""
        summary = self.selected_summary()
        if summary is None or self.running:
            return False
        info = summary.info
        answer = QMessageBox.question(
            self, "Remove list", for_display(
            f"Remove “{info.list_name}” ({info.authority}, {summary.entry_count:,} entries)"
            " from the list library?\n\nScreening will no longer find its names. Sanctions"
            " records already attached to cards keep their copy. You can import the list"
            " again at any time."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return False
        worker = ListRemoveWorker(self.library_path, info.list_key)
        worker.removed.connect(self._on_removed)
        self._groups, self._current = 1, info.list_name
        self._start(worker, f"Removing {info.list_name}…")
        return True

    def _on_removed(self, list_key: str) -> None:
        self._removed = list_key

    # -- running a job --------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._thread is not None

    def _start(self, worker: ListImportWorker | ListRemoveWorker, text: str) -> None:
        self._reports, self._errors, self._removed = [], [], ""
        self._select_after = ""
        worker.failed.connect(self._on_failed)
        thread = QThread(self)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        # Direct: quit() is thread-safe, and a queued call could not reach a GUI thread
        # that is blocked in shutdown()'s wait().
        worker.finished.connect(thread.quit, Qt.ConnectionType.DirectConnection)
        thread.finished.connect(self._on_done)
        self.worker, self._thread = worker, thread
        self.progress_label.setText(for_display(text))
        self.cancel_button.setVisible(isinstance(worker, ListImportWorker))
        self.cancel_button.setEnabled(True)
        self.progress_panel.setVisible(True)
        self._set_status("")
        self._update_buttons()
        thread.start()

    def _on_failed(self, message: str) -> None:
        self._errors.append(message)

    def _on_done(self) -> None:
        thread, worker = self._thread, self.worker
        if thread is None or worker is None:
            return
        thread.wait()  # run() has returned; let the thread itself end
        thread.deleteLater()
        worker.deleteLater()
        self._thread, self.worker = None, None
        self.progress_panel.setVisible(False)
        if isinstance(worker, ListImportWorker):
            message = self._import_message(worker)
            changed = bool(self._reports)
            if changed:
                self.published.clear()
        else:
            changed = bool(self._removed)
            message = (f"Removed {self._current} from the library." if changed
                       else "The list was not removed.")
        self.refresh()
        self._set_status(message, error=bool(self._errors))
        if self._errors:
            title = "Import failed" if isinstance(worker, ListImportWorker) else "Remove failed"
            self._tell(title, "\n\n".join(self._errors))
        if changed:
            self.lists_changed.emit()
        self.operation_finished.emit(for_display(message))

    def _import_message(self, worker: ListImportWorker) -> str:
        lines = [report_line(report) for report in self._reports]
        lines += self._errors
        handled = len(self._reports) + len(self._errors)
        if worker.cancelled and handled < self._groups:
            head = "Import cancelled; the library is unchanged."
            if self._reports:
                head = ("Import cancelled; the lists imported before Cancel stay, the rest"
                        " were left as they were.")
            return "\n".join([head, *lines])
        if worker.cancelled:
            lines.insert(0, "Cancel came too late: the import had already finished.")
        if self._errors and not self._reports:
            lines.insert(0, "Nothing was imported; the library is unchanged.")
        return "\n".join(lines)

    def shutdown(self) -> None:
        """Cancel a running import and wait for the worker (closing, quitting)."""
        if self.worker is not None:
            self.worker.cancel()
        if self._thread is not None:
            self._thread.wait()

    # -- closing --------------------------------------------------------------------------

    def done(self, result: int) -> None:
        # Close, Esc and the window's X all come here. The worker's last signals are
        # queued behind this call; they still arrive and end the job in order.
        self.shutdown()
        super().done(result)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self.running:
            self.refresh()  # another program (the CLI) may have changed the library

    # -- small helpers --------------------------------------------------------------------

    def _update_buttons(self) -> None:
        idle = not self.running
        for widget in (self.import_files_button, self.import_folder_button, self.format,
                       self.published):
            widget.setEnabled(idle)
        self.remove_button.setEnabled(idle and self.selected_summary() is not None)

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

    def _last_folder(self) -> str:
        value = AppSettings().qsettings.value(LAST_FOLDER_KEY, "")
        return str(value or "")

    def _remember_folder(self, folder: Path) -> None:
        settings = AppSettings().qsettings
        settings.setValue(LAST_FOLDER_KEY, str(folder))
        settings.sync()
