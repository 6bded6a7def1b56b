"""One source in a centre tab: its details, its text with marks, excerpts cut from it.

The reader never edits the store itself: a new excerpt is an undoable command pushed on the
session, and the reader redraws when the session says excerpts, cards or the source changed.
Qt selections are converted to Python offsets by ``core.text`` only.
"""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QCursor, QKeyEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QMenu,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from osint_desk.core.errors import NotFoundError, OsintDeskError
from osint_desk.core.extract import FoldedText
from osint_desk.core.model import RecordKind
from osint_desk.core.safe_text import for_display
from osint_desk.core.store.excerpts import check_range
from osint_desk.core.store.records import Excerpt, Source
from osint_desk.core.text import qt_text_to_python
from osint_desk.ui.capture_details import capture_summary
from osint_desk.ui.deleting import Target, action_text, request_delete
from osint_desk.ui.operations import edits
from osint_desk.ui.reader.find_bar import FindBar
from osint_desk.ui.reader.header import SourceHeader
from osint_desk.ui.reader.marks import Span, credibility_label, quote_range, utf16_positions
from osint_desk.ui.reader.mentions import find_mentions
from osint_desk.ui.reader.message_bar import MessageBar
from osint_desk.ui.reader.picture import SourcePicture
from osint_desk.ui.reader.text_view import SourceTextView, matching_action
from osint_desk.ui.session import CaseSession

if TYPE_CHECKING:  # the dialog (and the Markdown it renders) loads when first opened
    from osint_desk.ui.source_properties import SourcePropertiesDialog

TAB_TITLE_CHARS = 40
DELETED = ("This source is no longer in the case: it was deleted, or the paste or import "
           "that added it was undone.\n\nUndo (Ctrl+Z) or Redo (Ctrl+Shift+Z) brings it back;"
           " otherwise close this tab.")


def _short(text: str, width: int) -> str:
    """One line, cut to ``width``, controls and bidi overrides shown as marks."""
    text = " ".join(for_display(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


class SourceReader(QWidget):
    """Reads one source; cuts excerpts from the selection; marks excerpts and card names."""

    card_requested = Signal(str)  # entity id: a marked name was clicked
    excerpt_selected = Signal(str)  # excerpt id: clicked in the text, or just cut
    excerpt_created = Signal(str)  # excerpt id
    message_shown = Signal(str)  # what the message bar says, for a status bar to echo

    def __init__(self, session: CaseSession, source_id: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.source_id = source_id
        self.source: Source | None = None
        self.excerpts: list[Excerpt] = []
        self._folded = FoldedText("")
        self._names_stale = False
        self.header = SourceHeader()
        self.message_bar = MessageBar()
        self.find_bar = FindBar()
        self.find_bar.hide()
        self.view = SourceTextView()
        self.picture = SourcePicture()  # shown for image sources, above their description
        self._build_layout()
        self._build_actions()
        self.find_bar.matches_changed.connect(lambda spans: self.view.set_marks(finds=spans))
        self.find_bar.match_selected.connect(self.view.select_utf16)
        self.find_bar.closed.connect(self._find_closed)
        self.view.mention_clicked.connect(self._open_card)
        self.view.excerpt_clicked.connect(self._excerpt_clicked)
        self.view.selectionChanged.connect(self._update_actions)
        session.changed.connect(self._on_changed)
        session.reloaded.connect(self.reload)
        self.reload()

    def _build_layout(self) -> None:
        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setFrameShadow(QFrame.Shadow.Sunken)
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        for widget in (self.header, rule, self.find_bar):
            column.addWidget(widget)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.picture)
        self.splitter.addWidget(self.view)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        column.addWidget(self.splitter, 1)
        self.message_bar.attach(self.view)  # floats over the text: never moves it
        self.deleted_label = QLabel(DELETED)
        self.deleted_label.setWordWrap(True)
        self.deleted_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.deleted_label.setMargin(40)
        self.pages = QStackedWidget()
        self.pages.addWidget(content)
        self.pages.addWidget(self.deleted_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        self.setFocusProxy(self.view)
        chain: list[QWidget] = [self.header.title, self.header.values["url"],
                                *self.header.copy_buttons.values(), self.header.edit_button,
                                self.view, self.find_bar.edit, self.find_bar.previous_button,
                                self.find_bar.next_button, self.find_bar.close_button]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _build_actions(self) -> None:
        self.new_excerpt_action = QAction("New excerpt", self)
        self.new_excerpt_action.setShortcut(QKeySequence("Ctrl+E"))
        self.new_excerpt_action.setToolTip("Cut an excerpt from the selected words (Ctrl+E)")
        self.new_excerpt_action.setStatusTip("Cut an excerpt from the selected words")
        self.new_excerpt_action.triggered.connect(self.new_excerpt)
        self.find_action = QAction("Find in source…", self)
        self.find_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Find))
        self.find_action.setToolTip("Find words in this source (Ctrl+F)")
        self.find_action.setStatusTip("Find words in this source")
        self.find_action.triggered.connect(self.open_find)
        for action in (self.new_excerpt_action, self.find_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)
        self.view.context_actions = [self.new_excerpt_action, self.find_action]
        self.properties_action = QAction("Source properties…", self)
        self.properties_action.setStatusTip(
            "Edit the title, outlet, author, URL, dates, reliability and notes of this source")
        self.properties_action.triggered.connect(self.edit_properties)
        self.header.edit_requested.connect(self.edit_properties)
        self.header.set_editable(not self.session.read_only)
        self.view.context_actions.append(self.properties_action)
        # Delete… items of the context menu, for the excerpt under the mouse and the source
        # (no shortcut here: the Delete key is the window's Delete…, see ``ui.deleting``).
        self._menu_excerpt = ""
        self.delete_excerpt_action = QAction("Delete excerpt…", self)
        self.delete_excerpt_action.triggered.connect(
            lambda: self._delete(Target("excerpt", self._menu_excerpt)))
        self.delete_source_action = QAction("Delete source…", self)
        self.delete_source_action.triggered.connect(
            lambda: self._delete(Target("source", self.source_id)))
        self.view.context_actions += [self.delete_excerpt_action, self.delete_source_action]
        self.view.viewport().installEventFilter(self)

    def tab_title(self) -> str:
        if self.source is None:
            return "Deleted source"
        return _short(self.source.title, TAB_TITLE_CHARS)

    # -- loading and refreshing --------------------------------------------------------------

    def reload(self) -> None:
        """Read everything again from the store; the scroll position stays where it was."""
        if self._load_source():
            self._load_names()
            self._load_excerpts()
            if self.find_bar.isVisible():
                self.find_bar.search(move=False)

    def _on_changed(self, kind: RecordKind, public_id: str) -> None:
        if kind is RecordKind.SOURCE and public_id in (self.source_id, ""):
            self.reload()
        elif self.source is None:
            return
        elif kind is RecordKind.EXCERPT:
            self._load_excerpts()
        elif kind is RecordKind.ENTITY:
            # Names are the costly part (every card and alias): a hidden tab waits until shown.
            self._names_stale = True
            if self.isVisible():
                self._load_names()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._names_stale and self.source is not None:
            self._load_names()

    def _load_source(self) -> bool:
        try:
            source = self.session.store.sources.get(self.source_id)
        except NotFoundError:
            self.source = None
            self.pages.setCurrentWidget(self.deleted_label)
            self._update_actions()
            return False
        self.source = source
        self.header.set_source(source)
        self.header.set_capture(*capture_summary(self.session.store, source))
        self.picture.show_source(self.session.store, source)
        if self.view.text != source.text:
            self.view.set_source_text(source.text, source.page_map)
            self._folded = FoldedText(source.text)
            self.find_bar.set_text(self._folded)
        self.pages.setCurrentIndex(0)
        if not self.view.offsets_ok:
            self.show_message("This text cannot be shown with exact offsets, so excerpts "
                              "cannot be cut here.", warning=True)
        self._update_actions()
        return True

    def _load_excerpts(self) -> None:
        assert self.source is not None
        text = self.source.text
        self.excerpts = self.session.store.excerpts.for_source(self.source_id)
        at = utf16_positions(text, [o for e in self.excerpts for o in (e.start, e.end)])
        self.view.set_marks(excerpts=[
            (Span(at[e.start], at[e.end], e.id, credibility_label(e.credibility)), e.credibility)
            for e in self.excerpts])

    def _load_names(self) -> None:
        assert self.source is not None
        self._names_stale = False
        every = self.session.store.entities.all_names()
        labels = {entity_id: name for entity_id, name, alias in every if not alias}
        mentions = find_mentions(self._folded, [(entity_id, name)
                                                for entity_id, name, _alias in every])
        at = utf16_positions(self.source.text, [o for m in mentions for o in (m.start, m.end)])
        self.view.set_marks(names=[
            Span(at[m.start], at[m.end], m.entity_id, labels.get(m.entity_id, m.name))
            for m in mentions])

    def _update_actions(self) -> None:
        self.new_excerpt_action.setEnabled(
            self.source is not None and not self.session.read_only and self.view.offsets_ok
            and self.view.textCursor().hasSelection())
        self.find_action.setEnabled(self.source is not None)
        self.properties_action.setEnabled(self.source is not None)

    def show_message(self, text: str, *, warning: bool = False) -> None:
        self.message_bar.show_message(text, warning=warning)
        self.message_shown.emit(text)

    def edit_properties(self) -> SourcePropertiesDialog | None:
        """Open the Source properties dialog (view only in a read-only case)."""
        if self.source is None:
            return None
        from osint_desk.ui.source_properties import open_source_properties

        return open_source_properties(self.session, self.source_id, self)

    # -- deleting ------------------------------------------------------------------------------

    def excerpt_at(self, point: QPoint | None = None) -> str:
        """The excerpt under a viewport point (the shortest), or with no point the one that
        holds the selection (or the cursor); "" for none."""
        if point is not None:
            position = self.view.char_at(point)
            spans = self.view.excerpts_at(position) if position is not None else []
        else:
            cursor = self.view.textCursor()
            start, end = cursor.selectionStart(), cursor.selectionEnd()
            spans = [span for span in self.view.excerpts_at(start) if end <= span.end]
        return spans[0].key if spans else ""

    def delete_target(self) -> Target | None:
        """What Delete… deletes here: the excerpt at the selection, else the source."""
        if self.source is None:
            return None
        excerpt_id = self.excerpt_at()
        return Target("excerpt", excerpt_id) if excerpt_id else Target("source", self.source_id)

    def _delete(self, target: Target) -> None:
        if target.id:
            request_delete(self.session, target, self)

    def prepare_menu(self, point: QPoint) -> None:
        """Name the excerpt under the mouse in the context menu's Delete item."""
        self._menu_excerpt = self.excerpt_at(point)
        writable = self.source is not None and not self.session.read_only
        text = (action_text(self.session.store, Target("excerpt", self._menu_excerpt))
                if self._menu_excerpt else "Delete excerpt…")
        self.delete_excerpt_action.setText(for_display(text))  # it quotes the excerpt
        self.delete_excerpt_action.setEnabled(writable and bool(self._menu_excerpt))
        self.delete_source_action.setEnabled(writable)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view.viewport() and event.type() == QEvent.Type.ContextMenu:
            self.prepare_menu(event.pos())  # type: ignore[attr-defined]
        return super().eventFilter(watched, event)

    # -- excerpts ------------------------------------------------------------------------------

    def new_excerpt(self) -> None:
        """Cut an excerpt from the selection, widened to whole characters, edges trimmed."""
        if self.source is None:
            return
        if self.session.read_only:
            self.show_message("This case is open read-only: excerpts cannot be added.",
                              warning=True)
            return
        cursor = self.view.textCursor()
        if not cursor.hasSelection() or not self.view.offsets_ok:
            self.show_message("Select the words to quote first, then press Ctrl+E.")
            return
        text = self.source.text
        start, end, widened = quote_range(text, cursor.selectionStart(), cursor.selectionEnd())
        same = next((e for e in self.excerpts if (e.start, e.end) == (start, end)), None)
        if same is not None:  # e.g. clicked (which selects an excerpt), then Ctrl+E
            self.show_range(start, end)
            self.show_message("These exact words are already an excerpt; it is selected.")
            self.excerpt_selected.emit(same.id)
            return
        try:
            check_range(text, start, end, None)  # the store's own rule, before the undo stack
            command = self.session.push(
                edits.new_excerpt(self.session, self.source_id, start, end))
        except OsintDeskError as exc:
            self.show_message(f"No excerpt was cut: {exc}", warning=True)
            return
        excerpt_id = command.target_id
        self.show_range(start, end)
        message = f"New excerpt: “{_short(text[start:end], 80)}”"
        if widened:
            message += (" — the selection split a character (an emoji, a flag or an accented"
                        " letter), so it was widened to whole characters.")
        self.show_message(message)
        self.excerpt_created.emit(excerpt_id)
        self.excerpt_selected.emit(excerpt_id)

    def show_range(self, start: int, end: int) -> None:
        """Select ``text[start:end]`` (Python offsets) and scroll it into view."""
        if self.source is None:
            return
        text = self.source.text
        start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
        at = utf16_positions(text, (start, end))
        self.view.select_utf16(at[start], at[end])

    def select_excerpt(self, excerpt_id: str) -> bool:
        """Select one of this source's excerpts in the text; False if it is not here."""
        found = next((e for e in self.excerpts if e.id == excerpt_id), None)
        if found is None and self.source is not None:
            self._load_excerpts()
            found = next((e for e in self.excerpts if e.id == excerpt_id), None)
        if found is None:
            self.show_message("That excerpt is not in this source any more.", warning=True)
            return False
        self.show_range(found.start, found.end)
        return True

    def _excerpt_clicked(self, excerpt_id: str) -> None:
        if self.select_excerpt(excerpt_id):
            self.excerpt_selected.emit(excerpt_id)

    def _open_card(self, entity_ids: list[str]) -> None:
        """One card: open it. Several cards share the name: let the user pick."""
        if len(entity_ids) == 1:
            self.card_requested.emit(entity_ids[0])
            return
        menu = QMenu(self)
        for entity_id in entity_ids:
            try:
                name = self.session.store.entities.get(entity_id).name
            except NotFoundError:
                continue
            action = menu.addAction(for_display(name))
            action.triggered.connect(
                lambda _checked=False, chosen=entity_id: self.card_requested.emit(chosen))
        menu.popup(QCursor.pos())

    # -- find in source ------------------------------------------------------------------------

    def open_find(self) -> None:
        """Open the find bar, prefilled with a short one-line selection."""
        cursor = self.view.textCursor()
        selected = qt_text_to_python(cursor.selectedText())
        prefill = selected if selected and "\n" not in selected and len(selected) <= 80 else ""
        self.find_bar.open_bar(prefill, anchor=cursor.selectionStart())

    def _find_closed(self) -> None:
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- keys: our shortcuts win over the window's while the focus is in this reader ----------

    def _local_action(self, event: QKeyEvent) -> QAction | None:
        return matching_action(event, (self.new_excerpt_action, self.find_action))

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride:
            assert isinstance(event, QKeyEvent)
            if self._local_action(event) is not None:
                event.accept()  # delivered as a key press below, never as an ambiguous shortcut
                return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        action = self._local_action(event)
        if action is self.new_excerpt_action:
            self.new_excerpt()
        elif action is self.find_action:
            self.open_find()
        elif event.key() == Qt.Key.Key_Escape and self.find_bar.isVisible():
            self.find_bar.close_bar()
        else:
            super().keyPressEvent(event)
