"""A page saved by SingleFile: its comment gives the saved URL and date, kept as the capture's."""

from __future__ import annotations

from pathlib import Path

from osint_desk.core.ingest import read_source_file
from osint_desk.core.ingest.singlefile import singlefile_metadata

PAGE = """<!DOCTYPE html> <html lang="en"><!--
 Page saved with SingleFile \n url: https://news.example/2022/12/22/wagner \n\
 saved date: Thu Dec 22 2022 18:30:05 GMT+0100 (Central European Standard Time)
--><head><meta charset="utf-8"><title>North Korea delivered weapons to Wagner</title></head>
<body><article><h1>North Korea delivered weapons to Wagner</h1>
<p>White House national security spokesman John Kirby said the United States will tighten
sanctions against Wagner after North Korea sold infantry rockets to the group.</p>
<p>North Korea completed an initial arms delivery to Wagner, which paid for that equipment,
Kirby said.</p></article></body></html>"""


def test_the_saved_url_and_date_become_the_sources(tmp_path: Path) -> None:
    path = tmp_path / "wagner.html"
    path.write_text(PAGE, "utf-8")
    captured = read_source_file(path)
    assert captured.url == "https://news.example/2022/12/22/wagner"
    assert captured.retrieved is not None
    assert captured.retrieved.value == "2022-12-22T18:30:05+01:00"
    capture = dict(captured.capture or {})
    assert capture["format"] == "singlefile"
    assert capture["saved_date_text"].startswith("Thu Dec 22 2022 18:30:05 GMT+0100")
    assert "initial arms delivery" in captured.text
    assert captured.original == PAGE.encode()


def test_a_page_without_the_comment_is_a_plain_page(tmp_path: Path) -> None:
    path = tmp_path / "plain.html"
    path.write_text(PAGE.replace("Page saved with SingleFile", "Something else"), "utf-8")
    captured = read_source_file(path)
    assert captured.capture is None and captured.retrieved is None


def test_an_unreadable_date_is_kept_as_written_and_not_guessed() -> None:
    meta = singlefile_metadata(b"<!--\n Page saved with SingleFile\n url: https://e.org/\n"
                               b" saved date: 22/12/2022 18:30\n-->")
    assert meta == {"format": "singlefile", "saved_url": "https://e.org/",
                    "saved_date_text": "22/12/2022 18:30"}
    assert singlefile_metadata(b"<!-- Page saved with SingleFile" + b"x" * 70_000) is None
