"""WARC import: the file kept whole, each HTML page a source, every digest checked and shown."""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from osint_desk.core.errors import IngestError
from osint_desk.core.ingest import read_source_file, warc_records
from osint_desk.core.ingest import warc as warc_module
from osint_desk.core.ingest.warc import read_warc
from osint_desk.core.model import SourceKind

DATE_A = "2022-12-22T18:30:05Z"
DATE_B = "2022-12-23T09:00:00Z"


def page(title: str, sentence: str) -> bytes:
    """A small article page with enough text for main-text extraction."""
    return (
        f"<!DOCTYPE html><html lang='en'><head><title>{title}</title></head><body><article>"
        f"<h1>{title}</h1><p>{sentence} The White House said the shipment included infantry "
        "rockets and missiles delivered by rail.</p><p>KCNA denied the report and called it a "
        "groundless rumour spread by hostile forces.</p></article></body></html>"
    ).encode()


PAGE_A = page("Weapons for Wagner", "North Korea completed an initial weapons delivery.")
PAGE_B = page("Second delivery", "A second train crossed the border at Tumangang.")


def response(writer: WARCWriter, uri: str, body: bytes, date: str, status: str = "200 OK",
             content_type: str = "text/html; charset=utf-8",
             extra: list[tuple[str, str]] | None = None) -> None:
    headers = StatusAndHeaders(status, [("Content-Type", content_type), *(extra or [])],
                               protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(
        uri, "response", payload=io.BytesIO(body), length=len(body), http_headers=headers,
        warc_headers_dict={"WARC-Date": date, "WARC-IP-Address": "192.0.2.7"}))


def build_warc(gz: bool = False) -> bytes:
    """warcinfo, request, two HTML pages, a PNG, a 404 page and a revisit, as warcio writes."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)
    writer.write_record(writer.create_warcinfo_record(
        "crawl.warc", {"software": "Webrecorder test", "format": "WARC File Format 1.1",
                       "isPartOf": "Wagner shipments"}))
    request = StatusAndHeaders("GET /news/1 HTTP/1.1", [("Host", "news.example")],
                               is_http_request=True)
    writer.write_record(writer.create_warc_record(
        "https://news.example/news/1", "request", payload=io.BytesIO(b""), length=0,
        http_headers=request, warc_headers_dict={"WARC-Date": DATE_A}))
    response(writer, "https://news.example/news/1", PAGE_A, DATE_A)
    response(writer, "https://news.example/news/2?id=7", PAGE_B, DATE_B)
    response(writer, "https://news.example/logo.png", b"\x89PNG\r\n\x1a\nfake", DATE_A,
             content_type="image/png")
    response(writer, "https://news.example/missing", page("Not found", "Nothing here."),
             DATE_A, status="404 Not Found")
    revisit = writer.create_revisit_record(
        "https://news.example/news/1", digest="sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        refers_to_uri="https://news.example/news/1", refers_to_date=DATE_A)
    writer.write_record(revisit)
    return out.getvalue()


def raw_record(body: bytes, *, uri: str = "https://files.example/report.html",
               record_id: str = "<urn:uuid:00000000-0000-4000-8000-000000000001>",
               digests: tuple[str, ...] = (), content_type: str = "text/html") -> bytes:
    """A resource record written byte by byte, with exactly the digest headers given."""
    head = [
        "WARC/1.1", "WARC-Type: resource", f"WARC-Record-ID: {record_id}",
        f"WARC-Date: {DATE_A}", f"WARC-Target-URI: {uri}", *digests,
        f"Content-Type: {content_type}", f"Content-Length: {len(body)}",
    ]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body + b"\r\n\r\n"


def b32(algorithm: str, data: bytes) -> str:
    return base64.b32encode(hashlib.new(algorithm, data).digest()).decode()


@pytest.mark.parametrize("gz", [False, True])
def test_pages_become_parts_with_uri_date_and_digests(gz: bool) -> None:
    data = build_warc(gz)
    captured = read_warc("crawl.warc.gz" if gz else "crawl.warc", data)
    assert captured.original == data
    assert captured.media_type == "application/warc"
    assert captured.kind is SourceKind.DOCUMENT
    assert captured.title == "Wagner shipments"
    assert captured.integrity == "valid"
    capture = dict(captured.capture or {})
    assert capture["format"] == "warc"
    assert capture["records"] == {"warcinfo": 1, "request": 1, "response": 4, "revisit": 1}
    assert capture["digests"] == {"valid": 7, "mismatch": 0, "absent": 0}
    assert capture["warcinfo"]["software"] == "Webrecorder test"  # type: ignore[index]
    # Only the two 2xx HTML responses are pages; the PNG, the 404 and the revisit are not.
    assert [p.url for p in captured.parts] == [
        "https://news.example/news/1", "https://news.example/news/2?id=7"]
    first, second = captured.parts
    assert first.retrieved is not None and first.retrieved.value == DATE_A
    assert second.retrieved is not None and second.retrieved.value == DATE_B
    assert first.title == "Weapons for Wagner"
    assert "initial weapons delivery" in first.text
    assert first.original == PAGE_A and second.original == PAGE_B
    assert first.media_type == "text/html"
    assert first.integrity == "valid"
    name = captured.filename
    assert first.filename == f"{name} › news.example_news_1"
    assert "/" not in first.filename and len(first.filename) < 200
    record = dict(first.capture or {})
    assert record["format"] == "warc-record"
    assert record["target_uri"] == "https://news.example/news/1"
    assert record["warc_date"] == DATE_A
    assert record["http_status"] == 200 and record["content_type"] == "text/html"
    assert record["digest_status"] == "valid" and record["ip_address"] == "192.0.2.7"
    assert str(record["payload_digest"]).startswith("sha1:")
    assert str(record["record_id"]).startswith("<urn:uuid:")
    # The listing shows one line per response, resource and revisit record, with its verdict.
    assert f"{DATE_A}  200 text/html  https://news.example/news/1  digest valid" in captured.text
    assert "404 text/html  https://news.example/missing" in captured.text
    assert "revisit" in captured.text and "request" in captured.text.splitlines()[1]


def test_tampered_record_is_a_mismatch_and_the_others_stay_valid() -> None:
    data = build_warc()
    assert data.count(b"Tumangang") == 1
    tampered = data.replace(b"Tumangang", b"Tumangand")  # one byte of one payload
    captured = read_warc("crawl.warc", tampered)
    assert captured.integrity == "mismatch"
    assert captured.original == tampered
    capture = dict(captured.capture or {})
    assert capture["digests"] == {"valid": 6, "mismatch": 1, "absent": 0}
    mismatched = capture["mismatched"]
    assert isinstance(mismatched, list) and len(mismatched) == 1
    assert "https://news.example/news/2?id=7" in mismatched[0]
    warnings = [w for w in captured.warnings if "do not match" in w]
    assert len(warnings) == 1 and "https://news.example/news/2?id=7" in warnings[0]
    assert "block and payload digests do not match" in warnings[0]
    good, bad = captured.parts
    assert good.integrity == "valid" and bad.integrity == "mismatch"
    assert dict(bad.capture or {})["digest_status"] == "mismatch"
    assert any("does not match" in w for w in bad.warnings)
    assert "https://news.example/news/2?id=7  digest mismatch" in captured.text


def test_records_without_digests_are_absent() -> None:
    data = raw_record(PAGE_A)
    captured = read_warc("plain.warc", data)
    assert captured.integrity == "absent"
    assert dict(captured.capture or {})["digests"] == {"valid": 0, "mismatch": 0, "absent": 1}
    (part,) = captured.parts
    assert part.integrity == "absent" and part.original == PAGE_A
    assert part.url == "https://files.example/report.html"
    assert "digest absent" in captured.text


def test_some_records_without_digests_are_named_in_a_warning() -> None:
    data = raw_record(PAGE_A, digests=(f"WARC-Block-Digest: sha1:{b32('sha1', PAGE_A)}",))
    data += raw_record(PAGE_B, uri="https://files.example/b.html",
                       record_id="<urn:uuid:00000000-0000-4000-8000-000000000002>")
    captured = read_warc("mixed.warc", data)
    assert captured.integrity == "valid"
    assert [p.integrity for p in captured.parts] == ["valid", "absent"]
    assert any("1 records carry no digest" in w for w in captured.warnings)


@pytest.mark.parametrize("spell", [
    lambda data: f"sha256:{hashlib.sha256(data).hexdigest()}",
    lambda data: f"sha256:{b32('sha256', data)}",
    lambda data: f"SHA-1:{b32('sha1', data).lower().rstrip('=')}",
    lambda data: f"sha1:{hashlib.sha1(data).hexdigest()}",
], ids=["sha256-hex", "sha256-base32", "sha1-base32-lower", "sha1-hex"])
def test_sha1_and_sha256_digests_in_base32_or_hex(spell: Callable[[bytes], str]) -> None:
    digest = spell(PAGE_A)
    data = raw_record(PAGE_A, digests=(f"WARC-Block-Digest: {digest}",
                                       f"WARC-Payload-Digest: {digest}"))
    assert read_warc("one.warc", data).integrity == "valid"
    bad = raw_record(PAGE_A, digests=(f"WARC-Block-Digest: {spell(PAGE_B)}",))
    assert read_warc("one.warc", bad).integrity == "mismatch"


def test_unreadable_digest_is_not_checked_and_says_so() -> None:
    data = raw_record(PAGE_A, digests=("WARC-Block-Digest: crc32:1234abcd",))
    captured = read_warc("odd.warc", data)
    assert captured.integrity == "absent"
    assert any("crc32:1234abcd" in w and "cannot check" in w for w in captured.warnings)


def test_block_and_payload_digests_cover_different_bytes() -> None:
    """The block digest covers HTTP head and body; the payload digest the body alone."""
    body = PAGE_A
    block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + body

    def record(block_of: bytes, payload_of: bytes) -> bytes:
        head = [
            "WARC/1.1", "WARC-Type: response",
            "WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-00000000000a>",
            f"WARC-Date: {DATE_A}", "WARC-Target-URI: https://news.example/a",
            f"WARC-Block-Digest: sha1:{b32('sha1', block_of)}",
            f"WARC-Payload-Digest: sha1:{b32('sha1', payload_of)}",
            "Content-Type: application/http; msgtype=response",
            f"Content-Length: {len(block)}",
        ]
        return ("\r\n".join(head) + "\r\n\r\n").encode() + block + b"\r\n\r\n"

    assert read_warc("a.warc", record(block, body)).integrity == "valid"
    swapped = dict(read_warc("a.warc", record(body, block)).parts[0].capture or {})
    assert swapped["block_digest_status"] == "mismatch"
    assert swapped["payload_digest_status"] == "mismatch"


def test_chunked_gzip_page_is_decoded_and_its_digest_checked_as_recorded() -> None:
    compressed = gzip.compress(PAGE_A)
    chunked = b"".join(
        b"%x\r\n%s\r\n" % (len(compressed[i:i + 100]), compressed[i:i + 100])
        for i in range(0, len(compressed), 100)) + b"0\r\n\r\n"
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    response(writer, "https://news.example/gz", chunked, DATE_A,
             extra=[("Transfer-Encoding", "chunked"), ("Content-Encoding", "gzip")])
    captured = read_warc("gz.warc", out.getvalue())
    (part,) = captured.parts
    assert part.original == PAGE_A  # the body as the browser saw it
    assert part.integrity == "valid"
    assert "initial weapons delivery" in part.text


def test_payload_digest_over_the_dechunked_body_is_accepted() -> None:
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(PAGE_A), PAGE_A)
    block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n"
    block += chunked
    head = [
        "WARC/1.0", "WARC-Type: response", "WARC-Record-ID: <urn:uuid:1>",
        f"WARC-Date: {DATE_A}", "WARC-Target-URI: https://news.example/c",
        f"WARC-Payload-Digest: sha1:{b32('sha1', PAGE_A)}",  # over the de-chunked body
        "Content-Type: application/http; msgtype=response", f"Content-Length: {len(block)}",
    ]
    data = ("\r\n".join(head) + "\r\n\r\n").encode() + block + b"\r\n\r\n"
    (part,) = read_warc("c.warc", data).parts
    assert part.integrity == "valid"
    assert "de-chunked" in str(dict(part.capture or {})["digest_notes"])


def test_not_a_warc_is_refused_naming_the_file(tmp_path: Path) -> None:
    (tmp_path / "notes.warc").write_text("Just some notes, not an archive.\n")
    with pytest.raises(IngestError, match=r"^notes\.warc: not a WARC file"):
        read_source_file(tmp_path / "notes.warc")
    (tmp_path / "notes.warc.gz").write_bytes(gzip.compress(b"<html>hello</html>"))
    with pytest.raises(IngestError, match=r"^notes\.warc\.gz: not a WARC file"):
        read_source_file(tmp_path / "notes.warc.gz")
    (tmp_path / "broken.warc.gz").write_bytes(b"\x1f\x8b\x08\x00garbage")
    with pytest.raises(IngestError, match=r"^broken\.warc\.gz: "):
        read_source_file(tmp_path / "broken.warc.gz")


def test_truncated_final_record_is_a_warning_not_a_crash() -> None:
    data = build_warc()
    cut = data[: data.rindex(b"WARC/1.") + 300]  # inside the last record's headers or block
    captured = read_warc("cut.warc", cut)
    assert len(captured.parts) == 2
    assert captured.original == cut
    assert any("truncated" in w or "damaged" in w for w in captured.warnings)
    # The last whole page record is still read and valid.
    assert captured.parts[1].integrity == "valid"


def test_truncated_block_is_named_and_fails_its_digest() -> None:
    data = raw_record(PAGE_A, digests=(f"WARC-Block-Digest: sha1:{b32('sha1', PAGE_A)}",))
    cut = data[: len(data) - 40]
    captured = read_warc("cut.warc", cut)
    assert captured.integrity == "mismatch"
    assert any("is truncated" in w and "report.html" in w for w in captured.warnings)
    assert "(truncated)" in captured.text


def test_truncated_gzip_keeps_the_records_before_the_cut() -> None:
    data = build_warc(gz=True)
    captured = read_warc("cut.warc.gz", data[: len(data) - 30])
    assert len(captured.parts) == 2
    assert any("gzip" in w for w in captured.warnings)


def test_a_warc_that_inflates_past_the_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(warc_records, "MAX_WARC_EXPANDED_BYTES", 100_000)
    bomb = gzip.compress(raw_record(b"<p>" + b"A" * 500_000 + b"</p>"))
    with pytest.raises(IngestError, match=r"^bomb\.warc\.gz: decompresses to more than"):
        read_warc("bomb.warc.gz", bomb)


def test_pages_past_the_limit_are_listed_not_imported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(warc_module, "MAX_WARC_PAGES", 1)
    captured = read_warc("crawl.warc", build_warc())
    assert len(captured.parts) == 1
    assert any("1 more HTML pages were not imported" in w for w in captured.warnings)
    assert "https://news.example/news/2?id=7" in captured.text


def test_records_past_the_limit_are_left_unread(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(warc_module, "MAX_WARC_RECORDS", 3)
    captured = read_warc("crawl.warc", build_warc())
    records = dict(captured.capture or {})["records"]
    assert isinstance(records, dict) and sum(records.values()) == 3
    assert any("only the first 3 records" in w for w in captured.warnings)


def test_page_without_main_text_is_skipped_with_a_warning() -> None:
    data = raw_record(b"<html><body><script>app()</script></body></html>")
    captured = read_warc("app.warc", data)
    assert captured.parts == ()
    assert any(w.startswith("page not imported: app.warc › files.example_report.html")
               for w in captured.warnings)


@pytest.mark.parametrize("suffix", [".warc", ".warc.gz"])
def test_read_source_file_reads_warc(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"Wagner crawl{suffix}"
    data = build_warc(gz=suffix.endswith(".gz"))
    path.write_bytes(data)
    captured = read_source_file(path)
    assert captured.filename == path.name
    assert captured.original == data
    assert captured.integrity == "valid"
    assert [p.filename for p in captured.parts] == [
        f"{path.name} › news.example_news_1", f"{path.name} › news.example_news_2_id=7"]
    assert str(tmp_path) not in captured.text


def test_wrong_content_length_is_warned() -> None:
    good = raw_record(PAGE_A, digests=(f"WARC-Block-Digest: sha1:{b32('sha1', PAGE_A)}",))
    short = good.replace(f"Content-Length: {len(PAGE_A)}".encode(),
                         f"Content-Length: {len(PAGE_A) - 10}".encode())
    captured = read_warc("short.warc", short + raw_record(PAGE_B))
    assert captured.integrity == "mismatch"  # the block read is not the block hashed
    assert any("Content-Length does not match" in w for w in captured.warnings)


def test_page_is_decoded_by_the_charset_the_server_declared() -> None:
    # Without the header, this Latin-2 text is guessed as windows-1252 ("powiedzia³").
    text = ("Minister powiedział, że pociąg przekroczył granicę w nocy, a ładunek zawierał "
            "rakiety.")
    body = (f"<html><body><article><p>{text} The White House said the shipment included "
            "rockets.</p></article></body></html>").encode("iso-8859-2")
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    response(writer, "https://news.example/pl", body, DATE_A,
             content_type="text/html; charset=ISO-8859-2")
    (part,) = read_warc("pl.warc", out.getvalue()).parts
    assert text in part.text
    assert part.original == body  # the bytes as served, nothing added


def test_a_byte_order_mark_wins_over_the_declared_charset() -> None:
    text = "Świadek potwierdził, że transport przyjechał w nocy z rakietami i amunicją."
    body = b"\xef\xbb\xbf" + (f"<html><body><article><p>{text} The White House said so."
                              "</p></article></body></html>").encode()
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    response(writer, "https://news.example/bom", body, DATE_A,
             content_type="text/html; charset=ISO-8859-2")
    (part,) = read_warc("bom.warc", out.getvalue()).parts
    assert text in part.text
