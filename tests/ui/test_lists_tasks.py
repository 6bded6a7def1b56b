"""Tools → Sanctions lists on the task runner: progress, Cancel (while reading, while
writing, between lists), closing the window under a running import, a job outliving its
window, and the main window handing the dialog its runner.

Cancel is made deterministic by an import-job subclass that stops at a chosen point (while
the files are read, or once the transaction is about to begin) until the dialog's Cancel
button is pressed (or the test lets it go on): the import can never finish before the Cancel
arrives.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from lists_support import (
    EU_EXCERPT,
    OFAC_2019,
    OFAC_SUBSET,
    UN_FULL,
    UN_SUBSET,
    WAIT_MS,
    cell,
    import_and_wait,
    snapshot,
)
from PySide6.QtCore import Qt, QThread
from pytestqt.qtbot import QtBot
from shared_data import MISSING_REASON

from osint_desk.core.sanctions.entries import ListEntry
from osint_desk.core.sanctions.library import ListLibrary
from osint_desk.ui.lists import dialog as dialog_module
from osint_desk.ui.lists.dialog import SanctionsListsDialog
from osint_desk.ui.lists.jobs import ListImportJob
from osint_desk.ui.lists.model import ENTRIES
from osint_desk.ui.main_window import MainWindow
from osint_desk.ui.settings import AppSettings
from osint_desk.ui.tasks import TaskRunner

pytestmark = pytest.mark.skipif(not UN_FULL.exists(), reason=MISSING_REASON)


# -- Cancel ------------------------------------------------------------------------------


class _Gate:
    """Stops the import job where a test wants the user's Cancel to land, until it comes
    (or the test lets the job go on with ``go_on``); ``only``: in the list of that path."""

    def __init__(self, only: Path | None = None) -> None:
        self.only = only
        self.reached = threading.Event()
        self.go_on = threading.Event()
        self.sql_aborts = 0  # statements the job's SQLite progress handler ended

    def stop_here(self, job: ListImportJob, group: list[Path]) -> None:
        if self.only is not None and self.only not in group:
            return
        self.reached.set()
        deadline = time.monotonic() + WAIT_MS / 1000
        while not (job.cancelled or self.go_on.is_set()):  # the runner's cancel flag
            assert time.monotonic() < deadline, "Cancel never came"
            time.sleep(0.005)


def _gated_job(gate: _Gate, where: str) -> type[ListImportJob]:
    class GatedJob(ListImportJob):
        def __init__(self, *args: Any, **options: Any) -> None:
            # Confirmed: the 2019 set over the 2025 subset is refused, ending before writing.
            super().__init__(*args, **{**options, "replace": True})

        def _import(self, library: ListLibrary, group: list[Path]) -> Any:
            self.group = group
            return super()._import(library, group)

        def _progress(self, done: int) -> None:
            if where == "reading" and done >= 1000:
                gate.stop_here(self, self.group)
            super()._progress(done)

        def _sql_progress(self) -> int:
            abort = super()._sql_progress()
            gate.sql_aborts += abort
            return abort

        def _watch(self, entries: Iterator[ListEntry]) -> Iterator[ListEntry]:
            yield from super()._watch(entries)  # every entry read; "Writing" said
            if where == "writing":
                gate.stop_here(self, self.group)  # the core's transaction begins next

    return GatedJob


def test_progress_is_shown_while_the_job_runs_on_the_runner(
        dialog: SanctionsListsDialog, qtbot: QtBot, tasks: TaskRunner,
        monkeypatch: pytest.MonkeyPatch) -> None:
    gate = _Gate(only=OFAC_2019)
    monkeypatch.setattr(dialog_module, "ListImportJob", _gated_job(gate, "writing"))
    seen: list[tuple[int, int, str]] = []
    with qtbot.waitSignal(dialog.lists_changed, timeout=WAIT_MS), \
            qtbot.waitSignal(dialog.operation_finished, timeout=WAIT_MS) as done:
        assert dialog.import_paths([UN_SUBSET, OFAC_2019])
        task = dialog.task
        assert task is not None and tasks.tasks == [task]  # the runner's, not a thread of
        assert dialog.findChildren(QThread) == []  # the window's own
        task.progressed.connect(lambda *args: seen.append(args))
        assert dialog.progress_label.text() == f"Reading {UN_SUBSET.name}…"
        qtbot.waitUntil(gate.reached.is_set, timeout=WAIT_MS)
        qtbot.waitUntil(lambda: "Writing" in dialog.progress_label.text(), timeout=WAIT_MS)
        label = dialog.progress_label.text()
        assert label.startswith("List 2 of 2: Writing ")
        assert label.endswith(" entries from ofac_sdn_csv_full_2019 (folder) to the library…")
        assert dialog.progress_panel.isVisibleTo(dialog) and dialog.running
        assert dialog.cancel_button.isVisibleTo(dialog) and dialog.cancel_button.isEnabled()
        gate.go_on.set()
    # The first words of each list and the writing step are never dropped by the throttle.
    assert (0, 2, f"Reading {UN_SUBSET.name}…") in seen
    assert (1, 2, "Reading ofac_sdn_csv_full_2019 (folder)…") in seen
    assert any(index == 1 and text.startswith("Writing") for index, _n, text in seen)
    lines = done.args[0].splitlines()
    assert lines[0].startswith("UN Security Council Consolidated List: 10 entries")
    assert lines[1].startswith("OFAC Specially Designated Nationals")
    assert not dialog.running and not tasks.busy()
    assert not dialog.progress_panel.isVisibleTo(dialog)
    assert dialog.model.rowCount() == 2


@pytest.mark.parametrize("where", ["reading", "writing"])
def test_cancel_leaves_the_library_unchanged(dialog: SanctionsListsDialog, qtbot: QtBot,
                                             library_path: Path, where: str,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    import_and_wait(dialog, qtbot, OFAC_SUBSET)  # the same list (ofac-sdn), older and smaller
    before = snapshot(library_path)
    gate = _Gate()
    monkeypatch.setattr(dialog_module, "ListImportJob", _gated_job(gate, where))

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
    assert snapshot(library_path) == before
    assert cell(dialog.model, 0, ENTRIES) == "17"
    assert not dialog.running and dialog.import_folder_button.isEnabled()


def test_cancel_between_lists_keeps_the_lists_before(dialog: SanctionsListsDialog,
                                                     qtbot: QtBot, library_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    gate = _Gate()
    monkeypatch.setattr(dialog_module, "ListImportJob", _gated_job(gate, "reading"))
    with qtbot.waitSignal(dialog.lists_changed, timeout=WAIT_MS), \
            qtbot.waitSignal(dialog.operation_finished, timeout=WAIT_MS) as done:
        assert dialog.import_paths([UN_SUBSET, OFAC_2019, EU_EXCERPT])
        qtbot.waitUntil(gate.reached.is_set, timeout=WAIT_MS)  # in the second list
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    lines = done.args[0].splitlines()
    assert lines[0] == ("Import cancelled; the lists imported before Cancel stay, the rest"
                        " were left as they were.")
    assert lines[1].startswith("UN Security Council Consolidated List: 10 entries")
    with ListLibrary(library_path) as library:
        assert [s.info.list_key for s in library.lists()] == ["un-sc"]
    assert dialog.selected_list_key() == "un-sc"


def test_closing_the_window_cancels_the_import(dialog: SanctionsListsDialog, qtbot: QtBot,
                                               library_path: Path, tasks: TaskRunner,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    gate = _Gate()
    monkeypatch.setattr(dialog_module, "ListImportJob", _gated_job(gate, "writing"))
    with qtbot.waitSignal(dialog.operation_finished, timeout=WAIT_MS) as done:
        assert dialog.import_paths([OFAC_2019])
        qtbot.waitUntil(gate.reached.is_set, timeout=WAIT_MS)
        task = dialog.task
        assert task is not None
        dialog.close()  # cancels the task and waits for its work to return
        assert not dialog.isVisible() and task.cancel_requested
    assert done.args == ["Import cancelled; the library is unchanged."]
    assert not dialog.running and not tasks.busy() and not task.running
    with ListLibrary(library_path) as library:
        assert library.lists() == []
        assert library.conn.execute("SELECT count(*) FROM entries").fetchone() == (0,)


def test_a_job_outliving_its_window_ends_quietly(library_path: Path, tasks: TaskRunner,
                                                 qtbot: QtBot,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The window destroyed under a running job (its parent went): the runner keeps the
    thread, the job finishes, and no outcome reaches the dead window."""
    gate = _Gate()
    monkeypatch.setattr(dialog_module, "ListImportJob", _gated_job(gate, "writing"))
    made = SanctionsListsDialog(library_path, tasks)
    made.show()
    assert made.import_paths([OFAC_SUBSET])
    qtbot.waitUntil(gate.reached.is_set, timeout=WAIT_MS)
    task = made.task
    assert task is not None
    shiboken6.delete(made)
    with qtbot.waitSignal(task.finished, timeout=WAIT_MS):
        gate.go_on.set()
    assert not tasks.busy()
    with ListLibrary(library_path) as library:
        assert [s.entry_count for s in library.lists()] == [17]


def test_the_window_gives_the_dialog_its_task_runner(qtbot: QtBot, tmp_path: Path,
                                                     library_path: Path) -> None:
    main = MainWindow(AppSettings(tmp_path / "settings.ini"), library_path=library_path)
    qtbot.addWidget(main)
    main.show()
    lists = main.tools.sanctions_lists()
    assert lists.tasks is main.tasks
    with qtbot.waitSignal(lists.operation_finished, timeout=WAIT_MS):
        assert lists.import_paths([UN_SUBSET])
        assert lists.task is not None and lists.task in main.tasks.tasks
    assert not main.tasks.busy() and lists.model.rowCount() == 1
    assert main.statusBar().currentMessage().startswith("UN Security Council Consolidated")
    lists.close()
