"""Chart layouts: every node placed, pins held, no pile-ups, small moves when growing."""

from __future__ import annotations

import math
import random
from statistics import median

import pytest

from osint_desk.core.chart.layout import (
    SPACING,
    LayoutCancelled,
    circular_layout,
    force_layout,
    hierarchical_layout,
)
from osint_desk.core.graph import load_graph
from osint_desk.core.store import CaseStore


def _random_graph(count: int, links: int, seed: int = 3) -> tuple[list[str], list[tuple[str, str]]]:
    rng = random.Random(seed)
    nodes = [f"n{i}" for i in range(count)]
    found: set[tuple[str, str]] = set()
    while len(found) < links:
        a = rng.randrange(count)
        b = min(count - 1, max(0, a + int(rng.gauss(0, 8))))
        if a != b:
            found.add((nodes[a], nodes[b]))
    return nodes, sorted(found)


def _min_distance(pos: dict[str, tuple[float, float]]) -> float:
    points = list(pos.values())
    return min(math.dist(p, q) for i, p in enumerate(points) for q in points[i + 1:])


def test_the_demo_case_laid_out_by_force(demo: CaseStore) -> None:
    graph = load_graph(demo)
    links = [(link.subject_id, link.object_id) for link in graph.links.values()]
    pos = force_layout(list(graph.nodes), links)
    assert set(pos) == set(graph.nodes)
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in pos.values())
    assert _min_distance(pos) > SPACING / 4  # nothing drawn on top of something else
    linked = median(math.dist(pos[a], pos[b]) for a, b in links)
    pairs = [(a, b) for a in pos for b in pos if a < b and (a, b) not in links
             and (b, a) not in links]
    assert linked < median(math.dist(pos[a], pos[b]) for a, b in pairs)
    assert force_layout(list(graph.nodes), links) == pos  # the same chart every time


def test_pinned_nodes_stay_and_growing_moves_the_rest_little() -> None:
    nodes, links = _random_graph(300, 600)
    first = force_layout(nodes, links)
    pinned = set(nodes[:10])
    grown = force_layout([*nodes, "new"], [*links, ("new", nodes[50])], start=first,
                         pinned=pinned)
    assert all(grown[n] == first[n] for n in pinned)
    moves = [math.dist(first[n], grown[n]) for n in nodes]
    assert median(moves) < SPACING / 2
    assert math.dist(grown["new"], grown[nodes[50]]) < 3 * SPACING


def test_a_cancelled_layout_stops() -> None:
    nodes, links = _random_graph(200, 400)
    calls = []

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) > 3

    with pytest.raises(LayoutCancelled):
        force_layout(nodes, links, cancelled=cancelled)
    assert len(calls) == 4


def test_hierarchical_layers_follow_the_links_and_survive_cycles() -> None:
    chain = [("owner", "holding"), ("holding", "company a"), ("holding", "company b")]
    nodes = ["owner", "holding", "company a", "company b", "loner"]
    pos = hierarchical_layout(nodes, [*chain, ("loner", "loner")])  # and a self-link
    assert set(pos) == set(nodes)
    assert pos["owner"][1] < pos["holding"][1] < pos["company a"][1]
    assert pos["company a"][1] == pos["company b"][1]
    assert _min_distance(pos) >= SPACING
    cyclic = hierarchical_layout(nodes, [*chain, ("company b", "owner")])
    assert set(cyclic) == set(nodes) and _min_distance(cyclic) >= SPACING
    assert len({y for _x, y in cyclic.values()}) >= 3  # still layered, not one row


def test_circular_keeps_components_apart() -> None:
    nodes = ["a", "b", "c", "x", "y"]
    pos = circular_layout(nodes, [("a", "b"), ("b", "c"), ("x", "y")])
    assert set(pos) == set(nodes)
    first = [pos[n] for n in "abc"]
    assert max(x for x, _ in first) < min(pos["x"][0], pos["y"][0])
    assert _min_distance(pos) > SPACING / 4


@pytest.mark.parametrize("layout", [force_layout, hierarchical_layout, circular_layout])
def test_empty_and_single(layout: object) -> None:
    assert layout([], []) == {}  # type: ignore[operator]
    assert set(layout(["only"], [("only", "gone")])) == {"only"}  # type: ignore[operator]
