"""PDFs built on the fly with pypdf: page texts, the page map, metadata and encryption."""

from __future__ import annotations

import io
from bisect import bisect_right
from pathlib import Path
from typing import Any

import pytest
from pypdf import PageObject, PdfWriter
from pypdf.generic import ContentStream, DictionaryObject, NameObject, TextStringObject

from osint_desk.core.ingest import read_source_file
from osint_desk.core.model import SourceKind

PAGES = [
    ["The White House said North Korea", "completed an initial weapons delivery."],
    ["KCNA denied the report on Friday."],
    ["The UK agreed with the US assessment.", "Prigozhin founded the Wagner Group."],
]


def _escape(line: str) -> str:
    return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(
    pages: list[list[str]],
    *,
    title: str | None = None,
    author: str | None = None,
    lang: str | None = None,
    user_password: str | None = None,
) -> bytes:
    """A PDF whose pages show ``pages`` (lines of text) in Helvetica, built with pypdf."""
    writer = PdfWriter()
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        }
    )
    for lines in pages:
        page = writer.add_blank_page(612, 792)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
        )
        ops = ["BT", "/F1 12 Tf", "14 TL", "72 720 Td"]
        ops += [f"({_escape(line)}) Tj T*" for line in lines]
        ops.append("ET")
        content = ContentStream(None, writer)
        content.set_data("\n".join(ops).encode("cp1252"))
        page.replace_contents(content)
    info = {"/Title": title, "/Author": author}
    writer.add_metadata({key: value for key, value in info.items() if value})
    if lang:
        writer.root_object[NameObject("/Lang")] = TextStringObject(lang)
    if user_password is not None:
        writer.encrypt(user_password=user_password, owner_password="owner", algorithm="AES-256")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_three_pages_text_and_page_map(tmp_path: Path) -> None:
    data = make_pdf(PAGES, title="Briefing notes", author="Analyst Desk", lang="en-GB")
    captured = read_source_file(_write(tmp_path, "briefing.pdf", data))
    expected_pages = ["\n".join(lines) for lines in PAGES]
    assert captured.text == "\n\n".join(expected_pages)
    assert captured.kind is SourceKind.DOCUMENT
    assert captured.media_type == "application/pdf"
    assert captured.original == data
    assert captured.title == "Briefing notes"
    assert captured.author == "Analyst Desk"
    assert captured.language == "en-GB"
    assert captured.page_map is not None
    assert len(captured.page_map) == 3
    assert captured.page_map[0] == 0
    for number, page_text in enumerate(expected_pages, start=1):
        start = captured.page_map[number - 1]
        assert captured.text[start : start + len(page_text)] == page_text


@pytest.mark.parametrize(
    ("phrase", "page"),
    [
        ("initial weapons delivery", 1),
        ("KCNA denied", 2),
        ("Prigozhin founded", 3),
        ("The White House", 1),
    ],
)
def test_page_map_finds_the_page_of_a_phrase(tmp_path: Path, phrase: str, page: int) -> None:
    captured = read_source_file(_write(tmp_path, "briefing.pdf", make_pdf(PAGES)))
    assert captured.page_map is not None
    offset = captured.text.index(phrase)
    assert bisect_right(captured.page_map, offset) == page
    assert captured.page_of(offset) == page
    assert captured.page_of(offset + len(phrase) - 1) == page


def test_empty_pages_add_no_blank_edges(tmp_path: Path) -> None:
    pages = [[], ["Second page text."], [], ["Fourth page text."], []]
    captured = read_source_file(_write(tmp_path, "gaps.pdf", make_pdf(pages)))
    assert captured.text == "Second page text.\n\nFourth page text."
    assert captured.page_map == (0, 0, 19, 19, len(captured.text))
    assert captured.page_of(captured.text.index("Second")) == 2
    assert captured.page_of(captured.text.index("Fourth")) == 4


def test_no_metadata_gives_none(tmp_path: Path) -> None:
    captured = read_source_file(_write(tmp_path, "bare.pdf", make_pdf(PAGES[:1])))
    assert captured.title is None and captured.author is None and captured.language is None
    assert captured.published is None and captured.url is None
    assert captured.warnings == ()


def test_parentheses_and_accents_survive(tmp_path: Path) -> None:
    pages = [["Statement (unofficial): café, Müller, 5 €"]]
    captured = read_source_file(_write(tmp_path, "accents.pdf", make_pdf(pages)))
    assert captured.text == "Statement (unofficial): café, Müller, 5 €"


def test_empty_user_password_opens(tmp_path: Path) -> None:
    data = make_pdf(PAGES, title="Locked for editing only", user_password="")
    captured = read_source_file(_write(tmp_path, "owner-only.pdf", data))
    assert "KCNA denied the report" in captured.text
    assert captured.title == "Locked for editing only"
    assert captured.page_map is not None and len(captured.page_map) == 3


def test_uppercase_suffix_is_read_as_pdf(tmp_path: Path) -> None:
    captured = read_source_file(_write(tmp_path, "doc.PDF", make_pdf(PAGES)))
    assert "\r" not in captured.text
    assert captured.media_type == "application/pdf"


def test_a_page_that_fails_is_reported_not_fatal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = PageObject.extract_text

    def flaky(self: PageObject, *args: Any, **kwargs: Any) -> str:
        text = original(self, *args, **kwargs)
        if "KCNA" in text:
            raise ValueError("broken content stream")
        return text

    monkeypatch.setattr(PageObject, "extract_text", flaky)
    captured = read_source_file(_write(tmp_path, "flaky.pdf", make_pdf(PAGES)))
    assert "KCNA" not in captured.text
    assert captured.warnings == ("page 2: text could not be extracted",)
    assert captured.page_map is not None
    assert captured.page_of(captured.text.index("Prigozhin")) == 3


@pytest.mark.parametrize(("meta", "title"), [
    ("Binder1.pdf", "THE SIEGE OF VICKSBURG"),
    ("Microsoft Word - draft3.docx", "THE SIEGE OF VICKSBURG"),
    ("untitled", "THE SIEGE OF VICKSBURG"),
    ("Siege of Vicksburg, chapter 4", "Siege of Vicksburg, chapter 4"),
])
def test_a_metadata_title_that_is_a_file_name_gives_way_to_the_heading(
        tmp_path: Path, meta: str, title: str) -> None:
    data = make_pdf([["THE   SIEGE   OF  VICKSBURG. 49", "however, did not last long."]],
                    title=meta)
    assert read_source_file(_write(tmp_path, "scan.pdf", data)).title == title


def test_a_junk_title_with_no_heading_falls_back_to_the_file_stem(tmp_path: Path) -> None:
    data = make_pdf([["this page opens with a long sentence that is no heading at all, "
                      "and it goes on."]], title="Scan_0001")
    assert read_source_file(_write(tmp_path, "vicksburg.pdf", data)).title == "vicksburg"


def _with_images(data: bytes, numbers: set[int]) -> bytes:
    """``data`` with a 1x1 image XObject in the resources of the pages ``numbers``."""
    from pypdf import PdfReader
    from pypdf.generic import NumberObject, StreamObject
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    for number, page in enumerate(writer.pages, start=1):
        if number in numbers:
            image = StreamObject()
            image.set_data(b"\x00")
            image.update({NameObject("/Type"): NameObject("/XObject"),
                          NameObject("/Subtype"): NameObject("/Image"),
                          NameObject("/Width"): NumberObject(1),
                          NameObject("/Height"): NumberObject(1),
                          NameObject("/ColorSpace"): NameObject("/DeviceGray"),
                          NameObject("/BitsPerComponent"): NumberObject(8)})
            resources = page["/Resources"].get_object()
            assert isinstance(resources, DictionaryObject)
            resources[NameObject("/XObject")] = DictionaryObject(
                {NameObject("/Im1"): writer._add_object(image)})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_scanned_pages_with_only_a_stamp_are_named_in_a_warning(tmp_path: Path) -> None:
    stamp = ["Scanned by Office Copier 3000"]
    pages = [["A real first page with text."], stamp, stamp, stamp, ["The last page."]]
    data = _with_images(make_pdf(pages), {2, 3, 4, 5})
    captured = read_source_file(_write(tmp_path, "fax.pdf", data))
    assert [w for w in captured.warnings if "no text layer" in w] == [
        "pages 2–4 have no text layer (scanned images?); their text is not searchable "
        "(any text shown is only a watermark or stamp); OCR is not done"]
    assert captured.text.count("Scanned by Office Copier 3000") == 3  # nothing is lost


def test_pages_with_text_and_blank_pages_are_not_called_scans(tmp_path: Path) -> None:
    data = _with_images(make_pdf([["An OCR'd scan keeps its text layer."], []]), {1})
    assert not [w for w in read_source_file(_write(tmp_path, "ocr.pdf", data)).warnings
                if "no text layer" in w]
