"""Reading the header-row CSV list formats (EU FSF CSV, UK lists, OpenSanctions simple CSV).

These files repeat an entry over several rows (one per name, address, birth date...), so
rows are read by header name and grouped by the entry's id, in file order. A row with more
cells than the header, or a broken quote, stops the import with the file and line.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

from osint_desk.core.sanctions.entries import ListFormatError
from osint_desk.core.sanctions.limits import (
    MAX_CSV_BYTES,
    MAX_CSV_COLUMNS,
    MAX_CSV_FIELD_CHARS,
    MAX_CSV_ROW_CHARS,
)

Row = dict[str, str]
_LINE_END = re.compile(r"\r\n?|\n")


def read_bytes(path: Path) -> bytes:
    """The whole file, refused past ``MAX_CSV_BYTES`` (CSV lists are read whole)."""
    try:
        size = path.stat().st_size
        if size > MAX_CSV_BYTES:
            raise ListFormatError(f"{path}: {size // 2**20} MiB, more than the"
                                  f" {MAX_CSV_BYTES // 2**20} MiB a CSV list file may have")
        return path.read_bytes()
    except OSError as exc:
        raise ListFormatError(f"{path}: cannot be read ({exc.strerror or exc})") from None


class RowFeed:
    """Lines for ``csv.reader`` that refuse a row longer than ``MAX_CSV_ROW_CHARS``: the reader
    builds a whole row before anyone can count its cells, so the bound must come first. The
    caller sets ``used = 0`` after each row."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.text = text
        self.position = 0
        self.used = 0
        self.line = 0

    def __iter__(self) -> RowFeed:
        return self

    def __next__(self) -> str:
        """The next line with its line end (as ``newline=""`` reads it), measured before it
        is copied out of the text (``io.StringIO`` would hold four bytes a character)."""
        start = self.position
        if start >= len(self.text):
            raise StopIteration
        found = _LINE_END.search(self.text, start)
        stop = found.end() if found else len(self.text)
        self.line += 1
        self.used += stop - start
        if self.used > MAX_CSV_ROW_CHARS:
            raise ListFormatError(
                f"{self.path}: line {self.line}: a row longer than {MAX_CSV_ROW_CHARS:,}"
                " characters (the limit for one CSV row); the file is damaged or not CSV")
        self.position = stop
        return self.text[start:stop]


def check_fields(path: Path, line: int, cells: list[str]) -> None:
    """Refuse a field over ``MAX_CSV_FIELD_CHARS`` ourselves: ``csv.field_size_limit()`` is
    process-wide, and other libraries change it (followthemoney sets its own on import)."""
    if cells and max(map(len, cells)) > MAX_CSV_FIELD_CHARS:
        raise _field_too_long(path, line)


def _field_too_long(path: Path, line: int) -> ListFormatError:
    return ListFormatError(
        f"{path}: line {line}: a field longer than {MAX_CSV_FIELD_CHARS:,} characters (the"
        " limit for one CSV field); the file is damaged or not this format")


def csv_problem(path: Path, line: int, exc: csv.Error) -> ListFormatError:
    """A ``csv.Error`` as a message for the user, naming the field limit when it is that."""
    if "field limit" in str(exc):
        return _field_too_long(path, line)
    return ListFormatError(f"{path}: line {line}: malformed CSV ({exc}); the file may be"
                           " truncated")


def read_text(path: Path) -> str:
    data = read_bytes(path)
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ListFormatError(f"{path}: a binary file, not a CSV list")
    for encoding in ("utf-8-sig", "utf-16") if data[:2] in (b"\xff\xfe", b"\xfe\xff") else (
            "utf-8-sig",):
        try:
            return data.decode(encoding).rstrip("\x1a")
        except UnicodeDecodeError:
            continue
    return data.decode("cp1252", errors="replace").rstrip("\x1a")


def head_lines(path: Path, count: int = 3) -> list[str]:
    """The first lines, for format detection (never the whole file)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(1 << 15)
    except OSError:
        return []
    text = head.decode("utf-8-sig", errors="replace")
    return text.splitlines()[:count]


def rows(path: Path, *, delimiter: str = ",", skip: int = 0,
         required: tuple[str, ...] = ()) -> Iterator[tuple[int, Row]]:
    """(line number, {header: stripped cell}) after ``skip`` banner lines and the header."""
    feed = RowFeed(path, read_text(path))
    reader = csv.reader(feed, delimiter=delimiter, strict=True)
    try:
        for _ in range(skip):
            next(reader, None)
            feed.used = 0
        raw_header = next(reader, [])
        check_fields(path, reader.line_num, raw_header)
        header = [h.strip() for h in raw_header]
        feed.used = 0
        if len(header) > MAX_CSV_COLUMNS:
            raise ListFormatError(f"{path}: line {reader.line_num}: a header of"
                                  f" {len(header):,} columns, more than the {MAX_CSV_COLUMNS:,}"
                                  " a list file may have")
        missing = [c for c in required if c not in header]
        if not header or missing:
            raise ListFormatError(f"{path}: line {reader.line_num}: the header lacks"
                                  f" {', '.join(missing) or 'every column'}; not this format")
        for cells in reader:
            feed.used = 0
            check_fields(path, reader.line_num, cells)
            if not any(c.strip() for c in cells):
                continue
            if len(cells) > min(len(header), MAX_CSV_COLUMNS):
                raise ListFormatError(
                    f"{path}: line {reader.line_num}: {len(cells)} cells where the header"
                    f" has {len(header)}; the file is damaged or not this format")
            yield reader.line_num, {h: c.strip() for h, c in zip(header, cells, strict=False)}
    except csv.Error as exc:
        raise csv_problem(path, reader.line_num, exc) from None


def dmy(text: str | None) -> str | None:
    """``28/04/1937`` → 1937-04-28; ``00/00/1965`` → 1965; ``00/06/1965`` → 1965-06."""
    match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", (text or "").strip())
    if not match:
        return None
    day, month, year = (int(g) for g in match.groups())
    if not month:
        return f"{year:04d}"
    return f"{year:04d}-{month:02d}" if not day else f"{year:04d}-{month:02d}-{day:02d}"


def split_multi(text: str | None, sep: str = ";") -> list[str]:
    return [p.strip() for p in (text or "").split(sep) if p.strip()]
