"""Load FollowTheMoney JSON lines into a case: cards, aliases, relationships, sanctions, sources.

Reads what :func:`~osint_desk.core.exports.ftm.export_ftm` writes (a round trip keeps cards,
aliases, relationships and sanctions records) and others' FtM data such as OpenSanctions
``entities.ftm.json``: every legal entity, asset, event or place becomes a card, a Sanction a
sanctions record on its card with its provenance, Documents and Articles with text become
sources, and the quotes a relationship or sanction cites (``summary`` found verbatim in a
``proof`` document) become excerpts linked as evidence. Entities of other schemata are counted
and skipped. The whole file is checked first and written in one transaction: a bad file
changes nothing. Each import adds new records (new ids; foreign FtM ids go in the provenance).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from osint_desk.core.errors import DuplicateSourceError, ValidationError
from osint_desk.core.exports import ftm_model
from osint_desk.core.exports.ftm import ID_PREFIX
from osint_desk.core.exports.ftm_read import (
    FtmEntityData,
    FtmFile,
    FtmFormatError,
    card_type,
    read_ftm,
    sanction_fields,
)
from osint_desk.core.model import PREDICATES
from osint_desk.core.store.entities import name_key

if TYPE_CHECKING:
    from osint_desk.core.store import CaseStore

__all__ = ["FtmFormatError", "FtmImportReport", "import_ftm"]

# FtM relationship schema -> (subject property, object property, predicate)
LINKS: dict[str, tuple[str, str, str]] = {
    info.schema: (info.subject_prop, info.object_prop, predicate)
    for predicate, info in PREDICATES.items()
} | {"UnknownLink": ("subject", "object", "linked to"),
     "Succession": ("predecessor", "successor", "succeeded by")}
DOCUMENTS = frozenset({"Document", "Article", "PlainText", "HyperText", "Pages", "Page", "Email",
                       "Message", "Table", "Workbook", "Image", "Audio", "Video", "Package"})
IDENTIFICATIONS = {"Passport": "passportNumber", "Identification": "idNumber"}
# Card properties read into names, the description, tags, sources and addresses instead.
NOT_ATTRIBUTES = frozenset({"name", "alias", "weakAlias", "previousName", "description",
                            "keywords", "proof", "addressEntity"})
LINK_DETAILS = ("role", "relationship", "percentage", "ownershipType", "status", "sharesCount")


@dataclass
class FtmImportReport:
    file: str
    entities: int = 0
    created: Counter[str] = field(default_factory=Counter)
    reused_sources: int = 0
    folded: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    dropped_properties: Counter[str] = field(default_factory=Counter)

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "entities": self.entities, "created": dict(self.created),
                "reused_sources": self.reused_sources, "folded": dict(self.folded),
                "skipped": dict(sorted(self.skipped.items())),
                "dropped_properties": dict(sorted(self.dropped_properties.items()))}


def import_ftm(store: CaseStore, path: str | Path) -> FtmImportReport:
    """Add the entities of an FtM JSON lines file to the case, in one transaction."""
    data = read_ftm(Path(path))
    importer = _Importer(store, data)
    with store.transaction():
        importer.run()
    return importer.report


class _Importer:
    def __init__(self, store: CaseStore, data: FtmFile) -> None:
        self.store, self.data = store, data
        self.report = FtmImportReport(data.path.name, data.lines)
        self.cards: dict[str, str] = {}  # FtM id -> card id
        self.sources: dict[str, tuple[str, str]] = {}  # FtM id -> (source id, text)
        self.excerpts: dict[tuple[str, str], str] = {}  # (source id, quote) -> excerpt id
        self.folded_addresses: set[str] = set()
        self.numbers: dict[str, dict[str, list[str]]] = {}  # holder -> {property: numbers}
        for entity in data.entities.values():
            if card_type(entity.schema) and entity.schema != "Address":
                self.folded_addresses |= {
                    found.id for a in entity.values("addressEntity")
                    if (found := data.get(a)) is not None and found.schema == "Address"}
            if entity.schema in IDENTIFICATIONS:
                for holder in entity.values("holder"):
                    prop = IDENTIFICATIONS[entity.schema]
                    target = data.get(holder)
                    key = target.id if target else holder
                    self.numbers.setdefault(key, {}).setdefault(prop, []).extend(
                        entity.values("number"))

    def run(self) -> None:
        entities = list(self.data.entities.values())
        for entity in entities:
            if entity.schema in DOCUMENTS:
                self._source(entity)
        for entity in entities:
            schema = card_type(entity.schema)
            if entity.id in self.folded_addresses:
                self.report.folded["Address into a card's address"] += 1
            elif schema is not None:
                self._card(entity, schema)
            elif entity.schema in IDENTIFICATIONS:
                self.report.folded[f"{entity.schema} into its holder's card"] += 1
            elif entity.schema not in DOCUMENTS | LINKS.keys() | {"Sanction"}:
                self.report.skipped["Mention (FtM carries no excerpt to link)"
                                    if entity.schema == "Mention"
                                    else f"schema {entity.schema} (no case record for it)"] += 1
        for entity in entities:
            if entity.schema in LINKS:
                self._relationship(entity, *LINKS[entity.schema])
            elif entity.schema == "Sanction":
                self._sanction(entity)

    def _card_id(self, ftm_id: str) -> str | None:
        found = self.data.get(ftm_id)
        return self.cards.get(found.id) if found else None

    def _provenance(self, entity: FtmEntityData) -> list[str]:
        """A Markdown line naming the file and FtM id, for entities not written by us."""
        if entity.id.startswith(ID_PREFIX):
            return []
        where = f"; datasets: {', '.join(entity.datasets)}" if entity.datasets else ""
        return [f"*Imported from FollowTheMoney file `{self.data.path.name}`"
                f" (FtM id `{entity.id}`{where}).*"]

    def _evidence(self, entity: FtmEntityData) -> tuple[list[tuple[str, str]], list[str]]:
        """Excerpts for the quotes found in the proof documents, and the quotes not found."""
        proofs = [self.sources[p.id] for p in map(self.data.get, entity.values("proof"))
                  if p is not None and p.id in self.sources]
        if len(proofs) < len(entity.values("proof")):
            self.report.skipped["proofs not in the file or without text"] += 1
        evidence, unplaced = [], []
        for quote in entity.values("summary"):
            source_id = next((sid for sid, text in proofs if quote in text), None)
            if source_id is None:
                unplaced.append(quote)
                continue
            if (source_id, quote) not in self.excerpts:
                known = next((x.id for x in self.store.excerpts.for_source(source_id)
                              if x.quote == quote), None)
                if known is None:
                    try:  # a quote that would split a character is no excerpt
                        known = self.store.excerpts.add_by_quote(source_id, quote).id
                    except ValidationError:
                        unplaced.append(quote)
                        continue
                    self.report.created["excerpts"] += 1
                self.excerpts[source_id, quote] = known
            evidence.append((self.excerpts[source_id, quote], "supports"))
        return evidence, unplaced

    def _tag(self, kind: str, record_id: str, entity: FtmEntityData) -> None:
        for keyword in entity.values("keywords"):
            if len(keyword) <= 80:
                self.store.tags.tag(kind, record_id, keyword)
                self.report.created["tags"] += 1

    def _source(self, entity: FtmEntityData) -> None:
        text = "\n\n".join(entity.values("bodyText"))
        if not text.strip():
            self.report.skipped["documents without text"] += 1
            return
        published, retrieved = (entity.dates("publishedAt", "date", "authoredAt"),
                                entity.dates("retrievedAt"))
        language = entity.first("language")
        try:
            with self.store.transaction():
                source = self.store.sources.add(
                    text=text, kind="article" if entity.schema == "Article" else "document",
                    title=entity.first("title", "name", "fileName") or entity.id,
                    url=next((u for u in entity.values("sourceUrl")
                              if ftm_model.clean_value("url", u, 4096)), None),
                    outlet=entity.first("publisher"), author=entity.first("author"),
                    published=published[0] if published else None,
                    retrieved=retrieved[0] if retrieved else None,
                    language=ftm_model.case_language(language) if language else None,
                    notes="\n\n".join([*entity.values("notes", "description"),
                                       *self._provenance(entity)]),
                    original_filename=entity.first("fileName"))
                self._tag("source", source.id, entity)
        except DuplicateSourceError as exc:
            existing = self.store.sources.get(exc.existing_id)
            self.sources[entity.id] = (existing.id, existing.text)
            self.report.reused_sources += 1
            return
        except ValidationError as exc:
            self.report.skipped[f"documents refused ({exc})"] += 1
            return
        self.sources[entity.id] = (source.id, source.text)
        self.report.created["sources"] += 1

    def _card(self, entity: FtmEntityData, schema: str) -> None:
        names = entity.values("name")
        primary = entity.caption if entity.caption in names else (names[0] if names else None)
        primary = primary or entity.address_text() or entity.caption
        if not primary:
            self.report.skipped["cards without a name"] += 1
            return
        aliases: list[dict[str, str]] = []
        seen = {name_key(primary)}
        for prop, kind in (("name", "strong"), ("alias", "strong"), ("previousName", "strong"),
                           ("weakAlias", "weak")):
            for name in entity.values(prop):
                if name_key(name) not in seen and len(name) <= 500:
                    seen.add(name_key(name))
                    aliases.append({"name": name, "kind": kind})
        description = "\n\n".join([*entity.values("description"), *self._provenance(entity)])
        try:
            with self.store.transaction():
                card = self.store.entities.add(
                    schema, primary[:500], description=description, aliases=aliases,
                    attributes=self._attributes(entity, schema))
                self._tag("entity", card.id, entity)
        except ValidationError as exc:
            self.report.skipped[f"cards refused ({exc})"] += 1
            return
        self.cards[entity.id] = card.id
        self.report.created["cards"] += 1
        self.report.created["aliases"] += len(card.aliases)

    def _attributes(self, entity: FtmEntityData, schema: str) -> dict[str, Any]:
        known = ftm_model.properties(schema)
        values: dict[str, list[str]] = {}
        for prop, items in entity.properties.items():
            if prop in known and prop not in NOT_ATTRIBUTES:
                values[prop] = list(items)
            elif prop not in NOT_ATTRIBUTES:
                self.report.dropped_properties[prop] += 1
        for address in map(self.data.get, entity.values("addressEntity")):
            text = address.address_text() if address else None
            if text and text not in values.setdefault("address", []):
                values["address"].append(text)
        for prop, numbers in self.numbers.get(entity.id, {}).items():
            values[prop] = list(dict.fromkeys([*values.get(prop, []), *numbers]))
        return {k: v[0] if len(v) == 1 else v for k, v in values.items() if v}

    def _relationship(self, entity: FtmEntityData, one: str, other: str,
                      predicate: str) -> None:
        if entity.schema == "UnknownLink":
            predicate = entity.first("role") or predicate
        pairs = [(self._card_id(s), self._card_id(o))
                 for s in entity.values(one) for o in entity.values(other)]
        if not pairs or any(s is None or o is None for s, o in pairs):
            self.report.skipped["relationships whose ends are not both cards in the file"] += 1
            return
        starts, ends = entity.dates("startDate", "date"), entity.dates("endDate")
        note = entity.values("description")
        if not entity.id.startswith(ID_PREFIX):
            details = [f"{p}: {v}" for p in LINK_DETAILS
                       if p != "role" or entity.schema != "UnknownLink" for v in entity.values(p)]
            note += ["; ".join(details)] if details else []
        cache, made = dict(self.excerpts), self.report.created["excerpts"]
        try:
            with self.store.transaction():
                evidence, unplaced = self._evidence(entity)
                note += [*unplaced, *self._provenance(entity)]
                for subject, object_ in pairs:
                    assert subject is not None and object_ is not None
                    self.store.relationships.add(
                        subject, predicate, object_, start=starts[0] if starts else None,
                        end=ends[-1] if ends else None, note="\n\n".join(note),
                        evidence=evidence)
        except ValidationError as exc:  # rolled back, excerpts made for it included
            self.excerpts, self.report.created["excerpts"] = cache, made
            self.report.skipped[f"relationships refused ({exc})"] += 1
            return
        self.report.created["relationships"] += len(pairs)
        self.report.created["evidence"] += len(evidence) * len(pairs)

    def _sanction(self, entity: FtmEntityData) -> None:
        targets = [c for c in map(self._card_id, entity.values("entity")) if c is not None]
        if not targets:
            self.report.skipped["sanctions whose entity is not a card in the file"] += 1
            return
        fields = sanction_fields(entity, self.data)
        cache, made = dict(self.excerpts), self.report.created["excerpts"]
        added = 0
        try:
            with self.store.transaction():
                evidence, quotes = self._evidence(entity)
                if quotes:
                    fields["provenance"]["quotes"] = quotes
                for card_id in targets:
                    if fields["entry_ref"] and self.store.sanctions.find(
                            card_id, fields["authority"], fields["entry_ref"]):
                        self.report.skipped["sanctions already on the card"] += 1
                        continue
                    self.store.sanctions.add(card_id, evidence=evidence, **fields)
                    added += 1
        except ValidationError as exc:  # rolled back, excerpts made for it included
            self.excerpts, self.report.created["excerpts"] = cache, made
            self.report.skipped[f"sanctions refused ({exc})"] += 1
            return
        self.report.created["sanctions"] += added
        self.report.created["evidence"] += len(evidence) * added
