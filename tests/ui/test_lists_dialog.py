"""Tools → Sanctions lists: the table, importing on a worker, errors, removal and Cancel.

Cancel is made deterministic by a worker subclass that stops at a chosen point (while the
files are read, or once the transaction is about to begin) until the dialog's Cancel button
is pressed: the import can never finish before the Cancel arrives.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from shared_data import MISSING_REASON, SANCTIONS

from osint_desk.core.sanctions.entries import ListEntry
from osint_desk.core.sanctions.library import ListLibrary
from osint_desk.ui.lists import dialog as dialog_module
from osint_desk.ui.lists.dialog import SanctionsListsDialog
from osint_desk.ui.lists.model import (
    ENTRIES,
    LIST_KEY_ROLE,
    NAME,
    PUBLISHED,
    SHA256,
    ListsTableModel,
)
from osint_desk.ui.lists.worker import ListImportWorker, group_paths

UN_FULL = SANCTIONS / "un_consolidated_2026-02-27.xml"
UN_SUBSET = SANCTIONS / "un_consolidated_subset_derived.xml"
EU_EXCERPT = SANCTIONS / "eu_fsf_xml_excerpt_2024-12-11.xml"
OFAC_2019 = SANCTIONS / "ofac_sdn_csv_full_2019"
OFAC_SUBSET = SANCTIONS / "ofac_sdn_csv_subset_2025"
WAIT_MS = 120_000  # a slow CI machine; the waits end as soon as the signal comes

pytestmark = pytest.mark.skipif(not UN_FULL.exists(), reason=MISSING_REASON)


@pytest.fixture
def library_path(isolated_home: Path) -> Path:
    return isolated_home / "lists.sqlite"


@pytest.fixture
def dialog(library_path: Path, qtbot: QtBot) -> Iterator[SanctionsListsDialog]:
    made = SanctionsListsDialog(library_path)
    qtbot.addWidget(made)
    made.show()
    yield made
    made.shutdown()
    if made.message_box is not None:
        made.message_box.close()


def _import(dialog: SanctionsListsDialog, qtbot: QtBot, *paths: Path) -> str:
    with qtbot.waitSignal(dialog.operation_finished, timeout=WAIT_MS) as done:
        assert dialog.import_paths(list(paths))
    return str(done.args[0])


def _snapshot(path: Path) -> list[tuple[Any, ...]]:
    """What the library holds, down to every entry's content hash and every name."""
    with ListLibrary(path) as library:
        lists = [(s.info, s.imported_at, s.entry_count, s.name_count) for s in library.lists()]
        entries = library.conn.execute(
            "SELECT list_key, entry_ref, content_sha256 FROM entries ORDER BY id").fetchall()
        names = library.conn.execute("SELECT count(*) FROM names").fetchone()
        check = library.conn.execute("PRAGMA integrity_check").fetchone()
    return [*lists, tuple(entries), names, check]


def _cell(model: Any, row: int, column: int, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
    return model.data(model.index(row, column), role)


# -- the table ---------------------------------------------------------------------------


def test_empty_library_says_what_to_do(dialog: SanctionsListsDialog) -> None:
    assert dialog.stack.currentWidget() is dialog.empty
    text = dialog.empty.text()
    assert "No sanctions lists imported yet" in text
    assert "Import files…" in text and "Import folder…" in text and "sdn.csv" in text
    assert not dialog.remove_button.isEnabled()
    assert dialog.import_files_button.isEnabled() and dialog.import_folder_button.isEnabled()
    assert not dialog.isModal()


def test_import_the_un_list_on_the_worker(dialog: SanctionsListsDialog, qtbot: QtBot,
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
    row = [_cell(model, 0, column) for column in range(model.columnCount())]
    assert row[0] == "UN" and row[1] == "UN Security Council Consolidated List"
    assert row[2] == "2026-02-27" and row[4] == "1,003" and row[5] == "4,121"
    with ListLibrary(library_path) as library:
        (summary,) = library.lists()
    digest = summary.info.file_sha256
    assert row[6] == digest[:12] + "…"
    assert digest in _cell(model, 0, SHA256, Qt.ItemDataRole.ToolTipRole)
    assert UN_FULL.name in _cell(model, 0, NAME, Qt.ItemDataRole.ToolTipRole)
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
    message = _import(dialog, qtbot, OFAC_SUBSET)
    assert message.startswith("OFAC Specially Designated Nationals and Blocked Persons (SDN)"
                              " List: 17 entries (17 added, 0 removed, 0 changed)")
    assert "unknown" not in message
    assert _cell(dialog.model, 0, PUBLISHED) == "2025-05-16"
    assert dialog.published.text() == ""  # not carried over to the next list

    message = _import(dialog, qtbot, OFAC_SUBSET)  # the same files again, without a date
    assert message.endswith("(0 added, 0 removed, 0 changed)")  # the date given is kept
    assert _cell(dialog.model, 0, PUBLISHED) == "2025-05-16"


def test_a_bad_file_is_named_and_changes_nothing(dialog: SanctionsListsDialog, qtbot: QtBot,
                                                 library_path: Path, tmp_path: Path) -> None:
    _import(dialog, qtbot, UN_SUBSET)
    before = _snapshot(library_path)
    truncated = tmp_path / "consolidated.xml"
    truncated.write_bytes(UN_FULL.read_bytes()[:60_000])

    with qtbot.assertNotEmitted(dialog.lists_changed):
        message = _import(dialog, qtbot, truncated)
    assert str(truncated) in message and "truncated" in message
    assert message.startswith("Nothing was imported; the library is unchanged.")
    assert dialog.message_box is not None and dialog.message_box.isVisible()
    assert str(truncated) in dialog.message_box.text()
    assert _snapshot(library_path) == before
    assert dialog.model.rowCount() == 1 and _cell(dialog.model, 0, ENTRIES) == "10"


def test_several_files_import_as_separate_lists(dialog: SanctionsListsDialog, qtbot: QtBot,
                                                tmp_path: Path) -> None:
    junk = tmp_path / "notes.txt"
    junk.write_text("not a list\n", encoding="utf-8")
    ofac = sorted(OFAC_SUBSET.iterdir())
    assert group_paths([UN_SUBSET, *ofac, junk]) == [[UN_SUBSET], ofac, [junk]]
    with qtbot.waitSignal(dialog.lists_changed, timeout=WAIT_MS):
        message = _import(dialog, qtbot, UN_SUBSET, *ofac, junk)
    lines = message.splitlines()
    assert lines[0].startswith("UN Security Council Consolidated List: 10 entries")
    assert lines[1].startswith("OFAC Specially Designated Nationals")
    assert str(junk) in lines[2]
    assert dialog.model.rowCount() == 2


# -- removing ----------------------------------------------------------------------------


def test_remove_asks_naming_the_list(dialog: SanctionsListsDialog, qtbot: QtBot,
                                     library_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    _import(dialog, qtbot, UN_SUBSET)
    _import(dialog, qtbot, EU_EXCERPT)
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


# -- Cancel ------------------------------------------------------------------------------


class _Gate:
    """Stops the worker where a test wants the user's Cancel to land, until it does."""

    def __init__(self) -> None:
        self.reached = threading.Event()
        self.released = threading.Event()
        self.sql_aborts = 0  # statements the worker's SQLite progress handler ended

    def stop_here(self) -> None:
        self.reached.set()
        assert self.released.wait(WAIT_MS / 1000), "Cancel never came"


def _gated_worker(gate: _Gate, where: str) -> type[ListImportWorker]:
    class GatedWorker(ListImportWorker):
        def __init__(self, *args: Any, **options: Any) -> None:
            # Confirmed: the 2019 set over the 2025 subset is refused, ending before writing.
            super().__init__(*args, **{**options, "replace": True})

        def cancel(self) -> None:
            super().cancel()
            gate.released.set()

        def _progress(self, done: int) -> None:
            if where == "reading" and done >= 1000:
                gate.stop_here()
            super()._progress(done)

        def _sql_progress(self) -> int:
            abort = super()._sql_progress()
            gate.sql_aborts += abort
            return abort

        def _watch(self, entries: Iterator[ListEntry]) -> Iterator[ListEntry]:
            yield from super()._watch(entries)  # every entry read; "writing" emitted
            if where == "writing":
                gate.stop_here()  # the core's transaction begins when this returns

    return GatedWorker


@pytest.mark.parametrize("where", ["reading", "writing"])
def test_cancel_leaves_the_library_unchanged(dialog: SanctionsListsDialog, qtbot: QtBot,
                                             library_path: Path, where: str,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    _import(dialog, qtbot, OFAC_SUBSET)  # the same list (ofac-sdn), an older, smaller file
    before = _snapshot(library_path)
    gate = _Gate()
    monkeypatch.setattr(dialog_module, "ListImportWorker", _gated_worker(gate, where))

    with qtbot.assertNotEmitted(dialog.lists_changed), \
            qtbot.waitSignal(dialog.operation_finished, timeout=WAIT_MS) as done:
        assert dialog.import_paths([OFAC_2019])
        qtbot.waitUntil(gate.reached.is_set, timeout=WAIT_MS)
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
        assert not dialog.cancel_button.isEnabled()
        assert dialog.progress_label.text().startswith("Cancelling")
    assert done.args == ["Import cancelled; the library is unchanged."]
    # While reading, the core's progress callback stops it; once writing, SQLite does.
    assert gate.sql_aborts == (1 if where == "writing" else 0)
    assert _snapshot(library_path) == before
    assert _cell(dialog.model, 0, ENTRIES) == "17"
    assert not dialog.running and dialog.import_folder_button.isEnabled()


def test_closing_the_window_cancels_the_import(dialog: SanctionsListsDialog, qtbot: QtBot,
                                               library_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    gate = _Gate()
    monkeypatch.setattr(dialog_module, "ListImportWorker", _gated_worker(gate, "writing"))
    with qtbot.waitSignal(dialog.operation_finished, timeout=WAIT_MS) as done:
        assert dialog.import_paths([OFAC_2019])
        qtbot.waitUntil(gate.reached.is_set, timeout=WAIT_MS)
        dialog.close()  # waits for the worker, which the close cancelled
        assert not dialog.isVisible()
    assert done.args == ["Import cancelled; the library is unchanged."]
    with ListLibrary(library_path) as library:
        assert library.lists() == []
        assert library.conn.execute("SELECT count(*) FROM entries").fetchone() == (0,)


# -- the model ---------------------------------------------------------------------------


def test_lists_table_model(qtmodeltester: ModelTester, dialog: SanctionsListsDialog,
                           qtbot: QtBot, library_path: Path) -> None:
    _import(dialog, qtbot, UN_SUBSET)
    _import(dialog, qtbot, OFAC_SUBSET)
    with ListLibrary(library_path) as library:
        summaries = library.lists()
    model = ListsTableModel(summaries)
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 2 and model.rowCount(model.index(0, 0)) == 0
    assert model.headerData(PUBLISHED, Qt.Orientation.Horizontal) == "Published"
    ofac = model.row_of("ofac-sdn")
    assert _cell(model, ofac, PUBLISHED) == "unknown"
    assert "no publication date" in _cell(model, ofac, PUBLISHED, Qt.ItemDataRole.ToolTipRole)
    assert model.data(QModelIndex()) is None
    model.set_summaries([])
    assert model.rowCount() == 0


# -- refused updates, restoring, warnings ------------------------------------------------


def test_a_refused_update_asks_and_restore_undoes_it(dialog: SanctionsListsDialog,
                                                     qtbot: QtBot, library_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    _import(dialog, qtbot, UN_FULL)
    assert not dialog.restore_button.isEnabled()  # nothing to restore yet
    before = _snapshot(library_path)
    for answer in ("cancel", "replace"):
        with qtbot.assertNotEmitted(dialog.lists_changed):
            message = _import(dialog, qtbot, UN_SUBSET)  # 10 entries over 1,003: refused
        assert message.startswith("Nothing was imported; the library is unchanged.\nun-sc:"
                                  " update refused")
        box = dialog.refusal_box
        assert box is not None and box.isVisible() and box.windowTitle() == "Update refused"
        assert "would remove 993 of 1,003 entries (99 %)" in box.text()
        assert "Replace anyway?" in box.text() and box.defaultButton() is box.cancel_button
        assert _snapshot(library_path) == before
        if answer == "cancel":
            qtbot.mouseClick(box.cancel_button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda: dialog.refusal_box is None)
            assert not dialog.running and _snapshot(library_path) == before
    assert box is not None
    with qtbot.waitSignal(dialog.lists_changed, timeout=WAIT_MS), \
            qtbot.waitSignal(dialog.operation_finished, timeout=WAIT_MS) as done:
        qtbot.mouseClick(box.replace_button, Qt.MouseButton.LeftButton)
    assert done.args[0].startswith("UN Security Council Consolidated List: 10 entries"
                                   " (0 added, 993 removed")
    assert _cell(dialog.model, 0, ENTRIES) == "10" and dialog.selected_list_key() == "un-sc"
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
    assert _cell(dialog.model, 0, ENTRIES) == "1,003"
    with ListLibrary(library_path) as library:
        [summary] = library.lists()
    assert summary.info == before[0][0] and summary.name_count == before[0][3]


def test_import_warnings_are_shown(dialog: SanctionsListsDialog, qtbot: QtBot,
                                   tmp_path: Path) -> None:
    long_name = tmp_path / "long.ftm.json"
    long_name.write_text('{"id": "p1", "schema": "Person", "target": true,'
                         f' "properties": {{"name": ["{"A" * 1500}"]}}}}\n', encoding="utf-8")
    message = _import(dialog, qtbot, long_name)
    lines = message.splitlines()
    assert lines[0].startswith("OpenSanctions") and ": 1 entries (1 added" in lines[0]
    assert lines[1].startswith("  Warning: long.ftm.json: entry p1: name of 1,500 characters"
                               " cut to 1,000")
    assert dialog.status.text() == message
