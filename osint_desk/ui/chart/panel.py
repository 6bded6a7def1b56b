"""The chart's side panel: what is selected, read from the store. A link shows its evidence
(click a quote to open its source with the excerpt highlighted); a card its summary, its
mentions and what is not on the chart yet; a group its members."""

from __future__ import annotations

import re

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QListView,
    QPushButton,
    QStackedWidget,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from osint_desk.core.errors import NotFoundError
from osint_desk.core.graph import CaseGraph, confidence_words
from osint_desk.core.safe_text import for_display
from osint_desk.core.store import CaseStore
from osint_desk.ui.chart import style
from osint_desk.ui.chart.evidence_model import LinkEvidenceModel
from osint_desk.ui.chart.link_item import counts_text
from osint_desk.ui.models.paged import ID_ROLE
from osint_desk.ui.widgets.forms import panel_label

SUMMARY_CHARS = 400
NOTHING = ("Select a card to see its summary, or a link to see the excerpts it rests on."
           "\n\nShift+drag from one card to another to record a relationship; drag cards"
           " here from the navigator.")


def summary(description: str) -> str:
    """The first paragraph of a card's description as plain text (Markdown emphasis and
    links dropped), cut at a word near SUMMARY_CHARS."""
    first = next((part.strip() for part in description.split("\n\n") if part.strip()), "")
    first = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", first)
    first = re.sub(r"(\*\*|__|`)", "", " ".join(first.split()))
    if len(first) <= SUMMARY_CHARS:
        return first
    return first[:SUMMARY_CHARS].rsplit(" ", 1)[0] + " …"


class WrappedRows(QStyledItemDelegate):
    """Rows as tall as their wrapped text at the list's width: a quote is never cut."""

    def __init__(self, view: QListView) -> None:
        super().__init__(view)
        self.view = view

    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        width = max(80, self.view.viewport().width() - 16)
        text = str(index.data() or "")
        flags = int(Qt.TextFlag.TextWordWrap)
        rect = option.fontMetrics.boundingRect(QRect(0, 0, width, 100_000), flags, text)
        return QSize(width, rect.height() + 10)


class ChartPanel(QStackedWidget):
    excerpt_requested = Signal(str)
    card_requested = Signal(str)
    expand_requested = Signal(str)  # card id: "Add neighbours"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Chart details")
        self.setMinimumWidth(280)
        self.card_id = ""
        self.nothing = panel_label(NOTHING)
        self.nothing.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.nothing.setContentsMargins(8, 8, 8, 8)
        self.addWidget(self.nothing)
        self._link_page()
        self._card_page()

    def _link_page(self) -> None:
        page = QWidget()
        column = QVBoxLayout(page)
        self.link_title = panel_label(bold=True)
        self.link_facts = panel_label()
        self.link_counts = panel_label(bold=True)
        self.evidence_model = LinkEvidenceModel(self)
        self.evidence = QListView()
        self.evidence.setAccessibleName("Evidence on the link")
        self.evidence.setModel(self.evidence_model)
        self.evidence.setWordWrap(True)
        self.evidence.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.evidence.setResizeMode(QListView.ResizeMode.Adjust)
        self.evidence.setItemDelegate(WrappedRows(self.evidence))
        self.evidence.setSpacing(4)
        self.evidence.setAlternatingRowColors(True)
        self.evidence.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.evidence.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.evidence.clicked.connect(self._open_excerpt)
        self.evidence.activated.connect(self._open_excerpt)
        hint = panel_label("Click a quote to open its source with the excerpt highlighted.")
        hint.setEnabled(False)
        for widget in (self.link_title, self.link_facts, self.link_counts):
            column.addWidget(widget)
        column.addWidget(self.evidence, 1)
        column.addWidget(hint)
        self.link_page = page
        self.addWidget(page)

    def _card_page(self) -> None:
        page = QWidget()
        column = QVBoxLayout(page)
        self.card_title = panel_label(bold=True)
        self.card_facts = panel_label()
        self.card_summary = panel_label()
        self.open_card = QPushButton("Open card")
        self.open_card.clicked.connect(lambda: self.card_requested.emit(self.card_id))
        self.expand = QPushButton("Add neighbours")
        self.expand.clicked.connect(lambda: self.expand_requested.emit(self.card_id))
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_card)
        buttons.addWidget(self.expand)
        buttons.addStretch(1)
        for widget in (self.card_title, self.card_facts, self.card_summary):
            column.addWidget(widget)
        column.addLayout(buttons)
        column.addStretch(1)
        self.card_page = page
        self.addWidget(page)

    # -- showing ----------------------------------------------------------------------------

    def show_nothing(self) -> None:
        self.card_id = ""
        self.evidence_model.show_link(None, "")
        self.setCurrentWidget(self.nothing)

    def show_link(self, store: CaseStore, graph: CaseGraph, link_id: str) -> None:
        link = graph.links.get(link_id)
        if link is None:
            self.show_nothing()
            return
        subject, obj = graph.nodes[link.subject_id].name, graph.nodes[link.object_id].name
        self.link_title.setText(for_display(f"{subject} → {link.predicate} → {obj}"))
        facts = [f"Confidence {link.confidence} % — {confidence_words(link.confidence)}"
                 if link.confidence is not None else "Confidence not assessed"]
        if link.start or link.end:
            facts.append(f"When: {link.start or '…'} – {link.end or 'open'}")
        self.link_facts.setText(for_display("\n".join(facts)))
        counts = counts_text(link) or "No evidence attached yet"
        extra = f", {link.context} context" if link.context else ""
        self.link_counts.setText(f"{counts}{extra}" if link.supports or link.contradicts
                                 else counts)
        self.link_counts.setToolTip(f"{link.supports} supporting, {link.contradicts}"
                                    f" contradicting, {link.context} context excerpts")
        self.evidence_model.show_link(store, link_id)
        self.setCurrentWidget(self.link_page)

    def show_card(self, store: CaseStore, graph: CaseGraph, card_id: str,
                  hidden_neighbours: int) -> None:
        node = graph.nodes.get(card_id)
        try:
            entity = store.entities.get(card_id)
        except NotFoundError:
            entity = None
        if node is None or entity is None:
            self.show_nothing()
            return
        self.card_id = card_id
        self.card_title.setText(for_display(node.name))
        facts = [style.type_label(node.type),
                 f"Mentioned in {node.mentions} excerpt{'s' * (node.mentions != 1)}",
                 f"{len(graph.links_of(card_id))} relationships,"
                 f" {hidden_neighbours} linked card{'s' * (hidden_neighbours != 1)}"
                 " not on the chart"]
        if node.authorities:
            facts.insert(1, f"Sanctioned: {', '.join(node.authorities)}")
        self.card_facts.setText(for_display("\n".join(facts)))
        self.card_summary.setText(for_display(summary(entity.description))
                                  or "No description yet.")
        self.expand.setEnabled(hidden_neighbours > 0)
        self.setCurrentWidget(self.card_page)

    def show_group(self, label: str, names: list[str]) -> None:
        self.card_id = ""
        self.link_title.setText(for_display(f"Group “{label}”"))
        self.link_facts.setText(for_display(", ".join(sorted(names))))
        self.link_counts.setText(f"{len(names)} cards")
        self.evidence_model.show_link(None, "")
        self.setCurrentWidget(self.link_page)

    def _open_excerpt(self, index: QModelIndex) -> None:
        excerpt_id = index.data(ID_ROLE)
        if excerpt_id:
            self.excerpt_requested.emit(str(excerpt_id))
