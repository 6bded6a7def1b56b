"""OpenDocument Text through QTextDocumentWriter (Qt's ODF writer: content.xml, styles)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from PySide6.QtGui import QTextDocumentWriter

from osint_desk.core.errors import OsintDeskError
from osint_desk.core.report.figures import Figure
from osint_desk.core.store.records import CaseMeta
from osint_desk.docwriter.document import build_document


def write_odt(markdown_text: str, meta: CaseMeta, out: Path,
              figures: Mapping[str, Figure] | None = None) -> None:
    document = build_document(markdown_text, meta, figures=figures)
    writer = QTextDocumentWriter(str(out), b"odf")
    if not writer.write(document):
        raise OsintDeskError(f"{out}: the ODT file could not be written")
