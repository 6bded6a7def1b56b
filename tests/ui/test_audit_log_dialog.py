"""The audit log window: every column on screen at its size, no sideways scroll."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow
from pytestqt.qtbot import QtBot

from osint_desk.ui.dialogs import AuditLogDialog
from osint_desk.ui.operations import edits
from osint_desk.ui.session import CaseSession


def test_the_demo_log_fits_without_a_sideways_scroll(
        qtbot: QtBot, session: CaseSession) -> None:
    summary = "The claim rests on one government.\n\nA second paragraph. " + "More. " * 80
    session.push(edits.edit_case(session, summary=summary))
    window = QMainWindow()
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    dialog = AuditLogDialog(session.store, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    view, model = dialog.view, dialog.model
    assert dialog.width() <= window.width()
    qtbot.waitUntil(lambda: not view.horizontalScrollBar().isVisible())
    header = view.horizontalHeader()
    for column in range(model.columnCount()):  # no column pushed out of sight or to nothing
        assert header.sectionViewportPosition(column) < view.viewport().width()
        assert header.sectionSize(column) >= 40
    # The newest entry, a summary of several paragraphs changed: one row, its change in the
    # tooltip whole as the cell has it (the cell elides it when the column is narrower).
    shown = model.index(0, 4).data()
    assert shown.startswith("summary: ") and "\n" not in shown
    assert model.index(0, 4).data(Qt.ItemDataRole.ToolTipRole) == shown
