"""The analyst's judgements of suggestions: reject (never proposed again in this case) or
accept (a card, new or existing, linked to the span through an excerpt). Every judgement has
its inverse, ``forget``, so a GUI can undo it as a ``StoreCommand``.

Accepting keeps the range exact: an existing live excerpt of the source that covers the span
gets the card as a mention; otherwise a new excerpt is cut of the sentence holding the span
(from the previous sentence end or line break to the next), with the card as its mention.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from osint_desk.core.errors import NotFoundError, ValidationError
from osint_desk.core.extract.gazetteer import fold_name
from osint_desk.core.extract.suggestion import CARD_TYPES, KINDS
from osint_desk.core.ids import new_id
from osint_desk.core.store.context import StoreContext
from osint_desk.core.store.entities import Entities
from osint_desk.core.store.excerpts import Excerpts

_SENTENCE_END = re.compile(r"[.!?…](?=\s)|\n")
MAX_SENTENCE = 2000


@dataclass(frozen=True, slots=True)
class Judgement:
    id: str
    verdict: str
    kind: str
    key: str
    text: str
    source_id: str | None
    start: int | None
    end: int | None
    entity_id: str | None
    excerpt_id: str | None
    created_card: bool
    created_excerpt: bool


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence holding ``text[start:end]``, trimmed, at most ``MAX_SENTENCE`` long."""
    low = max(0, start - MAX_SENTENCE)
    begin = low
    for match in _SENTENCE_END.finditer(text, low, start):
        begin = match.end()
    found = _SENTENCE_END.search(text, end, min(len(text), end + MAX_SENTENCE))
    finish = found.end() if found and found.group() != "\n" else (
        found.start() if found else min(len(text), end + MAX_SENTENCE))
    while begin < start and text[begin].isspace():
        begin += 1
    while finish > end and text[finish - 1].isspace():
        finish -= 1
    return begin, max(finish, end)


class Judgements:
    """Over the store's context; the lead wires it as ``CaseStore.judgements``."""

    def __init__(self, ctx: StoreContext, excerpts: Excerpts, entities: Entities) -> None:
        self._ctx = ctx
        self._excerpts = excerpts
        self._entities = entities

    @classmethod
    def of(cls, store: object) -> Judgements:
        """The judgements of an open ``CaseStore`` (until ``CaseStore.judgements`` exists)."""
        found = getattr(store, "judgements", None)
        if isinstance(found, Judgements):
            return found
        return cls(store._ctx, store.excerpts, store.entities)  # type: ignore[attr-defined]

    def _span(self, source_id: str, start: int, end: int, kind: str) -> tuple[int, str, str]:
        if kind not in KINDS:
            raise ValidationError(f"unknown kind {kind!r}; one of {', '.join(KINDS)}")
        rowid = self._ctx.rowid("sources", source_id, what="source")
        text = str(self._ctx.scalar("SELECT text FROM sources WHERE id = ?", (rowid,)))
        if not 0 <= start < end <= len(text):
            raise ValidationError(f"range {start}-{end} is outside the source's text"
                                  f" (0-{len(text)})")
        span = text[start:end]
        return rowid, span, text

    def rejected_keys(self) -> set[tuple[str, str]]:
        """(kind, folded text) of every rejection: what ``suggest`` leaves out."""
        return {(row[0], row[1]) for row in self._ctx.all(
            "SELECT kind, norm_text FROM suggestion_judgements WHERE verdict = 'rejected'")}

    def linked_spans(self, source_id: str) -> list[tuple[int, int, str]]:
        """(start, end, card id) of every live excerpt of the source and each live card it
        mentions: a card's name inside one of those is already done, not a suggestion."""
        return [(row[0], row[1], row[2]) for row in self._ctx.all(
            "SELECT x.start_offset, x.end_offset, n.public_id FROM excerpts x"
            " JOIN sources s ON s.id = x.source_id JOIN mentions m ON m.excerpt_id = x.id"
            " JOIN entities n ON n.id = m.entity_id WHERE s.public_id = ?"
            " AND x.deleted_at IS NULL AND n.deleted_at IS NULL", (source_id,))]

    def reject(self, source_id: str, start: int, end: int, kind: str) -> Judgement:
        """Never propose this text as this kind again in this case (idempotent)."""
        ctx = self._ctx
        with ctx.write():
            rowid, span, _text = self._span(source_id, start, end, kind)
            key = fold_name(span)
            known = ctx.scalar("SELECT public_id FROM suggestion_judgements WHERE verdict ="
                               " 'rejected' AND norm_text = ? AND kind = ?", (key, kind))
            if known is not None:
                return self.get(str(known))
            public_id = new_id()
            values = {"public_id": public_id, "norm_text": key, "kind": kind,
                      "verdict": "rejected", "text": span, "source_id": rowid,
                      "start_offset": start, "end_offset": end, "created_at": ctx.now()}
            ctx.insert("suggestion_judgements", values)
            ctx.audit("create", "suggestion_judgements", public_id, None,
                      {**values, "source_id": source_id, "text": None})
        return self.get(public_id)

    def accept(self, source_id: str, start: int, end: int, kind: str, *,
               entity_id: str | None = None, card_type: str | None = None,
               name: str | None = None, event_date: str | None = None) -> Judgement:
        """Link the span to ``entity_id``, or to a new card of ``card_type`` (the kind's
        guess by default) named ``name`` (the span's text by default).

        A kind that makes no card (a sum, a date, an identifier) accepted without a card is
        kept as evidence: a new excerpt of its sentence, dated ``event_date`` when given
        (a date suggestion's resolved value), linked to no card."""
        ctx = self._ctx
        entities = self._entities
        excerpts = self._excerpts
        with ctx.write():
            rowid, span, text = self._span(source_id, start, end, kind)
            schema = card_type or CARD_TYPES.get(kind)
            evidence_only = entity_id is None and schema is None
            created_card = entity_id is None and not evidence_only
            if created_card:
                assert schema is not None
                entity_id = entities.add(schema, name or span).id
            elif entity_id is not None:
                ctx.rowid("entities", entity_id, what="card")
            covering = None if evidence_only else ctx.one(
                "SELECT public_id FROM excerpts WHERE source_id = ? AND deleted_at IS NULL"
                " AND start_offset <= ? AND end_offset >= ?"
                " ORDER BY end_offset - start_offset, id LIMIT 1", (rowid, start, end))
            if covering is not None and entity_id is not None:
                excerpt_id, created_excerpt = str(covering[0]), False
                if entity_id in excerpts.entity_ids(excerpt_id):
                    # Undoing the acceptance would take back a link the analyst made.
                    raise ValidationError(f"{span!r} is already linked to that card on"
                                          f" excerpt {excerpt_id}")
                excerpts.link_entity(excerpt_id, entity_id)
            else:
                begin, finish = sentence_bounds(text, start, end)
                excerpt_id = excerpts.add(
                    source_id, begin, finish, quote=text[begin:finish],
                    note=f"accepted suggestion: {kind} {span!r} at {start}-{end}",
                    event_date=event_date if kind == "date" else None,
                    entity_ids=[entity_id] if entity_id is not None else []).id
                created_excerpt = True
            public_id = new_id()
            values = {"public_id": public_id, "norm_text": fold_name(span), "kind": kind,
                      "verdict": "accepted", "text": span, "source_id": rowid,
                      "start_offset": start, "end_offset": end,
                      "entity_id": (ctx.rowid("entities", entity_id)
                                    if entity_id is not None else None),
                      "excerpt_id": ctx.rowid("excerpts", excerpt_id),
                      "created_card": int(created_card), "created_excerpt": int(created_excerpt),
                      "created_at": ctx.now()}
            ctx.insert("suggestion_judgements", values)
            ctx.audit("create", "suggestion_judgements", public_id, None,
                      {**values, "source_id": source_id, "entity_id": entity_id,
                       "excerpt_id": excerpt_id, "text": None})
        return self.get(public_id)

    def get(self, judgement_id: str) -> Judgement:
        row = self._ctx.one(
            "SELECT j.*, s.public_id AS source_pid, e.public_id AS entity_pid,"
            " x.public_id AS excerpt_pid FROM suggestion_judgements j"
            " LEFT JOIN sources s ON s.id = j.source_id"
            " LEFT JOIN entities e ON e.id = j.entity_id"
            " LEFT JOIN excerpts x ON x.id = j.excerpt_id WHERE j.public_id = ?",
            (judgement_id,))
        if row is None:
            raise NotFoundError(f"no judgement with id {judgement_id}")
        return Judgement(row["public_id"], row["verdict"], row["kind"], row["norm_text"],
                         row["text"], row["source_pid"], row["start_offset"],
                         row["end_offset"], row["entity_pid"], row["excerpt_pid"],
                         bool(row["created_card"]), bool(row["created_excerpt"]))

    def list(self, *, verdict: str | None = None) -> list[Judgement]:
        rows = self._ctx.all("SELECT public_id FROM suggestion_judgements"
                             " WHERE ? IS NULL OR verdict = ? ORDER BY id", (verdict, verdict))
        return [self.get(row[0]) for row in rows]

    def forget(self, judgement_id: str) -> Judgement:
        """Undo a judgement: a rejected text is suggested again; an acceptance takes back
        the mention, and the excerpt and card it created (soft-deleted, restorable)."""
        ctx = self._ctx
        with ctx.write():
            judgement = self.get(judgement_id)
            if judgement.verdict == "accepted" and judgement.excerpt_id:
                excerpts, entities = self._excerpts, self._entities
                if judgement.created_excerpt:
                    excerpts.delete(judgement.excerpt_id)
                elif judgement.entity_id:
                    excerpts.unlink_entity(
                        judgement.excerpt_id, judgement.entity_id)
                if judgement.created_card and judgement.entity_id:
                    entities.delete(judgement.entity_id)
            ctx.conn.execute("DELETE FROM suggestion_judgements WHERE public_id = ?",
                             (judgement_id,))
            ctx.audit("delete", "suggestion_judgements", judgement_id,
                      {"verdict": judgement.verdict, "kind": judgement.kind,
                       "norm_text": judgement.key}, None)
        return judgement

    def find_rejection(self, kind: str, key: str) -> Judgement | None:
        found = self._ctx.scalar("SELECT public_id FROM suggestion_judgements WHERE verdict"
                                 " = 'rejected' AND kind = ? AND norm_text = ?", (kind, key))
        return None if found is None else self.get(str(found))
