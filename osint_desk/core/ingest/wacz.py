"""WACZ files (Webrecorder, Browsertrix): the package kept whole, its hashes and signature
checked, the pages of its WARCs as sources.

A WACZ is a zip holding ``archive/*.warc.gz``, ``pages/pages.jsonl`` (the pages the crawler
meant, with titles), indexes, ``datapackage.json`` (every file's path, size and sha256) and,
if signed, ``datapackage-digest.json`` (the hash of ``datapackage.json`` and its signature,
``wacz_signature``). Each check is shown: the files against the package's list (valid,
mismatch, absent), the list against its digest, the signature, and every WARC record's own
digests. The zip is opened in memory only (``wacz_zip``); nothing is extracted or fetched.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections import Counter
from collections.abc import Mapping
from typing import Any

from osint_desk.core.dates import PartialDate
from osint_desk.core.errors import IngestError, ValidationError
from osint_desk.core.ingest import warc
from osint_desk.core.ingest.captured import CapturedSource, Integrity
from osint_desk.core.ingest.limits import MAX_FILE_BYTES
from osint_desk.core.ingest.wacz_signature import INVALID, verify_signed_data
from osint_desk.core.ingest.wacz_zip import MAX_WACZ_ENTRIES, SafeZip
from osint_desk.core.ingest.warc import capped, integrity_of, scan_warc, summary_lines
from osint_desk.core.ingest.warc_records import printable
from osint_desk.core.model import SourceKind

_PACKAGE = "datapackage.json"
_DIGEST = "datapackage-digest.json"
_PAGE_LISTS = ("pages/pages.jsonl", "pages/extraPages.jsonl")
_HASHES = {"sha256": "sha256", "sha512": "sha512", "sha1": "sha1", "md5": "md5"}
_MAX_JSON_BYTES = 16 * 1024 * 1024  # datapackage.json lists every file: a few KB in practice
_MAX_PAGE_LINES = 100_000
_MAX_SHOWN = 100
_MAX_LISTED = 20_000  # record lines in the text, over all WARCs (16 MiB of text at most)
_MAX_TITLE = 500
_HTTP = re.compile(r"(?i)^https?://[^\s/]+")


def _json(wacz: SafeZip, path: str, warnings: list[str]) -> Any:
    """A JSON entry parsed, or None (with a warning) if it is missing, too big or not JSON."""
    if path not in wacz.entries:
        return None
    if wacz.entries[path].file_size > _MAX_JSON_BYTES:
        warnings.append(f"{path} is too large to read ({wacz.entries[path].file_size:,} bytes)")
        return None
    try:
        return json.loads(wacz.read(path).decode("utf-8-sig"))
    except (ValueError, RecursionError, IngestError) as exc:
        warnings.append(f"{path} is not readable JSON ({str(exc)[:200]})")
        return None


def _hash_of(text: str, data: bytes) -> str | None:
    """``data`` hashed with the algorithm ``text`` names ("sha256:<hex>"), in that form."""
    algorithm = _HASHES.get(text.partition(":")[0].strip().lower())
    if algorithm is None:
        return None
    return f"{text.partition(':')[0].strip().lower()}:{hashlib.new(algorithm, data).hexdigest()}"


def _titles(wacz: SafeZip, warnings: list[str]) -> dict[str, str]:
    """URL -> title from pages/pages.jsonl (and extraPages.jsonl), first title wins."""
    titles: dict[str, str] = {}
    for path in _PAGE_LISTS:
        if path not in wacz.entries:
            continue
        try:
            lines = wacz.read(path).decode("utf-8", "replace").splitlines()
        except IngestError as exc:
            warnings.append(str(exc))
            continue
        for line in lines[:_MAX_PAGE_LINES]:
            try:
                item = json.loads(line) if len(line) < 1_000_000 else None
            except (ValueError, RecursionError):
                continue
            if isinstance(item, dict) and isinstance(item.get("url"), str):
                title = item.get("title")
                if isinstance(title, str) and title.strip():
                    titles.setdefault(item["url"], " ".join(title.split())[:_MAX_TITLE])
    return titles


def _check_files(
    wacz: SafeZip, package: Any, warnings: list[str]
) -> tuple[Counter[str], list[str], list[str]]:
    """Each file against datapackage.json: counts, mismatched paths, listing lines."""
    counts: Counter[str] = Counter()
    mismatched: list[str] = []
    lines: list[str] = []
    listed: dict[str, Mapping[str, Any]] = {}
    resources = package.get("resources") if isinstance(package, dict) else None
    resources = resources if isinstance(resources, list) else []
    if len(resources) > MAX_WACZ_ENTRIES:
        warnings.append(f"datapackage.json lists {len(resources):,} files; only the first "
                        f"{MAX_WACZ_ENTRIES:,} were checked")
    for resource in resources[:MAX_WACZ_ENTRIES]:
        if isinstance(resource, dict) and isinstance(resource.get("path"), str):
            listed.setdefault(resource["path"], resource)

    def verdict(path: str, status: str, why: str = "") -> None:
        path = printable(path)
        counts[status] += 1
        lines.append(f"  {path[:300]}  {status}{why}")
        if status == "mismatch" and len(mismatched) < _MAX_SHOWN:
            mismatched.append(path[:300])
            warnings.append(f"{path[:300]}: {why.strip(' ()') or 'hash mismatch'} — the "
                            "file differs from what datapackage.json lists")

    for path, resource in listed.items():
        if path not in wacz.entries:
            verdict(path, "mismatch", " (listed in datapackage.json but missing from the zip)")
            continue
        expected = resource.get("hash")
        size = resource.get("bytes")
        if not isinstance(expected, str) or not expected.strip():
            verdict(path, "absent", " (no hash listed)")
            continue
        if wacz.entries[path].file_size > MAX_FILE_BYTES:
            verdict(path, "absent", " (too large to check)")
            continue
        try:
            data = wacz.read(path)
        except IngestError as exc:
            verdict(path, "mismatch", f" ({str(exc)[:200]})")
            continue
        computed = _hash_of(expected, data)
        if computed is None:
            verdict(path, "absent", f" (hash algorithm {expected.partition(':')[0][:20]!r} "
                    "not supported)")
        elif computed != expected.strip().lower():
            verdict(path, "mismatch", " (sha256 hash does not match)"
                    if computed.startswith("sha256") else " (hash does not match)")
        elif isinstance(size, int) and size != len(data):
            verdict(path, "mismatch", f" (size {len(data):,} bytes, listed as {size:,})")
        else:
            verdict(path, "valid")
    unlisted = [p for p in wacz.entries if p not in listed and p not in (_PACKAGE, _DIGEST)]
    for path in unlisted:
        verdict(path, "absent", " (not listed in datapackage.json)" if listed else "")
    if unlisted and listed:
        warnings.append(f"{len(unlisted):,} files are not listed in datapackage.json, so no "
                        "hash covers them")
    return counts, mismatched, lines


def _check_digest(
    wacz: SafeZip, digest: Any, warnings: list[str]
) -> tuple[str, str, dict[str, object]]:
    """(digest verdict, signature verdict, signature details) from datapackage-digest.json."""
    if not isinstance(digest, dict):
        return "absent", "absent", {}
    actual = _hash_of("sha256", wacz.read(_PACKAGE)) if _PACKAGE in wacz.entries else None
    listed = digest.get("hash")
    if not isinstance(listed, str) or actual is None:
        status = "absent"
    else:
        computed = _hash_of(listed, wacz.read(_PACKAGE))
        status = "valid" if computed == listed.strip().lower() else "mismatch"
        if status == "mismatch":
            warnings.append("datapackage.json does not match the hash in "
                            "datapackage-digest.json: the file list was changed after signing")
    signature, details, notes = verify_signed_data(digest.get("signedData"), actual)
    warnings += notes
    return status, signature, details


def _package_info(package: Any) -> dict[str, object]:
    if not isinstance(package, dict):
        return {}
    keys = ("profile", "wacz_version", "title", "description", "created", "modified",
            "software", "mainPageURL")
    info: dict[str, object] = {
        key: printable(value[:_MAX_TITLE]) for key in keys
        if isinstance(value := package.get(key), str)
    }
    resources = package.get("resources")
    info["resources"] = len(resources) if isinstance(resources, list) else 0
    return info


def read_wacz(name: str, data: bytes) -> CapturedSource:
    """A .wacz file: kept whole, its hashes and signature checked, its pages as parts."""
    wacz = SafeZip(name, data)
    warnings: list[str] = []
    package = _json(wacz, _PACKAGE, warnings)
    if package is None:
        warnings.append("the WACZ has no readable datapackage.json: its files are not covered "
                        "by any hash")
    counts, mismatched, file_lines = _check_files(wacz, package, warnings)
    digest_status, signature, signature_details = _check_digest(
        wacz, _json(wacz, _DIGEST, warnings), warnings)
    titles = _titles(wacz, warnings)
    deadline = time.monotonic() + warc.MAX_WARC_PAGE_SECONDS
    records: Counter[str] = Counter()
    record_digests: Counter[str] = Counter()
    pages: list[CapturedSource] = []
    warc_lines: list[str] = []
    warcs: dict[str, object] = {}
    for path in sorted(wacz.entries):
        if not (path.startswith("archive/") and path.lower().endswith((".warc", ".warc.gz"))):
            continue
        try:
            scan = scan_warc(f"{name} › {path}", wacz.read(path), prefix=name, titles=titles,
                             page_budget=warc.MAX_WARC_PAGES - len(pages), deadline=deadline)
        except IngestError as exc:
            warnings.append(str(exc))
            continue
        pages += scan.pages
        records.update(scan.records)
        record_digests.update(scan.digests)
        warnings += [f"{path}: {warning}" for warning in scan.warnings]
        room = max(0, _MAX_LISTED - len(warc_lines))
        warc_lines += ["", path, *summary_lines(scan), *scan.lines[:room]]
        if len(scan.lines) > room:
            warc_lines.append(f"… {len(scan.lines) - room:,} more records not listed")
        warcs[path] = {"records": dict(scan.records),
                       "digests": {k: scan.digests.get(k, 0)
                                   for k in ("valid", "mismatch", "absent")},
                       "mismatched": scan.mismatched, "pages": len(scan.pages)}
    if not warcs:
        warnings.append("the WACZ holds no readable WARC under archive/")
    info = _package_info(package)
    info["digest"] = digest_status
    signed_created = signature_details.get("created")
    if signed_created and info.get("created") and signed_created != info["created"]:
        warnings.append(f"the signature's date ({signed_created}) differs from the package's "
                        f"({info['created']})")
    files = {k: counts.get(k, 0) for k in ("valid", "mismatch", "absent")}
    shown_signature = signature + (f" (created {signature_details['created']})"
                                   if signature_details.get("created") else "")
    text = "\n".join([
        f"WACZ file {name}" + (f": {info['title']}" if info.get("title") else ""),
        "datapackage.json: " + ", ".join(f"{files[k]:,} {k}" for k in files)
        + f"; datapackage-digest.json: {digest_status}; signature: {shown_signature}",
        *file_lines, *warc_lines,
    ])
    total = counts + record_digests
    total["mismatch"] += (digest_status == "mismatch") + (signature == INVALID)
    created = info.get("created")
    retrieved = None
    if isinstance(created, str):
        try:
            retrieved = PartialDate.parse(created)
        except ValidationError:
            retrieved = None
    integrity: Integrity = integrity_of(total)
    main_url = info.get("mainPageURL")
    return CapturedSource(
        filename=name,
        kind=SourceKind.DOCUMENT,
        media_type="application/wacz",
        original=data,
        text=text,
        title=str(info.get("title") or name)[:300],
        url=main_url if isinstance(main_url, str) and _HTTP.match(main_url) else None,
        retrieved=retrieved,
        warnings=tuple(capped(warnings)),
        capture={
            "format": "wacz",
            "datapackage": info,
            "files": files,
            "mismatched_files": mismatched,
            "signature": signature,
            "signature_details": signature_details,
            "warcs": warcs,
            "records": dict(records),
            "digests": {k: record_digests.get(k, 0) for k in ("valid", "mismatch", "absent")},
        },
        integrity=integrity,
        parts=tuple(pages),
    )
