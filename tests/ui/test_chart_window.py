"""The chart in the window: View → Link chart, the navigator's charts, dropping a card from
the navigator, deleting a chart, the window's task runner, a read-only case."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QInputDialog, QMessageBox
from pytestqt.qtbot import QtBot
from test_chart_view import card, settle

from osint_desk.core.chart.state import ChartState
from osint_desk.core.store import CaseStore
from osint_desk.ui.chart.view import ChartView
from osint_desk.ui.main_window import MainWindow
from osint_desk.ui.models import ID_ROLE
from osint_desk.ui.settings import AppSettings


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, demo_path: Path) -> Iterator[MainWindow]:
    win = MainWindow(AppSettings(tmp_path / "settings.ini"), demo_path=demo_path)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    win.open_case(demo_path)
    yield win
    win.close()


def test_view_menu_makes_a_chart_listed_in_the_navigator(
        qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    assert window.dialogs.chart_action.isEnabled()
    assert window.dialogs.chart_action in window.menuBar().actions()[2].menu().actions()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Kirby and co", True))
    window.dialogs.chart_action.trigger()
    view = window.tabs.currentWidget()
    assert isinstance(view, ChartView) and view.name == "Kirby and co"
    assert view.tasks is window.tasks  # the window's one runner
    charts = window.navigator.section("chart")
    qtbot.waitUntil(lambda: window.navigator.section_title("chart") == "Link charts (1)")
    row = charts.model.index(0, 0)
    assert row.data() == "Kirby and co" and row.data(ID_ROLE) == view.chart_id
    # The tab closed, the navigator opens it again.
    window.tabs.close_tab(window.tabs.indexOf(view))
    window.navigator._activate(row)
    again = window.tabs.currentWidget()
    assert isinstance(again, ChartView) and again.chart_id == row.data(ID_ROLE)
    # A second chart: the menu offers the saved one or a new one.
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("Kirby and co", True))
    window.dialogs.chart_action.trigger()
    assert window.tabs.currentWidget() is again


def test_a_card_dropped_from_the_navigator_lands_where_dropped(
        qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Dropped", True))
    window.dialogs.chart_action.trigger()
    view = window.tabs.currentWidget()
    assert isinstance(view, ChartView)
    tree = window.navigator.section("entity")
    model = tree.model
    group = model.index(0, 0)
    first = model.index(0, 0, group)
    mime = model.mimeData([first])
    canvas = view.canvas
    target = QPoint(200, 150)
    where = canvas.mapToScene(target)
    for kind in ("enter", "move", "drop"):
        event = QDropEvent(QPointF(target), Qt.DropAction.CopyAction, mime,
                           Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
        {"enter": canvas.dragMoveEvent, "move": canvas.dragMoveEvent,
         "drop": canvas.dropEvent}[kind](event)  # type: ignore[operator]
        assert event.isAccepted()
    dropped = first.data(ID_ROLE)
    assert list(view.state.nodes) == [dropped]
    assert (view.state.nodes[dropped].x, view.state.nodes[dropped].y) == (where.x(), where.y())
    other = QMimeData()
    other.setText("not a card")
    refused = QDropEvent(QPointF(target), Qt.DropAction.CopyAction, other,
                         Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    refused.ignore()
    canvas.dragMoveEvent(refused)
    assert not refused.isAccepted()
    # A second card dropped: laid out beside the first on the task runner.
    second = model.index(1, 0, group)
    view.canvas.cards_dropped.emit([second.data(ID_ROLE)], QPointF(500, 500))
    settle(qtbot, view)
    assert len(view.state.nodes) == 2


def test_deleting_a_chart_from_the_navigator_and_undo(
        qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    assert window.session is not None
    session = window.session
    chart = session.store.charts.create("To delete", ChartState().with_cards(
        {card(session, "North Korea"): (0, 0)}))
    window.navigator.section("chart").model.refresh()
    qtbot.waitUntil(lambda: window.navigator.section_title("chart") == "Link charts (1)")
    view = window.tabs.open("chart", chart.id)
    assert isinstance(view, ChartView)
    row = window.navigator.section("chart").model.index(0, 0)
    menu = window.navigator.context_menu(row)
    assert menu is not None
    texts = [action.text() for action in menu.actions()]
    assert "Delete chart…" in texts
    assert window.navigator._target(row) is None  # Delete… never deletes a chart
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    next(a for a in menu.actions() if a.text() == "Delete chart…").trigger()
    qtbot.waitUntil(lambda: window.navigator.section_title("chart") == "Link charts (0)")
    assert view.tab_title() == "Chart (deleted)"
    session.undo_stack.undo()
    qtbot.waitUntil(lambda: window.navigator.section_title("chart") == "Link charts (1)")
    assert view.name == "To delete" and view.state.nodes


def test_a_read_only_case_shows_charts_but_refuses_edits(qtbot: QtBot, tmp_path: Path,
                                                          demo_path: Path) -> None:
    with CaseStore.open(demo_path, actor="tester") as store:
        wagner = store.entities.resolve("Wagner Group").id
        chart = store.charts.create("Saved", ChartState().with_cards({wagner: (0, 0)}))
    win = MainWindow(AppSettings(tmp_path / "settings.ini"))
    qtbot.addWidget(win)
    win.show()
    win.open_case(demo_path, read_only=True)
    view = win.tabs.open("chart", chart.id)
    assert isinstance(view, ChartView) and wagner in view.scene.nodes
    assert not view.expand(wagner) and not view.layout_running
    assert not view.lay_out("circular") and not view.pin([wagner])
    assert list(view.state.nodes) == [wagner] and "read-only" in view.message.text()
    assert not view.toolbar.layout_action.isEnabled()
    assert view.relate(wagner, wagner) is None
    win.close()


def test_selection_is_shared_between_open_views_without_echo(
        qtbot: QtBot, window: MainWindow) -> None:
    """Two charts open: a card selected in one is selected in the other (the way the chart,
    the timeline and the map follow each other); a card missing from a chart selects
    nothing there, and nothing is announced back."""
    store = window.session.store
    cards = {e.name: e.id for e in store.entities.list()}
    whole = store.charts.create("Whole", ChartState().with_cards(
        {card_id: (n * 200.0, 0.0) for n, card_id in enumerate(cards.values())}))
    pair = store.charts.create("Pair", ChartState().with_cards(
        {cards["Yevgeny Prigozhin"]: (0.0, 0.0), cards["Wagner Group"]: (200.0, 0.0)}))
    first = window.tabs.open("chart", whole.id)
    second = window.tabs.open("chart", pair.id)
    assert isinstance(first, ChartView) and isinstance(second, ChartView)
    echoes: list[list[str]] = []
    second.cards_selected.connect(echoes.append)
    first.scene.nodes[cards["Yevgeny Prigozhin"]].setSelected(True)
    assert second.scene.selected_cards() == [cards["Yevgeny Prigozhin"]]
    assert echoes == []  # followed, not announced back
    first.scene.clearSelection()
    first.scene.nodes[cards["John Kirby"]].setSelected(True)  # not on the pair chart
    assert second.scene.selected_cards() == []
    second.scene.nodes[cards["Wagner Group"]].setSelected(True)
    assert echoes == [[cards["Wagner Group"]]]
    assert first.scene.selected_cards() == [cards["Wagner Group"]]


def test_a_large_network_is_read_on_the_task_runner(
        qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past LARGE_NETWORK cards + links, the chart opens at once and reads the network on
    the window's runner (busy meanwhile, so a screenshot waits); an edit during the read
    starts another one, and only the last one is applied."""
    from osint_desk.ui.chart import view as chart_view

    monkeypatch.setattr(chart_view, "LARGE_NETWORK", 5)
    store = window.session.store
    cards = {e.name: e.id for e in store.entities.list()}
    chart = store.charts.create("Pair", ChartState().with_cards(
        {cards["Yevgeny Prigozhin"]: (0.0, 0.0), cards["Wagner Group"]: (200.0, 0.0)}))
    view = window.tabs.open("chart", chart.id)
    assert isinstance(view, ChartView)
    assert view.busy() and not view.graph.nodes and not view.scene.nodes
    assert view.message.text() == "Reading the case's network…"
    qtbot.waitUntil(lambda: not view.busy(), timeout=10_000)
    assert len(view.graph.nodes) == len(cards) and len(view.scene.nodes) == 2
    assert view.tasks is window.tasks and view.message.text() == ""
    first = view._reads
    view.reload()
    view.reload()  # the second makes the first one's result out of date
    assert view._reads == first + 2 and view.busy()
    qtbot.waitUntil(lambda: not view.busy(), timeout=10_000)
    assert len(view.scene.nodes) == 2
