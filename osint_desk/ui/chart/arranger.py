"""One chart view's layouts on the window's task runner: one at a time, with progress and
Cancel in the view's status line, and the result handed back to the view as one edit."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from shiboken6 import isValid

from osint_desk.ui.chart.layout_job import SPACING, LayoutJob, Positions
from osint_desk.ui.tasks import Task

if TYPE_CHECKING:
    from osint_desk.ui.chart.view import ChartView


class ChartArranger:
    def __init__(self, view: ChartView) -> None:
        self.view = view
        self.task: Task[Positions] | None = None

    @property
    def running(self) -> bool:
        return self.task is not None

    def run(self, job: LayoutJob, done: Callable[[Positions], None],
            adding: list[str]) -> bool:
        """Start *job*; *done* gets the positions (or, after a Cancel while *adding* cards,
        places beside their neighbours)."""
        view = self.view

        def finished(found: Positions) -> None:
            if self._ended():
                done(found)  # the view fits or reveals once the scene shows the result

        def cancelled() -> None:
            if not self._ended():
                return
            if adding:  # the cards still come, placed beside their neighbours
                view.say("Layout cancelled: the new cards are placed but not arranged.")
                done(self.beside(adding))
            else:
                view.say("Layout cancelled: nothing moved.")

        def failed(message: str) -> None:
            if self._ended():
                view.say(message)

        view.toolbar.set_running(True)
        view.say(f"Laying out {len(job.nodes)} cards…")
        self.task = view.tasks.run(job.run, what="The layout", on_done=finished,
                                   on_failed=failed, on_cancelled=cancelled)
        self.task.progressed.connect(self._progress)
        return True

    def _ended(self) -> bool:
        """Forget the task; False when the view was closed while it ran."""
        self.task = None
        if not isValid(self.view) or self.view.closed:
            return False
        self.view.toolbar.set_running(False)
        self.view.say("")
        return True

    def _progress(self, done: int, total: int, _label: str) -> None:
        if total and isValid(self.view):
            self.view.say(f"Laying out… {100 * done // total} %")

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def beside(self, cards: list[str]) -> Positions:
        """Where new cards go without a layout: in a row under their placed neighbours."""
        state, graph = self.view.state, self.view.graph
        found: Positions = {}
        for number, card in enumerate(cards):
            anchors = [state.nodes[n] for n in graph.neighbours(card) if n in state.nodes]
            cx = sum(a.x for a in anchors) / len(anchors) if anchors else 0.0
            cy = sum(a.y for a in anchors) / len(anchors) if anchors else 0.0
            found[card] = (cx + SPACING * (1 + number // 8) * ((number % 8) - 3.5) / 4,
                           cy + SPACING)
        return found
