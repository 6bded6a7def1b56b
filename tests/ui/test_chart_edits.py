"""Chart edits: each one undo step, saved in the case, surviving close and reopen exactly;
layouts on the task runner with pinned cards fixed; drag to move, drag to relate."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from pytestqt.qtbot import QtBot
from test_chart_view import build_from_prigozhin, card, settle

from osint_desk.core.chart.state import ChartState
from osint_desk.core.store import CaseStore
from osint_desk.ui.case_tabs import CaseTabs
from osint_desk.ui.chart.chooser import show_on_chart
from osint_desk.ui.chart.view import ChartView
from osint_desk.ui.session import CaseSession


def positions(state: ChartState) -> dict[str, tuple[float, float, bool, bool]]:
    return {c: (n.x, n.y, n.pinned, n.hidden) for c, n in state.nodes.items()}


def test_pin_group_rename_then_reopen_gives_the_same_chart(
        qtbot: QtBot, tabs: CaseTabs, session: CaseSession, demo_path: Path) -> None:
    view = build_from_prigozhin(qtbot, tabs, session)
    prigozhin, wagner = card(session, "Yevgeny Prigozhin"), card(session, "Wagner Group")
    assert view.pin([prigozhin])
    assert view.scene.nodes[prigozhin].look.pinned
    companies = [card(session, "Concord Catering"), card(session, "Internet Research Agency")]
    gid = view.group(companies, "Prigozhin's companies")
    assert gid and gid in view.scene.nodes and view.scene.nodes[gid].is_group
    assert all(c not in view.scene.nodes for c in companies)
    assert view.rename("Prigozhin network")
    assert view.tab_title() == "Chart: Prigozhin network"
    view.scene.nodes[wagner].setPos(QPointF(640.5, -210.25))
    view.scene.nodes_moved.emit({wagner: (640.5, -210.25)})
    saved = view.state
    chart_id = view.chart_id
    tabs.set_session(None)
    session.store.close()

    with CaseStore.open(demo_path, actor="tester") as store:
        chart = store.charts.get(chart_id)
        assert chart.name == "Prigozhin network"
        assert positions(chart.state) == positions(saved)
        assert chart.state.nodes[prigozhin].pinned
        assert chart.state.nodes[wagner].x == 640.5 and chart.state.nodes[wagner].y == -210.25
        assert chart.state.groups[gid].label == "Prigozhin's companies"
        assert chart.state.history == saved.history
    reopened = CaseSession(CaseStore.open(demo_path, actor="tester"))
    try:
        again = ChartView(reopened, chart_id)
        qtbot.addWidget(again)
        drawn = {key: (item.pos().x(), item.pos().y()) for key, item in again.scene.nodes.items()}
        for key, item in view.scene.nodes.items():
            assert drawn[key] == (item.pos().x(), item.pos().y())
        assert again.scene.nodes[gid].is_group
    finally:
        reopened.close()


EDITS: dict[str, Callable[[ChartView, CaseSession], object]] = {
    "add": lambda v, s: v.add_cards([card(s, "John Kirby")], QPointF(300, 300)),
    "remove": lambda v, s: v.remove([card(s, "Bakhmut")]),
    "pin": lambda v, s: v.pin([card(s, "Wagner Group")]),
    "hide": lambda v, s: v.hide_cards([card(s, "Vladimir Putin")]),
    "group": lambda v, s: v.group([card(s, "Concord Catering"),
                                   card(s, "Internet Research Agency")], "Companies"),
    "step back": lambda v, s: v.step_back(),
    "move": lambda v, s: v.scene.nodes_moved.emit({card(s, "Wagner Group"): (1.0, 2.0)}),
}


@pytest.mark.parametrize("edit", list(EDITS))
def test_undo_and_redo_of_each_chart_edit(qtbot: QtBot, tabs: CaseTabs, session: CaseSession,
                                          edit: str) -> None:
    view = build_from_prigozhin(qtbot, tabs, session)
    before, steps = view.state, session.undo_stack.count()
    EDITS[edit](view, session)
    settle(qtbot, view)
    after = view.state
    assert after != before and session.undo_stack.count() == steps + 1
    assert session.store.charts.get(view.chart_id).state == after
    session.undo_stack.undo()
    assert view.state == before == session.store.charts.get(view.chart_id).state
    session.undo_stack.redo()
    assert view.state == after
    drawn = set(view.scene.nodes)
    assert drawn == set(view.scene.plan.cards) | {
        g for g, group in view.scene.plan.groups.items() if group.collapsed}


def test_group_rename_open_and_ungroup_are_undoable(qtbot: QtBot, tabs: CaseTabs,
                                                    session: CaseSession) -> None:
    view = build_from_prigozhin(qtbot, tabs, session)
    companies = [card(session, "Concord Catering"), card(session, "Internet Research Agency")]
    gid = view.group(companies, "Companies")
    assert view.rename_group(gid, "Prigozhin firms")
    assert view.scene.nodes[gid].look.name == "Prigozhin firms"
    assert view.set_collapsed(gid, False)
    assert gid in view.scene.frames and all(c in view.scene.nodes for c in companies)
    assert view.ungroup(gid)
    assert not view.state.groups and not view.scene.frames
    for _ in range(3):
        session.undo_stack.undo()
    assert view.state.groups[gid].label == "Companies" and gid in view.scene.nodes
    old_name = view.name
    assert view.rename("Renamed")
    session.undo_stack.undo()
    assert view.name == old_name


def test_dragging_a_node_is_one_undo_step_saved_on_release(
        qtbot: QtBot, tabs: CaseTabs, session: CaseSession) -> None:
    view = build_from_prigozhin(qtbot, tabs, session)
    canvas = view.canvas
    wagner = card(session, "Wagner Group")
    item = view.scene.nodes[wagner]
    before = (view.state.nodes[wagner].x, view.state.nodes[wagner].y)
    steps = session.undo_stack.count()
    start = canvas.mapFromScene(item.pos())
    qtbot.mousePress(canvas.viewport(), Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 6):
        qtbot.mouseMove(canvas.viewport(), start + QPoint(8 * step, 5 * step))
    assert session.undo_stack.count() == steps  # nothing saved while dragging
    qtbot.mouseRelease(canvas.viewport(), Qt.MouseButton.LeftButton, pos=start + QPoint(40, 25))
    assert session.undo_stack.count() == steps + 1
    node = view.state.nodes[wagner]
    assert (node.x, node.y) != before
    assert session.store.charts.get(view.chart_id).state.nodes[wagner] == node
    session.undo_stack.undo()
    assert (view.state.nodes[wagner].x, view.state.nodes[wagner].y) == before
    assert (item.pos().x(), item.pos().y()) == before


def test_drag_to_relate_creates_a_relationship_with_undo(
        qtbot: QtBot, tabs: CaseTabs, session: CaseSession) -> None:
    from osint_desk.ui.relationship_dialog import RelationshipDialog

    view = build_from_prigozhin(qtbot, tabs, session)
    canvas = view.canvas
    putin, wagner = card(session, "Vladimir Putin"), card(session, "Wagner Group")
    assert view.graph.neighbours(putin) & {wagner} == set()
    start = canvas.mapFromScene(view.scene.nodes[putin].pos())
    end = canvas.mapFromScene(view.scene.nodes[wagner].pos())
    with qtbot.waitSignal(view.relate_requested) as requested:
        qtbot.mousePress(canvas.viewport(), Qt.MouseButton.LeftButton,
                         Qt.KeyboardModifier.ShiftModifier, start)
        qtbot.mouseMove(canvas.viewport(), (start + end) / 2)
        qtbot.mouseRelease(canvas.viewport(), Qt.MouseButton.LeftButton,
                           Qt.KeyboardModifier.ShiftModifier, end)
    assert requested.args == [putin, wagner]
    dialog = view.dialog
    assert isinstance(dialog, RelationshipDialog)
    assert dialog.ends() == (putin, wagner)
    assert dialog.reads.text() == "Vladimir Putin … Wagner Group"
    dialog.predicate.setCurrentText("funded")
    dialog.accept()
    created = dialog.created_id
    assert created and session.store.relationships.get(created).predicate == "funded"
    qtbot.waitUntil(lambda: created in view.scene.links)
    assert view.scene.links[created].link.subject_id == putin
    session.undo_stack.undo()
    qtbot.waitUntil(lambda: created not in view.scene.links)
    assert wagner not in view.graph.neighbours(putin)
    session.undo_stack.redo()
    qtbot.waitUntil(lambda: created in view.scene.links)


def test_link_mode_relates_without_shift(qtbot: QtBot, tabs: CaseTabs,
                                         session: CaseSession) -> None:
    view = build_from_prigozhin(qtbot, tabs, session)
    view.toolbar.link_action.trigger()
    assert view.canvas.link_mode
    canvas = view.canvas
    a, b = card(session, "Bakhmut"), card(session, "Vladimir Putin")
    start, end = (canvas.mapFromScene(view.scene.nodes[c].pos()) for c in (a, b))
    with qtbot.waitSignal(view.relate_requested):
        qtbot.mousePress(canvas.viewport(), Qt.MouseButton.LeftButton, pos=start)
        qtbot.mouseMove(canvas.viewport(), end)
        qtbot.mouseRelease(canvas.viewport(), Qt.MouseButton.LeftButton, pos=end)
    assert view.state.nodes[a] == session.store.charts.get(view.chart_id).state.nodes[a]


@pytest.mark.parametrize("layout", ["force", "hierarchical", "circular"])
def test_layouts_run_on_the_task_runner_and_keep_pinned_cards(
        qtbot: QtBot, tabs: CaseTabs, session: CaseSession, layout: str) -> None:
    view = build_from_prigozhin(qtbot, tabs, session)
    wagner = card(session, "Wagner Group")
    view.pin([wagner])
    pinned_at = (view.state.nodes[wagner].x, view.state.nodes[wagner].y)
    steps = session.undo_stack.count()
    assert view.lay_out(layout)
    assert view.layout_running and view.toolbar.cancel_button.isVisibleTo(view)
    assert not view.lay_out(layout)  # one at a time
    settle(qtbot, view)
    assert session.undo_stack.count() == steps + 1 and view.state.layout == layout
    assert (view.state.nodes[wagner].x, view.state.nodes[wagner].y) == pinned_at
    session.undo_stack.undo()
    assert view.state.layout == "force"


def test_cancelling_a_layout_moves_nothing(qtbot: QtBot, tabs: CaseTabs,
                                           session: CaseSession) -> None:
    view = build_from_prigozhin(qtbot, tabs, session)
    before, steps = view.state, session.undo_stack.count()
    assert view.lay_out("force")
    view.cancel_layout()
    settle(qtbot, view)
    # A small chart may finish before the Cancel is seen; either way nothing half-done.
    if session.undo_stack.count() == steps:
        assert view.state == before and "cancelled" in view.message.text()
    else:
        assert session.undo_stack.count() == steps + 1


def test_show_on_chart_from_the_card_view(qtbot: QtBot, tabs: CaseTabs,
                                          session: CaseSession) -> None:
    kirby = card(session, "John Kirby")
    card_view = tabs.open_card(kirby)
    assert card_view is not None
    card_view.chart_button.click()
    view = tabs.currentWidget()
    assert isinstance(view, ChartView) and list(view.state.nodes) == [kirby]
    assert session.store.charts.list() == [(view.chart_id, "Chart of John Kirby")]
    assert show_on_chart(tabs, card(session, "North Korea")) is view
    settle(qtbot, view)
    assert len(view.state.nodes) == 2


def test_closing_the_tab_while_a_layout_runs(qtbot: QtBot, tabs: CaseTabs,
                                             session: CaseSession) -> None:
    view = build_from_prigozhin(qtbot, tabs, session)
    steps = session.undo_stack.count()
    assert view.lay_out("force")
    task = view.arranger.task
    assert task is not None
    tabs.close_tab(tabs.indexOf(view))
    qtbot.waitUntil(lambda: not task.running, timeout=15_000)
    qtbot.wait(50)  # the deleted view's callback ran (and did nothing)
    assert session.undo_stack.count() == steps


def test_add_a_card_found_by_name_from_the_toolbar(qtbot: QtBot, tabs: CaseTabs,
                                                   session: CaseSession) -> None:
    view = build_from_prigozhin(qtbot, tabs, session)
    kirby = card(session, "John Kirby")
    assert kirby not in view.state.nodes
    finder = view.toolbar.finder
    qtbot.waitExposed(tabs)
    tabs.activateWindow()  # keyboard focus needs the active window (X11 too)
    qtbot.waitUntil(tabs.isActiveWindow)
    qtbot.mouseClick(finder, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(finder.hasFocus)
    qtbot.keyClicks(finder, "John Kirby")
    popup = finder.popup()  # the completion list has the keyboard while it is open
    qtbot.keyClick(popup if popup.isVisible() else finder, Qt.Key.Key_Return)
    settle(qtbot, view)
    assert kirby in view.state.nodes and view.scene.selected_nodes()[0].key == kirby
    assert finder.text() == ""  # ready for the next one
