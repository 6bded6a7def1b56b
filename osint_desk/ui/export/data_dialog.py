"""File → Export data: the case as FollowTheMoney, CSV tables or one JSON document."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from osint_desk.docwriter.export import SUFFIXES
from osint_desk.ui.export.base import ExportDialogBase
from osint_desk.ui.session import CaseSession
from osint_desk.ui.tasks import TaskRunner
from osint_desk.ui.widgets.forms import hint

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


class ExportDataDialog(ExportDialogBase):
    def __init__(self, session: CaseSession, tasks: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(session, tasks, "Export data",
                         {key: label for key, (label, _about) in FORMATS.items()}, parent)
        self.about = hint("")
        form = QFormLayout()
        form.addRow("&Format:", self.format)
        form.addRow("", self.about)
        row = QHBoxLayout()
        row.addWidget(self.destination, 1)
        row.addWidget(self.browse)
        # A row that is a layout gets no buddy from addRow, which would print the "&".
        save_to = QLabel("&Save to:")
        save_to.setBuddy(self.destination)
        form.addRow(save_to, row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        layout.addWidget(self.progress)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.destination.setText(str(session.store.path.with_suffix("")) + SUFFIXES["ftm"])
        self._format_changed()
        self.resize(640, self.sizeHint().height())

    def _format_changed(self) -> None:
        self.about.setText(FORMATS[self.fmt()][1])
        super()._format_changed()
