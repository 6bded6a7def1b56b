"""Speed benchmark of ``screen()`` through the SQLite list library at 1,000,000 names.

Run: .venv/bin/python benchmarks/bench_screening_speed.py [--names N] [--naive-queries K]
(``--naive-queries 0`` skips the naive scan.)
     [--rebuild] [--check-index] [--profile]

The same synthesised names and query mix as ``bench_matching_speed.py`` (which times the
in-memory ``NameIndex``), imported into a real ``ListLibrary`` file with ``import_entries``:
four lists (the SDN 2019, Consolidated 2025 and UN 2026 entries, their names grouped per entry,
and one list of the synthetic names, one entry each). The file is cached as
``benchmarks/data/screening-library-<N>-s<SEED>.sqlite`` and reused while each list's
``file_sha256`` (a digest of its names) matches and the stored keys of the real names and of
2,000 synthetic ones equal what ``name_keys`` gives now; otherwise (or with ``--rebuild``) it
is built again.

Times ``screen(library, query, schema=..., limit=10)`` (default threshold) over the mix, three
rounds after a warm-up round, against a naive rapidfuzz scan over all names in the same run.
``--check-index`` also builds the ``NameIndex`` of the library's names (about 80 s, 1 GB) and
checks that both give the same hits; ``--profile`` prints a cProfile of one round.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import hashlib
import pstats
import random
import sqlite3
import statistics
import sys
import time
from pathlib import Path

from osint_desk.core.sanctions.entries import Alias, ListEntry, ListInfo
from osint_desk.core.sanctions.library import ListLibrary
from osint_desk.core.sanctions.library_schema import SCHEMA_VERSION
from osint_desk.core.sanctions.matching import NameIndex, name_keys
from osint_desk.core.sanctions.screening import screen

sys.path.insert(0, str(Path(__file__).parent))
from bench_matching_speed import (
    SEED,
    Query,
    naive_scan,
    query_mix,
    real_names,
    rss_mb,
    summary,
    synthesise,
)

OUT = Path(__file__).parent / "data"
LISTS = {"SDN": ("OFAC", "bench-sdn", "SDN 2019 (benchmark)"),
         "CONS": ("OFAC", "bench-cons", "Consolidated 2025 (benchmark)"),
         "UN": ("UN", "bench-un", "UN 2026 (benchmark)"),
         "SYN": ("SYN", "bench-syn", "Synthetic names (benchmark)")}
KEY_SAMPLE = 2000  # synthetic names whose stored keys are checked before reuse


def grouped(names: list[tuple[str, str, str]]) -> dict[str, list[ListEntry]]:
    """Entries per list prefix: the first name of an entry key is its primary name."""
    by_key: dict[str, list[tuple[str, str]]] = {}
    for key, name, schema in names:
        by_key.setdefault(key, []).append((name, schema))
    out: dict[str, list[ListEntry]] = {p: [] for p in LISTS}
    for key, items in by_key.items():
        prefix, ref = key.split(":", 1)
        authority, list_key, _title = LISTS[prefix]
        (name, schema), rest = items[0], items[1:]
        out[prefix].append(ListEntry(authority, list_key, ref, schema, name,
                                     aliases=tuple(Alias(n) for n, _s in rest)))
    return out


def digest(entries: list[ListEntry]) -> str:
    """Stands in for the file hash: changes when the synthesised names change."""
    h = hashlib.sha256()
    for entry in entries:
        h.update(f"{entry.entry_ref}\t{entry.schema}\t{entry.name}\t".encode())
        h.update("\t".join(a.name for a in entry.aliases).encode() + b"\n")
    return h.hexdigest()


def infos(entries: dict[str, list[ListEntry]]) -> dict[str, ListInfo]:
    return {p: ListInfo(LISTS[p][0], LISTS[p][1], LISTS[p][2], "2026-11-27", digest(entries[p]),
                        (f"synthesised:{LISTS[p][1]}",)) for p in LISTS}


def cache_is_valid(path: Path, wanted: dict[str, ListInfo]) -> bool:
    """The cached file holds these lists and its keys are what ``name_keys`` gives today."""
    if not path.exists():
        return False
    with ListLibrary(path) as library:
        for info in wanted.values():
            stored = library.list_info(info.list_key)
            if stored is None or stored.file_sha256 != info.file_sha256:
                print(f"cache: {info.list_key} differs; rebuilding")
                return False
        # Every name of the real lists (imported first: the lowest ids) and a sample of the
        # synthetic ones; one pass over the key table.
        conn = library.conn
        real_last = conn.execute("SELECT max(n.id) FROM names n JOIN entries e ON"
                                 " e.id = n.entry_id WHERE e.list_key != 'bench-syn'").fetchone()[0]
        last = conn.execute("SELECT max(id) FROM names").fetchone()[0]
        sample = random.Random(SEED + 3).sample(range(real_last + 1, last + 1), KEY_SAMPLE)
        marks = ",".join("?" * len(sample))
        rows = conn.execute(
            "SELECT n.id, n.name, e.schema FROM names n JOIN entries e ON e.id = n.entry_id"
            f" WHERE (n.id <= ? OR n.id IN ({marks})) AND n.strength = 'strong'",
            [real_last, *sample]).fetchall()
        stored_keys: dict[int, set[str]] = {nid: set() for nid, _n, _s in rows}
        for key, nid in conn.execute(
                f"SELECT key, name_id FROM name_keys WHERE name_id <= ? OR name_id IN ({marks})",
                [real_last, *sample]):
            stored_keys[nid].add(key)
        stale = [name for nid, name, schema in rows if stored_keys[nid] != name_keys(name, schema)]
        if stale:
            print(f"cache: stored keys of {len(stale)}/{len(rows)} sampled names differ from"
                  f" name_keys (e.g. {stale[0]!r}); rebuilding")
            return False
    return True


def build(path: Path, entries: dict[str, list[ListEntry]], wanted: dict[str, ListInfo]) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    with ListLibrary(path) as library:
        for prefix, info in wanted.items():
            t = time.perf_counter()
            report = library.import_entries(info, entries[prefix])
            print(f"  imported {info.list_key}: {report.total} entries in"
                  f" {time.perf_counter() - t:.1f} s")
        library.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def hits_of(library: ListLibrary, q: str, schema: str | None, threshold: float | None = None
            ) -> list[tuple[str, float]]:
    kwargs = {} if threshold is None else {"threshold": threshold}
    prefixes = {v[1]: p for p, v in LISTS.items()}
    return [(f"{prefixes[h.list_key]}:{h.entry_ref}", h.score)
            for h in screen(library, q, schema=schema, limit=10, **kwargs)]


def check_index(library: ListLibrary, mix: list[Query]) -> None:
    """The NameIndex of the same names gives the same hits (entries and scores)."""
    t = time.perf_counter()
    index = NameIndex()
    prefixes = {v[1]: p for p, v in LISTS.items()}
    for n in library.names():  # "list_key:entry_ref": what the library breaks ties by
        index.add(f"{n.list_key}:{n.entry_ref}", n.name, schema=n.schema)
    print(f"NameIndex of the library's {len(index)} names built in"
          f" {time.perf_counter() - t:.0f} s")
    differ = []
    for q, schema, _key in mix:
        memory = [(f"{prefixes[c.entry_key.split(':', 1)[0]]}:{c.entry_key.split(':', 1)[1]}",
                   c.score) for c in index.query(q, schema=schema, limit=10)]
        if memory != hits_of(library, q, schema):
            differ.append(q)
    print(f"screen() and NameIndex.query agree on {len(mix) - len(differ)}/{len(mix)} queries"
          + (f"; differ: {differ}" if differ else ""))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--names", type=int, default=1_000_000)
    ap.add_argument("--naive-queries", type=_count, default=20,
                    help="queries timed with the naive scan; 0 skips it")
    ap.add_argument("--rebuild", action="store_true", help="ignore a cached library file")
    ap.add_argument("--check-index", action="store_true",
                    help="compare every query's hits with NameIndex (slow, 1 GB)")
    ap.add_argument("--profile", action="store_true", help="cProfile one round of the mix")
    args = ap.parse_args()
    real = real_names()
    names = synthesise(real, args.names)
    entries = grouped(names)
    wanted = infos(entries)
    print(f"{len(real)} real names; {len(names)} names in "
          f"{sum(len(v) for v in entries.values())} entries; library schema {SCHEMA_VERSION};"
          f" SQLite {sqlite3.sqlite_version}")
    OUT.mkdir(exist_ok=True)
    path = OUT / f"screening-library-{args.names}-s{SEED}.sqlite"
    t = time.perf_counter()
    if args.rebuild or not cache_is_valid(path, wanted):
        print(f"building {path} ...")
        before = rss_mb()
        t = time.perf_counter()
        build(path, entries, wanted)
        print(f"library built in {time.perf_counter() - t:.0f} s (RSS +"
              f"{rss_mb() - before:.0f} MB)")
    else:
        print(f"reusing {path} (checked in {time.perf_counter() - t:.1f} s)")
    print(f"file size {path.stat().st_size / 1e6:.0f} MB")
    mix = query_mix(real, names)
    del entries  # a million ListEntry objects the timed part does not need: out of the GC's way
    gc.collect()
    rss_before = rss_mb()
    with ListLibrary(path) as library:
        conn = library.conn
        print(f"{library.screened_name_count()} screened names,"
              f" {conn.execute('SELECT count(*) FROM name_keys').fetchone()[0]} key rows,"
              f" {conn.execute('SELECT count(*) FROM key_df').fetchone()[0]} distinct keys")
        found = expected = 0
        missed: list[str] = []
        first: list[float] = []
        for q, schema, key in mix:  # warm-up and recall@10 of the queries with a known entry
            t = time.perf_counter()
            hits = hits_of(library, q, schema, threshold=0.0)
            first.append((time.perf_counter() - t) * 1000)
            if key is not None:
                expected += 1
                found += key in {k for k, _s in hits}
                if key not in {k for k, _s in hits}:
                    missed.append(q)
        print(f"recall@10 of the {expected} queries with a known entry: {found}/{expected}; "
              f"missed: {missed}")
        print(f"first (warm-up) round, threshold 0: median {statistics.median(first):.2f} ms,"
              f" max {max(first):.1f} ms")
        times: list[float] = []
        per_query: dict[str, float] = {}
        for _round in range(3):
            for q, schema, _key in mix:
                t = time.perf_counter()
                screen(library, q, schema=schema, limit=10)
                ms = (time.perf_counter() - t) * 1000
                times.append(ms)
                per_query[q] = min(ms, per_query.get(q, ms))
        med, p95, worst = summary(times)
        print(f"screen(): {len(mix)} queries x 3: median {med:.2f} ms, p95 {p95:.2f} ms, "
              f"max {worst:.1f} ms; RSS +{rss_mb() - rss_before:.0f} MB since opening the library")
        slowest = sorted(per_query, key=lambda q: -per_query[q])[:5]
        print("slowest queries (best of 3):",
              ", ".join(f"{q!r} {per_query[q]:.1f} ms" for q in slowest))
        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            for q, schema, _key in mix:
                screen(library, q, schema=schema, limit=10)
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
        if args.check_index:
            check_index(library, mix)
    if args.naive_queries == 0:
        print("naive rapidfuzz token_sort_ratio scan: skipped (--naive-queries 0)")
        return
    nmed = statistics.median(naive_scan(names, mix, args.naive_queries))
    print(f"naive rapidfuzz token_sort_ratio scan: {args.naive_queries} queries: median "
          f"{nmed:.0f} ms -> screen() is {nmed / med:.0f}x faster (median vs median)")


def _count(text: str) -> int:
    """A number of queries: 0 or more."""
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {value}")
    return value


if __name__ == "__main__":
    main()
