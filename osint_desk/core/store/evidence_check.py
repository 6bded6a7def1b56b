"""Is the evidence still what was captured? Quotes against their sources, texts and original
files against their SHA-256s.

The file's triggers keep ``quote == text[start:end]`` and make texts and blobs immutable, but
anyone with ``sqlite3`` can drop a trigger, change the data and put the trigger back: the
schema check then passes and a forged quote would be cited, hashed and bundled as genuine.
So every export re-checks the data itself before it writes anything (and ``verify`` will).

Read in batches of rows by rowid: a case may hold 100,000 excerpts and gigabytes of originals;
memory stays at one batch of source texts (or a few blobs) at a time. Each source's text is
hashed once and sliced for all of its excerpts.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from osint_desk.core.errors import IntegrityError
from osint_desk.core.store import drivers

if TYPE_CHECKING:
    from osint_desk.core.store.case_store import CaseStore

SOURCE_BATCH = 500
BLOB_BATCH = 8
#: Problems named in the error message; the rest are counted.
SHOWN = 20


@dataclass(frozen=True, slots=True)
class Problem:
    """One record that fails a check: ``kind`` is ``excerpt``, ``source`` or ``blob``;
    ``record_id`` the public id (a blob's SHA-256 as recorded)."""

    kind: str
    record_id: str
    detail: str

    def __str__(self) -> str:
        return f"{self.kind} {self.record_id}: {self.detail}"


class EvidenceIntegrityError(IntegrityError):
    """The case's evidence does not match itself; ``problems`` names every record."""

    def __init__(self, message: str, problems: list[Problem]) -> None:
        super().__init__(message)
        self.problems = problems


def verify_evidence(store: CaseStore, *, source_ids: Iterable[str] | None = None,
                    progress: Callable[[int], None] | None = None) -> list[Problem]:
    """Every problem with the case's evidence, deleted records included (they ship in a
    bundle's case copy too). Empty when the quotes, texts and originals all check out.

    ``source_ids`` limits the check to those sources, every excerpt of theirs and their
    originals (a report prints no quote from any other source). ``progress`` (optional)
    receives the number of sources checked so far after each batch."""
    conn = store._ctx.conn  # the store's own connection: same snapshot, same thread
    problems: list[Problem] = []
    done = 0
    for batch in _source_batches(conn, source_ids):
        problems += _check_sources(conn, batch)
        done += len(batch)
        if progress:
            progress(done)
    problems += _check_blobs(conn, source_ids)
    return problems


def require_intact_evidence(store: CaseStore, what: str = "the export", *,
                            source_ids: Iterable[str] | None = None) -> None:
    """Raise :class:`EvidenceIntegrityError` naming the records when anything fails."""
    problems = verify_evidence(store, source_ids=source_ids)
    if problems:
        raise EvidenceIntegrityError(describe(problems, what), problems)


def describe(problems: list[Problem], what: str = "the export") -> str:
    """The refusal as a user reads it: what is wrong, with which records, and what to do."""
    lines = [f"{len(problems)} evidence record{'s' if len(problems) != 1 else ''} of this case"
             f" no longer match{'es' if len(problems) == 1 else ''} what was captured (the file"
             f" was changed outside OSINT Desk); {what} was not written:"]
    lines += [f"  {problem}" for problem in problems[:SHOWN]]
    if len(problems) > SHOWN:
        lines.append(f"  … and {len(problems) - SHOWN} more")
    lines.append("Restore the case from a backup, or delete the records named.")
    return "\n".join(lines)


def _rows(conn: sqlite3.Connection, sql: str, params: tuple[object, ...]) -> sqlite3.Cursor:
    """A cursor yielding ``sqlite3.Row`` (the store sets the row factory per cursor)."""
    cursor = conn.cursor()
    cursor.row_factory = drivers.row_class(conn)
    return cursor.execute(sql, params)


def _batches(conn: sqlite3.Connection, sql: str, size: int) -> Iterator[list[sqlite3.Row]]:
    """Rows ``size`` at a time, keyed on the first column (a rowid), never all at once."""
    last = -1
    while True:
        rows = _rows(conn, sql, (last, size)).fetchall()
        if not rows:
            return
        yield rows
        last = rows[-1][0]


_SOURCES = "SELECT id, public_id, text, text_sha256, deleted_at FROM sources"


def _source_batches(conn: sqlite3.Connection,
                    source_ids: Iterable[str] | None) -> Iterator[list[sqlite3.Row]]:
    if source_ids is None:
        yield from _batches(conn, f"{_SOURCES} WHERE id > ? ORDER BY id LIMIT ?", SOURCE_BATCH)
        return
    wanted = sorted(set(source_ids))
    for i in range(0, len(wanted), SOURCE_BATCH):
        chunk = wanted[i:i + SOURCE_BATCH]
        rows = _rows(conn, f"{_SOURCES} WHERE public_id IN ({_marks(chunk)}) ORDER BY id",
                     tuple(chunk)).fetchall()
        if rows:
            yield rows


def _marks(values: Sequence[object]) -> str:
    return ",".join("?" * len(values))


def _deleted(row: sqlite3.Row) -> str:
    return " (deleted)" if row["deleted_at"] else ""


def _check_sources(conn: sqlite3.Connection, sources: list[sqlite3.Row]) -> list[Problem]:
    """The texts' hashes, then every excerpt of these sources against its source text."""
    problems: list[Problem] = []
    texts: dict[int, tuple[str, str]] = {}
    for row in sources:
        text = row["text"]
        if not isinstance(text, str):
            problems.append(Problem("source", row["public_id"], "the text is not text"))
            continue
        texts[row["id"]] = (row["public_id"], text)
        if hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest() != row[
                "text_sha256"]:
            problems.append(Problem("source", row["public_id"],
                                    f"the text does not match its SHA-256{_deleted(row)}"))
    rowids = [row["id"] for row in sources]
    cursor = _rows(
        conn, "SELECT public_id, source_id, start_offset, end_offset, quote, deleted_at"
        f" FROM excerpts WHERE source_id IN ({_marks(rowids)})", tuple(rowids))
    for row in cursor:
        known = texts.get(row["source_id"])
        if known is None:
            continue  # its source's text is not text: said above
        source_id, text = known
        start, end, quote = row["start_offset"], row["end_offset"], row["quote"]
        if quote != text[start:end] or not 0 <= start < end <= len(text):
            problems.append(Problem(
                "excerpt", row["public_id"],
                f"the quote is not the text of source {source_id} at {start}–{end}"
                f"{_deleted(row)}"))
    return problems


def _check_blobs(conn: sqlite3.Connection, source_ids: Iterable[str] | None) -> list[Problem]:
    """Each original file's bytes against the SHA-256 it is stored (and cited) under, and
    every source's original present; in a full check, every excerpt's source present."""
    if source_ids is not None:
        return _check_blobs_of(conn, sorted(set(source_ids)))
    problems: list[Problem] = []
    for batch in _batches(conn, "SELECT rowid, sha256, size, data FROM blobs"
                          " WHERE rowid > ? ORDER BY rowid LIMIT ?", BLOB_BATCH):
        for row in batch:
            problems += _blob_problems(conn, row["sha256"], row["size"], row["data"])
    missing = conn.execute(
        "SELECT s.public_id FROM sources s LEFT JOIN blobs b ON b.sha256 = s.original_sha256"
        " WHERE s.original_sha256 IS NOT NULL AND b.sha256 IS NULL ORDER BY s.id").fetchall()
    problems += [Problem("source", r[0], "its original file is missing") for r in missing]
    orphans = conn.execute(
        "SELECT e.public_id FROM excerpts e LEFT JOIN sources s ON s.id = e.source_id"
        " WHERE s.id IS NULL ORDER BY e.id").fetchall()
    problems += [Problem("excerpt", r[0], "its source is missing") for r in orphans]
    return problems


def _check_blobs_of(conn: sqlite3.Connection, source_ids: list[str]) -> list[Problem]:
    """The originals of these sources only, one blob in memory at a time."""
    problems: list[Problem] = []
    hashes: dict[str, str] = {}
    for i in range(0, len(source_ids), SOURCE_BATCH):
        chunk = source_ids[i:i + SOURCE_BATCH]
        for public_id, digest in conn.execute(
                "SELECT public_id, original_sha256 FROM sources WHERE original_sha256 IS NOT"
                f" NULL AND public_id IN ({_marks(chunk)})", chunk):
            hashes.setdefault(digest, public_id)
    for digest, public_id in sorted(hashes.items()):
        row = conn.execute("SELECT size, data FROM blobs WHERE sha256 = ?", (digest,)).fetchone()
        if row is None:
            problems.append(Problem("source", public_id, "its original file is missing"))
        else:
            problems += _blob_problems(conn, digest, row[0], row[1])
    return problems


def _blob_problems(conn: sqlite3.Connection, digest: str, size: int,
                   data: object) -> list[Problem]:
    """Nothing when the bytes hash to ``digest``; else one problem per source using them."""
    raw = bytes(data) if isinstance(data, (bytes, memoryview)) else b""
    if hashlib.sha256(raw).hexdigest() == digest and len(raw) == size:
        return []
    users = [r[0] for r in conn.execute(
        "SELECT public_id FROM sources WHERE original_sha256 = ? ORDER BY id", (digest,))]
    if not users:
        return [Problem("blob", digest, "the bytes do not match their SHA-256")]
    return [Problem("source", pid, "the original file's bytes do not match the SHA-256"
                    " recorded for them") for pid in users]
