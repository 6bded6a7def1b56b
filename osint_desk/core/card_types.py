"""Guessing the type of a new card from its name, where the case or the lists know it.

In order: a card of the case already has that name or alias (then it is not new: pick it);
a country name ("North Korea", "DPRK", "Russian Federation") is a PublicBody, as the design
says states are; a name a sanctions list holds is of the type the list gives it; else the
type the user chose last; else Person, the first type, with a reason that says nothing was
known. The reason is for the UI to show, so the preselected type is never a silent default.

Country names and list matching are imported when first used (Babel and the matcher are not
for the window's start).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from osint_desk.core.errors import AmbiguousNameError, NotFoundError, ValidationError
from osint_desk.core.model import ENTITY_TYPES, normalize_entity_type

if TYPE_CHECKING:
    from osint_desk.core.sanctions.library import ListLibrary
    from osint_desk.core.store import CaseStore

FALLBACK = ENTITY_TYPES[0]  # Person
SHORTLIST = 50  # listed names fetched through the key index before the exact comparison


@dataclass(frozen=True, slots=True)
class TypeGuess:
    """The guessed FtM schema, why, and the existing card when the case has the name."""

    type: str
    reason: str
    entity_id: str | None = None


def guess_card_type(name: str, store: CaseStore | None, library: ListLibrary | None = None,
                    last: str | None = None) -> str:
    """The FtM schema a new card called ``name`` most likely has (see the module doc)."""
    return explain_card_type(name, store, library, last).type


def explain_card_type(name: str, store: CaseStore | None, library: ListLibrary | None = None,
                      last: str | None = None) -> TypeGuess:
    """:func:`guess_card_type` with its reason (and the card, when one has the name)."""
    text = " ".join(name.split())
    if store is not None and text:
        known = _case_type(store, text)
        if known is not None:
            return known
    code = _country(text)
    if code is not None:
        return TypeGuess("PublicBody", f"a country: {code}")
    if library is not None and text:
        listed = listed_schema(library, text)
        if listed is not None:
            schema, list_key = listed
            return TypeGuess(schema, f"listed on {list_key}")
    if last:
        try:
            return TypeGuess(normalize_entity_type(last), "the type chosen last")
        except ValidationError:
            pass
    return TypeGuess(FALLBACK, "nothing known about this name")


def _case_type(store: CaseStore, text: str) -> TypeGuess | None:
    try:
        entity = store.entities.resolve(text)
    except AmbiguousNameError as exc:
        types = [schema for _id, schema, _name in exc.candidates]
        if types:
            return TypeGuess(types[0], "cards of the case have this name")
        return None
    except NotFoundError:
        return None
    if _key(entity.name) == _key(text):
        return TypeGuess(entity.type, "a card of the case", entity.id)
    return TypeGuess(entity.type, f"an alias of “{entity.name}”", entity.id)


def _country(text: str) -> str | None:
    """The ISO code when ``text`` names a country. Two letters count only in capitals ("UK",
    "US"), so that a name such as "Al" or "Io" is not taken for a country code."""
    if len(text) <= 2 and not text.isupper():
        return None
    from osint_desk.core.countries import country_code

    return country_code(text)


def listed_schema(library: ListLibrary, name: str) -> tuple[str, str] | None:
    """``(schema, list key)`` of a listed entry that has exactly this name (any word order,
    case and punctuation aside: "PRIGOZHIN, Yevgeniy Viktorovich"), or None. Cheap: the
    screening key index gives a short list of names, which are then compared word for word."""
    from osint_desk.core.sanctions.matching import name_keys
    from osint_desk.core.sanctions.matching.index import plan_keys

    total = library.screened_name_count()
    wanted = _words(name)
    if not total or not wanted:
        return None
    df = library.key_frequencies(name_keys(name))
    ids = library.candidate_name_ids(plan_keys(df, df, total), SHORTLIST)
    for listed in library.names_by_ids(ids):
        if _words(listed.name) == wanted:
            try:
                return normalize_entity_type(listed.schema), listed.list_key
            except ValidationError:
                continue
    return None


def _key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def _words(text: str) -> list[str]:
    return sorted(re.findall(r"\w+", _key(text)))
