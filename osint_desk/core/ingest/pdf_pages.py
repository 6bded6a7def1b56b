"""What a PDF's own pages say about it: a title when its metadata gives only a file name, and
which pages are pictures with no text layer (so the user knows their text is not searchable).

A title such as "Binder1.pdf", "Microsoft Word - draft.docx" or "untitled" is what a tool wrote,
not what the document is called: the first heading-like line of page 1 is used instead, else
the file's stem. A scanned page has an image and no text, or only a watermark its tool stamped
on every page ("Produced with a Trial Version of ..."); we warn, naming the pages.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import PurePath
from typing import Any

MAX_TITLE_CHARS = 160
MAX_HEADING_WORDS = 14
MAX_WATERMARK_CHARS = 200
MAX_XOBJECTS = 64
_HEADING_LINES = 6
_FILE_NAME = re.compile(
    r"(?i)\.(?:pdf|docx?|xlsx?|pptx?|odt|rtf|txt|tiff?|jpe?g|png|indd|qxd|ps|dvi|html?)$"
)
_TOOL_PREFIX = re.compile(r"(?i)^(?:microsoft (?:word|excel|powerpoint|publisher) - )")
_JUNK = re.compile(
    r"(?i)^(?:untitled(?: document)?|document\d*|binder\d*|title|no title|unknown|none|"
    r"(?:scan|scanned|img|image|dsc|doc|page|camscanner|print)[\s_-]*\d*|[\W\d_]*)$"
)
_WATERMARK = re.compile(
    r"(?i)trial version|evaluation (?:copy|version)|produced (?:with|by)|created (?:with|by)"
    r"|unregistered|watermark|www\.|https?://"
)
_PAGE_NUMBER = re.compile(r"\s+\d{1,4}$|^\d{1,4}\s+")


def is_junk_title(value: str | None) -> bool:
    """A metadata title that names a file, a tool or nothing ("Binder1.pdf", "untitled")."""
    if not value:
        return True
    text = value.strip()
    return bool(_FILE_NAME.search(text) or _TOOL_PREFIX.match(text) or _JUNK.match(text)
                or not re.search(r"[^\W\d_]{2}", text))


def heading_line(first_page: str) -> str | None:
    """The first short line of page 1 that reads like a heading, without a page number."""
    lines = [" ".join(line.split()) for line in first_page.splitlines()]
    for raw in [line for line in lines if line][:_HEADING_LINES]:
        line = _PAGE_NUMBER.sub("", raw)
        if line.isupper() or len(line.split()) <= 8:
            line = line.rstrip(".")
        words = line.split()
        if (not words or len(words) > MAX_HEADING_WORDS or len(line) > MAX_TITLE_CHARS
                or _WATERMARK.search(line) or not re.search(r"[^\W\d_]{3}", line)
                or line.endswith((".", ",", ";"))):
            continue
        return line
    return None


def document_title(name: str, metadata_title: str | None, first_page: str,
                   pages_without_text: frozenset[int] = frozenset()) -> str | None:
    """The metadata title if it is a real one; else page 1's heading; else the file stem.
    No metadata title at all stays None (the file name already stands for the source)."""
    if metadata_title is None:
        return None
    if not is_junk_title(metadata_title):
        return metadata_title
    heading = None if 1 in pages_without_text else heading_line(first_page)
    return heading or PurePath(name).stem or None


def _has_image(page: Any) -> bool:
    """Whether the page draws an image XObject directly (bounded; broken objects: no)."""
    try:
        resources = page.get("/Resources")
        xobjects = resources.get_object().get("/XObject") if resources is not None else None
        if xobjects is None:
            return False
        items = list(xobjects.get_object().values())[:MAX_XOBJECTS]
        return any(item.get_object().get("/Subtype") == "/Image" for item in items)
    except Exception:  # a broken resource dictionary is not worth failing the import over
        return False


def pages_without_text(pages: list[Any], texts: list[str]) -> frozenset[int]:
    """1-based numbers of the pages that show an image but have no text layer of their own:
    no text, or only a short line repeated on several pages or stamped by a tool."""
    repeated = Counter(t for t in texts if 0 < len(t) <= MAX_WATERMARK_CHARS)
    found = set()
    for number, (page, text) in enumerate(zip(pages, texts, strict=True), start=1):
        short = len(text) <= MAX_WATERMARK_CHARS
        stamp = short and bool(text) and (repeated[text] > 1 or bool(_WATERMARK.search(text)))
        if (not text or stamp) and _has_image(page):
            found.add(number)
    return frozenset(found)


def _ranges(numbers: frozenset[int]) -> str:
    ordered = sorted(numbers)
    spans: list[list[int]] = []
    for number in ordered:
        if spans and number == spans[-1][1] + 1:
            spans[-1][1] = number
        else:
            spans.append([number, number])
    return ", ".join(f"{a}" if a == b else f"{a}–{b}" for a, b in spans)


def no_text_warning(numbers: frozenset[int], total: int) -> str | None:
    """The warning for the user naming the pages without a text layer, or None."""
    if not numbers:
        return None
    which = "the only page" if total == 1 else (
        "all pages" if len(numbers) == total else
        f"page {_ranges(numbers)}" if len(numbers) == 1 else f"pages {_ranges(numbers)}")
    verb, its = ("has", "its") if len(numbers) == 1 else ("have", "their")
    return (f"{which} {verb} no text layer (scanned images?); {its} text is not searchable "
            "(any text shown is only a watermark or stamp); OCR is not done")
