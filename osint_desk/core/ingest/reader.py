"""The one entry point: a path in, a CapturedSource out, or an IngestError saying why not.

Checks that need no parsing (existence, type, size, suffix) come first and the size is checked
with stat before anything is read, so a huge or special file is refused without touching it.
Nothing here writes to disk or opens a connection.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from osint_desk.core.errors import IngestError
from osint_desk.core.ingest.captured import CapturedSource
from osint_desk.core.ingest.limits import MAX_FILE_BYTES, MAX_TEXT_BYTES
from osint_desk.core.ingest.limits import megabytes as _megabytes
from osint_desk.core.ingest.text_files import read_text_file

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf")
_TEXT_SUFFIXES = (".txt", ".md")


def read_source_file(
    path: str | os.PathLike[str], *, max_bytes: int = MAX_FILE_BYTES
) -> CapturedSource:
    """Read one file into a CapturedSource; raise IngestError naming the file on bad input.

    Only the file's name (never its folder) appears in messages and in the result, so the
    analyst's directory layout does not leak into a case or a report.
    """
    file_path = Path(os.fspath(path))
    name = file_path.name or str(file_path)
    try:
        info = file_path.stat()
    except FileNotFoundError:
        raise IngestError(f"{name}: no such file") from None
    except PermissionError:
        raise IngestError(f"{name}: cannot be read (permission denied)") from None
    except OSError as exc:
        raise IngestError(f"{name}: cannot be read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(info.st_mode):
        raise IngestError(f"{name}: is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise IngestError(f"{name}: not a regular file (device, pipe or socket)")
    suffix = file_path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        shown = f"'{file_path.suffix}'" if file_path.suffix else "no suffix"
        raise IngestError(
            f"{name}: unsupported file type ({shown}); supported: {', '.join(SUPPORTED_SUFFIXES)}"
        )
    if suffix in _TEXT_SUFFIXES and max_bytes > MAX_TEXT_BYTES:
        max_bytes = MAX_TEXT_BYTES
        what = "the limit for a text file"
    else:
        what = "the limit"
    if info.st_size > max_bytes:
        raise IngestError(
            f"{name}: the file is too large ({_megabytes(info.st_size)}; "
            f"{what} is {_megabytes(max_bytes)}; split it into smaller files)"
        )
    if info.st_size == 0:
        raise IngestError(f"{name}: the file is empty (0 bytes)")
    data = _read_bytes(file_path, name, max_bytes)
    if suffix in _TEXT_SUFFIXES:
        return read_text_file(name, data, suffix)
    # trafilatura and pypdf take ~0.3 s to import: load them only when a page or PDF comes in.
    if suffix in (".html", ".htm"):
        from osint_desk.core.ingest.html_pages import read_html_page

        return read_html_page(name, data)
    from osint_desk.core.ingest.pdf_files import read_pdf

    return read_pdf(name, data)


def _read_bytes(file_path: Path, name: str, max_bytes: int) -> bytes:
    """Read at most ``max_bytes``; a file that grew past the limit since stat is refused."""
    try:
        with open(file_path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except PermissionError:
        raise IngestError(f"{name}: cannot be read (permission denied)") from None
    except IsADirectoryError:
        raise IngestError(f"{name}: is a folder, not a file") from None
    except OSError as exc:
        raise IngestError(f"{name}: cannot be read ({exc.strerror or exc})") from None
    if len(data) > max_bytes:
        raise IngestError(
            f"{name}: the file is too large (over the limit of {_megabytes(max_bytes)})"
        )
    if not data:
        raise IngestError(f"{name}: the file is empty (0 bytes)")
    return data
