"""Resources inside captures are shown only from the capture, never fetched (issue 15).

The pages in an MHTML file and a WARC point their images, stylesheets, scripts and frames at a
real listening socket on this machine; the readers and Source properties open every source of
them and nothing ever connects to it (Qt's own networking would not pass through Python's
socket guard, the listener sees it either way; no test connects to it, even to prove
that it counts: tests make no connection). A capture's own image part stays in the
original, byte for byte, and the page's text is shown as plain text, with no image in it.
"""

from __future__ import annotations

import io
import socket
import threading
from collections.abc import Iterator
from email.message import EmailMessage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from osint_desk.core.importer import import_files
from osint_desk.ui.reader import SourceReader
from osint_desk.ui.session import CaseSession
from osint_desk.ui.source_properties import SourcePropertiesDialog

PNG = b"\x89PNG\r\n\x1a\n" + bytes(24)


class Listener:
    """A TCP socket on 127.0.0.1 that counts every connection made to it."""

    def __init__(self) -> None:
        self.server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(16)
        self.server.settimeout(0.1)
        self.port = self.server.getsockname()[1]
        self.accepted: list[object] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, address = self.server.accept()
            except (TimeoutError, OSError):
                continue
            self.accepted.append(address)
            conn.close()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path}"

    def close(self) -> None:
        self.stop.set()
        self.thread.join(timeout=5)
        self.server.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    opened = Listener()
    yield opened
    opened.close()


def _page(listener: Listener, title: str) -> str:
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{title}</title>"
        f"<link rel='stylesheet' href='{listener.url('site.css')}'>"
        f"<script src='{listener.url('app.js')}'></script>"
        f"<style>body {{ background: url('{listener.url('bg.png')}') }}</style></head>"
        f"<body><article><h1>{title}</h1>"
        f"<img src='{listener.url('pixel.gif')}' alt='tracker'>"
        f"<img src='cid:photo@capture' alt='the capture\\'s own photo'>"
        "<p>North Korea completed an initial arms delivery to the Wagner Group, the White"
        " House said on Thursday, and the United States will tighten its sanctions.</p>"
        f"<iframe src='{listener.url('frame.html')}'></iframe>"
        "<p>KCNA denied that any arms deal with Russia had taken place.</p>"
        "</article></body></html>")


def _mhtml(listener: Listener) -> bytes:
    outer = MIMEMultipart("related", type="text/html")
    outer["From"] = "<Saved by Blink>"
    outer["Snapshot-Content-Location"] = "https://news.example/wagner"
    outer["Subject"] = "Arms for Wagner"
    outer["Date"] = "Thu, 22 Dec 2022 18:30:05 +0100"
    html = MIMEText(_page(listener, "Arms for Wagner"), "html", "utf-8")
    html["Content-Location"] = "https://news.example/wagner"
    outer.attach(html)
    image = EmailMessage()
    image.set_content(PNG, maintype="image", subtype="png")
    image["Content-ID"] = "<photo@capture>"
    image["Content-Location"] = listener.url("photo.png")  # the capture's own copy of it
    outer.attach(image)
    return outer.as_bytes()


def _warc(listener: Listener) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    # The title is markup as text: a label must show it, not render it.
    title = f"&lt;b&gt;Valid&lt;/b&gt;&lt;img src='{listener.url('title.png')}'&gt;"
    for uri, body, media in (
            ("https://news.example/page", _page(listener, title).encode(), "text/html"),
            (listener.url("pixel.gif"), PNG, "image/png")):
        headers = StatusAndHeaders("200 OK", [("Content-Type", media),
                                              ("Content-Length", str(len(body)))],
                                   protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            uri, "response", payload=io.BytesIO(body), length=len(body),
            http_headers=headers, warc_headers_dict={"WARC-Date": "2022-12-22T18:30:05Z"}))
    return out.getvalue()


def _images_in(reader: SourceReader) -> int:
    block, count = reader.view.document().begin(), 0
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            if iterator.fragment().charFormat().isImageFormat():
                count += 1
            iterator += 1
        block = block.next()
    return count


def test_resources_in_mhtml_and_warc_are_never_fetched(
        session: CaseSession, qtbot: QtBot, tmp_path: Path, listener: Listener) -> None:
    files = {"page.mhtml": _mhtml(listener), "crawl.warc": _warc(listener)}
    paths = []
    for name, data in files.items():
        paths.append(tmp_path / name)
        paths[-1].write_bytes(data)
    outcomes = list(import_files(session.store, paths))
    assert [o.status for o in outcomes] == ["imported", "imported"], [o.message for o in outcomes]
    store = session.store
    mhtml, warc = outcomes
    assert store.sources.original_bytes(mhtml.source_id or "") == files["page.mhtml"]
    assert store.sources.original_bytes(warc.source_id or "") == files["crawl.warc"]
    capture = store.sources.get(mhtml.source_id or "").capture or {}
    assert capture["resources"] == 1
    assert capture["resource_locations"] == [listener.url("photo.png")]  # named, not fetched
    [part] = warc.parts
    sources = [mhtml.source_id, warc.source_id, part.source_id]
    for source_id in sources:
        reader = SourceReader(session, source_id or "")
        qtbot.addWidget(reader)
        reader.resize(900, 700)
        reader.show()
        qtbot.waitExposed(reader)
        dialog = SourcePropertiesDialog(session, source_id or "")
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        qtbot.wait(200)  # room for anything that would load late
        assert _images_in(reader) == 0
        if source_id != warc.source_id:  # the WARC file itself reads as its listing
            assert "North Korea completed an initial arms delivery" in reader.view.toPlainText()
        if source_id == part.source_id:
            container = dialog.findChild(QLabel, "captureContainer")
            assert container is not None
            assert container.textFormat() == Qt.TextFormat.PlainText
        reader.close()
        dialog.close()
    page = store.sources.get(part.source_id or "")
    assert page.title is not None and page.title.startswith("<b>Valid</b><img src=")
    assert listener.accepted == []
