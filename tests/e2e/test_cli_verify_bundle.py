"""``osint-desk verify BUNDLE.zip``, ``key`` and ``timestamp-request`` in a fresh process: a
genuine bundle checks, one changed byte or a tampered signature is named, a forged case copy
re-signed by someone else is caught by its audit chain, a zip bomb is refused unread."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import struct
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_runner import Cli
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from osint_desk.core.exports.signing_key import SigningKey
from osint_desk.core.exports.ssh_signature import sign

SSH_KEYGEN = shutil.which("ssh-keygen")


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Cli, Path]:
    cli = Cli(tmp_path_factory.mktemp("bundle"))
    cli.run("demo", cli.tmp / "demo.osintcase")
    cli.run("export", cli.tmp / "demo.osintcase", "--format", "bundle", "-o", cli.tmp / "b.zip")
    return cli, cli.tmp / "b.zip"


def _rewrite(source: Path, target: Path, change: Callable[[str, bytes], bytes | None]) -> None:
    """Copy the zip, passing each member through ``change`` (None leaves it out)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(
            target, "w", compression=zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = change(info.filename, old.read(info))
            if data is not None:
                new.writestr(info, data)


def _tamper_signature(data: bytes) -> bytes:
    """Another valid base64 character where the Ed25519 signature bytes are."""
    lines = data.decode("ascii").splitlines()
    body = "".join(lines[1:-1])
    at = len(body) - 40
    body = body[:at] + ("A" if body[at] != "A" else "B") + body[at + 1:]
    wrapped = [body[i:i + 70] for i in range(0, len(body), 70)]
    return "\n".join([lines[0], *wrapped, lines[-1]]).encode("ascii") + b"\n"


def _flip(data: bytes, at: int) -> bytes:
    changed = bytearray(data)
    changed[at] ^= 0x01
    return bytes(changed)


def test_a_genuine_bundle_verifies(exported: tuple[Cli, Path]) -> None:
    cli, bundle = exported
    result = cli.run("verify", bundle)
    assert result.stdout.startswith("Verified: the bundle is intact and its signature is good.")
    key = cli.run("key").stdout.splitlines()
    fingerprint = key[1].split()[1]
    assert fingerprint.startswith("SHA256:")
    assert f"with the key {fingerprint}" in result.stdout
    assert "audit log: " in result.stdout and "hash chain intact" in result.stdout
    report = cli.json("verify", bundle)
    assert report["intact"] and report["first_failure"] is None
    assert report["signature"] == {"valid": True, "fingerprint": fingerprint,
                                   "identity": report["signature"]["identity"],
                                   "namespace": "osint-desk-bundle"}
    assert report["files"]["listed"] > 5 and report["files"]["changed"] == []
    assert report["case"]["path"] == "case/demo.osintcase" and report["case"]["intact"]
    assert report["case"]["audit"]["entries"] > 100


@pytest.mark.skipif(SSH_KEYGEN is None, reason="ssh-keygen (OpenSSH) is not installed")
def test_the_bundle_checks_with_standard_tools_as_verify_md_says(exported: tuple[Cli, Path],
                                                                   tmp_path: Path) -> None:
    assert SSH_KEYGEN is not None
    _cli, bundle = exported
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(tmp_path)
        guide = archive.read("VERIFY.md").decode("utf-8")
    identity = (tmp_path / "signer.pub").read_text("ascii").split()[2]
    command = (f"ssh-keygen -Y verify -f allowed_signers -I {identity} -n osint-desk-bundle"
               " \\\n        -s SHA256SUMS.sig < SHA256SUMS")
    assert command in guide and "ssh-keygen -lf signer.pub" in guide
    assert "openssl ts -query -in SHA256SUMS.tsq -text" in guide
    with (tmp_path / "SHA256SUMS").open("rb") as stdin:
        done = subprocess.run(
            [SSH_KEYGEN, "-Y", "verify", "-f", "allowed_signers", "-I", identity, "-n",
             "osint-desk-bundle", "-s", "SHA256SUMS.sig"], stdin=stdin, cwd=tmp_path,
            capture_output=True, text=True, timeout=30, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f'Good "osint-desk-bundle" signature for {identity}' in done.stdout + done.stderr
    # One changed byte: in SHA256SUMS the signature fails; in a listed file its line does.
    (tmp_path / "SHA256SUMS").write_bytes(_flip((tmp_path / "SHA256SUMS").read_bytes(), 3))
    with (tmp_path / "SHA256SUMS").open("rb") as stdin:
        forged = subprocess.run(
            [SSH_KEYGEN, "-Y", "verify", "-f", "allowed_signers", "-I", identity, "-n",
             "osint-desk-bundle", "-s", "SHA256SUMS.sig"], stdin=stdin, cwd=tmp_path,
            capture_output=True, text=True, timeout=30, check=False)
    assert forged.returncode != 0, forged.stdout + forged.stderr
    with zipfile.ZipFile(bundle) as archive:
        (tmp_path / "SHA256SUMS").write_bytes(archive.read("SHA256SUMS"))
    report = tmp_path / "report" / "report.html"
    report.write_bytes(_flip(report.read_bytes(), 20))
    sums = {line.split("  ", 1)[1]: line.split("  ", 1)[0]
            for line in (tmp_path / "SHA256SUMS").read_text("utf-8").splitlines()}
    assert hashlib.sha256(report.read_bytes()).hexdigest() != sums["report/report.html"]
    sha256sum = shutil.which("sha256sum")
    if sha256sum is not None:  # step 1 of VERIFY.md, as written
        checked = subprocess.run([sha256sum, "-c", "SHA256SUMS"], cwd=tmp_path,
                                 capture_output=True, text=True, timeout=30, check=False)
        assert checked.returncode != 0 and "report/report.html: FAILED" in checked.stdout


def test_one_changed_byte_names_the_file(exported: tuple[Cli, Path], tmp_path: Path) -> None:
    cli, bundle = exported
    forged = tmp_path / "forged.zip"
    _rewrite(bundle, forged, lambda name, data: _flip(data, 20)
             if name == "report/report.html" else data)
    result = cli.run("verify", forged, code=1)
    assert result.stdout.startswith("Verification FAILED: report/report.html was changed")
    assert "signature: good" in result.stdout  # SHA256SUMS itself is untouched
    report = json.loads(cli.run("verify", forged, "--json", code=1).stdout)
    assert not report["intact"] and report["files"]["changed"] == ["report/report.html"]
    assert report["first_failure"].startswith("report/report.html")


def test_missing_and_extra_files_are_named(exported: tuple[Cli, Path], tmp_path: Path) -> None:
    cli, bundle = exported
    forged = tmp_path / "forged.zip"
    _rewrite(bundle, forged, lambda name, data: None if name == "data/case.json" else data)
    with zipfile.ZipFile(forged, "a") as archive:
        archive.writestr("sources/planted.txt", b"not from the analyst")
    report = json.loads(cli.run("verify", forged, "--json", code=1).stdout)
    assert report["files"]["missing"] == ["data/case.json"]
    assert report["files"]["extra"] == ["sources/planted.txt"]


def test_a_tampered_signature_or_manifest_fails(exported: tuple[Cli, Path],
                                                tmp_path: Path) -> None:
    cli, bundle = exported
    forged = tmp_path / "sig.zip"
    _rewrite(bundle, forged, lambda name, data: _tamper_signature(data)
             if name == "SHA256SUMS.sig" else data)
    result = cli.run("verify", forged, code=1)
    assert result.stdout.startswith("Verification FAILED: SHA256SUMS.sig: the signature does"
                                    " not match the signed file")
    assert "signature: NOT valid" in result.stdout
    # A changed digit, and a byte that breaks the line's shape (which a hex digit flipped
    # may or may not do, depending on the digest): the signature is named first either way.
    for at, byte in ((0, None), (0, b"z"), (64, b"#")):
        manifest = tmp_path / f"sums-{at}-{byte!r}.zip"
        _rewrite(bundle, manifest, lambda name, data, at=at, byte=byte:
                 (_flip(data, at) if byte is None else data[:at] + byte + data[at + 1:])
                 if name == "SHA256SUMS" else data)
        report = json.loads(cli.run("verify", manifest, "--json", code=1).stdout)
        assert report["signature"]["valid"] is False
        # What SHA256SUMS says cannot be trusted then: the signature is named first.
        assert report["first_failure"] == ("SHA256SUMS.sig: the signature does not match the"
                                           " signed file")


def _resigned(bundle: Path, target: Path, forge_case: Callable[[Path], None],
              tmp_path: Path) -> str:
    """The bundle with its case copy forged, SHA256SUMS rewritten and signed by a new key."""
    with zipfile.ZipFile(bundle) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    case = tmp_path / "copy.osintcase"
    case.write_bytes(members["case/demo.osintcase"])
    forge_case(case)
    members["case/demo.osintcase"] = case.read_bytes()
    key = SigningKey(Ed25519PrivateKey.generate(), "mallory")
    members["signer.pub"] = (key.public_line + "\n").encode()
    members["allowed_signers"] = (key.allowed_signers_line() + "\n").encode()
    lines = [line.split("  ", 1)[1] for line in members["SHA256SUMS"].decode().splitlines()]
    manifest = "".join(f"{hashlib.sha256(members[p]).hexdigest()}  {p}\n" for p in lines)
    members["SHA256SUMS"] = manifest.encode()
    members["SHA256SUMS.sig"] = sign(key.private, manifest.encode()).encode()
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return key.fingerprint


def _forge_audit(path: Path) -> None:
    conn = sqlite3.connect(path)
    try:
        triggers = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
                                " AND tbl_name = 'audit_log'").fetchall()
        for name, _sql in triggers:
            conn.execute(f'DROP TRIGGER "{name}"')
        conn.execute("UPDATE audit_log SET actor = 'nobody' WHERE id = 7")
        for _name, sql in triggers:
            conn.execute(sql)
        conn.commit()
    finally:
        conn.close()


def test_a_forged_case_copy_resigned_by_another_key_is_caught(exported: tuple[Cli, Path],
                                                              tmp_path: Path) -> None:
    cli, bundle = exported
    forged = tmp_path / "resigned.zip"
    fingerprint = _resigned(bundle, forged, _forge_audit, tmp_path)
    result = cli.run("verify", forged, code=1)
    assert result.stdout.startswith("Verification FAILED: case/demo.osintcase: audit log:"
                                    " broken at entry 7")
    assert f"by mallory with the key {fingerprint}" in result.stdout  # not the analyst's
    assert cli.run("key").stdout.splitlines()[1].split()[1] != fingerprint


def test_a_zip_bomb_is_refused_unread(exported: tuple[Cli, Path], tmp_path: Path) -> None:
    cli, bundle = exported
    bomb = tmp_path / "bomb.zip"
    data = bytearray(bundle.read_bytes())
    end = data.rindex(b"PK\x05\x06")  # the end of central directory record
    entry = struct.unpack_from("<I", data, end + 16)[0]  # the first central directory entry
    assert data[entry:entry + 4] == b"PK\x01\x02"
    name_length = struct.unpack_from("<H", data, entry + 28)[0]
    name = bytes(data[entry + 46:entry + 46 + name_length]).decode()
    struct.pack_into("<I", data, entry + 24, 0xFFFFFFF0)  # claims 4 GiB unpacked
    bomb.write_bytes(bytes(data))
    result = cli.run("verify", bomb, code=1)
    assert result.stdout.startswith(f"Verification FAILED: {name} claims 4,294,967,280 bytes")
    assert "zip bomb, refused" in result.stdout


def test_not_a_zip_is_a_clear_error(exported: tuple[Cli, Path], tmp_path: Path) -> None:
    cli, _bundle = exported
    (tmp_path / "fake.zip").write_bytes(b"PK\x03\x04 not really")
    cli.fails("verify", tmp_path / "fake.zip", says="fake.zip: not a readable zip file")


def test_key_prints_and_exports_the_same_key_every_time(exported: tuple[Cli, Path]) -> None:
    cli, bundle = exported
    first = cli.run("key", "--export", cli.tmp / "me.pub").stdout.splitlines()
    assert first[0].startswith("ssh-ed25519 AAAA") and first[1].startswith("fingerprint: ")
    assert (cli.tmp / "me.pub").read_text("ascii") == first[0] + "\n"
    with zipfile.ZipFile(bundle) as archive:
        assert archive.read("signer.pub").decode("ascii") == first[0] + "\n"
    data = cli.json("key")
    assert data["public_key"] == first[0] and data["fingerprint"] in first[1]
    assert Path(data["folder"]) == cli.tmp / "home" / "signing"


def test_timestamp_request_for_any_file(exported: tuple[Cli, Path]) -> None:
    cli, bundle = exported
    result = cli.run("timestamp-request", bundle)
    digest = hashlib.sha256(bundle.read_bytes()).hexdigest()
    assert result.stdout.startswith(f"Wrote {bundle}.tsq (SHA-256 of b.zip: {digest})")
    request = (cli.tmp / "b.zip.tsq").read_bytes()
    assert request[0] == 0x30 and request[1] == len(request) - 2  # one DER SEQUENCE
    assert bytes.fromhex(digest) in request
    cli.run("timestamp-request", bundle, "-o", cli.tmp / "other.tsq")
    # Same version and hash; the nonce is new (and its length, so the outer length, can vary).
    assert (cli.tmp / "other.tsq").read_bytes()[2:40] == request[2:40]
    cli.fails("timestamp-request", cli.tmp / "nope.bin", says="nope.bin")


def test_damaged_compressed_data_is_a_changed_file_not_a_crash(exported: tuple[Cli, Path],
                                                                tmp_path: Path) -> None:
    cli, bundle = exported
    data = bytearray(bundle.read_bytes())
    with zipfile.ZipFile(bundle) as archive:
        info = archive.getinfo("data/case.json")
    name_length, extra_length = struct.unpack_from("<HH", data, info.header_offset + 26)
    start = info.header_offset + 30 + name_length + extra_length
    data[start + info.compress_size // 2] ^= 0xFF
    damaged = tmp_path / "damaged.zip"
    damaged.write_bytes(bytes(data))
    report = json.loads(cli.run("verify", damaged, "--json", code=1).stdout)
    assert report["files"]["changed"] == ["data/case.json"]
    assert report["signature"]["valid"] and report["case"]["intact"]
