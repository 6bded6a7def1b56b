"""Suggestions of what a source names: the entry point of extraction (issue 16).

Sources of suggestions, best first when spans overlap: the case's cards and aliases (the
:class:`Gazetteer`), names in the imported sanctions lists, places in the offline gazetteer,
identifier patterns (e-mail, phone, IBAN...), money and dates, then names guessed from
capitalisation. What the analyst rejected in this case, or asked to ignore everywhere, is left
out. Nothing is stored: a suggestion is recomputed from the text each time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Protocol

from osint_desk.core.extract import ignore_list, list_names, name_guess, place_names
from osint_desk.core.extract.gazetteer import FoldedText, Gazetteer
from osint_desk.core.extract.money_dates import find_dates, find_money
from osint_desk.core.extract.patterns import find_patterns
from osint_desk.core.extract.suggestion import Suggestion, make, norm_key, resolve_overlaps
from osint_desk.core.geo.gazetteer import GazetteerError
from osint_desk.core.sanctions.library import ListLibrary
from osint_desk.core.store import CaseStore

#: A source longer than this is read up to here only (a 64 MiB text would take minutes).
MAX_TEXT = 2_000_000
_CARD_KINDS = {"Person": "person", "Company": "company", "PublicBody": "public_body",
               "Address": "place"}
Progress = Callable[[int, int], None]


class Check(Protocol):
    def __call__(self) -> None: ...


def _published(value: str | None) -> dt.date | None:
    if not value or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


class Suggester:
    """Built once per case (cards, judgements, lists, ignore file), run on many sources."""

    def __init__(self, store: CaseStore, *, library: ListLibrary | None = None,
                 use_places: bool = True) -> None:
        from osint_desk.core.store.judgements import Judgements

        self.cards = Gazetteer((entity_id, name) for entity_id, name, _alias
                               in store.entities.all_names())
        self._types: dict[str, str] = {}
        self.card_names = {entity_id: name for entity_id, name, alias
                           in store.entities.all_names() if not alias}
        # "Utkin" alone, once "Dmitry Utkin" is a card: the surname of exactly one card
        # (None: of several); whether that card is a person is checked when one is found.
        self.surnames: dict[str, str | None] = {}
        for entity_id, name in self.card_names.items():
            words = name.split()
            if len(words) >= 2 and len(words[-1]) >= 3:
                key = norm_key(words[-1])
                self.surnames[key] = (entity_id if self.surnames.get(key, entity_id)
                                      == entity_id else None)
        self.rejected = Judgements.of(store).rejected_keys()
        self.ignored = ignore_list.load()
        self.listed = list_names.listed_names(library) if library is not None else {}
        self.use_places = use_places
        self._store = store

    def _card_suggestions(self, source_id: str, text: str,
                          folded: FoldedText) -> list[Suggestion]:
        found = []
        for mention in self.cards.find(folded):
            card = self.card_names.get(mention.entity_id, mention.name)
            alias = mention.name != card
            schema = self._types.get(mention.entity_id)
            if schema is None:
                schema = self._types[mention.entity_id] = self._store.entities.get(
                    mention.entity_id).type
            kind = _CARD_KINDS.get(schema, "organization")
            reason = f"alias of card {card}" if alias else f"name of card {card}"
            found.append(make(source_id, text, mention.start, mention.end, kind, reason, 1.0,
                              "card", entity_id=mention.entity_id, card_type=schema))
        return found

    def _surname_card(self, word: str) -> str | None:
        """The one Person card whose name ends with this single word, if there is one."""
        if " " in word.strip():
            return None
        card = self.surnames.get(norm_key(word))
        if card is None:
            return None
        schema = self._types.get(card)
        if schema is None:
            schema = self._types[card] = self._store.entities.get(card).type
        return card if schema == "Person" else None

    def suggest_text(self, source_id: str, text: str, published: dt.date | None = None,
                     check: Check | None = None) -> list[Suggestion]:
        text = text[:MAX_TEXT]
        items = (self._card_suggestions(source_id, text, FoldedText(text))
                 if len(self.cards) else [])
        if check:
            check()
        spans = list(name_guess.spans(text))
        found = name_guess.candidates(text)
        for start, end, kind, reason, conf, schema in list_names.find_listed(
                text, spans, self.listed):
            items.append(make(source_id, text, start, end, kind, reason, conf, "list",
                              card_type=schema))
        if self.use_places:
            try:
                for start, end, _name, reason, conf in place_names.find_places(
                        text, name_guess.place_spans(text, found)):
                    items.append(make(source_id, text, start, end, "place", reason, conf,
                                      "place"))
            except GazetteerError:
                pass  # no place data installed: suggest the rest
        if check:
            check()
        for start, end, kind, reason, conf in find_patterns(text):
            items.append(make(source_id, text, start, end, kind, reason, conf, "pattern"))
        for start, end, kind, reason, conf in find_money(text):
            items.append(make(source_id, text, start, end, kind, reason, conf, "pattern"))
        for start, end, kind, reason, conf, value in find_dates(text, published):
            items.append(make(source_id, text, start, end, kind, reason, conf, "pattern",
                              value=value))
        for start, end, kind, reason, conf in name_guess.guess_names(text, found):
            card = self._surname_card(text[start:end]) if kind == "person" else None
            if card is not None:
                items.append(make(source_id, text, start, end, kind,
                                  f"surname of card {self.card_names[card]}", 0.8,
                                  "heuristic", entity_id=card, card_type="Person"))
            else:
                items.append(make(source_id, text, start, end, kind, reason, conf,
                                  "heuristic"))
        kept = resolve_overlaps(items)
        return [s for s in kept if (s.kind, s.key) not in self.rejected
                and (s.kind, s.key) not in self.ignored]

    def suggest_source(self, source_id: str, check: Check | None = None) -> list[Suggestion]:
        """The source's suggestions, less a card's name already linked to that card by an
        excerpt around it (nothing is left to accept there)."""
        from osint_desk.core.store.judgements import Judgements

        source = self._store.sources.get(source_id)
        found = self.suggest_text(source.id, source.text, _published(source.published), check)
        linked = Judgements.of(self._store).linked_spans(source.id)
        if not linked:
            return found
        return [item for item in found if item.entity_id is None or not any(
            start <= item.start and item.end <= end and card == item.entity_id
            for start, end, card in linked)]


def suggest(store: CaseStore, source_id: str, *, library: ListLibrary | None = None,
            check: Check | None = None) -> list[Suggestion]:
    """The suggestions for one source, in text order."""
    return Suggester(store, library=library).suggest_source(source_id, check)


def suggest_case(store: CaseStore, *, library: ListLibrary | None = None,
                 progress: Progress | None = None,
                 check: Check | None = None) -> dict[str, list[Suggestion]]:
    """The suggestions for every live source; ``check()`` raises to cancel."""
    suggester = Suggester(store, library=library)
    ids = store.sources.ids()
    found: dict[str, list[Suggestion]] = {}
    for done, source_id in enumerate(ids, 1):
        if check:
            check()
        found[source_id] = suggester.suggest_source(source_id, check)
        if progress:
            progress(done, len(ids))
    return found
