"""The timeline view's reads on the window's task runner, one at a time.

Each work function opens its own read-only connection (a SQLite connection belongs to the
thread that made it) and returns a finished ``TimelineIndex``: the GUI thread only swaps it
in. A view's first read is two tasks — the sketch (``load_sketch``: where the dated
excerpts lie, per lane, drawn as counts within a second on a large case), then the items —
and every read runs inside ``lanes.collector_quiet``. A reload asked for while a task runs
starts once it has ended; a view closed meanwhile ignores the result.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from shiboken6 import isValid

from osint_desk.core.store import CaseStore
from osint_desk.core.timeline import Timeline, TimelineFilter, load_timeline
from osint_desk.core.timeline.build import load_sketch
from osint_desk.ui.tasks import Task, TaskContext
from osint_desk.ui.timeline.canvas import LOADING
from osint_desk.ui.timeline.lanes import (
    TimelineIndex,
    build_index,
    build_sketch,
    collector_quiet,
)

if TYPE_CHECKING:
    from osint_desk.ui.timeline.view import TimelineView


class TimelineLoader:
    def __init__(self, view: TimelineView) -> None:
        self.view = view
        self.task: Task[TimelineIndex] | None = None
        self.again = False  # a reload asked for while a task runs
        self.sketched = False  # the first read's sketch is made (or being made)
        self.failed = ""  # why the last read failed ("" when it did not)
        self.closed = False  # the view's tab was closed: nothing more is read or shown

    def reload(self) -> None:
        """Read the timeline again; the view keeps its last picture meanwhile."""
        view = self.view
        if self.closed:
            return
        if self.task is not None:
            self.again = True
            return
        path, base, keep = view.session.store.path, view.base_filter(), view.toolbar_filter()
        first = [view.card_id] if view.card_id else []
        if view.index is None and not self.sketched:
            self.sketched = True

            def sketch(_context: TaskContext) -> TimelineIndex:
                with collector_quiet(), CaseStore.open(path, read_only=True) as store:
                    dates, names = load_sketch(store, first or None)
                return build_sketch(dates, names, first)

            view.say(LOADING)
            self._run(sketch, "Reading the timeline")
            return

        def work(context: TaskContext) -> TimelineIndex:
            with collector_quiet(), CaseStore.open(path, read_only=True) as store:
                timeline = load_timeline(store, base)
                context.check()
                return build_index(timeline, keep, first)

        if view.index is None or view.index.complete:  # a sketch keeps saying what it is
            view.say(LOADING)
        self._run(work, "Reading the timeline")

    def refilter(self, timeline: Timeline, keep: TimelineFilter, first: list[str]) -> None:
        """The loaded items in lanes again under another filter (a large case's)."""
        if self.task is not None:
            self.again = True  # the next read takes the filter when it starts
            return

        def work(_context: TaskContext) -> TimelineIndex:
            with collector_quiet():
                return build_index(timeline, keep, first)

        self.view.say("Filtering…")
        self._run(work, "Filtering")

    def _run(self, work: Callable[[TaskContext], TimelineIndex], what: str) -> None:
        def done(index: TimelineIndex) -> None:
            self.failed = ""
            if self._ended():
                self.view.show_index(index)
                if not index.complete:  # a sketch: now the items
                    self.again = False
                    self.reload()

        def failed(message: str) -> None:
            self.failed = message
            if self._ended():
                self.view.say(message)

        def cancelled() -> None:
            self._ended()

        self.view.canvas.loading = True
        self.view.canvas.viewport().update()
        self.task = self.view.tasks.run(work, what=what, on_done=done, on_failed=failed,
                                        on_cancelled=cancelled)

    def _ended(self) -> bool:
        """Forget the task; False when the view was closed meanwhile. A reload asked for
        while it ran starts now."""
        self.task = None
        if self.closed or not isValid(self.view):
            return False
        self.view.canvas.loading = False
        if self.again:
            self.again = False
            QTimer.singleShot(0, self.view, self.reload)
        return True
