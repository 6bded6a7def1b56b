"""Quality benchmark of the screening matcher (issue 4).

Run: .venv/bin/python benchmarks/bench_matching_quality.py [-v] [--no-yente]
(-v lists the train half's errors at DEFAULT_THRESHOLD; rules are tuned on those only.)

1. nomenklatura name_bench cases: P/R/F1 of ``compare(...).score >= t``; t is chosen on a
   seeded half of the case groups (train) and reported on the other half (test) and on all,
   next to nomenklatura logic-v2 recomputed from its frozen results (threshold 0.7).
2. Recall@10 of the yente UN "treated" positives against every UN list name via NameIndex,
   and the rate of hits above the threshold on the two 1,000-name negative sets.
"""

from __future__ import annotations

import csv
import random
import sys
import time
from pathlib import Path

from lxml import etree

from osint_desk.core.sanctions.matching import DEFAULT_THRESHOLD, NameIndex, compare

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "sanctions"
BENCH = DATA / "matching_benchmarks"
SEED = 4


def prf(rows: list[tuple[bool, bool]]) -> tuple[float, float, float]:
    """Precision, recall, F1 of (predicted, actual) pairs."""
    tp = sum(p and a for p, a in rows)
    fp = sum(p and not a for p, a in rows)
    fn = sum(a and not p for p, a in rows)
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return prec, rec, f1


def split_groups(groups: list[str]) -> set[str]:
    """A fixed, seeded half of the case groups, used only for choosing the threshold."""
    rng = random.Random(SEED)
    uniq = sorted(set(groups))
    rng.shuffle(uniq)
    return set(uniq[: len(uniq) // 2])


def load_cases() -> list[dict[str, str]]:
    with (BENCH / "nomenklatura_name_bench_cases.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        row["split_group"] = row["case_group"]
    return rows


def name_bench(threshold_out: list[float]) -> None:
    cases = load_cases()
    scores = []
    t0 = time.perf_counter()
    for row in cases:
        cmp = compare(row["name1"], row["name2"], query_schema=row["schema"],
                      candidate_schema=row["schema"])
        scores.append(cmp.score)
    elapsed = time.perf_counter() - t0
    train = split_groups([r["split_group"] for r in cases])
    is_train = [r["split_group"] in train for r in cases]
    actual = [r["is_match"] == "true" for r in cases]
    best_t, best_f1 = 0.5, -1.0
    for k in range(40, 100):
        t = k / 100
        f1 = prf([(s >= t, a) for s, a, tr in zip(scores, actual, is_train, strict=True) if tr])[2]
        if f1 > best_f1:
            best_t, best_f1 = t, f1
    threshold_out.append(best_t)
    print(f"name_bench: {len(cases)} cases, {elapsed * 1000 / len(cases):.3f} ms/compare")
    print(f"train groups: {sorted(train)}")
    print(f"threshold chosen on train half: {best_t:.2f} (train F1 {best_f1:.3f}); "
          f"DEFAULT_THRESHOLD in code: {DEFAULT_THRESHOLD}")
    with (BENCH / "nomenklatura_logicv2_frozen_results.csv").open(encoding="utf-8") as f:
        ref = {(r["case_group"], r["name1"], r["name2"], r["schema"]): float(r["score"])
               for r in csv.DictReader(f)}
    for label, sel in (("test half", [not x for x in is_train]), ("train half", is_train),
                       ("all", [True] * len(cases))):
        for t in sorted({best_t, DEFAULT_THRESHOLD}):
            p, r, f1 = prf([(s >= t, a) for s, a, x in zip(scores, actual, sel, strict=True)
                            if x])
            print(f"  ours  t={t:.2f} {label:10s} n={sum(sel):3d} P {p:.3f} R {r:.3f} F1 {f1:.3f}")
        ref_rows = []
        for row, a, x in zip(cases, actual, sel, strict=True):
            key = (row["case_group"], row["name1"], row["name2"], row["schema"])
            if x and key in ref:
                ref_rows.append((ref[key] >= 0.7, a))
        p, r, f1 = prf(ref_rows)
        print(f"  logic-v2 t=0.70 {label:10s} n={len(ref_rows):3d} P {p:.3f} R {r:.3f} "
              f"F1 {f1:.3f}")
    with (BENCH / "nomenklatura_logicv2_frozen_results.csv").open(encoding="utf-8") as f:
        frozen = list(csv.DictReader(f))
    p, r, f1 = prf([(float(x["score"]) >= 0.7, x["is_match"] == "true") for x in frozen])
    print(f"  logic-v2 t=0.70 its own frozen file n={len(frozen)} P {p:.3f} R {r:.3f} F1 {f1:.3f}"
          " (an older version of the cases: 64 of today's cases are not in it)")
    shared = [(s >= DEFAULT_THRESHOLD, a) for row, s, a in zip(cases, scores, actual, strict=True)
              if (row["case_group"], row["name1"], row["name2"], row["schema"]) in ref]
    p, r, f1 = prf(shared)
    print(f"  ours  t={DEFAULT_THRESHOLD:.2f} on the {len(shared)} cases logic-v2 also scored: "
          f"P {p:.3f} R {r:.3f} F1 {f1:.3f}")
    if "-v" in sys.argv:  # errors of the train half only: the test half stays unread
        for row, s, a, tr in zip(cases, scores, actual, is_train, strict=True):
            if tr and (s >= DEFAULT_THRESHOLD) != a:
                kind = "FN" if a else "FP"
                print(f"{kind} {s:.3f} {row['schema']}: {row['name1']} | {row['name2']}")


def un_names() -> list[tuple[str, str, str, str]]:
    """(entry key, name, schema, strength) for every UN list name."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.parse(str(DATA / "un_consolidated_2026-02-27.xml"), parser).getroot()
    out: list[tuple[str, str, str, str]] = []
    for ind in root.iter("INDIVIDUAL"):
        ref = ind.findtext("REFERENCE_NUMBER") or ind.findtext("DATAID") or ""
        parts = [ind.findtext(t) for t in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME",
                                            "FOURTH_NAME")]
        out.append((ref, " ".join(p.strip() for p in parts if p and p.strip()), "Person",
                    "strong"))
        for al in ind.iter("INDIVIDUAL_ALIAS"):
            name = (al.findtext("ALIAS_NAME") or "").strip()
            if name:
                weak = (al.findtext("QUALITY") or "").strip().lower() in {"low", "very low"}
                out.append((ref, name, "Person", "weak" if weak else "strong"))
    for ent in root.iter("ENTITY"):
        ref = ent.findtext("REFERENCE_NUMBER") or ent.findtext("DATAID") or ""
        out.append((ref, (ent.findtext("FIRST_NAME") or "").strip(), "Organization", "strong"))
        for al in ent.iter("ENTITY_ALIAS"):
            name = (al.findtext("ALIAS_NAME") or "").strip()
            if name:
                weak = (al.findtext("QUALITY") or "").strip().lower() in {"low", "very low"}
                out.append((ref, name, "Organization", "weak" if weak else "strong"))
    return out


def yente(threshold: float) -> None:
    names = un_names()
    index = NameIndex()
    for ref, name, schema, strength in names:
        index.add(ref, name, schema=schema, strength=strength)
    t0 = time.perf_counter()
    index.build()
    print(f"\nUN index: {len(names)} names, built in {time.perf_counter() - t0:.2f} s")
    with (BENCH / "yente_positives_un_treated.csv").open(encoding="utf-8") as f:
        pos = list(csv.DictReader(f))
    with (BENCH / "yente_positives_un_untreated.csv").open(encoding="utf-8") as f:
        untreated = [r["full_name"] for r in csv.DictReader(f)]
    # Ground truth: the untreated row is the listed name itself; find its entries exactly.
    by_name: dict[str, set[str]] = {}
    for ref, name, _schema, _s in names:
        by_name.setdefault(" ".join(name.upper().split()), set()).add(ref)
    hits = found_gt = 0
    misses: list[str] = []
    t0 = time.perf_counter()
    for row, plain in zip(pos, untreated, strict=True):
        gt = by_name.get(" ".join(plain.upper().split()), set())
        if not gt:
            continue
        found_gt += 1
        res = index.query(row["full_name"], schema="Person", limit=10, threshold=0.0)
        if gt & {c.entry_key for c in res}:
            hits += 1
        else:
            misses.append(f"{row['full_name']} (listed {plain})")
    per_q = (time.perf_counter() - t0) * 1000 / max(1, found_gt)
    print(f"yente UN treated: recall@10 {hits}/{found_gt} = {hits / max(1, found_gt):.4f} "
          f"({len(pos) - found_gt} rows whose listed name was not found verbatim skipped; "
          f"{per_q:.1f} ms/query)")
    for m in misses[:20]:
        print("  miss:", m)
    for fname in ("yente_negatives_us_1000.csv", "yente_negatives_global_1000.csv"):
        with (BENCH / fname).open(encoding="utf-8") as f:
            neg = [r["full_name"] for r in csv.DictReader(f)]
        flagged = [n for n in neg if index.query(n, schema="Person", limit=1,
                                                 threshold=threshold)]
        print(f"{fname}: {len(flagged)}/{len(neg)} = {len(flagged) / len(neg):.3f} with a hit "
              f">= {threshold:.2f}")
        for n in flagged[:5]:
            top = index.query(n, schema="Person", limit=1, threshold=threshold)[0]
            print(f"  {n} -> {top.matched_name} {top.score:.2f}")


if __name__ == "__main__":
    chosen: list[float] = []
    name_bench(chosen)
    if "--no-yente" not in sys.argv:
        yente(DEFAULT_THRESHOLD)
