"""The chart scene from data: node looks, group nodes and frames, hidden-neighbour badges,
link labels, the "Add neighbours" menu with its counts, and the toolbar's state."""

from __future__ import annotations

from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot
from test_chart_view import build_from_prigozhin, card

from osint_desk.core.chart.state import ChartState
from osint_desk.core.graph import load_graph
from osint_desk.ui.case_tabs import CaseTabs
from osint_desk.ui.chart.node_item import GROUP
from osint_desk.ui.chart.scene import ChartScene
from osint_desk.ui.session import CaseSession


def test_nodes_show_type_sanctions_mentions_and_hidden_neighbours(
        qtbot: QtBot, session: CaseSession) -> None:
    graph = load_graph(session.store)
    prigozhin, kirby = card(session, "Yevgeny Prigozhin"), card(session, "John Kirby")
    scene = ChartScene()
    scene.sync(graph, ChartState().with_cards({prigozhin: (0, 0), kirby: (300, 0)}))
    node = scene.nodes[prigozhin]
    assert node.letter == "P" and node.shape_name == "circle"
    assert node.sanction_text == "OFAC" and "Sanctioned: OFAC" in node.toolTip()
    assert node.hidden_text == f"+{len(graph.neighbours(prigozhin))}"
    assert "Mentioned in 8 excerpts" in node.toolTip()
    assert node.radius > scene.nodes[kirby].radius - 0.01  # 8 mentions vs 7
    assert scene.nodes[kirby].sanction_text == "" and not scene.links
    korea = card(session, "North Korea")
    scene.sync(graph, scene.state.with_cards({korea: (0, 300)}))
    assert scene.nodes[korea].shape_name == "hexagon" and scene.nodes[korea].letter == "G"


def test_a_collapsed_group_is_one_node_with_its_members_links(
        qtbot: QtBot, session: CaseSession) -> None:
    graph = load_graph(session.store)
    prigozhin, concord, ira = (card(session, n) for n in (
        "Yevgeny Prigozhin", "Concord Catering", "Internet Research Agency"))
    state = ChartState().with_cards({prigozhin: (0, 0), concord: (200, 0), ira: (200, 200)})
    grouped, gid = state.grouped([concord, ira], "Companies")
    scene = ChartScene()
    scene.sync(graph, grouped)
    group = scene.nodes[gid]
    assert group.look.kind == GROUP and group.letter == "2" and group.look.name == "Companies"
    assert concord not in scene.nodes and ira not in scene.nodes
    hidden = (len(graph.neighbours(concord) - set(state.nodes))
              + len(graph.neighbours(ira) - set(state.nodes)))
    assert group.look.hidden_neighbours == hidden
    assert {item.target.key for item in scene.links.values()} == {gid}
    assert len(scene.links) == 2  # both "runs"; "linked to" is inside the group
    scene.nodes[prigozhin].setSelected(True)
    group.setSelected(True)
    assert sorted(scene.selected_cards()) == sorted([prigozhin, concord, ira])
    opened = grouped.collapsed(gid, False)
    scene.sync(graph, opened)
    assert gid in scene.frames and gid not in scene.nodes
    frame = scene.frames[gid]
    for member in (concord, ira):
        assert frame.rect.contains(scene.nodes[member].mapRectToScene(
            scene.nodes[member].boundingRect()))
    assert len(scene.links) == 3
    scene.restyle()  # a theme change repaints, nothing rebuilt
    assert scene.frames[gid] is frame


def test_link_labels_do_not_cover_each_other_on_the_demo_chart(
        qtbot: QtBot, tabs: CaseTabs, session: CaseSession) -> None:
    view = build_from_prigozhin(qtbot, tabs, session)
    labels = [item.label_rect for item in view.scene.links.values()]
    overlapping = sum(1 for n, a in enumerate(labels) for b in labels[n + 1:]
                      if a.intersects(b))
    assert overlapping <= 1, overlapping
    names = [node.mapRectToScene(node.label_rect) for node in view.scene.nodes.values()]
    assert not any(a.intersects(b) for n, a in enumerate(names) for b in names[n + 1:])


def test_the_add_neighbours_menu_counts_what_is_not_on_the_chart(
        qtbot: QtBot, tabs: CaseTabs, session: CaseSession) -> None:
    from osint_desk.ui.chart.chooser import show_on_chart

    prigozhin = card(session, "Yevgeny Prigozhin")
    view = show_on_chart(tabs, prigozhin)
    assert view is not None
    menu = QMenu()
    view.toolbar.fill_expand_menu(menu, prigozhin)
    texts = [action.text() for action in menu.actions()]
    assert texts[0] == "All (6)"
    by_predicate = menu.actions()[1].menu()
    assert [a.text() for a in by_predicate.actions()] == [
        "associate of (1)", "charged (1)", "controls (1)", "runs (2)", "sanctioned (1)"]
    by_type = menu.actions()[2].menu()
    assert "Company (2)" in [a.text() for a in by_type.actions()]
    by_predicate.actions()[3].trigger()  # runs
    qtbot.waitUntil(lambda: not view.layout_running, timeout=15_000)
    assert len(view.state.nodes) == 3
    view.toolbar.fill_expand_menu(menu, prigozhin)
    assert menu.actions()[0].text() == "All (4)"
    runs = next(a for a in menu.actions()[1].menu().actions() if a.text().startswith("runs"))
    assert runs.text() == "runs (0)" and not runs.isEnabled()


def test_toolbar_follows_the_selection(qtbot: QtBot, tabs: CaseTabs,
                                       session: CaseSession) -> None:
    view = build_from_prigozhin(qtbot, tabs, session)
    bar = view.toolbar
    view.scene.clearSelection()
    assert not bar.remove_action.isEnabled() and not bar.group_action.isEnabled()
    assert bar.back_action.isEnabled()  # two expansions to step back through
    view.select(card(session, "Wagner Group"))
    assert bar.remove_action.isEnabled() and bar.expand_action.isEnabled()
    assert bar.pin_action.text() == "Pin"
    bar.pin_action.trigger()
    assert bar.pin_action.text() == "Unpin" and view.scene.nodes[card(
        session, "Wagner Group")].look.pinned
    view.scene.nodes[card(session, "Bakhmut")].setSelected(True)
    assert bar.group_action.isEnabled()
    bar.hide_action.trigger()
    assert bar.show_hidden_action.isEnabled()
    assert card(session, "Bakhmut") not in view.scene.nodes
    bar.show_hidden_action.trigger()
    assert card(session, "Bakhmut") in view.scene.nodes
    menu = bar.context_menu(view.canvas.mapFromScene(
        view.scene.nodes[card(session, "North Korea")].pos()))
    texts = [action.text() for action in menu.actions()]
    assert "Open card" in texts and "Add neighbours" in texts
