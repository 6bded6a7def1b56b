"""The excerpt inspector driven as a user would: keyboard and mouse, one undo step per edit."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QComboBox, QWidget
from pytestqt.qtbot import QtBot
from qt_document_checks import active_parts, links

from osint_desk.core.errors import NotFoundError
from osint_desk.core.store import CaseStore
from osint_desk.ui.inspector import ExcerptInspector
from osint_desk.ui.operations import edits
from osint_desk.ui.session import CaseSession

HOSTILE_NOTE = """Checked.

<script>alert('x')</script>
<img src="http://tracker.example/pixel.png" onerror="alert(1)">
![remote](https://tracker.example/image.png)
[click me](javascript:alert(1)) and [the archive](https://example.org/kcna)
"""


def excerpt_id(session: CaseSession, starts_with: str) -> str:
    for excerpt in session.store.excerpts.list():
        if excerpt.quote.startswith(starts_with):
            return excerpt.id
    raise AssertionError(f"no demo excerpt starts with {starts_with!r}")


def shots_dir(tmp_path: Path) -> Path:
    """Screenshots go to $OSINT_DESK_SHOTS when set (to look at them), else to tmp_path."""
    folder = Path(os.environ.get("OSINT_DESK_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def type_text(widget: QWidget, text: str) -> None:
    """Type any script (QTest.keyClicks only knows Latin-1 keys): one key event a character,
    as a keyboard layout or input method delivers them."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier,
                                                     char))


def activate(qtbot: QtBot, widget: QWidget) -> None:
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)


@pytest.fixture
def inspector(qtbot: QtBot, session: CaseSession) -> Iterator[ExcerptInspector]:
    dock = ExcerptInspector()
    qtbot.addWidget(dock)
    dock.set_session(session)
    dock.resize(320, 800)
    activate(qtbot, dock)
    yield dock
    dock.set_session(None)


@pytest.fixture
def sold(session: CaseSession, inspector: ExcerptInspector) -> str:
    """The excerpt "North Korea sold infantry and rocket launchers…" (graded 2, asserts)."""
    found = excerpt_id(session, "North Korea sold infantry")
    inspector.show_excerpt(found)
    return found


def choose_in_popup(qtbot: QtBot, combo: QComboBox, text: str) -> None:
    """Open the combo's list with the mouse and click the item showing ``text``."""
    qtbot.mouseClick(combo, Qt.MouseButton.LeftButton)
    view = combo.view()
    qtbot.waitUntil(view.isVisible)
    # The combo ignores a release just after opening (it would be the opening click's own).
    qtbot.wait(QApplication.doubleClickInterval() + 50)
    row = combo.findText(text)
    assert row >= 0, text
    rect = view.visualRect(combo.model().index(row, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_empty_state_is_a_hint(inspector: ExcerptInspector) -> None:
    assert inspector.objectName() == "inspector"
    assert inspector.windowTitle() == "Excerpt"
    assert inspector.pages.currentWidget() is inspector.empty
    assert "No excerpt selected" in inspector.empty.text()


def test_credibility_and_stance_are_one_undo_step_each(
        qtbot: QtBot, session: CaseSession, inspector: ExcerptInspector, sold: str) -> None:
    store, stack = session.store, session.undo_stack
    form = inspector.form
    assert form.credibility.currentData() == 2
    form.credibility.setFocus()
    qtbot.keyClick(form.credibility, Qt.Key.Key_Down)
    assert store.excerpts.get(sold).credibility == 3
    assert stack.undoText() == "Set credibility"
    choose_in_popup(qtbot, form.stance, "denies")
    assert store.excerpts.get(sold).stance == "denies"
    assert stack.undoText() == "Set stance"
    assert stack.count() == 2
    stack.undo()
    assert store.excerpts.get(sold).stance == "asserts"
    assert form.stance.currentText() == "asserts"
    stack.undo()
    assert store.excerpts.get(sold).credibility == 2
    assert form.credibility.currentData() == 2


def test_not_graded_clears_the_credibility(qtbot: QtBot, session: CaseSession,
                                           inspector: ExcerptInspector, sold: str) -> None:
    choose_in_popup(qtbot, inspector.form.credibility, "— not graded —")
    assert session.store.excerpts.get(sold).credibility is None


def test_bad_event_date_shows_an_inline_error_and_changes_nothing(
        qtbot: QtBot, session: CaseSession, inspector: ExcerptInspector, sold: str) -> None:
    store, stack = session.store, session.undo_stack
    before = store.excerpts.get(sold).event_date
    date = inspector.form.event_date
    qtbot.mouseClick(date, Qt.MouseButton.LeftButton)
    qtbot.keyClick(date, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(date, "2022-13")
    qtbot.keyClick(date, Qt.Key.Key_Return)
    error = inspector.form.date_error
    assert error.isVisible()
    assert "no month 13" in error.text()
    assert store.excerpts.get(sold).event_date == before
    assert stack.count() == 0
    qtbot.keyClick(date, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(date, "2022-11-30")
    assert not error.isVisible()  # typing again clears the message
    qtbot.keyClick(date, Qt.Key.Key_Return)
    assert store.excerpts.get(sold).event_date == "2022-11-30"
    assert stack.undoText() == "Set event date"
    assert stack.count() == 1
    stack.undo()
    assert store.excerpts.get(sold).event_date == before
    assert date.text() == (before or "")


def test_note_is_committed_once_on_focus_out(qtbot: QtBot, session: CaseSession,
                                             inspector: ExcerptInspector, sold: str) -> None:
    store, stack = session.store, session.undo_stack
    before = store.excerpts.get(sold).note
    editor = inspector.form.note.editor
    qtbot.mouseClick(editor.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClick(editor, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, " Checked against the KCNA archive.")
    assert stack.count() == 0  # not on every keystroke
    qtbot.keyClick(editor, Qt.Key.Key_Tab)  # leave the field
    assert not editor.hasFocus()
    assert store.excerpts.get(sold).note == before + " Checked against the KCNA archive."
    assert stack.count() == 1
    assert stack.undoText() == "Edit note"
    stack.undo()
    assert store.excerpts.get(sold).note == before
    assert editor.toPlainText() == before


def test_switching_excerpts_saves_the_note_where_it_was_typed(
        qtbot: QtBot, session: CaseSession, inspector: ExcerptInspector, sold: str) -> None:
    editor = inspector.form.note.editor
    qtbot.mouseClick(editor.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, "Typed for the sale.")
    other = excerpt_id(session, "In a statement carried by KCNA")
    inspector.show_excerpt(other)  # e.g. chosen from the navigator while still typing
    assert session.store.excerpts.get(sold).note == "Typed for the sale."
    assert session.store.excerpts.get(other).note != "Typed for the sale."
    assert editor.toPlainText() == session.store.excerpts.get(other).note


def test_ctrl_return_commits_the_note(qtbot: QtBot, session: CaseSession,
                                      inspector: ExcerptInspector, sold: str) -> None:
    editor = inspector.form.note.editor
    qtbot.mouseClick(editor.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, "Replaced.")
    qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert session.store.excerpts.get(sold).note == "Replaced."
    assert editor.hasFocus()


def test_link_a_new_card_from_the_picker(qtbot: QtBot, session: CaseSession,
                                         inspector: ExcerptInspector, sold: str) -> None:
    store, stack = session.store, session.undo_stack
    picker = inspector.form.link_picker
    qtbot.mouseClick(picker, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(picker, "Arms Broker Zed")
    qtbot.keyClick(picker, Qt.Key.Key_Return)
    menu = picker.type_menu
    assert menu is not None
    qtbot.waitUntil(menu.isVisible)
    person = next(a for a in menu.actions() if a.data() == "Person")
    assert menu.actions().index(person) == 1  # right after the title: Person first
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(person).center())
    card = store.entities.resolve("Arms Broker Zed")
    assert card.type == "Person"
    assert card.id in store.excerpts.entity_ids(sold)
    assert inspector.form.linked.chip_for(card.id) is not None
    assert stack.count() == 1
    assert stack.undoText() == "Link new card “Arms Broker Zed”"
    stack.undo()
    with pytest.raises(NotFoundError):
        store.entities.resolve("Arms Broker Zed")
    assert card.id not in store.excerpts.entity_ids(sold)
    assert inspector.form.linked.chip_for(card.id) is None
    stack.redo()
    assert store.entities.resolve("Arms Broker Zed").id == card.id
    assert card.id in store.excerpts.entity_ids(sold)


def test_link_an_existing_card_by_completion_then_unlink(
        qtbot: QtBot, session: CaseSession, inspector: ExcerptInspector, sold: str) -> None:
    store, stack = session.store, session.undo_stack
    cleverly = store.entities.resolve("James Cleverly")
    assert cleverly.id not in store.excerpts.entity_ids(sold)
    picker = inspector.form.link_picker
    qtbot.mouseClick(picker, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(picker, "clever")
    popup = picker.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    assert popup.model().index(0, 0).data() == "James Cleverly — Person"
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert cleverly.id in store.excerpts.entity_ids(sold)
    assert stack.undoText() == "Link “James Cleverly”"
    qtbot.waitUntil(lambda: picker.text() == "")  # ready for the next card
    chip = inspector.form.linked.chip_for(cleverly.id)
    assert chip is not None
    qtbot.mouseClick(chip.remove, Qt.MouseButton.LeftButton)
    assert cleverly.id not in store.excerpts.entity_ids(sold)
    assert stack.undoText() == "Unlink “James Cleverly”"


def test_link_by_alias_typed_in_another_script(qtbot: QtBot, session: CaseSession,
                                              inspector: ExcerptInspector, sold: str) -> None:
    putin = session.store.entities.resolve("Vladimir Putin")
    picker = inspector.form.link_picker
    qtbot.mouseClick(picker, Qt.MouseButton.LeftButton)
    type_text(picker, "Владимир Путин")
    qtbot.keyClick(picker, Qt.Key.Key_Escape)  # close the list, keep the text
    qtbot.keyClick(picker, Qt.Key.Key_Return)  # an exact alias links that card
    assert putin.id in session.store.excerpts.entity_ids(sold)


def test_speaker_is_set_and_cleared(qtbot: QtBot, session: CaseSession,
                                    inspector: ExcerptInspector, sold: str) -> None:
    store, stack = session.store, session.undo_stack
    speaker = inspector.form.speaker
    assert speaker.text() == "John Kirby"
    qtbot.mouseClick(speaker, Qt.MouseButton.LeftButton)
    qtbot.keyClick(speaker, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(speaker, "White House")
    popup = speaker.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    white_house = store.entities.resolve("White House")
    assert store.excerpts.get(sold).speaker_id == white_house.id
    assert stack.undoText() == "Set speaker"
    qtbot.keyClick(speaker, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(speaker, Qt.Key.Key_Delete)
    qtbot.keyClick(speaker, Qt.Key.Key_Return)
    assert store.excerpts.get(sold).speaker_id is None
    assert stack.undoText() == "Clear speaker"
    stack.undo()
    assert speaker.text() == "White House (National Security Council)"


def test_tags_are_added_and_removed(qtbot: QtBot, session: CaseSession,
                                    inspector: ExcerptInspector, sold: str) -> None:
    store = session.store
    field = inspector.form.tags.field
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(field, "arms-sales")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert "arms-sales" in store.tags.of("excerpt", sold)
    assert session.undo_stack.undoText() == "Tag “arms-sales”"
    chip = next(c for c in inspector.form.tags._chips if c.label.text() == "arms-sales")
    qtbot.mouseClick(chip.remove, Qt.MouseButton.LeftButton)
    assert "arms-sales" not in store.tags.of("excerpt", sold)


def test_show_in_source_and_open_a_linked_card(qtbot: QtBot, session: CaseSession,
                                               inspector: ExcerptInspector, sold: str) -> None:
    excerpt = session.store.excerpts.get(sold)
    with qtbot.waitSignal(inspector.show_in_source) as shown:
        qtbot.mouseClick(inspector.form.show_button, Qt.MouseButton.LeftButton)
    assert shown.args == [excerpt.source_id, excerpt.start, excerpt.end]
    first = inspector.form.linked.card_ids()[0]
    chip = inspector.form.linked.chip_for(first)
    assert chip is not None
    with qtbot.waitSignal(inspector.card_requested) as requested:
        qtbot.mouseClick(chip.label, Qt.MouseButton.LeftButton)
    assert requested.args == [first]


def test_hostile_note_preview_is_neutralised(qtbot: QtBot, session: CaseSession,
                                             inspector: ExcerptInspector, sold: str) -> None:
    session.push(edits.edit_excerpt(session, sold, "Edit note", note=HOSTILE_NOTE))
    note = inspector.form.note
    note.editor.setFocus()
    qtbot.keyClick(note.editor, Qt.Key.Key_P,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert note.is_preview()
    assert active_parts(note.preview.document()) == []
    assert links(note.preview.document()) == ["https://example.org/kcna"]
    assert "<script>alert('x')</script>" in note.preview.toPlainText()  # shown, not run
    assert not [url for url in note.preview.blocked if "tracker" in url]
    qtbot.keyClick(note.preview, Qt.Key.Key_P,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert not note.is_preview()


def test_deleted_excerpt_then_undo(session: CaseSession, inspector: ExcerptInspector,
                                   sold: str) -> None:
    session.push(edits.delete_excerpt(session, sold))
    assert inspector.pages.currentWidget() is inspector.empty
    assert "deleted" in inspector.empty.text()
    session.undo_stack.undo()
    assert inspector.pages.currentWidget() is inspector.scroll_area


def test_every_control_is_named_and_labelled(inspector: ExcerptInspector, sold: str) -> None:
    unnamed = [type(w).__name__ for w in inspector.form.findChildren(QWidget)
               if w.isVisible() and w.focusPolicy() != Qt.FocusPolicy.NoFocus
               and not w.accessibleName()]
    assert unnamed == []
    buddies = {label.buddy() for label in inspector.form.findChildren(type(inspector.empty))
               if label.buddy() is not None}
    form = inspector.form
    for field in (form.note, form.credibility, form.stance, form.event_date, form.speaker,
                  form.channel, form.translation, form.translation_language, form.link_picker,
                  form.tags.field):
        assert field in buddies


def test_read_only_case_disables_the_controls(qtbot: QtBot, demo_path: Path) -> None:
    session = CaseSession(CaseStore.open(demo_path, read_only=True))
    dock = ExcerptInspector()
    qtbot.addWidget(dock)
    dock.set_session(session)
    dock.show_excerpt(session.store.excerpts.list()[0].id)
    dock.show()
    form = dock.form
    assert not form.credibility.isEnabled() and not form.stance.isEnabled()
    assert not form.event_date.isEnabled() and not form.speaker.isEnabled()
    assert form.note.editor.isReadOnly()
    assert not form.link_picker.isVisible() and not form.tags.field.isVisible()
    assert form.show_button.isEnabled()
    dock.set_session(None)
    session.close()


def test_screenshot(qtbot: QtBot, inspector: ExcerptInspector, session: CaseSession,
                    tmp_path: Path) -> None:
    inspector.show_excerpt(excerpt_id(session, "In a statement carried by KCNA"))
    inspector.resize(320, 800)
    qtbot.waitUntil(lambda: inspector.form.linked.height() > 0)
    qtbot.wait(100)  # let the posted layout requests settle before grabbing
    target = shots_dir(tmp_path) / "inspector.png"
    assert inspector.grab().save(str(target))
    assert target.stat().st_size > 10_000
    inspector.show_excerpt(None)
    empty = shots_dir(tmp_path) / "inspector-empty.png"
    assert inspector.grab().save(str(empty))


def test_type_menu_answers_the_keyboard_person_first(qtbot: QtBot,
                                                      inspector: ExcerptInspector) -> None:
    picker = inspector.form.link_picker
    menu = picker.offer_types("Someone New")
    qtbot.waitUntil(menu.isVisible)
    assert menu.activeAction() is not None and menu.activeAction().data() == "Person"
    with qtbot.waitSignal(picker.create_requested) as requested:
        qtbot.keyClick(menu, Qt.Key.Key_Return)
    assert requested.args == ["Someone New", "Person"]
