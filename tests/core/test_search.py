"""One search index across every kind: folding, prefixes, phrases, CJK, substrings, sync."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from osint_desk.core.store import CaseStore
from osint_desk.core.store.search import parse_query


@pytest.fixture
def filled(store: CaseStore) -> CaseStore:
    source = store.sources.add(
        text="Jürgen Müller met the délégation in Zürich.\n"
             "Пригожин контролирует ЧВК «Вагнер».\n"
             "朝鲜向瓦格纳集团交付了武器。\n"
             "Prigozhin runs Concord Catering from St. Petersburg.",
        title="Mixed article", notes="Analyst note about catering contracts")
    store.excerpts.add_by_quote(source.id, "Prigozhin runs Concord Catering",
                                note="Key claim about the *holding*")
    store.entities.add("Person", "Yevgeny Prigozhin", aliases=["Пригожин"],
                       description="Businessman from St. Petersburg")
    store.entities.add("Company", "Concord Catering")
    return store


def kinds(store: CaseStore, query: str) -> set[str]:
    return {hit.kind for hit in store.search(query)}


def test_hits_across_kinds(filled: CaseStore) -> None:
    assert kinds(filled, "Prigozhin") == {"source", "excerpt", "entity"}
    assert kinds(filled, "catering") == {"source", "excerpt", "entity"}


def test_diacritics_are_folded(filled: CaseStore) -> None:
    assert kinds(filled, "muller") == {"source"}
    assert kinds(filled, "zurich delegation") == {"source"}
    assert kinds(filled, "Müller") == {"source"}


def test_prefix_and_phrase(filled: CaseStore) -> None:
    assert kinds(filled, "Prigo*") == {"source", "excerpt", "entity"}
    assert kinds(filled, '"runs Concord"') == {"source", "excerpt"}
    assert kinds(filled, '"Concord runs"') == set()


def test_cyrillic_and_cjk(filled: CaseStore) -> None:
    assert kinds(filled, "Пригожин") == {"source", "entity"}
    assert kinds(filled, "瓦格纳集团") == {"source"}
    assert kinds(filled, "朝鲜") == {"source"}  # two characters: below the trigram size


def test_substring_falls_back_to_trigrams(filled: CaseStore) -> None:
    assert kinds(filled, "rigozh") == {"source", "excerpt", "entity"}


def test_notes_and_descriptions_are_searched(filled: CaseStore) -> None:
    assert kinds(filled, "contracts") == {"source"}
    assert kinds(filled, "holding") == {"excerpt"}
    assert kinds(filled, "businessman") == {"entity"}


def test_or_and_kind_filter(filled: CaseStore) -> None:
    assert kinds(filled, "holding OR businessman") == {"excerpt", "entity"}
    assert {h.kind for h in filled.search("Prigozhin", kinds=("entity",))} == {"entity"}


def test_snippets_mark_the_match(filled: CaseStore) -> None:
    hit = next(h for h in filled.search("Prigozhin") if h.kind == "source")
    start, end = hit.highlights[0]
    assert hit.snippet[start:end] == "Prigozhin"
    assert "\x02" not in hit.snippet


def test_index_follows_edits_deletes_and_restores(filled: CaseStore) -> None:
    card = filled.entities.resolve("Concord Catering")
    filled.entities.update(card.id, name="Concord Management")
    assert "entity" in kinds(filled, "management")
    filled.entities.delete(card.id)
    assert "entity" not in kinds(filled, "management")
    filled.entities.restore(card.id)
    assert "entity" in kinds(filled, "management")
    for table in ("search_words", "search_trigrams"):  # raises if an index is out of sync
        filled._ctx.conn.execute(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")


def test_ranks_come_from_one_index(filled: CaseStore) -> None:
    hits = filled.search("Prigozhin")
    scores = [hit.score for hit in hits]
    assert scores == sorted(scores, reverse=True)
    assert hits[0].kind in {"entity", "excerpt"}  # short, focused documents first


def test_parse_query() -> None:
    parsed = parse_query('"weapons delivery" Prig* OR Wagner')
    assert [[(t.text, t.prefix, t.phrase) for t in g] for g in parsed.groups] == [
        [("weapons delivery", False, True), ("Prig", True, False)],
        [("Wagner", False, False)],
    ]


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(max_size=30))
def test_no_input_is_a_syntax_error(filled: CaseStore, query: str) -> None:
    filled.search(query)


def test_short_cjk_terms_get_highlighted_snippets(filled: CaseStore) -> None:
    hit = next(h for h in filled.search("朝鲜") if h.kind == "source")
    start, end = hit.highlights[0]
    assert hit.snippet[start:end] == "朝鲜"
