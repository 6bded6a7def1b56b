"""Deleting each kind of record from the window: key, context menu, Edit menu, button.

Each delete asks first (QMessageBox.question, answered here), is one undo step, and undo gives
back the very same case: the full dump (deleted records and links included) equals the dump
before. Redo deletes again. Runs on ``offscreen`` and on ``xcb`` under Xvfb.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6 import QtGui
from PySide6.QtCore import QModelIndex, QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QContextMenuEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from osint_desk.core.errors import NotFoundError
from osint_desk.core.store import CaseStore
from osint_desk.core.text import index_to_utf16
from osint_desk.ui.card_view import EntityCardView
from osint_desk.ui.inspector import DELETED_HINT
from osint_desk.ui.main_window import MainWindow
from osint_desk.ui.models import ID_ROLE
from osint_desk.ui.operations import edits
from osint_desk.ui.reader import SourceReader
from osint_desk.ui.settings import AppSettings


class Answers:
    """QMessageBox patched: ``question`` answers Yes (or No) and every text is kept."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.asked: list[str] = []
        self.warned: list[str] = []
        self.answer = QMessageBox.StandardButton.Yes

        def question(_parent: Any, _title: str, text: str, *_args: Any) -> Any:
            self.asked.append(text)
            return self.answer

        def warning(_parent: Any, _title: str, text: str, *_args: Any) -> Any:
            self.warned.append(text)
            return QMessageBox.StandardButton.Ok

        monkeypatch.setattr(QMessageBox, "question", question)
        monkeypatch.setattr(QMessageBox, "warning", warning)
        monkeypatch.setattr(QMessageBox, "information", warning)


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    return Answers(monkeypatch)


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, demo_path: Path) -> Iterator[MainWindow]:
    """The demo case in an active window (shortcuts need an active window)."""
    win = MainWindow(AppSettings(tmp_path / "settings.ini"))
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    with qtbot.waitActive(win):
        win.activateWindow()
    assert win.open_case(demo_path)
    yield win
    win.close()


def store_of(window: MainWindow) -> CaseStore:
    assert window.session is not None
    return window.session.store


def focus(qtbot: QtBot, widget: QWidget) -> None:
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)


def press_delete(qtbot: QtBot, window: MainWindow) -> None:
    """The Delete key, as the keyboard sends it: to the focus widget (the Edit menu's action
    keeps itself enabled from focus and selection changes, nobody refreshes it here)."""
    focused = QApplication.focusWidget()
    assert focused is not None
    qtbot.keyClick(focused, Qt.Key.Key_Delete)


def menu_action(menu: QMenu | None, starts: str) -> QAction:
    assert menu is not None
    found = [a for a in menu.actions() if a.text().replace("&", "").startswith(starts)]
    assert found, [a.text() for a in menu.actions()]
    return found[0]


def undo_redo_check(window: MainWindow, before: dict[str, Any], gone: Any,
                    text: str) -> None:
    """One undo step named ``text``: undo gives the dump back exactly; redo deletes again."""
    assert window.session is not None
    stack, store = window.session.undo_stack, store_of(window)
    assert stack.undoText() == text
    after, after_live = store.dump(), store.dump(live=True)
    assert after != before
    window.undo_action.trigger()
    assert store.dump() == before
    window.redo_action.trigger()
    assert store.dump(live=True) == after_live  # the same records gone (with a new stamp)
    with pytest.raises(NotFoundError):
        gone()
    window.undo_action.trigger()
    assert store.dump() == before


def open_card(window: MainWindow, qtbot: QtBot, name: str) -> EntityCardView:
    view = window.tabs.open_card(store_of(window).entities.resolve(name).id)
    assert isinstance(view, EntityCardView)
    qtbot.waitExposed(view)
    return view


# -- cards ------------------------------------------------------------------------------------

def test_card_deleted_from_the_navigator_with_the_delete_key(
        qtbot: QtBot, window: MainWindow, answers: Answers) -> None:
    store, nav = store_of(window), window.navigator
    wagner = store.entities.resolve("Wagner Group")
    relationships = len(store.relationships.of_entity(wagner.id))
    records = len(store.sanctions.of_entity(wagner.id))
    assert relationships and records
    tree = nav.show_section("entity")
    tree.setCurrentIndex(nav.entities_model.index_of(wagner.id))
    focus(qtbot, tree)
    before = store.dump()
    assert window.delete_action.text() == "&Delete card “Wagner Group”…"
    assert window.delete_action.isEnabled()
    press_delete(qtbot, window)
    assert len(answers.asked) == 1
    asked = answers.asked[0]
    assert asked.startswith("Delete the card “Wagner Group”?")
    assert f"{relationships} relationships" in asked and "sanctions record" in asked
    assert "excerpts that mention it" in asked
    with pytest.raises(NotFoundError):
        store.entities.get(wagner.id)
    assert store.relationships.of_entity(wagner.id) == []
    qtbot.waitUntil(lambda: not nav.entity_names_contain("Wagner Group"))
    undo_redo_check(window, before, lambda: store.entities.get(wagner.id),
                    "Delete card “Wagner Group”")
    qtbot.waitUntil(lambda: nav.entity_names_contain("Wagner Group"))
    assert len(store.relationships.of_entity(wagner.id)) == relationships


def test_no_means_nothing_is_deleted(qtbot: QtBot, window: MainWindow,
                                     answers: Answers) -> None:
    store = store_of(window)
    view = open_card(window, qtbot, "KCNA")
    before = store.dump()
    answers.answer = QMessageBox.StandardButton.Cancel
    qtbot.mouseClick(view.page.delete_card, Qt.MouseButton.LeftButton)
    assert answers.asked and store.dump() == before
    assert window.session is not None and window.session.undo_stack.count() == 0


def test_a_name_that_looks_like_markup_is_asked_about_as_plain_text(
        qtbot: QtBot, window: MainWindow, answers: Answers) -> None:
    assert window.session is not None
    card_id = window.session.push(edits.new_entity(
        window.session, "Company", "<b>Bold</b> & Co")).target_id
    view = window.tabs.open_card(card_id)
    assert isinstance(view, EntityCardView)
    focus(qtbot, view.page.delete_relationship.parentWidget())
    assert window.delete_action.text() == "&Delete card “<b>Bold</b> && Co”…"
    window.delete_action.trigger()
    assert answers.asked[0].startswith("Delete this card?\n\n“<b>Bold</b> & Co”")
    assert not QtGui.Qt.mightBeRichText(answers.asked[0])  # shown as typed, not as markup


def test_the_open_card_tab_says_deleted_and_undo_brings_it_back(
        qtbot: QtBot, window: MainWindow, answers: Answers) -> None:
    view = open_card(window, qtbot, "John Kirby")
    qtbot.mouseClick(view.page.delete_card, Qt.MouseButton.LeftButton)
    assert view.stack.currentWidget() is view.deleted
    index = window.tabs.indexOf(view)
    qtbot.waitUntil(lambda: window.tabs.tabText(index) == "(deleted card)")
    window.undo_action.trigger()
    assert view.stack.currentWidget() is view.scroll_area
    qtbot.waitUntil(lambda: window.tabs.tabText(index) == "John Kirby")


def test_delete_in_a_text_field_edits_the_text_not_the_card(
        qtbot: QtBot, window: MainWindow, answers: Answers) -> None:
    store = store_of(window)
    view = open_card(window, qtbot, "KCNA")
    card_id = view.entity_id
    for field, text in ((view.page.name, "KCNA"), (view.page.aliases.name, ""),
                        (view.page.tags.field, "")):
        focus(qtbot, field)
        field.setText("KCNA")
        field.setCursorPosition(0)
        press_delete(qtbot, window)
        assert field.text() == "CNA"
        field.setText(text)  # as it was, before the focus moves on
    assert answers.asked == []
    assert store.entities.get(card_id).name == "KCNA"
    assert window.session is not None and window.session.undo_stack.count() == 0


# -- sources ----------------------------------------------------------------------------------

def test_a_cited_source_is_refused_naming_its_excerpts(
        qtbot: QtBot, window: MainWindow, answers: Answers) -> None:
    store, nav = store_of(window), window.navigator
    source = store.sources.list()[0]
    excerpts = store.excerpts.for_source(source.id)
    view = nav.show_section("source")
    index = nav.section("source").model.index_of(source.id)
    before = store.dump()
    menu_action(nav.context_menu(index), "Delete source").trigger()
    assert answers.asked == []
    assert len(answers.warned) == 1
    refusal = answers.warned[0]
    assert f"is cited by {len(excerpts)} excerpts" in refusal
    assert f"“{excerpts[0].quote[:40]}" in refusal and f"and {len(excerpts) - 3} more" in refusal
    assert store.dump() == before
    assert window.session is not None and window.session.undo_stack.count() == 0
    # The same through the Edit menu, with the focus on the list.
    view.setCurrentIndex(index)
    focus(qtbot, view)
    assert window.delete_action.text().startswith("&Delete source “")
    window.delete_action.trigger()
    assert len(answers.warned) == 2 and store.dump() == before


def test_an_uncited_source_is_deleted_from_its_reader(
        qtbot: QtBot, window: MainWindow, answers: Answers) -> None:
    assert window.session is not None
    store = store_of(window)
    source_id = window.session.push(edits.new_source(
        window.session, title="Pasted note", text="A few words of a note.")).target_id
    reader = window.tabs.open_source(source_id)
    assert isinstance(reader, SourceReader)
    qtbot.waitExposed(reader.view)
    focus(qtbot, reader.view)
    before = store.dump()
    assert reader.delete_target() is not None and reader.delete_target().kind == "source"
    press_delete(qtbot, window)
    assert answers.asked and answers.asked[0].startswith("Delete the source “Pasted note”?")
    assert reader.pages.currentWidget() is reader.deleted_label
    assert reader.tab_title() == "Deleted source"
    undo_redo_check(window, before, lambda: store.sources.get(source_id),
                    "Delete source “Pasted note”")
    assert reader.pages.currentWidget() is not reader.deleted_label
    # The context menu has it too.
    reader.prepare_menu(reader.view.viewport().rect().center())
    assert reader.delete_source_action in reader.view.context_actions
    reader.delete_source_action.trigger()
    with pytest.raises(NotFoundError):
        store.sources.get(source_id)


# -- excerpts ---------------------------------------------------------------------------------

def _used_excerpt(store: CaseStore) -> str:
    """An excerpt linked to cards and used as evidence, so its delete takes links along."""
    return next(e.id for e in store.excerpts.list()
                if store.excerpts.entity_ids(e.id) and store.excerpts.evidence_uses(e.id))


def test_excerpt_deleted_in_the_reader_with_the_delete_key(
        qtbot: QtBot, window: MainWindow, answers: Answers) -> None:
    store = store_of(window)
    excerpt_id = _used_excerpt(store)
    window.tabs.show_excerpt(excerpt_id)
    reader = window.tabs.current_reader()
    assert reader is not None
    qtbot.waitExposed(reader.view)
    focus(qtbot, reader.view)
    reader.select_excerpt(excerpt_id)
    before = store.dump()
    assert window.delete_action.text().startswith("&Delete excerpt “")
    press_delete(qtbot, window)
    asked = answers.asked[0]
    assert "its links to" in asked and "its place as evidence for" in asked
    with pytest.raises(NotFoundError):
        store.excerpts.get(excerpt_id)
    assert excerpt_id not in [e.id for e in reader.excerpts]
    assert window.inspector.empty.text() == DELETED_HINT
    undo_redo_check(window, before, lambda: store.excerpts.get(excerpt_id), "Delete excerpt")
    assert excerpt_id in [e.id for e in reader.excerpts]


def test_excerpt_deleted_from_the_reader_menu_and_the_inspector(
        qtbot: QtBot, window: MainWindow, answers: Answers) -> None:
    store = store_of(window)
    excerpt_id = _used_excerpt(store)
    window.tabs.show_excerpt(excerpt_id)
    reader = window.tabs.current_reader()
    assert reader is not None
    qtbot.waitExposed(reader.view)
    before = store.dump()
    # The context menu over the excerpt's words names it.
    excerpt = store.excerpts.get(excerpt_id)
    reader.view.setTextCursor(QTextCursor(reader.view.document()))  # no selection
    assert reader.source is not None
    inside = QTextCursor(reader.view.document())
    inside.setPosition(index_to_utf16(reader.source.text, excerpt.start + 1))
    rect = reader.view.cursorRect(inside)
    point = QPoint(rect.left() + 1, rect.center().y())
    shown: list[str] = []

    def read_and_close_menu() -> None:
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        shown.extend(action.text() for action in menu.actions())
        menu.close()

    QTimer.singleShot(100, read_and_close_menu)  # runs inside the menu's own event loop
    viewport = reader.view.viewport()
    QApplication.sendEvent(viewport, QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, point, viewport.mapToGlobal(point)))
    assert reader.delete_excerpt_action.text() in shown
    assert reader.delete_source_action.text() in shown
    assert reader.delete_excerpt_action.isEnabled()
    assert reader.delete_excerpt_action.text().startswith(
        f"&Delete excerpt “{excerpt.quote[:10]}")
    reader.delete_excerpt_action.trigger()
    with pytest.raises(NotFoundError):
        store.excerpts.get(excerpt_id)
    window.undo_action.trigger()
    assert store.dump() == before
    # The inspector's button.
    window.tabs.show_excerpt(excerpt_id)
    assert window.inspector.excerpt_id == excerpt_id
    qtbot.mouseClick(window.inspector.form.delete_button, Qt.MouseButton.LeftButton)
    with pytest.raises(NotFoundError):
        store.excerpts.get(excerpt_id)
    assert window.inspector.empty.text() == DELETED_HINT
    undo_redo_check(window, before, lambda: store.excerpts.get(excerpt_id), "Delete excerpt")


# -- relationships, sanctions records, aliases ------------------------------------------------

def test_relationship_deleted_from_the_card_table_with_the_delete_key(
        qtbot: QtBot, window: MainWindow, answers: Answers) -> None:
    store = store_of(window)
    view = open_card(window, qtbot, "Wagner Group")
    table = view.page.relationships
    table.selectRow(0)
    relationship_id, _other = view.selected_relationship()
    focus(qtbot, table)
    before = store.dump()
    assert window.delete_action.text().startswith("&Delete relationship “")
    press_delete(qtbot, window)
    assert answers.asked[0].startswith("Delete the relationship “")
    with pytest.raises(NotFoundError):
        store.relationships.get(relationship_id)
    assert relationship_id not in [view.page.relationships_model.relationship_id(r)
                                   for r in range(view.page.relationships_model.rowCount())]
    undo_redo_check(window, before, lambda: store.relationships.get(relationship_id),
                    "Delete relationship")


def test_relationship_deleted_from_the_navigator_by_the_edit_menu(
        qtbot: QtBot, window: MainWindow, answers: Answers) -> None:
    store, nav = store_of(window), window.navigator
    view = nav.show_section("relationship")
    model = view.model()
    index = next(model.index(row, 0) for row in range(model.rowCount())
                 if store.relationships.get(model.index(row, 0).data(ID_ROLE)).evidence)
    relationship_id = index.data(ID_ROLE)
    view.setCurrentIndex(index)
    focus(qtbot, view)
    before = store.dump()
    window.delete_action.trigger()
    assert "evidence excerpt" in answers.asked[0] and "the excerpts stay" in answers.asked[0]
    with pytest.raises(NotFoundError):
        store.relationships.get(relationship_id)
    undo_redo_check(window, before, lambda: store.relationships.get(relationship_id),
                    "Delete relationship")


def test_sanctions_record_deleted_from_the_card_context_menu(
        qtbot: QtBot, window: MainWindow, answers: Answers) -> None:
    store = store_of(window)
    view = open_card(window, qtbot, "Yevgeny Prigozhin")
    table = view.page.sanctions
    record = store.sanctions.of_entity(view.entity_id)[0]
    row = next(r for r in range(view.page.sanctions_model.rowCount())
               if view.page.sanctions_model.item(r, 0).data(ID_ROLE) == record.id)
    before = store.dump()
    menu_action(view.table_menu(table, view.page.sanctions_model.index(row, 0)),
                "Delete sanctions record “Yevgeny Prigozhin: OFAC").trigger()
    assert answers.asked[0].startswith(
        "Delete the sanctions record “Yevgeny Prigozhin: OFAC")
    with pytest.raises(NotFoundError):
        store.sanctions.get(record.id)
    assert view.page.sanctions_model.rowCount() == len(store.sanctions.of_entity(view.entity_id))
    undo_redo_check(window, before, lambda: store.sanctions.get(record.id),
                    f"Delete sanctions record “OFAC {record.entry_ref}”")


def test_sanctions_record_deleted_with_the_delete_key(
        qtbot: QtBot, window: MainWindow, answers: Answers) -> None:
    store = store_of(window)
    view = open_card(window, qtbot, "Yevgeny Prigozhin")
    view.page.sanctions.selectRow(0)
    record_id = view.selected_sanction()
    focus(qtbot, view.page.sanctions)
    before = store.dump()
    press_delete(qtbot, window)
    with pytest.raises(NotFoundError):
        store.sanctions.get(record_id)
    window.undo_action.trigger()
    assert store.dump() == before


def test_alias_deleted_with_the_delete_key_and_the_context_menu(
        qtbot: QtBot, window: MainWindow, answers: Answers) -> None:
    store = store_of(window)
    view = open_card(window, qtbot, "Yevgeny Prigozhin")
    aliases = view.page.aliases
    aliases.table.selectRow(0)
    alias_id = aliases.selected_id()
    name = aliases.model.item(0, 0).text()
    focus(qtbot, aliases.table)
    before = store.dump()

    def gone() -> None:
        if alias_id in [a.id for a in store.entities.get(view.entity_id).aliases]:
            return
        raise NotFoundError(alias_id)

    assert window.delete_action.text() == f"&Delete alias “{name}”…"
    press_delete(qtbot, window)
    assert answers.asked[0].startswith(f"Delete the alias “{name}”?")
    assert name not in [a.name for a in store.entities.get(view.entity_id).aliases]
    assert name not in [aliases.model.item(r, 0).text() for r in range(aliases.model.rowCount())]
    undo_redo_check(window, before, gone, "Remove alias")
    row = next(r for r in range(aliases.model.rowCount()) if aliases.model.item(r, 0).text()
               == name)
    menu_action(view.table_menu(aliases.table, aliases.model.index(row, 0)),
                f"Delete alias “{name}”").trigger()
    assert name not in [a.name for a in store.entities.get(view.entity_id).aliases]


# -- tags -------------------------------------------------------------------------------------

def test_tag_deleted_from_the_navigator_menu(qtbot: QtBot, window: MainWindow,
                                             answers: Answers) -> None:
    store, nav = store_of(window), window.navigator
    carriers = store.tags.targets("denial")
    assert carriers
    model = nav.section("tag").model
    index = model.index_of("denial")
    assert index.isValid()
    before = store.dump(timestamps=True)
    menu_action(nav.context_menu(index), "Delete tag “denial”").trigger()
    assert f"It comes off {len(carriers)} record" in answers.asked[0]
    assert "denial" not in store.tags.names()
    qtbot.waitUntil(lambda: not model.index_of("denial").isValid())
    window.undo_action.trigger()
    assert store.dump(timestamps=True) == before  # the same taggings, stamped as they were
    qtbot.waitUntil(lambda: model.index_of("denial").isValid())
    window.redo_action.trigger()
    assert "denial" not in store.tags.names()
    assert window.session is not None
    assert window.session.undo_stack.undoText() == "Delete tag “denial”"


# -- the Edit menu ----------------------------------------------------------------------------

def test_delete_action_is_disabled_when_nothing_is_selected(
        qtbot: QtBot, window: MainWindow, answers: Answers) -> None:
    nav = window.navigator
    view = nav.show_section("sanction")
    view.setCurrentIndex(QModelIndex())
    focus(qtbot, view)
    assert not window.delete_action.isEnabled()
    assert window.delete_action.text() == "&Delete…"
    view.setCurrentIndex(view.model().index(0, 0))
    assert window.delete_action.isEnabled()  # follows the current row, not only the focus
    assert window.delete_action.text().startswith("&Delete sanctions record “")
    assert window.delete_action in window.menuBar().actions()[1].menu().actions()


def test_navigator_menu_opens_the_row_too(qtbot: QtBot, window: MainWindow) -> None:
    store, nav = store_of(window), window.navigator
    kcna = store.entities.resolve("KCNA")
    menu = nav.context_menu(nav.entities_model.index_of(kcna.id))
    menu_action(menu, "Open").trigger()
    card = window.tabs.current_card()
    assert card is not None and card.entity_id == kcna.id
    assert menu_action(menu, "Delete card “KCNA”").isEnabled()
    assert nav.context_menu(nav.entities_model.index(0, 0)) is None  # a type group: no menu


def test_a_card_table_without_a_selected_row_deletes_nothing(
        qtbot: QtBot, window: MainWindow, answers: Answers) -> None:
    view = open_card(window, qtbot, "Yevgeny Prigozhin")
    table = view.page.relationships
    table.clearSelection()
    focus(qtbot, table)
    assert view.delete_target() is None
    assert not window.delete_action.isEnabled()
    focus(qtbot, view.page.delete_card)  # elsewhere on the card: the card
    assert window.delete_action.text() == "&Delete card “Yevgeny Prigozhin”…"
