"""Places named in a text, from the offline GeoNames gazetteer (``core.geo.gazetteer``).

Only capitalised spans are looked up, and only exact names of countries, US states and cities
of at least ``MIN_CITY_POPULATION`` people: "Reading" or "Mobile" in a sentence is not taken
for the town, nor is a village that shares its name with a word.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from osint_desk.core.geo.gazetteer import Gazetteer, PlaceKind, gazetteer

MIN_CITY_POPULATION = 50_000


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
        if place.population >= MIN_CITY_POPULATION:
            return (place.name, f"place in the gazetteer (GeoNames): {place.name},"
                    f" {place.country}, pop. {place.population:,}", 0.75)
    return None
