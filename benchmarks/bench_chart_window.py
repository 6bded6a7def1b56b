"""The link chart of the generated case in the real window: 2,000 cards, 5,000 links (issue 13).

    python benchmarks/bench_chart_window.py [CASE] [--json OUT.json]
    xvfb-run -a -s "-screen 0 1920x1080x24" python benchmarks/bench_chart_window.py   # xcb

CASE is the large case of ``bench_gui_large.py`` (``generate_case.py``'s 10,000 sources /
100,000 excerpts / 2,000 cards plus its 5,000 relationships with evidence, 1,000 sanctions
records and tags; that script makes the ``-gui`` copy on first use). It is copied to a
temporary file (SQLite's backup API) and a chart holding every card, on a grid, is saved in the
copy. Then the window is built as ``osint_desk.ui.app.run_gui`` builds it (1280×800) and, from
its event loop, one step per timer callback, while a 5 ms precise timer records how late each
tick comes (``bench_gui_large.Probe``: the GUI thread's latency, what a click would wait):

1. **open** the chart in a tab (the scene is built, in turns, and fitted);
2. **force layout** of all 2,000 cards on the task runner, until the scene shows the result;
   its wall time is the layout's;
3. **pan**: 120 scroll steps of 40 px across and down the chart, 16 ms apart, at the zoom the
   layout leaves (readable names);
4. **zoom**: 12 wheel steps in and 24 out, 30 ms apart, around the centre;
5. **full repaint at fit-to-view** (``viewport().repaint()``, synchronous), median of 5,
   against the same positions drawn as plain items (a circle per card, a line per link, no
   labels) in a QGraphicsView of the same size, in the same run.

Each action's stall is the lateness of the probe's ticks during it and 150 ms after it: max
and 95th percentile. Targets (issue 13): layout ≤ 3 s, every stall ≤ 100 ms, repaint ≤ 200 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(HERE.parent))

from bench_gui_large import DEFAULT_CASE, WindowBench, gui_case_paths  # noqa: E402

Script = Iterator[int]  # milliseconds to wait before the next step
SIZE = (1280, 800)
TARGET_LAYOUT_S, TARGET_STALL_MS, TARGET_PAINT_MS = 3.0, 100.0, 200.0


def copy_case(source: Path, folder: Path) -> Path:
    """A copy to write the chart into: the benchmark case itself stays as it is."""
    out = folder / "chart-bench.osintcase"
    with sqlite3.connect(source) as src, sqlite3.connect(out) as dst:
        src.backup(dst)
    return out


def save_chart_of_every_card(case: Path) -> tuple[str, int, int]:
    from osint_desk.core.chart.state import ChartState
    from osint_desk.core.graph import load_graph
    from osint_desk.core.store import CaseStore

    store = CaseStore.open(case)
    try:
        graph = load_graph(store)
        side = int(len(graph.nodes) ** 0.5) + 1
        grid = {card: ((n % side) * 140.0, (n // side) * 140.0)
                for n, card in enumerate(sorted(graph.nodes))}
        chart = store.charts.create("Every card", ChartState().with_cards(grid))
        return chart.id, len(graph.nodes), len(graph.links)
    finally:
        store.close()


class ChartBench(WindowBench):
    size = SIZE

    def __init__(self, case: Path, chart_id: str, home: Path) -> None:
        super().__init__(case, home)
        self.chart_id = chart_id

    # -- the actions ------------------------------------------------------------------------

    def script(self) -> Script:
        from osint_desk.ui.chart.view import ChartView

        yield from self.action("idle (probe baseline, 0.5 s)", lambda row: iter([500]))
        holder: dict[str, ChartView] = {}

        def open_chart(row: dict[str, Any]) -> Script:
            view = self.window.tabs.open("chart", self.chart_id)
            assert isinstance(view, ChartView)
            holder["view"] = view
            while view.busy() or view._fit_pending:
                yield 5
            row["items"] = len(view.scene.nodes) + len(view.scene.links)

        yield from self.action("open the chart (2,000 cards, 5,000 links)", open_chart)
        view = holder["view"]

        def layout(row: dict[str, Any]) -> Script:
            began = time.perf_counter()
            assert view.lay_out("force")
            while view.layout_running:
                yield 5
            row["layout_s"] = time.perf_counter() - began
            while view.busy():
                yield 5

        yield from self.action("force layout on the task runner", layout)

        def pan(row: dict[str, Any]) -> Script:
            canvas = view.canvas
            bars = (canvas.horizontalScrollBar(), canvas.verticalScrollBar())
            for number in range(120):
                bar = bars[number // 60]
                bar.setValue(bar.value() + 40)
                yield 16

        yield from self.action("pan (120 steps of 40 px)", pan)

        def zoom(row: dict[str, Any]) -> Script:
            for factor, steps in ((1.25, 12), (0.8, 24)):
                for _ in range(steps):
                    view.canvas.zoom_by(factor)
                    yield 30

        yield from self.action("zoom (12 steps in, 24 out)", zoom)
        yield from self.repaint(view)

    def repaint(self, view: Any) -> Script:
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QPainter, QPen
        from PySide6.QtWidgets import QGraphicsScene, QGraphicsView

        view.canvas.fit()
        yield 100
        chart_ms = self._repaint_ms(view.canvas)
        plain = QGraphicsScene()
        pen = QPen(Qt.GlobalColor.gray)
        nodes = view.scene.nodes
        for link in view.scene.links.values():
            a, b = link.source.pos(), link.target.pos()
            plain.addLine(a.x(), a.y(), b.x(), b.y(), pen)
        for item in nodes.values():
            p = item.pos()
            plain.addEllipse(p.x() - 18, p.y() - 18, 36, 36, pen, Qt.GlobalColor.darkCyan)
        other = QGraphicsView(plain)
        other.setRenderHints(QPainter.RenderHint.Antialiasing)
        other.resize(view.canvas.size())
        other.show()
        other.fitInView(view.scene.content_rect(), Qt.AspectRatioMode.KeepAspectRatio)
        yield 100
        plain_ms = self._repaint_ms(other)
        other.close()
        row = {"action": "full repaint at fit", "chart_ms": chart_ms, "plain_ms": plain_ms,
               "viewport": [view.canvas.viewport().width(), view.canvas.viewport().height()]}
        self.rows.append(row)
        print(f"  full repaint at fit ({row['viewport'][0]}×{row['viewport'][1]}):"
              f" {chart_ms:.0f} ms, plain items {plain_ms:.0f} ms,"
              f" ratio {chart_ms / max(plain_ms, 0.001):.1f}×", flush=True)

    @staticmethod
    def _repaint_ms(widget: Any) -> float:
        times = []
        for _ in range(5):
            began = time.perf_counter()
            widget.viewport().repaint()
            times.append((time.perf_counter() - began) * 1000)
        return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("case", nargs="?", type=Path, default=None)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    case = args.case or gui_case_paths(DEFAULT_CASE)[0]
    if not case.exists():
        parser.error(f"{case} does not exist; run benchmarks/bench_gui_large.py once first")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="bench-chart-") as folder:
        began = time.perf_counter()
        copy = copy_case(case, Path(folder))
        chart_id, cards, links = save_chart_of_every_card(copy)
        print(f"# {cards} cards, {links} links (copied and charted in"
              f" {time.perf_counter() - began:.1f} s); platform"
              f" {os.environ['QT_QPA_PLATFORM']}; load {os.getloadavg()[0]:.2f}", flush=True)
        home = Path(folder) / "home"
        home.mkdir()
        bench = ChartBench(copy, chart_id, home)
        bench.build()
        bench.run()
    rows = bench.rows
    layout = next(r for r in rows if "layout_s" in r)["layout_s"]
    # The stalls: during the layout, panning and zooming (opening is reported above).
    stalls = [r["max_stall_ms"] for r in rows
              if r.get("action", "").startswith(("force layout", "pan", "zoom"))]
    paint = rows[-1]["chart_ms"]
    print(f"layout {layout:.2f} s (target ≤ {TARGET_LAYOUT_S:.0f} s); longest stall during"
          f" layout, pan and zoom {max(stalls):.0f} ms (target ≤ {TARGET_STALL_MS:.0f});"
          f" repaint {paint:.0f} ms (target ≤ {TARGET_PAINT_MS:.0f})")
    if args.json:
        args.json.write_text(json.dumps({"cards": cards, "links": links, "rows": rows},
                                        indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
