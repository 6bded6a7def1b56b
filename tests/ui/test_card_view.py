"""The entity card tab and the relationship dialog, driven with keyboard and mouse."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QModelIndex, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QMessageBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from osint_desk.core.errors import NotFoundError
from osint_desk.core.model import RecordKind
from osint_desk.core.store import CaseStore
from osint_desk.ui.card_view import EntityCardView
from osint_desk.ui.operations import edits
from osint_desk.ui.relationship_dialog import RelationshipDialog
from osint_desk.ui.session import CaseSession
from osint_desk.ui.widgets.dossier_models import ID_ROLE

CardFactory = Callable[[str], EntityCardView]


def shots_dir(tmp_path: Path) -> Path:
    """Screenshots go to $OSINT_DESK_SHOTS when set (to look at them), else to tmp_path."""
    folder = Path(os.environ.get("OSINT_DESK_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def type_text(widget: QWidget, text: str) -> None:
    """Type any script (QTest.keyClicks knows Latin-1 keys only), a key event a character."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier,
                                                     char))


def activate(qtbot: QtBot, widget: QWidget) -> None:
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)


def choose_in_popup(qtbot: QtBot, combo: QComboBox, text: str) -> None:
    """Open the combo's list with the mouse and click the item showing ``text``."""
    qtbot.mouseClick(combo, Qt.MouseButton.LeftButton)
    view = combo.view()
    qtbot.waitUntil(view.isVisible)
    qtbot.wait(QApplication.doubleClickInterval() + 50)  # a release right after opening is ignored
    rect = view.visualRect(combo.model().index(combo.findText(text), 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


@pytest.fixture
def open_card(qtbot: QtBot, session: CaseSession) -> Iterator[CardFactory]:
    def make(name: str) -> EntityCardView:
        view = EntityCardView(session, session.store.entities.resolve(name).id)
        qtbot.addWidget(view)
        view.resize(1000, 750)
        activate(qtbot, view)
        return view

    yield make


def click_cell(qtbot: QtBot, view: QAbstractItemView, index: QModelIndex, *,
               double: bool = False) -> None:
    view.scrollTo(index)
    pos = view.visualRect(index).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    if double:
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def rows(view: EntityCardView) -> list[tuple[str, str, str]]:
    model = view.page.relationships_model
    return [(model.item(r, 0).text(), model.item(r, 1).text(), model.item(r, 2).text())
            for r in range(model.rowCount())]


def test_cyrillic_alias_added_then_removed(qtbot: QtBot, session: CaseSession,
                                           open_card: CardFactory,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    view = open_card("Yevgeny Prigozhin")
    store, stack = session.store, session.undo_stack
    aliases = view.page.aliases
    qtbot.mouseClick(aliases.name, Qt.MouseButton.LeftButton)
    type_text(aliases.name, "Пригожин Е. В.")
    assert aliases.script.currentText() == "Cyrl"  # guessed from the letters
    qtbot.keyClicks(aliases.language, "ru")
    qtbot.mouseClick(aliases.add_button, Qt.MouseButton.LeftButton)
    card = store.entities.resolve("Пригожин Е. В.")
    added = next(a for a in card.aliases if a.name == "Пригожин Е. В.")
    assert (added.kind, added.script, added.language) == ("strong", "Cyrl", "ru")
    assert stack.undoText() == "Add alias “Пригожин Е. В.”"
    assert aliases.name.text() == ""
    row = next(r for r in range(aliases.model.rowCount())
               if aliases.model.item(r, 0).text() == "Пригожин Е. В.")
    click_cell(qtbot, aliases.table, aliases.model.index(row, 0))
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question",  # Remove asks first (ui/deleting.py)
                        lambda _parent, _title, text, *_args: asked.append(text)
                        or QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(aliases.remove_button, Qt.MouseButton.LeftButton)
    assert asked and "“Пригожин Е. В.”" in asked[0]
    with pytest.raises(NotFoundError):
        store.entities.resolve("Пригожин Е. В.")
    assert stack.undoText() == "Remove alias"
    stack.undo()
    assert store.entities.resolve("Пригожин Е. В.").id == card.id


def test_duplicate_alias_is_refused_inline(qtbot: QtBot, session: CaseSession,
                                           open_card: CardFactory) -> None:
    view = open_card("Yevgeny Prigozhin")
    aliases = view.page.aliases
    qtbot.mouseClick(aliases.name, Qt.MouseButton.LeftButton)
    type_text(aliases.name, "Пригожин")
    qtbot.keyClick(aliases.name, Qt.Key.Key_Return)
    assert aliases.error.isVisible() and "already has the alias" in aliases.error.text()
    assert session.undo_stack.count() == 0


def test_description_is_edited_in_one_step(qtbot: QtBot, session: CaseSession,
                                           open_card: CardFactory) -> None:
    view = open_card("Yevgeny Prigozhin")
    before = session.store.entities.resolve("Yevgeny Prigozhin").description
    description = view.page.description
    assert description.is_preview()  # a card opens rendered
    qtbot.mouseClick(description.toggle, Qt.MouseButton.LeftButton)
    assert not description.is_preview()
    qtbot.mouseClick(description.editor.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClick(description.editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(description.editor, "Founder of **Wagner**.")
    qtbot.mouseClick(view.page.name, Qt.MouseButton.LeftButton)  # focus leaves the editor
    card = session.store.entities.resolve("Yevgeny Prigozhin")
    assert card.description == "Founder of **Wagner**."
    assert session.undo_stack.undoText() == "Edit description"
    assert session.undo_stack.count() == 1
    session.undo_stack.undo()
    assert session.store.entities.get(card.id).description == before


def test_rename_type_and_attributes(qtbot: QtBot, session: CaseSession,
                                    open_card: CardFactory) -> None:
    view = open_card("Yevgeny Prigozhin")
    store, stack = session.store, session.undo_stack
    card_id = view.entity_id
    name = view.page.name
    qtbot.mouseClick(name, Qt.MouseButton.LeftButton)
    qtbot.keyClick(name, Qt.Key.Key_End)
    qtbot.keyClicks(name, " (1961-2023)")
    qtbot.keyClick(name, Qt.Key.Key_Return)
    assert store.entities.get(card_id).name == "Yevgeny Prigozhin (1961-2023)"
    assert stack.undoText() == "Rename card"
    assert view.tab_title().startswith("Yevgeny Prigozhin (1961")
    choose_in_popup(qtbot, view.page.type_combo, "Legal entity")
    assert store.entities.get(card_id).type == "LegalEntity"
    assert stack.undoText() == "Set card type"
    attributes = view.page.attributes
    row = next(r for r in range(attributes.model.rowCount())
               if attributes.model.item(r, 0).text() == "nationality")
    click_cell(qtbot, attributes.table, attributes.model.index(row, 1))
    qtbot.keyClick(attributes.table, Qt.Key.Key_F2)
    editor = attributes.table.focusWidget()
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, "ru, by")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on the next loop turn
    qtbot.waitUntil(lambda: store.entities.get(card_id).attributes["nationality"] == ["ru", "by"])
    assert stack.undoText() == "Edit attributes"
    stack.undo()
    assert store.entities.get(card_id).attributes["nationality"] == ["ru"]


def test_relationships_both_ways_for_wagner(open_card: CardFactory) -> None:
    view = open_card("Wagner Group")
    shown = rows(view)
    assert ("←", "controls", "Yevgeny Prigozhin") in shown
    assert ("←", "supplied", "North Korea") in shown
    assert ("→", "paid", "North Korea") in shown
    assert ("→", "rival of", "Russian Ministry of Defence") in shown
    model = view.page.relationships_model
    supplied = next(r for r in range(model.rowCount()) if model.item(r, 1).text() == "supplied")
    assert model.item(supplied, 4).text() == "75 % — likely"
    assert model.item(supplied, 5).text() == "4 supporting · 1 contradicting · 1 context"
    assert model.item(supplied, 3).text() == "2022-11 –"


def test_add_relationship_with_two_evidence_roles(qtbot: QtBot, session: CaseSession,
                                                  open_card: CardFactory) -> None:
    view = open_card("Russian Ministry of Defence")
    store, stack = session.store, session.undo_stack
    qtbot.mouseClick(view.page.add_relationship, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, RelationshipDialog) and dialog.isVisible()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.predicate.setFocus()
    qtbot.keyClicks(dialog.predicate, "funded")
    assert "UnknownLink" in dialog.mapping.text()
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    assert "other card" in dialog.error.text()  # validation inline, nothing pushed
    assert stack.count() == 0 and dialog.isVisible()
    qtbot.mouseClick(dialog.other, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.other, "wagner")
    popup = dialog.other.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    wagner = store.entities.resolve("Wagner Group")
    assert dialog.ends() == (view.entity_id, wagner.id)
    assert dialog.reads.text() == "Russian Ministry of Defence funded Wagner Group"
    qtbot.mouseClick(dialog.start, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.start, "2022-13")
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    assert "Start date" in dialog.error.text() and stack.count() == 0
    qtbot.keyClick(dialog.start, Qt.Key.Key_Backspace)
    qtbot.keyClick(dialog.start, Qt.Key.Key_2)  # 2022-12
    dialog.spin.setFocus()
    qtbot.keyClick(dialog.spin, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(dialog.spin, "40")
    assert dialog.words.text() == "unlikely"
    evidence = dialog.evidence
    for query in ("rival power center", "independent of the Russian"):
        qtbot.mouseClick(evidence.search, Qt.MouseButton.LeftButton)
        qtbot.keyClick(evidence.search, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(evidence.search, query)
        qtbot.waitUntil(lambda: evidence.model.rowCount() > 0)
        click_cell(qtbot, evidence.results, evidence.model.index(0, 0))
        qtbot.mouseClick(evidence.add_button, Qt.MouseButton.LeftButton)
    rival, independent = list(evidence.rows)
    choose_in_popup(qtbot, evidence.rows[independent].role, "contradicts")
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert stack.count() == 1 and stack.undoText() == "New relationship “funded”"
    rel = store.relationships.get(dialog.created_id)
    assert (rel.subject_id, rel.predicate, rel.object_id) == (view.entity_id, "funded",
                                                              wagner.id)
    assert (rel.start, rel.confidence) == ("2022-12", 40)
    assert {(e.excerpt_id, e.role) for e in rel.evidence} == {
        (rival, "supports"), (independent, "contradicts")}
    assert ("→", "funded", "Wagner Group") in rows(view)
    stack.undo()
    with pytest.raises(NotFoundError):
        store.relationships.get(rel.id)
    assert ("→", "funded", "Wagner Group") not in rows(view)
    stack.redo()
    assert store.relationships.get(rel.id).evidence == rel.evidence


def test_double_click_edits_a_relationship(qtbot: QtBot, session: CaseSession,
                                           open_card: CardFactory) -> None:
    view = open_card("Wagner Group")
    model = view.page.relationships_model
    row = next(r for r in range(model.rowCount()) if model.item(r, 1).text() == "controls")
    click_cell(qtbot, view.page.relationships, model.index(row, 1), double=True)
    dialog = view.dialog
    assert dialog is not None and dialog.relationship is not None
    assert dialog.relationship.predicate == "controls"
    assert dialog.direction.currentData() == "incoming"
    assert dialog.other.text() == "Yevgeny Prigozhin"
    assert dialog.spin.value() == 85 and dialog.words.text() == "very likely"
    dialog.spin.setValue(90)
    dialog.evidence.remove(dialog.relationship.evidence[1].excerpt_id)
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    rel = session.store.relationships.get(dialog.relationship.id)
    assert rel.confidence == 90 and len(rel.evidence) == 1
    assert session.undo_stack.undoText() == "Edit relationship"
    session.undo_stack.undo()
    rel = session.store.relationships.get(rel.id)
    assert rel.confidence == 85 and len(rel.evidence) == 2


def test_cancel_changes_nothing(qtbot: QtBot, session: CaseSession,
                                open_card: CardFactory) -> None:
    view = open_card("Wagner Group")
    before = session.store.dump(live=True)
    dialog = view.open_relationship_dialog()
    dialog.predicate.setEditText("owns")
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Cancel),
                     Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert session.store.dump(live=True) == before
    assert session.undo_stack.count() == 0


def test_navigation_signals(qtbot: QtBot, session: CaseSession,
                            open_card: CardFactory) -> None:
    view = open_card("Wagner Group")
    page = view.page
    first_excerpt = page.excerpts_model.index(0, 0)
    with qtbot.waitSignal(view.excerpt_requested) as requested:
        click_cell(qtbot, page.excerpts, first_excerpt, double=True)
    assert requested.args == [first_excerpt.data(ID_ROLE)]
    with qtbot.waitSignal(view.source_requested) as requested:
        click_cell(qtbot, page.sources, page.sources_model.index(0, 0), double=True)
    assert requested.args == [page.sources_model.index(0, 0).data(ID_ROLE)]
    model = page.relationships_model
    row = next(r for r in range(model.rowCount()) if model.item(r, 1).text() == "controls")
    click_cell(qtbot, page.relationships, model.index(row, 2))
    with qtbot.waitSignal(view.card_requested) as requested:
        qtbot.mouseClick(page.open_other, Qt.MouseButton.LeftButton)
    assert requested.args == [session.store.entities.resolve("Yevgeny Prigozhin").id]


def test_sanctions_with_provenance(open_card: CardFactory) -> None:
    view = open_card("Yevgeny Prigozhin")
    model = view.page.sanctions_model
    assert model.rowCount() == 1
    assert [model.item(0, c).text() for c in range(5)] == [
        "OFAC", "21171", "UKRAINE-EO13661, CYBER2", "2016-12-20", "active"]
    # The date is not in the list file: its tooltip says where it is from.
    assert "US Treasury press release of 20 December 2016" in model.item(0, 3).toolTip()
    assert "Specially Designated Nationals" in model.item(0, 5).text()
    assert "sha256 e3c5fe5dd775" in model.item(0, 5).text()


def test_deleted_card_shows_a_message_and_comes_back(qtbot: QtBot,
                                                     session: CaseSession) -> None:
    created = session.push(edits.new_entity(session, "Company", "Shell Co Ltd"))
    view = EntityCardView(session, created.target_id)
    qtbot.addWidget(view)
    view.show()
    assert view.stack.currentWidget() is view.scroll_area
    session.undo_stack.undo()
    assert view.stack.currentWidget() is view.deleted
    assert view.tab_title() == "(deleted card)"
    session.undo_stack.redo()
    assert view.stack.currentWidget() is view.scroll_area
    assert view.tab_title() == "Shell Co Ltd"


def test_refresh_keeps_the_scroll_position(qtbot: QtBot, session: CaseSession,
                                           open_card: CardFactory) -> None:
    view = open_card("Yevgeny Prigozhin")
    bar = view.scroll_area.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 100)
    # On X11 the page settles over a few turns (fitted columns, lazily paged lists): the
    # position is taken once its height stops changing, or a 1 px settle reads as a jump.
    seen: list[int] = []

    def settled() -> bool:
        seen.append(bar.maximum())
        return len(seen) >= 3 and seen[-1] == seen[-2] == seen[-3]

    qtbot.waitUntil(settled, timeout=5000)
    bar.setValue(bar.maximum())
    kept = bar.value()
    session.push(edits.add_tag(session, RecordKind.ENTITY, view.entity_id, "oligarch"))
    qtbot.wait(20)
    assert bar.value() == kept
    assert "oligarch" in view.page.tags.tags()


def test_read_only_card(qtbot: QtBot, demo_path: Path) -> None:
    session = CaseSession(CaseStore.open(demo_path, read_only=True))
    view = EntityCardView(session, session.store.entities.resolve("Wagner Group").id)
    qtbot.addWidget(view)
    view.show()
    page = view.page
    assert not page.type_combo.isEnabled() and page.name.isReadOnly()
    assert not page.add_relationship.isVisible() and not page.aliases.add_button.isVisible()
    assert page.description.editor.isReadOnly()
    session.close()


def test_screenshot_prigozhin(qtbot: QtBot, open_card: CardFactory, tmp_path: Path) -> None:
    view = open_card("Yevgeny Prigozhin")
    qtbot.wait(100)  # let the posted layout requests settle before grabbing
    target = shots_dir(tmp_path) / "card-prigozhin.png"
    assert view.grab().save(str(target))
    assert target.stat().st_size > 20_000
    dialog = view.open_relationship_dialog()
    qtbot.waitExposed(dialog)
    qtbot.wait(100)
    assert dialog.grab().save(str(shots_dir(tmp_path) / "relationship-dialog.png"))
    assert isinstance(dialog.direction, QComboBox)


def unnamed_controls(parent: QWidget) -> list[str]:
    """Focusable controls without an accessible name (a button's text is its name)."""
    return [f"{type(w).__name__} {w.toolTip()!r}" for w in parent.findChildren(QWidget)
            if w.isVisible() and w.focusPolicy() != Qt.FocusPolicy.NoFocus
            and not w.accessibleName()
            and not (isinstance(w, QAbstractButton) and w.text())]


def test_every_control_is_named(open_card: CardFactory) -> None:
    view = open_card("Yevgeny Prigozhin")
    assert unnamed_controls(view.page) == []
    assert unnamed_controls(view.open_relationship_dialog()) == []
