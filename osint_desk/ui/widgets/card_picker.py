"""Choosing an entity card by typing: names and aliases, filtered by the store as you type.

The completer shows "Name — Type" (or "Name (alias: What you typed) — Type" when an alias
matched) for up to twenty cards whose name or alias contains what was typed, exact matches
first (``entities.suggest``, a store query, re-run on every edit). Choosing one emits
``picked(entity_id)``. Enter on a name no card has offers a small menu of card types, with
the type ``guesser`` names (``core.card_types``) preselected and its reason in the title, and
emits ``create_requested(name, type)`` when one is chosen.

Typed text is never dropped without a word: leaving a field that keeps its card (speaker,
channel) with a name no card has keeps the text and emits ``message`` with what to do; an
exact name or alias is taken as the choice.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QFocusEvent, QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QCompleter, QLineEdit, QMenu, QWidget

from osint_desk.core.card_types import TypeGuess, explain_card_type
from osint_desk.core.errors import AmbiguousNameError, NotFoundError
from osint_desk.core.model import ENTITY_TYPE_LABELS, ENTITY_TYPES
from osint_desk.core.store import CaseStore
from osint_desk.core.store.records import Entity

ID_ROLE = Qt.ItemDataRole.UserRole + 1
NAME_ROLE = Qt.ItemDataRole.UserRole + 2
LIMIT = 20


def card_label(entity: Entity, alias: str | None = None) -> str:
    """ "Wagner Group — Organisation", or "Wagner Group (alias: PMC Wagner) — …" when the
    alias is what matched."""
    shown = f"{entity.name} (alias: {alias})" if alias else entity.name
    return f"{shown} — {ENTITY_TYPE_LABELS.get(entity.type, entity.type)}"


class CardPicker(QLineEdit):
    """A line edit that picks (or offers to create) an entity card."""

    picked = Signal(str)
    create_requested = Signal(str, str)
    cleared = Signal()
    # why nothing happened (no such card, several cards share the name), for an inline hint
    message = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, allow_create: bool = False,
                 clearable: bool = False, keep_text: bool = True) -> None:
        super().__init__(parent)
        self.store: CaseStore | None = None
        self.allow_create = allow_create
        self.clearable = clearable
        # keep_text: show the picked card's name (speaker); else clear for the next pick (links)
        self.keep_text = keep_text
        self.current_id: str | None = None
        self.current_name = ""
        self.exclude: set[str] = set()
        self.type_menu: QMenu | None = None
        # the type to preselect for a new card (the inspector adds the lists and the last type)
        self.guesser: Callable[[str], TypeGuess] | None = None
        # typed text that names no card, kept after leaving the field (a refresh keeps it too)
        self.pending = False
        self.model = QStandardItemModel(self)
        self.completer_ = QCompleter(self.model, self)
        self.completer_.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer_.setCompletionRole(NAME_ROLE)
        self.completer_.setMaxVisibleItems(10)
        self.completer_.activated[QModelIndex].connect(  # type: ignore[index]
            self._on_activated)
        self.setCompleter(self.completer_)
        self.setClearButtonEnabled(clearable)
        self.textEdited.connect(self._on_edited)

    def popup(self) -> QAbstractItemView:
        """The completion list (a QCompleter always has one)."""
        view = self.completer_.popup()
        assert view is not None
        return view

    def set_store(self, store: CaseStore | None) -> None:
        self.store = store
        self.model.clear()

    def set_card(self, entity_id: str | None, name: str | None = None) -> None:
        """Show the chosen card (or none) without emitting anything."""
        if name is None and entity_id and self.store is not None:
            try:
                name = self.store.entities.get(entity_id).name
            except NotFoundError:
                entity_id, name = None, ""
        self.current_id = entity_id or None
        self.current_name = (name or "") if entity_id else ""
        if not (self.pending or (self.hasFocus() and self.isModified())):
            self.setText(self.current_name)
            self.setModified(False)

    def discard(self) -> None:
        """Forget typed text that named no card (another excerpt is shown)."""
        self.pending = False
        self.setModified(False)
        self.setText(self.current_name if self.keep_text else "")

    # -- completion -------------------------------------------------------------------------

    def _on_edited(self, text: str) -> None:
        self.pending = False
        self.refresh_completions(text)
        if not text and self.clearable and self.current_id and not self.hasFocus():
            self._commit_typed()  # the clear button was clicked

    def refresh_completions(self, text: str) -> None:
        """Ask the store for cards matching ``text`` and show them."""
        self.model.clear()
        if self.store is None or not text.strip():
            self.popup().hide()
            return
        for entity, alias in self.store.entities.suggest(text, limit=LIMIT + len(self.exclude)):
            if entity.id in self.exclude:
                continue
            item = QStandardItem(card_label(entity, alias))
            item.setData(entity.id, ID_ROLE)
            item.setData(entity.name, NAME_ROLE)
            item.setToolTip(", ".join(alias.name for alias in entity.aliases[:6]))
            item.setEditable(False)
            self.model.appendRow(item)
            if self.model.rowCount() >= LIMIT:
                break
        if self.model.rowCount():
            self.completer_.complete()
        else:
            self.popup().hide()

    def _on_activated(self, index: QModelIndex) -> None:
        entity_id = index.data(ID_ROLE)
        if entity_id:
            self._choose(str(entity_id), str(index.data(NAME_ROLE)))

    def _choose(self, entity_id: str, name: str) -> None:
        previous = self.current_id
        self.pending = False
        if self.keep_text:
            self.current_id, self.current_name = entity_id, name
        # QLineEdit sets the completion text after this slot: settle the text afterwards.
        QTimer.singleShot(0, self._settle_text)
        self.setModified(False)
        if not (self.keep_text and entity_id == previous):
            self.picked.emit(entity_id)

    def _settle_text(self) -> None:
        self.setText(self.current_name if self.keep_text else "")
        self.setModified(False)

    # -- Enter, focus out, Escape -----------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        popup = self.popup()
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if popup.isVisible() and popup.currentIndex().isValid():
                super().keyPressEvent(event)  # the completer activates the highlighted card
                return
            popup.hide()
            event.accept()
            self._commit_typed()
            return
        if key == Qt.Key.Key_Escape and not popup.isVisible() and (
                self.isModified() or self.pending):
            self.discard()
            self.message.emit("")
            event.accept()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if event.reason() == Qt.FocusReason.PopupFocusReason or not self.keep_text:
            return
        if not self.text().strip() and self.clearable and self.current_id:
            self._commit_typed()
        elif self.text() != self.current_name and not self.pending:
            self._commit_typed(offer=False)  # a name is taken; an unknown one stays, said
        if not self.pending:
            self.setModified(False)

    def _commit_typed(self, offer: bool = True) -> None:
        """Enter on typed text: the card it names exactly, or an offer to create one.

        ``offer=False`` (leaving the field): an unknown name stays typed, with a message."""
        text = " ".join(self.text().split())
        if not text:
            if self.clearable and self.current_id:
                self.current_id, self.current_name = None, ""
                self.setModified(False)
                self.cleared.emit()
            return
        if self.keep_text and self.current_id and text == self.current_name:
            return
        if self.store is None:
            return
        try:
            entity = self.store.entities.resolve(text)
        except AmbiguousNameError:
            if offer:
                self.refresh_completions(text)
            self._keep(f"Several cards are called “{text}”: choose one from the list.")
            return
        except NotFoundError:
            entity = None
        if entity is not None and entity.id in self.exclude:
            self._keep(f"“{entity.name}” cannot be chosen here.")
            return
        if entity is not None:
            self._choose(entity.id, entity.name)
            return
        if self.allow_create and offer:
            self.offer_types(text)
        elif self.allow_create:
            self._keep(f"No card is called “{text}” yet: press Enter in the field to create"
                       " it, Escape to undo the typing.")
        else:
            self._keep(f"No card is called “{text}”.")

    def _keep(self, message: str) -> None:
        """Say why nothing was chosen; a field that keeps its card keeps the typed text."""
        self.pending = self.keep_text and self.text() != self.current_name
        self.message.emit(message)

    def guess_type(self, name: str) -> TypeGuess:
        if self.guesser is not None:
            return self.guesser(name)
        return explain_card_type(name, self.store)

    def offer_types(self, name: str) -> QMenu:
        """The type menu for a new card called ``name``: the types in their usual order, the
        guessed one highlighted (Enter takes it) and the reason for it in the title."""
        if self.type_menu is not None:
            self.type_menu.close()
            self.type_menu.deleteLater()
        guess = self.guess_type(name)
        menu = QMenu(self)
        menu.setAccessibleName(f"Type of the new card “{name}”")
        title = menu.addAction(f"New card “{name}” as… ({guess.reason})")
        title.setEnabled(False)
        actions: dict[str, QAction] = {}
        for schema in ENTITY_TYPES:
            action = menu.addAction(ENTITY_TYPE_LABELS[schema])
            action.setData(schema)
            action.triggered.connect(
                lambda _checked=False, s=schema: self._create(name, s))
            actions[schema] = action
        self.type_menu = menu
        menu.popup(self.mapToGlobal(QPoint(0, self.height())))
        menu.setActiveAction(actions.get(guess.type) or actions[ENTITY_TYPES[0]])
        return menu

    def _create(self, name: str, schema: str) -> None:
        # A field that keeps its card keeps the name until the new card is set (or refused).
        self.pending = self.keep_text
        if not self.keep_text:
            self.clear()
        self.setModified(False)
        self.create_requested.emit(name, schema)
