"""Time importing the real sample lists into a fresh list library.

    .venv/bin/python benchmarks/bench_list_import.py [--repeat 5] [--samples DIR]

Each run creates a new library file in a temporary folder (``ListLibrary(path)``: schema,
WAL) and calls ``import_files`` once — parsing, hashing the files, diffing and the one
transaction that writes entries and names — timed wall-clock with ``time.perf_counter``.
Opening the library is outside the timing; the files are in the OS page cache after the warm-up.

Targets (issue 4): UN consolidated XML <= 2 s, 2019 SDN CSV set <= 5 s (median of 5).
"""

from __future__ import annotations

import argparse
import os
import platform
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from osint_desk.core.sanctions.library import ListLibrary

DEFAULT_SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "data" / "sanctions"
CASES = [
    ("UN consolidated XML 2026-02-27", "un_consolidated_2026-02-27.xml", 2.0),
    ("OFAC SDN CSV set 2019", "ofac_sdn_csv_full_2019", 5.0),
    ("OFAC Consolidated CSV set 2025", "ofac_cons_csv_2025", None),
]


def time_import(path: Path) -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as folder, ListLibrary(Path(folder) / "l.sqlite") as lib:
        started = time.perf_counter()
        report = lib.import_files([path])
        return time.perf_counter() - started, report.total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--samples", type=Path, default=DEFAULT_SAMPLES)
    args = parser.parse_args()
    print(f"python {platform.python_version()}, sqlite {sqlite3.sqlite_version},"
          f" {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}")
    failed = False
    for label, name, target in CASES:
        path = args.samples / name
        time_import(path)  # warm-up: page cache, imports
        runs = [time_import(path) for _ in range(args.repeat)]
        times = sorted(t for t, _ in runs)
        median = statistics.median(times)
        verdict = "" if target is None else (
            f"  target <= {target:.0f} s: {'met' if median <= target else 'MISSED'}")
        failed |= target is not None and median > target
        print(f"{label:<32} {runs[0][1]:>6} entries  median {median:.3f} s  min {times[0]:.3f}"
              f"  max {times[-1]:.3f} (n={len(times)}){verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
