"""A saved link chart as a centre tab: the scene, the side panel and every chart edit.

The chart's state lives in the case (``store.charts``); each edit makes a new ``ChartState``
and pushes one command (``operations.charts.edit_chart``) that saves it, so undo puts the
old one back. The view redraws from the store when the session says the chart (or the
network: cards, relationships, evidence) changed. Layouts run on the task runner with a copy
of the data and come back as one edit.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping

from PySide6.QtCore import QEvent, QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget
from shiboken6 import isValid

from osint_desk.core.chart.layout import circular_layout
from osint_desk.core.chart.plan import moved_cards
from osint_desk.core.chart.state import ChartState
from osint_desk.core.errors import NotFoundError, OsintDeskError
from osint_desk.core.graph import CaseGraph, load_graph
from osint_desk.core.model import RecordKind
from osint_desk.core.safe_text import for_display
from osint_desk.core.store import CaseStore
from osint_desk.ui.chart.arranger import ChartArranger
from osint_desk.ui.chart.canvas import ChartCanvas
from osint_desk.ui.chart.layout_job import SPACING, LayoutJob, Positions
from osint_desk.ui.chart.panel import ChartPanel
from osint_desk.ui.chart.scene import ChartScene
from osint_desk.ui.chart.toolbar import ChartToolbar
from osint_desk.ui.operations import charts
from osint_desk.ui.session import CaseSession
from osint_desk.ui.tasks import TaskContext, TaskRunner, window_tasks

LARGE_NETWORK = 3000  # cards + relationships: past this the network is read on the runner
NETWORK_KINDS = frozenset({RecordKind.ENTITY, RecordKind.RELATIONSHIP, RecordKind.EXCERPT,
                           RecordKind.SANCTION, RecordKind.SOURCE})


class ChartView(QWidget):
    card_requested = Signal(str)
    excerpt_requested = Signal(str)
    relate_requested = Signal(str, str)  # after the dialog: for tests and the window
    cards_selected = Signal(list)  # card ids the user selected: shared with other views

    def __init__(self, session: CaseSession, chart_id: str, tasks: TaskRunner | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.chart_id = chart_id
        self._tasks = tasks  # None: the window's (``MainWindow.tasks``) once in a window
        self.arranger = ChartArranger(self)  # its layouts, one at a time, on the runner
        self.dialog: QWidget | None = None
        self.graph = CaseGraph({}, {})
        self.state = ChartState()
        self.name = ""
        self.scene = ChartScene(self)
        self.canvas = ChartCanvas(self.scene)
        self.panel = ChartPanel()
        self.message = QLabel()
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.toolbar = ChartToolbar(self)
        side = QWidget()
        side_column = QVBoxLayout(side)
        side_column.setContentsMargins(0, 0, 0, 0)
        side_column.setSpacing(4)
        side_column.addWidget(self.canvas.minimap, 0, Qt.AlignmentFlag.AlignHCenter)
        side_column.addWidget(self.panel, 1)
        splitter = QSplitter()
        splitter.addWidget(self.canvas)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 1)
        splitter.setSizes([900, 360])
        self.splitter = splitter
        bottom = QHBoxLayout()
        bottom.setContentsMargins(6, 0, 6, 2)
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.toolbar.cancel_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(self.toolbar)
        column.addWidget(splitter, 1)
        column.addLayout(bottom)
        self._graph_timer = QTimer(self)
        self._graph_timer.setSingleShot(True)
        self._graph_timer.setInterval(0)
        self._graph_timer.timeout.connect(self.reload)
        self.scene.selectionChanged.connect(self._selection_changed)
        self.scene.nodes_moved.connect(self._nodes_moved)
        self.scene.built.connect(self._built)
        # While a large change is drawn in turns, the view keeps its last picture: painting
        # a half-made chart after every turn would cost more than making it.
        self.scene.building_started.connect(self._hold_picture)
        self._reveal: list[str] = []  # cards just added: brought into view once drawn
        self._fit_pending = False
        self.canvas.activated.connect(self.activate)
        self.canvas.relate_requested.connect(self.relate)
        self.canvas.cards_dropped.connect(self._dropped)
        self.panel.card_requested.connect(self.card_requested)
        self.panel.excerpt_requested.connect(self.excerpt_requested)
        self.panel.expand_requested.connect(self.expand)
        session.changed.connect(self._on_changed)
        session.reloaded.connect(self._graph_timer.start)
        self._shown_once = False
        self._echoing = False  # selecting what another view selected: not announced back
        self.closed = False  # its tab was closed (``closing``)
        self._reads = 0  # background reads of the network started; only the last one counts
        self._reading = False
        if session.store.graph.size() > LARGE_NETWORK:
            self._reading = True  # busy from the start; read once the view is in its window
            self.say("Reading the case's network…")
            QTimer.singleShot(0, self.reload)
        else:
            self.reload()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # light <-> dark
            self.scene.restyle()
            self.canvas.minimap.scene_changed()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown_once:  # once the view has its size
            self._shown_once = True
            self._fit_pending = True
            QTimer.singleShot(0, self._fit_if_built)

    @property
    def tasks(self) -> TaskRunner:
        """The window's one task runner; a chart outside a window (a test) gets its own."""
        if self._tasks is None:
            self._tasks = window_tasks(self)
        return self._tasks

    def delete_target(self) -> None:
        """Nothing on a chart is deleted from the case by Delete…: the Delete key in the
        chart takes the selection off the chart instead (``ChartCanvas.remove_requested``)."""
        return

    def tab_title(self) -> str:
        return for_display(f"Chart: {self.name}" if self.name else "Chart (deleted)")

    # -- reading the store ----------------------------------------------------------------

    def reload(self) -> None:
        """The network and the chart again from the store, then redraw. A large network
        (2,000 cards and 5,000 links: 0.2–0.4 s) is read on the task runner, with its own
        connection; the view shows what it had until then."""
        if not isValid(self) or self.closed:
            return
        store = self.session.store
        if store.graph.size() <= LARGE_NETWORK:
            self._reads += 1  # a read still running is now out of date
            self._reading = False
            self.graph = load_graph(store)
            self._reload_state()
            return
        self._reads += 1
        number, path = self._reads, store.path
        self._reading = True

        def work(_context: TaskContext) -> CaseGraph:
            with CaseStore.open(path, read_only=True) as own:
                return load_graph(own)

        def done(graph: CaseGraph) -> None:
            if isValid(self) and not self.closed and number == self._reads:
                self._reading = False
                if self.message.text() == "Reading the case's network…":
                    self.say("")
                self.graph = graph
                self._reload_state()

        def failed(message: str) -> None:
            if isValid(self) and number == self._reads:
                self._reading = False
                self.say(message)

        self.tasks.run(work, what="Reading the network", on_done=done, on_failed=failed,
                       on_cancelled=lambda: failed("Reading the network was cancelled."))

    def _reload_state(self) -> None:
        try:
            chart = self.session.store.charts.get(self.chart_id)
        except (NotFoundError, OsintDeskError):
            self.name, self.state = "", ChartState()
            self.say("This chart was deleted (Undo brings it back).")
        else:
            self.name, self.state = chart.name, chart.state
        self.scene.sync(self.graph, self.state)
        self.toolbar.update_actions()

    def _hold_picture(self) -> None:
        self.canvas.viewport().setUpdatesEnabled(False)
        self.say("Drawing the chart…")

    def _built(self) -> None:
        """The scene shows the state (at once, or after the turns of a large change)."""
        if not self.canvas.viewport().updatesEnabled():
            # The picture in the next turn: painted right after the last build step, the two
            # held the GUI thread past 100 ms on a chart of 5,000 links.
            QTimer.singleShot(1, self._show_picture)  # a timer: the probe, input come first
        self.canvas.minimap.refresh()
        self._show_selection()
        self._fit_if_built()
        if self._reveal:
            self.canvas.reveal([self.scene.nodes[c] for c in self._reveal
                                if c in self.scene.nodes])
            self._reveal = []

    def _show_picture(self) -> None:
        if not isValid(self) or self.scene.building:
            return  # another change is being drawn: its end shows the picture
        self.canvas.viewport().setUpdatesEnabled(True)
        self.canvas.viewport().update()
        if self.message.text() == "Drawing the chart…":
            self.say("")

    def _fit_if_built(self) -> None:
        if self._fit_pending and self._shown_once and not self.scene.building:
            self._fit_pending = False
            self.canvas.fit(readable=True)

    def closing(self) -> None:
        """The tab is closed (the widget is deleted later): a running layout is cancelled
        and, should it end first, its result is not applied."""
        self.closed = True
        self.arranger.cancel()

    def busy(self) -> bool:
        """A layout runs or the scene is still being drawn (a screenshot waits)."""
        return (self.arranger.running or self.scene.building or self._reading
                or not self.canvas.viewport().updatesEnabled())

    def _on_changed(self, kind: RecordKind, public_id: str) -> None:
        if kind == RecordKind.CHART and public_id == self.chart_id:
            self._reload_state()
        elif kind in NETWORK_KINDS:
            self._graph_timer.start()

    def say(self, text: str) -> None:
        self.message.setText(for_display(text))

    # -- editing: every change is one undo step ------------------------------------------------

    def _editable(self) -> bool:
        if self.session.read_only:
            self.say("This case is open read-only: the chart cannot be changed.")
        return not self.session.read_only and bool(self.name)

    def commit(self, text: str, after: ChartState) -> bool:
        if after == self.state or not self._editable():
            return False
        try:
            self.session.push(charts.edit_chart(self.session, self.chart_id, text, self.state,
                                                after))
        except OsintDeskError as exc:
            self.say(str(exc))
            return False
        return True

    def add_cards(self, cards: Collection[str], at: QPointF | None = None, *,
                  select: bool = False) -> bool:
        """Put cards on the chart (where dropped, else beside their neighbours); with
        *select*, the first is selected once it is there."""
        new = [c for c in dict.fromkeys(cards) if c in self.graph.nodes
               and c not in self.state.nodes]
        if not new:
            self.say("Those cards are on the chart already.")
            return False
        start = None if at is None else (at.x(), at.y())
        places: dict[str, tuple[float, float] | None] = {}
        for number, card in enumerate(new):
            places[card] = None if start is None else (start[0] + 40 * number, start[1])
        if not self.state.nodes:  # nothing to lay out around: a ring at the drop point
            ring = circular_layout(new, [], spacing=SPACING) if len(new) > 1 else \
                {new[0]: (0.0, 0.0)}
            cx, cy = start or (0.0, 0.0)
            positions = {c: (x + cx, y + cy) for c, (x, y) in ring.items()}
            done = self.commit(self._title("Add", new), self.state.with_cards(positions))
            if done and select:
                self.select(new[0])
            return done

        def added(found: Positions) -> None:
            self._added(new, found, expansion=False, text=self._title("Add", new))
            if select:
                self.select(new[0])

        return self._lay_out(LayoutJob.of(self.graph, self.state, "force", extra=places,
                                          boxes=self._boxes()), added, new)

    def expand(self, card: str, predicates: Collection[str] | None = None,
               types: Collection[str] | None = None) -> bool:
        """"Add neighbours" of a card (all, by predicate or by type), laid out around it."""
        if card not in self.graph.nodes:
            return False
        new = sorted(self.graph.neighbours(card, predicates=predicates, types=types)
                     - set(self.state.nodes))
        if not new:
            self.say("Every linked card of that kind is on the chart already.")
            return False
        name = self.graph.nodes[card].name
        text = f"Add neighbours of “{name}”" if len(name) < 40 else "Add neighbours"
        job = LayoutJob.of(self.graph, self.state, "force", extra=dict.fromkeys(new),
                           boxes=self._boxes())
        return self._lay_out(job, lambda found: self._added(new, found, expansion=True,
                                                            text=text), new)

    def _added(self, new: list[str], found: Positions, *, expansion: bool, text: str) -> None:
        state = self.state
        positions = {card: found[card] for card in new if card in found}
        others = {card: place for card, place in found.items()
                  if card in state.nodes and not state.nodes[card].pinned}
        self._reveal = list(positions)
        if not self.commit(text, state.with_cards(positions, expansion=expansion).moved(others)):
            self._reveal = []

    def _title(self, verb: str, cards: list[str]) -> str:
        if len(cards) == 1:
            return f"{verb} “{self.graph.nodes[cards[0]].name}” to the chart"
        return f"{verb} {len(cards)} cards to the chart"

    def remove(self, cards: Collection[str]) -> bool:
        return self.commit("Remove from chart", self.state.without_cards(cards))

    def pin(self, cards: Collection[str], pinned: bool = True) -> bool:
        return self.commit("Pin" if pinned else "Unpin", self.state.pinned(cards, pinned))

    def hide_cards(self, cards: Collection[str], hidden: bool = True) -> bool:
        return self.commit("Hide on chart" if hidden else "Show hidden cards",
                           self.state.hidden(cards, hidden))

    def show_hidden(self) -> bool:
        hidden = [card for card, node in self.state.nodes.items() if node.hidden]
        return self.hide_cards(hidden, False)

    def group(self, cards: Collection[str], label: str) -> str:
        """Group the cards under a label (collapsed); returns the group's id ("" refused)."""
        try:
            after, gid = self.state.grouped(cards, label)
        except OsintDeskError as exc:
            self.say(str(exc))
            return ""
        return gid if self.commit(f"Group “{label}”", after) else ""

    def ungroup(self, group_id: str) -> bool:
        return self.commit("Ungroup", self.state.ungrouped(group_id))

    def rename_group(self, group_id: str, label: str) -> bool:
        try:
            return self.commit("Rename group", self.state.relabelled(group_id, label))
        except OsintDeskError as exc:
            self.say(str(exc))
            return False

    def set_collapsed(self, group_id: str, collapsed: bool) -> bool:
        return self.commit("Close group" if collapsed else "Open group",
                           self.state.collapsed(group_id, collapsed))

    def step_back(self) -> bool:
        return self.commit("Step back", self.state.step_back())

    def rename(self, name: str) -> bool:
        try:
            self.session.push(charts.rename_chart(self.session, self.chart_id, name))
        except OsintDeskError as exc:
            self.say(str(exc))
            return False
        return True

    def _nodes_moved(self, moved: Mapping[str, tuple[float, float]]) -> None:
        cards = moved_cards(self.scene.plan, self.state, moved)
        if not self.commit("Move on chart", self.state.moved(cards)):
            self.scene.sync(self.graph, self.state)  # refused (read-only): back they go

    def _dropped(self, cards: list[str], at: QPointF) -> None:
        self.add_cards(cards, at)

    # -- layouts on the task runner -----------------------------------------------------------

    def lay_out(self, layout: str) -> bool:
        """Arrange the chart ("force", "hierarchical", "circular"); pinned cards stay."""
        state = self.state.with_layout(layout)
        job = LayoutJob.of(self.graph, state, layout, boxes=self._boxes())
        if layout == "force":  # a fresh arrangement, not a touch-up of the current one
            job = LayoutJob(layout, job.nodes, job.links,
                            {c: job.start[c] for c in job.pinned if c in job.start}, job.pinned,
                            job.boxes)
        def done(found: Positions) -> None:
            self._fit_pending = True  # a new arrangement: the whole of it in view
            if not self.commit(f"Lay out ({layout})", state.moved(
                    {c: p for c, p in found.items() if not state.nodes[c].pinned})):
                self._fit_pending = False

        return self._lay_out(job, done, [])

    def _boxes(self) -> dict[str, tuple[float, float, float, float]]:
        """The drawn size of each card's node (new cards get the layout's default)."""
        return {key: item.box() for key, item in self.scene.nodes.items() if not item.is_group}

    @property
    def layout_running(self) -> bool:
        return self.arranger.running

    def _lay_out(self, job: LayoutJob, done: Callable[[Positions], None],
                 adding: list[str]) -> bool:
        if self.arranger.running:
            self.say("A layout is running: wait for it or cancel it.")
            return False
        return self._editable() and self.arranger.run(job, done, adding)

    def cancel_layout(self) -> None:
        self.arranger.cancel()

    # -- selection, activation, relating ------------------------------------------------------

    def _selection_changed(self) -> None:
        self._show_selection()
        if not self._echoing:
            self.cards_selected.emit(self.scene.selected_cards())

    def select_cards(self, cards: list[str]) -> None:
        """Another view's selection: those cards' nodes (or the closed groups holding them)
        selected and the first brought into view; not announced back."""
        if self.scene.building:
            self.scene.finish_building()
        wanted = set(cards)
        keys = [key for key, item in self.scene.nodes.items()
                if key in wanted or (item.is_group and wanted
                                     & set(self.scene.plan.groups[key].members))]
        self._echoing = True
        try:
            self.scene.clearSelection()
            for key in keys:
                self.scene.nodes[key].setSelected(True)
        finally:
            self._echoing = False
        if keys:
            self.canvas.ensureVisible(self.scene.nodes[keys[0]], 60, 60)

    def _show_selection(self) -> None:
        store = self.session.store
        link = self.scene.selected_link()
        nodes = self.scene.selected_nodes()
        if link:
            self.panel.show_link(store, self.graph, link)
        elif len(nodes) == 1 and nodes[0].is_group:
            group = self.scene.plan.groups[nodes[0].key]
            self.panel.show_group(group.label,
                                  [self.graph.nodes[m].name for m in group.members])
        elif len(nodes) == 1:
            card = nodes[0].key
            self.panel.show_card(store, self.graph, card,
                                 self.scene.plan.hidden_neighbours.get(card, 0))
        else:
            self.panel.show_nothing()
        self.toolbar.update_actions()

    def select(self, key: str) -> bool:
        """Select a card's (or group's) node and bring it into view."""
        if key not in self.scene.nodes and self.scene.building:
            self.scene.finish_building()
        item = self.scene.nodes.get(key)
        if item is None:
            return False
        self.scene.clearSelection()
        item.setSelected(True)
        self.canvas.ensureVisible(item, 60, 60)
        return True

    def activate(self, key: str) -> None:
        """Enter or double-click: a card opens, a group opens or closes, a link shows its
        evidence (the panel's list takes the focus)."""
        if key in self.graph.nodes and key in self.scene.nodes:
            self.card_requested.emit(key)
        elif key in self.state.groups:
            self.set_collapsed(key, not self.state.groups[key].collapsed)
        elif key in self.scene.links:
            self.panel.show_link(self.session.store, self.graph, key)
            self.panel.evidence.setFocus()
            if self.panel.evidence_model.rowCount():
                self.panel.evidence.setCurrentIndex(self.panel.evidence_model.index(0))

    def relate(self, subject: str, obj: str) -> QWidget | None:
        """The relationship dialog with both cards filled in; OK pushes its own command."""
        if self.session.read_only:
            return None
        from osint_desk.ui.relationship_dialog import RelationshipDialog

        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
        dialog = RelationshipDialog(self.session, subject, None, self)
        dialog.other.set_card(obj)
        dialog.other.picked.emit(obj)  # the "Reads:" line names both cards
        dialog.predicate.setFocus()
        self.dialog = dialog
        dialog.open()
        self.relate_requested.emit(subject, obj)
        return dialog
