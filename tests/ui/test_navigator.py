"""The navigator dock, driven as a user would: typing a filter, keys, double-clicks, undo."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QLineEdit
from pytestqt.qtbot import QtBot

from osint_desk.core.model import RecordKind
from osint_desk.core.store import CaseStore
from osint_desk.ui.models import ID_ROLE, KIND_ROLE, PAGE_SIZE
from osint_desk.ui.navigator import NavigatorDock
from osint_desk.ui.operations import edits
from osint_desk.ui.session import CaseSession

KINDS = ("source", "entity", "relationship", "sanction", "tag")
DEMO_TITLES = ["Sources (1)", "Entity cards (21)", "Relationships (21)", "Sanctions (4)",
               "Tags (5)"]


@pytest.fixture
def dock(qtbot: QtBot, session: CaseSession) -> Iterator[NavigatorDock]:
    widget = NavigatorDock(session)
    qtbot.addWidget(widget)
    widget.resize(300, 700)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.set_session(None)  # before the session fixture closes the store


@pytest.fixture
def many_sources(tmp_path: Path, qapp: object) -> Iterator[CaseSession]:
    """More sources than three pages hold."""
    store = CaseStore.create(tmp_path / "many.osintcase", "Many sources", actor="tester")
    with store.transaction():
        for number in range(3 * PAGE_SIZE + 20):
            store.sources.add(text=f"Report number {number}.", title=f"Report {number:04d}")
    opened = CaseSession(store)
    yield opened
    opened.close()


def _titles(dock: NavigatorDock) -> list[str]:
    return [dock.section_title(kind) for kind in KINDS]


def _labels(view: QAbstractItemView, parent: QModelIndex | None = None) -> list[str]:
    model, parent = view.model(), parent or QModelIndex()
    return [model.index(row, 0, parent).data() for row in range(model.rowCount(parent))]


def _card(dock: NavigatorDock, name: str) -> QModelIndex:
    model = dock.entities_model
    for row in range(model.rowCount()):
        group = model.index(row, 0)
        for child in range(model.rowCount(group)):
            if model.index(child, 0, group).data() == name:
                return model.index(child, 0, group)
    raise AssertionError(f"{name} is not listed")


def test_the_dock_is_what_the_window_expects(dock: NavigatorDock) -> None:
    assert dock.objectName() == "navigator" and dock.windowTitle() == "Navigator"
    assert isinstance(dock.filter_edit, QLineEdit)
    assert dock.filter_edit.placeholderText() == "Filter…"
    assert dock.filter_edit.accessibleName() == "Navigator filter"
    assert dock.filter_edit.isClearButtonEnabled()
    for section in dock.sections:
        view = section.view
        assert view.accessibleName() == f"{section.title} in the case"
        assert view.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
        assert view.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        assert not view.horizontalScrollBar().isVisible()
    assert dock.section("entity").view.uniformRowHeights()
    assert dock.section("source").view.uniformItemSizes()


def test_headers_count_what_each_section_holds(dock: NavigatorDock) -> None:
    assert _titles(dock) == DEMO_TITLES
    tree = dock.section("entity").view
    assert _labels(tree)[0] == "Person (5)"
    assert tree.isExpanded(tree.model().index(0, 0))  # groups start open
    assert "John Kirby" in _labels(tree, tree.model().index(0, 0))


def test_typing_a_filter_narrows_every_section(qtbot: QtBot, dock: NavigatorDock) -> None:
    qtbot.keyClicks(dock.filter_edit, "wag")
    assert _titles(dock) == DEMO_TITLES  # debounced: nothing re-queried mid-word
    qtbot.waitUntil(lambda: dock.section_title("entity") == "Entity cards (1)")
    assert _titles(dock) == ["Sources (1)", "Entity cards (1)", "Relationships (6)",
                             "Sanctions (1)", "Tags (0)"]
    tree = dock.section("entity").view
    assert dock.entities_model.loaded_labels() == ["Wagner Group"]
    relationships = _labels(dock.section("relationship").view)
    assert "North Korea — supplied — Wagner Group" in relationships
    assert _labels(dock.section("sanction").view) == [
        "Wagner Group — OFAC 22543 (UKRAINE-EO13660)"]
    assert tree.isExpanded(tree.model().index(0, 0))

    dock.filter_edit.clear()
    qtbot.waitUntil(lambda: _titles(dock) == DEMO_TITLES)


def test_escape_clears_the_filter_at_once(qtbot: QtBot, dock: NavigatorDock) -> None:
    qtbot.keyClicks(dock.filter_edit, "prigozhin")
    qtbot.waitUntil(lambda: dock.section_title("sanction") == "Sanctions (1)")
    qtbot.keyClick(dock.filter_edit, Qt.Key.Key_Escape)
    assert dock.filter_edit.text() == ""
    assert _titles(dock) == DEMO_TITLES


def test_a_filter_that_empties_the_open_section_shows_one_with_matches(
        qtbot: QtBot, dock: NavigatorDock) -> None:
    dock.show_section("tag")
    qtbot.keyClicks(dock.filter_edit, "kirby")
    qtbot.waitUntil(lambda: dock.section_title("tag") == "Tags (0)")
    assert dock.toolbox.currentWidget() is dock.section("entity").view
    assert dock.section("tag").view.hint == "Nothing here matches “kirby”."


def test_enter_on_a_card_activates_it(qtbot: QtBot, dock: NavigatorDock,
                                      session: CaseSession) -> None:
    wagner = session.store.entities.resolve("Wagner Group").id
    qtbot.keyClicks(dock.filter_edit, "wag")
    qtbot.keyClick(dock.filter_edit, Qt.Key.Key_Down)  # filter now, go to the list
    tree = dock.section("entity").view
    assert tree.currentIndex().data() == "Organisation (1)"
    qtbot.keyClick(tree, Qt.Key.Key_Down)
    assert tree.currentIndex().data() == "Wagner Group"
    with qtbot.waitSignal(dock.activated) as blocker:
        qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert blocker.args == ["entity", wagner]


def test_enter_on_a_group_opens_and_closes_it(qtbot: QtBot, dock: NavigatorDock) -> None:
    tree = dock.section("entity").view
    person = tree.model().index(0, 0)
    tree.setCurrentIndex(person)
    with qtbot.assertNotEmitted(dock.activated):
        qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert not tree.isExpanded(person)
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert tree.isExpanded(person)


@pytest.mark.parametrize(("kind", "label", "expected_id"), [
    ("source", None, None),
    ("relationship", "North Korea — supplied — Wagner Group", None),
    ("sanction", "Wagner Group — OFAC 22543 (UKRAINE-EO13660)", None),
    ("tag", "denial (2)", "denial"),
])
def test_double_click_activates_a_row(qtbot: QtBot, dock: NavigatorDock, kind: str,
                                      label: str | None, expected_id: str | None) -> None:
    view = dock.show_section(kind)
    labels = _labels(view)
    index = view.model().index(labels.index(label) if label else 0, 0)
    view.scrollTo(index)
    where = view.visualRect(index).center()
    with qtbot.waitSignal(dock.activated) as blocker:  # a double-click: click, then again
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert blocker.args == [kind, expected_id or index.data(ID_ROLE)]
    assert index.data(KIND_ROLE) == kind


def test_an_edit_shows_up_and_undo_takes_it_away(qtbot: QtBot, dock: NavigatorDock,
                                                 session: CaseSession) -> None:
    tree = dock.section("entity").view
    kirby = _card(dock, "John Kirby")
    tree.setCurrentIndex(kirby)
    tree.collapse(tree.model().index(2, 0))  # Company: the user closed it
    session.push(edits.new_entity(session, "Person", "New Person"))
    qtbot.waitUntil(lambda: dock.entity_names_contain("New Person"))
    assert dock.section_title("entity") == "Entity cards (22)"
    assert tree.model().index(0, 0).data() == "Person (6)"
    assert tree.currentIndex().data() == "John Kirby"  # the user's place is kept
    assert not tree.isExpanded(tree.model().index(2, 0))
    assert tree.isExpanded(tree.model().index(0, 0))

    session.undo_stack.undo()
    qtbot.waitUntil(lambda: not dock.entity_names_contain("New Person"))
    assert _titles(dock) == DEMO_TITLES


def test_renaming_a_card_relabels_its_relationships_and_keeps_the_filter(
        qtbot: QtBot, dock: NavigatorDock, session: CaseSession) -> None:
    qtbot.keyClicks(dock.filter_edit, "korea")  # names and aliases: KCNA is "…Korean…"
    qtbot.waitUntil(lambda: dock.section_title("entity") == "Entity cards (3)")
    north_korea = session.store.entities.resolve("North Korea").id
    session.push(edits.edit_entity(session, north_korea, name="DPRK (North Korea)"))
    view = dock.section("relationship").view
    qtbot.waitUntil(lambda: "DPRK (North Korea) — supplied — Wagner Group" in _labels(view))
    assert dock.filter_edit.text() == "korea"
    assert dock.entity_names_contain("DPRK (North Korea)")


def test_tagging_an_excerpt_updates_the_tags(qtbot: QtBot, dock: NavigatorDock,
                                             session: CaseSession) -> None:
    excerpt = session.store.excerpts.list()[0].id
    session.push(edits.add_tag(session, RecordKind.EXCERPT, excerpt, "to-check"))
    qtbot.waitUntil(lambda: dock.section_title("tag") == "Tags (6)")
    assert "to-check (1)" in _labels(dock.section("tag").view)


def test_switching_cases(qtbot: QtBot, dock: NavigatorDock, session: CaseSession) -> None:
    qtbot.keyClicks(dock.filter_edit, "wag")
    dock.set_session(None)
    assert dock.filter_edit.text() == "" and not dock.filter_edit.isEnabled()
    assert _titles(dock) == ["Sources", "Entity cards", "Relationships", "Sanctions", "Tags"]
    assert all(section.model.rowCount() == 0 for section in dock.sections)
    qtbot.wait(200)  # the pending filter was dropped with the case
    dock.set_session(session)
    assert _titles(dock) == DEMO_TITLES and dock.filter_edit.isEnabled()


def test_a_long_list_loads_as_the_user_scrolls(qtbot: QtBot,
                                               many_sources: CaseSession) -> None:
    dock = NavigatorDock(many_sources)
    qtbot.addWidget(dock)
    dock.resize(300, 700)
    dock.show()
    view = dock.show_section("source")
    assert dock.section_title("source") == f"Sources ({3 * PAGE_SIZE + 20})"
    assert view.model().rowCount() == PAGE_SIZE
    for _ in range(4):
        view.scrollToBottom()
        qtbot.wait(20)
    qtbot.waitUntil(lambda: view.model().rowCount() > 2 * PAGE_SIZE)
    dock.set_session(None)


def test_screenshot_at_navigator_width(qtbot: QtBot, dock: NavigatorDock,
                                       tmp_path: Path) -> None:
    """The dock at 300×700: saved for a look; no section needs a horizontal scrollbar."""
    image = dock.grab()
    assert (image.width(), image.height()) == (300, 700)
    assert image.save(str(tmp_path / "navigator.png"))
    for kind in KINDS:
        view = dock.show_section(kind)
        qtbot.waitUntil(view.isVisible)
        assert not view.horizontalScrollBar().isVisible()
        assert view.viewport().width() >= 250
