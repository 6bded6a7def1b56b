"""File → Export report and Export data: compose, edit, preview, write on a worker thread."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from osint_desk.ui.export import base as base_module
from osint_desk.ui.export.data_dialog import ExportDataDialog
from osint_desk.ui.export.report_dialog import ExportReportDialog
from osint_desk.ui.session import CaseSession
from osint_desk.ui.tasks import TaskRunner


def _export(qtbot: QtBot, dialog: ExportReportDialog | ExportDataDialog) -> None:
    assert dialog.export()
    assert not dialog.export_button.isEnabled() and not dialog.progress.isHidden()
    qtbot.waitUntil(lambda: dialog.task is None, timeout=60000)


def test_compose_choose_sections_and_cards(qtbot: QtBot, session: CaseSession) -> None:
    dialog = ExportReportDialog(session, TaskRunner())
    qtbot.addWidget(dialog)
    text = dialog.markdown.toPlainText()
    assert "## Entity profiles" in text and "## Key findings" in text
    assert "notes from 1 source" in dialog.status.text()
    assert "Key findings" in dialog.preview.toPlainText()
    dialog.section_boxes["profiles"].setChecked(False)
    qtbot.waitUntil(lambda: "## Entity profiles" not in dialog.markdown.toPlainText())
    dialog.section_boxes["profiles"].setChecked(True)
    dialog._check_all(Qt.CheckState.Unchecked)
    wagner = next(i for i in range(dialog.cards.count())
                  if dialog.cards.item(i).text().startswith("Wagner Group"))
    dialog.cards.item(wagner).setCheckState(Qt.CheckState.Checked)
    qtbot.waitUntil(lambda: "### Wagner Group" in dialog.markdown.toPlainText()
                    and "### John Kirby" not in dialog.markdown.toPlainText())


def test_edited_markdown_is_what_gets_exported(qtbot: QtBot, session: CaseSession,
                                               tmp_path: Path) -> None:
    dialog = ExportReportDialog(session, TaskRunner())
    qtbot.addWidget(dialog)
    edited = dialog.markdown.toPlainText().replace(
        "## Summary", "## Summary\n\nA sentence the analyst added before export.", 1)
    dialog.markdown.setPlainText(edited)
    assert dialog.edited
    qtbot.waitUntil(lambda: "the analyst added" in dialog.preview.toPlainText())
    # Changing options now keeps the edits and says so.
    dialog.section_boxes["timeline"].setChecked(False)
    qtbot.waitUntil(lambda: "Your edits are kept" in dialog.status.text())
    assert "the analyst added" in dialog.markdown.toPlainText()
    dialog.format.setCurrentIndex(dialog.format.findData("html"))
    dialog.destination.setText(str(tmp_path / "report.html"))
    _export(qtbot, dialog)
    assert dialog.status.text() == f"Wrote {tmp_path / 'report.html'}"
    page = (tmp_path / "report.html").read_text("utf-8")
    assert "A sentence the analyst added before export." in page
    assert "Content-Security-Policy" in page


def test_pdf_from_the_dialog_and_a_bad_destination(qtbot: QtBot, session: CaseSession,
                                                   tmp_path: Path) -> None:
    dialog = ExportReportDialog(session, TaskRunner())
    qtbot.addWidget(dialog)
    assert dialog.fmt() == "pdf" and dialog.destination.text().endswith(".pdf")
    dialog.format.setCurrentIndex(dialog.format.findData("odt"))
    assert dialog.destination.text().endswith(".odt")
    dialog.format.setCurrentIndex(dialog.format.findData("pdf"))
    dialog.destination.setText(str(tmp_path / "missing" / "r.pdf"))
    assert not dialog.export() and "does not exist" in dialog.error.text()
    dialog.destination.setText(str(tmp_path / "r.pdf"))
    _export(qtbot, dialog)
    assert len(PdfReader(tmp_path / "r.pdf").pages) > 3
    assert not dialog.error.isVisible() and dialog.export_button.isEnabled()


def test_export_data_dialog(qtbot: QtBot, session: CaseSession, tmp_path: Path) -> None:
    dialog = ExportDataDialog(session, TaskRunner())
    qtbot.addWidget(dialog)
    assert dialog.destination.text().endswith(".ftm.json") and "FtM" in dialog.about.text()
    dialog.format.setCurrentIndex(dialog.format.findData("json"))
    assert dialog.destination.text().endswith(".json")
    dialog.destination.setText(str(tmp_path / "case.json"))
    _export(qtbot, dialog)
    data = json.loads((tmp_path / "case.json").read_text("utf-8"))
    assert data["case"]["title"] == session.store.meta().title
    dialog.format.setCurrentIndex(dialog.format.findData("ftm"))
    dialog.destination.setText(str(tmp_path / "case.ftm.json"))
    _export(qtbot, dialog)
    lines = (tmp_path / "case.ftm.json").read_text("utf-8").splitlines()
    assert lines and all(json.loads(line)["schema"] for line in lines)


def test_cancel_writes_nothing(qtbot: QtBot, session: CaseSession, tmp_path: Path,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    gate = threading.Event()
    real = base_module.export

    def held(*args: Any, **kwargs: Any) -> Any:
        gate.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(base_module, "export", held)
    dialog = ExportReportDialog(session, TaskRunner())
    qtbot.addWidget(dialog)
    out = tmp_path / "out"
    out.mkdir()
    dialog.destination.setText(str(out / "r.pdf"))
    assert dialog.export()
    assert dialog.cancel_button.isVisibleTo(dialog) and dialog.cancel_button.isEnabled()
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.status.text() == "Cancelling… nothing will be saved."
    gate.set()
    qtbot.waitUntil(lambda: dialog.task is None, timeout=60000)
    assert dialog.status.text() == "Export cancelled; r.pdf was not written."
    assert list(out.iterdir()) == []  # no file, no leftover beside it
    assert dialog.export_button.isEnabled() and not dialog.cancel_button.isVisibleTo(dialog)


def test_a_bundle_says_which_key_signed_it(qtbot: QtBot, session: CaseSession,
                                          tmp_path: Path) -> None:
    """The analyst learns the fingerprint a reader will check the bundle's signature with."""
    from osint_desk.core.exports.signing_key import load_or_create_key

    dialog = ExportReportDialog(session, TaskRunner())
    qtbot.addWidget(dialog)
    dialog.format.setCurrentIndex(dialog.format.findData("bundle"))
    dialog.destination.setText(str(tmp_path / "evidence.zip"))
    _export(qtbot, dialog)
    key = load_or_create_key()
    assert dialog.status.text().startswith(f"Wrote {tmp_path / 'evidence.zip'} — signed as")
    assert key.fingerprint in dialog.status.text() and key.fingerprint.startswith("SHA256:")
