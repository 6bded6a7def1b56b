"""The offline basemap and gazetteer (issue 14): decode, projection, index load, look-ups.

Run: .venv/bin/python benchmarks/bench_geo.py [--repeat 5] [--lookups 200] [--datasets 15000]

- Basemap, fresh process: a new interpreter imports ``core.geo.basemap`` and calls
  ``load_basemap()`` (read + decode + antimeridian cut + labels): the cost the first map view
  pays. Reported with and without the import time.
- Basemap, in process: ``decode_basemap`` on the bytes already read (median of ``--repeat``),
  the cached ``load_basemap()`` call, and projecting every ring with ``DEFAULT_PROJECTION``.
- Gazetteer: ``Gazetteer(min_population).load()`` in a fresh process and in process (median),
  then ``candidates`` on a query mix (exact, alternate, other script, country, prefix), each
  query ``--lookups`` times: median and 95th percentile per query.

Nothing is timed against a target in CI; figures go in RESULTS.md with the machine's load.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

QUERIES = ("St. Petersburg", "Bakhmut", "Artemivsk", "Бахмут", "Pyongyang", "North Korea",
           "Moscow", "Kiev", "San", "Pyongy", "Florida", "Qqqxxzz")

FRESH_BASEMAP = """
import time
start = time.perf_counter()
from osint_desk.core.geo.basemap import load_basemap
imported = time.perf_counter()
basemap = load_basemap()
done = time.perf_counter()
print(done - start, done - imported, len(basemap))
"""

FRESH_GAZETTEER = """
import sys, time
start = time.perf_counter()
from osint_desk.core.geo.gazetteer import Gazetteer
imported = time.perf_counter()
gazetteer = Gazetteer(int(sys.argv[1]))
gazetteer.load()
loaded = time.perf_counter()
gazetteer.candidates("St. Petersburg")
first = time.perf_counter()
print(loaded - start, loaded - imported, first - loaded, len(gazetteer))
"""


def timed(function: Callable[[], Any], repeat: int) -> tuple[list[float], Any]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return times, result


def fresh(code: str, *args: str) -> list[float]:
    output = subprocess.run([sys.executable, "-c", code, *args], capture_output=True,
                            text=True, check=True).stdout
    return [float(v) for v in output.split()]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms"


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def bench_basemap(repeat: int) -> None:
    from osint_desk.core.geo.basemap import basemap_path, decode_basemap, load_basemap
    from osint_desk.core.geo.projection import DEFAULT_PROJECTION

    runs = [fresh(FRESH_BASEMAP) for _ in range(repeat)]
    total = statistics.median(r[0] for r in runs)
    decode = statistics.median(r[1] for r in runs)
    print(f"basemap, fresh process ({repeat} runs, median): import + load {ms(total)},"
          f" load alone {ms(decode)}; {int(runs[0][2])} countries")
    data = basemap_path().read_bytes()
    times, basemap = timed(lambda: decode_basemap(data), repeat)
    print(f"basemap, in process: decode_basemap {ms(statistics.median(times))} (median of"
          f" {repeat}; {len(data):,} bytes, {sum(c.point_count for c in basemap):,} points,"
          f" {sum(len(c.rings) for c in basemap):,} rings)")
    load_basemap()
    times, _ = timed(load_basemap, 1000)
    print(f"basemap, cached load_basemap(): {statistics.median(times) * 1e6:.2f} µs")
    times, _ = timed(lambda: [DEFAULT_PROJECTION.project(ring) for country in basemap
                              for ring in country.rings], repeat)
    print(f"basemap, projecting every ring ({DEFAULT_PROJECTION.kind}):"
          f" {ms(statistics.median(times))}")


def bench_gazetteer(dataset: int, repeat: int, lookups: int) -> None:
    runs = [fresh(FRESH_GAZETTEER, str(dataset)) for _ in range(repeat)]
    print(f"gazetteer cities{dataset}, fresh process ({repeat} runs, median): import + load"
          f" {ms(statistics.median(r[0] for r in runs))}, load alone"
          f" {ms(statistics.median(r[1] for r in runs))}, first query (decodes the basemap"
          f" only if a country is among the answers) {ms(statistics.median(r[2] for r in runs))};"
          f" {int(runs[0][3]):,} places")
    times, gazetteer = timed(lambda: _loaded(dataset), repeat)
    print(f"gazetteer cities{dataset}, in process: load {ms(statistics.median(times))}"
          f" (median of {repeat})")
    gazetteer.candidates("North Korea")  # countries' points come from the basemap once
    pooled: list[float] = []
    for query in QUERIES:
        times, found = timed(lambda q=query: gazetteer.candidates(q), lookups)
        pooled += times
        first = f"{found[0].label} ({found[0].kind})" if found else "nothing"
        print(f"  {query!r:18} median {times_us(statistics.median(times))}"
              f"  p95 {times_us(p95(times))}  -> {len(found)}, first {first}")
    print(f"  all queries: median {times_us(statistics.median(pooled))},"
          f" p95 {times_us(p95(pooled))}, max {times_us(max(pooled))}")


def times_us(seconds: float) -> str:
    return f"{seconds * 1e6:8,.0f} µs"


def _loaded(dataset: int) -> Any:
    from osint_desk.core.geo.gazetteer import Gazetteer

    gazetteer = Gazetteer(dataset)
    gazetteer.load()
    return gazetteer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--lookups", type=int, default=200)
    parser.add_argument("--datasets", type=int, nargs="+", default=[15000],
                        help="GeoNames city sets to load (500, 1000, 5000, 15000)")
    args = parser.parse_args()
    load = os.getloadavg() if hasattr(os, "getloadavg") else ("?",)
    print(f"Python {platform.python_version()}, {platform.platform()}, {os.cpu_count()} cores,"
          f" load average {load[0]}")
    bench_basemap(args.repeat)
    for dataset in args.datasets:
        bench_gazetteer(dataset, args.repeat, args.lookups)
    load = os.getloadavg() if hasattr(os, "getloadavg") else ("?",)
    print(f"load average at the end {load[0]}")


if __name__ == "__main__":
    main()
