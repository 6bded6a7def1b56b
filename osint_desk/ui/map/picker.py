"""The place picker: where a card is, from the offline gazetteer or typed coordinates.

"Locate…" (the map's panel, the card view) opens it on a card. It searches the card's city or
name in the GeoNames data shipped with the app (``core.geo.case_map.suggest_places``: the
card's own country first, then the rest by population, so "St. Petersburg" on a card of
country ru offers Russia's before Florida's, and both). The first search builds the
gazetteer's index (about two seconds) on the task runner; the list says so meanwhile. Manual
coordinates are checked (latitude −90..90, longitude −180..180) before anything is saved.
Choosing pushes one undoable edit (``operations.places.locate_card``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from osint_desk.core.errors import OsintDeskError
from osint_desk.core.geo.basemap import load_basemap, loaded_basemap
from osint_desk.core.geo.case_map import country_codes, parse_position, suggest_places
from osint_desk.core.geo.gazetteer import ATTRIBUTION, Place
from osint_desk.core.safe_text import for_display
from osint_desk.ui.operations.places import locate_card
from osint_desk.ui.session import CaseSession
from osint_desk.ui.tasks import Task, TaskContext, TaskRunner, window_tasks
from osint_desk.ui.widgets.commands import try_push
from osint_desk.ui.widgets.forms import ErrorLabel, fit_to_window

PLACE_ROLE = Qt.ItemDataRole.UserRole + 7


def place_text(place: Place) -> str:
    people = f"{place.population:,} people".replace(",", " ") if place.population else ""
    also = f" (as “{place.matched}”)" if place.matched and place.matched != place.name else ""
    details = ", ".join(part for part in (place.kind.value, people) if part)
    return (f"{place.label}{also} — {details}\n    {place.latitude:.4f},"
            f" {place.longitude:.4f}")


class PlacePicker(QDialog):
    located = Signal(str)  # the card, once its place is saved

    def __init__(self, session: CaseSession, entity_id: str, tasks: TaskRunner | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.entity_id = entity_id
        self._tasks = tasks
        self._task: Task[list[Place]] | None = None
        self._pending = ""
        self._closed = False  # callbacks of a search that ends after the dialog do nothing
        entity = session.store.entities.get(entity_id)
        self.attributes = dict(entity.attributes)
        self.country = next(iter(country_codes(self.attributes)), None)
        city = self.attributes.get("city")
        city = city[0] if isinstance(city, list) and city else city
        self.setWindowTitle(for_display(f"Locate “{entity.name}”"))
        self.query = QLineEdit(for_display(city if isinstance(city, str) and city.strip()
                                           else entity.name))
        self.query.setAccessibleName("Place name")
        self.search_button = QPushButton("Search")
        self.search_button.clicked.connect(self.search)
        self.query.returnPressed.connect(self.search)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.candidates = QListWidget()
        self.candidates.setAccessibleName("Candidate places")
        self.candidates.setAlternatingRowColors(True)
        self.candidates.itemActivated.connect(lambda _item: self.choose())
        self.candidates.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.latitude = QLineEdit()
        self.latitude.setPlaceholderText("e.g. 59.9386")
        self.latitude.setAccessibleName("Latitude")
        self.longitude = QLineEdit()
        self.longitude.setPlaceholderText("e.g. 30.3141")
        self.longitude.setAccessibleName("Longitude")
        self.error = ErrorLabel()
        self.use_coordinates = QPushButton("Use these coordinates")
        self.use_coordinates.clicked.connect(self.use_manual)
        manual = QGroupBox("Or enter coordinates (decimal degrees, WGS 84)")
        form = QFormLayout(manual)
        form.addRow("Latitude (−90 to 90, north +):", self.latitude)
        form.addRow("Longitude (−180 to 180, east +):", self.longitude)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.use_coordinates)
        form.addRow(row)
        form.addRow(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.choose_button = self.buttons.addButton("Use this place",
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.choose)
        self.buttons.rejected.connect(self.reject)
        credit = QLabel(ATTRIBUTION)
        credit.setWordWrap(True)
        credit.setEnabled(False)
        search_row = QHBoxLayout()
        search_row.addWidget(QLabel("Place:"))
        search_row.addWidget(self.query, 1)
        search_row.addWidget(self.search_button)
        column = QVBoxLayout(self)
        column.addLayout(search_row)
        column.addWidget(self.status)
        column.addWidget(self.candidates, 1)
        column.addWidget(manual)
        column.addWidget(credit)
        column.addWidget(self.buttons)
        fit_to_window(self, 560, 560)
        self._update_buttons()
        self.search()

    @property
    def tasks(self) -> TaskRunner:
        if self._tasks is None:
            self._tasks = window_tasks(self.parentWidget() or self)
        return self._tasks

    # -- searching on the task runner -----------------------------------------------------------

    @property
    def searching(self) -> bool:
        return self._task is not None

    def search(self) -> None:
        name = " ".join(self.query.text().split())
        if not name:
            return
        if self._task is not None:  # one search at a time: the latest one runs next
            self._pending = name
            return
        self.status.setText("Looking up places in the offline gazetteer…")
        country = self.country

        def work(_context: TaskContext) -> list[Place]:
            places = suggest_places(name, country)
            # Typed coordinates get their country from the basemap: have it ready.
            load_basemap()
            return places

        self._task = self.tasks.run(work, what="The place search", on_done=self._found,
                                    on_failed=self._failed, on_cancelled=self._cancelled)

    def done(self, result: int) -> None:
        self._closed = True
        if self._task is not None:
            self._task.cancel()
        super().done(result)

    def _finished(self) -> None:
        self._task = None
        if self._closed:
            return
        if self._pending:
            self.query.setText(self._pending)
            self._pending = ""
            self.search()

    def _found(self, places: list[Place]) -> None:
        if self._closed:
            self._finished()
            return
        self.candidates.clear()
        for place in places:
            item = QListWidgetItem(for_display(place_text(place)))
            item.setData(PLACE_ROLE, place)
            self.candidates.addItem(item)
        if places:
            self.candidates.setCurrentRow(0)
            where = (f" ({self.country.upper()} first, the card's country)"
                     if self.country else "")
            self.status.setText(f"{len(places)} places, by population{where}:")
        else:
            self.status.setText("No place of that name in the gazetteer: try another"
                                " spelling, or enter the coordinates below.")
        self._update_buttons()
        self._finished()

    def _failed(self, message: str) -> None:
        if self._closed:
            self._finished()
            return
        self.status.setText(for_display(message))
        self._finished()

    def _cancelled(self) -> None:
        self._finished()

    def _update_buttons(self) -> None:
        writable = not self.session.read_only
        self.choose_button.setEnabled(writable and self.candidates.currentItem() is not None)
        self.use_coordinates.setEnabled(writable)

    # -- choosing --------------------------------------------------------------------------------

    def chosen(self) -> Place | None:
        item = self.candidates.currentItem()
        place = item.data(PLACE_ROLE) if item is not None else None
        return place if isinstance(place, Place) else None

    def choose(self) -> bool:
        """Save the selected candidate's position and country; True when saved."""
        place = self.chosen()
        if place is None:
            return False
        return self._save(place.latitude, place.longitude, place.country)

    def use_manual(self) -> bool:
        """Save the typed coordinates; a card without a country gets the one they fall in
        on the offline basemap (none at sea). False when refused."""
        try:
            lat, lon = parse_position(self.latitude.text(), self.longitude.text())
        except OsintDeskError as exc:
            self.error.show_error(str(exc))
            return False
        self.error.clear_error()
        return self._save(lat, lon, None if self.country else country_at(lon, lat))

    def _save(self, lat: float, lon: float, country: str | None) -> bool:
        _target, message = try_push(self.session, lambda: locate_card(
            self.session, self.entity_id, lat, lon, country))
        if message:
            self.error.show_error(for_display(message))
            return False
        self.located.emit(self.entity_id)
        self.accept()
        return True


def country_at(lon: float, lat: float) -> str | None:
    """The alpha-2 code (lower case) of the country at a position, if the basemap is
    decoded (the search warms it on the runner) and the position is on land."""
    basemap = loaded_basemap()
    shape = basemap.country_at(lon, lat) if basemap is not None else None
    return shape.code.lower() if shape is not None and shape.code else None


def open_place_picker(parent: QWidget, session: CaseSession, entity_id: str,
                      tasks: TaskRunner | None = None) -> PlacePicker:
    """The picker on a card, opened (window-modal) over *parent*."""
    dialog = PlacePicker(session, entity_id, tasks, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
