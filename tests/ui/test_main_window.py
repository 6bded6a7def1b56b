"""The bare main window shows the open case (the full notebook comes with issue 3)."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from osint_desk.core.demo import build_demo_case
from osint_desk.ui.app import MainWindow


def test_window_shows_the_demo_case(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "demo.osintcase"
    build_demo_case(path).close()
    window = MainWindow()
    qtbot.addWidget(window)
    window.open_case(path)
    overview = window.centralWidget()
    assert "Wagner" in window.windowTitle()
    assert overview.count_values["excerpts"].text() == "21"
    assert "Thursday" not in overview.sources.text()
    assert "untitled news article" in overview.sources.text()
    window.close()
    assert window.store is None


def test_read_only_is_visible(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "demo.osintcase"
    build_demo_case(path).close()
    window = MainWindow()
    qtbot.addWidget(window)
    window.open_case(path, read_only=True)
    assert "[read-only]" in window.windowTitle()
    window.close()
