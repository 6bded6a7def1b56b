"""The timeline's CSV export, dates a hostile or damaged file may hold, and the fast sort."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from pathlib import Path

import pytest
from test_timeline import Case, build_case, utc

from osint_desk.core.errors import ValidationError
from osint_desk.core.exports.timeline_csv import HEADER, export_timeline_csv, write_timeline_csv
from osint_desk.core.model import RecordKind
from osint_desk.core.store import CaseStore
from osint_desk.core.timeline import ItemKind, TimelineItem, load_timeline, parse_when
from osint_desk.core.timeline.build import _in_time_order
from osint_desk.core.timeline.items import make_item

UTC = dt.UTC


@pytest.fixture
def case(store: CaseStore) -> Case:
    return build_case(store)  # every kind of date (test_timeline.py)


# -- the CSV export ------------------------------------------------------------------------


def test_csv_export(case: Case, tmp_path: Path) -> None:
    store = case.store
    store.entities.update(case.nk, attributes={"birthDate": "not a date"})
    timeline = load_timeline(store)
    out = export_timeline_csv(timeline, tmp_path / "timeline.csv")
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert list(rows[0]) == list(HEADER)
    assert len(rows) == len(timeline.items) + 1  # and one problem row
    charged = next(r for r in rows if r["excerpt_id"] == case.charged)
    assert (charged["start"], charged["start_precision"], charged["earliest_utc"],
            charged["latest_utc"]) == ("2018", "year", "2018-01-01T00:00:00.000Z",
                                       "2018-12-31T23:59:59.999Z")
    meeting = next(r for r in rows if r["excerpt_id"] == case.meeting)
    assert (meeting["utc_offset"], meeting["earliest_utc"]) == ("UTC+09:00",
                                                                 "2022-12-22T09:30:00.000Z")
    delivery = next(r for r in rows if r["excerpt_id"] == case.delivery)
    assert delivery["cards"] == "North Korea; Wagner Group; John Kirby"
    assert delivery["tags"] == "DPRK arms"
    # A title that a spreadsheet would run as a formula is written as text.
    published = next(r for r in rows if r["kind"] == "source_published")
    assert published["text"].startswith("'=HYPERLINK")
    problem = rows[-1]
    assert problem["problem"] and problem["start"] == "'not a date'" and not problem["earliest_utc"]
    buffer = io.StringIO(newline="")
    write_timeline_csv(buffer, timeline)
    assert buffer.getvalue() == raw.decode("utf-8-sig")


# -- what a hostile or damaged file may hold -------------------------------------------------


@pytest.mark.parametrize("value", [
    "last month", "0000", "0000-05", "0000-01-01", "2022-13", "2022-02-30", "9999-99",
    "2022-12-22T25:00Z", "=cmd|' /C calc'!A0", "\u202e8102", "2" * 5000, 2018, b"2018",
    "9999-12-31T23:00-05:00"])
def test_bad_dates_are_reported_not_raised(case: Case, value: object) -> None:
    store = case.store
    store._ctx.conn.execute("UPDATE excerpts SET event_date = ? WHERE public_id = ?",
                            (value, case.charged))
    timeline = load_timeline(store)
    placed = [i for i in timeline.items if i.excerpt_id == case.charged]
    if value in (2018,):  # SQLite's TEXT affinity stores the number as "2018": a sound date
        assert placed and placed[0].start is not None and placed[0].start.text == "2018"
        return
    assert not placed
    [problem] = timeline.problems
    assert problem.record == (RecordKind.EXCERPT, case.charged)
    assert problem.kind is ItemKind.EXCERPT_EVENT and problem.field == "event_date"
    assert problem.reason and len(problem.value) < 200 and len(problem.reason) < 300


def test_far_dates_that_are_real_are_placed(case: Case) -> None:
    store = case.store
    store.excerpts.update(case.charged, event_date="9999-12")
    store.excerpts.update(case.denial, event_date="0001")
    store.excerpts.update(case.meeting, event_date="0001-01-01T00:30")  # zone unknown: held
    timeline = load_timeline(store)
    assert timeline.items[-1].excerpt_id == case.charged
    assert timeline.items[-1].latest == utc(9999, 12, 31, 23, 59, 59, 999000)
    first = timeline.items[0]
    assert first.excerpt_id == case.meeting and first.earliest == dt.datetime.min.replace(
        tzinfo=UTC)
    assert timeline.problems == ()


def test_hostile_card_attributes(case: Case) -> None:
    case.store.entities.update(case.election, attributes={
        "date": ["2016-11-08", "2016-11-09", 7, {"x": 1}, ["nested"]],
        "startDate": "garbage", "birthDate": None, "endDate": "2017"})
    timeline = load_timeline(case.store)
    items = [i for i in timeline.items if i.record == (RecordKind.ENTITY, case.election)]
    assert sorted(i.id.split(":", 2)[2] for i in items) == [
        "date", "date:2", "startDate/endDate"]
    period = next(i for i in items if i.field == "startDate/endDate")
    assert period.start is None and period.end is not None  # the bad start is reported
    assert len(timeline.problems) == 4
    assert {p.field for p in timeline.problems} == {"date", "startDate"}


def test_parse_when_refuses_what_cannot_be_placed() -> None:
    with pytest.raises(ValidationError, match="cannot be placed"):
        parse_when("0000-05")
    with pytest.raises(ValidationError, match="must be text"):
        parse_when(None)

def test_the_fast_sort_is_the_documented_order() -> None:
    rng = random.Random(3)
    dates = [parse_when(text) for text in ("2018", "2018-01", "2018-01-01", "2018-12",
                                           "2018-01-01T00:00Z", "2017-12-31T23:00-01:00")]
    items = [make_item(rng.choice(list(ItemKind)), f"id{rng.randint(0, 30)}-{n}",
                       rng.choice(dates), rng.choice([None, *dates]), text="x", detail="",
                       field="f", card_ids=())
             for n in range(300)]
    assert _in_time_order(items) == sorted(items, key=TimelineItem.sort_key)
