"""A non-modal message strip: tells the user what happened without stopping their reading."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

from osint_desk.ui.reader.marks import blend_over

HIDE_AFTER_MS = 12_000


class MessageBar(QFrame):
    """One line (wrapping if needed) of plain text; hides itself after a while or on ✕."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAutoFillBackground(True)
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # messages quote outside content
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setAccessibleName("Reader message")
        close = QToolButton()
        close.setText("✕")
        close.setAutoRaise(True)
        close.setAccessibleName("Dismiss the message")
        close.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        close.clicked.connect(self.hide)
        row = QHBoxLayout(self)
        row.setContentsMargins(16, 4, 8, 4)
        row.addWidget(self.label, 1)
        row.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(HIDE_AFTER_MS)
        self._timer.timeout.connect(self.hide)
        self.hide()

    def show_message(self, text: str, *, warning: bool = False) -> None:
        tint = QColor(240, 150, 30, 70) if warning else QColor(self.palette().color(
            QPalette.ColorRole.Highlight))
        if not warning:
            tint.setAlpha(45)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window,
                         blend_over(palette.color(QPalette.ColorRole.Base), tint))
        self.setPalette(palette)
        self.label.setText(text)
        self.setProperty("warning", warning)
        self.show()
        self._timer.start()

    def text(self) -> str:
        return "" if self.isHidden() else self.label.text()

