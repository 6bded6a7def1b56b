"""CaseStore: the one door to a case file. Repositories per kind hang off it."""

from __future__ import annotations

import contextlib
import functools
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from osint_desk import __version__
from osint_desk.core.dates import parse_optional
from osint_desk.core.errors import ValidationError
from osint_desk.core.ids import new_id
from osint_desk.core.paths import analyst_name
from osint_desk.core.store import encryption
from osint_desk.core.store import search as search_index
from osint_desk.core.store.context import StoreContext, row_dict
from osint_desk.core.store.entities import Entities
from osint_desk.core.store.excerpts import Excerpts
from osint_desk.core.store.opening import create_case_file, open_case_file
from osint_desk.core.store.records import (
    CaseCounts,
    CaseMeta,
    EntityDossier,
    RelationshipView,
    SearchHit,
)
from osint_desk.core.store.relationships import Relationships
from osint_desk.core.store.sanctions import Sanctions
from osint_desk.core.store.sources import Sources
from osint_desk.core.store.tags import Tags

META_FIELDS = ("title", "summary", "author", "marking", "findings", "report_date")


if TYPE_CHECKING:
    from osint_desk.core.store.audit_view import AuditLine
    from osint_desk.core.store.charts import Charts
    from osint_desk.core.store.graph_data import GraphData
    from osint_desk.core.store.judgements import Judgements
    from osint_desk.core.store.merges import Merges
    from osint_desk.core.store.screening_results import ScreeningResults
    from osint_desk.core.store.watch import Watch


class CaseStore:
    """An open case. Every public operation is one transaction and one audit entry (or more).

    Create with :meth:`create` or :meth:`open`; close with :meth:`close` or a ``with`` block.
    """

    def __init__(self, path: Path, ctx: StoreContext, backup: Path | None = None) -> None:
        self.path = path
        self._ctx = ctx
        self.backup_path = backup
        self._shares_passphrase = False
        self.sources = Sources(ctx)
        self.excerpts = Excerpts(ctx)
        self.entities = Entities(ctx)
        self.relationships = Relationships(ctx)
        self.sanctions = Sanctions(ctx)
        self.tags = Tags(ctx)

    # -- lifecycle ------------------------------------------------------------------------

    @classmethod
    def create(
        cls, path: str | Path, title: str, *, summary: str = "", author: str = "",
        marking: str = "", actor: str | None = None, passphrase: str | None = None,
    ) -> CaseStore:
        """A new case; with a ``passphrase``, encrypted (SQLCipher; never stored)."""
        if not title.strip():
            raise ValidationError("a case needs a title")
        path = Path(path)
        db = create_case_file(path, passphrase)
        ctx = StoreContext(db, actor or analyst_name(), read_only=False)
        now = ctx.now()
        values: dict[str, Any] = {"id": 1, "case_id": new_id(), "title": " ".join(title.split()),
                  "summary": summary, "author": author, "marking": marking, "created_at": now,
                  "updated_at": now, "app_version": __version__}
        with ctx.write():
            ctx.insert("case_meta", values)
            store = cls(path, ctx)
            store.reindex_meta()
            ctx.audit("create", "case_meta", values["case_id"], None, values)
        return store

    @classmethod
    def open(cls, path: str | Path, *, read_only: bool = False, actor: str | None = None,
             passphrase: str | None = None, share_passphrase: bool = False) -> CaseStore:
        """Open a case; an encrypted one needs its ``passphrase`` (ignored for a plain one).

        ``share_passphrase``: other opens of this file in this process without a passphrase
        (the window's background jobs) use this one until this store is closed; it is held
        in memory only.
        """
        path = Path(path)
        db, backup = open_case_file(path, read_only=read_only, passphrase=passphrase)
        read_only = read_only or db.read_only_reason is not None
        store = cls(path, StoreContext(db, actor or analyst_name(), read_only), backup)
        if share_passphrase and passphrase is not None and store.encrypted:
            encryption.share_passphrase(path, passphrase)
            store._shares_passphrase = True
        return store

    def close(self) -> None:
        if self._shares_passphrase:
            encryption.forget_passphrase(self.path)
            self._shares_passphrase = False
        self._ctx.db.close()

    @property
    def encrypted(self) -> bool:
        """Whether the case file is encrypted (SQLCipher)."""
        return encryption.is_cipher_connection(self._ctx.conn)

    def __enter__(self) -> CaseStore:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    @property
    def read_only(self) -> bool:
        return self._ctx.read_only

    @property
    def read_only_reason(self) -> str | None:
        """Why a case asked for writing was opened read-only (read-only media), or None."""
        return self._ctx.db.read_only_reason

    @property
    def actor(self) -> str:
        return self._ctx.actor

    # Parts the window does not need to show a case are loaded on first use: opening a case
    # must not import regex, the gazetteer or the chart code, and each module not imported
    # is CPU a start does not spend (tests/core/test_case_file.py, the launch benchmark).
    @functools.cached_property
    def graph(self) -> GraphData:
        """The network of cards for the link chart and the report."""
        from osint_desk.core.store.graph_data import GraphData

        return GraphData(self._ctx)

    @functools.cached_property
    def charts(self) -> Charts:
        """Saved link charts."""
        from osint_desk.core.store.charts import Charts

        return Charts(self._ctx)

    @functools.cached_property
    def screening(self) -> ScreeningResults:
        """Screening runs, their hits and the analyst's decisions."""
        from osint_desk.core.store.screening_results import ScreeningResults

        return ScreeningResults(self._ctx, self.sanctions)

    @functools.cached_property
    def merges(self) -> Merges:
        """Reversible merges of cards and pair judgements."""
        from osint_desk.core.store.merges import Merges

        return Merges(self._ctx)

    @functools.cached_property
    def watch(self) -> Watch:
        """Watch terms and what matched them."""
        from osint_desk.core.store.watch import Watch

        return Watch(self._ctx)

    @functools.cached_property
    def judgements(self) -> Judgements:
        """What the analyst judged of suggestions."""
        from osint_desk.core.store.judgements import Judgements

        return Judgements(self._ctx, self.excerpts, self.entities)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Group several operations into one atomic change (nested ones become savepoints)."""
        with self._ctx.write():
            yield

    def data_version(self) -> int:
        """Changes when another connection (another process) commits to the file."""
        return int(self._ctx.scalar("PRAGMA data_version"))

    # -- the case itself ------------------------------------------------------------------

    def meta(self) -> CaseMeta:
        row = self._ctx.one("SELECT * FROM case_meta WHERE id = 1")
        assert row is not None
        return CaseMeta(row["case_id"], row["title"], row["summary"], row["author"],
                        row["marking"], row["created_at"], row["updated_at"],
                        row["app_version"], row["findings"], row["report_date"])

    def update_meta(self, **changes: str) -> CaseMeta:
        unknown = set(changes) - set(META_FIELDS)
        if unknown:
            raise ValidationError(f"cannot change {', '.join(sorted(unknown))} of a case")
        if "title" in changes and not changes["title"].strip():
            raise ValidationError("a case needs a title")
        ctx = self._ctx
        with ctx.write():
            before = row_dict(ctx.one("SELECT * FROM case_meta WHERE id = 1"))
            values: dict[str, Any] = {k: (v or "") for k, v in changes.items()}
            if "report_date" in values:
                date = parse_optional(values["report_date"])
                values["report_date"] = date.value if date else None
            values["updated_at"] = ctx.now()
            ctx.update("case_meta", 1, values)
            self.reindex_meta()
            ctx.audit("update", "case_meta", before["case_id"], {k: before[k] for k in values},
                      values)
        return self.meta()

    def reindex_meta(self) -> None:
        meta = self.meta()
        search_index.index(self._ctx, "case", 1, meta.case_id, label=meta.title,
                           title=meta.title, body="\n\n".join(filter(None, [meta.summary,
                                                                            meta.findings])))

    def counts(self) -> CaseCounts:
        return CaseCounts(
            sources=self.sources.count(), excerpts=self.excerpts.count(),
            entities=self.entities.count(), relationships=self.relationships.count(),
            sanctions=self.sanctions.count(), tags=len(self.tags.list()),
        )

    # -- across kinds ---------------------------------------------------------------------

    def search(self, query: str, *, kinds: tuple[str, ...] | None = None,
               limit: int = 50) -> list[SearchHit]:
        """Ranked hits across sources, excerpts, cards, relationships and sanctions."""
        if kinds:
            unknown = set(kinds) - set(search_index.KINDS)
            if unknown:
                raise ValidationError(f"unknown kind {', '.join(sorted(unknown))}; use"
                                      f" {', '.join(search_index.KINDS)}")
        return search_index.search(self._ctx, query, kinds=kinds, limit=limit)

    def dossier(self, entity_id: str, *, mentions: bool = True) -> EntityDossier:
        """Everything about one card: excerpts, relationships both ways, sanctions, sources.

        ``mentions=False`` leaves out the excerpts and their sources (a card can have
        thousands): for a view that pages them (``excerpts.ids_of_entity``, then
        ``excerpts.get_many`` and ``sources.get_many`` a page at a time).
        """
        entity = self.entities.get(entity_id)
        relationships = self.relationships.of_entity(entity_id)
        others = self.entities.get_many(
            rel.object_id if rel.subject_id == entity_id else rel.subject_id
            for rel in relationships)
        views = []
        for rel in relationships:
            outgoing = rel.subject_id == entity_id
            other = others[rel.object_id if outgoing else rel.subject_id]
            views.append(RelationshipView(rel, "outgoing" if outgoing else "incoming", other))
        return EntityDossier(
            entity=entity,
            excerpts=tuple(self.excerpts.of_entity(entity_id)) if mentions else (),
            relationships=tuple(views),
            sanctions=tuple(self.sanctions.of_entity(entity_id)),
            sources=tuple(self.sources.of_entity(entity_id)) if mentions else (),
            tags=tuple(self.tags.of("entity", entity_id)),
        )

    def audit_entries(self, *, record_id: str | None = None,
                      limit: int = 100) -> list[dict[str, Any]]:
        """The newest audit rows, optionally for one record."""
        where, params = ("WHERE record_id = ?", [record_id]) if record_id else ("", [])
        rows = self._ctx.all(f"SELECT * FROM audit_log {where} ORDER BY id DESC LIMIT ?",
                             [*params, limit])
        return [row_dict(row) for row in rows]

    def audit_actors(self) -> set[str]:
        """Everyone the audit log names as having changed the case."""
        return {str(row[0]) for row in self._ctx.all("SELECT DISTINCT actor FROM audit_log")}

    def audit_lines(self, *, limit: int = 100) -> list[AuditLine]:
        """The newest audit rows in words: record names, changed fields with old and new."""
        from osint_desk.core.store.audit_view import describe

        return describe(self._ctx, self.audit_entries(limit=limit))

    def dump(self, *, timestamps: bool = False, live: bool = False) -> dict[str, Any]:
        """Every record by public id (see :func:`dump_case`)."""
        from osint_desk.core.store.dump import dump_case

        return dump_case(self._ctx, timestamps=timestamps, live=live)

    def integrity_check(self) -> str:
        return str(self._ctx.scalar("PRAGMA integrity_check"))

    def backup_to(self, target: str | Path, *, plain: bool = False) -> None:
        """A consistent copy of the case (SQLite's backup API, safe with WAL); the copy of
        an encrypted case is encrypted with the same passphrase unless ``plain``.

        Not inside this store's own write transaction: SQLite would answer "locked" and the
        backup would retry for ever."""
        if self._ctx.conn.in_transaction:
            raise ValidationError("finish the change in progress before copying the case")
        if self.encrypted:
            encryption.copy_with_same_key(self._ctx.conn, Path(target), plain=plain)
            return
        with contextlib.closing(sqlite3.connect(str(target))) as conn:
            self._ctx.conn.backup(conn)
