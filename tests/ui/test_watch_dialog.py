"""Case → Watch terms as a user drives it: add a term (the scan runs in the background),
read its matches, undo and redo, bad patterns refused in words, a read-only case."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from osint_desk.core.store import CaseStore
from osint_desk.core.store.watch import watch_of
from osint_desk.ui.session import CaseSession
from osint_desk.ui.tasks import TaskRunner
from osint_desk.ui.watch_dialog import WatchDialog


@pytest.fixture
def dialog(qtbot: QtBot, session: CaseSession, tasks: TaskRunner) -> Iterator[WatchDialog]:
    made = WatchDialog(session, tasks)
    qtbot.addWidget(made)
    made.show()
    qtbot.waitExposed(made)
    yield made
    made.close()
    tasks.shutdown()


def watch_typed(qtbot: QtBot, dialog: WatchDialog, text: str, kind: str = "name") -> str:
    """Type a term and press Enter, as a user does; wait for its scan to end."""
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(kind))
    dialog.term_edit.setFocus()
    qtbot.keyClicks(dialog.term_edit, text)
    with qtbot.waitSignal(dialog.scanned, timeout=20_000) as ended:
        qtbot.keyClick(dialog.term_edit, Qt.Key.Key_Return)
    return str(ended.args[0]) if ended.args else ""


def column(model: object, col: int) -> list[object]:
    rows = model.rowCount()  # type: ignore[attr-defined]
    return [model.index(r, col).data() for r in range(rows)]  # type: ignore[attr-defined]


def test_a_typed_term_is_looked_for_in_every_source_and_its_matches_are_listed(
        qtbot: QtBot, dialog: WatchDialog, session: CaseSession,
        qtmodeltester: ModelTester) -> None:
    store = session.store
    mentioning = {s.id for s in store.sources.list(limit=100) if "Prigozhin" in s.text}
    assert mentioning, "the demo case names Prigozhin"
    message = watch_typed(qtbot, dialog, "prigozhin")
    assert "“prigozhin”" in message and "match" in message
    assert column(dialog.terms, 0) == ["prigozhin"] and column(dialog.terms, 1) == ["Name"]
    [count] = column(dialog.terms, 2)
    assert isinstance(count, int) and count >= len(mentioning)
    assert dialog.term_edit.text() == ""  # ready for the next term
    # The new term is selected and its matches shown, each with the words around it.
    assert dialog.matches.rowCount() == count
    assert {h.source_id for h in dialog.matches.hits} == mentioning
    assert all("[Prigozhin]" in text for text in column(dialog.matches, 2))
    assert f"{count} matches of “prigozhin”" in dialog.matches_label.text()
    qtmodeltester.check(dialog.terms)
    qtmodeltester.check(dialog.matches)
    # Double-click (or Enter) on a match asks the window to show its words in the source.
    dialog.matches_table.selectRow(0)
    with qtbot.waitSignal(dialog.range_requested) as shown:
        dialog.show_button.click()
    source_id, start, end = shown.args
    assert store.sources.get(source_id).text[start:end] == "Prigozhin"
    assert not dialog.isVisible()  # out of the way of the source it is read in


def test_undo_and_redo_of_a_term_keep_its_matches(qtbot: QtBot, dialog: WatchDialog,
                                                 session: CaseSession) -> None:
    watch_typed(qtbot, dialog, "Wagner")
    [before] = column(dialog.terms, 2)
    assert session.undo_stack.undoText() == "Watch “Wagner”"
    session.undo_stack.undo()
    assert dialog.terms.rowCount() == 0 and watch_of(session.store).list() == []
    assert dialog.matches.rowCount() == 0
    session.undo_stack.redo()
    assert column(dialog.terms, 2) == [before]
    dialog.terms_table.selectRow(0)
    assert dialog.remove_button.isEnabled()
    dialog.remove_button.click()
    assert dialog.terms.rowCount() == 0
    assert session.undo_stack.undoText() == "Stop watching “Wagner”"
    session.undo_stack.undo()
    assert column(dialog.terms, 2) == [before]


@pytest.mark.parametrize(("text", "kind", "words"), [
    ("(a+)+", "pattern", "repeats a repeated group"),
    ("[unclosed", "pattern", "not a valid regular expression"),
    ("  ", "name", "needs some text"),
    ("--", "identifier", "needs letters or digits"),
])
def test_a_term_that_cannot_be_watched_is_refused_in_words(
        qtbot: QtBot, dialog: WatchDialog, session: CaseSession, text: str, kind: str,
        words: str) -> None:
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(kind))
    dialog.term_edit.setText(text)
    assert dialog.add() == ""
    assert dialog.error.isVisible() and words in dialog.error.text()
    assert dialog.terms.rowCount() == 0 and session.undo_stack.count() == 0
    assert dialog.task is None and dialog.add_button.isEnabled()


def test_an_identifier_matches_with_its_separators_ignored(
        qtbot: QtBot, dialog: WatchDialog, session: CaseSession) -> None:
    source = session.store.sources.add(title="Vessel note", text="The ship (IMO 9811000) left.")
    watch_typed(qtbot, dialog, "IMO-9811000", "identifier")
    assert [h.matched for h in dialog.matches.hits] == ["IMO 9811000"]
    assert dialog.matches.hits[0].source_id == source.id
    assert "dashes" in dialog.kind_hint.text()


def test_mark_all_seen_clears_the_new_matches(qtbot: QtBot, dialog: WatchDialog,
                                             session: CaseSession) -> None:
    watch_typed(qtbot, dialog, "Kirby")
    watch = watch_of(session.store)
    assert watch.unseen_count() > 0 and dialog.seen_button.isEnabled()
    assert set(column(dialog.matches, 3)) <= {"new", "new, in an excerpt"}
    assert dialog.mark_all_seen() > 0
    assert watch.unseen_count() == 0 and not dialog.seen_button.isEnabled()
    assert {str(c).split(",")[0] for c in column(dialog.matches, 3)} == {"seen"}
    assert column(dialog.terms, 3) == [""]  # no new matches left


def test_closing_the_dialog_during_a_scan_stops_it_cleanly(
        qtbot: QtBot, session: CaseSession, tasks: TaskRunner) -> None:
    for number in range(300):
        session.store.sources.add(title=f"Note {number}", text=f"Prigozhin, note {number}.")
    dialog = WatchDialog(session, tasks)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.term_edit.setText("Prigozhin")
    assert dialog.add()
    task = dialog.task
    assert task is not None and not dialog.add_button.isEnabled()
    assert dialog.cancel_button.isVisible()
    dialog.close()
    assert task.cancel_requested
    qtbot.waitUntil(lambda: not task.running, timeout=20_000)
    # The term stays (with what was found before the stop); nothing failed.
    assert [t.term for t in watch_of(session.store).list()] == ["Prigozhin"]


def test_a_read_only_case_shows_its_terms_but_cannot_change_them(
        qtbot: QtBot, demo_path: Path, tasks: TaskRunner) -> None:
    with CaseStore.open(demo_path) as store:
        watch_of(store).add("Prigozhin")
    session = CaseSession(CaseStore.open(demo_path, read_only=True))
    try:
        dialog = WatchDialog(session, tasks)
        qtbot.addWidget(dialog)
        dialog.show()
        assert column(dialog.terms, 0) == ["Prigozhin"] and dialog.matches.rowCount() > 0
        assert not dialog.add_button.isEnabled() and not dialog.term_edit.isEnabled()
        dialog.terms_table.selectRow(0)
        assert not dialog.remove_button.isEnabled() and not dialog.seen_button.isEnabled()
        assert "read-only" in dialog.status.text()
        assert dialog.add() == "" and dialog.mark_all_seen() == 0
        dialog.close()
    finally:
        session.close()
