"""The whole notebook flow in the main window, as a user drives it, then undone and redone.

Select words in the reader → Ctrl+E → link a new card from the inspector → add an alias on the
card → add a relationship with evidence → Ctrl+Z to the start → Ctrl+Shift+Z to the end; the
case is compared by a dump (same records, same ids) at both ends.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from osint_desk.core.text import index_to_utf16
from osint_desk.ui.card_view import EntityCardView
from osint_desk.ui.main_window import MainWindow
from osint_desk.ui.reader import SourceReader
from osint_desk.ui.settings import AppSettings

MIXED = ("Field report.\nКурьер передал 👨‍👩‍👧‍👦 груз: 朝鲜向瓦格纳集团交付了武器 🇰🇵 today.\n"
         "The broker denied everything.")
QUOTE = "передал 👨‍👩‍👧‍👦 груз: 朝鲜向瓦格纳集团交付了武器 🇰🇵"


def type_text(widget: QWidget, text: str) -> None:
    """Any script, one key event a character (QTest.keyClicks knows only Latin-1 keys)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier,
                                                     char))


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, demo_path: Path) -> Iterator[MainWindow]:
    win = MainWindow(AppSettings(tmp_path / "settings.ini"))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    assert win.open_case(demo_path)
    yield win
    win.close()


def test_dependent_edits_through_the_window_undo_to_start_and_redo(
        qtbot: QtBot, window: MainWindow) -> None:
    session = window.session
    assert session is not None
    store = session.store
    source = store.sources.add(text=MIXED, title="Field report")  # setup, not under test
    start = store.dump(live=True)

    # 1. Select the words with the keyboard in the reader and press Ctrl+E.
    reader = window.tabs.open_source(source.id)
    assert isinstance(reader, SourceReader)
    view = reader.view
    view.setFocus()
    cursor = view.textCursor()
    at = MIXED.index(QUOTE)
    cursor.setPosition(index_to_utf16(MIXED, at))
    view.setTextCursor(cursor)
    target = index_to_utf16(MIXED, at + len(QUOTE))
    while view.textCursor().selectionEnd() < target:  # Shift+Right moves a whole character
        qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert view.textCursor().hasSelection()
    qtbot.keyClick(view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    excerpt = store.excerpts.for_source(source.id)[0]
    assert excerpt.quote == QUOTE
    assert window.undo_action.text() == "&Undo New excerpt"

    # 2. The inspector shows it; link a new card typed into "Link a card…".
    window.inspector.show_excerpt(excerpt.id)
    picker = window.inspector.form.link_picker
    qtbot.mouseClick(picker, Qt.MouseButton.LeftButton)
    type_text(picker, "Курьер Икс")
    qtbot.keyClick(picker, Qt.Key.Key_Return)
    menu = picker.type_menu
    assert menu is not None
    qtbot.waitUntil(menu.isVisible)
    person = next(a for a in menu.actions() if a.data() == "Person")
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(person).center())
    courier = store.entities.resolve("Курьер Икс")
    assert courier.id in store.excerpts.entity_ids(excerpt.id)

    # 3. Open the card and add a Latin alias.
    card = window.tabs.open_card(courier.id)
    assert isinstance(card, EntityCardView)
    aliases = card.page.aliases
    qtbot.mouseClick(aliases.name, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(aliases.name, "Courier X")
    qtbot.mouseClick(aliases.add_button, Qt.MouseButton.LeftButton)
    assert store.entities.resolve("Courier X").id == courier.id

    # 4. A relationship to Wagner with the new excerpt as evidence, through the dialog.
    qtbot.mouseClick(card.page.add_relationship, Qt.MouseButton.LeftButton)
    dialog = card.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    dialog.predicate.setFocus()
    qtbot.keyClicks(dialog.predicate, "supplied")
    qtbot.mouseClick(dialog.other, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.other, "wagner")
    popup = dialog.other.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    evidence = dialog.evidence
    qtbot.mouseClick(evidence.search, Qt.MouseButton.LeftButton)
    type_text(evidence.search, "груз")
    qtbot.waitUntil(lambda: evidence.model.rowCount() > 0)
    evidence.results.setCurrentIndex(evidence.model.index(0, 0))
    qtbot.mouseClick(evidence.add_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    rel = store.relationships.get(dialog.created_id)
    assert [(e.excerpt_id, e.role) for e in rel.evidence] == [(excerpt.id, "supports")]
    end = store.dump(live=True)

    # 5. Ctrl+Z back to the start, Ctrl+Shift+Z forward to the end: same case, same ids.
    labels = []
    while session.undo_stack.canUndo():
        labels.append(window.undo_action.text())
        window.undo_action.trigger()
    assert labels == ["&Undo New relationship “supplied”", "&Undo Add alias “Courier X”",
                      "&Undo Link new card “Курьер Икс”", "&Undo New excerpt"]
    assert store.dump(live=True) == start
    while session.undo_stack.canRedo():
        window.redo_action.trigger()
    assert store.dump(live=True) == end
    assert store.relationships.get(rel.id).evidence[0].excerpt_id == excerpt.id
    assert store.entities.resolve("Courier X").id == courier.id
    reader.select_excerpt(excerpt.id)
    assert QTextCursor(view.textCursor()).hasSelection()
