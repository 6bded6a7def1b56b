"""The chain of custody in Case properties: the audit log's hash chain and the evidence,
checked on the task runner when the dialog opens (``core/store/verify.py``), with the
verdict in words and "Check again"."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget
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
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.again)
        row.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.verdict)
        column.addLayout(row)
        self.check()

    def check(self) -> None:
        """Start a check (its own read-only connection); the verdict says it is running."""
        if self.task is not None:
            return
        path = self.case_path

        def work(context: TaskContext) -> VerifyReport:
            with CaseStore.open(path, read_only=True) as store:
                return verify_case(store, progress=lambda done: context.progress(
                    done, 0, "Checking the evidence"))

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

    def _failed(self, message: str) -> None:
        self.task = None
        if isValid(self):
            self.verdict.setText(message)
            self.again.setEnabled(True)
