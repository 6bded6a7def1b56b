"""Every edit is an undoable command; undo and redo restore the same records and ids."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from osint_desk.ui.operations import edits
from osint_desk.ui.session import CaseSession


def test_chain_of_dependent_edits_undone_and_redone(session: CaseSession) -> None:
    store = session.store
    stack = session.undo_stack
    start = store.dump(live=True)
    source = store.sources.list()[0]
    quote = "Wagner is looking around the world for weapons suppliers"
    at = source.text.index(quote)
    excerpt_id = session.push(edits.new_excerpt(session, source.id, at, at + len(quote))).target_id
    session.push(edits.new_entity_linked(session, excerpt_id, "Person", "Arms Broker X"))
    card = store.entities.resolve("Arms Broker X")
    session.push(edits.add_alias(session, card.id, "Торговец X", script="Cyrl"))
    wagner = store.entities.resolve("Wagner Group")
    rel_id = session.push(edits.new_relationship(
        session, card.id, "supplied", wagner.id, evidence=[(excerpt_id, "supports")],
        confidence=40)).target_id
    end = store.dump(live=True)
    assert stack.undoText() == "New relationship “supplied”"
    while stack.canUndo():
        stack.undo()
    assert store.dump(live=True) == start
    while stack.canRedo():
        stack.redo()
    assert store.dump(live=True) == end
    assert store.excerpts.get(excerpt_id).quote == quote
    assert store.entities.resolve("Торговец X").id == card.id
    assert store.relationships.get(rel_id).evidence[0].excerpt_id == excerpt_id


def test_edit_commands_restore_old_values(session: CaseSession) -> None:
    store = session.store
    excerpt = store.excerpts.list()[0]
    session.push(edits.edit_excerpt(session, excerpt.id, "Edit note", note="changed",
                                    credibility=5))
    assert store.excerpts.get(excerpt.id).note == "changed"
    session.undo_stack.undo()
    again = store.excerpts.get(excerpt.id)
    assert (again.note, again.credibility) == (excerpt.note, excerpt.credibility)


def test_changes_are_announced(session: CaseSession, qtbot: QtBot) -> None:
    card = session.store.entities.list()[0]
    with qtbot.waitSignal(session.changed) as blocker:
        session.push(edits.edit_entity(session, card.id, description="new"))
    assert blocker.args == ["entity", card.id]


def test_other_process_writes_are_noticed(session: CaseSession, demo_path: object) -> None:
    from osint_desk.core.store import CaseStore

    assert not session.check_external_changes()
    with CaseStore.open(demo_path) as other:  # type: ignore[arg-type]
        other.entities.add("Person", "Added by the CLI")
    assert session.check_external_changes()
    assert session.store.entities.resolve("Added by the CLI")


def test_a_failing_edit_is_not_pushed(session: CaseSession) -> None:
    import pytest

    from osint_desk.core.errors import ValidationError

    source = session.store.sources.list()[0]
    count = session.undo_stack.count()
    with pytest.raises(ValidationError):
        session.push(edits.new_excerpt(session, source.id, 5, 5))
    assert session.undo_stack.count() == count
    nk = session.store.entities.resolve("North Korea")
    with pytest.raises(ValidationError):
        session.push(edits.new_relationship(session, nk.id, "supplied", nk.id))
    assert session.undo_stack.count() == count
