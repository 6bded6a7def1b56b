"""Quick search: results as you type, keyboard navigation, escaped snippets."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem, QWidget
from pytestqt.qtbot import QtBot

from osint_desk.core.store.records import SearchHit
from osint_desk.ui.models.search_model import (
    HIGHLIGHTS_ROLE,
    ID_ROLE,
    KIND_ROLE,
    PARENT_ROLE,
    SearchResultsModel,
)
from osint_desk.ui.operations import edits
from osint_desk.ui.quick_search import QuickSearchDialog, SearchHitDelegate, snippet_html
from osint_desk.ui.session import CaseSession


def _dialog(session: CaseSession, qtbot: QtBot) -> QuickSearchDialog:
    dialog = QuickSearchDialog(session)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)  # tests read it after
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    return dialog


def _type(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type any script: QTest.keyClicks only knows ASCII, so other characters go as key
    events carrying their text (as an input method delivers them)."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier,
                                                     char))


def _kinds(dialog: QuickSearchDialog) -> set[str]:
    model = dialog.model
    return {model.index(row).data(KIND_ROLE) for row in range(model.rowCount())}


def test_results_appear_as_you_type_and_enter_opens_the_hit(
        session: CaseSession, qtbot: QtBot) -> None:
    dialog = _dialog(session, qtbot)
    assert dialog.box.accessibleName() and dialog.results.accessibleName()
    qtbot.keyClicks(dialog.box, "Prigozhin")
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0, timeout=2000)
    assert {"entity", "excerpt", "relationship", "sanction"} <= _kinds(dialog)
    assert dialog.box.hasFocus()
    assert dialog.results.currentIndex().row() == 0

    # Move down until the first excerpt: focus stays in the box.
    excerpt_row = next(row for row in range(dialog.model.rowCount())
                       if dialog.model.hit(row).kind == "excerpt")
    for _ in range(excerpt_row):
        qtbot.keyClick(dialog.box, Qt.Key.Key_Down)
    assert dialog.results.currentIndex().row() == excerpt_row
    assert dialog.box.hasFocus() and dialog.box.text() == "Prigozhin"
    hit = dialog.model.hit(excerpt_row)
    with qtbot.waitSignal(dialog.open_hit, timeout=1000) as blocker:
        qtbot.keyClick(dialog.box, Qt.Key.Key_Return)
    assert blocker.args == ["excerpt", hit.id, hit.parent_id]
    excerpt = session.store.excerpts.get(hit.id)
    assert excerpt.source_id == hit.parent_id
    assert not dialog.isVisible()


def test_up_and_down_and_a_card_hit_has_no_parent(session: CaseSession, qtbot: QtBot) -> None:
    dialog = _dialog(session, qtbot)
    qtbot.keyClicks(dialog.box, "Prigozhin")
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 2, timeout=2000)
    qtbot.keyClick(dialog.box, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.box, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.box, Qt.Key.Key_Up)
    assert dialog.results.currentIndex().row() == 1
    assert dialog.box.text() == "Prigozhin"  # the keys did not edit the box


def test_cyrillic_finds_the_card(session: CaseSession, qtbot: QtBot) -> None:
    dialog = _dialog(session, qtbot)
    _type(qtbot, dialog.box, "Пригожин")
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0, timeout=2000)
    card = session.store.entities.resolve("Yevgeny Prigozhin")
    ids = {dialog.model.index(row).data(ID_ROLE) for row in range(dialog.model.rowCount())}
    assert card.id in ids
    with qtbot.waitSignal(dialog.open_hit, timeout=1000) as blocker:
        qtbot.keyClick(dialog.box, Qt.Key.Key_Enter)
    assert blocker.args == ["entity", card.id, ""]


def test_no_results_state_and_escape_closes(session: CaseSession, qtbot: QtBot) -> None:
    dialog = _dialog(session, qtbot)
    for query in ("北朝鮮兵器", "zzqxvbrr"):
        dialog.box.clear()
        _type(qtbot, dialog.box, query)
        qtbot.waitUntil(dialog.no_results, timeout=2000)
        assert dialog.model.rowCount() == 0
        assert dialog.empty.text().startswith("No results")
        assert query in dialog.empty.text()
    qtbot.keyClick(dialog.box, Qt.Key.Key_Return)  # nothing to open: nothing happens
    assert dialog.isVisible()
    qtbot.keyClick(dialog.box, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_model_passes_the_model_tester(session: CaseSession, qtmodeltester: object) -> None:
    model = SearchResultsModel()
    model.set_hits(session.store.search("Wagner"))
    assert model.rowCount() > 5
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    index = model.index(0)
    assert index.data(PARENT_ROLE) == ""
    assert isinstance(index.data(HIGHLIGHTS_ROLE), list)


def test_snippets_are_escaped_never_injected(session: CaseSession, qtbot: QtBot) -> None:
    session.push(edits.new_source(
        session, title="Injected page",
        text="Before <script>alert(1)</script> Prigozhin <img src=http://x/y.png> after."))
    hits = session.store.search("alert Prigozhin")
    assert hits
    hit = hits[0]
    assert "<script>" in hit.snippet
    model = SearchResultsModel()
    model.set_hits([hit])
    option = QStyleOptionViewItem()
    doc = SearchHitDelegate().document(model.index(0), option, 400)
    markup = snippet_html(hit.snippet, hit.highlights)
    assert "<script>" not in markup and "&lt;script&gt;" in markup
    assert "<img" not in markup
    # What is drawn is the literal text, tags and all, with the matches marked.
    assert "<script>alert(1)</script>" in doc.toPlainText()
    assert doc.toHtml().count("<img") == 0
    assert "<b>Prigozhin</b>" in snippet_html("x Prigozhin", [(2, 11)])
    assert "&lt;b&gt;" in snippet_html("<b>", [])


def test_snippet_marks_tolerate_overlaps_and_bad_spans() -> None:
    assert snippet_html("abcdef", [(0, 3), (2, 5), (9, 12)]) == "<b>abc</b><b>de</b>f"
    assert snippet_html("", [(0, 4)]) == ""


def test_set_query_and_screenshot(session: CaseSession, qtbot: QtBot, tmp_path: Path) -> None:
    dialog = _dialog(session, qtbot)
    dialog.set_query("Wagner")
    assert dialog.model.rowCount() > 5
    assert dialog.status.text().startswith(f"{dialog.model.rowCount()} results")
    dialog.resize(640, 420)
    qtbot.wait(50)
    assert dialog.grab().save("/tmp/quick_search.png")
    dialog.set_query("zzqxvbrr")
    assert dialog.grab().save("/tmp/quick_search_empty.png")


def test_a_hit_can_be_built_by_hand() -> None:
    model = SearchResultsModel()
    model.set_hits([SearchHit("case", "c1", "A case", "summary", (), 1.0)])
    assert model.index(0).data() == "A case"
    assert "Case: A case" in model.index(0).data(Qt.ItemDataRole.AccessibleTextRole)
