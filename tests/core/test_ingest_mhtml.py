"""MHTML captures: the saved page read as a page, the capture's own headers kept, no network."""

from __future__ import annotations

import base64
import quopri
from pathlib import Path

import pytest

from osint_desk.core.dates import Precision
from osint_desk.core.errors import IngestError
from osint_desk.core.ingest import read_source_bytes, read_source_file
from osint_desk.core.model import SourceKind

BOUNDARY = "----MultipartBoundary--T0p5ecretB0undary----"
SNAPSHOT = "https://news.example/world/2022/12/22/wagner-weapons"
DATE = "Thu, 22 Dec 2022 18:30:05 +0100"
BODY = (
    "<p>North Korea completed an initial weapons delivery to the Wagner Group, the White "
    "House said, adding that the shipment included infantry rockets and missiles.</p>"
    "<p>KCNA denied the report and called it a groundless rumour.</p>"
)
PAGE = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
    "<title>North Korea delivered weapons to Wagner</title>"
    '<meta name="author" content="Hana Kim">'
    '<meta property="article:published_time" content="2022-12-22T09:00:00+09:00">'
    '<link rel="stylesheet" href="https://news.example/static/site.css"></head>'
    f'<body><article><h1>North Korea delivered weapons to Wagner</h1>{BODY}'
    '<img src="https://news.example/img/photo.jpg"></article></body></html>'
)


pytestmark = pytest.mark.usefixtures("no_network")  # tests/core/conftest.py


def _part(content: bytes, *, media_type: str = "text/html", location: str | None = SNAPSHOT,
          encoding: str = "quoted-printable") -> bytes:
    if encoding == "quoted-printable":
        encoded = quopri.encodestring(content).replace(b"\n", b"\r\n")
    elif encoding == "base64":
        encoded = base64.encodebytes(content).replace(b"\n", b"\r\n")
    else:
        encoded = content
    head = f"Content-Type: {media_type}\r\nContent-Transfer-Encoding: {encoding}\r\n"
    if location is not None:
        head += f"Content-Location: {location}\r\n"
    return head.encode() + b"\r\n" + encoded + b"\r\n"


def _image(index: int) -> bytes:
    return _part(b"\x89PNG\r\n\x1a\n" + bytes(range(40)), media_type="image/png",
                 location=f"https://news.example/img/{index}.png", encoding="base64")


def _mhtml(parts: list[bytes], *, snapshot: str | None = SNAPSHOT, date: str | None = DATE,
           subject: str = "=?utf-8?Q?North_Korea_delivered_weapons_to_Wagner?=",
           media_type: str = "multipart/related", closed: bool = True) -> bytes:
    """An MHTML file as Chrome writes it ("Save page as… Webpage, single file")."""
    head = "From: <Saved by Blink>\r\n"
    if snapshot is not None:
        head += f"Snapshot-Content-Location: {snapshot}\r\n"
    head += f"Subject: {subject}\r\n"
    if date is not None:
        head += f"Date: {date}\r\n"
    head += (f'MIME-Version: 1.0\r\nContent-Type: {media_type};\r\n\ttype="text/html";\r\n'
             f'\tboundary="{BOUNDARY}"\r\n\r\n')
    body = b"".join(f"--{BOUNDARY}\r\n".encode() + part for part in parts)
    return head.encode() + body + (f"--{BOUNDARY}--\r\n".encode() if closed else b"")


def _write(tmp_path: Path, data: bytes, name: str = "capture.mhtml") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_chrome_capture_metadata_and_page(tmp_path: Path) -> None:
    # A long line, so quoted-printable soft line breaks ("=\r\n") and "=3D" are exercised.
    data = _mhtml([_part(PAGE.encode()), _image(1), _image(2)])
    assert b"=\r\n" in data and b"=3D" in data
    captured = read_source_file(_write(tmp_path, data))
    assert captured.original == data
    assert captured.filename == "capture.mhtml"
    assert captured.media_type == "multipart/related"
    assert captured.kind is SourceKind.ARTICLE
    assert captured.title == "North Korea delivered weapons to Wagner"
    assert captured.author == "Hana Kim"
    assert captured.language == "en"
    assert "the shipment included infantry rockets and missiles" in captured.text
    assert "groundless rumour" in captured.text
    assert "=3D" not in captured.text and "=\n" not in captured.text
    assert captured.url == SNAPSHOT  # the page names no canonical URL
    assert captured.published is not None
    assert captured.published.value == "2022-12-22T09:00:00+09:00"
    assert captured.retrieved is not None
    assert captured.retrieved.value == "2022-12-22T18:30:05+01:00"
    assert captured.retrieved.precision is Precision.SECOND
    assert captured.integrity is None
    assert captured.parts == ()
    assert captured.warnings == ()
    assert captured.capture == {
        "format": "mhtml",
        "snapshot_url": SNAPSHOT,
        "date": "2022-12-22T18:30:05+01:00",
        "date_text": DATE,
        "subject": "North Korea delivered weapons to Wagner",
        "resources": 2,
        "resource_locations": ["https://news.example/img/1.png",
                               "https://news.example/img/2.png"],
    }


def test_canonical_url_wins_over_the_snapshot_url(tmp_path: Path) -> None:
    page = PAGE.replace("</head>", '<link rel="canonical" href="https://news.example/s/1">'
                        "</head>")
    captured = read_source_file(_write(tmp_path, _mhtml([_part(page.encode())])))
    assert captured.url == "https://news.example/s/1"
    assert captured.capture is not None and captured.capture["snapshot_url"] == SNAPSHOT


def test_base64_main_part_and_mht_suffix(tmp_path: Path) -> None:
    data = _mhtml([_image(1), _part(PAGE.encode(), encoding="base64")])
    captured = read_source_file(_write(tmp_path, data, "capture.mht"))
    assert "groundless rumour" in captured.text
    assert captured.capture is not None and captured.capture["resources"] == 1
    assert captured.warnings == ()


@pytest.mark.parametrize(("charset", "page_meta", "phrase"), [
    ("windows-1252", "", "Café über 5 €, “quoted”"),
    # The MIME header outranks a wrong <meta charset> inside the page.
    ("koi8-r", '<meta charset="utf-8">', "Пхеньян отрицает поставки"),
])
def test_mime_charset_decodes_the_page(tmp_path: Path, charset: str, page_meta: str,
                                       phrase: str) -> None:
    html = f"<html><head>{page_meta}<title>T</title></head><body><p>{phrase}.</p>{BODY}"
    part = _part(html.encode(charset), media_type=f"text/html; charset={charset}")
    captured = read_source_file(_write(tmp_path, _mhtml([part])))
    assert phrase in captured.text
    assert captured.warnings == ()


def test_capture_without_snapshot_location(tmp_path: Path) -> None:
    # Older Internet Explorer and some extensions write no Snapshot-Content-Location.
    data = _mhtml([_image(1), _part(PAGE.encode(), location="https://news.example/old")],
                  snapshot=None)
    captured = read_source_file(_write(tmp_path, data))
    assert "groundless rumour" in captured.text
    assert captured.url == "https://news.example/old"  # the page part's own location
    assert captured.capture is not None and captured.capture["snapshot_url"] is None
    assert any("no Snapshot-Content-Location" in w for w in captured.warnings)


def test_snapshot_url_with_no_matching_part_is_reported(tmp_path: Path) -> None:
    frame = _part(b"<html><body><p>An advertising frame with nothing in it.</p></body></html>",
                  location="cid:frame-1")
    page = _part(PAGE.encode(), location="https://news.example/other")
    captured = read_source_file(_write(tmp_path, _mhtml([page, frame])))
    assert "groundless rumour" in captured.text  # the first HTML part
    assert captured.url == SNAPSHOT
    assert any("no HTML part of the file has the snapshot URL" in w for w in captured.warnings)


def test_snapshot_url_picks_its_part_over_an_earlier_frame(tmp_path: Path) -> None:
    frame = _part(b"<html><body><p>FRAME_TEXT inside an advertising iframe that someone "
                  b"embedded in the page.</p></body></html>", location="cid:frame-1")
    captured = read_source_file(_write(tmp_path, _mhtml([frame, _part(PAGE.encode())])))
    assert "groundless rumour" in captured.text and "FRAME_TEXT" not in captured.text
    assert captured.warnings == ()
    assert captured.capture is not None and captured.capture["resource_locations"] == [
        "cid:frame-1"]


@pytest.mark.parametrize(("date", "warning"), [
    (None, "no Date header"),
    ("the day before yesterday", "is not a date"),
])
def test_missing_or_bad_date_leaves_retrieved_unknown(tmp_path: Path, date: str | None,
                                                      warning: str) -> None:
    captured = read_source_file(_write(tmp_path, _mhtml([_part(PAGE.encode())], date=date)))
    assert captured.retrieved is None
    assert captured.capture is not None and captured.capture["date"] is None
    assert any(warning in w for w in captured.warnings)


def test_resources_are_listed_within_bounds_and_never_fetched(tmp_path: Path) -> None:
    data = _mhtml([_part(PAGE.encode()), *(_image(i) for i in range(60))])
    captured = read_source_file(_write(tmp_path, data))  # the autouse fixture forbids sockets
    assert captured.capture is not None
    assert captured.capture["resources"] == 60
    locations = captured.capture["resource_locations"]
    assert isinstance(locations, list) and len(locations) == 50
    assert locations[0] == "https://news.example/img/0.png"


def test_truncated_capture_is_read_with_a_warning(tmp_path: Path) -> None:
    captured = read_source_file(_write(tmp_path, _mhtml([_part(PAGE.encode())], closed=False)))
    assert "groundless rumour" in captured.text
    assert any("truncated" in w for w in captured.warnings)


def test_header_text_controls_become_visible_marks(tmp_path: Path) -> None:
    subject = "=?utf-8?Q?Invoice=E2=80=AEfdp.exe_=1B[2J?="
    data = _mhtml([_part(b"<html><body><p>" + BODY.encode() + b"</p></body></html>")],
                  subject=subject)
    captured = read_source_file(_write(tmp_path, data))
    assert captured.title == "Invoice\u21c4fdp.exe \u241b[2J"  # no <title>: the Subject


@pytest.mark.parametrize(("data", "expected"), [
    (PAGE.encode(), "not an MHTML file (expected a multipart/related MIME message, found "
                    "no MIME headers)"),
    (b"\x89PNG\r\n\x1a\n" + bytes(200), "not an MHTML file (binary data: PNG image)"),
    (_mhtml([_part(PAGE.encode())], media_type="multipart/mixed"), "save it as .eml"),
    (_mhtml([_image(1), _image(2)]), "holds no HTML page"),
    (b"From: <Saved by Blink>\r\nContent-Type: multipart/related\r\n\r\n" + PAGE.encode(),
     "the MHTML file holds no parts (it is truncated or damaged, or declares no boundary)"),
    # Truncated: before its first part, and just after the page part's headers.
    (_mhtml([_part(PAGE.encode())]).partition(f"--{BOUNDARY}".encode())[0],
     "the MHTML file holds no parts (it is truncated"),
    (_mhtml([_part(PAGE.encode())]).partition(b"<!DOCTYPE")[0],
     "the saved page in the MHTML file is empty"),
])
def test_broken_files_are_refused_naming_the_file(tmp_path: Path, data: bytes,
                                                  expected: str) -> None:
    path = _write(tmp_path, data, "broken.mhtml")
    with pytest.raises(IngestError) as caught:
        read_source_file(path)
    message = str(caught.value)
    assert message.startswith("broken.mhtml: ") and expected in message
    assert str(tmp_path) not in message


def test_too_many_parts_are_refused_before_parsing(tmp_path: Path) -> None:
    tiny = _part(b"x", media_type="image/gif", location=None, encoding="7bit")
    data = _mhtml([_part(PAGE.encode()), *([tiny] * 5_000)])
    with pytest.raises(IngestError, match=r"^many\.mhtml: the file has more than 5,000 MIME "):
        read_source_bytes("many.mhtml", data)


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    head = b"Content-Type: multipart/related; boundary=level0\r\n\r\n"
    for level in range(1, 10):
        head += (f"--level{level - 1}\r\nContent-Type: multipart/related; "
                 f"boundary=level{level}\r\n\r\n").encode()
    data = head + b"--level9\r\n" + _part(PAGE.encode()) + b"--level9--\r\n"
    with pytest.raises(IngestError, match=r"^deep\.mhtml: MIME sections are nested more than 8"):
        read_source_bytes("deep.mhtml", data)


def test_nesting_within_bounds_is_read() -> None:
    inner = (b"Content-Type: multipart/alternative; boundary=inner\r\n\r\n--inner\r\n"
             + _part(PAGE.encode()) + b"--inner--\r\n")
    captured = read_source_bytes("nested.mhtml", _mhtml([inner, _image(1)]))
    assert "groundless rumour" in captured.text
    assert captured.capture is not None and captured.capture["resources"] == 1
