"""One QTextDocument laid out from the report's sanitised HTML, with a Qt-sized stylesheet.

Qt's rich text supports a subset of CSS (no ``::before``, no ``max-width``), so the document
gets its own stylesheet, and internal links (to the notes) are turned into plain text: a PDF
or ODT may carry only http(s) links and nothing a reader could not follow.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping

from PySide6.QtCore import QByteArray, QUrl
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter, QTextDocument
from PySide6.QtSvg import QSvgRenderer

from osint_desk.core.report.figures import Figure
from osint_desk.core.report.html import body_html
from osint_desk.core.store.records import CaseMeta

FIGURE_PIXELS = 2000  # a chart's image: sharp in print at the page's width
FIGURE_WIDTH = 640  # its width in the text, in the layout's pixels

# Margins in px: Qt's rich text ignores margins given in pt.
QT_CSS = """
body { font-family: "DejaVu Serif", "Noto Serif", Georgia, serif; font-size: 10pt;
       color: #1b1b1b; }
h1 { font-family: "DejaVu Sans", "Noto Sans", Arial, sans-serif; font-size: 20pt;
     color: #10243e; margin-top: 0; margin-bottom: 11px; }
h2 { font-family: "DejaVu Sans", "Noto Sans", Arial, sans-serif; font-size: 14pt;
     color: #1f3a5f; margin-top: 29px; margin-bottom: 8px; }
h3 { font-family: "DejaVu Sans", "Noto Sans", Arial, sans-serif; font-size: 11.5pt;
     color: #1f3a5f; margin-top: 16px; margin-bottom: 5px; }
h4 { font-family: "DejaVu Sans", "Noto Sans", Arial, sans-serif; font-size: 9.5pt;
     color: #1f3a5f; margin-top: 10px; margin-bottom: 4px; }
p, li { margin-bottom: 5px; }
table { border-color: #c9d1db; border-style: solid; margin-top: 5px; margin-bottom: 11px; }
th { background-color: #eef2f7; font-family: "DejaVu Sans", Arial, sans-serif;
     font-size: 8.5pt; font-weight: bold; }
td { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 8.5pt; }
blockquote { margin-left: 19px; color: #333333; }
code { font-family: "DejaVu Sans Mono", monospace; font-size: 7.5pt; color: #444444; }
a { color: #1f4e8c; }
sup { font-size: 7.5pt; font-weight: bold; color: #1f4e8c; }
div.footnote { font-size: 8.5pt; }
"""
_BACKREF = re.compile(r'<a\b[^>]*class="footnote-backref"[^>]*>.*?</a>', re.DOTALL)
# Where no layout decides (ODT, reflowed by the reader's word processor), the reference parts
# start on a new page; the PDF decides from its layout (``pagination``).
_BIG_SECTION = re.compile(r'<h2( id="notes")?>(Evidence appendix|Notes)</h2>')
_INTERNAL_LINK = re.compile(r'<a\b[^>]*href="#[^"]*"[^>]*>(.*?)</a>', re.DOTALL)


def ensure_gui_application() -> QGuiApplication:
    """Text layout needs a QGuiApplication; without a display, the offscreen platform."""
    app = QGuiApplication.instance()
    if app is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QGuiApplication(["osint-desk"])
    assert isinstance(app, QGuiApplication)
    return app


def _figure_resource(chart_id: str, _figure: Figure) -> str:
    return f'<p align="center"><img src="chart-{chart_id}" width="{FIGURE_WIDTH}"></p>'


def qt_html(markdown_text: str, *, section_breaks: bool = True,
            figures: Mapping[str, Figure] | None = None) -> str:
    """The HTML handed to Qt: sanitised body, internal links as plain text, tables bordered,
    each chart an image resource (``add_figures``).

    The handling marking is not repeated in the text: the PDF prints it on every page and the
    cover states it."""
    body = body_html(markdown_text, figures if figures is not None else {}, _figure_resource)
    body = _INTERNAL_LINK.sub(r"\1", _BACKREF.sub("", body))
    if section_breaks:
        body = _BIG_SECTION.sub(r'<h2 style="page-break-before: always"\1>\2</h2>', body)
    body = body.replace("<table>", '<table border="1" cellspacing="0" cellpadding="4"'
                        ' width="100%">')
    return f"<html><body>{body}</body></html>"


def add_figures(document: QTextDocument, figures: Mapping[str, Figure]) -> None:
    """Each chart's SVG drawn once into an image the document shows (and the ODT embeds);
    Qt's SVG renderer reads SVG Tiny, which is what ``core.chart.svg`` writes."""
    for chart_id, figure in figures.items():
        renderer = QSvgRenderer(QByteArray(figure.svg.encode("utf-8")))
        size = renderer.defaultSize()
        if not renderer.isValid() or size.width() <= 0:
            continue
        scale = FIGURE_PIXELS / size.width()
        image = QImage(FIGURE_PIXELS, max(1, round(size.height() * scale)),
                       QImage.Format.Format_RGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        document.addResource(QTextDocument.ResourceType.ImageResource,
                             QUrl(f"chart-{chart_id}"), image)


def build_document(markdown_text: str, meta: CaseMeta, *, section_breaks: bool = True,
                   figures: Mapping[str, Figure] | None = None) -> QTextDocument:
    ensure_gui_application()
    document = QTextDocument()
    add_figures(document, figures or {})
    document.setDefaultStyleSheet(QT_CSS)
    document.setDefaultFont(QFont("DejaVu Serif", 10))
    document.setMetaInformation(QTextDocument.MetaInformation.DocumentTitle, meta.title)
    document.setHtml(qt_html(markdown_text, section_breaks=section_breaks, figures=figures))
    return document
