"""A clean copy of a refused case: its data, through our own schema, and nothing else.

A case refused on open (a planted trigger or view, a tampered built-in trigger) still holds
the analyst's work. Repair reads only the tables OSINT Desk defines, only the columns it
knows, from a connection that distrusts the file, with a time bound; writes them into a new
case made by our migrations (so our triggers check every excerpt against its source again);
rebuilds the search index from the records; and says what it left behind.
"""

from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from osint_desk import __version__
from osint_desk.core.dates import utc_now
from osint_desk.core.errors import NewerCaseFileError, NotACaseFileError, PassphraseNeededError
from osint_desk.core.ids import new_id
from osint_desk.core.store import audit_chain, drivers, encryption
from osint_desk.core.store.case_store import CaseStore
from osint_desk.core.store.connection import CaseConnection
from osint_desk.core.store.context import StoreContext
from osint_desk.core.store.hardening import bounded, read_catalogue_trusted_if_needed
from osint_desk.core.store.opening import check_header, connect, create_case_file
from osint_desk.core.store.relationships import reindex_relationship
from osint_desk.core.store.sanctions import reindex_sanction
from osint_desk.core.store.schema_check import schema_problems
from osint_desk.core.store.schema_version import APPLICATION_ID, SCHEMA_VERSION

#: Copied parents first, so that every reference points at a row already there.
TABLE_ORDER = (
    "case_meta", "blobs", "sources", "entities", "entity_aliases", "excerpts",
    "relationships", "sanctions", "mentions", "relationship_evidence", "sanction_evidence",
    "tags", "taggings", "audit_log", "screening_hits", "sanction_checks", "screening_runs",
    "charts", "suggestion_judgements", "merges", "card_judgements", "watch_terms", "watch_hits",
)
#: Rebuilt from the records instead of copied: an index is not evidence.
REBUILT = frozenset({"search_docs"})
#: Reading a large case takes seconds; a file built to stall the reader is stopped.
READ_SECONDS = 300.0
_BATCH = 500


@dataclass
class RepairReport:
    output: Path
    dropped: list[str] = field(default_factory=list)  # objects of the file left behind
    copied: dict[str, int] = field(default_factory=dict)  # rows per table
    refused: dict[str, list[str]] = field(default_factory=dict)  # table → why rows failed

    @property
    def refused_rows(self) -> int:
        return sum(len(reasons) for reasons in self.refused.values())


def _open_untrusted(path: Path, passphrase: str | None) -> sqlite3.Connection:
    try:
        return connect(path, read_only=True, passphrase=passphrase)
    except drivers.Error as exc:
        raise NotACaseFileError(f"{path}: cannot be opened ({exc})") from None


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA table_xinfo({table})")]


def repair_case(source: Path, output: Path, *, passphrase: str | None = None) -> RepairReport:
    """Write ``output``: a new case holding the data of ``source``; report what was left.

    An encrypted case needs its ``passphrase`` (or one the window shares); its clean copy is
    encrypted with the same one.
    """
    source, output = Path(source), Path(output)
    if encryption.looks_encrypted(source):
        passphrase = passphrase if passphrase is not None else encryption.shared_passphrase(
            source)
        if passphrase is None:
            raise PassphraseNeededError(f"{source}: this case is encrypted (or it is not an"
                                        " OSINT Desk case); it opens only with its passphrase")
    else:
        check_header(source)
        passphrase = None
    if output.resolve() == source.resolve():
        raise NotACaseFileError(f"{output}: repair writes a new file; choose another name")
    src = _open_untrusted(source, passphrase)
    try:
        with bounded(src, str(source), READ_SECONDS):
            read_catalogue_trusted_if_needed(src)
            app_id = src.execute("PRAGMA application_id").fetchone()[0]
            version = src.execute("PRAGMA user_version").fetchone()[0]
            if app_id != APPLICATION_ID or version < 1:
                raise NotACaseFileError(f"{source}: not an OSINT Desk case; nothing to repair")
            if version > SCHEMA_VERSION:
                raise NewerCaseFileError(
                    f"{source}: written by a newer OSINT Desk (case schema {version});"
                    " update OSINT Desk to repair it")
            report = RepairReport(output, dropped=schema_problems(src, version))
            kinds = {row[0]: row[1] for row in
                     src.execute("SELECT name, type FROM sqlite_master")}
            dst = create_case_file(output, passphrase)
            try:
                _copy(src, dst, kinds, report)
                _ensure_meta(dst, source, report)
                _rebuild_search(dst, source, report)
            except BaseException:
                dst.close()
                with contextlib.suppress(OSError):
                    output.unlink()
                raise
            dst.close()
    except drivers.DatabaseError as exc:
        raise NotACaseFileError(f"{source}: the case file is damaged ({exc})") from None
    finally:
        src.close()
    return report


def _copy(src: sqlite3.Connection, dst: CaseConnection, kinds: dict[str, str],
          report: RepairReport) -> None:
    """Table by table, batch by batch; a row our schema refuses is reported, not forced."""
    for table in TABLE_ORDER:
        if kinds.get(table) != "table":
            if table in kinds:
                report.dropped.append(f"{table!r} was a {kinds[table]}: its rows were not read")
            continue
        if table == "audit_log":
            _copy_audit(src, dst, report)
            continue
        wanted = _columns(dst.conn, table)
        have = set(_columns(src, table))
        columns = [c for c in wanted if c in have]
        lost = sorted(have - set(wanted))
        if lost:
            report.dropped.append(f"columns of {table!r} OSINT Desk does not know: "
                                  + ", ".join(lost))
        names = ", ".join(f'"{c}"' for c in columns)
        insert = f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(columns))})"
        cursor = src.execute(f"SELECT {names} FROM {table}")
        copied = 0
        while batch := cursor.fetchmany(_BATCH):
            with dst.atomic():
                for row in batch:
                    try:
                        with dst.atomic():  # a savepoint: one refused row, not the batch
                            dst.execute(insert, row)
                        copied += 1
                    except drivers.DatabaseError as exc:
                        report.refused.setdefault(table, []).append(f"row {row[0]}: {exc}")
        report.copied[table] = copied


def _copy_audit(src: sqlite3.Connection, dst: CaseConnection, report: RepairReport) -> None:
    """The log's entries as found, in their order, numbered from 1 and chained anew in the
    clean copy: the original's chain (or its absence) is the refused file's to show."""
    have = set(_columns(src, "audit_log"))
    missing = [c for c in audit_chain.COLUMNS if c not in have]
    if missing:
        report.dropped.append("the audit log lacks " + ", ".join(missing)
                              + ": its entries were not read")
        return
    names = ", ".join(f'"{c}"' for c in audit_chain.COLUMNS)
    cursor = src.execute(f"SELECT {names} FROM audit_log ORDER BY id")
    number, previous, copied = 0, audit_chain.GENESIS, 0
    while batch := cursor.fetchmany(_BATCH):
        with dst.atomic():
            for row in batch:
                values = (number + 1, *row[1:])
                digest = audit_chain.row_hash(previous, values)
                try:
                    with dst.atomic():
                        dst.execute(
                            f"INSERT INTO audit_log ({names}, prev_hash, row_hash)"
                            f" VALUES ({', '.join('?' * (len(values) + 2))})",
                            (*values, previous, digest))
                except drivers.DatabaseError as exc:
                    report.refused.setdefault("audit_log", []).append(f"row {row[0]}: {exc}")
                    continue
                number, previous, copied = number + 1, digest, copied + 1
    report.copied["audit_log"] = copied


def _ensure_meta(dst: CaseConnection, source: Path, report: RepairReport) -> None:
    """A case needs its one case_meta row; a file without a readable one gets a new one."""
    if dst.execute("SELECT count(*) FROM case_meta").fetchone()[0]:
        return
    now = utc_now()
    with dst.atomic():
        dst.execute(
            "INSERT INTO case_meta (id, case_id, title, created_at, updated_at, app_version)"
            " VALUES (1, ?, ?, ?, ?, ?)",
            (new_id(), f"Repaired copy of {source.name}", now, now, __version__))
    report.dropped.append("the case title and summary could not be read: a new title was set")


def _rebuild_search(db: CaseConnection, source: Path, report: RepairReport) -> None:
    """Index every record again through the store's own indexing code; log the repair."""
    ctx = StoreContext(db, "osint-desk repair", read_only=False)
    store = CaseStore(Path(":repair:"), ctx)
    with ctx.write():
        store.reindex_meta()
        ctx.audit("repair", "case_meta", store.meta().case_id, None,
                  {"from": source.name, "dropped": report.dropped[:100],
                   "refused_rows": report.refused_rows})
        for (rowid,) in ctx.conn.execute(
                "SELECT id FROM sources WHERE deleted_at IS NULL").fetchall():
            store.sources.reindex(rowid)
        for (rowid,) in ctx.conn.execute("SELECT id FROM excerpts").fetchall():
            store.excerpts.reindex(rowid)
        for (rowid,) in ctx.conn.execute("SELECT id FROM entities").fetchall():
            store.entities.reindex(rowid)
        for (rowid,) in ctx.conn.execute("SELECT id FROM relationships").fetchall():
            reindex_relationship(ctx, rowid)
        for (rowid,) in ctx.conn.execute("SELECT id FROM sanctions").fetchall():
            reindex_sanction(ctx, rowid)
