"""The case overview: what is in the open case, at a glance (read-only)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QFrame, QLabel, QVBoxLayout, QWidget

from osint_desk.core.markdown_render import render_markdown
from osint_desk.core.model import RELIABILITY
from osint_desk.core.store import CaseStore

COUNT_LABELS = (
    ("sources", "Sources"),
    ("excerpts", "Excerpts"),
    ("entities", "Entity cards"),
    ("relationships", "Relationships"),
    ("sanctions", "Sanctions records"),
    ("tags", "Tags"),
)


class CaseOverview(QWidget):
    """Title, marking, summary, counts and sources of a case; refreshed on demand."""

    def __init__(self, store: CaseStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self.title = QLabel()
        self.title.setObjectName("caseTitle")
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.title.setFont(font)
        self.marking = QLabel()
        self.marking.setObjectName("caseMarking")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setOpenExternalLinks(False)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.counts = QFormLayout()
        self.count_values: dict[str, QLabel] = {}
        for key, label in COUNT_LABELS:
            value = QLabel()
            value.setAccessibleName(label)
            self.count_values[key] = value
            self.counts.addRow(f"{label}:", value)
        self.sources = QLabel()
        self.sources.setWordWrap(True)
        self.sources.setTextFormat(Qt.TextFormat.PlainText)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.setSpacing(10)
        for widget in (self.title, self.marking, self.summary, line):
            layout.addWidget(widget)
        layout.addLayout(self.counts)
        sources_heading = QLabel("<b>Sources</b>")
        layout.addWidget(sources_heading)
        layout.addWidget(self.sources)
        layout.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        meta = self._store.meta()
        self.title.setText(meta.title)
        by = f"  ·  {meta.author}" if meta.author else ""
        self.marking.setText(f"{meta.marking}{by}".strip(" ·"))
        self.marking.setVisible(bool(self.marking.text()))
        self.summary.setText(render_markdown(meta.summary))
        counts = self._store.counts()
        for key, _label in COUNT_LABELS:
            self.count_values[key].setText(f"{getattr(counts, key):,}")
        lines = []
        for source in self._store.sources.list(limit=20):
            grade = f" — {source.reliability} ({RELIABILITY[source.reliability]})" \
                if source.reliability else ""
            date = f"{source.published}, " if source.published else ""
            lines.append(f"• {source.title} ({date}{len(source.text):,} characters){grade}")
        more = counts.sources - len(lines)
        if more > 0:
            lines.append(f"… and {more:,} more")
        self.sources.setText("\n".join(lines) or "No sources yet.")
