"""Printing for the command line: JSON for scripts, plain lines for people.

Case and list content comes from outside (saved pages, statements, sanctions lists), so text
meant for a terminal is cleaned first (``clean``, i.e. ``core.safe_text.for_terminal``): an
escape sequence or a bidi override hidden in a name, id or title must be shown, not obeyed by
the analyst's terminal. ``line`` cleans whatever it prints, so no command can forget; only the
bold of search hits (``highlighted``, on a TTY) is written with ``markup=True``.

JSON output (``emit_json``) is left exact on purpose: scripts need the text as it is in the
file. The encoder escapes C0 controls (ESC becomes ``\\u001b``) but, as non-ASCII is kept, it
passes DEL, C1 controls and bidi controls (U+202E) through unescaped; a consumer that shows
JSON strings to a person must mark them itself (``core.safe_text``).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TextIO

from osint_desk.core.model import likelihood_words
from osint_desk.core.safe_text import for_terminal

if TYPE_CHECKING:
    from osint_desk.core.store.records import (
        Alias,
        CaseCounts,
        CaseMeta,
        Entity,
        EntityDossier,
        Evidence,
        Excerpt,
        Relationship,
        RelationshipView,
        Sanction,
        SearchHit,
        Source,
    )

BOLD, RESET = "\x1b[1m", "\x1b[0m"


# -- writing ------------------------------------------------------------------------------


def emit_json(data: Any, stream: TextIO | None = None) -> None:
    """One JSON document; non-ASCII kept as is unless the stream cannot encode it.

    Not cleaned (see the module docstring): C1 and bidi controls in values pass through.
    """
    stream = stream or sys.stdout
    encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
    stream.write(json.dumps(data, ensure_ascii=encoding not in ("utf8", "utf8sig"), indent=2))
    stream.write("\n")


def line(text: str = "", stream: TextIO | None = None, *, markup: bool = False) -> None:
    """One line for a person, cleaned; flushed so progress shows while long commands run.

    ``markup=True`` is for text whose escapes we wrote ourselves around parts already cleaned
    (the bold of ``highlighted``); everything else is cleaned here, the last step before the
    terminal, so a value a command forgot to clean is still shown, not obeyed.
    """
    stream = stream or sys.stdout
    stream.write((text if markup else clean(text)) + "\n")
    stream.flush()


def warn(text: str) -> None:
    line(f"osint-desk: warning: {clean(text)}", sys.stderr)


def clean(text: str | None) -> str:
    """Terminal-safe text: each control or bidi control becomes one visible stand-in.

    One character for one keeps search-highlight offsets valid. Newlines and tabs survive.
    The marks are those of ``osint_desk.core.safe_text`` (``␛`` for ESC, ``⇄`` for bidi).
    """
    return for_terminal(text)


def one_line(text: str | None, width: int = 100) -> str:
    """Clean, flattened to one line, shortened with an ellipsis."""
    flat = " ".join(clean(text).split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def highlighted(snippet: str, spans: Sequence[tuple[int, int]], *, tty: bool) -> str:
    """Mark search hits: bold on a terminal, ``[`` ``]`` when piped or redirected.

    The snippet is cleaned before the bold escapes go in; print the result with
    ``line(..., markup=True)`` so those escapes survive.
    """
    opening, closing = (BOLD, RESET) if tty else ("[", "]")
    text = clean(snippet)
    out: list[str] = []
    position = 0
    for start, end in sorted(spans):
        if start < position or end > len(text) or start >= end:
            continue
        out += [text[position:start], opening, text[start:end], closing]
        position = end
    out.append(text[position:])
    return "".join(out)


# -- records as JSON-ready dicts ----------------------------------------------------------


def case_json(meta: CaseMeta, path: str) -> dict[str, Any]:
    return {"id": meta.case_id, "title": meta.title, "summary": meta.summary,
            "author": meta.author, "marking": meta.marking, "created_at": meta.created_at,
            "updated_at": meta.updated_at, "app_version": meta.app_version, "path": path}


def counts_json(counts: CaseCounts) -> dict[str, int]:
    return {"sources": counts.sources, "excerpts": counts.excerpts,
            "entities": counts.entities, "relationships": counts.relationships,
            "sanctions": counts.sanctions, "tags": counts.tags}


def source_json(source: Source) -> dict[str, Any]:
    """A source without its text (which can be megabytes; the case file holds it)."""
    return {"id": source.id, "kind": source.kind, "title": source.title, "url": source.url,
            "outlet": source.outlet, "author": source.author, "published": source.published,
            "published_precision": source.published_precision,
            "retrieved": source.retrieved, "language": source.language,
            "reliability": source.reliability, "text_length": len(source.text),
            "text_sha256": source.text_sha256, "original_sha256": source.original_sha256,
            "original_filename": source.original_filename, "media_type": source.media_type,
            "created_at": source.created_at}


def alias_json(alias: Alias) -> dict[str, Any]:
    return {"id": alias.id, "name": alias.name, "kind": alias.kind, "script": alias.script,
            "language": alias.language}


def entity_json(entity: Entity) -> dict[str, Any]:
    return {"id": entity.id, "type": entity.type, "name": entity.name,
            "description": entity.description, "attributes": entity.attributes,
            "aliases": [alias_json(a) for a in entity.aliases],
            "created_at": entity.created_at, "updated_at": entity.updated_at}


def excerpt_json(excerpt: Excerpt, entity_ids: Iterable[str] = ()) -> dict[str, Any]:
    return {"id": excerpt.id, "source_id": excerpt.source_id, "start": excerpt.start,
            "end": excerpt.end, "quote": excerpt.quote, "note": excerpt.note,
            "credibility": excerpt.credibility, "event_date": excerpt.event_date,
            "event_date_precision": excerpt.event_date_precision,
            "speaker_id": excerpt.speaker_id, "channel_id": excerpt.channel_id,
            "stance": excerpt.stance, "translation": excerpt.translation,
            "entity_ids": list(entity_ids), "created_at": excerpt.created_at}


def evidence_json(evidence: Iterable[Evidence]) -> list[dict[str, str]]:
    return [{"excerpt_id": e.excerpt_id, "role": e.role} for e in evidence]


def relationship_json(rel: Relationship) -> dict[str, Any]:
    return {"id": rel.id, "subject_id": rel.subject_id, "predicate": rel.predicate,
            "object_id": rel.object_id, "start": rel.start,
            "start_precision": rel.start_precision, "end": rel.end,
            "end_precision": rel.end_precision, "confidence": rel.confidence,
            "likelihood": likelihood_words(rel.confidence) if rel.confidence is not None
            else None, "note": rel.note, "evidence": evidence_json(rel.evidence),
            "created_at": rel.created_at}


def relationship_view_json(view: RelationshipView) -> dict[str, Any]:
    return {**relationship_json(view.relationship), "direction": view.direction,
            "other": {"id": view.other.id, "type": view.other.type, "name": view.other.name}}


def sanction_json(sanction: Sanction) -> dict[str, Any]:
    return {"id": sanction.id, "authority": sanction.authority,
            "list_name": sanction.list_name, "programs": list(sanction.programs),
            "entry_ref": sanction.entry_ref, "listed_name": sanction.listed_name,
            "listed_on": sanction.listed_on, "delisted_on": sanction.delisted_on,
            "status": sanction.status, "reason": sanction.reason,
            "list_published": sanction.list_published, "list_sha256": sanction.list_sha256,
            "evidence": evidence_json(sanction.evidence)}


def hit_json(hit: SearchHit) -> dict[str, Any]:
    return {"kind": hit.kind, "id": hit.id, "label": hit.label, "snippet": hit.snippet,
            "highlights": [[start, end] for start, end in hit.highlights],
            "score": hit.score, "parent_id": hit.parent_id}


def dossier_json(dossier: EntityDossier,
                 mentions: Mapping[str, Sequence[str]] | None = None) -> dict[str, Any]:
    """The dossier; ``mentions`` maps excerpt ids to the cards each mentions."""
    mentions = mentions or {}
    return {"entity": entity_json(dossier.entity),
            "excerpts": [excerpt_json(e, mentions.get(e.id, ())) for e in dossier.excerpts],
            "relationships": [relationship_view_json(v) for v in dossier.relationships],
            "sanctions": [sanction_json(s) for s in dossier.sanctions],
            "sources": [source_json(s) for s in dossier.sources],
            "tags": list(dossier.tags)}


# -- records as text ----------------------------------------------------------------------


def confidence_text(confidence: int | None) -> str:
    if confidence is None:
        return ""
    return f"{confidence}% ({likelihood_words(confidence)})"


def relationship_line(subject: str, rel: Relationship, obj: str) -> str:
    parts = [f"{clean(subject)} — {clean(rel.predicate)} — {clean(obj)}"]
    if rel.start or rel.end:
        parts.append(f"{one_line(rel.start) or '?'} to {one_line(rel.end) or '?'}")
    if rel.confidence is not None:
        parts.append(confidence_text(rel.confidence))
    return ", ".join(parts)


def dossier_lines(dossier: EntityDossier) -> list[str]:
    """The card's dossier, section by section, for reading in a terminal."""
    entity = dossier.entity
    out = [f"{clean(entity.name)}  ({one_line(entity.type)})  {one_line(entity.id)}"]
    if entity.aliases:
        out.append("aliases: " + "; ".join(clean(a.name) for a in entity.aliases))
    for key, value in entity.attributes.items():
        shown = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
        out.append(f"{clean(key)}: {one_line(shown)}")
    if entity.description:
        out += ["", clean(entity.description).rstrip()]
    titles = {s.id: s.title for s in dossier.sources}
    out += ["", f"Excerpts ({len(dossier.excerpts)})"]
    for excerpt in dossier.excerpts:
        stance = f" [{one_line(excerpt.stance)}]" if excerpt.stance else ""
        out.append(f"  {one_line(excerpt.id)}{stance} “{one_line(excerpt.quote, 160)}”")
        out.append(f"      in {one_line(titles.get(excerpt.source_id, excerpt.source_id))}")
    out += ["", f"Relationships ({len(dossier.relationships)})"]
    for view in dossier.relationships:
        rel = view.relationship
        here, other = clean(entity.name), clean(view.other.name)
        subject, obj = (here, other) if view.direction == "outgoing" else (other, here)
        out.append(f"  {one_line(rel.id)} {relationship_line(subject, rel, obj)}")
        for evidence in rel.evidence:
            out.append(f"      {one_line(evidence.role)}: excerpt {one_line(evidence.excerpt_id)}")
    out += ["", f"Sanctions ({len(dossier.sanctions)})"]
    for sanction in dossier.sanctions:
        programs = ", ".join(sanction.programs)
        listed = f" listed {one_line(sanction.listed_on)}" if sanction.listed_on else ""
        out.append(f"  {one_line(sanction.id)} {one_line(sanction.authority)} {one_line(programs)}"
                   f" ({one_line(sanction.status)}){listed}")
    out += ["", f"Sources ({len(dossier.sources)})"]
    for source in dossier.sources:
        published = f" ({one_line(source.published)})" if source.published else ""
        out.append(f"  {one_line(source.id)} {one_line(source.title)}{published}")
    if dossier.tags:
        out += ["", "tags: " + ", ".join(clean(t) for t in dossier.tags)]
    return out
