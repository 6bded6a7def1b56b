"""Table columns sized to what they hold: names and dates whole, one column takes the rest.

Qt's ``ResizeToContents`` never shrinks a column, so a table narrower than its contents
scrolls sideways (and a table sized to its rows then hides its last row under the scroll
bar), while ``Stretch`` squeezes a column below its text and elides it. ``FittedColumns``
measures each column once per load (the header and the first rows), caps very long text,
gives the stretch column whatever width is left, and — for tables inside a scrolling page —
asks the layout for the width the columns need, so the page scrolls instead of the text
being cut. Text that is elided (past the cap, or in a table narrower than its contents) is
whole in the model's tooltip.
"""

from __future__ import annotations

from collections.abc import Iterable

import shiboken6
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QStyle, QTableView

MEASURED_ROWS = 50  # rows a column measures (Qt's default precision is 1000)
CAP = 360  # no column is made wider than this for its contents alone


def text_margin(view: QAbstractItemView) -> int:
    """Space a cell keeps on each side of its text (the style's focus-frame margin + 1)."""
    return view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1


def text_fits(view: QTableView, column: int, text: str) -> bool:
    """Whether ``text`` is shown whole (not elided) in ``column`` at its current width."""
    needed = view.fontMetrics().horizontalAdvance(text) + 2 * text_margin(view)
    return needed <= view.columnWidth(column)


class FittedColumns(QObject):
    """Keeps ``table``'s columns at their content width (at most ``cap``); ``stretch`` also
    takes the width left over. ``hold_width``: the table's minimum width is the columns' sum,
    for a table inside a scroll area (never for one whose minimum would reach the window)."""

    def __init__(self, table: QTableView, stretch: int, *, cap: int = CAP,
                 uncapped: Iterable[int] = (), hold_width: bool = False,
                 squeeze: Iterable[int] = (), rows: int = MEASURED_ROWS) -> None:
        super().__init__(table)
        self.table = table
        self.stretch = stretch
        self.cap = cap
        self.uncapped = frozenset(uncapped)
        self.hold_width = hold_width
        # Columns that give up width (elided, whole in the tooltip) when the table is a little
        # narrower than its contents, down to half their width; past that the table scrolls.
        self.squeeze = tuple(squeeze)
        self.widths: list[int] = []
        header = table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setResizeContentsPrecision(rows)
        header.setTextElideMode(table.textElideMode())
        self._viewport = table.viewport()
        self._viewport.installEventFilter(self)
        model = table.model()
        if model is not None:  # a model that resets itself (screening) refits by itself
            model.modelReset.connect(self.refit)
            model.layoutChanged.connect(self.refit)

    def content_widths(self) -> list[int]:
        """Each column's width for its header and its first rows (capped)."""
        model, header = self.table.model(), self.table.horizontalHeader()
        if model is None:
            return []
        widths = []
        for column in range(model.columnCount()):
            if header.isSectionHidden(column):
                widths.append(0)
                continue
            wanted = max(header.sectionSizeHint(column), self.table.sizeHintForColumn(column),
                         header.minimumSectionSize())
            if column not in self.uncapped:
                wanted = min(wanted, max(self.cap, header.sectionSizeHint(column)))
            widths.append(wanted)
        return widths

    def refit(self) -> None:
        """Measure again (after the model was loaded) and lay the columns out."""
        if not shiboken6.isValid(self.table):  # a QTableWidget's model resets as it goes
            return
        self.widths = self.content_widths()
        if self.hold_width:
            frame = 2 * self.table.frameWidth()
            bar = self.table.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None,
                                                 self.table)
            self.table.setMinimumWidth(sum(self.widths) + frame + bar)
        self.apply()

    def apply(self) -> None:
        """Set the measured widths; the stretch column gets what the viewport has left."""
        header = self.table.horizontalHeader()
        if not self.widths or len(self.widths) != header.count():
            self.widths = self.content_widths()
        widths = list(self.widths)
        spare = self.table.viewport().width() - sum(widths)
        if spare > 0:
            widths[self.stretch] += spare
        elif spare < 0 and self.squeeze:
            floors = {c: max(header.sectionSizeHint(c), widths[c] // 2) for c in self.squeeze}
            room = sum(max(0, widths[c] - floors[c]) for c in self.squeeze)
            take = min(-spare, room)
            for column in self.squeeze:  # each in proportion to what it can give
                share = max(0, widths[column] - floors[column])
                cut = min(share, -(-take * share // room)) if room else 0
                widths[column] -= cut
                take -= cut
                room -= share
        for column, width in enumerate(widths):
            if not header.isSectionHidden(column) and header.sectionSize(column) != width:
                header.resizeSection(column, width)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self._viewport \
                and shiboken6.isValid(self.table):
            self.apply()
        return False
