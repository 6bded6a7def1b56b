"""The navigator's watch flag: a new source naming a watched term is "◉ N title" with the
terms in its tooltip, and reading it for a moment clears the flag."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from osint_desk.core.store.watch import watch_of
from osint_desk.ui.main_window import MainWindow
from osint_desk.ui.models.navigator_models import WATCH_FLAG, SourcesModel
from osint_desk.ui.operations.watch import add_term
from osint_desk.ui.settings import AppSettings

WAIT_MS = 30_000

ARTICLE = """Utkin seen in Minsk

Dmitry Utkin, the group's commander, was photographed in Minsk on Thursday.
Utkin had not been seen in public since June. A wallet 0x1234abcd5678ef90 was named.
"""


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, demo_path: Path) -> Iterator[MainWindow]:
    win = MainWindow(AppSettings(tmp_path / "settings.ini"), demo_path=demo_path)
    win.resize(1280, 800)
    win.show()
    assert win.open_case(demo_path)
    yield win
    win.close()
    qtbot.waitUntil(lambda: not win.tasks.busy(), timeout=WAIT_MS)
    win.tasks.shutdown()
    win.deleteLater()


def _sources(window: MainWindow) -> SourcesModel:
    model = window.navigator.section("source").model
    assert isinstance(model, SourcesModel)
    return model


def _text(model: SourcesModel, source_id: str,
          role: Qt.ItemDataRole = Qt.ItemDataRole.DisplayRole) -> str:
    """The row's text once the model has heard of the change ("" while not refreshed)."""
    index = model.index_of(source_id)
    return "" if model.refresh_pending() or not index.isValid() else str(index.data(role))


def _import(qtbot: QtBot, window: MainWindow, path: Path) -> str:
    importer = window.importer
    assert importer is not None
    with qtbot.waitSignal(importer.finished, timeout=WAIT_MS):
        assert importer.import_files([path])
    imported = [o for o in importer.outcomes if o.status == "imported"]
    assert len(imported) == 1
    return str(imported[0].source_id)


def test_a_new_source_naming_a_watched_person_is_flagged_until_read(
        qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    session = window.session
    assert session is not None
    session.push(add_term(session, "Utkin", "name", "Wagner commander"))
    model = _sources(window)
    before = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert not any(str(text).startswith(WATCH_FLAG) for text in before)  # no hits yet

    path = tmp_path / "utkin.txt"
    path.write_text(ARTICLE, "utf-8")
    # The window opens the new source after the import; keep it from marking the hits
    # seen until the flag has been looked at.
    window.cards._seen_timer.setInterval(60_000)
    source_id = _import(qtbot, window, path)
    assert watch_of(session.store).flagged_sources() == {source_id: 3}

    title = session.store.sources.get(source_id).title
    assert title
    qtbot.waitUntil(lambda: _text(model, source_id) == f"{WATCH_FLAG} 3 {title}",
                    timeout=WAIT_MS)
    tip = _text(model, source_id, Qt.ItemDataRole.ToolTipRole)
    assert "3 new matches of watch terms: Utkin" in tip and "marks them seen" in tip
    assert model.flagged_count() == 1

    # Reading the source (it is the current tab) for a moment marks its matches seen.
    reader = window.tabs.current_reader()
    assert reader is not None and reader.source_id == source_id
    window.cards._seen_timer.setInterval(50)
    window.cards._seen_timer.start()
    qtbot.waitUntil(lambda: not watch_of(session.store).flagged_sources(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: _text(model, source_id) == title, timeout=WAIT_MS)
    assert model.flagged_count() == 0
    assert len(watch_of(session.store).hits(source_id=source_id)) == 3  # kept, as seen


def test_a_source_only_glanced_at_keeps_its_flag(
        qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    session = window.session
    assert session is not None
    session.push(add_term(session, "Utkin"))
    path = tmp_path / "utkin.txt"
    path.write_text(ARTICLE, "utf-8")
    window.cards._seen_timer.setInterval(60_000)
    source_id = _import(qtbot, window, path)
    # Another tab comes forward before the delay ends: the timer starts again, nothing seen.
    window.tabs.open("duplicates", "")
    assert window.tabs.current_reader() is None
    window.cards._seen_timer.setInterval(50)
    window.cards._seen_timer.start()
    qtbot.wait(300)
    assert watch_of(session.store).flagged_sources() == {source_id: 3}


def test_a_read_only_case_shows_flags_and_leaves_them(
        qtbot: QtBot, tmp_path: Path, demo_path: Path) -> None:
    from osint_desk.core.importer import import_files
    from osint_desk.core.store import CaseStore

    path = tmp_path / "utkin.txt"
    path.write_text(ARTICLE, "utf-8")
    with CaseStore.open(demo_path, actor="tester") as store:
        watch_of(store).add("Utkin")
        (outcome,) = list(import_files(store, [path]))
    source_id = str(outcome.source_id)
    win = MainWindow(AppSettings(tmp_path / "settings.ini"), demo_path=demo_path)
    try:
        win.show()
        assert win.open_case(demo_path, read_only=True)
        model = _sources(win)
        qtbot.waitUntil(lambda: _text(model, source_id).startswith(f"{WATCH_FLAG} 3 "),
                        timeout=WAIT_MS)
        win.tabs.open_source(source_id)
        win.cards._seen_timer.setInterval(50)
        win.cards._seen_timer.start()
        qtbot.wait(300)
        assert win.session is not None
        assert watch_of(win.session.store).flagged_sources() == {source_id: 3}
    finally:
        win.close()
        qtbot.waitUntil(lambda: not win.tasks.busy(), timeout=WAIT_MS)
        win.tasks.shutdown()
        win.deleteLater()
