"""Page boundaries of a paged source (a PDF), shown without touching the text.

A page that starts a line gets a gap above it (a block margin: no characters added) with a
dashed rule and "— page 2 —" painted in it; a page that starts mid-line gets a thin bar at the
exact place and "p. 2" in the margin. Offsets into the text stay exactly as they were.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont, QPainter, QPalette, QPen, QTextBlockFormat, QTextCursor
from PySide6.QtWidgets import QTextEdit

from osint_desk.ui.reader.marks import utf16_positions


@dataclass(frozen=True, slots=True)
class PageMarker:
    position: int  # UTF-16 position where the page starts
    label: str  # "page 2", or "pages 2–3" when empty pages share the start
    line_start: bool  # the page starts a line (else mid-line)


def page_markers(text: str, page_map: tuple[int, ...] | None) -> list[PageMarker]:
    """One marker per distinct page start inside the text."""
    if not page_map:
        return []
    positions = utf16_positions(text, [offset for offset in page_map if offset < len(text)])
    markers = []
    for offset, group in groupby(enumerate(page_map, 1), key=lambda item: item[1]):
        numbers = [number for number, _ in group]
        if offset >= len(text):
            continue  # empty pages at the very end have no text to mark
        label = (f"page {numbers[0]}" if len(numbers) == 1
                 else f"pages {numbers[0]}–{numbers[-1]}")
        markers.append(PageMarker(positions[offset], label,
                                  offset == 0 or text[offset - 1] == "\n"))
    return markers


def page_gap(view: QTextEdit) -> float:
    """The height of the gap above a page that starts a line."""
    return view.fontMetrics().height() * 2.2


def open_gaps(view: QTextEdit, markers: list[PageMarker]) -> None:
    """Give each page that starts a line (after the first) a top margin to draw in.

    The first block's top margin would collapse into the frame's, so the view widens its
    frame's top margin for a page starting at 0 instead.
    """
    for marker in markers:
        if marker.line_start and marker.position > 0:
            gap = QTextBlockFormat()
            gap.setTopMargin(page_gap(view))
            block = view.document().findBlock(marker.position)
            QTextCursor(block).mergeBlockFormat(gap)


def paint_markers(view: QTextEdit, markers: list[PageMarker], column: QRect) -> None:
    """Paint the rules and labels over the viewport; ``column`` is the text column."""
    painter = QPainter(view.viewport())
    muted = view.palette().color(QPalette.ColorRole.PlaceholderText)
    small = QFont(view.font())
    small.setPointSizeF(view.font().pointSizeF() * 0.8)
    painter.setFont(small)
    metrics = painter.fontMetrics()
    gap = page_gap(view)
    height = view.viewport().height()
    for marker in markers:
        cursor = QTextCursor(view.document())
        cursor.setPosition(marker.position)
        line = view.cursorRect(cursor)
        if line.bottom() < 0 or line.top() - gap > height:
            continue
        if marker.line_start:
            y = int(line.top() - gap / 2)
            text = f"— {marker.label} —"
            width = metrics.horizontalAdvance(text) + 16
            middle = column.left() + column.width() // 2
            painter.setPen(QPen(muted, 1, Qt.PenStyle.DashLine))
            painter.drawLine(column.left(), y, middle - width // 2, y)
            painter.drawLine(middle + width // 2, y, column.right(), y)
            painter.setPen(muted)
            painter.drawText(QRect(middle - width // 2, y - metrics.height(), width,
                                   2 * metrics.height()), Qt.AlignmentFlag.AlignCenter, text)
        else:
            painter.setPen(QPen(muted, 2))
            painter.drawLine(line.left(), line.top(), line.left(), line.bottom())
            short = marker.label.replace("pages ", "pp. ").replace("page ", "p. ")
            painter.setPen(muted)
            painter.drawText(QRect(0, line.top(), column.left() - 8, line.height()),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, short)
    painter.end()
