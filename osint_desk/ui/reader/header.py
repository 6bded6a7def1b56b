"""The top of a source reader: what the source is, where and when it came from, its hashes.

Every value is outside content, so labels show it as plain text (never rich text), and the
URL is only text: the app never fetches or opens it.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from osint_desk.core.model import RELIABILITY
from osint_desk.core.safe_text import for_display
from osint_desk.core.store.records import Source

EMPTY = "—"


def format_date(value: str | None, precision: str | None, utc: str | None) -> str:
    """A partial date as given ("2022", "2022-12-22"), an instant with its offset and UTC."""
    if not value:
        return EMPTY
    if precision not in ("minute", "second") or "T" not in value:
        return value
    day, clock = value.split("T", 1)
    if clock.endswith("Z"):
        return f"{day} {clock[:-1]} UTC"
    offset = ""
    for sign in ("+", "-"):
        if sign in clock:
            clock, offset = clock.split(sign, 1)
            offset = sign + offset
    if not offset:
        return f"{day} {clock} (time zone not given)"
    shown = f"{day} {clock} {offset}"
    if utc:
        moment = dt.datetime.fromisoformat(utc.replace("Z", "+00:00"))
        utc_clock = moment.strftime("%H:%M:%S" if precision == "second" else "%H:%M")
        utc_day = moment.strftime("%Y-%m-%d")
        shown += f" ({utc_clock} UTC)" if utc_day == day else f" ({utc_day} {utc_clock} UTC)"
    return shown


def format_reliability(grade: str | None) -> str:
    if not grade:
        return "not graded"
    return f"{grade} — {RELIABILITY.get(grade, '?')}"


def short_hash(value: str) -> str:
    return value if len(value) <= 20 else f"{value[:10]}…{value[-8:]}"


def _value_label(selectable_by_keyboard: bool = False) -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    flags = Qt.TextInteractionFlag.TextSelectableByMouse
    if selectable_by_keyboard:
        flags |= Qt.TextInteractionFlag.TextSelectableByKeyboard
    label.setTextInteractionFlags(flags)
    if not selectable_by_keyboard:
        label.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
    return label


class SourceHeader(QWidget):
    """A compact two-column grid of the source's metadata under a large wrapping title."""

    edit_requested = Signal()  # "Edit properties…" was pressed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Source details")
        self.title = _value_label(selectable_by_keyboard=True)
        self.title.setAccessibleName("Source title")
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.45)
        font.setWeight(QFont.Weight.DemiBold)
        self.title.setFont(font)
        self.edit_button = QToolButton()
        self.edit_button.clicked.connect(self.edit_requested)
        self.set_editable(True)
        self.values: dict[str, QLabel] = {}
        self.copy_buttons: dict[str, QToolButton] = {}
        self._hashes: dict[str, str] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        grid.setColumnMinimumWidth(2, 0)
        rows = (
            (("outlet", "Outlet"), ("author", "Author")),
            (("published", "Published"), ("retrieved", "Retrieved")),
            (("reliability", "Reliability"), ("kind", "Kind")),
            (("url", "URL"),),
            (("text_sha256", "Text SHA-256"), ("original_sha256", "Original SHA-256")),
        )
        for row, pairs in enumerate(rows):
            for column, (key, caption) in enumerate(pairs):
                name = QLabel(caption + ":")
                name.setForegroundRole(QPalette.ColorRole.PlaceholderText)
                keyboard = key == "url"
                value = _value_label(selectable_by_keyboard=keyboard)
                value.setAccessibleName(caption)
                name.setBuddy(value)
                self.values[key] = value
                cell: QWidget | QLabel = value
                if key.endswith("sha256"):
                    cell = self._hash_cell(key, caption, value)
                vertical = (Qt.AlignmentFlag.AlignVCenter if key.endswith("sha256")
                            else Qt.AlignmentFlag.AlignTop)
                grid.addWidget(name, row, column * 2, Qt.AlignmentFlag.AlignRight | vertical)
                span = 3 if len(pairs) == 1 else 1
                grid.addWidget(cell, row, column * 2 + 1, 1, span)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.setSpacing(8)
        top = QHBoxLayout()
        top.setSpacing(10)
        top.addWidget(self.title, 1)
        top.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)
        layout.addLayout(grid)
        # What a capture says about itself: shown only for captures (a tampered one in red).
        self.capture = _value_label(selectable_by_keyboard=False)
        self.capture.setObjectName("sourceCapture")
        self.capture.setAccessibleName("Capture")
        self.capture.hide()
        layout.addWidget(self.capture)

    def set_capture(self, text: str, mismatch: bool) -> None:
        self.capture.setText(for_display(f"Capture: {text}") if text else "")
        self.capture.setVisible(bool(text))
        self.capture.setStyleSheet("color: #b00020; font-weight: bold" if mismatch else "")

    def set_editable(self, editable: bool) -> None:
        """Writable case: "Edit properties…"; read-only: "Properties…" (to look only)."""
        self.edit_button.setText("Edit properties…" if editable else "Properties…")
        self.edit_button.setAccessibleName("Source properties")
        self.edit_button.setToolTip(
            "Edit the title, outlet, author, URL, dates, language, reliability and notes"
            if editable else "See the source's properties (the case is open read-only)")

    def _hash_cell(self, key: str, caption: str, value: QLabel) -> QWidget:
        """A shortened hash with the full value in its tooltip and a button copying it whole."""
        cell = QWidget()
        row = QHBoxLayout(cell)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        value.setWordWrap(False)
        self._mono = QFont("monospace")
        self._mono.setStyleHint(QFont.StyleHint.Monospace)
        self._mono.setPointSizeF(value.font().pointSizeF() * 0.92)
        copy = QToolButton()
        copy.setText("Copy")
        copy.setAutoRaise(True)
        copy.setAccessibleName(f"Copy the full {caption}")
        copy.setToolTip(f"Copy the full {caption} to the clipboard")
        copy.clicked.connect(lambda: self._copy(key))
        self.copy_buttons[key] = copy
        row.addWidget(value)
        row.addWidget(copy)
        row.addStretch(1)
        return cell

    def _copy(self, key: str) -> None:
        if self._hashes.get(key):
            QGuiApplication.clipboard().setText(self._hashes[key])

    def set_source(self, source: Source) -> None:
        # Title, outlet, author, URL come from the page: controls are shown as marks.
        self.title.setText(for_display(source.title))
        self.title.setToolTip(for_display(source.title))
        paged = f", {len(source.page_map)} pages" if source.page_map else ""
        kind = source.kind.replace("_", " ")
        if source.media_type:
            kind += f" ({for_display(source.media_type)}{paged})"
        shown = {
            "outlet": source.outlet, "author": source.author, "url": source.url,
            "published": format_date(source.published, source.published_precision,
                                     source.published_utc),
            "retrieved": format_date(source.retrieved, source.retrieved_precision,
                                     source.retrieved_utc),
            "reliability": format_reliability(source.reliability),
            "kind": kind,
        }
        for key, text in shown.items():
            label = self.values[key]
            label.setText(for_display(text) or EMPTY)
            label.setToolTip("Not recorded" if not text or text == EMPTY else "")
        if source.url:
            self.values["url"].setToolTip("Shown as text only: OSINT Desk never opens links")
        self._hashes = {"text_sha256": source.text_sha256,
                        "original_sha256": source.original_sha256 or ""}
        for key, digest in self._hashes.items():
            label = self.values[key]
            label.setText(short_hash(digest) if digest else EMPTY)
            label.setFont(self._mono if digest else self.font())
            label.setToolTip(digest or "No original file (the text was typed or pasted)")
            self.copy_buttons[key].setVisible(bool(digest))

    def full_hash(self, key: str) -> str:
        return self._hashes.get(key, "")
