"""Word documents built with python-docx (and zips built by hand): text order, properties,
and the files refused: bombs, damaged zips, other Office files, documents without text."""

from __future__ import annotations

import datetime as dt
import io
import struct
import zipfile
import zlib
from pathlib import Path

import docx
import pytest
from capture_files import zipped
from docx.oxml import OxmlElement

from osint_desk.core.errors import IngestError
from osint_desk.core.ingest import read_source_file
from osint_desk.core.ingest.docx_files import MEDIA_TYPE
from osint_desk.core.model import SourceKind

CONTENT_TYPES = (b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                 b'package/2006/content-types"/>')


def saved(document: docx.document.Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def tip_document() -> docx.document.Document:
    """A tip as analysts get them: prose, a table, more prose, a header and properties."""
    document = docx.Document()
    document.add_paragraph("Source says the convoy left at dawn.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Name", "Role"
    table.cell(1, 0).text = "Yevgeny Prigozhin"
    cell = table.cell(1, 1)
    cell.text = "founder"
    cell.add_paragraph("of Wagner")
    document.add_paragraph("It was seen near Bakhmut.")
    document.sections[0].header.paragraphs[0].text = "CONFIDENTIAL – tip line"
    properties = document.core_properties
    properties.title, properties.author = "Convoy tip", "Desk Informant"
    properties.subject, properties.keywords = "Logistics", "convoy; Bakhmut"
    properties.last_modified_by, properties.revision = "Editor Two", 7
    properties.created = dt.datetime(2022, 12, 22, 18, 30, 5)
    properties.modified = dt.datetime(2022, 12, 23, 9, 0, 0)
    properties.comments = ""
    return document


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_paragraphs_and_tables_are_read_in_order(tmp_path: Path) -> None:
    data = saved(tip_document())
    captured = read_source_file(write(tmp_path, "tip.docx", data))
    assert captured.text == ("Source says the convoy left at dawn.\n"
                             "Name\tRole\n"
                             "Yevgeny Prigozhin\tfounder of Wagner\n"
                             "It was seen near Bakhmut.")
    assert captured.original == data
    assert captured.kind is SourceKind.DOCUMENT and captured.media_type == MEDIA_TYPE
    capture = dict(captured.capture or {})
    assert (capture["paragraphs"], capture["tables"], capture["images"]) == (2, 1, 0)
    # The header is noted, never mixed into the text that excerpts quote.
    assert capture["headers_footers"] == ["CONFIDENTIAL – tip line"]
    assert "CONFIDENTIAL" not in captured.text


def test_core_properties_become_title_author_and_date(tmp_path: Path) -> None:
    captured = read_source_file(write(tmp_path, "tip.docx", saved(tip_document())))
    assert (captured.title, captured.author) == ("Convoy tip", "Desk Informant")
    assert captured.published is not None
    assert captured.published.value == "2022-12-22T18:30:05Z"
    capture = dict(captured.capture or {})
    assert capture["format"] == "docx"
    assert capture["created"] == "2022-12-22T18:30:05Z"
    assert capture["modified"] == "2022-12-23T09:00:00Z"
    assert (capture["author"], capture["last_modified_by"], capture["revision"]) == (
        "Desk Informant", "Editor Two", 7)
    assert (capture["subject"], capture["keywords"]) == ("Logistics", "convoy; Bakhmut")


def test_untitled_document_is_named_by_its_file(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Only a line.")
    document.core_properties.title = ""
    captured = read_source_file(write(tmp_path, "walk-in 12.docx", saved(document)))
    assert captured.title == "walk-in 12"


def test_tracked_changes_read_as_word_shows_them(tmp_path: Path) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("The meeting was on ")
    inserted, deleted = OxmlElement("w:ins"), OxmlElement("w:del")
    for wrapper, tag, words in ((deleted, "w:delText", "Monday"), (inserted, "w:t", "Friday")):
        run, text = OxmlElement("w:r"), OxmlElement(tag)
        text.text = words
        run.append(text)
        wrapper.append(run)
        paragraph._p.append(wrapper)
    captured = read_source_file(write(tmp_path, "edited.docx", saved(document)))
    assert captured.text == "The meeting was on Friday"


def test_embedded_images_are_counted(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Photo attached.")
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    png = b"\x89PNG\r\n\x1a\n" + b"".join(
        struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        for kind, body in ((b"IHDR", ihdr), (b"IDAT", pixels), (b"IEND", b"")))
    document.add_picture(io.BytesIO(png))
    captured = read_source_file(write(tmp_path, "with photo.docx", saved(document)))
    assert dict(captured.capture or {})["images"] == 1


def test_document_without_text_is_refused(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("   ")
    with pytest.raises(IngestError, match=r"^blank\.docx: the Word document has no text$"):
        read_source_file(write(tmp_path, "blank.docx", saved(document)))




def test_zip_bomb_entry_is_refused_by_its_ratio(tmp_path: Path) -> None:
    bomb = zipped({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": b"\0" * 20_000_000})
    with pytest.raises(IngestError, match=r"^bomb\.docx: refused: .* compressed [\d,]+ times"):
        read_source_file(write(tmp_path, "bomb.docx", bomb))


def test_zip_declaring_a_huge_size_is_refused_unread(tmp_path: Path) -> None:
    data = bytearray(zipped({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": b"x"}))
    at = data.rfind(b"PK\x01\x02")  # the last central directory entry: its uncompressed size
    data[at + 24:at + 28] = struct.pack("<I", 0xFFFFFF00)
    with pytest.raises(IngestError, match=r"^huge\.docx: refused: .* inflates to .* zip bomb"):
        read_source_file(write(tmp_path, "huge.docx", bytes(data)))


def test_zip_with_too_many_entries_is_refused(tmp_path: Path) -> None:
    many = {f"word/media/{number}.bin": b"" for number in range(5_001)}
    data = zipped({"[Content_Types].xml": CONTENT_TYPES, **many}, zipfile.ZIP_STORED)
    with pytest.raises(IngestError, match=r"^many\.docx: refused: .* 5,00\d entries"):
        read_source_file(write(tmp_path, "many.docx", data))


@pytest.mark.parametrize(("data", "message"), [
    (b"This is plain text saved with the wrong name.",
     "notes.docx: not a Word document (not a zip file)"),
    (b"%PDF-1.7\n%...", "notes.docx: not a Word document (it holds PDF document data)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "notes.docx: not a .docx file (an old"),
    (zipped({"readme.txt": b"hello"}), "notes.docx: not a Word document (a zip file, but not"),
    (zipped({"[Content_Types].xml": CONTENT_TYPES, "xl/workbook.xml": b"<x/>"}),
     "notes.docx: not a Word document (an Excel workbook)"),
])
def test_files_that_are_not_word_documents_are_refused(tmp_path: Path, data: bytes,
                                                        message: str) -> None:
    with pytest.raises(IngestError) as caught:
        read_source_file(write(tmp_path, "notes.docx", data))
    assert str(caught.value).startswith(message)


def test_truncated_and_damaged_documents_are_refused(tmp_path: Path) -> None:
    whole = saved(tip_document())
    with pytest.raises(IngestError, match=r"^cut\.docx: not a Word document \(a damaged or"):
        read_source_file(write(tmp_path, "cut.docx", whole[: len(whole) // 2]))
    source = zipfile.ZipFile(io.BytesIO(whole))
    entries = {item: source.read(item) for item in source.namelist()}
    entries["word/document.xml"] = b"<w:document><w:body><w:p>unclosed"
    with pytest.raises(IngestError, match=r"^broken\.docx: corrupt Word document \("):
        read_source_file(write(tmp_path, "broken.docx", zipped(entries)))


def test_damaged_header_costs_the_header_not_the_document(tmp_path: Path) -> None:
    source = zipfile.ZipFile(io.BytesIO(saved(tip_document())))
    entries = {item: source.read(item) for item in source.namelist()}
    body = entries["word/document.xml"]
    assert b'<w:headerReference w:type="default" r:id="' in body
    entries["word/document.xml"] = body.replace(b'w:type="default" r:id="', b'w:type="default" x="')
    captured = read_source_file(write(tmp_path, "tip.docx", zipped(entries)))
    assert captured.text.startswith("Source says the convoy left at dawn.\n")
    assert captured.warnings == ("the headers and footers are damaged; they were not read",)
    assert "headers_footers" not in dict(captured.capture or {})
