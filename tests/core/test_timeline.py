"""The case in time (core/timeline over store/timeline_data): honest intervals, one query per
kind, filters, the CSV export and dates a hostile file may hold."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from osint_desk.core.dates import Precision
from osint_desk.core.model import RecordKind
from osint_desk.core.store import CaseStore
from osint_desk.core.timeline import (
    ItemKind,
    Timeline,
    TimelineFilter,
    TimelineItem,
    load_timeline,
    parse_when,
    time_range,
    when_text,
)

UTC = dt.UTC
TEXT = ("North Korea delivered weapons last month, the White House said. "
        "KCNA denied it. Prigozhin was charged in 2018. A meeting at 18:30 in Seoul.")


def utc(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=UTC)


@dataclass
class Case:
    store: CaseStore
    source: str
    delivery: str
    denial: str
    charged: str
    meeting: str
    nk: str
    wagner: str
    kirby: str
    election: str
    supplied: str
    listing: str


@pytest.fixture
def case(store: CaseStore) -> Case:
    return build_case(store)


def build_case(store: CaseStore) -> Case:
    """Every kind of date, built through the store's own API."""
    nk = store.entities.add("PublicBody", "North Korea").id
    wagner = store.entities.add("Organization", "Wagner Group").id
    kirby = store.entities.add("Person", "John Kirby").id
    election = store.entities.add("Event", "2016 US election",
                                  attributes={"date": "2016-11-08"}).id
    source = store.sources.add(text=TEXT, title="=HYPERLINK(\"x\") weapons story",
                               outlet="AP", published="2022-12-22",
                               retrieved="2022-12-23T10:00:00Z", reliability="B").id
    delivery = store.excerpts.add_by_quote(
        source, "North Korea delivered weapons last month", event_date="2022-11",
        note="“last month” → 2022-11, inferred from the source date", credibility=2,
        speaker_id=kirby, stance="asserts", entity_ids=[nk, wagner]).id
    denial = store.excerpts.add_by_quote(source, "KCNA denied it", event_date="2022-12-22",
                                         credibility=4, stance="denies", entity_ids=[nk]).id
    charged = store.excerpts.add_by_quote(source, "Prigozhin was charged in 2018",
                                          event_date="2018", credibility=2).id
    meeting = store.excerpts.add_by_quote(source, "A meeting at 18:30 in Seoul",
                                          event_date="2022-12-22T18:30+09:00",
                                          entity_ids=[nk]).id
    supplied = store.relationships.add(nk, "supplied", wagner, start="2022-11", end="2023",
                                       evidence=[(delivery, "supports"),
                                                 (denial, "contradicts")]).id
    listing = store.sanctions.add(wagner, "OFAC", programs=["RUSSIA-EO14024"],
                                  entry_ref="22543", listed_on="2017-06-20",
                                  delisted_on="2024-01").id
    store.tags.tag("excerpt", delivery, "DPRK arms")
    store.tags.tag("relationship", supplied, "dprk arms")
    return Case(store, source, delivery, denial, charged, meeting, nk, wagner, kirby, election,
                supplied, listing)


def by_kind(timeline: Timeline, kind: ItemKind) -> list[TimelineItem]:
    return [item for item in timeline.items if item.kind is kind]


# -- dates as intervals --------------------------------------------------------------------


@pytest.mark.parametrize(("text", "precision", "earliest", "latest"), [
    ("2018", Precision.YEAR, utc(2018, 1, 1), utc(2018, 12, 31, 23, 59, 59, 999000)),
    ("2024-02", Precision.MONTH, utc(2024, 2, 1), utc(2024, 2, 29, 23, 59, 59, 999000)),
    ("2022-12-22", Precision.DAY, utc(2022, 12, 22), utc(2022, 12, 22, 23, 59, 59, 999000)),
    ("2022-12-22T18:30+09:00", Precision.MINUTE, utc(2022, 12, 22, 9, 30),
     utc(2022, 12, 22, 9, 30)),
    ("2022-12-22T18:30:05Z", Precision.SECOND, utc(2022, 12, 22, 18, 30, 5),
     utc(2022, 12, 22, 18, 30, 5)),
    # A wall clock without an offset could be any zone from UTC+14 to UTC-12.
    ("2022-12-22T18:30", Precision.MINUTE, utc(2022, 12, 22, 4, 30), utc(2022, 12, 23, 6, 30)),
])
def test_a_date_is_the_interval_it_names(text: str, precision: Precision,
                                         earliest: dt.datetime, latest: dt.datetime) -> None:
    when = parse_when(text)
    assert (when.text, when.precision, when.earliest, when.latest) == (
        text, precision, earliest, latest)


def test_an_instant_keeps_its_offset_and_says_what_is_unknown() -> None:
    seoul = parse_when("2022-12-22T18:30+09:00")
    assert seoul.offset == dt.timedelta(hours=9) and not seoul.zone_unknown
    assert when_text(seoul) == "2022-12-22T18:30+09:00"
    assert when_text(parse_when("2018")) == "2018 (year only)"
    assert when_text(parse_when("2022-11")) == "2022-11 (month only)"
    assert when_text(parse_when("2022-12-22T18:30")) == "2022-12-22T18:30 (time zone unknown)"


def test_instants_sort_by_real_time_across_offsets(store: CaseStore) -> None:
    source = store.sources.add(text="one two three four", title="Times").id
    # Written order is not time order: 18:30 in Seoul is 09:30 UTC, 06:00 in New York 11:00.
    times = {"one": "2022-12-22T06:00-05:00", "two": "2022-12-22T18:30+09:00",
             "three": "2022-12-22T10:00Z", "four": "2022-12-22"}
    for word, when in times.items():
        store.excerpts.add_by_quote(source, word, event_date=when)
    items = by_kind(load_timeline(store), ItemKind.EXCERPT_EVENT)
    # The whole day starts first; within it the instants in UTC order.
    assert [item.quote for item in items] == ["four", "two", "three", "one"]
    assert items[1].start is not None and items[1].start.offset == dt.timedelta(hours=9)


# -- every kind --------------------------------------------------------------------------


def test_every_kind_is_on_the_timeline_with_its_cards_and_evidence(case: Case) -> None:
    timeline = load_timeline(case.store)
    assert {item.kind for item in timeline.items} == set(ItemKind)
    delivery = next(i for i in timeline.items if i.excerpt_id == case.delivery)
    assert delivery.card_ids == (case.nk, case.wagner, case.kirby)
    assert delivery.source_id == case.source and delivery.record == (RecordKind.EXCERPT,
                                                                     case.delivery)
    assert (delivery.credibility, delivery.reliability, delivery.stance) == (2, "B", "asserts")
    assert "last month" in delivery.note and delivery.anchor is not None
    assert delivery.anchor.text == "2022-12-22"  # what "last month" is relative to
    assert delivery.precision is Precision.MONTH
    supplied = by_kind(timeline, ItemKind.RELATIONSHIP)[0]
    assert supplied.relationship_id == case.supplied and supplied.is_period
    assert (supplied.earliest, supplied.latest) == (utc(2022, 11, 1),
                                                    utc(2023, 12, 31, 23, 59, 59, 999000))
    assert supplied.precision is Precision.YEAR and not supplied.error
    assert [(e.excerpt_id, e.role) for e in supplied.evidence] == [
        (case.delivery, "supports"), (case.denial, "contradicts")]
    assert supplied.label == "North Korea supplied Wagner Group"
    listed = by_kind(timeline, ItemKind.SANCTION_LISTED)[0]
    assert listed.sanction_id == case.listing and listed.card_ids == (case.wagner,)
    assert listed.label == "OFAC lists Wagner Group" and "22543" in listed.detail
    [delisted] = by_kind(timeline, ItemKind.SANCTION_DELISTED)
    assert delisted.start is not None and delisted.start.text == "2024-01"
    [published] = by_kind(timeline, ItemKind.SOURCE_PUBLISHED)
    [captured] = by_kind(timeline, ItemKind.SOURCE_RETRIEVED)
    assert published.card_ids == () and published.source_id == case.source
    assert captured.start is not None and captured.start.offset == dt.timedelta(0)
    [election] = by_kind(timeline, ItemKind.CARD_DATE)
    assert election.record == (RecordKind.ENTITY, case.election) and election.field == "date"
    assert timeline.cards[case.kirby] == "John Kirby"
    assert timeline.problems == ()


def test_items_come_in_real_time_order_and_the_order_is_stable(case: Case) -> None:
    items = load_timeline(case.store).items
    assert list(items) == sorted(items, key=TimelineItem.sort_key)
    assert [i.id for i in items] == [i.id for i in load_timeline(case.store).items]
    keys = [(i.earliest, i.latest) for i in items]
    assert keys == sorted(keys)
    # The 2016 election, the 2017 listing, then the 2018 charges (the whole of 2018).
    assert [i.kind for i in items[:3]] == [ItemKind.CARD_DATE, ItemKind.SANCTION_LISTED,
                                           ItemKind.EXCERPT_EVENT]
    assert len({i.id for i in items}) == len(items)


def test_range_spans_everything(case: Case) -> None:
    timeline = load_timeline(case.store)
    assert timeline.range() == (utc(2016, 11, 8), utc(2024, 1, 31, 23, 59, 59, 999000))
    assert time_range([]) is None


def test_deleted_records_leave_the_timeline(case: Case) -> None:
    case.store.excerpts.delete(case.charged)
    case.store.entities.delete(case.wagner)  # takes its relationship and sanctions record
    timeline = load_timeline(case.store)
    assert case.charged not in {i.excerpt_id for i in timeline.items}
    assert not by_kind(timeline, ItemKind.RELATIONSHIP)
    assert not by_kind(timeline, ItemKind.SANCTION_LISTED)
    delivery = next(i for i in timeline.items if i.excerpt_id == case.delivery)
    assert case.wagner not in delivery.card_ids


# -- the error flag ------------------------------------------------------------------------


def test_a_period_ending_before_it_starts_is_flagged(case: Case) -> None:
    store = case.store
    # The store compares days only: these pass, yet the end is 30 minutes before the start.
    rel = store.relationships.add(case.kirby, "met", case.nk, start="2022-12-22T10:00+09:00",
                                  end="2022-12-22T00:30Z").id
    store.entities.update(case.election, attributes={"startDate": "2016-11-09",
                                                     "endDate": "2016-11-08"})
    store.sanctions.update(case.listing, delisted_on="2016")
    timeline = load_timeline(store)
    flagged = {i.id: i for i in timeline.items if i.error}
    assert set(flagged) == {f"relationship:{rel}",
                            f"card_date:{case.election}:startDate/endDate",
                            f"sanction_delisted:{case.listing}"}
    met = flagged[f"relationship:{rel}"]
    assert "before it starts" in met.error_reason
    assert (met.earliest, met.latest) == (utc(2022, 12, 22, 0, 30), utc(2022, 12, 22, 1, 0))
    # Overlapping ends are not an error: "2022" does not end before "2022-11" starts.
    store.relationships.update(rel, start="2022-11", end="2022")
    assert not [i for i in load_timeline(store).items if i.id == f"relationship:{rel}"
                and i.error]


# -- filters -------------------------------------------------------------------------------


def test_filters(case: Case) -> None:
    timeline = load_timeline(case.store)

    def ids(keep: TimelineFilter) -> set[str]:
        return {i.id for i in timeline.filtered(keep).items}

    assert ids(TimelineFilter()) == {i.id for i in timeline.items}
    assert ids(TimelineFilter.of(card_ids=[case.kirby])) == {f"excerpt_event:{case.delivery}"}
    assert ids(TimelineFilter.of(card_ids=[case.wagner])) == {
        f"excerpt_event:{case.delivery}", f"relationship:{case.supplied}",
        f"sanction_listed:{case.listing}", f"sanction_delisted:{case.listing}"}
    assert ids(TimelineFilter.of(tags=["dprk ARMS"])) == {
        f"excerpt_event:{case.delivery}", f"relationship:{case.supplied}"}
    assert ids(TimelineFilter.of(kinds=["relationship"])) == {f"relationship:{case.supplied}"}
    assert ids(TimelineFilter.of(credibilities=[1, 2])) == {
        f"excerpt_event:{case.delivery}", f"excerpt_event:{case.charged}"}
    assert ids(TimelineFilter.of(stances=["denies"])) == {f"excerpt_event:{case.denial}"}
    assert ids(TimelineFilter.of(reliabilities=["B"], kinds=[ItemKind.SOURCE_PUBLISHED])) == {
        f"source_published:{case.source}"}
    assert ids(TimelineFilter.of(card_ids=[case.nk], stances=["asserts", None],
                                 kinds=[ItemKind.EXCERPT_EVENT])) == {
        f"excerpt_event:{case.delivery}", f"excerpt_event:{case.meeting}"}
    assert ids(TimelineFilter.of(card_ids=[])) == set()
    kept = load_timeline(case.store, TimelineFilter.of(card_ids=[case.kirby]))
    assert [i.id for i in kept.items] == [f"excerpt_event:{case.delivery}"]
    # Given to load_timeline, the cards and kinds narrow the queries: the same items come.
    for keep in [TimelineFilter.of(card_ids=[card]) for card in timeline.cards] + [
            TimelineFilter.of(kinds=[kind]) for kind in ItemKind] + [
            TimelineFilter.of(card_ids=[case.nk, case.election],
                              kinds=[ItemKind.CARD_DATE, ItemKind.EXCERPT_EVENT])]:
        assert [i.id for i in load_timeline(case.store, keep).items] == [
            i.id for i in timeline.filtered(keep).items]
    with pytest.raises(ValueError, match="not a valid ItemKind"):
        TimelineFilter.of(kinds=["gossip"])


# -- one query per kind --------------------------------------------------------------------


def count_queries(store: CaseStore) -> int:
    statements: list[str] = []
    store._ctx.conn.set_trace_callback(statements.append)
    try:
        load_timeline(store)
    finally:
        store._ctx.conn.set_trace_callback(None)
    return len(statements)


def test_one_query_per_kind_whatever_the_case_size(case: Case) -> None:
    small = count_queries(case.store)
    assert small <= 7
    store = case.store
    source = store.sources.add(text=" ".join(f"w{n}" for n in range(60)), title="More",
                               published="2020").id
    with store.transaction():
        for n in range(60):
            excerpt = store.excerpts.add_by_quote(source, f"w{n}", occurrence=1,
                                                  event_date=f"20{n % 30 + 10:02d}",
                                                  entity_ids=[case.nk, case.wagner])
            store.relationships.add(case.nk, f"p{n}", case.wagner, start=f"20{n % 30 + 10}",
                                    evidence=[(excerpt.id, "supports")])
            store.sanctions.add(case.nk, "UN", entry_ref=f"KP{n}", listed_on="2017")
    assert count_queries(store) == small


# -- the demo ------------------------------------------------------------------------------


def test_the_demo_case_gives_a_sane_timeline(demo: CaseStore) -> None:
    timeline = load_timeline(demo)
    assert timeline.problems == () and not any(i.error for i in timeline.items)
    kinds = {i.kind for i in timeline.items}
    assert {ItemKind.EXCERPT_EVENT, ItemKind.RELATIONSHIP, ItemKind.CARD_DATE,
            ItemKind.SOURCE_PUBLISHED, ItemKind.SOURCE_RETRIEVED} <= kinds
    events = by_kind(timeline, ItemKind.EXCERPT_EVENT)
    assert len(events) == sum(1 for e in demo.excerpts.list() if e.event_date)
    charges = next(i for i in events if i.start and i.start.text == "2018")
    assert charges.precision is Precision.YEAR  # the 2018 charges: a year-long span
    assert (charges.earliest, charges.latest) == (utc(2018, 1, 1),
                                                  utc(2018, 12, 31, 23, 59, 59, 999000))
    delivery = next(i for i in events if "initial weapons delivery" in i.quote)
    assert delivery.start is not None and delivery.start.text == "2022-11"
    assert delivery.anchor is not None and delivery.anchor.text == "2022-12-22"
    election = next(i for i in timeline.items if i.kind is ItemKind.CARD_DATE
                    and i.field == "date")
    order = [i.id for i in timeline.items]
    assert order.index(election.id) < order.index(charges.id) < order.index(delivery.id)
    prigozhin = next(card for card, name in timeline.cards.items() if "Prigozhin" in name)
    mine = timeline.filtered(TimelineFilter.of(card_ids=[prigozhin])).items
    assert mine and all(prigozhin in i.card_ids for i in mine)
    first, last = timeline.range() or (None, None)
    assert first is not None and last is not None and first.year == 1961  # his birth date



def test_the_report_timeline_reads_partial_dates_honestly(demo: CaseStore) -> None:
    from osint_desk.core.report import compose_report
    from osint_desk.core.report.options import ReportOptions

    charges = next(e for e in demo.excerpts.list() if e.event_date == "2018")
    demo._ctx.conn.execute("UPDATE excerpts SET event_date = 'last month' WHERE public_id = ?",
                           (charges.id,))
    markdown = compose_report(demo, ReportOptions(sections=("timeline",))).markdown
    lines = [line for line in markdown.splitlines() if line.startswith("- **")]
    assert lines[0].startswith("- **2016** (year only) — ")
    assert lines[1].startswith("- **2016-11-08** — **2016 United States presidential election**")
    assert sum("**2022-11** (month only)" in line for line in lines) == 5
    assert not any(line.startswith("- **2018** ") for line in lines)  # not placed...
    assert "1 stored date could not be read as a date and is left out: excerpt event date" \
        " 'last month'" in markdown  # ...and the report says so
    assert "stands for the whole year or month" in markdown
    assert "- **2018-03-15** — OFAC lists **Internet Research Agency** (CYBER2; entry 23943)" \
        in lines  # a listing has its own, exact date


def test_the_demo_timeline_runs_in_the_order_of_the_story(demo: CaseStore) -> None:
    """Issue 14's acceptance: the article's events and the listings' dates, in order, with
    partial dates as spans and the relative "last month" resolved with a note."""
    timeline = load_timeline(demo)
    items = list(timeline.items)

    def first(kind: ItemKind, words: str) -> TimelineItem:
        return next(i for i in items if i.kind is kind and words in i.text)

    interference = first(ItemKind.EXCERPT_EVENT, "interfere in the US elections")
    listings = {i.text.removeprefix("OFAC lists "): i
                for i in by_kind(timeline, ItemKind.SANCTION_LISTED)}
    charges = first(ItemKind.EXCERPT_EVENT, "charged in the operation")
    delivery = first(ItemKind.EXCERPT_EVENT, "completed an initial weapons delivery")
    published = first(ItemKind.SOURCE_PUBLISHED, "")
    # Wagner and Concord Catering were both listed on 2017-06-20: they tie, and items at
    # the same time keep their records' creation order (ids made in one millisecond of the
    # demo's build differ only in random bits), so the story orders the pair, not each one.
    tied = sorted((listings["Wagner Group"], listings["Concord Catering"]), key=items.index)
    story = [interference, listings["Yevgeny Prigozhin"], *tied, charges,
             listings["Internet Research Agency"], delivery, published]
    places = [items.index(item) for item in story]
    assert places == sorted(places), [i.text[:30] for i in sorted(story, key=items.index)]
    assert tied[0].earliest == tied[1].earliest
    assert {name: item.start.text for name, item in listings.items() if item.start} == {
        "Yevgeny Prigozhin": "2016-12-20", "Wagner Group": "2017-06-20",
        "Concord Catering": "2017-06-20", "Internet Research Agency": "2018-03-15"}
    assert all(i.precision is Precision.DAY and i.sanction_id for i in listings.values())
    assert interference.precision is Precision.YEAR and interference.start is not None \
        and interference.start.text == "2016"
    assert (charges.precision, charges.earliest, charges.latest) == (
        Precision.YEAR, utc(2018, 1, 1), utc(2018, 12, 31, 23, 59, 59, 999000))
    assert charges.earliest < listings["Internet Research Agency"].earliest < charges.latest
    assert delivery.precision is Precision.MONTH and delivery.start is not None \
        and delivery.start.text == "2022-11"
    assert delivery.anchor is not None and delivery.anchor.text == "2022-12-22"
    assert "last month" in delivery.note and "2022-11" in delivery.note
    assert published.start is not None and published.start.text == "2022-12-22"


@pytest.mark.parametrize("value", [
    "2018", "0001", "9999", "2022-11", "2024-02", "2023-02", "2022-12-22", "2024-02-29",
    "0001-01-01", "9999-12-31", "2023-02-29", "2022-13", "2022-00", "2022-1-05", "0000",
    "2022-12-32", "２０２２", "2022/11", "202a", "2022-11-2x", "2022-12-22T18:30+09:00"])
def test_the_quick_date_reading_agrees_with_parse_when(value: str) -> None:
    from osint_desk.core.errors import ValidationError
    from osint_desk.core.timeline.build import _quick_when

    quick = _quick_when(value)
    try:
        full = parse_when(value)
    except ValidationError:
        assert quick is None
        return
    assert quick is None or quick == full


def test_the_sketch_holds_every_dated_excerpt_with_its_cards(demo: CaseStore) -> None:
    from osint_desk.core.timeline.build import load_sketch

    timeline = load_timeline(demo)
    dates, names = load_sketch(demo)
    excerpts = [i for i in timeline.items if i.kind is ItemKind.EXCERPT_EVENT]
    assert sorted((w.text, cards) for w, cards in dates) == sorted(
        (i.start.text, i.card_ids) for i in excerpts if i.start is not None)
    assert names == timeline.cards
    card = excerpts[0].card_ids[0]
    mine, _ = load_sketch(demo, [card])
    assert mine and all(card in cards for _when, cards in mine)
