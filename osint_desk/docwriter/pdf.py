"""PDF through QPdfWriter, page by page, so every page carries the marking and its number.

Why Qt rather than a PDF library: Qt is already here, shapes every script the case can hold
(Arabic, Cyrillic, CJK, emoji) with HarfBuzz and embeds subset fonts, and lays out the same
HTML the other exports use. Its limits: no footnotes (notes are endnotes with numbers), and
only the CSS subset Qt's rich text knows.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)

from osint_desk.core.report.figures import Figure
from osint_desk.core.store.records import CaseMeta
from osint_desk.docwriter.document import build_document
from osint_desk.docwriter.pagination import paginate

HEADER_MM, FOOTER_MM = 9.0, 9.0


def pdf_writer(out: Path, title: str) -> QPdfWriter:
    """An A4 writer at 300 dpi with the report's margins."""
    writer = QPdfWriter(str(out))
    writer.setTitle(title)
    writer.setCreator("OSINT Desk")
    writer.setResolution(300)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                     QPageLayout.Orientation.Portrait,
                                     QMarginsF(18, 14, 18, 14), QPageLayout.Unit.Millimeter))
    return writer


def lay_out(markdown_text: str, meta: CaseMeta, writer: QPdfWriter,
            figures: Mapping[str, Figure] | None = None) -> QTextDocument:
    """The report laid out in pages of the writer's body height (page less header and
    footer), headings kept with their text."""
    document = build_document(markdown_text, meta, section_breaks=False, figures=figures)
    page = writer.pageLayout().paintRectPixels(writer.resolution())
    document.documentLayout().setPaintDevice(writer)
    document.setPageSize(QSizeF(page.width(), body_height(writer)))
    paginate(document, body_height(writer))
    return document


def body_height(writer: QPdfWriter) -> float:
    dots_per_mm = writer.resolution() / 25.4
    page = writer.pageLayout().paintRectPixels(writer.resolution())
    return float(page.height() - (HEADER_MM + FOOTER_MM) * dots_per_mm)


def write_pdf(markdown_text: str, meta: CaseMeta, out: Path,
              figures: Mapping[str, Figure] | None = None) -> int:
    """Write the report to ``out`` (A4); returns the number of pages."""
    writer = pdf_writer(out, meta.title)
    document = lay_out(markdown_text, meta, writer, figures)
    dots_per_mm = writer.resolution() / 25.4
    page = writer.pageLayout().paintRectPixels(writer.resolution())
    header, footer = HEADER_MM * dots_per_mm, FOOTER_MM * dots_per_mm
    body = body_height(writer)
    pages = document.pageCount()
    painter = QPainter(writer)
    try:
        small = QFont("DejaVu Sans", 7)
        for number in range(pages):
            if number:
                writer.newPage()
            painter.save()
            painter.translate(0, header - number * body)
            document.drawContents(painter, QRectF(0, number * body, page.width(), body))
            painter.restore()
            _furniture(painter, small, meta, number + 1, pages, page.width(),
                       page.height(), header, footer)
    finally:
        painter.end()
    return pages


def _furniture(painter: QPainter, font: QFont, meta: CaseMeta, number: int, pages: int,
               width: float, height: float, header: float, footer: float) -> None:
    """The marking above and below every page's text; title and page number below."""
    painter.save()
    painter.setFont(font)
    grey, red = QColor("#555555"), QColor("#8a1c1c")
    top = QRectF(0, 0, width, header * 0.7)
    bottom = QRectF(0, height - footer * 0.7, width, footer * 0.7)
    if meta.marking:
        painter.setPen(red)
        painter.drawText(top, Qt.AlignmentFlag.AlignCenter | Qt.AlignmentFlag.AlignTop,
                         meta.marking)
        painter.drawText(bottom, Qt.AlignmentFlag.AlignCenter | Qt.AlignmentFlag.AlignBottom,
                         meta.marking)
    painter.setPen(grey)
    title = meta.title if len(meta.title) <= 80 else meta.title[:79] + "…"
    above = bottom.translated(0, -footer * 0.35)
    painter.drawText(above, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, title)
    painter.drawText(above, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom,
                     f"Page {number} of {pages}")
    painter.restore()
