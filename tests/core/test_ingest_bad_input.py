"""Every kind of bad input: one IngestError naming the file and the reason, nothing written."""

from __future__ import annotations

import builtins
import codecs
import io
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfWriter

from osint_desk.core.errors import IngestError, OsintDeskError
from osint_desk.core.ingest import (
    MAX_FILE_BYTES,
    MAX_TEXT_BYTES,
    SUPPORTED_SUFFIXES,
    read_source_file,
)
from osint_desk.core.ingest import reader as reader_module

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
ZIP = b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(40))


def _snapshot(root: Path) -> list[tuple[str, int, int, int]]:
    """Every entry under ``root`` with size, mtime and mode: any write would show here."""
    entries = []
    for path in sorted(root.rglob("*")):
        info = path.lstat()
        entries.append((str(path.relative_to(root)), info.st_size, info.st_mtime_ns, info.st_mode))
    return entries


@pytest.fixture
def refuses(tmp_path: Path) -> Iterator[Callable[..., str]]:
    """Call ``read_source_file`` expecting an IngestError; check the message and the folder."""

    def check(path: Path, *reasons: str, **kwargs: Any) -> str:
        before = _snapshot(tmp_path)
        with pytest.raises(IngestError) as info:
            read_source_file(path, **kwargs)
        message = str(info.value)
        assert message.startswith(f"{path.name}: "), message
        assert str(path.parent) not in message, "folders must not leak into messages"
        lowered = message.lower()
        for reason in reasons:
            assert reason.lower() in lowered, (reason, message)
        assert _snapshot(tmp_path) == before, "ingest must not write anything"
        assert isinstance(info.value, OsintDeskError)
        return message

    yield check


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _pdf(*, user_password: str | None = None) -> bytes:
    """A one-page PDF with no text at all (what a scan without OCR looks like to us)."""
    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    if user_password is not None:
        writer.encrypt(user_password=user_password, owner_password="owner", algorithm="AES-256")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


# -- the path itself ---------------------------------------------------------------------


def test_missing_file(tmp_path: Path, refuses: Callable[..., str]) -> None:
    refuses(tmp_path / "gone.txt", "no such file")


def test_directory(tmp_path: Path, refuses: Callable[..., str]) -> None:
    folder = tmp_path / "looks-like-a-file.html"
    folder.mkdir()
    refuses(folder, "folder")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_named_pipe_is_refused_without_blocking(
    tmp_path: Path, refuses: Callable[..., str]
) -> None:
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    refuses(pipe, "not a regular file")


def test_unreadable_file(
    tmp_path: Path, refuses: Callable[..., str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _write(tmp_path, "private.txt", b"secret notes")

    def denied(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(13, "Permission denied", str(path))

    # Simulated, because root (CI containers) can read a chmod 000 file.
    monkeypatch.setattr(reader_module, "open", denied, raising=False)
    refuses(path, "cannot be read", "permission denied")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads anything")
def test_unreadable_file_for_real(tmp_path: Path, refuses: Callable[..., str]) -> None:
    path = _write(tmp_path, "private.txt", b"secret notes")
    path.chmod(0)
    try:
        refuses(path, "permission denied")
    finally:
        path.chmod(0o600)


@pytest.mark.parametrize("name", ["sheet.xlsx", "clip.mp4", "archive.tar.gz", "README"])
def test_unsupported_suffix(tmp_path: Path, refuses: Callable[..., str], name: str) -> None:
    message = refuses(_write(tmp_path, name, b"content"), "unsupported")
    assert ", ".join(SUPPORTED_SUFFIXES) in message


# -- size ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "limit"), [("dump.pdf", "64 MB"), ("dump.txt", "16 MB")])
def test_huge_file_is_refused_by_size_before_reading(
    tmp_path: Path,
    refuses: Callable[..., str],
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    limit: str,
) -> None:
    # Text files have their own, lower limit (MAX_TEXT_BYTES): see ingest/limits.py.
    path = tmp_path / name
    with path.open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: costs no disk and no time

    def must_not_open(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the file was opened although stat showed it is too large")

    monkeypatch.setattr(reader_module, "open", must_not_open, raising=False)
    monkeypatch.setattr(builtins, "open", must_not_open)
    started = time.perf_counter()
    message = refuses(path, "too large", "200 MB", limit)
    assert time.perf_counter() - started < 1.0
    assert MAX_FILE_BYTES == 64 * 1024 * 1024
    assert MAX_TEXT_BYTES == 16 * 1024 * 1024
    assert name in message


def test_max_bytes_can_be_lowered(tmp_path: Path, refuses: Callable[..., str]) -> None:
    path = _write(tmp_path, "big.html", b"x" * 2048)
    refuses(path, "too large", max_bytes=1024)


def test_a_file_that_grew_since_stat_is_read_whole_or_refused(
        tmp_path: Path, refuses: Callable[..., str], monkeypatch: pytest.MonkeyPatch) -> None:
    """The first read asks for the size stat gave (not the limit, which ``read`` would
    allocate up front); a file longer by then is still read to the end, within the limit."""
    path = _write(tmp_path, "grown.html", b"<p>" + b"Grown text. " * 170 + b"</p>")
    real = os.fstat
    monkeypatch.setattr(reader_module.os, "fstat",
                        lambda fd: os.stat_result((*real(fd)[:6], 10, *real(fd)[7:])))
    assert read_source_file(path).text.count("Grown text.") == 170
    refuses(path, "too large", max_bytes=1024)


# -- empty ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["empty.txt", "empty.md", "empty.html", "empty.htm", "empty.pdf"])
def test_zero_byte_file(tmp_path: Path, refuses: Callable[..., str], name: str) -> None:
    refuses(_write(tmp_path, name, b""), "empty", "0 bytes")


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("blank.txt", b"  \r\n\t\n\r\n   "),
        ("blank.md", codecs.BOM_UTF8 + b"\n\n"),
        ("blank.txt", codecs.BOM_UTF16_LE + " \n \n".encode("utf-16-le")),
        ("blank.html", b"\n\n   \n"),
    ],
)
def test_only_whitespace(
    tmp_path: Path, refuses: Callable[..., str], name: str, data: bytes
) -> None:
    refuses(_write(tmp_path, name, data), "empty", "whitespace")


# -- binary under a text name ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("photo.html", PNG, ("not an HTML page", "binary", "PNG")),
        ("page.htm", ZIP, ("not an HTML page", "binary", "ZIP")),
        ("notes.txt", PNG, ("not a text file", "binary", "PNG")),
        ("notes.txt", ZIP, ("not a text file", "binary", "ZIP")),
        ("notes.md", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", ("not a text file", "PDF")),
        ("notes.txt", b"SQLite format 3\x00" + bytes(100), ("binary", "SQLite")),
        ("data.txt", b"\x01\x02\x03\x00\xff\xfe\x00\x00\x10\x00\x7f", ("binary", "NUL")),
        ("data.html", b"<html>\x00\x00\x00\x01\x00<body>", ("not an HTML page", "NUL")),
    ],
)
def test_binary_data_under_a_text_name(
    tmp_path: Path, refuses: Callable[..., str], name: str, data: bytes, words: tuple[str, ...]
) -> None:
    refuses(_write(tmp_path, name, data), *words)


# -- undecodable text --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("broken.txt", codecs.BOM_UTF8 + b"valid start \xff\xfe\xfd then junk"),
        ("broken.md", codecs.BOM_UTF16_LE + "odd length".encode("utf-16-le") + b"\x41"),
        ("broken.html", codecs.BOM_UTF16_BE + b"\xd8\x00\x00\x41"),  # lone surrogate
        ("noise.txt", bytes(range(1, 9)) * 40),  # control characters, no NULs
    ],
)
def test_invalid_text(tmp_path: Path, refuses: Callable[..., str], name: str, data: bytes) -> None:
    refuses(_write(tmp_path, name, data), "invalid text")


# -- HTML without content ------------------------------------------------------------------


@pytest.mark.parametrize(
    "html",
    [
        "<html><head><title>x</title><script>var a = 1;</script></head>"
        "<body><nav><a href='/'>Home</a> <a href='/b'>About</a></nav></body></html>",
        "<!doctype html><html><head><title>App</title></head><body><div id='root'></div>"
        "<script src='app.js'></script><noscript>Enable JavaScript to run this app."
        "</noscript></body></html>",
        "<html><body><!-- nothing but a comment --></body></html>",
    ],
)
def test_html_without_main_text(tmp_path: Path, refuses: Callable[..., str], html: str) -> None:
    refuses(_write(tmp_path, "shell.html", html.encode()), "no main text")


# -- PDF -----------------------------------------------------------------------------------


def test_truncated_pdf(tmp_path: Path, refuses: Callable[..., str]) -> None:
    data = _pdf()
    refuses(_write(tmp_path, "cut.pdf", data[: len(data) // 2]), "corrupt or truncated")


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"%PDF-1.4\n" + bytes(range(256)) * 4, ("corrupt or truncated",)),
        (b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n%%EOF", ("corrupt",)),
        (b"This is a plain text file with a .pdf name.\n", ("not a PDF", "no %PDF header")),
        (PNG, ("not a PDF", "PNG")),
    ],
)
def test_garbage_pdf(
    tmp_path: Path, refuses: Callable[..., str], data: bytes, words: tuple[str, ...]
) -> None:
    refuses(_write(tmp_path, "garbage.pdf", data), *words)


def test_password_protected_pdf(tmp_path: Path, refuses: Callable[..., str]) -> None:
    path = _write(tmp_path, "locked.pdf", _pdf(user_password="s3cret"))
    refuses(path, "is encrypted and needs a password")


def test_pdf_without_text_is_probably_a_scan(tmp_path: Path, refuses: Callable[..., str]) -> None:
    refuses(_write(tmp_path, "scan.pdf", _pdf()), "no extractable text", "scanned image")


# -- path types ------------------------------------------------------------------------------


def test_str_paths_work_too(tmp_path: Path) -> None:
    path = tmp_path / "missing.md"
    with pytest.raises(IngestError, match=r"^missing\.md: no such file$"):
        read_source_file(str(path))
