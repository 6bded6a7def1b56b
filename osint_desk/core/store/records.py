"""Read-only records the store hands out. They carry public ids, never rowids."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class CaseMeta:
    case_id: str
    title: str
    summary: str
    author: str
    marking: str
    created_at: str
    updated_at: str
    app_version: str
    findings: str = ""
    report_date: str | None = None


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    kind: str
    title: str
    url: str | None
    outlet: str | None
    author: str | None
    published: str | None
    published_precision: str | None
    published_utc: str | None
    retrieved: str | None
    retrieved_precision: str | None
    retrieved_utc: str | None
    language: str | None
    text: str
    text_sha256: str
    original_sha256: str | None
    original_filename: str | None
    media_type: str | None
    page_map: tuple[int, ...] | None
    reliability: str | None
    notes: str
    created_at: str
    updated_at: str
    deleted_at: str | None
    #: What a capture format said about itself (JSON object), its own integrity verdict
    #: ("valid", "mismatch", "absent") and the source this one came out of (its id).
    capture: dict[str, Any] | None = None
    integrity: str | None = None
    part_of: str | None = None

    def page_of(self, offset: int) -> int | None:
        """1-based page holding ``offset`` for paged sources, else None."""
        if not self.page_map:
            return None
        # An empty page starts where the next one does; the later page owns that offset.
        return max(1, bisect_right(self.page_map, offset))


@dataclass(frozen=True, slots=True)
class Excerpt:
    id: str
    source_id: str
    start: int
    end: int
    quote: str
    note: str
    credibility: int | None
    event_date: str | None
    event_date_precision: str | None
    speaker_id: str | None
    channel_id: str | None
    stance: str | None
    translation: str | None
    translation_language: str | None
    created_at: str
    updated_at: str
    deleted_at: str | None


@dataclass(frozen=True, slots=True)
class Alias:
    id: str
    entity_id: str
    name: str
    kind: str
    script: str | None
    language: str | None


@dataclass(frozen=True, slots=True)
class Entity:
    id: str
    type: str
    name: str
    description: str
    attributes: dict[str, Any]
    created_at: str
    updated_at: str
    deleted_at: str | None
    aliases: tuple[Alias, ...] = ()


@dataclass(frozen=True, slots=True)
class Evidence:
    excerpt_id: str
    role: str


@dataclass(frozen=True, slots=True)
class Relationship:
    id: str
    subject_id: str
    predicate: str
    object_id: str
    start: str | None
    start_precision: str | None
    end: str | None
    end_precision: str | None
    confidence: int | None
    note: str
    created_at: str
    updated_at: str
    deleted_at: str | None
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class Sanction:
    id: str
    entity_id: str
    authority: str
    list_name: str
    programs: tuple[str, ...]
    entry_ref: str | None
    listed_name: str | None
    listed_on: str | None
    listed_precision: str | None
    delisted_on: str | None
    delisted_precision: str | None
    status: str
    reason: str
    list_published: str | None
    list_sha256: str | None
    provenance: dict[str, Any]
    created_at: str
    updated_at: str
    deleted_at: str | None
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class Tag:
    id: str
    name: str
    count: int = 0


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One ranked hit. ``snippet`` is plain text; ``highlights`` are (start, end) in it."""

    kind: str
    id: str
    label: str
    snippet: str
    highlights: tuple[tuple[int, int], ...]
    score: float
    parent_id: str | None = None


@dataclass(frozen=True, slots=True)
class RelationshipView:
    """A relationship seen from one card: the other end and the direction."""

    relationship: Relationship
    direction: str  # "outgoing" (this card is the subject) or "incoming"
    other: Entity


@dataclass(frozen=True, slots=True)
class EntityDossier:
    """Everything about one card: what mentions it, its links, its sanctions, its sources."""

    entity: Entity
    excerpts: tuple[Excerpt, ...]
    relationships: tuple[RelationshipView, ...]
    sanctions: tuple[Sanction, ...]
    sources: tuple[Source, ...]
    tags: tuple[str, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class CaseCounts:
    sources: int
    excerpts: int
    entities: int
    relationships: int
    sanctions: int
    tags: int
