"""Quick search (Ctrl+K): one box over the whole case, results as you type.

The store's search is fast (well under 20 ms), so it runs on the GUI thread after a short
debounce. Snippets come from outside content, so they are painted from ESCAPED text with our
own marks at the match spans: a snippet can never inject markup or load anything.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QObject,
    QRect,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QPainter,
    QPalette,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
    QListView,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from osint_desk.core.errors import OsintDeskError
from osint_desk.core.store.records import SearchHit
from osint_desk.ui.models.search_model import (
    HIGHLIGHTS_ROLE,
    ID_ROLE,
    KIND_ROLE,
    KIND_TAGS,
    PARENT_ROLE,
    SNIPPET_ROLE,
    AnyIndex,
    SearchResultsModel,
)
from osint_desk.ui.session import CaseSession

LIMIT = 50
DEBOUNCE_MS = 120
KIND_COLOURS = {"source": "#1f6feb", "excerpt": "#1a7f37", "entity": "#8250df",
                "relationship": "#bc4c00", "sanction": "#cf222e", "case": "#57606a"}
SNIPPET_LINES = 2
PAD = 6


def snippet_html(snippet: str, highlights: tuple[tuple[int, int], ...] | list[Any],
                 mark_style: str = "") -> str:
    """Escaped snippet text with ``<b>`` marks at the (start, end) spans; nothing else."""
    out, pos = [], 0
    style = f' style="{mark_style}"' if mark_style else ""
    for first, last in sorted((int(a), int(b)) for a, b in highlights):
        start, end = max(first, pos), min(last, len(snippet))
        if start >= end:
            continue
        out.append(html.escape(snippet[pos:start]))
        out.append(f"<b{style}>{html.escape(snippet[start:end])}</b>")
        pos = end
    out.append(html.escape(snippet[pos:]))
    return "".join(out)


class SearchHitDelegate(QStyledItemDelegate):
    """Paints a kind tag, the label, and up to two lines of snippet with the matches marked."""

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        tag_font, label_font = QFont(option.font), QFont(option.font)
        if option.font.pointSizeF() > 0:  # (a pixel-sized font keeps its size)
            tag_font.setPointSizeF(max(6.0, option.font.pointSizeF() * 0.8))
        tag_font.setBold(True)
        label_font.setBold(True)
        return tag_font, label_font

    def _tag_width(self, tag_font: QFont) -> int:
        metrics = QFontMetrics(tag_font)
        return max(metrics.horizontalAdvance(tag) for tag in KIND_TAGS.values()) + 12

    def document(self, index: AnyIndex, option: QStyleOptionViewItem, width: float,
                 selected: bool = False) -> QTextDocument:
        """The snippet as a rich-text document made only from escaped text and our marks."""
        dark = option.palette.color(QPalette.ColorRole.Base).lightness() < 128
        mark = "" if selected else (
            "background-color: #6b5310; color: #fff4cc;" if dark
            else "background-color: #ffe27a; color: #1b1b1b;")
        doc = QTextDocument()
        doc.setDocumentMargin(0)
        doc.setDefaultFont(option.font)
        doc.setHtml(snippet_html(index.data(SNIPPET_ROLE) or "",
                                 index.data(HIGHLIGHTS_ROLE) or [], mark))
        doc.setTextWidth(width)
        return doc

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        group = QPalette.ColorGroup.Active
        text_colour = opt.palette.color(group, QPalette.ColorRole.HighlightedText if selected
                                        else QPalette.ColorRole.Text)
        muted = text_colour if selected else opt.palette.color(
            group, QPalette.ColorRole.PlaceholderText)
        tag_font, label_font = self._fonts(opt)
        rect = opt.rect.adjusted(PAD, PAD, -PAD, -PAD)
        kind = str(index.data(KIND_ROLE))
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        label_metrics = QFontMetrics(label_font)
        tag_rect = QRect(rect.left(), rect.top() + 1, self._tag_width(tag_font),
                         label_metrics.height() - 2)
        colour = QColor(KIND_COLOURS.get(kind, "#57606a"))
        background = QColor(255, 255, 255, 60) if selected else QColor(
            colour.red(), colour.green(), colour.blue(), 36)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(background)
        painter.drawRoundedRect(tag_rect, 4, 4)
        painter.setFont(tag_font)
        dark = opt.palette.color(QPalette.ColorRole.Base).lightness() < 128
        painter.setPen(text_colour if selected else (colour.lighter(160) if dark else colour))
        painter.drawText(tag_rect, Qt.AlignmentFlag.AlignCenter, KIND_TAGS.get(kind, kind))
        left = tag_rect.right() + PAD * 2
        width = max(10, rect.right() - left)
        painter.setFont(label_font)
        painter.setPen(text_colour)
        label = label_metrics.elidedText(str(index.data()), Qt.TextElideMode.ElideRight, width)
        painter.drawText(QRect(left, rect.top(), width, label_metrics.height()),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, label)
        doc = self.document(index, opt, width, selected)
        painter.translate(left, rect.top() + label_metrics.height() + 2)
        clip = QRectF(0, 0, width, self._visible_height(doc))
        painter.setClipRect(clip)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette.setColor(QPalette.ColorRole.Text, muted)
        context.clip = clip
        doc.documentLayout().draw(painter, context)
        painter.restore()

    @staticmethod
    def _visible_height(doc: QTextDocument) -> float:
        """The height of the first ``SNIPPET_LINES`` lines, so no line is cut in half."""
        layout = doc.begin().layout()
        if layout is None or layout.lineCount() <= SNIPPET_LINES:
            return doc.size().height()
        return layout.lineAt(SNIPPET_LINES - 1).rect().bottom()

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        _tag_font, label_font = self._fonts(option)
        lines = QFontMetrics(option.font).lineSpacing() * SNIPPET_LINES
        height = PAD * 2 + QFontMetrics(label_font).height() + 2 + lines + 2
        return QSize(max(200, option.rect.width()), height)


class QuickSearchDialog(QDialog):
    """Type, move with Up/Down (focus stays in the box), Enter opens, Esc closes.

    ``open_hit(kind, id, parent_id or "")``; the dialog deletes itself when closed.
    """

    open_hit = Signal(str, str, str)

    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.searched = ""  # the query whose results are shown
        self.setWindowTitle("Quick search")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.box = QLineEdit()
        self.box.setAccessibleName("Quick search")
        self.box.setPlaceholderText("Search sources, excerpts, cards, relationships, sanctions…")
        self.box.setClearButtonEnabled(True)
        font = self.box.font()
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * 1.15)
            self.box.setFont(font)
        self.box.installEventFilter(self)
        self.model = SearchResultsModel(self)
        self.results = QListView()
        self.results.setModel(self.model)
        self.results.setItemDelegate(SearchHitDelegate(self.results))
        self.results.setAccessibleName("Search results")
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.results.setUniformItemSizes(True)
        self.results.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.clicked.connect(self._open)
        self.empty = QLabel()
        self.empty.setTextFormat(Qt.TextFormat.PlainText)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setAccessibleName("Search status")
        self.empty.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.results)
        self.pages.addWidget(self.empty)
        self.status = QLabel()
        self.status.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout = QVBoxLayout(self)
        layout.addWidget(self.box)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.status)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.run_search)
        self.box.textChanged.connect(lambda _text: self.timer.start())
        self.resize(640, 420)
        self.run_search()

    def set_query(self, text: str) -> None:
        """Fill the box and search at once (e.g. a tag clicked elsewhere)."""
        self.box.setText(text)
        self.timer.stop()
        self.run_search()

    def run_search(self) -> None:
        query = self.box.text().strip()
        self.searched = query
        hits: list[SearchHit] = []
        message = ""
        if not query:
            message = ("Type to search the whole case: sources, excerpts, cards, "
                       "relationships and sanctions.")
        else:
            try:
                hits = self.session.store.search(query, limit=LIMIT)
            except OsintDeskError as exc:
                message = str(exc)
            if not hits and not message:
                message = f"No results for “{query}”"
        self.model.set_hits(hits)
        if hits:
            self.results.setCurrentIndex(self.model.index(0))
            self.pages.setCurrentWidget(self.results)
            more = " (the best 50)" if len(hits) >= LIMIT else ""
            count = f"{len(hits)} result{'' if len(hits) == 1 else 's'}{more}"
            self.status.setText(f"{count}   ·   ↑↓ move   ·   Enter opens   ·   Esc closes")
        else:
            self.empty.setText(message)
            self.pages.setCurrentWidget(self.empty)
            self.status.setText("")

    def no_results(self) -> bool:
        """True when the query in the box has been run and found nothing."""
        query = self.box.text().strip()
        return bool(query) and self.searched == query and self.model.rowCount() == 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.box and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
                QApplication.sendEvent(self.results, event)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self.timer.isActive():  # typed faster than the debounce: search first
                    self.timer.stop()
                    self.run_search()
                self._open(self.results.currentIndex())
                return True
        return super().eventFilter(watched, event)

    def _open(self, index: AnyIndex) -> None:
        if not index.isValid():
            return
        self.open_hit.emit(str(index.data(KIND_ROLE)), str(index.data(ID_ROLE)),
                           str(index.data(PARENT_ROLE) or ""))
        self.accept()
