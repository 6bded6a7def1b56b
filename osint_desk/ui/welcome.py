"""The welcome page: start a case, open one, reopen a recent one, or try the demo."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

MAX_RECENT_SHOWN = 10  # rows of recent cases before the list scrolls


class WelcomePage(QWidget):
    """Shown when no case is open."""

    new_requested = Signal()
    open_requested = Signal()
    demo_requested = Signal()
    recent_requested = Signal(Path)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel("<h1>OSINT Desk</h1>")
        intro = QLabel(
            "A case notebook for open-source investigations: sources, the excerpts you cut "
            "from them, entity cards, relationships and sanctions, all in one offline file.")
        intro.setWordWrap(True)
        buttons = QHBoxLayout()
        for text, signal, name in (
            ("New case…", self.new_requested, "New case"),
            ("Open case…", self.open_requested, "Open case"),
            ("Open the demo case", self.demo_requested, "Open the demo case"),
        ):
            button = QPushButton(text)
            button.setAccessibleName(name)
            button.clicked.connect(signal)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.recent = QListWidget()
        self.recent.setAccessibleName("Recent cases")
        self.recent.setSpacing(3)
        self.recent.itemActivated.connect(self._activated)
        self.recent_label = QLabel("<b>Recent cases</b>")
        column = QVBoxLayout()
        column.addWidget(title)
        column.addWidget(intro)
        column.addSpacing(12)
        column.addLayout(buttons)
        column.addSpacing(18)
        column.addWidget(self.recent_label)
        column.addWidget(self.recent)
        column.addStretch(1)  # the list is as tall as its cases, not the whole page
        frame = QWidget()
        frame.setLayout(column)
        frame.setMaximumWidth(720)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(40, 32, 40, 32)
        outer.addStretch(1)
        outer.addWidget(frame, 4)
        outer.addStretch(1)

    def set_recent(self, paths: list[Path]) -> None:
        self.recent.clear()
        for path in paths:
            item = QListWidgetItem(f"{path.name}    —    {path.parent}")
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            item.setToolTip(str(path))
            if not path.exists():
                item.setText(f"{path.name}    —    missing: {path.parent}")
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.recent.addItem(item)
        has_any = bool(paths)
        shown = max(1, min(len(paths), MAX_RECENT_SHOWN))
        row = max(self.recent.sizeHintForRow(0), self.recent.fontMetrics().height() + 4)
        row += 2 * self.recent.spacing()
        self.recent.setFixedHeight(row * shown + 2 * self.recent.frameWidth() + 4)
        self.recent.setVisible(has_any)
        self.recent_label.setVisible(has_any)

    def _activated(self, item: QListWidgetItem) -> None:
        self.recent_requested.emit(Path(item.data(Qt.ItemDataRole.UserRole)))
