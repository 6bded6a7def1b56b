"""One QTextDocument laid out from the report's sanitised HTML, with a Qt-sized stylesheet.

Qt's rich text supports a subset of CSS (no ``::before``, no ``max-width``), so the document
gets its own stylesheet, and internal links (to the notes) are turned into plain text: a PDF
or ODT may carry only http(s) links and nothing a reader could not follow.
"""

from __future__ import annotations

import os
import re

from PySide6.QtGui import QFont, QGuiApplication, QTextDocument

from osint_desk.core.report.html import body_html
from osint_desk.core.store.records import CaseMeta

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


def qt_html(markdown_text: str, *, section_breaks: bool = True) -> str:
    """The HTML handed to Qt: sanitised body, internal links as plain text, tables bordered.

    The handling marking is not repeated in the text: the PDF prints it on every page and the
    cover states it."""
    body = body_html(markdown_text)
    body = _INTERNAL_LINK.sub(r"\1", _BACKREF.sub("", body))
    if section_breaks:
        body = _BIG_SECTION.sub(r'<h2 style="page-break-before: always"\1>\2</h2>', body)
    body = body.replace("<table>", '<table border="1" cellspacing="0" cellpadding="4"'
                        ' width="100%">')
    return f"<html><body>{body}</body></html>"


def build_document(markdown_text: str, meta: CaseMeta, *,
                   section_breaks: bool = True) -> QTextDocument:
    ensure_gui_application()
    document = QTextDocument()
    document.setDefaultStyleSheet(QT_CSS)
    document.setDefaultFont(QFont("DejaVu Serif", 10))
    document.setMetaInformation(QTextDocument.MetaInformation.DocumentTitle, meta.title)
    document.setHtml(qt_html(markdown_text, section_breaks=section_breaks))
    return document
