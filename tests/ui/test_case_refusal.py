"""A refused case in the window: the objects are named, Repair writes a clean copy and opens
it (issue 11). The screenshot mode never waits on a dialog (tests/e2e/test_cli_hostile_cases)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from osint_desk.ui.main_window import MainWindow
from osint_desk.ui.settings import AppSettings


def _plant(demo_path: Path, tmp_path: Path) -> Path:
    path = tmp_path / "received.osintcase"
    shutil.copy(demo_path, path)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("CREATE TABLE loot (name TEXT)")
        conn.execute("CREATE TRIGGER steal AFTER INSERT ON entities BEGIN"
                     " INSERT INTO loot VALUES (NEW.name); END")
    conn.close()
    return path


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    win = MainWindow(AppSettings(tmp_path / "settings.ini"))
    qtbot.addWidget(win)
    return win


def _answer_refusal(seen: dict[str, str], button: str) -> None:
    box = QApplication.activeModalWidget()
    assert isinstance(box, QMessageBox)
    seen["title"], seen["text"] = box.windowTitle(), box.text() + box.informativeText()
    seen["details"] = box.detailedText()
    for candidate in box.buttons():
        if candidate.text().replace("&", "") in (button, button + "…"):
            candidate.click()
            return
    raise AssertionError(f"no {button} button in {[b.text() for b in box.buttons()]}")


def test_repair_from_the_refusal_opens_a_clean_copy(
    window: MainWindow, demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    received = _plant(demo_path, tmp_path)
    target = tmp_path / "clean.osintcase"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *args, **kwargs: (str(target), ""))
    reports: list[str] = []
    monkeypatch.setattr(QMessageBox, "information",
                        lambda parent, title, text: reports.append(text))
    seen: dict[str, str] = {}
    QTimer.singleShot(0, lambda: _answer_refusal(seen, "Repair"))
    assert window.open_case(received)
    assert seen["title"] == "Case refused"
    assert "did not create" in seen["text"] and "Nothing in the file was run" in seen["text"]
    assert "unexpected trigger 'steal' on entities" in seen["details"]
    assert reports and "Left behind" in reports[0] and "steal" in reports[0]
    assert window.session is not None and window.session.store.path == target
    assert window.session.store.counts().excerpts == 21
    assert not window.session.read_only


def test_cancel_leaves_no_case_open(window: MainWindow, demo_path: Path, tmp_path: Path) -> None:
    received = _plant(demo_path, tmp_path)
    seen: dict[str, str] = {}
    QTimer.singleShot(0, lambda: _answer_refusal(seen, "Cancel"))
    assert not window.open_case(received)
    assert window.session is None
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".osintcase") == [
        "demo.osintcase", "received.osintcase"]
