"""The chain of custody in Case properties: the audit log's hash chain and the evidence,
checked on the task runner when the dialog opens (``core/store/verify.py``), with the
verdict in words and "Check again"; "Copy head" puts the log's head on the clipboard to note
when the case is handed over, and a head noted earlier, typed in, is checked too (the log
must still hold that entry: ``osint-desk verify --since``)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QRegularExpression, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent, QRegularExpressionValidator
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget
from shiboken6 import isValid

from osint_desk.core.store import CaseStore
from osint_desk.core.store.verify import VerifyReport, verify_case
from osint_desk.ui.tasks import Task, TaskContext, TaskRunner


class CustodyPanel(QWidget):
    """What ``osint-desk verify`` says about the open case, kept up to date on request."""

    def __init__(self, case_path: Path, tasks: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.case_path, self.tasks = case_path, tasks
        self.task: Task[VerifyReport] | None = None
        self.report: VerifyReport | None = None
        self.verdict = QLabel()
        self.verdict.setTextFormat(Qt.TextFormat.PlainText)
        self.verdict.setWordWrap(True)
        self.verdict.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.verdict.setAccessibleName("Chain of custody")
        self.again = QPushButton("Check &again")
        self.again.setToolTip("Check the audit log's hash chain and every excerpt, text and"
                              " original file against its hash (osint-desk verify)")
        self.again.clicked.connect(self.check)
        self.since = QLineEdit()
        self.since.setAccessibleName("Head noted earlier")
        self.since.setPlaceholderText("A head noted earlier (8+ hex digits): the log must"
                                      " still hold it")
        self.since.setValidator(QRegularExpressionValidator(
            QRegularExpression("[0-9a-fA-F]{0,64}"), self.since))
        # Enter checks the noted head; it must not also press the dialog's OK and close it.
        self.since.installEventFilter(self)
        self.copy_head = QPushButton("Copy &head")
        self.copy_head.setToolTip("Copy the log's head (the hash of its last entry) to note"
                                  " with the case you hand over")
        self.copy_head.setEnabled(False)
        self.copy_head.clicked.connect(self._copy_head)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.again)
        row.addWidget(self.copy_head)
        row.addWidget(self.since, 1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.verdict)
        column.addLayout(row)
        self.check()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.since and event.type() == QEvent.Type.KeyPress \
                and isinstance(event, QKeyEvent) \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.check()
            return True
        return super().eventFilter(watched, event)

    def check(self) -> None:
        """Start a check (its own read-only connection); the verdict says it is running."""
        if self.task is not None:
            return
        path = self.case_path
        noted = self.since.text().strip()
        if noted and len(noted) < 8:
            self.verdict.setText("A noted head has at least 8 hex digits (as verify and Copy"
                                 " head give it).")
            return
        since = noted or None

        def work(context: TaskContext) -> VerifyReport:
            with CaseStore.open(path, read_only=True) as store:
                return verify_case(store, progress=lambda done: context.progress(
                    done, 0, "Checking the evidence"), since=since)

        self.again.setEnabled(False)
        self.verdict.setText("Checking the audit log and the evidence…")
        self.task = self.tasks.run(work, what="The check", on_done=self._done,
                                   on_failed=self._failed,
                                   on_cancelled=lambda: self._failed("The check was stopped."))

    def _done(self, report: VerifyReport) -> None:
        self.task = None
        if isValid(self):
            self.report = report
            self.verdict.setText("\n".join(report.lines()))
            font = self.verdict.font()
            font.setBold(not report.intact)  # a failed check reads first
            self.verdict.setFont(font)
            self.again.setEnabled(True)
            self.copy_head.setEnabled(report.chain.intact and bool(report.chain.head))

    def _copy_head(self) -> None:
        if self.report is not None:
            QGuiApplication.clipboard().setText(self.report.chain.head)

    def _failed(self, message: str) -> None:
        self.task = None
        if isValid(self):
            self.verdict.setText(message)
            self.again.setEnabled(True)
