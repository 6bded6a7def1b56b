"""The import loop on a worker thread, so many files never freeze the window.

The worker opens its own connection to the case file: the GUI's connection belongs to the GUI
thread. ``import_files`` commits each file in its own transaction, so stopping between files
(Cancel) leaves exactly the finished files in the case, each whole.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot

from osint_desk.core.errors import OsintDeskError
from osint_desk.core.importer import import_files
from osint_desk.core.store import CaseStore


class ImportWorker(QObject):
    """Imports ``paths`` into the case at ``case_path``; move it to a QThread, then ``run``.

    ``progress(done, total, filename)`` is emitted before each file (``filename`` is the one
    about to start) and once more at the end with an empty name. ``outcome`` carries one
    ``ImportOutcome`` per file; ``failed`` a message when the run could not start at all.
    ``finished`` always comes last.
    """

    progress = Signal(int, int, str)
    outcome = Signal(object)
    failed = Signal(str)
    finished = Signal()

    def __init__(self, case_path: Path, actor: str, paths: Sequence[Path],
                 options: dict[str, str | None] | None = None) -> None:
        super().__init__()
        self.case_path = Path(case_path)
        self.actor = actor
        self.paths = list(paths)
        self.options = dict(options or {})
        # An Event, not a Qt signal: the worker's thread is busy in run(), so a queued call
        # would only arrive after the whole import.
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Stop before the next file; safe to call from any thread."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    @Slot()
    def run(self) -> None:
        total = len(self.paths)
        done = 0
        store: CaseStore | None = None
        try:
            store = CaseStore.open(self.case_path, actor=self.actor)
            outcomes = import_files(store, self.paths, **self.options)
            for path in self.paths:
                if self._cancel.is_set():
                    break
                self.progress.emit(done, total, path.name)
                self.outcome.emit(next(outcomes))
                done += 1
            self.progress.emit(done, total, "")
        except OsintDeskError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # a bug or an OS error must not kill the thread silently
            self.failed.emit(f"The import stopped: {type(exc).__name__}: {exc}")
        finally:
            if store is not None:
                store.close()
            self.finished.emit()
