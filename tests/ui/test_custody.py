"""Case properties shows the chain of custody: checked on the task runner when the dialog
opens, the verdict in words, and a forged audit entry named after "Check again"."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from osint_desk.ui.custody import CustodyPanel
from osint_desk.ui.dialogs import CasePropertiesDialog
from osint_desk.ui.session import CaseSession
from osint_desk.ui.tasks import TaskRunner


def test_case_properties_show_the_chain_of_custody(qtbot: QtBot, session: CaseSession) -> None:
    tasks = TaskRunner()
    panel = CustodyPanel(session.store.path, tasks)
    dialog = CasePropertiesDialog(session.store.meta(), False, None, panel)
    qtbot.addWidget(dialog)
    dialog.show()
    assert panel.verdict.text().startswith("Checking") and not panel.again.isEnabled()
    qtbot.waitUntil(lambda: panel.report is not None, timeout=10_000)
    assert panel.verdict.text().startswith("Verified: the case is intact.\naudit log: ")
    assert not panel.verdict.font().bold() and panel.again.isEnabled()
    path: Path = session.store.path
    conn = sqlite3.connect(path)  # a forger drops the guard, edits, puts the guard back
    try:
        sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?",
                           ("audit_log_append_only",)).fetchone()[0]
        conn.execute("DROP TRIGGER audit_log_append_only")
        conn.execute("UPDATE audit_log SET actor = 'someone else' WHERE id = 2")
        conn.execute(sql)
        conn.commit()
    finally:
        conn.close()
    panel.report = None
    panel.again.click()
    qtbot.waitUntil(lambda: panel.report is not None, timeout=10_000)
    assert not panel.report.intact and panel.verdict.font().bold()
    assert "audit log: broken at entry 2" in panel.verdict.text()
    tasks.shutdown()


def test_copy_head_then_check_a_noted_head(qtbot: QtBot, session: CaseSession) -> None:
    """In Case properties, as the user has it: Enter in the head field checks it and leaves
    the dialog open (it once pressed OK too and closed it)."""
    tasks = TaskRunner()
    panel = CustodyPanel(session.store.path, tasks)
    dialog = CasePropertiesDialog(session.store.meta(), False, None, panel)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: panel.report is not None, timeout=10_000)
    assert panel.report is not None and panel.copy_head.isEnabled()
    panel.copy_head.click()
    head = QGuiApplication.clipboard().text()
    assert len(head) == 64 and head == panel.report.chain.head
    qtbot.keyClicks(panel.since, head[:12] + "xyz!")  # only hex digits go in
    assert panel.since.text() == head[:12]
    panel.report = None
    qtbot.keyClick(panel.since, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.report is not None, timeout=10_000)
    assert f"since {head[:12]}: the log holds it" in panel.verdict.text()
    assert dialog.isVisible() and dialog.result() == 0
    panel.since.setText("ab12")
    panel.again.click()
    assert "at least 8 hex digits" in panel.verdict.text()
    panel.since.setText("0" * 16 if not head.startswith("0" * 16) else "f" * 16)
    panel.report = None
    panel.again.click()
    qtbot.waitUntil(lambda: panel.report is not None, timeout=10_000)
    assert not panel.report.intact and "NO entry of the log" in panel.verdict.text()
    assert panel.verdict.font().bold()
    tasks.shutdown()
