"""The picture of an image source (a photo, a screenshot), shown above its description.

The pixels come from the source's stored original, read through the store, and are decoded by
Qt's image plugins from memory: nothing is fetched, nothing is written. Decoding is bounded:
a picture larger than ``MAX_DECODED_SIDE`` on a side is decoded scaled down (JPEG does that
natively), and Qt's allocation limit refuses the rest; a picture Qt cannot decode says so in
place of the image, and its description is still there to read and quote.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import QImage, QImageReader, QPixmap, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from osint_desk.core.ingest.image_formats import sniff_image
from osint_desk.core.safe_text import for_display
from osint_desk.core.store import CaseStore
from osint_desk.core.store.records import Source

#: Pixels decoded on the long side: more than any screen shows, and 64 MB as RGBA at most.
MAX_DECODED_SIDE = 4096


def is_picture(source: Source) -> bool:
    return (source.media_type or "").lower().startswith("image/")


def decode_picture(data: bytes) -> tuple[QImage, QSize, str]:
    """The decoded image (its EXIF orientation applied), its size in the file, and why it
    could not be decoded ("" when it could).

    Only PNG, JPEG and WebP, known by their bytes, reach a decoder: an SVG or another format
    stored as an image (a page's resource) could name files or URLs to load, and is not shown.
    """
    kind = sniff_image(data)
    if kind is None:
        return QImage(), QSize(), "only PNG, JPEG and WebP pictures are shown"
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer, QByteArray(kind.encode()))
    reader.setDecideFormatFromContent(False)
    reader.setAutoTransform(True)  # a phone photo stands the way it was taken
    size = reader.size()
    if size.isValid() and max(size.width(), size.height()) > MAX_DECODED_SIDE:
        reader.setScaledSize(size.scaled(MAX_DECODED_SIDE, MAX_DECODED_SIDE,
                                         Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    if image.isNull():
        return QImage(), size, reader.errorString() or "unknown image data"
    return image, size, ""


class SourcePicture(QLabel):
    """A label showing the picture scaled to fit (never enlarged), rescaled on every resize."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setMinimumSize(48, 48)
        # Ignored: the pixmap never pushes the layout, so resizing can shrink it again.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.setAccessibleName("Picture")
        self.image = QImage()
        self.file_size = QSize()  # the picture's size as the file gives it
        self._shown: str | None = None  # original_sha256 of the picture loaded
        self.hide()

    def show_source(self, store: CaseStore, source: Source) -> None:
        """Show ``source``'s picture if it is an image, else hide; loads each original once."""
        if not is_picture(source) or not source.original_sha256:
            self._clear()
            self.hide()
            return
        if self._shown != source.original_sha256:
            self._load(store, source)
        self.show()
        self._rescale()

    def _clear(self) -> None:
        self.image, self.file_size, self._shown = QImage(), QSize(), None
        self.clear()

    def _load(self, store: CaseStore, source: Source) -> None:
        self._clear()
        self._shown = source.original_sha256
        data = store.sources.original_bytes(source.id)
        if data is None:
            self.setText("The original file of this picture is not in the case.")
            return
        self.image, self.file_size, problem = decode_picture(data)
        name = for_display(source.original_filename or source.title)
        if problem:
            self.setText(f"This picture cannot be shown ({for_display(problem)}). Its "
                         "description below is what the file says about itself.")
            self.setAccessibleName("Picture that cannot be shown")
            return
        self.setAccessibleName(f"Picture: {name}")
        self.setToolTip(f"{name}: {self.file_size.width()} × {self.file_size.height()} pixels")

    def shown_size(self) -> QSize:
        """The size of the picture on screen, in device-independent pixels."""
        pixmap = self.pixmap()
        if pixmap.isNull():
            return QSize()
        ratio = pixmap.devicePixelRatio()
        return QSize(round(pixmap.width() / ratio), round(pixmap.height() / ratio))

    def _rescale(self) -> None:
        if self.image.isNull():
            return
        room = self.contentsRect().size()
        target = self.image.size()
        if target.width() > room.width() or target.height() > room.height():
            target = target.scaled(room, Qt.AspectRatioMode.KeepAspectRatio)
        ratio = self.devicePixelRatioF()
        scaled = self.image.scaled(max(1, round(target.width() * ratio)),
                                   max(1, round(target.height() * ratio)),
                                   Qt.AspectRatioMode.IgnoreAspectRatio,
                                   Qt.TransformationMode.SmoothTransformation)
        pixmap = QPixmap.fromImage(scaled)
        pixmap.setDevicePixelRatio(ratio)
        self.setPixmap(pixmap)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._rescale()
