"""The "Possible duplicates" tab: the search, the reasons, Merge / Not the same / Unsure, keys."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from osint_desk.core.store import CaseStore
from osint_desk.core.store.duplicates import possible_duplicates
from osint_desk.ui import duplicates_view as duplicates_module
from osint_desk.ui.duplicates_view import DuplicatesModel, DuplicatesView
from osint_desk.ui.main_window import MainWindow
from osint_desk.ui.merge_dialog import MergeDialog
from osint_desk.ui.session import CaseSession
from osint_desk.ui.settings import AppSettings

SEARCH_S = 30_000  # ms: a search of the demo case takes milliseconds; CI machines are slow


@pytest.fixture
def cards(demo_path: Path) -> tuple[str, str]:
    """(Wagner Group, PMC Wagner): the demo case with a second card for the same group."""
    with CaseStore.open(demo_path, actor="tester") as store:
        wagner = store.entities.resolve("Wagner Group").id
        pmc = store.entities.add("organization", "PMC Wagner").id
    return wagner, pmc


def _window(qtbot: QtBot, tmp_path: Path, demo_path: Path, read_only: bool) -> MainWindow:
    """A window on the case; not given to qtbot, whose teardown would delete it (and its
    task runner) while closing the case still indexes it: ``_close`` waits for that."""
    win = MainWindow(AppSettings(tmp_path / "settings.ini"), demo_path=demo_path)
    win.resize(1280, 800)
    win.show()
    assert win.open_case(demo_path, read_only=read_only)
    return win


def _close(qtbot: QtBot, win: MainWindow) -> None:
    win.close()
    qtbot.waitUntil(lambda: not win.tasks.busy(), timeout=SEARCH_S)
    win.tasks.shutdown()
    win.deleteLater()


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, demo_path: Path,
           cards: tuple[str, str]) -> Iterator[MainWindow]:
    win = _window(qtbot, tmp_path, demo_path, read_only=False)
    yield win
    _close(qtbot, win)


def _open(qtbot: QtBot, window: MainWindow) -> DuplicatesView:
    """The tab as the Case menu opens it, once its first search has ended."""
    view = window.tabs.open("duplicates", "")
    assert isinstance(view, DuplicatesView)
    qtbot.waitUntil(lambda: view.task is None and not view.stale, timeout=SEARCH_S)
    assert view.error.text() == ""
    return view


def _search(qtbot: QtBot, view: DuplicatesView) -> None:
    with qtbot.waitSignal(view.searched, timeout=SEARCH_S):
        qtbot.mouseClick(view.search_button, Qt.MouseButton.LeftButton)


def _row_of(view: DuplicatesView, a: str, b: str) -> int:
    """The row showing the pair (either way round), or -1."""
    for row, pair in enumerate(view.model.pairs):
        if {pair.a_id, pair.b_id} == {a, b}:
            return row
    return -1


def _cell(view: DuplicatesView, row: int, column: int,
          role: Qt.ItemDataRole = Qt.ItemDataRole.DisplayRole) -> str:
    return str(view.model.index(row, column).data(role))


def _focus_table(qtbot: QtBot, view: DuplicatesView) -> None:
    """Keys reach the table's shortcuts only in the active window, on a real display too."""
    window = view.window()
    qtbot.waitExposed(window)
    with qtbot.waitActive(window):
        window.activateWindow()
    view.table.setFocus()
    qtbot.waitUntil(view.table.hasFocus)


def test_the_tab_finds_the_pair_and_shows_why(qtbot: QtBot, window: MainWindow,
                                               cards: tuple[str, str]) -> None:
    view = _open(qtbot, window)
    assert window.tabs.tabText(window.tabs.currentIndex()) == "Possible duplicates"
    row = _row_of(view, *cards)
    assert row == 0  # the best pair first: the same name, in Latin and Cyrillic script
    assert {_cell(view, 0, 0), _cell(view, 0, 1)} == {"Wagner Group", "PMC Wagner"}
    assert _cell(view, 0, 2) == "1.00"
    reasons = _cell(view, 0, 3)
    # The name that says less is compared with the other (as in screening, a query with a
    # list entry), whichever card came first.
    assert "'PMC Wagner' ~ 'Wagner Group'" in reasons and "aligned parts: wagner=wagner" in reasons
    assert "'PMC Wagner' ~ 'ЧВК «Вагнер»'" in reasons  # an alias of the demo card
    assert "\n" in _cell(view, 0, 3, Qt.ItemDataRole.ToolTipRole)  # one reason a line
    assert _cell(view, 0, 4) == ""  # not judged
    assert not view.empty.isVisible()
    # nothing chosen yet: nothing to do
    assert not view.merge_button.isEnabled() and not view.negative_button.isEnabled()
    view.select_row(row)
    assert view.merge_button.isEnabled() and view.negative_button.isEnabled()
    assert view.unsure_button.isEnabled() and view.open_a_button.isEnabled()


def test_not_the_same_is_remembered_and_undo_brings_the_pair_back(
        qtbot: QtBot, window: MainWindow, cards: tuple[str, str]) -> None:
    assert window.session is not None
    view = _open(qtbot, window)
    others = len(view.model.pairs) - 1
    view.select_row(_row_of(view, *cards))
    with qtbot.waitSignal(view.searched, timeout=SEARCH_S):  # the case changed: searched anew
        qtbot.mouseClick(view.negative_button, Qt.MouseButton.LeftButton)
    assert _row_of(view, *cards) == -1 and len(view.model.pairs) == others
    assert window.session.undo_stack.undoText().startswith(
        "Not the same: “Wagner Group” and “PMC Wagner”")
    _search(qtbot, view)
    assert _row_of(view, *cards) == -1  # not proposed again
    with qtbot.waitSignal(view.searched, timeout=SEARCH_S):
        window.session.undo_stack.undo()
    assert _row_of(view, *cards) == 0 and _cell(view, 0, 4) == ""
    with qtbot.waitSignal(view.searched, timeout=SEARCH_S):
        window.session.undo_stack.redo()
    assert _row_of(view, *cards) == -1


def test_merge_opens_the_dialog_with_the_pair_and_merging_removes_it(
        qtbot: QtBot, window: MainWindow, cards: tuple[str, str]) -> None:
    assert window.session is not None
    wagner, pmc = cards
    view = _open(qtbot, window)
    view.select_row(_row_of(view, wagner, pmc))
    qtbot.mouseClick(view.merge_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, MergeDialog) and dialog.isVisible()
    assert set(dialog.card_ids()) == {wagner, pmc}
    assert {dialog.table.item(r, 1).text() for r in range(2)} == {"Wagner Group", "PMC Wagner"}
    dialog.choose_survivor(wagner)
    assert "of “PMC Wagner” move to “Wagner Group”" in dialog.summary.text()
    with qtbot.waitSignal(view.searched, timeout=SEARCH_S):
        qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    assert _row_of(view, wagner, pmc) == -1
    assert "PMC Wagner" in {a.name for a in window.session.store.entities.get(wagner).aliases}
    assert not any("PMC Wagner" in (p.a_name, p.b_name) for p in view.model.pairs)
    with qtbot.waitSignal(view.searched, timeout=SEARCH_S):  # the split brings the pair back
        window.session.undo_stack.undo()
    assert _row_of(view, wagner, pmc) == 0


def test_cancelling_the_merge_dialog_changes_nothing(
        qtbot: QtBot, window: MainWindow, cards: tuple[str, str]) -> None:
    assert window.session is not None
    view = _open(qtbot, window)
    view.select_row(_row_of(view, *cards))
    dialog = view.merge_selected()
    assert dialog is not None
    dialog.reject()
    assert window.session.undo_stack.count() == 0
    assert _row_of(view, *cards) == 0


def test_keys_m_n_and_u_on_the_table(qtbot: QtBot, window: MainWindow,
                                     cards: tuple[str, str]) -> None:
    assert window.session is not None
    view = _open(qtbot, window)
    _focus_table(qtbot, view)
    view.select_row(_row_of(view, *cards))
    qtbot.keyClick(view.table, Qt.Key.Key_M)
    dialog = view.dialog
    assert isinstance(dialog, MergeDialog) and set(dialog.card_ids()) == set(cards)
    dialog.reject()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    _focus_table(qtbot, view)

    with qtbot.waitSignal(view.searched, timeout=SEARCH_S):
        qtbot.keyClick(view.table, Qt.Key.Key_U)
    row = _row_of(view, *cards)
    assert row == 0 and _cell(view, row, 4) == "Unsure"  # kept, and marked
    assert view.table.selectionModel().isRowSelected(row)  # the keys go on with the pair

    with qtbot.waitSignal(view.searched, timeout=SEARCH_S):
        qtbot.keyClick(view.table, Qt.Key.Key_N)
    assert _row_of(view, *cards) == -1
    assert window.session.undo_stack.count() == 2


def test_a_read_only_case_shows_pairs_but_decides_nothing(
        qtbot: QtBot, tmp_path: Path, demo_path: Path, cards: tuple[str, str]) -> None:
    win = _window(qtbot, tmp_path, demo_path, read_only=True)
    try:
        assert win.session is not None and win.session.read_only
        view = _open(qtbot, win)
        row = _row_of(view, *cards)
        assert row == 0
        view.select_row(row)
        for button in (view.merge_button, view.negative_button, view.unsure_button):
            assert not button.isEnabled()
        assert view.open_a_button.isEnabled() and view.open_b_button.isEnabled()
        _focus_table(qtbot, view)
        qtbot.keyClick(view.table, Qt.Key.Key_M)
        assert view.dialog is None
        qtbot.keyClick(view.table, Qt.Key.Key_N)
        assert "read-only" in view.error.text()
        assert win.session.store.merges.judgements() == {}
        assert win.session.undo_stack.count() == 0
        with qtbot.waitSignal(view.card_requested) as opened:
            qtbot.mouseClick(view.open_b_button, Qt.MouseButton.LeftButton)
        assert opened.args == [view.model.pairs[row].b_id]
    finally:
        _close(qtbot, win)


def test_closing_the_tab_while_it_searches_cancels_the_search(
        qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    started, gave_up = threading.Event(), threading.Event()
    real = duplicates_module.possible_duplicates

    def held(store: CaseStore, **kwargs: Any) -> Any:
        started.set()
        check = kwargs["check"]
        for _ in range(1000):  # ten seconds at most, stopping as soon as it is cancelled
            if check():
                gave_up.set()
                break
            threading.Event().wait(0.01)
        return real(store, **kwargs)

    monkeypatch.setattr(duplicates_module, "possible_duplicates", held)
    view = window.tabs.open("duplicates", "")
    assert isinstance(view, DuplicatesView)
    qtbot.waitUntil(started.is_set, timeout=SEARCH_S)
    task = view.task
    assert task is not None and task.running
    assert view.empty.text() == duplicates_module.SEARCHING
    ended: list[str] = []
    view.searched.connect(lambda: ended.append("searched"))
    window.tabs.close_tab(window.tabs.indexOf(view))
    assert task.cancel_requested and window.tabs.indexOf(view) == -1
    qtbot.waitUntil(lambda: not window.tasks.busy(), timeout=SEARCH_S)
    assert gave_up.is_set()  # the worker saw the cancel: it did not run to its end
    assert ended == []  # the closed tab showed nothing
    again = _open(qtbot, window)  # a new tab searches anew
    assert again is not view and again.model.pairs


def test_the_model_passes_qts_model_tests(qtmodeltester: ModelTester,
                                          session: CaseSession) -> None:
    store = session.store
    store.entities.add("organization", "PMC Wagner")
    store.entities.add("person", "Evgeny Prigozhin")  # the demo has no false pair left
    model = DuplicatesModel()
    qtmodeltester.check(model)  # empty
    pairs = possible_duplicates(store)
    assert len(pairs) >= 2
    model.load(pairs)
    qtmodeltester.check(model)
    assert model.rowCount() == len(pairs) and model.columnCount() == 5
    assert model.headerData(3, Qt.Orientation.Horizontal) == "Reasons"
    assert model.pair(len(pairs)) is None and model.data(model.index(len(pairs), 0)) is None
