"""The chart's QGraphicsScene: items made from the case's network and a ``ChartState``
(through ``core.chart.plan``), kept in step with each new state without rebuilding what did
not change, and the one user gesture the scene itself owns: dragging nodes (reported once,
on release, so a drag is one undo step)."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from functools import partial
from typing import cast

from PySide6.QtCore import QObject, QPointF, QRectF, QTimer, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QGraphicsScene, QGraphicsSceneMouseEvent

from osint_desk.core.chart.plan import ChartPlan, DrawnLink, plan_chart
from osint_desk.core.chart.state import ChartState
from osint_desk.core.graph import CaseGraph
from osint_desk.ui.chart import style
from osint_desk.ui.chart.group_item import GroupFrame
from osint_desk.ui.chart.link_item import LinkItem
from osint_desk.ui.chart.link_layer import LinkLayer
from osint_desk.ui.chart.node_item import CARD, GROUP, NodeItem, NodeLook

MARGIN = 80.0
LABEL_PLACES = (0.5, 0.4, 0.6, 0.3, 0.7, 0.22, 0.78)
PLAN_AT_ONCE = 1000  # cards: on a larger chart a sync plans in a turn of its own
Coords = tuple[float, float, float, float]  # left, top, right, bottom
MAX_PLACED_LABELS = 400  # beyond this, labels stay mid-link (placing them costs O(n²))
SYNC_AT_ONCE = 400  # item changes a sync makes before returning; more go in turns
BUILD_BUDGET_S = 0.03  # of the GUI thread per turn while a large change is made


class ChartScene(QGraphicsScene):
    """``nodes`` by card or group id, ``links`` by relationship id, ``frames`` by group id."""

    # {card or group id: (x, y)} of the nodes the user dragged, after the release
    nodes_moved = Signal(dict)
    built = Signal()  # a sync's last change is made (see ``sync``)
    building_started = Signal()  # a sync goes on in turns: views hold their picture

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # No BSP index: a layout moves every node and so every link, and keeping the tree up
        # to date (prepareGeometryChange of thousands of long links) cost half a second on
        # the GUI thread at 5,000 links, while a linear search of 7,000 items for a paint or
        # a click takes a millisecond or two.
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.colours = style.Palette.current()
        self.setBackgroundBrush(QBrush(self.colours.background))
        self.nodes: dict[str, NodeItem] = {}
        self.links: dict[str, LinkItem] = {}
        self.frames: dict[str, GroupFrame] = {}
        self.graph: CaseGraph = CaseGraph({}, {})
        self.state = ChartState()
        self.plan = plan_chart(self.graph, self.state)
        self._pressed: dict[str, QPointF] = {}
        self._syncing = False
        self._steps: deque[Callable[[], None]] = deque()
        self._selected: set[str] = set()  # to select again once a sync is made
        self._holding = False  # building_started was emitted, built not yet
        self.link_layer = LinkLayer(self.links, self.colours)  # draws every link
        self.addItem(self.link_layer)
        self._build = QTimer(self)  # the next turn of a large sync
        self._build.setSingleShot(True)
        self._build.setInterval(1)  # a real timer: other due timers run between turns
        self._build.timeout.connect(lambda: self._run_steps(BUILD_BUDGET_S))

    # -- from data to items ---------------------------------------------------------------

    def sync(self, graph: CaseGraph, state: ChartState, *, at_once: bool = False) -> None:
        """Make the items show *state* over *graph*; selection is kept where it can be.

        Up to ``SYNC_AT_ONCE`` item changes are made before this returns. A larger change (a
        big chart opened, every node moved by a layout) is made in turns of the event loop of
        at most ``BUILD_BUDGET_S`` each, so the window keeps answering; ``built`` is emitted
        when the last is made (at once too). On a chart of more than ``PLAN_AT_ONCE`` cards
        even the plan is made in a turn of its own (at 2,000 cards and 5,000 links, with the
        save that asked for it, it held the GUI thread over 100 ms). A new sync drops the
        turns not yet run and starts from the items made so far. *at_once* makes everything
        before returning.
        """
        self._build.stop()
        self._selected |= {str(item.data(0)) for item in self.selectedItems()}
        self.graph, self.state = graph, state
        self._steps = deque([self._plan])
        if at_once:
            self._run_steps(None)
        elif len(state.nodes) > PLAN_AT_ONCE:
            self._build.start()
        else:
            self._steps.popleft()()
            if self._holding:  # many changes all the same: in turns
                self._build.start()
            else:
                self._run_steps(None)

    def _plan(self) -> None:
        """The first step of a sync: what to draw; then (in a turn of its own on a chart
        past ``PLAN_AT_ONCE`` cards) which items change."""
        self.plan = plan_chart(self.graph, self.state)
        if len(self.state.nodes) > PLAN_AT_ONCE:
            self._steps.appendleft(self._plan_items)
        else:
            self._plan_items()

    def _plan_items(self) -> None:
        plan = self.plan
        looks = self._looks(plan)
        steps: list[Callable[[], None]] = []
        for key in [k for k in self.nodes if k not in looks]:
            self._remove(self.nodes.pop(key))
        for key, (look, position) in looks.items():
            item = self.nodes.get(key)
            if item is None or item.look != look or item.place != position:
                steps.append(partial(self._put_node, key, look, position))
        steps.extend(self._link_steps(plan))
        many = len(steps) > SYNC_AT_ONCE
        self._steps.extend(steps)
        if many:  # what the first paint needs, in turns of their own
            self._steps.extend((self._queue_label_fitting, self._queue_batches,
                                self._prepare_names))
        self._steps.append(self._finish)
        if many and not self._holding:
            self._holding = True
            self.building_started.emit()

    def _queue_label_fitting(self) -> None:
        """Next, which labels fit, a part per turn (the links are where they go by now)."""
        self._steps.extendleft(reversed(self.link_layer.fit_label_steps()))

    def _queue_batches(self) -> None:
        """Next, the link layer's batches, a part per turn (the links exist by now)."""
        self._steps.extendleft(reversed(self.link_layer.prepare_steps()))

    def _prepare_names(self) -> None:
        for item in self.nodes.values():
            item.prepare_text()

    @property
    def building(self) -> bool:
        """Items are still being made or moved (see ``sync``)."""
        return bool(self._steps)

    def finish_building(self) -> None:
        """Make what is left now (before a screenshot or an export)."""
        self._build.stop()
        self._run_steps(None)

    def _run_steps(self, budget: float | None) -> None:
        self._syncing = True
        try:
            deadline = None if budget is None else time.perf_counter() + budget
            steps = self._steps
            while steps:
                steps.popleft()()
                if deadline is not None and steps and time.perf_counter() >= deadline:
                    self._build.start()
                    return
        finally:
            self._syncing = False

    def _put_node(self, key: str, look: NodeLook, position: tuple[float, float]) -> None:
        item = self.nodes.get(key)
        if item is None:
            item = self.nodes[key] = NodeItem(look, self.colours)
            self.addItem(item)
        elif item.look != look:
            item.set_look(look)
        if item.place != position:
            item.setPos(*position)

    def _finish(self) -> None:
        self._sync_frames(self.plan)
        self.place_labels()
        for key in self._selected:
            for found in (self.nodes.get(key), self.links.get(key), self.frames.get(key)):
                if found is not None:
                    found.setSelected(True)
        self._selected = set()
        self._holding = False
        self.setSceneRect(self.content_rect())
        self.built.emit()

    def _looks(self, plan: ChartPlan) -> dict[str, tuple[NodeLook, tuple[float, float]]]:
        looks: dict[str, tuple[NodeLook, tuple[float, float]]] = {}
        for card, position in plan.cards.items():
            row = self.graph.nodes[card]
            looks[card] = (NodeLook(
                card, CARD, row.name, row.type, row.mentions, row.authorities,
                plan.hidden_neighbours.get(card, 0), self.state.nodes[card].pinned), position)
        for gid, group in plan.groups.items():
            if group.collapsed:
                hidden = sum(plan.hidden_neighbours.get(m, 0) for m in group.members)
                looks[gid] = (NodeLook(gid, GROUP, group.label, "", hidden_neighbours=hidden,
                                       members=len(group.members)), (group.x, group.y))
        return looks

    def _link_steps(self, plan: ChartPlan) -> list[Callable[[], None]]:
        """Links whose ends and bend did not change are kept (a move only adjusts them);
        the others go now and are made again in steps, after the nodes they join."""
        steps: list[Callable[[], None]] = []
        wanted = {drawn.link.id: drawn for drawn in plan.links}
        for key in [k for k in self.links if k not in wanted]:
            self._drop_link(self.links.pop(key))
        for key, drawn in wanted.items():
            names = (self.graph.nodes[drawn.link.subject_id].name,
                     self.graph.nodes[drawn.link.object_id].name)
            item = self.links.get(key)
            if item is not None and (item.source.key, item.target.key, item.offset) == (
                    drawn.source, drawn.target, drawn.offset) \
                    and self.nodes.get(drawn.source) is item.source \
                    and self.nodes.get(drawn.target) is item.target:
                if item.link != drawn.link or item.names != names:
                    item.set_link(drawn.link, names)
                continue
            if item is not None:
                self._drop_link(self.links.pop(key))
            steps.append(partial(self._make_link, drawn, names))
        return steps

    def _make_link(self, drawn: DrawnLink, names: tuple[str, str]) -> None:
        item = LinkItem(drawn.link, self.nodes[drawn.source], self.nodes[drawn.target],
                        drawn.offset, self.colours, names)
        item.layer = self.link_layer
        self.addItem(item)
        item.redraw()
        self.links[drawn.link.id] = item

    def _drop_link(self, item: LinkItem) -> None:
        item.detach()
        item.redraw()
        item.layer = None
        self.removeItem(item)

    def _sync_frames(self, plan: ChartPlan) -> None:
        for frame in self.frames.values():
            frame.detach()
            self.removeItem(frame)
        self.frames.clear()
        for gid, group in plan.groups.items():
            if not group.collapsed:
                members = [self.nodes[m] for m in group.members if m in self.nodes]
                if members:
                    frame = self.frames[gid] = GroupFrame(gid, group.label, members,
                                                          self.colours)
                    self.addItem(frame)

    def place_labels(self) -> None:
        """Slide each link's label along its line to the first place where it covers no
        node, name or label placed before it (or, when there is none, covers least)."""
        if len(self.links) > MAX_PLACED_LABELS:
            return
        taken = []
        for node in self.nodes.values():
            taken.append(node.mapRectToScene(node.label_rect))
            taken.append(node.mapRectToScene(node.badges_rect()))
        for link in sorted(self.links.values(), key=lambda item: item.key):
            chosen, least = LABEL_PLACES[0], float("inf")
            for t in LABEL_PLACES:
                rect = link.label_at(t)
                covered = 0.0
                for other in taken:
                    if rect.intersects(other):
                        common = rect.intersected(other)
                        covered += common.width() * common.height()
                if covered < least:
                    chosen, least = t, covered
                if covered == 0:
                    break
            link.set_label_t(chosen)
            taken.append(link.label_rect)

    def _remove(self, item: NodeItem) -> None:
        for link in list(item.links):
            link.detach()
        self.removeItem(item)

    def content_rect(self) -> QRectF:
        """What the chart covers (nodes with their names and badges, links with their
        labels, group frames), with a margin; the link layer's reach is not content."""
        corners: list[Coords] = [
            cast(Coords, item.sceneBoundingRect().getCoords()) for item in self.nodes.values()]
        corners += [cast(Coords, link.bounds.getCoords()) for link in self.links.values()]
        corners += [cast(Coords, frame.sceneBoundingRect().getCoords())
                    for frame in self.frames.values()]
        if not corners:
            return QRectF(-200 - MARGIN, -150 - MARGIN, 400 + 2 * MARGIN, 300 + 2 * MARGIN)
        left, top = min(c[0] for c in corners), min(c[1] for c in corners)
        right, bottom = max(c[2] for c in corners), max(c[3] for c in corners)
        return QRectF(left - MARGIN, top - MARGIN, right - left + 2 * MARGIN,
                      bottom - top + 2 * MARGIN)

    def restyle(self) -> None:
        """Colours again from the application palette (the theme changed)."""
        style.forget_fonts()
        self.colours = self.link_layer.colours = style.Palette.current()
        self.link_layer.forget()
        self.setBackgroundBrush(QBrush(self.colours.background))
        items: list[NodeItem | LinkItem | GroupFrame] = [
            *self.nodes.values(), *self.links.values(), *self.frames.values()]
        for item in items:
            item.colours = self.colours
            item.update()
        self.link_layer.update()

    # -- reading ----------------------------------------------------------------------------

    def selected_nodes(self) -> list[NodeItem]:
        return [item for item in self.selectedItems() if isinstance(item, NodeItem)]

    def selected_cards(self) -> list[str]:
        """Card ids of the selected nodes, a collapsed group standing for its members."""
        cards: list[str] = []
        for item in self.selected_nodes():
            if item.is_group:
                cards.extend(self.plan.groups[item.key].members)
            else:
                cards.append(item.key)
        return cards

    def selected_link(self) -> str:
        found = [item.key for item in self.selectedItems() if isinstance(item, LinkItem)]
        return found[0] if len(found) == 1 else ""

    def node_at(self, point: QPointF) -> NodeItem | None:
        for item in self.items(point):
            if isinstance(item, NodeItem):
                return item
        return None

    # -- dragging ---------------------------------------------------------------------------

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        super().mousePressEvent(event)
        self._pressed = {item.key: item.pos() for item in self.selected_nodes()}

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        moved = {key: (item.pos().x(), item.pos().y()) for key in self._pressed
                 if (item := self.nodes.get(key)) is not None
                 and item.pos() != self._pressed[key]}
        self._pressed = {}
        if moved and not self._syncing:
            self.place_labels()
            self.setSceneRect(self.content_rect())
            self.nodes_moved.emit(moved)
