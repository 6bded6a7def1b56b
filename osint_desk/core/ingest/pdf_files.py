"""PDF documents: text page by page, with a page map so citations can give page numbers.

pypdf is pure Python and opens files read-only from memory, so a hostile PDF can at worst make
extraction fail or run long; every failure becomes one IngestError naming the file. Work is
bounded (``limits``): pypdf's own decompression and parsing limits, lowered through its
``Configuration``, plus our page count, decompressed content per document and wall time.
"""

from __future__ import annotations

import io
import logging
import time
from collections.abc import Callable
from typing import Any

from pypdf import PdfReader, apply_configuration
from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError
from pypdf.generic import ArrayObject, StreamObject

from osint_desk.core.errors import IngestError
from osint_desk.core.ingest.captured import CapturedSource
from osint_desk.core.ingest.limits import (
    MAX_PDF_CONTENT_BYTES,
    MAX_PDF_PAGES,
    MAX_PDF_SECONDS,
    MAX_PDF_STREAM_BYTES,
    MAX_PDF_STREAM_OPERATIONS,
    MAX_TEXT_CHARS,
    megabytes,
)
from osint_desk.core.ingest.pdf_pages import (
    document_title,
    no_text_warning,
    pages_without_text,
)
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


# pypdf's limits for one stream, lowered from its defaults (75 MB, 2 million tokens).
_PYPDF_LIMITS: dict[str, int] = {
    "zlib_maximum_output_length": MAX_PDF_STREAM_BYTES,
    "lzw_maximum_output_length": MAX_PDF_STREAM_BYTES,
    "run_length_maximum_output_length": MAX_PDF_STREAM_BYTES,
    "brotli_maximum_output_length": MAX_PDF_STREAM_BYTES,
    "array_based_stream_maximum_output_length": MAX_PDF_STREAM_BYTES,
    "maximum_declared_stream_length": MAX_PDF_STREAM_BYTES,
    "stream_parsing_work_maximum_count": MAX_PDF_STREAM_OPERATIONS,
}


class _OverTime(Exception):
    """Raised from pypdf's operator callback once the document's time budget is spent."""


def _content_streams(page: Any) -> list[Any]:
    """The stream objects of a page's ``/Contents`` (one, an array, or none)."""
    contents = page.get("/Contents")
    target = contents.get_object() if contents is not None else None
    items = target if isinstance(target, ArrayObject) else [target]
    objects = (item.get_object() if item is not None else None for item in items)
    return [item for item in objects if isinstance(item, StreamObject)]


def _decoded_size(name: str, number: int, streams: list[Any]) -> int:
    """Decompressed bytes of ``streams`` (pypdf keeps them decoded for the extraction)."""
    try:
        return sum(len(stream.get_data()) for stream in streams)
    except LimitReachedError:
        raise IngestError(
            f"{name}: a content stream on page {number} decompresses to more than "
            f"{megabytes(MAX_PDF_STREAM_BYTES)} (the limit per stream); the PDF is refused"
        ) from None


def _deadline_check(deadline: float) -> Callable[..., None]:
    def check(*_args: Any) -> None:
        if time.monotonic() > deadline:
            raise _OverTime
    return check


def _page_texts(name: str, reader: Any) -> tuple[list[str], list[str]]:
    """Text of each page; a page that fails is kept empty and reported, not fatal.

    Over budget (decompressed content, time, text length) the whole PDF is refused: a
    document cut short would be cited as if it were complete.
    """
    texts: list[str] = []
    warnings: list[str] = []
    deadline = time.monotonic() + MAX_PDF_SECONDS
    check = _deadline_check(deadline)
    content = chars = 0
    too_big: set[int] = set()  # streams over pypdf's parsing budget: a shared one fails again
    for number in range(1, len(reader.pages) + 1):
        raw = ""
        try:
            page = reader.pages[number - 1]
            streams = _content_streams(page)
            content += _decoded_size(name, number, streams)
            if content > MAX_PDF_CONTENT_BYTES:
                raise IngestError(
                    f"{name}: the PDF's pages decompress to more than "
                    f"{megabytes(MAX_PDF_CONTENT_BYTES)} of content by page {number} (the "
                    "limit per PDF); it is refused"
                )
            check()
            if too_big.isdisjoint(map(id, streams)):
                raw = page.extract_text(visitor_operand_before=check) or ""
            else:
                warnings.append(f"page {number}: skipped, its content is over a size limit")
        except IngestError:
            raise
        except _OverTime:
            raise _over_time(name, number) from None
        except LimitReachedError as exc:
            too_big.update(map(id, streams))
            _log.info("%s: page %d over a pypdf limit: %s", name, number, exc)
            warnings.append(f"page {number}: skipped, its content is over a size limit ({exc})")
        except Exception as exc:  # a broken page object or content stream on one page
            _log.info("%s: page %d text extraction failed: %s", name, number, exc)
            warnings.append(f"page {number}: text could not be extracted")
        # Here too, outside any handler: the deadline holds even if pypdf swallowed _OverTime
        # or the page ended in a limit (raising in a handler would escape as _OverTime).
        if time.monotonic() > deadline:
            raise _over_time(name, number)
        raw = raw.replace("\x00", "").lstrip("\ufeff")
        texts.append(strip_blank_edges(normalize_newlines(raw)))
        chars += len(texts[-1]) + 2
        if chars > MAX_TEXT_CHARS:
            raise IngestError(
                f"{name}: the PDF's text is longer than {MAX_TEXT_CHARS / 1e6:.1f} million "
                f"characters by page {number} (the limit for one source); split the PDF"
            )
    return texts, warnings


def _over_time(name: str, number: int) -> IngestError:
    return IngestError(
        f"{name}: text extraction ran past {MAX_PDF_SECONDS:.0f} s (the time limit per PDF) "
        f"at page {number}; the PDF is refused"
    )


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
    with apply_configuration(None, **_PYPDF_LIMITS):
        reader = _open(name, data)
        pages = len(reader.pages)
        if pages == 0:
            raise IngestError(f"{name}: the PDF has no pages")
        if pages > MAX_PDF_PAGES:
            raise IngestError(
                f"{name}: the PDF has {pages} pages (the limit is {MAX_PDF_PAGES}); split it"
            )
        texts, warnings = _page_texts(name, reader)
        imaged = pages_without_text(list(reader.pages), texts)
    text, page_map = join_pages(texts)
    if not text.strip():
        skipped = [warning for warning in warnings if "over a size limit" in warning]
        if skipped:
            raise IngestError(
                f"{name}: no text could be read: {len(skipped)} of {len(texts)} pages were "
                f"skipped over a limit such as {MAX_PDF_STREAM_OPERATIONS:,} operations per "
                f"content stream ({skipped[0]}); the PDF is refused"
            )
        raise IngestError(
            f"{name}: the PDF has no extractable text; it is probably a scanned image "
            "(run OCR on it first)"
        )
    unsearchable = no_text_warning(imaged, len(texts))
    if unsearchable:
        warnings.append(unsearchable)
    return CapturedSource(
        filename=name,
        kind=SourceKind.DOCUMENT,
        media_type="application/pdf",
        original=data,
        text=text,
        title=document_title(name, _info(reader, "/Title"), texts[0], imaged),
        author=_info(reader, "/Author"),
        language=_language(reader),
        page_map=page_map,
        warnings=tuple(warnings),
    )
