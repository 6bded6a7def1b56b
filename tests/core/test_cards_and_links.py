"""Cards, aliases, relationships with evidence, sanctions, tags and the dossier."""

from __future__ import annotations

import pytest

from osint_desk.core.errors import AmbiguousNameError, NotFoundError, ValidationError
from osint_desk.core.store import CaseStore


def test_types_are_ftm_schema_names(store: CaseStore) -> None:
    assert store.entities.add("person", "A").type == "Person"
    assert store.entities.add("PUBLICBODY", "B").type == "PublicBody"
    assert store.entities.add("organisation", "C").type == "Organization"
    with pytest.raises(ValidationError, match="unknown entity type"):
        store.entities.add("Wizard", "D")


def test_resolve_by_id_name_or_alias(store: CaseStore) -> None:
    person = store.entities.add("Person", "Yevgeny Prigozhin",
                                aliases=["Пригожин", {"name": "Putin's chef", "kind": "nickname"}])
    assert store.entities.resolve(person.id).id == person.id
    assert store.entities.resolve("yevgeny  prigozhin").id == person.id
    assert store.entities.resolve("ПРИГОЖИН").id == person.id
    with pytest.raises(NotFoundError, match="no card named"):
        store.entities.resolve("Prigo")


def test_ambiguous_name_lists_candidates(store: CaseStore) -> None:
    one = store.entities.add("Organization", "Wagner Group", aliases=["Wagner"])
    two = store.entities.add("Person", "Richard Wagner", aliases=["Wagner"])
    with pytest.raises(AmbiguousNameError) as info:
        store.entities.resolve("Wagner")
    message = str(info.value)
    assert one.id in message and two.id in message
    assert "Richard Wagner" in message


def test_aliases_edit_and_remove(store: CaseStore) -> None:
    card = store.entities.add("Organization", "Wagner Group")
    alias = store.entities.add_alias(card.id, "ЧВК «Вагнер»", script="Cyrl", language="ru")
    assert store.entities.get(card.id).aliases[0].name == "ЧВК «Вагнер»"
    with pytest.raises(ValidationError, match="already has"):
        store.entities.add_alias(card.id, "чвк «вагнер»")
    store.entities.update_alias(alias.id, kind="weak")
    assert store.entities.get(card.id).aliases[0].kind == "weak"
    store.entities.remove_alias(alias.id)
    assert store.entities.get(card.id).aliases == ()
    assert store.search("Вагнер") == []
    store.entities.restore_alias(alias.id)
    assert [h.id for h in store.search("Вагнер")] == [card.id]


def test_relationship_with_evidence_roles(store: CaseStore) -> None:
    nk = store.entities.add("PublicBody", "North Korea")
    wagner = store.entities.add("Organization", "Wagner Group")
    source = store.sources.add(text="NK delivered arms. KCNA denied any deal.", title="S")
    claim = store.excerpts.add_by_quote(source.id, "NK delivered arms.")
    denial = store.excerpts.add_by_quote(source.id, "KCNA denied any deal.")
    rel = store.relationships.add(nk.id, "Supplied", wagner.id, start="2022-11", confidence=75,
                                  evidence=[(claim.id, "supports"), (denial.id, "contradicts")])
    assert rel.predicate == "supplied"
    assert {(e.excerpt_id, e.role) for e in rel.evidence} == {
        (claim.id, "supports"), (denial.id, "contradicts")}
    store.relationships.set_evidence(rel.id, denial.id, "context")
    assert {e.excerpt_id: e.role for e in store.relationships.get(rel.id).evidence}[
        denial.id] == "context"
    store.relationships.remove_evidence(rel.id, denial.id)
    assert len(store.relationships.get(rel.id).evidence) == 1
    with pytest.raises(ValidationError, match=r"evidence role"):
        store.relationships.set_evidence(rel.id, denial.id, "proves")
    with pytest.raises(ValidationError, match=r"ends .* before it starts"):
        store.relationships.update(rel.id, end="2021")
    store.relationships.update(rel.id, end="2022")  # same year: not before the start
    with pytest.raises(ValidationError, match="two different cards"):
        store.relationships.add(nk.id, "supplied", nk.id)
    with pytest.raises(ValidationError, match="confidence"):
        store.relationships.add(nk.id, "supplied", wagner.id, confidence=101)


def test_sanctions_and_evidence(store: CaseStore) -> None:
    card = store.entities.add("Person", "Yevgeny Prigozhin")
    source = store.sources.add(text="He has been subject to sanctions.", title="S")
    excerpt = store.excerpts.add_by_quote(source.id, "subject to sanctions")
    record = store.sanctions.add(
        card.id, "OFAC", list_name="SDN", programs=["UKRAINE-EO13661", "CYBER2"],
        entry_ref="21171", listed_name="PRIGOZHIN, Yevgeniy Viktorovich",
        provenance={"file_sha256": "abc"}, list_sha256="abc",
        evidence=[(excerpt.id, "supports")])
    assert record.programs == ("UKRAINE-EO13661", "CYBER2")
    assert store.sanctions.find(card.id, "OFAC", "21171") == record
    assert [h.kind for h in store.search("21171")] == ["sanction"]
    with pytest.raises(ValidationError, match="status"):
        store.sanctions.update(record.id, status="maybe")


def test_dossier_has_everything_about_a_card(demo: CaseStore) -> None:
    prigozhin = demo.entities.resolve("Пригожин")
    dossier = demo.dossier(prigozhin.id)
    assert len(dossier.excerpts) >= 4
    directions = {view.direction for view in dossier.relationships}
    assert directions == {"incoming", "outgoing"}
    assert {s.entry_ref for s in dossier.sanctions} == {"21171"}
    assert len(dossier.sources) == 1
    assert "sanctioned" in dossier.tags
    wagner = demo.entities.resolve("Wagner Group")
    others = {v.other.name for v in demo.dossier(wagner.id).relationships}
    assert "Yevgeny Prigozhin" in others and "North Korea" in others


def test_tags(store: CaseStore) -> None:
    card = store.entities.add("Person", "A")
    store.tags.tag("entity", card.id, "Needs corroboration")
    store.tags.tag("entity", card.id, "needs corroboration")  # same tag, case-insensitive
    assert store.tags.of("entity", card.id) == ["Needs corroboration"]
    assert [(t.name, t.count) for t in store.tags.list()] == [("Needs corroboration", 1)]
    store.entities.delete(card.id)
    assert store.tags.list() == []
    store.tags.untag("entity", card.id, "needs corroboration")
    assert store.tags.of("entity", card.id) == []
    with pytest.raises(ValidationError, match="cannot tag"):
        store.tags.tag("planet", card.id, "x")


def test_list_pages_bring_their_aliases_and_names_in_bulk(demo: CaseStore) -> None:
    cards = demo.entities.list()
    assert {c.id: c.aliases for c in cards} == {
        c.id: demo.entities.get(c.id).aliases for c in cards}
    ids = [c.id for c in cards[:5]]
    assert demo.entities.names(ids) == {c.id: c.name for c in cards[:5]}
