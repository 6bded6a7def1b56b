"""The case on a map, as a centre tab (View → Map, ``--show map``), with no network at all.

The basemap (Natural Earth, shipped) and the case's places load on the window's task runner
(``load_job.load_map``; the view shows "Loading the map…" meanwhile); the projected basemap is
kept for the life of the view and only the places are read again when the session says cards,
relationships, excerpts or tags changed. Drawing: ``layers.BasemapItem`` (countries, shaded
when a shown card names them) and ``layers.MarkerLayer`` (every located card, clustered).
The filters and the time window (``filters.MapFilters``) choose the cards shown
(``CaseMap.visible``). Selection is shared with the other views through ``cards_selected`` and
``select_cards`` (the tabs wire them).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QEvent, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QGraphicsScene,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from osint_desk.core.geo.basemap import ATTRIBUTION, DISPUTED_BORDERS_NOTE
from osint_desk.core.geo.case_map import CaseMap
from osint_desk.core.geo.gazetteer import ATTRIBUTION as PLACES_ATTRIBUTION
from osint_desk.core.model import RecordKind
from osint_desk.core.safe_text import for_display
from osint_desk.ui.map import export
from osint_desk.ui.map.canvas import MapCanvas, bounds
from osint_desk.ui.map.clusters import Cluster
from osint_desk.ui.map.filters import MapFilters
from osint_desk.ui.map.layers import BasemapItem, MarkerLayer
from osint_desk.ui.map.load_job import MapGeometry, MapLoad, load_map
from osint_desk.ui.map.panel import MapPanel
from osint_desk.ui.map.picker import PlacePicker, open_place_picker
from osint_desk.ui.map.style import MapColours, forget_sprites
from osint_desk.ui.session import CaseSession
from osint_desk.ui.tasks import Task, TaskContext, TaskRunner, window_tasks

PLACE_KINDS = frozenset({RecordKind.ENTITY, RecordKind.RELATIONSHIP, RecordKind.EXCERPT,
                         RecordKind.SOURCE, RecordKind.SANCTION, RecordKind.TAG})
NOTE = f"{DISPUTED_BORDERS_NOTE} {ATTRIBUTION}"


class MapView(QWidget):
    card_requested = Signal(str)
    excerpt_requested = Signal(str)
    cards_selected = Signal(list)  # card ids the user selected on the map
    loaded = Signal()  # each time a load has been drawn (tests, screenshots)

    def __init__(self, session: CaseSession, _id: str = "", tasks: TaskRunner | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._tasks = tasks
        self.geometry_: MapGeometry | None = None
        self.case_map: CaseMap | None = None
        self._all_clusters: dict[int, list[Cluster]] = {}  # of every located card
        self._all_points: dict[str, tuple[float, float]] = {}
        self.visible_cards: frozenset[str] = frozenset()
        self.dialog: PlacePicker | None = None
        self._task: Task[MapLoad] | None = None
        self._again = False  # a change came while loading: load once more after
        self.closed = False  # the tab was closed: nothing more is loaded or shown
        self._fit_pending = True
        self._arcs_stale = True  # the arcs are made when first shown
        self._shaded_count = 0
        self.colours = MapColours.current()
        self.scene = QGraphicsScene(self)
        self.scene.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.basemap: BasemapItem | None = None
        self.markers: MarkerLayer | None = None
        self.canvas = MapCanvas(self.scene)
        self.canvas.setBackgroundBrush(self.colours.sea)
        self.filters = MapFilters()
        self.panel = MapPanel()
        self.loading = QLabel("Loading the map…")
        self.loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.loading.setAccessibleName("Map loading")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.loading)
        self.stack.addWidget(self.canvas)
        self.note = QLabel(for_display(f"{NOTE} {PLACES_ATTRIBUTION}"))
        self.note.setWordWrap(True)
        self.note.setAccessibleName("Map notes")
        font = self.note.font()
        font.setPointSizeF(font.pointSizeF() * 0.9)
        self.note.setFont(font)
        self.note.setEnabled(False)
        self.note.setContentsMargins(6, 0, 6, 2)
        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        left_column.setSpacing(2)
        left_column.addWidget(self.stack, 1)
        left_column.addWidget(self.note)
        self.splitter = QSplitter()
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.panel)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setSizes([960, 320])
        self.message = QLabel()
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        bottom = QHBoxLayout()
        bottom.setContentsMargins(6, 0, 6, 2)
        bottom.addWidget(self.message, 1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(self.filters)
        column.addWidget(self.splitter, 1)
        column.addLayout(bottom)
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(0)
        self._reload_timer.timeout.connect(self.reload)
        self.canvas.picked.connect(self._picked)
        self.canvas.activated.connect(self._activated)
        self.canvas.fit_requested.connect(self.fit)
        self.filters.changed.connect(self.apply_filters)
        self.filters.arcs_toggled.connect(self._toggle_arcs)
        self.filters.fit_requested.connect(self.fit)
        self.filters.export_requested.connect(
            lambda fmt: export.choose_and_export(self, fmt, self.export, self.say))
        self.panel.card_requested.connect(self.card_requested)
        self.panel.excerpt_requested.connect(self.excerpt_requested)
        self.panel.locate_requested.connect(self.locate)
        self.panel.focus_requested.connect(lambda card: self.select_cards([card]))
        session.changed.connect(self._on_changed)
        session.reloaded.connect(self._reload_timer.start)
        self._reload_timer.start()  # once in its tab (the window's task runner)

    def tab_title(self) -> str:
        return "Map"

    @property
    def tasks(self) -> TaskRunner:
        """The window's task runner; a map outside a window (a test) gets its own."""
        if self._tasks is None:
            self._tasks = window_tasks(self)
        return self._tasks

    def closing(self) -> None:
        """The tab is closed (the widget is deleted later): the load is cancelled, and a
        result that comes anyway is dropped rather than drawn into a deleted scene."""
        self.closed = True
        if self._task is not None:
            self._task.cancel()

    def busy(self) -> bool:
        """Loading (or about to): a screenshot waits."""
        return self._task is not None or self._reload_timer.isActive() or self.case_map is None

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # light <-> dark
            forget_sprites()
            self.colours = MapColours.current()
            self.canvas.setBackgroundBrush(self.colours.sea)
            for item in (self.basemap, self.markers):
                if item is not None:
                    item.set_colours(self.colours)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._fit_pending and self.case_map is not None:
            QTimer.singleShot(0, self, self._fit_once)

    # -- loading on the task runner ------------------------------------------------------------

    def reload(self) -> None:
        """Read the case's places again (and the basemap the first time), off the GUI thread."""
        if self.closed:
            return
        if self._task is not None:
            self._again = True
            return
        first = self.geometry_ is None
        if first:
            self.stack.setCurrentWidget(self.loading)
        path = Path(self.session.store.path)

        def work(context: TaskContext) -> MapLoad:
            return load_map(path, context, with_geometry=first)

        self._task = self.tasks.run(work, what="Loading the map", on_done=self._loaded,
                                    on_failed=self._failed, on_cancelled=self._cancelled)

    def _settle(self) -> None:
        self._task = None
        if self._again and not self.closed:
            self._again = False
            self._reload_timer.start()

    def _loaded(self, load: MapLoad) -> None:
        """The scene's items in this turn of the event loop, the case drawn in the next (the
        view stays busy until then): two short waits for the GUI thread, not one long one."""
        if self.closed:
            return
        if load.geometry is not None and self.geometry_ is None:
            self._build(load.geometry)
        QTimer.singleShot(0, self, lambda: self._show_load(load))

    def _show_load(self, load: MapLoad) -> None:
        if self.closed:
            return
        self.case_map = load.case_map
        self._all_clusters = load.clusters
        self._all_points = load.points
        self.filters.set_names({card: c.name for card, c in load.case_map.cards.items()})
        self.filters.set_tags({tag for tags in load.case_map.card_tags.values()
                               for tag in tags} | {tag for item in load.case_map.timeline.items
                                                   for tag in item.tags})
        self.filters.set_range(load.case_map.time_range())
        self.apply_filters()
        self.stack.setCurrentWidget(self.canvas)
        if self._fit_pending and self.isVisible():
            QTimer.singleShot(0, self, self._fit_once)
        self._settle()
        self.loaded.emit()

    def _failed(self, message: str) -> None:
        if self.closed:
            return
        self.loading.setText(for_display(f"The map could not be loaded: {message}"))
        self.say(message)
        self._settle()

    def _cancelled(self) -> None:
        self._settle()

    def _build(self, geometry: MapGeometry) -> None:
        self.geometry_ = geometry
        self.basemap = BasemapItem(geometry, self.colours)
        self.markers = MarkerLayer(geometry.world, self.colours)
        self.scene.addItem(self.basemap)
        self.scene.addItem(self.markers)
        self.scene.setSceneRect(geometry.world)
        self.canvas.world = geometry.world
        self.canvas.markers = self.markers

    # -- filters ----------------------------------------------------------------------------------

    def apply_filters(self) -> None:
        """Draw the cards the filters and the time window keep, and shade their countries."""
        if self.case_map is None or self.markers is None or self.geometry_ is None \
                or self.basemap is None:
            return
        case_map = self.case_map
        visible = case_map.visible(self.filters.timeline_filter(), self.filters.time_window())
        self.visible_cards = visible
        shown = [case_map.cards[c] for c in visible]
        everyone = sum(1 for c in shown if c.located) == len(case_map.located)
        self.markers.set_cards(shown, self.geometry_.projection.forward,
                               self._all_clusters if everyone else None, self._all_points)
        self._arcs_stale = True
        if self.markers.show_arcs:
            self._make_arcs()
        shaded = case_map.shaded(visible)
        self.basemap.set_shaded(shaded)
        self._shaded_count = len(shaded)
        drawn = len(self.markers.cards)
        if self.filters.is_filtering():
            located = len(case_map.located)
            self.say(f"The filters keep {drawn} of {located} located cards.")
        else:
            self.say("")
        self._show_panel()

    def _toggle_arcs(self, shown: bool) -> None:
        if self.markers is not None:
            self.markers.show_arcs = shown
            if shown and self._arcs_stale:
                self._make_arcs()
            self.markers.update()

    def _make_arcs(self) -> None:
        """The arcs of the shown cards, made when they are shown (not on every load)."""
        if self.markers is not None and self.case_map is not None:
            self.markers.set_arcs((a.subject_id, a.object_id)
                                  for a in self.case_map.arcs(self.visible_cards))
            self._arcs_stale = False

    def say(self, text: str) -> None:
        self.message.setText(for_display(text))

    # -- view ----------------------------------------------------------------------------------

    def located_rect(self, cards: Iterable[str] | None = None) -> QRectF | None:
        if self.markers is None:
            return None
        return bounds([self.markers.points[c] for c in (cards if cards is not None
                                                        else self.markers.points)
                       if c in self.markers.points])

    def fit(self) -> None:
        """F: the shown cards and the shaded countries (their largest part) in view, with
        room around them (the world when nothing is drawn)."""
        points = list(self.markers.points.values()) if self.markers is not None else []
        if self.basemap is not None and self.geometry_ is not None:
            for country in self.geometry_.countries:
                if country.code in self.basemap.shaded:
                    box = country.main
                    points += [(box.left(), box.top()), (box.right(), box.bottom())]
        rect = bounds(points)
        if rect is None:
            self.canvas.fit()
            return
        pad = max(rect.width(), rect.height(), 20.0) * 0.04
        self.canvas.fit(rect.adjusted(-pad, -pad, pad, pad))

    def _fit_once(self) -> None:
        if self._fit_pending and self.case_map is not None and self.isVisible():
            self._fit_pending = False
            self.fit()

    # -- selection ---------------------------------------------------------------------------

    def selected_cards(self) -> list[str]:
        return sorted(self.markers.selected) if self.markers is not None else []

    def _picked(self, cards: list[str], add: bool) -> None:
        if self.markers is None:
            return
        chosen = (self.markers.selected | set(cards)) if add else set(cards)
        if chosen == self.markers.selected:
            return
        self.markers.selected = chosen
        self.markers.update()
        self._show_panel()
        self.cards_selected.emit(sorted(chosen))

    def select_cards(self, cards: list[str]) -> None:
        """Select these cards' markers and bring them into view; ``cards_selected`` is not
        emitted (the other view is where the selection came from)."""
        if self.markers is None:
            return
        chosen = {card for card in cards if card in self.markers.cards}
        self.markers.selected = chosen
        self.markers.update()
        rect = self.located_rect(chosen)
        if rect is not None:
            seen = self.canvas.mapToScene(self.canvas.viewport().rect()).boundingRect()
            if not seen.contains(rect):
                pad = max(rect.width(), rect.height(), 4.0) * 0.5
                self.canvas.show_rect(rect.adjusted(-pad, -pad, pad, pad),
                                      max_zoom=max(self.canvas.zoom(), 12.0))
        self._show_panel()

    def _show_panel(self) -> None:
        case_map = self.case_map
        if case_map is None or self.markers is None:
            return
        chosen = [case_map.cards[c] for c in sorted(self.markers.selected)
                  if c in case_map.cards]
        if len(chosen) == 1:
            self.panel.show_card(self.session, chosen[0])
        elif chosen:
            self.panel.show_many(chosen)
        else:
            self.panel.show_overview(len(self.markers.cards), self._shaded_count,
                                     case_map.unlocated, self.session.read_only)

    def _activated(self, cards: list[str]) -> None:
        if len(cards) == 1:
            self.card_requested.emit(cards[0])
        elif cards:
            self.canvas.zoom_into(cards)

    # -- editing: the place picker -------------------------------------------------------------

    def locate(self, card_id: str) -> PlacePicker | None:
        """"Locate…": the place picker on a card; it pushes its own undoable edit."""
        if self.session.read_only or not card_id:
            return None
        if self.dialog is not None:
            self.dialog.close()
        dialog = open_place_picker(self, self.session, card_id, self.tasks)
        dialog.finished.connect(lambda _result: self._forget_dialog(dialog))
        self.dialog = dialog
        return dialog

    def _forget_dialog(self, dialog: PlacePicker) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def _on_changed(self, kind: RecordKind, _public_id: str) -> None:
        if kind in PLACE_KINDS:
            self._reload_timer.start()

    # -- export ---------------------------------------------------------------------------------

    def export(self, path: Path, fmt: str) -> Path:
        """What the view shows, as PNG or SVG, with the notes under it."""
        viewport = self.canvas.viewport()
        source = self.canvas.mapToScene(viewport.rect()).boundingRect()
        notes = [DISPUTED_BORDERS_NOTE, f"{ATTRIBUTION} {PLACES_ATTRIBUTION}"]
        if fmt == "svg":
            return export.export_svg(self.scene, source, viewport.size(), path, notes,
                                     "Map — OSINT Desk", self.colours.text)
        return export.export_png(self.scene, source, viewport.size(), path, notes,
                                 self.colours.sea, self.colours.text)
