"""Views of a large case stay lazy: a card's mention lists page, every card type loads as
it is scrolled, and the reader compiles only the names a text can contain."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from osint_desk.core.extract import FoldedText, Gazetteer
from osint_desk.core.store import CaseStore
from osint_desk.ui.card_view import EntityCardView
from osint_desk.ui.models import ID_ROLE, PAGE_SIZE
from osint_desk.ui.navigator import NavigatorDock
from osint_desk.ui.operations import edits
from osint_desk.ui.reader.mentions import find_mentions, possible_names
from osint_desk.ui.session import CaseSession

MENTIONS = 2 * PAGE_SIZE + 30


@pytest.fixture
def busy_session(tmp_path: Path, qapp: object) -> Iterator[CaseSession]:
    """A card mentioned by more excerpts than two pages hold, across many sources; more
    people than a page, listed above another type."""
    store = CaseStore.create(tmp_path / "busy.osintcase", "Busy", actor="tester")
    with store.transaction():
        card = store.entities.add("Organization", "Wagner Group")
        for number in range(MENTIONS // 2):
            source = store.sources.add(text=f"Report {number}: Wagner moved again. And again.",
                                       title=f"Report {number:03d}")
            for start in (0, len(f"Report {number}: ")):
                excerpt = store.excerpts.add(source.id, start, start + 6)
                store.excerpts.link_entity(excerpt.id, card.id)
        for number in range(PAGE_SIZE + 50):
            store.entities.add("Person", f"Person {number:03d}")
    session = CaseSession(store)
    yield session
    session.close()


def _card(session: CaseSession, qtbot: QtBot) -> EntityCardView:
    view = EntityCardView(session, session.store.entities.resolve("Wagner Group").id)
    qtbot.addWidget(view)
    view.resize(1000, 750)
    view.show()
    qtbot.waitExposed(view)
    return view


def test_a_busy_card_pages_its_excerpts_and_sources(qtbot: QtBot, qtmodeltester: ModelTester,
                                                    busy_session: CaseSession) -> None:
    view = _card(busy_session, qtbot)
    page, store = view.page, busy_session.store
    excerpts, sources = page.excerpts_model, page.sources_model
    assert excerpts.rowCount() == PAGE_SIZE and excerpts.total_count() == MENTIONS
    assert sources.rowCount() == PAGE_SIZE and sources.total_count() == MENTIONS // 2
    assert "(230)" in page.headings["excerpts"].text()
    assert "(115)" in page.headings["sources"].text()
    qtmodeltester.check(excerpts, force_py=True)
    while excerpts.canFetchMore(QModelIndex()):
        excerpts.fetchMore(QModelIndex())
    dossier = store.dossier(view.entity_id)
    assert [excerpts.index(r, 0).data(ID_ROLE) for r in range(excerpts.rowCount())] \
        == [e.id for e in dossier.excerpts]
    first = excerpts.index(0, 0).data()
    assert first.startswith("“Report”") and first.endswith("— Report 000")
    # An edit elsewhere refreshes the card; the rows loaded stay loaded.
    loaded = excerpts.rowCount()
    busy_session.push(edits.new_entity(busy_session, "Person", "Someone new"))
    assert excerpts.rowCount() == loaded
    gone = dossier.excerpts[1].id
    busy_session.push(edits.delete_excerpt(busy_session, gone))
    assert excerpts.total_count() == MENTIONS - 1 and "(229)" in page.headings["excerpts"].text()
    assert gone not in [excerpts.index(r, 0).data(ID_ROLE) for r in range(excerpts.rowCount())]
    # The page's list fetches more as it is scrolled to its end.
    view.scroll_area.verticalScrollBar().setValue(view.scroll_area.verticalScrollBar().maximum())
    for _ in range(6):
        page.sources.scrollToBottom()
        qtbot.wait(20)
    qtbot.waitUntil(lambda: sources.rowCount() == sources.total_count())


def test_every_card_type_loads_as_it_is_scrolled(qtbot: QtBot,
                                                 busy_session: CaseSession) -> None:
    dock = NavigatorDock(busy_session)
    qtbot.addWidget(dock)
    dock.resize(300, 700)
    dock.show()
    qtbot.waitExposed(dock)
    tree, model = dock.show_section("entity"), dock.entities_model
    qtbot.waitUntil(tree.isVisible)
    groups = [model.index(row, 0) for row in range(model.rowCount())]
    people = next(g for g in groups if g.data().startswith("Person"))
    assert people.row() < len(groups) - 1  # not the last group: Qt alone would not fetch
    for group in groups:
        tree.setExpanded(group, group == people)
    for _ in range(8):
        tree.scrollToBottom()
        qtbot.wait(20)
    qtbot.waitUntil(lambda: model.rowCount(people) == PAGE_SIZE + 50)
    dock.set_session(None)


NAMES = [("a", "Wagner Group"), ("a", "Группа Вагнера"), ("a", "瓦格纳集团"), ("a", "PMC"),
         ("b", "Prigozhín"), ("c", "'Ndrangheta"), ("d", "Putin’s chef"), ("e", "IRA"),
         ("f", "Ira"), ("g", "al-Qaeda"), ("h", "Korea"), ("h", "North Korea"),
         ("i", "Straße"), ("j", "金正恩"), ("k", "Ltd."), ("l", "Acme Ltd."), ("m", "ab")]
TEXTS = [
    "The Wagner\n\ngroup and PMC WAGNER; PRIGOZHIN (Prigozhin) and Putin's chef.",
    "Группа  Вагнера и 瓦格纳集团报道, 'Ndrangheta, al-Qaeda's cell, the IRA and Ira.",
    "North Korea, Korean, Koreas; STRASSE and Strasse; 金正恩说; Acme Ltd. and Ltd.",
    "Nothing of interest: Wagnerian, Prigozhinsky, Ndrangheta, alQaeda, Acme Ltdx.",
]


@pytest.mark.parametrize("text", TEXTS)
def test_the_reader_finds_what_every_name_would_find(text: str) -> None:
    folded = FoldedText(text)
    assert find_mentions(folded, NAMES) == Gazetteer(NAMES).find(folded)


def test_names_a_text_cannot_contain_are_left_out(session: CaseSession) -> None:
    assert possible_names(FoldedText(TEXTS[3]), NAMES) == []
    names = [(i, n) for i, n, _alias in session.store.entities.all_names()]
    for source in session.store.sources.list():
        folded = FoldedText(source.text)
        assert find_mentions(folded, names) == Gazetteer(names).find(folded)
        assert len(possible_names(folded, names)) < len(names)
