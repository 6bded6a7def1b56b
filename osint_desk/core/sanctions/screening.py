"""Screening a name against the list library: ranked, explained hits.

Retrieval follows ``NameIndex`` exactly, over the library's stored keys: ``query_keys`` of the
query, their document frequencies, ``plan_keys``, the ``SHORTLIST`` names sharing the most
(and rarest) keys, exact names always among them (``select_shortlist``); each is ``compare``d
with the query and an entry keeps its best name. An optional birth year or country nudges the
score as ``NameIndex.query`` does.

``screen`` takes a ``ListLibrary`` or a ``LibraryReader`` (``library_keys.open_reader``: the
command line's quick way in); it does not import ``library`` itself.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from osint_desk.core.countries import country_code
from osint_desk.core.errors import OsintDeskError
from osint_desk.core.sanctions.entries import Identifier, ListEntry, ListInfo
from osint_desk.core.sanctions.library_keys import ShortlistedName
from osint_desk.core.sanctions.matching import DEFAULT_THRESHOLD
from osint_desk.core.sanctions.matching.index import (
    SHORTLIST,
    compare_listed,
    plan_keys,
    weak_alias,
)
from osint_desk.core.sanctions.matching.keys import query_keys

_YEAR_RE = re.compile(r"(?<!\d)(\d{4})(?!\d)")


class EmptyLibraryError(OsintDeskError):
    """Nothing to screen against: no list has been imported."""


@dataclass(frozen=True)
class ScreeningHit:
    """One listed entry that matched, with its list's provenance and why it matched."""

    score: float
    list_key: str
    authority: str
    list_name: str
    list_published: str | None
    list_sha256: str
    entry_ref: str
    schema: str
    listed_name: str
    matched_name: str
    explanation: str
    programs: tuple[str, ...]
    birth_dates: tuple[str, ...]
    countries: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready values."""
        return {"score": self.score, "list_key": self.list_key, "authority": self.authority,
                "list_name": self.list_name, "list_published": self.list_published,
                "list_sha256": self.list_sha256, "entry_ref": self.entry_ref,
                "schema": self.schema, "listed_name": self.listed_name,
                "matched_name": self.matched_name, "explanation": self.explanation,
                "programs": list(self.programs), "birth_dates": list(self.birth_dates),
                "countries": list(self.countries)}


class ScreeningSource(Protocol):
    """What ``screen`` reads: ``ListLibrary`` and ``LibraryReader`` both provide it."""

    def screened_name_count(self) -> int: ...
    def key_frequencies(self, keys: Iterable[str]) -> dict[str, int]: ...
    def shortlist_ids(self, query: str, weighted_keys: Sequence[tuple[str, float]],
                      limit: int = SHORTLIST) -> list[int]: ...
    def shortlisted_names(self, name_ids: Iterable[int]) -> list[ShortlistedName]: ...
    def entries_by_ids(self, entry_ids: Iterable[int]) -> dict[int, ListEntry]: ...
    def entry_by_id(self, entry_id: int) -> ListEntry | None: ...
    def list_info(self, list_key: str) -> ListInfo | None: ...
    def entries_by_identifier(self, text: str) -> list[tuple[int, ListEntry, Identifier]]: ...
    def reading(self) -> contextlib.AbstractContextManager[None]: ...


def screen(library: ScreeningSource, name: str, *, schema: str | None = None,
           birth_year: int | None = None, country: str | None = None, limit: int = 10,
           threshold: float = DEFAULT_THRESHOLD) -> list[ScreeningHit]:
    """Entries whose best-matching strong name scores at or above *threshold*, best first;
    before them, the listed entries holding *name* as an identifier (a wallet address, an IMO
    or passport number: score 1.0, "identifier … matches")."""
    with library.reading():  # one consistent view, should an import commit meanwhile
        found = screen_identifier(library, name, limit)
        named = _screen(library, name, schema, birth_year, country, limit, threshold)
    seen = {(hit.list_key, hit.entry_ref) for hit in found}
    return (found + [hit for hit in named if (hit.list_key, hit.entry_ref) not in seen])[:limit]


def looks_like_identifier(text: str) -> bool:
    """Worth looking up as an identifier: a digit in it and six characters or more, spaces,
    dashes and dots aside (a name has no digits; "IMO 9187629", "0x7F36…", "AB123456" do)."""
    compact = re.sub(r"[\s.\-/]", "", text)
    return len(compact) >= 6 and any(char.isdigit() for char in compact)


def screen_identifier(library: ScreeningSource, text: str,
                      limit: int = 10) -> list[ScreeningHit]:
    """The listed entries holding *text* as an identifier (nothing when it cannot be one)."""
    if not looks_like_identifier(text):
        return []
    hits: dict[tuple[str, str], ScreeningHit] = {}  # one per entry: its first identifier
    infos: dict[str, ListInfo | None] = {}
    for _entry_id, entry, identifier in library.entries_by_identifier(text):
        if not entry.target or (entry.list_key, entry.entry_ref) in hits:
            continue  # context (a donor, a relative) is never reported as listed
        if entry.list_key not in infos:
            infos[entry.list_key] = library.list_info(entry.list_key)
        info = infos[entry.list_key]
        label = f"{identifier.kind} {identifier.value}"
        hits[(entry.list_key, entry.entry_ref)] = ScreeningHit(
            1.0, entry.list_key, info.authority if info else entry.authority,
            info.list_name if info else "", info.published if info else None,
            info.file_sha256 if info else "", entry.entry_ref, entry.schema, entry.name,
            label, f"identifier {label} matches", entry.programs, entry.birth_dates,
            entry_countries(entry))
    return [hits[key] for key in sorted(hits)][:limit]


def _screen(library: ScreeningSource, name: str, schema: str | None, birth_year: int | None,
            country: str | None, limit: int, threshold: float) -> list[ScreeningHit]:
    total = library.screened_name_count()
    if total == 0:
        raise EmptyLibraryError("the list library is empty: import a list first with"
                                " `osint-desk lists import FILE...`")
    df = library.key_frequencies(query_keys(name, schema))
    weighted = plan_keys(df, df, total)
    shortlist = library.shortlisted_names(library.shortlist_ids(name, weighted, SHORTLIST))
    # adjust() reads the entry only for a birth year or a country; without them the entries
    # (JSON) are read for the hits alone, not for every shortlisted name.
    nudged = birth_year is not None or bool(country)
    entries = library.entries_by_ids(n.entry_id for n in shortlist) if nudged else {}
    best: dict[int, tuple[float, ShortlistedName, str]] = {}
    for listed in shortlist:
        cmp = compare_listed(name, schema, listed.name, listed.schema)
        if listed.strength == "weak":
            cmp = weak_alias(cmp)
        if nudged:
            if listed.entry_id not in entries:  # removed meanwhile
                continue
            score, why = adjust(entries[listed.entry_id], cmp.score, birth_year, country)
        else:
            score, why = cmp.score, ""
        text = cmp.explanation + why
        if cmp.transliteration:
            text += f"; transliteration: {cmp.transliteration}"
        score = round(score, 4)
        if listed.entry_id not in best or score > best[listed.entry_id][0]:
            best[listed.entry_id] = (score, listed, text)
    ranked = sorted(best.values(), key=lambda b: (-b[0], b[1].list_key, b[1].entry_ref))
    ranked = [b for b in ranked if b[0] >= threshold]
    entries.update(library.entries_by_ids(b[1].entry_id for b in ranked[:limit]
                                          if b[1].entry_id not in entries))
    infos: dict[str, ListInfo | None] = {}
    hits: list[ScreeningHit] = []
    for score, listed, text in ranked:
        if len(hits) >= limit:
            break
        entry = entries.get(listed.entry_id) or library.entry_by_id(listed.entry_id)
        if entry is None:  # removed meanwhile
            continue
        if listed.list_key not in infos:
            infos[listed.list_key] = library.list_info(listed.list_key)
        info = infos[listed.list_key]
        hits.append(ScreeningHit(
            score, listed.list_key, info.authority if info else entry.authority,
            info.list_name if info else "", info.published if info else None,
            info.file_sha256 if info else "", listed.entry_ref, entry.schema, entry.name,
            listed.name, text, entry.programs, entry.birth_dates, entry_countries(entry)))
    return hits


def birth_years(entry: ListEntry) -> set[int]:
    """Every four-digit year in the entry's birth dates (ranges and "circa" included)."""
    return {int(y) for date in entry.birth_dates for y in _YEAR_RE.findall(date)}


def entry_countries(entry: ListEntry) -> tuple[str, ...]:
    """Nationalities, countries and address countries, each once, in that order."""
    seen: dict[str, None] = {}
    for value in (*entry.nationalities, *entry.countries,
                  *(a.country for a in entry.addresses if a.country)):
        if value and value.strip():
            seen.setdefault(value.strip(), None)
    return tuple(seen)


def adjust(entry: ListEntry, score: float, birth_year: int | None,
           country: str | None) -> tuple[float, str]:
    """``NameIndex._adjust``: a small nudge up when birth year or country agree, down if not."""
    why = ""
    years = birth_years(entry)
    if birth_year is not None and years:
        if any(abs(y - birth_year) <= 1 for y in years):
            score, why = min(1.0, score + 0.03), f"; birth year {birth_year} agrees"
        else:
            score, why = score * 0.85, f"; birth year {birth_year} differs"
    countries = {country_code(c) or c.casefold() for c in entry_countries(entry)}
    if country and countries:
        if (country_code(country) or country.casefold()) in countries:
            score, why = min(1.0, score + 0.02), why + f"; country {country} agrees"
        else:
            score, why = score * 0.95, why + f"; country {country} differs"
    return score, why
