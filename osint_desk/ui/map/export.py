"""The map as a picture: PNG (a QImage render, twice the view's size) and SVG (QtSvg), of what
the view shows, with the borders note and the credits written under it. Written to a
temporary file beside the target, then renamed (``ui/chart/export.py``'s ``_atomic``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter
from PySide6.QtWidgets import QFileDialog, QGraphicsScene, QWidget

from osint_desk.core.errors import OsintDeskError
from osint_desk.ui.chart.export import _atomic

PNG_SCALE = 2.0
MAX_PNG_SIDE = 8_000
NOTE_HEIGHT = 34.0


def _draw(painter: QPainter, scene: QGraphicsScene, source: QRectF, width: float,
          height: float, notes: list[str], text: QColor) -> None:
    painter.setRenderHints(QPainter.RenderHint.Antialiasing
                           | QPainter.RenderHint.TextAntialiasing)
    scene.render(painter, QRectF(0, 0, width, height), source,
                 Qt.AspectRatioMode.IgnoreAspectRatio)
    font = QFont()
    font.setPixelSize(11)
    painter.setFont(font)
    painter.setPen(text)
    for number, note in enumerate(notes):
        painter.drawText(QRectF(6, height + 3 + 15 * number, width - 12, 15),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, note)


def export_png(scene: QGraphicsScene, source: QRectF, size: QSize, path: Path,
               notes: list[str], background: QColor, text: QColor) -> Path:
    """*source* (scene units) drawn at *size* (the view's pixels) times ``PNG_SCALE``."""
    scale = min(PNG_SCALE, MAX_PNG_SIDE / max(size.width(), size.height(), 1))
    width, height = size.width() * scale, size.height() * scale
    image = QImage(QSize(int(width), int(height + NOTE_HEIGHT * scale)),
                   QImage.Format.Format_ARGB32)
    image.fill(background)
    painter = QPainter(image)
    painter.scale(scale, scale)
    _draw(painter, scene, source, size.width(), size.height(), notes, text)
    painter.end()
    with _atomic(path, ".png") as temporary:
        if not image.save(str(temporary), "PNG"):  # type: ignore[call-overload]
            raise OsintDeskError(f"could not write the picture {path.name}")
    return path


def export_svg(scene: QGraphicsScene, source: QRectF, size: QSize, path: Path,
               notes: list[str], title: str, text: QColor) -> Path:
    from PySide6.QtSvg import QSvgGenerator

    width, height = size.width(), size.height()
    with _atomic(path, ".svg") as temporary:
        generator = QSvgGenerator()
        generator.setFileName(str(temporary))
        generator.setSize(QSize(width, int(height + NOTE_HEIGHT)))
        generator.setViewBox(QRectF(0, 0, width, height + NOTE_HEIGHT))
        generator.setTitle(title)
        generator.setDescription("Map exported from OSINT Desk")
        painter = QPainter()
        if not painter.begin(generator):
            raise OsintDeskError(f"could not write the drawing {path.name}")
        _draw(painter, scene, source, width, height, notes, text)
        painter.end()
    return path


def choose_and_export(parent: QWidget, fmt: str, write: Callable[[Path, str], Path],
                      say: Callable[[str], None]) -> None:
    """The Export menu: ask where, write there, and say how it went."""
    name, _ = QFileDialog.getSaveFileName(
        parent, "Export the map", f"map.{fmt}",
        "PNG image (*.png)" if fmt == "png" else "SVG drawing (*.svg)")
    if name:
        try:
            write(Path(name), fmt)
        except (OsintDeskError, OSError) as exc:
            say(str(exc))
        else:
            say(f"Saved {Path(name).name}.")
