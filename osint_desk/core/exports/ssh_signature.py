"""OpenSSH's ``SSHSIG`` signatures, made and checked without OpenSSH.

A bundle's ``SHA256SUMS.sig`` must be checkable by anyone with ``ssh-keygen -Y verify``, so it
follows PROTOCOL.sshsig exactly: the blob ``"SSHSIG" ‖ uint32 1 ‖ string(public key) ‖
string(namespace) ‖ string(reserved) ‖ string(hash algorithm) ‖ string(signature)``, where the
Ed25519 signature is over ``"SSHSIG" ‖ string(namespace) ‖ string(reserved) ‖
string(hash algorithm) ‖ string(H(message))``, armored as base64 wrapped at 70 columns. Only
Ed25519 keys (the ones OSINT Desk makes) are accepted; a signature file is hostile input, so
every length in it is bounded before it is used.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import struct
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from osint_desk.core.errors import OsintDeskError

MAGIC = b"SSHSIG"
VERSION = 1
KEY_TYPE = "ssh-ed25519"
NAMESPACE = "osint-desk-bundle"
BEGIN = "-----BEGIN SSH SIGNATURE-----"
END = "-----END SSH SIGNATURE-----"
_WIDTH = 70
_MAX_ARMORED = 16 * 1024  # an Ed25519 SSHSIG is under 300 characters
_HASHES = {"sha512": hashlib.sha512, "sha256": hashlib.sha256}


class SignatureError(OsintDeskError):
    """A signature that is malformed, for another key or namespace, or does not match."""


def _string(data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + data


def public_key_blob(key: Ed25519PublicKey) -> bytes:
    """The key in SSH wire format: ``string "ssh-ed25519" ‖ string(32 bytes)``."""
    raw = key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return _string(KEY_TYPE.encode("ascii")) + _string(raw)


def fingerprint(blob: bytes) -> str:
    """``SHA256:…`` as ``ssh-keygen -l`` prints it (unpadded base64 of the blob's SHA-256)."""
    return "SHA256:" + base64.b64encode(hashlib.sha256(blob).digest()).decode("ascii").rstrip("=")


def _signed_data(namespace: str, hash_alg: str, message: bytes) -> bytes:
    digest = _HASHES[hash_alg](message).digest()
    return (MAGIC + _string(namespace.encode("utf-8")) + _string(b"")
            + _string(hash_alg.encode("ascii")) + _string(digest))


def sign(key: Ed25519PrivateKey, message: bytes, namespace: str = NAMESPACE) -> str:
    """The armored signature of ``message`` (sha512, as ``ssh-keygen -Y sign`` makes it)."""
    if not namespace:
        raise ValueError("an SSH signature needs a namespace")
    signature = key.sign(_signed_data(namespace, "sha512", message))
    blob = (MAGIC + struct.pack(">I", VERSION) + _string(public_key_blob(key.public_key()))
            + _string(namespace.encode("utf-8")) + _string(b"") + _string(b"sha512")
            + _string(_string(KEY_TYPE.encode("ascii")) + _string(signature)))
    text = base64.b64encode(blob).decode("ascii")
    lines = [text[i:i + _WIDTH] for i in range(0, len(text), _WIDTH)]
    return "\n".join([BEGIN, *lines, END]) + "\n"


@dataclass(frozen=True, slots=True)
class ParsedSignature:
    """The fields of an SSHSIG blob."""

    public_key: bytes
    namespace: str
    hash_alg: str
    signature: bytes  # the 64 bytes of the Ed25519 signature


class _Reader:
    def __init__(self, data: bytes, name: str) -> None:
        self.data, self.at, self.name = data, 0, name

    def take(self, count: int) -> bytes:
        if count < 0 or self.at + count > len(self.data):
            raise SignatureError(f"{self.name}: the signature is truncated")
        chunk = self.data[self.at:self.at + count]
        self.at += count
        return chunk

    def uint32(self) -> int:
        value: int = struct.unpack(">I", self.take(4))[0]
        return value

    def string(self) -> bytes:
        return self.take(self.uint32())

    def done(self) -> None:
        if self.at != len(self.data):
            raise SignatureError(f"{self.name}: the signature has trailing bytes")


def parse(armored: str | bytes, name: str = "signature") -> ParsedSignature:
    """Read an armored SSHSIG; anything but a well-formed Ed25519 one is a ``SignatureError``."""
    if isinstance(armored, bytes):
        if len(armored) > _MAX_ARMORED:
            raise SignatureError(f"{name}: too large to be an SSH signature")
        armored = armored.decode("ascii", errors="replace")
    if len(armored) > _MAX_ARMORED:
        raise SignatureError(f"{name}: too large to be an SSH signature")
    lines = [part.strip() for part in armored.strip().splitlines()]
    if len(lines) < 3 or lines[0] != BEGIN or lines[-1] != END:
        raise SignatureError(f"{name}: not an SSH signature (no {BEGIN} armor)")
    try:
        blob = base64.b64decode("".join(lines[1:-1]), validate=True)
    except (binascii.Error, ValueError):
        raise SignatureError(f"{name}: the signature's base64 is damaged") from None
    reader = _Reader(blob, name)
    if reader.take(6) != MAGIC or reader.uint32() != VERSION:
        raise SignatureError(f"{name}: not an SSHSIG version 1 signature")
    public_key, namespace = reader.string(), reader.string()
    reader.string()  # reserved
    hash_alg = reader.string().decode("ascii", errors="replace")
    inner = _Reader(reader.string(), name)
    reader.done()
    sig_type = inner.string()
    signature = inner.string()
    inner.done()
    if hash_alg not in _HASHES:
        raise SignatureError(f"{name}: unsupported hash algorithm {hash_alg!r}")
    if sig_type != KEY_TYPE.encode("ascii") or len(signature) != 64:
        raise SignatureError(f"{name}: not an Ed25519 signature")
    try:
        namespace_text = namespace.decode("utf-8")
    except UnicodeDecodeError:
        raise SignatureError(f"{name}: the signature's namespace is not text") from None
    return ParsedSignature(public_key, namespace_text, hash_alg, signature)


def key_from_blob(blob: bytes, name: str = "key") -> Ed25519PublicKey:
    """The Ed25519 key in an SSH public key blob."""
    reader = _Reader(blob, name)
    key_type, raw = reader.string(), reader.string()
    reader.done()
    if key_type != KEY_TYPE.encode("ascii") or len(raw) != 32:
        raise SignatureError(f"{name}: not an Ed25519 public key")
    return Ed25519PublicKey.from_public_bytes(raw)


def verify(armored: str | bytes, message: bytes, key_blob: bytes, *,
           namespace: str = NAMESPACE, name: str = "signature") -> ParsedSignature:
    """Check that ``armored`` signs ``message`` with the key ``key_blob`` in ``namespace``;
    raise ``SignatureError`` saying why not."""
    parsed = parse(armored, name)
    if parsed.public_key != key_blob:
        raise SignatureError(f"{name}: made with another key ({fingerprint(parsed.public_key)},"
                             f" expected {fingerprint(key_blob)})")
    if parsed.namespace != namespace:
        raise SignatureError(f"{name}: made for the namespace {parsed.namespace!r},"
                             f" not {namespace!r}")
    key = key_from_blob(key_blob, name)
    try:
        key.verify(parsed.signature, _signed_data(namespace, parsed.hash_alg, message))
    except InvalidSignature:
        raise SignatureError(f"{name}: the signature does not match the signed file") from None
    return parsed
