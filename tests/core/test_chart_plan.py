"""What a chart draws (core/chart/plan.py): grouping, hidden cards, parallel links, counts."""

from __future__ import annotations

from osint_desk.core.chart.plan import moved_cards, plan_chart
from osint_desk.core.chart.state import ChartState
from osint_desk.core.graph import load_graph
from osint_desk.core.store import CaseStore


def _ids(demo: CaseStore, *names: str) -> list[str]:
    return [demo.entities.resolve(name).id for name in names]


def test_cards_links_and_hidden_neighbour_counts(demo: CaseStore) -> None:
    graph = load_graph(demo)
    prigozhin, wagner, korea = _ids(demo, "Yevgeny Prigozhin", "Wagner Group", "North Korea")
    state = ChartState().with_cards({prigozhin: (0, 0), wagner: (100, 0), korea: (200, 0)})
    plan = plan_chart(graph, state)
    assert set(plan.cards) == {prigozhin, wagner, korea}
    predicates = sorted(d.link.predicate for d in plan.links)
    assert predicates == ["controls", "paid", "supplied"]
    # Two links between Wagner and North Korea, in opposite directions: bent apart.
    offsets = sorted(d.offset for d in plan.links if d.link.predicate in ("paid", "supplied"))
    assert offsets == [-0.5, 0.5]
    assert next(d for d in plan.links if d.link.predicate == "controls").offset == 0
    assert plan.hidden_neighbours[prigozhin] == len(graph.neighbours(prigozhin)) - 1
    assert plan.hidden_neighbours[korea] == len(graph.neighbours(korea)) - 1
    assert plan.hidden_neighbours == graph.hidden_neighbours(state.nodes)


def test_a_hidden_card_counts_as_on_the_chart_but_is_not_drawn(demo: CaseStore) -> None:
    graph = load_graph(demo)
    prigozhin, wagner = _ids(demo, "Yevgeny Prigozhin", "Wagner Group")
    state = ChartState().with_cards({prigozhin: (0, 0), wagner: (1, 1)}).hidden([wagner])
    plan = plan_chart(graph, state)
    assert set(plan.cards) == {prigozhin} and plan.links == []
    assert plan.hidden_neighbours[prigozhin] == len(graph.neighbours(prigozhin)) - 1


def test_a_collapsed_group_is_one_node_and_takes_its_members_links(demo: CaseStore) -> None:
    graph = load_graph(demo)
    prigozhin, concord, ira, wagner = _ids(demo, "Yevgeny Prigozhin", "Concord Catering",
                                           "Internet Research Agency", "Wagner Group")
    state = ChartState().with_cards({prigozhin: (0, 0), concord: (100, 0), ira: (200, 100),
                                     wagner: (-100, 0)})
    grouped, gid = state.grouped([concord, ira], "Prigozhin companies")
    plan = plan_chart(graph, grouped)
    assert set(plan.cards) == {prigozhin, wagner}
    group = plan.groups[gid]
    assert group.collapsed and (group.x, group.y) == (150, 50)
    assert plan.end_of(concord) == gid and plan.end_of(prigozhin) == prigozhin
    ends = sorted((d.link.predicate, d.source, d.target) for d in plan.links)
    # "linked to" lies inside the group and is not drawn; both "runs" end at the group.
    assert ends == sorted([("controls", prigozhin, wagner), ("runs", prigozhin, gid),
                           ("runs", prigozhin, gid)])
    assert sorted(d.offset for d in plan.links if d.target == gid) == [-0.5, 0.5]
    opened = plan_chart(graph, grouped.collapsed(gid, False))
    assert set(opened.cards) == {prigozhin, wagner, concord, ira}
    assert not opened.groups[gid].collapsed
    assert any(d.link.predicate == "linked to" for d in opened.links)
    # Dragging the group node by (10, -20) moves its members by as much.
    assert moved_cards(plan, grouped, {gid: (160, 30)}) == {concord: (110, -20),
                                                             ira: (210, 80)}
    assert moved_cards(plan, grouped, {wagner: (5, 6)}) == {wagner: (5, 6)}


def test_a_card_deleted_from_the_case_is_left_out(demo: CaseStore) -> None:
    prigozhin, kirby = _ids(demo, "Yevgeny Prigozhin", "John Kirby")
    state = ChartState().with_cards({prigozhin: (0, 0), kirby: (5, 5)})
    demo.entities.delete(kirby)
    plan = plan_chart(load_graph(demo), state)
    assert set(plan.cards) == {prigozhin} and plan.missing == (kirby,)
    demo.entities.restore(kirby)
    assert set(plan_chart(load_graph(demo), state).cards) == {prigozhin, kirby}
