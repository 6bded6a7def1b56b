"""The main window as a user drives it: welcome, open, read-only, shortcuts, drops, search."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent
from pytestqt.qtbot import QtBot

from osint_desk.core.store import CaseStore
from osint_desk.ui.card_view import EntityCardView
from osint_desk.ui.main_window import MainWindow
from osint_desk.ui.reader import SourceReader
from osint_desk.ui.settings import AppSettings


@pytest.fixture
def settings(tmp_path: Path) -> AppSettings:
    return AppSettings(tmp_path / "settings.ini")


@pytest.fixture
def window(qtbot: QtBot, settings: AppSettings, demo_path: Path) -> Iterator[MainWindow]:
    win = MainWindow(settings, demo_path=demo_path)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.close()


def test_welcome_then_demo_then_recent(window: MainWindow, settings: AppSettings,
                                       demo_path: Path) -> None:
    assert window.pages.currentWidget() is window.welcome
    assert not window.search_action.isEnabled()
    window.welcome.demo_requested.emit()
    assert window.session is not None
    assert "Wagner" in window.windowTitle()
    # The excerpt dock waits for an excerpt (tests/ui/test_layouts.py).
    assert window.navigator.isVisible() and not window.inspector.isVisible()
    assert settings.recent_cases() == [demo_path.resolve()]
    window.close_case()
    assert window.pages.currentWidget() is window.welcome
    assert window.welcome.recent.count() == 1


def test_second_window_opens_read_only_with_banner(qtbot: QtBot, window: MainWindow,
                                                   settings: AppSettings,
                                                   demo_path: Path) -> None:
    assert window.open_case(demo_path)
    other = MainWindow(settings)
    qtbot.addWidget(other)
    other.show()
    assert other.open_case(demo_path)
    assert other.session is not None and other.session.read_only
    assert other.banner.isVisible()
    assert "open in" in other.banner.text()
    assert not other.import_action.isEnabled()
    other.close()


def test_undo_label_names_the_action(qtbot: QtBot, window: MainWindow,
                                     demo_path: Path) -> None:
    window.open_case(demo_path)
    session = window.session
    assert session is not None
    source = session.store.sources.list()[0]
    reader = window.tabs.open_source(source.id)
    assert isinstance(reader, SourceReader)
    quote = "Wagner is looking around the world"
    start = source.text.index(quote)
    reader.show_range(start, start + len(quote))
    window.new_excerpt_action.trigger()
    assert window.undo_action.text() == "&Undo New excerpt"
    window.undo_action.trigger()
    assert window.redo_action.text() == "&Redo New excerpt"


def test_changes_from_the_cli_show_up(qtbot: QtBot, window: MainWindow,
                                      demo_path: Path) -> None:
    window.open_case(demo_path)
    with CaseStore.open(demo_path) as other:
        other.entities.add("Person", "Added From The CLI")
    assert window.session is not None
    qtbot.waitUntil(lambda: window.navigator.entity_names_contain("Added From The CLI"),
                    timeout=5000)


def test_dropping_two_files_one_bad(qtbot: QtBot, window: MainWindow, demo_path: Path,
                                    tmp_path: Path) -> None:
    window.open_case(demo_path)
    good = tmp_path / "memo.txt"
    good.write_text("A memo about Concord Catering contracts.", encoding="utf-8")
    bad = tmp_path / "photo.html"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(good)), QUrl.fromLocalFile(str(bad))])
    event = QDropEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    assert window.importer is not None
    with qtbot.waitSignal(window.importer.finished, timeout=20000) as blocker:
        window.dropEvent(event)
    assert "1" in blocker.args[0]
    assert window.session is not None
    titles = [s.title for s in window.session.store.sources.list()]
    assert "memo" in titles


def test_quick_search_opens_a_card(qtbot: QtBot, window: MainWindow, demo_path: Path) -> None:
    window.open_case(demo_path)
    assert window.session is not None
    card = window.session.store.entities.resolve("Yevgeny Prigozhin")
    window._open_hit("entity", card.id, "")
    assert isinstance(window.tabs.currentWidget(), EntityCardView)
    assert window.tabs.currentWidget().entity_id == card.id


@pytest.mark.parametrize("show", ["source", "card:Wagner Group", "search:Prigozhin"])
def test_screenshot_mode(demo_path: Path, tmp_path: Path, show: str) -> None:
    """``osint-desk open CASE --screenshot`` in its own process (it runs its own event loop)."""
    target = tmp_path / "shot.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-m", "osint_desk", "open", str(demo_path), "--screenshot",
         str(target), "--show", show, "--size", "1100x700", "--theme", "dark"],
        capture_output=True, text=True, env=env, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert target.stat().st_size > 10_000


def test_ctrl_k_search_and_enter_opens_the_hit(qtbot: QtBot, window: MainWindow,
                                                 demo_path: Path) -> None:
    from osint_desk.ui.quick_search import QuickSearchDialog

    window.open_case(demo_path)
    qtbot.waitExposed(window)
    with qtbot.waitActive(window):  # a window shortcut needs the active window (X11 too)
        window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    dialog = window.findChild(QuickSearchDialog)
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    qtbot.keyClicks(dialog.box, "Prigozhin")
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0, timeout=3000)
    assert dialog.model.hit(0).kind == "entity"
    qtbot.keyClick(dialog.box, Qt.Key.Key_Return)
    current = window.tabs.currentWidget()
    assert isinstance(current, EntityCardView)
    assert window.session is not None
    assert current.entity_id == window.session.store.entities.resolve("Yevgeny Prigozhin").id


def test_geometry_and_docks_are_remembered(qtbot: QtBot, settings: AppSettings) -> None:
    first = MainWindow(settings)
    qtbot.addWidget(first)
    first.show()
    first.resize(720, 560)  # the offscreen screen is 800 px wide
    first.removeDockWidget(first.navigator)
    first.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, first.navigator)
    first.close()
    second = MainWindow(AppSettings(Path(settings.qsettings.fileName())))
    qtbot.addWidget(second)
    second.show()
    assert (second.width(), second.height()) == (720, 560)
    assert second.dockWidgetArea(second.navigator) == Qt.DockWidgetArea.RightDockWidgetArea
    second.close()


def _drop(*paths: Path) -> tuple[QMimeData, QDropEvent]:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return mime, QDropEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)


def test_dropping_a_case_file_opens_it(qtbot: QtBot, window: MainWindow,
                                       demo_path: Path) -> None:
    """Even on the welcome page, with no case open; it is never imported as a source."""
    from PySide6.QtGui import QDragEnterEvent

    assert window.session is None
    mime, event = _drop(demo_path)
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.dragEnterEvent(enter)
    assert enter.isAccepted()
    assert window.statusBar().currentMessage() == f"Drop to open the case {demo_path.name}"
    window.dropEvent(event)
    assert window.session is not None
    assert window.session.store.path == demo_path
    assert not window.statusBar().currentMessage().startswith("Drop to")


def test_the_drag_cue_says_what_a_drop_will_import(window: MainWindow, demo_path: Path,
                                                   tmp_path: Path) -> None:
    from PySide6.QtGui import QDragEnterEvent

    window.open_case(demo_path)
    memo = tmp_path / "memo.txt"
    memo.write_text("memo", encoding="utf-8")
    mime, _event = _drop(memo)
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.dragEnterEvent(enter)
    assert enter.isAccepted()
    assert window.statusBar().currentMessage().startswith("Drop to import 1 file into “")


def test_an_import_opens_the_first_new_source(qtbot: QtBot, window: MainWindow,
                                              demo_path: Path, tmp_path: Path) -> None:
    window.open_case(demo_path)
    memo = tmp_path / "memo.txt"
    memo.write_text("A memo about Concord Catering contracts.", encoding="utf-8")
    _mime, event = _drop(memo)
    assert window.importer is not None
    with qtbot.waitSignal(window.importer.finished, timeout=20000):
        window.dropEvent(event)
    reader = window.tabs.currentWidget()
    assert reader is not None and reader.source is not None
    assert reader.source.title == "memo"


def test_an_empty_centre_says_how_to_open_something(window: MainWindow,
                                                    demo_path: Path) -> None:
    from osint_desk.ui.case_tabs import EMPTY_HINT

    window.open_case(demo_path)
    assert window.tabs.count() == 0
    image = window.tabs.grab().toImage()
    background = image.pixelColor(5, image.height() - 5)
    center = [image.pixelColor(x, image.height() // 2) for x in range(image.width())]
    assert any(c != background for c in center), "the hint is drawn"
    assert "Ctrl+I" in EMPTY_HINT


def test_help_lists_every_shortcut_from_the_menus(window: MainWindow) -> None:
    from osint_desk.ui.help_dialogs import shortcut_rows

    rows = shortcut_rows(window.menuBar())
    commands = {command: keys for _menu, command, keys in rows}
    assert "Ctrl+K" in commands["Quick search"]
    assert "Ctrl+Y" in commands["Redo"] and "Ctrl+Shift+Z" in commands["Redo"]


def test_screen_this_card_only_while_a_card_is_shown(qtbot: QtBot, window: MainWindow,
                                                    demo_path: Path) -> None:
    action = window.tools.screen_card_action
    assert not action.isEnabled()  # no case
    assert window.open_case(demo_path)
    assert not action.isEnabled()  # the case, no tab
    store = window.session.store  # type: ignore[union-attr]
    window.tabs.open_card(store.entities.resolve("Wagner Group").id)
    assert action.isEnabled()
    window.tabs.open_source(store.sources.ids()[0])
    assert not action.isEnabled()  # a source is read, not a card
    window.tabs.setCurrentIndex(0)
    assert action.isEnabled()


def test_open_demo_writes_an_outdated_untouched_demo_again(window: MainWindow,
                                                          demo_path: Path) -> None:
    with CaseStore.open(demo_path, read_only=True) as store:
        old_id = store.meta().case_id
    os.utime(demo_path, (0, 0))  # written long before the demo's content
    window.open_demo()
    assert window.session is not None
    new_id = window.session.store.meta().case_id
    assert new_id != old_id
    window.close_case()
    window.open_demo()  # up to date now: the same case
    assert window.session is not None and window.session.store.meta().case_id == new_id
