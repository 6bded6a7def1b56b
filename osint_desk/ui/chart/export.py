"""The chart as a picture: PNG (a QImage render, twice the screen size) and SVG (QtSvg, with
the names as text). Written to a temporary file beside the target, then renamed."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QImage, QPainter

from osint_desk.core.errors import OsintDeskError
from osint_desk.ui.chart.scene import ChartScene

PNG_SCALE = 2.0
MAX_PNG_SIDE = 12_000


@contextmanager
def _unselected(scene: ChartScene) -> Iterator[None]:
    """Render without the selection's highlight (and give it back afterwards)."""
    selected = scene.selectedItems()
    scene.clearSelection()
    try:
        yield
    finally:
        for item in selected:
            item.setSelected(True)


@contextmanager
def _atomic(path: Path, suffix: str) -> Iterator[Path]:
    handle, name = tempfile.mkstemp(prefix=".osint-desk-export-", suffix=suffix,
                                    dir=path.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def export_png(scene: ChartScene, path: Path) -> Path:
    scene.finish_building()  # a large chart still being drawn: all of it in the picture
    rect = scene.content_rect()
    scale = min(PNG_SCALE, MAX_PNG_SIDE / max(rect.width(), rect.height(), 1.0))
    image = QImage(QSize(int(rect.width() * scale), int(rect.height() * scale)),
                   QImage.Format.Format_ARGB32)
    image.fill(scene.colours.background)
    with _unselected(scene):
        painter = QPainter(image)
        painter.setRenderHints(QPainter.RenderHint.Antialiasing
                               | QPainter.RenderHint.TextAntialiasing)
        scene.render(painter, QRectF(image.rect()), rect)
        painter.end()
    with _atomic(path, ".png") as temporary:
        # PySide6 6.11 takes the format as str at run time; its stub says bytes.
        if not image.save(str(temporary), "PNG"):  # type: ignore[call-overload]
            raise OsintDeskError(f"could not write the picture {path.name}")
    return path


def export_svg(scene: ChartScene, path: Path, title: str) -> Path:
    from PySide6.QtSvg import QSvgGenerator

    scene.finish_building()
    rect = scene.content_rect()
    with _atomic(path, ".svg") as temporary:
        generator = QSvgGenerator()
        generator.setFileName(str(temporary))
        generator.setSize(QSize(int(rect.width()), int(rect.height())))
        generator.setViewBox(QRectF(0, 0, rect.width(), rect.height()))
        generator.setTitle(title)
        generator.setDescription("Link chart exported from OSINT Desk")
        with _unselected(scene):
            painter = QPainter()
            if not painter.begin(generator):
                raise OsintDeskError(f"could not write the drawing {path.name}")
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            scene.render(painter, QRectF(0, 0, rect.width(), rect.height()), rect)
            painter.end()
    return path
