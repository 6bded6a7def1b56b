"""Speed benchmark of screening: NameIndex over 1,000,000 names vs a naive rapidfuzz scan.

Run: .venv/bin/python benchmarks/bench_matching_speed.py [--names N] [--naive-queries K]
(``--naive-queries 0`` skips the naive scan.)

The library is synthesised from the real list names (SDN 2019 + UN 2026 + Consolidated 2025):
the real names themselves, plus person names drawn from their given names and surnames and
organisation names from their words, each with Zipf-distributed frequencies (so the most
common surname is in about 1 % of all names and its candidate set is large), with typos,
dropped parts and reordering. The query mix is fixed (seeded). ``bench_screening_speed.py``
times the same names and queries through the SQLite list library (``screen()``).
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from rapidfuzz import fuzz, process

from osint_desk.core.sanctions.matching import NameIndex

sys.path.insert(0, str(Path(__file__).parent))
from bench_matching_quality import BENCH, DATA, un_names

SEED = 4


def ofac_names(folder: Path, prim: str, alt: str) -> list[tuple[str, str, str]]:
    """(entry key, name, schema) from an OFAC legacy CSV pair (no header, '-0-' null)."""
    out: list[tuple[str, str, str]] = []
    schemas: dict[str, str] = {}
    with (folder / prim).open(encoding="utf-8", errors="replace", newline="") as f:
        for row in csv.reader(line.replace("\x1a", "") for line in f):
            if len(row) > 2 and row[1].strip() != "-0-":
                schemas[row[0]] = "Person" if row[2].strip() == "individual" else "Organization"
                out.append((row[0], row[1].strip(), schemas[row[0]]))
    with (folder / alt).open(encoding="utf-8", errors="replace", newline="") as f:
        for row in csv.reader(line.replace("\x1a", "") for line in f):
            if len(row) > 3 and row[3].strip() != "-0-":
                out.append((row[0], row[3].strip(), schemas.get(row[0], "Organization")))
    return out


def real_names() -> list[tuple[str, str, str]]:
    names = [(f"SDN:{k}", n, s) for k, n, s in
             ofac_names(DATA / "ofac_sdn_csv_full_2019", "sdn.csv", "alt.csv")]
    names += [(f"CONS:{k}", n, s) for k, n, s in
              ofac_names(DATA / "ofac_cons_csv_2025", "cons_prim.csv", "cons_alt.csv")]
    names += [(f"UN:{k}", n, s) for k, n, s, strength in un_names() if strength == "strong"]
    return [x for x in names if x[1]]


def typo(rng: random.Random, word: str) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    op = rng.randrange(3)
    if op == 0:
        return word[:i] + word[i + 1:]
    if op == 1:
        return word[:i] + rng.choice("aeiouyklmnrst") + word[i + 1:]
    return word[:i - 1] + word[i] + word[i - 1] + word[i + 1:]


def zipf_picker(rng: random.Random, items: list[str], s: float = 1.0) -> Callable[[int], list[str]]:
    weights = [1 / (r + 1) ** s for r in range(len(items))]
    cum: list[float] = []
    total = 0.0
    for w in weights:
        total += w
        cum.append(total)

    def pick(k: int) -> list[str]:
        """k parts drawn with Zipf weights."""
        return rng.choices(items, cum_weights=cum, k=k)
    return pick


def synthesise(real: list[tuple[str, str, str]], n: int) -> list[tuple[str, str, str]]:
    rng = random.Random(SEED)
    person_parts: dict[str, int] = {}
    org_words: dict[str, int] = {}
    for _k, name, schema in real:
        words = name.replace(",", " ").split()
        target = person_parts if schema == "Person" else org_words
        for w in words:
            if len(w) > 1 and w.isalpha():
                target[w.upper()] = target.get(w.upper(), 0) + 1
    # Rank parts by how common they are in the real lists, then draw with Zipf weights.
    people = sorted(person_parts, key=lambda w: -person_parts[w])
    orgs = sorted(org_words, key=lambda w: -org_words[w])
    pick_person = zipf_picker(rng, people, 1.05)
    pick_org = zipf_picker(rng, orgs, 1.0)
    forms = ["LLC", "LTD", "OOO", "CO., LTD.", "S.A.", "GMBH", "JSC", "CORPORATION", "INC", ""]
    out = list(real)
    i = 0
    while len(out) < n:
        i += 1
        if rng.random() < 0.75:
            parts = pick_person(rng.choice((2, 2, 3, 3, 4)))
            if rng.random() < 0.15:
                parts = [typo(rng, p) if rng.random() < 0.5 else p for p in parts]
            out.append((f"SYN:{i}", " ".join(parts), "Person"))
        else:
            parts = pick_org(rng.choice((1, 2, 2, 3)))
            out.append((f"SYN:{i}", " ".join([*parts, rng.choice(forms)]).strip(),
                        "Organization"))
    return out


Query = tuple[str, str | None, str | None]  # query, schema, expected entry key


def query_mix(real: list[tuple[str, str, str]], names: list[tuple[str, str, str]]) -> list[
        Query]:
    """A fixed mix: listed names, typos + reordering, Cyrillic, common names, non-matches."""
    rng = random.Random(SEED + 1)
    persons = [(k, n) for k, n, s in real if s == "Person"]
    orgs = [(k, n) for k, n, s in real if s != "Person"]
    mix: list[Query] = []
    mix += [(n, "Person", k) for k, n in rng.sample(persons, 25)]
    mix += [(n, "Organization", k) for k, n in rng.sample(orgs, 15)]
    for k, n in rng.sample(persons, 20):  # typos and reordering
        parts = [typo(rng, p) for p in n.replace(",", " ").split()]
        rng.shuffle(parts)
        mix.append((" ".join(parts), "Person", k))
    mix += [("Евгений Пригожин", "Person", "SDN:21171"),
            ("Jewgeni Prigoschin", "Person", "SDN:21171")]
    common = ("Владимир Путин", "Mohammad Ali", "Abdul Rahman", "Mohammed Khan", "Ali Hassan",
              "Kim Chol", "Mohammad Abdullah Khan", "ABDUL GHANI", "Ahmad Shah",
              "Hassan Ali Mohammed")
    mix += [(n, "Person", None) for n in common]
    # Synthetic library names: no expected entry (the same name is often drawn many times).
    mix += [(n, "Person", None) for _k, n, s in rng.sample(names, 15) if s == "Person"]
    with (BENCH / "yente_negatives_global_1000.csv").open(encoding="utf-8") as f:
        neg = [r["full_name"] for r in csv.DictReader(f)]
    mix += [(n, "Person", None) for n in rng.sample(neg, 15)]
    return mix


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--names", type=int, default=1_000_000)
    ap.add_argument("--naive-queries", type=_count, default=20,
                    help="queries timed with the naive scan; 0 skips it")
    args = ap.parse_args()
    real = real_names()
    names = synthesise(real, args.names)
    print(f"{len(real)} real names; library of {len(names)} names")
    before = rss_mb()
    t0 = time.perf_counter()
    index = NameIndex()
    for key, name, schema in names:
        index.add(key, name, schema=schema)
    index.build()
    build_s = time.perf_counter() - t0
    print(f"index built in {build_s:.1f} s; {index.key_count()} distinct keys; "
          f"RSS +{rss_mb() - before:.0f} MB (now {rss_mb():.0f} MB)")
    mix = query_mix(real, names)
    found = expected = 0
    missed = []
    for q, schema, key in mix:  # warm-up and recall@10 of the queries with a known entry
        hits = index.query(q, schema=schema, limit=10, threshold=0.0)
        if key is not None:
            expected += 1
            found += key in {h.entry_key for h in hits}
            if key not in {h.entry_key for h in hits}:
                missed.append(q)
    print(f"recall@10 of the {expected} queries with a known entry: {found}/{expected}; "
          f"missed: {missed}")
    times: list[float] = []
    for _round in range(3):
        for q, schema, _key in mix:
            t = time.perf_counter()
            index.query(q, schema=schema, limit=10)
            times.append((time.perf_counter() - t) * 1000)
    med, p95, worst_ms = summary(times)
    print(f"NameIndex.query: {len(mix)} queries x 3: median {med:.2f} ms, p95 {p95:.2f} ms, "
          f"max {worst_ms:.1f} ms")
    worst = sorted(mix, key=lambda x: -min(_time(index, x[0], x[1]) for _ in range(2)))[:5]
    print("slowest queries:", [x[0] for x in worst])
    if args.naive_queries == 0:
        print("naive rapidfuzz token_sort_ratio scan: skipped (--naive-queries 0)")
        return
    nmed = statistics.median(naive_scan(names, mix, args.naive_queries))
    print(f"naive rapidfuzz token_sort_ratio scan: {args.naive_queries} queries: median "
          f"{nmed:.0f} ms -> index is {nmed / med:.0f}x faster (median vs median)")


def _count(text: str) -> int:
    """A number of queries: 0 or more."""
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {value}")
    return value


def summary(times: list[float]) -> tuple[float, float, float]:
    """Median, p95 (nearest rank below) and max of timings in ms."""
    times = sorted(times)
    return statistics.median(times), times[int(0.95 * (len(times) - 1))], times[-1]


def naive_scan(names: list[tuple[str, str, str]], mix: list[Query], k: int) -> list[float]:
    """ms per query of ``rapidfuzz.process.extract`` over every name (lower-cased once), for a
    seeded sample of *k* queries of the mix (all of it when *k* is larger): the baseline an
    index has to beat."""
    flat = [n.lower() for _k, n, _s in names]
    naive: list[float] = []
    rng = random.Random(SEED + 2)
    for q, _schema, _key in rng.sample(mix, min(k, len(mix))):  # at most the whole mix
        t = time.perf_counter()
        process.extract(q.lower(), flat, scorer=fuzz.token_sort_ratio, processor=None, limit=10)
        naive.append((time.perf_counter() - t) * 1000)
    return naive


def _time(index: NameIndex, q: str, schema: str | None) -> float:
    t = time.perf_counter()
    index.query(q, schema=schema)
    return time.perf_counter() - t


if __name__ == "__main__":
    main()
