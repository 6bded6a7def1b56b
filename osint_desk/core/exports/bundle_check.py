"""``verify BUNDLE.zip``: is this evidence bundle what its signer sent?

Three checks: the SSH signature of ``SHA256SUMS`` against the key in ``signer.pub`` (and
``allowed_signers`` naming that same key), every file against ``SHA256SUMS`` (missing, extra,
changed), and the case copy's audit chain and evidence (``store.verify``), opened read-only
from a temporary extraction. The zip is hostile input: member count and declared sizes are
bounded before anything is read, a member that claims more than deflate can produce is refused
as a zip bomb, and no member name is ever used as a path on disk. The first problem found is
the one the verdict names.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import sqlite3
import tempfile
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from osint_desk.core.errors import OsintDeskError
from osint_desk.core.exports.bundle_signing import ALLOWED_SIGNERS, SIGNATURE, SIGNER_PUB, UNLISTED
from osint_desk.core.exports.signing_key import parse_public_line
from osint_desk.core.exports.ssh_signature import NAMESPACE, SignatureError, fingerprint, verify
from osint_desk.core.store import CaseStore
from osint_desk.core.store.opening import CASE_SUFFIX
from osint_desk.core.store.verify import VerifyReport, verify_case

MANIFEST = "SHA256SUMS"
MAX_MEMBERS = 100_000
MAX_TOTAL_BYTES = 32 * 1024 ** 3  # declared, uncompressed
MAX_CASE_BYTES = 8 * 1024 ** 3
MAX_MANIFEST_BYTES = 32 * 1024 ** 2
MAX_RATIO = 1100  # deflate cannot do better than about 1032:1
# Beside the listed files, a bundle holds SHA256SUMS, what is made from it, and maybe the
# timestamp authority's reply the user kept with it (VERIFY.md suggests that name).
_UNLISTED = frozenset((MANIFEST, *UNLISTED, "SHA256SUMS.tsr"))
_LINE = re.compile(r"^([0-9a-fA-F]{64}) [ *](.+)$")
_CHUNK = 1 << 20


@dataclass
class BundleCheck:
    """What ``check_bundle`` found; ``problems`` in the order found, the first one first."""

    name: str
    listed: int = 0
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    signature_valid: bool = False
    fingerprint: str | None = None
    identity: str | None = None
    case_path: str | None = None
    case: VerifyReport | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        """The report as a user reads it, the verdict (naming the first failure) first."""
        out = ["Verified: the bundle is intact and its signature is good." if self.intact
               else f"Verification FAILED: {self.problems[0]}"]
        bad = len(self.missing) + len(self.extra) + len(self.changed)
        out.append(f"files: {self.listed:,} listed in SHA256SUMS, "
                   + ("all present and unchanged" if not bad else f"{bad} do not match"))
        out += [f"  changed: {p}" for p in self.changed[:20]]
        out += [f"  missing: {p}" for p in self.missing[:20]]
        out += [f"  not listed: {p}" for p in self.extra[:20]]
        if self.signature_valid:
            out.append(f"signature: good, by {self.identity} with the key {self.fingerprint}"
                       " (compare it with the fingerprint the analyst gave you)")
        else:
            out.append("signature: NOT valid")
        if self.case is not None:
            out.append(f"case copy {self.case_path}:")
            out += [f"  {text}" for text in self.case.lines()[1:]]
        out += [f"problem: {p}" for p in self.problems[1:20]]
        return out

    def as_json(self) -> dict[str, Any]:
        case = None
        if self.case is not None:
            chain = self.case.chain
            case = {"path": self.case_path, "intact": self.case.intact,
                    "audit": {"entries": chain.rows, "intact": chain.intact, "head": chain.head,
                              "broken_at": chain.broken_at, "problem": chain.problem,
                              "unlogged": [{"kind": p.kind, "id": p.record_id}
                                           for p in self.case.unlogged]},
                    "evidence": {"sources": self.case.sources,
                                 "problems": [{"kind": p.kind, "id": p.record_id,
                                               "detail": p.detail}
                                              for p in self.case.evidence]}}
        return {"intact": self.intact, "first_failure": self.problems[0] if self.problems
                else None, "problems": self.problems,
                "files": {"listed": self.listed, "missing": self.missing, "extra": self.extra,
                          "changed": self.changed},
                "signature": {"valid": self.signature_valid, "fingerprint": self.fingerprint,
                              "identity": self.identity, "namespace": NAMESPACE},
                "case": case}


def check_bundle(path: Path) -> BundleCheck:
    """Check the bundle at ``path``; raise ``OsintDeskError`` only when it is no zip at all."""
    path = Path(path)
    result = BundleCheck(path.name)
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise OsintDeskError(f"{path.name}: not a readable zip file ({exc})") from None
    except OSError as exc:  # its message would name the folder
        raise OsintDeskError(f"{path.name}: {exc.strerror or 'cannot be read'}") from None
    with archive, tempfile.TemporaryDirectory(prefix="osint-desk-verify-") as temp:
        members = _members(archive, result)
        if members is None:
            return result
        manifest = _read_small(archive, members.get(MANIFEST), MAX_MANIFEST_BYTES)
        if manifest is None:
            result.problems.append(f"{MANIFEST} is missing or too large")
            return result
        # The signature first, before SHA256SUMS is even parsed: when it fails, nothing
        # SHA256SUMS says (not even its own shape) is to be trusted.
        _check_signature(archive, members, manifest, result)
        listed = _parse_manifest(manifest, result)
        case_member = _case_member(listed, result)
        copy = Path(temp) / f"copy{CASE_SUFFIX}"
        _check_files(archive, members, listed, case_member, copy, result)
        if case_member is not None and copy.exists():
            _check_case(copy, result)
    return result


def _members(archive: zipfile.ZipFile, result: BundleCheck) -> dict[str, zipfile.ZipInfo] | None:
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        result.problems.append(f"the zip holds {len(infos):,} entries, more than a bundle has")
        return None
    members: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in infos:
        if info.is_dir():
            continue
        name = info.filename
        total += info.file_size
        if name in members:
            result.problems.append(f"{name} appears twice in the zip")
        elif info.flag_bits & 0x1:
            result.problems.append(f"{name} is encrypted")
        elif info.file_size > (1 << 20) and info.file_size > MAX_RATIO * max(
                info.compress_size, 1):
            result.problems.append(f"{name} claims {info.file_size:,} bytes from"
                                   f" {info.compress_size:,}: a zip bomb, refused")
        else:
            members[name] = info
    if total > MAX_TOTAL_BYTES:
        result.problems.append(f"the zip claims {total:,} bytes unpacked, more than"
                               f" {MAX_TOTAL_BYTES:,}: refused")
        return None
    return None if result.problems else members


def _read_small(archive: zipfile.ZipFile, info: zipfile.ZipInfo | None,
                limit: int) -> bytes | None:
    if info is None or info.file_size > limit:
        return None
    with archive.open(info) as handle:
        data = handle.read(limit + 1)
    return data if len(data) <= limit else None


def _parse_manifest(manifest: bytes, result: BundleCheck) -> dict[str, str]:
    listed: dict[str, str] = {}
    lines = manifest.decode("utf-8", errors="replace").split("\n")  # as sha256sum reads it
    if lines[-1] == "":
        lines.pop()
    for number, line in enumerate(lines, 1):
        match = _LINE.match(line)
        if not match:
            result.problems.append(f"{MANIFEST} line {number} is not a checksum line")
            continue
        digest, name = match.group(1).lower(), match.group(2)
        if name in listed:
            result.problems.append(f"{MANIFEST} lists {name} twice")
        listed[name] = digest
    result.listed = len(listed)
    return listed


def _case_member(listed: dict[str, str], result: BundleCheck) -> str | None:
    cases = [name for name in listed if name.startswith("case/") and name.endswith(CASE_SUFFIX)]
    if len(cases) != 1:
        result.problems.append(f"{MANIFEST} lists {len(cases)} case copies, not one")
        return None
    result.case_path = cases[0]
    return cases[0]


def _check_files(archive: zipfile.ZipFile, members: dict[str, zipfile.ZipInfo],
                 listed: dict[str, str], case_member: str | None, copy: Path,
                 result: BundleCheck) -> None:
    for name, digest in listed.items():
        info = members.get(name)
        if info is None:
            result.missing.append(name)
            result.problems.append(f"{name} is listed in {MANIFEST} but missing")
            continue
        if name == case_member and info.file_size > MAX_CASE_BYTES:
            result.problems.append(f"{name} is larger than {MAX_CASE_BYTES:,} bytes: refused")
            continue
        with contextlib.ExitStack() as stack:
            out = stack.enter_context(copy.open("wb")) if name == case_member else None
            actual = _hash_member(archive, info, out)
        if actual != digest:
            result.changed.append(name)
            result.problems.append(f"{name} was changed: its SHA-256 is not the one in"
                                   f" {MANIFEST}")
    for name in members:
        if name not in listed and name not in _UNLISTED:
            result.extra.append(name)
            result.problems.append(f"{name} is in the zip but not listed in {MANIFEST}")


def _hash_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo,
                 out: BinaryIO | None) -> str | None:
    """The SHA-256 of a member, reading no more than it declares; None when unreadable."""
    digest, left = hashlib.sha256(), info.file_size
    try:
        with archive.open(info) as handle:
            while chunk := handle.read(min(_CHUNK, left + 1)):
                left -= len(chunk)
                if left < 0:
                    return None
                digest.update(chunk)
                if out is not None:
                    out.write(chunk)
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, OSError, EOFError,
            ValueError, RuntimeError):
        return None
    return digest.hexdigest()


def _check_signature(archive: zipfile.ZipFile, members: dict[str, zipfile.ZipInfo],
                     manifest: bytes, result: BundleCheck) -> None:
    signature = _read_small(archive, members.get(SIGNATURE), 64 * 1024)
    public = _read_small(archive, members.get(SIGNER_PUB), 64 * 1024)
    allowed = _read_small(archive, members.get(ALLOWED_SIGNERS), 64 * 1024)
    if signature is None or public is None:
        result.problems.append(f"the bundle is not signed ({SIGNATURE} or {SIGNER_PUB} is"
                               " missing)")
        return
    try:
        blob, identity = parse_public_line(public.decode("ascii", errors="replace"), SIGNER_PUB)
        result.fingerprint, result.identity = fingerprint(blob), identity or "(no identity)"
        verify(signature, manifest, blob, namespace=NAMESPACE, name=SIGNATURE)
    except SignatureError as exc:
        result.problems.append(str(exc))
        return
    if allowed is None or not _names_key(allowed, blob):
        result.problems.append(f"{ALLOWED_SIGNERS} does not name the key in {SIGNER_PUB}")
        return
    result.signature_valid = True


def _names_key(allowed: bytes, blob: bytes) -> bool:
    """Whether every line of ``allowed_signers`` names the key ``blob`` (ssh-keygen would
    trust any key it names, whatever ``signer.pub`` says)."""
    import base64

    expected = base64.b64encode(blob).decode("ascii")
    lines = [line.split() for line in allowed.decode("ascii", errors="replace").splitlines()
             if line.strip() and not line.lstrip().startswith("#")]
    return bool(lines) and all("ssh-ed25519" in parts and parts.index("ssh-ed25519") + 1
                               < len(parts) and parts[parts.index("ssh-ed25519") + 1]
                               == expected for parts in lines)


def _check_case(copy: Path, result: BundleCheck) -> None:
    try:
        with CaseStore.open(copy, read_only=True, actor="verify") as store:
            report = verify_case(store)
    except (OsintDeskError, sqlite3.Error) as exc:
        text = str(exc).replace(str(copy), str(result.case_path))  # never the temp folder
        result.problems.append(f"{result.case_path} cannot be opened as a case ({text})")
        return
    result.case = report
    if not report.chain.intact:
        result.problems.append(f"{result.case_path}: {report.chain}")
    for problem in report.unlogged:
        result.problems.append(f"{result.case_path}: audit log: {problem}")
    for problem in report.evidence:
        result.problems.append(f"{result.case_path}: {problem}")
