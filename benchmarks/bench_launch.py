"""Launch time of the window on the demo case against a bare PySide6 window (issue 9, point 6).

    .venv/bin/python benchmarks/bench_launch.py [--runs 15] [--platform offscreen|xcb|all]
        [--no-gui] [--no-cli] [--importtime] [--no-pyc]
    xvfb-run -a .venv/bin/python benchmarks/bench_launch.py        # offscreen and xcb

Writes the demo case once into a temporary folder (``python -m osint_desk demo``), then runs,
alternating and ``--runs`` times each (after one warm-up run each, not counted):

- **bare**: a script that makes a QApplication, a QMainWindow with a QLabel, shows it and
  quits from a zero-timer once the event loop runs;
- **app**: ``python -m osint_desk open DEMO.osintcase`` with ``OSINT_DESK_QUIT_WHEN_SHOWN=1``,
  which makes the app quit the same way once its window is shown on the case;
- **floor**: ``benchmarks/floor_window.py`` on the demo case — the app's start-up window
  (menus and 65 actions, navigator lists read from the case file, docks, tabs, status bar)
  built from PySide6 alone, without any of OSINT Desk's code: what such a window costs before
  any of our work (Qt's enum types, widget classes). Its ratio to the bare window is the
  lowest the app's could be; the app is also reported against it;
- for reference, the bare window script preceded by ``import osint_desk.core.store`` (what the
  case store's imports alone add; not part of the target).

Each run is a child process; its CPU time is user + system from ``os.wait4``'s rusage, its wall
time is measured around it. Printed: median, min and max of both, and the ratio of the medians
(target: app CPU ≤ 1.3× bare). Platform ``offscreen`` by default; with ``DISPLAY`` set
(``xvfb-run -a``) ``xcb`` too, or choose one with ``--platform``.

The command line is timed the same way against ``python -c pass``: ``python -m osint_desk
--help``, ``python -m osint_desk show DEMO`` and the ``osint-desk`` console script.
``--importtime`` adds the slowest imports of one app start (``python -X importtime``).

User data (settings, recent cases, list library) goes to a temporary ``OSINT_DESK_HOME``.
Compiled bytecode is written to and read from a temporary ``PYTHONPYCACHEPREFIX`` (filled by
the warm-up runs), as an installed app would have its ``.pyc`` files, even where
``PYTHONDONTWRITEBYTECODE`` is set; the source tree is not written to. ``--no-pyc`` keeps the
environment as it is instead.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
QUIT_ENV = "OSINT_DESK_QUIT_WHEN_SHOWN"

BARE_WINDOW = """\
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

app = QApplication(sys.argv)
window = QMainWindow()
window.setCentralWidget(QLabel("bare"))
window.show()
QTimer.singleShot(0, app.quit)
sys.exit(app.exec())
"""
BARE_WITH_STORE = "import osint_desk.core.store\n" + BARE_WINDOW

# Modules that have no business being imported before the first paint.
HEAVY = ("trafilatura", "pypdf", "lxml", "rapidfuzz", "babel", "nh3", "markdown",
         "osint_desk.core.sanctions.library", "osint_desk.core.sanctions.matching",
         "osint_desk.core.report", "osint_desk.core.exports", "osint_desk.docwriter")


@dataclass
class Timings:
    cpu: list[float] = field(default_factory=list)
    wall: list[float] = field(default_factory=list)


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """CPU (user + system of the child) and wall time of one run, in seconds."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, env=env, cwd=ROOT, stdin=subprocess.DEVNULL,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert child.stderr is not None
    errors = child.stderr.read()  # the child's stderr closes when it exits
    _pid, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    child.stderr.close()
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({child.returncode}):\n"
                         f"{errors.decode(errors='replace')}")
    return usage.ru_utime + usage.ru_stime, wall


def alternate(commands: dict[str, list[str]], env: dict[str, str], runs: int
              ) -> dict[str, Timings]:
    """Every command ``runs`` times, round-robin, the order rotated each round."""
    names = list(commands)
    for name in names:  # warm-up: caches, settings file, .pyc
        run_once(commands[name], env)
    results = {name: Timings() for name in names}
    for round_no in range(runs):
        shift = round_no % len(names)
        for name in names[shift:] + names[:shift]:
            cpu, wall = run_once(commands[name], env)
            results[name].cpu.append(cpu)
            results[name].wall.append(wall)
    return results


def summary(values: list[float]) -> str:
    return (f"{statistics.median(values):6.3f} s"
            f"  [{min(values):.3f}–{max(values):.3f}]")


def report(title: str, results: dict[str, Timings], baseline: str,
           target: tuple[str, float] | None = None, floor: str = "") -> None:
    base = results[baseline]
    base_cpu, base_wall = statistics.median(base.cpu), statistics.median(base.wall)
    print(f"\n## {title}  ({len(base.cpu)} runs each, median [min–max])\n")
    print(f"{'':34} {'CPU (user+sys)':>27} {'wall':>27}   CPU ratio  wall ratio")
    for name, timings in results.items():
        cpu, wall = statistics.median(timings.cpu), statistics.median(timings.wall)
        ratio = "" if name == baseline else f"{cpu / base_cpu:9.2f}×  {wall / base_wall:9.2f}×"
        print(f"{name:34} {summary(timings.cpu):>27} {summary(timings.wall):>27}   {ratio}")
    if target is not None:
        name, limit = target
        ratio = statistics.median(results[name].cpu) / base_cpu
        verdict = "met" if ratio <= limit else "NOT met"
        print(f"target: {name} CPU ≤ {limit}× {baseline}: {ratio:.2f}× — {verdict}")
        if floor:
            lowest = statistics.median(results[floor].cpu) / base_cpu
            over = statistics.median(results[name].cpu) / statistics.median(results[floor].cpu)
            best = min(results[floor].cpu) / min(base.cpu)
            print(f"floor: {floor} {lowest:.2f}× {baseline} (fastest runs {best:.2f}×);"
                  f" {name} {over:.2f}× the floor")


def importtime(app: list[str], env: dict[str, str], top: int = 25) -> None:
    """The slowest imports (cumulative) of one app start, and which heavy modules loaded."""
    result = subprocess.run([PYTHON, "-X", "importtime", *app[1:]], env=env, cwd=ROOT,
                            capture_output=True, text=True, check=True)
    rows = []
    for match in re.finditer(r"^import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)$",
                             result.stderr, re.MULTILINE):
        rows.append((int(match[2]), int(match[1]), len(match[3]) // 2, match[4]))
    print(f"\n## -X importtime, one app start: {len(rows)} modules,"
          f" top {top} by cumulative time\n")
    print(f"{'cumulative':>11} {'self':>9}  module")
    for cumulative, own, depth, name in sorted(rows, reverse=True)[:top]:
        print(f"{cumulative / 1000:9.1f}ms {own / 1000:7.1f}ms  {'  ' * depth}{name}")
    loaded = {name for *_rest, name in rows}
    heavy = sorted(name for name in loaded if name.split(".")[0] in HEAVY or any(
        name == h or name.startswith(h + ".") for h in HEAVY))
    print(f"\nheavy modules imported at start: {', '.join(heavy) if heavy else 'none'}")


def platforms(choice: str) -> list[str]:
    if choice == "all":
        return ["offscreen", "xcb"]
    if choice:
        return [choice]
    return ["offscreen", "xcb"] if os.environ.get("DISPLAY") else ["offscreen"]


def machine() -> str:
    model = ""
    with open("/proc/cpuinfo", encoding="utf-8") as info:
        for text in info:
            if text.startswith("model name"):
                model = text.split(":", 1)[1].strip()
                break
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    return (f"{os.cpu_count()} cores, {model}; Python {sys.version.split()[0]};"
            f" load average {load}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="runs of each (default 15)")
    parser.add_argument("--platform", choices=["offscreen", "xcb", "all"], default="",
                        help="Qt platform plugin (default offscreen, and xcb if DISPLAY is set)")
    parser.add_argument("--no-gui", action="store_true", help="skip the window timings")
    parser.add_argument("--no-cli", action="store_true", help="skip the command-line timings")
    parser.add_argument("--importtime", action="store_true",
                        help="also print the slowest imports of one app start")
    parser.add_argument("--no-pyc", action="store_true",
                        help="do not set up a bytecode cache (keep PYTHONDONTWRITEBYTECODE)")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-launch-") as tmp:
        folder = Path(tmp)
        env = dict(os.environ)
        env["OSINT_DESK_HOME"] = str(folder / "home")
        env.pop("OSINT_DESK_DEBUG", None)
        if not options.no_pyc:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = str(folder / "pycache")
        demo = folder / "demo.osintcase"
        subprocess.run([PYTHON, "-m", "osint_desk", "demo", str(demo)], env=env, cwd=ROOT,
                       check=True, stdout=subprocess.DEVNULL)
        bare_script = folder / "bare_window.py"
        bare_script.write_text(BARE_WINDOW, encoding="utf-8")
        store_script = folder / "bare_window_and_store.py"
        store_script.write_text(BARE_WITH_STORE, encoding="utf-8")
        app = [PYTHON, "-m", "osint_desk", "open", str(demo)]
        print(f"# Launch benchmark — {machine()}")
        pyc = "no bytecode cache" if options.no_pyc else "bytecode cached in a temp folder"
        print(f"# app: {' '.join(app)} ({QUIT_ENV}=1); {pyc}")

        if not options.no_gui:
            for platform in platforms(options.platform):
                gui_env = dict(env, QT_QPA_PLATFORM=platform, **{QUIT_ENV: "1"})
                results = alternate({"bare window": [PYTHON, str(bare_script)],
                                     "app on the demo case": app,
                                     "floor (the window in PySide6 alone)": [
                                         PYTHON, str(ROOT / "benchmarks" / "floor_window.py"),
                                         str(demo)],
                                     "(bare window + store import)": [PYTHON,
                                                                      str(store_script)]},
                                    gui_env, options.runs)
                report(f"Window shown, QT_QPA_PLATFORM={platform}", results, "bare window",
                       target=("app on the demo case", 1.3),
                       floor="floor (the window in PySide6 alone)")
            if options.importtime:
                importtime(app, dict(env, QT_QPA_PLATFORM=platforms(options.platform)[0],
                                     **{QUIT_ENV: "1"}))

        if not options.no_cli:
            script = shutil.which("osint-desk", path=str(Path(PYTHON).parent)) or "osint-desk"
            cli = {
                "python -c pass": [PYTHON, "-c", "pass"],
                "python -m osint_desk --help": [PYTHON, "-m", "osint_desk", "--help"],
                "python -m osint_desk show DEMO": [PYTHON, "-m", "osint_desk", "show", str(demo)],
                "osint-desk --help": [script, "--help"],
                "osint-desk show DEMO": [script, "show", str(demo)],
            }
            results = alternate(cli, env, options.runs)
            report("Command line", results, "python -c pass")


if __name__ == "__main__":
    main()
