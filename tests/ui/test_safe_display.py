"""Text from a file is shown with visible marks in the window, never obeyed.

A case (and a sanctions list) holds ESC sequences and bidi overrides in names, ids, titles and
source text; models, labels, tab titles and the window title show ``␛`` and ``⇄`` instead,
and the reader's excerpt highlight still sits on the right words.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QTextCursor, QTextFormat
from pytestqt.qtbot import QtBot

from osint_desk.core.case_screening import screen_case
from osint_desk.core.sanctions.library import ListLibrary
from osint_desk.core.store import CaseStore
from osint_desk.core.text import index_to_utf16
from osint_desk.ui.card_view import EntityCardView
from osint_desk.ui.lists.model import ListsTableModel
from osint_desk.ui.main_window import MainWindow
from osint_desk.ui.models import EntitiesModel, RelationshipsModel, SanctionsModel, SourcesModel
from osint_desk.ui.models.card_models import CardExcerptsModel
from osint_desk.ui.models.search_model import SNIPPET_ROLE, SearchResultsModel
from osint_desk.ui.reader import SourceReader
from osint_desk.ui.screening.view import ScreeningView
from osint_desk.ui.session import CaseSession
from osint_desk.ui.settings import AppSettings

RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
ESC_TITLE = "\x1b]0;pwned\x07"
SPOOF = "Invoice\u202eexe.pdf"
NAME = f"Ivan {SPOOF} Petrov"
PERSIAN = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"  # with ZWNJ: must stay as is
TEXT = f"Paid {SPOOF} to Ivan Petrov\x1b[2J in full. {PERSIAN} ends.\n"
DISPLAY = Qt.ItemDataRole.DisplayRole


def _safe(value: object) -> None:
    assert isinstance(value, str)
    assert not RAW.search(value), repr(value)


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.osintcase"
    with CaseStore.create(path, f"Case {ESC_TITLE}{SPOOF}", actor="tester") as store:
        card = store.entities.add("Person", NAME, aliases=[f"Ivan\u2066 Petrov{ESC_TITLE}"])
        org = store.entities.add("Organization", f"Org\x1b[31m{PERSIAN}")
        store.relationships.add(card.id, f"owns{ESC_TITLE}", org.id)
        store.sanctions.add(card.id, f"OFAC{ESC_TITLE}", list_name="SDN\u202e",
                            entry_ref="NK-\x1b[2J1", listed_name=NAME)
        source = store.sources.add(text=TEXT, title=f"Title {SPOOF}{ESC_TITLE}", kind="note",
                                   outlet="Out\u202elet")
        start = TEXT.index("in full")
        store.excerpts.add(source.id, start, start + len("in full"), entity_ids=[card.id])
    return path


@pytest.fixture
def session(hostile: Path, qapp: object) -> Iterator[CaseSession]:
    opened = CaseSession(CaseStore.open(hostile, actor="tester"))
    yield opened
    opened.close()


def _all_display(model: object, parent: QModelIndex | None = None) -> list[object]:
    """Every cell's display text and tooltip, children too."""
    parent = QModelIndex() if parent is None else parent
    try:
        columns = model.columnCount(parent)  # type: ignore[attr-defined]
    except TypeError:  # a list model keeps columnCount private
        columns = 1
    shown: list[object] = []
    for row in range(model.rowCount(parent)):  # type: ignore[attr-defined]
        for column in range(columns):
            index = model.index(row, column, parent)  # type: ignore[attr-defined]
            shown += [index.data(DISPLAY), index.data(Qt.ItemDataRole.ToolTipRole) or ""]
            shown += _all_display(model, index) if column == 0 else []
    return shown


def test_navigator_models_show_marks(session: CaseSession, qtmodeltester: object) -> None:
    for model_type in (EntitiesModel, RelationshipsModel, SanctionsModel, SourcesModel):
        model = model_type(session)
        for row in range(model.rowCount()):  # open the type groups of the cards
            if model.canFetchMore(model.index(row, 0)):
                model.fetchMore(model.index(row, 0))
        qtmodeltester.check(model)  # type: ignore[attr-defined]
        shown = _all_display(model)
        assert shown, model_type
        for value in shown:
            _safe(value)
    entities = EntitiesModel(session)
    for row in range(entities.rowCount()):
        entities.fetchMore(entities.index(row, 0))
    labels = entities.loaded_labels()
    assert "Ivan Invoice\u21c4exe.pdf Petrov" in labels
    assert f"Org\u241b[31m{PERSIAN}" in labels  # ZWNJ kept, ESC marked
    assert entities.contains_name(NAME)


def test_search_and_card_models(session: CaseSession, qtmodeltester: object) -> None:
    results = SearchResultsModel()
    results.set_hits(session.store.search("Petrov"))
    qtmodeltester.check(results)  # type: ignore[attr-defined]
    assert results.rowCount()
    for row in range(results.rowCount()):
        index = results.index(row, 0)
        for role in (DISPLAY, Qt.ItemDataRole.ToolTipRole, SNIPPET_ROLE,
                     Qt.ItemDataRole.AccessibleTextRole):
            _safe(index.data(role))
    card = session.store.entities.resolve(NAME)
    excerpts = CardExcerptsModel(card.id)
    excerpts.show(session, [e for e, _s in session.store.excerpts.ids_of_entity(card.id)])
    assert excerpts.rowCount() == 1
    _safe(excerpts.index(0, 0).data(DISPLAY))
    assert "\u21c4" in excerpts.index(0, 0).data(DISPLAY)


def test_card_view_tables_and_name(session: CaseSession, qtbot: QtBot) -> None:
    card = session.store.entities.resolve(NAME)
    view = EntityCardView(session, card.id)
    qtbot.addWidget(view)
    view.show()
    _safe(view.tab_title())
    assert view.page.name.text() == "Ivan Invoice\u21c4exe.pdf Petrov"
    assert view.page.name.toolTip()  # says the name holds hidden characters
    for model in (view.page.aliases.model, view.page.relationships_model,
                  view.page.sanctions_model):
        shown = _all_display(model)
        assert shown
        for value in shown:
            _safe(value)
    # The name shown with marks is not taken for a rename.
    view.page.name.editingFinished.emit()
    assert session.store.entities.get(card.id).name == NAME


def test_reader_text_header_and_excerpt_offsets(session: CaseSession, qtbot: QtBot) -> None:
    source = session.store.sources.list()[0]
    reader = SourceReader(session, source.id)
    qtbot.addWidget(reader)
    reader.resize(900, 700)
    reader.show()
    qtbot.waitExposed(reader)
    _safe(reader.tab_title())
    _safe(reader.header.title.text())
    _safe(reader.header.values["outlet"].text())
    shown = reader.view.toPlainText()
    _safe(shown)
    assert PERSIAN in shown and "\u21c4" in shown and "\u241b[2J" in shown
    assert reader.view.offsets_ok and reader.view.text == TEXT  # the original is kept
    start = TEXT.index("in full")
    first, last = index_to_utf16(TEXT, start), index_to_utf16(TEXT, start + len("in full"))
    view = reader.view
    tinted = QTextFormat.Property.BackgroundBrush
    assert all(view.format_at(p).hasProperty(tinted) for p in range(first, last))
    assert not view.format_at(first - 2).hasProperty(tinted)
    assert not view.format_at(last).hasProperty(tinted)
    reader.show_range(start, start + len("in full"))
    assert view.textCursor().selectedText() == "in full"


def _hostile_list(folder: Path) -> Path:
    path = folder / f"evil{ESC_TITLE}.targets.simple.csv"
    header = ["id", "schema", "name", "aliases", "birth_date", "countries", "addresses",
              "identifiers", "sanctions", "phones", "emails", "program_ids", "dataset",
              "first_seen", "last_seen", "last_change"]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerow(["NK-\x1b[2J9\x9b1m", "Person", NAME, "", "", "ru", "", "", "", "", "",
                         f"P{ESC_TITLE}", "", "", "", ""])
    return path


def test_lists_and_screening_views(session: CaseSession, qtbot: QtBot, tmp_path: Path,
                                   qtmodeltester: object) -> None:
    with ListLibrary(tmp_path / "lists.sqlite") as library:
        library.import_files([_hostile_list(tmp_path)])
        summaries = library.lists()
        screen_case(session.store, library, threshold=0.5)
    lists = ListsTableModel(summaries)
    qtmodeltester.check(lists)  # type: ignore[attr-defined]
    for value in _all_display(lists):
        _safe(value)
    assert any("\u241b" in str(v) for v in _all_display(lists))
    view = ScreeningView(session)
    qtbot.addWidget(view)
    view.filter.setCurrentText("All")
    assert view.hits_model.rowCount()
    for value in _all_display(view.hits_model):
        _safe(value)
    view.hits.selectRow(0)
    _safe(view.panel.toPlainText())
    assert "NK-\u241b[2J9" in view.panel.toPlainText()


def test_window_title(hostile: Path, qtbot: QtBot, tmp_path: Path) -> None:
    window = MainWindow(AppSettings(tmp_path / "settings.ini"))
    qtbot.addWidget(window)
    window.show()
    assert window.open_case(hostile)
    title = window.windowTitle()
    _safe(title)
    assert title.startswith("Case \u241b]0;pwned\u2407Invoice\u21c4exe.pdf")
    window.close_case()


def test_reader_delete_menu_names_the_excerpt_with_marks(session: CaseSession,
                                                         qtbot: QtBot) -> None:
    source = session.store.sources.list()[0]
    start = TEXT.index("Paid")
    session.store.excerpts.add(source.id, start, start + len(f"Paid {SPOOF}"))
    reader = SourceReader(session, source.id)
    qtbot.addWidget(reader)
    reader.resize(900, 700)
    reader.show()
    qtbot.waitExposed(reader)
    cursor = QTextCursor(reader.view.document())
    cursor.setPosition(index_to_utf16(TEXT, start) + 2)
    reader.prepare_menu(reader.view.cursorRect(cursor).center())
    text = reader.delete_excerpt_action.text()
    _safe(text)
    assert "\u21c4" in text
