"""The case on a map, without Qt: located cards, shaded countries, links, and their filters.

``load_case_map(store)`` reads the places (``store/places.py``) and the timeline once, and
judges every stored value as hostile: a latitude of "abc", 999, NaN or a list is no position
(the card is listed as unlocated, never drawn at a wrong place). ``CaseMap.visible`` answers
the view's filters — the timeline's own ``TimelineFilter`` and a time window — with the set of
cards to draw, so the map, its report figure and its tests share one reading.

What the filters mean on a map: a card filter keeps those cards; tag, kind, grade and stance
keep the cards that a timeline item passing the filter is about (and, for tags, the cards
tagged themselves); a time window keeps the cards with such an item overlapping the window.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from osint_desk.core.countries import country_code
from osint_desk.core.errors import ValidationError
from osint_desk.core.geo.gazetteer import Place
from osint_desk.core.geo.gazetteer import gazetteer as default_gazetteer
from osint_desk.core.store.case_store import CaseStore
from osint_desk.core.store.places import LOCATABLE_TYPES, LinkEnds, place_data
from osint_desk.core.timeline import Timeline, TimelineFilter, load_timeline, time_range

COUNTRY_PROPERTIES = ("country", "nationality", "jurisdiction")
Window = tuple[dt.datetime, dt.datetime]


def coordinate(value: Any, limit: float) -> float | None:
    """A stored latitude (limit 90) or longitude (limit 180) as a float, or None when it is
    not one: text that is not a number, out of range, NaN, a list of several values."""
    if isinstance(value, list):
        if len(value) != 1:
            return None
        value = value[0]
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    try:
        number = float(value.strip().replace(",", ".") if isinstance(value, str) else value)
    except ValueError:
        return None
    if not math.isfinite(number) or abs(number) > limit:
        return None
    return number


def country_codes(places: dict[str, Any]) -> tuple[str, ...]:
    """The ISO alpha-2 codes (lower case) a card's country properties name, in order."""
    codes: list[str] = []
    for key in COUNTRY_PROPERTIES:
        raw = places.get(key)
        for value in raw if isinstance(raw, list) else [raw]:
            if isinstance(value, str) and len(value.strip()) == 2 and value.strip().isalpha():
                codes.append(value.strip().lower())
    return tuple(dict.fromkeys(codes))


@dataclass(frozen=True, slots=True)
class MapCard:
    """One card as the map knows it; ``lon``/``lat`` None when it has no valid position."""

    id: str
    type: str
    name: str
    lon: float | None
    lat: float | None
    countries: tuple[str, ...]
    city: str = ""

    @property
    def located(self) -> bool:
        return self.lon is not None and self.lat is not None

    @property
    def locatable(self) -> bool:
        """Of a type a point suits, and not a state: a card that stands for a country (a
        PublicBody named as its own jurisdiction, "North Korea") is shown by its shading."""
        return self.type in LOCATABLE_TYPES and not self.is_country

    @property
    def is_country(self) -> bool:
        if self.type != "PublicBody" or not self.countries:
            return False
        code = country_code(self.name)
        return code is not None and code.casefold() in (c.casefold() for c in self.countries)


@dataclass(frozen=True)
class CaseMap:
    """Every card with a place (or a place to be found), the links between located cards,
    and the timeline the filters read."""

    cards: dict[str, MapCard]
    links: tuple[LinkEnds, ...]
    timeline: Timeline
    card_tags: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def located(self) -> list[MapCard]:
        return [card for card in self.cards.values() if card.located]

    @property
    def unlocated(self) -> list[MapCard]:
        """Cards of a locatable type without a valid position: what "Locate…" is for."""
        return sorted((c for c in self.cards.values() if c.locatable and not c.located),
                      key=lambda c: c.name.casefold())

    def time_range(self) -> Window | None:
        return time_range(self.timeline.items)

    def visible(self, keep: TimelineFilter | None = None,
                window: Window | None = None) -> frozenset[str]:
        """The cards the filters keep (see the module's docstring)."""
        cards = frozenset(self.cards)
        if keep is not None and keep.card_ids is not None:
            cards &= keep.card_ids
        narrows = keep is not None and not TimelineFilter(
            card_ids=None, tags=keep.tags, kinds=keep.kinds, reliabilities=keep.reliabilities,
            credibilities=keep.credibilities, stances=keep.stances).is_empty
        if not narrows and window is None:
            return cards
        items = self.timeline.items if keep is None or not narrows else [
            item for item in self.timeline.items if _matches_but_cards(keep, item)]
        found: set[str] = set()
        for item in items:
            if window is not None and (item.latest < window[0] or item.earliest > window[1]):
                continue
            found.update(item.card_ids)
        if keep is not None and keep.tags is not None and window is None:
            wanted = {tag.casefold() for tag in keep.tags}
            found.update(card for card, tags in self.card_tags.items()
                         if wanted.intersection(t.casefold() for t in tags))
        return cards & frozenset(found)

    def shaded(self, visible: Iterable[str] | None = None) -> dict[str, list[str]]:
        """Country code → the visible cards that name it (nationality, jurisdiction, country)."""
        wanted = self.cards.keys() if visible is None else visible
        shaded: dict[str, list[str]] = {}
        for card_id in wanted:
            card = self.cards.get(card_id)
            if card is not None:
                for code in card.countries:
                    shaded.setdefault(code, []).append(card_id)
        return shaded

    def arcs(self, visible: Iterable[str] | None = None) -> list[LinkEnds]:
        """Links whose two cards are located (and visible); one per pair of cards."""
        located = {card for card, c in self.cards.items() if c.lon is not None}
        shown = located if visible is None else located.intersection(visible)
        pairs: dict[tuple[str, str], LinkEnds] = {}
        for link in self.links:
            a, b = link.subject_id, link.object_id
            if a in shown and b in shown and a != b:
                pairs.setdefault((a, b) if a < b else (b, a), link)
        return list(pairs.values())


def _matches_but_cards(keep: TimelineFilter, item: Any) -> bool:
    if keep.card_ids is None:
        return keep.matches(item)
    return TimelineFilter(tags=keep.tags, kinds=keep.kinds, reliabilities=keep.reliabilities,
                          credibilities=keep.credibilities, stances=keep.stances).matches(item)


def load_case_map(store: CaseStore) -> CaseMap:
    """The case's places, links and timeline: a few queries, then plain Python."""
    data = place_data(store)
    cards: dict[str, MapCard] = {}
    for row in data.cards():
        lat = coordinate(row.places.get("latitude"), 90.0)
        lon = coordinate(row.places.get("longitude"), 180.0)
        if lat is None or lon is None:
            lat = lon = None
        city = row.places.get("city")
        cards[row.id] = MapCard(row.id, row.type, row.name, lon, lat,
                                country_codes(row.places),
                                city if isinstance(city, str) else "")
    return CaseMap(cards, tuple(data.links()), load_timeline(store), data.card_tags())


def parse_position(latitude: str, longitude: str) -> tuple[float, float]:
    """Coordinates typed by the analyst, checked: latitude −90..90, longitude −180..180
    (decimal degrees; a comma is read as the decimal point). Raises ``ValidationError``."""
    lat = coordinate(latitude, 90.0) if latitude.strip() else None
    lon = coordinate(longitude, 180.0) if longitude.strip() else None
    if lat is None:
        raise ValidationError("The latitude must be a number of degrees from −90 to 90"
                              " (north positive), e.g. 59.9386.")
    if lon is None:
        raise ValidationError("The longitude must be a number of degrees from −180 to 180"
                              " (east positive), e.g. 30.3141.")
    return lat, lon


def suggest_places(name: str, country: str | None = None, limit: int = 12) -> list[Place]:
    """Gazetteer candidates for a card's place, the card's own country first, then the
    rest by population ("St. Petersburg" on a card of country ru: Russia's, then Florida's).
    An unknown country is ignored rather than refused: the analyst may be fixing it."""
    gazetteer = default_gazetteer()
    found: list[Place] = []
    if country:
        try:
            found = gazetteer.candidates(name, country, limit)
        except ValidationError:
            found = []
    seen = {(p.geonameid, p.name, p.country) for p in found}
    for place in gazetteer.candidates(name, None, limit):
        if (place.geonameid, place.name, place.country) not in seen:
            found.append(place)
    return found[:limit]
