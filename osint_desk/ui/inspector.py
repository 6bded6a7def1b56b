"""The excerpt inspector: the dock where an excerpt is graded, dated, noted and linked.

It shows one excerpt at a time and turns every change into one undoable command from
``operations.edits`` (never a store write of its own). It refreshes from the store when the
session says something changed, and keeps what the user is typing while it does.
"""

from __future__ import annotations

import sqlite3
from bisect import bisect_right
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QPalette
from PySide6.QtWidgets import QDockWidget, QLabel, QScrollArea, QStackedWidget, QWidget

from osint_desk.core.card_types import TypeGuess, explain_card_type
from osint_desk.core.dates import parse_optional
from osint_desk.core.errors import NotFoundError, OsintDeskError
from osint_desk.core.model import RecordKind
from osint_desk.ui.deleting import Target, request_delete
from osint_desk.ui.operations import edits
from osint_desk.ui.session import CaseSession
from osint_desk.ui.widgets.card_picker import CardPicker
from osint_desk.ui.widgets.chips import focus_within
from osint_desk.ui.widgets.commands import try_push
from osint_desk.ui.widgets.excerpt_form import ExcerptForm, ExcerptView
from osint_desk.ui.widgets.forms import ErrorLabel

if TYPE_CHECKING:  # the list library is imported when a new card's type is guessed
    from osint_desk.core.sanctions.library import ListLibrary

EMPTY_HINT = ("No excerpt selected.\n\nSelect an excerpt in a source — or select some words "
              "and press Ctrl+E to cut one — to grade it, date it, say who said it and link "
              "it to cards here.")
DELETED_HINT = "This excerpt was deleted.\n\nUndo (Ctrl+Z) brings it back."


class ExcerptInspector(QDockWidget):
    """Dock showing the selected excerpt; every control edits it through an undo command."""

    show_in_source = Signal(str, int, int)  # source id, start, end
    card_requested = Signal(str)  # entity id
    excerpt_shown = Signal(str)  # the excerpt now shown ("" for none): the window shows the dock
    closed_by_user = Signal()  # its ✕ (the window then stops showing it by itself)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Excerpt", parent)
        self.setObjectName("inspector")
        self.session: CaseSession | None = None
        self.excerpt_id: str | None = None
        self.source_id: str | None = None  # the shown excerpt's source (kept once deleted)
        self._source_titles: dict[str, tuple[str, tuple[int, ...] | None]] = {}
        # New cards: the list library that knows listed names' types (None: the user's
        # default library, if it exists) and the type chosen last (kept while the app runs).
        self.library_path: Path | None = None
        self.last_type: str | None = None
        self.form = ExcerptForm()
        self.empty = QLabel(EMPTY_HINT)
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setMargin(24)
        self.empty.setAccessibleName("No excerpt selected")
        self.empty.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll_area.setWidget(self.form)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty)
        self.pages.addWidget(self.scroll_area)
        self.setWidget(self.pages)
        self._connect_form()
        self._show_empty(EMPTY_HINT)

    # -- public API -------------------------------------------------------------------------

    def set_session(self, session: CaseSession | None) -> None:
        if self.session is not None:
            self.show_excerpt(None)  # commits an unfinished note to the case it belongs to
            self.session.changed.disconnect(self._on_changed)
            self.session.reloaded.disconnect(self._on_reloaded)
        self.session = session
        self._source_titles.clear()
        store = session.store if session is not None else None
        for picker in (self.form.speaker, self.form.channel, self.form.link_picker):
            picker.set_store(store)
        if session is not None:
            session.changed.connect(self._on_changed)
            session.reloaded.connect(self._on_reloaded)
        self.show_excerpt(None)

    def show_excerpt(self, excerpt_id: str | None) -> None:
        """Show an excerpt (or the empty hint for None)."""
        if excerpt_id != self.excerpt_id:
            # An unfinished note or translation belongs to the excerpt it was typed for.
            self.form.note.editor.commit()
            self.form.translation.commit()
            self.form.clear_errors()
            self.form.note.set_text("", force=True)
            self.form.translation.set_text("", force=True)
            self.form.event_date.setModified(False)
            self.form.link_picker.clear()
            self.form.speaker.discard()
            self.form.channel.discard()
            self.source_id = None
        self.excerpt_id = excerpt_id
        self.refresh()
        self.excerpt_shown.emit(excerpt_id or "")

    def has_excerpt(self) -> bool:
        """Whether an excerpt is shown (or one that was just deleted, with its undo hint)."""
        return self.session is not None and self.excerpt_id is not None

    def refresh(self) -> None:
        """Reload the shown excerpt from the store."""
        if self.session is None or self.excerpt_id is None:
            self._show_empty(EMPTY_HINT)
            return
        view = self._load(self.excerpt_id)
        if view is None:
            self._show_empty(DELETED_HINT)
            return
        self.source_id = view.excerpt.source_id
        lost_focus = self.form.linked.set_cards(view.linked, editable=not self.session.read_only)
        self.form.load(view)
        self.form.set_editable(not self.session.read_only)
        self.pages.setCurrentWidget(self.scroll_area)
        if lost_focus:
            self.form.link_picker.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- loading ----------------------------------------------------------------------------

    def _load(self, excerpt_id: str) -> ExcerptView | None:
        assert self.session is not None
        store = self.session.store
        try:
            excerpt = store.excerpts.get(excerpt_id)
        except NotFoundError:
            return None
        if excerpt.source_id not in self._source_titles:
            source = store.sources.get(excerpt.source_id)
            self._source_titles[excerpt.source_id] = (source.title, source.page_map)
        title, page_map = self._source_titles[excerpt.source_id]
        page = max(1, bisect_right(page_map, excerpt.start)) if page_map else None
        linked = []
        for entity_id in store.excerpts.entity_ids(excerpt_id):
            entity = store.entities.get(entity_id)
            linked.append((entity.id, entity.name, entity.type))
        names = store.entities.names(
            [who for who in (excerpt.speaker_id, excerpt.channel_id) if who])
        return ExcerptView(
            excerpt=excerpt, source_title=title, page=page,
            speaker_name=names.get(excerpt.speaker_id or "", ""),
            channel_name=names.get(excerpt.channel_id or "", ""), linked=linked,
            tags=store.tags.of("excerpt", excerpt_id),
            known_tags=[tag.name for tag in store.tags.list()])

    def closeEvent(self, event: QCloseEvent) -> None:
        super().closeEvent(event)
        if event.isAccepted():
            self.closed_by_user.emit()

    def _show_empty(self, text: str) -> None:
        self.empty.setText(text)
        self.pages.setCurrentWidget(self.empty)

    def _on_changed(self, kind: RecordKind, public_id: str) -> None:
        if kind is RecordKind.SOURCE:
            self._source_titles.pop(public_id, None)
        if self.excerpt_id is not None:
            self.refresh()

    def _on_reloaded(self) -> None:
        self._source_titles.clear()
        self.refresh()

    # -- edits ------------------------------------------------------------------------------

    def _connect_form(self) -> None:
        form = self.form
        form.show_button.clicked.connect(self._show_in_source)
        form.cite_button.clicked.connect(self.copy_citation)
        form.delete_button.clicked.connect(self.delete_excerpt)
        form.note.committed.connect(lambda text: self._edit("Edit note", note=text))
        form.credibility.activated.connect(
            lambda index: self._edit_choice("Set credibility", "credibility",
                                            form.credibility.itemData(index)))
        form.stance.activated.connect(
            lambda index: self._edit_choice("Set stance", "stance", form.stance.itemData(index)))
        form.event_date.editingFinished.connect(self._commit_date)
        form.event_date.textEdited.connect(lambda _text: form.date_error.clear_error())
        for picker, field, error, role in (
                (form.speaker, "speaker_id", form.speaker_error, "speaker"),
                (form.channel, "channel_id", form.channel_error, "channel")):
            picker.picked.connect(lambda eid, f=field, e=error, r=role:
                                  self._edit(f"Set {r}", e, **{f: eid}))
            picker.cleared.connect(lambda f=field, e=error, r=role:
                                   self._edit(f"Clear {r}", e, **{f: None}))
            picker.create_requested.connect(
                lambda name, schema, p=picker, f=field, e=error:
                self._set_new(p, f, e, name, schema))
            picker.message.connect(error.show_error)
            picker.textEdited.connect(lambda _text, e=error: e.clear_error())
        for picker in (form.speaker, form.channel, form.link_picker):
            picker.guesser = self.guess_type
        form.translation.committed.connect(
            lambda text: self._edit("Edit translation", translation=text))
        form.translation_language.editingFinished.connect(self._commit_language)
        form.link_picker.picked.connect(self._link)
        form.link_picker.create_requested.connect(self._link_new)
        form.link_picker.message.connect(form.link_error.show_error)
        form.link_picker.textEdited.connect(lambda _text: form.link_error.clear_error())
        form.linked.activated.connect(self.card_requested)
        form.linked.remove_requested.connect(self._unlink)
        form.tags.add_requested.connect(self._add_tag)
        form.tags.remove_requested.connect(self._remove_tag)

    def _push(self, build: Any, error: ErrorLabel | None = None) -> str:
        """Push one command; show a refusal under the field (or at the top)."""
        if self.session is None or self.excerpt_id is None:
            return ""
        target, message = try_push(self.session, build)
        label = error or self.form.error
        if message:
            label.show_error(message)
        else:
            label.clear_error()
        return target

    def _edit(self, text: str, error: ErrorLabel | None = None, **changes: Any) -> None:
        session, excerpt_id = self.session, self.excerpt_id
        if session is None or excerpt_id is None:
            return
        self._push(lambda: edits.edit_excerpt(session, excerpt_id, text, **changes), error)

    def _current(self, field: str) -> Any:
        assert self.session is not None and self.excerpt_id is not None
        return getattr(self.session.store.excerpts.get(self.excerpt_id), field)

    def _edit_choice(self, text: str, field: str, value: Any) -> None:
        if self.session is not None and self.excerpt_id is not None \
                and value != self._current(field):
            self._edit(text, **{field: value})

    def _commit_date(self) -> None:
        form = self.form
        if self.session is None or self.excerpt_id is None or self.session.read_only:
            return
        try:
            date = parse_optional(form.event_date.text())
        except OsintDeskError as exc:
            form.date_error.show_error(str(exc))
            return
        form.date_error.clear_error()
        value = date.value if date else None
        form.event_date.setModified(False)
        if value == self._current("event_date"):
            form.event_date.setText(value or "")
            return
        self._edit("Set event date" if value else "Clear event date", form.date_error,
                   event_date=value)

    def _commit_language(self) -> None:
        value = self.form.translation_language.text().strip() or None
        self.form.translation_language.setModified(False)
        if self.session is not None and self.excerpt_id is not None \
                and value != self._current("translation_language"):
            self._edit("Set translation language", translation_language=value)

    def _link(self, entity_id: str) -> None:
        session, excerpt_id = self.session, self.excerpt_id
        if session is None or excerpt_id is None:
            return
        if entity_id in self.form.linked.card_ids():
            self.form.link_error.show_error("That card is already linked.")
            return
        self._push(lambda: edits.link_entity(session, excerpt_id, entity_id),
                   self.form.link_error)

    def _link_new(self, name: str, schema: str) -> None:
        session, excerpt_id = self.session, self.excerpt_id
        if session is None or excerpt_id is None:
            return
        self.last_type = schema
        self._push(lambda: edits.new_entity_linked(session, excerpt_id, schema, name),
                   self.form.link_error)
        self.form.link_picker.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- new cards from the speaker and channel fields ----------------------------------------

    def _set_new(self, picker: CardPicker, field: str, error: ErrorLabel, name: str,
                 schema: str) -> None:
        """Create the card and make it the speaker or channel, one undo step; a refusal
        shows under that field and the typed name stays."""
        session, excerpt_id = self.session, self.excerpt_id
        if session is None or excerpt_id is None:
            return
        self.last_type = schema
        if self._push(lambda: edits.new_entity_as(session, excerpt_id, field, schema, name),
                      error):
            picker.pending = False
            self.refresh()

    def guess_type(self, name: str) -> TypeGuess:
        """The type to preselect for a new card (``core.card_types``): the case, countries,
        the list library when there is one, then the type chosen last."""
        store = self.session.store if self.session is not None else None
        library = self._open_library()
        try:
            return explain_card_type(name, store, library, self.last_type)
        finally:
            if library is not None:
                library.close()

    def _open_library(self) -> ListLibrary | None:
        """The list library, only if its file exists (never created here); None otherwise.
        Opened for one lookup (a few indexed reads) and closed again."""
        from osint_desk.core.sanctions.library import ListLibrary, default_path

        path = self.library_path or default_path()
        if not path.is_file():
            return None
        try:
            return ListLibrary(path, rekey=False)
        except (OsintDeskError, OSError, sqlite3.Error):
            return None

    def _unlink(self, entity_id: str) -> None:
        session, excerpt_id = self.session, self.excerpt_id
        if session is None or excerpt_id is None:
            return
        inside = focus_within(self.form.linked)
        self._push(lambda: edits.unlink_entity(session, excerpt_id, entity_id),
                   self.form.link_error)
        if inside:
            self.form.link_picker.setFocus(Qt.FocusReason.OtherFocusReason)

    def _add_tag(self, name: str) -> None:
        session, excerpt_id = self.session, self.excerpt_id
        if session is not None and excerpt_id is not None:
            self._push(lambda: edits.add_tag(session, RecordKind.EXCERPT, excerpt_id, name))

    def _remove_tag(self, name: str) -> None:
        session, excerpt_id = self.session, self.excerpt_id
        if session is not None and excerpt_id is not None:
            self._push(lambda: edits.remove_tag(session, RecordKind.EXCERPT, excerpt_id, name))

    def delete_target(self) -> Target | None:
        """The excerpt shown, for Delete… (None when none is)."""
        if self.session is None or self.excerpt_id is None \
                or self.pages.currentWidget() is not self.scroll_area:
            return None
        return Target("excerpt", self.excerpt_id)

    def delete_excerpt(self) -> bool:
        """Ask, then delete the excerpt shown (its links and evidence roles come back on undo)."""
        target = self.delete_target()
        return target is not None and self.session is not None \
            and request_delete(self.session, target, self)

    def copy_citation(self) -> None:
        """``[cite:ID]`` on the clipboard, for the report's Markdown."""
        if self.excerpt_id is not None:
            QGuiApplication.clipboard().setText(f"[cite:{self.excerpt_id}]")

    def _show_in_source(self) -> None:
        if self.session is None or self.excerpt_id is None:
            return
        try:
            excerpt = self.session.store.excerpts.get(self.excerpt_id)
        except NotFoundError:
            return
        self.show_in_source.emit(excerpt.source_id, excerpt.start, excerpt.end)
