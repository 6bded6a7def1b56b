"""Judging suggestions: reject (remembered in the case), accept (card + exact mention),
forget (the inverse of both), and the cross-case ignore file."""

from __future__ import annotations

import pytest

from osint_desk.core.errors import NotFoundError, ValidationError
from osint_desk.core.extract import ignore_list
from osint_desk.core.extract.suggest import suggest
from osint_desk.core.store import CaseStore
from osint_desk.core.store.judgements import Judgements, sentence_bounds

TEXT = ("White House spokesman John Kirby said so. Wagner Group paid $100 million.\n"
        "Later, John Kirby repeated it.")


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def test_a_rejected_suggestion_does_not_come_back(store: CaseStore) -> None:
    source = store.sources.add(text=TEXT, title="t")
    assert any(s.text == "John Kirby" for s in suggest(store, source.id))
    judgements = Judgements.of(store)
    judgement = judgements.reject(source.id, *_span(TEXT, "John Kirby"), "person")
    again = suggest(store, source.id)
    assert not any(s.text == "John Kirby" for s in again)  # neither occurrence
    assert any(s.text == "Wagner Group" for s in again)
    # Another source of the same case: still not proposed.
    other = store.sources.add(text="Then JOHN  KIRBY left.", title="u")
    assert not any(s.key == "john kirby" for s in suggest(store, other.id))
    # Rejecting twice is one rejection; forgetting it brings the suggestion back.
    assert judgements.reject(source.id, *_span(TEXT, "John Kirby"), "person").id == judgement.id
    judgements.forget(judgement.id)
    assert any(s.text == "John Kirby" for s in suggest(store, source.id))


def test_accept_creates_a_card_and_an_excerpt_of_the_sentence(store: CaseStore) -> None:
    source = store.sources.add(text=TEXT, title="t")
    start, end = _span(TEXT, "Wagner Group")
    judgement = Judgements.of(store).accept(source.id, start, end, "company")
    card = store.entities.get(judgement.entity_id or "")
    assert (card.type, card.name) == ("Company", "Wagner Group")
    excerpt = store.excerpts.get(judgement.excerpt_id or "")
    assert excerpt.quote == "Wagner Group paid $100 million."
    assert TEXT[excerpt.start:excerpt.end] == excerpt.quote
    assert store.excerpts.entity_ids(excerpt.id) == [card.id]
    # Done here: the linked name is not proposed again in this source, nor can it be
    # accepted twice (undoing the second would take back the first's link).
    assert not any(s.text == "Wagner Group" for s in suggest(store, source.id))
    with pytest.raises(ValidationError, match="already linked"):
        Judgements.of(store).accept(source.id, start, end, "company", entity_id=card.id)
    # Now the card is known: in another source its name is suggested as the card.
    other = store.sources.add(text="Later Wagner Group left Bakhmut.", title="u")
    item = next(s for s in suggest(store, other.id) if s.text == "Wagner Group")
    assert item.entity_id == card.id and item.origin == "card"
    # Undo: the excerpt and the card it made go (restorable), the judgement is forgotten.
    Judgements.of(store).forget(judgement.id)
    assert store.excerpts.for_source(source.id) == []
    assert store.entities.count() == 0
    assert Judgements.of(store).list() == []


def test_accept_links_an_existing_card_through_a_covering_excerpt(store: CaseStore) -> None:
    source = store.sources.add(text=TEXT, title="t")
    card = store.entities.add("Person", "John Kirby")
    covering = store.excerpts.add(source.id, 0, len(TEXT))
    start, end = _span(TEXT, "John Kirby")
    judgement = Judgements.of(store).accept(source.id, start, end, "person", entity_id=card.id)
    assert judgement.excerpt_id == covering.id and not judgement.created_excerpt
    assert store.excerpts.entity_ids(covering.id) == [card.id]
    Judgements.of(store).forget(judgement.id)
    assert store.excerpts.entity_ids(covering.id) == []
    assert store.entities.get(card.id).name == "John Kirby"  # the card was not ours to delete
    assert store.excerpts.get(covering.id).quote == TEXT


def test_bad_judgements_are_refused(store: CaseStore) -> None:
    source = store.sources.add(text=TEXT, title="t")
    judgements = Judgements.of(store)
    with pytest.raises(ValidationError, match="outside"):
        judgements.reject(source.id, 10, 10_000, "person")
    with pytest.raises(ValidationError, match="unknown kind"):
        judgements.reject(source.id, 0, 5, "dragon")
    with pytest.raises(NotFoundError, match="no card"):
        judgements.accept(source.id, *_span(TEXT, "$100 million"), "money", entity_id="nope")


def test_a_sum_or_a_date_accepted_without_a_card_is_an_excerpt_of_its_sentence(
        store: CaseStore) -> None:
    source = store.sources.add(text=TEXT + " It happened on 22 December 2022.", title="t")
    judgements = Judgements.of(store)
    money = judgements.accept(source.id, *_span(TEXT, "$100 million"), "money")
    excerpt = store.excerpts.get(money.excerpt_id or "")
    assert excerpt.quote == "Wagner Group paid $100 million." and money.entity_id is None
    assert store.excerpts.entity_ids(excerpt.id) == [] and store.entities.count() == 0
    text = store.sources.get(source.id).text
    start = text.index("22 December 2022")
    date = judgements.accept(source.id, start, start + 16, "date", event_date="2022-12-22")
    dated = store.excerpts.get(date.excerpt_id or "")
    assert (dated.quote, dated.event_date) == ("It happened on 22 December 2022.",
                                               "2022-12-22")
    judgements.forget(money.id)
    judgements.forget(date.id)
    assert store.excerpts.for_source(source.id) == [] and judgements.list() == []


def test_always_ignore_applies_to_every_case(store: CaseStore) -> None:
    source = store.sources.add(text=TEXT, title="t")
    assert ignore_list.add("person", "john kirby")
    assert not ignore_list.add("person", "john kirby")
    assert not any(s.key == "john kirby" for s in suggest(store, source.id))
    assert ignore_list.remove("person", "john kirby")
    assert any(s.key == "john kirby" for s in suggest(store, source.id))
    ignore_list.ignore_file().write_text("{not json", encoding="utf-8")
    assert ignore_list.load() == set()  # a damaged file hides nothing


def test_sentence_bounds_stay_inside_the_line() -> None:
    text = "Title line\nFirst sentence. Second one here! Third."
    start, end = _span(text, "one")
    assert text[slice(*sentence_bounds(text, start, end))] == "Second one here!"
    start, end = _span(text, "Title")
    assert text[slice(*sentence_bounds(text, start, end))] == "Title line"
