"""The timeline's side panel: the selected item's details and what it opens, the lanes to
show and order, and the dates that could not be placed."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from osint_desk.core.safe_text import for_display
from osint_desk.core.timeline import DateProblem, Timeline, TimelineItem
from osint_desk.ui.timeline.lane_model import LaneModel
from osint_desk.ui.timeline.text import details

NOTHING = "Click an item to see its date, words, source and grade; double-click or Enter" \
          " opens it, Ctrl+← and Ctrl+→ go to the previous and next item of its lane."


class TimelinePanel(QWidget):
    excerpt_requested = Signal(str)
    card_requested = Signal(str)
    set_date_requested = Signal(str)  # an excerpt's id
    lane_selected = Signal(str)

    def __init__(self, lanes: LaneModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item: TimelineItem | None = None
        self.lanes = lanes
        column = QVBoxLayout(self)
        column.setContentsMargins(4, 0, 4, 4)
        box = QGroupBox("Selected")
        inner = QVBoxLayout(box)
        self.details = QLabel(NOTHING)
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        inner.addWidget(self.details, 1)
        buttons = QHBoxLayout()
        self.open_excerpt = QPushButton("Open in source")
        self.open_excerpt.setToolTip("The excerpt highlighted in its source")
        self.open_card = QPushButton("Open card")
        self.set_date = QPushButton("Set event date…")
        self.set_date.setToolTip("Date the event this excerpt reports (\"2022-11\" for a"
                                 " month, \"2018\" for a year); undoable")
        for button in (self.open_excerpt, self.open_card, self.set_date):
            buttons.addWidget(button)
            button.setEnabled(False)
        inner.addLayout(buttons)
        self.open_excerpt.clicked.connect(self._open_excerpt)
        self.open_card.clicked.connect(self._open_card)
        self.set_date.clicked.connect(self._set_date)
        column.addWidget(box, 2)

        lanes_box = QGroupBox("Lanes")
        lanes_column = QVBoxLayout(lanes_box)
        self.lane_search = QLineEdit()
        self.lane_search.setPlaceholderText("Find a lane…")
        self.lane_search.setClearButtonEnabled(True)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(lanes)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.lane_search.textChanged.connect(self.proxy.setFilterFixedString)
        self.lane_list = QListView()
        self.lane_list.setModel(self.proxy)
        self.lane_list.setUniformItemSizes(True)
        self.lane_list.setAccessibleName("Lanes: tick to show, Up and Down to order")
        self.lane_list.clicked.connect(self._lane_clicked)
        moves = QHBoxLayout()
        self.up = QPushButton("Up")
        self.down = QPushButton("Down")
        self.only = QPushButton("Only this")
        self.only.setToolTip("Show this lane alone (tick others to add them)")
        self.all = QPushButton("All")
        self.all.setToolTip("Show every lane")
        for button in (self.up, self.down, self.only, self.all):
            moves.addWidget(button)
        self.up.clicked.connect(lambda: self.move_current(-1))
        self.down.clicked.connect(lambda: self.move_current(1))
        self.only.clicked.connect(self._only)
        self.all.clicked.connect(lambda: lanes.set_shown(list(lanes.keys), True))
        lanes_column.addWidget(self.lane_search)
        lanes_column.addWidget(self.lane_list, 1)
        lanes_column.addLayout(moves)
        column.addWidget(lanes_box, 3)

        self.problems_box = QGroupBox("Dates that could not be placed")
        problems_column = QVBoxLayout(self.problems_box)
        self.problems = QListWidget()
        problems_column.addWidget(self.problems)
        self.problems_box.setVisible(False)
        column.addWidget(self.problems_box, 1)

    # -- the selected item ------------------------------------------------------------------

    def show_item(self, item: TimelineItem | None, timeline: Timeline | None,
                  writable: bool) -> None:
        self.item = item
        self.details.setText(NOTHING if item is None else details(item, timeline))
        self.open_excerpt.setEnabled(item is not None and item.excerpt_id is not None)
        self.open_card.setEnabled(item is not None and bool(item.card_ids))
        self.set_date.setEnabled(writable and item is not None and item.excerpt_id is not None)

    def _open_excerpt(self) -> None:
        if self.item is not None and self.item.excerpt_id:
            self.excerpt_requested.emit(self.item.excerpt_id)

    def _open_card(self) -> None:
        if self.item is not None and self.item.card_ids:
            self.card_requested.emit(self.item.card_ids[0])

    def _set_date(self) -> None:
        if self.item is not None and self.item.excerpt_id:
            self.set_date_requested.emit(self.item.excerpt_id)

    # -- lanes ------------------------------------------------------------------------------

    def current_row(self) -> int:
        index = self.lane_list.currentIndex()
        return self.proxy.mapToSource(index).row() if index.isValid() else -1

    def move_current(self, delta: int) -> bool:
        row = self.current_row()
        if row < 0 or not self.lanes.move(row, delta):
            return False
        self.lane_list.setCurrentIndex(self.proxy.mapFromSource(self.lanes.index(row + delta)))
        return True

    def _only(self) -> None:
        row = self.current_row()
        if row < 0:
            return
        key = self.lanes.keys[row]
        self.lanes.hidden = set(self.lanes.keys) - {key}
        self.lanes.set_shown([key], True)
        self.lanes.dataChanged.emit(self.lanes.index(0),
                                    self.lanes.index(max(0, len(self.lanes.keys) - 1)))

    def _lane_clicked(self, index: QModelIndex) -> None:
        source = self.proxy.mapToSource(index)
        if source.isValid():
            self.lane_selected.emit(self.lanes.keys[source.row()])

    def select_lane(self, key: str) -> None:
        row = self.lanes.row_of(key)
        if row >= 0:
            self.lane_list.setCurrentIndex(self.proxy.mapFromSource(self.lanes.index(row)))

    # -- problems ---------------------------------------------------------------------------

    def show_problems(self, problems: tuple[DateProblem, ...]) -> None:
        self.problems.clear()
        for problem in problems[:500]:
            kind, record = problem.record
            self.problems.addItem(for_display(
                f"{kind.value} {record}, {problem.field}: {problem.value} — {problem.reason}"))
        self.problems_box.setTitle(f"Dates that could not be placed ({len(problems)})")
        self.problems_box.setVisible(bool(problems))
