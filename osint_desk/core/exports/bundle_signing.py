"""The signature part of an evidence bundle: who made it, checkable with ``ssh-keygen``.

Beside ``SHA256SUMS`` a bundle holds ``SHA256SUMS.sig`` (an SSH signature of it by the
analyst's key, namespace ``osint-desk-bundle``), ``signer.pub`` (that key as an OpenSSH public
line), ``allowed_signers`` (the line ``ssh-keygen -Y verify -f`` wants) and ``SHA256SUMS.tsq``
(an RFC 3161 timestamp request for ``SHA256SUMS`` the user may send to a timestamp authority).
The key files are listed in ``SHA256SUMS``; the signature and the request, made from it,
cannot be.
"""

from __future__ import annotations

import hashlib

from osint_desk.core.exports.signing_key import SigningKey
from osint_desk.core.exports.ssh_signature import NAMESPACE, sign
from osint_desk.core.exports.timestamp_request import timestamp_request

SIGNATURE = "SHA256SUMS.sig"
TIMESTAMP_REQUEST = "SHA256SUMS.tsq"
SIGNER_PUB = "signer.pub"
ALLOWED_SIGNERS = "allowed_signers"
# Not in SHA256SUMS: made from it.
UNLISTED = (SIGNATURE, TIMESTAMP_REQUEST)
RESERVED = (SIGNATURE, TIMESTAMP_REQUEST, SIGNER_PUB, ALLOWED_SIGNERS)


def key_files(key: SigningKey) -> dict[str, bytes]:
    """``signer.pub`` and ``allowed_signers``, listed in SHA256SUMS like any other file."""
    return {SIGNER_PUB: (key.public_line + "\n").encode("utf-8"),
            ALLOWED_SIGNERS: (key.allowed_signers_line(NAMESPACE) + "\n").encode("utf-8")}


def manifest_files(key: SigningKey, manifest: bytes) -> dict[str, bytes]:
    """``SHA256SUMS.sig`` and ``SHA256SUMS.tsq`` for the finished ``manifest``."""
    return {SIGNATURE: sign(key.private, manifest, NAMESPACE).encode("ascii"),
            TIMESTAMP_REQUEST: timestamp_request(hashlib.sha256(manifest).digest())}
