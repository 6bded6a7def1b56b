"""The store's calls for views of large cases: pages, ids first, names without records."""

from __future__ import annotations

import random

from osint_desk.core.store import CaseStore
from osint_desk.core.store.evidence import evidence_for, evidence_of


def _case(store: CaseStore) -> dict[str, str]:
    """Three sources, a card mentioned, spoken by and carried by several excerpts."""
    card = store.entities.add("Organization", "Wagner Group", aliases=["PMC Wagner"]).id
    other = store.entities.add("Person", "Yevgeny Prigozhin").id
    sources = [store.sources.add(text=f"Source {n}: " + "word " * 60, title=f"S{n}").id
               for n in range(3)]
    ids: dict[str, str] = {"card": card, "other": other}
    # Cut in an order unlike the reading order, so the sort is what puts them right.
    for name, source, start in (("late", 2, 40), ("early", 0, 20), ("middle", 1, 10),
                                ("first", 0, 10), ("speaker", 1, 30), ("channel", 2, 10),
                                ("unrelated", 1, 50), ("deleted", 0, 40)):
        excerpt = store.excerpts.add(sources[source], start, start + 4)
        ids[name] = excerpt.id
    for name in ("late", "early", "middle", "first", "deleted"):
        store.excerpts.link_entity(ids[name], card)
    store.excerpts.update(ids["speaker"], speaker_id=card)
    store.excerpts.update(ids["channel"], channel_id=card)
    store.excerpts.link_entity(ids["channel"], card)  # a mention and a channel: listed once
    store.excerpts.delete(ids["deleted"])
    ids.update(source0=sources[0], source1=sources[1], source2=sources[2])
    return ids


def test_excerpts_of_a_card_in_reading_order(store: CaseStore) -> None:
    ids = _case(store)
    expected = [ids[n] for n in ("first", "early", "middle", "speaker", "channel", "late")]
    assert [e.id for e in store.excerpts.of_entity(ids["card"])] == expected
    assert [e.id for e in store.excerpts.of_entity(ids["card"], offset=2, limit=3)] \
        == expected[2:5]
    pairs = store.excerpts.ids_of_entity(ids["card"])
    assert [excerpt for excerpt, _source in pairs] == expected
    assert [source for _excerpt, source in pairs] == [
        ids["source0"], ids["source0"], ids["source1"], ids["source1"], ids["source2"],
        ids["source2"]]
    assert [e.id for e in store.excerpts.get_many([expected[3], "nope", ids["deleted"],
                                                   expected[0]])] == [expected[3], expected[0]]
    assert store.excerpts.of_entity(ids["other"]) == []


def test_sources_of_a_card_and_the_dossier_without_mentions(store: CaseStore) -> None:
    ids = _case(store)
    sources = [ids["source0"], ids["source1"], ids["source2"]]
    assert [s.id for s in store.sources.of_entity(ids["card"])] == sources
    assert [s.id for s in store.sources.of_entity(ids["card"], offset=1, limit=1)] \
        == sources[1:2]
    assert [s.id for s in store.sources.get_many(reversed(sources))] == sources[::-1]
    assert store.sources.titles(sources) == {sources[0]: "S0", sources[1]: "S1",
                                             sources[2]: "S2"}
    store.relationships.add(ids["card"], "employs", ids["other"],
                            evidence=[(ids["first"], "supports")])
    store.sanctions.add(ids["card"], "OFAC", entry_ref="1",
                        evidence=[(ids["late"], "supports"), (ids["first"], "context")])
    store.tags.tag("entity", ids["card"], "to check")
    full = store.dossier(ids["card"])
    light = store.dossier(ids["card"], mentions=False)
    assert [e.id for e in full.excerpts] == [e.id for e in store.excerpts.of_entity(ids["card"])]
    assert [s.id for s in full.sources] == sources
    assert light.excerpts == () and light.sources == ()
    assert (light.entity, light.relationships, light.sanctions, light.tags) == (
        full.entity, full.relationships, full.sanctions, full.tags)
    assert [e.excerpt_id for e in full.sanctions[0].evidence] == [ids["first"], ids["late"]]
    assert full.relationships[0].other.name == "Yevgeny Prigozhin"


def test_evidence_for_many_records_is_evidence_of_each(demo: CaseStore) -> None:
    rows = [row[0] for row in demo._ctx.all("SELECT id FROM relationships ORDER BY id")]
    many = evidence_for(demo._ctx, "relationship_evidence", rows)
    assert many == {row: evidence_of(demo._ctx, "relationship_evidence", row) for row in rows}
    assert any(many.values())


def test_source_pages_keep_the_list_order(store: CaseStore) -> None:
    rng = random.Random(3)
    with store.transaction():
        for number in range(57):
            store.sources.add(text=f"Text {number}.", title=rng.choice(["b", "A", "c"]) + str(
                rng.randint(0, 9)), published=rng.choice([None, "2022", "2023-05", "2021"]),
                outlet="Daily" if number % 3 else "Weekly")
    whole = store.sources.list()
    reference = sorted(whole, key=lambda s: s.id)  # any order in, the store's order out
    reference.sort(key=lambda s: s.title.casefold())
    reference.sort(key=lambda s: s.published_utc or s.published or "", reverse=True)
    assert [s.title for s in whole] == [s.title for s in reference]
    pages = [s.id for offset in range(0, 57, 10)
             for s in store.sources.list(offset=offset, limit=10)]
    assert pages == [s.id for s in whole]
    assert store.sources.ids() == [s.id for s in whole]
    weekly = store.sources.list(text_filter="weekly")
    assert store.sources.ids(text_filter="weekly") == [s.id for s in weekly]
    assert [s.id for s in weekly] == [s.id for s in whole if s.outlet == "Weekly"]
    assert [s.id for s in store.sources.list(text_filter="weekly", offset=5, limit=5)] \
        == [s.id for s in weekly[5:10]]


def test_all_names_and_cards_by_id(demo: CaseStore) -> None:
    entities = demo.entities.list()
    expected = [(e.id, e.name, False) for e in entities]
    expected += [(e.id, a.name, True) for e in entities for a in e.aliases]
    assert demo.entities.all_names() == expected
    picked = [entities[3].id, entities[0].id, "nope"]
    assert demo.entities.get_many(picked) == {entities[3].id: entities[3],
                                              entities[0].id: entities[0]}


def test_tag_names_are_the_tags_in_use(demo: CaseStore) -> None:
    assert demo.tags.names() == [tag.name for tag in demo.tags.list()]
    source = demo.sources.add(text="Only this one carries the tag.", title="Lonely")
    demo.tags.tag("source", source.id, "lonely tag")
    assert "lonely tag" in demo.tags.names()
    demo.sources.delete(source.id)
    assert "lonely tag" not in demo.tags.names()
    assert demo.tags.names() == [tag.name for tag in demo.tags.list()]
