"""What a capture said about itself, for Source properties: its integrity, its container, its
metadata. Read-only: the store refuses to change any of it once a source is stored."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QPlainTextEdit

from osint_desk.core.errors import NotFoundError
from osint_desk.core.safe_text import for_display
from osint_desk.core.store import CaseStore
from osint_desk.core.store.records import Source

INTEGRITY_TEXT = {
    "valid": "Valid — the capture's own digests match its bytes",
    "mismatch": "MISMATCH — the capture's own digests do not match: changed since captured",
    "absent": "Absent — the capture carries no digests to check",
}
#: Lines of metadata shown; a WARC's listing can be long and the full JSON is in exports.
MAX_LINES = 200
_VALUE_CHARS = 300


def metadata_lines(capture: Mapping[str, Any], prefix: str = "", depth: int = 0,
                   ) -> Iterator[str]:
    """``key: value`` lines, nested keys joined with dots, long values cut."""
    for key, value in capture.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping) and depth < 4:
            yield from metadata_lines(value, f"{name}.", depth + 1)
        elif isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            yield f"{name}: " + ", ".join(value)[:_VALUE_CHARS]
        else:
            text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
            yield f"{name}: {' '.join(str(text).split())[:_VALUE_CHARS]}"


FORMAT_NAMES = {"mhtml": "MHTML capture", "warc": "WARC file", "warc-record": "WARC record",
                "wacz": "WACZ package", "singlefile": "SingleFile page", "eml": "e-mail",
                "eml-attachment": "mail attachment", "docx": "Word document",
                "image": "image"}


def container_text(store: CaseStore, source: Source) -> str:
    """“Title” (file name) of the source ``source`` was found inside, "" if none."""
    if source.part_of is None:
        return ""
    try:
        parent = store.sources.get(source.part_of, include_deleted=True)
    except NotFoundError:
        return f"{source.part_of} (not in this case)"
    return f"“{parent.title}” ({parent.original_filename or parent.id})"


def capture_summary(store: CaseStore, source: Source) -> tuple[str, bool]:
    """One line for the reader's header — the format, the container, the integrity verdict —
    and whether it is a mismatch (shown as a warning); ("", False) for a plain source."""
    pieces = []
    if source.capture and isinstance(source.capture.get("format"), str):
        fmt = source.capture["format"]
        pieces.append(FORMAT_NAMES.get(fmt, fmt))
    if source.part_of is not None:
        pieces.append(f"found inside {container_text(store, source)}")
    if source.integrity is not None:
        pieces.append(INTEGRITY_TEXT.get(source.integrity, source.integrity))
    return " · ".join(pieces), source.integrity == "mismatch"


def capture_box(store: CaseStore, source: Source) -> QGroupBox | None:
    """The "Capture" group, or None for a source that came from no capture format."""
    if source.capture is None and source.integrity is None and source.part_of is None:
        return None
    box = QGroupBox("Capture")
    form = QFormLayout(box)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    if source.integrity is not None:
        verdict = QLabel(INTEGRITY_TEXT.get(source.integrity, source.integrity))
        verdict.setObjectName("captureIntegrity")
        verdict.setWordWrap(True)
        if source.integrity == "mismatch":
            verdict.setStyleSheet("font-weight: bold; color: #b00020")
        form.addRow("Integrity:", verdict)
    if source.part_of is not None:
        # The container's title comes from the capture: plain text with its controls shown,
        # never markup a QLabel would guess to be rich text.
        container = QLabel(for_display(container_text(store, source)))
        container.setTextFormat(Qt.TextFormat.PlainText)
        container.setObjectName("captureContainer")
        container.setWordWrap(True)
        form.addRow("Found inside:", container)
    if source.capture:
        lines = list(metadata_lines(source.capture))
        if len(lines) > MAX_LINES:
            lines = [*lines[:MAX_LINES], f"… {len(lines) - MAX_LINES} more (see the JSON export)"]
        details = QPlainTextEdit("\n".join(lines))
        details.setObjectName("captureMetadata")
        details.setReadOnly(True)
        details.setAccessibleName("What the capture says about itself")
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        details.setFont(mono)
        details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        rows = min(len(lines), 5) + 1  # scrolls past five: the dialog must fit 1280×800
        details.setFixedHeight(details.fontMetrics().lineSpacing() * rows + 12)
        form.addRow("Metadata:", details)
    return box
