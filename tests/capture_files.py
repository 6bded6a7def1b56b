"""Capture files as investigators' tools write them, made here byte by byte (no network):
MHTML (Chrome), WARC (one record tampered), WACZ (one hash wrong), EML with an attachment,
DOCX, and a JPEG whose EXIF places it in Bakhmut. Used by the window tests and by whoever
wants sample files (``python tests/capture_files.py FOLDER``)."""

from __future__ import annotations

import hashlib
import io
import json
import struct
import sys
import zipfile
from email.message import EmailMessage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from pathlib import Path

ARTICLE = (
    "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
    "<title>{title}</title></head><body><article><h1>{title}</h1>"
    "<p>{body}</p><p>White House national security spokesman John Kirby said the United States"
    " will tighten sanctions against Wagner.</p></article></body></html>")
SNAPSHOT = "https://news.example/2022/12/22/north-korea-wagner"



def zipped(entries: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip archive of these entries, in this order (WACZ and DOCX samples, broken ones too)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()

def page(title: str, body: str) -> bytes:
    return ARTICLE.format(title=title, body=body).encode()


def mhtml() -> bytes:
    """A Chrome "Save as MHTML" capture of one page with one image."""
    outer = MIMEMultipart("related", type="text/html")
    outer["From"] = "<Saved by Blink>"
    outer["Snapshot-Content-Location"] = SNAPSHOT
    outer["Subject"] = "North Korea delivered weapons to Wagner"
    outer["Date"] = "Thu, 22 Dec 2022 18:30:05 +0100"
    html = MIMEText(page("North Korea delivered weapons to Wagner",
                         "North Korea completed an initial arms delivery to Wagner.").decode(),
                    "html", "utf-8")
    html["Content-Location"] = SNAPSHOT
    outer.attach(html)
    image = EmailMessage()
    image.set_content(b"\x89PNG\r\n\x1a\n" + b"\0" * 16, maintype="image", subtype="png")
    image["Content-Location"] = "https://news.example/img/kirby.png"
    outer.attach(image)
    return outer.as_bytes()


def eml() -> bytes:
    """A tip by mail with a note attached."""
    mail = EmailMessage()
    mail["From"] = "Tipster <tips@example.org>"
    mail["To"] = "desk@example.net"
    mail["Date"] = "Fri, 23 Dec 2022 09:12:00 +0000"
    mail["Subject"] = "Rail cars near Bakhmut"
    mail["Message-ID"] = "<tip-1@example.org>"
    mail.set_content("Photos of the rail cars are attached; the crates were marked in Korean.")
    mail.add_attachment(b"Crates seen on 2022-12-20, Bakhmut rail depot.\n",
                        maintype="text", subtype="plain", filename="notes.txt")
    return mail.as_bytes()


def warc(tamper: bool = True) -> bytes:
    """Two pages written by warcio; with ``tamper`` one byte of the second is changed after."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    for number, (title, date) in enumerate((("Kirby briefing", "2022-12-22T18:30:05Z"),
                                            ("KCNA denial", "2022-12-23T07:00:00Z")), 1):
        body = page(title, f"Record number {number} of the crawl.")
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                              ("Content-Length", str(len(body)))],
                                   protocol="HTTP/1.1")
        record = writer.create_warc_record(f"https://news.example/{number}", "response",
                                           payload=io.BytesIO(body), length=len(body),
                                           http_headers=headers,
                                           warc_headers_dict={"WARC-Date": date})
        writer.write_record(record)
    data = out.getvalue()
    if tamper:
        at = data.rindex(b"Record number 2")
        data = data[:at] + b"X" + data[at + 1:]
    return data


def wacz(wrong_hash: bool = True) -> bytes:
    """A WACZ holding an untampered WARC, whose datapackage lists a wrong hash for it."""
    inner = warc(tamper=False)
    pages = (b'{"format": "json-pages-1.0", "id": "pages", "title": "All Pages"}\n'
             b'{"id": "1", "url": "https://news.example/1", "ts": "2022-12-22T18:30:05Z",'
             b' "title": "Kirby briefing"}\n')
    files = {"archive/data.warc": inner, "pages/pages.jsonl": pages}
    resources = [{"name": p.rsplit("/", 1)[-1], "path": p, "bytes": len(d),
                  "hash": "sha256:" + hashlib.sha256(d).hexdigest()} for p, d in files.items()]
    if wrong_hash:
        resources[0]["hash"] = "sha256:" + "0" * 64
    package = json.dumps({"profile": "data-package", "wacz_version": "1.1.1",
                          "created": "2022-12-22T18:31:00Z", "resources": resources}).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for path, data in files.items():
            archive.writestr(path, data)
        archive.writestr("datapackage.json", package)
    return out.getvalue()


def docx() -> bytes:
    import docx as python_docx

    document = python_docx.Document()
    document.core_properties.title = "Shipment log"
    document.core_properties.author = "Field researcher"
    document.add_paragraph("Rail cars arrived at the depot on 20 December 2022.")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Cars"
    table.cell(0, 1).text = "12"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _entry(tag: int, kind: int, count: int, value: bytes) -> bytes:
    return struct.pack("<HHI", tag, kind, count) + value.ljust(4, b"\0")


def gps_exif(lat: tuple[int, int, int], lon: tuple[int, int, int]) -> bytes:
    """An EXIF APP1 body (little-endian TIFF): IFD0 pointing to a GPS IFD with N / E degrees,
    minutes and hundredths of seconds."""
    gps_at, data_at = 26, 80
    ifd0 = struct.pack("<H", 1) + _entry(0x8825, 4, 1, struct.pack("<I", gps_at)) + b"\0" * 4
    rationals = b"".join(struct.pack("<II", v, d) for v, d in (
        (lat[0], 1), (lat[1], 1), (lat[2], 100), (lon[0], 1), (lon[1], 1), (lon[2], 100)))
    gps = (struct.pack("<H", 4) + _entry(1, 2, 2, b"N\0")
           + _entry(2, 5, 3, struct.pack("<I", data_at))
           + _entry(3, 2, 2, b"E\0") + _entry(4, 5, 3, struct.pack("<I", data_at + 24))
           + b"\0" * 4)
    tiff = b"II*\0" + struct.pack("<I", 8) + ifd0 + gps + rationals
    return b"Exif\0\0" + tiff


def jpeg_with_gps(jpeg: bytes) -> bytes:
    """``jpeg`` with an EXIF segment placing it in Bakhmut (48.5946 N, 37.9997 E)."""
    body = gps_exif((48, 35, 4056), (37, 59, 5892))
    segment = b"\xff\xe1" + struct.pack(">H", len(body) + 2) + body
    return jpeg[:2] + segment + jpeg[2:]


def write_all(folder: Path, jpeg: bytes) -> dict[str, Path]:
    """Every sample into ``folder``; ``jpeg`` is a plain JPEG the caller made (e.g. with Qt)."""
    files = {"kirby.mhtml": mhtml(), "tip.eml": eml(), "crawl.warc": warc(),
             "crawl.wacz": wacz(), "log.docx": docx(), "depot.jpg": jpeg_with_gps(jpeg)}
    paths = {}
    for name, data in files.items():
        paths[name] = folder / name
        paths[name].write_bytes(data)
    return paths


if __name__ == "__main__":
    from PySide6.QtCore import QBuffer, QIODevice
    from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter

    app = QGuiApplication(sys.argv[:1])
    image = QImage(960, 640, QImage.Format.Format_RGB32)
    image.fill(QColor(90, 110, 130))
    painter = QPainter(image)
    painter.fillRect(0, 420, 960, 220, QColor(70, 60, 50))
    for x in range(60, 900, 140):
        painter.fillRect(x, 300, 110, 120, QColor(120, 40, 30))
    painter.end()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "JPEG")
    for path in write_all(Path(sys.argv[1]), bytes(buffer.data())).values():
        print(path)
