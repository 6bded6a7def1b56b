"""The text of a source: read-only, selectable, comfortable to read, with its marks.

The text goes in with ``setPlainText`` only (it is outside content, never HTML). Marks are
character formats (overlapping excerpt tints composed into one colour, so none hides another)
and page boundaries are block margins plus painted rules: the document's characters stay
exactly the source's characters and every offset stays true. Copying gives plain text only, so
highlight colours never travel with a quote. Controls and bidi overrides in the text are shown
as visible marks (``core.safe_text.for_display``), one character for one, so a hidden override
cannot reorder what the analyst reads and the offsets still hold; ``text`` keeps the original.
"""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Iterable

from PySide6.QtCore import QEvent, QMimeData, QPoint, QPointF, QRect, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QContextMenuEvent,
    QFont,
    QHelpEvent,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPaintEvent,
    QResizeEvent,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextOption,
)
from PySide6.QtWidgets import QApplication, QFrame, QMenu, QTextEdit, QToolTip, QWidget

from osint_desk.core.safe_text import for_display
from osint_desk.core.text import index_to_utf16, qt_text_to_python
from osint_desk.ui.reader.marks import Span, excerpt_mark, find_mark, name_mark, runs
from osint_desk.ui.reader.pages import PageMarker, open_gaps, page_gap, page_markers, paint_markers

READING_COLUMN_CHARS = 78  # a comfortable line length
MIN_MARGIN = 28
PAGED_MIN_MARGIN = 64  # room for "p. 2" beside a page that starts mid-line
LINE_HEIGHT = 135  # percent
TOP_MARGIN = 18
PARAGRAPH_GAP = 0.6  # of a line: the space under a paragraph that has no blank line after it
_Move = QTextCursor.MoveOperation


def _columns(line: str) -> int:
    """How wide a line is in character cells: Chinese, Japanese and Korean take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in line)


def paragraphs_without_gaps(text: str) -> bool:
    """True for text whose paragraphs are one line each with no blank line between them (what
    a web page's extraction gives): the view then spaces them, as a page would. Text with
    blank lines between paragraphs, or hard-wrapped lines (a .txt, a PDF's lines: most under
    80 columns), is shown as it is. Only the view's block margins change, never the text."""
    head = text[:200_000]  # the start tells; a long text is not read whole on opening
    if "\n\n" in head.replace("\r", "") or "\n" not in head.strip():
        return False
    lines = [line for line in head.split("\n", 400)[:400] if line.strip()][:200]
    widths = sorted(_columns(line[:100]) for line in lines)  # up to 80 columns is what counts
    return len(lines) >= 3 and widths[len(widths) // 2] >= 80


def matching_action(event: QKeyEvent, actions: Iterable[QAction]) -> QAction | None:
    """The first of ``actions`` whose shortcut is exactly the key of ``event``."""
    pressed = QKeySequence(event.keyCombination())
    for action in actions:
        if any(pressed.matches(key) == QKeySequence.SequenceMatch.ExactMatch
               for key in action.shortcuts()):
            return action
    return None

class SourceTextView(QTextEdit):
    """Shows one source's text; reports clicks on card names and on excerpts."""

    mention_clicked = Signal(list)  # entity ids sharing the clicked name (usually one)
    excerpt_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.setAcceptRichText(False)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.setLineWrapMode(QTextEdit.LineWrapMode.WidgetWidth)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAccessibleName("Source text")
        self.setAccessibleDescription(
            "The captured text of the source. Select words and press Ctrl+E to cut an excerpt.")
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF() * 1.15, 11.0))
        self.setFont(font)
        self.viewport().setMouseTracking(True)
        self.context_actions: list[QAction] = []
        self.text = ""
        self.offsets_ok = True
        self._excerpts: list[tuple[Span, int | None]] = []
        self._names: list[Span] = []
        self._finds: list[Span] = []
        self._pages: list[PageMarker] = []
        self._press: QPoint | None = None
        self._laying_out = False

    # -- content ----------------------------------------------------------------------------

    def set_source_text(self, text: str, page_map: tuple[int, ...] | None = None) -> None:
        """Show ``text`` as plain text; ``page_map`` (page start offsets) adds page rules."""
        self.text = text
        self.setPlainText(for_display(text))  # marks, one for one: offsets stay valid
        # The document must count exactly the UTF-16 units of the text, or offsets would lie.
        self.offsets_ok = self.document().characterCount() - 1 == index_to_utf16(text, len(text))
        cursor = QTextCursor(self.document())
        cursor.select(QTextCursor.SelectionType.Document)
        spacing = QTextBlockFormat()
        spacing.setLineHeight(LINE_HEIGHT,
                              QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        if paragraphs_without_gaps(text):
            spacing.setBottomMargin(self.fontMetrics().height() * PARAGRAPH_GAP)
        cursor.mergeBlockFormat(spacing)
        self._pages = page_markers(text, page_map)
        open_gaps(self, self._pages)
        self._update_margins()
        self._rebuild_marks()

    def page_markers(self) -> list[PageMarker]:
        """The page boundaries shown (none for a source without pages)."""
        return list(self._pages)

    def set_marks(self, excerpts: list[tuple[Span, int | None]] | None = None,
                  names: list[Span] | None = None, finds: list[Span] | None = None) -> None:
        """Replace the given kinds of marks (None leaves that kind as it is)."""
        if excerpts is not None:
            self._excerpts = excerpts
        if names is not None:
            self._names = names
        if finds is not None:
            self._finds = finds
        self._rebuild_marks()

    def _rebuild_marks(self) -> None:
        palette = self.palette()
        layers = [excerpt_mark(span, credibility) for span, credibility in self._excerpts]
        layers += [find_mark(span, palette) for span in self._finds]
        layers += [name_mark(span) for span in self._names]
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.setCharFormat(QTextCharFormat())
        for start, end, fmt in runs(layers, palette):
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            cursor.setCharFormat(fmt)
        cursor.endEditBlock()

    def format_at(self, position: int) -> QTextCharFormat:
        """The look of the character starting at UTF-16 ``position`` (for tests)."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(position + 1)
        return cursor.charFormat()

    def createMimeDataFromSelection(self) -> QMimeData:
        """Copy gives the selected words as plain text (line breaks as "\\n")."""
        data = QMimeData()
        data.setText(qt_text_to_python(self.textCursor().selectedText()))
        return data

    def select_utf16(self, start: int, end: int) -> None:
        """Select ``[start, end)`` and scroll so that its start sits in the upper third."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        top = QTextCursor(self.document())
        top.setPosition(start)
        rect = self.cursorRect(top)
        height = self.viewport().height()
        if rect.top() < 0 or rect.bottom() > height * 2 // 3:
            bar = self.verticalScrollBar()
            bar.setValue(bar.value() + rect.top() - height // 4)

    # -- hit testing ------------------------------------------------------------------------

    def char_at(self, point: QPoint) -> int | None:
        """UTF-16 position of the character under a viewport point; None off the text."""
        offset = QPointF(self.horizontalScrollBar().value(), self.verticalScrollBar().value())
        layout = self.document().documentLayout()
        if layout.hitTest(QPointF(point) + offset, Qt.HitTestAccuracy.ExactHit) < 0:
            return None
        here = self.cursorForPosition(point)
        after, before = QTextCursor(here), QTextCursor(here)
        after.movePosition(_Move.NextCharacter)
        before.movePosition(_Move.PreviousCharacter)
        for first, second in ((here, after), (before, here)):
            if first.position() == second.position():
                continue
            a, b = self.cursorRect(first), self.cursorRect(second)
            if a.top() != b.top():
                continue  # the character ends a wrapped line
            low, high = sorted((a.left(), b.left()))
            if low <= point.x() <= high and a.top() <= point.y() <= a.bottom():
                return first.position()
        return None

    def names_at(self, position: int) -> list[Span]:
        return [span for span in self._names if span.contains(position)]

    def excerpts_at(self, position: int) -> list[Span]:
        """Excerpts covering ``position``, the shortest (most specific) first."""
        spans = [span for span, _cred in self._excerpts if span.contains(position)]
        return sorted(spans, key=lambda span: span.end - span.start)

    # -- events -----------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._press = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        press, self._press = self._press, None
        point = event.position().toPoint()
        if (event.button() != Qt.MouseButton.LeftButton or press is None
                or (point - press).manhattanLength() >= QApplication.startDragDistance()
                or self.textCursor().hasSelection()):
            return
        position = self.char_at(point)
        if position is None:
            return
        names = self.names_at(position)
        if names:
            self.mention_clicked.emit([span.key for span in names])
            return
        excerpts = self.excerpts_at(position)
        if excerpts:
            self.excerpt_clicked.emit(excerpts[0].key)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        super().mouseMoveEvent(event)
        if event.buttons() == Qt.MouseButton.NoButton:
            position = self.char_at(event.position().toPoint())
            on_name = position is not None and bool(self.names_at(position))
            self.viewport().setCursor(Qt.CursorShape.PointingHandCursor if on_name
                                      else Qt.CursorShape.IBeamCursor)

    # -- keys: the reader's actions win over the platform's text-editing bindings ------------

    def action_for_key(self, event: QKeyEvent) -> QAction | None:
        """The context action whose shortcut is exactly this key, if any.

        On X11 (``xcb``) Qt binds MoveToEndOfLine to End *and* Ctrl+E, so without this the
        view would take Ctrl+E as a cursor move and collapse the selection instead of cutting
        an excerpt.
        """
        return matching_action(event, self.context_actions)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride:
            assert isinstance(event, QKeyEvent)
            if self.action_for_key(event) is not None:
                # Comes back as a key press (below): never a cursor move, never an ambiguous
                # shortcut between the reader's action and the window's one with the same key.
                event.accept()
                return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        action = self.action_for_key(event)
        if action is None:
            super().keyPressEvent(event)
        elif action.isEnabled():
            event.accept()
            action.trigger()
        else:
            event.ignore()  # the parent explains (e.g. "select the words first"); no cursor move

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            tip = self.tooltip_at(event.pos())
            if tip:
                # Escaped and wrapped as rich text, so a name like "<b>" shows as typed.
                QToolTip.showText(event.globalPos(), "<html>" + html.escape(tip).replace(
                    "\n", "<br>") + "</html>", self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def tooltip_at(self, point: QPoint) -> str:
        position = self.char_at(point)
        if position is None:
            return ""
        lines = [f"Card: {for_display(span.label)} — click to open"
                 for span in self.names_at(position)]
        for span in self.excerpts_at(position):
            lines.append(f"Excerpt, credibility {span.label} — click to select")
        return "\n".join(lines)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        self.build_context_menu(event.pos()).exec(event.globalPos())

    def build_context_menu(self, point: QPoint) -> QMenu:
        """The standard Copy / Select All menu, led by the reader's own actions."""
        menu = self.createStandardContextMenu(point)
        standard = menu.actions()
        leading: list[QAction] = []
        position = self.char_at(point)
        for span in self.names_at(position) if position is not None else []:
            open_card = QAction(f"Open card “{for_display(span.label)}”", menu)
            open_card.triggered.connect(
                lambda _checked=False, key=span.key: self.mention_clicked.emit([key]))
            leading.append(open_card)
        leading += self.context_actions
        if standard:
            menu.insertActions(standard[0], leading)
            menu.insertSeparator(standard[0])
        else:
            menu.addActions(leading)
        return menu

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._rebuild_marks()

    # -- reading layout -------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_margins()

    def _update_margins(self) -> None:
        """Centre a column of about READING_COLUMN_CHARS characters; never narrower margins."""
        if self._laying_out:
            return
        self._laying_out = True
        try:
            minimum = PAGED_MIN_MARGIN if self._pages else MIN_MARGIN
            width = self.viewport().width()
            column = self.fontMetrics().averageCharWidth() * READING_COLUMN_CHARS
            side = max(minimum, (width - column) // 2)
            root = self.document().rootFrame()
            fmt = root.frameFormat()
            first_page_at_top = bool(self._pages) and self._pages[0].position == 0
            top = TOP_MARGIN + (page_gap(self) if first_page_at_top else 0)
            if (fmt.leftMargin(), fmt.rightMargin(), fmt.topMargin()) != (side, side, top):
                fmt.setLeftMargin(side)
                fmt.setRightMargin(side)
                fmt.setTopMargin(top)
                fmt.setBottomMargin(28)
                root.setFrameFormat(fmt)
        finally:
            self._laying_out = False

    def column_rect(self) -> QRect:
        """The text column in viewport coordinates (for painting and for tests)."""
        fmt = self.document().rootFrame().frameFormat()
        left = int(fmt.leftMargin()) - self.horizontalScrollBar().value()
        width = self.viewport().width() - int(fmt.leftMargin() + fmt.rightMargin())
        return QRect(left, 0, max(0, width), self.viewport().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._pages:
            paint_markers(self, self._pages, self.column_rect())
