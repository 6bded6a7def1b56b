"""Sources: captured documents whose text never changes once stored."""

from __future__ import annotations

import builtins
import json
import sqlite3
from collections.abc import Iterable, Mapping
from typing import Any

from osint_desk.core.dates import PartialDate, parse_optional
from osint_desk.core.errors import DuplicateSourceError, IntegrityError, ValidationError
from osint_desk.core.ids import new_id
from osint_desk.core.model import SourceKind, choice, normalize_reliability
from osint_desk.core.store import search
from osint_desk.core.store.context import StoreContext, row_dict
from osint_desk.core.store.excerpts import OF_CARD
from osint_desk.core.store.records import Source
from osint_desk.core.text import normalize_newlines, sha256_bytes, sha256_text

EDITABLE = frozenset(
    {"kind", "title", "url", "outlet", "author", "published", "retrieved", "language",
     "reliability", "notes"}
)


def _date_columns(prefix: str, value: str | PartialDate | None) -> dict[str, str | None]:
    date = value if isinstance(value, PartialDate) or value is None else parse_optional(value)
    return {
        prefix: date.value if date else None,
        f"{prefix}_precision": date.precision.value if date else None,
        f"{prefix}_utc": date.utc() if date else None,
    }


def _capture(raw: Any) -> dict[str, Any] | None:
    """The capture metadata as stored: a JSON object (the schema checks it), else nothing."""
    if not isinstance(raw, str):
        return None
    try:
        value = json.loads(raw)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def to_source(row: sqlite3.Row) -> Source:
    page_map = row["page_map"]
    return Source(
        id=row["public_id"], kind=row["kind"], title=row["title"], url=row["url"],
        outlet=row["outlet"], author=row["author"], published=row["published"],
        published_precision=row["published_precision"], published_utc=row["published_utc"],
        retrieved=row["retrieved"], retrieved_precision=row["retrieved_precision"],
        retrieved_utc=row["retrieved_utc"], language=row["language"], text=row["text"],
        text_sha256=row["text_sha256"], original_sha256=row["original_sha256"],
        original_filename=row["original_filename"], media_type=row["media_type"],
        page_map=tuple(json.loads(page_map)) if page_map else None,
        reliability=row["reliability"], notes=row["notes"], created_at=row["created_at"],
        updated_at=row["updated_at"], deleted_at=row["deleted_at"],
        capture=_capture(row["capture"]), integrity=row["integrity"], part_of=row["part_of"],
    )


#: The capture metadata of one source, as JSON: bounded so a hostile capture cannot bloat a case.
MAX_CAPTURE_JSON = 256 * 1024


def _capture_json(capture: Mapping[str, object] | None) -> str | None:
    if capture is None:
        return None
    try:
        text = json.dumps(dict(capture), ensure_ascii=False, sort_keys=True, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise ValidationError(f"capture metadata must be JSON values ({exc})") from None
    if len(text) > MAX_CAPTURE_JSON:
        raise ValidationError(
            f"capture metadata is too large ({len(text):,} characters; at most"
            f" {MAX_CAPTURE_JSON:,})")
    return text


class Sources:
    """Add, read, edit metadata of, and (soft) delete sources."""

    def __init__(self, ctx: StoreContext) -> None:
        self._ctx = ctx

    def add(
        self,
        *,
        text: str,
        title: str,
        kind: str = SourceKind.DOCUMENT,
        url: str | None = None,
        outlet: str | None = None,
        author: str | None = None,
        published: str | PartialDate | None = None,
        retrieved: str | PartialDate | None = None,
        language: str | None = None,
        reliability: str | None = None,
        notes: str = "",
        original: bytes | None = None,
        media_type: str | None = None,
        original_filename: str | None = None,
        page_map: tuple[int, ...] | list[int] | None = None,
        capture: Mapping[str, object] | None = None,
        integrity: str | None = None,
        part_of: str | None = None,
    ) -> Source:
        """Store a new source; raises DuplicateSourceError when the content is already here.

        ``capture``, ``integrity`` and ``part_of`` (the id of the source this one came out
        of) describe a web capture or a container's part; like the text, they are fixed."""
        text = normalize_newlines(text)
        if not text.strip():
            raise ValidationError("a source needs some text")
        if not title.strip():
            raise ValidationError("a source needs a title")
        kind = choice(SourceKind, kind, "a source kind")
        if page_map is not None:
            pages = list(page_map)
            if not pages or pages[0] != 0 or pages != sorted(pages) or pages[-1] > len(text):
                raise ValidationError("a page map lists page start offsets, from 0, ascending")
        if integrity not in (None, "valid", "mismatch", "absent"):
            raise ValidationError(f"integrity must be valid, mismatch or absent, not {integrity!r}")
        capture_json = _capture_json(capture)
        text_hash = sha256_text(text)
        original_hash = sha256_bytes(original) if original is not None else None
        ctx = self._ctx
        now = ctx.now()
        values: dict[str, Any] = {
            "public_id": new_id(), "kind": kind, "title": " ".join(title.split()),
            "url": url or None, "outlet": outlet or None, "author": author or None,
            **_date_columns("published", published), **_date_columns("retrieved", retrieved),
            "language": language or None, "text": text, "text_sha256": text_hash,
            "original_sha256": original_hash, "original_filename": original_filename,
            "media_type": media_type, "page_map": json.dumps(list(page_map)) if page_map else None,
            "reliability": normalize_reliability(reliability), "notes": notes,
            "created_at": now, "updated_at": now, "deleted_at": None,
            "capture": capture_json, "integrity": integrity, "part_of": None,
        }
        with ctx.write():
            if part_of is not None:
                ctx.rowid("sources", part_of, live=True, what="source")
                values["part_of"] = part_of
            self._refuse_duplicate(text_hash, original_hash)
            if original is not None and original_hash is not None:
                ctx.conn.execute(
                    "INSERT OR IGNORE INTO blobs (sha256, size, media_type, data, created_at)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (original_hash, len(original), media_type, original, now),
                )
            rowid = ctx.insert("sources", values)
            self.reindex(rowid)
            ctx.audit("create", "sources", values["public_id"], None, values)
        return self.get(values["public_id"])

    def _refuse_duplicate(self, text_hash: str, original_hash: str | None) -> None:
        row = self._ctx.one(
            "SELECT public_id, title FROM sources WHERE deleted_at IS NULL AND"
            " (text_sha256 = ? OR (? IS NOT NULL AND original_sha256 = ?)) LIMIT 1",
            (text_hash, original_hash, original_hash),
        )
        if row is not None:
            raise DuplicateSourceError(
                f"already in the case as {row['title']!r} ({row['public_id']})",
                row["public_id"],
            )

    def find_duplicate(self, text: str | None = None, original: bytes | None = None) -> str | None:
        """The id of a live source with the same text or original bytes, if any."""
        text_hash = sha256_text(normalize_newlines(text)) if text is not None else None
        original_hash = sha256_bytes(original) if original is not None else None
        value = self._ctx.scalar(
            "SELECT public_id FROM sources WHERE deleted_at IS NULL AND"
            " (text_sha256 = ? OR original_sha256 = ?) LIMIT 1",
            (text_hash, original_hash),
        )
        return None if value is None else str(value)

    def reindex(self, rowid: int) -> None:
        row = self._ctx.one("SELECT public_id, title, text, notes FROM sources WHERE id = ?",
                            (rowid,))
        assert row is not None
        search.index(self._ctx, "source", rowid, row["public_id"], label=row["title"],
                     title=row["title"], body=row["text"], note=row["notes"])

    def get(self, source_id: str, *, include_deleted: bool = False) -> Source:
        rowid = self._ctx.rowid("sources", source_id, live=not include_deleted, what="source")
        row = self._ctx.one("SELECT * FROM sources WHERE id = ?", (rowid,))
        assert row is not None
        return to_source(row)

    def original_bytes(self, source_id: str) -> bytes | None:
        """The evidentiary copy of the imported file, if the source came from one."""
        row = self._ctx.one(
            "SELECT b.data FROM sources s JOIN blobs b ON b.sha256 = s.original_sha256"
            " WHERE s.public_id = ?", (source_id,),
        )
        return None if row is None else bytes(row["data"])

    def list(
        self, *, text_filter: str = "", offset: int = 0, limit: int = -1,
        include_deleted: bool = False,
    ) -> list[Source]:
        """Sources by title, newest publication first among equal titles; filtered in SQL."""
        where, params = _list_where(text_filter, include_deleted)
        # The page is chosen by sorting narrow rows (id and the sort keys) and only its rows
        # are read whole: sorting whole rows would carry every text through the sorter
        # (at 10,000 sources, a second per page of the navigator, mostly spilled to disk).
        rows = self._ctx.all(
            f"SELECT s.* FROM (SELECT id, {_ORDER_COLUMNS} FROM sources WHERE {where}"
            f" ORDER BY {_ORDER} LIMIT ? OFFSET ?) AS page JOIN sources s ON s.id = page.id"
            " ORDER BY page.day DESC, page.title COLLATE NOCASE, page.id",
            [*params, limit, offset],
        )
        return [to_source(row) for row in rows]

    def ids(self, *, text_filter: str = "") -> builtins.list[str]:
        """The ids of the live sources :meth:`list` gives, in its order: one narrow query,
        for a view that then fetches pages of them with :meth:`get_many`."""
        where, params = _list_where(text_filter, False)
        rows = self._ctx.all(
            f"SELECT public_id, {_ORDER_COLUMNS} FROM sources WHERE {where}"
            f" ORDER BY {_ORDER}", params)
        return [row[0] for row in rows]

    def of_entity(self, entity_id: str, *, offset: int = 0,
                  limit: int = -1) -> builtins.list[Source]:
        """Live sources of the excerpts :meth:`Excerpts.of_entity` lists, in the order they
        were added; ``offset``/``limit`` take one page of them."""
        rows = self._ctx.all(
            f"{OF_CARD}, page(id) AS (SELECT DISTINCT e.source_id FROM excerpts e"
            " JOIN sources s ON s.id = e.source_id WHERE e.id IN hits AND e.deleted_at IS NULL"
            " AND s.deleted_at IS NULL ORDER BY e.source_id LIMIT ? OFFSET ?)"
            " SELECT * FROM sources WHERE id IN page ORDER BY id", (entity_id, limit, offset))
        return [to_source(row) for row in rows]

    def get_many(self, source_ids: Iterable[str]) -> builtins.list[Source]:
        """Live sources by id, in the order given; ids of deleted or unknown ones are left
        out. One query per 500 ids."""
        ids = builtins.list(dict.fromkeys(source_ids))
        found: dict[str, Source] = {}
        for chunk_start in range(0, len(ids), 500):
            chunk = ids[chunk_start:chunk_start + 500]
            for row in self._ctx.all(
                    "SELECT * FROM sources WHERE public_id IN"
                    f" ({', '.join('?' * len(chunk))}) AND deleted_at IS NULL", chunk):
                found[row["public_id"]] = to_source(row)
        return [found[source_id] for source_id in ids if source_id in found]

    def titles(self, source_ids: Iterable[str]) -> dict[str, str]:
        """Titles by id (deleted sources included), in one query per 500: for labels."""
        ids = list(dict.fromkeys(source_ids))
        found: dict[str, str] = {}
        for chunk_start in range(0, len(ids), 500):
            chunk = ids[chunk_start:chunk_start + 500]
            for row in self._ctx.all(
                    "SELECT public_id, title FROM sources WHERE public_id IN"
                    f" ({', '.join('?' * len(chunk))})", chunk):
                found[row["public_id"]] = row["title"]
        return found

    def count(self, *, text_filter: str = "") -> int:
        if text_filter.strip():
            pattern = f"%{text_filter.strip()}%"
            return int(self._ctx.scalar(
                "SELECT count(*) FROM sources WHERE deleted_at IS NULL AND (title LIKE ?"
                " OR outlet LIKE ? OR author LIKE ? OR url LIKE ?)", [pattern] * 4))
        return int(self._ctx.scalar("SELECT count(*) FROM sources WHERE deleted_at IS NULL"))

    def update(self, source_id: str, **changes: Any) -> Source:
        """Edit metadata; the text and its hashes cannot change."""
        unknown = set(changes) - EDITABLE
        if unknown:
            raise ValidationError(
                f"cannot change {', '.join(sorted(unknown))} of a source"
                + (" (the text of a source is immutable)" if "text" in unknown else "")
            )
        values: dict[str, Any] = {}
        for key, value in changes.items():
            if key in ("published", "retrieved"):
                values.update(_date_columns(key, value))
            elif key == "reliability":
                values[key] = normalize_reliability(value)
            elif key == "kind":
                values[key] = choice(SourceKind, value, "a source kind")
            elif key == "title":
                if not str(value).strip():
                    raise ValidationError("a source needs a title")
                values[key] = " ".join(str(value).split())
            elif key == "notes":
                values[key] = value or ""
            else:
                values[key] = value or None
        ctx = self._ctx
        with ctx.write():
            rowid = ctx.rowid("sources", source_id, what="source")
            before = row_dict(ctx.one("SELECT * FROM sources WHERE id = ?", (rowid,)))
            values["updated_at"] = ctx.now()
            ctx.update("sources", rowid, values)
            self.reindex(rowid)
            changed_before = {k: before[k] for k in values}
            ctx.audit("update", "sources", source_id, changed_before, values)
        return self.get(source_id)

    def delete(self, source_id: str) -> None:
        """Soft delete; refused while a live excerpt cites the source."""
        ctx = self._ctx
        with ctx.write():
            rowid = ctx.rowid("sources", source_id, what="source")
            cited = int(ctx.scalar(
                "SELECT count(*) FROM excerpts WHERE source_id = ? AND deleted_at IS NULL",
                (rowid,)))
            if cited:
                raise IntegrityError(
                    f"this source is cited by {cited} excerpt{'s' if cited != 1 else ''};"
                    " delete those first"
                )
            now = ctx.now()
            ctx.conn.execute("UPDATE sources SET deleted_at = ?, updated_at = ? WHERE id = ?",
                             (now, now, rowid))
            search.unindex(ctx, "source", rowid)
            ctx.audit("delete", "sources", source_id, None, {"deleted_at": now})

    def restore(self, source_id: str) -> Source:
        ctx = self._ctx
        with ctx.write():
            rowid = ctx.rowid("sources", source_id, live=False, what="source")
            before = ctx.scalar("SELECT deleted_at FROM sources WHERE id = ?", (rowid,))
            if before is None:
                return self.get(source_id)
            ctx.conn.execute("UPDATE sources SET deleted_at = NULL, updated_at = ? WHERE id = ?",
                             (ctx.now(), rowid))
            self.reindex(rowid)
            ctx.audit("restore", "sources", source_id, {"deleted_at": before}, None)
        return self.get(source_id)


# How lists of sources are ordered: newest publication first, then by title.
_ORDER_COLUMNS = "coalesce(published_utc, published) AS day, title"
_ORDER = "day DESC, title COLLATE NOCASE, id"


def _list_where(text_filter: str, include_deleted: bool) -> tuple[str, list[Any]]:
    where = ["1 = 1" if include_deleted else "deleted_at IS NULL"]
    params: list[Any] = []
    if text_filter.strip():
        pattern = f"%{text_filter.strip()}%"
        where.append("(title LIKE ? OR outlet LIKE ? OR author LIKE ? OR url LIKE ?)")
        params += [pattern] * 4
    return " AND ".join(where), params
