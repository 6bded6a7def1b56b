"""WACZ import: the package kept whole, its hashes and signature checked, its pages as sources."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import zipfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from test_ingest_warc import DATE_A, PAGE_A, build_warc

from osint_desk.core.errors import IngestError
from osint_desk.core.ingest import read_source_file, wacz_zip
from osint_desk.core.ingest.wacz import read_wacz
from osint_desk.core.model import SourceKind

CREATED = "2022-12-22T18:31:00Z"
PAGES = (
    b'{"format": "json-pages-1.0", "id": "pages", "title": "All Pages"}\n'
    b'{"id": "1", "url": "https://news.example/news/1", "ts": "2022-12-22T18:30:05Z", '
    b'"title": "North Korea delivered weapons to Wagner"}\n'
)


def sha256(data: bytes) -> str:
    return f"sha256:{hashlib.sha256(data).hexdigest()}"


def package_for(files: dict[str, bytes]) -> bytes:
    resources = [{"name": path.rsplit("/", 1)[-1], "path": path, "hash": sha256(data),
                  "bytes": len(data)} for path, data in files.items()]
    return json.dumps({"profile": "data-package", "wacz_version": "1.1.1",
                       "title": "Wagner shipments", "created": CREATED,
                       "software": "Browsertrix test", "resources": resources}).encode()


def sign(key: ec.EllipticCurvePrivateKey, text: str) -> str:
    """What ArchiveWeb.page does with WebCrypto: ECDSA P-256/SHA-256 over the hash string,
    the signature as raw r‖s."""
    r, s = decode_dss_signature(key.sign(text.encode(), ec.ECDSA(hashes.SHA256())))
    return base64.b64encode(r.to_bytes(32, "big") + s.to_bytes(32, "big")).decode()


def public_key(key: ec.EllipticCurvePrivateKey) -> str:
    der = key.public_key().public_bytes(serialization.Encoding.DER,
                                        serialization.PublicFormat.SubjectPublicKeyInfo)
    return base64.b64encode(der).decode()


def build_wacz(
    *, files: dict[str, bytes] | None = None, package: bytes | None = None,
    digest: object = "auto", extra: list[tuple[str, bytes]] | None = None,
) -> bytes:
    """A WACZ as Browsertrix lays it out; ``package`` and ``digest`` override the generated."""
    files = files if files is not None else {
        "archive/data.warc.gz": build_warc(gz=True),
        "pages/pages.jsonl": PAGES,
        "indexes/index.cdx": b"com,example)/ 20221222183005 {}\n",
    }
    package = package if package is not None else package_for(files)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for path, data in files.items():
            method = zipfile.ZIP_STORED if path.endswith(".gz") else zipfile.ZIP_DEFLATED
            archive.writestr(path, data, compress_type=method)
        archive.writestr("datapackage.json", package)
        if digest == "auto":
            digest = {"path": "datapackage.json", "hash": sha256(package)}
        if digest is not None:
            archive.writestr("datapackage-digest.json", json.dumps(digest))
        for path, data in extra or []:
            archive.writestr(path, data)
    return out.getvalue()


def signed_digest(package: bytes, key: ec.EllipticCurvePrivateKey,
                  signed_text: str | None = None) -> dict[str, object]:
    digest = sha256(package)
    return {"path": "datapackage.json", "hash": digest, "signedData": {
        "hash": digest, "created": CREATED, "software": "ArchiveWeb.page 0.9",
        "signature": sign(key, signed_text or digest), "publicKey": public_key(key)}}


def test_pages_become_parts_with_titles_and_the_package_checks_out() -> None:
    data = build_wacz()
    captured = read_wacz("crawl.wacz", data)
    assert captured.original == data
    assert captured.media_type == "application/wacz"
    assert captured.kind is SourceKind.DOCUMENT
    assert captured.title == "Wagner shipments"
    assert captured.integrity == "valid"
    capture = dict(captured.capture or {})
    assert capture["format"] == "wacz"
    assert capture["files"] == {"valid": 3, "mismatch": 0, "absent": 0}
    assert capture["signature"] == "absent"
    assert dict(capture["datapackage"])["digest"] == "valid"  # type: ignore[call-overload]
    assert capture["digests"] == {"valid": 7, "mismatch": 0, "absent": 0}
    assert [p.url for p in captured.parts] == [
        "https://news.example/news/1", "https://news.example/news/2?id=7"]
    first, second = captured.parts
    assert first.title == "North Korea delivered weapons to Wagner"  # from pages.jsonl
    assert second.title == "Second delivery"  # from the page itself
    assert first.original == PAGE_A
    assert first.retrieved is not None and first.retrieved.value == DATE_A
    assert first.filename == "crawl.wacz › news.example_news_1"
    assert first.integrity == "valid"
    assert "archive/data.warc.gz  valid" in captured.text
    assert "https://news.example/news/1  digest valid" in captured.text


def test_wrong_hash_in_datapackage_is_a_mismatch_naming_the_file() -> None:
    files = {"archive/data.warc.gz": build_warc(gz=True), "pages/pages.jsonl": PAGES}
    package = json.loads(package_for(files))
    package["resources"][1]["hash"] = sha256(b"something else")
    captured = read_wacz("crawl.wacz", build_wacz(files=files,
                                                   package=json.dumps(package).encode()))
    assert captured.integrity == "mismatch"
    capture = dict(captured.capture or {})
    assert capture["files"] == {"valid": 1, "mismatch": 1, "absent": 0}
    assert capture["mismatched_files"] == ["pages/pages.jsonl"]
    assert any(w.startswith("pages/pages.jsonl:") and "hash does not match" in w
               for w in captured.warnings)
    assert "pages/pages.jsonl  mismatch" in captured.text
    assert len(captured.parts) == 2  # the pages are still read, with their own digests


def test_missing_listed_file_and_unlisted_file() -> None:
    files = {"archive/data.warc.gz": build_warc(gz=True)}
    package = json.loads(package_for({**files, "pages/pages.jsonl": PAGES}))
    captured = read_wacz("crawl.wacz", build_wacz(
        files=files, package=json.dumps(package).encode(), extra=[("notes.txt", b"hi")]))
    capture = dict(captured.capture or {})
    assert capture["files"] == {"valid": 1, "mismatch": 1, "absent": 1}
    assert any("missing from the zip" in w for w in captured.warnings)
    assert any("not listed in datapackage.json" in w for w in captured.warnings)


def test_no_datapackage_means_files_absent() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("archive/data.warc", build_warc())
    captured = read_wacz("bare.wacz", out.getvalue())
    capture = dict(captured.capture or {})
    assert capture["files"] == {"valid": 0, "mismatch": 0, "absent": 1}
    assert any("no readable datapackage.json" in w for w in captured.warnings)
    assert len(captured.parts) == 2


def test_datapackage_changed_after_its_digest() -> None:
    package = package_for({"archive/data.warc.gz": build_warc(gz=True)})
    digest = {"path": "datapackage.json", "hash": sha256(package + b" ")}
    captured = read_wacz("crawl.wacz", build_wacz(
        files={"archive/data.warc.gz": build_warc(gz=True)}, package=package, digest=digest))
    assert dict(dict(captured.capture or {})["datapackage"])["digest"] == "mismatch"  # type: ignore[call-overload]
    assert captured.integrity == "mismatch"


def test_valid_anonymous_signature() -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    files = {"archive/data.warc.gz": build_warc(gz=True)}
    package = package_for(files)
    captured = read_wacz("signed.wacz", build_wacz(
        files=files, package=package, digest=signed_digest(package, key)))
    capture = dict(captured.capture or {})
    assert capture["signature"] == "valid"
    details = dict(capture["signature_details"])  # type: ignore[call-overload]
    assert details["kind"] == "anonymous" and details["created"] == CREATED
    assert details["public_key"] == public_key(key)
    assert captured.integrity == "valid"
    assert f"signature: valid (created {CREATED})" in captured.text


def test_signature_over_other_data_is_invalid() -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    files = {"archive/data.warc.gz": build_warc(gz=True)}
    package = package_for(files)
    forged = signed_digest(package, key, signed_text=sha256(b"another package"))
    captured = read_wacz("forged.wacz", build_wacz(files=files, package=package, digest=forged))
    assert dict(captured.capture or {})["signature"] == "invalid"
    assert captured.integrity == "mismatch"
    assert any("does not verify" in w for w in captured.warnings)
    # A sound signature of a different datapackage.json does not vouch for this one either.
    other = package_for({"archive/other.warc.gz": b"x"})
    moved = signed_digest(other, key)
    moved["hash"] = sha256(package)
    captured = read_wacz("moved.wacz", build_wacz(files=files, package=package, digest=moved))
    assert dict(captured.capture or {})["signature"] == "invalid"
    assert any("signs a different datapackage.json" in w for w in captured.warnings)


def test_signature_with_another_key_is_invalid() -> None:
    key, other = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    files = {"archive/data.warc.gz": build_warc(gz=True)}
    package = package_for(files)
    digest = signed_digest(package, key)
    digest["signedData"]["publicKey"] = public_key(other)  # type: ignore[index]
    captured = read_wacz("swapped.wacz", build_wacz(files=files, package=package, digest=digest))
    assert dict(captured.capture or {})["signature"] == "invalid"


def test_domain_signature_is_reported_unsupported_not_valid() -> None:
    files = {"archive/data.warc.gz": build_warc(gz=True)}
    package = package_for(files)
    digest = {"path": "datapackage.json", "hash": sha256(package), "signedData": {
        "hash": sha256(package), "created": CREATED, "signature": "AAAA",
        "domain": "signer.example", "domainCert": "-----BEGIN CERTIFICATE-----\n...",
        "timeSignature": "AAAA", "timestampCert": "-----BEGIN CERTIFICATE-----\n..."}}
    captured = read_wacz("domain.wacz", build_wacz(files=files, package=package, digest=digest))
    assert dict(captured.capture or {})["signature"] == (
        "unsupported (domain identity — needs the certificate chain)")
    assert captured.integrity == "valid"  # the hashes still check out


def test_zip_bomb_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("archive/zeros.warc", b"\0" * (20 * 1024 * 1024))
    with pytest.raises(IngestError, match=r"^bomb\.wacz: .*inflates .* times.*zip bomb"):
        read_wacz("bomb.wacz", out.getvalue())


def test_too_much_uncompressed_data_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(wacz_zip, "MAX_WACZ_EXPANDED_BYTES", 1_000)
    with pytest.raises(IngestError, match=r"^big\.wacz: .*uncompressed; refused as a possible"):
        read_wacz("big.wacz", build_wacz())


def test_too_many_entries_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(wacz_zip, "MAX_WACZ_ENTRIES", 3)
    with pytest.raises(IngestError, match=r"^many\.wacz: the zip has 5 entries"):
        read_wacz("many.wacz", build_wacz())


@pytest.mark.parametrize("entry", ["../../evil.warc", "/etc/passwd", "archive/../../x",
                                   "C:\\Windows\\x.warc"])
def test_path_traversal_entry_is_refused(entry: str) -> None:
    data = build_wacz(extra=[(entry, b"WARC/1.1\r\n")])
    with pytest.raises(IngestError, match=r"^trick\.wacz: the zip entry .* points outside"):
        read_wacz("trick.wacz", data)


def test_not_a_zip_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.wacz").write_bytes(b"WARC/1.1 but not a zip at all")
    with pytest.raises(IngestError, match=r"^notes\.wacz: not a WACZ file"):
        read_source_file(tmp_path / "notes.wacz")


def test_read_source_file_reads_wacz(tmp_path: Path) -> None:
    path = tmp_path / "Wagner crawl.wacz"
    data = build_wacz()
    path.write_bytes(data)
    captured = read_source_file(path)
    assert captured.filename == "Wagner crawl.wacz"
    assert captured.original == data
    assert captured.integrity == "valid"
    assert [p.filename for p in captured.parts] == [
        "Wagner crawl.wacz › news.example_news_1", "Wagner crawl.wacz › news.example_news_2_id=7"]
    assert str(tmp_path) not in captured.text


def test_wrong_size_in_datapackage_is_a_mismatch() -> None:
    files = {"archive/data.warc.gz": build_warc(gz=True)}
    package = json.loads(package_for(files))
    package["resources"][0]["bytes"] += 1
    captured = read_wacz("crawl.wacz", build_wacz(files=files,
                                                   package=json.dumps(package).encode()))
    assert dict(captured.capture or {})["files"] == {"valid": 0, "mismatch": 1, "absent": 0}
    assert any(w.startswith("archive/data.warc.gz: size") for w in captured.warnings)


def test_a_broken_warc_inside_is_a_warning_and_the_rest_is_read() -> None:
    files = {"archive/data.warc.gz": build_warc(gz=True), "archive/notes.warc": b"not a warc"}
    captured = read_wacz("crawl.wacz", build_wacz(files=files))
    assert len(captured.parts) == 2
    assert any(w.startswith("crawl.wacz › archive/notes.warc: not a WARC file")
               for w in captured.warnings)
