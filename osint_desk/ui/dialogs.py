"""Small dialogs of the main window: new case, case properties, audit log, about."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from osint_desk.core.store import CASE_SUFFIX, CaseStore
from osint_desk.core.store.records import CaseMeta

Index = QModelIndex | QPersistentModelIndex


class NewCaseDialog(QDialog):
    """Where the new case file goes, and its title, author and handling marking."""

    def __init__(self, parent: QWidget | None = None, folder: Path | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New case")
        self.title = QLineEdit()
        self.title.setAccessibleName("Case title")
        self.author = QLineEdit()
        self.author.setAccessibleName("Author or team")
        self.marking = QLineEdit()
        self.marking.setPlaceholderText("e.g. INTERNAL — not for publication")
        self.marking.setAccessibleName("Handling marking")
        self.path = QLineEdit(str((folder or Path.home()) / f"new-case{CASE_SUFFIX}"))
        self.path.setAccessibleName("Case file")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(browse)
        self.error = QLabel()
        self.error.setStyleSheet("color: #c62828")
        form = QFormLayout()
        form.addRow("&Title:", self.title)
        form.addRow("&Author / team:", self.author)
        form.addRow("&Marking:", self.marking)
        form.addRow("&File:", where)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())

    def _browse(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, "New case file", self.path.text(), f"OSINT Desk cases (*{CASE_SUFFIX})")
        if name:
            self.path.setText(name if name.endswith(CASE_SUFFIX) else name + CASE_SUFFIX)

    def _accept(self) -> None:
        if not self.title.text().strip():
            self.error.setText("A case needs a title.")
            return
        if Path(self.path.text()).exists():
            self.error.setText("A file already exists there; choose another name.")
            return
        self.accept()

    def create(self) -> CaseStore:
        return CaseStore.create(Path(self.path.text()), self.title.text(),
                                author=self.author.text(), marking=self.marking.text())


class CasePropertiesDialog(QDialog):
    """Title, author, marking, report date, and the summary and key findings of the case."""

    def __init__(self, meta: CaseMeta, read_only: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Case properties")
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
    """The newest audit entries of the case (who changed what, when)."""

    HEADERS = ("When (UTC)", "Who", "Action", "Record", "Change")

    def __init__(self, store: CaseStore, limit: int = 1000) -> None:
        super().__init__()
        self._rows = store.audit_entries(limit=limit)

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
        row = self._rows[index.row()]
        column = index.column()
        if column == 0:
            return str(row["at"])[:19].replace("T", " ")
        if column == 1:
            return row["actor"]
        if column == 2:
            return f"{row['action']} {row['table_name'].replace('_', ' ')}"
        if column == 3:
            return row["record_id"] or ""
        after = json.loads(row["after"]) if row["after"] else {}
        before = json.loads(row["before"]) if row["before"] else {}
        keys = sorted(set(after) | set(before) - {"updated_at"})
        return ", ".join(k for k in keys if k not in ("updated_at", "created_at", "public_id"))


class AuditLogDialog(QDialog):
    def __init__(self, store: CaseStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Audit log")
        self.model = AuditLogModel(store)
        view = QTableView()
        view.setModel(self.model)
        view.setAccessibleName("Audit log")
        view.verticalHeader().hide()
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        view.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Every change to this case, newest first (source text is never"
                                " copied here)."))
        layout.addWidget(view)
        layout.addWidget(buttons)
        self.resize(900, 520)
