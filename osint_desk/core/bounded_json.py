"""JSON lines read with bounds: line length, nesting depth, and no lone surrogates.

Shared by the two FollowTheMoney readers (``exports.ftm_read`` for ``import-ftm`` and
``sanctions.formats.ftm_json`` for ``lists import``), so a hostile file fails the same way in
both: with the file, the line and the limit, never a ``RecursionError``, a
``UnicodeEncodeError`` when the text is stored, or a whole file read into one line.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

from osint_desk.core.errors import OsintDeskError

#: An FtM entity is 3 levels deep (entity, properties, value list); nested exports of the API
#: reach about 10. 32 leaves room and stays far below Python's recursion limit (1000), so
#: nothing that walks the data afterwards can overflow the stack.
MAX_DEPTH = 32
#: The longest entity lines OpenSanctions publishes are well under 1 MiB; 16 MiB bounds what
#: one line can cost in memory (a line is parsed whole) without refusing a real file.
MAX_LINE_BYTES = 16 * 2**20

# A JSON string, and one innermost array or object (no brackets inside); both match in C.
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_INNERMOST = re.compile(r"\[[^\[\]{}]*\]|\{[^\[\]{}]*\}")
# Only non-BMP characters are written as surrogate escapes; other text never needs the check.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


class JsonLineError(ValueError):
    """One line is not acceptable JSON; the message says why, without file or line.

    ``bounded``: the line is JSON but breaks a bound (depth, surrogates), so a format
    detector may still recognise it and leave the message to the reader.
    """

    def __init__(self, message: str, *, bounded: bool = True) -> None:
        super().__init__(message)
        self.bounded = bounded


class _Digest(Protocol):
    def update(self, data: bytes, /) -> None: ...


def loads(text: str, max_depth: int = MAX_DEPTH) -> Any:
    """``json.loads`` refusing nesting deeper than ``max_depth`` and lone surrogates.

    Both checks work on the text with regular expressions (C speed, linear) and only when
    the text could fail them: more brackets than ``max_depth``, or a surrogate escape.
    """
    try:
        data = json.loads(text)
    except RecursionError:
        raise JsonLineError(f"nested deeper than {max_depth} levels") from None
    except ValueError as exc:
        raise JsonLineError(f"not JSON ({exc}); the file may be truncated, or not JSON lines"
                            " (one entity per line)", bounded=False) from None
    if text.count("[") + text.count("{") > max_depth and _deeper_than(text, max_depth):
        raise JsonLineError(f"nested deeper than {max_depth} levels")
    if _SURROGATE_ESCAPE.search(text):
        try:  # a valid pair is one character again; a lone half cannot be encoded
            json.dumps(data, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            raise JsonLineError("holds a broken character escape (a lone UTF-16"
                                " surrogate)") from None
    return data


def _deeper_than(text: str, max_depth: int) -> bool:
    """Whether valid JSON ``text`` nests deeper than ``max_depth``: strings removed, each
    pass removes the innermost level; brackets left after ``max_depth`` passes are deeper."""
    skeleton = _STRING.sub("", text)
    for _ in range(max_depth):
        skeleton, found = _INNERMOST.subn("", skeleton)
        if not found:
            return False
    return any(c in skeleton for c in "[{")


def json_lines(path: Path, error: type[OsintDeskError], *, max_bytes: int,
               max_line_bytes: int = MAX_LINE_BYTES, max_depth: int = MAX_DEPTH,
               digest: _Digest | None = None) -> Iterator[tuple[int, Any]]:
    """(line number, value) for each non-blank line of a UTF-8 JSON lines file.

    Lines are split on ``\\n`` only (JSON strings may hold U+2028 and other characters that
    ``splitlines`` splits on). Every problem raises ``error`` naming the file, the line and
    the limit. ``digest`` is fed every byte read, so the caller hashes the file in one pass.
    """
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise error(f"{path}: cannot be read ({exc.strerror or exc})") from None
    total = 0
    with handle:
        for number in itertools.count(1):
            try:
                raw = handle.readline(max_line_bytes + 1)
            except OSError as exc:
                raise error(f"{path}: cannot be read ({exc.strerror or exc})") from None
            if not raw:
                return
            if digest is not None:
                digest.update(raw)
            total += len(raw)
            if len(raw) > max_line_bytes:
                raise error(f"{path}: line {number}: longer than {max_line_bytes // 2**20} MiB"
                            " (the limit for one JSON line); not JSON lines, or damaged")
            if total > max_bytes:
                raise error(f"{path}: larger than {max_bytes // 2**20} MiB, the most this"
                            " reader takes; filter the file first")
            bom = 3 if number == 1 and raw.startswith(b"\xef\xbb\xbf") else 0
            try:
                text = raw[bom:].decode("utf-8")
            except UnicodeDecodeError as exc:
                raise error(f"{path}: line {number}: not UTF-8 text (byte"
                            f" {total - len(raw) + bom + exc.start}); JSON lines are UTF-8"
                            ) from None
            if not text.strip():
                continue
            try:
                yield number, loads(text, max_depth)
            except JsonLineError as exc:
                raise error(f"{path}: line {number}: {exc}") from None
