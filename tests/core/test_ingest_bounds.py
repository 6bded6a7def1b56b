"""Issue 11: hostile sources are refused, or imported, within bounded time and memory.

Each hostile input is built here, then read in a fresh process (``run_child``) so its peak
memory can be measured against a baseline process that imported the same modules.
"""

from __future__ import annotations

import dataclasses
import io
import json
from pathlib import Path

import pytest
from fuzz_support import ChildRun, run_child
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from osint_desk.core.errors import IngestError
from osint_desk.core.importer import import_files
from osint_desk.core.ingest import limits, page_bounds, pdf_files, read_source_file
from osint_desk.core.store import CaseStore

SECONDS = 30.0
PEAK_MB = 500.0
_MIB = 1024 * 1024

BODY = "".join(
    f"<p>Paragraph {i}: North Korea completed an initial weapons delivery to the Wagner "
    "Group, the White House said, adding that the shipment included infantry rockets.</p>"
    for i in range(20)
)

CHILD = """
from osint_desk.core.errors import IngestError
from osint_desk.core.ingest import read_source_file
import osint_desk.core.ingest.html_pages, osint_desk.core.ingest.pdf_files
path = {path!r}
if path:
    try:
        captured = read_source_file(path)
    except IngestError as exc:
        print("REFUSED", exc)
    else:
        print("OK", len(captured.text))
        print("\\n".join(captured.warnings))
try:
    with open("/proc/self/status") as status:
        print(next(line for line in status if line.startswith("VmHWM:")).split()[1] + "_KB_HWM")
except OSError:
    pass
"""


def _read_in_child(path: Path | None) -> ChildRun:
    """``run_child``, with the child's own peak when Linux tells it (``VmHWM``).

    ``ru_maxrss`` survives ``exec``, so ``run_child``'s figure is at least the peak of the
    pytest process that spawned the child; the child's own high-water mark is not.
    """
    run = run_child(CHILD.format(path=str(path) if path else ""), timeout=120)
    assert run.returncode == 0, run.stderr
    for line in run.stdout.splitlines():
        if line.endswith("_KB_HWM"):
            own = int(line.removesuffix("_KB_HWM")) / 1024
            return dataclasses.replace(run, peak_rss_mb=own)
    return run


@pytest.fixture(scope="module")
def baseline_mb() -> float:
    """Peak RSS of a process that imported ingest (trafilatura, pypdf) and read nothing."""
    return _read_in_child(None).peak_rss_mb


def _within_budget(run: ChildRun) -> None:
    assert run.seconds < SECONDS, (run.seconds, run.stdout)
    assert run.peak_rss_mb < PEAK_MB, (run.peak_rss_mb, run.stdout)


# -- hostile inputs --------------------------------------------------------------------------


def shared_stream_pdf(pages: int = 2000, megabytes: int = 50) -> bytes:
    """``pages`` pages whose /Contents is one stream of ``megabytes`` decompressed text ops."""
    line = b"BT /F1 12 Tf 72 712 Td (The quick brown fox jumps over the lazy dog) Tj ET\n"
    stream = DecodedStreamObject()
    stream.set_data(line * (megabytes * _MIB // len(line)))
    writer = PdfWriter()
    content = writer._add_object(stream.flate_encode(level=9))
    font = writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica")}))
    resources = DictionaryObject({NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})})
    for _ in range(pages):
        page = writer.add_blank_page(612, 792)
        page[NameObject("/Contents")] = content
        page[NameObject("/Resources")] = resources
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def text_pdf(pages: int, text: str = "Hello from page") -> bytes:
    """A small PDF with a line of real text on each page."""
    writer = PdfWriter()
    font = writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica")}))
    resources = DictionaryObject({NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})})
    for number in range(1, pages + 1):
        stream = DecodedStreamObject()
        stream.set_data(f"BT /F1 12 Tf 72 712 Td ({text} {number}) Tj ET".encode())
        page = writer.add_blank_page(612, 792)
        page[NameObject("/Contents")] = writer._add_object(stream)
        page[NameObject("/Resources")] = resources
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def json_ld_page(payload: str, head: str = "") -> bytes:
    return (
        f'<html><head><title>Kirby</title>{head}<script type="application/ld+json">{payload}'
        f"</script></head><body><article><h1>Headline</h1>{BODY}</article></body></html>"
    ).encode()


def broken_json_ld(size: int) -> str:
    """Invalid JSON full of the keys trafilatura's salvaging regexes scan forward from."""
    unit = '"author": "a", "Person" "name" "publisher": "p" '
    return "{" + unit * (size // len(unit))


_LINE = "Le café du coin: the quick brown fox jumps over the lazy dog; témoignage n° 42.\n"


def write_latin_text(path: Path, size: int, *, crlf_lines: int = 0) -> int:
    """Write about ``size`` bytes of Latin text in 1 MB pieces; return the size written."""
    line = _LINE.encode()
    piece = line * (_MIB // len(line))
    with path.open("wb") as handle:
        handle.write(b"\n\n" + line.replace(b"\n", b"\r\n") * crlf_lines)
        while handle.tell() + len(piece) <= size:
            handle.write(piece)
        handle.write(line * ((size - handle.tell()) // len(line)))
        return handle.tell()


# -- the acceptance bounds, measured in a fresh process ---------------------------------------


def test_pdf_of_2000_pages_sharing_one_50_mb_stream(tmp_path: Path) -> None:
    path = tmp_path / "shared.pdf"
    path.write_bytes(shared_stream_pdf())
    run = _read_in_child(path)
    _within_budget(run)
    assert run.stdout.startswith("REFUSED shared.pdf: "), run.stdout
    assert "32 MB (the limit per stream)" in run.stdout


def test_pdf_sharing_a_stream_under_the_stream_limit(tmp_path: Path) -> None:
    # 30 MB passes the per-stream bound; the per-PDF content bound stops it a few pages in.
    path = tmp_path / "shared30.pdf"
    path.write_bytes(shared_stream_pdf(megabytes=30))
    run = _read_in_child(path)
    _within_budget(run)
    assert "REFUSED" in run.stdout and "128 MB of content" in run.stdout, run.stdout


def test_json_ld_array_of_two_million_elements(tmp_path: Path) -> None:
    path = tmp_path / "array.html"
    path.write_bytes(json_ld_page("[" + ",".join(["{}"] * 2_000_000) + "]"))
    run = _read_in_child(path)
    _within_budget(run)
    assert run.stdout.startswith("OK "), run.stdout
    assert "JSON-LD block was skipped" in run.stdout


def test_two_megabytes_of_broken_json_ld(tmp_path: Path) -> None:
    path = tmp_path / "broken.html"
    path.write_bytes(json_ld_page(broken_json_ld(2 * _MIB)))
    run = _read_in_child(path)
    _within_budget(run)
    assert run.seconds < 10, run.seconds
    assert run.stdout.startswith("OK ") and "512 KB per block" in run.stdout, run.stdout


def test_json_ld_under_the_block_limit_but_too_many_values(tmp_path: Path) -> None:
    path = tmp_path / "values.html"
    path.write_bytes(json_ld_page("[" + ",".join(["1"] * 200_000) + "]"))
    run = _read_in_child(path)
    _within_budget(run)
    assert "more than 20,000 values" in run.stdout, run.stdout


def test_63_mb_text_is_refused_naming_the_limit(tmp_path: Path, baseline_mb: float) -> None:
    path = tmp_path / "dump.txt"
    write_latin_text(path, 63 * _MIB)
    run = _read_in_child(path)
    assert run.stdout.startswith("REFUSED dump.txt: the file is too large (63 MB; the limit "
                                 "for a text file is 16 MB"), run.stdout
    assert run.seconds < 5
    assert run.peak_rss_mb - baseline_mb < 10


def test_text_at_the_limit_costs_under_three_times_its_size(
    tmp_path: Path, baseline_mb: float
) -> None:
    path = tmp_path / "notes.txt"
    size = write_latin_text(path, limits.MAX_TEXT_BYTES, crlf_lines=1000)
    run = _read_in_child(path)
    assert run.stdout.startswith("OK "), run.stdout
    used = run.peak_rss_mb - baseline_mb
    assert used < 3 * size / _MIB, (used, size / _MIB)
    assert run.seconds < SECONDS


# -- each limit's message, with the limit lowered --------------------------------------------


def _refused(path: Path, *words: str) -> str:
    with pytest.raises(IngestError) as info:
        read_source_file(path)
    message = str(info.value)
    assert message.startswith(f"{path.name}: "), message
    for word in words:
        assert word in message, (word, message)
    return message


def test_pdf_page_count_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_files, "MAX_PDF_PAGES", 3)
    path = tmp_path / "long.pdf"
    path.write_bytes(text_pdf(4))
    _refused(path, "4 pages", "the limit is 3")


def test_pdf_time_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_files, "MAX_PDF_SECONDS", -1.0)
    path = tmp_path / "slow.pdf"
    path.write_bytes(text_pdf(2))
    _refused(path, "the time limit per PDF", "page 1")


def test_pdf_text_length_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_files, "MAX_TEXT_CHARS", 30)
    path = tmp_path / "wordy.pdf"
    path.write_bytes(text_pdf(3))
    _refused(path, "million characters by page 2", "the limit for one source")


def test_pdf_pages_within_limits_still_read(tmp_path: Path) -> None:
    path = tmp_path / "fine.pdf"
    path.write_bytes(text_pdf(3))
    captured = read_source_file(path)
    assert captured.text == "Hello from page 1\n\nHello from page 2\n\nHello from page 3"
    assert captured.page_map == (0, 19, 38)


def test_too_many_meta_tags_and_long_contents(tmp_path: Path) -> None:
    metas = '<meta name="description" content="' + "x" * 10_000 + '">'
    metas += "".join(f'<meta name="k{i}" content="v">' for i in range(limits.MAX_META_TAGS + 5))
    path = tmp_path / "metas.html"
    path.write_bytes(json_ld_page("{}", head=metas))
    captured = read_source_file(path)
    assert "6 <meta> tags past the first 1,000 were skipped" in " ".join(captured.warnings)
    assert "groundless" not in captured.text and "Wagner Group" in captured.text


def test_valid_json_ld_beside_an_oversized_block_is_still_read(tmp_path: Path) -> None:
    good = json.dumps({"@type": "NewsArticle", "datePublished": "2022-12-22",
                       "author": {"@type": "Person", "name": "Jane Roe"}})
    head = f'<script type="application/ld+json">{good}</script>'
    path = tmp_path / "mixed.html"
    path.write_bytes(json_ld_page(broken_json_ld(limits.MAX_JSON_LD_CHARS + 10), head=head))
    captured = read_source_file(path)
    assert str(captured.published) == "2022-12-22"
    assert captured.author == "Jane Roe"
    assert len(captured.warnings) == 1


def test_deep_json_ld_is_skipped() -> None:
    deep: list[object] = []
    for _ in range(limits.MAX_JSON_LD_DEPTH + 1):
        deep = [deep]
    assert page_bounds._within_shape(deep) == f"nested more than {limits.MAX_JSON_LD_DEPTH} deep"
    assert page_bounds._within_shape([[{"a": 1}]]) is None


def test_importer_reports_the_metadata_warning(store: CaseStore, tmp_path: Path) -> None:
    path = tmp_path / "array.html"
    path.write_bytes(json_ld_page("[" + ",".join(["{}"] * 600_000) + "]"))
    (outcome,) = import_files(store, [path])
    assert outcome.status == "imported", outcome.message
    assert any("JSON-LD block was skipped" in warning for warning in outcome.warnings)


# -- the size of the page's tree (trafilatura's extractors grow faster than linearly) ---------


def test_sixty_megabytes_of_elements_is_refused_before_parsing(tmp_path: Path) -> None:
    # lxml needs ~300 bytes per element: parsing this only to refuse it took 2.3 GB.
    path = tmp_path / "tags.html"
    path.write_bytes(b"<html><body>" + b"<p>x</p>" * 7_500_000 + b"</body></html>")
    run = _read_in_child(path)
    _within_budget(run)
    assert run.stdout.startswith("REFUSED tags.html: the page has more than 30,000 elements"), (
        run.stdout)


def test_elements_over_the_limit_are_counted_after_parsing(tmp_path: Path) -> None:
    # Few enough start tags to be parsed, too many elements once parsed.
    path = tmp_path / "tags.html"
    path.write_bytes(json_ld_page("{}").replace(b"<h1>", b"<p>x</p>" * 31_000 + b"<h1>"))
    _refused(path, "more than 30,000 elements", "the limit for a web page")


def test_short_blocks_skip_the_quadratic_fallbacks(tmp_path: Path) -> None:
    # 29,000 short divs: justext alone took 90 s over 30,000; fast mode reads them in ~1 s.
    path = tmp_path / "blocks.html"
    divs = "".join(f"<div class='entry-date'>{i} 2021</div>" for i in range(29_000))
    path.write_bytes(json_ld_page("{}").replace(b"<article>", divs.encode() + b"<article>"))
    run = _read_in_child(path)
    _within_budget(run)
    assert run.seconds < 15, run.seconds
    assert run.stdout.startswith("OK "), run.stdout
    assert "more than 5,000 blocks" in run.stdout


def test_a_long_page_under_the_fallback_bound_is_read_as_before(tmp_path: Path) -> None:
    path = tmp_path / "long.html"
    path.write_bytes(json_ld_page("{}").replace(b"<h1>", b"<p>Short.</p>" * 1_000 + b"<h1>"))
    captured = read_source_file(path)
    assert captured.warnings == ()
    assert "Wagner Group" in captured.text


def test_thousands_of_date_candidates_are_not_all_parsed(tmp_path: Path) -> None:
    times = b"<time datetime='not a date'>t</time>" * 14_000
    path = tmp_path / "times.html"
    path.write_bytes(json_ld_page("{}").replace(b"<h1>", times + b"<h1>"))
    run = _read_in_child(path)
    _within_budget(run)
    assert run.seconds < 15, run.seconds
    assert run.stdout.startswith("OK "), run.stdout


def test_json_ld_with_raw_newlines_in_strings_is_read(tmp_path: Path) -> None:
    # Not strict JSON, but trafilatura reads it (strict=False) and real pages write it; over
    # the broken-JSON bound it was dropped and the page lost its author and date.
    block = json.dumps({"@type": "NewsArticle", "datePublished": "2021-05-06T10:00:00Z",
                        "author": {"@type": "Person", "name": "Jane Roe"},
                        "articleBody": "line one\nline two " * 2000}).replace("\\n", "\n")
    assert len(block) > limits.MAX_BROKEN_JSON_LD_CHARS
    path = tmp_path / "lax.html"
    path.write_bytes(json_ld_page(block))
    captured = read_source_file(path)
    assert captured.author == "Jane Roe"
    assert str(captured.published) == "2021-05-06T10:00:00Z"
    assert captured.warnings == ()


# -- PDF pages that are slow or over pypdf's parsing bound -------------------------------------


def heavy_pdf(pages: int, lines: int) -> bytes:
    """``pages`` pages, each its own stream of ``lines`` text operations (10 tokens a line)."""
    writer = PdfWriter()
    font = writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica")}))
    resources = DictionaryObject({NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})})
    for number in range(pages):
        stream = DecodedStreamObject()
        stream.set_data(b"BT /F1 12 Tf 72 712 Td (Page %d fox) Tj ET\n" % number * lines)
        page = writer.add_blank_page(612, 792)
        page[NameObject("/Contents")] = writer._add_object(stream.flate_encode(level=9))
        page[NameObject("/Resources")] = resources
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_pdf_time_limit_inside_a_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Each page parses for about a second; the deadline falls inside the first one.
    monkeypatch.setattr(pdf_files, "MAX_PDF_SECONDS", 0.3)
    path = tmp_path / "slow.pdf"
    path.write_bytes(heavy_pdf(3, 20_000))
    _refused(path, "(the time limit per PDF) at page 1")


def test_pdf_time_limit_on_a_page_over_the_parsing_bound(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The deadline passes while pypdf parses up to its bound and raises LimitReachedError:
    # the refusal is still an IngestError (it once escaped as the internal _OverTime).
    monkeypatch.setattr(pdf_files, "MAX_PDF_SECONDS", 0.05)
    path = tmp_path / "dense.pdf"
    path.write_bytes(heavy_pdf(2, 30_000))
    _refused(path, "the time limit per PDF", "page 1")


def test_pdf_whose_every_page_is_over_the_parsing_bound(tmp_path: Path) -> None:
    path = tmp_path / "dense.pdf"
    path.write_bytes(heavy_pdf(1, 30_000))  # 300,000 tokens
    message = _refused(path, "1 of 1 pages were skipped", "250,000 operations")
    assert "scanned image" not in message
