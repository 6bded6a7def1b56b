"""RFC 3161 timestamp requests (``.tsq``), written by hand in DER, sent by nobody but the user.

A trusted timestamp shows that a file existed by a certain time; a timestamp authority signs
the file's hash. OSINT Desk never connects anywhere, so it only writes the request: the user
sends it (``curl -H 'Content-Type: application/timestamp-query' --data-binary @x.tsq URL``)
and keeps the reply. The request is tiny and fixed in shape, so a few lines of DER do instead
of a new dependency::

    TimeStampReq ::= SEQUENCE { version INTEGER (1), messageImprint MessageImprint,
                                nonce INTEGER, certReq BOOLEAN (TRUE) }
    MessageImprint ::= SEQUENCE { hashAlgorithm AlgorithmIdentifier (sha256, NULL),
                                  hashedMessage OCTET STRING }
"""

from __future__ import annotations

import hashlib
import secrets
from pathlib import Path

SHA256_OID = "2.16.840.1.101.3.4.2.1"
_CHUNK = 1 << 20


def _length(size: int) -> bytes:
    if size < 0x80:
        return bytes([size])
    body = size.to_bytes((size.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def _tlv(tag: int, body: bytes) -> bytes:
    return bytes([tag]) + _length(len(body)) + body


def der_integer(value: int) -> bytes:
    """A non-negative INTEGER in its shortest two's-complement form."""
    if value < 0:
        raise ValueError("only non-negative integers are needed here")
    body = value.to_bytes(max(1, (value.bit_length() + 8) // 8), "big")
    return _tlv(0x02, body)


def der_oid(dotted: str) -> bytes:
    first, second, *rest = (int(part) for part in dotted.split("."))
    body = bytearray([40 * first + second])
    for arc in rest:
        chunk, left = [arc & 0x7F], arc >> 7
        while left:
            chunk.append(0x80 | (left & 0x7F))
            left >>= 7
        body += bytes(reversed(chunk))
    return _tlv(0x06, bytes(body))


def der_sequence(*items: bytes) -> bytes:
    return _tlv(0x30, b"".join(items))


def timestamp_request(sha256: bytes, nonce: int | None = None) -> bytes:
    """The DER TimeStampReq for a SHA-256 digest, with a random 64-bit nonce (or ``nonce``)."""
    if len(sha256) != 32:
        raise ValueError("a SHA-256 digest is 32 bytes")
    nonce = secrets.randbits(64) if nonce is None else nonce
    algorithm = der_sequence(der_oid(SHA256_OID), b"\x05\x00")
    imprint = der_sequence(algorithm, _tlv(0x04, sha256))
    return der_sequence(der_integer(1), imprint, der_integer(nonce), b"\x01\x01\xff")


def file_sha256(path: Path) -> bytes:
    """The SHA-256 of a file, read in chunks (any size)."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.digest()
