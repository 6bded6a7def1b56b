"""Every public operation is atomic and audited in the same transaction; deletes undo cleanly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from osint_desk.core.errors import NotFoundError, ValidationError
from osint_desk.core.store import CaseStore


def test_multi_row_operation_failing_half_way_leaves_nothing(store: CaseStore) -> None:
    before = store.dump()
    audit_before = len(store.audit_entries(limit=10_000))
    # The card row and its first alias are written before the second alias fails.
    with pytest.raises(ValidationError, match="alias"):
        store.entities.add("Person", "Half Written", aliases=["Good alias", "   "])
    source = store.sources.add(text="Evidence text here.", title="S")
    excerpt = store.excerpts.add_by_quote(source.id, "Evidence")
    card = store.entities.add("Person", "A")
    other = store.entities.add("Person", "B")
    before = store.dump()
    audit_before = len(store.audit_entries(limit=10_000))
    # The relationship and its first evidence are written before the unknown excerpt fails.
    with pytest.raises(NotFoundError):
        store.relationships.add(card.id, "associate of", other.id,
                                evidence=[(excerpt.id, "supports"), ("no-such-id", "supports")])
    assert store.dump() == before
    assert len(store.audit_entries(limit=10_000)) == audit_before
    assert store.search("associate") == []


def test_grouped_transaction_rolls_back_as_a_whole(store: CaseStore) -> None:
    before = store.dump()
    with pytest.raises(RuntimeError), store.transaction():
        store.entities.add("Person", "First")
        store.entities.add("Person", "Second")
        raise RuntimeError("interrupted")
    assert store.dump() == before
    assert store.search("First") == []


def test_failed_demo_build_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from osint_desk.core import demo

    content = demo.load_demo_content()
    content["excerpts"][5]["quote"] = "words that are not in the article"
    monkeypatch.setattr(demo, "load_demo_content", lambda folder=None: content)
    target = tmp_path / "demo.osintcase"
    with pytest.raises(ValidationError, match="not in the source"):
        demo.build_demo_case(target)
    assert not target.exists()


def test_every_change_is_audited_without_source_text(store: CaseStore) -> None:
    secret = "UNIQUE-EVIDENCE-WORDS in the source text."
    source = store.sources.add(text=secret, title="S")
    card = store.entities.add("Person", "A", aliases=["Alias A"])
    excerpt = store.excerpts.add_by_quote(source.id, "UNIQUE-EVIDENCE-WORDS",
                                          entity_ids=[card.id])
    store.entities.update(card.id, description="Now described")
    store.excerpts.unlink_entity(excerpt.id, card.id)
    entries = store.audit_entries(limit=100)
    actions = [(e["action"], e["table_name"]) for e in reversed(entries)]
    assert actions[:1] == [("create", "case_meta")]
    assert ("create", "sources") in actions
    assert ("create", "entity_aliases") in actions
    assert ("link", "mentions") in actions
    assert ("update", "entities") in actions
    assert ("unlink", "mentions") in actions
    assert all(e["actor"] == "tester" for e in entries)
    assert all(e["at"].endswith("Z") for e in entries)
    dumped = json.dumps(entries, ensure_ascii=False)
    assert "UNIQUE-EVIDENCE-WORDS" not in dumped
    update = next(e for e in entries if e["action"] == "update")
    assert json.loads(update["before"])["description"] == ""
    assert json.loads(update["after"])["description"] == "Now described"


def test_delete_and_restore_card_brings_back_ids_and_links(demo: CaseStore) -> None:
    before = demo.dump()
    wagner = demo.entities.resolve("Wagner Group")
    linked = demo.dossier(wagner.id)
    assert linked.relationships and linked.sanctions and linked.excerpts
    demo.entities.delete(wagner.id)
    with pytest.raises(NotFoundError):
        demo.entities.get(wagner.id)
    prigozhin = demo.entities.resolve("Yevgeny Prigozhin")
    assert all(v.other.id != wagner.id for v in demo.dossier(prigozhin.id).relationships)
    assert not [h for h in demo.search("Wagner Group") if h.id == wagner.id]
    demo.entities.restore(wagner.id)
    assert demo.dump() == before
    again = demo.dossier(wagner.id)
    assert (again.relationships, again.sanctions, again.excerpts, again.sources) == (
        linked.relationships, linked.sanctions, linked.excerpts, linked.sources)
    assert again.entity.aliases == linked.entity.aliases
    assert any(h.id == wagner.id for h in demo.search("Wagner Group"))


def test_delete_and_restore_excerpt_keeps_evidence(demo: CaseStore) -> None:
    before = demo.dump()
    hit = demo.search('"completed an initial weapons delivery"', kinds=("excerpt",))[0]
    demo.excerpts.delete(hit.id)
    demo.excerpts.restore(hit.id)
    assert demo.dump() == before


def test_live_dump_after_undoing_a_chain_equals_the_start(demo: CaseStore) -> None:
    """The store side of undo: delete what was created, and the visible case is as before."""
    start = demo.dump(live=True)
    source = demo.sources.list()[0]
    card = demo.entities.add("Person", "New Person")
    excerpt = demo.excerpts.add_by_quote(source.id, "Wagner is looking around the world",
                                         entity_ids=[card.id])
    alias = demo.entities.add_alias(card.id, "Новый")
    wagner = demo.entities.resolve("Wagner Group")
    rel = demo.relationships.add(card.id, "associate of", wagner.id,
                                 evidence=[(excerpt.id, "supports")])
    after = demo.dump(live=True)
    demo.relationships.delete(rel.id)
    demo.entities.remove_alias(alias.id)
    demo.excerpts.unlink_entity(excerpt.id, card.id)
    demo.excerpts.delete(excerpt.id)
    demo.entities.delete(card.id)
    assert demo.dump(live=True) == start
    demo.entities.restore(card.id)
    demo.excerpts.restore(excerpt.id)
    demo.excerpts.link_entity(excerpt.id, card.id)
    demo.entities.restore_alias(alias.id)
    demo.relationships.restore(rel.id)
    assert demo.dump(live=True) == after
