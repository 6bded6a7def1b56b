"""The suggestion review queue: keyboard decisions, undo, links, evidence-only accepts."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from osint_desk.core.extract import ignore_list
from osint_desk.core.store import CaseStore
from osint_desk.ui.review import view as review_view
from osint_desk.ui.review.items import ReviewItem
from osint_desk.ui.review.model import ITEM_ROLE
from osint_desk.ui.review.view import ReviewView
from osint_desk.ui.session import CaseSession
from osint_desk.ui.tasks import TaskContext

TEXT = ("White House spokesman John Kirby said on Thursday that the Wagner Group paid"
        " $100 million for arms. Later, John Kirby repeated it on Thursday.\n"
        "Write to press@example.org for more.")


@pytest.fixture
def case(tmp_path: Path, qapp: object) -> Iterator[tuple[CaseSession, str]]:
    store = CaseStore.create(tmp_path / "review.osintcase", "Review", actor="tester")
    source = store.sources.add(text=TEXT, title="Kirby briefing", published="2023-01-20")
    session = CaseSession(store)
    yield session, source.id
    session.close()


def _view(qtbot: QtBot, session: CaseSession, source_id: str) -> ReviewView:
    view = ReviewView(session, source_id)
    qtbot.addWidget(view)
    view.resize(1100, 700)
    view.show()
    qtbot.waitExposed(view)
    with qtbot.waitActive(view):  # shortcuts need an active window on a real display
        view.activateWindow()
    qtbot.waitUntil(lambda: view.loaded or bool(view.failed), timeout=30_000)
    assert not view.failed
    view.table.setFocus()
    qtbot.waitUntil(view.table.hasFocus)
    return view


def _texts(view: ReviewView) -> list[str]:
    return [view.proxy.index(row, 1).data() for row in range(view.proxy.rowCount())]


def _go_to(view: ReviewView, text: str) -> ReviewItem:
    for row in range(view.proxy.rowCount()):
        item = view.proxy.index(row, 0).data(ITEM_ROLE)
        if item.suggestion.text == text:
            view.select_row(row)
            return item
    raise AssertionError(f"{text!r} is not in the queue: {_texts(view)}")


def test_the_queue_lists_the_source_with_each_span_in_context(
        qtbot: QtBot, case: tuple[CaseSession, str], qtmodeltester: Any) -> None:
    session, source_id = case
    view = _view(qtbot, session, source_id)
    qtmodeltester.check(view.model)
    texts = _texts(view)
    for expected in ("John Kirby", "Wagner Group", "$100 million", "press@example.org"):
        assert expected in " ".join(texts)
    assert any(text.startswith("Thursday = 2023-01-19") for text in texts)
    _go_to(view, "Wagner Group")
    assert "Wagner Group</span>" in view.panel.context.toHtml().replace("\n", "") or \
        "Wagner Group" in view.panel.context.toPlainText()
    assert view.panel.accept_button.text().startswith("Accept: new ")
    assert "to review" in view.summary.text()
    assert view.tab_title() == "Suggestions: “Kirby briefing”"


def test_keys_accept_and_undo_restores_the_case(
        qtbot: QtBot, case: tuple[CaseSession, str]) -> None:
    session, source_id = case
    store = session.store
    view = _view(qtbot, session, source_id)
    before = len(_texts(view))
    _go_to(view, "John Kirby")
    qtbot.keyClick(view.table, Qt.Key.Key_A)
    (card,) = store.entities.list()
    assert (card.type, card.name) == ("Person", "John Kirby")
    (excerpt,) = store.excerpts.for_source(source_id)
    assert excerpt.quote.startswith("White House spokesman John Kirby said")
    # The second "John Kirby" now links to the card just made: one card, two excerpts.
    item = _go_to(view, "John Kirby")
    assert item.card_id == card.id
    assert view.panel.accept_button.text() == "Accept: link to John Kirby (A)"
    qtbot.keyClick(view.table, Qt.Key.Key_A)
    assert store.entities.count() == 1 and len(store.excerpts.for_source(source_id)) == 2
    assert len(_texts(view)) == before - 2
    session.undo_stack.undo()
    session.undo_stack.undo()
    assert store.entities.count() == 0 and store.excerpts.for_source(source_id) == []
    qtbot.waitUntil(lambda: len(_texts(view)) == before, timeout=20_000)
    session.undo_stack.redo()
    assert store.entities.count() == 1


def test_a_suggestion_read_before_an_undo_is_read_again(
        qtbot: QtBot, case: tuple[CaseSession, str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Accepting a name that makes a card suggests the text again in the background; when
    that reading ends only after the accept was undone, its rows (read while the card
    existed) must not stay: the queue reads the text again and shows what the case holds."""
    session, source_id = case
    view = _view(qtbot, session, source_id)
    before = sorted(_texts(view))
    release = threading.Event()
    original = review_view.suggestions_work

    def held_back(*args: Any) -> Callable[[TaskContext], list[ReviewItem]]:
        work = original(*args)

        def late(context: TaskContext) -> list[ReviewItem]:
            items = work(context)  # read now, delivered only once the test lets it go
            release.wait(20)
            return items

        return late

    monkeypatch.setattr(review_view, "suggestions_work", held_back)
    _go_to(view, "John Kirby")
    qtbot.keyClick(view.table, Qt.Key.Key_A)
    assert view.task is not None  # the quiet reading has started, with the card there
    session.undo_stack.undo()
    assert session.store.entities.count() == 0
    release.set()
    qtbot.waitUntil(lambda: view.task is None and sorted(_texts(view)) == before,
                    timeout=20_000)
    item = _go_to(view, "John Kirby")
    assert not item.card_id  # no link to the card that is gone


def test_closing_the_case_stops_the_queue_reading(
        qtbot: QtBot, case: tuple[CaseSession, str]) -> None:
    session, source_id = case
    view = _view(qtbot, session, source_id)
    _go_to(view, "John Kirby")
    qtbot.keyClick(view.table, Qt.Key.Key_A)
    session.close()
    assert view.closed
    view.apply_decisions()  # reads nothing from the closed case
    view.reload()
    assert view.task is None or view.task.cancel_requested


def test_reject_hides_every_span_of_the_text_and_undo_brings_them_back(
        qtbot: QtBot, case: tuple[CaseSession, str]) -> None:
    session, source_id = case
    view = _view(qtbot, session, source_id)
    assert sum(text.startswith("Thursday") for text in _texts(view)) == 2
    _go_to(view, "Thursday")
    qtbot.keyClick(view.table, Qt.Key.Key_R)
    assert not any(text.startswith("Thursday") for text in _texts(view))
    view.decided_box.setChecked(True)
    assert sum(text.startswith("Thursday") for text in _texts(view)) == 2
    view.decided_box.setChecked(False)
    session.undo_stack.undo()
    qtbot.waitUntil(lambda: sum(t.startswith("Thursday") for t in _texts(view)) == 2)
    # Always ignore: on the user's list for every case; undo takes it off again.
    _go_to(view, "press@example.org")
    qtbot.keyClick(view.table, Qt.Key.Key_I)
    assert ("email", "press@example.org") in ignore_list.load()
    session.undo_stack.undo()
    assert ("email", "press@example.org") not in ignore_list.load()


def test_j_and_k_move_through_the_queue(qtbot: QtBot, case: tuple[CaseSession, str]) -> None:
    session, source_id = case
    view = _view(qtbot, session, source_id)
    assert view.table.currentIndex().row() == 0
    qtbot.keyClick(view.table, Qt.Key.Key_J)
    qtbot.keyClick(view.table, Qt.Key.Key_J)
    assert view.table.currentIndex().row() == 2
    qtbot.keyClick(view.table, Qt.Key.Key_K)
    assert view.table.currentIndex().row() == 1
    for _ in range(50):
        qtbot.keyClick(view.table, Qt.Key.Key_J)
    assert view.table.currentIndex().row() == view.proxy.rowCount() - 1


def test_a_sum_and_a_date_are_accepted_as_excerpts_and_a_name_can_be_linked(
        qtbot: QtBot, case: tuple[CaseSession, str]) -> None:
    session, source_id = case
    store = session.store
    wagner = store.entities.add("Organization", "PMC Wagner")
    view = _view(qtbot, session, source_id)
    _go_to(view, "$100 million")
    assert view.panel.accept_button.text() == "Accept: excerpt of its sentence (A)"
    view.panel.accept_button.click()
    item = _go_to(view, "Thursday")
    assert view.panel.accept_button.text() == "Accept: excerpt dated 2023-01-19 (A)"
    view.accept()
    dated = [x for x in store.excerpts.for_source(source_id) if x.event_date]
    assert [x.event_date for x in dated] == ["2023-01-19"]
    assert store.entities.count() == 1  # neither made a card
    _go_to(view, "Wagner Group")
    view.panel.picker.picked.emit(wagner.id)  # "or link to": an existing card
    assert store.entities.count() == 1
    linked = store.excerpts.ids_of_entity(wagner.id)
    assert len(linked) == 1
    assert item.suggestion.kind == "date"


def test_a_read_only_case_shows_the_queue_but_decides_nothing(
        qtbot: QtBot, case: tuple[CaseSession, str], tmp_path: Path) -> None:
    session, source_id = case
    path = session.store.path
    reader = CaseSession(CaseStore.open(path, read_only=True))
    try:
        view = _view(qtbot, reader, source_id)
        assert _texts(view)
        assert not view.panel.accept_button.isEnabled()
        assert "read-only" in view.panel.error.text()
        qtbot.keyClick(view.table, Qt.Key.Key_A)
        assert reader.store.entities.count() == 0
    finally:
        reader.close()


def test_the_whole_case_queue_can_be_cancelled(qtbot: QtBot,
                                               case: tuple[CaseSession, str]) -> None:
    session, _source_id = case
    view = ReviewView(session, "")
    qtbot.addWidget(view)
    view.show()
    view.reload()
    assert view.task is not None and view.cancel_button.isVisible()
    view.cancel()
    qtbot.waitUntil(lambda: view.task is None, timeout=30_000)
    assert not view.loaded
    assert "Cancelled" in view.panel.context.toPlainText()
    view.reload()
    qtbot.waitUntil(lambda: view.loaded, timeout=30_000)
    assert view.tab_title() == "Suggestions: case"
    assert "Source" in view.model.headers and _texts(view)


def test_a_new_card_makes_its_surname_alone_a_link_and_the_queue_keeps_its_place(
        qtbot: QtBot, case: tuple[CaseSession, str]) -> None:
    session, _source = case
    utkin = session.store.sources.add(
        text="Dmitry Utkin was seen in Minsk. Utkin left for Bamako on Friday.", title="Utkin")
    view = _view(qtbot, session, utkin.id)
    alone = next(view.proxy.index(r, 0).data(ITEM_ROLE) for r in range(view.proxy.rowCount())
                 if view.proxy.index(r, 0).data(ITEM_ROLE).suggestion.text == "Utkin")
    assert alone.card_id is None  # no card yet: it would make one
    _go_to(view, "Dmitry Utkin")
    qtbot.keyClick(view.table, Qt.Key.Key_A)
    card = session.store.entities.resolve("Dmitry Utkin").id
    after = view.current_item()
    assert after is not None and after.suggestion.text != "Dmitry Utkin"

    def linked() -> bool:
        return any(item.suggestion.text == "Utkin" and item.card_id == card
                   and item.suggestion.reason == "surname of card Dmitry Utkin"
                   for item in view.model.items)

    qtbot.waitUntil(lambda: view.task is None and linked(), timeout=30_000)
    assert view.current_item() is not None
    assert view.current_item().suggestion.id == after.suggestion.id  # still on that row
    _go_to(view, "Utkin")
    assert "link to Dmitry Utkin" in view.panel.accept_button.text()
    qtbot.keyClick(view.table, Qt.Key.Key_A)
    assert len(session.store.entities.list()) == 1  # linked, no second card
