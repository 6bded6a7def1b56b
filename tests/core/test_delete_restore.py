"""Deleting and restoring each kind of record gives back the very same case (the dump)."""

from __future__ import annotations

import pytest

from osint_desk.core.errors import IntegrityError, NotFoundError
from osint_desk.core.store import CaseStore


def test_a_tag_taken_off_everything_comes_back_as_it_was(demo: CaseStore) -> None:
    before = demo.dump(timestamps=True)
    tagged = demo.tags.targets("denial")
    assert tagged
    removed = demo.tags.delete("Denial")  # names compare without case
    assert sorted((kind, target) for kind, target, _at in removed) == sorted(tagged)
    assert "denial" not in demo.tags.names()
    assert demo.tags.targets("denial") == []
    for kind, target in tagged:
        assert "denial" not in demo.tags.of(kind, target)
    demo.tags.restore("denial", removed)
    assert demo.dump(timestamps=True) == before
    assert [entry["action"] for entry in demo.audit_entries(limit=2)] == ["restore", "delete"]
    with pytest.raises(NotFoundError):
        demo.tags.delete("no such tag")


def test_evidence_uses_of_an_excerpt(demo: CaseStore) -> None:
    uses: dict[str, set[tuple[str, str, str]]] = {}
    for kind, records in (("relationship", demo.relationships.list()),
                          ("sanction", demo.sanctions.list())):
        for record in records:
            for evidence in record.evidence:
                uses.setdefault(evidence.excerpt_id, set()).add((kind, record.id,
                                                                 evidence.role))
    assert any(kind == "sanction" for found in uses.values() for kind, _id, _role in found)
    for excerpt_id, expected in uses.items():
        assert set(demo.excerpts.evidence_uses(excerpt_id)) == expected
    excerpt_id, expected = next(iter(uses.items()))
    kind, record_id, role = sorted(expected)[0]
    (demo.relationships if kind == "relationship" else demo.sanctions).delete(record_id)
    assert (kind, record_id, role) not in demo.excerpts.evidence_uses(excerpt_id)


@pytest.mark.parametrize("kind", ["excerpt", "entity", "relationship", "sanction", "alias"])
def test_delete_then_restore_gives_the_same_dump(demo: CaseStore, kind: str) -> None:
    card = demo.entities.resolve("Yevgeny Prigozhin")
    repo, record_id = {
        "excerpt": (demo.excerpts, demo.excerpts.list()[0].id),
        "entity": (demo.entities, card.id),
        "relationship": (demo.relationships, demo.relationships.list()[0].id),
        "sanction": (demo.sanctions, demo.sanctions.list()[0].id),
        "alias": (None, card.aliases[0].id),
    }[kind]
    before, live = demo.dump(), demo.dump(live=True)
    if repo is None:
        demo.entities.remove_alias(record_id)
    else:
        repo.delete(record_id)  # type: ignore[attr-defined]
    assert demo.dump(live=True) != live
    if repo is None:
        demo.entities.restore_alias(record_id)
    else:
        repo.restore(record_id)  # type: ignore[attr-defined]
    assert demo.dump() == before


def test_a_cited_source_is_refused_and_an_uncited_one_restored(demo: CaseStore) -> None:
    source = demo.sources.list()[0]
    with pytest.raises(IntegrityError, match="cited by 21 excerpts"):
        demo.sources.delete(source.id)
    before = demo.dump()
    for excerpt in demo.excerpts.for_source(source.id):
        demo.excerpts.delete(excerpt.id)
    demo.sources.delete(source.id)
    demo.sources.restore(source.id)
    for row in before["excerpts"]:
        demo.excerpts.restore(row["public_id"])
    assert demo.dump() == before
