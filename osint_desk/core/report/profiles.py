"""Entity profiles: description, aliases, attributes, relationships with their evidence.

A relationship is one sentence ("Yevgeny Prigozhin *controls* Wagner Group — very likely
(85 %)"), followed by notes for the excerpts that support it and, said as such, those that
contradict it.
"""

from __future__ import annotations

import re

from osint_desk.core.countries import country_name
from osint_desk.core.model import ENTITY_TYPE_LABELS, ENTITY_TYPES, likelihood_words
from osint_desk.core.report.citations import CONTRADICTS, Citations
from osint_desk.core.report.mdtext import block, demote, replace_cites, text
from osint_desk.core.store import CaseStore
from osint_desk.core.store.records import Entity, RelationshipView

_COUNTRY_KEYS = {"nationality", "citizenship", "country", "jurisdiction"}


def order_cards(store: CaseStore, entities: list[Entity]) -> list[Entity]:
    """People first, then organisations and the other types in picker order; within a type
    the most connected cards first (the case's subjects), then by name."""
    rank = {schema: i for i, schema in enumerate(ENTITY_TYPES)}
    links = {e.id: len(store.relationships.of_entity(e.id)) for e in entities}
    return sorted(entities, key=lambda e: (rank.get(e.type, len(rank)),
                                           -links[e.id], e.name.casefold()))


def _label(key: str) -> str:
    words = re.sub(r"(?<!^)(?=[A-Z])", " ", key).lower()
    return {"birth date": "born", "legal form": "legal form"}.get(words, words).capitalize()


def _value(key: str, value: object) -> str:
    values = value if isinstance(value, list) else [value]
    shown = []
    for item in values:
        item_text = str(item)
        if key in _COUNTRY_KEYS and len(item_text) == 2:
            item_text = f"{country_name(item_text)} ({item_text.upper()})"
        shown.append(text(item_text))
    return "; ".join(shown)


def _dates(start: str | None, end: str | None) -> str:
    if start and end:
        return f"{start} to {end}"
    if start:
        return f"from {start}"
    return f"until {end}" if end else ""


def relationship_line(view: RelationshipView, owner: Entity, citations: Citations) -> str:
    rel = view.relationship
    subject, obj = (owner, view.other) if view.direction == "outgoing" else (view.other, owner)
    line = f"- **{text(subject.name)}** *{text(rel.predicate)}* **{text(obj.name)}**"
    details = [d for d in (_dates(rel.start, rel.end),) if d]
    if rel.confidence is not None:
        details.append(f"{likelihood_words(rel.confidence)} ({rel.confidence} %)")
    if details:
        line += " — " + text("; ".join(details))
    supports = citations.cite_all([(ev.excerpt_id, ev.role) for ev in rel.evidence
                                   if ev.role != CONTRADICTS])
    against = citations.cite_all([(ev.excerpt_id, ev.role) for ev in rel.evidence
                                  if ev.role == CONTRADICTS])
    if supports:
        line += f". Evidence:{supports}"
    if against:
        line += f"{';' if supports else '.'} contradicted by:{against}"
    if not rel.evidence:
        line += ". *No evidence attached.*"
    if rel.note.strip():
        note = " ".join(replace_cites(rel.note, citations.cite).split())
        line += f"\n\n    {note}"
    return line


def profile(store: CaseStore, entity: Entity, citations: Citations) -> str:
    dossier = store.dossier(entity.id)
    label = ENTITY_TYPE_LABELS.get(entity.type, entity.type)
    lines = [f"### {text(entity.name)}", "", f"*{text(label)}*", ""]
    if entity.description.strip():
        lines += [block(replace_cites(demote(entity.description, 3), citations.cite)), ""]
    strong = [a.name for a in entity.aliases if a.kind == "strong"]
    other = [f"{a.name} ({a.kind})" for a in entity.aliases if a.kind != "strong"]
    if strong or other:
        lines += [f"**Also known as:** {'; '.join(text(n) for n in [*strong, *other])}", ""]
    if entity.attributes:
        lines += ["| Attribute | Value |", "|---|---|"]
        lines += [f"| {text(_label(k))} | {_value(k, v)} |"
                  for k, v in sorted(entity.attributes.items())]
        lines.append("")
    if dossier.relationships:
        lines += ["**Relationships**", ""]
        # A loose list (blank lines between items): an item's note paragraph ends cleanly.
        lines += [relationship_line(v, entity, citations) + "\n" for v in dossier.relationships]
    for record in dossier.sanctions:
        notes = citations.cite_all([(ev.excerpt_id, ev.role) for ev in record.evidence])
        programs = ", ".join(record.programs) or "no program given"
        lines += [f"- **Sanctioned:** {text(record.authority)} entry"
                  f" {text(record.entry_ref or '—')} ({text(programs)}), status"
                  f" {text(record.status)}{notes}"]
    return "\n".join(lines).rstrip()


def profiles(store: CaseStore, entities: list[Entity], citations: Citations) -> str:
    if not entities:
        return "## Entity profiles\n\n*No cards chosen.*"
    parts = [profile(store, e, citations) for e in entities]
    return "## Entity profiles\n\n" + "\n\n---\n\n".join(parts)
