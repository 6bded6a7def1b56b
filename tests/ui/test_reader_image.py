"""An imported photo opens as a picture above its description, decoded from the case alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImage, QPainter
from pytestqt.qtbot import QtBot

from osint_desk.core.importer import import_files
from osint_desk.ui.reader import SourceReader
from osint_desk.ui.session import CaseSession


def make_png(path: Path, width: int, height: int, kind: str = "PNG") -> bytes:
    """A picture with a red left half and a blue right half, so orientation shows."""
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(20, 40, 220))
    painter = QPainter(image)
    painter.fillRect(0, 0, width // 2, height, QColor(220, 30, 30))
    painter.end()
    assert image.save(str(path), kind)
    return path.read_bytes()


def import_one(session: CaseSession, path: Path) -> str:
    outcomes = list(import_files(session.store, [path]))
    assert [outcome.status for outcome in outcomes] == ["imported"], outcomes
    source_id = outcomes[0].source_id
    assert source_id is not None
    return source_id


def open_reader(session: CaseSession, qtbot: QtBot, source_id: str) -> SourceReader:
    reader = SourceReader(session, source_id)
    qtbot.addWidget(reader)
    reader.resize(900, 700)
    reader.show()
    qtbot.waitExposed(reader)
    return reader


def test_imported_png_is_shown_scaled_to_fit_above_its_description(
        session: CaseSession, qtbot: QtBot, tmp_path: Path) -> None:
    data = make_png(tmp_path / "street.png", 1200, 600)
    source_id = import_one(session, tmp_path / "street.png")
    assert session.store.sources.original_bytes(source_id) == data
    reader = open_reader(session, qtbot, source_id)
    picture = reader.picture
    qtbot.waitUntil(lambda: not picture.shown_size().isEmpty())
    assert picture.isVisible() and reader.view.isVisible()
    assert picture.file_size == QSize(1200, 600)
    shown = picture.shown_size()
    room = picture.contentsRect().size()
    # Scaled down to fit the room it has, keeping the 2:1 shape.
    assert shown.width() <= room.width() and shown.height() <= room.height()
    assert shown.width() == room.width() or shown.height() == room.height()
    assert abs(shown.width() - 2 * shown.height()) <= 2
    image = picture.pixmap().toImage()
    left = image.pixelColor(image.width() // 4, image.height() // 2)
    right = image.pixelColor(3 * image.width() // 4, image.height() // 2)
    assert left.red() > 180 and left.blue() < 80
    assert right.blue() > 180 and right.red() < 80
    assert picture.geometry().bottom() < reader.view.geometry().top()
    assert reader.view.toPlainText().startswith("Image street.png, 1200 × 600 pixels, PNG.")


def test_picture_rescales_with_the_reader_and_is_never_enlarged(
        session: CaseSession, qtbot: QtBot, tmp_path: Path) -> None:
    make_png(tmp_path / "wide.png", 1600, 400)
    reader = open_reader(session, qtbot, import_one(session, tmp_path / "wide.png"))
    picture = reader.picture
    qtbot.waitUntil(lambda: not picture.shown_size().isEmpty())
    before = picture.shown_size()
    reader.resize(500, 700)
    qtbot.waitUntil(lambda: picture.shown_size().width() < before.width())
    assert picture.shown_size().width() <= picture.contentsRect().width()
    make_png(tmp_path / "icon.png", 16, 12)
    small = open_reader(session, qtbot, import_one(session, tmp_path / "icon.png"))
    qtbot.waitUntil(lambda: not small.picture.shown_size().isEmpty())
    assert small.picture.shown_size() == QSize(16, 12)  # shown as it is, not blown up


@pytest.mark.parametrize(("name", "kind"), [("phone.jpg", "JPEG"), ("chat.webp", "WEBP")])
def test_jpeg_and_webp_are_shown(session: CaseSession, qtbot: QtBot, tmp_path: Path,
                                 name: str, kind: str) -> None:
    make_png(tmp_path / name, 300, 200, kind)
    reader = open_reader(session, qtbot, import_one(session, tmp_path / name))
    qtbot.waitUntil(lambda: not reader.picture.shown_size().isEmpty())
    assert reader.picture.file_size == QSize(300, 200)
    assert reader.view.toPlainText().startswith(f"Image {name}, 300 × 200 pixels, {kind}.")


def test_text_sources_show_no_picture(session: CaseSession, qtbot: QtBot) -> None:
    reader = open_reader(session, qtbot, session.store.sources.list()[0].id)
    assert not reader.picture.isVisible() and reader.picture.pixmap().isNull()
    assert reader.view.isVisible()


def test_undecodable_picture_says_so_and_keeps_its_text(session: CaseSession,
                                                        qtbot: QtBot) -> None:
    source = session.store.sources.add(
        text="Image broken.png, 10 × 10 pixels, PNG.", title="broken", kind="document",
        original=b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, media_type="image/png",
        original_filename="broken.png")
    reader = open_reader(session, qtbot, source.id)
    assert reader.picture.isVisible() and reader.picture.pixmap().isNull()
    assert reader.picture.text().startswith("This picture cannot be shown (")
    assert reader.view.toPlainText() == "Image broken.png, 10 × 10 pixels, PNG."


def test_svg_stored_as_an_image_is_not_decoded(session: CaseSession, qtbot: QtBot) -> None:
    """An SVG may name files or URLs to load; only PNG, JPEG and WebP reach a decoder."""
    svg = (b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
           b' width="10" height="10"><image xlink:href="http://192.0.2.1/x.png" width="10"'
           b' height="10"/></svg>')
    source = session.store.sources.add(
        text="A page's drawing.", title="drawing", kind="document", original=svg,
        media_type="image/svg+xml", original_filename="drawing.svg")
    reader = open_reader(session, qtbot, source.id)
    assert reader.picture.pixmap().isNull()
    assert "only PNG, JPEG and WebP pictures are shown" in reader.picture.text()
