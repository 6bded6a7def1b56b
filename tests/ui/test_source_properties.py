"""Source properties: edited from the reader's header, its context menu, the Edit menu;
one undo step that puts back exactly what was there; the text and hashes never change."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QMenu, QWidget
from pytestqt.qtbot import QtBot

from osint_desk.core.errors import ValidationError
from osint_desk.core.store import CaseStore
from osint_desk.core.store.records import Source
from osint_desk.ui.main_window import MainWindow
from osint_desk.ui.models import ID_ROLE
from osint_desk.ui.operations import edits
from osint_desk.ui.reader import SourceReader
from osint_desk.ui.session import CaseSession
from osint_desk.ui.settings import AppSettings
from osint_desk.ui.source_properties import IMMUTABLE, SourcePropertiesDialog

KIRBY_TIME = "2022-12-22T18:30+09:00"


@pytest.fixture
def source_id(session: CaseSession) -> str:
    """The demo article, ungraded as a freshly imported file is."""
    sid = session.store.sources.list()[0].id
    session.store.sources.update(sid, reliability=None)
    return sid


@pytest.fixture
def reader(session: CaseSession, source_id: str, qtbot: QtBot) -> SourceReader:
    view = SourceReader(session, source_id)
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    qtbot.waitExposed(view)
    return view


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, demo_path: Path) -> Iterator[MainWindow]:
    win = MainWindow(AppSettings(tmp_path / "settings.ini"), demo_path=demo_path)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    assert win.open_case(demo_path)
    yield win
    win.close()


def open_from_header(qtbot: QtBot, reader: SourceReader) -> SourcePropertiesDialog:
    qtbot.mouseClick(reader.header.edit_button, Qt.MouseButton.LeftButton)
    return shown_dialog(qtbot, reader)


def shown_dialog(qtbot: QtBot, parent: QWidget) -> SourcePropertiesDialog:
    """The dialog now open (a closed one may linger until its deferred delete)."""
    dialogs = [d for d in parent.findChildren(SourcePropertiesDialog) if d.isVisible()]
    assert len(dialogs) == 1
    qtbot.waitExposed(dialogs[0])
    return dialogs[0]


def type_into(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    """Replace the field's text by typing, as a user does."""
    edit.setFocus(Qt.FocusReason.MouseFocusReason)
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(edit, text)


def without_stamp(source: Source) -> Source:
    return dataclasses.replace(source, updated_at="")


def below(widget: QWidget, field: QWidget) -> bool:
    """``widget`` is shown under ``field``, in the same column of the form."""
    top = widget.mapTo(widget.window(), QPoint(0, 0))
    under = field.mapTo(field.window(), QPoint(0, field.height()))
    return widget.isVisible() and top.y() >= under.y() and abs(top.x() - under.x()) < 4


def test_edit_from_the_header_then_undo_restores_every_field(
        qtbot: QtBot, session: CaseSession, reader: SourceReader, source_id: str) -> None:
    store = session.store
    before, dump_before = store.sources.get(source_id), store.dump()
    dialog = open_from_header(qtbot, reader)
    assert dialog.lines["title"].text() == before.title
    assert dialog.reliability.currentText() == "Not graded"
    type_into(qtbot, dialog.lines["title"], "North Korea delivered weapons to Wagner")
    type_into(qtbot, dialog.lines["outlet"], "Associated Press")
    type_into(qtbot, dialog.lines["author"], "Matthew Lee")
    type_into(qtbot, dialog.lines["url"], "https://apnews.com/article/kirby-wagner")
    type_into(qtbot, dialog.lines["published"], KIRBY_TIME)
    assert dialog.hints["published"].text() == (
        "Read as 2022-12-22 18:30 +09:00 (09:30 UTC)")
    dialog.reliability.setFocus()
    qtbot.keyClicks(dialog.reliability, "B")  # keyboard search in the combo
    assert dialog.reliability.currentData() == "B"
    dialog.notes.editor.setFocus()
    dialog.notes.editor.selectAll()  # the demo has notes: typing replaces them
    qtbot.keyClicks(dialog.notes.editor, "Wire copy, *checked* against the briefing.")
    assert session.undo_stack.count() == 0  # nothing written before OK
    assert store.sources.get(source_id) == before
    assert dialog.ok_button is not None and dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    after = store.sources.get(source_id)
    assert (after.title, after.outlet, after.author, after.url) == (
        "North Korea delivered weapons to Wagner", "Associated Press", "Matthew Lee",
        "https://apnews.com/article/kirby-wagner")
    assert (after.published, after.published_precision, after.published_utc) == (
        KIRBY_TIME, "minute", "2022-12-22T09:30Z")
    assert after.reliability == "B"
    assert after.notes == "Wire copy, *checked* against the briefing."
    assert (after.text, after.text_sha256, after.original_sha256) == (
        before.text, before.text_sha256, before.original_sha256)
    assert (after.retrieved, after.language) == (before.retrieved, before.language)
    header = reader.header
    assert header.title.text() == "North Korea delivered weapons to Wagner"
    assert header.values["outlet"].text() == "Associated Press"
    assert header.values["author"].text() == "Matthew Lee"
    assert header.values["published"].text() == "2022-12-22 18:30 +09:00 (09:30 UTC)"
    assert header.values["reliability"].text() == "B — Usually reliable"
    assert reader.tab_title() == "North Korea delivered weapons to Wagner"
    assert session.undo_stack.count() == 1
    assert session.undo_stack.undoText() == (
        "Edit source “North Korea delivered weapons…”")

    session.undo_stack.undo()
    assert without_stamp(store.sources.get(source_id)) == without_stamp(before)
    assert store.dump() == dump_before
    assert header.title.text() == before.title
    assert header.values["outlet"].text() == "—"
    assert header.values["published"].text() == "2022-12-22"
    assert header.values["reliability"].text() == "not graded"

    session.undo_stack.redo()
    assert without_stamp(store.sources.get(source_id)) == without_stamp(after)
    assert header.values["reliability"].text() == "B — Usually reliable"


def test_an_invalid_date_is_shown_under_its_field_and_nothing_is_written(
        qtbot: QtBot, session: CaseSession, reader: SourceReader, source_id: str) -> None:
    store = session.store
    before, dump_before = store.sources.get(source_id), store.dump()
    dialog = open_from_header(qtbot, reader)
    type_into(qtbot, dialog.lines["title"], "Renamed")
    type_into(qtbot, dialog.lines["published"], "2022-13-01")
    error = dialog.errors["published"]
    assert error.isVisible() and "no month 13" in error.text()
    assert below(error, dialog.lines["published"])
    assert not dialog.errors["retrieved"].isVisible()
    assert not dialog.hints["published"].isVisible()
    assert dialog.ok_button is not None and not dialog.ok_button.isEnabled()
    qtbot.keyClick(dialog.lines["published"], Qt.Key.Key_Return)  # the default button: off
    assert dialog.isVisible()
    assert store.sources.get(source_id) == before and session.undo_stack.count() == 0

    type_into(qtbot, dialog.lines["published"], "2022-12-22T18:30+25:00")
    assert "impossible UTC offset" in error.text()
    type_into(qtbot, dialog.lines["published"], "2022-12")
    assert not error.isVisible()
    assert dialog.hints["published"].text() == "Read as the month 2022-12 (no day)"
    assert dialog.ok_button.isEnabled()
    type_into(qtbot, dialog.lines["title"], "   ")
    assert dialog.errors["title"].text() == "A source needs a title."
    assert not dialog.ok_button.isEnabled()

    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert store.sources.get(source_id) == before
    assert store.dump() == dump_before and session.undo_stack.count() == 0


def test_partial_dates_and_untouched_fields(qtbot: QtBot, session: CaseSession,
                                            reader: SourceReader, source_id: str) -> None:
    store = session.store
    before = store.sources.get(source_id)
    dialog = open_from_header(qtbot, reader)
    assert dialog.changes() == {}
    type_into(qtbot, dialog.lines["published"], "2022")
    assert dialog.hints["published"].text() == "Read as the year 2022 (no month or day)"
    type_into(qtbot, dialog.lines["retrieved"], "2022-12-22T18:30+0900")  # offset tidied
    type_into(qtbot, dialog.lines["language"], "en")  # typed again, unchanged
    assert dialog.changes() == {"published": "2022", "retrieved": KIRBY_TIME}
    qtbot.keyClick(dialog.lines["retrieved"], Qt.Key.Key_Return)
    after = store.sources.get(source_id)
    assert (after.published, after.published_precision) == ("2022", "year")
    assert (after.retrieved, after.retrieved_utc) == (KIRBY_TIME, "2022-12-22T09:30Z")
    session.undo_stack.undo()
    restored = store.sources.get(source_id)
    assert (restored.retrieved, restored.retrieved_precision, restored.retrieved_utc) == (
        before.retrieved, before.retrieved_precision, before.retrieved_utc)

    # OK with nothing changed: no empty undo step.
    dialog = open_from_header(qtbot, reader)
    assert dialog.ok_button is not None
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert session.undo_stack.count() == 1 and session.undo_stack.index() == 0


def test_text_and_hashes_are_shown_read_only_and_cannot_be_edited(
        qtbot: QtBot, session: CaseSession, reader: SourceReader, source_id: str) -> None:
    source = session.store.sources.get(source_id)
    dialog = open_from_header(qtbot, reader)
    text_hash = dialog.hashes["text_sha256"]
    assert text_hash.text() == source.text_sha256 and text_hash.isReadOnly()
    assert dialog.hashes["original_sha256"].isReadOnly()
    assert IMMUTABLE in dialog.captured.text() and dialog.captured.isVisible()
    qtbot.keyClicks(text_hash, "x")
    assert text_hash.text() == source.text_sha256
    with pytest.raises(ValidationError, match="immutable"):
        session.push(edits.edit_source(session, source_id, text="changed"))
    assert session.undo_stack.count() == 0


def test_read_only_case_shows_but_does_not_edit(qtbot: QtBot, demo_path: Path) -> None:
    session = CaseSession(CaseStore.open(demo_path, read_only=True))
    try:
        source_id = session.store.sources.list()[0].id
        view = SourceReader(session, source_id)
        qtbot.addWidget(view)
        view.show()
        assert view.header.edit_button.text() == "Properties…"
        dialog = open_from_header(qtbot, view)
        assert dialog.read_only_note.isVisible()
        assert all(edit.isReadOnly() for edit in dialog.lines.values())
        assert not dialog.reliability.isEnabled()
        assert dialog.notes.editor.isReadOnly()
        assert dialog.ok_button is None
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        assert not dialog.isVisible()
    finally:
        session.close()


def test_opened_from_the_context_menu_and_the_edit_menu(qtbot: QtBot,
                                                        window: MainWindow) -> None:
    session = window.session
    assert session is not None
    action = window.source_properties_action
    assert action.text().replace("&", "") == "Source properties…"
    edit_menu = next(a.menu() for a in window.menuBar().actions()
                     if a.text().replace("&", "") == "Edit")
    assert isinstance(edit_menu, QMenu) and action in edit_menu.actions()
    assert not action.isEnabled()  # no tab open
    source = session.store.sources.list()[0]
    reader = window.tabs.open_source(source.id)
    assert reader is not None and action.isEnabled()
    card_id = session.store.entities.list()[0].id
    window.tabs.open_card(card_id)
    assert not action.isEnabled()  # a card is current, not a source
    window.tabs.setCurrentWidget(reader)
    assert action.isEnabled()

    menu = reader.view.build_context_menu(QPoint(5, 5))
    entry = next(a for a in menu.actions() if a.text() == "Source properties…")
    entry.trigger()
    shown_dialog(qtbot, reader).reject()
    qtbot.waitUntil(lambda: reader.findChild(SourcePropertiesDialog) is None)  # deleted

    action.trigger()
    dialog = shown_dialog(qtbot, reader)
    type_into(qtbot, dialog.lines["title"], "Kirby briefing")
    qtbot.keyClick(dialog.lines["title"], Qt.Key.Key_Return)

    # The tab title and the navigator follow the edit, and its undo and redo.
    sources = window.navigator.section("source").model

    def navigator_title() -> str:
        for row in range(sources.rowCount()):
            index = sources.index(row, 0)
            if index.data(ID_ROLE) == source.id:
                return str(index.data(Qt.ItemDataRole.DisplayRole))
        return ""

    index = window.tabs.indexOf(reader)
    qtbot.waitUntil(lambda: window.tabs.tabText(index) == "Kirby briefing")
    qtbot.waitUntil(lambda: navigator_title().startswith("Kirby briefing"))
    assert window.undo_action.text().replace("&", "").startswith("Undo Edit source")
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: window.tabs.tabText(index) == reader.tab_title() != "Kirby briefing")
    qtbot.waitUntil(lambda: navigator_title().startswith("North Korea delivered"))
    window.redo_action.trigger()
    qtbot.waitUntil(lambda: window.tabs.tabText(index) == "Kirby briefing")
    assert reader.header.title.text() == "Kirby briefing"
    assert QApplication.activeModalWidget() is None


def test_navigator_sources_offer_properties(qtbot: QtBot, window: MainWindow) -> None:
    session = window.session
    assert session is not None
    view = window.navigator.show_section("source")
    qtbot.waitUntil(lambda: view.model().rowCount() == 1)
    menu = window.navigator.context_menu(view.model().index(0, 0))
    assert menu is not None
    entry = next(a for a in menu.actions() if a.text() == "Properties…")
    entry.trigger()
    dialog = shown_dialog(qtbot, window)
    source_id = session.store.sources.list()[0].id
    assert dialog.source_id == source_id
    assert window.tabs.count() == 0  # looked at in place: no tab was opened
    type_into(qtbot, dialog.lines["outlet"], "Associated Press")
    qtbot.keyClick(dialog.lines["outlet"], Qt.Key.Key_Return)
    assert session.store.sources.get(source_id).outlet == "Associated Press"


def test_a_capture_shows_its_integrity_container_and_metadata(
        qtbot: QtBot, session: CaseSession) -> None:
    """A WARC page's properties say what the capture said: a mismatch stands out, the
    container is named, the metadata is listed and none of it can be edited."""
    from PySide6.QtWidgets import QLabel, QPlainTextEdit

    store = session.store
    crawl = store.sources.add(text="2 records", title="Crawl", original=b"WARC/1.1",
                              original_filename="crawl.warc", capture={"format": "warc"},
                              integrity="mismatch")
    page = store.sources.add(text="The page.", title="Page", part_of=crawl.id,
                             integrity="mismatch",
                             capture={"format": "warc-record", "target_uri": "https://ex.org/",
                                      "digests": {"payload": "sha1:ABC"}})
    plain = store.sources.add(text="Typed.", title="Plain")
    dialog = SourcePropertiesDialog(session, page.id)
    qtbot.addWidget(dialog)
    dialog.show()
    box = dialog.capture_box
    assert box is not None and box.isVisible()
    verdict = box.findChild(QLabel, "captureIntegrity")
    assert verdict is not None and verdict.text().startswith("MISMATCH")
    container = box.findChild(QLabel, "captureContainer")
    assert container is not None and "crawl.warc" in container.text()
    metadata = box.findChild(QPlainTextEdit, "captureMetadata")
    assert metadata is not None and metadata.isReadOnly()
    lines = metadata.toPlainText().splitlines()
    assert "target_uri: https://ex.org/" in lines and "digests.payload: sha1:ABC" in lines
    other = SourcePropertiesDialog(session, plain.id)
    qtbot.addWidget(other)
    assert other.capture_box is None


def test_a_capture_dialog_fits_a_1280_by_800_window(qtbot: QtBot, session: CaseSession) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.resize(1280, 800)
    parent.show()
    capture = {f"field_{n}": "value " * 8 for n in range(30)}
    page = session.store.sources.add(text="The page.", title="Page", capture=capture,
                                     integrity="mismatch")
    dialog = SourcePropertiesDialog(session, page.id, parent)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.height() <= 800 - 40
    assert dialog.buttons.isVisible()
