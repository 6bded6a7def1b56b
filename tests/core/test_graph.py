"""The case as a network (core/graph.py over store.graph): right figures, a few queries."""

from __future__ import annotations

from collections import Counter

import pytest

from osint_desk.core.graph import CaseGraph, confidence_words, load_graph
from osint_desk.core.store import CaseStore


def _by_name(graph: CaseGraph) -> dict[str, str]:
    return {node.name: node.id for node in graph.nodes.values()}


def test_nodes_and_links_agree_with_the_records(demo: CaseStore) -> None:
    graph = load_graph(demo)
    assert set(graph.nodes) == {entity.id for entity in demo.entities.list()}
    relationships = {r.id: r for r in demo.relationships.list()}
    assert set(graph.links) == set(relationships)
    for link in graph.links.values():
        roles = Counter(e.role for e in relationships[link.id].evidence)
        assert (link.supports, link.contradicts, link.context) == (
            roles["supports"], roles["contradicts"], roles["context"])
        assert (link.subject_id, link.predicate, link.object_id) == (
            relationships[link.id].subject_id, relationships[link.id].predicate,
            relationships[link.id].object_id)
    names = _by_name(graph)
    wagner = graph.nodes[names["Wagner Group"]]
    assert wagner.authorities == ("OFAC",)
    for node in graph.nodes.values():  # the number the card itself shows
        assert node.mentions == len(demo.excerpts.of_entity(node.id)), node.name
    assert wagner.mentions > 0
    assert graph.nodes[names["John Kirby"]].authorities == ()


def test_the_contested_supply_link(demo: CaseStore) -> None:
    graph = load_graph(demo)
    names = _by_name(graph)
    supplied = [link for link in graph.links_of(names["North Korea"])
                if link.predicate == "supplied"]
    assert len(supplied) == 1
    link = supplied[0]
    assert link.object_id == names["Wagner Group"]
    assert link.contradicts >= 1 and link.supports >= 1
    evidence = demo.graph.link_evidence(link.id)
    assert Counter(e.role for e in evidence) == Counter(
        {"supports": link.supports, "contradicts": link.contradicts, "context": link.context})
    denial = [e for e in evidence if e.role == "contradicts"]
    assert any("KCNA" in (e.speaker or "") or "KCNA" in e.source_title or e.stance == "denies"
               for e in denial)
    for item in evidence:
        source = demo.sources.get(item.source_id)
        assert item.source_title == source.title
        assert item.quote in source.text


def test_deleted_records_drop_out_of_every_figure(demo: CaseStore) -> None:
    graph = load_graph(demo)
    names = _by_name(graph)
    link = next(link for link in graph.links.values() if link.contradicts)
    denial = next(e for e in demo.graph.link_evidence(link.id) if e.role == "contradicts")
    speaker = next(e.speaker for e in demo.graph.link_evidence(link.id)
                   if e.excerpt_id == denial.excerpt_id)
    demo.excerpts.delete(denial.excerpt_id)
    after = load_graph(demo)
    assert after.links[link.id].contradicts == link.contradicts - 1
    mentioned = {card: node.mentions for card, node in graph.nodes.items()}
    assert speaker and sum(n.mentions for n in after.nodes.values()) < sum(mentioned.values())
    demo.entities.delete(names["Wagner Group"])
    gone = load_graph(demo)
    assert names["Wagner Group"] not in gone.nodes
    assert all(names["Wagner Group"] not in (x.subject_id, x.object_id)
               for x in gone.links.values())


def test_neighbours_hidden_counts_and_links_among(demo: CaseStore) -> None:
    graph = load_graph(demo)
    names = _by_name(graph)
    prigozhin = names["Yevgeny Prigozhin"]
    everyone = graph.neighbours(prigozhin)
    assert {names[n] for n in ("Wagner Group", "Vladimir Putin", "Concord Catering",
                               "Internet Research Agency", "United States",
                               "European Union")} == everyone
    assert graph.neighbours(prigozhin, predicates={"runs"}) == {
        names["Concord Catering"], names["Internet Research Agency"]}
    assert graph.neighbours(prigozhin, types={"Person"}) == {names["Vladimir Putin"]}
    shown = {prigozhin, names["Wagner Group"]}
    hidden = graph.hidden_neighbours(shown)
    assert hidden[prigozhin] == len(everyone) - 1
    assert hidden[names["Wagner Group"]] == len(graph.neighbours(names["Wagner Group"])) - 1
    assert [link.predicate for link in graph.links_among(shown)] == ["controls"]
    assert graph.neighbour_predicates(prigozhin)["runs"] == 2


def test_a_subset_is_read_with_the_same_figures(demo: CaseStore) -> None:
    whole = load_graph(demo)
    names = _by_name(whole)
    subset = {names["Yevgeny Prigozhin"], names["Wagner Group"], names["North Korea"]}
    nodes = demo.graph.nodes(subset)
    assert {n.id for n in nodes} == subset
    assert all(n == whole.nodes[n.id] for n in nodes)
    inside = demo.graph.links(subset)
    assert {link.id for link in inside} == {link.id for link in whole.links_among(subset)}
    touching = demo.graph.links(subset, touching=True)
    assert {link.id for link in touching} == {
        link.id for node in subset for link in whole.links_of(node)}
    assert demo.graph.nodes(["no-such-card"]) == []


def test_reading_the_graph_takes_a_few_queries_whatever_its_size(demo: CaseStore) -> None:
    statements: list[str] = []
    demo._ctx.conn.set_trace_callback(statements.append)
    try:
        load_graph(demo)
    finally:
        demo._ctx.conn.set_trace_callback(None)
    assert len(statements) <= 6, statements


@pytest.mark.parametrize(("confidence", "words"), [
    (None, ""), (0, "almost no chance"), (50, "roughly even chance"), (90, "very likely"),
    (100, "almost certain")])
def test_confidence_words(confidence: int | None, words: str) -> None:
    assert confidence_words(confidence) == words
