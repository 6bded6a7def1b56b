"""The navigator's models: sources, entity cards by type, relationships, sanctions, tags.

Each turns a page of store records into display rows once, when the page is fetched, and
names the kinds of change that concern it (``REFRESH_ON``): a card's rename changes the
labels of its relationships and sanctions entries; a tag can sit on any kind of record.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QMimeData, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QFont

from osint_desk.core.model import (
    ENTITY_TYPE_LABELS,
    ENTITY_TYPES,
    RELIABILITY,
    RecordKind,
    likelihood_words,
)
from osint_desk.core.safe_text import for_display
from osint_desk.core.store import CaseStore
from osint_desk.core.store.records import Entity, Relationship, Sanction, Source, Tag
from osint_desk.core.store.watch import watch_of
from osint_desk.ui.models.paged import (
    ID_ROLE,
    KEEP_AT_MOST,
    KIND_ROLE,
    PAGE_SIZE,
    ROOT,
    TAGGABLE_KINDS,
    AnyIndex,
    CardNames,
    IdPagedListModel,
    PagedListModel,
    Row,
    SessionFed,
    row_data,
    tooltip_html,
)
from osint_desk.ui.session import CaseSession

MAX_ALIASES_SHOWN = 6
#: Cards dragged from a list (the navigator, search) onto the link chart: a JSON array of ids.
CARD_MIME = "application/x-osint-desk-cards"
MAX_DRAGGED_CARDS = 500
WATCH_FLAG = "◉"  # before a source's title: "◉ 2 Wagner in Africa" (2 unseen watch hits)
MAX_FLAG_TERMS_SHOWN = 5
MAX_FLAG_HITS_READ = 200  # a flagged row's tooltip names the terms among this many hits


def cards_mime(card_ids: Sequence[str]) -> QMimeData:
    data = QMimeData()
    data.setData(CARD_MIME, json.dumps(list(card_ids)).encode())
    return data


def cards_from_mime(data: QMimeData) -> list[str]:
    """The card ids a drop carries ([] for anything else or anything malformed)."""
    if not data.hasFormat(CARD_MIME):
        return []
    try:
        ids = json.loads(bytes(data.data(CARD_MIME).data()).decode())
    except (ValueError, UnicodeDecodeError):
        return []
    if not isinstance(ids, list):
        return []
    return [i for i in ids[:MAX_DRAGGED_CARDS] if isinstance(i, str) and 0 < len(i) <= 64]


def _date_text(value: str | None, prefix: str) -> str:
    return f"{prefix} {value}" if value else ""


class SourcesModel(IdPagedListModel):
    """Sources by the store's order (newest publication first); tooltips carry the metadata.

    Sorting sources means reading every row of the widest table, so the order is read once
    per refresh (``sources.ids``) and pages are fetched by id. A source with hits of the
    case's watch terms nobody has looked at yet is flagged "◉ 2 …" (one query per refresh
    for the whole case; the terms for the tooltip only for flagged rows of a page)."""

    KIND = "source"
    REFRESH_ON = frozenset({RecordKind.SOURCE, RecordKind.WATCH})

    def __init__(self, session: CaseSession | None = None,
                 parent: QObject | None = None) -> None:
        self._flagged: dict[str, int] = {}  # source id -> unseen watch hits (whole case)
        self._flagged_shown = 0  # flagged sources among the filtered ids
        super().__init__(session, parent)

    def _read_ids(self, store: CaseStore) -> list[str]:
        ids = store.sources.ids(text_filter=self.text_filter)
        self._flagged = watch_of(store).flagged_sources()
        self._flagged_shown = (len(self._flagged.keys() & set(ids)) if self._flagged else 0)
        return ids

    def flagged_count(self) -> int:
        """Sources matching the filter with unseen watch hits (the header's "3 flagged")."""
        return self._flagged_shown if self.store is not None else 0

    def unseen_hits(self, source_id: str) -> int:
        return self._flagged.get(source_id, 0)

    def _rows_of(self, store: CaseStore, ids: list[str]) -> list[Row]:
        sources = store.sources.get_many(ids)
        # A part (a WARC's page, a mail's attachment) is named with the file it came in.
        parents = {p.id: p for p in store.sources.get_many(
            sorted({s.part_of for s in sources if s.part_of}))}
        watch = watch_of(store)
        rows = []
        for source in sources:
            unseen = self._flagged.get(source.id, 0)
            terms = (list(dict.fromkeys(h.term for h in watch.hits(
                source_id=source.id, unseen_only=True, limit=MAX_FLAG_HITS_READ)))
                if unseen else [])
            rows.append(self._row(source, parents.get(source.part_of or ""), unseen, terms))
        return rows

    @staticmethod
    def _row(source: Source, parent: Source | None = None, unseen: int = 0,
             terms: Sequence[str] = ()) -> Row:
        reliability = (f"Reliability {source.reliability} — {RELIABILITY[source.reliability]}"
                       if source.reliability in RELIABILITY else "Reliability not graded")
        title = source.title or "(untitled source)"
        shown = title
        inside = ""
        if parent is not None:
            inside = f"Found inside {parent.original_filename or parent.title}"
            shown = f"{title} — in {parent.original_filename or parent.title}"
        integrity = ""
        if source.integrity == "mismatch":
            shown = f"⚠ {shown}"
            integrity = "Its own digests do NOT match: changed since it was captured"
        flag = ""
        if unseen:
            shown = f"{WATCH_FLAG} {unseen} {shown}"
            named = ", ".join(terms[:MAX_FLAG_TERMS_SHOWN])
            if len(terms) > MAX_FLAG_TERMS_SHOWN:
                named += f" and {len(terms) - MAX_FLAG_TERMS_SHOWN} more"
            flag = (f"{unseen} new match{'es' * (unseen != 1)} of watch terms: {named}"
                    " (opening the source marks them seen)")
        return Row(source.id, shown, tooltip_html(
            title, flag, _date_text(source.published, "Published"), source.outlet or "",
            source.author or "", reliability, inside, integrity))


@dataclass(slots=True)
class _Group:
    """One entity type: its count for the filter and the cards fetched so far."""

    schema: str
    count: int
    rows: list[Row] = field(default_factory=list)


class EntitiesModel(SessionFed, QAbstractItemModel):
    """Entity cards grouped by type ("Person (7)"); a group's cards are fetched a page at a
    time when it is opened. A group index has internal id 0, a card its group's row + 1."""

    KIND = "entity"
    GROUP_KIND = "entity-type"  # KIND_ROLE of a group; its ID_ROLE is the FtM schema
    REFRESH_ON = frozenset({RecordKind.ENTITY})
    refreshed = Signal()  # after a reset has been announced to everyone: fetch freely now

    def __init__(self, session: CaseSession | None = None,
                 parent: QObject | None = None) -> None:
        QAbstractItemModel.__init__(self, parent)
        self._groups: list[_Group] = []
        self._bold = QFont()
        self._bold.setBold(True)
        self._init_feed(session)

    def total_count(self) -> int:
        return sum(group.count for group in self._groups)

    def _page(self, store: CaseStore, schema: str, offset: int, limit: int) -> list[Row]:
        found = store.entities.list(type=schema, text_filter=self.text_filter, offset=offset,
                                    limit=limit)
        return [_entity_row(entity) for entity in found]

    def _reload(self, *, keep_loaded: bool) -> None:
        loaded = {g.schema: len(g.rows) for g in self._groups} if keep_loaded else {}
        groups: list[_Group] = []
        if (store := self.store) is not None:
            counts = store.entities.count_by_type(text_filter=self.text_filter)
            order = {schema: number for number, schema in enumerate(ENTITY_TYPES)}
            groups = [_Group(schema, count) for schema, count in
                      sorted(counts.items(), key=lambda item: (order.get(item[0], 99), item[0]))
                      if count > 0]
            for group in groups:
                if loaded.get(group.schema):
                    want = min(max(PAGE_SIZE, loaded[group.schema]), KEEP_AT_MOST)
                    group.rows = self._page(store, group.schema, 0, want)
        with self._changing():
            self.beginResetModel()
            self._groups = groups
            self.endResetModel()
        self.refreshed.emit()

    def _group(self, index: AnyIndex) -> _Group | None:
        """The group an index is (None for a card or the root)."""
        if index.isValid() and index.internalId() == 0 and index.row() < len(self._groups):
            return self._groups[index.row()]
        return None

    def index(self, row: int, column: int = 0, parent: AnyIndex = ROOT) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        return self.createIndex(row, column, parent.row() + 1 if parent.isValid() else 0)

    def parent(self, child: AnyIndex | None = None) -> Any:
        if child is None:  # QObject.parent()
            return QObject.parent(self)
        if not child.isValid() or child.internalId() == 0:
            return QModelIndex()
        return self.createIndex(int(child.internalId()) - 1, 0, 0)

    def rowCount(self, parent: AnyIndex = ROOT) -> int:
        if not parent.isValid():
            return len(self._groups)
        group = self._group(parent)
        return len(group.rows) if group is not None and parent.column() == 0 else 0

    def columnCount(self, parent: AnyIndex = ROOT) -> int:
        return 1

    def hasChildren(self, parent: AnyIndex = ROOT) -> bool:
        if not parent.isValid():
            return bool(self._groups)
        group = self._group(parent)
        return group is not None and group.count > 0

    def canFetchMore(self, parent: AnyIndex) -> bool:
        group = self._group(parent)
        return group is not None and len(group.rows) < group.count

    def fetchMore(self, parent: AnyIndex) -> None:
        group, store = self._group(parent), self.store
        if group is None or store is None or self._busy or len(group.rows) >= group.count:
            return
        page = self._page(store, group.schema, len(group.rows), PAGE_SIZE)
        if not page:  # the store shrank since we counted; a refresh is on its way
            group.count = len(group.rows)
            return
        first = len(group.rows)
        with self._changing():
            self.beginInsertRows(self.index(parent.row(), 0), first, first + len(page) - 1)
            group.rows.extend(page)
            self.endInsertRows()

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        group = self._group(index)
        if group is not None:
            label = for_display(ENTITY_TYPE_LABELS.get(group.schema, group.schema))
            return {Qt.ItemDataRole.DisplayRole: f"{label} ({group.count})",
                    ID_ROLE: group.schema, KIND_ROLE: self.GROUP_KIND,
                    Qt.ItemDataRole.FontRole: self._bold}.get(role)
        number = int(index.internalId()) - 1 if index.isValid() else -1
        if not 0 <= number < len(self._groups) or index.row() >= len(self._groups[number].rows):
            return None
        return row_data(self._groups[number].rows[index.row()], role, self.KIND)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.internalId() != 0:  # a card: it can be dragged onto a chart
            flags |= Qt.ItemFlag.ItemNeverHasChildren | Qt.ItemFlag.ItemIsDragEnabled
        return flags

    def mimeTypes(self) -> list[str]:
        return [CARD_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        ids = [str(index.data(ID_ROLE)) for index in indexes
               if index.isValid() and index.internalId() != 0 and index.data(ID_ROLE)]
        return cards_mime(list(dict.fromkeys(ids)))

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction

    def group_index(self, schema: str) -> QModelIndex:
        numbers = [n for n, group in enumerate(self._groups) if group.schema == schema]
        return self.index(numbers[0], 0) if numbers else QModelIndex()

    def index_of(self, public_id: str) -> QModelIndex:
        """A card among the rows fetched so far (invalid when not loaded)."""
        for number, group in enumerate(self._groups):
            for row_number, row in enumerate(group.rows):
                if row.id == public_id:
                    return self.createIndex(row_number, 0, number + 1)
        return QModelIndex()

    def loaded_labels(self) -> list[str]:
        return [row.label for group in self._groups for row in group.rows]

    def contains_name(self, name: str) -> bool:
        """Whether a card of that name is among the rows fetched so far (labels are shown
        with visible marks, so the name is compared as shown)."""
        return for_display(name) in self.loaded_labels()


def _entity_row(entity: Entity) -> Row:
    names = [alias.name for alias in entity.aliases]
    aliases = ", ".join(names[:MAX_ALIASES_SHOWN])
    if len(names) > MAX_ALIASES_SHOWN:
        aliases += f" and {len(names) - MAX_ALIASES_SHOWN} more"
    return Row(entity.id, entity.name, tooltip_html(
        entity.name, ENTITY_TYPE_LABELS.get(entity.type, entity.type),
        f"Also known as {aliases}" if aliases else ""))


class RelationshipsModel(PagedListModel):
    """"Subject — predicate — Object", with the confidence in ICD 203 words as tooltip."""

    KIND = "relationship"
    REFRESH_ON = frozenset({RecordKind.RELATIONSHIP, RecordKind.ENTITY})

    def __init__(self, session: CaseSession | None = None,
                 parent: QObject | None = None) -> None:
        self._names = CardNames()
        super().__init__(session, parent)

    def _count(self, store: CaseStore) -> int:
        self._names.clear()  # a refresh follows: card names may have changed
        return store.relationships.count(text_filter=self.text_filter)

    def _page(self, store: CaseStore, offset: int, limit: int) -> list[Row]:
        found = store.relationships.list(text_filter=self.text_filter, offset=offset,
                                         limit=limit)
        names = self._names.lookup(store, [x for r in found for x in (r.subject_id, r.object_id)])
        return [self._row(rel, names) for rel in found]

    @staticmethod
    def _row(rel: Relationship, names: dict[str, str]) -> Row:
        label = f"{names[rel.subject_id]} — {rel.predicate} — {names[rel.object_id]}"
        confidence = (f"{likelihood_words(rel.confidence).capitalize()} ({rel.confidence} %)"
                      if rel.confidence is not None else "Confidence not assessed")
        span = " – ".join(filter(None, [rel.start, rel.end]))
        evidence = len(rel.evidence)
        return Row(rel.id, label, tooltip_html(
            label, confidence, _date_text(span, "When:"),
            f"{evidence} evidence excerpt{'s' * (evidence != 1)}" if evidence else ""))


class SanctionsModel(PagedListModel):
    """"Card name — AUTHORITY entry (programs)"; delisted entries in italics."""

    KIND = "sanction"
    REFRESH_ON = frozenset({RecordKind.SANCTION, RecordKind.ENTITY})

    def __init__(self, session: CaseSession | None = None,
                 parent: QObject | None = None) -> None:
        self._names = CardNames()
        super().__init__(session, parent)

    def _count(self, store: CaseStore) -> int:
        self._names.clear()
        return store.sanctions.count(text_filter=self.text_filter)

    def _page(self, store: CaseStore, offset: int, limit: int) -> list[Row]:
        found = store.sanctions.list(text_filter=self.text_filter, offset=offset, limit=limit)
        names = self._names.lookup(store, [record.entity_id for record in found])
        return [self._row(record, names[record.entity_id]) for record in found]

    @staticmethod
    def _row(record: Sanction, card: str) -> Row:
        entry = " ".join(filter(None, [record.authority, record.entry_ref]))
        programs = f" ({', '.join(record.programs)})" if record.programs else ""
        label = f"{card} — {entry}{programs}"
        status = record.status.capitalize()
        if record.delisted_on:
            status += f", delisted {record.delisted_on}"
        return Row(record.id, label, tooltip_html(
            label, f"Listed as {record.listed_name}" if record.listed_name else "",
            record.list_name, _date_text(record.listed_on, "Listed on"), status),
            muted=record.status == "delisted")


class TagsModel(PagedListModel):
    """"tag (count)". The id is the tag's name: that is how tags are looked up.

    The store lists tags whole (there are few), so a refresh takes the list once and the
    pages come from it.
    """

    KIND = "tag"
    REFRESH_ON = TAGGABLE_KINDS

    def __init__(self, session: CaseSession | None = None,
                 parent: QObject | None = None) -> None:
        self._tags: list[Tag] = []
        super().__init__(session, parent)

    def _count(self, store: CaseStore) -> int:
        self._tags = store.tags.list(text_filter=self.text_filter)
        return len(self._tags)

    def _page(self, store: CaseStore, offset: int, limit: int) -> list[Row]:
        return [Row(tag.name, f"{tag.name} ({tag.count})", tooltip_html(
                    tag.name, f"On {tag.count} record{'s' * (tag.count != 1)}"))
                for tag in self._tags[offset:offset + limit]]


class ChartsModel(PagedListModel):
    """The case's saved link charts by name (there are few: one query for all)."""

    KIND = "chart"
    REFRESH_ON = frozenset({RecordKind.CHART})

    def __init__(self, session: CaseSession | None = None,
                 parent: QObject | None = None) -> None:
        self._charts: list[tuple[str, str]] = []
        super().__init__(session, parent)

    def _count(self, store: CaseStore) -> int:
        wanted = self.text_filter.casefold()
        self._charts = [(chart_id, name) for chart_id, name in store.charts.list()
                        if wanted in name.casefold()]
        return len(self._charts)

    def _page(self, store: CaseStore, offset: int, limit: int) -> list[Row]:
        return [Row(chart_id, name, tooltip_html(name, "Link chart (double-click to open)"))
                for chart_id, name in self._charts[offset:offset + limit]]
