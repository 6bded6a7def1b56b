"""How the timeline looks: sizes, a colour per kind of date, and the theme's colours read
from the palette (light or dark), shared by the canvas and the exports."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from osint_desk.core.timeline import ItemKind

AXIS_H = 46  # the axis band: context line over the tick labels
HEADER_W = 210  # the lane names on the left
ROW_H = 24  # one row of a lane
LANE_PAD = 8  # the top padding holds the lines of items wider than the view
MARK_H = 16  # the height of a bar or span within its row
POINT_R = 6.0  # half the width of an exact date's diamond
LABELS_UP_TO = 80  # a lane showing more items than this draws marks without labels
DENSE_PX = 7.0  # a lane with more than one item per this many pixels is drawn as counts
LABEL_MAX_PX = 300.0

KIND_COLOURS: dict[ItemKind, str] = {
    ItemKind.EXCERPT_EVENT: "#3b73c4",
    ItemKind.RELATIONSHIP: "#16877d",
    ItemKind.CARD_DATE: "#7a4fb8",
    ItemKind.SANCTION_LISTED: "#c2412d",
    ItemKind.SANCTION_DELISTED: "#c07a12",
    ItemKind.SOURCE_PUBLISHED: "#5f6b7a",
    ItemKind.SOURCE_RETRIEVED: "#8a939e",
}
ERROR = "#e03131"


@dataclass(frozen=True)
class Colours:
    """The colours of one theme, taken from the application palette."""

    dark: bool
    background: QColor
    band: QColor  # every other lane
    header: QColor
    text: QColor
    muted: QColor
    grid: QColor
    selected: QColor
    selected_lane: QColor
    label_back: QColor
    error: QColor

    @classmethod
    def current(cls) -> Colours:
        palette = QApplication.palette()
        base = palette.color(QPalette.ColorRole.Base)
        dark = base.lightness() < 128
        text = palette.color(QPalette.ColorRole.Text)
        highlight = palette.color(QPalette.ColorRole.Highlight)
        band = QColor(base.lighter(118) if dark else base.darker(104))
        header = QColor(base.lighter(128) if dark else base.darker(108))
        lane = QColor(highlight)
        lane.setAlpha(48)
        label_back = QColor(base)
        label_back.setAlpha(210)
        return cls(dark=dark, background=base, band=band, header=header, text=text,
                   muted=QColor("#9aa3ad") if dark else QColor("#5b6470"),
                   grid=QColor(255, 255, 255, 30) if dark else QColor(0, 0, 0, 28),
                   selected=highlight, selected_lane=lane, label_back=label_back,
                   error=QColor("#ff6b6b") if dark else QColor(ERROR))

    def kind(self, kind: ItemKind) -> QColor:
        colour = QColor(KIND_COLOURS.get(kind, "#6b7280"))
        return colour.lighter(135) if self.dark else colour


def font(size_delta: float = 0.0, *, bold: bool = False) -> QFont:
    base = QFont(QApplication.font())
    if size_delta:
        base.setPointSizeF(max(6.0, base.pointSizeF() + size_delta))
    base.setBold(bold)
    return base
