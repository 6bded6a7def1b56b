"""WARC files (ISO 28500): the file kept whole as the evidence, each HTML page as a source.

A WARC is what Webrecorder, Browsertrix, Heritrix or wget leave behind: a run of records
(request, response, resource, revisit, metadata…), each with its own date, target URI and
digests. The file itself becomes the source (its bytes untouched, a listing of its records as
text); every 2xx HTML response or resource becomes a part, with the record's URI as URL and its
WARC-Date as retrieval date. Each record's digests are checked here (``warc_digests``) and the
verdicts are shown, record by record and for the file. Nothing referenced is ever fetched.

A page's ``original`` is its body as the browser saw it: chunked transfer coding and
gzip/deflate content coding removed (the bytes as recorded stay in the WARC's own original).
"""

from __future__ import annotations

import io
import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from warcio.archiveiterator import ArchiveIterator

from osint_desk.core.errors import IngestError
from osint_desk.core.ingest.captured import CapturedSource, Integrity
from osint_desk.core.ingest.warc_records import (
    WarcRecord,
    date_of,
    gunzip,
    is_page,
    listing_line,
    load_record,
    page_of,
    warc_fields,
)
from osint_desk.core.model import SourceKind

#: Records read from one WARC; a crawl of one site for a case has hundreds. Past it the
#: rest is left unread (the file is still kept whole) with a warning.
MAX_WARC_RECORDS = 10_000
#: Pages imported from one WARC (or WACZ) as sources of their own; more is a crawl to
#: browse in a replay tool, not evidence to cite page by page.
MAX_WARC_PAGES = 500
#: Wall time for reading the pages of one file (trafilatura takes 0.05-3 s a page); pages
#: after it are listed and counted but not imported, with a warning.
MAX_WARC_PAGE_SECONDS = 300.0

#: Warnings kept for one file: past a few hundred nobody reads them; the counts say the rest.
MAX_WARNINGS = 200
_LISTED = frozenset({"response", "resource", "revisit"})
_MAX_SHOWN = 100  # record ids in capture["mismatched"], mismatch warnings


@dataclass
class WarcScan:
    """What one WARC says about itself; ``read_warc`` and the WACZ reader both build on it."""

    warcinfo: dict[str, str] = field(default_factory=dict)
    first_date: str | None = None
    records: Counter[str] = field(default_factory=Counter)
    digests: Counter[str] = field(default_factory=Counter)
    mismatched: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    pages: list[CapturedSource] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    pages_left: int = 0  # HTML pages found but not imported (over a bound)

    @property
    def integrity(self) -> Integrity:
        return integrity_of(self.digests)


def integrity_of(counts: Mapping[str, int]) -> Integrity:
    """Any mismatch wins; else valid if anything was checked; else absent."""
    if counts.get("mismatch"):
        return "mismatch"
    return "valid" if counts.get("valid") else "absent"


def _note_record(scan: WarcScan, rec: WarcRecord) -> None:
    scan.records[rec.kind] += 1
    scan.digests[rec.check.status] += 1
    if scan.first_date is None:
        scan.first_date = rec.header("WARC-Date")
    if rec.kind == "warcinfo" and not scan.warcinfo:
        scan.warcinfo = warc_fields(rec.block)
    if rec.kind in _LISTED or rec.check.status == "mismatch":
        scan.lines.append(listing_line(rec))
    if rec.declared is None:
        scan.warnings.append(f"record {rec.label()} has no Content-Length: the file is "
                             "truncated or damaged there")
    elif rec.declared > len(rec.block):
        scan.warnings.append(f"record {rec.label()} is truncated ({len(rec.block):,} of "
                             f"{rec.declared:,} bytes): the file ends inside it")
    if rec.check.status == "mismatch" and len(scan.mismatched) < _MAX_SHOWN:
        scan.mismatched.append(rec.label())
        which = ("block and payload digests do not" if rec.check.block == rec.check.payload
                 else f"{'block' if rec.check.block == 'mismatch' else 'payload'} digest does not")
        scan.warnings.append(f"record {rec.label()}: the {which} match "
                             "(the record was changed or damaged after it was written)")
    for note in rec.check.notes:
        if "cannot check" in note or "is not base32" in note:
            scan.warnings.append(f"record {rec.label()}: {note}")


def scan_warc(
    name: str, data: bytes, *, prefix: str | None = None,
    titles: Mapping[str, str] | None = None, page_budget: int | None = None,
    deadline: float | None = None,
) -> WarcScan:
    """Read and check every record of a WARC (.warc or .warc.gz bytes) and its HTML pages.

    ``prefix`` starts the pages' filenames (default ``name``); ``titles`` maps a target URI
    to a title (a WACZ's pages.jsonl); ``page_budget`` and ``deadline`` (time.monotonic())
    bound the pages read, shared by the WARCs of one WACZ.
    """
    scan = WarcScan()
    page_budget = MAX_WARC_PAGES if page_budget is None else page_budget
    plain = data
    if data[:2] == b"\x1f\x8b":
        plain, damage = gunzip(name, data)
        scan.warnings += damage
    if plain[:4096].lstrip()[:5] != b"WARC/":
        raise IngestError(f"{name}: not a WARC file (it does not start with a WARC/1.x record)")
    deadline = deadline if deadline is not None else time.monotonic() + MAX_WARC_PAGE_SECONDS
    # warcio also prints a note on stderr when a record is not followed by its blank lines;
    # ``err_count`` counts those notes, and the warning below says it to the user.
    archive = ArchiveIterator(io.BytesIO(plain), no_record_parse=True)
    iterator = iter(archive)
    count = 0
    while True:
        try:
            record = next(iterator)
            if record.format != "warc":
                raise IngestError(f"{name}: an ARC file, not WARC; convert it first "
                                  "(warcio recompress or arc2warc)")
            kind = (record.rec_headers.get_header("WARC-Type") or "unknown").strip()
            rec = load_record(record, kind.lower()[:32])
        except StopIteration:
            break
        except IngestError:
            raise
        except Exception as exc:  # warcio raises many kinds on damaged input
            if count == 0:
                raise IngestError(f"{name}: not a readable WARC file ({str(exc)[:200]})") from None
            scan.warnings.append(f"the file is damaged after record {count:,} "
                                 f"({str(exc)[:200]}); the records before it were read")
            break
        count += 1
        _note_record(scan, rec)
        if is_page(rec):
            if len(scan.pages) >= page_budget or time.monotonic() > deadline:
                scan.pages_left += 1
            else:
                uri = rec.uri or ""
                try:
                    scan.pages.append(page_of(prefix or name, rec, (titles or {}).get(uri)))
                except IngestError as exc:
                    scan.warnings.append(f"page not imported: {exc}")
                except Exception as exc:  # a page reader's bug loses that page, not the file
                    scan.warnings.append(
                        f"page not imported: {rec.label()} (unexpected {type(exc).__name__}: "
                        f"{str(exc)[:200]})")
        if count >= MAX_WARC_RECORDS:
            scan.warnings.append(f"only the first {MAX_WARC_RECORDS:,} records were read "
                                 "(the limit for one WARC); the file is kept whole")
            break
    if archive.err_count:
        scan.warnings.append("some record's Content-Length does not match its data; "
                             "records after it may be misread")
    if scan.digests.get("mismatch", 0) > len(scan.mismatched):
        scan.warnings.append(f"… and {scan.digests['mismatch'] - len(scan.mismatched):,} more "
                             "records whose digest does not match")
    if scan.pages_left:
        scan.warnings.append(
            f"{scan.pages_left:,} more HTML pages were not imported as sources (the limit is "
            f"{page_budget:,} pages and {MAX_WARC_PAGE_SECONDS:.0f} s per file); they are "
            "listed in the text and kept in the file")
    if scan.digests.get("absent") and scan.digests.get("valid"):
        scan.warnings.append(f"{scan.digests['absent']:,} records carry no digest and could "
                             "not be checked")
    scan.warnings = capped(scan.warnings)
    return scan


def capped(warnings: list[str], limit: int = MAX_WARNINGS) -> list[str]:
    """At most ``limit`` warnings, the last saying how many more there were."""
    if len(warnings) <= limit:
        return warnings
    return [*warnings[:limit], f"… and {len(warnings) - limit:,} more warnings"]


def summary_lines(scan: WarcScan) -> list[str]:
    """The count of records by type and the digest verdicts, for a listing's head."""
    by_type = ", ".join(f"{n:,} {kind}" for kind, n in sorted(scan.records.items()))
    total = sum(scan.records.values())
    return [
        f"{total:,} records ({by_type or 'none'}); {len(scan.pages):,} pages imported",
        "Digests: " + ", ".join(f"{scan.digests.get(k, 0):,} {k}"
                                for k in ("valid", "mismatch", "absent")),
    ]


def read_warc(name: str, data: bytes) -> CapturedSource:
    """A .warc or .warc.gz file: kept whole, its records listed and checked, pages as parts."""
    scan = scan_warc(name, data)
    title = scan.warcinfo.get("isPartOf") or scan.warcinfo.get("title") or name
    text = "\n".join([f"WARC file {name}", *summary_lines(scan), "", *scan.lines])
    capture: dict[str, object] = {
        "format": "warc",
        "warcinfo": scan.warcinfo,
        "records": dict(scan.records),
        "digests": {k: scan.digests.get(k, 0) for k in ("valid", "mismatch", "absent")},
        "mismatched": scan.mismatched,
        "pages": len(scan.pages),
    }
    return CapturedSource(
        filename=name,
        kind=SourceKind.DOCUMENT,
        media_type="application/warc",
        original=data,
        text=text,
        title=title[:300],
        retrieved=date_of(scan.first_date),
        warnings=tuple(scan.warnings),
        capture=capture,
        integrity=scan.integrity,
        parts=tuple(scan.pages),
    )
