"""A WARC record's own digests, checked over exactly the bytes each one covers.

ISO 28500 (WARC 1.0/1.1) defines two: ``WARC-Block-Digest`` covers the whole content block
(the ``Content-Length`` bytes after the WARC headers: for a response, the HTTP status line,
headers and body as recorded), and ``WARC-Payload-Digest`` covers the payload (for an
``application/http`` block, the body after the HTTP headers; for a resource record, the block
itself). Tools disagree on whether a chunked body is hashed as sent or de-chunked (the spec's
"entity-body" is de-chunked; warcio and Heritrix hash the bytes as sent), so both are tried and
the one that matched is recorded. A revisit record's payload digest names an earlier record's
payload, so it is shown but not checked. Values are base32 (the usual), hex or base64.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import re
import zlib
from dataclasses import dataclass, field

from warcio.bufferedreaders import ChunkedDataReader
from warcio.statusandheaders import (
    StatusAndHeaders,
    StatusAndHeadersParser,
)

from osint_desk.core.ingest.captured import Integrity

_ALGORITHMS = {
    "sha1": "sha1", "sha-1": "sha1", "sha256": "sha256", "sha-256": "sha256",
    "sha512": "sha512", "sha-512": "sha512", "md5": "md5",
}
_HEX = re.compile(r"^[0-9a-fA-F]+$")
_HTTP_PARSER = StatusAndHeadersParser([], verify=False)
_READ_CHUNK = 1024 * 1024


@dataclass
class DigestCheck:
    """The verdict on one record: each digest's result, and any note worth showing."""

    status: Integrity = "absent"
    block: str = "absent"  # "valid" | "mismatch" | "absent" | "unsupported" | "not checked"
    payload: str = "absent"
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class HttpMessage:
    """An ``application/http`` block split into its head and its body (as recorded)."""

    headers: StatusAndHeaders
    body: bytes

    @property
    def status(self) -> int | None:
        code = self.headers.get_statuscode()
        return int(code) if code and code.isdigit() else None

    def header(self, key: str) -> str | None:
        value = self.headers.get_header(key)
        return value if isinstance(value, str) else None


def _decoded(algorithm: str, text: str) -> bytes | None:
    """The digest bytes a WARC digest value spells, or None if it spells none of the forms."""
    size = hashlib.new(algorithm).digest_size
    text = text.strip()
    if len(text) == 2 * size and _HEX.match(text):
        return bytes.fromhex(text)
    try:
        raw = base64.b32decode(text.upper() + "=" * (-len(text) % 8))
        if len(raw) == size:
            return raw
    except (binascii.Error, ValueError):
        pass
    for decode in (base64.b64decode, base64.urlsafe_b64decode):
        try:
            raw = decode(text + "=" * (-len(text) % 4))
        except (binascii.Error, ValueError):
            continue
        if len(raw) == size:
            return raw
    return None


def check_digest(value: str | None, candidates: list[bytes]) -> tuple[str, str | None]:
    """("valid" | "mismatch" | "absent" | "unsupported", note) for one digest header.

    ``candidates`` are the byte strings the digest may cover; the first is the usual one.
    """
    if not value or not value.strip():
        return "absent", None
    label, _, text = value.strip().partition(":")
    algorithm = _ALGORITHMS.get(label.strip().lower())
    if algorithm is None or not text:
        return "unsupported", f"digest {value[:80]!r} uses an algorithm we cannot check"
    expected = _decoded(algorithm, text)
    if expected is None:
        return "unsupported", f"digest {value[:80]!r} is not base32, hex or base64"
    for index, candidate in enumerate(candidates):
        if hashlib.new(algorithm, candidate).digest() == expected:
            note = "payload digest matched the de-chunked body" if index else None
            return "valid", note
    return "mismatch", None


def split_http(block: bytes) -> HttpMessage | None:
    """The HTTP head and body of an ``application/http`` block; None if it has no head."""
    stream = io.BytesIO(block)
    try:
        headers = _HTTP_PARSER.parse(stream)
    except (EOFError, ValueError, UnicodeError):
        return None
    if not headers.statusline:
        return None
    return HttpMessage(headers, block[stream.tell():])


def dechunked(body: bytes) -> bytes | None:
    """The body with chunked transfer coding removed; None when it is not validly chunked."""
    reader = ChunkedDataReader(io.BytesIO(body), raise_exceptions=True)
    out = bytearray()
    try:
        while chunk := reader.read(_READ_CHUNK):
            out += chunk
            if len(out) > len(body):  # cannot grow: something is wrong
                return None
    except Exception:  # warcio raises ChunkedDataException and plain ValueErrors
        return None
    return bytes(out)


def check_record(
    record_type: str, block: bytes, block_digest: str | None, payload_digest: str | None,
    http: HttpMessage | None,
) -> DigestCheck:
    """Check ``block_digest`` over the block and ``payload_digest`` over the payload."""
    check = DigestCheck()
    check.block, note = check_digest(block_digest, [block])
    if note:
        check.notes.append(note)
    if record_type == "revisit":
        check.payload = "not checked" if payload_digest else "absent"
    else:
        if http is None:
            candidates = [block]
        else:
            candidates = [http.body]
            if (http.header("transfer-encoding") or "").strip().lower() == "chunked":
                plain = dechunked(http.body)
                if plain is not None:
                    candidates.append(plain)
        check.payload, note = check_digest(payload_digest, candidates)
        if note:
            check.notes.append(note)
    results = (check.block, check.payload)
    if "mismatch" in results:
        check.status = "mismatch"
    elif "valid" in results:
        check.status = "valid"
    return check


def decoded_body(http: HttpMessage, limit: int) -> bytes:
    """The body as the browser saw it: chunking and gzip/deflate removed, at most ``limit``.

    Raises ValueError with a reason if the body cannot be decoded or would exceed ``limit``.
    """
    body = http.body
    if (http.header("transfer-encoding") or "").strip().lower() == "chunked":
        plain = dechunked(body)
        body = body if plain is None else plain
    encoding = (http.header("content-encoding") or "identity").strip().lower()
    if encoding in ("", "identity"):
        return body
    if encoding in ("gzip", "x-gzip"):
        wbits = 47  # gzip or zlib header, detected
    elif encoding == "deflate":
        wbits = 15 if body[:1] == b"\x78" else -15  # zlib-wrapped or raw, both seen in the wild
    else:
        raise ValueError(f"content encoding {encoding[:40]!r} is not supported")
    decompressor = zlib.decompressobj(wbits)
    out = bytearray()
    data = body
    try:
        while data:
            out += decompressor.decompress(data, limit + 1 - len(out))
            if len(out) > limit:
                raise ValueError("the decoded body is larger than the limit for one file")
            data = decompressor.unconsumed_tail
            if decompressor.eof:
                break
    except zlib.error as exc:
        raise ValueError(f"the {encoding} body is damaged ({exc})") from None
    return bytes(out)
