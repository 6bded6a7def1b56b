"""The one entry point: a path in, a CapturedSource out, or an IngestError saying why not.

Checks that need no parsing (existence, type, size, suffix) come first and the size is checked
with stat before anything is read, so a huge or special file is refused without touching it.
Nothing here writes to disk or opens a connection.
"""

from __future__ import annotations

import importlib
import os
import stat
from collections.abc import Callable
from pathlib import Path

from osint_desk.core.errors import IngestError
from osint_desk.core.ingest.captured import CapturedSource
from osint_desk.core.ingest.limits import MAX_FILE_BYTES, MAX_TEXT_BYTES
from osint_desk.core.ingest.limits import megabytes as _megabytes
from osint_desk.core.ingest.text_files import read_text_file

_TEXT_SUFFIXES = (".txt", ".md")
# Suffix -> "module:function" under core.ingest, imported when a file of that kind comes in
# (trafilatura, pypdf, warcio… take tenths of a second to import). Each reader takes the
# file's name and bytes and returns a CapturedSource or raises IngestError naming the file.
_READERS: dict[str, str] = {
    ".html": "html_pages:read_html_page", ".htm": "html_pages:read_html_page",
    ".pdf": "pdf_files:read_pdf",
    ".mhtml": "mhtml:read_mhtml", ".mht": "mhtml:read_mhtml",
    ".eml": "eml:read_eml",
    ".warc": "warc:read_warc", ".warc.gz": "warc:read_warc",
    ".wacz": "wacz:read_wacz",
    ".docx": "docx_files:read_docx",
    ".png": "images:read_image", ".jpg": "images:read_image", ".jpeg": "images:read_image",
    ".webp": "images:read_image",
}
SUPPORTED_SUFFIXES = (*_TEXT_SUFFIXES, *_READERS)


def suffix_of(name: str) -> str:
    """The suffix that says how to read ``name``: ".warc.gz" counts as one."""
    lowered = name.lower()
    if lowered.endswith(".warc.gz"):
        return ".warc.gz"
    return Path(lowered).suffix


def _reader(suffix: str) -> Callable[[str, bytes], CapturedSource]:
    module, function = _READERS[suffix].split(":")
    loaded = importlib.import_module(f"osint_desk.core.ingest.{module}")
    reader: Callable[[str, bytes], CapturedSource] = getattr(loaded, function)
    return reader


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
    suffix = suffix_of(name)
    _refuse_unsupported(name, suffix)
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
    return read_source_bytes(name, data)


def read_source_bytes(name: str, data: bytes) -> CapturedSource:
    """Read bytes already in memory (a mail's attachment, a file inside a WACZ) by ``name``'s
    suffix; the caller has bounded their size. Raises IngestError as ``read_source_file``."""
    suffix = suffix_of(name)
    _refuse_unsupported(name, suffix)
    if not data:
        raise IngestError(f"{name}: the file is empty (0 bytes)")
    if suffix in _TEXT_SUFFIXES:
        if len(data) > MAX_TEXT_BYTES:
            raise IngestError(f"{name}: the file is too large ({_megabytes(len(data))}; "
                              f"the limit for a text file is {_megabytes(MAX_TEXT_BYTES)})")
        return read_text_file(name, data, suffix)
    captured = _reader(suffix)(name, data)
    if suffix in (".html", ".htm"):
        # A page saved by SingleFile says in a comment where and when it was saved.
        from osint_desk.core.ingest.singlefile import with_singlefile_metadata

        captured = with_singlefile_metadata(captured, data)
    return captured


def _refuse_unsupported(name: str, suffix: str) -> None:
    if suffix not in SUPPORTED_SUFFIXES:
        shown = f"'{suffix}'" if suffix else "no suffix"
        raise IngestError(
            f"{name}: unsupported file type ({shown}); supported: {', '.join(SUPPORTED_SUFFIXES)}"
        )


def _read_bytes(file_path: Path, name: str, max_bytes: int) -> bytes:
    """Read at most ``max_bytes``; a file that grew past the limit since stat is refused.
    The first read asks for the file's size (``read(n)`` allocates ``n`` bytes up front, so
    asking for the limit cost 64 MiB for each small file); more is read only if it grew."""
    try:
        with open(file_path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            data = handle.read(min(size, max_bytes) + 1)
            if len(data) > size:
                data += handle.read(max_bytes + 1 - len(data))
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
