"""What the sanctions-lists window tests share: the list files, a dialog on its own task
runner, importing through it and waiting, and a look at everything the library holds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from shared_data import SANCTIONS

from osint_desk.core.sanctions.library import ListLibrary
from osint_desk.ui.lists.dialog import SanctionsListsDialog
from osint_desk.ui.tasks import TaskRunner

UN_FULL = SANCTIONS / "un_consolidated_2026-02-27.xml"
UN_SUBSET = SANCTIONS / "un_consolidated_subset_derived.xml"
EU_EXCERPT = SANCTIONS / "eu_fsf_xml_excerpt_2024-12-11.xml"
OFAC_2019 = SANCTIONS / "ofac_sdn_csv_full_2019"
OFAC_SUBSET = SANCTIONS / "ofac_sdn_csv_subset_2025"
WAIT_MS = 120_000  # a slow CI machine; the waits end as soon as the signal comes


def open_dialog(library_path: Path, tasks: TaskRunner, qtbot: QtBot) -> SanctionsListsDialog:
    made = SanctionsListsDialog(library_path, tasks)
    qtbot.addWidget(made)
    made.show()
    return made


def close_dialog(made: SanctionsListsDialog, qtbot: QtBot) -> None:
    """Cancel and wait for a job still running, let its outcome arrive, close a message."""
    made.shutdown()
    qtbot.waitUntil(lambda: not made.running, timeout=WAIT_MS)
    if made.message_box is not None:
        made.message_box.close()


def import_and_wait(dialog: SanctionsListsDialog, qtbot: QtBot, *paths: Path) -> str:
    """Import through the dialog; the summary it shows when the job has ended."""
    with qtbot.waitSignal(dialog.operation_finished, timeout=WAIT_MS) as done:
        assert dialog.import_paths(list(paths))
    return str(done.args[0])


def snapshot(path: Path) -> list[tuple[Any, ...]]:
    """What the library holds, down to every entry's content hash and every name."""
    with ListLibrary(path) as library:
        lists = [(s.info, s.imported_at, s.entry_count, s.name_count) for s in library.lists()]
        entries = library.conn.execute(
            "SELECT list_key, entry_ref, content_sha256 FROM entries ORDER BY id").fetchall()
        names = library.conn.execute("SELECT count(*) FROM names").fetchone()
        check = library.conn.execute("PRAGMA integrity_check").fetchone()
    return [*lists, tuple(entries), names, check]


def cell(model: Any, row: int, column: int, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
    return model.data(model.index(row, column), role)
