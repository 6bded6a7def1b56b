"""The edits an investigator makes, each as an undoable command."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from osint_desk.core.dates import PartialDate, Precision
from osint_desk.core.model import ENTITY_TYPE_LABELS, RecordKind
from osint_desk.core.store.records import Excerpt, Source
from osint_desk.core.store.watch import watch_new_excerpt
from osint_desk.ui.operations.base import CompositeCommand, StoreCommand
from osint_desk.ui.session import CaseSession

_log = logging.getLogger(__name__)


def _short(text: str, width: int = 30) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _id(value: Any) -> str:
    return str(getattr(value, "id", value))


def _edit(session: CaseSession, text: str, kind: RecordKind, record_id: str, before: Any,
          update: Callable[..., Any], changes: dict[str, Any]) -> StoreCommand:
    """Set fields; undo sets the values they had before (read from ``before``)."""
    old = {key: getattr(before, key) for key in changes}
    return StoreCommand(
        session, text, kind,
        do=lambda: update(record_id, **changes),
        undo=lambda _state: update(record_id, **old),
        target=lambda _state: record_id)


# -- excerpts -----------------------------------------------------------------------------

def new_excerpt(session: CaseSession, source_id: str, start: int, end: int,
                **fields: Any) -> StoreCommand:
    """Cut an excerpt; the watch-term hits inside it are linked to it (a fault there is
    logged, never a failed cut; with no hits in the source it costs one small query)."""
    store = session.store

    def cut() -> Excerpt:
        excerpt = store.excerpts.add(source_id, start, end, **fields)
        try:
            watch_new_excerpt(store, excerpt.id)
        except Exception:  # the excerpt is what the user asked for: keep it
            _log.warning("linking watch hits to excerpt %s failed", excerpt.id, exc_info=True)
        return excerpt

    return StoreCommand(
        session, "New excerpt", RecordKind.EXCERPT,
        do=cut,
        undo=lambda excerpt: store.excerpts.delete(excerpt.id),
        again=lambda excerpt: store.excerpts.restore(excerpt.id),
        target=_id)


def edit_excerpt(session: CaseSession, excerpt_id: str, text: str = "Edit excerpt",
                 **changes: Any) -> StoreCommand:
    repo = session.store.excerpts
    return _edit(session, text, RecordKind.EXCERPT, excerpt_id, repo.get(excerpt_id), repo.update,
                 changes)


def delete_excerpt(session: CaseSession, excerpt_id: str) -> StoreCommand:
    store = session.store
    return StoreCommand(
        session, "Delete excerpt", RecordKind.EXCERPT,
        do=lambda: store.excerpts.delete(excerpt_id),
        undo=lambda _state: store.excerpts.restore(excerpt_id),
        target=lambda _state: excerpt_id)


def link_entity(session: CaseSession, excerpt_id: str, entity_id: str) -> StoreCommand:
    store = session.store
    name = store.entities.get(entity_id).name
    return StoreCommand(
        session, f"Link “{_short(name)}”", RecordKind.EXCERPT,
        do=lambda: store.excerpts.link_entity(excerpt_id, entity_id),
        undo=lambda _state: store.excerpts.unlink_entity(excerpt_id, entity_id),
        target=lambda _state: excerpt_id)


def unlink_entity(session: CaseSession, excerpt_id: str, entity_id: str) -> StoreCommand:
    store = session.store
    name = store.entities.get(entity_id).name
    return StoreCommand(
        session, f"Unlink “{_short(name)}”", RecordKind.EXCERPT,
        do=lambda: store.excerpts.unlink_entity(excerpt_id, entity_id),
        undo=lambda _state: store.excerpts.link_entity(excerpt_id, entity_id),
        target=lambda _state: excerpt_id)


# -- cards ----------------------------------------------------------------------------------

def new_entity(session: CaseSession, type: str, name: str, **fields: Any) -> StoreCommand:
    store = session.store
    label = ENTITY_TYPE_LABELS.get(type, type).lower()
    return StoreCommand(
        session, f"New {label} “{_short(name)}”", RecordKind.ENTITY,
        do=lambda: store.entities.add(type, name, **fields),
        undo=lambda entity: store.entities.delete(entity.id),
        again=lambda entity: store.entities.restore(entity.id),
        target=_id)


def new_entity_linked(session: CaseSession, excerpt_id: str, type: str,
                      name: str) -> CompositeCommand:
    """Create a card and link it to the excerpt: one step on the undo stack."""
    create = new_entity(session, type, name)
    link = StoreCommand(
        session, "", RecordKind.EXCERPT,
        do=lambda: session.store.excerpts.link_entity(excerpt_id, create.target_id),
        undo=lambda _state: session.store.excerpts.unlink_entity(excerpt_id, create.target_id),
        target=lambda _state: excerpt_id)
    return CompositeCommand(f"Link new card “{_short(name)}”", [create, link])


_ROLES = {"speaker_id": "speaker", "channel_id": "channel"}


def new_entity_as(session: CaseSession, excerpt_id: str, field: str, type: str,
                  name: str) -> CompositeCommand:
    """Create a card and make it the excerpt's speaker or channel (``field``): one step."""
    role = _ROLES[field]
    repo = session.store.excerpts
    old = getattr(repo.get(excerpt_id), field)
    create = new_entity(session, type, name)
    assign = StoreCommand(
        session, "", RecordKind.EXCERPT,
        do=lambda: repo.update(excerpt_id, **{field: create.target_id}),
        undo=lambda _state: repo.update(excerpt_id, **{field: old}),
        target=lambda _state: excerpt_id)
    return CompositeCommand(f"New {role} “{_short(name)}”", [create, assign])


def edit_entity(session: CaseSession, entity_id: str, text: str = "Edit card",
                **changes: Any) -> StoreCommand:
    repo = session.store.entities
    return _edit(session, text, RecordKind.ENTITY, entity_id, repo.get(entity_id), repo.update,
                 changes)


def delete_entity(session: CaseSession, entity_id: str) -> StoreCommand:
    store = session.store
    name = store.entities.get(entity_id).name
    return StoreCommand(
        session, f"Delete card “{_short(name)}”", RecordKind.ENTITY,
        do=lambda: store.entities.delete(entity_id),
        undo=lambda _state: store.entities.restore(entity_id),
        target=lambda _state: entity_id)


def add_alias(session: CaseSession, entity_id: str, name: str, **fields: Any) -> StoreCommand:
    store = session.store
    return StoreCommand(
        session, f"Add alias “{_short(name)}”", RecordKind.ENTITY,
        do=lambda: store.entities.add_alias(entity_id, name, **fields),
        undo=lambda alias: store.entities.remove_alias(alias.id),
        again=lambda alias: store.entities.restore_alias(alias.id),
        target=lambda _state: entity_id)


def remove_alias(session: CaseSession, entity_id: str, alias_id: str) -> StoreCommand:
    store = session.store
    return StoreCommand(
        session, "Remove alias", RecordKind.ENTITY,
        do=lambda: store.entities.remove_alias(alias_id),
        undo=lambda _state: store.entities.restore_alias(alias_id),
        target=lambda _state: entity_id)


# -- relationships --------------------------------------------------------------------------

def new_relationship(session: CaseSession, subject_id: str, predicate: str, object_id: str,
                     *, evidence: Iterable[tuple[str, str]] = (), **fields: Any) -> StoreCommand:
    store = session.store
    evidence = list(evidence)
    return StoreCommand(
        session, f"New relationship “{_short(predicate, 20)}”", RecordKind.RELATIONSHIP,
        do=lambda: store.relationships.add(subject_id, predicate, object_id,
                                           evidence=evidence, **fields),
        undo=lambda rel: store.relationships.delete(rel.id),
        again=lambda rel: store.relationships.restore(rel.id),
        target=_id)


def edit_relationship(session: CaseSession, relationship_id: str,
                      evidence: Iterable[tuple[str, str]] | None = None,
                      **changes: Any) -> StoreCommand:
    """Change fields and, when given, replace the evidence list (excerpt id, role)."""
    store = session.store
    before = store.relationships.get(relationship_id)
    old = {key: getattr(before, key) for key in changes}
    old_evidence = [(e.excerpt_id, e.role) for e in before.evidence]
    new_evidence = None if evidence is None else list(evidence)

    def apply(values: dict[str, Any], wanted: list[tuple[str, str]] | None) -> None:
        with store.transaction():
            if values:
                store.relationships.update(relationship_id, **values)
            if wanted is not None:
                current = {e.excerpt_id for e in store.relationships.get(relationship_id).evidence}
                for excerpt_id in current - {e for e, _ in wanted}:
                    store.relationships.remove_evidence(relationship_id, excerpt_id)
                for excerpt_id, role in wanted:
                    store.relationships.set_evidence(relationship_id, excerpt_id, role)

    return StoreCommand(
        session, "Edit relationship", RecordKind.RELATIONSHIP,
        do=lambda: apply(changes, new_evidence),
        undo=lambda _state: apply(old, old_evidence if new_evidence is not None else None),
        target=lambda _state: relationship_id)


def delete_relationship(session: CaseSession, relationship_id: str) -> StoreCommand:
    store = session.store
    return StoreCommand(
        session, "Delete relationship", RecordKind.RELATIONSHIP,
        do=lambda: store.relationships.delete(relationship_id),
        undo=lambda _state: store.relationships.restore(relationship_id),
        target=lambda _state: relationship_id)


def delete_sanction(session: CaseSession, sanction_id: str) -> StoreCommand:
    store = session.store
    record = store.sanctions.get(sanction_id)
    entry = " ".join(filter(None, [record.authority, record.entry_ref]))
    return StoreCommand(
        session, f"Delete sanctions record “{_short(entry, 24)}”", RecordKind.SANCTION,
        do=lambda: store.sanctions.delete(sanction_id),
        undo=lambda _state: store.sanctions.restore(sanction_id),
        target=lambda _state: sanction_id)


# -- sources and tags -----------------------------------------------------------------------

def new_source(session: CaseSession, **fields: Any) -> StoreCommand:
    """Paste as new source (an import of text typed or pasted by the user)."""
    store = session.store
    return StoreCommand(
        session, f"New source “{_short(fields.get('title', ''))}”", RecordKind.SOURCE,
        do=lambda: store.sources.add(**fields),
        undo=lambda source: store.sources.delete(source.id),
        again=lambda source: store.sources.restore(source.id),
        target=_id)


_PRECISIONS = frozenset(precision.value for precision in Precision)


def _source_field(source: Source, key: str) -> Any:
    """A field as ``sources.update`` takes it back: a date with its stored precision, so undo
    writes the very value, precision and UTC form it had (not a re-reading of the text)."""
    value = getattr(source, key)
    if key in ("published", "retrieved") and value is not None:
        precision = getattr(source, f"{key}_precision")
        if precision in _PRECISIONS:
            return PartialDate(value, Precision(precision))
    return value


def edit_source(session: CaseSession, source_id: str, **changes: Any) -> StoreCommand:
    """Set metadata of a source (never its text or hashes). The values undo restores are
    read when the edit is done, so undo puts back exactly what was there just before."""
    repo = session.store.sources

    def do() -> dict[str, Any]:
        before = repo.get(source_id)
        repo.update(source_id, **changes)
        return {key: _source_field(before, key) for key in changes}

    return StoreCommand(
        session, f"Edit source “{_short(repo.get(source_id).title)}”", RecordKind.SOURCE,
        do=do,
        undo=lambda old: repo.update(source_id, **old),
        target=lambda _state: source_id)


def delete_source(session: CaseSession, source_id: str) -> StoreCommand:
    """Refused by the store (nothing pushed) while a live excerpt cites the source."""
    store = session.store
    title = store.sources.get(source_id).title
    return StoreCommand(
        session, f"Delete source “{_short(title)}”", RecordKind.SOURCE,
        do=lambda: store.sources.delete(source_id),
        undo=lambda _state: store.sources.restore(source_id),
        target=lambda _state: source_id)


def add_tag(session: CaseSession, kind: RecordKind, target_id: str,
            name: str) -> StoreCommand:
    store = session.store
    return StoreCommand(
        session, f"Tag “{_short(name, 20)}”", kind,
        do=lambda: store.tags.tag(kind, target_id, name),
        undo=lambda _state: store.tags.untag(kind, target_id, name),
        target=lambda _state: target_id)


def remove_tag(session: CaseSession, kind: RecordKind, target_id: str,
               name: str) -> StoreCommand:
    store = session.store
    return StoreCommand(
        session, f"Remove tag “{_short(name, 20)}”", kind,
        do=lambda: store.tags.untag(kind, target_id, name),
        undo=lambda _state: store.tags.tag(kind, target_id, name),
        target=lambda _state: target_id)


def delete_tag(session: CaseSession, name: str) -> StoreCommand:
    """Take a tag off every record that carries it; undo puts back the same taggings."""
    store = session.store
    return StoreCommand(
        session, f"Delete tag “{_short(name, 20)}”", RecordKind.TAG,
        do=lambda: store.tags.delete(name),
        undo=lambda taggings: store.tags.restore(name, taggings),
        target=lambda _state: name)


def edit_case(session: CaseSession, **changes: str) -> StoreCommand:
    """Title, summary, author or marking of the case."""
    store = session.store
    meta = store.meta()
    return _edit(session, "Edit case properties", RecordKind.CASE, meta.case_id, meta,
                 lambda _id, **values: store.update_meta(**values), changes)
