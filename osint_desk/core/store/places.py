"""The case's places, read in two queries: cards with a position or a country, and the links
between cards.

The map asks for every card that can be drawn (a position, a country to shade) or located
(an Address, an Event, an organisation with a seat) at once — thousands on a large case.
``entities.get`` per card would be a query per card; here the place properties of every live
card come from one statement over ``json_each``, as ``timeline_data.card_dates`` does. Values
come back as stored: judging them (a hostile file may hold "abc" or 999 as a latitude) is the
map's work (``core/geo/case_map.py``), not the store's.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, NamedTuple

from osint_desk.core.store.context import StoreContext

if TYPE_CHECKING:
    from osint_desk.core.store.case_store import CaseStore

#: FtM properties the map reads: a position, and the countries a card shades.
PLACE_PROPERTIES = ("latitude", "longitude", "country", "nationality", "jurisdiction", "city")
#: Card types that have a place of their own (an organisation's seat): offered "Locate…".
LOCATABLE_TYPES = ("Address", "Event", "Organization", "Company", "PublicBody",
                   "LegalEntity")


class PlaceRow(NamedTuple):
    """A live card with a place property (or of a locatable type), values as stored."""

    id: str
    type: str
    name: str
    places: dict[str, Any]  # the PLACE_PROPERTIES the card has


class LinkEnds(NamedTuple):
    """A live relationship between two live cards, as the map's arcs need it."""

    id: str
    subject_id: str
    predicate: str
    object_id: str


class PlaceData:
    """Batched reads of a case's places; one statement each, whatever the case size."""

    def __init__(self, ctx: StoreContext) -> None:
        self._ctx = ctx

    def cards(self) -> list[PlaceRow]:
        """Live cards carrying a place property, and every live card of a locatable type."""
        keys = json.dumps(PLACE_PROPERTIES)
        types = json.dumps(LOCATABLE_TYPES)
        rows = self._ctx.conn.execute(
            "SELECT e.public_id, e.type, e.name, e.attributes FROM entities e"
            " WHERE e.deleted_at IS NULL AND (e.type IN (SELECT value FROM json_each(?2))"
            " OR (json_valid(e.attributes) AND json_type(e.attributes) = 'object'"
            " AND EXISTS (SELECT 1 FROM json_each(e.attributes) j"
            " WHERE j.key IN (SELECT value FROM json_each(?1)))))"
            " ORDER BY e.id", (keys, types))
        out = []
        for public_id, kind, name, raw in rows:
            try:  # read whole in Python: SQLite's JSON functions turn true into 1
                attributes = json.loads(raw) if isinstance(raw, str) else {}
            except (RecursionError, ValueError):
                attributes = {}
            places = {key: attributes[key] for key in PLACE_PROPERTIES
                      if key in attributes} if isinstance(attributes, dict) else {}
            out.append(PlaceRow(public_id, kind, name, places))
        return out

    def links(self) -> list[LinkEnds]:
        """Every live relationship whose two cards are live."""
        return [LinkEnds(*row) for row in self._ctx.conn.execute(
            "SELECT r.public_id, s.public_id, r.predicate, o.public_id FROM relationships r"
            " JOIN entities s ON s.id = r.subject_id JOIN entities o ON o.id = r.object_id"
            " WHERE r.deleted_at IS NULL AND s.deleted_at IS NULL AND o.deleted_at IS NULL"
            " ORDER BY r.id")]

    def card_tags(self) -> dict[str, tuple[str, ...]]:
        """Tag names of each tagged live card (the map's tag filter keeps tagged cards)."""
        found: dict[str, list[str]] = {}
        for target, name in self._ctx.conn.execute(
                "SELECT g.target_id, t.name FROM taggings g JOIN tags t ON t.id = g.tag_id"
                " WHERE t.deleted_at IS NULL AND g.target_kind = 'entity'"
                " ORDER BY t.name_key"):
            found.setdefault(target, []).append(name)
        return {key: tuple(names) for key, names in found.items()}


def place_data(store: CaseStore) -> PlaceData:
    """The batched place reads of an open case (the store's own connection and thread),
    as ``timeline_data`` reads it."""
    return PlaceData(store._ctx)
