"""How the chart draws things: a shape, colour and letter per FtM type, link pens by
confidence and contradiction, in a light and a dark variant read from the palette."""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPolygonF,
    QStaticText,
    QTextOption,
    QTransform,
)
from PySide6.QtWidgets import QApplication

from osint_desk.core.model import ENTITY_TYPE_LABELS

# type -> (shape, hue colour, letter); unknown types are grey rounded squares.
TYPE_LOOK: dict[str, tuple[str, str, str]] = {
    "Person": ("circle", "#3b73c4", "P"),
    "Organization": ("rounded", "#16877d", "O"),
    "Company": ("square", "#c07a12", "C"),
    "PublicBody": ("hexagon", "#7a4fb8", "G"),
    "LegalEntity": ("rounded", "#5f6b7a", "L"),
    "Vessel": ("diamond", "#1689b4", "V"),
    "Airplane": ("diamond", "#2f8fa8", "A"),
    "Asset": ("square", "#8a6d3b", "$"),
    "Event": ("octagon", "#c2412d", "E"),
    "Address": ("triangle", "#3f8f3a", "@"),
    "BankAccount": ("square", "#6b7a2f", "B"),
    "CryptoWallet": ("square", "#6b7a2f", "W"),
}
DEFAULT_LOOK = ("rounded", "#6b7280", "?")
BASE_RADIUS = 17.0
MAX_EXTRA_RADIUS = 11.0
LABEL_MIN_DETAIL = 0.45  # below this zoom labels are not drawn
CONTRADICTED = "#d9480f"


@dataclass(frozen=True)
class Palette:
    """The colours of one theme, taken from the application palette."""

    dark: bool
    text: QColor
    muted: QColor
    background: QColor
    label_back: QColor
    link: QColor
    selected: QColor
    group_fill: QColor
    group_line: QColor
    contradicted: QColor
    sanction: QColor

    @classmethod
    def current(cls) -> Palette:
        palette = QApplication.palette()
        base = palette.color(QPalette.ColorRole.Base)
        dark = base.lightness() < 128
        text = palette.color(QPalette.ColorRole.Text)
        label_back = QColor(base)
        label_back.setAlpha(215)
        return cls(
            dark=dark, text=text,
            muted=QColor("#9aa3ad") if dark else QColor("#5b6470"),
            background=base, label_back=label_back,
            link=QColor("#8d97a3") if dark else QColor("#6b7480"),
            selected=palette.color(QPalette.ColorRole.Highlight),
            group_fill=QColor(120, 150, 200, 38) if dark else QColor(60, 110, 190, 22),
            group_line=QColor("#6f8fbf") if dark else QColor("#7d97c4"),
            contradicted=QColor("#ff8a4c") if dark else QColor(CONTRADICTED),
            sanction=QColor("#e03131"))


def type_look(schema: str) -> tuple[str, QColor, str]:
    shape, colour, letter = TYPE_LOOK.get(schema, DEFAULT_LOOK)
    return shape, QColor(colour), letter


def type_label(schema: str) -> str:
    return ENTITY_TYPE_LABELS.get(schema, schema)


def node_radius(mentions: int) -> float:
    """Bigger with more excerpts mentioning the card, but never huge."""
    return BASE_RADIUS + min(MAX_EXTRA_RADIUS, 3.0 * math.sqrt(max(0, mentions)))


def _polygon(sides: int, radius: float, rotation: float = 0.0) -> QPolygonF:
    return QPolygonF([QPointF(radius * math.cos(rotation + 2 * math.pi * k / sides),
                              radius * math.sin(rotation + 2 * math.pi * k / sides))
                      for k in range(sides)])


def shape_path(shape: str, radius: float) -> QPainterPath:
    """The outline of a node centred on (0, 0)."""
    path = QPainterPath()
    box = QRectF(-radius, -radius, 2 * radius, 2 * radius)
    if shape == "circle":
        path.addEllipse(box)
    elif shape == "square":
        path.addRoundedRect(box.adjusted(2, 2, -2, -2), 3, 3)
    elif shape == "rounded":
        path.addRoundedRect(box.adjusted(1, 1, -1, -1), radius * 0.45, radius * 0.45)
    elif shape == "hexagon":
        path.addPolygon(_polygon(6, radius * 1.06))
    elif shape == "octagon":
        path.addPolygon(_polygon(8, radius * 1.04, math.pi / 8))
    elif shape == "diamond":
        path.addPolygon(_polygon(4, radius * 1.18))
    elif shape == "triangle":
        path.addPolygon(_polygon(3, radius * 1.3, -math.pi / 2).translated(0, radius * 0.2))
    else:
        path.addEllipse(box)
    path.closeSubpath()
    return path


_PENS: dict[tuple[int, int, int, int | None, bool, bool], QPen] = {}


def link_pen(palette: Palette, confidence: int | None, contradicted: bool,
             selected: bool) -> QPen:
    """Width by confidence (ICD 203 bands); contradicted links dashed in a warning colour.
    Made once per palette and kind of link (thousands of links paint on each frame)."""
    key = (palette.link.rgba(), palette.contradicted.rgba(), palette.selected.rgba(),
           confidence, contradicted, selected)
    pen = _PENS.get(key)
    if pen is None:
        if len(_PENS) > 512:
            _PENS.clear()
        pen = _PENS[key] = _make_link_pen(palette, confidence, contradicted, selected)
    return pen


_HAIRLINES: dict[int, QPen] = {}
_BRUSHES: dict[int, QBrush] = {}


def hairline(pen: QPen) -> QPen:
    """A cosmetic one-pixel pen of *pen*'s colour (links seen from far out)."""
    rgba = pen.color().rgba()
    found = _HAIRLINES.get(rgba)
    if found is None:
        found = _HAIRLINES[rgba] = QPen(pen.color(), 0)
    return found


def solid_brush(pen: QPen) -> QBrush:
    rgba = pen.color().rgba()
    found = _BRUSHES.get(rgba)
    if found is None:
        found = _BRUSHES[rgba] = QBrush(pen.color())
    return found


def _make_link_pen(palette: Palette, confidence: int | None, contradicted: bool,
             selected: bool) -> QPen:
    if confidence is None:
        width, style = 1.2, Qt.PenStyle.DotLine
    elif confidence >= 80:
        width, style = 2.6, Qt.PenStyle.SolidLine
    elif confidence >= 55:
        width, style = 1.9, Qt.PenStyle.SolidLine
    else:
        width, style = 1.3, Qt.PenStyle.SolidLine
    colour = palette.contradicted if contradicted else palette.link
    if contradicted:
        style = Qt.PenStyle.DashLine
    if selected:
        colour, width = palette.selected, width + 1.2
    pen = QPen(colour, width, style)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    return pen


# Thousands of items ask for the same few fonts and label widths: made once, not once per
# item. ``forget_fonts`` (the scene calls it when the theme changes) starts again.
_FONTS: dict[tuple[float, bool], QFont] = {}
_WIDTHS: dict[tuple[float, bool, str], float] = {}
_HEIGHTS: dict[tuple[float, bool], float] = {}
_TEXTS: dict[tuple[str, float, bool, float], QStaticText] = {}
MAX_CACHED_WIDTHS = 50_000


def forget_fonts() -> None:
    _FONTS.clear()
    _WIDTHS.clear()
    _HEIGHTS.clear()
    _TEXTS.clear()


def static_text(text: str, size: float, bold: bool = False, width: float = -1.0) -> QStaticText:
    """*text* laid out once in ``label_font(size, bold)`` — centred, and wrapped to *width*
    when one is given — for ``QPainter.drawStaticText``: a chart at reading zoom draws
    hundreds of labels per frame, and laying each one out again cost three times the
    drawing (the frame after a layout of 2,000 cards took 180 ms)."""
    key = (text, size, bold, width)
    found = _TEXTS.get(key)
    if found is None:
        if len(_TEXTS) >= MAX_CACHED_WIDTHS:
            _TEXTS.clear()
        found = QStaticText(text)
        found.setTextFormat(Qt.TextFormat.PlainText)
        option = QTextOption(Qt.AlignmentFlag.AlignHCenter)
        option.setWrapMode(QTextOption.WrapMode.WordWrap if width > 0
                           else QTextOption.WrapMode.NoWrap)
        found.setTextOption(option)
        found.setTextWidth(width)
        found.prepare(QTransform(), label_font(size, bold))
        _TEXTS[key] = found
    return found


def draw_centred(painter: QPainter, rect: QRectF, text: QStaticText) -> None:
    """*text* (from ``static_text``) in the middle of *rect*, in the painter's font."""
    size = text.size()
    painter.drawStaticText(QPointF(rect.center().x() - size.width() / 2,
                                   rect.center().y() - size.height() / 2), text)


def label_font(size: float = 9.0, bold: bool = False) -> QFont:
    """The application font at *size* points; callers must not change the font they get."""
    font = _FONTS.get((size, bold))
    if font is None:
        font = _FONTS[(size, bold)] = QFont(QApplication.font())
        font.setPointSizeF(size)
        font.setBold(bold)
    return font


def text_width(text: str, size: float, bold: bool = False) -> float:
    """``horizontalAdvance`` of *text* in ``label_font(size, bold)``, remembered."""
    width = _WIDTHS.get((size, bold, text))
    if width is None:
        if len(_WIDTHS) >= MAX_CACHED_WIDTHS:
            _WIDTHS.clear()
        width = _WIDTHS[(size, bold, text)] = QFontMetricsF(
            label_font(size, bold)).horizontalAdvance(text)
    return width


def line_height(size: float, bold: bool = False) -> float:
    height = _HEIGHTS.get((size, bold))
    if height is None:
        height = _HEIGHTS[(size, bold)] = QFontMetricsF(label_font(size, bold)).height()
    return height
