"""Lazy Qt item models over the case store: a list base, and what trees share with it.

Rows arrive a page at a time (``canFetchMore``/``fetchMore``), so a case with a hundred
thousand records costs one page until the user scrolls. The text filter is a store query,
not a proxy over the rows already fetched, and a change announced by the session re-queries
only the models whose ``REFRESH_ON`` names its kind, once per burst of changes.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFont

from osint_desk.core.model import RecordKind
from osint_desk.core.safe_text import for_display
from osint_desk.core.store import CaseStore
from osint_desk.ui.session import CaseSession

ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the public id (a tag's name for tags)
KIND_ROLE = Qt.ItemDataRole.UserRole + 2  # "source", "entity", ... or "entity-type" for groups
PAGE_SIZE = 100
KEEP_AT_MOST = 10 * PAGE_SIZE  # rows a refresh reloads to keep the user's place
# Every kind a session announces that can change what records carry tags (not "case").
TAGGABLE_KINDS = frozenset({RecordKind.SOURCE, RecordKind.EXCERPT, RecordKind.ENTITY,
                            RecordKind.RELATIONSHIP, RecordKind.SANCTION, RecordKind.TAG})

AnyIndex = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()


@dataclass(frozen=True, slots=True)
class Row:
    """What a view needs of one record, computed once when its page is fetched.

    Label and tooltip come from the case, so they are made safe here, once for every model:
    controls and bidi overrides become visible marks (``core.safe_text``), never obeyed.
    """

    id: str
    label: str
    tooltip: str = ""
    muted: bool = False  # shown in italics (e.g. a delisted sanctions entry)

    def __post_init__(self) -> None:
        object.__setattr__(self, "label", for_display(self.label))
        object.__setattr__(self, "tooltip", for_display(self.tooltip))


def _escape(text: str) -> str:
    """``html.escape``: the html module's import (its entity table) cost a start ~3 ms."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#x27;"))


def tooltip_html(title: str, *lines: str) -> str:
    """A rich tooltip from untrusted text: escaped (so a title cannot inject markup or load
    an image) and wrapped by Qt instead of drawn as one very wide line."""
    body = "".join(f"<br>{_escape(line)}" for line in lines if line)
    return f"<qt><b>{_escape(title)}</b>{body}</qt>"


class SessionFed:
    """What list and tree models over the store share: the session, the text filter and
    coalesced refreshes.

    Mixed into a QAbstractItemModel subclass, which calls :meth:`_init_feed` last.
    """

    KIND: ClassVar[str] = ""  # what KIND_ROLE says of a record row
    REFRESH_ON: ClassVar[frozenset[RecordKind]] = frozenset()
    session: CaseSession | None
    text_filter: str

    def _init_feed(self, session: CaseSession | None) -> None:
        self.session = None
        self.text_filter = ""
        self._busy = False
        # A composite command announces several changes in a row: refresh once after them.
        self._refresh_timer = QTimer(self)  # type: ignore[arg-type]
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(0)
        self._refresh_timer.timeout.connect(self.refresh)
        self.set_session(session)

    @property
    def store(self) -> CaseStore | None:
        return self.session.store if self.session is not None else None

    def set_session(self, session: CaseSession | None) -> None:
        """Read another case (or none: the model empties)."""
        if self.session is not None:
            self.session.changed.disconnect(self._on_changed)
            self.session.reloaded.disconnect(self._refresh_timer.start)
        self.session = session
        self.text_filter = ""
        if session is not None:
            session.changed.connect(self._on_changed)
            session.reloaded.connect(self._refresh_timer.start)
        self._refresh_timer.stop()
        self._reload(keep_loaded=False)

    def set_filter(self, text: str) -> None:
        """Re-query the store with ``text`` (matched in SQL) and start from the first page."""
        text = text.strip()
        if text == self.text_filter:
            return
        self.text_filter = text
        self._refresh_timer.stop()
        self._reload(keep_loaded=False)

    def refresh(self) -> None:
        """Re-query now, keeping as many rows loaded as before so the view keeps its place."""
        self._refresh_timer.stop()
        self._reload(keep_loaded=True)

    def refresh_pending(self) -> bool:
        return self._refresh_timer.isActive()

    def _on_changed(self, kind: RecordKind, _public_id: str) -> None:
        if kind in self.REFRESH_ON:
            self._refresh_timer.start()

    @contextlib.contextmanager
    def _changing(self) -> Iterator[None]:
        """Around begin…/end… of a reset or an insert: fetching waits until it is over.

        Listeners of the change signals (Qt's model tester, proxies) may ask for more rows
        while others have not yet heard of the change; inserting then would nest or
        interleave two changes. They can ask again: views do, on their next layout.
        """
        self._busy = True
        try:
            yield
        finally:
            self._busy = False

    def _reload(self, *, keep_loaded: bool) -> None:
        raise NotImplementedError

    def total_count(self) -> int:
        """Records matching the filter in the store (not only the rows fetched so far)."""
        raise NotImplementedError


class CardNames:
    """Names of the cards a page refers to (relationship ends, sanctioned cards), looked up
    once per card until cleared; clear it on every refresh, as names change."""

    def __init__(self) -> None:
        self._names: dict[str, str] = {}

    def clear(self) -> None:
        self._names.clear()

    def lookup(self, store: CaseStore, ids: Iterable[str]) -> dict[str, str]:
        missing = set(ids) - self._names.keys()
        if missing:
            self._names.update(store.entities.names(missing))
        return self._names


def row_data(row: Row, role: int, kind: str) -> Any:
    """``data()`` of a :class:`Row` for the roles views and delegates ask."""
    if role == Qt.ItemDataRole.DisplayRole:
        return row.label
    if role == Qt.ItemDataRole.ToolTipRole:
        return row.tooltip or None
    if role == ID_ROLE:
        return row.id
    if role == KIND_ROLE:
        return kind
    if role == Qt.ItemDataRole.FontRole and row.muted:
        font = QFont()
        font.setItalic(True)
        return font
    return None


class PagedListModel(SessionFed, QAbstractListModel):
    """A flat list of store records. Subclasses say how to count and fetch a page."""

    refreshed = Signal()  # after a reset has been announced to everyone: fetch freely now

    def __init__(self, session: CaseSession | None = None,
                 parent: QObject | None = None) -> None:
        QAbstractListModel.__init__(self, parent)
        self._rows: list[Row] = []
        self._total = 0
        self._init_feed(session)

    # -- what subclasses provide ----------------------------------------------------------

    def _count(self, store: CaseStore) -> int:
        raise NotImplementedError

    def _page(self, store: CaseStore, offset: int, limit: int) -> list[Row]:
        raise NotImplementedError

    # -- paging ---------------------------------------------------------------------------

    def total_count(self) -> int:
        return self._total

    def _reload(self, *, keep_loaded: bool) -> None:
        want = min(max(PAGE_SIZE, len(self._rows)), KEEP_AT_MOST) if keep_loaded else PAGE_SIZE
        store = self.store
        total = self._count(store) if store is not None else 0
        rows = self._page(store, 0, want) if store is not None and total else []
        with self._changing():  # queries done first: a store error leaves the model whole
            self.beginResetModel()
            self._rows, self._total = rows, total
            self.endResetModel()
        self.refreshed.emit()

    def rowCount(self, parent: AnyIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def canFetchMore(self, parent: AnyIndex) -> bool:
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: AnyIndex) -> None:
        store = self.store
        if store is None or self._busy or not self.canFetchMore(parent):
            return
        page = self._page(store, len(self._rows), PAGE_SIZE)
        if not page:  # the store shrank since we counted; a refresh is on its way
            self._total = len(self._rows)
            return
        first = len(self._rows)
        with self._changing():
            self.beginInsertRows(ROOT, first, first + len(page) - 1)
            self._rows.extend(page)
            self.endInsertRows()

    # -- reading --------------------------------------------------------------------------

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        return row_data(self._rows[index.row()], role, self.KIND)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemNeverHasChildren)

    def index_of(self, public_id: str) -> QModelIndex:
        """The row of a record among those fetched so far (invalid when not loaded)."""
        for number, row in enumerate(self._rows):
            if row.id == public_id:
                return self.index(number, 0)
        return QModelIndex()


class IdPagedListModel(PagedListModel):
    """A list whose order is read once per refresh as ids (one narrow query), whose pages
    are then fetched by id: the thousandth page costs what the first does, where an
    ``OFFSET`` query re-sorts the whole list for every page. Subclasses give the ids and
    turn records fetched by id into rows."""

    def __init__(self, session: CaseSession | None = None,
                 parent: QObject | None = None) -> None:
        self._ids: list[str] = []
        self._taken = 0  # ids read so far (one deleted since the refresh gives no row)
        super().__init__(session, parent)

    def _read_ids(self, store: CaseStore) -> list[str]:
        raise NotImplementedError

    def _rows_of(self, store: CaseStore, ids: list[str]) -> list[Row]:
        raise NotImplementedError

    def _count(self, store: CaseStore) -> int:
        self._ids = self._read_ids(store)
        return len(self._ids)

    def _page(self, store: CaseStore, offset: int, limit: int) -> list[Row]:
        start = 0 if offset == 0 else self._taken  # the base asks from 0, or for the next
        self._taken = start + limit
        return self._rows_of(store, self._ids[start:start + limit])
