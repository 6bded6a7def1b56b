"""File → Export report: choose sections and cards, read (and edit) the report, write it.

The report is composed as Markdown from the case; the Markdown tab is editable and the
preview follows it, so a sentence can be reworded before the report leaves the desk. The
edited Markdown, not a fresh composition, is what gets exported.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from osint_desk.core.model import ENTITY_TYPE_LABELS
from osint_desk.core.report import SECTIONS, TEMPLATES, ReportOptions, compose_report
from osint_desk.core.report.html import body_html
from osint_desk.ui.export.base import ExportDialogBase
from osint_desk.ui.session import CaseSession
from osint_desk.ui.tasks import TaskRunner
from osint_desk.ui.widgets.forms import fit_to_window

FORMAT_LABELS = {"pdf": "PDF document", "html": "HTML page (self-contained)",
                 "odt": "OpenDocument text (ODT)", "md": "Markdown",
                 "bundle": "Evidence bundle (zip: report, case copy, sources, checksums)"}


class _Preview(QTextBrowser):
    """Rendered report; never follows links or loads anything."""

    def __init__(self) -> None:
        super().__init__()
        self.setOpenLinks(False)
        self.setAccessibleName("Report preview")

    def loadResource(self, kind: int, url: QUrl | str) -> Any:
        return None


class ExportReportDialog(ExportDialogBase):
    def __init__(self, session: CaseSession, tasks: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(session, tasks, "Export report", FORMAT_LABELS, parent)
        self.edited = False
        self.template = QComboBox()
        self.template.addItems(list(TEMPLATES))
        self.section_boxes = {key: QCheckBox(label) for key, label in SECTIONS.items()}
        self.cards = QListWidget()
        self.cards.setAccessibleName("Cards to profile")
        self.all_cards = QPushButton("All")
        self.no_cards = QPushButton("None")
        self.recompose = QPushButton("&Recompose from the case")
        self.preview = _Preview()
        self.markdown = QPlainTextEdit()
        self.markdown.setAccessibleName("Report Markdown (editable)")
        self.tabs = QTabWidget()
        self.tabs.addTab(self.preview, "&Preview")
        self.tabs.addTab(self.markdown, "&Markdown (editable)")
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(400)
        self._options_timer = QTimer(self)
        self._options_timer.setSingleShot(True)
        self._options_timer.setInterval(300)
        self._layout()
        self._fill()
        self._connect()
        self.compose()
        fit_to_window(self, 1180, 780)

    # -- building ---------------------------------------------------------------------------

    def _layout(self) -> None:
        options = QWidget()
        column = QVBoxLayout(options)
        column.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        form.addRow("&Format:", self.format)
        form.addRow("&Template:", self.template)
        column.addLayout(form)
        sections = QGroupBox("Sections")
        grid = QVBoxLayout(sections)
        for box in self.section_boxes.values():
            box.setChecked(True)
            grid.addWidget(box)
        column.addWidget(sections)
        cards = QGroupBox("Cards to profile")
        cards_column = QVBoxLayout(cards)
        cards_column.addWidget(self.cards, 1)
        row = QHBoxLayout()
        row.addWidget(self.all_cards)
        row.addWidget(self.no_cards)
        row.addStretch(1)
        cards_column.addLayout(row)
        column.addWidget(cards, 1)
        column.addWidget(self.recompose)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(options)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([300, 880])
        destination = QHBoxLayout()
        label = QLabel("&Save to:")
        label.setBuddy(self.destination)
        destination.addWidget(label)
        destination.addWidget(self.destination, 1)
        destination.addWidget(self.browse)
        page = QVBoxLayout(self)
        page.addWidget(splitter, 1)
        page.addLayout(destination)
        page.addWidget(self.status)
        page.addWidget(self.error)
        page.addWidget(self.progress)
        page.addWidget(self.buttons)

    def _fill(self) -> None:
        store = self.session.store
        for entity in store.entities.list():
            label = ENTITY_TYPE_LABELS.get(entity.type, entity.type)
            item = QListWidgetItem(f"{entity.name}  ({label})")
            item.setData(Qt.ItemDataRole.UserRole, entity.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.cards.addItem(item)
        stem = "".join(c if c.isalnum() or c in " -_()," else "_" for c in store.meta().title)
        folder = store.path.parent
        self.destination.setText(str(folder / f"{' '.join(stem.split())[:80] or 'report'}.pdf"))

    def _connect(self) -> None:
        self.recompose.clicked.connect(self._recompose_clicked)
        self.all_cards.clicked.connect(lambda: self._check_all(Qt.CheckState.Checked))
        self.no_cards.clicked.connect(lambda: self._check_all(Qt.CheckState.Unchecked))
        self.markdown.textChanged.connect(self._markdown_edited)
        self._preview_timer.timeout.connect(self.update_preview)
        self._options_timer.timeout.connect(self._options_changed)
        for box in self.section_boxes.values():
            box.toggled.connect(self._options_timer.start)
        self.template.currentIndexChanged.connect(self._options_timer.start)
        self.cards.itemChanged.connect(self._options_timer.start)

    # -- composing ---------------------------------------------------------------------------

    def options(self) -> ReportOptions:
        sections = tuple(key for key, box in self.section_boxes.items() if box.isChecked())
        items = [self.cards.item(i) for i in range(self.cards.count())]
        chosen = tuple(str(i.data(Qt.ItemDataRole.UserRole)) for i in items
                       if i.checkState() == Qt.CheckState.Checked)
        everyone = len(chosen) == len(items)
        return ReportOptions(sections=sections, entity_ids=None if everyone else chosen,
                             template=self.template.currentText())

    def compose(self) -> None:
        report = compose_report(self.session.store, self.options())
        self.markdown.blockSignals(True)
        self.markdown.setPlainText(report.markdown)
        self.markdown.blockSignals(False)
        self.edited = False
        self.update_preview()
        missing = (f"; {len(report.missing_citations)} citation(s) name excerpts that no longer"
                   " exist" if report.missing_citations else "")
        self.status.setText(f"{report.notes} notes from {report.sources} source"
                            f"{'' if report.sources == 1 else 's'}{missing}.")

    def _options_changed(self) -> None:
        """New sections or cards: recompose, unless that would throw away the user's edits."""
        if self.edited:
            self.status.setText("The options changed. Your edits are kept; “Recompose from the"
                                " case” applies the options (and drops the edits).")
        else:
            self.compose()

    def _recompose_clicked(self) -> None:
        if self.edited and QMessageBox.question(
                self, "Recompose the report", "Recomposing replaces your edits to the"
                " Markdown with a fresh report from the case. Continue?"
                ) != QMessageBox.StandardButton.Yes:
            return
        self.compose()

    def _markdown_edited(self) -> None:
        self.edited = True
        self._preview_timer.start()

    def update_preview(self) -> None:
        bar = self.preview.verticalScrollBar().value()
        self.preview.setHtml(body_html(self.markdown.toPlainText()))
        self.preview.verticalScrollBar().setValue(bar)

    def _check_all(self, state: Qt.CheckState) -> None:
        for i in range(self.cards.count()):
            self.cards.item(i).setCheckState(state)

    # -- writing -----------------------------------------------------------------------------

    def markdown_text(self) -> str:
        return self.markdown.toPlainText()
