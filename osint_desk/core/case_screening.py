"""Screening a case's cards against the list library, and keeping the results in the case.

Each card is screened under its name and its strong aliases (weak aliases and nicknames are
too loose to screen), with its birth year and first country as tie-breakers; an entry keeps
the best score any of those names reached. Records already on the cards are recognised (the
proposal is "held") and compared with their list as it now stands, so a list update shows
what changed. Reading the library happens first; the results go into the case in one
transaction.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from osint_desk.core.errors import OsintDeskError
from osint_desk.core.model import AliasKind, is_screened
from osint_desk.core.sanctions.library import ListLibrary, ListSummary
from osint_desk.core.sanctions.matching import DEFAULT_THRESHOLD
from osint_desk.core.sanctions.screening import (
    EmptyLibraryError,
    ScreeningHit,
    screen,
    screen_identifier,
)
from osint_desk.core.store import CaseStore
from osint_desk.core.store.records import Entity, Sanction
from osint_desk.core.store.screening_results import Finding, RecordCheck, ScreeningRun

# Card types a sanctions list can list. Events, places and other assets are not screened.
_YEAR = re.compile(r"^(\d{4})")
_WORD = re.compile(r"\w+")

Progress = Callable[[int, int, str], None]


class ScreeningCancelled(OsintDeskError):
    """The user stopped the screening; nothing was written to the case."""


@dataclass(frozen=True)
class CardQuery:
    """What one card is screened with."""

    entity: Entity
    names: tuple[str, ...]
    birth_year: int | None
    country: str | None
    #: Numbers the card carries (IMO, passport, wallet…): looked up as list identifiers.
    identifiers: tuple[str, ...] = ()


# FtM properties of cards that hold an identifier a list may give.
IDENTIFIER_PROPERTIES = (
    "imoNumber", "mmsi", "registrationNumber", "passportNumber", "idNumber", "taxNumber",
    "innCode", "ogrnCode", "okpoCode", "leiCode", "swiftBic", "vatCode", "publicKey",
    "callSign", "serialNumber", "isin", "dunsCode", "uniqueEntityId",
)


def card_query(entity: Entity) -> CardQuery:
    """The names, birth year and country a card is screened with."""
    names = [entity.name] + [a.name for a in entity.aliases if a.kind == AliasKind.STRONG]
    attrs = entity.attributes
    year = None
    birth = attrs.get("birthDate")
    if isinstance(birth, list):
        birth = birth[0] if birth else None
    if isinstance(birth, str) and (found := _YEAR.match(birth.strip())):
        year = int(found.group(1))
    country = None
    for key in ("nationality", "citizenship", "country", "jurisdiction"):
        value = attrs.get(key)
        if isinstance(value, list):
            value = value[0] if value else None
        if isinstance(value, str) and value.strip():
            country = value.strip()
            break
    numbers: list[str] = []
    for key in IDENTIFIER_PROPERTIES:
        value = attrs.get(key)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and item.strip():
                numbers.append(" ".join(item.split()))
    return CardQuery(entity, tuple(dict.fromkeys(" ".join(n.split()) for n in names if
                                                   n.strip())), year, country,
                     tuple(dict.fromkeys(numbers)))


def screen_case(store: CaseStore, library: ListLibrary, *,
                entity_ids: Iterable[str] | None = None, threshold: float = DEFAULT_THRESHOLD,
                progress: Progress | None = None,
                cancelled: Callable[[], bool] | None = None) -> ScreeningRun:
    """Screen the cards (all, or ``entity_ids``) and keep the results in the case."""
    summaries = library.lists()
    if not summaries:
        raise EmptyLibraryError("the list library is empty: import a list first (Tools →"
                                " Sanctions lists, or `osint-desk lists import FILE...`)")
    if entity_ids is None:
        cards = list(store.entities.list())
    else:
        cards = [store.entities.get(eid) for eid in entity_ids]
    skipped: dict[str, int] = {}
    queries = []
    for card in cards:
        if is_screened(card.type):
            queries.append(card_query(card))
        else:
            skipped[card.type] = skipped.get(card.type, 0) + 1
    findings: list[Finding] = []
    checks: list[RecordCheck] = []
    names = 0
    for done, query in enumerate(queries):
        if cancelled is not None and cancelled():
            raise ScreeningCancelled("screening stopped; the case was not changed")
        if progress is not None:
            progress(done, len(queries), query.entity.name)
        names += len(query.names)
        findings += _findings(library, query, threshold)
        checks += [c for s in store.sanctions.of_entity(query.entity.id)
                   if (c := check_record(library, summaries, s)) is not None]
    if progress is not None:
        progress(len(queries), len(queries), "")
    lists = [{"list_key": s.info.list_key, "authority": s.info.authority,
              "list_name": s.info.list_name, "published": s.info.published,
              "file_sha256": s.info.file_sha256, "entries": s.entry_count}
             for s in summaries]
    return store.screening.record(
        entity_ids=[q.entity.id for q in queries], findings=findings, checks=checks,
        threshold=threshold, lists=lists, names=names, skipped=skipped)


def _hits(library: ListLibrary, query: CardQuery,
          threshold: float) -> Iterator[tuple[str, ScreeningHit]]:
    """(what was screened, hit) for each name, then each identifier of the card."""
    for name in query.names:
        for hit in screen(library, name, schema=query.entity.type, birth_year=query.birth_year,
                          country=query.country, threshold=threshold):
            yield name, hit
    for number in query.identifiers:
        for hit in screen_identifier(library, number):
            yield number, hit


def _findings(library: ListLibrary, query: CardQuery, threshold: float) -> list[Finding]:
    best: dict[tuple[str, str], Finding] = {}
    for name, hit in _hits(library, query, threshold):
        key = (hit.authority, hit.entry_ref)
        if key in best and best[key].score >= hit.score:
            continue
        entry = library.entry(hit.list_key, hit.entry_ref)
        if entry is None:
            continue
        best[key] = Finding(
            entity_id=query.entity.id, authority=hit.authority, entry_ref=hit.entry_ref,
            list_key=hit.list_key, list_name=hit.list_name,
            list_published=hit.list_published, list_sha256=hit.list_sha256,
            score=hit.score, query=name, matched_name=hit.matched_name,
            listed_name=hit.listed_name, explanation=hit.explanation,
            entry=entry.to_dict(), entry_sha256=entry.content_sha256())
    return sorted(best.values(), key=lambda f: (-f.score, f.authority, f.entry_ref))


def _words(text: str) -> set[str]:
    return {w.casefold() for w in _WORD.findall(text)}


def list_for_record(summaries: list[ListSummary], record: Sanction) -> ListSummary | None:
    """The imported list a record was copied from: by its list key when screening made it,
    else the list of the same authority whose name shares the most words with the record's
    list name (at least half of them)."""
    same = [s for s in summaries if s.info.authority.casefold() == record.authority.casefold()]
    key = record.provenance.get("list_key")
    for summary in same:
        if summary.info.list_key == key:
            return summary
    wanted = _words(record.list_name) - {"list", "the", "of", "and"}
    if not wanted:
        return same[0] if len(same) == 1 else None
    scored = [(len(wanted & _words(s.info.list_name)) / len(wanted), s) for s in same]
    scored = [x for x in scored if x[0] >= 0.5]
    return max(scored, key=lambda x: x[0])[1] if scored else None


def check_record(library: ListLibrary, summaries: list[ListSummary],
                 record: Sanction) -> RecordCheck | None:
    """The record against its list as imported now; None when that list is not imported."""
    if not record.entry_ref:
        return None
    summary = list_for_record(summaries, record)
    if summary is None:
        return None
    info = summary.info
    entry = library.entry(info.list_key, record.entry_ref)
    return RecordCheck(
        sanction_id=record.id, list_key=info.list_key, list_name=info.list_name,
        list_published=info.published, list_sha256=info.file_sha256,
        entry=entry.to_dict() if entry else None,
        entry_sha256=entry.content_sha256() if entry else None)
