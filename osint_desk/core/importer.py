"""Importing many files into a case, one whole file (with its parts) per transaction.

Fronts (the CLI, the GUI's import worker) share this loop so that both keep the same promise:
an interrupted run (Cancel, Ctrl+C, a killed process, a power cut) leaves exactly the files
finished before it in the case, each complete with its text, original bytes, search entry and
audit row, and nothing half-written. One bad file never stops the others.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from osint_desk.core.dates import PartialDate
from osint_desk.core.errors import (
    DuplicateSourceError,
    IngestError,
    ReadOnlyCaseError,
    ValidationError,
)
from osint_desk.core.ingest import CapturedSource, read_source_file
from osint_desk.core.model import normalize_reliability
from osint_desk.core.store import CaseStore, drivers

ImportStatus = Literal["imported", "duplicate", "failed"]


@dataclass(frozen=True)
class ImportOutcome:
    """What happened to one file; ``source_id`` is the new source, or the existing duplicate."""

    path: str
    status: ImportStatus
    source_id: str | None
    message: str
    warnings: tuple[str, ...] = ()
    title: str | None = None
    #: The sources found inside this file (a WARC's pages, a mail's attachments), each
    #: imported or found a duplicate; ``path`` of each is the file's, ``message`` names it.
    parts: tuple[ImportOutcome, ...] = ()
    integrity: str | None = None


@dataclass(frozen=True)
class _Options:
    title: str | None
    url: str | None
    published: PartialDate | None
    retrieved: PartialDate | None
    reliability: str | None


def import_files(
    store: CaseStore,
    paths: Iterable[str | os.PathLike[str]],
    *,
    title: str | None = None,
    url: str | None = None,
    published: str | PartialDate | None = None,
    retrieved: str | PartialDate | None = None,
    reliability: str | None = None,
) -> Iterator[ImportOutcome]:
    """Import ``paths`` one by one, yielding an outcome per file as soon as it is stored.

    The options are checked here, when the function is called, so a bad date or grade raises
    ValidationError before any file is read or anything is written. ``title`` and ``url``
    describe one document, so they are refused with several files. Consume the iterator to do
    the work; stopping early keeps the files already done.
    """
    files = [os.fspath(path) for path in paths]
    options = _Options(
        title=_check_title(title, len(files)),
        url=_check_url(url, len(files)),
        published=_check_date(published, "publication date"),
        retrieved=_check_date(retrieved, "retrieval date"),
        reliability=normalize_reliability(reliability),
    )
    if store.read_only:
        # Refuse now rather than once per file.
        raise ReadOnlyCaseError("this case is open read-only; nothing can be imported")
    return _run(store, files, options)


def _check_title(title: str | None, count: int) -> str | None:
    if title is None:
        return None
    if not title.strip():
        raise ValidationError("the title is empty")
    if count > 1:
        raise ValidationError(
            f"a title names one source; it cannot be given when importing {count} files"
        )
    return title


def _check_url(url: str | None, count: int) -> str | None:
    if url is None:
        return None
    cleaned = url.strip()
    if not cleaned:
        raise ValidationError("the URL is empty")
    if any(char.isspace() for char in cleaned):
        raise ValidationError(f"{url!r} is not a URL (it contains spaces)")
    if count > 1:
        raise ValidationError(
            f"a URL names one source; it cannot be given when importing {count} files"
        )
    return cleaned


def _check_date(value: str | PartialDate | None, what: str) -> PartialDate | None:
    if value is None or isinstance(value, PartialDate):
        return value
    if not value.strip():
        return None
    try:
        return PartialDate.parse(value)
    except ValidationError as exc:
        raise ValidationError(f"the {what}: {exc}") from None


def _now() -> PartialDate:
    """The capture instant: UTC, to the second."""
    return PartialDate.parse(dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))


def _run(store: CaseStore, files: list[str], options: _Options) -> Iterator[ImportOutcome]:
    for path in files:
        yield _import_one(store, path, options)


def _import_one(store: CaseStore, path: str, options: _Options) -> ImportOutcome:
    name = Path(path).name or path
    try:
        captured = read_source_file(path)
    except IngestError as exc:
        return ImportOutcome(path, "failed", None, _naming(name, str(exc)))
    except Exception as exc:  # a reader's bug on this one file
        # A parser (lxml, pypdf, trafilatura…) failing in a way nobody foresaw is this file's
        # failure, reported with it; the other files are still imported.
        return ImportOutcome(path, "failed", None, _unexpected(name, "read", exc))
    try:
        # One transaction: the source, its parts, their blobs, search entries and audit rows
        # are committed together or not at all.
        with store.transaction():
            return _store(store, path, name, captured, options, None)
    except _Refused as refused:
        return refused.outcome
    except drivers.Error as exc:  # e.g. a value the database refuses: its transaction is undone
        return ImportOutcome(path, "failed", None, _unexpected(name, "stored", exc),
                             captured.warnings)


class _Refused(Exception):
    """The file (or its container) could not be stored: undo the whole file."""

    def __init__(self, outcome: ImportOutcome) -> None:
        super().__init__(outcome.message)
        self.outcome = outcome


def _store(store: CaseStore, path: str, name: str, captured: CapturedSource,
           options: _Options, part_of: str | None) -> ImportOutcome:
    """Store ``captured`` (and its parts, linked to it); the options apply to the file, and
    to a part only where the part says nothing itself."""
    top = part_of is None
    # A part is named "file › part" (a reader may have named it so already).
    label = name if top else captured.filename if captured.filename.startswith(
        f"{name} › ") else f"{name} › {captured.filename}"
    title = ((options.title if top else None) or (captured.title or "").strip()
             or Path(captured.filename).stem or captured.filename or name)
    try:
        source = store.sources.add(
            text=captured.text,
            title=title,
            kind=captured.kind,
            url=(options.url if top else None) or captured.url,
            outlet=captured.outlet,
            author=captured.author,
            published=(options.published if top else None) or captured.published,
            retrieved=options.retrieved or captured.retrieved or _now(),
            language=captured.language,
            reliability=options.reliability,
            original=captured.original,
            media_type=captured.media_type,
            original_filename=captured.filename,
            page_map=captured.page_map,
            capture=captured.capture,
            integrity=captured.integrity,
            part_of=part_of,
        )
    except DuplicateSourceError as exc:
        # A container already here brought its parts with it: they are not read again.
        return ImportOutcome(path, "duplicate", exc.existing_id, _naming(label, str(exc)),
                             captured.warnings, integrity=captured.integrity)
    except (IngestError, ValidationError) as exc:
        outcome = ImportOutcome(path, "failed", None, _naming(label, str(exc)),
                                captured.warnings, integrity=captured.integrity)
        if top:
            raise _Refused(outcome) from None
        return outcome
    from osint_desk.core.store.watch import watch_new_source  # (regex: loaded when needed)

    watch_new_source(store, source.id)  # the case's watch terms flag it (no terms: free)
    parts = tuple(_store(store, path, name, part, options, source.id)
                  for part in captured.parts)
    message = f"{label}: imported as {source.title!r}"
    if parts:
        stored = sum(part.status == "imported" for part in parts)
        message += f" with {stored} of {len(parts)} part{'s' if len(parts) != 1 else ''}"
    return ImportOutcome(path, "imported", source.id, message, captured.warnings,
                         source.title, parts, captured.integrity)


def _unexpected(name: str, doing: str, exc: Exception) -> str:
    detail = " ".join(str(exc).split())[:300] or "no message"
    return (f"{name}: could not be {doing} (unexpected {type(exc).__name__}: {detail});"
            " nothing of it was kept")


def _naming(name: str, message: str) -> str:
    """Messages shown for a file start with its name, whoever raised them."""
    return message if message.startswith(name) else f"{name}: {message}"
