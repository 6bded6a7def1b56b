"""Laying out a chart on the task runner: plain data in (a copy of the cards, links, start
positions and pins), positions out; nothing here touches a widget or the store."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from osint_desk.core.chart.layout import (
    LARGE_GRAPH,
    LayoutCancelled,
    circular_layout,
    force_layout,
    hierarchical_layout,
    is_incremental,
)
from osint_desk.core.chart.separate import Box, SeparateCancelled, separate, snap_to_grid
from osint_desk.core.chart.state import ChartState
from osint_desk.core.graph import CaseGraph
from osint_desk.ui.tasks import TaskCancelled, TaskContext

SPACING = 190.0  # scene units per link: room for a name under each node and a label between

GAP = 30.0  # scene units between the boxes of two nodes after a layout

Positions = dict[str, tuple[float, float]]


@dataclass(frozen=True)
class LayoutJob:
    layout: str  # "force", "hierarchical" or "circular"
    nodes: tuple[str, ...]
    links: tuple[tuple[str, str], ...]
    start: dict[str, tuple[float, float]] = field(default_factory=dict)
    pinned: frozenset[str] = frozenset()
    boxes: dict[str, Box] = field(default_factory=dict)  # drawn size of each node, if known

    @classmethod
    def of(cls, graph: CaseGraph, state: ChartState, layout: str,
           extra: Mapping[str, tuple[float, float] | None] | None = None,
           boxes: Mapping[str, Box] | None = None) -> LayoutJob:
        """A job over the cards of *state* (plus *extra* cards, starting where given, or
        beside their neighbours for None); hidden cards keep their places."""
        start = {card: (node.x, node.y) for card, node in state.nodes.items()
                 if card in graph.nodes}
        start.update({card: place for card, place in (extra or {}).items()
                      if place is not None and card not in start})
        cards = [card for card, node in state.nodes.items()
                 if card in graph.nodes and not node.hidden]
        cards += [card for card in (extra or {})
                  if card not in state.nodes and card in graph.nodes]
        links = tuple((link.subject_id, link.object_id) for link in graph.links_among(cards))
        pinned = frozenset(card for card, node in state.nodes.items() if node.pinned)
        return cls(layout, tuple(cards), links, {c: start[c] for c in cards if c in start},
                   pinned, dict(boxes or {}))

    def run(self, context: TaskContext) -> Positions:
        return self.compute(lambda: context.cancelled,
                            lambda done, total: context.progress(done, total, "Laying out"))

    def compute(self, cancelled: Callable[[], bool] = lambda: False,
                progress: Callable[[int, int], None] | None = None) -> Positions:
        fixed = {card for card in self.pinned if card in self.start}
        try:
            if self.layout == "force":
                found = force_layout(self.nodes, self.links, start=self.start,
                                     pinned=self.pinned, spacing=SPACING,
                                     cancelled=cancelled, progress=progress)
            elif self.layout == "hierarchical":
                found = hierarchical_layout(self.nodes, self.links, spacing=SPACING)
            else:
                found = circular_layout(self.nodes, self.links, spacing=SPACING)
            # Pinned cards stay where the user put them, whatever the layout.
            found.update({card: self.start[card] for card in fixed})
            # Then no two names on top of each other: a large fresh force layout is first put
            # on a grid (pushing alone does not undo its knots), then pushed apart where a
            # long name still overlaps.
            rounds = 40
            if (self.layout == "force" and len(self.nodes) > LARGE_GRAPH
                    and not is_incremental(self.nodes, self.start)):
                found = snap_to_grid(found, self.boxes, fixed=fixed, gap=GAP)
                rounds = 8
            return separate(found, self.boxes, fixed=fixed, gap=GAP, rounds=rounds,
                            cancelled=cancelled)
        except (LayoutCancelled, SeparateCancelled):
            raise TaskCancelled from None
