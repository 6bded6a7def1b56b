"""What the two export dialogs share: format, destination, writing on the task runner.

The export opens its own read-only connection to the case (SQLite connections belong to the
thread that made them) and writes through ``docwriter.export``, which writes beside the target
and moves the file into place only at the end: Cancel (checked between the stages and before
that move) and a failure both leave nothing under the chosen name.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QWidget,
)

from osint_desk.core.store import CaseStore
from osint_desk.docwriter.export import SUFFIXES, export
from osint_desk.ui.session import CaseSession
from osint_desk.ui.tasks import Task, TaskContext, TaskRunner
from osint_desk.ui.widgets.forms import ErrorLabel, hint


def signed_by() -> str:
    """What a reader of the bundle checks its signature against: the analyst's key, whose
    fingerprint they should get from the analyst by another channel."""
    from osint_desk.core.exports.signing_key import SigningKeyError, load_or_create_key

    try:
        key = load_or_create_key()
    except (SigningKeyError, OSError):
        return ""
    return (f" — signed as {key.identity} with key {key.fingerprint}"
            " (give this fingerprint to whoever checks the bundle; osint-desk key prints it)")


def with_format_suffix(text: str, fmt: str, fallback: str) -> str:
    """``text`` with its export suffix (``.pdf``, ``.ftm.json``…) swapped for ``fmt``'s."""
    path = Path(text.strip() or fallback)
    name = path.name
    for suffix in sorted(SUFFIXES.values(), key=len, reverse=True):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    return str(path.with_name(name + SUFFIXES[fmt]))


class ExportDialogBase(QDialog):
    """Subclasses give the formats (key -> label), lay the widgets out and may override
    ``markdown_text``; writing, progress and errors are handled here."""

    def __init__(self, session: CaseSession, tasks: TaskRunner, title: str,
                 labels: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.tasks = tasks
        self.labels = labels
        self.setWindowTitle(title)
        self.task: Task[Path] | None = None
        self.format = QComboBox()
        for key, label in self.labels.items():
            self.format.addItem(label, key)
        self.destination = QLineEdit()
        self.destination.setAccessibleName("Destination file")
        self.browse = QPushButton("Choose…")
        self.status = hint("")
        self.error = ErrorLabel()
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = self.buttons.addButton(
            "&Export", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(
            "Cancel e&xport", QDialogButtonBox.ButtonRole.ActionRole)
        self.cancel_button.setToolTip("Stop writing; nothing is saved under the chosen name")
        self.cancel_button.hide()
        self.format.currentIndexChanged.connect(self._format_changed)
        self.browse.clicked.connect(self.choose_destination)
        self.buttons.rejected.connect(self.reject)
        self.export_button.clicked.connect(self.export)
        self.cancel_button.clicked.connect(self.cancel_export)

    def fmt(self) -> str:
        return str(self.format.currentData())

    def markdown_text(self) -> str | None:
        """The report text to write (the report dialog's edited Markdown); None for data."""
        return None

    def _format_changed(self) -> None:
        self.destination.setText(with_format_suffix(self.destination.text(), self.fmt(),
                                                    "export"))

    def choose_destination(self) -> None:
        suffix = SUFFIXES[self.fmt()]
        name, _ = QFileDialog.getSaveFileName(self, f"{self.windowTitle()} to",
                                              self.destination.text(),
                                              f"{self.labels[self.fmt()]} (*{suffix})")
        if name:
            self.destination.setText(name if name.endswith(suffix) else name + suffix)

    def export(self) -> bool:
        """Start writing; False (said why) when the destination is unusable."""
        text = self.destination.text().strip()
        if not text:
            self.error.show_error("Choose where to save the file.")
            return False
        out = Path(text).expanduser()
        if not out.parent.is_dir():
            self.error.show_error(f"The folder {out.parent} does not exist.")
            return False
        self.error.clear_error()
        case_path, fmt, report = self.session.store.path, self.fmt(), self.markdown_text()

        def work(context: TaskContext) -> Path:
            with CaseStore.open(case_path, read_only=True) as store:
                return export(store, fmt, out, markdown_text=report, check=context.check)

        self.export_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.cancel_button.show()
        self.progress.show()
        self.status.setText(f"Writing {out.name}…")
        self.task = self.tasks.run(
            work, what="The export", on_done=self._written, on_failed=self._failed,
            on_cancelled=lambda: self._ended(f"Export cancelled; {out.name} was not written."))
        return True

    def cancel_export(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.cancel_button.setEnabled(False)
            self.status.setText("Cancelling… nothing will be saved.")

    def _written(self, path: Path) -> None:
        status = f"Wrote {path}"
        if self.fmt() == "bundle":
            status += signed_by()
        self._ended(status)

    def _failed(self, message: str) -> None:
        self._ended("")
        self.error.show_error(message)

    def _ended(self, status: str) -> None:
        self.task = None
        self.status.setText(status)
        self.progress.hide()
        self.cancel_button.hide()
        self.export_button.setEnabled(True)

    def reject(self) -> None:
        if self.task is not None:  # never leave a thread writing behind a closed dialog
            self.task.cancel()
            self.task.wait()
        super().reject()
