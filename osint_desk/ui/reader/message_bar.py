"""A non-modal message strip: tells the user what happened without stopping their reading.

It floats over the bottom edge of the text view (``attach``) instead of taking a row of the
layout, so showing or hiding it never moves the text under the mouse.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QAbstractScrollArea, QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

from osint_desk.core.safe_text import for_display
from osint_desk.ui.reader.marks import blend_over

HIDE_AFTER_MS = 12_000
MARGIN = 8  # between the strip and the edges of the text it floats over


class MessageBar(QFrame):
    """One line (wrapping if needed) of plain text; hides itself after a while or on ✕."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAutoFillBackground(True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("readerMessage")
        self._over: QAbstractScrollArea | None = None
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
        row.setContentsMargins(12, 4, 4, 4)
        row.addWidget(self.label, 1)
        row.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(HIDE_AFTER_MS)
        self._timer.timeout.connect(self.hide)
        self.hide()

    def attach(self, view: QAbstractScrollArea) -> None:
        """Float over the bottom of ``view``'s text, following its size."""
        self._over = view
        self.setParent(view)
        view.installEventFilter(self)
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
        self.label.setText(for_display(text))  # messages quote the source: marks, not obeyed
        self.setProperty("warning", warning)
        self.show()
        self.place()
        self.raise_()
        self._timer.start()

    def text(self) -> str:
        return "" if self.isHidden() else self.label.text()

    def place(self) -> None:
        """Lie along the bottom of the text (above a horizontal scroll bar), full width."""
        view = self._over
        if view is None:
            return
        area = view.viewport().geometry()
        width = max(120, area.width() - 2 * MARGIN)
        layout = self.layout()
        height = (layout.totalHeightForWidth(width) if layout is not None
                  and layout.hasHeightForWidth() else self.sizeHint().height())
        self.setGeometry(area.left() + MARGIN, area.bottom() - MARGIN - height + 1, width,
                         height)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._over and event.type() in (QEvent.Type.Resize,
                                                      QEvent.Type.LayoutRequest):
            self.place()
        return False
