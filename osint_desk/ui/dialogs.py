"""Small dialogs of the main window: new case, case properties, audit log, about."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QStandardPaths,
    Qt,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from osint_desk.core.errors import OsintDeskError
from osint_desk.core.store import CASE_SUFFIX, CaseStore
from osint_desk.core.store.records import CaseMeta
from osint_desk.ui.widgets.columns import FittedColumns
from osint_desk.ui.widgets.forms import fit_to_window

Index = QModelIndex | QPersistentModelIndex


def case_file_name(title: str) -> str:
    """A file name from a case title: its words, any script, without characters file systems
    refuse; ``new-case`` when nothing is left."""
    cleaned = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", title)
    words = "-".join(cleaned.split()).strip(".-")[:80].rstrip(".-")
    return f"{words or 'new-case'}{CASE_SUFFIX}"


def default_case_folder() -> Path:
    """The user's documents folder where there is one, else the home folder."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(documents) if documents else Path.home()
    return folder if folder.is_dir() else Path.home()


class NewCaseDialog(QDialog):
    """Where the new case file goes, and its title, author and handling marking.

    The file name follows the title until the user edits it. The case is created when OK is
    pressed; a problem (a missing folder, an existing file) is shown here and nothing typed is
    lost.
    """

    def __init__(self, parent: QWidget | None = None, folder: Path | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New case")
        self.created_path: Path | None = None
        self._folder = folder or default_case_folder()
        self._path_edited = False
        self.title = QLineEdit()
        self.title.setAccessibleName("Case title")
        self.title.textChanged.connect(self._follow_title)
        self.author = QLineEdit()
        self.author.setAccessibleName("Author or team")
        self.marking = QLineEdit()
        self.marking.setPlaceholderText("e.g. INTERNAL — not for publication")
        self.marking.setAccessibleName("Handling marking")
        self.path = QLineEdit(str(self._folder / case_file_name("")))
        self.path.setAccessibleName("Case file")
        self.path.textEdited.connect(self._path_typed)
        browse = QPushButton("&Browse…")
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.setContentsMargins(0, 0, 0, 0)
        where.addWidget(self.path, 1)
        where.addWidget(browse)
        self.error = QLabel()
        self.error.setStyleSheet("color: #c62828")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow("&Title:", self.title)
        form.addRow("&Author / team:", self.author)
        form.addRow("&Marking:", self.marking)
        file_label = QLabel("&File:")
        file_label.setBuddy(self.path)
        form.addRow(file_label, where)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(600, self.sizeHint().height())

    def _follow_title(self, title: str) -> None:
        if not self._path_edited:
            folder = Path(self.path.text()).parent if self.path.text() else self._folder
            self.path.setText(str(folder / case_file_name(title)))

    def _path_typed(self, _text: str) -> None:
        self._path_edited = True

    def _browse(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, "New case file", self.path.text(), f"OSINT Desk cases (*{CASE_SUFFIX})")
        if name:
            self._path_edited = True
            self.path.setText(name if name.endswith(CASE_SUFFIX) else name + CASE_SUFFIX)

    def _accept(self) -> None:
        self.error.clear()
        if not self.title.text().strip():
            self._refuse("A case needs a title.", self.title)
            return
        path = Path(self.path.text().strip()).expanduser()
        if not path.name or not path.parent.is_dir():
            self._refuse(f"The folder {path.parent} does not exist; choose another.", self.path)
            return
        if path.exists():
            self._refuse("A file already exists there; choose another name.", self.path)
            return
        if path.suffix != CASE_SUFFIX:
            path = path.with_name(path.name + CASE_SUFFIX)
        try:
            CaseStore.create(path, self.title.text().strip(), author=self.author.text().strip(),
                             marking=self.marking.text().strip()).close()
        except (OsintDeskError, OSError) as exc:
            self._refuse(f"The case cannot be created there: {exc}", self.path)
            return
        self.created_path = path
        self.accept()

    def _refuse(self, message: str, field: QLineEdit) -> None:
        self.error.setText(message)
        field.setFocus(Qt.FocusReason.OtherFocusReason)


class CasePropertiesDialog(QDialog):
    """Title, author, marking, report date, and the summary and key findings of the case."""

    def __init__(self, meta: CaseMeta, read_only: bool, parent: QWidget | None = None,
                 custody: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Case properties")
        self.custody = custody  # the chain of custody (``ui/custody.py``), when in a window
        self.title = QLineEdit(meta.title)
        self.author = QLineEdit(meta.author)
        self.marking = QLineEdit(meta.marking)
        self.summary = QPlainTextEdit(meta.summary)
        self.summary.setAccessibleName("Case summary (Markdown)")
        self.findings = QPlainTextEdit(meta.findings)
        self.findings.setAccessibleName("Key findings (Markdown)")
        self.findings.setPlaceholderText(
            "Key findings for the report, in Markdown. Cite an excerpt with [cite:EXCERPT-ID]"
            " (the excerpt inspector's “Copy citation” puts one on the clipboard).")
        self.report_date = QLineEdit(meta.report_date or "")
        self.report_date.setPlaceholderText("YYYY-MM-DD — empty: the day of export")
        ident = QLabel(f"Case id: {meta.case_id}<br>Created {meta.created_at[:19]} UTC")
        ident.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form = QFormLayout()
        form.addRow("&Title:", self.title)
        form.addRow("&Author / team:", self.author)
        form.addRow("&Marking:", self.marking)
        form.addRow("&Report date:", self.report_date)
        form.addRow("&Summary:", self.summary)
        form.addRow("Key &findings:", self.findings)
        form.addRow("", ident)
        if custody is not None:
            form.addRow("Chain of custody:", custody)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not read_only)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(720, 640)

    def changes(self, meta: CaseMeta) -> dict[str, str]:
        values = {"title": self.title.text().strip(), "author": self.author.text().strip(),
                  "marking": self.marking.text().strip(), "summary": self.summary.toPlainText(),
                  "findings": self.findings.toPlainText(),
                  "report_date": self.report_date.text().strip()}
        return {key: value for key, value in values.items()
                if (getattr(meta, key) or "") != value}


class AuditLogModel(QAbstractTableModel):
    """The newest audit entries of the case (who changed what, when), in words."""

    HEADERS = ("When (UTC)", "Who", "Action", "Record", "Change")

    def __init__(self, store: CaseStore, limit: int = 1000) -> None:
        super().__init__()
        self._rows = store.audit_lines(limit=limit)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole,
                                               Qt.ItemDataRole.ToolTipRole):
            return None
        line = self._rows[index.row()]
        column = index.column()
        if column == 3 and role == Qt.ItemDataRole.ToolTipRole:
            return f"{line.record}\nid {line.record_id}" if line.record_id else line.record
        return (line.at, line.actor, line.action, line.record, line.change)[column]


class AuditLogDialog(QDialog):
    def __init__(self, store: CaseStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Audit log")
        self.model = AuditLogModel(store)
        view = QTableView()
        view.setModel(self.model)
        view.setAccessibleName("Audit log")
        view.verticalHeader().hide()
        view.setWordWrap(False)
        view.setTextElideMode(Qt.TextElideMode.ElideRight)
        # Record and Change give way (elided, whole in the tooltip) instead of a sideways
        # scroll; Change takes what width is left.
        self.columns = FittedColumns(view, 4, squeeze=(3, 4))
        self.view = view
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Every change to this case, newest first (source text is never"
                                " copied here)."))
        layout.addWidget(view)
        layout.addWidget(buttons)
        fit_to_window(self, 1100, 560)
