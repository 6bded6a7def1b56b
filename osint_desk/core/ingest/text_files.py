"""Plain text and Markdown files, plus the decoding rules HTML shares with them.

Text files carry no reliable label of their encoding, so we decide it in a fixed order (BOM,
strict UTF-8, a statistical guess) and tell the user whenever we had to guess.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterator

from charset_normalizer import from_bytes

from osint_desk.core.errors import IngestError
from osint_desk.core.ingest.captured import CapturedSource
from osint_desk.core.ingest.limits import MAX_TEXT_CHARS
from osint_desk.core.model import SourceKind
from osint_desk.core.text import normalize_newlines

# Signatures of common binary formats that people rename or save under a text name by mistake.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy Office document"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"\x7fELF", "program (ELF)"),
    (b"OggS", "Ogg media"),
)

# Longest BOMs first: the UTF-32 LE BOM begins with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v\x1b\x85")
_MD_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_MD_H1 = re.compile(r"^ {0,3}#[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$")
# A title is near the top; a heading past this many lines (front matter included) is not one.
_MD_TITLE_LINES = 10_000


def sniff_binary(data: bytes) -> str | None:
    """Name the binary format ``data`` starts with, or None if it has no known signature."""
    for magic, label in _MAGIC:
        if data.startswith(magic):
            return label
    if data[4:8] == b"ftyp":
        return "MP4/HEIC media"
    if data.startswith(b"RIFF") and data[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return "RIFF media"
    return None


def strip_bom(data: bytes) -> tuple[str | None, bytes]:
    """The codec a byte order mark announces and the bytes after it (None if no BOM)."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec, data[len(bom) :]
    return None, data


def _bom_codec(data: bytes) -> tuple[str | None, int]:
    """The codec a byte order mark announces and the BOM's length (None, 0 if no BOM)."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec, len(bom)
    return None, 0


def _utf16_without_bom(data: bytes) -> str | None:
    """Recognise BOM-less UTF-16 (mostly Latin text): NULs sit in every other byte."""
    sample = data[:8192]
    if len(data) % 2 or len(sample) < 4:
        return None
    half = len(sample) // 2
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    if odd >= 0.3 * half and even <= 0.02 * half:
        return "utf-16-le"
    if even >= 0.3 * half and odd <= 0.02 * half:
        return "utf-16-be"
    return None


def _undefined_as_latin1(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: a byte cp1252 leaves undefined is read as Latin-1 (as browsers do)."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return "".join(map(chr, error.object[error.start : error.end])), error.end


# One decoding pass, no second copy of the text (latin-1 then translate made two).
_LENIENT = "osint_desk_cp1252_latin1"
codecs.register_error(_LENIENT, _undefined_as_latin1)
_NON_SPACE = re.compile(r"\S")


def guess_encoding(data: bytes) -> str:
    """charset-normalizer's best guess, preferring cp1252 when it fits about as well.

    Short Western European texts are ambiguous between many 8-bit code pages and the detector
    often picks cp1257 or cp1250 for plain French or German; cp1252 is by far the likelier.
    """
    matches = list(from_bytes(data[: 1 << 20]))
    if not matches:
        return "cp1252"
    best = min(m.chaos for m in matches)
    for match in matches:
        if "cp1252" in match.could_be_from_charset and match.chaos <= best + 0.1:
            return "cp1252"
    return str(matches[0].encoding)


def _decode_guessed(data: bytes) -> tuple[str, str]:
    """Decode with the guessed codec; cp1252 (Latin-1 for its unmapped bytes) if that fails."""
    codec = guess_encoding(data)
    if codec != "cp1252":
        try:
            return data.decode(codec), codec
        except (UnicodeDecodeError, LookupError):
            pass
    return _cp1252_lenient(data), "cp1252"


def _cp1252_lenient(data: bytes) -> str:
    return str(_trimmed(data), "cp1252", _LENIENT)


_ASCII_BLANK = b" \t\r\n\x0b\x0c"
_ASCII_INK = re.compile(rb"[^ \t\r\n\x0b\x0c]")


def _trimmed(data: bytes) -> memoryview:
    """``data`` without its blank first and last lines, as a view (ASCII-compatible codecs).

    ``finish_text`` would drop them after decoding, but only by copying the whole text; done
    on the bytes first, the decoded text usually needs no trimming and exists only once.
    """
    view = memoryview(data)
    ink = _ASCII_INK.search(data)
    if ink is None:
        return view
    start = max(data.rfind(b"\n", 0, ink.start()), data.rfind(b"\r", 0, ink.start())) + 1
    last = len(data)
    while last > 0:  # the last inked byte, 4 KB at a time (rstrip would copy the file)
        chunk = data[max(0, last - 4096) : last].rstrip(_ASCII_BLANK)
        if chunk:
            last = max(0, last - 4096) + len(chunk)
            break
        last = max(0, last - 4096)
    breaks = [at for at in (data.find(b"\n", last), data.find(b"\r", last)) if at != -1]
    end = min(breaks) if breaks else len(data)
    return view[start:end]


def decode_bytes(
    name: str, data: bytes, what: str, declared: str | None = None
) -> tuple[str, list[str]]:
    """Decode ``data`` and return the text with any warnings; raise IngestError if not text.

    Order: BOM, then the encoding the file declares (HTML), then strict UTF-8, then a guess.
    ``what`` completes "not ..." in messages (e.g. "a text file", "an HTML page").
    """
    warnings: list[str] = []
    label = sniff_binary(data)
    if label:
        raise IngestError(f"{name}: not {what} (binary data: {label})")
    codec, skip = _bom_codec(data)
    if codec is not None:
        try:
            # A view past the BOM: slicing the bytes would copy the whole file once more.
            text = codecs.lookup(codec).decode(memoryview(data)[skip:])[0]
        except UnicodeDecodeError as exc:
            raise IngestError(
                f"{name}: invalid text: it starts with a {codec.upper()} byte order mark but "
                f"byte {exc.start + skip} cannot be decoded"
            ) from None
        return check_text(name, text, what), warnings
    if b"\x00" in data:
        codec = _utf16_without_bom(data)
        if codec is None:
            raise IngestError(f"{name}: not {what} (binary data: contains NUL bytes)")
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            raise IngestError(f"{name}: not {what} (binary data: contains NUL bytes)") from None
        warnings.append(f"encoding guessed as {codec.upper()} (no byte order mark)")
        return check_text(name, text, what), warnings
    if declared is not None:
        try:
            if declared == "cp1252":
                return check_text(name, _cp1252_lenient(data), what), warnings
            return check_text(name, data.decode(declared), what), warnings
        except UnicodeDecodeError:
            warnings.append(f"the page declares {declared} but is not valid {declared}")
    try:
        return check_text(name, str(_trimmed(data), "utf-8"), what), warnings
    except UnicodeDecodeError:
        pass
    text, codec = _decode_guessed(data)
    warnings.append(f"encoding guessed as {codec}")
    return check_text(name, text, what), warnings


def check_text(name: str, text: str, what: str) -> str:
    """Refuse decoded text that is really binary: NULs or many control characters."""
    if "\x00" in text:
        raise IngestError(f"{name}: not {what} (binary data: contains NUL characters)")
    sample = text[:65536]
    controls = sum(
        1 for char in sample if char not in _ALLOWED_CONTROLS and unicodedata.category(char) == "Cc"
    )
    if controls > max(2, 0.05 * len(sample)):
        raise IngestError(
            f"{name}: invalid text: {controls} control characters in the first "
            f"{len(sample)} characters; the file is probably binary or in an unknown encoding"
        )
    return text


def strip_blank_edges(text: str) -> str:
    """Drop blank lines at both ends; every other line, spaces included, stays as it is.

    Found by searching rather than splitting into lines, which cost the text again in line
    objects; nothing is copied when there is nothing to drop.
    """
    first = _NON_SPACE.search(text)
    if first is None:
        return ""
    start = text.rfind("\n", 0, first.start()) + 1
    end = len(text)
    while True:
        line_start = text.rfind("\n", start, end) + 1
        if line_start <= start or _NON_SPACE.search(text, line_start, end):
            break
        end = line_start - 1
    return text[start:end]


def finish_text(name: str, text: str) -> str:
    """Normalise newlines, drop BOM characters and blank edges; refuse text empty or too long."""
    if len(text) > MAX_TEXT_CHARS:
        raise IngestError(
            f"{name}: the text is too long ({len(text) / 1e6:.1f} million characters; the limit "
            f"for one source is {MAX_TEXT_CHARS / 1e6:.1f} million); split the file"
        )
    text = strip_blank_edges(normalize_newlines(text.lstrip("\ufeff")))
    if not text:
        raise IngestError(f"{name}: the file is empty (it contains only whitespace)")
    return text


def _lines(text: str, limit: int) -> Iterator[str]:
    """The first ``limit`` lines of ``text``, one at a time (splitting all would copy it)."""
    start = 0
    for _ in range(limit):
        if start > len(text):
            return
        end = text.find("\n", start)
        end = len(text) if end == -1 else end
        yield text[start:end]
        start = end + 1


def markdown_title(text: str) -> str | None:
    """The first level-1 ATX heading (``# Title``), skipping front matter and code fences."""
    lines = list(_lines(text, _MD_TITLE_LINES))
    index = 0
    if lines and lines[0].strip() == "---":
        for close in range(1, len(lines)):
            if lines[close].strip() in ("---", "..."):
                index = close + 1
                break
    fence: str | None = None
    for line in lines[index:]:
        opener = _MD_FENCE.match(line)
        if opener:
            mark = opener.group(1)
            if fence is None:
                fence = mark
            elif mark[0] == fence[0] and len(mark) >= len(fence):
                fence = None
            continue
        if fence is None:
            heading = _MD_H1.match(line)
            if heading:
                return heading.group(1).strip() or None
    return None


MAX_PLAIN_TITLE = 120


def plain_title(text: str) -> str | None:
    """A plain text's headline: a short first line standing alone above the body ("Utkin
    seen in Minsk", a blank line, then the article), not a sentence; else None (the file
    name is used)."""
    # Only the first lines are looked at (a split of the whole text would copy it: 16 MB).
    lines = text[:3 * MAX_PLAIN_TITLE].split("\n", 3)
    first = lines[0].strip()
    if (len(lines) < 3 or lines[1].strip() or not lines[2].strip()
            or not 3 <= len(first) <= MAX_PLAIN_TITLE or first[-1] in ".,;:"):
        return None
    return first


def read_text_file(name: str, data: bytes, suffix: str) -> CapturedSource:
    """A .txt or .md file as a document; Markdown gives its first heading as the title, a
    plain text its headline line."""
    is_markdown = suffix == ".md"
    raw, warnings = decode_bytes(name, data, "a text file")
    text = finish_text(name, raw)
    return CapturedSource(
        filename=name,
        kind=SourceKind.DOCUMENT,
        media_type="text/markdown" if is_markdown else "text/plain",
        original=data,
        text=text,
        title=markdown_title(text) if is_markdown else plain_title(text),
        warnings=tuple(warnings),
    )
