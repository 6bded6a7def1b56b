"""The command line as a user times it: ``lists import`` and ``screen`` in fresh processes.

Run: .venv/bin/python benchmarks/bench_cli_lists.py [--repeat 7] [--names HAMAS,...]

Each run is a new ``python -m osint_desk`` process with its own ``$OSINT_DESK_HOME``. Imports
the OFAC SDN 2019 CSV set, the UN list of 2026-02-27 and the OFAC Consolidated 2025 set into an
empty library (wall time of each ``lists import``, repeated into fresh homes), then times
``screen NAME`` against the three lists, interleaved with ``python -c pass`` (the interpreter's
own start) so that both see the same load; prints medians, minima and the difference.

Bytecode: a user's install has compiled ``.pyc`` files. If ``PYTHONDONTWRITEBYTECODE`` is set
(as in some shells), the checkout's modules are compiled on every start; the benchmark then
keeps the compiled files in a private ``PYTHONPYCACHEPREFIX`` and warms it first, and says so.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from shared_data import SANCTIONS  # noqa: E402

LISTS = {"SDN 2019": SANCTIONS / "ofac_sdn_csv_full_2019",
         "UN 2026": SANCTIONS / "un_consolidated_2026-02-27.xml",
         "Consolidated 2025": SANCTIONS / "ofac_cons_csv_2025"}
NAMES = ("HAMAS", "Yevgeny Prigozhin", "GIA", "Concord Catering")
# The same command through ListLibrary (sqlite-utils, migrations check, list parsers): how
# ``screen`` opened the library before it had ``library_keys.open_reader``.
VIA_LIBRARY = ("import sys; from osint_desk.core.sanctions import library_keys;"
               " library_keys.open_reader = lambda path: None; from osint_desk.cli import main;"
               " sys.exit(main(sys.argv[1:]))")


def environment(home: Path, cache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("OSINT_DESK_DEBUG", "DISPLAY", "WAYLAND_DISPLAY",
                        "PYTHONDONTWRITEBYTECODE")}
    env.update(OSINT_DESK_HOME=str(home), PYTHONPYCACHEPREFIX=str(cache),
               PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    return env


def timed(args: list[str], env: dict[str, str]) -> float:
    t = time.perf_counter()
    subprocess.run(args, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t


def cli(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "osint_desk", *map(str, args)]


def show(label: str, values: list[float]) -> float:
    med = statistics.median(values)
    print(f"  {label:<34} median {med * 1000:7.0f} ms   min {min(values) * 1000:6.0f} ms"
          f"   max {max(values) * 1000:6.0f} ms   (n={len(values)})")
    return med


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--names", default=",".join(NAMES))
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "pycache"
        home = Path(tmp) / "home"
        env = environment(home, cache)
        flag = "set" if os.environ.get("PYTHONDONTWRITEBYTECODE") else "unset"
        print(f"load average before: {os.getloadavg()[0]:.2f}; PYTHONDONTWRITEBYTECODE {flag}"
              " (compiled files kept in a private cache either way)")
        subprocess.run(cli("--help"), env=env, check=True, stdout=subprocess.DEVNULL)  # warm
        print("lists import, fresh process, fresh library each time:")
        for label, path in LISTS.items():
            walls = []
            for i in range(max(3, args.repeat // 2)):
                fresh = environment(Path(tmp) / f"import-{label[:3]}-{i}", cache)
                walls.append(timed(cli("lists", "import", path), fresh))
            show(label, walls)
        for path in LISTS.values():
            subprocess.run(cli("lists", "import", path), env=env, check=True,
                           stdout=subprocess.DEVNULL)
        print("screen NAME against SDN + UN + Consolidated, interleaved with python -c pass:")
        names = args.names.split(",")
        for name in names:  # warm: the page cache, the compiled files
            subprocess.run(cli("screen", name), env=env, check=True, stdout=subprocess.DEVNULL)
        screens: list[float] = []
        passes: list[float] = []
        old: list[float] = []
        for _ in range(args.repeat):
            for name in names:
                screens.append(timed(cli("screen", name), env))
                passes.append(timed([sys.executable, "-c", "pass"], env))
                old.append(timed([sys.executable, "-c", VIA_LIBRARY, "screen", name], env))
        s = show("osint-desk screen NAME", screens)
        p = show("python -c pass", passes)
        o = show("same, through ListLibrary", old)
        print(f"  difference of the medians: screen - pass {(s - p) * 1000:.0f} ms;"
              f" through ListLibrary - pass {(o - p) * 1000:.0f} ms")
        print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
