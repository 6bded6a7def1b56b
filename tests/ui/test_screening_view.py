"""Screening from the window: worker, results tab, side-by-side panel, undoable decisions."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from shared_data import MISSING_REASON, SANCTIONS

from osint_desk.core.sanctions.library import ListLibrary
from osint_desk.ui.main_window import MainWindow
from osint_desk.ui.screening import controller as controller_module
from osint_desk.ui.screening.view import ScreeningView
from osint_desk.ui.settings import AppSettings

pytestmark = pytest.mark.skipif(not SANCTIONS.is_dir(), reason=MISSING_REASON)


@pytest.fixture(scope="module")
def library_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("lists") / "lists.sqlite"
    with ListLibrary(path) as library:
        library.import_files([SANCTIONS / "ofac_sdn_csv_full_2019"])
        library.import_files([SANCTIONS / "un_consolidated_2026-02-27.xml"])
    return path


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, demo_path: Path,
           library_file: Path) -> Iterator[MainWindow]:
    settings = AppSettings(tmp_path / "settings.ini")
    main = MainWindow(settings, demo_path=demo_path, library_path=library_file)
    qtbot.addWidget(main)
    main.show()
    assert main.open_case(demo_path)
    yield main
    main.close_case()


def _screen(qtbot: QtBot, window: MainWindow, ids: list[str] | None) -> ScreeningView:
    assert window.tools.screening is not None
    with qtbot.waitSignal(window.tools.screening.finished, timeout=60000):
        window.tools.screen_cards(ids)
    view = window.tabs.currentWidget()
    assert isinstance(view, ScreeningView)
    return view


def _rows(view: ScreeningView) -> list[tuple[str, str, str]]:
    model = view.hits_model
    return [(model.index(r, 0).data(), model.index(r, 1).data(), model.index(r, 4).data())
            for r in range(model.rowCount())]


def test_screening_the_demo_case_shows_the_records_it_holds(qtbot: QtBot,
                                                            window: MainWindow) -> None:
    view = _screen(qtbot, window, None)
    assert view.filter.currentText() == "To decide" and _rows(view) == []
    assert "Nothing to decide" in view.empty.text() and view.empty.isVisible()
    assert "0 to decide" in view.summary.text() and "4 on cards" in view.summary.text()
    view.filter.setCurrentText("All")
    assert sorted(_rows(view)) == sorted([
        ("On the card", "Concord Catering", "22527"),
        ("On the card", "Internet Research Agency", "23943"),
        ("On the card", "Wagner Group", "22543"),
        ("On the card", "Yevgeny Prigozhin", "21171")])
    assert not view.confirm_button.isEnabled() and not view.dismiss_button.isEnabled()
    assert "screened" in window.statusBar().currentMessage().lower()


def test_confirm_from_the_card_then_undo_and_redo(qtbot: QtBot, window: MainWindow) -> None:
    assert window.session is not None
    store = window.session.store
    card = store.entities.add("Organization", "Concord Management and Consulting",
                              attributes={"country": "ru"})
    card_view = window.tabs.open_card(card.id)
    assert card_view is not None and card_view.page.screen_card.isVisible()
    assert window.tools.screening is not None
    with qtbot.waitSignal(window.tools.screening.finished, timeout=60000):
        qtbot.mouseClick(card_view.page.screen_card, Qt.MouseButton.LeftButton)
    view = window.tabs.currentWidget()
    assert isinstance(view, ScreeningView)
    assert _rows(view) == [("To decide", "Concord Management and Consulting", "22526")]
    text = view.panel.toPlainText()
    for expected in ("On the card", "On the list", "CONCORD MANAGEMENT AND CONSULTING",
                     "Why:", "aligned parts", "file SHA-256"):
        assert expected in text
    before = store.dump(live=True)

    qtbot.mouseClick(view.confirm_button, Qt.MouseButton.LeftButton)
    records = store.sanctions.of_entity(card.id)
    assert [(r.authority, r.entry_ref) for r in records] == [("OFAC", "22526")]
    record_id = records[0].id
    assert _rows(view) == []  # decided: no longer "to decide"
    window.tabs.open_card(card.id)
    assert card_view.page.sanctions_model.rowCount() == 1
    assert window.undo_action.text() == (
        "&Undo Confirm OFAC 22526 for Concord Management and Consulting")

    window.undo_action.trigger()
    assert store.sanctions.of_entity(card.id) == []
    hit = store.screening.list(entity_id=card.id)[0]
    assert hit.status == "open"
    after_undo = store.dump(live=True)
    assert after_undo["sanctions"] == before["sanctions"]
    window.redo_action.trigger()
    assert [r.id for r in store.sanctions.of_entity(card.id)] == [record_id]


def test_dismiss_is_remembered(qtbot: QtBot, window: MainWindow) -> None:
    assert window.session is not None
    store = window.session.store
    card = store.entities.add("Organization", "Concord Management and Consulting")
    view = _screen(qtbot, window, [card.id])
    view.dismiss(note="a different Concord company")
    hit = store.screening.list(entity_id=card.id)[0]
    assert (hit.status, hit.note) == ("dismissed", "a different Concord company")
    view = _screen(qtbot, window, [card.id])
    assert _rows(view) == []
    view.filter.setCurrentText("All")
    assert _rows(view) == [("Dismissed", "Concord Management and Consulting", "22526")]
    assert "a different Concord company" in view.panel.toPlainText()
    assert view.reopen_button.isEnabled() and view.confirm_button.isEnabled()


def test_hostile_names_are_shown_as_text(qtbot: QtBot, window: MainWindow) -> None:
    assert window.session is not None
    store = window.session.store
    card = store.entities.add("Person", "Yevgeny Prigozhin <img src='http://evil.test/x.png'>")
    store.entities.add_alias(card.id, "Yevgeny Prigozhin", kind="strong")
    view = _screen(qtbot, window, [card.id])
    assert view.hits_model.rowCount() == 1
    assert "<img src='http://evil.test/x.png'>" in view.panel.toPlainText()


def test_cancel_keeps_nothing(qtbot: QtBot, window: MainWindow,
                              monkeypatch: pytest.MonkeyPatch) -> None:
    gate = threading.Event()
    real = controller_module.screen_case

    def held(*args: Any, **kwargs: Any) -> Any:
        gate.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(controller_module, "screen_case", held)
    assert window.session is not None and window.tools.screening is not None
    before = window.session.store.dump()
    controller = window.tools.screening
    assert controller.screen(None)
    controller.cancel()
    gate.set()
    qtbot.waitUntil(lambda: not controller.running, timeout=60000)
    assert window.session.store.dump() == before
    assert window.statusBar().currentMessage() == "Screening cancelled; nothing was kept."


def test_read_only_case_cannot_be_screened(qtbot: QtBot, tmp_path: Path, demo_path: Path,
                                           library_file: Path) -> None:
    main = MainWindow(AppSettings(tmp_path / "s.ini"), library_path=library_file)
    qtbot.addWidget(main)
    assert main.open_case(demo_path, read_only=True)
    assert not main.tools.screen_case_action.isEnabled()
    assert main.tools.screening is not None and not main.tools.screening.screen(None)
    main.close_case()


def test_lists_dialog_from_the_tools_menu(window: MainWindow) -> None:
    window.tools.lists_action.trigger()
    dialog = window.tools.lists_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowTitle() == "Sanctions lists"
    assert dialog.model.rowCount() == 2  # SDN 2019 and UN
    window.tools.lists_action.trigger()
    assert window.tools.lists_dialog is dialog  # one window, raised again
    dialog.close()


def test_a_list_change_marks_the_open_results_stale(qtbot: QtBot, window: MainWindow) -> None:
    """After a list import or removal the open tab says to screen again; a new run clears it."""
    view = _screen(qtbot, window, None)
    dialog = window.tools.sanctions_lists()
    dialog.lists_changed.emit()
    assert "lists changed since" in view.last_run.text()
    _screen(qtbot, window, None)
    assert "lists changed since" not in view.last_run.text()
    dialog.close()
