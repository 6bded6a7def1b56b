"""The analyst's signing key, SSH signatures that OpenSSH accepts, and RFC 3161 requests that
OpenSSL reads. The real ``ssh-keygen`` and ``openssl`` are run where they are installed."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from osint_desk.core.exports import signing_key
from osint_desk.core.exports.signing_key import (
    SigningKeyError,
    key_folder,
    load_or_create_key,
    principal,
)
from osint_desk.core.exports.ssh_signature import (
    NAMESPACE,
    SignatureError,
    fingerprint,
    parse,
    sign,
    verify,
)
from osint_desk.core.exports.timestamp_request import (
    der_integer,
    file_sha256,
    timestamp_request,
)

SSH_KEYGEN = shutil.which("ssh-keygen")
OPENSSL = shutil.which("openssl")
MANIFEST = b"0" * 64 + b"  report/report.html\n" + b"1" * 64 + b"  VERIFY.md\n"


def _ssh_verify(folder: Path, key: signing_key.SigningKey, message: bytes,
                signature: str) -> subprocess.CompletedProcess[str]:
    assert SSH_KEYGEN is not None
    (folder / "allowed_signers").write_text(key.allowed_signers_line() + "\n", "utf-8")
    (folder / "SHA256SUMS").write_bytes(message)
    (folder / "SHA256SUMS.sig").write_text(signature, "ascii")
    with (folder / "SHA256SUMS").open("rb") as stdin:
        return subprocess.run(
            [SSH_KEYGEN, "-Y", "verify", "-f", "allowed_signers", "-I", key.identity,
             "-n", NAMESPACE, "-s", "SHA256SUMS.sig"], stdin=stdin, cwd=folder,
            capture_output=True, text=True, timeout=30, check=False)


def test_the_key_is_made_once_in_the_user_data_folder_and_reused(isolated_home: Path) -> None:
    first = load_or_create_key()
    assert key_folder() == isolated_home / "signing"
    private = isolated_home / "signing" / "id_ed25519"
    public = isolated_home / "signing" / "id_ed25519.pub"
    assert private.read_bytes().startswith(b"-----BEGIN OPENSSH PRIVATE KEY-----")
    assert re.fullmatch(r"ssh-ed25519 AAAA[A-Za-z0-9+/=]+ \S+\n", public.read_text("ascii"))
    if sys.platform != "win32":
        assert stat.S_IMODE(private.stat().st_mode) == 0o600
    again = load_or_create_key()
    assert again.blob == first.blob and again.identity == first.identity
    assert again.fingerprint == fingerprint(first.blob)
    assert again.fingerprint.startswith("SHA256:") and "=" not in again.fingerprint
    assert not [p for p in (isolated_home / "signing").iterdir() if p.suffix == ".tmp"]


def test_the_identity_comes_from_settings_and_is_a_safe_principal(isolated_home: Path) -> None:
    (isolated_home / "settings.ini").write_text(
        "[analyst]\nname = Jane \"J\" Doe, *ops*\n", "utf-8")
    key = load_or_create_key()
    assert key.identity == "Jane__J__Doe___ops"
    assert key.public_line.endswith(" Jane__J__Doe___ops")
    assert key.allowed_signers_line().startswith(
        f'Jane__J__Doe___ops namespaces="{NAMESPACE}" ssh-ed25519 AAAA')
    assert principal("") == "osint-desk" and principal(" ,, ") == "osint-desk"
    assert principal("Анна") == "Анна"


@pytest.mark.parametrize("damage", [
    b"", b"not a key at all", b"-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n"
    b"-----END OPENSSH PRIVATE KEY-----\n"])
def test_a_damaged_key_is_refused_never_silently_replaced(isolated_home: Path,
                                                          damage: bytes) -> None:
    load_or_create_key()
    private = isolated_home / "signing" / "id_ed25519"
    private.write_bytes(damage)
    with pytest.raises(SigningKeyError, match=r"^id_ed25519: .*damaged.*no new key"):
        load_or_create_key()
    assert private.read_bytes() == damage


def test_a_missing_private_key_or_a_foreign_public_key_is_refused(isolated_home: Path) -> None:
    key = load_or_create_key()
    folder = isolated_home / "signing"
    public_line = (folder / "id_ed25519.pub").read_text("ascii")
    (folder / "id_ed25519").rename(folder / "moved")
    with pytest.raises(SigningKeyError, match="private signing key is missing"):
        load_or_create_key()
    (folder / "moved").rename(folder / "id_ed25519")
    other = signing_key.SigningKey(
        Ed25519PrivateKey.generate(), "someone")
    (folder / "id_ed25519.pub").write_text(other.public_line + "\n", "ascii")
    with pytest.raises(SigningKeyError, match="does not belong to the private key"):
        load_or_create_key()
    (folder / "id_ed25519.pub").write_text(public_line, "ascii")
    assert load_or_create_key().blob == key.blob


def test_a_lost_public_key_is_made_again_from_the_private_key(isolated_home: Path) -> None:
    key = load_or_create_key()
    (isolated_home / "signing" / "id_ed25519.pub").unlink()
    assert load_or_create_key().blob == key.blob
    assert (isolated_home / "signing" / "id_ed25519.pub").exists()


def test_our_signature_verifies_and_one_changed_byte_fails() -> None:
    key = load_or_create_key()
    armored = sign(key.private, MANIFEST)
    lines = armored.splitlines()
    assert lines[0] == "-----BEGIN SSH SIGNATURE-----"
    assert lines[-1] == "-----END SSH SIGNATURE-----"
    assert all(len(body) <= 70 for body in lines[1:-1]) and len(lines[1]) == 70
    parsed = verify(armored, MANIFEST, key.blob)
    assert parsed.hash_alg == "sha512" and parsed.namespace == NAMESPACE
    changed = bytearray(MANIFEST)
    changed[10] ^= 0x01
    with pytest.raises(SignatureError, match="does not match the signed file"):
        verify(armored, bytes(changed), key.blob)
    with pytest.raises(SignatureError, match="namespace 'osint-desk-bundle', not 'file'"):
        verify(armored, MANIFEST, key.blob, namespace="file")
    other = signing_key.SigningKey(Ed25519PrivateKey.generate(), "x")
    with pytest.raises(SignatureError, match="made with another key"):
        verify(armored, MANIFEST, other.blob)


@pytest.mark.parametrize("bad", [
    "", "hello", "-----BEGIN SSH SIGNATURE-----\n!!!\n-----END SSH SIGNATURE-----\n",
    "-----BEGIN SSH SIGNATURE-----\nU1NIU0lH\n-----END SSH SIGNATURE-----\n",
    "-----BEGIN SSH SIGNATURE-----\n" + "A" * 20_000 + "\n-----END SSH SIGNATURE-----\n",
])
def test_malformed_signatures_are_refused_clearly(bad: str) -> None:
    with pytest.raises(SignatureError, match=r"^sig: "):
        parse(bad, "sig")


@pytest.mark.skipif(SSH_KEYGEN is None, reason="ssh-keygen (OpenSSH) is not installed")
def test_ssh_keygen_accepts_our_signature_and_rejects_a_changed_byte(tmp_path: Path) -> None:
    key = load_or_create_key()
    armored = sign(key.private, MANIFEST)
    done = _ssh_verify(tmp_path, key, MANIFEST, armored)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f'Good "{NAMESPACE}" signature for {key.identity}' in done.stdout + done.stderr
    changed = bytearray(MANIFEST)
    changed[-3] ^= 0x20
    done = _ssh_verify(tmp_path, key, bytes(changed), armored)
    assert done.returncode != 0, done.stdout + done.stderr
    with pytest.raises(SignatureError):
        verify(armored, bytes(changed), key.blob)


@pytest.mark.skipif(SSH_KEYGEN is None, reason="ssh-keygen (OpenSSH) is not installed")
def test_ssh_keygen_reads_our_key_files_and_agrees_on_the_fingerprint(
        isolated_home: Path) -> None:
    assert SSH_KEYGEN is not None
    key = load_or_create_key()
    folder = isolated_home / "signing"
    derived = subprocess.run([SSH_KEYGEN, "-y", "-f", str(folder / "id_ed25519")],
                             capture_output=True, text=True, timeout=30, check=False)
    assert derived.returncode == 0, derived.stderr
    assert derived.stdout.split()[:2] == key.public_line.split()[:2]
    shown = subprocess.run([SSH_KEYGEN, "-lf", str(folder / "id_ed25519.pub")],
                           capture_output=True, text=True, timeout=30, check=False)
    assert shown.returncode == 0 and key.fingerprint in shown.stdout


def test_der_integers_are_minimal_and_positive() -> None:
    assert der_integer(0) == b"\x02\x01\x00"
    assert der_integer(1) == b"\x02\x01\x01"
    assert der_integer(127) == b"\x02\x01\x7f"
    assert der_integer(128) == b"\x02\x02\x00\x80"
    assert der_integer(2**64 - 1) == b"\x02\x09\x00" + b"\xff" * 8


def test_timestamp_request_layout() -> None:
    digest = hashlib.sha256(MANIFEST).digest()
    request = timestamp_request(digest, nonce=0x0102030405060708)
    assert request == (
        b"\x30\x43\x02\x01\x01"
        b"\x30\x31\x30\x0d\x06\x09\x60\x86\x48\x01\x65\x03\x04\x02\x01\x05\x00"
        b"\x04\x20" + digest + b"\x02\x08\x01\x02\x03\x04\x05\x06\x07\x08\x01\x01\xff")
    assert timestamp_request(digest) != timestamp_request(digest)  # a fresh nonce each time
    with pytest.raises(ValueError):
        timestamp_request(b"short")


@pytest.mark.skipif(OPENSSL is None, reason="openssl is not installed")
def test_openssl_reads_our_timestamp_request(tmp_path: Path) -> None:
    assert OPENSSL is not None
    data = tmp_path / "SHA256SUMS"
    data.write_bytes(MANIFEST)
    tsq = tmp_path / "x.tsq"
    tsq.write_bytes(timestamp_request(file_sha256(data)))
    done = subprocess.run([OPENSSL, "ts", "-query", "-in", str(tsq), "-text"],
                          capture_output=True, text=True, timeout=30, check=False,
                          env={**os.environ, "OPENSSL_CONF": os.devnull})
    assert done.returncode == 0, done.stderr
    text = done.stdout
    assert "Version: 1" in text and "Hash Algorithm: sha256" in text
    assert "Certificate required: yes" in text and re.search(r"Nonce: 0x[0-9A-F]+", text)
    shown = "".join(re.findall(r"^\s+[0-9a-f]{4} - ((?:[0-9a-f]{2}[ -]){15}[0-9a-f]{2})",
                               text, re.MULTILINE))
    assert shown.replace(" ", "").replace("-", "") == hashlib.sha256(MANIFEST).hexdigest()


def test_no_bundle_is_written_with_a_damaged_key(isolated_home: Path, tmp_path: Path) -> None:
    from osint_desk.core.demo import build_demo_case
    from osint_desk.core.exports.bundle import write_bundle

    load_or_create_key()
    (isolated_home / "signing" / "id_ed25519").write_bytes(b"garbage")
    out = tmp_path / "out" / "b.zip"
    out.parent.mkdir()
    with build_demo_case(tmp_path / "demo.osintcase") as store, pytest.raises(
            SigningKeyError, match=r"^id_ed25519: "):
        write_bundle(store, out, report_html="<p>r</p>", report_pdf=None)
    assert list(out.parent.iterdir()) == []
    assert (isolated_home / "signing" / "id_ed25519").read_bytes() == b"garbage"
