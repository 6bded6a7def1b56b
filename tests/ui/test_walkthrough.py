"""The walkthrough of DESIGN.md, from an empty new case to the PDF, by mouse and keyboard only.

One test, in a 1280×800 main window as a user drives it (issue 10): File → New case; File → Import
sources with the seed article; Source properties from the reader's header; six excerpts cut by
dragging the mouse over the words and pressing Ctrl+E; speaker, channel, stance, credibility
and linked cards set in the inspector (new cards created through the pickers' type menu); a
relationship with supporting and contradicting evidence from the card of North Korea; the UN and
SDN 2019 lists imported in Tools → Sanctions lists; Tools → Screen the whole case; Prigozhin's
SDN hit confirmed; File → Export report → PDF. The PDF's notes must say who spoke and how,
carry the grade, and cite each quote once.

Only the operating system's file dialogs are replaced (they are not Qt widgets a test can
drive); everything else is a mouse or key event sent where the user's pointer or keyboard focus
is: menus are opened by clicking the menu bar, fields are clicked then typed into, lists and
pages are scrolled with the mouse wheel. The store is only read, to check what happened.
Runs on ``offscreen`` and on the real X11 platform::

    xvfb-run -a -s "-screen 0 1920x1080x24" env QT_QPA_PLATFORM=xcb \\
        .venv/bin/python -m pytest tests/ui/test_walkthrough.py -q -p no:randomly
"""

from __future__ import annotations

import re
import shutil
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QPoint, QPointF, QRect, Qt, QTimer
from PySide6.QtGui import QTextCursor, QWheelEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLineEdit,
    QMenu,
    QScrollArea,
    QWidget,
)
from pytestqt.exceptions import TimeoutError
from pytestqt.qtbot import QtBot
from shared_data import MISSING_REASON, SANCTIONS, SHARED

from osint_desk.core.text import index_to_utf16, qt_text_to_python
from osint_desk.ui.card_view import EntityCardView
from osint_desk.ui.main_window import MainWindow
from osint_desk.ui.reader import SourceReader
from osint_desk.ui.settings import AppSettings
from osint_desk.ui.widgets.card_picker import CardPicker

ARTICLE = SHARED / "corpus" / "articles" / "kirby-dprk-wagner.txt"
UN_LIST = SANCTIONS / "un_consolidated_2026-02-27.xml"
SDN_2019 = SANCTIONS / "ofac_sdn_csv_full_2019"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (ARTICLE.is_file() and UN_LIST.is_file() and SDN_2019.is_dir()),
                       reason=MISSING_REASON),
]

LEFT = Qt.MouseButton.LeftButton
CTRL = Qt.KeyboardModifier.ControlModifier
NO_KEY = Qt.KeyboardModifier.NoModifier
WAIT_MS = 180_000  # a list import or the screening of the case, on a slow machine

TITLE = "North Korea delivered weapons to Wagner, White House says"
OUTLET = "Wire copy (outlet not named)"
DELIVERED = "North Korea has delivered weapons to Russia’s private military group Wagner"
TIGHTEN = "John Kirby said the United States will tighten sanctions against Wagner"
CONFIRM = "We can confirm that North Korea completed an initial weapons delivery to Wagner"
DENIAL = ("In a statement carried by KCNA, North Korea’s foreign ministry denied any arms deal"
          " with Russia had taken place, saying the story was “developed by some deceitful"
          " forces for various purposes”.")
UK_AGREES = ("British Foreign Secretary James Cleverly said the UK agreed with the US assessment"
             " that North Korea had delivered weapons to Russia to the Wagner Group in violation"
             " of UN resolutions.")
CONTROLS = "The Wagner Group is controlled by Yevgeny Prigozhin"
QUOTES = (DELIVERED, TIGHTEN, CONFIRM, DENIAL, UK_AGREES, CONTROLS)
# A word inside each excerpt that names no card: clicking it selects the excerpt.
CLICK_WORD = {DELIVERED: "delivered", TIGHTEN: "tighten", CONFIRM: "initial",
              DENIAL: "deceitful", UK_AGREES: "assessment", CONTROLS: "controlled"}

W = TypeVar("W", bound=QWidget)


# -- reading what the window shows ---------------------------------------------------------------

def plain(text: str) -> str:
    return text.replace("&", "")


def shown(kind: type[W], parent: QWidget | None = None) -> W:
    """The one visible widget of ``kind`` (a dialog may linger hidden until deleted)."""
    pool = parent.findChildren(kind) if parent is not None else QApplication.topLevelWidgets()
    found = [w for w in pool if isinstance(w, kind) and w.isVisible()]
    assert len(found) == 1, (kind.__name__, found)
    return found[0]


def norm(value: str) -> str:
    """PDF text compared without whitespace, NFKC (as tests/ui/test_report_documents.py)."""
    value = unicodedata.normalize("NFKC", value).replace("\u00ad", "")
    return re.sub(r"\s+", "", value)


# -- the mouse and the keyboard ------------------------------------------------------------------

def press(qtbot: QtBot, key: Qt.Key, modifiers: Qt.KeyboardModifier = NO_KEY) -> QWidget:
    """A key as the keyboard delivers it: to whatever widget has the focus."""
    focused = QApplication.focusWidget()
    assert focused is not None, "no widget has the keyboard focus (is the window active?)"
    qtbot.keyClick(focused, key, modifiers)
    return focused


def activate(qtbot: QtBot, window: QWidget) -> None:
    """Wait for a window to be active. A new dialog is activated by Qt itself; giving the
    activation back to the main window when a dialog closes is the window manager's job, and
    Xvfb (like offscreen) has none, so it is asked for as a window manager would."""
    qtbot.waitExposed(window)
    try:
        qtbot.waitUntil(window.isActiveWindow, timeout=400)
    except TimeoutError:
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)


def click(qtbot: QtBot, widget: QWidget, pos: QPoint | None = None) -> None:
    qtbot.mouseClick(widget, LEFT, pos=pos if pos is not None else widget.rect().center())


def click_button(qtbot: QtBot, button: QAbstractButton) -> None:
    assert button.isVisible() and button.isEnabled(), button.text()
    click(qtbot, button)


def type_into(qtbot: QtBot, field: QLineEdit, text: str) -> None:
    """Click into a field, select what it holds and type over it."""
    click(qtbot, field)
    qtbot.waitUntil(field.hasFocus)
    qtbot.keyClick(field, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(field, text)


def wheel(widget: QWidget, notches: int) -> None:
    """Turn the mouse wheel over ``widget``: positive scrolls up, negative down."""
    at = QPointF(widget.rect().center())
    event = QWheelEvent(at, QPointF(widget.mapToGlobal(at.toPoint())), QPoint(0, 0),
                        QPoint(0, 120 * notches), Qt.MouseButton.NoButton, NO_KEY,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def scroll_until_seen(qtbot: QtBot, viewport: QWidget, rect: Callable[[], QRect]) -> None:
    """Wheel ``viewport`` until ``rect()`` (in its coordinates) is inside it, top to bottom."""
    for _turn in range(200):
        where, room = rect(), viewport.rect()
        if where.top() >= room.top() and where.bottom() <= room.bottom():
            return
        wheel(viewport, -1 if where.bottom() > room.bottom() else 1)
        qtbot.wait(5)
    raise AssertionError("scrolled 200 notches and the target never came into view")


def reveal(qtbot: QtBot, area: QScrollArea, widget: QWidget) -> None:
    """Scroll a page (inspector, card) with the wheel until ``widget`` is in view."""
    viewport = area.viewport()
    scroll_until_seen(qtbot, viewport, lambda: QRect(widget.mapTo(viewport, QPoint(0, 0)),
                                                     widget.size()))


def click_menu(qtbot: QtBot, window: MainWindow, menu_title: str, item: str) -> None:
    """Open a menu of the menu bar with the mouse and click one of its items."""
    bar = window.menuBar()
    top = next(a for a in bar.actions() if plain(a.text()) == menu_title)
    click(qtbot, bar, bar.actionGeometry(top).center())
    menu = top.menu()
    assert isinstance(menu, QMenu)
    qtbot.waitUntil(menu.isVisible)
    entry = next(a for a in menu.actions() if plain(a.text()) == item)
    assert entry.isEnabled(), f"{menu_title} → {item} is disabled"
    click(qtbot, menu, menu.actionGeometry(entry).center())
    popup_closed(qtbot, menu, window)


def popup_closed(qtbot: QtBot, popup: QWidget, owner: QWidget) -> None:
    """Wait for a popup (menu, completion or combo list) to close, and for its window to
    be active again.

    The offscreen platform can leave a closed popup the active window (its "the focus is
    in the popup" notice arrives after the popup is gone), so the keyboard goes nowhere; a
    desktop, and xcb, give the activation back to the window the popup belongs to."""
    qtbot.waitUntil(lambda: not popup.isVisible())
    qtbot.wait(20)  # the platform's (queued) word on which window is active
    if QApplication.activeWindow() in (None, popup, popup.window()):
        owner.window().activateWindow()
        qtbot.waitUntil(owner.window().isActiveWindow)


def while_modal(qtbot: QtBot, kind: type[W], open_it: Callable[[], None],
                fill: Callable[[W], None]) -> None:
    """Run ``open_it`` (a click that opens ``kind`` with ``exec()``, so the click returns only
    once the dialog is closed) and drive the dialog with ``fill`` from its own event loop."""
    outcome: list[BaseException | None] = []
    deadline = time.monotonic() + 20

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind) or not dialog.isVisible():
            if time.monotonic() < deadline:
                QTimer.singleShot(20, poll)
            else:
                outcome.append(AssertionError(f"no {kind.__name__} opened"))
            return
        try:
            activate(qtbot, dialog)
            fill(dialog)
        except BaseException as exc:  # raised again below, outside Qt's event loop
            outcome.append(exc)
            if isinstance(dialog, QDialog) and dialog.isVisible():
                dialog.reject()
        else:
            outcome.append(None)

    QTimer.singleShot(0, poll)
    open_it()
    qtbot.waitUntil(lambda: bool(outcome), timeout=25_000)
    if outcome[0] is not None:
        raise outcome[0]


def choose_in_popup(qtbot: QtBot, combo: QComboBox, data: Any) -> None:
    """Open a combo box's list with the mouse and click the item holding ``data``."""
    row = combo.findData(data)
    assert row >= 0, data
    click(qtbot, combo)
    view = combo.view()
    qtbot.waitUntil(view.isVisible)
    qtbot.wait(QApplication.doubleClickInterval() + 50)  # a release at once would be ignored
    index = combo.model().index(row, 0)
    scroll_until_seen(qtbot, view.viewport(), lambda: view.visualRect(index))
    click(qtbot, view.viewport(), view.visualRect(index).center())
    popup_closed(qtbot, view, combo)
    assert combo.currentData() == data


def click_row(qtbot: QtBot, view: QAbstractItemView, index: Any) -> None:
    """Scroll a list or table with the wheel to the row, and click it."""
    viewport = view.viewport()
    scroll_until_seen(qtbot, viewport, lambda: view.visualRect(index))
    click(qtbot, viewport, view.visualRect(index).center())
    qtbot.waitUntil(lambda: view.currentIndex() == index)


def answer_picker(qtbot: QtBot, picker: CardPicker, key: Qt.Key) -> None:
    """A key as the keyboard delivers it: to the completion list while it is open."""
    popup = picker.popup()
    qtbot.keyClick(popup if popup.isVisible() else picker, key)


def new_card(qtbot: QtBot, picker: CardPicker, name: str, schema: str | None = None,
             *, guessed: str | None = None) -> None:
    """Type a name no card has, press Enter, and choose the card's type in the menu that
    opens: by clicking ``schema``, or with Enter on the type it guessed (``guessed``)."""
    type_into(qtbot, picker, name)
    answer_picker(qtbot, picker, Qt.Key.Key_Return)
    menu = picker.type_menu
    assert menu is not None, f"Enter on “{name}” offered no new card"
    qtbot.waitUntil(menu.isVisible)
    assert name in menu.actions()[0].text()
    if guessed is not None:
        active = menu.activeAction()
        assert active is not None and active.data() == guessed, menu.actions()[0].text()
        qtbot.keyClick(menu, Qt.Key.Key_Return)
    else:
        action = next(a for a in menu.actions() if a.data() == schema)
        click(qtbot, menu, menu.actionGeometry(action).center())
    popup_closed(qtbot, menu, picker)


def existing_card(qtbot: QtBot, picker: CardPicker, typed: str, name: str) -> None:
    """Type part of a card's name, go down to it in the completion list and press Enter."""
    type_into(qtbot, picker, typed)
    popup = picker.popup()
    qtbot.waitUntil(popup.isVisible)
    model = popup.model()
    row = next(r for r in range(model.rowCount())
               if str(model.index(r, 0).data()).startswith(f"{name} — "))
    for _step in range(row + 1):
        qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    popup_closed(qtbot, popup, picker)


# -- the reader: selecting words with the mouse ---------------------------------------------------

def char_point(reader: SourceReader, index: int, *, after: bool = False) -> QPoint:
    """A viewport point just inside the character at Python ``index`` (or just before it)."""
    assert reader.source is not None
    cursor = QTextCursor(reader.view.document())
    cursor.setPosition(index_to_utf16(reader.source.text, index))
    rect = reader.view.cursorRect(cursor)
    return QPoint(rect.left() - 1 if after else rect.left() + 1, rect.center().y())


def scroll_text_to(qtbot: QtBot, reader: SourceReader, start: int, end: int) -> None:
    """Wheel the text until ``text[start:end]`` is on screen."""
    qtbot.wait(30)  # a message shown above the text may still be moving it down

    def span() -> QRect:
        first, last = char_point(reader, start), char_point(reader, end, after=True)
        return QRect(QPoint(0, min(first.y(), last.y()) - 10),
                     QPoint(1, max(first.y(), last.y()) + 10))

    scroll_until_seen(qtbot, reader.view.viewport(), span)


def drag_select(qtbot: QtBot, reader: SourceReader, quote: str) -> None:
    """Press on the quote's first character, move in steps, release on its last."""
    assert reader.source is not None
    start = reader.source.text.index(quote)
    end = start + len(quote)
    scroll_text_to(qtbot, reader, start, end)
    viewport = reader.view.viewport()
    first, last = char_point(reader, start), char_point(reader, end, after=True)
    qtbot.mousePress(viewport, LEFT, pos=first)
    for step in range(1, 9):
        qtbot.mouseMove(viewport, first + (last - first) * (step / 8))
    qtbot.mouseRelease(viewport, LEFT, pos=last)
    assert qt_text_to_python(reader.view.textCursor().selectedText()) == quote


def click_excerpt(qtbot: QtBot, window: MainWindow, reader: SourceReader, quote: str) -> None:
    """Click a word of an excerpt in the text: the inspector shows that excerpt."""
    assert reader.source is not None and window.session is not None
    text = reader.source.text
    start = text.index(quote)
    word = text.index(CLICK_WORD[quote], start)
    scroll_text_to(qtbot, reader, word, word + 3)
    with qtbot.waitSignal(reader.excerpt_selected, timeout=3000) as selected:
        click(qtbot, reader.view.viewport(), char_point(reader, word + 2))
    excerpt = window.session.store.excerpts.get(selected.args[0])
    assert excerpt.quote == quote
    qtbot.waitUntil(lambda: window.inspector.excerpt_id == excerpt.id)


def open_from_navigator(qtbot: QtBot, window: MainWindow, entity_id: str) -> EntityCardView:
    """Entity cards in the navigator: the card's row, Enter; its tab opens in front."""
    navigator = window.navigator
    header = next(b for b in navigator.toolbox.findChildren(QAbstractButton)
                  if b.text().startswith("Entity cards"))
    click(qtbot, header)
    tree = navigator.section("entity").view
    qtbot.waitUntil(tree.isVisible)
    model = navigator.entities_model
    qtbot.waitUntil(lambda: model.index_of(entity_id).isValid())
    click_row(qtbot, tree, model.index_of(entity_id))
    press(qtbot, Qt.Key.Key_Return)

    def in_front() -> bool:
        card = window.tabs.current_card()
        return card is not None and card.entity_id == entity_id

    qtbot.waitUntil(in_front)
    card = window.tabs.current_card()
    assert card is not None
    return card


# -- the test -------------------------------------------------------------------------------------

def test_the_walkthrough_by_mouse_and_keyboard(qtbot: QtBot, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    window = MainWindow(AppSettings(tmp_path / "settings.ini"),
                        library_path=tmp_path / "lists.sqlite")
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    activate(qtbot, window)
    try:
        _walkthrough(qtbot, window, tmp_path, monkeypatch)
    finally:
        window.close()


def _walkthrough(qtbot: QtBot, window: MainWindow, tmp_path: Path,
                 monkeypatch: pytest.MonkeyPatch) -> None:
    from osint_desk.ui.dialogs import NewCaseDialog

    # 1. File → New case: a title, the file in tmp_path; OK opens the empty case.
    case_path = tmp_path / "kirby-walkthrough.osintcase"

    def fill_new_case(dialog: NewCaseDialog) -> None:
        type_into(qtbot, dialog.title, "Kirby: DPRK arms for Wagner")
        type_into(qtbot, dialog.path, str(case_path))
        buttons = dialog.findChild(QDialogButtonBox)
        assert buttons is not None
        click_button(qtbot, buttons.button(QDialogButtonBox.StandardButton.Ok))

    while_modal(qtbot, NewCaseDialog,
                lambda: click_menu(qtbot, window, "File", "New case…"), fill_new_case)
    session = window.session
    assert session is not None and session.store.path == case_path
    store = session.store
    assert store.sources.list() == [] and store.entities.list() == []
    activate(qtbot, window)

    #    File → Import sources: the seed article, copied where a user keeps downloads.
    article = tmp_path / ARTICLE.name
    shutil.copyfile(ARTICLE, article)
    asked: list[str] = []

    def open_file_names(_parent: Any, caption: str, *_args: Any) -> tuple[list[str], str]:
        asked.append(caption)
        return [str(article)], ""

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", open_file_names)
    importer = window.importer
    assert importer is not None
    with qtbot.waitSignal(importer.finished, timeout=WAIT_MS) as imported:
        click_menu(qtbot, window, "File", "Import sources…")
    assert asked == ["Import sources"]
    assert imported.args[0] == "Imported 1 source", imported.args
    [source] = store.sources.list()

    # 2. Open the source from the navigator: the Sources header, the row, Enter.
    navigator = window.navigator
    sources = navigator.section("source")
    header = next(b for b in navigator.toolbox.findChildren(QAbstractButton)
                  if b.text().startswith("Sources"))
    click(qtbot, header)
    qtbot.waitUntil(lambda: sources.view.isVisible() and sources.model.rowCount() == 1)
    click_row(qtbot, sources.view, sources.model.index(0, 0))
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(window.tabs.currentWidget(), SourceReader))
    reader = window.tabs.currentWidget()
    assert isinstance(reader, SourceReader) and reader.source_id == source.id
    qtbot.waitExposed(reader.view)

    #    Source properties, from the reader's header: title, outlet, date, reliability B.
    from osint_desk.ui.source_properties import SourcePropertiesDialog

    click_button(qtbot, reader.header.edit_button)
    dialog = shown(SourcePropertiesDialog, reader)
    activate(qtbot, dialog)
    type_into(qtbot, dialog.lines["title"], TITLE)
    type_into(qtbot, dialog.lines["outlet"], OUTLET)
    type_into(qtbot, dialog.lines["published"], "2022-12-22")
    assert dialog.hints["published"].text() == "Read as the day 2022-12-22 (no time)"
    choose_in_popup(qtbot, dialog.reliability, "B")
    assert dialog.ok_button is not None
    click_button(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    edited = store.sources.get(source.id)
    assert (edited.title, edited.outlet, edited.published, edited.reliability) == (
        TITLE, OUTLET, "2022-12-22", "B")
    assert edited.text == source.text and edited.text_sha256 == source.text_sha256
    qtbot.waitUntil(lambda: reader.header.title.text() == TITLE)
    activate(qtbot, window)

    # 3. Six excerpts: drag over the words, Ctrl+E (on X11 also the text view's End key).
    for quote in QUOTES:
        drag_select(qtbot, reader, quote)
        assert QApplication.focusWidget() is reader.view
        with qtbot.waitSignal(reader.excerpt_created, timeout=3000):
            press(qtbot, Qt.Key.Key_E, CTRL)
    assert sorted(e.quote for e in store.excerpts.for_source(source.id)) == sorted(QUOTES)
    excerpt_of = {e.quote: e.id for e in store.excerpts.for_source(source.id)}

    # 4. The inspector, for each excerpt chosen by clicking it in the text.
    inspector = window.inspector
    form = inspector.form
    area = inspector.scroll_area

    def grade(credibility: int, stance: str) -> None:
        reveal(qtbot, area, form.credibility)
        choose_in_popup(qtbot, form.credibility, credibility)
        reveal(qtbot, area, form.stance)
        choose_in_popup(qtbot, form.stance, stance)

    def on_field(picker: CardPicker) -> CardPicker:
        reveal(qtbot, area, picker)
        return picker

    def linked_names(quote: str) -> set[str]:
        ids = store.excerpts.entity_ids(excerpt_of[quote])
        return {store.entities.get(i).name for i in ids}

    # “North Korea has delivered…”: John Kirby (a new Person) at the White House briefing
    # (a new Event); North Korea (a new public body: the guess says so) and Wagner Group.
    click_excerpt(qtbot, window, reader, DELIVERED)
    grade(2, "asserts")
    new_card(qtbot, on_field(form.speaker), "John Kirby", "Person")
    new_card(qtbot, on_field(form.channel), "White House briefing", "Event")
    new_card(qtbot, on_field(form.link_picker), "North Korea", guessed="PublicBody")
    new_card(qtbot, on_field(form.link_picker), "Wagner Group", "Organization")
    assert linked_names(DELIVERED) == {"North Korea", "Wagner Group"}

    # “John Kirby said…” and “We can confirm…”: the same speaker and channel, now cards.
    for quote, links in ((TIGHTEN, ("Wagner Group",)),
                         (CONFIRM, ("North Korea", "Wagner Group"))):
        click_excerpt(qtbot, window, reader, quote)
        grade(2, "asserts")
        existing_card(qtbot, on_field(form.speaker), "Kirby", "John Kirby")
        existing_card(qtbot, on_field(form.channel), "briefing", "White House briefing")
        for name in links:
            existing_card(qtbot, on_field(form.link_picker), name.split()[0], name)
        assert linked_names(quote) == set(links)

    # The denial: North Korea's foreign ministry (a public body), via KCNA (an organisation).
    click_excerpt(qtbot, window, reader, DENIAL)
    grade(4, "denies")
    new_card(qtbot, on_field(form.speaker), "North Korean Ministry of Foreign Affairs",
             "PublicBody")
    new_card(qtbot, on_field(form.channel), "KCNA", "Organization")
    existing_card(qtbot, on_field(form.link_picker), "North Korea", "North Korea")
    assert linked_names(DENIAL) == {"North Korea"}

    # The UK agrees: James Cleverly confirms.
    click_excerpt(qtbot, window, reader, UK_AGREES)
    grade(2, "confirms")
    new_card(qtbot, on_field(form.speaker), "James Cleverly", "Person")
    existing_card(qtbot, on_field(form.link_picker), "North", "North Korea")
    existing_card(qtbot, on_field(form.link_picker), "Wagner", "Wagner Group")

    # The article itself reports who controls Wagner: Yevgeny Prigozhin, a new Person.
    click_excerpt(qtbot, window, reader, CONTROLS)
    grade(2, "reports")
    existing_card(qtbot, on_field(form.link_picker), "Wagner", "Wagner Group")
    new_card(qtbot, on_field(form.link_picker), "Yevgeny Prigozhin", "Person")
    assert linked_names(CONTROLS) == {"Wagner Group", "Yevgeny Prigozhin"}

    cards = {e.name: e for e in store.entities.list()}
    assert {name: card.type for name, card in cards.items()} == {
        "John Kirby": "Person", "White House briefing": "Event", "North Korea": "PublicBody",
        "Wagner Group": "Organization", "North Korean Ministry of Foreign Affairs": "PublicBody",
        "KCNA": "Organization", "James Cleverly": "Person", "Yevgeny Prigozhin": "Person"}
    voices = {e.quote: (e.speaker_id, e.channel_id, e.stance, e.credibility)
              for e in store.excerpts.for_source(source.id)}
    kirby, briefing = cards["John Kirby"].id, cards["White House briefing"].id
    assert voices == {
        DELIVERED: (kirby, briefing, "asserts", 2), TIGHTEN: (kirby, briefing, "asserts", 2),
        CONFIRM: (kirby, briefing, "asserts", 2),
        DENIAL: (cards["North Korean Ministry of Foreign Affairs"].id, cards["KCNA"].id,
                 "denies", 4),
        UK_AGREES: (cards["James Cleverly"].id, None, "confirms", 2),
        CONTROLS: (None, None, "reports", 2)}

    # 5. The card of North Korea (from the navigator), and a relationship with evidence.
    from osint_desk.ui.relationship_dialog import RelationshipDialog

    north_korea = cards["North Korea"]
    card_view = open_from_navigator(qtbot, window, north_korea.id)
    reveal(qtbot, card_view.scroll_area, card_view.page.add_relationship)
    click_button(qtbot, card_view.page.add_relationship)
    relation = card_view.dialog
    assert isinstance(relation, RelationshipDialog)
    activate(qtbot, relation)
    predicate = relation.predicate.lineEdit()
    assert predicate is not None
    type_into(qtbot, predicate, "supplied")
    existing_card(qtbot, relation.other, "Wagner", "Wagner Group")
    qtbot.waitUntil(lambda: relation.reads.text() == "North Korea supplied Wagner Group")
    type_into(qtbot, relation.start, "2022-11")
    spin = relation.spin.findChild(QLineEdit)
    assert spin is not None
    type_into(qtbot, spin, "75")
    assert relation.words.text() == "likely"
    evidence = relation.evidence
    for words in ("We can confirm", "deceitful forces"):
        type_into(qtbot, evidence.search, words)
        qtbot.waitUntil(lambda: evidence.model.rowCount() > 0)
        click_row(qtbot, evidence.results, evidence.model.index(0, 0))
        click_button(qtbot, evidence.add_button)
    assert list(evidence.rows) == [excerpt_of[CONFIRM], excerpt_of[DENIAL]]
    choose_in_popup(qtbot, evidence.rows[excerpt_of[DENIAL]].role, "contradicts")
    click_button(qtbot, relation.buttons.button(QDialogButtonBox.StandardButton.Ok))
    qtbot.waitUntil(lambda: not relation.isVisible())
    [supplied] = store.relationships.of_entity(north_korea.id)
    assert (supplied.predicate, supplied.object_id, supplied.start, supplied.confidence) == (
        "supplied", cards["Wagner Group"].id, "2022-11", 75)
    assert {(e.excerpt_id, e.role) for e in supplied.evidence} == {
        (excerpt_of[CONFIRM], "supports"), (excerpt_of[DENIAL], "contradicts")}
    activate(qtbot, window)

    # 6. Tools → Sanctions lists: the UN list (a file), then the SDN 2019 CSV set (a folder).
    from osint_desk.ui.lists.dialog import SanctionsListsDialog

    click_menu(qtbot, window, "Tools", "Sanctions lists…")
    lists = shown(SanctionsListsDialog)
    activate(qtbot, lists)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        lambda *_args: ([str(UN_LIST)], ""))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_args: str(SDN_2019))
    for button in (lists.import_files_button, lists.import_folder_button):
        with qtbot.waitSignal(lists.lists_changed, timeout=WAIT_MS):
            click_button(qtbot, button)
        qtbot.waitUntil(lambda: not lists.running)
    assert lists.model.rowCount() == 2, lists.status.text()
    click_button(qtbot, lists.close_button)
    qtbot.waitUntil(lambda: not lists.isVisible())
    activate(qtbot, window)

    # 7. Tools → Screen the whole case; confirm Prigozhin's SDN entry 21171.
    from osint_desk.ui.screening.view import ScreeningView

    screening = window.tools.screening
    assert screening is not None
    with qtbot.waitSignal(screening.finished, timeout=WAIT_MS):
        click_menu(qtbot, window, "Tools", "Screen the whole case")
    qtbot.waitUntil(lambda: isinstance(window.tabs.currentWidget(), ScreeningView))
    results = window.tabs.currentWidget()
    assert isinstance(results, ScreeningView)
    activate(qtbot, window)
    hits = results.hits_model
    prigozhin = cards["Yevgeny Prigozhin"]
    row = next(r for r in range(hits.rowCount())
               if hits.index(r, 1).data() == "Yevgeny Prigozhin"
               and hits.index(r, 4).data() == "21171")
    assert hits.index(row, 5).data() == "PRIGOZHIN, Yevgeniy Viktorovich"
    click_row(qtbot, results.hits, hits.index(row, 1))
    selected = results.selected_hit()
    assert selected is not None and selected.entity_id == prigozhin.id
    click_button(qtbot, results.confirm_button)
    [record] = store.sanctions.of_entity(prigozhin.id)
    assert (record.authority, record.entry_ref) == ("OFAC", "21171")
    card = open_from_navigator(qtbot, window, prigozhin.id)  # the record is on the card
    qtbot.waitUntil(lambda: card.page.sanctions_model.rowCount() == 1)
    assert card.page.sanctions_model.item(0, 1).text() == "21171"

    # 8. File → Export report…: PDF (the first format), saved in tmp_path.
    from osint_desk.ui.export.report_dialog import ExportReportDialog

    out = tmp_path / "kirby-report.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args: (str(out), ""))
    click_menu(qtbot, window, "File", "Export report…")
    export = shown(ExportReportDialog, window)
    activate(qtbot, export)
    assert export.fmt() == "pdf"
    click_button(qtbot, export.browse)
    assert export.destination.text() == str(out)
    click_button(qtbot, export.export_button)
    qtbot.waitUntil(lambda: export.task is None, timeout=WAIT_MS)
    assert export.status.text() == f"Wrote {out}", export.error.text()
    close = export.buttons.button(QDialogButtonBox.StandardButton.Close)
    click_button(qtbot, close)
    qtbot.waitUntil(lambda: not export.isVisible())

    text = "".join(norm(page.extract_text()) for page in PdfReader(out).pages)
    assert norm(TITLE) in text
    notes = text[text.rindex("Notes1."):]
    assert norm("John Kirby (asserts), via White House briefing: “North Korea has delivered"
                ) in notes
    assert norm("North Korean Ministry of Foreign Affairs (denies), via KCNA: “In a statement"
                " carried by KCNA") in notes
    assert norm("James Cleverly (confirms): “British Foreign Secretary") in notes
    assert norm("Grade B2 (usually reliable source; probably true)") in notes
    assert norm("Grade B4 (usually reliable source; doubtful)") in notes
    for quote in QUOTES:  # each quote is one note, cited wherever it is used
        assert notes.count(norm(f"“{quote}”")) == 1, quote
