"""Suggestions computed on the window's task runner, for one source or the whole case.

The work opens its own read-only connection (a SQLite connection belongs to the thread that
made it) and the list library when one exists; it reports progress per source and stops at
the next source (or the next step inside a long one) after Cancel.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

from osint_desk.core.store import CaseStore
from osint_desk.ui.review.items import ReviewItem
from osint_desk.ui.tasks import TaskContext


def suggestions_work(path: Path, source_id: str, library_path: Path | None
                     ) -> Callable[[TaskContext], list[ReviewItem]]:
    """The task: every suggestion of ``source_id`` ("" for every live source). An encrypted
    case's passphrase is shared by the window with its background opens."""

    def work(context: TaskContext) -> list[ReviewItem]:
        from osint_desk.core.extract.suggest import Suggester
        from osint_desk.core.sanctions.library import ListLibrary, default_path

        with ExitStack() as stack:
            store = stack.enter_context(CaseStore.open(path, read_only=True))
            library_file = library_path or default_path()
            library = (stack.enter_context(ListLibrary(library_file, rekey=False))
                       if library_file.exists() else None)
            context.progress(0, 0, "Reading the case's cards and lists")
            suggester = Suggester(store, library=library)
            ids = [source_id] if source_id else store.sources.ids()
            found: list[ReviewItem] = []
            for done, sid in enumerate(ids):
                context.check()
                source = store.sources.get(sid)
                context.progress(done, len(ids), f"Reading {source.title or sid}")
                found.extend(ReviewItem(item, source.title or sid)
                             for item in suggester.suggest_source(sid, context.check))
            context.progress(len(ids), len(ids), "")
            return found

    return work
