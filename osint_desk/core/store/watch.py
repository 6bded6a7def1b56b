"""Watch terms of a case and their hits: names, patterns or identifiers the case looks out for.

A term is matched against every source's text: a *name* like card names (folded, any script,
through the extraction gazetteer), a *pattern* as a bounded regular expression (``regex``
package, a timeout per source), an *identifier* exactly but with spaces and dashes ignored.
Hits are kept in ``watch_hits`` (term, source, span, matched text) until seen. The matching
lives in ``watch_match``, loaded only when something is matched.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from osint_desk.core.errors import NotFoundError, ValidationError
from osint_desk.core.ids import new_id
from osint_desk.core.store.context import StoreContext

if TYPE_CHECKING:
    from osint_desk.core.store.case_store import CaseStore
    from osint_desk.core.store.watch_match import Matcher

KINDS = ("name", "pattern", "identifier")
MAX_TERMS = 1000

Progress = Callable[[int, int], None]
Check = Callable[[], bool]


@dataclass(frozen=True, slots=True)
class WatchTerm:
    id: str
    term: str
    kind: str
    note: str
    created_at: str


@dataclass(frozen=True, slots=True)
class WatchHit:
    term_id: str
    term: str
    source_id: str
    start: int
    end: int
    matched: str
    excerpt_id: str | None
    seen: bool


class Watch:
    """Watch terms and hits of one case (SQL of ``watch_terms`` and ``watch_hits``)."""

    def __init__(self, ctx: StoreContext) -> None:
        self._ctx = ctx

    def add(self, term: str, kind: str = "name", note: str = "", *,
            progress: Progress | None = None, check: Check | None = None) -> WatchTerm:
        """Add a term and scan the case's existing sources for it (cancel with ``check``:
        the term and the hits found so far are kept)."""
        from osint_desk.core.store.watch_match import check_term

        cleaned = check_term(term, kind)
        ctx = self._ctx
        with ctx.write():
            if int(ctx.scalar("SELECT count(*) FROM watch_terms WHERE deleted_at IS NULL")) \
                    >= MAX_TERMS:
                raise ValidationError(f"a case watches {MAX_TERMS} terms at most")
            public_id, now = new_id(), ctx.now()
            rowid = ctx.insert("watch_terms", {
                "public_id": public_id, "term": cleaned, "kind": kind, "note": note.strip(),
                "created_at": now, "updated_at": now})
            ctx.audit("create", "watch_terms", public_id, None,
                      {"term": cleaned, "kind": kind, "note": note.strip()})
        self.scan_all(term_rows=[rowid], progress=progress, check=check)
        return WatchTerm(public_id, cleaned, kind, note.strip(), now)

    def list(self, *, include_removed: bool = False) -> builtins.list[WatchTerm]:
        where = "" if include_removed else " WHERE deleted_at IS NULL"
        return [WatchTerm(r["public_id"], r["term"], r["kind"], r["note"], r["created_at"])
                for r in self._ctx.all(f"SELECT * FROM watch_terms{where} ORDER BY id")]

    def remove(self, term_id: str) -> None:
        """Soft-remove a term: it stops matching; its hits are kept but no longer listed."""
        ctx = self._ctx
        with ctx.write():
            rowid = ctx.rowid("watch_terms", term_id, what="watch term")
            now = ctx.now()
            ctx.update("watch_terms", rowid, {"deleted_at": now, "updated_at": now})
            ctx.audit("delete", "watch_terms", term_id, {"deleted_at": None},
                      {"deleted_at": now})

    def restore(self, term_id: str) -> None:
        """Undo a ``remove``: the term matches again and its kept hits are listed again
        (sources imported while it was removed are not rescanned: ``scan_all`` does that)."""
        ctx = self._ctx
        with ctx.write():
            rowid = ctx.rowid("watch_terms", term_id, live=False, what="watch term")
            before = ctx.scalar("SELECT deleted_at FROM watch_terms WHERE id = ?", (rowid,))
            if before is None:
                return
            live = int(ctx.scalar("SELECT count(*) FROM watch_terms WHERE deleted_at IS NULL"))
            if live >= MAX_TERMS:
                raise ValidationError(f"a case watches {MAX_TERMS} terms at most")
            ctx.update("watch_terms", rowid, {"deleted_at": None, "updated_at": ctx.now()})
            ctx.audit("restore", "watch_terms", term_id, {"deleted_at": before},
                      {"deleted_at": None})

    def hit_counts(self) -> dict[str, int]:
        """Hits per live term (public id), seen or not, of live sources."""
        rows = self._ctx.all(
            "SELECT t.public_id, count(h.id) AS hits FROM watch_terms t"
            " LEFT JOIN watch_hits h ON h.term_id = t.id AND h.source_id IN"
            " (SELECT id FROM sources WHERE deleted_at IS NULL)"
            " WHERE t.deleted_at IS NULL GROUP BY t.id")
        return {str(r["public_id"]): int(r["hits"]) for r in rows}

    def unseen_counts(self) -> dict[str, int]:
        """Unseen hits per live term (public id) in live sources; terms without any absent."""
        return self._unseen_by("t")

    def flagged_sources(self) -> dict[str, int]:
        """Live sources with unseen hits of live terms: source public id -> how many (the
        navigator's badges; one query however many sources the case holds)."""
        return self._unseen_by("s")

    def _unseen_by(self, table: str) -> dict[str, int]:
        """Unseen hits of live terms in live sources, counted per term ("t") or source ("s")."""
        rows = self._ctx.all(
            f"SELECT {table}.public_id, count(*) AS unseen FROM watch_hits h"
            " JOIN watch_terms t ON t.id = h.term_id JOIN sources s ON s.id = h.source_id"
            " WHERE t.deleted_at IS NULL AND s.deleted_at IS NULL AND h.seen_at IS NULL"
            f" GROUP BY {table}.id")
        return {str(r["public_id"]): int(r["unseen"]) for r in rows}

    def _matcher(self, term_rows: builtins.list[int] | None = None) -> Matcher:
        from osint_desk.core.store.watch_match import Matcher

        rows = self._ctx.all("SELECT id, term, kind FROM watch_terms WHERE deleted_at IS NULL")
        return Matcher((r["id"], r["term"], r["kind"]) for r in rows
                        if term_rows is None or r["id"] in term_rows)

    def scan_source(self, source_id: str, *, term_rows: builtins.list[int] | None = None,
                    matcher: Matcher | None = None) -> builtins.list[WatchHit]:
        """Record the hits of the live terms in one source; returns the new hits."""
        ctx = self._ctx
        source_row = ctx.rowid("sources", source_id, what="source")
        matcher = matcher or self._matcher(term_rows)
        if not matcher.terms:
            return []
        text = str(ctx.scalar("SELECT text FROM sources WHERE id = ?", (source_row,)))
        names = {int(r["id"]): (str(r["public_id"]), str(r["term"])) for r in ctx.all(
            "SELECT id, public_id, term FROM watch_terms")}
        new: builtins.list[WatchHit] = []
        with ctx.write():
            now = ctx.now()
            for term_row, start, end in matcher.find(text):
                cursor = ctx.conn.execute(
                    'INSERT OR IGNORE INTO watch_hits (term_id, source_id, start, "end", matched,'
                    " created_at) VALUES (?, ?, ?, ?, ?, ?)",
                    (term_row, source_row, start, end, text[start:end], now))
                if cursor.rowcount:
                    term_id, term = names[term_row]
                    new.append(WatchHit(term_id, term, source_id, start, end, text[start:end],
                                        None, False))
        return new

    def scan_term(self, term_id: str, *, progress: Progress | None = None,
                  check: Check | None = None) -> int:
        """Scan every live source for one live term (after ``add(..., check=...)`` stopped
        before scanning, or to look again); returns how many new hits were recorded."""
        rowid = self._ctx.rowid("watch_terms", term_id, what="watch term")
        return self.scan_all(term_rows=[rowid], progress=progress, check=check)

    def scan_all(self, *, term_rows: builtins.list[int] | None = None,
                 progress: Progress | None = None, check: Check | None = None) -> int:
        """Scan every live source of the case; returns how many new hits were recorded."""
        matcher = self._matcher(term_rows)
        ids = [str(r[0]) for r in self._ctx.conn.execute(
            "SELECT public_id FROM sources WHERE deleted_at IS NULL ORDER BY id")]
        found = 0
        for done, source_id in enumerate(ids):
            if check is not None and check():
                break  # stopped: the hits found so far are kept
            found += len(self.scan_source(source_id, matcher=matcher))
            if progress is not None:
                progress(done + 1, len(ids))
        return found

    def scan_excerpt(self, excerpt_id: str) -> int:
        """Link the hits inside a newly cut excerpt to it; returns how many were linked."""
        ctx = self._ctx
        row = ctx.one("SELECT id, source_id, start_offset, end_offset FROM excerpts"
                      " WHERE public_id = ?", (excerpt_id,))
        if row is None:
            raise NotFoundError(f"no excerpt with id {excerpt_id}")
        with ctx.write():
            cursor = ctx.conn.execute(
                'UPDATE watch_hits SET excerpt_id = ? WHERE source_id = ? AND start >= ?'
                ' AND "end" <= ? AND excerpt_id IS NULL',
                (row["id"], row["source_id"], row["start_offset"], row["end_offset"]))
        return int(cursor.rowcount)

    def hits(self, *, source_id: str | None = None, term_id: str | None = None,
             unseen_only: bool = False, limit: int = 10_000) -> builtins.list[WatchHit]:
        """Hits of the live terms in live sources, newest source first."""
        clauses = ["t.deleted_at IS NULL", "s.deleted_at IS NULL"]
        params: builtins.list[object] = []
        if term_id is not None:
            clauses.append("t.public_id = ?")
            params.append(term_id)
        if source_id is not None:
            clauses.append("s.public_id = ?")
            params.append(source_id)
        if unseen_only:
            clauses.append("h.seen_at IS NULL")
        rows = self._ctx.all(
            'SELECT t.public_id AS term_id, t.term, s.public_id AS source_id, h.start, h."end",'
            " h.matched, e.public_id AS excerpt_id, h.seen_at FROM watch_hits h"
            " JOIN watch_terms t ON t.id = h.term_id JOIN sources s ON s.id = h.source_id"
            " LEFT JOIN excerpts e ON e.id = h.excerpt_id"
            f" WHERE {' AND '.join(clauses)} ORDER BY h.source_id DESC, h.start LIMIT ?",
            [*params, limit])
        return [WatchHit(r["term_id"], r["term"], r["source_id"], r["start"], r["end"],
                         r["matched"], r["excerpt_id"], r["seen_at"] is not None) for r in rows]

    def unseen_count(self) -> int:
        """How many hits of live terms in live sources nobody has looked at yet."""
        return sum(self._unseen_by("t").values())

    def mark_seen(self, source_id: str | None = None) -> int:
        """Mark the hits (of one source, or all) as seen; returns how many changed."""
        ctx = self._ctx
        live = " AND term_id IN (SELECT id FROM watch_terms WHERE deleted_at IS NULL)"
        with ctx.write():
            if source_id is None:
                cursor = ctx.conn.execute(
                    f"UPDATE watch_hits SET seen_at = ? WHERE seen_at IS NULL{live}", (ctx.now(),))
            else:
                cursor = ctx.conn.execute(
                    f"UPDATE watch_hits SET seen_at = ? WHERE seen_at IS NULL{live} AND source_id"
                    " = (SELECT id FROM sources WHERE public_id = ?)", (ctx.now(), source_id))
        return int(cursor.rowcount)


def watch_of(store: CaseStore) -> Watch:
    """The watch terms of an open case (``store.watch`` once the lead wires it in)."""
    wired = getattr(store, "watch", None)
    return wired if isinstance(wired, Watch) else Watch(store._ctx)


def watch_new_source(store: CaseStore, source_id: str) -> builtins.list[WatchHit]:
    """Called by the importer after a source is stored: its hits of the live terms."""
    return watch_of(store).scan_source(source_id)


def watch_new_excerpt(store: CaseStore, excerpt_id: str) -> int:
    """Called after an excerpt is cut: links the hits inside it to the excerpt."""
    return watch_of(store).scan_excerpt(excerpt_id)
