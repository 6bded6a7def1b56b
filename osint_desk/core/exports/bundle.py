"""The evidence bundle: one zip a team can hand on and anyone can check with standard tools.

It holds the report (HTML, and PDF when given), a consistent copy of the case file, every live
source's original bytes (or its stored text when it came from no file; deleted sources stay
only inside the case copy and the JSON, marked deleted), the full JSON dump,
``SHA256SUMS`` in GNU coreutils format (so ``sha256sum -c`` checks it), ``VERIFY.md``, and the
analyst's signature of ``SHA256SUMS`` with the key to check it (``bundle_signing``).

The case copy is made with SQLite's backup API: a plain copy of a WAL database can miss what is
still in the ``-wal`` file. The copy is switched to a rollback journal so it opens from
read-only media, checked with ``PRAGMA integrity_check``, and then everything else in the
bundle (sources, JSON) is read from that copy, so all of it shows one and the same state even if
another process writes the case meanwhile. Names inside the zip are built by us from safe
pieces: relative, no ``..``, no control or bidi characters, unique even on case-insensitive
file systems. The zip appears only when complete, with the permissions of any new file; the
zip and the case copy are written beside it under ``staging``'s names, so a killed export's
leftovers are found and removed by the next one. Before anything else is read from the copy,
its evidence is checked (``store.evidence_check``): a forged quote or replaced original stops
the bundle, naming the records.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import re
import sqlite3
import time
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from osint_desk import __version__
from osint_desk.core.dates import utc_now
from osint_desk.core.errors import OsintDeskError
from osint_desk.core.exports.bundle_signing import RESERVED, key_files, manifest_files
from osint_desk.core.exports.bundle_verify import verify_text
from osint_desk.core.exports.json_dump import export_json
from osint_desk.core.exports.signing_key import SigningKey, load_or_create_key
from osint_desk.core.exports.ssh_signature import NAMESPACE
from osint_desk.core.exports.staging import check_target, scratch, staged, sweep
from osint_desk.core.store import CaseStore
from osint_desk.core.store.evidence_check import require_intact_evidence
from osint_desk.core.store.opening import CASE_SUFFIX

if TYPE_CHECKING:
    from osint_desk.core.store.records import Source

MANIFEST = "SHA256SUMS"
VERIFY = "VERIFY.md"
# Reserved on Windows, or special to a shell even inside double quotes (names appear in commands).
_FORBIDDEN = frozenset('<>:"/\\|?*`\'$!')
_MEMBER = re.compile(r"^[^/\\\x00-\x1f\x7f]+(/[^/\\\x00-\x1f\x7f]+)*$")
_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class BundleFile:
    """One file of the bundle: its path inside the zip, SHA-256 and size in bytes."""

    path: str
    sha256: str
    size: int


@dataclass(frozen=True, slots=True)
class BundledSource:
    """Where a source went: ``kind`` is ``original`` (its imported bytes) or ``text``."""

    source_id: str
    path: str
    kind: str


@dataclass(frozen=True, slots=True)
class BundleReport:
    """What was written. ``manifest_sha256`` is the SHA-256 of SHA256SUMS: note it somewhere
    else (a message, a ticket) and the bundle can later be shown unchanged since then."""

    path: Path
    files: tuple[BundleFile, ...]
    sources: tuple[BundledSource, ...]
    case_copy: str
    manifest_sha256: str
    signer_fingerprint: str = ""  # SHA256:… of the key that signed SHA256SUMS


def safe_name(name: str, fallback: str, max_length: int = 100) -> str:
    """A single file name anyone's file system takes: the last path part only, no control,
    format (bidi) or reserved characters, no leading dots, ``fallback`` when nothing is left."""
    name = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(
        "_" if ch in _FORBIDDEN or unicodedata.category(ch)[0] == "C"
        or unicodedata.category(ch) in ("Zl", "Zp") else ch
        for ch in name)
    name = " ".join(name.split()).strip(" .")
    if not name:
        return fallback
    # At most ``max_length`` characters and 150 UTF-8 bytes: file systems allow 255 bytes per
    # name, and 80 Chinese characters are already 240 of them.
    def too_long(text: str) -> bool:
        return len(text) > max_length or len(text.encode("utf-8")) > 150

    if too_long(name):
        stem, dot, ext = name.rpartition(".")
        keep = f"{dot}{ext}" if dot and 0 < len(ext) <= 10 and ext.isascii() else ""
        body = stem if keep else name
        while body and too_long(body + keep):
            body = body[:-1]
        name = body.rstrip(" .") + keep if body.rstrip(" .") else fallback
    return name


class _Names:
    """Unique member paths, compared without case (Windows and macOS ignore it)."""

    def __init__(self) -> None:
        self._taken: set[str] = {name.casefold() for name in (MANIFEST, VERIFY, *RESERVED)}

    def claim(self, folder: str, name: str) -> str:
        stem, dot, ext = name.rpartition(".")
        stem, ext = (stem, f".{ext}") if dot and stem else (name, "")
        candidate, counter = f"{folder}/{name}", 2
        while candidate.casefold() in self._taken:
            candidate, counter = f"{folder}/{stem}-{counter}{ext}", counter + 1
        if not _MEMBER.match(candidate) or any(p in ("", ".", "..") for p in candidate.split("/")):
            raise OsintDeskError(f"refusing an unsafe path in the bundle: {candidate!r}")
        self._taken.add(candidate.casefold())
        return candidate


def write_bundle(
    store: CaseStore, out: Path, *, report_html: str, report_pdf: bytes | None,
    report_name: str = "report", signing_key: SigningKey | None = None,
) -> BundleReport:
    """Write the evidence bundle to ``out`` (a .zip, replaced if it exists), signed with
    ``signing_key`` (default: the analyst's, made on first use); say what is in it."""
    out = Path(out)
    key = load_or_create_key() if signing_key is None else signing_key
    names = _Names()
    report = safe_name(report_name, "report")
    case_name = safe_name(store.path.name, "case" + CASE_SUFFIX)
    if not case_name.endswith(CASE_SUFFIX):
        case_name += CASE_SUFFIX
    check_target(out, ".zip file")
    sweep(out.parent)
    # The case copy goes beside the bundle too (same file system, found and swept by the next
    # export if this one is killed), never into the system's temporary folder.
    with scratch(out.parent, "case") as copy:
        _consistent_copy(store, copy)
        with CaseStore.open(copy, read_only=True, actor=store.actor) as snapshot:
            # What ships is the copy: its quotes and originals are checked (not the live
            # file's, which another process may have written since), before any is read.
            require_intact_evidence(snapshot, "the bundle")
            with staged(out, ".zip file") as temp, zipfile.ZipFile(
                    temp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                files: list[BundleFile] = []

                def add(path: str, data: bytes | Path) -> None:
                    files.append(_add(archive, path, data))

                add(names.claim("report", f"{report}.html"), report_html.encode("utf-8"))
                if report_pdf is not None:
                    add(names.claim("report", f"{report}.pdf"), report_pdf)
                case_path = names.claim("case", case_name)
                add(case_path, copy)
                bundled = []
                for source, path, data, kind in _source_files(snapshot, names):
                    add(path, data)
                    bundled.append(BundledSource(source.id, path, kind))
                buffer = io.StringIO()
                export_json(snapshot, buffer)
                add(names.claim("data", "case.json"), buffer.getvalue().encode("utf-8"))
                for path, data in key_files(key).items():
                    add(path, data)
                text = verify_text(case_id=snapshot.meta().case_id, case_path=case_path,
                                   file_count=len(files) + 1, sources=bundled,
                                   app_version=__version__, created=utc_now(),
                                   identity=key.identity, namespace=NAMESPACE,
                                   fingerprint=key.fingerprint)
                add(VERIFY, text.encode("utf-8"))
                manifest = "".join(f"{f.sha256}  {f.path}\n" for f in files).encode("utf-8")
                _write_member(archive, MANIFEST, manifest)
                for path, data in manifest_files(key, manifest).items():
                    _write_member(archive, path, data)
    return BundleReport(out, tuple(files), tuple(bundled), case_path,
                        hashlib.sha256(manifest).hexdigest(), key.fingerprint)


def _consistent_copy(store: CaseStore, copy: Path) -> None:
    """Back the case up to ``copy`` (backup API), make it self-contained and check it."""
    store.backup_to(copy, plain=True)  # an encrypted case ships decrypted, as its originals
    with contextlib.closing(sqlite3.connect(str(copy))) as conn:
        conn.execute("PRAGMA journal_mode = DELETE")
        result = conn.execute("PRAGMA integrity_check").fetchone()[0]
    if result != "ok":
        raise OsintDeskError(f"{store.path}: the copy of the case fails SQLite's integrity"
                             f" check ({result}); the bundle was not written")
    for suffix in ("-wal", "-shm"):
        if Path(str(copy) + suffix).exists():
            raise OsintDeskError(f"{store.path}: the copy of the case is not self-contained")


def _source_files(snapshot: CaseStore,
                  names: _Names) -> Iterator[tuple[Source, str, bytes, str]]:
    """Each live source as (source, member path, bytes, kind)."""
    for source in snapshot.sources.list(limit=-1):
        original = snapshot.sources.original_bytes(source.id)
        if original is not None and source.original_sha256:
            name = safe_name(source.original_filename or "", "original")
            path = names.claim("sources", f"{source.original_sha256[:12]}-{name}")
            yield source, path, original, "original"
        else:
            name = safe_name(source.title, "source", max_length=80)
            path = names.claim("sources", f"{source.text_sha256[:12]}-{name}.txt")
            yield source, path, source.text.encode("utf-8"), "text"


def _write_member(archive: zipfile.ZipFile, path: str, data: bytes) -> None:
    info = zipfile.ZipInfo(path, date_time=_zip_time())
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, data)


def _add(archive: zipfile.ZipFile, path: str, data: bytes | Path) -> BundleFile:
    """Store one member and hash exactly the bytes stored."""
    if isinstance(data, bytes):
        _write_member(archive, path, data)
        return BundleFile(path, hashlib.sha256(data).hexdigest(), len(data))
    info = zipfile.ZipInfo(path, date_time=_zip_time())
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    digest, size = hashlib.sha256(), 0
    with data.open("rb") as source, archive.open(info, "w", force_zip64=True) as target:
        while chunk := source.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
            target.write(chunk)
    return BundleFile(path, digest.hexdigest(), size)


def _zip_time() -> tuple[int, int, int, int, int, int]:
    """Now, as zip files keep time (local, to the second), like ``ZipFile.writestr`` does."""
    now = time.localtime()
    return (now.tm_year, now.tm_mon, now.tm_mday, now.tm_hour, now.tm_min, now.tm_sec)
