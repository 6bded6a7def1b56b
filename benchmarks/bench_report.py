"""Report export speed on a 1,000-excerpt case (issue 5: HTML ≤ 3 s, PDF ≤ 15 s).

    .venv/bin/python benchmarks/bench_report.py [--excerpts 1000] [--repeat 3]

Builds (once, cached under benchmarks/data/) a case with the search benchmark's generator:
100 sources, 1,000 excerpts in four scripts, 100 cards; then links every excerpt to one or two
cards, dates a third of them, and adds 300 relationships with two or three pieces of evidence
each (one in ten contradicting) and 40 sanctions records, so every section of the report has
work to do. Times, median of ``--repeat`` runs: composing the Markdown, the HTML file, the PDF
and the ODT, each end to end from an open case to a file. The baseline in the same run is
python-markdown converting the composed Markdown alone (what any Markdown-to-HTML report would
pay at least).
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import markdown

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from osint_desk.core.report import compose_report  # noqa: E402
from osint_desk.core.store import CaseStore  # noqa: E402
from osint_desk.docwriter.export import export_report  # noqa: E402

DATA = ROOT / "benchmarks" / "data"


def build(path: Path, excerpts: int, seed: int = 7) -> None:
    sources = max(1, excerpts // 10)
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate_case.py"), str(path),
                    "--sources", str(sources), "--excerpts", str(excerpts), "--entities", "100",
                    "--seed", str(seed)], check=True, stdout=subprocess.DEVNULL)
    rng = random.Random(seed)
    with CaseStore.open(path, actor="benchmark") as store, store.transaction():
        cards = store.entities.list()
        all_excerpts = store.excerpts.list()
        for excerpt in all_excerpts:
            for card in rng.sample(cards, rng.randint(1, 2)):
                store.excerpts.link_entity(excerpt.id, card.id)
            if rng.random() < 0.33:
                store.excerpts.update(excerpt.id, event_date=f"20{rng.randint(10, 24)}-"
                                      f"{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}")
        predicates = ["supplied", "funded", "owns", "associate of", "paid", "met"]
        for _ in range(300):
            subject, obj = rng.sample(cards, 2)
            evidence = [(e.id, "contradicts" if rng.random() < 0.1 else "supports")
                        for e in rng.sample(all_excerpts, rng.randint(2, 3))]
            store.relationships.add(subject.id, rng.choice(predicates), obj.id,
                                    confidence=rng.randint(10, 95), evidence=evidence,
                                    note="Assessed from the cited statements.")
        for card in rng.sample(cards, 40):
            store.sanctions.add(card.id, "OFAC", list_name="SDN", programs=["RUSSIA-EO14024"],
                                entry_ref=str(rng.randint(10000, 99999)), listed_on="2022-03-11",
                                evidence=[(rng.choice(all_excerpts).id, "supports")])
        store.update_meta(summary="Synthetic case for the report benchmark.",
                          marking="BENCHMARK", author="OSINT Desk")


def timed(repeat: int, run: object) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--excerpts", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    DATA.mkdir(exist_ok=True)
    case = DATA / f"report-bench-{args.excerpts}.osintcase"
    if not case.exists():
        started = time.perf_counter()
        build(case, args.excerpts)
        print(f"built {case.name} in {time.perf_counter() - started:.1f} s")
    with CaseStore.open(case, read_only=True) as store, \
            tempfile.TemporaryDirectory() as tmp:
        counts = store.counts()
        report = compose_report(store)
        print(f"case: {counts.sources} sources, {counts.excerpts} excerpts, {counts.entities}"
              f" cards, {counts.relationships} relationships, {counts.sanctions} sanctions;"
              f" report: {len(report.markdown):,} characters of Markdown, {report.notes}"
              " notes")
        out = Path(tmp)
        rows = {
            "baseline: markdown.markdown() only": timed(args.repeat, lambda: markdown.markdown(
                report.markdown, extensions=["footnotes", "tables"])),
            "compose Markdown": timed(args.repeat, lambda: compose_report(store)),
            "HTML file (compose + render)": timed(
                args.repeat, lambda: export_report(store, "html", out / "r.html")),
            "PDF file (compose + layout)": timed(
                args.repeat, lambda: export_report(store, "pdf", out / "r.pdf")),
            "ODT file (compose + layout)": timed(
                args.repeat, lambda: export_report(store, "odt", out / "r.odt")),
        }
        from pypdf import PdfReader

        pages = len(PdfReader(out / "r.pdf").pages)
    base = statistics.median(rows["baseline: markdown.markdown() only"])
    print(f"{'step':36} {'median s':>9} {'max s':>7} {'× baseline':>11}")
    for name, times in rows.items():
        median = statistics.median(times)
        print(f"{name:36} {median:9.2f} {max(times):7.2f} {median / base:11.1f}")
    print(f"PDF: {pages} pages")


if __name__ == "__main__":
    main()
