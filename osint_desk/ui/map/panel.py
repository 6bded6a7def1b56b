"""The map's side panel: what is selected, read from the store.

Nothing selected: how many cards are drawn, and the cards that could be placed but are not
yet (an Address, an Event, an organisation without coordinates) with "Locate…". One card:
its type, country and position, "Open card", "Locate…", and the excerpts that mention it
(click one to open its source with the excerpt highlighted, as the chart's panel does).
Several (a bubble, an area): the list of their names; activating one opens its card.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from osint_desk.core.countries import country_name
from osint_desk.core.geo.case_map import MapCard
from osint_desk.core.safe_text import for_display
from osint_desk.ui.chart import style as chart_style
from osint_desk.ui.chart.panel import WrappedRows
from osint_desk.ui.models.card_models import CardExcerptsModel
from osint_desk.ui.models.paged import ID_ROLE
from osint_desk.ui.session import CaseSession
from osint_desk.ui.widgets.forms import panel_label

MAX_LISTED = 500


def _card_list(name: str) -> QListWidget:
    listing = QListWidget()
    listing.setAccessibleName(name)
    listing.setAlternatingRowColors(True)
    listing.setUniformItemSizes(True)
    listing.setTextElideMode(Qt.TextElideMode.ElideRight)
    listing.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return listing


def _card_item(card: MapCard) -> QListWidgetItem:
    text = for_display(f"{card.name} — {chart_style.type_label(card.type)}")
    item = QListWidgetItem(text)
    item.setToolTip(text)
    item.setData(ID_ROLE, card.id)
    return item


class MapPanel(QStackedWidget):
    card_requested = Signal(str)
    excerpt_requested = Signal(str)
    locate_requested = Signal(str)
    focus_requested = Signal(str)  # a card of a list: select it on the map

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Map details")
        self.setMinimumWidth(280)
        self.card_id = ""
        self._overview_page()
        self._card_page()
        self._many_page()

    def _overview_page(self) -> None:
        page = QWidget()
        column = QVBoxLayout(page)
        self.summary = panel_label()
        self.unlocated_title = panel_label("Not on the map yet", bold=True)
        self.unlocated = _card_list("Cards not located")
        self.unlocated.itemActivated.connect(self._locate_listed)
        self.locate_listed = QPushButton("Locate…")
        self.unlocated.currentItemChanged.connect(
            lambda *_: self.locate_listed.setEnabled(self.unlocated.currentItem() is not None))
        self.locate_listed.setToolTip("Find the selected card's place in the offline gazetteer,"
                                      " or enter its coordinates")
        self.locate_listed.setEnabled(False)
        self.locate_listed.clicked.connect(self._locate_listed)
        hint = panel_label("Click a marker to see its card and excerpts; a numbered bubble holds"
                      " several cards and opens as you zoom in. Drag to pan, wheel to zoom,"
                      " F to fit, Shift+drag to select an area.")
        hint.setEnabled(False)
        column.addWidget(self.summary)
        column.addWidget(self.unlocated_title)
        column.addWidget(self.unlocated, 1)
        row = QHBoxLayout()
        row.addWidget(self.locate_listed)
        row.addStretch(1)
        column.addLayout(row)
        column.addWidget(hint)
        self.overview = page
        self.addWidget(page)

    def _card_page(self) -> None:
        page = QWidget()
        column = QVBoxLayout(page)
        self.card_title = panel_label(bold=True)
        self.card_facts = panel_label()
        self.open_card = QPushButton("Open card")
        self.open_card.clicked.connect(lambda: self.card_requested.emit(self.card_id))
        self.locate = QPushButton("Locate…")
        self.locate.setToolTip("Choose this card's place again (gazetteer or coordinates)")
        self.locate.clicked.connect(lambda: self.locate_requested.emit(self.card_id))
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_card)
        buttons.addWidget(self.locate)
        buttons.addStretch(1)
        self.excerpts_title = panel_label("Excerpts that mention it", bold=True)
        self.excerpts_model = CardExcerptsModel("", self)
        self.excerpts = QListView()
        self.excerpts.setAccessibleName("Excerpts of the card")
        self.excerpts.setModel(self.excerpts_model)
        self.excerpts.setWordWrap(True)
        self.excerpts.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.excerpts.setResizeMode(QListView.ResizeMode.Adjust)
        self.excerpts.setItemDelegate(WrappedRows(self.excerpts))
        self.excerpts.setSpacing(3)
        self.excerpts.setAlternatingRowColors(True)
        self.excerpts.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.excerpts.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.excerpts.clicked.connect(self._open_excerpt)
        self.excerpts.activated.connect(self._open_excerpt)
        self.no_excerpts = panel_label("No excerpt mentions this card yet.")
        self.no_excerpts.setEnabled(False)
        for widget in (self.card_title, self.card_facts):
            column.addWidget(widget)
        column.addLayout(buttons)
        column.addWidget(self.excerpts_title)
        column.addWidget(self.excerpts, 1)
        column.addWidget(self.no_excerpts)
        self.card_page = page
        self.addWidget(page)

    def _many_page(self) -> None:
        page = QWidget()
        column = QVBoxLayout(page)
        self.many_title = panel_label(bold=True)
        self.many = _card_list("Selected cards")
        self.many.itemActivated.connect(
            lambda item: self.card_requested.emit(str(item.data(ID_ROLE))))
        self.many.itemClicked.connect(
            lambda item: self.focus_requested.emit(str(item.data(ID_ROLE))))
        hint = panel_label("Click a name to select it on the map; double-click to open its card.")
        hint.setEnabled(False)
        column.addWidget(self.many_title)
        column.addWidget(self.many, 1)
        column.addWidget(hint)
        self.many_page = page
        self.addWidget(page)

    # -- showing ----------------------------------------------------------------------------

    def show_overview(self, drawn: int, shaded: int, unlocated: Sequence[MapCard],
                      read_only: bool) -> None:
        self.card_id = ""
        self.summary.setText(f"{drawn} card{'s' * (drawn != 1)} on the map,"
                             f" {shaded} countr{'ies' if shaded != 1 else 'y'} shaded by the"
                             " cards' nationality, jurisdiction or country.")
        self.unlocated.clear()
        for card in unlocated[:MAX_LISTED]:
            self.unlocated.addItem(_card_item(card))
        self.unlocated_title.setVisible(bool(unlocated))
        self.unlocated.setVisible(bool(unlocated))
        self.locate_listed.setVisible(bool(unlocated) and not read_only)
        self.locate_listed.setEnabled(self.unlocated.currentItem() is not None)
        self.setCurrentWidget(self.overview)

    def show_card(self, session: CaseSession, card: MapCard) -> None:
        self.card_id = card.id
        self.card_title.setText(for_display(card.name))
        facts = [chart_style.type_label(card.type)]
        if card.countries:
            facts.append(", ".join(country_name(code) for code in card.countries))
        if card.located:
            facts.append(f"{card.lat:.4f}, {card.lon:.4f}")
        else:
            facts.append("No position yet")
        self.card_facts.setText(for_display("\n".join(facts)))
        self.locate.setVisible(card.locatable and not session.read_only)
        self.excerpts_model.entity_id = card.id
        mentions = session.store.excerpts.ids_of_entity(card.id)
        self.excerpts_model.show(session, [excerpt for excerpt, _source in mentions])
        self.excerpts.setVisible(bool(mentions))
        self.no_excerpts.setVisible(not mentions)
        self.setCurrentWidget(self.card_page)

    def show_many(self, cards: Sequence[MapCard]) -> None:
        self.card_id = ""
        self.many_title.setText(f"{len(cards)} cards here")
        self.many.clear()
        for card in sorted(cards, key=lambda c: c.name.casefold())[:MAX_LISTED]:
            self.many.addItem(_card_item(card))
        self.setCurrentWidget(self.many_page)

    def _locate_listed(self, *_args: object) -> None:
        item = self.unlocated.currentItem()
        if item is not None:
            self.locate_requested.emit(str(item.data(ID_ROLE)))

    def _open_excerpt(self, index: QModelIndex) -> None:
        excerpt_id = index.data(ID_ROLE)
        if excerpt_id:
            self.excerpt_requested.emit(str(excerpt_id))
