"""Pushing overlapping node boxes apart after a layout (core/chart/separate.py)."""

from __future__ import annotations

import itertools

import pytest

from osint_desk.core.chart.separate import SeparateCancelled, separate, snap_to_grid

BOX = (-50.0, -20.0, 50.0, 40.0)


def _overlap(a: tuple[float, float], b: tuple[float, float], gap: float) -> bool:
    return (abs(a[0] - b[0]) < BOX[2] - BOX[0] + gap - 1e-6
            and abs(a[1] - b[1]) < BOX[3] - BOX[1] + gap - 1e-6)


def test_overlapping_boxes_end_apart_and_pinned_ones_stay() -> None:
    start = {f"n{i}": (float(i % 4) * 20, float(i // 4) * 15) for i in range(12)}
    boxes = dict.fromkeys(start, BOX)
    found = separate(start, boxes, fixed={"n0"}, gap=10, rounds=200)
    assert found["n0"] == start["n0"]
    for a, b in itertools.combinations(found.values(), 2):
        assert not _overlap(a, b, 10)


def test_boxes_already_apart_do_not_move() -> None:
    start = {"a": (0.0, 0.0), "b": (500.0, 0.0), "c": (0.0, 400.0)}
    assert separate(start, dict.fromkeys(start, BOX)) == start
    assert separate({}) == {}


def test_two_fixed_nodes_are_left_alone_and_cancel_stops() -> None:
    start = {"a": (0.0, 0.0), "b": (1.0, 1.0)}
    assert separate(start, fixed={"a", "b"}) == start
    with pytest.raises(SeparateCancelled):
        separate(start, cancelled=lambda: True)


def test_a_dense_knot_is_snapped_to_a_grid_with_no_overlap_and_order_kept() -> None:
    """A large force layout's knot (here 900 boxes within a few box widths) ends with no two
    boxes overlapping, fixed nodes exactly where they were, and left/right kept."""
    import random

    rng = random.Random(3)
    start = {f"n{i}": (rng.gauss(0, 60), rng.gauss(0, 40)) for i in range(900)}
    start["far"] = (5000.0, 0.0)
    boxes = dict.fromkeys(start, BOX)
    found = snap_to_grid(start, boxes, fixed={"n0"}, gap=10)
    assert found["n0"] == start["n0"]
    assert set(found) == set(start)
    points = sorted(found.values())
    for i, (x, y) in enumerate(points):
        for x2, y2 in points[i + 1:]:
            if x2 - x >= BOX[2] - BOX[0] + 10 - 1e-6:
                break
            assert abs(y2 - y) >= BOX[3] - BOX[1] + 10 - 1e-6, ((x, y), (x2, y2))
    left = [n for n in start if start[n][0] < -80]
    right = [n for n in start if start[n][0] > 80]
    mean = lambda ns: sum(found[n][0] for n in ns) / len(ns)  # noqa: E731
    assert mean(left) < mean(right)
    assert found["far"][0] > max(found[n][0] for n in start if n != "far")
    assert snap_to_grid({}) == {}


def test_snapping_leaves_a_spread_layout_where_it_was() -> None:
    start = {f"n{i}": (i * 400.0, (i % 3) * 300.0) for i in range(20)}
    found = snap_to_grid(start, dict.fromkeys(start, BOX), gap=10)
    for name, (x, y) in start.items():
        assert abs(found[name][0] - x) <= (BOX[2] - BOX[0] + 10) / 2 + 1e-6
        assert abs(found[name][1] - y) <= (BOX[3] - BOX[1] + 10) / 2 + 1e-6
