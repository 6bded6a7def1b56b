"""GUI benchmarks on the large synthetic case: start-up, GUI-thread stalls, peak memory.

    python benchmarks/bench_gui_large.py [CASE] [--launch-runs 5] [--no-launch]
                                         [--queries LABEL ...] [--json OUT.json]

CASE is a case written by ``generate_case.py`` (default: the 10,000-source / 100,000-excerpt
case, ``benchmarks/data/bench-10000x100000-s1.osintcase``). That generator makes sources,
excerpts and cards only, so on first use this script copies CASE (SQLite's backup API) to
``<CASE stem>-gui.osintcase`` and adds, through the store API and from a seeded
``random.Random``, what the navigator and the card view show: every excerpt linked to 1–3
cards (Zipf-weighted, "Wagner Group" first, so one card is mentioned by thousands of excerpts),
5,000 relationships with 1–3 evidence excerpts, 1,000 sanctions records and 120 tags on
about 19,000 records. The copy is made in a child process, so its memory is not counted here;
a ``.json`` beside it names the two largest sources and the two busiest cards.

Three measurements:

1. **Start to interactive** (fresh processes): ``python -m osint_desk open CASE`` through the
   real command line (``osint_desk.cli.main``), with a hook that, once ``MainWindow.show()``
   has returned, posts a zero-timer; when it fires (window shown, event loop idle) the child
   reports the time since the parent spawned it (``time.time()`` on both sides), its CPU time
   (user + system) and its peak RSS, and quits. One warm-up run, then ``--launch-runs`` runs;
   the medians are reported. When ``osint_desk/ui/app.py`` has the
   ``OSINT_DESK_QUIT_WHEN_SHOWN`` hook, the plain command is timed as well, from spawn to exit.
2. **GUI-thread stalls** (this process, the real widgets): the app is built as
   ``osint_desk.ui.app.run_gui`` builds it, then a script of user actions runs from the event
   loop, one step per timer callback, while a 5 ms ``Qt.PreciseTimer`` records how late each
   tick is. An action's stall is the lateness of the ticks during it (and during 150 ms after
   it, so deferred work counts): its max and 95th percentile. The actions: scroll every
   navigator list to the end (``scrollToBottom`` after each page, so the views call
   ``fetchMore`` as a user's scrolling does; the cards one type at a time, the others
   collapsed), open the largest source in the reader (the first reader of the process: it
   pays for importing the reader) and scroll it to the end, open the second largest, open the
   second busiest card (the first card: it pays for importing the card view) and then the
   busiest, scroll its page and its excerpt and source lists to the end, and quick search
   (Ctrl+K dialog) for the queries of ``query_mix.py``, typed one key every 150 ms (slower than
   the 120 ms debounce, so every prefix is searched, as when a person types).
3. **Peak RSS** of this process after all of that (``getrusage`` ``ru_maxrss``).

Targets (issue 9): start to interactive <= 2 s, every action's longest stall <= 100 ms, peak
RSS <= 300 MB. Run it under ``QT_QPA_PLATFORM=offscreen`` or under X (``xvfb-run -a``).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(ROOT))

DEFAULT_CASE = HERE / "data" / "bench-10000x100000-s1.osintcase"
TARGET_LAUNCH_S = 2.0
TARGET_STALL_MS = 100.0
TARGET_RSS_MB = 300.0
PROBE_MS = 5
SETTLE_MS = 150  # after an action: deferred work (timers, layouts, paints) still counts
TYPE_GAP_MS = 150  # between key presses in quick search
MAX_STEPS = 5000  # per scrolling action, a guard against a list that never ends


def p95(values: list[float]) -> float:
    """95th percentile, nearest rank."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


# -- the case for the GUI ----------------------------------------------------------------------


def gui_case_paths(base: Path) -> tuple[Path, Path]:
    case = base.with_name(f"{base.stem}-gui{base.suffix}")
    return case, case.with_suffix(".json")


def _zipf_weights(count: int) -> list[float]:
    return [(rank + 2.7) ** -1.07 for rank in range(1, count + 1)]


def prepare(base: Path, out: Path, info_path: Path, seed: int = 9) -> None:
    """Copy the generated case and add links, relationships, sanctions and tags."""
    import random

    from osint_desk.core.store import CaseStore

    started = time.perf_counter()
    partial = out.with_name(out.stem + ".partial" + out.suffix)
    partial.unlink(missing_ok=True)
    with CaseStore.open(base, read_only=True) as source:
        source.backup_to(partial)
    rng = random.Random(seed)
    with CaseStore.open(partial, actor="benchmark") as store:
        cards = store.entities.list()
        cards.sort(key=lambda card: (card.name != "Wagner Group", card.id))
        wagner, rest = cards[0], cards[1:]
        rng.shuffle(rest)
        ranked = [wagner, *rest]  # Zipf rank order: the planted card is mentioned most
        weights = _zipf_weights(len(ranked))
        excerpts = store.excerpts.list()
        print(f"copied in {time.perf_counter() - started:.0f} s; linking {len(excerpts):,}"
              f" excerpts to {len(ranked):,} cards", flush=True)
        for start in range(0, len(excerpts), 5000):
            with store.transaction():
                for excerpt in excerpts[start:start + 5000]:
                    wanted = rng.choices((1, 2, 3), weights=(6, 3, 1))[0]
                    chosen: set[int] = set()
                    while len(chosen) < wanted:
                        chosen.add(rng.choices(range(len(ranked)), weights=weights)[0])
                    for number in sorted(chosen):
                        store.excerpts.link_entity(excerpt.id, ranked[number].id)
        predicates = ["supplied", "funded", "owns", "associate of", "paid", "met",
                      "director of", "member of", "employee of", "denied"]
        relationships = []
        with store.transaction():
            for _ in range(5000):
                subject, obj = rng.choices(ranked, weights=weights, k=2)
                if subject.id == obj.id:
                    obj = rng.choice(ranked)
                    if subject.id == obj.id:
                        continue
                evidence = [(e.id, "contradicts" if rng.random() < 0.1 else "supports")
                            for e in rng.sample(excerpts, rng.randint(1, 3))]
                relationships.append(store.relationships.add(
                    subject.id, rng.choice(predicates), obj.id, confidence=rng.randint(10, 95),
                    evidence=evidence, note="Assessed from the cited statements."))
        authorities = [("OFAC", "SDN", ["RUSSIA-EO14024", "UKRAINE-EO13660", "DPRK3"]),
                       ("EU", "EU consolidated", ["RUS", "UKR"]),
                       ("UK", "UK sanctions list", ["Russia"]),
                       ("UN", "UN consolidated", ["DPRK"])]
        sanctions = []
        with store.transaction():
            for number in range(1000):
                card = rng.choices(ranked[:600], weights=weights[:600])[0]
                authority, list_name, programs = rng.choice(authorities)
                delisted = rng.random() < 0.1
                sanctions.append(store.sanctions.add(
                    card.id, authority, list_name=list_name,
                    programs=rng.sample(programs, rng.randint(1, len(programs))),
                    entry_ref=f"{authority[:2]}-{number:05d}", listed_name=card.name,
                    listed_on=f"20{rng.randint(14, 24)}-{rng.randint(1, 12):02d}",
                    delisted_on="2025-01" if delisted else None,
                    status="delisted" if delisted else "active",
                    evidence=[(rng.choice(excerpts).id, "supports")]))
        words = ["priority", "to verify", "shipping", "finance", "arms", "denial",
                 "statement", "leak", "court", "procurement", "logistics", "propaganda"]
        tag_names = [f"{rng.choice(words)} {number:03d}" for number in range(120)]
        tag_weights = _zipf_weights(len(tag_names))
        targets: list[tuple[str, list[str], int]] = [
            ("source", [s.id for s in store.sources.list(limit=-1)], 6000),
            ("excerpt", [e.id for e in excerpts], 10000),
            ("entity", [c.id for c in ranked], 1500),
            ("relationship", [r.id for r in relationships], 1000),
            ("sanction", [s.id for s in sanctions], 300)]
        with store.transaction():
            for kind, ids, count in targets:
                for target in rng.sample(ids, min(count, len(ids))):
                    store.tags.tag(kind, target, rng.choices(tag_names, weights=tag_weights)[0])
    partial.rename(out)
    describe(out, info_path, {"base": str(base), "seed": seed})
    print(f"wrote {out} in {time.perf_counter() - started:.0f} s")


def describe(case: Path, info_path: Path, extra: dict[str, Any]) -> None:
    """The two largest sources and the two busiest cards, and the counts, as JSON."""
    from osint_desk.core.store import CaseStore

    with CaseStore.open(case, read_only=True) as store:
        conn = store._ctx.conn  # read-only ranking, outside the store's API on purpose
        largest = [row[0] for row in conn.execute(
            "SELECT public_id FROM sources WHERE deleted_at IS NULL"
            " ORDER BY length(text) DESC, id LIMIT 2")]
        busiest = [row[0] for row in conn.execute(
            "SELECT e.public_id FROM mentions m JOIN entities e ON e.id = m.entity_id"
            " GROUP BY e.id ORDER BY count(*) DESC, e.id LIMIT 2")]
        taggings = conn.execute("SELECT count(*) FROM taggings").fetchone()[0]
        mentions = conn.execute("SELECT count(*) FROM mentions").fetchone()[0]
        sources = [store.sources.get(source_id) for source_id in largest]
        info = {
            **extra,
            "largest_sources": [{"id": source.id, "title": source.title,
                                 "chars": len(source.text),
                                 "excerpts": len(store.excerpts.for_source(source.id))}
                                for source in sources],
            "busiest_cards": [],
            "counts": {"mentions": mentions, "taggings": taggings,
                       **dataclasses.asdict(store.counts())},
        }
        for entity_id in busiest:
            pairs = store.excerpts.ids_of_entity(entity_id)
            info["busiest_cards"].append({
                "id": entity_id, "name": store.entities.get(entity_id).name,
                "excerpts": len(pairs), "sources": len({source for _e, source in pairs}),
                "relationships": len(store.relationships.of_entity(entity_id))})
    info_path.write_text(json.dumps(info, indent=2, ensure_ascii=False) + "\n")
    print(f"described {case.name}: {json.dumps(info['counts'])}")


# -- 1. start to interactive, in fresh processes -----------------------------------------------


def launch_child(case: Path) -> int:
    """``osint-desk open CASE`` as typed, quitting at the first zero-timer after show()."""
    t0 = float(os.environ["BENCH_T0"])
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from osint_desk import cli
    from osint_desk.ui.main_window import MainWindow

    original_show = MainWindow.show

    def report() -> None:
        app = QApplication.instance()
        print(json.dumps({"interactive_s": time.time() - t0, "cpu_s": cpu_s(),
                          "rss_mb": peak_rss_mb(),
                          "platform": app.platformName() if app else ""}), flush=True)
        if app is not None:
            app.quit()

    def show_then_report(self: MainWindow) -> None:
        original_show(self)
        QTimer.singleShot(0, report)

    MainWindow.show = show_then_report  # type: ignore[method-assign]
    return int(cli.main(["open", str(case)]))


def launch_runs(case: Path, runs: int) -> dict[str, Any]:
    results: list[dict[str, Any]] = []
    plain: list[dict[str, float]] = []
    hook = "OSINT_DESK_QUIT_WHEN_SHOWN" in (ROOT / "osint_desk" / "ui" / "app.py").read_text()
    with tempfile.TemporaryDirectory(prefix="bench-gui-home-") as home:
        for number in range(runs + 1):  # the first is a warm-up (page cache, .pyc files)
            env = {**os.environ, "OSINT_DESK_HOME": str(Path(home) / f"run{number}"),
                   "BENCH_T0": repr(time.time())}
            done = subprocess.run([sys.executable, __file__, "--launch-child", str(case)],
                                  env=env, capture_output=True, text=True, check=False)
            lines = [ln for ln in done.stdout.splitlines() if ln.startswith("{")]
            if done.returncode != 0 or not lines:
                raise SystemExit(f"launch run failed ({done.returncode}):\n{done.stderr}")
            result = json.loads(lines[-1])
            print(f"  launch {'warm-up' if number == 0 else number}: "
                  f"{result['interactive_s']:.2f} s wall, {result['cpu_s']:.2f} s CPU,"
                  f" {result['rss_mb']:.0f} MB", flush=True)
            if number:
                results.append(result)
            if hook and number:
                env = {**env, "OSINT_DESK_QUIT_WHEN_SHOWN": "1",
                       "OSINT_DESK_HOME": str(Path(home) / f"plain{number}")}
                began = time.perf_counter()
                child = subprocess.Popen([sys.executable, "-m", "osint_desk", "open", str(case)],
                                         env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                                         stderr=subprocess.DEVNULL)
                _pid, status, usage = os.wait4(child.pid, 0)
                child.returncode = os.waitstatus_to_exitcode(status)
                plain.append({"wall_s": time.perf_counter() - began,
                              "cpu_s": usage.ru_utime + usage.ru_stime,
                              "rss_mb": usage.ru_maxrss / 1024,
                              "returncode": child.returncode})
    summary: dict[str, Any] = {
        "runs": results, "platform": results[0]["platform"],
        "median_wall_s": statistics.median(r["interactive_s"] for r in results),
        "median_cpu_s": statistics.median(r["cpu_s"] for r in results),
        "max_wall_s": max(r["interactive_s"] for r in results),
        "median_rss_mb": statistics.median(r["rss_mb"] for r in results),
    }
    if plain:
        summary["plain_command"] = {
            "runs": plain, "median_wall_s": statistics.median(r["wall_s"] for r in plain),
            "median_cpu_s": statistics.median(r["cpu_s"] for r in plain)}
    return summary


# -- 2. stalls while a user works, in this process ---------------------------------------------


class Probe:
    """A 5 ms precise timer; how late each tick comes is the GUI thread's latency."""

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(PROBE_MS)
        self.timer.timeout.connect(self._tick)
        self.label: str | None = None
        self.samples: dict[str, list[float]] = {}
        self._last = 0.0

    def start(self) -> None:
        self._last = time.perf_counter()
        self.timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        if self.label is not None:
            self.samples[self.label].append(max(0.0, (now - self._last) * 1000 - PROBE_MS))
        self._last = now

    def begin(self, label: str) -> None:
        self.label = label
        self.samples[label] = []

    def end(self) -> None:
        self.label = None


Script = Iterator[int]  # each item: milliseconds to wait before the next step


class WindowBench:
    """Builds the window as ``run_gui`` does, opens *case*, and runs ``script()`` — the user's
    actions, one step per timer callback — from its event loop under the ``Probe``. The
    chart, timeline and map benchmarks subclass it with their own ``script``."""

    size: tuple[int, int] | None = None  # the window's size; None: as the window chooses
    read_only = False  # open the case read-only (a benchmark that only reads it)
    shown = ("items", "lanes", "note")  # row fields printed after an action's figures

    def __init__(self, case: Path, home: Path) -> None:
        self.case, self.home = case, home
        self.rows: list[dict[str, Any]] = []
        self.startup: dict[str, float] = {}
        self.error: BaseException | None = None

    # -- the app, as run_gui makes it ---------------------------------------------------

    def build(self) -> None:
        began, cpu0 = time.perf_counter(), cpu_s()
        os.environ["OSINT_DESK_HOME"] = str(self.home)
        from PySide6.QtWidgets import QApplication

        from osint_desk import __version__
        from osint_desk.ui.app import prepare_interpreter
        from osint_desk.ui.main_window import MainWindow
        from osint_desk.ui.settings import AppSettings
        from osint_desk.ui.theme import apply_theme

        prepare_interpreter()
        app = QApplication.instance() or QApplication([sys.argv[0]])
        assert isinstance(app, QApplication)
        app.setApplicationName("OSINT Desk")
        app.setApplicationVersion(__version__)
        app.setOrganizationName("OSINT Desk")
        settings = AppSettings()
        apply_theme(app, settings.theme())
        self.app = app
        self.window = MainWindow(settings)
        if self.size is not None:
            self.window.resize(*self.size)
        if not self.window.open_case(self.case, read_only=self.read_only):
            raise SystemExit(f"cannot open {self.case}")
        self.window.show()
        self.startup = {"built_s": time.perf_counter() - began, "cpu_s": cpu_s() - cpu0,
                        "t0": began}
        self.probe = Probe()

    def run(self) -> None:
        from PySide6.QtCore import QTimer

        script = self.script()

        def step() -> None:
            try:
                delay = next(script)
            except StopIteration:
                self.app.quit()
                return
            except BaseException as exc:  # reported after the loop ends
                self.error = exc
                self.app.quit()
                return
            QTimer.singleShot(max(0, delay), step)

        def interactive() -> None:
            self.startup["interactive_s"] = time.perf_counter() - self.startup["t0"]
            self.probe.start()
            QTimer.singleShot(300, step)

        QTimer.singleShot(0, interactive)
        self.app.exec()
        self.probe.timer.stop()
        if self.error is not None:
            raise self.error
        self.window.close()

    # -- actions ------------------------------------------------------------------------

    def action(self, label: str, body: Callable[[dict[str, Any]], Script]) -> Script:
        """Run ``body`` under the probe; its wall time ends when it says it is done."""
        row: dict[str, Any] = {"action": label}
        self.probe.begin(label)
        began = time.perf_counter()
        yield from body(row)
        row.setdefault("wall_ms", (time.perf_counter() - began) * 1000)
        yield SETTLE_MS
        self.probe.end()
        samples = self.probe.samples[label]
        row["max_stall_ms"] = max(samples, default=0.0)
        row["p95_stall_ms"] = p95(samples)
        row["ticks"] = len(samples)
        self.rows.append(row)
        extra = "".join(f", {key} {row[key]}" for key in self.shown if key in row)
        print(f"  {label}: max stall {row['max_stall_ms']:.0f} ms, p95"
              f" {row['p95_stall_ms']:.0f} ms, wall {row['wall_ms']:.0f} ms{extra}",
              flush=True)
        yield 200  # idle between actions

    def script(self) -> Script:
        raise NotImplementedError


class Bench(WindowBench):
    """The navigator, sources, cards and search of the large case."""

    def __init__(self, case: Path, info: dict[str, Any], queries: list[tuple[str, str]],
                 home: Path) -> None:
        super().__init__(case, home)
        self.info, self.queries = info, queries

    def script(self) -> Script:
        navigator = self.window.navigator
        yield from self.action("idle (probe baseline, 0.5 s)", lambda row: iter([500]))
        for kind in ("source", "relationship", "sanction", "tag"):
            view = navigator.show_section(kind)
            yield 100
            title = navigator.section_title(kind)
            yield from self.action(f"scroll {title} to the end",
                                   lambda row, v=view: self.scroll_list(v, row))
        tree = navigator.show_section("entity")
        model = navigator.entities_model
        yield 100
        for group in range(model.rowCount()):
            label = str(model.index(group, 0).data())
            for other in range(model.rowCount()):
                tree.setExpanded(model.index(other, 0), other == group)
            yield 100
            yield from self.action(f"scroll cards: {label} to the end",
                                   lambda row, g=group: self.scroll_group(tree, g, row))
        first, second = self.info["largest_sources"]
        for number, source in enumerate((first, second)):
            yield from self.action(
                f"open the {'largest' if number == 0 else '2nd largest'} source"
                f" ({source['chars']:,} chars, {source['excerpts']} excerpts)",
                lambda row, s=source: self.open_source(s["id"], row))
            if number == 0:
                yield from self.action("scroll that source to the end",
                                       lambda row: self.scroll_bar_to_end(
                                           self.window.tabs.current_reader().view
                                           .verticalScrollBar(), row))
        busiest, second_card = self.info["busiest_cards"]
        yield from self.action(
            f"open the 2nd busiest card ({second_card['excerpts']:,} excerpts,"
            f" {second_card['sources']:,} sources, {second_card['relationships']} links)",
            lambda row: self.open_card(second_card["id"], row))
        yield from self.action(
            f"open the busiest card ({busiest['excerpts']:,} excerpts,"
            f" {busiest['sources']:,} sources, {busiest['relationships']} links)",
            lambda row: self.open_card(busiest["id"], row))
        card = self.window.tabs.current_card()
        if card is not None:
            yield from self.action("scroll that card's page to the end",
                                   lambda row: self.scroll_bar_to_end(
                                       card.scroll_area.verticalScrollBar(), row))
            yield from self.action("scroll its excerpt list to the end",
                                   lambda row: self.scroll_list(card.page.excerpts, row))
            yield from self.action("scroll its source list to the end",
                                   lambda row: self.scroll_list(card.page.sources, row))
        for label, query in self.queries:
            yield from self.action(f"quick search: {label} ({query})",
                                   lambda row, q=query: self.quick_search(q, row))

    def scroll_list(self, view: Any, row: dict[str, Any]) -> Script:
        from PySide6.QtCore import QModelIndex

        model, bar = view.model(), view.verticalScrollBar()
        steps = 0
        while steps < MAX_STEPS:
            if not model.canFetchMore(QModelIndex()) and bar.value() == bar.maximum():
                yield 1  # let a pending layout show the last rows, then look again
                if not model.canFetchMore(QModelIndex()) and bar.value() == bar.maximum():
                    break
            view.scrollToBottom()
            steps += 1
            yield 1
        total = model.total_count() if hasattr(model, "total_count") else model.rowCount()
        row["note"] = f"({model.rowCount():,} of {total:,} rows, {steps} steps)"

    def scroll_group(self, tree: Any, group: int, row: dict[str, Any]) -> Script:
        model, bar = tree.model(), tree.verticalScrollBar()
        parent = model.index(group, 0)
        steps = 0
        while steps < MAX_STEPS:
            if not model.canFetchMore(parent) and bar.value() == bar.maximum():
                yield 1
                if not model.canFetchMore(parent) and bar.value() == bar.maximum():
                    break
            tree.scrollToBottom()
            steps += 1
            yield 1
        row["note"] = f"({model.rowCount(parent):,} rows, {steps} steps)"

    def scroll_bar_to_end(self, bar: Any, row: dict[str, Any]) -> Script:
        """Page down with the scroll bar, as a user dragging it, until it stays at the end."""
        steps = 0
        while steps < MAX_STEPS:
            if bar.value() == bar.maximum():
                yield 1
                if bar.value() == bar.maximum():
                    break
            bar.setValue(min(bar.maximum(), bar.value() + max(bar.pageStep(), 1)))
            steps += 1
            yield 1
        row["note"] = f"({steps} pages)"

    def open_source(self, source_id: str, row: dict[str, Any]) -> Script:
        reader = self.window.tabs.open_source(source_id)
        yield 1
        row["note"] = f"({'opened' if reader is not None else 'NOT opened'})"

    def open_card(self, entity_id: str, row: dict[str, Any]) -> Script:
        card = self.window.tabs.open_card(entity_id)
        yield 1
        rows = card.page.excerpts_model.rowCount() if card is not None else 0
        row["note"] = f"({rows:,} excerpt rows loaded)"

    def quick_search(self, query: str, row: dict[str, Any]) -> Script:
        from PySide6.QtCore import QEvent, Qt
        from PySide6.QtGui import QKeyEvent
        from PySide6.QtWidgets import QApplication

        from osint_desk.ui.quick_search import QuickSearchDialog

        self.window.search_action.trigger()
        yield 1
        dialog = self.window.findChildren(QuickSearchDialog)[-1]
        searched: list[float] = []
        dialog.timer.timeout.connect(lambda: searched.append(time.perf_counter()))  # after it
        last_key = time.perf_counter()
        for char in query:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):  # any script
                QApplication.sendEvent(dialog.box, QKeyEvent(
                    kind, 0, Qt.KeyboardModifier.NoModifier, char))
            last_key = time.perf_counter()
            yield TYPE_GAP_MS
        while dialog.searched != query or dialog.timer.isActive():
            yield 1
        # wall: from the last key to the results being in the list (with the 120 ms debounce)
        row["wall_ms"] = ((searched[-1] if searched else time.perf_counter()) - last_key) * 1000
        row["note"] = f"({dialog.model.rowCount()} hits; {len(searched)} searches as typed)"
        dialog.reject()
        yield 1


def table(rows: list[dict[str, Any]]) -> str:
    width = max(len(r["action"]) for r in rows)
    lines = [f"{'action':<{width}} {'max stall ms':>12} {'p95 stall':>9} {'wall ms':>8}"]
    for r in rows:
        flag = "" if r["max_stall_ms"] <= TARGET_STALL_MS else "  > target"
        lines.append(f"{r['action']:<{width}} {r['max_stall_ms']:>12.0f}"
                     f" {r['p95_stall_ms']:>9.1f} {r['wall_ms']:>8.0f}  {r.get('note', '')}"
                     f"{flag}")
    return "\n".join(lines)


def print_launch(launch: dict[str, Any]) -> None:
    print(f"start to interactive (fresh `osint-desk open`, {launch['platform']}, median of"
          f" {len(launch['runs'])}): {launch['median_wall_s']:.2f} s wall,"
          f" {launch['median_cpu_s']:.2f} s CPU (max {launch['max_wall_s']:.2f} s;"
          f" peak RSS {launch['median_rss_mb']:.0f} MB)  [target <= {TARGET_LAUNCH_S:.0f} s]")
    if "plain_command" in launch:
        plain = launch["plain_command"]
        print(f"  plain `python -m osint_desk open` with OSINT_DESK_QUIT_WHEN_SHOWN=1, spawn"
              f" to exit: {plain['median_wall_s']:.2f} s wall, {plain['median_cpu_s']:.2f} s CPU")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("case", nargs="?", type=Path, default=DEFAULT_CASE)
    parser.add_argument("--launch-runs", type=int, default=5)
    parser.add_argument("--no-launch", action="store_true")
    parser.add_argument("--launch-only", action="store_true")
    parser.add_argument("--queries", nargs="*", help="labels from query_mix.py (default: all)")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--launch-child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--describe", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.launch_child:
        return launch_child(args.case)
    case, info_path = gui_case_paths(args.case)
    if args.prepare:
        prepare(args.case, case, info_path)
        return 0
    if args.describe:
        describe(case, info_path, {"base": str(args.case)})
        return 0
    if not case.exists():
        if not args.case.exists():
            parser.error(f"{args.case} does not exist; run benchmarks/generate_case.py first")
        print(f"preparing {case.name} from {args.case.name} (once)", flush=True)
        subprocess.run([sys.executable, __file__, "--prepare", str(args.case)], check=True)
    if not info_path.exists() or "busiest_cards" not in json.loads(info_path.read_text()):
        subprocess.run([sys.executable, __file__, "--describe", str(args.case)], check=True)
    info = json.loads(info_path.read_text())
    from query_mix import QUERIES

    queries = [q for q in QUERIES if not args.queries or q[0] in args.queries]
    result: dict[str, Any] = {"case": str(case), "info": info,
                              "qpa": os.environ.get("QT_QPA_PLATFORM", "")}
    print(f"case {case.name}: {json.dumps(info['counts'])}")
    print(f"load average {os.getloadavg()[0]:.2f}", flush=True)
    if not args.no_launch:
        print(f"start to interactive, {args.launch_runs} runs after a warm-up:", flush=True)
        result["launch"] = launch_runs(case, args.launch_runs)
        if args.launch_only:
            print_launch(result["launch"])
            return 0
    with tempfile.TemporaryDirectory(prefix="bench-gui-home-") as home:
        bench = Bench(case, info, queries, Path(home))
        bench.build()
        print(f"GUI thread stalls ({bench.app.platformName()}):", flush=True)
        bench.run()
    result.update(rows=bench.rows, startup=bench.startup, peak_rss_mb=peak_rss_mb(),
                  platform=bench.app.platformName(), load_after=os.getloadavg()[0])
    print()
    print(table(bench.rows))
    print()
    if "launch" in result:
        print_launch(result["launch"])
    print(f"in this process: window built in {bench.startup['built_s']:.2f} s"
          f" ({bench.startup['cpu_s']:.2f} s CPU), interactive at"
          f" {bench.startup['interactive_s']:.2f} s")
    print(f"peak RSS of this process: {result['peak_rss_mb']:.0f} MB"
          f"  [target <= {TARGET_RSS_MB:.0f} MB]")
    print(f"load average after: {result['load_after']:.2f}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
