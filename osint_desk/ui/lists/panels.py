"""The widgets of the sanctions-lists window, built here so the dialog keeps only behaviour.

Each function makes one part (the table, the empty-library page, the import options, the
progress row) and returns what the dialog connects to; none of them reads the library.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableView,
    QWidget,
)

from osint_desk.core.safe_text import for_display
from osint_desk.core.sanctions import formats
from osint_desk.ui.lists.model import (
    AUTHORITY,
    ENTRIES,
    IMPORTED,
    NAME,
    NAMES,
    PUBLISHED,
    SHA256,
)
from osint_desk.ui.lists.texts import EMPTY_TEXT, refusal_text


def lists_table(proxy: QSortFilterProxyModel) -> QTableView:
    table = QTableView()
    table.setAccessibleName("Imported sanctions lists")
    table.setModel(proxy)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.setSortingEnabled(True)
    table.sortByColumn(AUTHORITY, Qt.SortOrder.AscendingOrder)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setMinimumSectionSize(60)
    for column in (AUTHORITY, PUBLISHED, IMPORTED, ENTRIES, NAMES, SHA256):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
    return table


def empty_page() -> QLabel:
    empty = QLabel(EMPTY_TEXT)
    empty.setAccessibleName("No lists imported")
    empty.setWordWrap(True)
    empty.setTextFormat(Qt.TextFormat.RichText)
    empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    empty.setMargin(16)
    empty.setFrameShape(QFrame.Shape.StyledPanel)
    empty.setAutoFillBackground(True)
    empty.setBackgroundRole(QPalette.ColorRole.Base)
    return empty


def plain_label(name: str = "", selectable: bool = True) -> QLabel:
    """A label for text from the list files: plain text, never rich."""
    label = QLabel()
    if name:
        label.setAccessibleName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


@dataclass
class ImportOptions:
    """The format and publication-date fields, laid out in one row."""

    format: QComboBox
    published: QLineEdit
    row: QHBoxLayout


def import_options() -> ImportOptions:
    chooser = QComboBox()
    chooser.setAccessibleName("List format")
    chooser.addItem("Detect from the files", None)
    for name in formats.format_names():
        chooser.addItem(formats.FORMATS[name][0], name)
    chooser.setToolTip("Leave on “Detect” unless a file is not recognised")
    chooser.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    published = QLineEdit()
    published.setAccessibleName("Publication date")
    published.setPlaceholderText("YYYY-MM-DD")
    published.setClearButtonEnabled(True)
    published.setMaximumWidth(150)
    published.setToolTip(
        "For files that carry no publication date (OFAC CSV, OpenSanctions): the date"
        " the publisher issued them. A date in the file always wins.")
    format_label = QLabel("&Format:")
    format_label.setBuddy(chooser)
    date_label = QLabel("&Publication date:")
    date_label.setBuddy(published)
    date_hint = QLabel("only used when the file has none")
    date_hint.setEnabled(False)
    row = QHBoxLayout()
    row.addWidget(format_label)
    row.addWidget(chooser)
    row.addSpacing(18)
    row.addWidget(date_label)
    row.addWidget(published)
    row.addWidget(date_hint)
    row.addStretch(1)
    return ImportOptions(chooser, published, row)


@dataclass
class ProgressRow:
    """What a running job shows: what it does, a busy bar, and Cancel."""

    panel: QWidget
    label: QLabel
    bar: QProgressBar
    cancel: QPushButton


def progress_row() -> ProgressRow:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    bar = QProgressBar()
    bar.setAccessibleName("Import progress")
    bar.setRange(0, 0)  # busy: the core cannot say how many entries remain
    bar.setTextVisible(False)
    bar.setMaximumWidth(220)
    cancel = QPushButton("Cancel")
    cancel.setToolTip("Stop the import; the library stays as it was")
    panel = QWidget()
    running = QHBoxLayout(panel)
    running.setContentsMargins(0, 0, 0, 0)
    running.addWidget(label, 1)
    running.addWidget(bar)
    running.addWidget(cancel)
    panel.setVisible(False)
    return ProgressRow(panel, label, bar, cancel)


class RefusalBox(QMessageBox):
    """"Update refused": the core's reasons, and Replace anyway / Cancel (the default, and
    Esc). Opened window-modal with ``open()``, so no nested event loop runs."""

    def __init__(self, refusals: list[str], parent: QWidget) -> None:
        super().__init__(QMessageBox.Icon.Warning, "Update refused",
                         for_display(refusal_text(refusals)), QMessageBox.StandardButton.NoButton,
                         parent)
        self.replace_button = self.addButton("&Replace anyway",
                                             QMessageBox.ButtonRole.DestructiveRole)
        self.cancel_button = self.addButton(QMessageBox.StandardButton.Cancel)
        self.setDefaultButton(self.cancel_button)
        self.setEscapeButton(self.cancel_button)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def replace_chosen(self) -> bool:
        return self.clickedButton() is self.replace_button
