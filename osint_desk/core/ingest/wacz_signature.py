"""A WACZ's signature (WACZ Signing and Verification 0.1.0, ``datapackage-digest.json``).

``datapackage-digest.json`` holds the hash of ``datapackage.json`` ("sha256:<hex>") and may
hold ``signedData``. The anonymous form (ArchiveWeb.page) carries ``publicKey`` (base64 of the
DER SubjectPublicKeyInfo of an ECDSA P-256 key), ``signature`` (base64 of an ECDSA/SHA-256
signature, raw r‖s as WebCrypto writes it; DER is accepted too) over the UTF-8 bytes of the
``hash`` string itself, plus ``created`` and ``software``. The signature proves only that whoever
holds that key signed this package; who that is must be settled outside the file. The domain
form (``domain``, ``domainCert``, ``timeSignature``…) needs the certificate chain checked
against trusted roots and an RFC 3161 timestamp, which we do not do offline: it is reported
as unsupported, never as valid.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from cryptography.hazmat.primitives.serialization import load_der_public_key, load_pem_public_key

VALID = "valid"
INVALID = "invalid"
ABSENT = "absent"
DOMAIN_UNSUPPORTED = "unsupported (domain identity — needs the certificate chain)"
_MAX_FIELD = 16 * 1024  # a P-256 key or signature in base64 is under 200 characters


def _b64(value: object) -> bytes | None:
    if not isinstance(value, str) or not value.strip() or len(value) > _MAX_FIELD:
        return None
    try:
        return base64.b64decode(value.strip(), validate=True)
    except (binascii.Error, ValueError):
        return None


def _public_key(raw: bytes) -> ec.EllipticCurvePublicKey | None:
    try:
        key = load_pem_public_key(raw) if raw.lstrip().startswith(b"-----BEGIN") else (
            load_der_public_key(raw))
    except (ValueError, TypeError, UnsupportedAlgorithm):
        return None
    if isinstance(key, ec.EllipticCurvePublicKey) and isinstance(key.curve, ec.SECP256R1):
        return key
    return None


def _der_signature(raw: bytes) -> bytes:
    """WebCrypto's raw r‖s (64 bytes for P-256) as the DER that ``cryptography`` verifies."""
    if len(raw) == 64:
        return encode_dss_signature(int.from_bytes(raw[:32], "big"),
                                    int.from_bytes(raw[32:], "big"))
    return raw


def verify_signed_data(
    signed: object, datapackage_hash: str | None
) -> tuple[str, dict[str, object], list[str]]:
    """(verdict, what the signature says about itself, warnings) for ``signedData``.

    ``datapackage_hash`` is the hash we computed of ``datapackage.json`` ("sha256:<hex>"):
    a signature, however sound, over any other hash does not vouch for this package.
    """
    if signed is None:
        return ABSENT, {}, []
    if not isinstance(signed, Mapping):
        return INVALID, {}, ["datapackage-digest.json: signedData is not an object"]
    details: dict[str, object] = {
        key: value[:200] for key in ("created", "software", "version", "domain")
        if isinstance(value := signed.get(key), str)
    }
    if "publicKey" not in signed:
        if "domainCert" in signed or "domain" in signed:
            return DOMAIN_UNSUPPORTED, {**details, "kind": "domain"}, [
                "the WACZ is signed with a domain certificate; its certificate chain and "
                "timestamp were not checked (that needs trusted roots), so the signature is "
                "neither confirmed nor refuted"]
        return INVALID, details, ["datapackage-digest.json: signedData names neither a public "
                                  "key nor a certificate"]
    details["kind"] = "anonymous"
    key_bytes, signature, signed_hash = (
        _b64(signed.get("publicKey")), _b64(signed.get("signature")), signed.get("hash"))
    if isinstance(signed.get("publicKey"), str):
        details["public_key"] = str(signed["publicKey"])[:300]
    key = _public_key(key_bytes) if key_bytes is not None else None
    if key is None:
        return INVALID, details, ["the WACZ signature's public key is not an ECDSA P-256 key"]
    if signature is None or not isinstance(signed_hash, str) or not signed_hash:
        return INVALID, details, ["the WACZ signature has no readable signature or hash"]
    try:
        key.verify(_der_signature(signature), signed_hash.encode("utf-8"),
                   ec.ECDSA(hashes.SHA256()))
    except (InvalidSignature, ValueError):
        return INVALID, details, ["the WACZ signature does not verify with its public key: "
                                  "the signed data was changed or the signature is forged"]
    if datapackage_hash is None or signed_hash.strip().lower() != datapackage_hash.lower():
        return INVALID, details, ["the WACZ signature is sound but signs a different "
                                  "datapackage.json than the one in the file"]
    return VALID, details, []
