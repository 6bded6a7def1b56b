"""Excerpts: exact words cut from a source, graded, dated and linked to cards.

The invariant ``quote == source.text[start:end]`` is checked here (with a readable message)
and again by a trigger in the file, so no writer can break it.
"""

from __future__ import annotations

import builtins
import sqlite3
from collections.abc import Iterable
from typing import Any

from osint_desk.core.dates import PartialDate, parse_optional
from osint_desk.core.errors import NotFoundError, ValidationError
from osint_desk.core.ids import new_id
from osint_desk.core.model import Stance, check_credibility, choice
from osint_desk.core.store import search
from osint_desk.core.store.context import StoreContext, row_dict
from osint_desk.core.store.evidence import uses_of_excerpt
from osint_desk.core.store.records import Excerpt
from osint_desk.core.text import is_grapheme_boundary, normalize_newlines

EDITABLE = frozenset(
    {"note", "credibility", "event_date", "speaker_id", "channel_id", "stance", "translation",
     "translation_language"}
)
SELECT = (
    "SELECT e.*, s.public_id AS source_public_id, sp.public_id AS speaker_public_id,"
    " ch.public_id AS channel_public_id FROM excerpts e JOIN sources s ON s.id = e.source_id"
    " LEFT JOIN entities sp ON sp.id = e.speaker_id AND sp.deleted_at IS NULL"
    " LEFT JOIN entities ch ON ch.id = e.channel_id AND ch.deleted_at IS NULL"
)
# ``hits``: the excerpts that mention the card whose public id is the first parameter, or
# have it as speaker or channel. Each part is one index lookup (mentions_entity,
# excerpts_speaker, excerpts_channel), never a scan of every excerpt.
OF_CARD = (
    "WITH card(id) AS (SELECT id FROM entities WHERE public_id = ?),"
    " hits(id) AS (SELECT excerpt_id FROM mentions WHERE entity_id = (SELECT id FROM card)"
    " UNION SELECT id FROM excerpts WHERE speaker_id = (SELECT id FROM card)"
    " UNION SELECT id FROM excerpts WHERE channel_id = (SELECT id FROM card)) "
)


def to_excerpt(row: sqlite3.Row) -> Excerpt:
    return Excerpt(
        id=row["public_id"], source_id=row["source_public_id"], start=row["start_offset"],
        end=row["end_offset"], quote=row["quote"], note=row["note"],
        credibility=row["credibility"], event_date=row["event_date"],
        event_date_precision=row["event_date_precision"],
        speaker_id=row["speaker_public_id"], channel_id=row["channel_public_id"],
        stance=row["stance"], translation=row["translation"],
        translation_language=row["translation_language"], created_at=row["created_at"],
        updated_at=row["updated_at"], deleted_at=row["deleted_at"],
    )


def check_range(text: str, start: int, end: int, quote: str | None) -> str:
    """The quote for ``text[start:end]``, or ValidationError saying what is wrong."""
    if isinstance(start, bool) or isinstance(end, bool):
        raise ValidationError("excerpt offsets must be whole numbers")
    if not 0 <= start < end <= len(text):
        raise ValidationError(
            f"the range {start}-{end} is outside the source text (0-{len(text)}) or empty"
        )
    for offset in (start, end):
        if not is_grapheme_boundary(text, offset):
            raise ValidationError(
                f"offset {offset} splits a character (an emoji, a flag, or a letter and its"
                " accent); move the range to a character boundary"
            )
    actual = text[start:end]
    if quote is not None and normalize_newlines(quote) != actual:
        raise ValidationError(
            f"the quote does not match the source text at {start}-{end}"
            f" (the text there reads {_shorten(actual)!r})"
        )
    if not actual.strip():
        raise ValidationError("an excerpt needs more than whitespace")
    return actual


def find_occurrence(text: str, quote: str, occurrence: int = 1) -> int:
    """Offset of the k-th (1-based) whole-character occurrence of ``quote`` in ``text``.

    A match that would split a character ("👍" inside "👍🏽") is not an occurrence.
    """
    quote = normalize_newlines(quote)
    if not quote:
        raise ValidationError("the quote is empty")
    if occurrence < 1:
        raise ValidationError("occurrence counts from 1")
    position = -1
    found = 0
    while found < occurrence:
        position = text.find(quote, position + 1)
        while position != -1 and not (
            is_grapheme_boundary(text, position)
            and is_grapheme_boundary(text, position + len(quote))
        ):
            position = text.find(quote, position + 1)
        if position == -1:
            if found == 0 and quote in text:
                raise ValidationError(
                    f"the quote {_shorten(quote)!r} occurs only as part of a larger character"
                    " (an emoji sequence, a flag, or a letter and its accent); quoting it alone"
                    " splits a character, so quote the whole character")
            if found == 0:
                raise ValidationError(f"the quote {_shorten(quote)!r} is not in the source text")
            raise ValidationError(
                f"the quote occurs only {found} time{'s' if found != 1 else ''} in the source"
            )
        found += 1
    return position


def _shorten(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


class Excerpts:
    def __init__(self, ctx: StoreContext) -> None:
        self._ctx = ctx

    def add(
        self,
        source_id: str,
        start: int,
        end: int,
        *,
        quote: str | None = None,
        note: str = "",
        credibility: int | None = None,
        event_date: str | PartialDate | None = None,
        speaker_id: str | None = None,
        channel_id: str | None = None,
        stance: str | None = None,
        translation: str | None = None,
        translation_language: str | None = None,
        entity_ids: Iterable[str] = (),
    ) -> Excerpt:
        """Cut an excerpt; ``quote``, when given, must equal the text at the range."""
        ctx = self._ctx
        with ctx.write():
            source_row = ctx.rowid("sources", source_id, what="source")
            text = ctx.scalar("SELECT text FROM sources WHERE id = ?", (source_row,))
            actual = check_range(text, start, end, quote)
            date = _date(event_date)
            now = ctx.now()
            values: dict[str, Any] = {
                "public_id": new_id(), "source_id": source_row, "start_offset": start,
                "end_offset": end, "quote": actual, "note": note or "",
                "credibility": check_credibility(credibility),
                "event_date": date.value if date else None,
                "event_date_precision": date.precision.value if date else None,
                "speaker_id": self._entity_row(speaker_id),
                "channel_id": self._entity_row(channel_id),
                "stance": choice(Stance, stance, "stance") if stance else None,
                "translation": translation or None,
                "translation_language": translation_language or None,
                "created_at": now, "updated_at": now, "deleted_at": None,
            }
            rowid = ctx.insert("excerpts", values)
            self.reindex(rowid)
            audit = {**values, "source_id": source_id, "speaker_id": speaker_id,
                     "channel_id": channel_id}
            ctx.audit("create", "excerpts", values["public_id"], None, audit)
            for entity_id in entity_ids:
                self._link(values["public_id"], rowid, entity_id)
        return self.get(values["public_id"])

    def add_by_quote(
        self, source_id: str, quote: str, *, occurrence: int = 1, **fields: Any
    ) -> Excerpt:
        """Cut the k-th occurrence of ``quote`` from the source."""
        text = self._ctx.scalar(
            "SELECT text FROM sources WHERE public_id = ? AND deleted_at IS NULL", (source_id,))
        if text is None:
            raise NotFoundError(f"no source with id {source_id}")
        start = find_occurrence(text, quote, occurrence)
        quote = normalize_newlines(quote)
        return self.add(source_id, start, start + len(quote), quote=quote, **fields)

    def _entity_row(self, entity_id: str | None) -> int | None:
        if not entity_id:
            return None
        return self._ctx.rowid("entities", entity_id, what="card")

    def reindex(self, rowid: int) -> None:
        row = self._ctx.one(
            "SELECT e.public_id, e.quote, e.note, e.translation, e.deleted_at, s.title"
            " FROM excerpts e JOIN sources s ON s.id = e.source_id WHERE e.id = ?", (rowid,))
        assert row is not None
        if row["deleted_at"] is not None:
            search.unindex(self._ctx, "excerpt", rowid)
            return
        body = row["quote"] + ("\n" + row["translation"] if row["translation"] else "")
        search.index(self._ctx, "excerpt", rowid, row["public_id"],
                     label=_shorten(" ".join(row["quote"].split()), 120), body=body,
                     note=row["note"])

    def get(self, excerpt_id: str, *, include_deleted: bool = False) -> Excerpt:
        rowid = self._ctx.rowid("excerpts", excerpt_id, live=not include_deleted,
                                what="excerpt")
        row = self._ctx.one(f"{SELECT} WHERE e.id = ?", (rowid,))
        assert row is not None
        return to_excerpt(row)

    def for_source(self, source_id: str) -> builtins.list[Excerpt]:
        rows = self._ctx.all(
            f"{SELECT} WHERE s.public_id = ? AND e.deleted_at IS NULL"
            " ORDER BY e.start_offset, e.end_offset", (source_id,))
        return [to_excerpt(row) for row in rows]

    def list(self, *, offset: int = 0, limit: int = -1) -> builtins.list[Excerpt]:
        rows = self._ctx.all(
            f"{SELECT} WHERE e.deleted_at IS NULL AND s.deleted_at IS NULL"
            " ORDER BY e.id LIMIT ? OFFSET ?", (limit, offset))
        return [to_excerpt(row) for row in rows]

    def count(self) -> int:
        return int(self._ctx.scalar(
            "SELECT count(*) FROM excerpts e JOIN sources s ON s.id = e.source_id"
            " WHERE e.deleted_at IS NULL AND s.deleted_at IS NULL"))

    def of_entity(self, entity_id: str, *, offset: int = 0,
                  limit: int = -1) -> builtins.list[Excerpt]:
        """Live excerpts that mention the card or have it as speaker or channel, by source
        and position in it; ``offset``/``limit`` take one page of them."""
        rows = self._ctx.all(
            f"{OF_CARD}, page(id) AS (SELECT e.id FROM excerpts e"
            " JOIN sources s ON s.id = e.source_id WHERE e.id IN hits AND e.deleted_at IS NULL"
            " AND s.deleted_at IS NULL ORDER BY e.source_id, e.start_offset, e.id"
            f" LIMIT ? OFFSET ?) {SELECT} WHERE e.id IN page"
            " ORDER BY e.source_id, e.start_offset, e.id", (entity_id, limit, offset))
        return [to_excerpt(row) for row in rows]

    def ids_of_entity(self, entity_id: str) -> builtins.list[tuple[str, str]]:
        """(excerpt id, source id) of each excerpt :meth:`of_entity` lists, in its order: one
        query, for a view that counts them and then fetches pages with :meth:`get_many`."""
        rows = self._ctx.all(
            f"{OF_CARD}SELECT e.public_id, s.public_id FROM excerpts e"
            " JOIN sources s ON s.id = e.source_id WHERE e.id IN hits AND e.deleted_at IS NULL"
            " AND s.deleted_at IS NULL ORDER BY e.source_id, e.start_offset, e.id",
            (entity_id,))
        return [(row[0], row[1]) for row in rows]

    def get_many(self, excerpt_ids: Iterable[str]) -> builtins.list[Excerpt]:
        """Live excerpts by id, in the order given; ids of deleted or unknown ones are left
        out. One query per 500 ids."""
        ids = builtins.list(dict.fromkeys(excerpt_ids))
        found: dict[str, Excerpt] = {}
        for chunk_start in range(0, len(ids), 500):
            chunk = ids[chunk_start:chunk_start + 500]
            for row in self._ctx.all(
                    f"{SELECT} WHERE e.public_id IN ({', '.join('?' * len(chunk))})"
                    " AND e.deleted_at IS NULL", chunk):
                found[row["public_id"]] = to_excerpt(row)
        return [found[excerpt_id] for excerpt_id in ids if excerpt_id in found]

    def update(self, excerpt_id: str, **changes: Any) -> Excerpt:
        """Edit the analysis of an excerpt (not its words: cut a new one for that)."""
        unknown = set(changes) - EDITABLE
        if unknown:
            raise ValidationError(f"cannot change {', '.join(sorted(unknown))} of an excerpt")
        ctx = self._ctx
        with ctx.write():
            rowid = ctx.rowid("excerpts", excerpt_id, what="excerpt")
            values: dict[str, Any] = {}
            for key, value in changes.items():
                if key == "credibility":
                    values[key] = check_credibility(value)
                elif key == "event_date":
                    date = _date(value)
                    values["event_date"] = date.value if date else None
                    values["event_date_precision"] = date.precision.value if date else None
                elif key in ("speaker_id", "channel_id"):
                    values[key] = self._entity_row(value)
                elif key == "stance":
                    values[key] = choice(Stance, value, "stance") if value else None
                elif key == "note":
                    values[key] = value or ""
                else:
                    values[key] = value or None
            before = row_dict(ctx.one("SELECT * FROM excerpts WHERE id = ?", (rowid,)))
            values["updated_at"] = ctx.now()
            ctx.update("excerpts", rowid, values)
            self.reindex(rowid)
            audit_after = dict(values)
            for key in ("speaker_id", "channel_id"):
                if key in changes:
                    audit_after[key] = changes[key]
                    before[key] = ctx.public_id("entities", before[key])
            ctx.audit("update", "excerpts", excerpt_id, {k: before[k] for k in values},
                      audit_after)
        return self.get(excerpt_id)

    def delete(self, excerpt_id: str) -> None:
        """Soft delete: its links stay in place, so restore brings everything back."""
        ctx = self._ctx
        with ctx.write():
            rowid = ctx.rowid("excerpts", excerpt_id, what="excerpt")
            now = ctx.now()
            ctx.conn.execute("UPDATE excerpts SET deleted_at = ?, updated_at = ? WHERE id = ?",
                             (now, now, rowid))
            self.reindex(rowid)
            ctx.audit("delete", "excerpts", excerpt_id, None, {"deleted_at": now})

    def restore(self, excerpt_id: str) -> Excerpt:
        ctx = self._ctx
        with ctx.write():
            rowid = ctx.rowid("excerpts", excerpt_id, live=False, what="excerpt")
            row = ctx.one(
                "SELECT e.deleted_at, s.deleted_at AS source_deleted FROM excerpts e"
                " JOIN sources s ON s.id = e.source_id WHERE e.id = ?", (rowid,))
            assert row is not None
            if row["source_deleted"] is not None:
                raise ValidationError("restore the excerpt's source first")
            if row["deleted_at"] is not None:
                ctx.conn.execute(
                    "UPDATE excerpts SET deleted_at = NULL, updated_at = ? WHERE id = ?",
                    (ctx.now(), rowid))
                self.reindex(rowid)
                ctx.audit("restore", "excerpts", excerpt_id, {"deleted_at": row["deleted_at"]},
                          None)
        return self.get(excerpt_id)

    # -- mentions -------------------------------------------------------------------------

    def link_entity(self, excerpt_id: str, entity_id: str) -> None:
        """Record that the excerpt mentions the card (idempotent)."""
        with self._ctx.write():
            rowid = self._ctx.rowid("excerpts", excerpt_id, what="excerpt")
            self._link(excerpt_id, rowid, entity_id)

    def _link(self, excerpt_id: str, rowid: int, entity_id: str) -> None:
        entity_row = self._ctx.rowid("entities", entity_id, what="card")
        cursor = self._ctx.conn.execute(
            "INSERT OR IGNORE INTO mentions (excerpt_id, entity_id, created_at) VALUES (?, ?, ?)",
            (rowid, entity_row, self._ctx.now()))
        if cursor.rowcount:
            self._ctx.audit("link", "mentions", excerpt_id, None, {"entity_id": entity_id})

    def unlink_entity(self, excerpt_id: str, entity_id: str) -> None:
        ctx = self._ctx
        with ctx.write():
            rowid = ctx.rowid("excerpts", excerpt_id, what="excerpt")
            entity_row = ctx.rowid("entities", entity_id, live=False, what="card")
            cursor = ctx.conn.execute(
                "DELETE FROM mentions WHERE excerpt_id = ? AND entity_id = ?",
                (rowid, entity_row))
            if cursor.rowcount:
                ctx.audit("unlink", "mentions", excerpt_id, {"entity_id": entity_id}, None)

    def evidence_uses(self, excerpt_id: str) -> builtins.list[tuple[str, str, str]]:
        """(kind, id, role) of the live relationships and sanctions records it is evidence for."""
        return uses_of_excerpt(self._ctx, self._ctx.rowid("excerpts", excerpt_id, live=False,
                                                          what="excerpt"))

    def entity_ids(self, excerpt_id: str) -> builtins.list[str]:
        """The live cards this excerpt mentions, by name."""
        rows = self._ctx.all(
            "SELECT n.public_id FROM mentions m JOIN excerpts e ON e.id = m.excerpt_id"
            " JOIN entities n ON n.id = m.entity_id"
            " WHERE e.public_id = ? AND n.deleted_at IS NULL ORDER BY n.name_key",
            (excerpt_id,))
        return [row["public_id"] for row in rows]


def _date(value: str | PartialDate | None) -> PartialDate | None:
    return value if isinstance(value, PartialDate) else parse_optional(value)
