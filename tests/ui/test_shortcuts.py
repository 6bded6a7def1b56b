"""Every shortcut of the main window, pressed as a keyboard does: a key event to the focus widget.

These run on ``offscreen`` and on the real X11 platform (``xcb`` under Xvfb, see dev.py), where
Qt's key bindings differ: on X11, Ctrl+E is also MoveToEndOfLine and the standard Redo is
Ctrl+Shift+Z. The text is selected with the mouse, at the characters' own positions. Any Qt
"Ambiguous shortcut" warning fails the test (tests/ui/conftest.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QKeySequence, QTextCursor
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget
from pytestqt.qtbot import QtBot

from osint_desk.core.text import index_to_utf16, qt_text_to_python
from osint_desk.ui.main_window import MainWindow
from osint_desk.ui.reader import SourceReader
from osint_desk.ui.settings import AppSettings
from osint_desk.ui.window_menus import shortcut_list

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
QUOTE = "White House national security spokesman"  # in the demo article, not yet an excerpt


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, demo_path: Path) -> Iterator[MainWindow]:
    """The demo case in an active main window, as a user sees it after opening it."""
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


@pytest.fixture
def reader(window: MainWindow, qtbot: QtBot) -> SourceReader:
    """The demo article open in a tab, the text clicked so the focus is in it."""
    assert window.session is not None
    source = window.session.store.sources.list()[0]
    opened = window.tabs.open_source(source.id)
    assert isinstance(opened, SourceReader)
    qtbot.waitExposed(opened.view)
    qtbot.mouseClick(opened.view.viewport(), Qt.MouseButton.LeftButton,
                     pos=opened.view.viewport().rect().center())
    qtbot.waitUntil(lambda: QApplication.focusWidget() is opened.view)
    return opened


def press(qtbot: QtBot, key: Qt.Key, modifiers: Qt.KeyboardModifier = CTRL) -> QWidget:
    """Press a key as the keyboard does: to whatever widget has the focus."""
    focused = QApplication.focusWidget()
    assert focused is not None, "no widget has the keyboard focus (is the window active?)"
    qtbot.keyClick(focused, key, modifiers)
    return focused


def char_point(reader: SourceReader, index: int, *, after: bool = False) -> QPoint:
    """A viewport point just inside the character at Python ``index`` (or just before it)."""
    assert reader.source is not None
    cursor = QTextCursor(reader.view.document())
    cursor.setPosition(index_to_utf16(reader.source.text, index))
    rect = reader.view.cursorRect(cursor)
    return QPoint(rect.left() - 1 if after else rect.left() + 1, rect.center().y())


def drag_select(qtbot: QtBot, reader: SourceReader, start: int, end: int) -> None:
    """Select ``text[start:end]`` with the mouse: press, move in steps, release."""
    viewport = reader.view.viewport()
    first, last = char_point(reader, start), char_point(reader, end, after=True)
    assert viewport.rect().contains(first) and viewport.rect().contains(last)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=first)
    for step in range(1, 6):
        qtbot.mouseMove(viewport, first + (last - first) * (step / 5))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=last)


def live_quotes(window: MainWindow, source_id: str) -> list[str]:
    assert window.session is not None
    return [e.quote for e in window.session.store.excerpts.for_source(source_id)]


def test_every_action_lists_each_key_once_and_redo_has_ctrl_y(window: MainWindow) -> None:
    """Qt refuses a key listed twice as "Ambiguous shortcut overload"; each is listed once."""
    keys: dict[str, str] = {}
    for action in window.findChildren(type(window.redo_action)):
        shortcuts = [k.toString() for k in action.shortcuts()]
        assert len(shortcuts) == len(set(shortcuts)), (action.text(), shortcuts)
        if action.shortcutContext() == Qt.ShortcutContext.WindowShortcut:
            for key in shortcuts:
                assert keys.setdefault(key, action.text()) == action.text(), (
                    f"{key} is bound to both {keys[key]!r} and {action.text()!r}")
    redo = [k.toString() for k in window.redo_action.shortcuts()]
    assert redo[:2] == ["Ctrl+Shift+Z", "Ctrl+Y"]
    assert "Ctrl+Z" in [k.toString() for k in window.undo_action.shortcuts()]
    S = QKeySequence.StandardKey
    assert shortcut_list("Ctrl+Shift+Z", S.Redo, "Ctrl+Shift+Z").count(
        QKeySequence("Ctrl+Shift+Z")) == 1


def test_mouse_selection_then_ctrl_e_cuts_the_excerpt_and_undo_redo_keys_work(
        qtbot: QtBot, window: MainWindow, reader: SourceReader) -> None:
    assert reader.source is not None
    start = reader.source.text.index(QUOTE)
    drag_select(qtbot, reader, start, start + len(QUOTE))
    assert qt_text_to_python(reader.view.textCursor().selectedText()) == QUOTE
    assert QApplication.focusWidget() is reader.view

    with qtbot.waitSignal(reader.excerpt_created, timeout=2000):
        press(qtbot, Qt.Key.Key_E)
    assert live_quotes(window, reader.source_id).count(QUOTE) == 1
    assert reader.view.textCursor().hasSelection()  # the key did not move the cursor

    press(qtbot, Qt.Key.Key_Z)  # Ctrl+Z
    assert QUOTE not in live_quotes(window, reader.source_id)
    press(qtbot, Qt.Key.Key_Z, CTRL | SHIFT)  # Ctrl+Shift+Z
    assert live_quotes(window, reader.source_id).count(QUOTE) == 1
    press(qtbot, Qt.Key.Key_Z)
    assert QUOTE not in live_quotes(window, reader.source_id)
    press(qtbot, Qt.Key.Key_Y)  # Ctrl+Y
    assert live_quotes(window, reader.source_id).count(QUOTE) == 1


def test_ctrl_e_without_a_selection_explains_and_keeps_the_cursor(
        qtbot: QtBot, window: MainWindow, reader: SourceReader) -> None:
    before = reader.view.textCursor().position()
    count = len(live_quotes(window, reader.source_id))
    with qtbot.waitSignal(reader.message_shown, timeout=2000) as shown:
        press(qtbot, Qt.Key.Key_E)
    assert "Select the words" in shown.args[0]
    assert reader.view.textCursor().position() == before  # not moved to the end of the line
    assert len(live_quotes(window, reader.source_id)) == count


def test_from_the_navigator_ctrl_e_and_ctrl_f_act_on_the_current_reader(
        qtbot: QtBot, window: MainWindow, reader: SourceReader) -> None:
    """Outside the reader the window's own Ctrl+E and Ctrl+F fire, for the reader in front."""
    assert reader.source is not None
    start = reader.source.text.index(QUOTE)
    drag_select(qtbot, reader, start, start + len(QUOTE))
    tree = window.navigator.sections[1].view
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton,
                     pos=tree.viewport().rect().bottomLeft() + QPoint(4, -4))
    qtbot.waitUntil(lambda: QApplication.focusWidget() is tree)
    with qtbot.waitSignal(reader.excerpt_created, timeout=2000):
        press(qtbot, Qt.Key.Key_E)
    assert live_quotes(window, reader.source_id).count(QUOTE) == 1
    tree.setFocus(Qt.FocusReason.MouseFocusReason)
    press(qtbot, Qt.Key.Key_F)
    assert reader.find_bar.isVisible()
    assert reader.find_bar.query() == QUOTE  # prefilled with the selected words


def test_ctrl_f_opens_the_readers_find_bar(qtbot: QtBot, reader: SourceReader) -> None:
    assert not reader.find_bar.isVisible()
    press(qtbot, Qt.Key.Key_F)
    assert reader.find_bar.isVisible()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is reader.find_bar.edit)
    press(qtbot, Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier)
    assert not reader.find_bar.isVisible()


def test_ctrl_k_opens_quick_search(qtbot: QtBot, window: MainWindow,
                                   reader: SourceReader) -> None:
    from osint_desk.ui.quick_search import QuickSearchDialog

    press(qtbot, Qt.Key.Key_K)
    dialog = window.findChild(QuickSearchDialog)
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.box)
    dialog.reject()


def _record(calls: list[tuple[Any, ...]], answer: tuple[Any, str]) -> Callable[..., Any]:
    def fake(*args: Any, **kwargs: Any) -> tuple[Any, str]:
        calls.append(args)
        return answer
    return fake


def test_ctrl_i_asks_for_files_to_import(qtbot: QtBot, window: MainWindow,
                                         reader: SourceReader,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[Any, ...]] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", _record(calls, ([], "")))
    press(qtbot, Qt.Key.Key_I)
    assert len(calls) == 1
    assert "Import" in calls[0][1]


def test_ctrl_o_asks_for_a_case_to_open(qtbot: QtBot, window: MainWindow,
                                        reader: SourceReader,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[Any, ...]] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", _record(calls, ("", "")))
    press(qtbot, Qt.Key.Key_O)
    assert len(calls) == 1
    assert "Open" in calls[0][1]
    assert window.session is not None  # cancelled: the case stays open


def test_ctrl_n_opens_the_new_case_dialog(qtbot: QtBot, window: MainWindow,
                                          reader: SourceReader) -> None:
    from osint_desk.ui.dialogs import NewCaseDialog

    seen: list[NewCaseDialog] = []

    def close_it() -> None:  # the dialog may be modal (exec): answer it from the event loop
        shown = [w for w in QApplication.topLevelWidgets()
                 if isinstance(w, NewCaseDialog) and w.isVisible()]
        if shown:
            seen.append(shown[0])
            shown[0].reject()
        else:
            QTimer.singleShot(20, close_it)

    QTimer.singleShot(0, close_it)
    press(qtbot, Qt.Key.Key_N)
    qtbot.waitUntil(lambda: bool(seen), timeout=3000)
    assert seen[0].parent() is window
    assert window.session is not None  # cancelled: the case stays open


def _answer_yes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Patch the confirmation: record its question, answer Yes."""
    from PySide6.QtWidgets import QMessageBox

    questions: list[str] = []

    def question(parent: Any, title: str, text: str, *args: Any) -> Any:
        questions.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    return questions


def test_delete_key_in_the_reader_deletes_the_clicked_excerpt_as_the_menu_says(
        qtbot: QtBot, window: MainWindow, reader: SourceReader,
        monkeypatch: pytest.MonkeyPatch) -> None:
    assert window.session is not None and reader.source is not None
    store = window.session.store
    text = reader.source.text
    excerpt = next(e for e in store.excerpts.for_source(reader.source_id)
                   if e.quote.startswith("Wagner is looking around the world"))
    word = text.index("looking", excerpt.start)  # inside the excerpt, not on a card's name
    with qtbot.waitSignal(reader.excerpt_selected, timeout=2000):
        qtbot.mouseClick(reader.view.viewport(), Qt.MouseButton.LeftButton,
                         pos=char_point(reader, word + 2))
    assert QApplication.focusWidget() is reader.view
    menu_text = window.delete_action.text()
    assert menu_text.startswith("&Delete excerpt “Wagner is looking")
    questions = _answer_yes(monkeypatch)
    press(qtbot, Qt.Key.Key_Delete, Qt.KeyboardModifier.NoModifier)
    assert len(questions) == 1
    assert menu_text.removeprefix("&Delete ").removesuffix("…") in questions[0]
    assert excerpt.id not in [e.id for e in store.excerpts.for_source(reader.source_id)]
    press(qtbot, Qt.Key.Key_Z)  # Ctrl+Z: the same excerpt, same id, back
    assert store.excerpts.get(excerpt.id).quote == excerpt.quote


def test_delete_key_in_the_navigator_deletes_the_selected_card(
        qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    from osint_desk.ui.models.navigator_models import ID_ROLE

    assert window.session is not None
    store = window.session.store
    card = store.entities.resolve("John Kirby")
    tree = window.navigator.sections[1].view
    model = tree.model()
    found = None
    for group_row in range(model.rowCount()):
        group = model.index(group_row, 0)
        while model.canFetchMore(group):
            model.fetchMore(group)
        for row in range(model.rowCount(group)):
            if model.index(row, 0, group).data(ID_ROLE) == card.id:
                found = model.index(row, 0, group)
    assert found is not None
    tree.expand(found.parent())
    tree.scrollTo(found)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton,
                     pos=tree.visualRect(found).center())
    qtbot.waitUntil(lambda: QApplication.focusWidget() is tree)
    assert tree.currentIndex().data(ID_ROLE) == card.id
    assert window.delete_action.text() == "&Delete card “John Kirby”…"
    questions = _answer_yes(monkeypatch)
    press(qtbot, Qt.Key.Key_Delete, Qt.KeyboardModifier.NoModifier)
    assert len(questions) == 1 and "card “John Kirby”" in questions[0]
    assert card.id not in [e.id for e in store.entities.list()]
    press(qtbot, Qt.Key.Key_Z)
    assert store.entities.get(card.id).name == "John Kirby"


def test_ctrl_shift_u_opens_the_queue_and_its_keys_work_at_once(
        qtbot: QtBot, window: MainWindow, reader: SourceReader) -> None:
    """From the text, Ctrl+Shift+U then J and A, with no click in between: the new tab
    takes the keyboard focus (its table), so its single-letter keys work."""
    from osint_desk.ui.review.view import ReviewView

    press(qtbot, Qt.Key.Key_U, CTRL | SHIFT)
    view = window.tabs.currentWidget()
    assert isinstance(view, ReviewView) and view.source_id == reader.source_id
    qtbot.waitUntil(lambda: view.loaded, timeout=30_000)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view.table)
    first = view.table.currentIndex().row()
    press(qtbot, Qt.Key.Key_J, Qt.KeyboardModifier.NoModifier)
    assert view.table.currentIndex().row() == first + 1
    assert window.session is not None
    before = window.session.undo_stack.count()
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier)
    qtbot.waitUntil(lambda: window.session is not None
                    and window.session.undo_stack.count() == before + 1)
