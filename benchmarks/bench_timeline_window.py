"""The timeline of the 100,000-excerpt case in the real window (issue 14).

    python benchmarks/bench_timeline_window.py [CASE] [--size 1280x800] [--json OUT.json]
    xvfb-run -a -s "-screen 0 1920x1080x24" env QT_QPA_PLATFORM=xcb \\
        python benchmarks/bench_timeline_window.py

CASE defaults to ``benchmarks/data/bench-10000x100000-s1-timeline.osintcase`` (made by
``bench_timeline.py``: 100,000 dated excerpts over 1995-2024, 5,000 relationship periods,
1,000 listings, 116,104 items in all, 2,000 cards). It is opened read-only. The window is
built as ``osint_desk.ui.app.run_gui`` builds it (1280×800, or ``--size``) and, from its
event loop, one step per timer callback, while a 5 ms precise timer records how late each
tick comes (``bench_gui_large.Probe``: the GUI thread's latency, what a click would wait):

1. **open** ``View → Timeline``: the time until the first picture of the case is drawn (the
   sketch of the first read: every dated excerpt placed in its lanes, drawn as counts —
   target ≤ 2 s) and until every item is ready (hover, click, labels when zoomed in); both
   reads run on the task runner;
2. **zoom** with the wheel around a point: 12 steps in and 24 out, 30 ms apart, from the
   whole 30 years (lanes drawn as counts) to a few months (items one by one, labelled);
3. **pan**: 120 steps of 40 px across, 16 ms apart, then 60 down the lanes;
4. **zoom deep**: to one day (hours on the axis) and back out to the whole;
5. **filter**: kind "Event (excerpt)" only, then all again (re-arranged on the runner);
6. **full repaint** (``viewport().repaint()``, synchronous), median of 5: at fit and at one
   year across.

Each action's stall is the lateness of the probe's ticks during it and 150 ms after it: max
and 95th percentile. Target (issue 14): every stall after opening ≤ 100 ms.
"""

from __future__ import annotations

import argparse
import json
import os
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

from bench_gui_large import WindowBench  # noqa: E402

Script = Iterator[int]  # milliseconds to wait before the next step
SIZE = (1280, 800)
DEFAULT_CASE = HERE / "data" / "bench-10000x100000-s1-timeline.osintcase"
TARGET_OPEN_S, TARGET_STALL_MS = 2.0, 100.0


class TimelineBench(WindowBench):
    read_only = True

    def __init__(self, case: Path, home: Path, size: tuple[int, int] = SIZE) -> None:
        super().__init__(case, home)
        self.size = size

    # -- the actions ------------------------------------------------------------------------

    def script(self) -> Script:
        from osint_desk.ui.timeline import axis
        from osint_desk.ui.timeline.view import TimelineView

        yield from self.action("idle (probe baseline, 0.5 s)", lambda row: iter([500]))
        holder: dict[str, TimelineView] = {}

        def open_view(row: dict[str, Any]) -> Script:
            began = time.perf_counter()
            self.window.timeline_action.trigger()
            view = self.window.tabs.currentWidget()
            assert isinstance(view, TimelineView)
            holder["view"] = view
            painted = [0]
            original = view.canvas.paintEvent

            def counting(event: Any) -> None:
                original(event)
                if view.index is not None:
                    painted[0] += 1
                    if "drawn_ms" not in row and view.canvas.picture.hits:
                        row["drawn_ms"] = (time.perf_counter() - began) * 1000
                        row["drawn_as"] = "sketch" if not view.index.complete else "items"
                        row["marks"] = len(view.canvas.picture.hits)

            view.canvas.paintEvent = counting  # type: ignore[method-assign]
            while view.index is None or not view.index.complete:
                yield 10  # polls (Python on the GUI thread) kept rare: they slow the read
            row["items_ms"] = (time.perf_counter() - began) * 1000
            while view.busy() or not painted[0]:
                yield 10
            row["wall_ms"] = (time.perf_counter() - began) * 1000
            view.canvas.paintEvent = original  # type: ignore[method-assign]
            assert view.index is not None
            row["items"] = len(view.index.items)
            row["lanes"] = len(view.index.lanes)
            print(f"  drawn ({row['drawn_as']}, {row['marks']} marks) after"
                  f" {row['drawn_ms']:.0f} ms, every item"
                  f" ready after {row['items_ms']:.0f} ms", flush=True)

        yield from self.action("open the timeline until drawn", open_view)
        view = holder["view"]
        canvas = view.canvas
        x = canvas.viewport().width() * 0.6

        def zoom(row: dict[str, Any]) -> Script:
            for factor, steps in ((1.25, 12), (0.8, 24)):
                for _ in range(steps):
                    canvas.zoom_by(factor, x)
                    yield 30

        canvas.fit()
        yield 100
        yield from self.action("zoom (12 wheel steps in, 24 out)", zoom)

        def pan(row: dict[str, Any]) -> Script:
            canvas.zoom_by(1.25 ** 6, x)  # about 8 years across
            for _ in range(120):
                canvas.pan_px(40)
                yield 16
            bar = canvas.verticalScrollBar()
            for _ in range(60):
                bar.setValue(bar.value() + 40)
                yield 16

        yield from self.action("pan (120 steps of 40 px, 60 down)", pan)

        def deep(row: dict[str, Any]) -> Script:
            canvas.verticalScrollBar().setValue(0)
            middle = sum(canvas.visible_span()) / 2
            canvas.show_span(middle - 2 * axis.YEAR, middle + 2 * axis.YEAR)
            yield 30
            while canvas.visible_span()[1] - canvas.visible_span()[0] > axis.DAY:
                canvas.zoom_by(1.6, x)
                yield 30
            row["unit at the deepest"] = axis.step_for(canvas.px_per_s)[0]
            while canvas.visible_span()[1] - canvas.visible_span()[0] < 25 * axis.YEAR:
                canvas.zoom_by(1 / 1.6, x)
                yield 30

        yield from self.action("zoom deep (to a day and out again)", deep)

        def filtering(row: dict[str, Any]) -> Script:
            from osint_desk.core.timeline import ItemKind

            view.toolbar.kinds.set_only([ItemKind.EXCERPT_EVENT])
            while view.busy():
                yield 5
            row["items"] = len(view.index.items) if view.index else 0
            view.toolbar.clear_filters()
            while view.busy():
                yield 5

        yield from self.action("filter (excerpts only, then all)", filtering)
        canvas.fit()
        yield 100
        fit_ms = self._repaint_ms(canvas)
        middle = sum(canvas.visible_span()) / 2
        canvas.show_span(middle - axis.YEAR / 2, middle + axis.YEAR / 2)
        yield 100
        year_ms = self._repaint_ms(canvas)
        row = {"action": "full repaint", "fit_ms": fit_ms, "one_year_ms": year_ms,
               "viewport": [canvas.viewport().width(), canvas.viewport().height()]}
        self.rows.append(row)
        print(f"  full repaint ({row['viewport'][0]}×{row['viewport'][1]}): at fit"
              f" {fit_ms:.0f} ms, one year across {year_ms:.0f} ms", flush=True)

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
    parser.add_argument("case", nargs="?", type=Path, default=DEFAULT_CASE)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--size", default="1280x800", help="the window, WIDTHxHEIGHT")
    args = parser.parse_args(argv)
    width, _x, height = args.size.partition("x")
    if not args.case.exists():
        parser.error(f"{args.case} does not exist; run benchmarks/bench_timeline.py once")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    print(f"# {args.case.name}; platform {os.environ['QT_QPA_PLATFORM']};"
          f" load {os.getloadavg()[0]:.2f}", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-timeline-") as folder:
        home = Path(folder) / "home"
        home.mkdir()
        bench = TimelineBench(args.case, home, (int(width), int(height)))
        bench.build()
        bench.run()
    rows = bench.rows
    opened = next(r for r in rows if r["action"].startswith("open"))
    stalls = [r["max_stall_ms"] for r in rows
              if "max_stall_ms" in r and not r["action"].startswith(("open", "idle"))]
    print(f"open: drawn after {opened['drawn_ms'] / 1000:.2f} s (as {opened['drawn_as']};"
          f" target ≤ {TARGET_OPEN_S:.0f} s), every item after"
          f" {opened['items_ms'] / 1000:.2f} s;"
          f" longest stall after opening {max(stalls):.0f} ms (target ≤"
          f" {TARGET_STALL_MS:.0f})")
    if args.json:
        args.json.write_text(json.dumps({"rows": rows}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
