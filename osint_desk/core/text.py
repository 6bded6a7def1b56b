"""Text rules every layer shares: line endings, grapheme boundaries, offsets, folding.

Offsets into a source's text are Python code-point indexes. Qt counts UTF-16 code units and
returns line breaks as U+2029, so the conversion from Qt lives here, in one tested place.
"""

from __future__ import annotations

import functools
import hashlib
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import regex
# Characters Qt's QTextDocument uses for line/paragraph breaks in plain-text selections.
_QT_BREAKS = str.maketrans({"\u2029": "\n", "\u2028": "\n"})


def normalize_newlines(text: str) -> str:
    """Every line ending (CRLF, CR, NEL, LS, PS) becomes ``\\n``."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\u0085", "\n").replace("\u2028", "\n").replace("\u2029", "\n")


def sha256_text(text: str) -> str:
    """The SHA-256 of the text's UTF-8 bytes, as stored in ``text_sha256``."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@functools.cache
def _grapheme() -> regex.Pattern[str]:
    """Grapheme clusters (UAX #29); the regex module loads on first use, not at start."""
    import regex

    return regex.compile(r"\X")


def _line_bounds(text: str, offset: int) -> tuple[int, int]:
    # "\n" is always a grapheme boundary (UAX #29 GB4/GB5), so a line is a closed world.
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return start, (len(text) if end == -1 else end)


def is_grapheme_boundary(text: str, offset: int) -> bool:
    """True when ``offset`` does not split a user-perceived character."""
    if offset <= 0 or offset >= len(text):
        return 0 <= offset <= len(text)
    start, end = _line_bounds(text, offset)
    if offset in (start, end):
        return True
    pos = start
    for match in _grapheme().finditer(text, start, end):
        pos = int(match.end())
        if pos >= offset:
            return pos == offset
    return pos == offset


def grapheme_bounds(text: str, offset: int) -> tuple[int, int]:
    """The start and end of the grapheme cluster containing ``offset``."""
    start, end = _line_bounds(text, offset)
    for match in _grapheme().finditer(text, start, end):
        if match.start() <= offset < match.end():
            return match.start(), match.end()
    return offset, offset


def snap_to_graphemes(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a range so that it neither starts nor ends inside a grapheme cluster."""
    if 0 < start < len(text) and not is_grapheme_boundary(text, start):
        start = grapheme_bounds(text, start)[0]
    if 0 < end < len(text) and not is_grapheme_boundary(text, end):
        end = grapheme_bounds(text, end)[1]
    return start, end


def utf16_to_index(text: str, utf16_pos: int) -> int:
    """Code-point index of a UTF-16 position (as Qt's QTextCursor reports it) in ``text``."""
    if utf16_pos < 0:
        raise ValueError("negative position")
    units = 0
    for index, char in enumerate(text):
        if units >= utf16_pos:
            return index
        units += 2 if ord(char) > 0xFFFF else 1
    if units >= utf16_pos:
        return len(text)
    raise ValueError(f"UTF-16 position {utf16_pos} is past the end of the text")


def index_to_utf16(text: str, index: int) -> int:
    """UTF-16 position of a code-point index, for handing a range back to Qt."""
    if not 0 <= index <= len(text):
        raise ValueError(f"index {index} outside the text")
    prefix = text[:index]
    return len(prefix) + sum(1 for char in prefix if ord(char) > 0xFFFF)


def qt_selection_to_range(text: str, utf16_start: int, utf16_end: int) -> tuple[int, int]:
    """Python ``(start, end)`` for a Qt selection over the same text, in either direction."""
    lo, hi = sorted((utf16_start, utf16_end))
    return utf16_to_index(text, lo), utf16_to_index(text, hi)


def qt_text_to_python(qt_text: str) -> str:
    """Qt's selectedText() uses U+2029 for line breaks; turn them back into ``\\n``."""
    return qt_text.translate(_QT_BREAKS)


def fold(text: str) -> str:
    """Lowercase without diacritics, for name comparison (``Müller`` -> ``muller``)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def is_cjk(char: str) -> bool:
    """True for characters of scripts written without spaces between words."""
    code = ord(char)
    return (
        0x2E80 <= code <= 0x9FFF  # CJK radicals, kana, CJK unified ideographs
        or 0xAC00 <= code <= 0xD7AF  # Hangul syllables (often unspaced in names)
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x3134F
        or 0x0E00 <= code <= 0x0E7F  # Thai
    )


def has_cjk(text: str) -> bool:
    return any(is_cjk(c) for c in text)
