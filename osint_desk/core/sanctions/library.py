"""The list library: one SQLite file, shared by all cases, holding the imported lists.

An import parses the whole publication first (any error: nothing is written), then replaces
the list's rows in ONE transaction, so a reader sees the old publication or the new one,
never a mix. Unchanged entries keep their rows (and row ids), so indexes built over names
only need to follow what was added, removed or changed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from sqlite_utils import Database

from osint_desk.core.dates import PartialDate, utc_now
from osint_desk.core.errors import NotFoundError, OsintDeskError
from osint_desk.core.paths import user_data_dir
from osint_desk.core.sanctions import formats
from osint_desk.core.sanctions.bounds import Warnings, bound_entry
from osint_desk.core.sanctions.entries import ListEntry, ListFormatError, ListInfo
from osint_desk.core.sanctions.library_keys import (
    KeyIndexMixin,
    add_keys_after,
    drop_orphan_keys,
    max_name_id,
    rebuild_key_df,
    recount_screened_names,
    rekey_if_stale,
)
from osint_desk.core.sanctions.library_schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION

LIBRARY_FILE = "lists.sqlite"
SQLITE_MAGIC = b"SQLite format 3\x00"


class ListLibraryError(OsintDeskError):
    """The library file cannot be used (foreign, newer, damaged)."""


@dataclass(frozen=True)
class ImportReport:
    list_key: str
    added: int
    removed: int
    changed: int
    total: int
    published: str | None
    file_sha256: str
    authority: str = ""
    list_name: str = ""
    #: What was cut or left out to keep within ``limits`` (file, entry, limit in each); the
    #: rest of the list was imported.
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class ListSummary:
    """A list in the library: what its file said, plus when it came in and how big it is."""

    info: ListInfo
    imported_at: str
    entry_count: int
    name_count: int


@dataclass(frozen=True)
class ListedName:
    """One name of one entry, as the matcher indexes it."""

    name_id: int
    entry_id: int
    list_key: str
    entry_ref: str
    schema: str
    name: str
    strength: str
    script: str | None
    is_primary: bool


def default_path() -> Path:
    return user_data_dir() / LIBRARY_FILE


class ListLibrary(KeyIndexMixin):
    """The door to the list library file; create it on first use."""

    def __init__(self, path: Path | None = None, *, rekey: bool = True) -> None:
        """``rekey=False`` skips re-keying a library keyed by older matching (seconds to
        minutes): enough for listing what is imported, say on a GUI thread."""
        self.path = Path(path) if path is not None else default_path()
        self.db = _open(self.path, rekey=rekey)
        self.conn: sqlite3.Connection = self.db.conn

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> ListLibrary:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    # -- importing ------------------------------------------------------------------------

    def import_files(self, paths: Iterable[Path], format: str | None = None,
                     published: str | None = None,
                     progress: Callable[[int], None] | None = None) -> ImportReport:
        """Parse the files (detected or named format) and replace that list atomically."""
        info, entries = formats.parse([Path(p) for p in paths], format)
        return self.import_entries(info, entries, published=published, progress=progress)

    def import_entries(self, info: ListInfo, entries: Iterable[ListEntry],
                       published: str | None = None,
                       progress: Callable[[int], None] | None = None) -> ImportReport:
        """Replace ``info.list_key`` with these entries; the file's own date wins over
        ``published``, which fills in for formats that carry none.

        ``progress`` gets the number of entries read so far (every 500); an exception it
        raises (a GUI's Cancel) ends the import with nothing written.
        """
        user_date = PartialDate.parse(published).value if published else None
        rows, warnings = _read_entries(info, entries, progress)
        date = info.published or user_date
        with self._transaction():
            old = {ref: (row_id, digest) for row_id, ref, digest in self.conn.execute(
                "SELECT id, entry_ref, content_sha256 FROM entries WHERE list_key = ?",
                (info.list_key,))}
            self.conn.execute(
                "INSERT INTO lists (list_key, authority, list_name, published, file_sha256,"
                " imported_at, entry_count, source_files) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (list_key) DO UPDATE SET authority = excluded.authority,"
                " list_name = excluded.list_name, published = excluded.published,"
                " file_sha256 = excluded.file_sha256, imported_at = excluded.imported_at,"
                " entry_count = excluded.entry_count, source_files = excluded.source_files",
                (info.list_key, info.authority, info.list_name, date, info.file_sha256,
                 utc_now(), len(rows), json.dumps(list(info.source_files))))
            removed = [old[ref][0] for ref in old if ref not in rows]
            changed = [ref for ref in rows if ref in old and old[ref][1] != rows[ref][2]]
            added = [ref for ref in rows if ref not in old]
            self.conn.executemany("DELETE FROM entries WHERE id = ?",
                                  [(i,) for i in removed + [old[r][0] for r in changed]])
            if removed or changed:  # before new names can reuse the freed row ids
                drop_orphan_keys(self.conn)
            last_name_id = max_name_id(self.conn)
            self._insert([rows[ref] for ref in changed + added])
            if added or removed or changed:  # the screening keys follow in the same commit
                add_keys_after(self.conn, last_name_id)
                rebuild_key_df(self.conn)
                recount_screened_names(self.conn)
        return ImportReport(info.list_key, len(added), len(removed), len(changed), len(rows),
                            date, info.file_sha256, info.authority, info.list_name, warnings)

    def _insert(self, items: list[tuple[ListEntry, str, str]]) -> None:
        names: list[tuple[int, str, str, str | None, int]] = []
        for entry, text, digest in items:
            cursor = self.conn.execute(
                "INSERT INTO entries (list_key, entry_ref, schema, name, content_sha256, data)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (entry.list_key, entry.entry_ref, entry.schema, entry.name, digest, text))
            entry_id = int(cursor.lastrowid or 0)
            names += [(entry_id, name, strength, script, int(primary))
                      for name, strength, script, primary in entry.all_names()]
        self.conn.executemany(
            "INSERT INTO names (entry_id, name, strength, script, is_primary)"
            " VALUES (?, ?, ?, ?, ?)", names)

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def remove(self, list_key: str) -> None:
        """Forget a list and all its entries."""
        with self._transaction():
            cursor = self.conn.execute("DELETE FROM lists WHERE list_key = ?", (list_key,))
            if cursor.rowcount == 0:
                raise NotFoundError(f"no list {list_key!r} in the library; see"
                                    " `osint-desk lists show`")
            drop_orphan_keys(self.conn)
            rebuild_key_df(self.conn)
            recount_screened_names(self.conn)

    # -- reading --------------------------------------------------------------------------

    def lists(self) -> list[ListSummary]:
        rows = self.conn.execute(
            "SELECT l.authority, l.list_key, l.list_name, l.published, l.file_sha256,"
            " l.source_files, l.imported_at, l.entry_count,"
            " (SELECT count(*) FROM names n JOIN entries e ON e.id = n.entry_id"
            "  WHERE e.list_key = l.list_key)"
            " FROM lists l ORDER BY l.authority, l.list_key").fetchall()
        return [ListSummary(ListInfo(r[0], r[1], r[2], r[3], r[4], tuple(json.loads(r[5]))),
                            r[6], r[7], r[8]) for r in rows]

    def entry(self, list_key: str, entry_ref: str) -> ListEntry | None:
        row = self.conn.execute(
            "SELECT data FROM entries WHERE list_key = ? AND entry_ref = ?",
            (list_key, entry_ref)).fetchone()
        return ListEntry.from_dict(json.loads(row[0])) if row else None

    def entry_hash(self, list_key: str, entry_ref: str) -> str | None:
        """The content hash of an entry: a case record can tell when its entry changed."""
        row = self.conn.execute(
            "SELECT content_sha256 FROM entries WHERE list_key = ? AND entry_ref = ?",
            (list_key, entry_ref)).fetchone()
        return str(row[0]) if row else None

    def linked(self, list_key: str, entry_ref: str) -> list[ListEntry]:
        """The entries an entry's links name, in the same list: a link is an entry reference
        (OpenSanctions) or a listed name (OFAC "Linked To: ..."), matched exactly, ignoring
        case. Links that name nothing in the list are left out."""
        entry = self.entry(list_key, entry_ref)
        if entry is None:
            return []
        found: dict[str, ListEntry] = {}
        for link in entry.links:
            row = self.conn.execute(
                "SELECT e.data FROM entries e WHERE e.list_key = ? AND e.entry_ref = ?"
                " UNION ALL SELECT e.data FROM names n JOIN entries e ON e.id = n.entry_id"
                " WHERE e.list_key = ? AND n.name = ? COLLATE NOCASE LIMIT 1",
                (list_key, link, list_key, link)).fetchone()
            if row:
                target = ListEntry.from_dict(json.loads(row[0]))
                found.setdefault(target.entry_ref, target)
        return list(found.values())

    def entries(self, list_key: str, offset: int = 0, limit: int = 100) -> list[ListEntry]:
        rows = self.conn.execute(
            "SELECT data FROM entries WHERE list_key = ? ORDER BY id LIMIT ? OFFSET ?",
            (list_key, limit, offset)).fetchall()
        return [ListEntry.from_dict(json.loads(r[0])) for r in rows]

    def entry_by_id(self, entry_id: int) -> ListEntry | None:
        row = self.conn.execute("SELECT data FROM entries WHERE id = ?",
                                (entry_id,)).fetchone()
        return ListEntry.from_dict(json.loads(row[0])) if row else None

    def entries_by_ids(self, entry_ids: Iterable[int]) -> dict[int, ListEntry]:
        """``entry id -> entry`` for those of *entry_ids* that exist (one query)."""
        rows = self.conn.execute(
            "SELECT id, data FROM entries WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(list(set(entry_ids))),))
        return {entry_id: ListEntry.from_dict(json.loads(data)) for entry_id, data in rows}

    def names(self, list_key: str | None = None,
              include_weak: bool = False) -> Iterator[ListedName]:
        """Every listed name (strong only unless asked), for the matcher's index."""
        cursor = self.conn.execute(
            "SELECT n.id, e.id, e.list_key, e.entry_ref, e.schema, n.name, n.strength,"
            " n.script, n.is_primary FROM names n JOIN entries e ON e.id = n.entry_id"
            " WHERE (? IS NULL OR e.list_key = ?) AND (? OR n.strength = 'strong')"
            " ORDER BY n.id", (list_key, list_key, int(include_weak)))
        for row in cursor:
            yield ListedName(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7],
                             bool(row[8]))

    def names_by_ids(self, name_ids: Iterable[int]) -> list[ListedName]:
        """The listed names with these row ids, in the order given (unknown ids left out)."""
        wanted = list(dict.fromkeys(name_ids))
        found = {row[0]: ListedName(row[0], row[1], row[2], row[3], row[4], row[5], row[6],
                                    row[7], bool(row[8])) for row in self.conn.execute(
            "SELECT n.id, e.id, e.list_key, e.entry_ref, e.schema, n.name, n.strength,"
            " n.script, n.is_primary FROM names n JOIN entries e ON e.id = n.entry_id"
            " WHERE n.id IN (SELECT value FROM json_each(?))", (json.dumps(wanted),))}
        return [found[nid] for nid in wanted if nid in found]


def _read_entries(info: ListInfo, entries: Iterable[ListEntry],
                  progress: Callable[[int], None] | None,
                  ) -> tuple[dict[str, tuple[ListEntry, str, str]], tuple[str, ...]]:
    """``entry_ref -> (entry, its JSON, its hash)``, every entry brought within the limits
    (``bounds``), and the warnings: the parser's, then the library's."""
    source = ", ".join(info.source_files)
    rows: dict[str, tuple[ListEntry, str, str]] = {}
    warnings = Warnings()
    for count, read in enumerate(entries):
        if progress is not None and count % 500 == 0:
            progress(count)
        entry, found = bound_entry(read, source)
        warnings.add(found)
        if entry is None:
            continue
        if entry.list_key != info.list_key:
            raise ListFormatError(f"{source}: entry {entry.entry_ref} is for list"
                                  f" {entry.list_key}, not {info.list_key}")
        if entry.entry_ref in rows:
            raise ListFormatError(f"{source}: entry {entry.entry_ref} appears twice")
        text = entry.to_json()
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:
            raise ListFormatError(f"{source}: entry {entry.entry_ref} holds a broken"
                                  " character (a lone UTF-16 surrogate)") from None
        rows[entry.entry_ref] = (entry, text, hashlib.sha256(data).hexdigest())
    if not rows:
        raise ListFormatError(f"{source}: the list has no entries; the file may be truncated")
    combined = Warnings()  # the parser's first: it read the whole file before any entry
    combined.add(info.warnings)
    combined.add(warnings.kept)
    combined.more += warnings.more
    return rows, combined.result()


def _open(path: Path, *, rekey: bool = True) -> Database:
    """Open (or create) a library file; refuse anything that is not one."""
    if path.exists():
        if path.is_dir():
            raise ListLibraryError(f"{path}: is a folder, not a list library")
        with path.open("rb") as handle:
            header = handle.read(16)
        if header and header != SQLITE_MAGIC:
            raise ListLibraryError(f"{path}: not an OSINT Desk list library (not SQLite)")
    elif not path.parent.exists():
        raise ListLibraryError(f"{path}: the folder {path.parent} does not exist")
    conn = sqlite3.connect(str(path), timeout=5, isolation_level=None)
    conn.execute("PRAGMA busy_timeout = 5000")
    conn.execute("PRAGMA foreign_keys = ON")
    db = Database(conn, execute_plugins=False)
    try:
        app_id, version = (conn.execute("PRAGMA application_id").fetchone()[0],
                           conn.execute("PRAGMA user_version").fetchone()[0])
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if app_id != APPLICATION_ID and (app_id or tables):
            raise ListLibraryError(f"{path}: a SQLite database, but not an OSINT Desk list"
                                   f" library (application id {app_id:#x})")
        if version > SCHEMA_VERSION:
            raise ListLibraryError(f"{path}: written by a newer OSINT Desk (library schema"
                                   f" {version}); update OSINT Desk to use it")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        MIGRATIONS.apply(db)
        if rekey:
            rekey_if_stale(conn)
    except sqlite3.DatabaseError as exc:
        db.close()
        raise ListLibraryError(f"{path}: the list library is damaged ({exc})") from None
    except BaseException:
        db.close()
        raise
    return db
