"""Pushing overlapping node boxes apart after a layout (core/chart/separate.py)."""

from __future__ import annotations

import itertools

import pytest

from osint_desk.core.chart.separate import SeparateCancelled, separate

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
