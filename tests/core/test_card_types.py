"""Guessing a new card's type from its name: the case, the countries, the lists, the last one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from osint_desk.core.card_types import explain_card_type, guess_card_type, listed_schema
from osint_desk.core.sanctions.entries import Alias, ListEntry, ListInfo
from osint_desk.core.sanctions.library import ListLibrary
from osint_desk.core.store import CaseStore


@pytest.fixture
def library(tmp_path: Path) -> Iterator[ListLibrary]:
    """A two-entry list: a vessel and a company, with an alias."""
    info = ListInfo("TEST", "test-list", "Test list", "2024-01-01", "0" * 64, ("test.xml",))
    entries = [
        ListEntry("TEST", "test-list", "1", "Vessel", "CHON MA SAN"),
        ListEntry("TEST", "test-list", "2", "Company", "KOREA MINING DEVELOPMENT TRADING CORP",
                  aliases=(Alias("KOMID"),)),
        ListEntry("TEST", "test-list", "3", "Person", "PAK, Il Nam"),
    ]
    with ListLibrary(tmp_path / "lists.sqlite") as opened:
        opened.import_entries(info, entries)
        yield opened


def test_an_existing_card_or_alias_gives_its_type_and_is_not_new(demo: CaseStore) -> None:
    wagner = demo.entities.resolve("Wagner Group")
    guess = explain_card_type("pmc  wagner", demo)
    assert (guess.type, guess.entity_id) == ("Organization", wagner.id)
    assert "alias" in guess.reason and "Wagner Group" in guess.reason
    assert explain_card_type("KCNA", demo).entity_id == demo.entities.resolve("KCNA").id
    assert guess_card_type("John Kirby", demo, last="Vessel") == "Person"


def test_a_country_name_is_a_public_body(store: CaseStore) -> None:
    for name in ("North Korea", "Democratic People's Republic of Korea", "DPRK",
                 "Russian Federation", "United Kingdom", "UK", "Iran"):
        guess = explain_card_type(name, store, last="Person")
        assert guess.type == "PublicBody", name
        assert guess.entity_id is None
    assert explain_card_type("North Korea", store).reason == "a country: KP"
    # two letters in lower case are a name, not a country code
    assert guess_card_type("Al", store, last="Person") == "Person"


def test_a_listed_name_takes_the_lists_schema(store: CaseStore, library: ListLibrary) -> None:
    assert guess_card_type("Chon Ma San", store, library) == "Vessel"
    assert guess_card_type("KOMID", store, library, last="Person") == "Company"
    assert guess_card_type("Il Nam Pak", store, library) == "Person"  # any word order
    guess = explain_card_type("chon ma san", store, library)
    assert guess.reason == "listed on test-list"
    assert listed_schema(library, "Chon Ma") is None  # not the exact name
    assert guess_card_type("Chon Ma", store, library, last="Organization") == "Organization"


def test_the_case_comes_before_countries_and_lists(demo: CaseStore,
                                                   library: ListLibrary) -> None:
    chon = demo.entities.add("Company", "Chon Ma San")
    guess = explain_card_type("Chon Ma San", demo, library)
    assert (guess.type, guess.entity_id) == ("Company", chon.id)
    assert guess_card_type("Russia", demo) == "PublicBody"


def test_otherwise_the_last_type_chosen_else_person_with_a_reason(store: CaseStore) -> None:
    guess = explain_card_type("Arms Broker Zed", store, last="Organization")
    assert (guess.type, guess.reason) == ("Organization", "the type chosen last")
    assert guess_card_type("Arms Broker Zed", store, last="organisation") == "Organization"
    fallback = explain_card_type("Arms Broker Zed", store)
    assert fallback.type == "Person"
    assert fallback.reason == "nothing known about this name"
    assert guess_card_type("Arms Broker Zed", store, last="no such type") == "Person"
    assert guess_card_type("   ", None) == "Person"


def test_suggest_ranks_exact_names_and_aliases_first(demo: CaseStore) -> None:
    wagner = demo.entities.resolve("Wagner Group")
    found = demo.entities.suggest("PMC Wagner")
    assert [(e.id, alias) for e, alias in found] == [(wagner.id, "PMC Wagner")]
    first, alias = demo.entities.suggest("wagner")[0]
    assert (first.id, alias) == (wagner.id, "Wagner")  # the exact (weak) alias first
    assert demo.entities.suggest("kcna")[0][0].name == "KCNA"
    named = demo.entities.suggest("north korea")
    assert named[0][0].name == "North Korea" and named[0][1] is None
    assert demo.entities.suggest("100%") == [] and demo.entities.suggest("_") == []
    assert len(demo.entities.suggest("a", limit=3)) == 3
