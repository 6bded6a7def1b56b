"""Plain text and Markdown: encodings, line endings, titles, and the text kept as written."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from osint_desk.core.ingest import CapturedSource, read_source_file
from osint_desk.core.ingest.text_files import read_text_file
from osint_desk.core.model import SourceKind

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
WESTERN = "Café “quoted” über 5 € — naïve déjà vu.\nZweite Zeile für Müller.\n"


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _assert_clean(captured: CapturedSource) -> None:
    for bad in ("\r", "\ufeff", "\x00", "\u2028", "\u2029", "\x85"):
        assert bad not in captured.text


def test_plain_utf8_text_is_kept_as_written(tmp_path: Path) -> None:
    data = b"\n\n  \nTitle line\n\n    indented  line  \n\tTabbed\n\n\n"
    captured = read_source_file(_write(tmp_path, "notes.txt", data))
    assert captured.text == "Title line\n\n    indented  line  \n\tTabbed"
    assert captured.kind is SourceKind.DOCUMENT
    assert captured.media_type == "text/plain"
    assert captured.original == data
    assert captured.title == "Title line"  # a short line standing alone above the body
    assert captured.url is None and captured.published is None and captured.page_map is None
    assert captured.warnings == ()


def test_filename_has_no_folders(tmp_path: Path) -> None:
    folder = tmp_path / "secret-investigation" / "leads"
    folder.mkdir(parents=True)
    captured = read_source_file(str(_write(folder, "Lead 1.txt", b"Some text")))
    assert captured.filename == "Lead 1.txt"


def test_suffix_is_case_insensitive(tmp_path: Path) -> None:
    captured = read_source_file(_write(tmp_path, "SHOUT.TXT", b"loud"))
    assert captured.media_type == "text/plain"
    assert captured.text == "loud"


def test_mixed_line_endings_become_newlines(tmp_path: Path) -> None:
    data = b"one\r\ntwo\rthree\nfour\r\n\r\nfive\r"
    captured = read_source_file(_write(tmp_path, "mixed.txt", data))
    assert captured.text == "one\ntwo\nthree\nfour\n\nfive"
    assert captured.original == data
    _assert_clean(captured)


def test_unicode_line_separators_become_newlines(tmp_path: Path) -> None:
    data = "a\u2028b\u2029c\x85d".encode()
    captured = read_source_file(_write(tmp_path, "seps.txt", data))
    assert captured.text == "a\nb\nc\nd"


@pytest.mark.parametrize(
    ("bom", "codec"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
    ],
)
def test_byte_order_marks_decide_the_encoding(tmp_path: Path, bom: bytes, codec: str) -> None:
    text = "Пригожин 普京 🇰🇵 café\r\nline two"
    data = bom + text.encode(codec)
    captured = read_source_file(_write(tmp_path, "bom.txt", data))
    assert captured.text == "Пригожин 普京 🇰🇵 café\nline two"
    assert captured.warnings == ()  # a BOM is a declaration, not a guess
    assert captured.original == data
    _assert_clean(captured)


def test_utf16_without_bom_is_recognised_and_flagged(tmp_path: Path) -> None:
    data = "Kirby said on Thursday.\r\nKCNA denied it.".encode("utf-16-le")
    captured = read_source_file(_write(tmp_path, "nobom.txt", data))
    assert captured.text == "Kirby said on Thursday.\nKCNA denied it."
    assert any("UTF-16-LE" in w for w in captured.warnings)


def test_cp1252_text_is_decoded_and_the_guess_reported(tmp_path: Path) -> None:
    data = WESTERN.replace("\n", "\r\n").encode("cp1252")
    captured = read_source_file(_write(tmp_path, "western.txt", data))
    assert captured.text == WESTERN.rstrip("\n")
    assert captured.warnings == ("encoding guessed as cp1252",)


@pytest.mark.parametrize("text", ["Prix: 10 €", "Le café coûte 3 €.", "“Smart” quotes"])
def test_short_western_texts_prefer_cp1252(tmp_path: Path, text: str) -> None:
    captured = read_source_file(_write(tmp_path, "short.txt", text.encode("cp1252")))
    assert captured.text == text


def test_bytes_cp1252_cannot_map_still_decode(tmp_path: Path) -> None:
    # 0x81 and 0x8D are undefined in cp1252; the file must still open with a warning.
    data = b"Caf\xe9 au lait \x81 and \x8d marks"
    captured = read_source_file(_write(tmp_path, "odd.txt", data))
    assert captured.text.startswith("Caf")
    assert "lait" in captured.text
    assert any(w.startswith("encoding guessed as ") for w in captured.warnings)


def test_other_legacy_encodings_are_not_forced_into_cp1252(tmp_path: Path) -> None:
    text = (
        "Белый дом заявил, что Северная Корея поставила оружие группе Вагнера. "
        "КЦНА опровергло это сообщение и назвало его слухами."
    )
    captured = read_source_file(_write(tmp_path, "ru.txt", text.encode("cp1251")))
    assert captured.text == text
    assert captured.warnings == ("encoding guessed as cp1251",)


def test_markdown_title_is_first_h1_outside_front_matter_and_code() -> None:
    captured = read_source_file(FIXTURES / "field_notes.md")
    assert captured.title == "Field notes: Wagner and North Korea"
    assert captured.media_type == "text/markdown"
    assert captured.kind is SourceKind.DOCUMENT
    # Markdown is kept verbatim: front matter, fences and indentation included.
    assert captured.text.startswith("---\ntitle: not used as the heading")
    assert "    - indented item keeps its indentation" in captured.text
    assert captured.text.endswith("KCNA denial followed the next day.")


@pytest.mark.parametrize(
    ("source", "title"),
    [
        ("Intro\n\n## Only a subheading\n", None),
        ("#hashtag is not a heading\n", None),
        ("   # Indented up to three spaces #\nbody", "Indented up to three spaces"),
        ("~~~\n# in a fence\n~~~\n# After the fence\n", "After the fence"),
    ],
)
def test_markdown_title_rules(tmp_path: Path, source: str, title: str | None) -> None:
    captured = read_source_file(_write(tmp_path, "doc.md", source.encode()))
    assert captured.title == title


def test_txt_never_takes_a_title(tmp_path: Path) -> None:
    captured = read_source_file(_write(tmp_path, "plain.txt", b"# Looks like a heading\nbody"))
    assert captured.title is None


def test_offsets_index_code_points(tmp_path: Path) -> None:
    text = "🇰🇵 North Korea — Пхеньян — 평양"
    captured = read_source_file(_write(tmp_path, "cp.txt", text.encode()))
    start = captured.text.index("Пхеньян")
    assert captured.text[start : start + 7] == "Пхеньян"


@pytest.mark.parametrize(("text", "title"), [
    ("Utkin seen in Minsk\n\nDmitry Utkin was photographed in Minsk.\n", "Utkin seen in Minsk"),
    ("Wagner: who pays?\n\nThe body.\n", "Wagner: who pays?"),
    ("Paid in full.\n", None),  # one line: a note, named by its file
    ("The White House said on Thursday that it had seen it.\n\nMore.\n", None),  # a sentence
    ("First line\nsecond line\n\nbody\n", None),  # no headline standing alone
    (("A" * 121) + "\n\nbody\n", None),  # too long for a title
])
def test_a_plain_texts_headline_is_its_title(text: str, title: str | None) -> None:
    captured = read_text_file("note.txt", text.encode("utf-8"), ".txt")
    assert captured.title == title
