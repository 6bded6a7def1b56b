"""The map of a case with 5,000 located cards in the real window (issue 14).

    python benchmarks/bench_map_window.py [--cards 5000] [--json OUT.json]
    xvfb-run -a -s "-screen 0 1920x1080x24" python benchmarks/bench_map_window.py   # xcb

A temporary case is made with N cards (Address, Company, Person, Event, Organization in turn)
placed at random (seeded) over the inhabited latitudes, each with a country, and 2,000
relationships between them. First, off the window: the basemap's decode (``decode_basemap``
of the shipped TopoJSON, cold) and its projection into painter paths (``project_basemap``, what
the view's load does on the task runner). Then the window is built as ``run_gui`` builds it
(1280×800) and, from its event loop, one step per timer callback, while a 5 ms precise timer
records how late each tick comes (``bench_gui_large.Probe``: the GUI thread's latency):

1. **open** View → Map (the load on the task runner, the first drawing, the fit);
2. **pan** at the world view: 120 scroll steps of 40 px, 16 ms apart;
3. **zoom** about the centre: 16 wheel steps in and 16 out, 30 ms apart (clusters remade);
4. **pan close in** (zoomed on Europe, full-detail outlines): 120 steps;
5. **zoom with arcs** shown: 8 in, 8 out;
6. **full repaint at fit** (``viewport().repaint()``, synchronous), median of 5.

Each action's stall is the lateness of the probe's ticks during it and 150 ms after it: max and
95th percentile. Target (issue 14): every stall while panning and zooming ≤ 100 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(HERE.parent))

from bench_gui_large import WindowBench  # noqa: E402

Script = Iterator[int]
SIZE = (1280, 800)
TARGET_STALL_MS = 100.0
TYPES = ("Address", "Company", "Person", "Event", "Organization")
COUNTRIES = ("ru", "ua", "us", "kp", "gb", "fr", "de", "cn", "br", "za", "in", "au")


def make_case(path: Path, cards: int, links: int, seed: int = 14) -> None:
    from osint_desk.core.store import CaseStore

    rng = random.Random(seed)
    with CaseStore.create(path, "Map benchmark", actor="bench") as store, store.transaction():
        ids = []
        for number in range(cards):
            attributes = {"latitude": f"{rng.uniform(-55, 70):.5f}",
                          "longitude": f"{rng.uniform(-170, 175):.5f}",
                          "country": COUNTRIES[number % len(COUNTRIES)]}
            ids.append(store.entities.add(TYPES[number % len(TYPES)], f"Place {number}",
                                          attributes=attributes).id)
        for _ in range(links):
            a, b = rng.sample(ids, 2)
            store.relationships.add(a, "linked to", b)


def basemap_figures() -> dict[str, float]:
    from osint_desk.core.geo.basemap import basemap_path, decode_basemap
    from osint_desk.ui.map.load_job import project_basemap

    data = basemap_path().read_bytes()
    began = time.perf_counter()
    basemap = decode_basemap(data)
    decoded = time.perf_counter() - began
    began = time.perf_counter()
    project_basemap(basemap)
    projected = time.perf_counter() - began
    return {"decode_s": decoded, "project_s": projected, "countries": len(basemap),
            "points": sum(c.point_count for c in basemap)}


class MapBench(WindowBench):
    size = SIZE

    def script(self) -> Script:
        from PySide6.QtCore import QPointF

        from osint_desk.ui.map.view import MapView

        yield from self.action("idle (probe baseline, 0.5 s)", lambda row: iter([500]))
        holder: dict[str, MapView] = {}

        def open_map(row: dict[str, Any]) -> Script:
            self.window.map_action.trigger()
            view = self.window.tabs.currentWidget()
            assert isinstance(view, MapView)
            holder["view"] = view
            while view.busy() or view._fit_pending:
                yield 5
            row["markers"] = len(view.markers.cards) if view.markers else 0

        yield from self.action("open the map", open_map)
        view = holder["view"]
        canvas = view.canvas

        def pan(row: dict[str, Any]) -> Script:
            bars = (canvas.horizontalScrollBar(), canvas.verticalScrollBar())
            for number in range(120):
                bar = bars[number // 60]
                bar.setValue(bar.value() + (40 if number % 120 < 30 or 60 <= number < 90
                                            else -40))
                yield 16

        def zoom(steps: int) -> Callable[[dict[str, Any]], Script]:
            def body(row: dict[str, Any]) -> Script:
                for factor in (1.25, 0.8):
                    for _ in range(steps):
                        canvas.zoom_by(factor)
                        yield 30
            return body

        canvas.fit()
        yield 100
        yield from self.action("pan at the world view (120 steps of 40 px)", pan)
        yield from self.action("zoom (16 steps in, 16 out)", zoom(16))
        canvas.show_rect(canvas.mapToScene(canvas.viewport().rect()).boundingRect())
        from osint_desk.core.geo.projection import DEFAULT_PROJECTION

        x, y = DEFAULT_PROJECTION.forward(15.0, 50.0)
        canvas.zoom_by(24.0 / canvas.zoom())
        canvas.centerOn(QPointF(x, y))
        yield 200
        yield from self.action("pan close in on Europe (120 steps)", pan)
        canvas.fit()
        view.filters.arcs.setChecked(True)
        yield 200
        yield from self.action("zoom with 2,000 arcs (8 in, 8 out)", zoom(8))
        canvas.fit()
        yield 100
        times = []
        for _ in range(5):
            began = time.perf_counter()
            canvas.viewport().repaint()
            times.append((time.perf_counter() - began) * 1000)
        row = {"action": "full repaint at fit", "paint_ms": statistics.median(times)}
        self.rows.append(row)
        print(f"  full repaint at fit (with arcs): {row['paint_ms']:.0f} ms", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=5000)
    parser.add_argument("--links", type=int, default=2000)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    figures = basemap_figures()
    print(f"# basemap: decode {figures['decode_s'] * 1000:.0f} ms, projection into paths"
          f" {figures['project_s'] * 1000:.0f} ms ({figures['countries']:.0f} countries,"
          f" {figures['points']:.0f} points)", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-map-") as folder:
        case = Path(folder) / "map-bench.osintcase"
        began = time.perf_counter()
        make_case(case, args.cards, args.links)
        print(f"# {args.cards} located cards, {args.links} links (made in"
              f" {time.perf_counter() - began:.1f} s); platform"
              f" {os.environ['QT_QPA_PLATFORM']}; load {os.getloadavg()[0]:.2f}", flush=True)
        home = Path(folder) / "home"
        home.mkdir()
        bench = MapBench(case, home)
        bench.build()
        bench.run()
    rows = bench.rows
    opened = next(r for r in rows if r["action"] == "open the map")
    stalls = [r["max_stall_ms"] for r in rows
              if r["action"].startswith(("pan", "zoom"))]
    print(f"open {opened['wall_ms']:.0f} ms ({opened.get('markers', 0)} markers); longest"
          f" stall while panning and zooming {max(stalls):.0f} ms (target ≤"
          f" {TARGET_STALL_MS:.0f}); basemap decode {figures['decode_s'] * 1000:.0f} ms")
    if args.json:
        args.json.write_text(json.dumps({"basemap": figures, "rows": rows}, indent=1),
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
