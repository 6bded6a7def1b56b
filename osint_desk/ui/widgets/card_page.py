"""The controls of an entity card tab, laid out in sections; no store access here."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from osint_desk.core.model import ENTITY_TYPE_LABELS, ENTITY_TYPES
from osint_desk.ui.widgets.aliases_editor import AliasesEditor
from osint_desk.ui.widgets.attributes_editor import AttributesEditor
from osint_desk.ui.widgets.chips import TagEditor
from osint_desk.ui.widgets.columns import FittedColumns
from osint_desk.ui.widgets.dossier_models import (
    ExcerptListModel,
    RelationshipModel,
    SanctionModel,
    SourceListModel,
)
from osint_desk.ui.widgets.forms import ErrorLabel, caption, hint
from osint_desk.ui.widgets.markdown_editor import MarkdownEditor


def _heading(text: str, buddy: QWidget | None = None) -> QLabel:
    label = caption(text, buddy)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * 1.1)
    label.setFont(font)
    return label


def _table(name: str) -> QTableView:
    table = QTableView()
    table.setAccessibleName(name)
    table.verticalHeader().hide()
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.horizontalHeader().setHighlightSections(False)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
    return table


def _list(name: str) -> QListView:
    view = QListView()
    view.setAccessibleName(name)
    view.setWordWrap(True)
    view.setUniformItemSizes(False)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setSpacing(1)
    return view


class CardPage(QWidget):
    """Header (type, name, tags), aliases, attributes, description, relationships,
    sanctions, the excerpts that mention the card, and its sources."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.type_combo = QComboBox()
        self.type_combo.setAccessibleName("Card type")
        for schema in ENTITY_TYPES:
            self.type_combo.addItem(ENTITY_TYPE_LABELS[schema], schema)
        self.name = QLineEdit()
        self.name.setAccessibleName("Card name")
        font = QFont(self.name.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.name.setFont(font)
        self.delete_card = QPushButton("Delete card…")
        self.delete_card.setAccessibleName("Delete this card")
        self.delete_card.setToolTip("Delete this card with its relationships and sanctions"
                                    " records (undo brings them back)")
        self.header_error = ErrorLabel()
        self.tags = TagEditor()
        self.aliases = AliasesEditor()
        self.attributes = AttributesEditor()
        self.attributes_error = ErrorLabel()
        self.description = MarkdownEditor(name="Description", bar=False,
                                          placeholder="Who or what this is, in Markdown")
        self.description.set_editor_height(150)
        self.relationships_model = RelationshipModel(self)
        self.relationships = _table("Relationships")
        self.relationships.setModel(self.relationships_model)
        # Predicates, names, dates and confidence whole; the evidence summary takes the rest.
        self.relationship_columns = FittedColumns(self.relationships, 5, hold_width=True)
        self.add_relationship = QPushButton("Add relationship…")
        self.edit_relationship = QPushButton("Edit…")
        self.edit_relationship.setAccessibleName("Edit the selected relationship")
        self.open_other = QPushButton("Open other card")
        self.open_other.setAccessibleName("Open the card at the other end")
        self.delete_relationship = QPushButton("Delete…")
        self.delete_relationship.setAccessibleName("Delete the selected relationship")
        self.relationships_error = ErrorLabel()
        self.sanctions_model = SanctionModel(self)
        self.sanctions = _table("Sanctions records")
        self.sanctions.setModel(self.sanctions_model)
        self.sanction_columns = FittedColumns(self.sanctions, 5, hold_width=True)
        self.no_sanctions = hint("No sanctions records attached.")
        self.screen_card = QPushButton("Screen this card")
        self.screen_card.setAccessibleName("Screen this card against the sanctions lists")
        self.screening_note = hint("")
        # The card view swaps in its paging models (``CardExcerptsModel``…): any item model.
        self.excerpts_model: QAbstractItemModel = ExcerptListModel(self)
        self.excerpts = _list("Excerpts mentioning the card")
        self.excerpts.setModel(self.excerpts_model)
        self.sources_model: QAbstractItemModel = SourceListModel(self)
        self.sources = _list("Sources")
        self.sources.setModel(self.sources_model)
        self.headings: dict[str, QLabel] = {}
        self._layout()

    def _layout(self) -> None:
        page = QVBoxLayout(self)
        page.setContentsMargins(12, 10, 12, 12)
        page.setSpacing(6)
        head = QHBoxLayout()
        head.addWidget(self.type_combo)
        head.addWidget(self.name, 1)
        head.addWidget(self.delete_card)
        page.addLayout(head)
        page.addWidget(self.header_error)
        tags_row = QHBoxLayout()
        tags_row.addWidget(caption("T&ags", self.tags.field), 0, Qt.AlignmentFlag.AlignTop)
        tags_row.addWidget(self.tags, 1)
        page.addLayout(tags_row)

        columns = QHBoxLayout()
        columns.setSpacing(16)
        left = QVBoxLayout()
        left.addWidget(self._section("aliases", "A&liases", self.aliases.name))
        left.addWidget(self.aliases)
        left.addWidget(self._section("attributes", "Attri&butes", self.attributes.table))
        left.addWidget(self.attributes)
        left.addWidget(self.attributes_error)
        left.addStretch(1)
        right = QVBoxLayout()
        description_head = QHBoxLayout()
        description_head.addWidget(_heading("&Description", self.description))
        description_head.addStretch(1)
        description_head.addWidget(self.description.toggle)
        right.addLayout(description_head)
        right.addWidget(self.description, 1)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        page.addLayout(columns)

        page.addSpacing(6)
        page.addWidget(self._section("relationships", "&Relationships", self.relationships))
        page.addWidget(self.relationships)
        buttons = QHBoxLayout()
        for button in (self.add_relationship, self.edit_relationship, self.open_other,
                       self.delete_relationship):
            buttons.addWidget(button)
        buttons.addStretch(1)
        page.addLayout(buttons)
        page.addWidget(self.relationships_error)
        page.addSpacing(6)
        sanctions_head = QHBoxLayout()
        sanctions_head.addWidget(self._section("sanctions", "Sa&nctions", self.sanctions))
        sanctions_head.addStretch(1)
        sanctions_head.addWidget(self.screen_card)
        page.addLayout(sanctions_head)
        page.addWidget(self.sanctions)
        page.addWidget(self.no_sanctions)
        page.addWidget(self.screening_note)
        page.addSpacing(6)
        bottom = QHBoxLayout()
        bottom.setSpacing(16)
        mentions = QVBoxLayout()
        mentions.addWidget(self._section("excerpts", "&Mentioned in", self.excerpts))
        mentions.addWidget(self.excerpts)
        sources = QVBoxLayout()
        sources.addWidget(self._section("sources", "S&ources", self.sources))
        sources.addWidget(self.sources)
        bottom.addLayout(mentions, 3)
        bottom.addLayout(sources, 2)
        page.addLayout(bottom)
        page.addStretch(1)

    def _section(self, key: str, text: str, buddy: QWidget) -> QLabel:
        label = _heading(text, buddy)
        label.setProperty("base_text", text)
        self.headings[key] = label
        return label

    def fit_columns(self) -> None:
        """Size the tables' columns to what was just loaded into them."""
        self.relationship_columns.refit()
        self.sanction_columns.refit()

    def set_count(self, key: str, count: int) -> None:
        label = self.headings[key]
        label.setText(f"{label.property('base_text')}  ({count})")

    def set_editable(self, editable: bool) -> None:
        self.type_combo.setEnabled(editable)
        self.name.setReadOnly(not editable)
        self.tags.set_editable(editable)
        self.aliases.set_editable(editable)
        self.attributes.set_editable(editable)
        self.description.set_read_only(not editable)
        for button in (self.add_relationship, self.edit_relationship,
                       self.delete_relationship, self.screen_card, self.delete_card):
            button.setVisible(editable)
