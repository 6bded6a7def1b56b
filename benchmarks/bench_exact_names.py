"""Every listed name, screened as written, finds its own entry first (or tied first).

Run: .venv/bin/python benchmarks/bench_exact_names.py [--order un,sdn,cons] [--every N]

Imports the OFAC SDN 2019 CSV set, the UN consolidated list of 2026-02-27 and the OFAC
Consolidated 2025 CSV set into one fresh list library (in the order given, default both
UN-first and SDN-first), then screens every primary name and strong alias of each list through
``screen()`` exactly as the list writes it, without a type (as ``osint-desk screen NAME`` does),
and counts the names whose own entry has the best score among the hits. Prints the count and
the rate per list and order, the misses, and the time per query.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from osint_desk.core.sanctions.library import ListLibrary
from osint_desk.core.sanctions.matching.index import SHORTLIST, TIE_SLACK
from osint_desk.core.sanctions.screening import screen

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from shared_data import SANCTIONS  # noqa: E402

FILES = {"sdn": SANCTIONS / "ofac_sdn_csv_full_2019",
         "un": SANCTIONS / "un_consolidated_2026-02-27.xml",
         "cons": SANCTIONS / "ofac_cons_csv_2025"}
ORDERS = ("un,sdn,cons", "sdn,un,cons")
WIDE = SHORTLIST + TIE_SLACK  # every entry that was scored: ties at the top are all seen


def own_rank(library: ListLibrary, name: str, list_key: str, ref: str) -> tuple[bool, str]:
    """(own entry first or tied first, what came first instead)."""
    hits = screen(library, name, limit=WIDE)
    if not hits:
        return False, "no hit"
    mine = [h for h in hits if (h.list_key, h.entry_ref) == (list_key, ref)]
    if mine and mine[0].score >= hits[0].score:
        return True, ""
    top = hits[0]
    return False, (f"{top.list_key}:{top.entry_ref} {top.matched_name!r} {top.score:.2f}; own "
                   + (f"{mine[0].score:.2f}" if mine else "not among the hits"))


def run(order: str, every: int) -> dict[str, tuple[int, int]]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "lists.sqlite"
        with ListLibrary(path) as library:
            for key in order.split(","):
                t = time.perf_counter()
                report = library.import_files([FILES[key]])
                print(f"  import {report.list_key}: {report.total} entries,"
                      f" {time.perf_counter() - t:.2f} s")
            rows = library.conn.execute(
                "SELECT e.list_key, e.entry_ref, n.name FROM names n JOIN entries e"
                " ON e.id = n.entry_id WHERE n.strength = 'strong'"
                " ORDER BY e.list_key, e.entry_ref, n.name").fetchall()[::every]
            counts: dict[str, tuple[int, int]] = {}
            misses: list[str] = []
            times: list[float] = []
            for list_key, ref, name in rows:
                t = time.perf_counter()
                ok, why = own_rank(library, name, list_key, ref)
                times.append((time.perf_counter() - t) * 1000)
                good, total = counts.get(list_key, (0, 0))
                counts[list_key] = (good + ok, total + 1)
                if not ok:
                    misses.append(f"{list_key}:{ref} {name!r}: {why}")
    for list_key, (good, total) in sorted(counts.items()):
        print(f"  {list_key}: {good}/{total} first or tied first ({100 * good / total:.2f} %)")
    good = sum(g for g, _t in counts.values())
    total = sum(t for _g, t in counts.values())
    print(f"  all: {good}/{total} ({100 * good / total:.2f} %); screen() median"
          f" {statistics.median(times):.2f} ms, max {max(times):.1f} ms")
    for miss in misses[:40]:
        print("   miss", miss)
    if len(misses) > 40:
        print(f"   ... and {len(misses) - 40} more")
    return counts


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--order", action="append", help="lists in import order, e.g. un,sdn,cons")
    ap.add_argument("--every", type=int, default=1, help="screen every Nth name only")
    args = ap.parse_args()
    results = {}
    for order in args.order or ORDERS:
        print(f"order {order}:")
        results[order] = run(order, args.every)
    if len(results) > 1:
        same = len({tuple(sorted(r.items())) for r in results.values()}) == 1
        print("counts the same in every order:", same)


if __name__ == "__main__":
    main()
