"""The link chart on the demo case: building it from Prigozhin, the evidence on the
contested North Korea → Wagner link, and opening its KCNA quote in the source."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from osint_desk.core.text import qt_text_to_python
from osint_desk.ui.case_tabs import CaseTabs
from osint_desk.ui.chart.chooser import create_chart, show_on_chart
from osint_desk.ui.chart.link_item import LinkItem
from osint_desk.ui.chart.view import ChartView
from osint_desk.ui.reader import SourceReader
from osint_desk.ui.session import CaseSession

LAYOUT_MS = 15_000


def card(session: CaseSession, name: str) -> str:
    return session.store.entities.resolve(name).id


def settle(qtbot: QtBot, view: ChartView) -> None:
    qtbot.waitUntil(lambda: not view.layout_running, timeout=LAYOUT_MS)


def build_from_prigozhin(qtbot: QtBot, tabs: CaseTabs, session: CaseSession) -> ChartView:
    """"Show on chart" from Prigozhin's card, then Add neighbours of him and of Wagner."""
    prigozhin = card(session, "Yevgeny Prigozhin")
    view = show_on_chart(tabs, prigozhin)
    assert isinstance(view, ChartView) and list(view.state.nodes) == [prigozhin]
    assert view.expand(prigozhin)
    settle(qtbot, view)
    assert view.expand(card(session, "Wagner Group"))
    settle(qtbot, view)
    return view


def supplied_link(view: ChartView) -> LinkItem:
    return next(item for item in view.scene.links.values()
                if item.link.predicate == "supplied")


def test_build_a_chart_from_prigozhin_by_expanding(qtbot: QtBot, tabs: CaseTabs,
                                                   session: CaseSession) -> None:
    prigozhin = card(session, "Yevgeny Prigozhin")
    view = show_on_chart(tabs, prigozhin)
    assert view is not None and tabs.currentWidget() is view
    assert view.tab_title() == "Chart: Chart of Yevgeny Prigozhin"
    neighbours = view.graph.neighbours(prigozhin)
    assert view.scene.nodes[prigozhin].look.hidden_neighbours == len(neighbours)
    assert view.expand(prigozhin)
    assert view.layout_running  # on the task runner, not the GUI thread
    settle(qtbot, view)
    assert set(view.state.nodes) == {prigozhin, *neighbours}
    assert view.state.history == (tuple(sorted(neighbours)),)
    assert view.scene.nodes[prigozhin].look.hidden_neighbours == 0
    wagner = card(session, "Wagner Group")
    assert view.scene.nodes[wagner].look.hidden_neighbours == len(
        view.graph.neighbours(wagner) - set(view.state.nodes))
    assert view.expand(wagner)
    settle(qtbot, view)
    assert card(session, "North Korea") in view.state.nodes
    # Every drawn node has a name label and no two nodes sit on each other.
    positions = [item.pos() for item in view.scene.nodes.values()]
    assert len({(round(p.x()), round(p.y())) for p in positions}) == len(positions)
    # The same card again from its card view: the open chart, nothing added.
    assert show_on_chart(tabs, prigozhin) is view and len(view.state.nodes) == len(positions)
    assert view.scene.selected_nodes()[0].key == prigozhin


def test_add_neighbours_by_predicate_and_by_type(qtbot: QtBot, tabs: CaseTabs,
                                                 session: CaseSession) -> None:
    prigozhin = card(session, "Yevgeny Prigozhin")
    view = show_on_chart(tabs, prigozhin)
    assert view is not None
    assert view.expand(prigozhin, predicates={"runs"})
    settle(qtbot, view)
    assert set(view.state.nodes) == {prigozhin, card(session, "Concord Catering"),
                                     card(session, "Internet Research Agency")}
    assert view.expand(prigozhin, types={"Person"})
    settle(qtbot, view)
    assert card(session, "Vladimir Putin") in view.state.nodes
    assert card(session, "Wagner Group") not in view.state.nodes
    assert len(view.state.history) == 2
    assert view.step_back()
    assert card(session, "Vladimir Putin") not in view.state.nodes
    assert not view.expand(prigozhin, predicates={"runs"})  # nothing left of that kind


def test_the_contested_supply_link_and_its_evidence(qtbot: QtBot, tabs: CaseTabs,
                                                    session: CaseSession) -> None:
    view = build_from_prigozhin(qtbot, tabs, session)
    link = supplied_link(view)
    row = link.link
    # What the demo case holds: 4 supporting, 1 contradicting (KCNA), 1 context.
    assert (row.supports, row.contradicts, row.context) == (4, 1, 1)
    assert link.counts == "4 ✓ / 1 ✗" and link.contradicted
    assert link.source.key == card(session, "North Korea")
    assert link.target.key == card(session, "Wagner Group")
    pen_style = link.scene().links[row.id].link.confidence  # 75 %: likely
    assert pen_style == 75 and "likely" in link.tooltip_text() \
        and "2022-11" in link.tooltip_text()
    uncontested = next(i for i in view.scene.links.values() if i.link.predicate == "controls")
    assert not uncontested.contradicted and uncontested.counts == "2 ✓"

    view.scene.clearSelection()
    link.setSelected(True)
    panel = view.panel
    assert panel.currentWidget() is panel.link_page
    assert panel.link_title.text() == "North Korea → supplied → Wagner Group"
    assert panel.link_counts.text() == "4 ✓ / 1 ✗, 1 context"
    model = panel.evidence_model
    roles = [model.rows[n].role for n in range(model.rowCount())]
    assert roles == ["supports"] * 4 + ["contradicts", "context"]
    kcna = next(n for n in range(model.rowCount()) if "KCNA" in model.rows[n].quote)
    text = model.index(kcna).data()
    assert "✗ contradicts" in text and "grade B4" in text
    assert "North Korean Ministry of Foreign Affairs denies" in text

    # Clicking the KCNA quote opens the source with the excerpt highlighted.
    evidence = panel.evidence
    evidence.scrollTo(model.index(kcna))
    point = evidence.visualRect(model.index(kcna)).center()
    with qtbot.waitSignal(view.excerpt_requested) as requested:
        qtbot.mouseClick(evidence.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert requested.args == [model.rows[kcna].excerpt_id]
    reader = tabs.currentWidget()
    assert isinstance(reader, SourceReader)
    assert reader.source_id == model.rows[kcna].source_id
    selected = qt_text_to_python(reader.view.textCursor().selectedText())
    assert selected == model.rows[kcna].quote


def test_selecting_a_node_shows_its_summary_and_open_card(qtbot: QtBot, tabs: CaseTabs,
                                                          session: CaseSession) -> None:
    view = build_from_prigozhin(qtbot, tabs, session)
    wagner = card(session, "Wagner Group")
    assert view.select(wagner)
    panel = view.panel
    assert panel.currentWidget() is panel.card_page
    assert panel.card_title.text() == "Wagner Group"
    facts = panel.card_facts.text()
    assert "Sanctioned: OFAC" in facts and "Mentioned in 12 excerpts" in facts
    assert panel.card_summary.text() and "**" not in panel.card_summary.text()
    with qtbot.waitSignal(view.card_requested) as requested:
        panel.open_card.click()
    assert requested.args == [wagner]
    card_view = tabs.current_card()
    assert card_view is not None and card_view.entity_id == wagner


def test_keyboard_moves_between_nodes_and_enter_opens(qtbot: QtBot, tabs: CaseTabs,
                                                      session: CaseSession) -> None:
    view = build_from_prigozhin(qtbot, tabs, session)
    canvas = view.canvas
    canvas.setFocus()
    view.select(card(session, "Yevgeny Prigozhin"))
    start = view.scene.selected_nodes()[0]
    seen = {start.key}
    for key in (Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_Left, Qt.Key.Key_Up):
        qtbot.keyClick(canvas, key)
        selected = view.scene.selected_nodes()
        assert len(selected) == 1
        seen.add(selected[0].key)
    assert len(seen) > 1  # the arrows went somewhere
    zoom = canvas.zoom()
    qtbot.keyClick(canvas, Qt.Key.Key_Plus)
    assert canvas.zoom() > zoom
    qtbot.keyClick(canvas, Qt.Key.Key_Minus)
    qtbot.keyClick(canvas, Qt.Key.Key_Minus)
    assert canvas.zoom() < zoom
    qtbot.keyClick(canvas, Qt.Key.Key_F)
    shown = canvas.mapToScene(canvas.viewport().rect()).boundingRect()
    assert shown.contains(view.scene.content_rect().adjusted(80, 80, -80, -80))
    chosen = view.scene.selected_nodes()[0].key
    with qtbot.waitSignal(view.card_requested) as requested:
        qtbot.keyClick(canvas, Qt.Key.Key_Return)
    assert requested.args == [chosen]


def test_labels_give_way_when_zoomed_far_out(qtbot: QtBot, tabs: CaseTabs,
                                             session: CaseSession) -> None:
    from osint_desk.ui.chart import style

    view = build_from_prigozhin(qtbot, tabs, session)
    canvas = view.canvas
    canvas.fit()
    canvas.zoom_by(0.2 / canvas.zoom())
    assert canvas.zoom() < style.LABEL_MIN_DETAIL
    far = canvas.viewport().grab().toImage()
    canvas.zoom_by(2.5 / canvas.zoom())
    near = canvas.viewport().grab().toImage()
    assert far != near
    assert view.canvas.minimap.isVisible()  # zoomed in: the whole chart does not fit


def test_an_empty_chart_from_the_menu_and_a_drop_from_the_navigator(
        qtbot: QtBot, tabs: CaseTabs, session: CaseSession) -> None:
    from PySide6.QtCore import QPointF

    from osint_desk.ui.models import ID_ROLE
    from osint_desk.ui.models.navigator_models import EntitiesModel, cards_from_mime

    view = create_chart(tabs, "Dropped")
    assert view is not None and view.state.nodes == {}
    model = EntitiesModel(session)
    model.fetchMore(model.index(0, 0))
    first = model.index(0, 0, model.index(0, 0))
    assert model.flags(first) & Qt.ItemFlag.ItemIsDragEnabled
    mime = model.mimeData([first])
    cards = cards_from_mime(mime)
    assert cards == [first.data(ID_ROLE)]
    view.canvas.cards_dropped.emit(cards, QPointF(30, 40))
    assert list(view.state.nodes) == cards
    node = view.state.nodes[cards[0]]
    assert (node.x, node.y) == (30, 40)


def test_cards_added_by_expanding_are_brought_into_view(qtbot: QtBot, tabs: CaseTabs,
                                                        session: CaseSession) -> None:
    prigozhin = card(session, "Yevgeny Prigozhin")
    view = show_on_chart(tabs, prigozhin)
    assert view is not None
    tabs.resize(900, 600)
    tabs.show()
    qtbot.waitExposed(tabs)
    qtbot.waitUntil(lambda: not view._fit_pending)  # the first fit, when the tab is shown
    view.canvas.zoom_by(3.0 / view.canvas.zoom())  # close in on him alone
    view.canvas.centerOn(view.scene.nodes[prigozhin])
    zoom = view.canvas.zoom()
    assert view.expand(prigozhin)
    settle(qtbot, view)
    seen = view.canvas.mapToScene(view.canvas.viewport().rect()).boundingRect()
    added = [view.scene.nodes[c] for c in view.graph.neighbours(prigozhin)]
    assert added and all(seen.contains(item.sceneBoundingRect().center()) for item in added)
    assert view.canvas.zoom() < zoom  # zoomed out to show them, not in
