"""How the map looks: land, sea, borders and shading per theme, and marker sprites by FtM type.

Markers take the chart's shapes and colours (``ui/chart/style.py``), so a card looks the same
in both views. Each is drawn once into a small pixmap per type and state (``marker_sprite``):
thousands of markers then paint as pixmap copies, not as paths.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen, QPixmap

from osint_desk.ui.chart import style as chart_style

MARKER_RADIUS = 7.0  # device pixels


@dataclass(frozen=True)
class MapColours:
    """The map's colours for the current palette (light or dark)."""

    dark: bool
    sea: QColor
    land: QColor
    border: QColor
    shaded: QColor
    shaded_border: QColor
    arc: QColor
    text: QColor
    halo: QColor
    selected: QColor
    bubble: QColor
    bubble_text: QColor

    @classmethod
    def current(cls) -> MapColours:
        palette = chart_style.Palette.current()
        if palette.dark:
            return cls(True, QColor("#1b2430"), QColor("#3a4049"), QColor("#1e2329"),
                       QColor("#8a6a3d"), QColor("#c89a5a"), QColor("#5d7397"),
                       palette.text, QColor(20, 22, 26, 200), palette.selected,
                       QColor("#2f6fb5"), QColor("#ffffff"))
        return cls(False, QColor("#dfe9f3"), QColor("#f4f3ef"), QColor("#b9bcc2"),
                   QColor("#f2c18d"), QColor("#c98a45"), QColor("#7f95bd"),
                   palette.text, QColor(255, 255, 255, 215), palette.selected,
                   QColor("#2f6fb5"), QColor("#ffffff"))


_SPRITES: dict[tuple[str, bool, bool, float], QPixmap] = {}


def marker_sprite(schema: str, selected: bool, dark: bool, ratio: float) -> QPixmap:
    """The marker of a card type as a pixmap centred on its middle, made once per look."""
    key = (schema, selected, dark, ratio)
    found = _SPRITES.get(key)
    if found is not None:
        return found
    shape, colour, _letter = chart_style.type_look(schema)
    radius = MARKER_RADIUS + (2.0 if selected else 0.0)
    side = int(2 * (radius + 4))
    pixmap = QPixmap(int(side * ratio), int(side * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.translate(QPointF(side / 2, side / 2))
    path = chart_style.shape_path(shape, radius)
    if selected:
        painter.setPen(QPen(chart_style.Palette.current().selected, 3.0))
    else:
        painter.setPen(QPen(QColor("#1e2329") if dark else QColor("#ffffff"), 1.6))
    painter.setBrush(colour)
    painter.drawPath(path)
    painter.end()
    _SPRITES[key] = pixmap
    return pixmap


_BUBBLES: dict[tuple[str, bool, bool, float], QPixmap] = {}


def bubble_radius(count: int) -> float:
    """A count bubble's radius in pixels: larger with more cards, within reason."""
    return min(24.0, 11.0 + 6.0 * math.log10(max(1, count)))


def count_text(count: int) -> str:
    return str(count) if count < 1000 else f"{count / 1000:.1f}k".replace(".0k", "k")


def bubble_sprite(count: int, chosen: bool, colours: MapColours, ratio: float) -> QPixmap:
    """A numbered bubble (several cards at one place on screen) as a pixmap, once per text."""
    text = count_text(count)
    key = (text, chosen, colours.dark, ratio)
    found = _BUBBLES.get(key)
    if found is not None:
        return found
    radius = bubble_radius(count)
    side = int(2 * (radius + 3))
    pixmap = QPixmap(int(side * ratio), int(side * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing
                           | QPainter.RenderHint.TextAntialiasing)
    centre = QPointF(side / 2, side / 2)
    painter.setPen(QPen(colours.selected if chosen else colours.halo, 3.0 if chosen else 2.0))
    painter.setBrush(colours.bubble)
    painter.drawEllipse(centre, radius, radius)
    font = QFont()
    font.setPointSizeF(8.5)
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(colours.bubble_text)
    painter.drawText(QRectF(0, 0, side, side), Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    if len(_BUBBLES) > 2000:
        _BUBBLES.clear()
    _BUBBLES[key] = pixmap
    return pixmap


def forget_sprites() -> None:
    """The theme changed: make the sprites again on their next use."""
    _SPRITES.clear()
    _BUBBLES.clear()
