"""The navigator dock: every source, card, relationship, sanctions entry, tag and link chart
of the case. Cards can be dragged from it onto a chart.

One filter box narrows every section at once; the filtering is a store query per model (so
it also finds a card by an alias it does not show). Activating a row (Enter, double-click)
says which record the user wants; the main window decides how to show it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QDockWidget,
    QFrame,
    QLineEdit,
    QListView,
    QMenu,
    QToolBox,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from osint_desk.core.safe_text import for_display
from osint_desk.ui.deleting import Target, add_delete_action
from osint_desk.ui.models import (
    ID_ROLE,
    KIND_ROLE,
    EntitiesModel,
    PagedListModel,
    RelationshipsModel,
    SanctionsModel,
    SourcesModel,
    TagsModel,
)
from osint_desk.ui.models.navigator_models import ChartsModel
from osint_desk.ui.session import CaseSession

FILTER_DELAY_MS = 150


@dataclass(frozen=True, slots=True)
class Section:
    """One page of the tool box: a kind of record, its model and its view."""

    kind: str
    title: str
    model: PagedListModel | EntitiesModel
    view: _HintListView | _HintTreeView


class _EmptyHint:
    """Mixed into a view: a grey line of text where there are no rows, saying why."""

    hint = ""

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)  # type: ignore[misc]
        view = cast(QAbstractItemView, self)
        if not self.hint or view.model() is None or view.model().rowCount() > 0:
            return
        painter = QPainter(view.viewport())
        painter.setPen(view.palette().color(QPalette.ColorRole.PlaceholderText))
        painter.drawText(view.viewport().rect().adjusted(8, 8, -8, -8),
                         Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap, self.hint)
        painter.end()


class _HintListView(_EmptyHint, QListView):
    pass


class _HintTreeView(_EmptyHint, QTreeView):
    pass


def _prepare(view: QAbstractItemView, name: str) -> None:
    """What every section view shares: read-only, one row at a time, elided not scrolled."""
    view.setAccessibleName(name)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.setFrameShape(QFrame.Shape.NoFrame)
    view.setStyleSheet("QAbstractItemView::item { padding: 2px 1px; }")  # room to aim


class NavigatorDock(QDockWidget):
    """Lists of everything in the case, filtered by one box, each under a counted header."""

    # kind ("source", "entity", "relationship", "sanction", "tag", "chart"), public id (a
    # tag's name)
    activated = Signal(str, str)
    properties_requested = Signal(str)  # source id: its context menu's "Properties…"
    chart_delete_requested = Signal(str)  # chart id: its context menu's "Delete chart…"

    def __init__(self, session: CaseSession | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__("Navigator", parent)
        self.setObjectName("navigator")
        self.session: CaseSession | None = None
        self._collapsed: set[str] = set()  # entity types the user closed; kept across resets
        self._current: dict[str, str] = {}  # kind -> id of the current row, across resets

        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter…")
        self.filter_edit.setAccessibleName("Navigator filter")
        self.filter_edit.setToolTip("Show only records whose names, titles or aliases contain"
                                    " this text (Down: go to the list, Esc: clear)")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.installEventFilter(self)
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self.apply_filter)
        self.filter_edit.textChanged.connect(self._filter_timer.start)

        self.entities_model = EntitiesModel(None, self)
        tree = _HintTreeView()
        tree.setHeaderHidden(True)
        tree.setUniformRowHeights(True)
        tree.setExpandsOnDoubleClick(False)  # activation toggles a group, once
        tree.setIndentation(14)
        tree.setDragEnabled(True)  # cards onto a link chart
        tree.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        tree.collapsed.connect(lambda index: self._collapsed.add(index.data(ID_ROLE)))
        # QTreeView fetches more only for the group that ends the tree; the others load as
        # their last fetched card comes into view (scrolled to, or shown by a resize).
        tree.verticalScrollBar().valueChanged.connect(self._fetch_groups_in_view)
        tree.verticalScrollBar().rangeChanged.connect(self._fetch_groups_in_view)
        tree.expanded.connect(lambda index: self._collapsed.discard(index.data(ID_ROLE)))
        self.sections: list[Section] = [
            self._list_section("source", "Sources", SourcesModel(None, self)),
            Section("entity", "Entity cards", self.entities_model, tree),
            self._list_section("relationship", "Relationships", RelationshipsModel(None, self)),
            self._list_section("sanction", "Sanctions", SanctionsModel(None, self)),
            self._list_section("tag", "Tags", TagsModel(None, self)),
            self._list_section("chart", "Link charts", ChartsModel(None, self)),
        ]
        # "North Korea — supplied — Wagner Group": both cards matter, so a row too long for
        # the dock loses its middle ("North Korea — sup…Wagner Group"); the tooltip has it all.
        self.section("relationship").view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.toolbox = QToolBox()
        self.toolbox.setAccessibleName("Navigator sections")
        # Flat headers from the palette (light and dark alike); the open one in bold.
        self.toolbox.setStyleSheet(
            "QToolBox::tab { background: palette(button); border: 1px solid palette(mid);"
            " border-radius: 3px; padding: 3px 6px; }"
            " QToolBox::tab:selected { font-weight: bold; }")
        _prepare(tree, "Entity cards in the case")
        for section in self.sections:
            section.view.setModel(section.model)
            section.view.activated.connect(self._activate)
            section.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            section.view.customContextMenuRequested.connect(
                lambda point, s=section: self._show_menu(s, point))
            section.model.modelAboutToBeReset.connect(
                lambda s=section: self._remember_current(s))
            section.model.refreshed.connect(lambda s=section: self._after_refresh(s))
            self.toolbox.addItem(section.view, section.title)
        for button in self.toolbox.findChildren(QAbstractButton):
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # reachable without a mouse

        body = QWidget()
        body.setMinimumWidth(200)
        column = QVBoxLayout(body)
        column.setContentsMargins(6, 6, 6, 6)
        column.setSpacing(6)
        column.addWidget(self.filter_edit)
        column.addWidget(self.toolbox, 1)
        self.setWidget(body)
        self.toolbox.setCurrentIndex(1)  # the cards: where an investigation lives
        self.set_session(session)

    def _list_section(self, kind: str, title: str, model: PagedListModel) -> Section:
        view = _HintListView()
        view.setUniformItemSizes(True)
        _prepare(view, f"{title} in the case")
        return Section(kind, title, model, view)

    # -- the case -------------------------------------------------------------------------

    def set_session(self, session: CaseSession | None) -> None:
        """Show another case (or none); the filter starts empty."""
        self.session = session
        self._filter_timer.stop()
        self.filter_edit.blockSignals(True)
        self.filter_edit.clear()
        self.filter_edit.blockSignals(False)
        self.filter_edit.setEnabled(session is not None)
        self._collapsed.clear()
        self._current.clear()
        for section in self.sections:
            section.model.set_session(session)

    def apply_filter(self) -> None:
        """Filter every section by the box's text now (typing waits ~150 ms for a pause)."""
        self._filter_timer.stop()
        for section in self.sections:
            section.model.set_filter(self.filter_edit.text())
        current = self.sections[self.toolbox.currentIndex()]
        if current.model.total_count() == 0:  # show a section that has matches, if any
            for number, section in enumerate(self.sections):
                if section.model.total_count():
                    self.toolbox.setCurrentIndex(number)
                    break

    # -- reading the dock -----------------------------------------------------------------

    def section(self, kind: str) -> Section:
        return next(section for section in self.sections if section.kind == kind)

    def section_title(self, kind: str) -> str:
        """The header as shown, with its count: "Sources (1)"."""
        return self.toolbox.itemText(self.sections.index(self.section(kind)))

    def show_section(self, kind: str) -> QAbstractItemView:
        section = self.section(kind)
        self.toolbox.setCurrentIndex(self.sections.index(section))
        return section.view

    def entity_names_contain(self, name: str) -> bool:
        """Whether a card of that name is listed under Entity cards (among loaded rows)."""
        return self.entities_model.contains_name(name)

    # -- reacting -------------------------------------------------------------------------

    def _activate(self, index: QModelIndex) -> None:
        kind, public_id = index.data(KIND_ROLE), index.data(ID_ROLE)
        if kind == EntitiesModel.GROUP_KIND:
            tree = self.section("entity").view
            if isinstance(tree, QTreeView):
                tree.setExpanded(index, not tree.isExpanded(index))
        elif kind and public_id:
            self.activated.emit(kind, public_id)

    def delete_target(self) -> Target | None:
        """The current row of the open section, for Delete… (None for a type group)."""
        return self._target(self.sections[self.toolbox.currentIndex()].view.currentIndex())

    @staticmethod
    def _target(index: QModelIndex) -> Target | None:
        kind, public_id = index.data(KIND_ROLE), index.data(ID_ROLE)
        if not index.isValid() or kind in (EntitiesModel.GROUP_KIND, "chart") \
                or not public_id:
            return None  # a chart is deleted from its own menu entry, not Delete…
        return Target(str(kind), str(public_id))

    def context_menu(self, index: QModelIndex) -> QMenu | None:
        """Open and Delete… for the row ``index`` of a section (None off the rows)."""
        if index.isValid() and index.data(KIND_ROLE) == "chart":
            chart_id = str(index.data(ID_ROLE))
            menu = QMenu(self)
            menu.addAction("Open", lambda: self._activate(index))
            menu.addSeparator()
            menu.addAction("Delete chart…", lambda: self.chart_delete_requested.emit(chart_id))
            return menu
        target = self._target(index)
        if target is None:
            return None
        menu = QMenu(self)
        menu.addAction("Open", lambda: self._activate(index))
        if target.kind == "source":
            menu.addAction("Properties…", lambda: self.properties_requested.emit(target.id))
        menu.addSeparator()
        add_delete_action(menu, self.session, target, self)
        return menu

    def _show_menu(self, section: Section, point: QPoint) -> None:
        index = section.view.indexAt(point)
        menu = self.context_menu(index)
        if menu is not None:
            section.view.setCurrentIndex(index)
            menu.exec(section.view.viewport().mapToGlobal(point))
            menu.deleteLater()

    def _fetch_groups_in_view(self, *_args: object) -> None:
        """The next page of every open type whose last fetched card is on screen."""
        tree, model = self.section("entity").view, self.entities_model
        if not isinstance(tree, QTreeView):
            return
        height = tree.viewport().height()
        for row in range(model.rowCount()):
            group = model.index(row, 0)
            if not tree.isExpanded(group) or not model.canFetchMore(group):
                continue
            last = tree.visualRect(model.index(model.rowCount(group) - 1, 0, group))
            if last.isValid() and last.bottom() >= 0 and last.top() < height:
                model.fetchMore(group)

    def _remember_current(self, section: Section) -> None:
        current = section.view.currentIndex()
        if current.isValid() and current.data(KIND_ROLE) == section.kind:
            self._current[section.kind] = current.data(ID_ROLE)

    def _after_refresh(self, section: Section) -> None:
        """Counts in the header, groups open as the user left them, the current row kept."""
        number = self.sections.index(section)
        total = section.model.total_count()
        self.toolbox.setItemText(number, f"{section.title} ({total})"
                                 if self.session is not None else section.title)
        text = section.model.text_filter
        section.view.hint = (f"Nothing here matches “{for_display(text)}”." if text else
                             f"No {section.title.lower()} in this case yet."
                             if self.session is not None else "")
        if isinstance(section.view, QTreeView):
            model = self.entities_model
            for row in range(model.rowCount()):
                group = model.index(row, 0)
                if group.data(ID_ROLE) not in self._collapsed:
                    if model.rowCount(group) == 0:
                        model.fetchMore(group)  # now, not on the view's next layout
                    section.view.setExpanded(group, True)
        wanted = self._current.get(section.kind)
        found = section.model.index_of(wanted) if wanted else QModelIndex()
        if found.isValid():
            section.view.setCurrentIndex(found)
            section.view.scrollTo(found)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Keys in the filter box: Down or Enter goes to the list, Esc clears."""
        if watched is self.filter_edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key == Qt.Key.Key_Escape and self.filter_edit.text():
                self.filter_edit.clear()
                self.apply_filter()
                return True
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.apply_filter()
                self._focus_list()
                return True
        return super().eventFilter(watched, event)

    def _focus_list(self) -> None:
        view = self.sections[self.toolbox.currentIndex()].view
        view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if not view.currentIndex().isValid() and view.model().rowCount() > 0:
            view.setCurrentIndex(view.model().index(0, 0))
