"""The chart as PNG and SVG, and ``open CASE --screenshot F --show chart[:NAME]``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot
from test_chart_view import build_from_prigozhin

from osint_desk.core.store import CaseStore
from osint_desk.ui.case_tabs import CaseTabs
from osint_desk.ui.chart.export import export_png, export_svg
from osint_desk.ui.session import CaseSession


def test_png_and_svg_export(qtbot: QtBot, tabs: CaseTabs, session: CaseSession,
                            tmp_path: Path) -> None:
    view = build_from_prigozhin(qtbot, tabs, session)
    link = next(iter(view.scene.links.values()))
    link.setSelected(True)
    png = export_png(view.scene, tmp_path / "chart.png")
    image = QImage(str(png))
    assert not image.isNull() and image.width() > 800 and image.height() > 400
    assert link.isSelected()  # the export drew it unselected and gave the selection back
    svg = export_svg(view.scene, tmp_path / "chart.svg", "Prigozhin")
    root = ElementTree.parse(svg).getroot()  # well-formed XML
    assert root.tag.endswith("svg")
    text = svg.read_text(encoding="utf-8")
    for name in ("Yevgeny Prigozhin", "Wagner Group", "North Korea", "supplied"):
        assert name in text, name
    assert "<title>Prigozhin</title>" in text
    assert not list(tmp_path.glob(".osint-desk-export-*"))  # no temporary left behind


@pytest.mark.parametrize("show", ["chart", "chart:Saved one"])
def test_screenshot_of_a_chart(demo_path: Path, tmp_path: Path, show: str) -> None:
    from osint_desk.core.chart.state import ChartState

    if show != "chart":
        with CaseStore.open(demo_path, actor="tester") as store:
            wagner = store.entities.resolve("Wagner Group").id
            store.charts.create("Saved one", ChartState().with_cards({wagner: (0, 0)}))
    target = tmp_path / "shot.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-m", "osint_desk", "open", str(demo_path), "--screenshot",
         str(target), "--show", show, "--size", "1280x800", "--theme", "dark"],
        capture_output=True, text=True, env=env, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert target.stat().st_size > 10_000
    with CaseStore.open(demo_path, actor="tester", read_only=True) as store:
        names = [name for _id, name in store.charts.list()]
    assert names == (["Whole case"] if show == "chart" else ["Saved one"])


def test_show_names_a_missing_chart(demo_path: Path, tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-m", "osint_desk", "open", str(demo_path), "--screenshot",
         str(tmp_path / "x.png"), "--show", "chart:Nope"],
        capture_output=True, text=True, env=env, timeout=120, check=False)
    assert result.returncode == 1
    assert "no chart named 'Nope'" in result.stderr


@pytest.mark.parametrize("kind", ["png", "svg", "ftm"])
def test_export_from_the_chart_menu(qtbot: QtBot, tabs: CaseTabs, session: CaseSession,
                                    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                    kind: str) -> None:
    from PySide6.QtWidgets import QFileDialog

    view = build_from_prigozhin(qtbot, tabs, session)
    target = tmp_path / ("out.ftm.json" if kind == "ftm" else f"out.{kind}")
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(target), ""))
    view.toolbar._export(kind)
    assert target.stat().st_size > 1000
    assert view.message.text() == f"Chart exported to {target.name}."
    if kind == "ftm":  # just the chart's cards, and every reference inside the file
        import json

        lines = [json.loads(line) for line in target.read_text("utf-8").splitlines()]
        cards = {f"osd-{card}" for card in view.state.nodes}
        every_card = {f"osd-{e.id}" for e in session.store.entities.list()}
        assert {e["id"] for e in lines} & every_card == cards


def test_a_theme_change_recolours_the_chart(qtbot: QtBot, tabs: CaseTabs,
                                            session: CaseSession) -> None:
    from PySide6.QtWidgets import QApplication

    from osint_desk.ui.theme import apply_theme

    view = build_from_prigozhin(qtbot, tabs, session)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.palette()
    try:
        apply_theme(app, "dark")
        qtbot.waitUntil(lambda: view.scene.colours.dark)
        assert view.scene.backgroundBrush().color().lightness() < 128
        assert all(item.colours is view.scene.colours for item in view.scene.nodes.values())
        apply_theme(app, "light")
        qtbot.waitUntil(lambda: not view.scene.colours.dark)
    finally:
        app.setPalette(before)
