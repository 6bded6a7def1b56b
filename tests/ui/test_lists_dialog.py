"""Tools → Sanctions lists: the table, importing through the dialog, bad files and an
unusable library, removal, refused updates, restoring, warnings. The task runner, progress,
Cancel and closing are in ``test_lists_tasks.py``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from lists_support import (
    EU_EXCERPT,
    OFAC_SUBSET,
    UN_FULL,
    UN_SUBSET,
    WAIT_MS,
    cell,
    import_and_wait,
    open_dialog,
    snapshot,
)
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from shared_data import MISSING_REASON

from osint_desk.core.sanctions.library import ListLibrary
from osint_desk.ui.lists.dialog import SanctionsListsDialog
from osint_desk.ui.lists.jobs import group_paths
from osint_desk.ui.lists.model import (
    ENTRIES,
    LIST_KEY_ROLE,
    NAME,
    PUBLISHED,
    SHA256,
    ListsTableModel,
)
from osint_desk.ui.tasks import TaskRunner

pytestmark = pytest.mark.skipif(not UN_FULL.exists(), reason=MISSING_REASON)


# -- the table ---------------------------------------------------------------------------


def test_empty_library_says_what_to_do(dialog: SanctionsListsDialog) -> None:
    assert dialog.stack.currentWidget() is dialog.empty
    text = dialog.empty.text()
    assert "No sanctions lists imported yet" in text
    assert "Import files…" in text and "Import folder…" in text and "sdn.csv" in text
    assert not dialog.remove_button.isEnabled()
    assert dialog.import_files_button.isEnabled() and dialog.import_folder_button.isEnabled()
    assert not dialog.isModal()


def test_import_the_un_list_in_the_background(dialog: SanctionsListsDialog, qtbot: QtBot,
                                              library_path: Path) -> None:
    with qtbot.waitSignal(dialog.lists_changed, timeout=WAIT_MS), \
            qtbot.waitSignal(dialog.operation_finished, timeout=WAIT_MS) as done:
        assert dialog.import_paths([UN_FULL])
        # While it runs: busy bar and Cancel shown, nothing else can start.
        assert dialog.running and dialog.progress_panel.isVisibleTo(dialog)
        assert dialog.cancel_button.isVisibleTo(dialog)
        assert not dialog.import_files_button.isEnabled()
        assert not dialog.import_paths([UN_SUBSET])
    assert done.args == ["UN Security Council Consolidated List: 1,003 entries (1,003 added,"
                         " 0 removed, 0 changed)"]
    assert dialog.status.text() == done.args[0]
    assert not dialog.running and not dialog.progress_panel.isVisibleTo(dialog)

    model = dialog.model
    assert dialog.stack.currentWidget() is dialog.table
    assert model.rowCount() == 1
    row = [cell(model, 0, column) for column in range(model.columnCount())]
    assert row[0] == "UN" and row[1] == "UN Security Council Consolidated List"
    assert row[2] == "2026-02-27" and row[4] == "1,003" and row[5] == "4,121"
    with ListLibrary(library_path) as library:
        (summary,) = library.lists()
    digest = summary.info.file_sha256
    assert row[6] == digest[:12] + "…"
    assert digest in cell(model, 0, SHA256, Qt.ItemDataRole.ToolTipRole)
    assert UN_FULL.name in cell(model, 0, NAME, Qt.ItemDataRole.ToolTipRole)
    assert summary.entry_count == 1003
    # The new list is selected and its details show the whole hash.
    assert dialog.selected_list_key() == "un-sc"
    assert digest in dialog.details.text()
    assert dialog.remove_button.isEnabled()


def test_publication_date_for_a_format_without_one(dialog: SanctionsListsDialog,
                                                    qtbot: QtBot) -> None:
    dialog.published.setText("2025-13")
    assert not dialog.import_paths([OFAC_SUBSET])
    assert not dialog.running and "Publication date" in dialog.status.text()

    dialog.published.setText("2025-05-16")
    message = import_and_wait(dialog, qtbot, OFAC_SUBSET)
    assert message.startswith("OFAC Specially Designated Nationals and Blocked Persons (SDN)"
                              " List: 17 entries (17 added, 0 removed, 0 changed)")
    assert "unknown" not in message
    assert cell(dialog.model, 0, PUBLISHED) == "2025-05-16"
    assert dialog.published.text() == ""  # not carried over to the next list

    message = import_and_wait(dialog, qtbot, OFAC_SUBSET)  # the same files again, without a date
    assert message.endswith("(0 added, 0 removed, 0 changed)")  # the date given is kept
    assert cell(dialog.model, 0, PUBLISHED) == "2025-05-16"


def test_a_bad_file_is_named_and_changes_nothing(dialog: SanctionsListsDialog, qtbot: QtBot,
                                                 library_path: Path, tmp_path: Path) -> None:
    import_and_wait(dialog, qtbot, UN_SUBSET)
    before = snapshot(library_path)
    truncated = tmp_path / "consolidated.xml"
    truncated.write_bytes(UN_FULL.read_bytes()[:60_000])

    with qtbot.assertNotEmitted(dialog.lists_changed):
        message = import_and_wait(dialog, qtbot, truncated)
    assert str(truncated) in message and "truncated" in message
    assert message.startswith("Nothing was imported; the library is unchanged.")
    assert dialog.message_box is not None and dialog.message_box.isVisible()
    assert str(truncated) in dialog.message_box.text()
    assert snapshot(library_path) == before
    assert dialog.model.rowCount() == 1 and cell(dialog.model, 0, ENTRIES) == "10"


def test_several_files_import_as_separate_lists(dialog: SanctionsListsDialog, qtbot: QtBot,
                                                tmp_path: Path) -> None:
    junk = tmp_path / "notes.txt"
    junk.write_text("not a list\n", encoding="utf-8")
    ofac = sorted(OFAC_SUBSET.iterdir())
    assert group_paths([UN_SUBSET, *ofac, junk]) == [[UN_SUBSET], ofac, [junk]]
    with qtbot.waitSignal(dialog.lists_changed, timeout=WAIT_MS):
        message = import_and_wait(dialog, qtbot, UN_SUBSET, *ofac, junk)
    lines = message.splitlines()
    assert lines[0].startswith("UN Security Council Consolidated List: 10 entries")
    assert lines[1].startswith("OFAC Specially Designated Nationals")
    assert str(junk) in lines[2]
    assert dialog.model.rowCount() == 2


def test_an_unusable_library_is_said_not_crashed(library_path: Path, tasks: TaskRunner,
                                                 qtbot: QtBot) -> None:
    library_path.write_bytes(b"not a list library " * 100)
    made = open_dialog(library_path, tasks, qtbot)
    assert "cannot be opened" in made.empty.text()
    with qtbot.assertNotEmitted(made.lists_changed):
        message = import_and_wait(made, qtbot, UN_SUBSET)
    assert message.startswith("Nothing was imported; the library is unchanged.")
    assert str(library_path) in message and "not an OSINT Desk list library" in message
    box = made.message_box
    assert box is not None and box.isVisible() and box.windowTitle() == "Import failed"
    assert not made.running and made.import_files_button.isEnabled()
    box.close()


# -- removing ----------------------------------------------------------------------------


def test_remove_asks_naming_the_list(dialog: SanctionsListsDialog, qtbot: QtBot,
                                     library_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import_and_wait(dialog, qtbot, UN_SUBSET)
    import_and_wait(dialog, qtbot, EU_EXCERPT)
    dialog.table.selectRow(dialog.proxy.mapFromSource(
        dialog.model.index(dialog.model.row_of("un-sc"), 0)).row())
    asked: list[str] = []
    answer = QMessageBox.StandardButton.No

    def question(parent: Any, title: str, text: str, *args: Any) -> QMessageBox.StandardButton:
        asked.append(text)
        return answer

    monkeypatch.setattr(QMessageBox, "question", question)
    assert not dialog.remove_selected()  # "No": nothing happens
    assert dialog.model.rowCount() == 2

    answer = QMessageBox.StandardButton.Yes
    with qtbot.waitSignal(dialog.lists_changed, timeout=WAIT_MS), \
            qtbot.waitSignal(dialog.operation_finished, timeout=WAIT_MS) as done:
        assert dialog.remove_selected()
    assert "UN Security Council Consolidated List" in asked[-1] and "10 entries" in asked[-1]
    assert done.args == ["Removed UN Security Council Consolidated List from the library."]
    with ListLibrary(library_path) as library:
        assert [s.info.list_key for s in library.lists()] == ["eu-fsf"]
        assert library.entries("un-sc") == []
    assert dialog.model.rowCount() == 1
    assert dialog.model.data(dialog.model.index(0, 0), LIST_KEY_ROLE) == "eu-fsf"

    dialog.table.selectRow(0)
    with qtbot.waitSignal(dialog.operation_finished, timeout=WAIT_MS):
        assert dialog.remove_selected()
    assert dialog.stack.currentWidget() is dialog.empty


# -- the model ---------------------------------------------------------------------------


def test_lists_table_model(qtmodeltester: ModelTester, dialog: SanctionsListsDialog,
                           qtbot: QtBot, library_path: Path) -> None:
    import_and_wait(dialog, qtbot, UN_SUBSET)
    import_and_wait(dialog, qtbot, OFAC_SUBSET)
    with ListLibrary(library_path) as library:
        summaries = library.lists()
    model = ListsTableModel(summaries)
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 2 and model.rowCount(model.index(0, 0)) == 0
    assert model.headerData(PUBLISHED, Qt.Orientation.Horizontal) == "Published"
    ofac = model.row_of("ofac-sdn")
    assert cell(model, ofac, PUBLISHED) == "unknown"
    assert "no publication date" in cell(model, ofac, PUBLISHED, Qt.ItemDataRole.ToolTipRole)
    assert model.data(QModelIndex()) is None
    model.set_summaries([])
    assert model.rowCount() == 0


# -- refused updates, restoring, warnings ------------------------------------------------


def test_a_refused_update_asks_and_restore_undoes_it(dialog: SanctionsListsDialog,
                                                     qtbot: QtBot, library_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import_and_wait(dialog, qtbot, UN_FULL)
    assert not dialog.restore_button.isEnabled()  # nothing to restore yet
    before = snapshot(library_path)
    for answer in ("cancel", "replace"):
        with qtbot.assertNotEmitted(dialog.lists_changed):
            message = import_and_wait(dialog, qtbot, UN_SUBSET)  # 10 entries over 1,003: refused
        assert message.startswith("Nothing was imported; the library is unchanged.\nun-sc:"
                                  " update refused")
        box = dialog.refusal_box
        assert box is not None and box.isVisible() and box.windowTitle() == "Update refused"
        assert "would remove 993 of 1,003 entries (99 %)" in box.text()
        assert "Replace anyway?" in box.text() and box.defaultButton() is box.cancel_button
        assert snapshot(library_path) == before
        if answer == "cancel":
            qtbot.mouseClick(box.cancel_button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda: dialog.refusal_box is None)
            assert not dialog.running and snapshot(library_path) == before
    assert box is not None
    with qtbot.waitSignal(dialog.lists_changed, timeout=WAIT_MS), \
            qtbot.waitSignal(dialog.operation_finished, timeout=WAIT_MS) as done:
        qtbot.mouseClick(box.replace_button, Qt.MouseButton.LeftButton)
    assert done.args[0].startswith("UN Security Council Consolidated List: 10 entries"
                                   " (0 added, 993 removed")
    assert cell(dialog.model, 0, ENTRIES) == "10" and dialog.selected_list_key() == "un-sc"
    assert "Previous publication kept (2026-02-27)" in dialog.details.text()
    assert dialog.restore_button.isEnabled()

    asked: list[str] = []
    answer_button = QMessageBox.StandardButton.No

    def question(parent: Any, title: str, text: str, *args: Any) -> QMessageBox.StandardButton:
        asked.append(f"{title}: {text}")
        return answer_button

    monkeypatch.setattr(QMessageBox, "question", question)
    assert not dialog.restore_selected()  # "No": nothing happens
    assert asked[0].startswith("Restore previous publication: Restore the previous"
                               " publication of “UN Security Council Consolidated List”"
                               " (2026-02-27)?")
    answer_button = QMessageBox.StandardButton.Yes
    with qtbot.waitSignal(dialog.lists_changed, timeout=WAIT_MS), \
            qtbot.waitSignal(dialog.operation_finished, timeout=WAIT_MS) as done:
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert done.args == ["Restored the previous publication. UN Security Council Consolidated"
                         " List: 1,003 entries (993 added, 0 removed, 0 changed)"]
    assert cell(dialog.model, 0, ENTRIES) == "1,003"
    with ListLibrary(library_path) as library:
        [summary] = library.lists()
    assert summary.info == before[0][0] and summary.name_count == before[0][3]


def test_a_failed_restore_or_removal_is_said(dialog: SanctionsListsDialog, qtbot: QtBot,
                                             library_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    import_and_wait(dialog, qtbot, UN_FULL)
    with ListLibrary(library_path) as library:  # an update, from another program (the CLI)
        library.import_files([UN_SUBSET], replace=True)
    dialog.refresh()
    dialog.table.selectRow(0)
    assert dialog.restore_button.isEnabled()
    with ListLibrary(library_path) as library:  # ... which then drops the list altogether
        library.remove("un-sc")
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *args: QMessageBox.StandardButton.Yes)
    with qtbot.assertNotEmitted(dialog.lists_changed), \
            qtbot.waitSignal(dialog.operation_finished, timeout=WAIT_MS) as done:
        assert dialog.restore_selected()
        assert not dialog.cancel_button.isVisibleTo(dialog)  # short: no Cancel
    assert done.args == ["The previous publication was not restored."]
    box = dialog.message_box
    assert box is not None and box.windowTitle() == "Restore failed"
    assert "un-sc" in box.text() and "no previous publication" in box.text()
    assert dialog.stack.currentWidget() is dialog.empty  # read again: the list is gone
    box.close()
    qtbot.waitUntil(lambda: dialog.message_box is None)

    import_and_wait(dialog, qtbot, UN_SUBSET)
    with ListLibrary(library_path) as library:
        library.remove("un-sc")
    dialog.table.selectRow(0)
    with qtbot.assertNotEmitted(dialog.lists_changed), \
            qtbot.waitSignal(dialog.operation_finished, timeout=WAIT_MS) as done:
        assert dialog.remove_selected()
    assert done.args == ["The list was not removed."]
    box = dialog.message_box
    assert box is not None and box.windowTitle() == "Remove failed"
    assert "un-sc" in box.text()


def test_import_warnings_are_shown(dialog: SanctionsListsDialog, qtbot: QtBot,
                                   tmp_path: Path) -> None:
    long_name = tmp_path / "long.ftm.json"
    long_name.write_text('{"id": "p1", "schema": "Person", "target": true,'
                         f' "properties": {{"name": ["{"A" * 1500}"]}}}}\n', encoding="utf-8")
    message = import_and_wait(dialog, qtbot, long_name)
    lines = message.splitlines()
    assert lines[0].startswith("OpenSanctions") and ": 1 entries (1 added" in lines[0]
    assert lines[1].startswith("  Warning: long.ftm.json: entry p1: name of 1,500 characters"
                               " cut to 1,000")
    assert dialog.status.text() == message
