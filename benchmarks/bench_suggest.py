"""Suggestions (issue 16): one 50,000-character source in <= 1 s, and the whole large case.

    .venv/bin/python benchmarks/bench_suggest.py [CASE] [--limit-seconds 120] [--repeat 5]

Part 1: the seed article (or a generated English text when the shared corpus is absent)
repeated to 50,000 characters, in a new case with 200 cards (names and aliases), no list
library; the first run (which builds the place gazetteer: about 2 s, once per process) is
printed apart, then the median of ``--repeat`` runs.

Part 2: CASE (default ``benchmarks/data/bench-10000x100000-s1.osintcase``) is copied to a
temporary folder (opening it for writing migrates the copy, never the original), then
``suggest_case`` runs over every source with a progress callback, stopped by its cancel
``check`` after ``--limit-seconds`` (the time for the whole case is then extrapolated from the
sources done, and printed as such). Peak RSS at the end.
"""

from __future__ import annotations

import argparse
import contextlib
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from osint_desk.core.extract.suggest import Suggester, suggest_case  # noqa: E402
from osint_desk.core.store import CaseStore  # noqa: E402

SEED = ROOT.parent / "shared" / "corpus" / "articles" / "kirby-dprk-wagner.txt"
FALLBACK = ("White House spokesman John Kirby said on Thursday that Wagner Group paid"
            " $100 million last month to suppliers in St. Petersburg, Russia. ")


class Stop(Exception):
    pass


def one_source(repeat: int) -> None:
    base = SEED.read_text(encoding="utf-8") if SEED.exists() else FALLBACK
    text = (base + "\n") * (50_000 // len(base) + 1)
    text = text[:50_000]
    with tempfile.TemporaryDirectory() as folder:
        store = CaseStore.create(Path(folder) / "b.osintcase", "bench")
        for number in range(200):
            store.entities.add("Person", f"Ivan Testovich{number}", aliases=[f"I. T. {number}"])
        source = store.sources.add(text=text, title="50k", published="2023-01-20")
        began = time.perf_counter()
        suggester = Suggester(store)
        items = suggester.suggest_source(source.id)
        first = time.perf_counter() - began
        times = []
        for _ in range(repeat):
            began = time.perf_counter()
            Suggester(store).suggest_source(source.id)
            times.append(time.perf_counter() - began)
        store.close()
    print(f"50,000-character source: {len(items)} suggestions; first run {first:.2f} s"
          f" (builds the place gazetteer); median of {repeat}: {statistics.median(times):.3f} s"
          f" (min {min(times):.3f}, max {max(times):.3f})")


def whole_case(case: Path, limit: float) -> None:
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / case.name
        began = time.perf_counter()
        shutil.copyfile(case, copy)
        store = CaseStore.open(copy)  # migrates the copy
        print(f"copied and opened {case.name}: {time.perf_counter() - began:.1f} s")
        done = [0, 0]
        deadline = time.perf_counter() + limit

        def progress(count: int, total: int) -> None:
            done[:] = [count, total]

        def check() -> None:
            if time.perf_counter() > deadline:
                raise Stop

        began = time.perf_counter()
        found = 0
        with contextlib.suppress(Stop):
            found = sum(map(len, suggest_case(store, progress=progress, check=check).values()))
        spent = time.perf_counter() - began
        store.close()
    count, total = done
    if count == total and total:
        print(f"whole case: {total} sources, {found} suggestions in {spent:.1f} s")
    else:
        rate = count / spent if spent else 0.0
        print(f"whole case: cancelled after {spent:.1f} s at {count}/{total} sources"
              f" ({rate:.1f} sources/s): the whole case would take about"
              f" {total / rate / 60:.1f} min" if rate else "no source done")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("case", nargs="?", type=Path,
                        default=HERE / "data" / "bench-10000x100000-s1.osintcase")
    parser.add_argument("--limit-seconds", type=float, default=120.0)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    one_source(args.repeat)
    if args.case.exists():
        whole_case(args.case, args.limit_seconds)
    else:
        print(f"{args.case} is missing: run benchmarks/generate_case.py first")


if __name__ == "__main__":
    main()
