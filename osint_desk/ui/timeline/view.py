"""The timeline as a centre tab: the whole case ("") or one card's timeline (its id).

Reading runs on the window's task runner (``loader.TimelineLoader``): the work opens its
own read-only connection, calls ``load_timeline`` and arranges the items in lanes
(``lanes.build_index``), so the GUI thread only swaps in the finished index; meanwhile the
view says "Loading…" (and keeps the last picture on a reload; a first read draws a sketch
first). A filter change re-arranges the loaded items, on the runner too when there are
many. Edits come back as session notices and reload the view.

Selection is shared with the link chart through ``CaseTabs``: ``cards_selected`` says which
cards the analyst picked here; ``select_cards`` shows cards picked elsewhere, silently.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget
from shiboken6 import isValid

from osint_desk.core.errors import OsintDeskError
from osint_desk.core.exports.timeline_csv import export_timeline_csv
from osint_desk.core.model import RecordKind
from osint_desk.core.safe_text import for_display
from osint_desk.core.timeline import TimelineFilter, TimelineItem
from osint_desk.ui.session import CaseSession
from osint_desk.ui.tasks import Task, TaskRunner, window_tasks
from osint_desk.ui.timeline import export as pictures
from osint_desk.ui.timeline.canvas import LOADING, TimelineCanvas
from osint_desk.ui.timeline.lane_model import LaneModel
from osint_desk.ui.timeline.lanes import UNGROUPED, TimelineIndex, build_index
from osint_desk.ui.timeline.loader import TimelineLoader
from osint_desk.ui.timeline.panel import TimelinePanel
from osint_desk.ui.timeline.toolbar import TimelineToolbar

DATED_KINDS = frozenset({RecordKind.EXCERPT, RecordKind.ENTITY, RecordKind.RELATIONSHIP,
                         RecordKind.SANCTION, RecordKind.SOURCE, RecordKind.TAG,
                         RecordKind.CASE})
#: Up to this many items a filter is applied at once on the GUI thread (a few ms).
INLINE_FILTER_ITEMS = 10_000


class TimelineView(QWidget):
    card_requested = Signal(str)
    excerpt_requested = Signal(str)
    source_requested = Signal(str)
    cards_selected = Signal(list)  # card ids the analyst selected here (shared with the chart)
    loaded = Signal()  # an index is shown (after a load or a filter)
    sketched = Signal()  # a first read's sketch is drawn (the items follow)

    def __init__(self, session: CaseSession, card_id: str = "",
                 tasks: TaskRunner | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.card_id = card_id
        self._tasks = tasks
        self.index: TimelineIndex | None = None
        self.loader = TimelineLoader(self)
        self.dialog: QWidget | None = None
        self.lanes = LaneModel(self)
        self.canvas = TimelineCanvas()
        self.panel = TimelinePanel(self.lanes)
        self.toolbar = TimelineToolbar(self)
        self.message = QLabel()
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        splitter = QSplitter()
        splitter.addWidget(self.canvas)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(0, 1)
        splitter.setSizes([1000, 330])
        bottom = QHBoxLayout()
        bottom.setContentsMargins(6, 0, 6, 2)
        bottom.addWidget(self.message, 1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(self.toolbar)
        column.addWidget(splitter, 1)
        column.addLayout(bottom)
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(150)  # a burst of notices (an import) is one reload
        self._reload_timer.timeout.connect(self.reload)
        self.canvas.item_selected.connect(self._item_selected)
        self.canvas.item_activated.connect(self.activate)
        self.canvas.lane_clicked.connect(self._lane_clicked)
        self.panel.lane_selected.connect(self._lane_clicked)
        self.panel.excerpt_requested.connect(self.excerpt_requested)
        self.panel.card_requested.connect(self.card_requested)
        self.panel.set_date_requested.connect(self.set_event_date)
        self.lanes.lanes_changed.connect(self._lanes_changed)
        session.changed.connect(self._on_changed)
        session.reloaded.connect(self._reload_timer.start)
        self.canvas.loading = True
        self.say(LOADING)
        # Once in its tab, so the read runs on the window's runner (not one of its own).
        QTimer.singleShot(0, self, self.reload)

    @property
    def tasks(self) -> TaskRunner:
        """The window's one task runner; a view outside a window (a test) gets its own."""
        if self._tasks is None:
            self._tasks = window_tasks(self)
        return self._tasks

    def tab_title(self) -> str:
        if not self.card_id:
            return "Timeline"
        name = self.index.timeline.cards.get(self.card_id, "") if self.index else ""
        if not name:
            try:
                name = self.session.store.entities.get(self.card_id).name
            except OsintDeskError:
                name = "(deleted card)"
        return for_display(f"Timeline: {name}")

    def closing(self) -> None:
        """The tab is closed (the widget is deleted later): a running read is cancelled
        and, should it end first, its result is not shown."""
        self.loader.closed = True
        if self.loader.task is not None:
            self.loader.task.cancel()

    def busy(self) -> bool:
        """A read or a filter runs (a screenshot waits for it)."""
        return self.task is not None or (self.index is None and not self.loader.failed)

    def say(self, text: str) -> None:
        self.message.setText(for_display(text))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.canvas.restyle()

    # -- reading, on the task runner --------------------------------------------------------

    def base_filter(self) -> TimelineFilter | None:
        """A card's timeline reads only that card's items (the queries are narrowed)."""
        return TimelineFilter.of(card_ids=[self.card_id]) if self.card_id else None

    def reload(self) -> None:
        """Read the timeline again, on the runner (``loader.TimelineLoader``)."""
        self.loader.reload()

    @property
    def task(self) -> Task[TimelineIndex] | None:
        """The read or filter running, if any."""
        return self.loader.task

    def toolbar_filter(self) -> TimelineFilter:
        return self.toolbar.current_filter() if hasattr(self, "toolbar") else TimelineFilter()

    def show_index(self, index: TimelineIndex) -> None:
        """A finished read (or a sketch, or a filter's lanes): lanes, picture, controls."""
        was_sketch = self.index is not None and not self.index.complete
        same_read = self.index is not None and self.index.timeline is index.timeline
        self.index = index
        timeline = index.timeline
        lanes = index.lanes
        if was_sketch and not self.lanes.touched:  # the items' own order, busiest first
            self.lanes.forget()
        self.lanes.set_lanes(index.order, {k: lane.title for k, lane in lanes.items()},
                             {k: lane.count for k, lane in lanes.items()})
        if self.canvas.selected is not None:  # the same item, as read again
            wanted = self.canvas.selected.id
            self.canvas.selected = next((i for i in index.items if i.id == wanted), None)
        self.canvas.set_index(index, self.lanes.shown())
        if was_sketch and not self.canvas.moved:  # the items may reach further than a sketch
            self.canvas.fit(core=True)
        if not index.complete:
            self.canvas.loading = True
            self.say(f"Drawn from a first quick read ({index.sketched:,} dated excerpts in"
                     f" {len(lanes):,} lanes); reading the items…")
            self.sketched.emit()
            return
        if not same_read:  # a filter keeps the read's tags, names and problems
            self.toolbar.set_tags(tag for item in timeline.items for tag in item.tags)
            self.toolbar.set_cards(name for name in timeline.cards.values() if name)
            self.panel.show_problems(timeline.problems)
        self.panel.show_item(self.canvas.selected, timeline, not self.session.read_only)
        shown = len(self.lanes.shown())
        words = f"{len(index.items):,} of {len(timeline.items):,} dated items" \
            if len(index.items) != len(timeline.items) else f"{len(index.items):,} dated items"
        hidden = len(self.lanes.keys) - shown
        self.say(f"{words} in {len(self.lanes.keys):,} lanes" + (
            f" ({hidden:,} hidden: tick them in Lanes)" if hidden else "")
            + (f"; {len(timeline.problems)} dates could not be placed"
               if timeline.problems else ""))
        self.loaded.emit()

    def apply_filter(self) -> None:
        """The toolbar's filters over the loaded items (at once when few, else on the
        runner)."""
        if self.index is None or not self.index.complete:
            if self.task is not None:
                self.loader.again = True  # the read of the items takes the filter
            return
        timeline, keep = self.index.timeline, self.toolbar_filter()
        first = [self.card_id] if self.card_id else []
        if len(timeline.items) <= INLINE_FILTER_ITEMS:
            self.show_index(build_index(timeline, keep, first))
        else:
            self.loader.refilter(timeline, keep, first)

    def _on_changed(self, kind: RecordKind, _public_id: str) -> None:
        if kind in DATED_KINDS:
            self._reload_timer.start()

    def cards_named(self, text: str) -> list[str] | None:
        """The cards a name in the card filter means (None: no card filter)."""
        wanted = text.strip().casefold()
        if not wanted or self.index is None:
            return None
        return [card for card, name in self.index.timeline.cards.items()
                if name.casefold() == wanted] or [wanted]

    # -- lanes and selection ----------------------------------------------------------------

    def _lanes_changed(self) -> None:
        self.canvas.set_lanes(self.lanes.shown())

    def _item_selected(self, item: TimelineItem | None) -> None:
        timeline = None if self.index is None else self.index.timeline
        self.panel.show_item(item, timeline, not self.session.read_only)
        cards = list(item.card_ids) if item is not None else []
        self.canvas.cards = frozenset(cards)
        if cards:
            self.cards_selected.emit(cards)

    def _lane_clicked(self, key: str) -> None:
        self.canvas.cards = frozenset({key} - {UNGROUPED})
        self.canvas.viewport().update()
        self.panel.select_lane(key)
        if key != UNGROUPED:
            self.cards_selected.emit([key])

    def select_cards(self, cards: list[str]) -> None:
        """Show cards selected elsewhere (the link chart): their lanes highlighted, shown
        and scrolled to. Does not emit ``cards_selected``."""
        wanted = [card for card in cards if card in self.lanes.titles]
        self.canvas.cards = frozenset(cards)
        if self.canvas.selected is not None and not set(
                self.canvas.selected.card_ids) & set(cards):
            self.canvas.select_item(None, announce=False)
            self.panel.show_item(None, None, False)
        hidden = [card for card in wanted if card in self.lanes.hidden]
        if hidden:  # redraws the lanes (``lanes_changed``); announces nothing
            self.lanes.set_shown(hidden, True)
        if wanted:
            self.canvas.reveal_lane(wanted[0])
            self.panel.select_lane(wanted[0])
        self.canvas.viewport().update()

    def select_item(self, item_id: str) -> TimelineItem | None:
        """Select an item by id (as a click would) and bring it into view."""
        if self.index is None:
            return None
        item = next((i for i in self.index.items if i.id == item_id), None)
        if item is not None:
            self.canvas.reveal(item)
            lane = next((c for c in item.card_ids if c in self.lanes.shown()), UNGROUPED)
            self.canvas.reveal_lane(lane)
            self.canvas.select_item(item)
        return item

    def activate(self, item: TimelineItem) -> None:
        """Double-click or Enter: an excerpt opens highlighted in its source; a relationship
        or listing opens its first cited excerpt; otherwise the card or the source."""
        if item.excerpt_id:
            self.excerpt_requested.emit(item.excerpt_id)
        elif item.evidence:
            self.excerpt_requested.emit(item.evidence[0].excerpt_id)
        elif item.card_ids:
            self.card_requested.emit(item.card_ids[0])
        elif item.source_id:
            self.source_requested.emit(item.source_id)

    # -- edits and exports ------------------------------------------------------------------

    def set_event_date_of_selected(self) -> None:
        item = self.canvas.selected
        if item is None or not item.excerpt_id:
            self.say("Select an excerpt's item to set its event date.")
            return
        self.set_event_date(item.excerpt_id)

    def set_event_date(self, excerpt_id: str) -> QWidget | None:
        if self.session.read_only:
            self.say("This case is open read-only: dates cannot be changed.")
            return None
        from osint_desk.ui.timeline.date_dialog import EventDateDialog

        if self.dialog is not None and isValid(self.dialog):
            self.dialog.close()
        self.dialog = EventDateDialog(self.session, excerpt_id, self)
        self.dialog.open()
        return self.dialog

    def export(self, kind: str, path: Path) -> Task[Path] | Path | None:
        """PNG or SVG of what the view shows (at once), or the CSV of the shown items (on
        the runner: a large case takes seconds)."""
        frame = self.canvas.frame()
        if frame is None or self.index is None or not self.index.complete:
            self.say("Nothing to export yet: the timeline is still being read.")
            return None
        try:
            if kind == "png":
                done = pictures.export_png(frame, path)
            elif kind == "svg":
                done = pictures.export_svg(frame, path, self.tab_title())
            else:
                shown = self.index.shown

                def finished(written: Path) -> None:
                    if isValid(self):
                        self.say(f"Wrote {written.name} ({len(shown.items):,} items).")

                def failed(message: str) -> None:
                    if isValid(self):
                        self.say(message)

                self.say("Writing the CSV…")
                return self.tasks.run(lambda _context: export_timeline_csv(shown, path),
                                      what="The CSV export", on_done=finished,
                                      on_failed=failed)
        except (OsintDeskError, OSError) as exc:
            self.say(str(exc))
            return None
        self.say(f"Wrote {done.name}.")
        return done
