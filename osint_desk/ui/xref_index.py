"""Keeping the cross-case index (``core.xref``) up to date from the window.

The index holds the names, aliases and identifiers of the cards of every case the user
opens, so that a card can say "also in: Case B". The window puts a case in when it opens
and again when it closes (its cards may have changed); the work reads the whole case, so it
runs on the task runner with its own read-only connection. A failure is logged and shown
nowhere: the index is a convenience, and the case is unaffected.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from osint_desk.core.store import CaseStore
from osint_desk.ui.tasks import Task, TaskContext, TaskRunner

_log = logging.getLogger(__name__)


def index_in_background(tasks: TaskRunner, path: Path | str,
                        on_done: Callable[[int], None] | None = None,
                        index: Path | None = None) -> Task[int]:
    """Index the case at ``path``; ``on_done`` gets how many keys were stored."""

    def work(_context: TaskContext) -> int:
        from osint_desk.core.xref import index_case

        with CaseStore.open(path, read_only=True) as store:
            return index_case(store, index=index)

    def failed(message: str) -> None:
        _log.warning("the cross-case index was not updated for %s: %s", path, message)

    return tasks.run(work, what="Indexing the case's cards for other cases",
                     on_done=on_done or (lambda _keys: None), on_failed=failed)
