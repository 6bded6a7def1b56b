"""PDF documents: text page by page, with a page map so citations can give page numbers.

pypdf is pure Python and opens files read-only from memory, so a hostile PDF can at worst make
extraction fail; every failure becomes one IngestError naming the file.
"""

from __future__ import annotations

import io
import logging
from typing import Any

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError

from osint_desk.core.errors import IngestError
from osint_desk.core.ingest.captured import CapturedSource
from osint_desk.core.ingest.text_files import sniff_binary, strip_blank_edges
from osint_desk.core.model import SourceKind
from osint_desk.core.text import normalize_newlines

_log = logging.getLogger(__name__)


def _open(name: str, data: bytes) -> Any:
    """A PdfReader over ``data``, decrypted with the empty password when it has one."""
    header = data[:1024]
    if b"%PDF-" not in header:
        label = sniff_binary(data)
        reason = f"{label} data" if label else "no %PDF header"
        raise IngestError(f"{name}: not a PDF file ({reason})")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise IngestError(f"{name}: the PDF is encrypted and needs a password")
        _ = len(reader.pages)
    except IngestError:
        raise
    except FileNotDecryptedError:
        raise IngestError(f"{name}: the PDF is encrypted and needs a password") from None
    except DependencyError as exc:
        raise IngestError(f"{name}: the PDF's encryption cannot be opened ({exc})") from None
    except NotImplementedError as exc:
        raise IngestError(f"{name}: the PDF uses unsupported encryption ({exc})") from None
    except Exception as exc:  # pypdf raises many types (PdfReadError, ValueError...) on bad files
        reason = str(exc) or type(exc).__name__
        raise IngestError(f"{name}: corrupt or truncated PDF ({reason})") from None
    return reader


def _page_texts(name: str, reader: Any) -> tuple[list[str], list[str]]:
    """Text of each page; a page that fails is kept empty and reported, not fatal."""
    texts: list[str] = []
    warnings: list[str] = []
    for number in range(1, len(reader.pages) + 1):
        try:
            raw = reader.pages[number - 1].extract_text() or ""
        except Exception as exc:  # a broken page object or content stream on one page
            _log.info("%s: page %d text extraction failed: %s", name, number, exc)
            warnings.append(f"page {number}: text could not be extracted")
            raw = ""
        raw = raw.replace("\x00", "").lstrip("\ufeff")
        texts.append(strip_blank_edges(normalize_newlines(raw)))
    return texts, warnings


def join_pages(texts: list[str]) -> tuple[str, tuple[int, ...]]:
    """Join page texts with a blank line and record where each page starts.

    An empty page adds no separator and starts where the next non-empty page does (or at the
    end), so the text never gains blank edges and ``page_map`` stays sorted.
    """
    parts: list[str] = []
    length = 0
    starts: list[int] = []
    waiting = 0  # empty pages whose start is the next page's
    for text in texts:
        if not text:
            waiting += 1
            continue
        if parts:
            parts.append("\n\n")
            length += 2
        starts.extend([length] * (waiting + 1))
        waiting = 0
        parts.append(text)
        length += len(text)
    starts.extend([length] * waiting)
    return "".join(parts), tuple(starts)


def _info(reader: Any, key: str) -> str | None:
    """One document-information field as clean text, or None if absent or unreadable."""
    try:
        value = reader.metadata.get(key) if reader.metadata else None
    except Exception:
        return None
    if value is None:
        return None
    text = " ".join(str(value).replace("\x00", "").split())
    return text or None


def _language(reader: Any) -> str | None:
    """The catalog's /Lang entry (e.g. ``en-GB``), if any."""
    try:
        lang = reader.trailer["/Root"].get("/Lang")
    except Exception:
        return None
    text = str(lang).strip() if lang is not None else ""
    return text or None


def read_pdf(name: str, data: bytes) -> CapturedSource:
    """A .pdf as a document: page texts joined, page map, title and author from its info."""
    reader = _open(name, data)
    if len(reader.pages) == 0:
        raise IngestError(f"{name}: the PDF has no pages")
    texts, warnings = _page_texts(name, reader)
    text, page_map = join_pages(texts)
    if not text.strip():
        raise IngestError(
            f"{name}: the PDF has no extractable text; it is probably a scanned image "
            "(run OCR on it first)"
        )
    return CapturedSource(
        filename=name,
        kind=SourceKind.DOCUMENT,
        media_type="application/pdf",
        original=data,
        text=text,
        title=_info(reader, "/Title"),
        author=_info(reader, "/Author"),
        language=_language(reader),
        page_map=page_map,
        warnings=tuple(warnings),
    )
