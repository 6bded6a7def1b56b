"""Render the application icon's PNG sizes, the Windows .ico and the macOS .icns.

PNG sizes for platforms/installers that do not read SVG (Windows, macOS, some Linux
launchers and packaging tools); run after editing the SVG:

    QT_QPA_PLATFORM=offscreen python packaging/render_icons.py

It reads ``resources/icons/osint-desk.svg`` and writes, beside it,
``osint-desk-<N>.png`` for every size in ``PNG_SIZES``, ``osint-desk.ico`` (PNG-compressed
entries, read by Windows Vista and later) and ``osint-desk.icns`` (PNG entries ic07..ic10).
It needs only PySide6 (QtSvg) and the standard library, and opens no network connection.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICON_DIR = Path(__file__).resolve().parent.parent / "resources" / "icons"
SVG = ICON_DIR / "osint-desk.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# icns OSType for PNG payloads: 128, 256, 512 and 1024 px.
ICNS_TYPES = {128: b"ic07", 256: b"ic08", 512: b"ic09", 1024: b"ic10"}


def render(renderer: QSvgRenderer, size: int) -> bytes:
    """The SVG drawn on a transparent size x size canvas, as PNG bytes."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.convertToFormat(QImage.Format.Format_ARGB32).save(buffer, "PNG"):
        raise RuntimeError(f"could not encode the {size} px PNG")
    buffer.close()
    return bytes(data.data())


def ico(pngs: dict[int, bytes]) -> bytes:
    """A Windows ICO container holding PNG-compressed images (ICONDIR + ICONDIRENTRY)."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))  # reserved, type 1 = icon, count
    offset = len(header) + 16 * len(sizes)
    entries, payload = b"", b""
    for size in sizes:
        data = pngs[size]
        side = 0 if size >= 256 else size  # 0 means 256
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        payload += data
        offset += len(data)
    return header + entries + payload


def icns(pngs: dict[int, bytes]) -> bytes:
    """A macOS ICNS container with PNG payloads."""
    body = b"".join(
        ICNS_TYPES[size] + struct.pack(">I", 8 + len(data)) + data
        for size, data in sorted(pngs.items())
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # QtSvg needs one
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        print(f"cannot read {SVG}", file=sys.stderr)
        return 1
    sizes = set(PNG_SIZES) | set(ICO_SIZES) | set(ICNS_TYPES)
    pngs = {size: render(renderer, size) for size in sorted(sizes)}
    for size in PNG_SIZES:
        path = ICON_DIR / f"osint-desk-{size}.png"
        path.write_bytes(pngs[size])
        print(path)
    for path, data in (
        (ICON_DIR / "osint-desk.ico", ico({s: pngs[s] for s in ICO_SIZES})),
        (ICON_DIR / "osint-desk.icns", icns({s: pngs[s] for s in ICNS_TYPES})),
    ):
        path.write_bytes(data)
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
