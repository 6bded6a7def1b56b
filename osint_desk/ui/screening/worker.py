"""The screening loop on a worker thread, so a large case never freezes the window.

The worker opens its own connections to the case and to the list library: SQLite connections
belong to the thread that made them. ``screen_case`` reads everything first and writes the
results in one transaction at the end, so Cancel leaves the case exactly as it was.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot

from osint_desk.core.case_screening import ScreeningCancelled, screen_case
from osint_desk.core.errors import OsintDeskError
from osint_desk.core.sanctions.library import ListLibrary
from osint_desk.core.store import CaseStore


class ScreeningWorker(QObject):
    """Screens ``entity_ids`` (None: every card) of the case at ``case_path``.

    ``progress(done, total, card_name)`` comes before each card; then exactly one of
    ``succeeded(run)``, ``cancelled()`` or ``failed(message)``; ``finished`` always last.
    """

    progress = Signal(int, int, str)
    succeeded = Signal(object)
    cancelled = Signal()
    failed = Signal(str)
    finished = Signal()

    def __init__(self, case_path: Path, library_path: Path, actor: str,
                 entity_ids: Sequence[str] | None = None) -> None:
        super().__init__()
        self.case_path = Path(case_path)
        self.library_path = Path(library_path)
        self.actor = actor
        self.entity_ids = None if entity_ids is None else list(entity_ids)
        # An Event, not a signal: the worker's thread is busy in run(), so a queued call would
        # arrive only after the whole run.
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Stop before the next card; safe from any thread."""
        self._cancel.set()

    @Slot()
    def run(self) -> None:
        store: CaseStore | None = None
        library: ListLibrary | None = None
        try:
            store = CaseStore.open(self.case_path, actor=self.actor)
            library = ListLibrary(self.library_path)
            run = screen_case(store, library, entity_ids=self.entity_ids,
                              progress=self.progress.emit, cancelled=self._cancel.is_set)
            self.succeeded.emit(run)
        except ScreeningCancelled:
            self.cancelled.emit()
        except OsintDeskError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # a bug or an OS error must not kill the thread silently
            self.failed.emit(f"Screening stopped: {type(exc).__name__}: {exc}")
        finally:
            if library is not None:
                library.close()
            if store is not None:
                store.close()
            self.finished.emit()
