"""A case as FollowTheMoney JSON lines, loadable by Aleph / OpenAleph and the ``ftm`` tools.

One entity per line, ``{"id", "schema", "properties"}``, written as plain dicts (the core does not
import ``followthemoney``). Ids are derived from the stable public ids (``osd-<public id>``), so
exporting a case twice gives the same ids and the same lines in the same order.

- sources -> Article (articles, web pages) or Document, with the text as ``bodyText``;
- cards -> their FtM schema; strong aliases -> ``alias``, weak ones and nicknames ->
  ``weakAlias``; attributes -> the FtM property of the same name when the schema has it and
  the value is valid for its type (anything else is dropped and listed in the report);
- excerpt <-> card links -> one Mention per source and card (``resolved`` only for legal
  entities, the range FtM gives it) and the card's ``proof``;
- relationships -> the schema :func:`~osint_desk.core.model.ftm_mapping` picks (UnknownLink with
  the predicate as ``role`` when the ends do not fit); supporting evidence -> ``proof`` (the
  sources) and ``summary`` (the exact quotes);
- sanctions records -> Sanction.

``docs/ftm-export.md`` says exactly what is kept and what is dropped.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from osint_desk.core.exports import ftm_model
from osint_desk.core.exports.ftm_ids import FORMATS
from osint_desk.core.model import UNKNOWN_LINK, ftm_mapping

if TYPE_CHECKING:
    from osint_desk.core.store import CaseStore
    from osint_desk.core.store.records import (
        Entity,
        Evidence,
        Excerpt,
        Relationship,
        Sanction,
        Source,
    )

ID_PREFIX = "osd-"
ALIAS_PROPERTIES = {"strong": "alias", "weak": "weakAlias", "nickname": "weakAlias"}
# Authorities whose entry reference is also a UN Security Council id (``unscId``).
UN_AUTHORITIES = frozenset({"un", "unsc", "un security council", "united nations",
                            "united nations security council"})
LISTED_AS = "Listed as: "

FtmEntity = dict[str, Any]


@dataclass
class FtmExportReport:
    """What was written, by schema, and what of the user's data could not be."""

    entities: int = 0
    by_schema: Counter[str] = field(default_factory=Counter)
    dropped: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"entities": self.entities, "by_schema": dict(sorted(self.by_schema.items())),
                "dropped": list(self.dropped)}


def ftm_id(public_id: str) -> str:
    """The FtM id of a record: deterministic, from its public id."""
    return f"{ID_PREFIX}{public_id}"


def mention_id(source_id: str, entity_id: str) -> str:
    return f"{ID_PREFIX}mention-{source_id}-{entity_id}"


def export_ftm(store: CaseStore, out: TextIO | Path | str, *,
               cards: Collection[str] | None = None) -> FtmExportReport:
    """Write the live case to ``out``: a text stream, or a path written whole or not at all.
    ``cards``: only those cards (a chart's), their links among them, their sanctions and the
    sources that back them."""
    report = FtmExportReport()
    if not isinstance(out, Path | str):
        _write(ftm_entities(store, report, cards=cards), out, report)
        return report
    out = Path(out)
    partial = out.with_name(f".{out.name}.part")
    try:
        with partial.open("w", encoding="utf-8", newline="\n") as handle:
            _write(ftm_entities(store, report, cards=cards), handle, report)
        os.replace(partial, out)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return report


def _write(entities: Iterable[FtmEntity], out: TextIO, report: FtmExportReport) -> None:
    for entity in entities:
        out.write(json.dumps(entity, ensure_ascii=False, separators=(",", ":")))
        out.write("\n")
        report.entities += 1
        report.by_schema[entity["schema"]] += 1


def ftm_entities(store: CaseStore, report: FtmExportReport | None = None, *,
                 cards: Collection[str] | None = None) -> Iterator[FtmEntity]:
    """Every live record as FtM entities: sources, cards, mentions, relationships, sanctions.

    With ``cards``, a closed subset: those cards, the relationships with both ends among
    them, their sanctions records, and only the sources their mentions and evidence cite."""
    report = report if report is not None else FtmExportReport()
    excerpts = {e.id: e for e in store.excerpts.list()}
    everyone = {e.id: e for e in store.entities.list()}
    chosen = {i: e for i, e in everyone.items() if cards is None or i in set(cards)}
    mentions: dict[tuple[str, str], list[str]] = {}
    for excerpt in sorted(excerpts.values(), key=lambda e: (e.source_id, e.start, e.id)):
        for entity_id in store.excerpts.entity_ids(excerpt.id):
            if entity_id in chosen:
                names = mentions.setdefault((excerpt.source_id, entity_id), [])
                names += [n for n in _names_in(excerpt.quote, chosen[entity_id])
                          if n not in names]
    relationships = [r for r in sorted(store.relationships.list(), key=lambda r: r.id)
                     if r.subject_id in chosen and r.object_id in chosen]
    sanctions = [x for x in sorted(store.sanctions.list(), key=lambda x: x.id)
                 if x.entity_id in chosen]
    cited = {source_id for source_id, _card_id in mentions}
    for evidence in [r.evidence for r in relationships] + [x.evidence for x in sanctions]:
        cited.update(excerpts[e.excerpt_id].source_id for e in evidence
                     if e.role == "supports" and e.excerpt_id in excerpts)
    for source in sorted(store.sources.list(), key=lambda s: s.id):
        if cards is None or source.id in cited:
            yield _document(store, source)
    proofs: dict[str, list[str]] = {}
    for source_id, entity_id in mentions:
        proofs.setdefault(entity_id, []).append(ftm_id(source_id))
    for card in sorted(chosen.values(), key=lambda e: e.id):
        yield _card(store, card, proofs.get(card.id, []), report)
    for (source_id, entity_id), names in sorted(mentions.items()):
        card = chosen[entity_id]
        props = _props(document=[ftm_id(source_id)], name=names or [card.name],
                       detectedSchema=[card.type])
        if ftm_model.is_a(card.type, "LegalEntity"):
            props["resolved"] = [ftm_id(card.id)]
        yield _entity(mention_id(source_id, entity_id), "Mention", props)
    for relationship in relationships:
        yield _relationship(relationship, chosen, excerpts)
    for sanction in sanctions:
        yield _sanction(sanction, excerpts)


def _entity(entity_id: str, schema: str, props: dict[str, list[str]]) -> FtmEntity:
    return {"id": entity_id, "schema": schema, "properties": dict(sorted(props.items()))}


def _props(**values: Iterable[str | None]) -> dict[str, list[str]]:
    """Properties without empty values or repeats; a property with no value is left out."""
    props: dict[str, list[str]] = {}
    for name, items in values.items():
        kept: list[str] = []
        for item in items:
            if item is not None and str(item).strip() and str(item) not in kept:
                kept.append(str(item))
        if kept:
            props[name] = kept
    return props


def _clean(kind: str, *values: str | None) -> list[str | None]:
    limit = ftm_model.TYPE_MAX_LENGTH[kind]
    return [ftm_model.clean_value(kind, value, limit) for value in values]


def _document(store: CaseStore, source: Source) -> FtmEntity:
    original = store.sources.original_bytes(source.id)
    data = original if original is not None else source.text.encode("utf-8")
    schema = "Article" if source.kind in ("article", "web_page") else "Document"
    file_name = source.original_filename or _file_name(source.title)
    props = _props(
        name=_clean("name", source.title), title=_clean("string", source.title),
        fileName=_clean("string", file_name), bodyText=[source.text],
        contentHash=[hashlib.sha1(data, usedforsecurity=False).hexdigest()],
        fileSize=[str(len(data))],
        mimeType=[_media_type(source.media_type) if original is not None else "text/plain"],
        language=[ftm_model.ftm_language(source.language)],
        author=_clean("string", source.author), publisher=_clean("string", source.outlet),
        sourceUrl=_clean("url", source.url), publishedAt=[ftm_model.ftm_date(source.published)],
        retrievedAt=[ftm_model.ftm_date(source.retrieved)], notes=[source.notes],
        keywords=_clean("string", *store.tags.of("source", source.id)),
    )
    return _entity(ftm_id(source.id), schema, props)


def _media_type(value: str | None) -> str | None:
    """``text/html`` from ``text/html; charset=utf-8``, as FtM writes it; None if unknown."""
    media = (value or "").split(";")[0].strip().lower()
    known = re.fullmatch(r"[\w.+-]+/[\w.+-]+", media) and media != "application/octet-stream"
    return media if known else None


def _file_name(title: str) -> str:
    stem = re.sub(r"[^\w-]+", "-", title.lower()).strip("-")[:80] or "source"
    return f"{stem}.txt"


def _card(store: CaseStore, card: Entity, proofs: list[str],
          report: FtmExportReport) -> FtmEntity:
    names: dict[str, list[str | None]] = {"alias": [], "weakAlias": []}
    for alias in card.aliases:
        names[ALIAS_PROPERTIES.get(alias.kind, "weakAlias")] += _clean("name", alias.name)
    props = _props(name=_clean("name", card.name), description=[card.description],
                   keywords=_clean("string", *store.tags.of("entity", card.id)), proof=proofs,
                   **names)
    known = ftm_model.properties(card.type)
    label = f"card {card.name!r} ({card.id})"
    for key, raw in sorted(card.attributes.items()):
        if key == "name" or key not in known:
            report.dropped.append(f"{label}: attribute {key!r} is not a FollowTheMoney"
                                  f" property of {card.type}")
            continue
        kind, limit = known[key]
        values = raw if isinstance(raw, list) else [raw]
        if kind in ("phone", "email"):  # "+7 3412 43-05-05; +7 951 210-81-28"
            values = [part for v in values for part in re.split(r"[;,]", str(v))]
        for value in values:
            cleaned = ftm_model.clean_value(kind, value, limit, FORMATS.get(key))
            if cleaned is None:
                report.dropped.append(f"{label}: {key} value {value!r} is not a valid FtM"
                                      f" {kind}")
            elif cleaned not in props.setdefault(key, []):
                props[key].append(cleaned)
    return _entity(ftm_id(card.id), card.type, props)


def _names_in(quote: str, card: Entity) -> list[str]:
    """The card's names and aliases that the quote uses, as whole words."""
    folded = quote.casefold()
    return [name for name in (card.name, *(a.name for a in card.aliases))
            if re.search(rf"(?<!\w){re.escape(name.casefold())}(?!\w)", folded)]


def _supporting(evidence: Iterable[Evidence],
                excerpts: dict[str, Excerpt]) -> tuple[list[str], list[str]]:
    """(proof document ids, exact quotes) of the live excerpts that support a claim."""
    found = [excerpts[e.excerpt_id] for e in evidence
             if e.role == "supports" and e.excerpt_id in excerpts]
    found.sort(key=lambda x: (x.source_id, x.start, x.id))
    return [ftm_id(x.source_id) for x in found], [x.quote for x in found]


def _relationship(relationship: Relationship, cards: dict[str, Entity],
                  excerpts: dict[str, Excerpt]) -> FtmEntity:
    subject, object_ = cards[relationship.subject_id], cards[relationship.object_id]
    info = ftm_mapping(relationship.predicate, subject.type, object_.type)
    proof, quotes = _supporting(relationship.evidence, excerpts)
    props = _props(
        startDate=[ftm_model.ftm_date(relationship.start)],
        endDate=[ftm_model.ftm_date(relationship.end)], description=[relationship.note],
        role=[relationship.predicate] if info is UNKNOWN_LINK else [], proof=proof,
        summary=quotes)
    props[info.subject_prop] = [ftm_id(subject.id)]
    props[info.object_prop] = [ftm_id(object_.id)]
    return _entity(ftm_id(relationship.id), info.schema, props)


def _sanction(sanction: Sanction, excerpts: dict[str, Excerpt]) -> FtmEntity:
    proof, quotes = _supporting(sanction.evidence, excerpts)
    entry = _clean("identifier", sanction.entry_ref)
    is_un = sanction.authority.strip().lower() in UN_AUTHORITIES
    props = _props(
        entity=[ftm_id(sanction.entity_id)], authority=_clean("string", sanction.authority),
        program=_clean("string", *sanction.programs), authorityId=entry,
        unscId=[e for e in entry if is_un and e and len(e) <= 16],
        listingDate=[ftm_model.ftm_date(sanction.listed_on)],
        endDate=[ftm_model.ftm_date(sanction.delisted_on)], status=[sanction.status],
        reason=[sanction.reason], publisher=_clean("string", sanction.list_name),
        description=[LISTED_AS + sanction.listed_name] if sanction.listed_name else [],
        proof=proof, summary=quotes)
    return _entity(ftm_id(sanction.id), "Sanction", props)
