"""Possible duplicate cards, and judgements that keep a pair out."""

from __future__ import annotations

import time

import pytest

from osint_desk.core.errors import ValidationError
from osint_desk.core.store import CaseStore
from osint_desk.core.store.duplicates import DuplicatesCancelled, possible_duplicates
from osint_desk.core.store.merges import Merges


def merges(store: CaseStore) -> Merges:
    return getattr(store, "merges", None) or Merges(store._ctx)


def pairs(store: CaseStore) -> dict[frozenset[str], object]:
    return {frozenset((p.a_id, p.b_id)): p for p in possible_duplicates(store)}


def test_a_second_wagner_card_is_proposed_with_reasons(demo: CaseStore) -> None:
    wagner = demo.entities.resolve("Wagner Group").id
    pmc = demo.entities.add("organization", "PMC Wagner").id
    found = pairs(demo)
    pair = found[frozenset((wagner, pmc))]
    assert pair.score >= 0.69 and pair.reasons  # type: ignore[attr-defined]
    # an exact alias ("PMC Wagner" is one of Wagner Group's) ranks first
    assert frozenset((possible_duplicates(demo)[0].a_id,
                      possible_duplicates(demo)[0].b_id)) == frozenset((wagner, pmc))


def test_a_negative_judgement_keeps_the_pair_out_and_unsure_is_marked(demo: CaseStore) -> None:
    wagner = demo.entities.resolve("Wagner Group").id
    pmc = demo.entities.add("organization", "PMC Wagner").id
    key = frozenset((wagner, pmc))
    assert merges(demo).judge_pair(wagner, pmc, "unsure") is None
    assert pairs(demo)[key].judgement == "unsure"  # type: ignore[attr-defined]
    assert merges(demo).judge_pair(pmc, wagner, "negative") == "unsure"
    assert key not in pairs(demo)
    assert merges(demo).judge_pair(wagner, pmc, None) == "negative"  # undo of the judgement
    assert key in pairs(demo)
    with pytest.raises(ValidationError):
        merges(demo).judge_pair(wagner, pmc, "maybe")
    with pytest.raises(ValidationError):
        merges(demo).judge_pair(wagner, wagner, "negative")


def test_merged_cards_are_not_proposed_and_split_brings_them_back(demo: CaseStore) -> None:
    wagner = demo.entities.resolve("Wagner Group").id
    pmc = demo.entities.add("organization", "PMC Wagner").id
    merge = merges(demo).merge([wagner, pmc])
    assert not any(pmc in key for key in pairs(demo))
    merges(demo).split(merge.id)
    assert frozenset((wagner, pmc)) in pairs(demo)


def test_a_shared_identifier_is_a_reason_even_when_names_differ(store: CaseStore) -> None:
    a = store.entities.add("vessel", "Ocean Star", attributes={"imoNumber": "IMO 9123456"}).id
    b = store.entities.add("vessel", "Lady Maria", attributes={"imoNumber": "imo 9123456"}).id
    store.entities.add("vessel", "Something Else", attributes={"imoNumber": "IMO 9999999"})
    found = possible_duplicates(store)
    assert [(p.a_id, p.b_id) for p in found] in ([(a, b)], [(b, a)])
    assert found[0].reasons == ("same identifier imo 9123456",)


def test_cards_of_different_types_are_not_proposed(store: CaseStore) -> None:
    store.entities.add("person", "Viktor Bout")
    store.entities.add("organization", "Viktor Bout")
    assert possible_duplicates(store) == []


def test_the_search_can_be_stopped(demo: CaseStore) -> None:
    with pytest.raises(DuplicatesCancelled):
        possible_duplicates(demo, check=lambda: True)


def test_two_thousand_cards_are_fast(store: CaseStore) -> None:
    with store.transaction():
        for i in range(2000):
            store.entities.add("person", f"Person{i:04d} Surname{i % 97:02d}x{i}")
    start = time.perf_counter()
    possible_duplicates(store)
    assert time.perf_counter() - start < 20.0


def test_a_survivor_inherits_the_negative_judgements_of_its_members(demo: CaseStore) -> None:
    wagner = demo.entities.resolve("Wagner Group").id
    pmc = demo.entities.add("organization", "PMC Wagner").id
    chvk = demo.entities.add("organization", "ChVK Wagner").id
    merges(demo).judge_pair(pmc, wagner, "negative")
    merge = merges(demo).merge([chvk, pmc], into=chvk)
    assert frozenset((wagner, chvk)) not in pairs(demo)
    merges(demo).split(merge.id)
    assert frozenset((wagner, chvk)) in pairs(demo)
    assert frozenset((wagner, pmc)) not in pairs(demo)
