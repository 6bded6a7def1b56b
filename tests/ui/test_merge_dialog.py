"""Merging cards from the GUI: the dialog, undo/redo, Split on the card, read-only cases."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QRadioButton
from pytestqt.qtbot import QtBot

from osint_desk.core.errors import NotFoundError, ValidationError
from osint_desk.core.store import CaseStore
from osint_desk.ui.card_view import EntityCardView
from osint_desk.ui.merge_dialog import MergeDialog
from osint_desk.ui.operations.merges import merge_cards
from osint_desk.ui.session import CaseSession


def add_pmc(session: CaseSession) -> tuple[str, str, str]:
    """(Wagner Group, a second card "PMC Wagner" with an alias and a mention, its excerpt)."""
    store = session.store
    wagner = store.entities.resolve("Wagner Group").id
    pmc = store.entities.add("organization", "PMC Wagner", aliases=["Vagnerovtsy"]).id
    taken = mentioned(store, wagner)
    excerpt = next(e.id for s in store.sources.list(limit=50)
                   for e in store.excerpts.for_source(s.id) if e.id not in taken)
    store.excerpts.link_entity(excerpt, pmc)
    return wagner, pmc, excerpt


def mentioned(store: CaseStore, card: str) -> set[str]:
    return {excerpt for excerpt, _source in store.excerpts.ids_of_entity(card)}


def dialog_for(qtbot: QtBot, session: CaseSession, cards: list[str]) -> MergeDialog:
    dialog = MergeDialog(session, cards)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def radio(dialog: MergeDialog, row: int) -> QRadioButton:
    widget = dialog.table.cellWidget(row, 0)
    assert isinstance(widget, QRadioButton)
    return widget


def test_merging_in_the_dialog_moves_everything_and_undo_restores_both_cards(
        qtbot: QtBot, session: CaseSession) -> None:
    store = session.store
    wagner, pmc, excerpt = add_pmc(session)
    before, everything = store.dump(live=True), store.dump()
    dialog = dialog_for(qtbot, session, [pmc, wagner])
    assert dialog.table.rowCount() == 2
    assert dialog.table.item(0, 1).text() == "PMC Wagner"
    assert dialog.table.item(0, 3).text() == "1"  # one alias
    assert dialog.table.item(0, 4).text() == "1"  # one mention
    assert dialog.survivor_id == pmc  # the first card keeps, until another is checked
    qtbot.mouseClick(radio(dialog, 1), Qt.MouseButton.LeftButton)
    assert dialog.survivor_id == wagner
    assert "of “PMC Wagner” move to “Wagner Group”" in dialog.summary.text()
    assert "Split on “Wagner Group”'s card undoes it" in dialog.summary.text()
    with qtbot.waitSignal(dialog.merged) as merged:
        qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    assert merged.args == [wagner]
    assert "Vagnerovtsy" in {a.name for a in store.entities.get(wagner).aliases}
    assert excerpt in mentioned(store, wagner)
    with pytest.raises(NotFoundError):
        store.entities.get(pmc)
    assert session.undo_stack.count() == 1

    session.undo_stack.undo()
    assert store.dump(live=True) == before
    assert store.dump() == everything
    assert excerpt in mentioned(store, pmc) and excerpt not in mentioned(store, wagner)
    assert {a.name for a in store.entities.get(pmc).aliases} == {"Vagnerovtsy"}

    session.undo_stack.redo()
    assert excerpt in mentioned(store, wagner)
    assert "Vagnerovtsy" in {a.name for a in store.entities.get(wagner).aliases}
    session.undo_stack.undo()  # undo and redo alternate any number of times
    assert store.dump(live=True) == before


def test_merging_into_a_new_card_and_undoing_it(qtbot: QtBot, session: CaseSession) -> None:
    store = session.store
    wagner, pmc, _excerpt = add_pmc(session)
    before = store.dump(live=True)
    dialog = dialog_for(qtbot, session, [wagner, pmc])
    dialog.new_card.setChecked(True)
    assert not dialog.merge_button.isEnabled()  # no name yet
    assert dialog.error.text() == "Type the name of the new card."
    qtbot.keyClicks(dialog.new_name, "Wagner PMC (merged)")
    assert dialog.merge_button.isEnabled()
    assert "of “Wagner Group” and “PMC Wagner” move to a new card" in dialog.summary.text()
    assert dialog.merge() != ""
    survivor = store.entities.resolve("Wagner PMC (merged)")
    assert {"Wagner Group", "PMC Wagner"} <= {a.name for a in survivor.aliases}
    session.undo_stack.undo()
    assert store.dump(live=True) == before
    session.undo_stack.redo()
    assert store.entities.resolve("Wagner PMC (merged)").id == survivor.id  # the same card


def test_cards_are_added_with_the_picker_and_removed(qtbot: QtBot,
                                                    session: CaseSession) -> None:
    wagner = session.store.entities.resolve("Wagner Group").id
    pmc = session.store.entities.add("organization", "Redut Private Army").id
    dialog = dialog_for(qtbot, session, [wagner])
    assert not dialog.merge_button.isEnabled()
    assert dialog.summary.text() == ""
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.picker, "Redut Private Army")
    popup = dialog.picker.popup()  # the open completion list has the keyboard
    qtbot.keyClick(popup if popup.isVisible() else dialog.picker, Qt.Key.Key_Return)
    assert dialog.card_ids() == [wagner, pmc]
    assert dialog.merge_button.isEnabled()
    assert not dialog.add_card(pmc)  # not twice
    dialog.table.selectRow(0)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert dialog.card_ids() == [pmc] and dialog.survivor_id == pmc
    assert not dialog.merge_button.isEnabled()


def test_cards_of_different_types_are_refused_with_the_cores_words(
        qtbot: QtBot, session: CaseSession) -> None:
    store = session.store
    wagner = store.entities.resolve("Wagner Group").id
    putin = store.entities.resolve("Vladimir Putin").id
    dialog = dialog_for(qtbot, session, [wagner, putin])
    assert not dialog.merge_button.isEnabled()
    assert dialog.error.isVisible()
    assert dialog.error.text() == "Only cards of the same type can be merged."
    assert dialog.merge() == "" and session.undo_stack.count() == 0
    # the core refuses the same way when asked directly (the dialog shows its message)
    with pytest.raises(ValidationError, match="only cards of the same type can be merged"):
        merge_cards(session, [wagner, putin]).run_first()
    assert store.entities.get(putin).name == "Vladimir Putin"


def test_split_from_the_card_view_and_its_undo(qtbot: QtBot, session: CaseSession) -> None:
    store = session.store
    wagner, pmc, excerpt = add_pmc(session)
    before = store.dump(live=True)
    session.push(merge_cards(session, [wagner, pmc]))
    view = EntityCardView(session, wagner)
    qtbot.addWidget(view)
    view.show()
    history = view.merge_history
    assert history.isVisible() and len(history.lines) == 1
    label, split = history.lines[0]
    assert label.text().startswith("Merged from: PMC Wagner (20")
    assert split.isEnabled() and history.merge_button.isEnabled()
    qtbot.mouseClick(split, Qt.MouseButton.LeftButton)
    assert store.dump(live=True) == before
    assert excerpt in mentioned(store, pmc)
    assert not history.isVisible() and history.lines == []  # the card refreshed
    session.undo_stack.undo()  # undoing the split merges again
    assert excerpt in mentioned(store, wagner)
    assert len(view.merge_history.lines) == 1
    session.undo_stack.redo()
    assert store.dump(live=True) == before


def test_a_refused_split_is_shown_on_the_card(qtbot: QtBot, session: CaseSession) -> None:
    store = session.store
    wagner, pmc, _excerpt = add_pmc(session)
    third = store.entities.add("organization", "Wagner Group PMC").id
    session.push(merge_cards(session, [wagner, pmc]))
    session.push(merge_cards(session, [wagner, third]))
    view = EntityCardView(session, wagner)
    qtbot.addWidget(view)
    view.show()
    history = view.merge_history
    assert len(history.lines) == 2
    older = history.lines[1][1]  # newest first: the first merge is the second line
    qtbot.mouseClick(older, Qt.MouseButton.LeftButton)
    assert history.error.isVisible() and "split it first" in history.error.text()
    assert session.undo_stack.count() == 2
    assert store.entities.get(wagner) and len(history.lines) == 2


def test_merge_with_opens_the_dialog_with_this_card(qtbot: QtBot,
                                                    session: CaseSession) -> None:
    wagner, pmc, _excerpt = add_pmc(session)
    view = EntityCardView(session, pmc)
    qtbot.addWidget(view)
    view.show()
    dialog = view.merge_history.open_dialog()
    assert isinstance(dialog, MergeDialog) and dialog.card_ids() == [pmc]
    dialog.add_card(wagner)
    dialog.choose_survivor(wagner)
    with qtbot.waitSignal(view.card_requested) as opened:  # this card is gone: go to the
        dialog.merge()                                    # survivor
    assert opened.args == [wagner]


def test_a_read_only_case_cannot_merge_or_split(qtbot: QtBot, demo_path: Path) -> None:
    with CaseStore.open(demo_path) as store:
        wagner = store.entities.resolve("Wagner Group").id
        pmc = store.entities.add("organization", "PMC Wagner").id
        store.merges.merge([wagner, pmc])
    session = CaseSession(CaseStore.open(demo_path, read_only=True))
    try:
        view = EntityCardView(session, wagner)
        qtbot.addWidget(view)
        view.show()
        history = view.merge_history
        assert len(history.lines) == 1 and not history.lines[0][1].isEnabled()
        assert not history.merge_button.isEnabled()
        assert history.open_dialog() is None
        assert not history.split(history.merges[0].id)
        putin = session.store.entities.resolve("Vladimir Putin").id
        other = session.store.entities.resolve("Yevgeny Prigozhin").id
        dialog = dialog_for(qtbot, session, [putin, other])
        assert not dialog.merge_button.isEnabled()
        assert not dialog.picker.isEnabled()
        assert "read-only" in dialog.error.text()
        assert dialog.merge() == ""
        assert session.store.merges.list()[0].split_at is None
    finally:
        session.close()
