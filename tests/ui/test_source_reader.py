"""The source reader, driven as a user would: select, Ctrl+E, click names, find, pages."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import (
    QAction,
    QKeySequence,
    QPalette,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
)
from PySide6.QtWidgets import QApplication, QMainWindow
from pytestqt.qtbot import QtBot

from osint_desk.core.store import CaseStore
from osint_desk.core.text import index_to_utf16, qt_text_to_python
from osint_desk.ui.operations import edits
from osint_desk.ui.reader import SourceReader
from osint_desk.ui.reader.header import format_date
from osint_desk.ui.reader.text_view import SourceTextView
from osint_desk.ui.session import CaseSession

MIXED = ("Family 👨‍👩‍👧‍👦 and flag 🇺🇦 approve 👍🏽.\n"
         "Пригожин said 朝鲜 and كلمة عربية here.\n"
         "A third line closes the text.")


def open_reader(session: CaseSession, qtbot: QtBot, source_id: str) -> SourceReader:
    reader = SourceReader(session, source_id)
    qtbot.addWidget(reader)
    reader.resize(900, 700)
    reader.show()
    qtbot.waitExposed(reader)
    return reader


@pytest.fixture
def demo_reader(session: CaseSession, qtbot: QtBot) -> SourceReader:
    return open_reader(session, qtbot, session.store.sources.list()[0].id)


@pytest.fixture
def mixed_reader(session: CaseSession, qtbot: QtBot) -> SourceReader:
    source = session.store.sources.add(text=MIXED, title="Mixed scripts", kind="note")
    return open_reader(session, qtbot, source.id)


def u16(reader: SourceReader, index: int) -> int:
    assert reader.source is not None
    return index_to_utf16(reader.source.text, index)


def select(view: SourceTextView, start: int, end: int) -> None:
    """Set a selection in UTF-16 positions, as a mouse or keyboard would leave it."""
    cursor = QTextCursor(view.document())
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)


def point_inside(view: SourceTextView, position: int) -> QPoint:
    """A viewport point over the character that starts at UTF-16 ``position``."""
    cursor = QTextCursor(view.document())
    cursor.setPosition(position)
    left = view.cursorRect(cursor)
    cursor.movePosition(QTextCursor.MoveOperation.NextCharacter)
    right = view.cursorRect(cursor)
    return QPoint((left.left() + right.left()) // 2, left.center().y())


def press_ctrl_e(qtbot: QtBot, reader: SourceReader) -> str:
    with qtbot.waitSignal(reader.excerpt_created, timeout=2000) as created:
        qtbot.keyClick(reader.view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    return str(created.args[0])


# -- cutting excerpts ---------------------------------------------------------------------------

def test_keyboard_selection_across_a_line_break_cuts_the_exact_words(
        mixed_reader: SourceReader, session: CaseSession, qtbot: QtBot) -> None:
    view = mixed_reader.view
    at = MIXED.index("approve")
    select(view, u16(mixed_reader, at), u16(mixed_reader, at))
    wanted = "approve 👍🏽.\nПригожин"
    for _ in range(len("approve ") + 1 + len(".\n") + len("Пригожин")):  # 👍🏽 is one step
        qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert qt_text_to_python(view.textCursor().selectedText()) == wanted
    assert mixed_reader.new_excerpt_action.isEnabled()
    with qtbot.waitSignal(mixed_reader.excerpt_selected) as selected:
        excerpt_id = press_ctrl_e(qtbot, mixed_reader)
    assert selected.args == [excerpt_id]
    excerpt = session.store.excerpts.get(excerpt_id)
    assert excerpt.quote == wanted
    assert (excerpt.start, excerpt.end) == (at, at + len(wanted))
    assert view.excerpts_at(u16(mixed_reader, at))[0].key == excerpt_id


def test_mouse_drag_over_cjk_cuts_it(mixed_reader: SourceReader, session: CaseSession,
                                     qtbot: QtBot) -> None:
    view = mixed_reader.view
    at = MIXED.index("朝鲜")
    cursor = QTextCursor(view.document())
    cursor.setPosition(u16(mixed_reader, at))
    start = view.cursorRect(cursor)
    cursor.setPosition(u16(mixed_reader, at + 2))
    end = view.cursorRect(cursor)
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(start.left() + 1, start.center().y()))
    qtbot.mouseMove(view.viewport(), QPoint(end.left() - 1, end.center().y()))
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton,
                       pos=QPoint(end.left() - 1, end.center().y()))
    assert qt_text_to_python(view.textCursor().selectedText()) == "朝鲜"
    excerpt_id = press_ctrl_e(qtbot, mixed_reader)
    assert session.store.excerpts.get(excerpt_id).quote == "朝鲜"


@pytest.mark.parametrize("words", ["👨‍👩‍👧‍👦 and flag 🇺🇦", "كلمة عربية", "Пригожин said 朝鲜",
                                   "👍🏽"])
def test_selected_words_in_any_script_are_quoted_exactly(
        mixed_reader: SourceReader, session: CaseSession, qtbot: QtBot, words: str) -> None:
    at = MIXED.index(words)
    select(mixed_reader.view, u16(mixed_reader, at), u16(mixed_reader, at + len(words)))
    excerpt_id = press_ctrl_e(qtbot, mixed_reader)
    assert session.store.excerpts.get(excerpt_id).quote == words


def test_a_selection_splitting_emoji_and_flag_is_widened(
        mixed_reader: SourceReader, session: CaseSession, qtbot: QtBot) -> None:
    family = MIXED.index("👨")
    flag = MIXED.index("🇺🇦")
    # from inside the family (after "👨" and its ZWJ) to between the flag's two letters
    select(mixed_reader.view, u16(mixed_reader, family + 2), u16(mixed_reader, flag + 1))
    excerpt_id = press_ctrl_e(qtbot, mixed_reader)
    assert session.store.excerpts.get(excerpt_id).quote == "👨‍👩‍👧‍👦 and flag 🇺🇦"
    assert "widened" in mixed_reader.message_bar.text()


def test_undo_removes_the_new_highlight(mixed_reader: SourceReader, session: CaseSession,
                                       qtbot: QtBot) -> None:
    at = MIXED.index("approve")
    select(mixed_reader.view, u16(mixed_reader, at), u16(mixed_reader, at + 7))
    excerpt_id = press_ctrl_e(qtbot, mixed_reader)
    assert [s.key for s in mixed_reader.view.excerpts_at(u16(mixed_reader, at))] == [excerpt_id]
    session.undo_stack.undo()
    assert mixed_reader.view.excerpts_at(u16(mixed_reader, at)) == []
    session.undo_stack.redo()
    assert [s.key for s in mixed_reader.view.excerpts_at(u16(mixed_reader, at))] == [excerpt_id]


def test_edge_whitespace_is_trimmed_and_blank_selections_explained(
        mixed_reader: SourceReader, session: CaseSession, qtbot: QtBot) -> None:
    at = MIXED.index(" approve ")
    select(mixed_reader.view, u16(mixed_reader, at), u16(mixed_reader, at + len(" approve ")))
    assert session.store.excerpts.get(press_ctrl_e(qtbot, mixed_reader)).quote == "approve"
    count = session.store.excerpts.count()
    select(mixed_reader.view, u16(mixed_reader, at), u16(mixed_reader, at + 1))
    qtbot.keyClick(mixed_reader.view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert session.store.excerpts.count() == count
    assert "No excerpt was cut" in mixed_reader.message_bar.text()


def test_the_same_words_twice_select_the_existing_excerpt(
        demo_reader: SourceReader, session: CaseSession, qtbot: QtBot) -> None:
    excerpt = session.store.excerpts.for_source(demo_reader.source_id)[0]
    count = session.store.excerpts.count()
    demo_reader.select_excerpt(excerpt.id)
    with qtbot.waitSignal(demo_reader.excerpt_selected) as selected:
        qtbot.keyClick(demo_reader.view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert selected.args == [excerpt.id]
    assert session.store.excerpts.count() == count
    assert "already an excerpt" in demo_reader.message_bar.text()


def test_nothing_selected_or_read_only_disables_new_excerpt(
        demo_path: Path, qtbot: QtBot, qapp: object) -> None:
    session = CaseSession(CaseStore.open(demo_path, read_only=True))
    try:
        reader = open_reader(session, qtbot, session.store.sources.list()[0].id)
        assert not reader.new_excerpt_action.isEnabled()
        select(reader.view, 0, 5)
        assert not reader.new_excerpt_action.isEnabled()
        qtbot.keyClick(reader.view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
        assert "read-only" in reader.message_bar.text()
    finally:
        session.close()


def test_ctrl_e_wins_over_a_window_action_with_the_same_shortcut(
        session: CaseSession, qtbot: QtBot) -> None:
    """The main window has its own Ctrl+E; in the reader, the reader's must fire, once."""
    window = QMainWindow()
    qtbot.addWidget(window)
    competing = QAction("New excerpt (window)", window)
    competing.setShortcut(QKeySequence("Ctrl+E"))
    window.addAction(competing)
    fired: list[bool] = []
    competing.triggered.connect(lambda: fired.append(True))
    reader = SourceReader(session, session.store.sources.list()[0].id)
    window.setCentralWidget(reader)
    window.show()
    qtbot.waitExposed(window)
    assert reader.source is not None
    at = reader.source.text.index("Close to Putin")
    select(reader.view, u16(reader, at), u16(reader, at + len("Close to Putin")))
    excerpt_id = press_ctrl_e(qtbot, reader)
    assert session.store.excerpts.get(excerpt_id).quote == "Close to Putin"
    assert fired == []


# -- marks, clicks, navigation ------------------------------------------------------------------

def test_demo_excerpts_are_highlighted_at_their_words(demo_reader: SourceReader,
                                                      session: CaseSession) -> None:
    excerpts = session.store.excerpts.for_source(demo_reader.source_id)
    assert len(excerpts) > 5
    view = demo_reader.view
    plain = view.palette().color(QPalette.ColorRole.Base)
    for excerpt in excerpts:
        for offset in (excerpt.start, excerpt.end - 1):
            position = u16(demo_reader, offset)
            assert excerpt.id in [span.key for span in view.excerpts_at(position)]
            tinted = view.format_at(position)
            assert tinted.hasProperty(QTextFormat.Property.BackgroundBrush)
            assert tinted.background().color() != plain
    assert demo_reader.source is not None
    heading = demo_reader.source.text.index("sign of despair")
    assert not any(e.start <= heading < e.end for e in excerpts)
    assert not view.format_at(u16(demo_reader, heading)).hasProperty(
        QTextFormat.Property.BackgroundBrush)
    at = u16(demo_reader, demo_reader.source.text.index("Prigozhin"))
    assert view.format_at(at).underlineStyle() == QTextCharFormat.UnderlineStyle.DotLine


def test_clicking_a_marked_name_opens_its_card(demo_reader: SourceReader, session: CaseSession,
                                               qtbot: QtBot) -> None:
    prigozhin = session.store.entities.resolve("Yevgeny Prigozhin")
    assert demo_reader.source is not None
    at = demo_reader.source.text.index("Yevgeny Prigozhin") + 3
    demo_reader.show_range(at, at)
    point = point_inside(demo_reader.view, u16(demo_reader, at))
    with qtbot.waitSignal(demo_reader.card_requested) as requested:
        qtbot.mouseClick(demo_reader.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert requested.args == [prigozhin.id]
    assert "Yevgeny Prigozhin" in demo_reader.view.tooltip_at(point)


def test_clicking_inside_an_excerpt_selects_it(demo_reader: SourceReader, session: CaseSession,
                                               qtbot: QtBot) -> None:
    assert demo_reader.source is not None
    text = demo_reader.source.text
    at = text.index("completed an initial") + 2
    demo_reader.show_range(at, at)
    (excerpt,) = [e for e in demo_reader.excerpts if e.start <= at < e.end]
    point = point_inside(demo_reader.view, u16(demo_reader, at))
    with qtbot.waitSignal(demo_reader.excerpt_selected) as selected:
        qtbot.mouseClick(demo_reader.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert selected.args == [excerpt.id]
    cursor = demo_reader.view.textCursor()
    assert qt_text_to_python(cursor.selectedText()) == excerpt.quote


def test_show_range_and_select_excerpt(demo_reader: SourceReader, session: CaseSession) -> None:
    assert demo_reader.source is not None
    text = demo_reader.source.text
    at = text.index("So Prigozhin and several others")
    demo_reader.show_range(at, at + 15)
    assert qt_text_to_python(demo_reader.view.textCursor().selectedText()) == text[at:at + 15]
    excerpt = session.store.excerpts.for_source(demo_reader.source_id)[-1]
    assert demo_reader.select_excerpt(excerpt.id)
    assert qt_text_to_python(demo_reader.view.textCursor().selectedText()) == excerpt.quote
    assert not demo_reader.select_excerpt("no-such-excerpt")


def test_new_cards_and_aliases_are_marked_without_losing_the_scroll(
        demo_reader: SourceReader, session: CaseSession) -> None:
    assert demo_reader.source is not None
    text = demo_reader.source.text
    at = u16(demo_reader, text.index("Defense Department"))
    bar = demo_reader.view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    scrolled = bar.value()
    assert demo_reader.view.names_at(at) == []
    card = session.push(edits.new_entity(session, "PublicBody", "US DoD")).target_id
    session.push(edits.add_alias(session, card, "Defense Department"))
    assert [s.key for s in demo_reader.view.names_at(at)] == [card]
    assert bar.value() == scrolled
    demo_reader.hide()  # a hidden tab catches up when shown again
    session.undo_stack.undo()
    session.undo_stack.undo()
    demo_reader.show()
    assert demo_reader.view.names_at(at) == []


def test_context_menu_offers_the_reader_actions(demo_reader: SourceReader) -> None:
    assert demo_reader.source is not None
    at = u16(demo_reader, demo_reader.source.text.index("Prigozhin"))
    demo_reader.show_range(0, 0)
    menu = demo_reader.view.build_context_menu(point_inside(demo_reader.view, at))
    texts = [action.text() for action in menu.actions()]
    assert texts[0].startswith("Open card “Yevgeny Prigozhin”")
    assert "New excerpt" in texts and "Find in source…" in texts
    assert demo_reader.new_excerpt_action.shortcut() == QKeySequence("Ctrl+E")
    assert demo_reader.new_excerpt_action.shortcutContext() == \
        Qt.ShortcutContext.WidgetWithChildrenShortcut


def test_copy_gives_plain_text_and_tab_goes_from_header_to_text(
        mixed_reader: SourceReader) -> None:
    words = "approve 👍🏽.\nПригожин"
    at = MIXED.index(words)
    select(mixed_reader.view, u16(mixed_reader, at), u16(mixed_reader, at + len(words)))
    mixed_reader.view.copy()
    clipboard = QApplication.clipboard()
    try:
        assert clipboard.text() == words
        assert not clipboard.mimeData().hasHtml()  # no highlight colours travel with a quote
    finally:
        clipboard.clear()  # clipboard data left at exit crashes the offscreen platform
    chain = [mixed_reader.header.title]
    while chain[-1] is not mixed_reader.view and len(chain) < 10:
        chain.append(chain[-1].nextInFocusChain())
    assert chain[1] is mixed_reader.header.values["url"]
    assert chain[-1] is mixed_reader.view


# -- find -----------------------------------------------------------------------------------------

def test_ctrl_f_finds_wagner_and_enter_moves_on(demo_reader: SourceReader, qtbot: QtBot) -> None:
    assert demo_reader.source is not None
    text = demo_reader.source.text
    total = text.lower().count("wagner")
    starts = [i for i in range(len(text)) if text.lower().startswith("wagner", i)]
    before = {start: demo_reader.view.format_at(u16(demo_reader, start)).background().color()
              for start in starts}
    demo_reader.show_range(0, 0)
    qtbot.keyClick(demo_reader.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = demo_reader.find_bar
    assert bar.isVisible()
    qtbot.keyClicks(bar.edit, "wagner")
    assert bar.count.text() == f"1 of {total}"

    def selected_start() -> int:
        return demo_reader.view.textCursor().selectionStart()

    assert selected_start() == u16(demo_reader, starts[0])
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
    assert bar.count.text() == f"2 of {total}"
    assert selected_start() == u16(demo_reader, starts[1])
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert bar.count.text() == f"{total} of {total}"  # wrapped around backwards
    assert all(demo_reader.view.format_at(u16(demo_reader, start)).background().color()
               != before[start] for start in starts)  # every match is tinted
    qtbot.keyClick(bar.edit, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    assert all(demo_reader.view.format_at(u16(demo_reader, start)).background().color()
               == before[start] for start in starts)


def test_find_ignores_case_in_any_script_and_reports_no_matches(mixed_reader: SourceReader,
                                                     qtbot: QtBot) -> None:
    mixed_reader.open_find()
    mixed_reader.find_bar.edit.setText("ПРИГОЖИН")  # keyClicks types ASCII only
    assert mixed_reader.find_bar.count.text() == "1 of 1"
    mixed_reader.find_bar.edit.setText("zzz")
    assert mixed_reader.find_bar.count.text() == "No matches"


# -- pages, header, deleted source ----------------------------------------------------------------

def test_pdf_page_boundaries_are_drawn_without_changing_offsets(
        session: CaseSession, qtbot: QtBot) -> None:
    page_one = "The first page of the statement.\nIt mentions the Wagner Group."
    page_two = "Page two: North Korea denied it 🇰🇵.\nThe end of page two."
    page_three = "Third page, middle-of-line start."
    text = f"{page_one}\n\n{page_two} {page_three}"
    starts = [0, len(page_one) + 2, text.index(page_three)]
    source = session.store.sources.add(text=text, title="Statement (PDF)", kind="document",
                                       media_type="application/pdf", page_map=starts)
    reader = open_reader(session, qtbot, source.id)
    assert reader.view.toPlainText() == text
    markers = reader.view.page_markers()
    assert [(m.label, m.line_start) for m in markers] == [
        ("page 1", True), ("page 2", True), ("page 3", False)]
    assert [m.position for m in markers] == [u16(reader, s) for s in starts]
    quote = "North Korea denied it 🇰🇵"
    at = text.index(quote)
    select(reader.view, u16(reader, at), u16(reader, at + len(quote)))
    excerpt = session.store.excerpts.get(press_ctrl_e(qtbot, reader))
    assert excerpt.quote == quote
    assert session.store.sources.get(source.id).page_of(excerpt.start) == 2
    reader.grab().save("/tmp/reader_pdf.png")


def test_header_shows_metadata_as_plain_text(demo_reader: SourceReader,
                                             session: CaseSession) -> None:
    header = demo_reader.header
    assert header.values["reliability"].text() == "B — Usually reliable"
    assert header.values["published"].text() == "2022-12-22"
    assert header.values["outlet"].text() == "—"
    url = "https://example.com/a?<b>bold</b>"
    session.push(edits.edit_source(session, demo_reader.source_id, url=url))
    label = header.values["url"]
    assert label.text() == url
    assert label.textFormat() == Qt.TextFormat.PlainText
    assert not label.openExternalLinks()
    assert demo_reader.source is not None
    assert header.full_hash("text_sha256") == demo_reader.source.text_sha256
    assert header.values["text_sha256"].toolTip() == demo_reader.source.text_sha256
    assert demo_reader.tab_title().startswith("North Korea delivered weapons")
    assert demo_reader.view.accessibleName() == "Source text"


@pytest.mark.parametrize(("value", "precision", "utc", "shown"), [
    ("2022", "year", None, "2022"),
    ("2022-12-22", "day", None, "2022-12-22"),
    ("2022-12-22T18:30+09:00", "minute", "2022-12-22T09:30Z",
     "2022-12-22 18:30 +09:00 (09:30 UTC)"),
    ("2022-12-22T02:30+09:00", "minute", "2022-12-21T17:30Z",
     "2022-12-22 02:30 +09:00 (2022-12-21 17:30 UTC)"),
    ("2022-12-22T18:30:05Z", "second", "2022-12-22T18:30:05Z", "2022-12-22 18:30:05 UTC"),
    ("2022-12-22T18:30", "minute", None, "2022-12-22 18:30 (time zone not given)"),
    (None, None, None, "—"),
])
def test_dates_are_shown_with_their_precision(value: str | None, precision: str | None,
                                              utc: str | None, shown: str) -> None:
    assert format_date(value, precision, utc) == shown


def test_a_deleted_source_shows_a_message_and_comes_back(session: CaseSession,
                                                         qtbot: QtBot) -> None:
    source_id = session.push(edits.new_source(
        session, text="Pasted words about Wagner.", title="Pasted")).target_id
    reader = open_reader(session, qtbot, source_id)
    session.undo_stack.undo()
    assert reader.pages.currentWidget() is reader.deleted_label
    assert reader.tab_title() == "Deleted source"
    assert not reader.new_excerpt_action.isEnabled()
    session.undo_stack.redo()
    assert reader.pages.currentIndex() == 0
    assert reader.tab_title() == "Pasted"


# -- screenshots (looked at by a person: see the report) ------------------------------------------

@pytest.fixture
def screenshot_dir() -> Iterator[Path]:
    yield Path("/tmp")


def test_screenshots(demo_reader: SourceReader, screenshot_dir: Path, qtbot: QtBot) -> None:
    demo_reader.grab().save(str(screenshot_dir / "reader.png"))
    assert demo_reader.source is not None
    text = demo_reader.source.text
    at = text.index("British Foreign Secretary")
    demo_reader.show_range(at, at + len("British Foreign Secretary James Cleverly"))
    demo_reader.open_find()
    demo_reader.find_bar.edit.setText("Wagner")
    image = demo_reader.grab()
    assert (image.width(), image.height()) == (900, 700)
    image.save(str(screenshot_dir / "reader_find.png"))
