"""Time the store's search against the bare FTS5 query on the same case file, in the same run.

    python benchmarks/bench_search.py CASE [--repeat 30] [--limit 50] [--json OUT.json]

For each query of the fixed mix (``query_mix.py``) this runs ``CaseStore.search(q, limit=50)``
and the bare ``SELECT rowid, rank FROM search_words WHERE search_words MATCH ? ORDER BY rank
LIMIT 50`` (``search_trigrams`` for the CJK query), with the very FTS expression the store builds
(``parse_query`` + ``words_expression`` / ``trigram_expression``), so both match the same rows.
Both run on the store's own connection (same pragmas, same page cache), interleaved, store first
in even rounds and bare first in odd ones, after one warm-up each. Times are wall-clock
(``time.perf_counter``) in milliseconds.

Targets (from the issue): median of the store's search <= 20 ms, and <= 1.5x the bare query.

"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import os
import platform
import sqlite3
import statistics
import sys
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parents[1]))

from query_mix import QUERIES  # noqa: RUF100

from osint_desk.core.store.case_store import CaseStore  # noqa: RUF100
from osint_desk.core.store.search import (  # noqa: RUF100
    parse_query,
    trigram_expression,
    words_expression,
)
from osint_desk.core.text import has_cjk  # noqa: RUF100

TARGET_MEDIAN_MS = 20.0
TARGET_RATIO = 1.5
BARE_SQL = "SELECT rowid, rank FROM {table} WHERE {table} MATCH ? ORDER BY rank LIMIT ?"


def p95(values: list[float]) -> float:
    """95th percentile, nearest rank."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def pad(text: str, width: int) -> str:
    """Left-justify by display width (CJK characters take two columns)."""
    wide = sum(unicodedata.east_asian_width(c) in "WF" for c in text)
    return text + " " * max(0, width - len(text) - wide)


def machine() -> dict[str, Any]:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor()
    return {"nproc": os.cpu_count(), "cpu": cpu, "python": platform.python_version(),
            "sqlite": sqlite3.sqlite_version, "platform": platform.platform(),
            "loadavg_at_start": os.getloadavg()}


def fts_target(query: str) -> tuple[str, str]:
    """The index and MATCH expression the store uses first for ``query``."""
    parsed = parse_query(query)
    if has_cjk(query):
        expression = trigram_expression(parsed)
        assert expression is not None, "the benchmark's CJK query must be 3+ characters"
        return "search_trigrams", expression
    return "search_words", words_expression(parsed)


def timed(call: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = call()
    return (time.perf_counter() - start) * 1000, result


def run(path: Path, repeat: int, limit: int) -> dict[str, Any]:
    store = CaseStore.open(path)
    conn = store._ctx.conn  # the bare query runs on the store's own connection, on purpose
    try:
        queries = []
        for label, query in QUERIES:
            table, expression = fts_target(query)
            matches = conn.execute(f"SELECT count(*) FROM {table} WHERE {table} MATCH ?",
                                   (expression,)).fetchone()[0]
            sql = BARE_SQL.format(table=table)

            def store_call(q: str = query) -> Any:
                return store.search(q, limit=limit)

            def bare_call(s: str = sql, e: str = expression) -> Any:
                return conn.execute(s, (e, limit)).fetchall()

            _, hits = timed(store_call)  # warm-up
            _, rows = timed(bare_call)
            queries.append({"label": label, "query": query, "table": table,
                            "expression": expression, "matches": matches, "hits": len(hits),
                            "bare_rows": len(rows), "store_ms": [], "bare_ms": [],
                            "_store": store_call, "_bare": bare_call})
        for round_ in range(repeat):
            for q in queries:
                order = ("store", "bare") if round_ % 2 == 0 else ("bare", "store")
                for which in order:
                    elapsed, _ = timed(q[f"_{which}"])
                    q[f"{which}_ms"].append(elapsed)
        counts = store.counts()
    finally:
        store.close()
    for q in queries:
        del q["_store"], q["_bare"]
        for which in ("store", "bare"):
            q[f"{which}_median"] = statistics.median(q[f"{which}_ms"])
            q[f"{which}_p95"] = p95(q[f"{which}_ms"])
        q["ratio"] = q["store_median"] / q["bare_median"]
    all_store = [t for q in queries for t in q["store_ms"]]
    all_bare = [t for q in queries for t in q["bare_ms"]]
    overall = {"store_median": statistics.median(all_store), "store_p95": p95(all_store),
               "bare_median": statistics.median(all_bare), "bare_p95": p95(all_bare)}
    overall["ratio"] = overall["store_median"] / overall["bare_median"]
    overall["median_target_met"] = overall["store_median"] <= TARGET_MEDIAN_MS
    overall["ratio_target_met"] = overall["ratio"] <= TARGET_RATIO
    overall["loadavg_at_end"] = os.getloadavg()
    size = path.stat().st_size
    return {"case": str(path), "file_bytes": size, "counts": dataclasses.asdict(counts),
            "repeat": repeat, "limit": limit, "machine": machine(), "queries": queries,
            "overall": overall}


def print_report(result: dict[str, Any]) -> None:
    m = result["machine"]
    counts = result["counts"]
    print(f"case {result['case']}: {result['file_bytes'] / 2**20:.1f} MiB,"
          f" {counts['sources']:,} sources, {counts['excerpts']:,} excerpts,"
          f" {counts['entities']:,} cards")
    print(f"machine: {m['nproc']} cores, {m['cpu']}; Python {m['python']}, SQLite {m['sqlite']}")
    load = (m["loadavg_at_start"], result["overall"]["loadavg_at_end"])
    print("load average (1, 5, 15 min) at start " + ", ".join(f"{x:.2f}" for x in load[0])
          + "; at end " + ", ".join(f"{x:.2f}" for x in load[1]))
    print(f"{result['repeat']} timed runs per query and side, limit {result['limit']}; ms\n")
    header = (f"| {'query':<12} | {'typed':<20} | {'matches':>7} | {'hits':>4} |"
              f" {'store med':>9} | {'store p95':>9} | {'bare med':>8} | {'bare p95':>8} |"
              f" {'ratio':>5} |")
    print(header)
    print("|" + "|".join("-" * (len(cell)) for cell in header.split("|")[1:-1]) + "|")
    for q in result["queries"]:
        print(f"| {q['label']:<12} | {pad(q['query'], 20)} | {q['matches']:>7,} | {q['hits']:>4} |"
              f" {q['store_median']:>9.2f} | {q['store_p95']:>9.2f} | {q['bare_median']:>8.2f} |"
              f" {q['bare_p95']:>8.2f} | {q['ratio']:>5.2f} |")
    o = result["overall"]
    print(f"| {'all runs':<12} | {'':<20} | {'':>7} | {'':>4} | {o['store_median']:>9.2f} |"
          f" {o['store_p95']:>9.2f} | {o['bare_median']:>8.2f} | {o['bare_p95']:>8.2f} |"
          f" {o['ratio']:>5.2f} |")
    print(f"\ntarget median <= {TARGET_MEDIAN_MS:g} ms: store median {o['store_median']:.2f} ms"
          f" -> {'MET' if o['median_target_met'] else 'NOT MET'}")
    print(f"target <= {TARGET_RATIO:g}x bare: {o['ratio']:.2f}x"
          f" -> {'MET' if o['ratio_target_met'] else 'NOT MET'}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("case", type=Path)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--limit", type=int, default=50)
    parser.add_argument("--json", type=Path, help="also write the figures (and raw times) here")
    args = parser.parse_args(argv)
    if not args.case.exists():
        parser.error(f"{args.case}: no such file")
    result = run(args.case, args.repeat, args.limit)
    print_report(result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")
        print(f"\nfigures written to {args.json}")
    o = result["overall"]
    return 0 if o["median_target_met"] and o["ratio_target_met"] else 1


if __name__ == "__main__":
    sys.exit(main())
