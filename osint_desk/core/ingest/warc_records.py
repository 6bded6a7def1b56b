"""One WARC record read and checked, and an HTML record turned into a source of its own.

The helpers of ``warc``: each record's block is read whole (bounded by the file, which is
bounded before it is read), its digests checked (``warc_digests``), and a 2xx HTML response or
resource read as a page with the record's URI, date and digests as its capture metadata.
"""

from __future__ import annotations

import codecs
import dataclasses
import gzip
import io
import re
import zlib
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from osint_desk.core.dates import PartialDate
from osint_desk.core.errors import IngestError, ValidationError
from osint_desk.core.ingest.captured import CapturedSource
from osint_desk.core.ingest.html_pages import read_html_page
from osint_desk.core.ingest.limits import MAX_FILE_BYTES, megabytes
from osint_desk.core.ingest.warc_digests import (
    DigestCheck,
    HttpMessage,
    check_record,
    decoded_body,
    split_http,
)

#: A .warc.gz decompressed: the WARC in memory plus one record copy stays well under 1 GB.
MAX_WARC_EXPANDED_BYTES = 4 * MAX_FILE_BYTES
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_MAX_URI_SHOWN = 300
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f\u2028\u2029]")
_GUNZIP_CHUNK = 1024 * 1024
_MAX_HEADER_CHARS = 8192  # a URI, a digest, a date: never more in a real WARC
_MAX_WARCINFO_FIELDS = 32
_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9_.:-]{1,40})""", re.I)
_UNSAFE = re.compile(r"[^\w.~=&+%,;@!-]+")


@dataclass
class WarcRecord:
    """One record: its type, WARC headers (warcio's), block as recorded and digest verdict."""

    kind: str
    headers: Any  # warcio.statusandheaders.StatusAndHeaders (untyped)
    block: bytes
    declared: int | None
    http: HttpMessage | None
    check: DigestCheck

    def header(self, key: str) -> str | None:
        value = self.headers.get_header(key)
        return value.strip()[:_MAX_HEADER_CHARS] if isinstance(value, str) else None

    @property
    def uri(self) -> str | None:
        return self.header("WARC-Target-URI")

    def label(self) -> str:
        rid = self.header("WARC-Record-ID") or "(no record id)"
        uri = self.uri
        label = f"{rid[:200]} ({uri[:300]})" if uri else rid[:200]
        return printable(label)


def printable(text: str) -> str:
    """``text`` safe for one line of a listing or a warning: control characters become "?"."""
    return _CONTROL.sub("?", text)


def gunzip(name: str, data: bytes) -> tuple[bytes, list[str]]:
    """Every gzip member of ``data`` decompressed, bounded; damage after a member is a warning.

    ``gzip.GzipFile`` reads member after member in small buffers (linear in the file, however
    many members: a .warc.gz has one per record); the output is bounded as it grows.
    """
    out = bytearray()
    reader = gzip.GzipFile(fileobj=io.BytesIO(data), mode="rb")
    try:
        while chunk := reader.read1(_GUNZIP_CHUNK):
            out += chunk
            if len(out) > MAX_WARC_EXPANDED_BYTES:
                raise IngestError(
                    f"{name}: decompresses to more than {megabytes(MAX_WARC_EXPANDED_BYTES)}"
                    " (the limit for a WARC); split the crawl into smaller files")
    except EOFError:
        if not out:
            raise IngestError(f"{name}: not a WARC file (the gzip data is truncated)") from None
        return bytes(out), ["the file ends in the middle of a gzip member (truncated); "
                            "the last record may be incomplete"]
    except (OSError, zlib.error) as exc:  # BadGzipFile is an OSError
        if not out:
            raise IngestError(f"{name}: not a WARC file (bad gzip data: {exc})") from None
        return bytes(out), [f"the gzip data is damaged after {len(out):,} bytes ({exc}); "
                            "the records before it were read"]
    return bytes(out), []


def warc_fields(block: bytes) -> dict[str, str]:
    """``application/warc-fields`` (a warcinfo block) as a small dict: bounded, text only."""
    fields: dict[str, str] = {}
    for line in block[:64 * 1024].decode("utf-8", "replace").splitlines():
        key, sep, value = line.partition(":")
        key, value = key.strip(), " ".join(value.split())
        if sep and key and value and key not in fields:
            fields[printable(key[:64])] = printable(value[:500])
            if len(fields) >= _MAX_WARCINFO_FIELDS:
                break
    return fields


def part_name(prefix: str, uri: str | None) -> str:
    """``crawl.warc.gz › example.org_news_1``: readable, bounded, no path separators."""
    parts = urlsplit(uri or "")
    where = (parts.netloc + parts.path + (f"?{parts.query}" if parts.query else "")) or "page"
    where = _UNSAFE.sub("_", where.replace("/", "_")).strip("_.") or "page"
    return f"{prefix} › {where[:120]}"


def http_charset(content_type: str | None) -> str | None:
    """The charset an HTTP Content-Type names, if Python knows it; else None."""
    match = _CHARSET.search(content_type or "")
    if match is None:
        return None
    try:
        codecs.lookup(match.group(1))
    except LookupError:
        return None
    return match.group(1)


def media_of(value: str | None) -> str | None:
    """``text/html`` from ``text/HTML; charset=utf-8``; None if empty."""
    media = (value or "").split(";", 1)[0].strip().lower()
    return media or None


def date_of(value: str | None) -> PartialDate | None:
    """A WARC-Date as a PartialDate; None if missing or not ISO 8601 (kept raw in capture)."""
    if not value:
        return None
    try:
        return PartialDate.parse(value)
    except ValidationError:
        return None


def load_record(record: Any, kind: str) -> WarcRecord:
    """A warcio record (read with ``no_record_parse``) read whole and its digests checked."""
    raw = record.raw_stream.read()  # bounded by Content-Length and by the file
    headers = record.rec_headers
    length = headers.get_header("Content-Length")
    declared = int(length) if isinstance(length, str) and length.strip().isdigit() else None
    content_type = (headers.get_header("Content-Type") or "").lower()
    http = None
    if content_type.startswith("application/http") and kind in ("response", "request", "revisit"):
        http = split_http(raw)
    check = check_record(kind, raw, headers.get_header("WARC-Block-Digest"),
                         headers.get_header("WARC-Payload-Digest"), http)
    return WarcRecord(kind, headers, raw, declared, http, check)


def is_page(rec: WarcRecord) -> bool:
    """A 2xx HTML response, or an HTML resource record: a page to import as a source."""
    if rec.kind == "response" and rec.http is not None:
        status = rec.http.status
        return (status is not None and 200 <= status < 300
                and media_of(rec.http.header("content-type")) in HTML_TYPES)
    return rec.kind == "resource" and media_of(rec.header("Content-Type")) in HTML_TYPES


def _record_capture(rec: WarcRecord, media: str | None) -> dict[str, object]:
    capture: dict[str, object] = {
        "format": "warc-record",
        "target_uri": rec.uri,
        "warc_date": rec.header("WARC-Date"),
        "record_id": rec.header("WARC-Record-ID"),
        "payload_digest": rec.header("WARC-Payload-Digest"),
        "block_digest": rec.header("WARC-Block-Digest"),
        "digest_status": rec.check.status,
        "block_digest_status": rec.check.block,
        "payload_digest_status": rec.check.payload,
        "http_status": rec.http.status if rec.http else None,
        "content_type": media,
    }
    if ip := rec.header("WARC-IP-Address"):
        capture["ip_address"] = ip[:64]
    if rec.check.notes:
        capture["digest_notes"] = list(rec.check.notes)
    return capture


def page_of(prefix: str, rec: WarcRecord, title: str | None) -> CapturedSource:
    """One HTML record as a source; raises IngestError naming the page if it has no text."""
    page_name = part_name(prefix, rec.uri)
    if rec.http is not None:
        try:
            payload = decoded_body(rec.http, MAX_FILE_BYTES)
        except ValueError as exc:
            raise IngestError(f"{page_name}: {exc}") from None
        media = media_of(rec.http.header("content-type"))
    else:
        payload, media = rec.block, media_of(rec.header("Content-Type"))
    if len(payload) > MAX_FILE_BYTES:
        raise IngestError(f"{page_name}: the page is larger than {megabytes(MAX_FILE_BYTES)}")
    charset = http_charset(rec.http.header("content-type")) if rec.http else None
    if payload.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_BE, codecs.BOM_UTF16_LE)):
        charset = None
    # Browsers decode by the HTTP header's charset before any <meta> in the page (a BOM
    # still wins): a leading <meta charset> says so to the page reader. ``original`` stays
    # the body as served.
    feed = b'<meta charset="%s">' % charset.encode("ascii") + payload if charset else payload
    page = read_html_page(page_name, feed)
    warnings = list(page.warnings)
    if rec.check.status == "mismatch":
        warnings.insert(0, f"record {rec.label()}: its digest does not match its bytes; the "
                        "page may have been changed after it was archived")
    elif (rec.declared or 0) > len(rec.block):
        warnings.insert(0, "the record is truncated; the page may be incomplete")
    capture = _record_capture(rec, media)
    if page.url and page.url != rec.uri:
        capture["canonical_url"] = page.url
    return dataclasses.replace(
        page, filename=page_name, url=rec.uri or page.url, retrieved=date_of(
            rec.header("WARC-Date")), original=payload, media_type=media or "text/html",
        title=title or page.title, capture=capture, integrity=rec.check.status,
        warnings=tuple(warnings))


def listing_line(rec: WarcRecord) -> str:
    """``2022-12-22T18:30:05Z  200 text/html  https://…  digest valid``, one line, bounded."""
    status = "revisit" if rec.kind == "revisit" else (
        str(rec.http.status) if rec.http and rec.http.status else rec.kind)
    media = media_of(rec.http.header("content-type") if rec.http else rec.header("Content-Type"))
    uri = (rec.uri or "(no target URI)")[:_MAX_URI_SHOWN]
    date = rec.header("WARC-Date") or "-"
    line = f"{date}  {status} {media or '-'}  {uri}  digest {rec.check.status}"
    if rec.declared is None or rec.declared > len(rec.block):
        line += " (truncated)"
    return printable(line)
