"""Placing a card on the map: its position and country in its FtM attributes, one undo step.

The place picker (``ui/map/picker.py``) calls this with a gazetteer candidate's values or
the analyst's coordinates. It is ``edits.edit_entity`` on the whole attribute mapping, so
undo puts back the attributes exactly as they were (a card that had no country has none).
"""

from __future__ import annotations

from osint_desk.ui.operations.base import StoreCommand
from osint_desk.ui.operations.edits import _short, edit_entity
from osint_desk.ui.session import CaseSession


def locate_card(session: CaseSession, entity_id: str, latitude: float, longitude: float,
                country: str | None = None) -> StoreCommand:
    """Set ``latitude``, ``longitude`` (five decimals: about a metre) and, when given,
    ``country`` (ISO alpha-2, lower case) on the card."""
    entity = session.store.entities.get(entity_id)
    after = dict(entity.attributes)
    after["latitude"] = f"{latitude:.5f}"
    after["longitude"] = f"{longitude:.5f}"
    if country:
        after["country"] = country.strip().lower()
    return edit_entity(session, entity_id, f"Locate “{_short(entity.name)}”",
                       attributes=after)
