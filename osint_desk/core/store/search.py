"""The one search index across every kind, and the query language users type into it.

Users type words, ``"quoted phrases"``, ``prefix*`` and ``OR``; we never pass raw FTS5 syntax
through, so no input can be a syntax error. Words go to the word index (diacritics folded);
CJK and other unspaced scripts, and substrings when words find nothing, go to the trigram index.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from osint_desk.core.store.context import StoreContext
from osint_desk.core.store.records import SearchHit
from osint_desk.core.text import has_cjk

KINDS = ("case", "source", "excerpt", "entity", "relationship", "sanction")
_OPEN, _CLOSE = "\x02", "\x03"
_MARKS = re.compile("([\x02\x03])")
_TOKEN = re.compile(r'"([^"]*)"?|(\S+)')


@dataclass(frozen=True, slots=True)
class Term:
    text: str
    prefix: bool = False
    phrase: bool = False


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """Groups of terms: terms in a group are ANDed, groups are ORed."""

    groups: tuple[tuple[Term, ...], ...]

    @property
    def terms(self) -> tuple[Term, ...]:
        return tuple(term for group in self.groups for term in group)


def parse_query(query: str) -> ParsedQuery:
    query = "".join(c if c.isprintable() or c.isspace() else " " for c in query)
    groups: list[list[Term]] = [[]]
    for match in _TOKEN.finditer(query):
        phrase, word = match.group(1), match.group(2)
        if phrase is not None:
            cleaned = " ".join(phrase.split())
            if cleaned:
                groups[-1].append(Term(cleaned, phrase=True))
            continue
        if word == "OR":
            if groups[-1]:
                groups.append([])
            continue
        prefix = word.endswith("*")
        core = word.strip("*")
        core = core.strip(".,;:!?()[]{}'\u201c\u201d\u2018\u2019«»")
        if core:
            groups[-1].append(Term(core, prefix=prefix))
    return ParsedQuery(tuple(tuple(g) for g in groups if g))


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def words_expression(parsed: ParsedQuery) -> str:
    """An FTS5 MATCH expression for the word index."""
    ors = []
    for group in parsed.groups:
        parts = [_quote(t.text) + ("*" if t.prefix and not t.phrase else "") for t in group]
        ors.append("(" + " AND ".join(parts) + ")")
    return " OR ".join(ors)


def trigram_expression(parsed: ParsedQuery) -> str | None:
    """A MATCH expression for the trigram index, or None if a term is under 3 characters."""
    ors = []
    for group in parsed.groups:
        if any(len(t.text) < 3 for t in group):
            return None
        ors.append("(" + " AND ".join(_quote(t.text) for t in group) + ")")
    return " OR ".join(ors)


def _like_clause(parsed: ParsedQuery) -> tuple[str, list[str]]:
    """Fallback for 1-2 character CJK terms: a LIKE scan (correct, not indexed)."""
    ors, params = [], []
    for group in parsed.groups:
        ands = []
        for term in group:
            ands.append("(d.title LIKE ? OR d.body LIKE ? OR d.note LIKE ?)")
            pattern = "%" + term.text.replace("%", "").replace("_", "") + "%"
            params += [pattern] * 3
        ors.append("(" + " AND ".join(ands) + ")")
    return " OR ".join(ors), params


def _kinds_clause(kinds: tuple[str, ...] | None) -> tuple[str, list[str]]:
    if not kinds:
        return "", []
    return f" AND d.kind IN ({', '.join('?' * len(kinds))})", list(kinds)


def _hits(rows: list[tuple[str, str, str, str, float, str | None]]) -> list[SearchHit]:
    hits = []
    for kind, public_id, label, raw, rank, parent in rows:
        snippet, spans = _split_marks(raw or "")
        hits.append(SearchHit(kind, public_id, label, snippet, spans, -float(rank), parent))
    return hits


def _split_marks(raw: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Plain snippet text and the (start, end) of each marked match in it."""
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    length, start = 0, -1
    for part in _MARKS.split(raw):
        if part == _OPEN:
            start = length
        elif part == _CLOSE:
            if start >= 0:
                spans.append((start, length))
            start = -1
        elif part:
            out.append(part)
            length += len(part)
    return "".join(out).replace("\n", " "), tuple(spans)


_PARENT = (
    "(SELECT s.public_id FROM excerpts e JOIN sources s ON s.id = e.source_id"
    " WHERE d.kind = 'excerpt' AND e.id = d.record_id)"
)


def _fts_query(
    ctx: StoreContext, table: str, expression: str, kinds: tuple[str, ...] | None, limit: int,
    pattern: re.Pattern[str],
) -> list[SearchHit]:
    """One statement: FTS5 ranks and cuts to ``limit``; the join and snippets run on those.

    The word index makes its own snippets. Trigram snippets would tokenise every character of
    each hit (slow on CJK), so they are cut in Python from the stored text instead.
    """
    kind_sql, kind_params = _kinds_clause(kinds)
    if table == "search_words":
        columns = f"snippet({table}, -1, char(2), char(3), '…', 16), NULL, NULL, NULL"
    else:
        columns = "NULL, d.title, d.body, d.note"
    rows = ctx.conn.execute(
        f"SELECT d.kind, d.public_id, d.label, f.rank, {_PARENT}, {columns}"
        f" FROM {table} f JOIN search_docs d ON d.id = f.rowid"
        f" WHERE {table} MATCH ?{kind_sql} ORDER BY f.rank LIMIT ?",
        [expression, *kind_params, limit],
    ).fetchall()
    return _hits([
        (kind, public_id, label,
         raw if raw is not None else _marked_snippet((title, body, note), pattern),
         rank, parent)
        for kind, public_id, label, rank, parent, raw, title, body, note in rows
    ])


def _like_query(
    ctx: StoreContext, parsed: ParsedQuery, kinds: tuple[str, ...] | None, limit: int
) -> list[SearchHit]:
    where, params = _like_clause(parsed)
    kind_sql, kind_params = _kinds_clause(kinds)
    rows = ctx.conn.execute(
        f"SELECT d.kind, d.public_id, d.label, d.title, d.body, d.note,"
        f" (SELECT s.public_id FROM excerpts e JOIN sources s ON s.id = e.source_id"
        f"  WHERE d.kind = 'excerpt' AND e.id = d.record_id)"
        f" FROM search_docs d WHERE ({where}){kind_sql} ORDER BY d.id LIMIT ?",
        [*params, *kind_params, limit],
    ).fetchall()
    pattern = _needle_pattern([term.text for term in parsed.terms])
    return _hits([(kind, public_id, label, _marked_snippet((title, body, note), pattern), 0.0,
                   parent) for kind, public_id, label, title, body, note, parent in rows])


def _needle_pattern(needles: list[str]) -> re.Pattern[str]:
    """Any of the needles, longest first, case-insensitive."""
    wanted = sorted({n for n in needles if n}, key=len, reverse=True)
    return re.compile("|".join(re.escape(n) for n in wanted) or "(?!)", re.IGNORECASE)


def _marked_snippet(fields: tuple[str, str, str], pattern: re.Pattern[str],
                    width: int = 48) -> str:
    """A snippet around the first match (case-insensitive), marked as snippet() does."""
    for text in fields:
        first = pattern.search(text or "")
        if first is None:
            continue
        start = max(0, first.start() - width)
        end = min(len(text), first.end() + width)
        piece = pattern.sub(lambda m: _OPEN + m.group(0) + _CLOSE, text[start:end])
        return ("…" if start else "") + piece + ("…" if end < len(text) else "")
    return ""


def search(
    ctx: StoreContext, query: str, *, kinds: tuple[str, ...] | None = None, limit: int = 50
) -> list[SearchHit]:
    """Ranked hits across kinds, best first, each with a snippet."""
    parsed = parse_query(query)
    if not parsed.groups:
        return []
    needles = _needle_pattern([term.text for term in parsed.terms])
    if has_cjk(query):
        expression = trigram_expression(parsed)
        if expression is None:
            return _like_query(ctx, parsed, kinds, limit)
        return _fts_query(ctx, "search_trigrams", expression, kinds, limit, needles)
    hits = _fts_query(ctx, "search_words", words_expression(parsed), kinds, limit, needles)
    if not hits:
        expression = trigram_expression(parsed)
        if expression is not None:
            hits = _fts_query(ctx, "search_trigrams", expression, kinds, limit, needles)
    return hits


def index(
    ctx: StoreContext, kind: str, record_id: int, public_id: str, *, label: str,
    title: str = "", body: str = "", note: str = "",
) -> None:
    """Add or replace the indexed document of one record (in the caller's transaction)."""
    ctx.conn.execute(
        "INSERT INTO search_docs (kind, record_id, public_id, label, title, body, note)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (kind, record_id) DO UPDATE SET label = excluded.label,"
        " title = excluded.title, body = excluded.body, note = excluded.note"
        " WHERE title IS NOT excluded.title OR body IS NOT excluded.body"
        " OR note IS NOT excluded.note OR label IS NOT excluded.label",
        (kind, record_id, public_id, label, title, body, note),
    )


def unindex(ctx: StoreContext, kind: str, record_id: int) -> None:
    ctx.conn.execute(
        "DELETE FROM search_docs WHERE kind = ? AND record_id = ?", (kind, record_id)
    )
