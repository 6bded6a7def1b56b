"""Page breaks that Qt's rich text does not make by itself: headings kept with their text,
and the long reference parts started on a fresh page when little of the page is left.

Qt lays a QTextDocument out page by page but knows no ``break-after: avoid``: a heading can
end a page with its text on the next. After layout, each heading whose first lines of text
fall on a later page gets a page break before it, and the layout runs on from there.
"""

from __future__ import annotations

from PySide6.QtGui import QTextBlock, QTextBlockFormat, QTextCursor, QTextDocument, QTextFormat

# The parts that read best from the top of a page; they move there when the page they would
# start on is already more than half full (never leaving most of a page empty).
SECTION_HEADINGS = ("Entity profiles", "Evidence appendix", "Notes")
SECTION_START_LIMIT = 0.5
KEEP_LINES = 3  # lines of text a heading keeps with it


def _page(y: float, page_height: float) -> int:
    return int(y // page_height)


def _lines_end(document: QTextDocument, block: QTextBlock, wanted: int) -> float | None:
    """The bottom of the ``wanted``-th line of text after the heading ``block``, or of the
    last line before the next heading (a heading straight after this one is kept too)."""
    layout = document.documentLayout()
    bottom: float | None = None
    counted = 0
    current = block.next()
    while current.isValid() and counted < wanted:
        text_layout = current.layout()
        is_heading = current.blockFormat().headingLevel() > 0
        if is_heading and counted:
            break
        if current.text().strip() and text_layout is not None and text_layout.lineCount():
            top = layout.blockBoundingRect(current).top() - text_layout.boundingRect().top()
            for index in range(text_layout.lineCount()):
                line = text_layout.lineAt(index)
                bottom = top + line.y() + line.height()
                if not is_heading:
                    counted += 1
                    if counted == wanted:
                        break
        current = current.next()
    return bottom


def _break_before(block: QTextBlock) -> None:
    fmt = QTextBlockFormat()
    fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
    QTextCursor(block).mergeBlockFormat(fmt)


def paginate(document: QTextDocument, page_height: float) -> int:
    """Set the page breaks; returns how many were added. The document's page size must be
    set (its layout gives the positions)."""
    layout = document.documentLayout()
    document.pageCount()  # the whole layout, before any position is read
    added = 0
    block = document.begin()
    while block.isValid():
        level = block.blockFormat().headingLevel()
        if level and block.blockFormat().pageBreakPolicy() == \
                QTextFormat.PageBreakFlag.PageBreak_Auto:
            top = layout.blockBoundingRect(block).top()
            offset = top - _page(top, page_height) * page_height
            at_top = offset < page_height * 0.03
            move = False
            if level == 2 and block.text().strip() in SECTION_HEADINGS:
                move = offset > page_height * SECTION_START_LIMIT
            if not move and not at_top:
                end = _lines_end(document, block, KEEP_LINES)
                move = end is not None and _page(end - 1, page_height) != _page(top,
                                                                                page_height)
            if move and not at_top:
                _break_before(block)
                added += 1
                # The change lays the rest out again, lazily: positions read below (each
                # asks the layout up to its block) are the new ones.
        block = block.next()
    _drop_rules_at_page_tops(document, page_height)
    return added


def _drop_rules_at_page_tops(document: QTextDocument, page_height: float) -> None:
    """A rule between two profiles that lands at the top of a page (or across its edge)
    separates nothing there."""
    layout = document.documentLayout()
    ruler = QTextFormat.Property.BlockTrailingHorizontalRulerWidth
    block = document.begin()
    while block.isValid():
        if block.blockFormat().hasProperty(ruler):
            rect = layout.blockBoundingRect(block)
            top = rect.top()
            if top - _page(top, page_height) * page_height < page_height * 0.03 or \
                    _page(rect.bottom() - 1, page_height) != _page(top, page_height):
                fmt = block.blockFormat()
                fmt.clearProperty(ruler)
                QTextCursor(block).setBlockFormat(fmt)
        block = block.next()
