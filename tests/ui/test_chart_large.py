"""A large chart is drawn in turns of the event loop, so the window keeps answering: the items
come in batches, a new change mid-way starts from what is drawn, selection survives, and an
export or a screenshot gets the whole chart. Also: cards just added are brought into view."""

from __future__ import annotations

import random
from pathlib import Path

from PySide6.QtCore import QElapsedTimer, QRectF, QTimer
from pytestqt.qtbot import QtBot

from osint_desk.core.chart.state import ChartState
from osint_desk.core.graph import CaseGraph, LinkRow, NodeRow
from osint_desk.ui.chart.export import export_png
from osint_desk.ui.chart.scene import ChartScene


def network(cards: int, links: int) -> CaseGraph:
    rng = random.Random(3)
    nodes = [NodeRow(f"c{i:04d}", ("Person", "Company")[i % 2], f"Card {i}", i % 5, ())
             for i in range(cards)]
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < links:
        a = rng.randrange(cards)
        b = min(cards - 1, max(0, a + rng.randint(-9, 9)))
        if a != b:
            pairs.add((a, b))
    rows = [LinkRow(f"r{n:04d}", nodes[a].id, "owns", nodes[b].id, None, None, 75, 1, 0, 0)
            for n, (a, b) in enumerate(sorted(pairs))]
    return CaseGraph.of(nodes, rows)


def spread(graph: CaseGraph, shift: float = 0.0) -> ChartState:
    return ChartState().with_cards({card: ((n % 40) * 120.0 + shift, (n // 40) * 120.0)
                                    for n, card in enumerate(graph.nodes)})


def test_a_large_sync_is_made_in_turns_and_ends_complete(qtbot: QtBot) -> None:
    graph = network(600, 1200)
    scene = ChartScene()
    built: list[int] = []
    scene.built.connect(lambda: built.append(len(scene.links)))
    scene.sync(graph, spread(graph))
    assert scene.building and not built  # returned before all 1,800 items were made
    assert len(scene.nodes) + len(scene.links) < 1800
    gaps: list[int] = []
    clock = QElapsedTimer()
    clock.start()

    def probe() -> None:  # what a user's click would wait for between two turns
        gaps.append(clock.restart())

    ticker = QTimer()
    ticker.setInterval(1)
    ticker.timeout.connect(probe)
    ticker.start()
    with qtbot.waitSignal(scene.built, timeout=20_000):
        pass
    ticker.stop()
    assert not scene.building and built == [1200]
    assert len(scene.nodes) == 600 and len(scene.links) == 1200
    assert len(gaps) >= 2  # the event loop ran between turns
    for link in scene.links.values():  # each link joins the node items now in the scene
        assert scene.nodes[link.source.key] is link.source and link.scene() is scene


def test_small_changes_are_made_before_sync_returns(qtbot: QtBot) -> None:
    graph = network(600, 1200)
    scene = ChartScene()
    scene.sync(graph, spread(graph), at_once=True)
    assert not scene.building and len(scene.links) == 1200
    first = next(iter(graph.nodes))
    scene.sync(graph, scene.state.moved({first: (-500.0, -500.0)}))
    assert not scene.building  # one node moved: done at once
    assert scene.nodes[first].pos().x() == -500.0


def test_a_new_sync_mid_way_starts_from_what_is_drawn(qtbot: QtBot) -> None:
    graph = network(600, 1200)
    scene = ChartScene()
    scene.sync(graph, spread(graph))
    assert scene.building and not scene.nodes  # every turn after the event loop's next one
    qtbot.waitUntil(lambda: len(scene.nodes) > 0, timeout=5000)
    assert scene.building
    made_before = len(scene.nodes)
    kept = dict(scene.nodes)
    fewer = ChartState().with_cards({card: (n * 120.0, 0.0)
                                     for n, card in enumerate(list(graph.nodes)[:100])})
    scene.sync(graph, fewer, at_once=True)
    assert not scene.building
    assert set(scene.nodes) == set(fewer.nodes)
    assert all(scene.nodes[c] is kept[c] for c in scene.nodes if c in kept)  # reused
    assert made_before > 0
    links = graph.links_among(set(fewer.nodes))
    assert set(scene.links) == {link.id for link in links}
    assert {item for item in scene.items() if item.data(0)} == {
        *scene.nodes.values(), *scene.links.values()}  # nothing left over from the first


def test_selection_survives_a_large_resync(qtbot: QtBot) -> None:
    graph = network(600, 1200)
    scene = ChartScene()
    scene.sync(graph, spread(graph), at_once=True)
    chosen = sorted(graph.nodes)[5]
    scene.nodes[chosen].setSelected(True)
    scene.sync(graph, spread(graph, shift=30.0))  # every node moves: in turns
    assert scene.building
    with qtbot.waitSignal(scene.built, timeout=20_000):
        pass
    assert [node.key for node in scene.selected_nodes()] == [chosen]
    assert scene.nodes[chosen].pos().x() == spread(graph, 30.0).nodes[chosen].x


def test_an_export_while_drawing_gets_the_whole_chart(qtbot: QtBot, tmp_path: Path) -> None:
    graph = network(600, 1200)
    scene = ChartScene()
    scene.sync(graph, spread(graph))
    assert scene.building
    out = export_png(scene, tmp_path / "chart.png")
    assert out.stat().st_size > 0
    assert not scene.building and len(scene.links) == 1200


def test_a_crowded_chart_draws_only_labels_that_do_not_cover_each_other(qtbot: QtBot) -> None:
    """Past DENSE_LINKS, labels that would lie on one drawn before them are left out (the
    links with most evidence first); a selected link's label is always drawn; moving a
    node has the layer decide again."""
    from PySide6.QtGui import QImage, QPainter

    from osint_desk.ui.chart import link_layer

    graph = network(900, link_layer.DENSE_LINKS + 300)
    scene = ChartScene()
    scene.sync(graph, spread(graph), at_once=True)
    layer = scene.link_layer
    legible = layer.legible_labels()
    assert legible is not None and 0 < len(legible) < len(scene.links)
    rects = [scene.links[key].label_rect for key in legible]
    for i, rect in enumerate(rects):
        assert not any(rect.intersects(other) for other in rects[i + 1:])
    hidden = next(key for key in scene.links if key not in legible)
    drawn: list[str] = []
    real = link_layer.LinkLayer._draw_label

    def record(self: link_layer.LinkLayer, painter: QPainter, link: object) -> None:
        drawn.append(link.link.id)  # type: ignore[attr-defined]
        real(self, painter, link)  # type: ignore[arg-type]

    scene.links[hidden].setSelected(True)
    area = scene.links[hidden].label_rect.adjusted(-300, -200, 300, 200)
    image = QImage(int(area.width()), int(area.height()), QImage.Format.Format_ARGB32)
    link_layer.LinkLayer._draw_label = record  # type: ignore[method-assign]
    try:  # at 1:1, where labels are drawn
        painter = QPainter(image)
        scene.render(painter, QRectF(0, 0, area.width(), area.height()), area)
        painter.end()
    finally:
        link_layer.LinkLayer._draw_label = real  # type: ignore[method-assign]
    assert hidden in drawn and len(drawn) > 1
    assert set(drawn) - {hidden} <= legible
    node = scene.nodes[scene.links[hidden].source.key]
    node.setPos(node.pos().x() + 500, node.pos().y())
    assert layer._legible is None and layer._near is None  # made again at the next paint
    assert layer.legible_labels() is not None


def test_past_plan_at_once_even_the_plan_waits_for_a_turn(qtbot: QtBot) -> None:
    from osint_desk.ui.chart.scene import PLAN_AT_ONCE

    graph = network(PLAN_AT_ONCE + 200, PLAN_AT_ONCE + 400)
    scene = ChartScene()
    before = scene.plan
    started: list[bool] = []
    scene.building_started.connect(lambda: started.append(True))
    scene.sync(graph, spread(graph))
    assert scene.building and scene.plan is before and not scene.nodes  # nothing yet
    with qtbot.waitSignal(scene.built, timeout=20_000):
        pass
    assert started == [True] and len(scene.nodes) == PLAN_AT_ONCE + 200
    assert len(scene.plan.cards) == PLAN_AT_ONCE + 200
