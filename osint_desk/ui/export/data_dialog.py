"""File → Export data: the case as FollowTheMoney, CSV tables or one JSON document."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QThread
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from osint_desk.docwriter.export import SUFFIXES
from osint_desk.ui.export.worker import ExportWorker, start
from osint_desk.ui.session import CaseSession
from osint_desk.ui.widgets.forms import ErrorLabel, hint

FORMATS = {
    "ftm": ("FollowTheMoney JSON lines (Aleph, OpenAleph)",
            "Cards, sources, relationships, sanctions, mentions and evidence as FtM entities."
            " FtM has no place for excerpt offsets, grades, evidence roles or list"
            " provenance: docs/ftm-export.md lists what is kept and what is dropped."),
    "csv": ("CSV tables (zip)",
            "One table per kind, joined by ids; UTF-8 with BOM. A cell that a spreadsheet"
            " would run as a formula (starting with = + - @) is prefixed with '."),
    "json": ("JSON (the whole case)",
             "Every record with its source text, deleted records flagged, and the audit log."),
}


class ExportDataDialog(QDialog):
    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Export data")
        self.worker: ExportWorker | None = None
        self.thread_: QThread | None = None
        self.format = QComboBox()
        for key, (label, _about) in FORMATS.items():
            self.format.addItem(label, key)
        self.about = hint("")
        self.destination = QLineEdit()
        self.destination.setAccessibleName("Destination file")
        self.browse = QPushButton("Choose…")
        self.status = hint("")
        self.error = ErrorLabel()
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = self.buttons.addButton("&Export",
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        form = QFormLayout()
        form.addRow("&Format:", self.format)
        form.addRow("", self.about)
        row = QHBoxLayout()
        row.addWidget(self.destination, 1)
        row.addWidget(self.browse)
        form.addRow("&Save to:", row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        layout.addWidget(self.progress)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        store = session.store
        self.destination.setText(str(store.path.with_suffix("")) + SUFFIXES["ftm"])
        self.format.currentIndexChanged.connect(self._format_changed)
        self.browse.clicked.connect(self.choose_destination)
        self.buttons.rejected.connect(self.reject)
        self.export_button.clicked.connect(self.export)
        self._format_changed()
        self.resize(640, 260)

    def fmt(self) -> str:
        return str(self.format.currentData())

    def _format_changed(self) -> None:
        self.about.setText(FORMATS[self.fmt()][1])
        path = Path(self.destination.text().strip() or "case")
        name = path.name
        for suffix in sorted(SUFFIXES.values(), key=len, reverse=True):
            if name.endswith(suffix):
                name = name[: -len(suffix)]
                break
        self.destination.setText(str(path.with_name(name + SUFFIXES[self.fmt()])))

    def choose_destination(self) -> None:
        suffix = SUFFIXES[self.fmt()]
        name, _ = QFileDialog.getSaveFileName(self, "Export data to", self.destination.text(),
                                              f"{FORMATS[self.fmt()][0]} (*{suffix})")
        if name:
            self.destination.setText(name if name.endswith(suffix) else name + suffix)

    def export(self) -> bool:
        out = Path(self.destination.text().strip()).expanduser()
        if not self.destination.text().strip() or not out.parent.is_dir():
            self.error.show_error("Choose a file in an existing folder.")
            return False
        self.error.clear_error()
        self.worker = ExportWorker(self.session.store.path, self.fmt(), out)
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
            self.thread_.wait()
        super().reject()
