"""The list library: one SQLite file, shared by all cases, holding the imported lists.

An import parses the whole publication first (any error: nothing is written), then replaces
the list's rows in ONE transaction, so a reader sees the old publication or the new one,
never a mix. Unchanged entries keep their rows (and row ids), so indexes built over names
only need to follow what was added, removed or changed.

An update that would lose much of a list, comes from another file set or is older than the
held publication is refused (``library_update``) unless the caller confirms it; the replaced
publication is archived (``library_archive``), so ``restore_previous`` undoes an update.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from osint_desk.core.dates import PartialDate, utc_now
from osint_desk.core.errors import NotFoundError
from osint_desk.core.paths import user_data_dir
from osint_desk.core.sanctions import formats
from osint_desk.core.sanctions.entries import Identifier, ListEntry, ListInfo
from osint_desk.core.sanctions.library_archive import (
    archive_current,
    forget_archive,
    load_archive,
)
from osint_desk.core.sanctions.library_identifiers import (
    identifier_hits,
    identifier_rows,
    insert_identifiers,
)
from osint_desk.core.sanctions.library_io import (
    SQLITE_MAGIC,
    ListLibraryError,
    Rows,
    coming_publication,
    held_list,
    held_publication,
    open_library,
    read_entries,
)
from osint_desk.core.sanctions.library_keys import (
    KeyIndexMixin,
    add_keys_after,
    drop_orphan_keys,
    max_name_id,
    rebuild_key_df,
    recount_screened_names,
)
from osint_desk.core.sanctions.library_update import ListUpdateRefused, check_update

__all__ = ["SQLITE_MAGIC", "ImportReport", "ListLibrary", "ListLibraryError",
           "ListSummary", "ListUpdateRefused", "ListedName", "default_path"]

LIBRARY_FILE = "lists.sqlite"


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
    #: Whether the publication this one replaced is kept (``restore_previous``), and its date.
    has_previous: bool = False
    previous_published: str | None = None


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
        self.db = open_library(self.path, rekey=rekey)
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
                     progress: Callable[[int], None] | None = None, *,
                     replace: bool = False) -> ImportReport:
        """Parse the files (detected or named format) and replace that list atomically;
        ``replace`` confirms an update ``ListUpdateRefused`` would refuse."""
        files = formats.expand([Path(p) for p in paths])
        name = format or formats.detect(files)
        info, entries = formats.parse(files, name)
        return self.import_entries(info, entries, published=published, progress=progress,
                                   replace=replace, format=name)

    def import_entries(self, info: ListInfo, entries: Iterable[ListEntry],
                       published: str | None = None,
                       progress: Callable[[int], None] | None = None, *,
                       replace: bool = False, format: str | None = None) -> ImportReport:
        """Replace ``info.list_key`` with these entries; the file's own date wins over
        ``published``, which fills in for formats that carry none.

        An update that loses much, comes from another file set or format (``format``: the
        parser's name, recorded) or is older is refused unless ``replace``; the identical
        publication again changes nothing (a date it lacks is kept). The replaced
        publication is archived. ``progress`` gets the number of entries read so far (every
        500); an exception it raises (a GUI's Cancel) ends the import with nothing written.
        """
        user_date = PartialDate.parse(published).value if published else None
        rows, warnings = read_entries(info, entries, progress)
        date = info.published or user_date
        with self._transaction():
            held = held_list(self.conn, info.list_key)
            if held is not None and held[0]["file_sha256"] == info.file_sha256:
                date = date or held[0]["published"]  # the same publication: nothing is lost
                format = format or held[0]["format"]
            elif held is not None:
                if not replace:
                    check_update(info.list_key,
                                 held_publication(self.conn, info.list_key, *held, rows),
                                 coming_publication(info, date, format, rows, held[1]))
                archive_current(self.conn, info.list_key, utc_now())
            row = {"authority": info.authority, "list_name": info.list_name, "published": date,
                   "file_sha256": info.file_sha256, "imported_at": utc_now(),
                   "source_files": json.dumps(list(info.source_files)), "format": format}
            added, removed, changed = self._replace(info.list_key, row, rows)
        return ImportReport(info.list_key, added, removed, changed, len(rows), date,
                            info.file_sha256, info.authority, info.list_name, warnings)

    def restore_previous(self, list_key: str) -> ImportReport:
        """Put back the publication the last update replaced; the one replaced now takes
        its place in the archive, so restoring twice redoes the update."""
        with self._transaction():
            archived = load_archive(self.conn, list_key)
            if archived is None:
                raise NotFoundError(f"{list_key}: no previous publication is kept for this"
                                    " list; see `osint-desk lists show`")
            archive_current(self.conn, list_key, utc_now())
            row = dict(archived.row)
            added, removed, changed = self._replace(list_key, row, archived.rows)
        return ImportReport(list_key, added, removed, changed, len(archived.rows),
                            row["published"], row["file_sha256"], row["authority"],
                            row["list_name"])

    def _replace(self, list_key: str, row: dict[str, Any], rows: Rows) -> tuple[int, int, int]:
        """Write ``row`` as the list's row and make its entries ``rows``, keeping the rows
        of unchanged entries; (added, removed, changed)."""
        old = {ref: (row_id, digest) for row_id, ref, digest in self.conn.execute(
            "SELECT id, entry_ref, content_sha256 FROM entries WHERE list_key = ?",
            (list_key,))}
        self.conn.execute(
            "INSERT INTO lists (list_key, authority, list_name, published, file_sha256,"
            " imported_at, entry_count, source_files, format)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (list_key) DO UPDATE SET authority = excluded.authority,"
            " list_name = excluded.list_name, published = excluded.published,"
            " file_sha256 = excluded.file_sha256, imported_at = excluded.imported_at,"
            " entry_count = excluded.entry_count, source_files = excluded.source_files,"
            " format = excluded.format",
            (list_key, row["authority"], row["list_name"], row["published"],
             row["file_sha256"], row["imported_at"], len(rows), row["source_files"],
             row["format"]))
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
        return len(added), len(removed), len(changed)

    def _insert(self, items: list[tuple[ListEntry, str, str]]) -> None:
        names: list[tuple[int, str, str, str | None, int]] = []
        identifiers: list[tuple[str, int, str]] = []
        for entry, text, digest in items:
            cursor = self.conn.execute(
                "INSERT INTO entries (list_key, entry_ref, schema, name, content_sha256, data,"
                " target) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (entry.list_key, entry.entry_ref, entry.schema, entry.name, digest, text,
                 int(entry.target)))
            entry_id = int(cursor.lastrowid or 0)
            names += [(entry_id, name, strength, script, int(primary))
                      for name, strength, script, primary in entry.all_names()]
            identifiers += identifier_rows(entry_id, entry.identifiers)
        self.conn.executemany(
            "INSERT INTO names (entry_id, name, strength, script, is_primary)"
            " VALUES (?, ?, ?, ?, ?)", names)
        insert_identifiers(self.conn, identifiers)

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
        """Forget a list, all its entries and its previous publication."""
        with self._transaction():
            cursor = self.conn.execute("DELETE FROM lists WHERE list_key = ?", (list_key,))
            if cursor.rowcount == 0:
                raise NotFoundError(f"no list {list_key!r} in the library; see"
                                    " `osint-desk lists show`")
            forget_archive(self.conn, list_key)
            drop_orphan_keys(self.conn)
            rebuild_key_df(self.conn)
            recount_screened_names(self.conn)

    # -- reading --------------------------------------------------------------------------

    def lists(self) -> list[ListSummary]:
        rows = self.conn.execute(
            "SELECT l.authority, l.list_key, l.list_name, l.published, l.file_sha256,"
            " l.source_files, l.imported_at, l.entry_count,"
            " (SELECT count(*) FROM names n JOIN entries e ON e.id = n.entry_id"
            "  WHERE e.list_key = l.list_key),"
            " a.list_key IS NOT NULL, json_extract(a.list_row, '$.published')"
            " FROM lists l LEFT JOIN list_archive a ON a.list_key = l.list_key"
            " ORDER BY l.authority, l.list_key").fetchall()
        return [ListSummary(ListInfo(r[0], r[1], r[2], r[3], r[4], tuple(json.loads(r[5]))),
                            r[6], r[7], r[8], bool(r[9]), r[10]) for r in rows]

    def entries_by_identifier(self, text: str) -> list[tuple[int, ListEntry, Identifier]]:
        """``(entry id, entry, the identifier)`` of every entry holding ``text`` as an
        identifier (a wallet address, an IMO or passport number), written with or without
        spaces, dashes and dots (``library_identifiers`` says when case matters). Context
        entries are included: ``entry.target`` tells them apart."""
        return identifier_hits(self.conn, self.entries_by_ids, text)

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

    def names(self, list_key: str | None = None, include_weak: bool = False,
              include_context: bool = False) -> Iterator[ListedName]:
        """Every listed name (strong only, of listed entries only, unless asked), for the
        matcher's index: context entries (``target`` False) are not screened."""
        cursor = self.conn.execute(
            "SELECT n.id, e.id, e.list_key, e.entry_ref, e.schema, n.name, n.strength,"
            " n.script, n.is_primary FROM names n JOIN entries e ON e.id = n.entry_id"
            " WHERE (? IS NULL OR e.list_key = ?) AND (? OR n.strength = 'strong')"
            " AND (? OR e.target = 1) ORDER BY n.id",
            (list_key, list_key, int(include_weak), int(include_context)))
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

