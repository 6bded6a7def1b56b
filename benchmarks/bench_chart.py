"""The link chart at 2,000 cards and 5,000 links (issue 13): layout, scene build, repaint.

Run: .venv/bin/python benchmarks/bench_chart.py [--cards 2000] [--links 5000] [--repeat 3]

A synthetic graph (cards of every type, links mostly between near neighbours, as a case's
clusters are) is laid out by ``core.chart.layout.force_layout`` + ``separate`` (what the
task runner runs), then drawn by ``ChartScene.sync`` (on the GUI thread), then rendered at
fit-to-view in a 1280×800 viewport. The same positions drawn as plain items (a circle per
card, a line per link, no labels) are the baseline, in the same run. Figures are medians.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter, QPen
from PySide6.QtWidgets import QApplication, QGraphicsScene

from osint_desk.core.chart.state import ChartState
from osint_desk.core.graph import CaseGraph, LinkRow, NodeRow
from osint_desk.ui.chart.layout_job import LayoutJob
from osint_desk.ui.chart.scene import ChartScene

TYPES = ("Person", "Organization", "Company", "PublicBody", "Vessel", "Address", "Event")
VIEWPORT = (1280, 800)


def synthetic(cards: int, links: int, seed: int = 1) -> CaseGraph:
    rng = random.Random(seed)
    nodes = [NodeRow(f"c{i:05d}", TYPES[i % len(TYPES)], f"Card {i} {rng.choice('ABCDEFG')}"
                     f"{rng.randrange(100)}", rng.randrange(12),
                     ("OFAC",) if i % 40 == 0 else ()) for i in range(cards)]
    found: set[tuple[int, int]] = set()
    while len(found) < links:
        a = rng.randrange(cards)
        b = min(cards - 1, max(0, a + int(rng.gauss(0, 25))))
        if a != b:
            found.add((a, b))
    rows = [LinkRow(f"r{n:05d}", nodes[a].id, rng.choice(("owns", "controls", "paid")),
                    nodes[b].id, None, None, rng.choice((None, 40, 75, 95)),
                    rng.randrange(1, 4), int(rng.random() < 0.1), 0)
            for n, (a, b) in enumerate(sorted(found))]
    return CaseGraph.of(nodes, rows)


def timed(function: object, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def render_at_fit(scene: QGraphicsScene, rect: QRectF) -> None:
    image = QImage(*VIEWPORT, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    scene.render(painter, QRectF(image.rect()), rect, Qt.AspectRatioMode.KeepAspectRatio)
    painter.end()


def plain_scene(graph: CaseGraph, positions: dict[str, tuple[float, float]]) -> QGraphicsScene:
    scene = QGraphicsScene()
    pen = QPen(Qt.GlobalColor.gray)
    for link in graph.links.values():
        (x1, y1), (x2, y2) = positions[link.subject_id], positions[link.object_id]
        scene.addLine(x1, y1, x2, y2, pen)
    for x, y in positions.values():
        scene.addEllipse(x - 18, y - 18, 36, 36, pen, Qt.GlobalColor.darkCyan)
    return scene


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=2000)
    parser.add_argument("--links", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    graph = synthetic(args.cards, args.links)
    pairs = [(x.subject_id, x.object_id) for x in graph.links.values()]
    print(f"{len(graph.nodes)} cards, {len(graph.links)} links; load {os.getloadavg()[0]:.2f}")

    def lay_out() -> dict[str, tuple[float, float]]:  # what the task runner computes
        return LayoutJob("force", tuple(graph.nodes), tuple(pairs)).compute()

    layout_s, positions = timed(lay_out, args.repeat)
    assert isinstance(positions, dict)
    state = ChartState().with_cards(positions)

    def build() -> ChartScene:
        scene = ChartScene()
        scene.sync(graph, state, at_once=True)  # every turn, back to back
        return scene

    build_s, scene = timed(build, args.repeat)
    assert isinstance(scene, ChartScene)
    rect = scene.content_rect()
    paint_s, _ = timed(lambda: render_at_fit(scene, rect), args.repeat)
    plain_build_s, plain = timed(lambda: plain_scene(graph, positions), args.repeat)
    assert isinstance(plain, QGraphicsScene)
    plain_paint_s, _ = timed(lambda: render_at_fit(plain, rect), args.repeat)
    print(f"layout (force + separate, task runner)   {layout_s * 1000:8.0f} ms  target ≤ 3000")
    print(f"scene build, all turns (GUI thread)      {build_s * 1000:8.0f} ms"
          f"  plain items {plain_build_s * 1000:6.0f} ms  ratio {build_s / plain_build_s:5.1f}×")
    print(f"full repaint at fit, {VIEWPORT[0]}×{VIEWPORT[1]}         {paint_s * 1000:8.0f} ms"
          f"  plain items {plain_paint_s * 1000:6.0f} ms  ratio {paint_s / plain_paint_s:5.1f}×"
          "  target ≤ 200")
    del app


if __name__ == "__main__":
    main()
