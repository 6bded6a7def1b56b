"""Places named in a text, from the offline GeoNames gazetteer (``core.geo.gazetteer``).

Only capitalised spans are looked up, and only exact names of countries, US states and cities
of at least ``MIN_CITY_POPULATION`` people: "Reading" or "Mobile" in a sentence is not taken
for the town, nor is a village that shares its name with a word.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from osint_desk.core.extract.suggestion import norm_key
from osint_desk.core.geo.gazetteer import Gazetteer, PlaceKind, gazetteer

MIN_CITY_POPULATION = 50_000
# A city found by another of its names written in plain Latin letters must be a big one:
# "Africa" is an old name of Mahdia (Tunisia), "Ivanov" one of Ivanovo (a surname first);
# "Kiev", "Moskva" or "Lemberg" still find their city, "Бахмут" finds Bakhmut.
MIN_ALIAS_CITY_POPULATION = 500_000


def find_places(text: str, spans: Iterable[tuple[int, int]],
                places: Gazetteer | None = None) -> Iterator[tuple[int, int, str, str, float]]:
    """(start, end, place name, reason, confidence) of each span that names a place."""
    index = places or gazetteer()
    seen: dict[str, tuple[str, str, float] | None] = {}
    for start, end in spans:
        name = text[start:end]
        if len(name) < 3 and not name.isupper():
            continue
        if name not in seen:
            seen[name] = _lookup(index, name)
        found = seen[name]
        if found is not None:
            yield start, end, *found


def _lookup(index: Gazetteer, name: str) -> tuple[str, str, float] | None:
    for place in index.candidates(name, limit=3):
        if not place.exact:
            break
        if place.kind is PlaceKind.COUNTRY:
            return place.name, f"country in the gazetteer (GeoNames): {place.name}", 0.85
        if place.kind is PlaceKind.ADMIN:
            return place.name, f"US state in the gazetteer (GeoNames): {place.name}", 0.75
        wanted = (MIN_ALIAS_CITY_POPULATION if name.isascii()
                  and norm_key(place.name) != norm_key(name) else MIN_CITY_POPULATION)
        if place.population >= wanted:
            return (place.name, f"place in the gazetteer (GeoNames): {place.name},"
                    f" {place.country}, pop. {place.population:,}", 0.75)
    return None
