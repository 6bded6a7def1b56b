"""The timeline view on the demo case: items in time order with partial dates as fuzzy
spans, the 2018 charges as a year-long "c." span, the delivery ("last month") opening its
excerpt highlighted in the source, errors flagged, filters, the selection shared with the
chart, exports, an undoable event date, and a date that cannot be placed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QImage
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from osint_desk.core.dates import Precision
from osint_desk.core.model import RecordKind
from osint_desk.core.text import qt_text_to_python
from osint_desk.core.timeline import ItemKind, TimelineItem
from osint_desk.ui.case_tabs import CaseTabs
from osint_desk.ui.reader import SourceReader
from osint_desk.ui.session import CaseSession
from osint_desk.ui.timeline import axis
from osint_desk.ui.timeline.lane_model import LaneModel
from osint_desk.ui.timeline.painter import Hit, item_label
from osint_desk.ui.timeline.style import HEADER_W
from osint_desk.ui.timeline.text import tooltip
from osint_desk.ui.timeline.view import TimelineView

LOAD_MS = 15_000
DELIVERY = "We can confirm that North Korea completed an initial weapons delivery"
CHARGES = "So Prigozhin and several others were charged"


def card(session: CaseSession, name: str) -> str:
    return session.store.entities.resolve(name).id


def open_timeline(qtbot: QtBot, tabs: CaseTabs, card_id: str = "") -> TimelineView:
    view = tabs.open("timeline", card_id)
    assert isinstance(view, TimelineView) and tabs.currentWidget() is view
    settle(qtbot, view)
    return view


def settle(qtbot: QtBot, view: TimelineView) -> None:
    """The read (on the task runner) has ended and the result is drawn."""
    qtbot.waitUntil(lambda: not view.busy(), timeout=LOAD_MS)
    view.canvas.viewport().repaint()


def item(view: TimelineView, words: str) -> TimelineItem:
    assert view.index is not None
    return next(i for i in view.index.items if i.text.startswith(words))


def hits(view: TimelineView, found: TimelineItem) -> list[Hit]:
    view.canvas.viewport().repaint()
    labels = view.canvas.picture.labels  # the words beside a mark answer too: not a mark
    return [hit for hit in view.canvas.picture.hits if hit.item is not None
            and hit.item.id == found.id and hit.rect not in labels]


def on_top(view: TimelineView, found: TimelineItem) -> QPoint:
    """A point where the item is drawn over anything else (in some lane), seen from a
    month before it to a month after."""
    month = 31 * axis.DAY
    view.canvas.show_span(found.earliest.timestamp() - month, found.latest.timestamp() + month)
    for hit in hits(view, found):
        top = view.canvas.hit_at(hit.rect.center())
        if top is not None and top.item is not None and top.item.id == found.id:
            return hit.rect.center().toPoint()
    raise AssertionError(f"{found.id} is covered everywhere")


def write(session: CaseSession, sql: str, *args: object) -> None:
    """What only a foreign or damaged file holds (the store refuses it on entry)."""
    conn = session.store._ctx.conn
    conn.execute(sql, args)
    if conn.in_transaction:
        conn.commit()


def reload_after(qtbot: QtBot, view: TimelineView, kind: RecordKind) -> None:
    view.session.notify(kind)
    qtbot.waitUntil(lambda: view.task is not None or view._reload_timer.isActive())
    qtbot.waitUntil(lambda: view.task is None and not view._reload_timer.isActive(),
                    timeout=LOAD_MS)
    view.canvas.viewport().repaint()


def test_the_demo_in_time_order_with_partial_dates_as_spans(qtbot: QtBot, tabs: CaseTabs,
                                                             session: CaseSession) -> None:
    view = tabs.open("timeline", "")
    assert isinstance(view, TimelineView)
    assert view.busy() and view.message.text() == "Loading the timeline…"  # not on the GUI
    settle(qtbot, view)
    assert view.tab_title() == "Timeline"
    index = view.index
    assert index is not None and len(index.items) >= 20
    starts = [i.earliest for i in index.items]
    assert starts == sorted(starts)
    # Lanes: one per card, busiest first, the ungrouped (the source's own dates) last.
    assert index.order[0] == card(session, "Wagner Group") and index.order[-1] == ""
    assert "Ungrouped" in view.lanes.titles.values()
    # Every excerpt item of the demo is partial (year or month): drawn as wide as its
    # interval, labelled "c.".
    partial = [i for i in index.items if i.kind is ItemKind.EXCERPT_EVENT]
    assert partial and all(i.precision in (Precision.YEAR, Precision.MONTH) for i in partial)
    view.canvas.fit()
    for found in partial:
        drawn = hits(view, found)
        assert drawn, found.text
        seconds = found.latest.timestamp() - found.earliest.timestamp()
        assert drawn[0].rect.width() >= min(seconds * view.canvas.px_per_s, 12) - 1
    born = item(view, "Yevgeny Prigozhin born")
    assert born.precision is Precision.DAY and not item_label(born).startswith("c.")
    # The OFAC listings: exact dates, drawn as points in their cards' lanes.
    listings = [i for i in index.items if i.kind is ItemKind.SANCTION_LISTED]
    assert [i.start.text for i in listings if i.start] == [
        "2016-12-20", "2017-06-20", "2017-06-20", "2018-03-15"]
    for found in listings:
        assert found.precision is Precision.DAY and not item_label(found).startswith("c.")
        assert hits(view, found) and found.card_ids[0] in index.lanes, found.text
    assert view.message.text().startswith(f"{len(index.items)} dated items in ")


def test_the_2018_charges_are_a_year_long_fuzzy_span(qtbot: QtBot, tabs: CaseTabs,
                                                      session: CaseSession) -> None:
    view = open_timeline(qtbot, tabs)
    charges = item(view, CHARGES)
    assert charges.precision is Precision.YEAR
    assert charges.earliest == dt.datetime(2018, 1, 1, tzinfo=dt.UTC)
    assert charges.latest.date() == dt.date(2018, 12, 31)
    assert item_label(charges).startswith("c. 2018")
    view.canvas.show_span(axis.posix(dt.datetime(2015, 1, 1, tzinfo=dt.UTC)),
                          axis.posix(dt.datetime(2024, 1, 1, tzinfo=dt.UTC)))
    drawn = hits(view, charges)
    year_px = axis.YEAR * view.canvas.px_per_s
    assert drawn and all(abs(hit.rect.width() - year_px) < 3 for hit in drawn)
    assert "2018 (year only)" in tooltip(charges)
    # The relationship it supports is a period "from 2018": also fuzzy at its start.
    charged = item(view, "United States charged Yevgeny Prigozhin")
    assert charged.kind is ItemKind.RELATIONSHIP and item_label(charged).startswith("c. 2018")


def test_activating_the_delivery_opens_its_excerpt_in_the_source(
        qtbot: QtBot, tabs: CaseTabs, session: CaseSession) -> None:
    view = open_timeline(qtbot, tabs)
    delivery = item(view, DELIVERY)
    assert delivery.start is not None and delivery.start.text == "2022-11"
    # The words say "last month": shown as the analyst resolved it, against the source date.
    assert "“last month” → 2022-11 (month only), said on 2022-12-22" in tooltip(delivery)
    assert view.select_item(delivery.id) is delivery
    point = on_top(view, delivery)
    with qtbot.waitSignal(view.excerpt_requested) as requested:
        qtbot.mouseDClick(view.canvas.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert requested.args == [delivery.excerpt_id]
    reader = tabs.currentWidget()
    assert isinstance(reader, SourceReader) and reader.source_id == delivery.source_id
    selected = qt_text_to_python(reader.view.textCursor().selectedText())
    assert selected == delivery.text
    # Enter does the same from the keyboard.
    tabs.setCurrentWidget(view)
    view.canvas.setFocus()
    with qtbot.waitSignal(view.excerpt_requested) as again:
        qtbot.keyClick(view.canvas, Qt.Key.Key_Return)
    assert again.args == [delivery.excerpt_id]


def test_a_click_selects_and_shows_the_details(qtbot: QtBot, tabs: CaseTabs,
                                               session: CaseSession) -> None:
    view = open_timeline(qtbot, tabs)
    delivery = item(view, DELIVERY)
    view.canvas.reveal(delivery)
    with qtbot.waitSignal(view.cards_selected) as picked:
        qtbot.mouseClick(view.canvas.viewport(), Qt.MouseButton.LeftButton,
                         pos=on_top(view, delivery))
    assert view.canvas.selected is not None and view.canvas.selected.id == delivery.id
    assert picked.args == [list(delivery.card_ids)]
    assert "Grade" in view.panel.details.text() and view.panel.open_excerpt.isEnabled()
    assert view.panel.set_date.isEnabled()


def test_a_click_on_an_items_words_selects_it(qtbot: QtBot, tabs: CaseTabs,
                                              session: CaseSession) -> None:
    """The label beside a mark is where the eye goes: clicking it picks its item (found
    under Xvfb: only the small mark answered a click)."""
    view = open_timeline(qtbot, tabs)
    assert view.index is not None
    listing = next(i for i in view.index.items if i.text == "OFAC lists Wagner Group")
    view.canvas.viewport().repaint()
    labels = [rect for rect in view.canvas.picture.labels
              if any(h.item is not None and h.item.id == listing.id and h.rect == rect
                     for h in view.canvas.picture.hits)]
    assert labels, "the listing's label is drawn and answers clicks"
    point = QPoint(int(labels[0].right()) - 3, int(labels[0].center().y()))
    qtbot.mouseClick(view.canvas.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert view.canvas.selected is not None and view.canvas.selected.id == listing.id
    assert "Wagner" in view.panel.details.text()


def test_an_end_before_its_start_is_flagged(qtbot: QtBot, tabs: CaseTabs,
                                            session: CaseSession) -> None:
    view = open_timeline(qtbot, tabs)
    store = session.store
    relationship = next(r for r in store.relationships.list() if r.predicate == "supplied")
    write(session, "UPDATE relationships SET start_date = '2022-11', end_date = '2021'"
                   " WHERE public_id = ?", relationship.id)
    reload_after(qtbot, view, RecordKind.RELATIONSHIP)
    wrong = next(i for i in view.index.items if i.relationship_id == relationship.id)  # type: ignore[union-attr]
    assert wrong.error and "before it starts" in wrong.error_reason
    view.canvas.fit()
    assert hits(view, wrong)
    assert "Date error" in tooltip(wrong)


def test_filters_by_kind_grade_stance_tag_and_card(qtbot: QtBot, tabs: CaseTabs,
                                                   session: CaseSession) -> None:
    view = open_timeline(qtbot, tabs)
    index = view.index
    assert index is not None
    total = len(index.items)
    bar = view.toolbar
    bar.kinds.set_only([ItemKind.EXCERPT_EVENT])
    assert view.index is not None and view.index.items
    assert all(i.kind is ItemKind.EXCERPT_EVENT for i in view.index.items)
    assert bar.buttons[0].text() == "Kind (1)"
    assert view.message.text().startswith(f"{len(view.index.items)} of {total} dated items")
    bar.grades.set_only([1, 2])
    assert all(i.credibility in (1, 2) for i in view.index.items)
    bar.clear_filters()
    assert len(view.index.items) == total
    bar.stances.set_only(["denies"])
    assert view.index.items and all(i.stance == "denies" for i in view.index.items)
    bar.clear_filters()
    tags = sorted({tag for i in index.items for tag in i.tags})
    assert tags and list(bar.tags.values) == tags
    bar.tags.set_only([tags[0]])
    assert view.index.items and all(tags[0] in i.tags for i in view.index.items)
    bar.clear_filters()
    kcna = card(session, "KCNA")
    bar.card_field.setText("kcna")
    bar.card_field.editingFinished.emit()
    assert view.index.items and all(kcna in i.card_ids for i in view.index.items)
    bar.card_field.clear()
    assert len(view.index.items) == total


def test_select_cards_is_silent_and_lanes_announce(qtbot: QtBot, tabs: CaseTabs,
                                                   session: CaseSession) -> None:
    view = open_timeline(qtbot, tabs)
    prigozhin = card(session, "Yevgeny Prigozhin")
    with qtbot.assertNotEmitted(view.cards_selected):
        view.select_cards([prigozhin])
    assert view.canvas.cards == frozenset({prigozhin})
    current = view.panel.lane_list.currentIndex()
    assert view.panel.proxy.mapToSource(current).row() == view.lanes.row_of(prigozhin)
    # A hidden lane is shown when the chart selects its card.
    view.lanes.set_shown([prigozhin], False)
    assert prigozhin not in view.canvas.lanes
    view.select_cards([prigozhin])
    assert prigozhin in view.canvas.lanes
    # Clicking a lane's name selects its card, and says so.
    view.canvas.viewport().repaint()
    box = next(b for b, key in view.canvas.picture.headers if key == prigozhin)
    with qtbot.waitSignal(view.cards_selected) as picked:
        qtbot.mouseClick(view.canvas.viewport(), Qt.MouseButton.LeftButton,
                         pos=box.center().toPoint())
    assert picked.args == [[prigozhin]]


def test_lanes_are_chosen_and_ordered(qtbot: QtBot, tabs: CaseTabs, session: CaseSession,
                                      qtmodeltester: ModelTester) -> None:
    view = open_timeline(qtbot, tabs)
    model = view.lanes
    qtmodeltester.check(model, force_py=True)
    first, second = model.keys[0], model.keys[1]
    view.panel.lane_list.setCurrentIndex(view.panel.proxy.index(0, 0))
    assert view.panel.move_current(1)
    assert model.keys[:2] == [second, first] and view.canvas.lanes[:2] == [second, first]
    assert not model.move(0, -1)  # already at the top
    index = model.index(0)
    assert model.setData(index, Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole)
    assert second not in view.canvas.lanes
    # The analyst's order outlives a reload.
    reload_after(qtbot, view, RecordKind.EXCERPT)
    assert model.keys[:2] == [second, first] and second in model.hidden


def test_lane_model_on_its_own(qtmodeltester: ModelTester, qapp: object) -> None:
    model = LaneModel()
    model.set_lanes([f"c{n}" for n in range(60)], {f"c{n}": f"Card {n}" for n in range(60)},
                    {f"c{n}": n for n in range(60)})
    qtmodeltester.check(model, force_py=True)
    assert len(model.shown()) == 40  # a large case opens with its busiest lanes
    assert model.move(5, 1) and model.keys[6] == "c5"
    assert model.move(6, -1) and model.keys[5] == "c5"
    model.set_shown(["c1", "c2"], False)
    assert "c1" not in model.shown()
    model.set_lanes(["c3", "c1", "c99"], {"c3": "Card 3", "c1": "Card 1", "c99": "New"},
                    {"c3": 3, "c1": 1, "c99": 9})
    assert model.keys == ["c1", "c3", "c99"] and model.shown() == ["c3"]  # c99: past 40


def test_a_cards_own_timeline(qtbot: QtBot, tabs: CaseTabs, session: CaseSession) -> None:
    prigozhin = card(session, "Yevgeny Prigozhin")
    view = tabs.show_text("timeline", "Yevgeny Prigozhin")
    assert isinstance(view, TimelineView) and view.card_id == prigozhin
    settle(qtbot, view)
    assert view.tab_title() == "Timeline: Yevgeny Prigozhin"
    assert view.index is not None and view.index.order[0] == prigozhin
    assert all(prigozhin in i.card_ids for i in view.index.items)
    assert tabs.open("timeline", prigozhin) is view  # one tab per card


def test_zoom_pan_and_ticks_from_years_to_hours(qtbot: QtBot, tabs: CaseTabs,
                                                session: CaseSession) -> None:
    view = open_timeline(qtbot, tabs)
    canvas = view.canvas
    canvas.setFocus()
    span = canvas.visible_span()
    qtbot.keyClick(canvas, Qt.Key.Key_Plus)
    assert canvas.visible_span()[1] - canvas.visible_span()[0] < span[1] - span[0]
    qtbot.keyClick(canvas, Qt.Key.Key_Minus)
    qtbot.keyClick(canvas, Qt.Key.Key_Minus)
    assert canvas.visible_span()[1] - canvas.visible_span()[0] > span[1] - span[0]
    qtbot.keyClick(canvas, Qt.Key.Key_F)
    assert view.index is not None and view.index.range is not None
    low, high = view.index.range
    assert canvas.visible_span()[0] <= low and canvas.visible_span()[1] >= high
    before = canvas.t0
    qtbot.keyClick(canvas, Qt.Key.Key_Right)
    assert canvas.t0 > before
    # Down to hours: the ticks say the hour, the line above the day.
    day = axis.posix(dt.datetime(2022, 12, 22, tzinfo=dt.UTC))
    canvas.show_span(day, day + 8 * axis.HOUR)
    unit, _count, _length = axis.step_for(canvas.px_per_s)
    assert unit == "hour"
    assert axis.label("hour", 1, axis.moment(day + 3 * axis.HOUR)) == "03:00"
    assert axis.context_label("day", axis.moment(day)) == "22 Dec 2022"
    canvas.viewport().repaint()  # the source published that day is a day-long bar here
    # The wheel zooms around the mouse: the instant under it stays put.
    x = canvas.viewport().width() * 0.7
    under = canvas.t0 + (x - 210) / canvas.px_per_s
    canvas.zoom_by(0.5, x)
    assert abs(canvas.t0 + (x - 210) / canvas.px_per_s - under) < 1.0


def test_exports_give_real_files(qtbot: QtBot, tabs: CaseTabs, session: CaseSession,
                                 tmp_path: Path) -> None:
    view = open_timeline(qtbot, tabs)
    png = view.export("png", tmp_path / "timeline.png")
    assert png == tmp_path / "timeline.png"
    image = QImage(str(png))
    assert not image.isNull() and image.width() >= 2 * 600
    svg = view.export("svg", tmp_path / "timeline.svg")
    text = (tmp_path / "timeline.svg").read_text(encoding="utf-8")
    assert svg is not None and "<svg" in text and "Wagner Group" in text
    task = view.export("csv", tmp_path / "timeline.csv")
    assert task is not None and not isinstance(task, Path)
    qtbot.waitUntil(lambda: not task.running, timeout=LOAD_MS)
    lines = (tmp_path / "timeline.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("id,kind,start") and view.index is not None
    assert len(lines) == 1 + len(view.index.items)
    assert view.message.text().startswith("Wrote timeline.csv")


def test_setting_an_event_date_is_undoable(qtbot: QtBot, tabs: CaseTabs,
                                           session: CaseSession) -> None:
    view = open_timeline(qtbot, tabs)
    delivery = item(view, DELIVERY)
    assert view.select_item(delivery.id) is delivery
    view.set_event_date_of_selected()
    dialog = view.dialog
    assert dialog is not None and dialog.field.text() == "2022-11"  # type: ignore[attr-defined]
    dialog.field.setText("2022-13")  # type: ignore[attr-defined]
    assert "no month 13" in dialog.reading.text()  # type: ignore[attr-defined]
    dialog.field.setText("2022-11-24")  # type: ignore[attr-defined]
    assert "Read as 2022-11-24" in dialog.reading.text()  # type: ignore[attr-defined]
    dialog.accept()
    assert session.store.excerpts.get(delivery.excerpt_id).event_date == "2022-11-24"
    qtbot.waitUntil(lambda: view.task is None and not view._reload_timer.isActive()
                    and item(view, DELIVERY).precision is Precision.DAY, timeout=LOAD_MS)
    assert session.undo_stack.undoText() == "Set event date"
    session.undo_stack.undo()
    assert session.store.excerpts.get(delivery.excerpt_id).event_date == "2022-11"
    qtbot.waitUntil(lambda: view.task is None and not view._reload_timer.isActive()
                    and item(view, DELIVERY).precision is Precision.MONTH, timeout=LOAD_MS)


def test_a_date_that_cannot_be_placed_is_a_problem_not_a_crash(
        qtbot: QtBot, tabs: CaseTabs, session: CaseSession) -> None:
    view = open_timeline(qtbot, tabs)
    delivery = item(view, DELIVERY)
    count = len(view.index.items)  # type: ignore[union-attr]
    write(session, "UPDATE excerpts SET event_date = 'last month' WHERE public_id = ?",
          delivery.excerpt_id)
    reload_after(qtbot, view, RecordKind.EXCERPT)
    assert view.index is not None and len(view.index.items) == count - 1
    problems = view.index.timeline.problems
    assert len(problems) == 1 and problems[0].record == (RecordKind.EXCERPT,
                                                         delivery.excerpt_id)
    assert not view.panel.problems_box.isHidden() and view.panel.problems.count() == 1
    assert "'last month'" in view.panel.problems.item(0).text()
    assert "1 dates could not be placed" in view.message.text()


@pytest.mark.parametrize("point", [QPoint(5, 5), QPoint(300, 300)])
def test_clicks_on_nothing_select_nothing(qtbot: QtBot, tabs: CaseTabs,
                                          session: CaseSession, point: QPoint) -> None:
    view = open_timeline(qtbot, tabs)
    view.canvas.show_span(0.0, axis.HOUR * 3)  # 1970: no items there
    qtbot.mouseClick(view.canvas.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert view.canvas.selected is None and not view.panel.open_excerpt.isEnabled()


def test_show_on_timeline_from_a_card(qtbot: QtBot, tabs: CaseTabs,
                                      session: CaseSession) -> None:
    wagner = card(session, "Wagner Group")
    card_view = tabs.open_card(wagner)
    assert card_view is not None
    card_view.timeline_button.click()
    view = tabs.currentWidget()
    assert isinstance(view, TimelineView) and view.card_id == wagner
    settle(qtbot, view)
    assert view.index is not None and view.index.order[0] == wagner


def test_a_first_read_is_sketched_then_itemised(qtbot: QtBot, tabs: CaseTabs,
                                                session: CaseSession, tmp_path: Path) -> None:
    view = tabs.open("timeline", "")
    assert isinstance(view, TimelineView)
    with qtbot.waitSignal(view.sketched, timeout=LOAD_MS):
        pass
    sketch = view.index
    assert sketch is not None and not sketch.complete and sketch.sketched == 17
    assert view.message.text().startswith("Drawn from a first quick read")
    view.canvas.viewport().repaint()
    assert view.canvas.picture.hits and all(hit.item is None and hit.count
                                            for hit in view.canvas.picture.hits)
    assert view.export("png", tmp_path / "never.png") is None  # not before the items
    assert not (tmp_path / "never.png").exists()
    settle(qtbot, view)
    assert view.index is not None and view.index.complete and view.index.items


def test_a_failed_read_says_why(qtbot: QtBot, tabs: CaseTabs, session: CaseSession,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    from osint_desk.core.errors import OsintDeskError
    from osint_desk.ui.timeline import loader

    def refuse(*_args: object) -> object:
        raise OsintDeskError("the case file went away")

    monkeypatch.setattr(loader, "load_sketch", refuse)
    view = tabs.open("timeline", "")
    assert isinstance(view, TimelineView)
    qtbot.waitUntil(lambda: not view.busy(), timeout=LOAD_MS)
    assert view.index is None and view.message.text() == "the case file went away"


def test_a_resolved_relative_date_is_labelled_as_such(qtbot: QtBot, tabs: CaseTabs,
                                                      session: CaseSession) -> None:
    view = open_timeline(qtbot, tabs)
    assert item_label(item(view, DELIVERY)).startswith("c. 2022-11 (“last month”)  We can")
    assert item_label(item(view, CHARGES)).startswith("c. 2018  So Prigozhin")


def test_items_wider_than_the_view_give_way_in_a_crowded_lane(
        qtbot: QtBot, tabs: CaseTabs, session: CaseSession) -> None:
    view = open_timeline(qtbot, tabs)
    delivery = item(view, DELIVERY)
    # Inside November 2022: the month-long items span the whole view.
    view.canvas.show_span(axis.posix(dt.datetime(2022, 11, 8, tzinfo=dt.UTC)),
                          axis.posix(dt.datetime(2022, 11, 20, tzinfo=dt.UTC)))
    drawn = {hit.lane: hit.rect.height() for hit in hits(view, delivery)}
    assert drawn[card(session, "Wagner Group")] == 3  # crowded: a thin line at the top
    assert drawn[card(session, "John Kirby")] > 3  # two items there: each has a row
    assert "We can confirm" in tooltip(delivery)
    # Seen from a month before to a month after, it is a span again, in a row of its own.
    point = on_top(view, delivery)
    assert view.canvas.hit_at(QPointF(point)).rect.height() > 3  # type: ignore[union-attr]


def test_a_cards_timeline_fits_its_items_not_its_sketch(qtbot: QtBot, tabs: CaseTabs,
                                                        session: CaseSession) -> None:
    view = tabs.show_text("timeline", "Yevgeny Prigozhin")
    assert isinstance(view, TimelineView)
    settle(qtbot, view)
    born = item(view, "Yevgeny Prigozhin born")  # a card's own date: not in the sketch
    assert view.canvas.visible_span()[0] <= born.earliest.timestamp()


def test_the_selection_is_shared_with_the_link_chart(qtbot: QtBot, tabs: CaseTabs,
                                                     session: CaseSession) -> None:
    from osint_desk.ui.chart.chooser import show_on_chart
    from osint_desk.ui.chart.view import ChartView

    prigozhin, wagner = card(session, "Yevgeny Prigozhin"), card(session, "Wagner Group")
    chart = show_on_chart(tabs, prigozhin)
    assert isinstance(chart, ChartView)
    assert chart.add_cards([wagner])
    qtbot.waitUntil(lambda: not chart.busy(), timeout=LOAD_MS)
    view = open_timeline(qtbot, tabs)
    box = next(b for b, key in view.canvas.picture.headers if key == prigozhin)
    qtbot.mouseClick(view.canvas.viewport(), Qt.MouseButton.LeftButton,
                     pos=box.center().toPoint())
    assert [node.key for node in chart.scene.selected_nodes()] == [prigozhin]
    chart.select(wagner)  # on the chart: the timeline follows, without echoing back
    assert view.canvas.cards == frozenset({wagner})
    assert [node.key for node in chart.scene.selected_nodes()] == [wagner]


def test_closing_the_tab_cancels_its_read(qtbot: QtBot, tabs: CaseTabs,
                                          session: CaseSession) -> None:
    view = tabs.open("timeline", "")
    assert isinstance(view, TimelineView)
    qtbot.waitUntil(lambda: view.task is not None, timeout=LOAD_MS)
    task = view.task
    tabs.tabCloseRequested.emit(tabs.indexOf(view))
    assert view.loader.closed and task is not None and task.cancel_requested
    qtbot.waitUntil(lambda: not task.running, timeout=LOAD_MS)


def test_ctrl_arrows_walk_a_lane_in_time_order(qtbot: QtBot, tabs: CaseTabs,
                                               session: CaseSession) -> None:
    view = open_timeline(qtbot, tabs)
    prigozhin = card(session, "Yevgeny Prigozhin")
    born = item(view, "Yevgeny Prigozhin born")
    assert born.card_ids == (prigozhin,)
    view.select_item(born.id)
    canvas = view.canvas
    canvas.setFocus()
    seen = [born]
    for _ in range(10):
        qtbot.keyClick(canvas, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
        if canvas.selected is None or canvas.selected.id == seen[-1].id:
            break
        seen.append(canvas.selected)
    assert len(seen) == 8  # every item of his lane, once each, in time order
    assert [i.start.text for i in seen if i.kind is ItemKind.SANCTION_LISTED and i.start] \
        == ["2016-12-20"]  # his OFAC listing, between the 2016 and the 2018 items
    assert [i.earliest for i in seen] == sorted(i.earliest for i in seen)
    assert all(prigozhin in i.card_ids for i in seen)
    qtbot.keyClick(canvas, Qt.Key.Key_BracketLeft)
    assert canvas.selected is not None and canvas.selected.id == seen[-2].id
    assert view.panel.details.text().startswith("<p")  # the panel follows


def test_a_case_without_dates_says_so(qtbot: QtBot, tmp_path: Path, qapp: object) -> None:
    from osint_desk.core.store import CaseStore
    from osint_desk.ui.views import builtin_views

    empty = CaseSession(CaseStore.create(tmp_path / "empty.osintcase", "Nothing dated"))
    tabs = CaseTabs(builtin_views())
    qtbot.addWidget(tabs)
    tabs.resize(1000, 700)
    tabs.set_session(empty)
    tabs.show()
    try:
        view = open_timeline(qtbot, tabs)
        assert view.index is not None and view.index.items == ()
        assert view.message.text().startswith("0 dated items in 0 lanes")
        image = view.canvas.viewport().grab().toImage()
        assert not image.isNull()
        task = view.export("csv", tmp_path / "none.csv")
        assert task is not None and not isinstance(task, Path)
        qtbot.waitUntil(lambda: not task.running, timeout=LOAD_MS)
        assert (tmp_path / "none.csv").read_text(encoding="utf-8-sig").startswith("id,kind")
    finally:
        tabs.set_session(None)
        empty.close()


def test_marks_with_no_free_row_are_counted_as_stacked(qapp: object) -> None:
    """A lane has three rows: a fourth mark at the same time is drawn over one and counted
    ("+N" after the lane's marks), so the user knows to zoom in."""
    from osint_desk.ui.timeline import painter

    ends = [float("-inf")] * 3
    places = [painter._place(ends, 500.0, 520.0, 0.0, 1000.0) for _ in range(5)]
    assert [side for _row, side in places] == [0, 0, 0, painter.STACKED, painter.STACKED]
    assert sorted(row for row, _side in places[:3]) == [0, 1, 2]


def test_labels_are_never_drawn_under_the_lane_names(qtbot: QtBot, tabs: CaseTabs) -> None:
    """A label that has no room after its mark goes before it, cut to the room there is
    (or left out), never under the lane names: the demo's late-2022 marks at the right edge
    of a narrow view, seen over twelve years."""
    view = open_timeline(qtbot, tabs)
    view.canvas.resize(560, 640)
    view.canvas.show_span(dt.datetime(2011, 1, 1, tzinfo=dt.UTC).timestamp(),
                          dt.datetime(2023, 1, 15, tzinfo=dt.UTC).timestamp())
    view.canvas.viewport().repaint()
    labels = view.canvas.picture.labels
    assert labels, "some items are labelled"
    assert all(rect.left() >= HEADER_W for rect in labels), [r.left() for r in labels]


def test_a_stacked_mark_hides_no_label_and_no_count_covers_one(qtbot: QtBot, tabs: CaseTabs,
                                                               session: CaseSession) -> None:
    """Over the demo's eight years some lanes hold more marks than their three rows (in
    Prigozhin's, the 2018 charge lies across his 2016-12-20 listing's label): labels are
    drawn after every mark, so no coloured mark shows through one, and each "+N" sits where
    it covers no label (in the lane's header when every row has one there)."""
    view = open_timeline(qtbot, tabs)
    view.canvas.resize(950, 700)
    view.canvas.show_span(dt.datetime(2015, 7, 1, tzinfo=dt.UTC).timestamp(),
                          dt.datetime(2023, 6, 1, tzinfo=dt.UTC).timestamp())
    view.canvas.viewport().repaint()
    picture = view.canvas.picture
    assert picture.badges, "the demo stacks marks at this zoom"
    assert any(badge.right() <= HEADER_W for badge in picture.badges)  # Prigozhin's
    assert not [(b, r) for b in picture.badges for r in picture.labels if b.intersects(r)]
    image = view.canvas.viewport().grab().toImage()
    ratio = image.devicePixelRatio()
    for rect in picture.labels:  # text is grey on the label's back; a mark is coloured
        box = rect.adjusted(1, 1, -1, -1)
        points = [(round(x * ratio), round(y * ratio))
                  for x in range(int(box.left()), int(box.right()))
                  for y in range(int(box.top()), int(box.bottom()))]
        coloured = [p for p in points if image.rect().contains(*p)
                    and image.pixelColor(*p).hsvSaturationF() > 0.25]
        assert not coloured, (rect, len(coloured))
