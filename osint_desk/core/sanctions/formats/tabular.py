"""Reading the header-row CSV list formats (EU FSF CSV, UK lists, OpenSanctions simple CSV).

These files repeat an entry over several rows (one per name, address, birth date...), so
rows are read by header name and grouped by the entry's id, in file order. A row with more
cells than the header, or a broken quote, stops the import with the file and line.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

from osint_desk.core.sanctions.entries import ListFormatError

Row = dict[str, str]


def read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ListFormatError(f"{path}: cannot be read ({exc.strerror or exc})") from None
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
    text = read_text(path)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        for _ in range(skip):
            next(reader, None)
        header = [h.strip() for h in next(reader, [])]
        missing = [c for c in required if c not in header]
        if not header or missing:
            raise ListFormatError(f"{path}: line {reader.line_num}: the header lacks"
                                  f" {', '.join(missing) or 'every column'}; not this format")
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue
            if len(cells) > len(header):
                raise ListFormatError(
                    f"{path}: line {reader.line_num}: {len(cells)} cells where the header"
                    f" has {len(header)}; the file is damaged or not this format")
            yield reader.line_num, {h: c.strip() for h, c in zip(header, cells, strict=False)}
    except csv.Error as exc:
        raise ListFormatError(f"{path}: line {reader.line_num}: malformed CSV ({exc});"
                              " the file may be truncated") from None


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
