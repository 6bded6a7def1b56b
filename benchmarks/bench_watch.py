"""Watch terms and xref on the 10,000-source case: scan time per term kind, index_case, also_in.

    .venv/bin/python benchmarks/bench_watch.py [CASE]

Works on a copy in /tmp (opening for writing migrates it to schema 7).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from osint_desk.core.store import CaseStore
from osint_desk.core.store.watch import watch_of
from osint_desk.core.xref import all_xrefs, index_case


def main() -> None:
    case = Path(sys.argv[1] if len(sys.argv) > 1 else
                "benchmarks/data/bench-10000x100000-s1.osintcase")
    work = Path(tempfile.mkdtemp()) / "bench-watch.osintcase"
    shutil.copy(case, work)
    with CaseStore.open(work) as store:
        watch = watch_of(store)
        sources = store.counts().sources
        print(f"case: {sources:,} sources")
        for term, kind in [("Viktor Petrov", "name"), (r"\b[A-Z]{2}\d{6}\b", "pattern"),
                           ("9123456", "identifier")]:
            started = time.perf_counter()
            added = watch.add(term, kind)
            took = time.perf_counter() - started
            hits = sum(1 for h in watch.hits() if h.term_id == added.id)
            print(f"add {kind:<10} scan of every source: {took:6.2f} s ({hits:,} hits)")
        source_id = store.sources.list(limit=1)[0].id
        if source_id:
            started = time.perf_counter()
            watch.scan_source(source_id)
            print(f"watch_new_source, 3 terms, one source: "
                  f"{(time.perf_counter() - started) * 1000:.1f} ms")
        started = time.perf_counter()
        keys = index_case(store, index=work.with_suffix(".xref"))
        print(f"index_case: {keys:,} keys in {time.perf_counter() - started:.2f} s")
        started = time.perf_counter()
        refs = all_xrefs(store, index=work.with_suffix(".xref"))
        print(f"all_xrefs (every card): {len(refs)} refs in {time.perf_counter() - started:.2f} s")
    shutil.rmtree(work.parent)


if __name__ == "__main__":
    main()
