"""What the two export dialogs share: format, destination, writing on a worker thread."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QThread
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

from osint_desk.docwriter.export import SUFFIXES
from osint_desk.ui.export.worker import ExportWorker, start
from osint_desk.ui.session import CaseSession
from osint_desk.ui.widgets.forms import ErrorLabel, hint


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

    def __init__(self, session: CaseSession, title: str, labels: dict[str, str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.labels = labels
        self.setWindowTitle(title)
        self.worker: ExportWorker | None = None
        self.thread_: QThread | None = None
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
        self.format.currentIndexChanged.connect(self._format_changed)
        self.browse.clicked.connect(self.choose_destination)
        self.buttons.rejected.connect(self.reject)
        self.export_button.clicked.connect(self.export)

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
        self.worker = ExportWorker(self.session.store.path, self.fmt(), out,
                                   markdown_text=self.markdown_text())
        self.worker.succeeded.connect(lambda path: self.status.setText(f"Wrote {path}"))
        self.worker.failed.connect(self.error.show_error)
        self.export_button.setEnabled(False)
        self.progress.show()
        self.status.setText(f"Writing {out.name}…")
        self.thread_ = start(self, self.worker)
        self.thread_.finished.connect(self._finished)
        return True

    def _finished(self) -> None:
        if self.thread_ is not None:
            self.thread_.wait()
            self.thread_.deleteLater()
        self.thread_, self.worker = None, None
        self.progress.hide()
        self.export_button.setEnabled(True)

    def reject(self) -> None:
        if self.thread_ is not None:
            self.thread_.wait()  # never leave a thread writing behind a closed dialog
        super().reject()
