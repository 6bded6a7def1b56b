"""Possible duplicates, merge and split on the large case (issue 16).

    .venv/bin/python benchmarks/bench_duplicates.py [CASE] [--repeat 3]

CASE defaults to ``benchmarks/data/bench-10000x100000-s1.osintcase`` (2,000 cards, 10,000
sources, 100,000 excerpts). It is copied to a temporary folder first (opening for writing
migrates it, and merge/split write), so CASE is never changed.

Times, median of ``--repeat`` runs: ``possible_duplicates`` over every card (the blocked
screening matcher), then a merge of the two most-mentioned cards of one type and its split
(one transaction each; most-mentioned counts mentions and relationships), and the pairs
found. Peak RSS at the end.
"""

from __future__ import annotations

import argparse
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

from osint_desk.core.store import CaseStore  # noqa: E402
from osint_desk.core.store.duplicates import possible_duplicates  # noqa: E402
from osint_desk.core.store.merges import Merges  # noqa: E402

DEFAULT_CASE = HERE / "data" / "bench-10000x100000-s1.osintcase"


def _median(fn: object, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("case", nargs="?", type=Path, default=DEFAULT_CASE)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "bench.osintcase"
        shutil.copyfile(args.case, copy)
        with CaseStore.open(copy) as store:
            ctx = store._ctx
            cards = ctx.scalar("SELECT count(*) FROM entities WHERE deleted_at IS NULL")
            seconds, pairs = _median(lambda: possible_duplicates(store), args.repeat)
            print(f"cards: {cards:,}")
            print(f"possible_duplicates: {seconds:.2f} s, {len(pairs):,} pairs")  # type: ignore[arg-type]
            for pair in pairs[:5]:  # type: ignore[index]
                print(f"  {pair.score:.2f}  {pair.a_name} ~ {pair.b_name}")
            top = ctx.all(
                "SELECT e.public_id, e.type, (SELECT count(*) FROM mentions m"
                " WHERE m.entity_id = e.id) + (SELECT count(*) FROM relationships r"
                " WHERE r.subject_id = e.id OR r.object_id = e.id) AS n FROM entities e"
                " WHERE e.deleted_at IS NULL ORDER BY n DESC LIMIT 50")
            first = top[0]
            second = next(r for r in top[1:] if r["type"] == first["type"])
            merges = Merges(ctx)
            start = time.perf_counter()
            merge = merges.merge([first["public_id"], second["public_id"]])
            merged = time.perf_counter() - start
            start = time.perf_counter()
            merges.split(merge.id)
            split = time.perf_counter() - start
            print(f"merge of two cards with {first['n']:,} and {second['n']:,} mentions and"
                  f" relationships: {merged:.2f} s; split: {split:.2f} s")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {rss:.0f} MiB")


if __name__ == "__main__":
    main()
