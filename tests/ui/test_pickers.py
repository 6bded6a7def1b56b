"""Speaker and channel pickers: new cards in place, one undo step, nothing dropped in silence.

Driven by real key events (QTest.keyClicks, Tab, Enter, Escape) and mouse clicks, on the
offscreen platform and under Xvfb with ``QT_QPA_PLATFORM=xcb``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu, QWidget
from pytestqt.qtbot import QtBot

from osint_desk.core.errors import NotFoundError
from osint_desk.core.sanctions.entries import ListEntry, ListInfo
from osint_desk.core.sanctions.library import ListLibrary
from osint_desk.core.store import CaseStore
from osint_desk.ui.inspector import ExcerptInspector
from osint_desk.ui.session import CaseSession
from osint_desk.ui.widgets.card_picker import CardPicker

ARTICLE = ("North Korea completed an initial arms delivery to Wagner, the White House said."
           " KCNA called the report groundless.")


def excerpt_id(session: CaseSession, starts_with: str) -> str:
    for excerpt in session.store.excerpts.list():
        if excerpt.quote.startswith(starts_with):
            return excerpt.id
    raise AssertionError(f"no excerpt starts with {starts_with!r}")


def activate(qtbot: QtBot, widget: QWidget) -> None:
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)


def open_inspector(qtbot: QtBot, session: CaseSession) -> ExcerptInspector:
    dock = ExcerptInspector()
    qtbot.addWidget(dock)
    dock.set_session(session)
    dock.resize(340, 900)
    activate(qtbot, dock)
    return dock


@pytest.fixture
def inspector(qtbot: QtBot, session: CaseSession) -> Iterator[ExcerptInspector]:
    dock = open_inspector(qtbot, session)
    yield dock
    dock.set_session(None)


@pytest.fixture
def sold(session: CaseSession, inspector: ExcerptInspector) -> str:
    """ "North Korea sold infantry…": speaker John Kirby, no channel."""
    found = excerpt_id(session, "North Korea sold infantry")
    assert session.store.excerpts.get(found).channel_id is None
    inspector.show_excerpt(found)
    return found


@pytest.fixture
def blank(tmp_path: Path, qapp: object) -> Iterator[CaseSession]:
    """A new case as a user starts one: one source, one excerpt, no cards at all."""
    store = CaseStore.create(tmp_path / "new.osintcase", "New case", actor="tester")
    source = store.sources.add(text=ARTICLE, title="kirby")
    store.excerpts.add(source.id, 0, ARTICLE.index(","))
    opened = CaseSession(store)
    yield opened
    opened.close()


def type_into(qtbot: QtBot, picker: CardPicker, text: str) -> None:
    """Click into the field, select what it shows and type over it."""
    qtbot.mouseClick(picker, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(picker.hasFocus)
    qtbot.keyClick(picker, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(picker, text)


def press(qtbot: QtBot, picker: CardPicker, key: Qt.Key) -> None:
    """A key as the keyboard delivers it: to the completion list while it is open (a popup
    has the keyboard), else to the field."""
    popup = picker.popup()
    qtbot.keyClick(popup if popup.isVisible() else picker, key)


def press_enter_for_menu(qtbot: QtBot, picker: CardPicker) -> QMenu:
    """Enter on a name no card has: the completion list (if any) closes, the menu opens."""
    press(qtbot, picker, Qt.Key.Key_Return)
    menu = picker.type_menu
    assert menu is not None
    qtbot.waitUntil(menu.isVisible)
    return menu


def click_type(qtbot: QtBot, menu: QMenu, schema: str) -> None:
    action = next(a for a in menu.actions() if a.data() == schema)
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())


def test_enter_on_kcna_takes_the_existing_card(qtbot: QtBot, session: CaseSession,
                                               inspector: ExcerptInspector, sold: str) -> None:
    channel = inspector.form.channel
    type_into(qtbot, channel, "KCNA")
    popup = channel.popup()
    qtbot.waitUntil(popup.isVisible)
    assert popup.model().index(0, 0).data() == "KCNA — Organisation"  # exact name first
    qtbot.keyClick(popup, Qt.Key.Key_Return)  # the open list has the keyboard
    kcna = session.store.entities.resolve("KCNA")
    assert session.store.excerpts.get(sold).channel_id == kcna.id
    assert session.undo_stack.undoText() == "Set channel"
    assert channel.type_menu is None  # nothing to create
    qtbot.waitUntil(lambda: channel.text() == "KCNA")


def test_enter_on_a_new_channel_creates_it_in_one_undo_step(
        qtbot: QtBot, session: CaseSession, inspector: ExcerptInspector, sold: str) -> None:
    store, stack = session.store, session.undo_stack
    store.entities.delete(store.entities.resolve("KCNA").id)  # as in a case without it
    channel, form = inspector.form.channel, inspector.form
    type_into(qtbot, channel, "KCNA")
    menu = press_enter_for_menu(qtbot, channel)
    assert "KCNA" in menu.actions()[0].text()
    assert "nothing known about this name" in menu.actions()[0].text()  # said, not silent
    click_type(qtbot, menu, "Organization")
    card = store.entities.resolve("KCNA")
    assert card.type == "Organization"
    assert store.excerpts.get(sold).channel_id == card.id
    assert stack.count() == 1
    assert stack.undoText() == "New channel “KCNA”"
    assert channel.text() == "KCNA"
    assert not form.channel_error.has_error() and not form.speaker_error.has_error()
    stack.undo()  # one undo removes the card and the channel
    with pytest.raises(NotFoundError):
        store.entities.resolve("KCNA")
    assert store.excerpts.get(sold).channel_id is None
    assert channel.text() == ""
    stack.redo()
    assert store.excerpts.get(sold).channel_id == card.id
    assert store.entities.resolve("KCNA").id == card.id
    assert channel.text() == "KCNA"

    # The type chosen last is offered next, and says so.
    speaker = form.speaker
    type_into(qtbot, speaker, "Rodong Sinmun")
    menu = press_enter_for_menu(qtbot, speaker)
    active = menu.activeAction()
    assert active is not None and active.data() == "Organization"
    assert "the type chosen last" in menu.actions()[0].text()
    qtbot.keyClick(menu, Qt.Key.Key_Escape)  # no card: the typed name stays
    qtbot.waitUntil(lambda: not menu.isVisible())
    assert speaker.text() == "Rodong Sinmun"
    assert stack.count() == 1


def test_tab_with_an_unknown_speaker_keeps_it_and_says_so_under_speaker(
        qtbot: QtBot, session: CaseSession, inspector: ExcerptInspector, sold: str) -> None:
    store, form = session.store, inspector.form
    kirby = store.entities.resolve("John Kirby")
    speaker = form.speaker
    type_into(qtbot, speaker, "Nobody Known")
    press(qtbot, speaker, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: not speaker.hasFocus())
    assert speaker.text() == "Nobody Known"  # kept
    assert form.speaker_error.isVisible()
    assert "Nobody Known" in form.speaker_error.text()
    assert not form.channel_error.isVisible()
    assert store.excerpts.get(sold).speaker_id == kirby.id  # nothing changed, nothing pushed
    assert session.undo_stack.count() == 0
    inspector.refresh()  # a refresh (any change in the case) keeps the typed name too
    assert speaker.text() == "Nobody Known"

    # Back in the field, Enter offers to create it; Escape twice gives the old speaker back.
    qtbot.mouseClick(speaker, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(speaker.hasFocus)
    menu = press_enter_for_menu(qtbot, speaker)
    qtbot.keyClick(menu, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not menu.isVisible())
    qtbot.waitUntil(speaker.hasFocus)
    press(qtbot, speaker, Qt.Key.Key_Escape)
    assert speaker.text() == "John Kirby"
    assert not form.speaker_error.isVisible()

    # Tab with an exact alias takes that card.
    type_into(qtbot, speaker, "John F. Kirby")
    assert speaker.popup().isVisible()
    press(qtbot, speaker, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: not speaker.hasFocus())
    assert store.excerpts.get(sold).speaker_id == kirby.id
    qtbot.waitUntil(lambda: speaker.text() == "John Kirby")


def test_errors_show_under_the_field_that_caused_them(
        qtbot: QtBot, session: CaseSession, inspector: ExcerptInspector, sold: str) -> None:
    store, form = session.store, inspector.form
    store.entities.add("Person", "Twin")
    store.entities.add("Organization", "Twin")
    type_into(qtbot, form.speaker, "Twin")
    press(qtbot, form.speaker, Qt.Key.Key_Escape)  # the list (its first "Twin" is highlighted)
    press(qtbot, form.speaker, Qt.Key.Key_Return)
    assert "Several cards are called “Twin”" in form.speaker_error.text()
    assert form.speaker_error.isVisible() and not form.channel_error.isVisible()
    assert form.speaker.text() == "Twin"
    type_into(qtbot, form.channel, "Twin")
    press(qtbot, form.channel, Qt.Key.Key_Escape)  # the list (its first "Twin" is highlighted)
    press(qtbot, form.channel, Qt.Key.Key_Return)
    assert form.channel_error.isVisible()
    assert "Several cards" in form.channel_error.text()


def test_north_korea_as_a_new_card_is_preselected_as_a_public_body(
        qtbot: QtBot, blank: CaseSession) -> None:
    dock = open_inspector(qtbot, blank)
    try:
        excerpt = blank.store.excerpts.list()[0]
        dock.show_excerpt(excerpt.id)
        speaker = dock.form.speaker
        type_into(qtbot, speaker, "North Korea")
        menu = press_enter_for_menu(qtbot, speaker)
        active = menu.activeAction()
        assert active is not None and active.data() == "PublicBody"
        assert "a country: KP" in menu.actions()[0].text()
        qtbot.keyClick(menu, Qt.Key.Key_Return)  # Enter, Enter: a public body, not a person
        card = blank.store.entities.resolve("North Korea")
        assert card.type == "PublicBody"
        assert blank.store.excerpts.get(excerpt.id).speaker_id == card.id
        assert blank.undo_stack.undoText() == "New speaker “North Korea”"
        qtbot.waitUntil(lambda: speaker.text() == "North Korea")
    finally:
        dock.set_session(None)


def test_pmc_wagner_suggests_the_wagner_group_card(qtbot: QtBot, session: CaseSession,
                                                   inspector: ExcerptInspector,
                                                   sold: str) -> None:
    wagner = session.store.entities.resolve("Wagner Group")
    speaker = inspector.form.speaker
    type_into(qtbot, speaker, "PMC Wagner")
    popup = speaker.popup()
    qtbot.waitUntil(popup.isVisible)
    assert popup.model().index(0, 0).data() == "Wagner Group (alias: PMC Wagner) — Organisation"
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert session.store.excerpts.get(sold).speaker_id == wagner.id
    qtbot.waitUntil(lambda: speaker.text() == "Wagner Group")
    # The link picker matches aliases the same way.
    link = inspector.form.link_picker
    qtbot.mouseClick(link, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(link, "pmc")
    qtbot.waitUntil(link.popup().isVisible)
    labels = [link.popup().model().index(row, 0).data()
              for row in range(link.popup().model().rowCount())]
    assert "Wagner Group (alias: PMC Wagner) — Organisation" in labels


def test_a_name_the_lists_hold_is_guessed_as_the_lists_type(
        tmp_path: Path, session: CaseSession, inspector: ExcerptInspector) -> None:
    path = tmp_path / "lists.sqlite"
    with ListLibrary(path) as library:
        library.import_entries(
            ListInfo("TEST", "test-list", "Test list", None, "0" * 64, ("t.xml",)),
            [ListEntry("TEST", "test-list", "1", "Vessel", "CHON MA SAN")])
    inspector.library_path = path
    guess = inspector.guess_type("Chon Ma San")
    assert (guess.type, guess.reason) == ("Vessel", "listed on test-list")
    inspector.library_path = tmp_path / "none.sqlite"  # no library: never created
    assert inspector.guess_type("Chon Ma San").type == "Person"
    assert not (tmp_path / "none.sqlite").exists()
