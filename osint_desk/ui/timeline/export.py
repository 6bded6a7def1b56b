"""The timeline as a picture: what the view shows (its time range, every shown lane, not
only those scrolled into view) as PNG (a QImage at twice the size) or SVG (QtSvg, text kept
as text). Written to a temporary file beside the target, then renamed, like the chart's.
The CSV of the shown items is ``core.exports.timeline_csv``, written on the task runner."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QImage, QPainter

from osint_desk.core.errors import OsintDeskError
from osint_desk.ui.chart.export import _atomic
from osint_desk.ui.timeline.painter import Frame, lanes_height, paint
from osint_desk.ui.timeline.style import AXIS_H, Colours

PNG_SCALE = 2.0
MAX_SIDE = 12_000


def whole(frame: Frame) -> Frame:
    """The frame with every shown lane, unscrolled and unselected."""
    height = min(float(MAX_SIDE), AXIS_H + lanes_height(frame.index, frame.lanes) + 8)
    return Frame(frame.index, frame.lanes, frame.t0, frame.px_per_s, frame.width, height, 0.0,
                 None, frame.cards, frame.labels)


def export_png(frame: Frame, path: Path) -> Path:
    frame = whole(frame)
    scale = min(PNG_SCALE, MAX_SIDE / max(frame.width, frame.height, 1.0))
    image = QImage(QSize(int(frame.width * scale), int(frame.height * scale)),
                   QImage.Format.Format_ARGB32)
    colours = Colours.current()
    image.fill(colours.background)
    painter = QPainter(image)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing
                           | QPainter.RenderHint.TextAntialiasing)
    painter.scale(scale, scale)
    paint(painter, frame, colours)
    painter.end()
    with _atomic(path, ".png") as temporary:
        # PySide6 takes the format as str at run time; its stub says bytes.
        if not image.save(str(temporary), "PNG"):  # type: ignore[call-overload]
            raise OsintDeskError(f"could not write the picture {path.name}")
    return path


def export_svg(frame: Frame, path: Path, title: str) -> Path:
    from PySide6.QtSvg import QSvgGenerator

    frame = whole(frame)
    with _atomic(path, ".svg") as temporary:
        generator = QSvgGenerator()
        generator.setFileName(str(temporary))
        generator.setSize(QSize(int(frame.width), int(frame.height)))
        generator.setViewBox(QRectF(0, 0, frame.width, frame.height))
        generator.setTitle(title)
        generator.setDescription("Timeline exported from OSINT Desk")
        painter = QPainter()
        if not painter.begin(generator):
            raise OsintDeskError(f"could not write the drawing {path.name}")
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        paint(painter, frame, Colours.current())
        painter.end()
    return path
