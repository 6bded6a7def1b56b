"""Layouts at 1280×800 (and 1920×1080): the excerpt dock only when it has something to show,
table columns as wide as their names and dates, a toolbar that keeps still, and a message
bar that never moves the text under the mouse."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QStyle, QTableView, QToolBar
from pytestqt.qtbot import QtBot
from shared_data import MISSING_REASON, SANCTIONS

from osint_desk.ui.card_view import EntityCardView
from osint_desk.ui.main_window import MainWindow
from osint_desk.ui.reader import SourceReader
from osint_desk.ui.settings import AppSettings

DISPLAY = Qt.ItemDataRole.DisplayRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole


def open_window(qtbot: QtBot, tmp_path: Path, demo_path: Path, size: tuple[int, int],
                library: Path | None = None) -> MainWindow:
    window = MainWindow(AppSettings(tmp_path / "settings.ini"), demo_path=demo_path,
                        library_path=library)
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    assert window.open_case(demo_path)
    return window


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, demo_path: Path) -> Iterator[MainWindow]:
    main = open_window(qtbot, tmp_path, demo_path, (1280, 800))
    yield main
    main.close()


def settle(qtbot: QtBot) -> None:
    """Let the main window lay out its docks (they move on the next turns of the loop)."""
    for _ in range(3):
        QApplication.processEvents()
    qtbot.wait(20)


def first_excerpt(window: MainWindow) -> tuple[str, str]:
    assert window.session is not None
    store = window.session.store
    source = store.sources.list()[0]
    return source.id, store.excerpts.for_source(source.id)[0].id


def open_card(window: MainWindow, name: str) -> EntityCardView:
    assert window.session is not None
    card = window.tabs.open_card(window.session.store.entities.resolve(name).id)
    assert isinstance(card, EntityCardView)
    return card


# -- the excerpt dock ----------------------------------------------------------------------------

def test_excerpt_dock_is_hidden_until_an_excerpt_is_selected(qtbot: QtBot,
                                                             window: MainWindow) -> None:
    inspector = window.inspector
    assert not inspector.isVisible()  # a case just opened: nothing to inspect
    source_id, excerpt_id = first_excerpt(window)
    reader = window.tabs.open_source(source_id)
    assert isinstance(reader, SourceReader)
    settle(qtbot)
    assert not inspector.isVisible()  # reading, nothing selected: the text has the width
    wide = reader.view.width()
    window.tabs.show_excerpt(excerpt_id)
    settle(qtbot)
    assert inspector.isVisible() and inspector.excerpt_id == excerpt_id
    assert reader.view.width() < wide
    # A card tab has no use for it; back on the source it comes back with its excerpt.
    open_card(window, "Wagner Group")
    settle(qtbot)
    assert not inspector.isVisible()
    window.tabs.setCurrentWidget(reader)
    settle(qtbot)
    assert inspector.isVisible() and inspector.excerpt_id == excerpt_id
    # The screening tab neither.
    window.tabs.open_screening()
    settle(qtbot)
    assert not inspector.isVisible()


def test_excerpt_dock_keeps_the_width_the_user_gave_it(qtbot: QtBot,
                                                       window: MainWindow) -> None:
    source_id, excerpt_id = first_excerpt(window)
    reader = window.tabs.open_source(source_id)
    assert reader is not None
    window.tabs.show_excerpt(excerpt_id)
    settle(qtbot)
    first = window.inspector.width()
    window.resizeDocks([window.inspector], [first - 60], Qt.Orientation.Horizontal)
    settle(qtbot)
    chosen = window.inspector.width()
    assert abs(chosen - (first - 60)) <= 8
    open_card(window, "Wagner Group")
    settle(qtbot)
    assert not window.inspector.isVisible()
    window.tabs.setCurrentWidget(reader)
    settle(qtbot)
    assert window.inspector.isVisible() and window.inspector.width() == chosen


def test_a_dock_the_user_closed_stays_closed_until_asked_for(qtbot: QtBot,
                                                             window: MainWindow) -> None:
    source_id, excerpt_id = first_excerpt(window)
    reader = window.tabs.open_source(source_id)
    assert reader is not None
    window.tabs.show_excerpt(excerpt_id)
    settle(qtbot)
    toggle = window.inspector.toggleViewAction()
    assert window.inspector.isVisible() and toggle.isChecked()
    window.inspector.close()  # its ✕
    settle(qtbot)
    assert not window.inspector.isVisible() and not toggle.isChecked()
    open_card(window, "Wagner Group")
    window.tabs.setCurrentWidget(reader)
    window.tabs.show_excerpt(excerpt_id)
    settle(qtbot)
    assert not window.inspector.isVisible()
    toggle.trigger()  # View → Excerpt
    settle(qtbot)
    assert window.inspector.isVisible()


# -- card tables ---------------------------------------------------------------------------------

def cell_margin(table: QTableView) -> int:
    return table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1


def elided_cells(table: QTableView, columns: list[int]) -> list[str]:
    """Cells of ``columns`` whose text is wider than the column leaves for it."""
    model, metrics = table.model(), table.fontMetrics()
    cut = []
    for row in range(model.rowCount()):
        for column in columns:
            text = str(model.index(row, column).data(DISPLAY) or "")
            needed = metrics.horizontalAdvance(text) + 2 * cell_margin(table)
            if text and needed > table.columnWidth(column):
                cut.append(f"{text!r} needs {needed} px, column {column} has"
                           f" {table.columnWidth(column)}")
    return cut


def tooltips_missing(table: QTableView) -> list[str]:
    """Cells whose tooltip does not hold their whole text."""
    model = table.model()
    return [str(model.index(r, c).data(DISPLAY))
            for r in range(model.rowCount()) for c in range(model.columnCount())
            if str(model.index(r, c).data(DISPLAY) or "")
            not in str(model.index(r, c).data(TOOLTIP) or "")]


@pytest.mark.parametrize("name", ["Wagner Group", "Yevgeny Prigozhin", "North Korea"])
def test_card_tables_show_names_and_dates_whole_at_1280(qtbot: QtBot, window: MainWindow,
                                                        name: str) -> None:
    card = open_card(window, name)
    settle(qtbot)
    page = card.page
    # Alias, kind, script, language; every column but the evidence summary; every column
    # but the list's provenance.
    for table, columns in ((page.aliases.table, [0, 1, 2, 3]),
                           (page.relationships, [0, 1, 2, 3, 4]),
                           (page.sanctions, [0, 1, 2, 3, 4])):
        if not table.isVisible():  # a card without sanctions records shows a hint instead
            assert table is page.sanctions and page.no_sanctions.isVisible()
            continue
        assert elided_cells(table, columns) == []
        assert tooltips_missing(table) == []
        # Nothing hidden to the right: the page scrolls before a table does.
        assert table.horizontalHeader().length() <= table.viewport().width()


def test_card_tables_fill_their_width_at_1920(qtbot: QtBot, tmp_path: Path,
                                              demo_path: Path) -> None:
    window = open_window(qtbot, tmp_path, demo_path, (1920, 1080))
    card = open_card(window, "Wagner Group")
    settle(qtbot)
    table = card.page.relationships
    assert elided_cells(table, [0, 1, 2, 3, 4, 5]) == []
    # The evidence summary takes what is left, so the rows reach the table's right edge.
    assert table.horizontalHeader().length() == table.viewport().width()
    window.close()


def test_relationship_evidence_tooltip_says_it_all(qtbot: QtBot, window: MainWindow) -> None:
    page = open_card(window, "Wagner Group").page
    model = page.relationships_model
    tips = [str(model.index(row, 5).data(TOOLTIP)) for row in range(model.rowCount())]
    assert any("supporting" in tip and "evidence excerpt" in tip for tip in tips)


@pytest.mark.skipif(not SANCTIONS.is_dir(), reason=MISSING_REASON)
def test_screening_table_shows_the_matched_names_at_1280(qtbot: QtBot, tmp_path: Path,
                                                         demo_path: Path) -> None:
    from osint_desk.core.case_screening import screen_case
    from osint_desk.core.sanctions.library import ListLibrary
    from osint_desk.core.store import CaseStore

    library_path = tmp_path / "lists.sqlite"
    with ListLibrary(library_path) as library:
        library.import_files([SANCTIONS / "ofac_sdn_csv_full_2019"])
        with CaseStore.open(demo_path, actor="tester") as store:
            screen_case(store, library)
    window = open_window(qtbot, tmp_path, demo_path, (1280, 800), library_path)
    view = window.tabs.open_screening()
    assert view is not None
    view.filter.setCurrentText("All")
    settle(qtbot)
    table = view.hits
    assert table.model().rowCount() >= 4
    assert elided_cells(table, list(range(7))) == []
    assert table.horizontalHeader().length() <= table.viewport().width()
    assert tooltips_missing(table) == []
    window.close()


def test_navigator_relationships_keep_both_ends(window: MainWindow) -> None:
    view = window.navigator.section("relationship").view
    assert view.textElideMode() == Qt.TextElideMode.ElideMiddle
    model = view.model()
    label = str(model.index(0, 0).data(DISPLAY))
    assert " — " in label and label in str(model.index(0, 0).data(TOOLTIP))


# -- the toolbar ---------------------------------------------------------------------------------

def toolbar_action(window: MainWindow, label: str) -> QAction:
    toolbar = window.findChild(QToolBar, "mainToolbar")
    assert toolbar is not None
    return next(a for a in toolbar.actions() if a.text().replace("&", "").startswith(label))


def test_toolbar_buttons_keep_their_place_after_an_edit(qtbot: QtBot,
                                                        window: MainWindow) -> None:
    toolbar = window.findChild(QToolBar, "mainToolbar")
    assert toolbar is not None
    undo = toolbar.widgetForAction(toolbar_action(window, "Undo"))
    search = toolbar.widgetForAction(toolbar_action(window, "Quick search"))
    before = (undo.width(), search.x())
    assert window.session is not None
    source = window.session.store.sources.list()[0]
    reader = window.tabs.open_source(source.id)
    assert isinstance(reader, SourceReader)
    quote = "Wagner is looking around the world"
    start = source.text.index(quote)
    reader.show_range(start, start + len(quote))
    window.new_excerpt_action.trigger()
    settle(qtbot)
    assert window.undo_action.text() == "&Undo New excerpt"  # the Edit menu names it
    assert (undo.width(), search.x()) == before
    action = toolbar_action(window, "Undo")
    assert action.isEnabled() and "New excerpt" in action.toolTip()
    action.trigger()  # the toolbar's Undo undoes
    assert quote not in [e.quote for e in window.session.store.excerpts.for_source(source.id)]
    redo = toolbar_action(window, "Redo")
    assert redo.isEnabled() and "New excerpt" in redo.toolTip()
    redo.trigger()
    assert quote in [e.quote for e in window.session.store.excerpts.for_source(source.id)]


# -- the reader's message bar --------------------------------------------------------------------

def test_message_bar_does_not_move_the_text(qtbot: QtBot, window: MainWindow) -> None:
    assert window.session is not None
    source = window.session.store.sources.list()[0]
    reader = window.tabs.open_source(source.id)
    assert isinstance(reader, SourceReader)
    settle(qtbot)
    view = reader.view
    top = view.mapTo(reader, QPoint(0, 0)).y()
    first = view.cursorForPosition(QPoint(40, 10)).position()
    reader.show_message("New excerpt: “North Korea completed an initial weapons delivery”")
    settle(qtbot)
    bar = reader.message_bar
    assert bar.isVisible() and "New excerpt" in bar.text()
    assert view.mapTo(reader, QPoint(0, 0)).y() == top
    assert view.cursorForPosition(QPoint(40, 10)).position() == first
    # It lies over the bottom of the text, inside the view.
    assert view.rect().contains(bar.geometry())
    assert bar.geometry().bottom() > view.viewport().geometry().center().y()
    bar.hide()
    assert view.mapTo(reader, QPoint(0, 0)).y() == top


def test_dialogs_fit_in_a_1280_by_800_window(qtbot: QtBot, window: MainWindow) -> None:
    dialog = window.tools.export_report()
    assert dialog is not None
    # Room left around it, so it reads as a dialog over the window (and a title bar fits).
    assert dialog.width() <= window.width() - 40 and dialog.height() <= window.height() - 40
    dialog.close()
