"""Fuzzing source ingest (text, HTML, PDF): a CapturedSource or an IngestError, in time.

Text gets random bytes, encodings, BOMs and NULs; HTML random structure with hostile JSON-LD
and meta tags; PDF byte-level mutations of small valid PDFs (ours, and real ones from the
shared data when present).
"""

from __future__ import annotations

import codecs
import io
import json
from pathlib import Path

import pytest
from fuzz_support import FUZZ_EXAMPLES, expect_result_or_user_error, fuzz_settings
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject
from shared_data import SHARED

from osint_desk.core.errors import IngestError
from osint_desk.core.ingest import CapturedSource, read_source_file
from osint_desk.core.ingest.html_pages import read_html_page
from osint_desk.core.ingest.pdf_files import read_pdf
from osint_desk.core.ingest.text_files import read_text_file

REAL_PDFS = SHARED / "data" / "real-world" / "pdf"
_EXAMPLES = max(60, FUZZ_EXAMPLES // 2)


def _check(result: CapturedSource | Exception) -> None:
    if isinstance(result, CapturedSource):
        assert result.text and result.text == result.text.strip("\n")
        assert "\x00" not in result.text and "\r" not in result.text
        if result.page_map is not None:
            assert list(result.page_map) == sorted(result.page_map)
    else:
        assert isinstance(result, IngestError), result


# -- text ------------------------------------------------------------------------------------

_BOMS = [b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE]
_CODECS = ["utf-8", "utf-16-le", "utf-16-be", "cp1252", "latin-1", "shift_jis", "koi8-r"]


@st.composite
def text_files(draw: st.DrawFn) -> bytes:
    if draw(st.booleans()):
        return draw(st.binary(max_size=2000))
    text = draw(st.text(max_size=500))
    codec = draw(st.sampled_from(_CODECS))
    body = text.encode(codec, errors="replace")
    if draw(st.booleans()):
        spot = draw(st.integers(0, len(body)))
        body = body[:spot] + draw(st.binary(max_size=8)) + body[spot:]
    return draw(st.sampled_from(_BOMS)) + body


@given(data=text_files(), markdown=st.booleans())
@fuzz_settings(_EXAMPLES)
def test_text_files(data: bytes, markdown: bool) -> None:
    suffix = ".md" if markdown else ".txt"
    _check(expect_result_or_user_error(lambda: read_text_file("f" + suffix, data, suffix)))


# -- HTML ------------------------------------------------------------------------------------

_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(
        st.sampled_from(["@type", "@graph", "author", "name", "datePublished", "publisher",
                         "url", "headline", "@context"]) | st.text(max_size=5), inner,
        max_size=5),
    max_leaves=30,
)
_TAGS = ["p", "div", "article", "nav", "span", "h1", "table", "td", "script", "style", "time"]


@st.composite
def json_ld(draw: st.DrawFn) -> str:
    choice = draw(st.integers(0, 3))
    if choice == 0:
        return json.dumps(draw(_JSON))
    if choice == 1:  # deep nesting
        depth = draw(st.integers(1, 3000))
        return "[" * depth + "]" * depth
    if choice == 2:  # many elements
        return "[" + ",".join(["{}"] * draw(st.integers(0, 30_000))) + "]"
    return draw(st.text(max_size=200)) + '"author": "x' * draw(st.integers(0, 2000))


@st.composite
def html_pages(draw: st.DrawFn) -> bytes:
    head = "".join(
        f'<script type="application/ld+json">{draw(json_ld())}</script>'
        for _ in range(draw(st.integers(0, 3)))
    )
    head += "".join(
        f'<meta {draw(st.sampled_from(["name", "property", "itemprop"]))}='
        f'"{draw(st.sampled_from(["date", "og:title", "author", "og:url", "pubdate"]))}" '
        f'content="{draw(st.text(max_size=30))}">'
        for _ in range(draw(st.integers(0, 4)))
    )
    body = ""
    for _ in range(draw(st.integers(0, 8))):
        tag = draw(st.sampled_from(_TAGS))
        words = draw(st.text(max_size=80)).replace("<", " ")
        body += f"<{tag}>{words} {'and more words here ' * draw(st.integers(0, 5))}"
        if draw(st.booleans()):
            body += f"</{tag}>"
    # Now and then a long run of short blocks: past MAX_HTML_FALLBACK_BLOCKS, fast mode.
    body += "<div>x</div>" * draw(st.sampled_from([0] * 9 + [5_200]))
    page = f"<html><head><title>{draw(st.text(max_size=20))}</title>{head}</head>"
    page += f"<body>{body}</body></html>"
    data = page.encode(draw(st.sampled_from(["utf-8", "utf-16"])), errors="replace")
    if draw(st.integers(0, 9)) == 0:
        spot = draw(st.integers(0, len(data)))
        data = data[:spot] + draw(st.binary(max_size=16)) + data[spot:]
    return data


@given(data=html_pages())
@fuzz_settings(_EXAMPLES)
def test_html_pages(data: bytes) -> None:
    _check(expect_result_or_user_error(lambda: read_html_page("page.html", data), 20.0))


# -- PDF ---------------------------------------------------------------------------------------


def _small_pdf() -> bytes:
    writer = PdfWriter()
    font = writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica")}))
    resources = DictionaryObject({NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})})
    for number in (1, 2):
        stream = DecodedStreamObject()
        stream.set_data(f"BT /F1 12 Tf 72 712 Td (Page {number} text) Tj ET".encode())
        page = writer.add_blank_page(612, 792)
        page[NameObject("/Contents")] = writer._add_object(stream.flate_encode())
        page[NameObject("/Resources")] = resources
    writer.add_metadata({"/Title": "Fuzz seed", "/Author": "Tester"})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _seeds() -> list[bytes]:
    seeds = [_small_pdf()]
    if REAL_PDFS.is_dir():
        # All the small ones (ten, 470 KB): text, multi-column, Arabic, LaTeX, encrypted ones.
        small = sorted(p for p in REAL_PDFS.glob("*.pdf") if p.stat().st_size < 200_000)
        seeds += [p.read_bytes() for p in small]
    return seeds


SEEDS = _seeds()


@st.composite
def mutated_pdfs(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.integers(0, 3))
        spot = draw(st.integers(0, len(data)))
        if kind == 0 and spot < len(data):  # flip a byte
            data[spot] = draw(st.integers(0, 255))
        elif kind == 1:  # insert junk or a PDF token
            junk = draw(st.sampled_from([b"0", b" R ", b"<<", b">>", b"[", b"endobj", b"9999999"]))
            data[spot:spot] = junk
        elif kind == 2:  # cut
            end = draw(st.integers(spot, min(len(data), spot + 64)))
            del data[spot:end]
        else:  # truncate
            del data[max(16, spot):]
    return bytes(data)


@given(data=mutated_pdfs())
@fuzz_settings(_EXAMPLES)
def test_mutated_pdfs(data: bytes) -> None:
    _check(expect_result_or_user_error(lambda: read_pdf("doc.pdf", data), 20.0))


def test_seed_pdf_reads() -> None:
    captured = read_pdf("seed.pdf", SEEDS[0])
    assert captured.text == "Page 1 text\n\nPage 2 text"
    assert captured.title == "Fuzz seed"


@pytest.mark.skipif(not REAL_PDFS.is_dir(), reason=f"no real-world PDFs at {REAL_PDFS}")
def test_real_pdfs_read_or_refuse(tmp_path: Path) -> None:
    for path in sorted(REAL_PDFS.glob("*.pdf"))[:20]:
        _check(expect_result_or_user_error(lambda path=path: read_source_file(path), 30.0))
