"""Timeline items for the 100,000-excerpt case (issue 14: the view opens in <= 2 s).

    .venv/bin/python benchmarks/bench_timeline.py [CASE] [--repeat 5]

CASE defaults to the search benchmark's case, ``benchmarks/data/bench-10000x100000-s1
.osintcase`` (made by ``generate_case.py`` if missing: about 4 minutes). That generator dates
only sources, so on first use this script copies CASE (SQLite's backup API) to
``<CASE stem>-timeline.osintcase`` and adds, through the store API and from a seeded
``random.Random``: an event date on every excerpt, spread over 30 years (1995-2024; 10 % year
only, 25 % month only, 55 % a day, 10 % an instant with an offset from -12:00 to +14:00, a
third of those without one), one to three cards per excerpt (Zipf-weighted), a stance on
half, 5,000 relationships with periods (one in fifty ending before it starts, as a hostile
file could), 1,000 sanctions records with listing dates (one in ten delisted) and tags on
5,000 excerpts.

Times, median of ``--repeat`` runs after one warm-up (the page cache holds the file, as it
does once a case is open; the first read of the process, with the timeline's date-parse
cache still empty, is printed apart): each of the store's batched queries, ``load_timeline`` for the
whole case (the figure the view pays when it opens), one card's timeline (the filter's
cards narrow the queries) and the same filter over the loaded items, the overall range, and
the CSV export of every item. Peak RSS at the end.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from osint_desk.core.exports.timeline_csv import export_timeline_csv  # noqa: E402
from osint_desk.core.store import CaseStore  # noqa: E402
from osint_desk.core.store.timeline_data import timeline_data  # noqa: E402
from osint_desk.core.timeline import TimelineFilter, load_timeline, time_range  # noqa: E402

DEFAULT_CASE = HERE / "data" / "bench-10000x100000-s1.osintcase"
TARGET_S = 2.0


def _zipf_weights(count: int) -> list[float]:
    return [(rank + 2.7) ** -1.07 for rank in range(1, count + 1)]


def _event_date(rng: random.Random) -> str:
    year = rng.randint(1995, 2024)
    roll = rng.random()
    if roll < 0.10:
        return f"{year}"
    if roll < 0.35:
        return f"{year}-{rng.randint(1, 12):02d}"
    day = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    if roll < 0.90:
        return day
    clock = f"{day}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}"
    if rng.random() < 0.33:
        return clock
    minutes = rng.randrange(-12 * 60, 14 * 60 + 1, 30)
    sign = "-" if minutes < 0 else "+"
    return f"{clock}{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def prepare(base: Path, out: Path, seed: int = 14) -> None:
    """Copy the generated case and date it: event dates, cards, periods, listings, tags."""
    started = time.perf_counter()
    partial = out.with_name(out.stem + ".partial" + out.suffix)
    partial.unlink(missing_ok=True)
    with CaseStore.open(base, read_only=True) as source:
        source.backup_to(partial)
    rng = random.Random(seed)
    with CaseStore.open(partial, actor="benchmark") as store:
        cards = store.entities.list()
        weights = _zipf_weights(len(cards))
        excerpts = store.excerpts.list()
        print(f"copied in {time.perf_counter() - started:.0f} s; dating {len(excerpts):,}"
              " excerpts", flush=True)
        for start in range(0, len(excerpts), 5000):
            with store.transaction():
                for excerpt in excerpts[start:start + 5000]:
                    stance = rng.choice(("asserts", "denies", "confirms", "reports")) \
                        if rng.random() < 0.5 else None
                    store.excerpts.update(excerpt.id, event_date=_event_date(rng),
                                          stance=stance)
                    for card in {rng.choices(cards, weights=weights)[0].id
                                 for _ in range(rng.choices((1, 2, 3), (6, 3, 1))[0])}:
                        store.excerpts.link_entity(excerpt.id, card)
            print(f"  {start + 5000:,} excerpts, {time.perf_counter() - started:.0f} s",
                  flush=True)
        with store.transaction():
            for _ in range(5000):
                subject, obj = rng.sample(cards, 2)
                first = rng.randint(1995, 2022)
                start_date = f"{first}-{rng.randint(1, 12):02d}"
                end_date = None if rng.random() < 0.3 else f"{rng.randint(first, 2024)}"
                relationship = store.relationships.add(
                    subject.id, rng.choice(("supplied", "funded", "owns", "met")), obj.id,
                    start=start_date, end=end_date, confidence=rng.randint(10, 95),
                    evidence=[(e.id, "supports") for e in rng.sample(excerpts, 2)])
                if rng.random() < 0.02:  # what only a hostile or foreign file holds
                    store._ctx.conn.execute(
                        "UPDATE relationships SET end_date = ? WHERE public_id = ?",
                        (str(first - 1), relationship.id))
            for number in range(1000):
                card = rng.choices(cards, weights=weights)[0]
                delisted = rng.random() < 0.1
                store.sanctions.add(
                    card.id, rng.choice(("OFAC", "EU", "UK", "UN")), list_name="list",
                    programs=["RUSSIA-EO14024"], entry_ref=f"T-{number:05d}",
                    listed_on=f"20{rng.randint(14, 23)}-{rng.randint(1, 12):02d}-"
                              f"{rng.randint(1, 28):02d}",
                    delisted_on="2024-06" if delisted else None,
                    status="delisted" if delisted else "active")
            for excerpt in rng.sample(excerpts, 5000):
                store.tags.tag("excerpt", excerpt.id, f"topic {rng.randint(1, 40):02d}")
    partial.rename(out)
    print(f"wrote {out} in {time.perf_counter() - started:.0f} s", flush=True)


def timed(repeat: int, run: Callable[[], object]) -> list[float]:
    run()  # warm-up: page cache, parse caches of the interpreter
    times = []
    for _ in range(repeat):
        begin = time.perf_counter()
        run()
        times.append(time.perf_counter() - begin)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("case", nargs="?", type=Path, default=DEFAULT_CASE)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    base: Path = args.case
    if not base.exists():
        if base != DEFAULT_CASE:
            parser.error(f"{base} does not exist")
        base.parent.mkdir(exist_ok=True)
        subprocess.run([sys.executable, str(HERE / "generate_case.py"), str(base)], check=True)
    case = base.with_name(f"{base.stem}-timeline{base.suffix}")
    if not case.exists():
        prepare(base, case)
    with CaseStore.open(case, read_only=True) as store:
        counts = store.counts()
        data = timeline_data(store)
        begin = time.perf_counter()
        timeline = load_timeline(store)
        first = time.perf_counter() - begin  # the process's parse cache still empty
        busiest = max(timeline.cards, key=lambda card: sum(
            card in item.card_ids for item in timeline.items[:20000]))
        keep = TimelineFilter.of(card_ids=[busiest])
        print(f"case: {counts.sources:,} sources, {counts.excerpts:,} excerpts,"
              f" {counts.entities:,} cards, {counts.relationships:,} relationships,"
              f" {counts.sanctions:,} sanctions; timeline: {len(timeline.items):,} items,"
              f" {sum(item.error for item in timeline.items):,} in error,"
              f" {len(timeline.problems):,} problems; busiest card"
              f" {timeline.cards[busiest]!r}: {len(keep.apply(timeline.items)):,} items")
        with tempfile.TemporaryDirectory() as tmp:
            rows: dict[str, list[float]] = {
                "query: excerpt event dates": timed(args.repeat, data.excerpt_dates),
                "query: relationship periods": timed(args.repeat, data.relationship_dates),
                "query: sanctions dates": timed(args.repeat, data.sanction_dates),
                "query: sources (titles, grades, dates)": timed(
                    args.repeat, lambda: timeline_data(store).sources()),
                "query: card dates": timed(args.repeat, data.card_dates),
                "query: card names + taggings": timed(
                    args.repeat, lambda: (data.card_names(), data.taggings())),
                "timeline items (load_timeline, whole case)": timed(
                    args.repeat, lambda: load_timeline(store)),
                "one card's timeline (load_timeline, card filter)": timed(
                    args.repeat, lambda: load_timeline(store, keep)),
                "filter one card (from loaded items)": timed(
                    args.repeat, lambda: timeline.filtered(keep)),
                "overall range": timed(args.repeat, timeline.range),
                "CSV export, every item": timed(args.repeat, lambda: export_timeline_csv(
                    timeline, Path(tmp) / "timeline.csv")),
            }
    print(f"{'step':46} {'median s':>9} {'max s':>7}")
    for name, times in rows.items():
        print(f"{name:46} {statistics.median(times):9.3f} {max(times):7.3f}")
    whole = statistics.median(rows["timeline items (load_timeline, whole case)"])
    span = time_range(timeline.items)
    print(f"timeline items for the whole case: first read in the process {first:.2f} s, then"
          f" {whole:.2f} s (target for the view's opening: <= {TARGET_S:.0f} s); range"
          f" {span[0]:%Y-%m-%d} .. {span[1]:%Y-%m-%d}" if span else "no items")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
