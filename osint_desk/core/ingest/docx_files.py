"""Word documents (.docx): the body's paragraphs and tables in order, and the core properties.

A .docx is a zip of XML parts, so it is checked as a zip first, before python-docx opens it:
entry count, total uncompressed size and compression ratio are bounded (a zip bomb is refused
unread), encrypted entries are refused. zipfile never inflates an entry past its declared size,
so those checks bound what python-docx can read; its XML parser resolves no entities and
fetches nothing. Headers and footers are not part of the text (they repeat on every page and
would split paragraphs); their distinct texts are noted in ``capture["headers_footers"]``.
Text boxes, footnotes and comments are not read (yet).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml.ns import qn

from osint_desk.core.dates import PartialDate
from osint_desk.core.errors import IngestError, ValidationError
from osint_desk.core.ingest.captured import CapturedSource
from osint_desk.core.ingest.limits import MAX_FILE_BYTES, megabytes
from osint_desk.core.ingest.text_files import check_text, finish_text, sniff_binary
from osint_desk.core.model import SourceKind

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
#: Entries in one .docx: a long report with many images has a few hundred.
MAX_DOCX_ENTRIES = 5_000
#: All entries inflated: the bytes python-docx may hold in memory at once.
MAX_DOCX_UNCOMPRESSED = 4 * MAX_FILE_BYTES
#: Compression ratio allowed for an entry over 1 MiB. Word's XML compresses 5-20 times, very
#: repetitive tables perhaps 100; a bomb compresses a thousand times or more.
MAX_DOCX_RATIO = 200
_RATIO_FROM_BYTES = 1024 * 1024
#: One XML part inflated: lxml builds the whole tree in memory, several times the part's size;
#: 64 MiB of document.xml is thousands of pages. Media parts are only bounded by the total.
MAX_DOCX_XML_BYTES = MAX_FILE_BYTES
#: Nesting of content controls and custom XML around paragraphs; real documents use 1-3.
MAX_DOCX_NESTING = 16
#: Distinct header and footer texts noted, and characters kept of each.
MAX_HEADER_TEXTS = 20
MAX_HEADER_CHARS = 500

# Elements that hold runs (or paragraphs) of the document without being them.
_WRAPPERS = {qn(tag) for tag in ("w:hyperlink", "w:ins", "w:smartTag", "w:customXml",
                                 "w:fldSimple", "w:moveTo", "w:sdtContent", "w:sdt")}
_P, _TBL, _TR, _TC, _R = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc"), qn("w:r")
_PROPERTIES = ("title", "creator", "subject", "keywords", "description", "lastModifiedBy",
               "revision", "created", "modified", "language", "category")
_CAPTURE_KEYS = {"creator": "author", "lastModifiedBy": "last_modified_by"}


def read_docx(name: str, data: bytes) -> CapturedSource:
    """Read a Word document; raise IngestError naming the file if it is not one or is unsafe."""
    media = check_docx_zip(name, data)
    document = _open(name, data)
    warnings: list[str] = []
    try:
        lines, paragraphs, tables = _body_lines(document.element.body)
        properties = _core_properties(document)
    except Exception as exc:  # python-docx's InvalidXmlError, KeyError, ValueError...
        detail = " ".join(str(exc).split())[:200] or type(exc).__name__
        raise IngestError(f"{name}: corrupt Word document ({detail})") from None
    try:
        notes = _headers_footers(document)
    except Exception:  # a damaged header costs the headers, not the document
        notes = []
        warnings.append("the headers and footers are damaged; they were not read")
    text = "\n".join(lines)
    if not text.strip():
        pictures = f" ({media} embedded images; save them as image files to import them)"
        raise IngestError(f"{name}: the Word document has no text{pictures if media else ''}")
    text = finish_text(name, check_text(name, text, "a Word document's text"))
    published = _date(properties.get("created"), "created", warnings)
    capture: dict[str, object] = {"format": "docx"}
    capture.update({_CAPTURE_KEYS.get(key, key): value for key, value in properties.items()})
    if properties.get("revision", "").isdigit() and len(properties["revision"]) < 10:
        capture["revision"] = int(properties["revision"])
    capture.update(paragraphs=paragraphs, tables=tables, images=media)
    if notes:
        capture["headers_footers"] = notes
    language = properties.get("language")
    return CapturedSource(
        filename=name,
        kind=SourceKind.DOCUMENT,
        media_type=MEDIA_TYPE,
        original=data,
        text=text,
        title=properties.get("title") or Path(name).stem or name,
        author=properties.get("creator") or None,
        published=published,
        language=language[:35] if language else None,
        warnings=tuple(warnings),
        capture=capture,
    )


def check_docx_zip(name: str, data: bytes) -> int:
    """Refuse what is not a safe Word zip; return how many embedded media files it holds."""
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise IngestError(f"{name}: not a .docx file (an old .doc, or a password-protected "
                          "Word file); save it from Word as .docx without a password")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, ValueError,
            EOFError):
        label = sniff_binary(data)
        reason = ("a damaged or truncated zip file" if data.startswith(b"PK") else
                  f"it holds {label} data" if label else "not a zip file")
        raise IngestError(f"{name}: not a Word document ({reason})") from None
    if len(entries) > MAX_DOCX_ENTRIES:
        raise IngestError(f"{name}: refused: the .docx zip has {len(entries):,} entries (the "
                          f"limit is {MAX_DOCX_ENTRIES:,})")
    total = sum(entry.file_size for entry in entries)
    if total > MAX_DOCX_UNCOMPRESSED:
        raise IngestError(f"{name}: refused: the .docx zip inflates to {megabytes(total)} (the "
                          f"limit is {megabytes(MAX_DOCX_UNCOMPRESSED)}); it may be a zip bomb")
    names = set()
    for entry in entries:
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > _RATIO_FROM_BYTES and ratio > MAX_DOCX_RATIO:
            raise IngestError(f"{name}: refused: an entry of the .docx zip is compressed "
                              f"{ratio:,.0f} times (the limit is {MAX_DOCX_RATIO}); it may be "
                              "a zip bomb")
        if entry.file_size > MAX_DOCX_XML_BYTES and entry.filename.endswith((".xml", ".rels")):
            raise IngestError(f"{name}: refused: a part of the Word document inflates to "
                              f"{megabytes(entry.file_size)} of XML (the limit is "
                              f"{megabytes(MAX_DOCX_XML_BYTES)})")
        if entry.flag_bits & 0x1:
            raise IngestError(f"{name}: the .docx zip has encrypted entries; it cannot be read")
        if entry.filename in names:
            raise IngestError(f"{name}: corrupt Word document (two zip entries are named "
                              f"{entry.filename[:80]!r})")
        names.add(entry.filename)
    if "[Content_Types].xml" not in names:
        raise IngestError(f"{name}: not a Word document (a zip file, but not an Office one)")
    if "word/document.xml" not in names and not any(n.startswith("word/") for n in names):
        other = ("an Excel workbook" if any(n.startswith("xl/") for n in names) else
                 "a PowerPoint presentation" if any(n.startswith("ppt/") for n in names) else
                 "an Office file of another kind")
        raise IngestError(f"{name}: not a Word document ({other})")
    return sum(1 for n in names if n.startswith("word/media/") and not n.endswith("/"))


def _open(name: str, data: bytes) -> Any:
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors, ...
        detail = " ".join(str(exc).split())[:200] or type(exc).__name__
        if "is not a Word file" in detail:
            raise IngestError(f"{name}: not a Word document (an Office file of another kind, "
                              "or a macro-enabled or template file renamed .docx)") from None
        raise IngestError(f"{name}: corrupt Word document ({detail})") from None


# -- the body ----------------------------------------------------------------------------------


def _blocks(container: Any, depth: int = 0) -> Iterator[Any]:
    """The paragraphs and tables of a container in order, through content controls."""
    for child in container:
        if child.tag in (_P, _TBL):
            yield child
        elif child.tag in _WRAPPERS and depth < MAX_DOCX_NESTING:
            yield from _blocks(child, depth + 1)


def paragraph_text(paragraph: Any, depth: int = 0) -> str:
    """A paragraph's visible text: runs, also inside links, fields and tracked insertions;
    deleted text (tracked deletions, moved-from) is left out, as Word shows it struck out."""
    parts: list[str] = []
    for child in paragraph:
        if child.tag == _R:
            parts.append(child.text)
        elif child.tag in _WRAPPERS and depth < MAX_DOCX_NESTING:
            parts.append(paragraph_text(child, depth + 1))
    return "".join(parts)


def _row_line(row: Any) -> str:
    """A table row: its cells' text separated by tabs (a cell's own lines joined by spaces)."""
    cells = []
    for cell in row.iterchildren(_TC):
        words = (paragraph_text(p) for p in cell.iter(_P))  # nested tables' text too
        cells.append(" ".join(" ".join(words).split()))
    return "\t".join(cells)


def _body_lines(body: Any) -> tuple[list[str], int, int]:
    """Lines of text in document order, with the counts of paragraphs and tables."""
    lines: list[str] = []
    paragraphs = tables = 0
    for block in _blocks(body):
        if block.tag == _P:
            paragraphs += 1
            lines.append(paragraph_text(block))
        else:
            tables += 1
            lines.extend(_row_line(row) for row in block.iter(_TR)
                         if _owner_table(row) is block)  # nested tables are in their cell
    return lines, paragraphs, tables


def _owner_table(row: Any) -> Any:
    """The table a row belongs to (rows can sit inside content controls of the table)."""
    parent = row.getparent()
    while parent is not None and parent.tag != _TBL:
        parent = parent.getparent()
    return parent


# -- properties --------------------------------------------------------------------------------


def _core_properties(document: Any) -> dict[str, str]:
    """docProps/core.xml's values as written, never python-docx's defaults for a missing one."""
    package = document.part.package
    if not any(rel.reltype == RELATIONSHIP_TYPE.CORE_PROPERTIES for rel in package.rels.values()):
        return {}
    element = package.core_properties._element
    values: dict[str, str] = {}
    for key in _PROPERTIES:
        node = getattr(element, key, None)
        text = " ".join((node.text or "").split()) if node is not None else ""
        if text:
            values[key] = text[:MAX_HEADER_CHARS]
    return values


def _date(value: str | None, what: str, warnings: list[str]) -> PartialDate | None:
    if not value:
        return None
    try:
        return PartialDate.parse(value)
    except ValidationError:
        warnings.append(f"the document's {what} date ({value[:40]!r}) is not a valid date")
        return None


def _headers_footers(document: Any) -> list[str]:
    """Distinct texts of the headers and footers the document defines (none are made up)."""
    found: list[str] = []
    for section in document.sections:
        for part in (section.header, section.first_page_header, section.even_page_header,
                     section.footer, section.first_page_footer, section.even_page_footer):
            if part.is_linked_to_previous:  # no definition of its own: reading would add one
                continue
            lines = (paragraph_text(p) for p in part._element.iter(_P))
            text = " ".join(" ".join(lines).split())[:MAX_HEADER_CHARS]
            if text and text not in found:
                found.append(text)
            if len(found) >= MAX_HEADER_TEXTS:
                return found
    return found
