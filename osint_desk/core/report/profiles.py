"""Entity profiles: description, aliases, attributes, statements, relationships with their
evidence, sanctions records.

A relationship is one sentence ("Yevgeny Prigozhin *controls* Wagner Group — very likely
(85 %)"), followed by the notes for its evidence grouped by who spoke ("Evidence: John Kirby
(asserts)[^1]. Contradicted by: North Korean Ministry of Foreign Affairs (denies), via
KCNA[^4]."). A card that is the speaker or channel of excerpts lists them by stance; a card
without relationships quotes its excerpts instead, so no profile is a bare heading.
"""

from __future__ import annotations

import re

from osint_desk.core.countries import country_name
from osint_desk.core.model import ENTITY_TYPE_LABELS, ENTITY_TYPES, likelihood_words
from osint_desk.core.report.citations import Citations
from osint_desk.core.report.mdtext import block, demote, replace_cites, text
from osint_desk.core.store import CaseStore
from osint_desk.core.store.records import Entity, Excerpt, RelationshipView, Sanction

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
    evidence = citations.evidence(rel.evidence)
    line += f". {evidence}" if evidence else ". *No evidence attached.*"
    if rel.note.strip():
        note = " ".join(replace_cites(rel.note, citations.cite).split())
        line += f"\n\n    {note}"
    return line


def _short(quote: str, limit: int = 240) -> str:
    return quote if len(quote) <= limit else quote[:limit - 1].rstrip() + "…"


def _statements(entity: Entity, excerpts: tuple[Excerpt, ...], citations: Citations) -> list[str]:
    """What the card said (as speaker) and carried (as channel), grouped by stance."""
    lines = []
    spoken = [e for e in excerpts if e.speaker_id == entity.id]
    if spoken:
        by_stance: dict[str, list[str]] = {}
        for excerpt in spoken:
            by_stance.setdefault(excerpt.stance or "no stance recorded", []).append(excerpt.id)
        said = "; ".join(f"{text(stance)}{citations.cite_all(ids)}"
                         for stance, ids in by_stance.items())
        lines += [f"**Statements** ({len(spoken)}): {said}", ""]
    carried = [e.id for e in excerpts if e.channel_id == entity.id]
    if carried:
        said = citations.cite_voiced(carried, channel_too=False)
        lines += [f"**Carried** ({len(carried)}): {said}", ""]
    return lines


def _excerpts(excerpts: tuple[Excerpt, ...], citations: Citations) -> list[str]:
    """The card's excerpts quoted, each with its note and who spoke."""
    lines = ["#### Excerpts", ""]
    for excerpt in excerpts:
        voice = citations.voice(excerpt)
        lines += [f"> “{text(_short(excerpt.quote))}”{citations.cite(excerpt.id)}"
                  + (f" — {voice}" if voice else ""), ""]
    return lines


def _sanctions(records: tuple[Sanction, ...], citations: Citations) -> list[str]:
    lines = ["#### Sanctions records", ""]
    for record in records:
        programs = ", ".join(record.programs) or "no program given"
        listed = f", listed {text(record.listed_on)}" if record.listed_on else ""
        evidence = citations.evidence(record.evidence)
        lines.append(f"- {text(record.authority)} entry {text(record.entry_ref or '—')}"
                     f" ({text(programs)}){listed}, status {text(record.status)}."
                     + (f" {evidence}" if evidence else ""))
    return [*lines, ""]


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
        lines += _statements(entity, dossier.excerpts, citations)
        lines += ["#### Relationships", ""]
        # A loose list (blank lines between items): an item's note paragraph ends cleanly.
        lines += [relationship_line(v, entity, citations) + "\n" for v in dossier.relationships]
    elif dossier.excerpts:
        # No relationship cites them: the excerpts themselves are what the case holds.
        lines += _excerpts(dossier.excerpts, citations)
    if dossier.sanctions:
        lines += _sanctions(dossier.sanctions, citations)
    if not (dossier.relationships or dossier.excerpts or dossier.sanctions):
        lines.append("*No relationship, excerpt or sanctions record is attached to this card"
                     " yet.*")
    return "\n".join(lines).rstrip()


def profiles(store: CaseStore, entities: list[Entity], citations: Citations) -> str:
    if not entities:
        return "## Entity profiles\n\n*No cards chosen.*"
    parts = [profile(store, e, citations) for e in entities]
    return "## Entity profiles\n\n" + "\n\n---\n\n".join(parts)
