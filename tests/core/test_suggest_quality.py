"""Precision and recall of suggestions against hand annotations of real pages.

Each page in ``fixtures/extract`` lists, by group (name, place, money, date), the distinct
texts an analyst would want; a suggestion is right when its folded text is annotated in its
group. Counted over distinct texts (a name found once counts once). The floors are what the
suggester reaches now: a change that lowers them fails here.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from shared_data import MISSING_REASON, SHARED

from osint_desk.core.extract.gazetteer import fold_name
from osint_desk.core.extract.suggest import Suggester
from osint_desk.core.ingest.html_pages import read_html_page
from osint_desk.core.store import CaseStore

FIXTURES = Path(__file__).parent / "fixtures" / "extract"
GROUPS = {"person": "name", "organization": "name", "company": "name", "public_body": "name",
          "place": "place", "money": "money", "date": "date"}
#: (precision, recall) floors per page, measured when the annotations were written.
FLOORS = {
    "kirby-dprk-wagner.json": (0.95, 0.95),
    "bbc-hart-island.json": (0.70, 0.95),
    "toi-montoya-lewis.json": (0.68, 0.85),
    "football-ua-podolski.json": (0.70, 0.80),
    "tagesschau-rheinmetall.json": (0.50, 0.65),
    "taz-siemens.json": (0.40, 0.38),
}
OVERALL = (0.66, 0.78)


def _page(spec: dict[str, object]) -> tuple[str, str | None]:
    path = SHARED / str(spec["path"])
    if path.suffix == ".txt":
        return path.read_text(encoding="utf-8"), str(spec.get("published") or "") or None
    captured = read_html_page(path.name, path.read_bytes())
    return captured.text, str(captured.published) if captured.published else None


def score(store: CaseStore, name: str) -> tuple[int, int, int]:
    """(right, suggested, annotated) distinct texts on one page."""
    spec = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    text, published = _page(spec)
    date = dt.date.fromisoformat(published[:10]) if published else None
    items = Suggester(store).suggest_text("page", text, date)
    wanted = {(group, fold_name(t)) for group in ("name", "place", "money", "date")
              for t in spec[group]}
    found = {(GROUPS[s.kind], s.key) for s in items if s.kind in GROUPS}
    return len(found & wanted), len(found), len(wanted)


@pytest.mark.skipif(not SHARED.exists(), reason=MISSING_REASON)
def test_precision_and_recall_reach_the_floors(store: CaseStore) -> None:
    totals = [0, 0, 0]
    report = []
    for name, (precision_floor, recall_floor) in FLOORS.items():
        right, suggested, annotated = score(store, name)
        precision, recall = right / max(suggested, 1), right / max(annotated, 1)
        report.append(f"{name}: P {precision:.2f} R {recall:.2f}")
        assert precision >= precision_floor and recall >= recall_floor, report
        totals = [totals[0] + right, totals[1] + suggested, totals[2] + annotated]
    precision, recall = totals[0] / totals[1], totals[0] / totals[2]
    assert precision >= OVERALL[0] and recall >= OVERALL[1], (precision, recall, report)
