"""An entity card as a centre tab: everything the case knows about one card, editable.

The view reads one dossier from the store (``store.dossier``) and shows it in sections; the
excerpts that mention the card and their sources, which can number thousands, are lazy lists
(``ui.models.card_models``) fed with their ids. Each change is an undoable command from
``operations.edits``. It refreshes when the session says
something changed (a hidden tab waits until it is shown) and keeps its scroll position. A
card deleted under it (say, the undo of its creation) is announced, not shown stale.

Names, aliases, relationships and sanctions records come from outside (a list entry's id,
a saved page): the read-only tables get copies whose text has visible marks for controls and
bidi overrides (``core.safe_text.for_display``); ids stay exact, as lookups use them. The name
field shows the marks too, and a name shown unchanged is never saved back.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QLabel,
    QLayout,
    QListView,
    QMenu,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from osint_desk.core.errors import NotFoundError
from osint_desk.core.model import RecordKind, is_screened
from osint_desk.core.safe_text import for_display, has_hidden_controls
from osint_desk.core.store.places import LOCATABLE_TYPES
from osint_desk.core.store.records import EntityDossier
from osint_desk.ui.deleting import Target, add_delete_action, request_delete
from osint_desk.ui.models.card_models import CardExcerptsModel, CardSourcesModel
from osint_desk.ui.operations import edits
from osint_desk.ui.relationship_dialog import RelationshipDialog
from osint_desk.ui.session import CaseSession
from osint_desk.ui.widgets.also_in import AlsoIn
from osint_desk.ui.widgets.card_page import CardPage
from osint_desk.ui.widgets.chips import focus_within
from osint_desk.ui.widgets.commands import try_push
from osint_desk.ui.widgets.dossier_models import ID_ROLE
from osint_desk.ui.widgets.forms import ErrorLabel, fit_rows, select_data, set_line_text
from osint_desk.ui.widgets.merge_history import MergeHistory

HIDDEN_TIP = ("This name holds hidden control or direction characters, shown as marks (␛, ⇄)."
              " Editing it saves the marks instead.")
_Record = TypeVar("_Record")


def marked(record: _Record) -> _Record:
    """A copy of a store record for display: every text field (nested records and tuples of
    text too) with visible marks; ids (``id``, ``*_id``) and mappings left exact."""
    if not dataclasses.is_dataclass(record) or isinstance(record, type):
        return record
    changes: dict[str, Any] = {}
    for field in dataclasses.fields(record):
        value = getattr(record, field.name)
        if field.name == "id" or field.name.endswith("_id"):
            continue
        if isinstance(value, str):
            changes[field.name] = for_display(value)
        elif isinstance(value, tuple):
            changes[field.name] = tuple(for_display(v) if isinstance(v, str) else marked(v)
                                        for v in value)
        elif dataclasses.is_dataclass(value):
            changes[field.name] = marked(value)
    return dataclasses.replace(record, **changes)


def _row_of(layout: QLayout | None, widget: QWidget) -> QBoxLayout | None:
    """The box layout (at any depth) that holds *widget*."""
    if layout is None:
        return None
    if isinstance(layout, QBoxLayout) and layout.indexOf(widget) >= 0:
        return layout
    for number in range(layout.count()):
        item = layout.itemAt(number)
        found = _row_of(item.layout() if item is not None else None, widget)
        if found is not None:
            return found
    return None


DELETED = ("This card was deleted.\n\nUndo (Ctrl+Z) brings it back if its deletion was the"
           " last edit.")


class EntityCardView(QWidget):
    """One card: identity, aliases, attributes, description, links, evidence, sanctions."""

    card_requested = Signal(str)
    excerpt_requested = Signal(str)
    source_requested = Signal(str)
    screen_requested = Signal(str)
    chart_requested = Signal(str)  # "Show on chart"
    timeline_requested = Signal(str)  # "Show on timeline": the card's own timeline

    def __init__(self, session: CaseSession, entity_id: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.entity_id = entity_id
        self.dossier: EntityDossier | None = None
        self.dialog: RelationshipDialog | None = None
        self._stale = True
        self._first_show = True
        self.page = CardPage()
        self.chart_button = QPushButton("Show on chart")
        self.chart_button.setToolTip("Put this card on the link chart (with Add neighbours"
                                     " to bring its links)")
        row = _row_of(self.page.layout(), self.page.delete_relationship)
        if row is not None:  # after the relationship buttons, before their stretch
            row.insertWidget(row.indexOf(self.page.delete_relationship) + 1, self.chart_button)
        self.timeline_button = QPushButton("Show on timeline")
        self.timeline_button.setToolTip("This card's timeline: its dated excerpts,"
                                        " relationships, listings and own dates")
        if row is not None:
            row.insertWidget(row.indexOf(self.chart_button) + 1, self.timeline_button)
        self.locate_button = QPushButton("Locate…")
        self.locate_button.setToolTip("Put this card on the map: a place from the offline"
                                      " gazetteer, or its coordinates")
        if row is not None:
            row.insertWidget(row.indexOf(self.chart_button) + 1, self.locate_button)
        self.merge_history = MergeHistory(session, entity_id)  # "Merge with…", "Merged from"
        head = _row_of(self.page.layout(), self.page.delete_card)
        if head is not None:
            head.insertWidget(head.indexOf(self.page.delete_card),
                              self.merge_history.merge_button)
        column = self.page.layout()
        if isinstance(column, QBoxLayout):
            column.insertWidget(column.indexOf(self.page.header_error) + 1, self.merge_history)
        self.merge_history.card_requested.connect(self.card_requested)
        self.also_in = AlsoIn(session, entity_id)  # "Also in: Case B (card X)"
        if isinstance(column, QBoxLayout):
            column.insertWidget(column.indexOf(self.merge_history) + 1, self.also_in)
        # The excerpts that mention the card and their sources can number thousands: lazy
        # models page them from the store instead of the page's whole-dossier lists.
        self.excerpts_model = CardExcerptsModel(entity_id, self)
        self.sources_model = CardSourcesModel(entity_id, self)
        self.page.excerpts_model = self.excerpts_model  # what tests and callers look at
        self.page.sources_model = self.sources_model
        for view, model in ((self.page.excerpts, self.excerpts_model),
                            (self.page.sources, self.sources_model)):
            view.setModel(model)
            # Wrapped rows of differing heights: lay them out a batch per event-loop turn,
            # not thousands at once after every page fetched.
            view.setLayoutMode(QListView.LayoutMode.Batched)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll_area.setWidget(self.page)
        self.deleted = QLabel(DELETED)
        self.deleted.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.deleted.setWordWrap(True)
        self.deleted.setAccessibleName("Card deleted")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.scroll_area)
        self.stack.addWidget(self.deleted)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self._connect()
        session.changed.connect(self._on_changed)
        session.reloaded.connect(self._on_changed)
        self.refresh()

    def tab_title(self) -> str:
        try:
            name = self.session.store.entities.get(self.entity_id).name
        except NotFoundError:
            return "(deleted card)"
        name = for_display(name)
        return name if len(name) <= 32 else name[:31] + "…"

    # -- refresh ----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the dossier and show it, keeping the scroll position."""
        self._stale = False
        try:
            dossier = self.session.store.dossier(self.entity_id, mentions=False)
        except NotFoundError:
            self.dossier = None
            self.stack.setCurrentWidget(self.deleted)
            return
        scroll = self.scroll_area.verticalScrollBar().value()
        self.dossier = dossier
        self._show(dossier)
        self.stack.setCurrentWidget(self.scroll_area)
        # The scroll area as context: a card closed before the timer fires drops the call.
        bar = self.scroll_area.verticalScrollBar()
        QTimer.singleShot(0, self.scroll_area, lambda: bar.setValue(scroll))

    def _show(self, dossier: EntityDossier) -> None:
        page, entity = self.page, dossier.entity
        select_data(page.type_combo, entity.type)
        set_line_text(page.name, for_display(entity.name))
        page.name.setToolTip(HIDDEN_TIP if has_hidden_controls(entity.name) else "")
        page.tags.set_tags(list(dossier.tags), self.session.store.tags.names())
        page.aliases.load(tuple(marked(alias) for alias in entity.aliases))
        fit_rows(page.aliases.table, len(entity.aliases), maximum=6)
        page.attributes.load(entity.attributes)
        fit_rows(page.attributes.table, page.attributes.model.rowCount(), maximum=6)
        page.description.set_text(entity.description)
        if self._first_show:  # a card is read more often than edited: show it rendered
            page.description.set_preview(bool(entity.description) or self.session.read_only)
            self._first_show = False
        page.relationships_model.load(for_display(entity.name),
                                      tuple(marked(view) for view in dossier.relationships))
        fit_rows(page.relationships, len(dossier.relationships), maximum=10)
        screening = self.session.store.screening
        flags = {c.sanction_id: tuple(map(for_display, c.changes))
                 for c in screening.checks(entity_id=entity.id, flagged_only=True)}
        page.sanctions_model.load(tuple(marked(s) for s in dossier.sanctions), flags)
        page.screening_note.setText(self._screening_note(entity.id))
        page.sanctions.setVisible(bool(dossier.sanctions))
        page.no_sanctions.setVisible(not dossier.sanctions)
        fit_rows(page.sanctions, len(dossier.sanctions), maximum=5)
        page.fit_columns()  # columns measure their first rows, not every one of hundreds
        mentions = self.session.store.excerpts.ids_of_entity(entity.id)
        self.excerpts_model.show(self.session, [excerpt for excerpt, _source in mentions])
        self.sources_model.show(self.session, list(dict.fromkeys(s for _e, s in mentions)))
        for key, count in (("aliases", len(entity.aliases)),
                           ("attributes", len(entity.attributes)),
                           ("relationships", len(dossier.relationships)),
                           ("sanctions", len(dossier.sanctions)),
                           ("excerpts", self.excerpts_model.total_count()),
                           ("sources", self.sources_model.total_count())):
            page.set_count(key, count)
        page.set_editable(not self.session.read_only)
        page.screen_card.setVisible(not self.session.read_only and is_screened(entity.type))
        self.locate_button.setVisible(not self.session.read_only
                                      and entity.type in LOCATABLE_TYPES)
        self.merge_history.refresh()
        self.also_in.refresh()
        self._update_buttons()

    def _screening_note(self, entity_id: str) -> str:
        hits = self.session.store.screening.list(entity_id=entity_id)
        if not hits:
            return ""
        waiting = sum(h.status == "open" for h in hits)
        dismissed = sum(h.status == "dismissed" for h in hits)
        parts = [f"{waiting} screening hit{'' if waiting == 1 else 's'} to decide"
                 " (Tools → Sanctions screening results)" if waiting else "",
                 f"{dismissed} dismissed" if dismissed else ""]
        return "; ".join(p for p in parts if p)

    def _on_changed(self, *_args: object) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    # -- wiring -----------------------------------------------------------------------------

    def _connect(self) -> None:
        page = self.page
        page.type_combo.activated.connect(self._set_type)
        page.name.editingFinished.connect(self._rename)
        page.description.committed.connect(
            lambda text: self._edit("Edit description", page.header_error, description=text))
        page.attributes.changed.connect(self._set_attributes)
        page.aliases.add_requested.connect(self._add_alias)
        page.aliases.remove_requested.connect(self._remove_alias)
        page.tags.add_requested.connect(
            lambda name: self._push(lambda: edits.add_tag(self.session, RecordKind.ENTITY,
                                                          self.entity_id, name)))
        page.tags.remove_requested.connect(
            lambda name: self._push(lambda: edits.remove_tag(self.session, RecordKind.ENTITY,
                                                             self.entity_id, name)))
        page.relationships.doubleClicked.connect(lambda _index: self.edit_selected())
        page.relationships.activated.connect(lambda _index: self.edit_selected())
        page.relationships.selectionModel().selectionChanged.connect(self._update_buttons)
        page.add_relationship.clicked.connect(self._add_relationship)
        page.edit_relationship.clicked.connect(self.edit_selected)
        page.open_other.clicked.connect(self._open_other)
        page.delete_relationship.clicked.connect(self._delete_relationship)
        page.screen_card.clicked.connect(lambda: self.screen_requested.emit(self.entity_id))
        self.chart_button.clicked.connect(lambda: self.chart_requested.emit(self.entity_id))
        self.timeline_button.clicked.connect(
            lambda: self.timeline_requested.emit(self.entity_id))
        self.locate_button.clicked.connect(self.locate)
        page.delete_card.clicked.connect(lambda: self.delete(Target("entity", self.entity_id)))
        for table in (page.aliases.table, page.relationships, page.sanctions):
            table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            table.customContextMenuRequested.connect(
                lambda point, t=table: self._show_menu(t, point))
        page.excerpts.activated.connect(
            lambda index: self._emit_id(index, self.excerpt_requested))
        page.sources.activated.connect(
            lambda index: self._emit_id(index, self.source_requested))

    def _push(self, build: Any, error: ErrorLabel | None = None) -> bool:
        _target, message = try_push(self.session, build)
        label = error or self.page.header_error
        if message:
            label.show_error(for_display(message))  # a refusal may quote a name
        else:
            label.clear_error()
        return not message

    def _edit(self, text: str, error: ErrorLabel | None = None, **changes: Any) -> bool:
        return self._push(lambda: edits.edit_entity(self.session, self.entity_id, text,
                                                    **changes), error)

    def _set_type(self, index: int) -> None:
        schema = self.page.type_combo.itemData(index)
        if self.dossier is not None and schema != self.dossier.entity.type:
            self._edit("Set card type", type=schema)

    def _rename(self) -> None:
        name = " ".join(self.page.name.text().split())
        if self.dossier is None or name in (self.dossier.entity.name,
                                            " ".join(for_display(self.dossier.entity.name)
                                                     .split())):
            return  # unchanged, or only shown with marks: keep the stored name
        if self._edit("Rename card", name=name):
            self.page.name.setModified(False)

    def _set_attributes(self, mapping: dict[str, Any]) -> None:
        if self.dossier is not None and mapping != self.dossier.entity.attributes:
            self._edit("Edit attributes", self.page.attributes_error, attributes=mapping)

    def locate(self) -> QWidget:
        """"Locate…": the place picker on this card (it pushes its own undoable edit)."""
        from osint_desk.ui.map.picker import open_place_picker

        return open_place_picker(self, self.session, self.entity_id)

    def _add_alias(self, name: str, kind: str, script: str, language: str) -> None:
        if self._push(lambda: edits.add_alias(self.session, self.entity_id, name, kind=kind,
                                              script=script or None,
                                              language=language or None),
                      self.page.aliases.error):
            self.page.aliases.added()

    def _remove_alias(self, alias_id: str) -> None:
        self.delete(Target("alias", alias_id, self.entity_id))

    # -- relationships ----------------------------------------------------------------------

    def selected_relationship(self) -> tuple[str, str]:
        """(relationship id, other card id) of the selected row, or empty strings."""
        rows = self.page.relationships.selectionModel().selectedRows()
        model = self.page.relationships_model
        if not rows:
            return "", ""
        return model.relationship_id(rows[0].row()), model.other_id(rows[0].row())

    def _update_buttons(self, *_args: object) -> None:
        chosen = bool(self.selected_relationship()[0])
        for button in (self.page.edit_relationship, self.page.open_other,
                       self.page.delete_relationship):
            button.setEnabled(chosen)

    def open_relationship_dialog(self, relationship_id: str | None = None) -> RelationshipDialog:
        """Open the add (or edit) dialog, window-modal; it pushes its command on OK."""
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
        self.dialog = RelationshipDialog(self.session, self.entity_id, relationship_id, self)
        self.dialog.open()
        return self.dialog

    def _add_relationship(self) -> None:
        if not self.session.read_only:
            self.open_relationship_dialog()

    def edit_selected(self) -> None:
        relationship_id, _other = self.selected_relationship()
        if relationship_id and not self.session.read_only:
            self.open_relationship_dialog(relationship_id)

    def _open_other(self) -> None:
        _rel, other = self.selected_relationship()
        if other:
            self.card_requested.emit(other)

    def _delete_relationship(self) -> None:
        relationship_id, _other = self.selected_relationship()
        if relationship_id:
            self.delete(Target("relationship", relationship_id))

    # -- deleting ---------------------------------------------------------------------------

    def delete_target(self) -> Target | None:
        """What Delete… deletes: the selected alias, relationship or sanctions record while
        its table has the focus (nothing when no row is selected there), else the card."""
        if self.dossier is None:
            return None
        page = self.page
        def relationship() -> str:
            return self.selected_relationship()[0]

        choices: tuple[tuple[QWidget, str, Callable[[], str]], ...] = (
            (page.aliases.table, "alias", page.aliases.selected_id),
            (page.relationships, "relationship", relationship),
            (page.sanctions, "sanction", self.selected_sanction))
        for table, kind, selected in choices:
            if focus_within(table):
                record_id = selected()
                owner = self.entity_id if kind == "alias" else ""
                return Target(kind, record_id, owner) if record_id else None
        return Target("entity", self.entity_id)

    def selected_sanction(self) -> str:
        rows = self.page.sanctions.selectionModel().selectedRows()
        return str(rows[0].data(ID_ROLE) or "") if rows else ""

    def delete(self, target: Target) -> bool:
        """Ask, then delete (one undo step); see ``ui.deleting``."""
        return request_delete(self.session, target, self)

    def table_menu(self, table: QTableView, index: QModelIndex) -> QMenu | None:
        """The context menu of a row of the aliases, relationships or sanctions table."""
        if not index.isValid():
            return None
        table.setCurrentIndex(index)
        page, menu = self.page, QMenu(self)
        if table is page.relationships:
            menu.addAction("Edit…", self.edit_selected).setEnabled(not self.session.read_only)
            menu.addAction("Open other card", self._open_other)
            menu.addSeparator()
            target = Target("relationship", self.selected_relationship()[0])
        elif table is page.sanctions:
            target = Target("sanction", self.selected_sanction())
        else:
            target = Target("alias", page.aliases.selected_id(), self.entity_id)
        add_delete_action(menu, self.session, target, self)
        return menu

    def _show_menu(self, table: QTableView, point: QPoint) -> None:
        menu = self.table_menu(table, table.indexAt(point))
        if menu is not None:
            menu.exec(table.viewport().mapToGlobal(point))
            menu.deleteLater()

    @staticmethod
    def _emit_id(index: QModelIndex, signal: Any) -> None:
        record_id = index.siblingAtColumn(0).data(ID_ROLE)
        if record_id:
            signal.emit(str(record_id))
