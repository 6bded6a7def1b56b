"""Small pieces every form here uses: inline errors, captions, vocab combos, safe refresh."""

from __future__ import annotations

import unicodedata
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QLabel, QLineEdit, QWidget

from osint_desk.core.model import CREDIBILITY, Stance, likelihood_words

NOT_GRADED = "— not graded —"
NO_STANCE = "— none —"


class ErrorLabel(QLabel):
    """A red message under a field; hidden while there is nothing wrong."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAccessibleName("Error")
        self.hide()

    def show_error(self, message: str) -> None:
        dark = self.palette().color(QPalette.ColorRole.Window).lightness() < 128
        self.setStyleSheet(f"color: {'#ff8a80' if dark else '#c62828'};")
        self.setText(message)
        self.setAccessibleDescription(message)
        self.setVisible(bool(message))

    def clear_error(self) -> None:
        self.setText("")
        self.hide()

    def has_error(self) -> bool:
        return bool(self.text())


def caption(text: str, buddy: QWidget | None = None) -> QLabel:
    """A field's label (with a mnemonic and buddy, so Alt+letter reaches the field)."""
    label = QLabel(text)
    font = QFont(label.font())
    font.setBold(True)
    label.setFont(font)
    if buddy is not None:
        label.setBuddy(buddy)
    return label


def panel_label(text: str = "", *, bold: bool = False, wrap: bool = True) -> QLabel:
    """Plain, selectable text for a side panel (the chart's, the map's); *bold* a heading."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if bold:
        font = label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        label.setFont(font)
    return label


def hint(text: str) -> QLabel:
    """Secondary text: wrapped and dimmed."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def fill_credibility(combo: QComboBox) -> None:
    combo.clear()
    combo.addItem(NOT_GRADED, None)
    for grade, words in CREDIBILITY.items():
        combo.addItem(f"{grade} — {words}", grade)


def fill_stance(combo: QComboBox) -> None:
    combo.clear()
    combo.addItem(NO_STANCE, None)
    for stance in Stance:
        combo.addItem(stance.value, stance.value)


def select_data(combo: QComboBox, value: Any) -> None:
    """Show the item holding ``value`` without emitting ``activated``."""
    index = combo.findData(value)
    if index < 0 and combo.isEditable():
        combo.setEditText("" if value is None else str(value))
        return
    combo.setCurrentIndex(max(index, 0))


def set_line_text(edit: QLineEdit, text: str) -> None:
    """Refresh a line edit, unless the user is in the middle of changing it."""
    if edit.hasFocus() and edit.isModified():
        return
    if edit.text() != text:
        edit.setText(text)
    edit.setModified(False)


def confidence_text(value: int | None) -> str:
    """``75 % — likely`` (ICD 203 words), or empty when no confidence is recorded."""
    return "" if value is None else f"{value} % — {likelihood_words(value)}"


def fit_rows(view: QAbstractItemView, rows: int, *, minimum: int = 1, maximum: int = 8) -> None:
    """Size a small table or list to its rows (up to ``maximum``, then it scrolls).

    Works before the view is shown: row and header heights come from size hints, not from
    laid-out geometry.
    """
    shown = max(minimum, min(rows, maximum))
    vertical = getattr(view, "verticalHeader", None)
    if vertical is not None:
        row_height = vertical().defaultSectionSize()
    else:
        row_height = max(view.sizeHintForRow(0), view.fontMetrics().height() + 6)
    header = getattr(view, "horizontalHeader", None)
    head = header().sizeHint().height() if header is not None and not header().isHidden() else 0
    frame = 2 * view.frameWidth()
    view.setFixedHeight(row_height * shown + head + frame + 2)


_SCRIPTS = (("LATIN", "Latn"), ("CYRILLIC", "Cyrl"), ("ARABIC", "Arab"), ("HANGUL", "Hang"),
            ("CJK", "Hani"), ("HIRAGANA", "Jpan"), ("KATAKANA", "Jpan"), ("GREEK", "Grek"),
            ("HEBREW", "Hebr"), ("DEVANAGARI", "Deva"), ("GEORGIAN", "Geor"),
            ("ARMENIAN", "Armn"), ("THAI", "Thai"), ("PERSIAN", "Arab"), ("BENGALI", "Beng"))
SCRIPT_CHOICES = ("Latn", "Cyrl", "Arab", "Hang", "Hani", "Jpan", "Grek", "Hebr", "Deva",
                  "Geor", "Armn", "Thai", "Beng")


def guess_script(text: str) -> str:
    """The ISO 15924 code of the script most letters of ``text`` are written in, or ""."""
    counts: dict[str, int] = {}
    for char in text:
        if not char.isalpha():
            continue
        name = unicodedata.name(char, "")
        for prefix, code in _SCRIPTS:
            if name.startswith(prefix):
                counts[code] = counts.get(code, 0) + 1
                break
    return max(counts, key=lambda code: counts[code]) if counts else ""


def fit_to_window(dialog: QWidget, width: int, height: int) -> None:
    """Give a dialog its preferred size, but no more than fits in its parent window and on
    the screen (with room for the title bar), so a 1280×800 screen shows all of it."""
    limits = []
    parent = dialog.parentWidget()
    if parent is not None and parent.window().isVisible():
        window = parent.window().size()
        limits.append((window.width() - 40, window.height() - 40))
    screen = (parent.window().screen() if parent is not None else None) or dialog.screen()
    if screen is not None:
        free = screen.availableGeometry()
        limits.append((free.width() - 40, free.height() - 80))
    for most_wide, most_high in limits:
        width, height = min(width, most_wide), min(height, most_high)
    dialog.resize(max(width, dialog.minimumSizeHint().width()),
                  max(height, dialog.minimumSizeHint().height()))
