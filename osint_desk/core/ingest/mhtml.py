"""Pages saved as MHTML (Chrome's "Webpage, single file", Hunchly): the page and what it says.

An MHTML file is a MIME message: the page's HTML plus its images and stylesheets as parts,
under headers that record where (``Snapshot-Content-Location``) and when (``Date``) it was
saved. The whole file is kept byte for byte as the evidentiary copy; the main HTML part is read
as a saved page, and the other parts are only counted and named, never fetched or rendered.

The MIME helpers here (bounded parsing, raw header access, header text made safe) are shared
with ``eml``: a mail is the same format. The stdlib parser builds the whole tree in memory,
recursing once per nesting level and checking every open boundary on every line, so the
boundaries are counted and their nesting measured on the bytes before it runs.
"""

from __future__ import annotations

import codecs
import email.message
import email.parser
import email.policy
import re
from collections.abc import Iterator

from osint_desk.core.dates import PartialDate
from osint_desk.core.errors import IngestError
from osint_desk.core.ingest.captured import CapturedSource
from osint_desk.core.ingest.html_pages import parse_page_date, read_html_page
from osint_desk.core.ingest.text_files import sniff_binary
from osint_desk.core.safe_text import for_terminal

Message = email.message.EmailMessage

#: Parts of one MHTML file. A saved news page has 50-300 (images, stylesheets, fonts, frames);
#: 5,000 is a very heavy page, and each part costs a parsed object in memory.
MAX_MHTML_PARTS = 5_000
#: Multipart sections inside one another. Browsers write one level (frames are parts, not
#: nested sections); every open section costs the parser a check on every line.
MAX_MHTML_DEPTH = 8
#: Content-Locations kept in the capture metadata, and the length kept of each (and of the
#: snapshot URL): a ``data:`` URL can be megabytes long, and the list is a summary.
MAX_LISTED_LOCATIONS = 50
MAX_LOCATION_CHARS = 2_048
#: A header value read as text (subject, addresses): longer ones are cut before parsing.
MAX_HEADER_CHARS = 16_384

# "boundary=" anywhere (header or not: a few extra names only cost a little), case spelled out
# rather than (?i), which is twice as slow over 64 MiB of base64.
_BOUNDARY_PARAM = re.compile(
    rb'[bB][oO][uU][nN][dD][aA][rR][yY](\*?)\s*=\s*(?:"([^"\r\n]*)"|([^\s;"]+))')
_HTTP = re.compile(r"(?i)^https?://\S+$")
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_PARSER = email.parser.BytesParser(policy=email.policy.default)


def _delimiters(data: bytes, boundaries: set[bytes]) -> Iterator[re.Match[bytes]]:
    """Lines that are MIME delimiters of one of ``boundaries`` (group 1 the boundary, group 2
    "--" on a closing one), as the stdlib parser recognises them, CR, LF or CRLF endings."""
    names = b"|".join(re.escape(b) for b in sorted(boundaries, key=len, reverse=True))
    line = rb"--(" + names + rb")(--)?[ \t]*(?=[\r\n]|\Z)"
    first = re.match(line, data)
    if first is not None:
        yield first
    yield from re.finditer(rb"[\r\n]" + line, data)


def check_mime_bounds(name: str, data: bytes, max_parts: int, max_depth: int) -> None:
    """Refuse, before parsing, a MIME file with over ``max_parts`` parts or sections nested
    over ``max_depth`` deep, counting the delimiter lines of every boundary it declares."""
    boundaries: set[bytes] = set()
    for match in _BOUNDARY_PARAM.finditer(data):
        if match[1]:
            raise IngestError(f"{name}: the file declares an encoded (RFC 2231) multipart "
                              "boundary, which no browser or mail program writes; refused")
        boundaries.add(match[2] if match[2] is not None else match[3])
        if len(boundaries) > max_parts:
            raise IngestError(f"{name}: the file declares more than {max_parts:,} multipart "
                              "boundaries; refused")
    if not boundaries:
        return
    open_sections: list[bytes] = []
    parts = 0
    for match in _delimiters(data, boundaries):
        boundary = match[1]
        if match[2]:  # a section closes, with any still open inside it
            if boundary in open_sections:
                del open_sections[open_sections.index(boundary):]
            continue
        if boundary in open_sections:  # a part starts; a boundary seen first opens a section
            del open_sections[open_sections.index(boundary) + 1:]
        else:
            open_sections.append(boundary)
        parts += 1
        if parts > max_parts:
            raise IngestError(f"{name}: the file has more than {max_parts:,} MIME parts "
                              "(the limit); refused")
        if len(open_sections) > max_depth:
            raise IngestError(f"{name}: MIME sections are nested more than {max_depth} deep "
                              "(the limit); refused")


def parse_mime(name: str, data: bytes, max_parts: int, max_depth: int) -> Message:
    """Parse a bounded MIME file; a tree past the bounds (found after all) is refused too."""
    check_mime_bounds(name, data, max_parts, max_depth)
    try:
        message = _PARSER.parsebytes(data)
    except RecursionError:  # e.g. message/rfc822 parts inside one another, thousands deep
        raise IngestError(f"{name}: MIME parts are nested too deep to read; refused") from None
    except Exception as exc:  # the stdlib parser on hostile input; its type says little
        raise IngestError(f"{name}: the file could not be parsed as MIME ({exc})") from None
    assert isinstance(message, Message)
    for count, (_part, depth) in enumerate(walk_parts(message)):
        if count > max_parts:
            raise IngestError(f"{name}: the file has more than {max_parts:,} MIME parts "
                              "(the limit); refused")
        if depth > max_depth:
            raise IngestError(f"{name}: MIME parts are nested more than {max_depth} deep "
                              "(the limit); refused")
    return message


def children(part: Message) -> list[Message]:
    """The parts directly inside ``part`` (a multipart's parts, an attached message)."""
    if not part.is_multipart():
        return []
    payload = part.get_payload()
    return [child for child in payload if isinstance(child, Message)] if isinstance(
        payload, list) else []


def walk_parts(message: Message) -> Iterator[tuple[Message, int]]:
    """Every part with its depth (the message is 0), in file order, without recursion."""
    stack: list[tuple[Message, int]] = [(message, 0)]
    while stack:
        part, depth = stack.pop()
        yield part, depth
        stack.extend((child, depth + 1) for child in reversed(children(part)))


def raw_header(part: Message, header: str) -> str | None:
    """The first ``header`` as written, unfolded, 8-bit bytes read as UTF-8 (else cp1252)."""
    wanted = header.lower()
    for key, value in part.raw_items():
        if key.lower() == wanted:
            raw = str(value).encode("utf-8", "surrogateescape")
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                text = raw.decode("cp1252", "replace")
            return re.sub(r"\r?\n|\r", "", text).strip()
    return None


def clean_text(value: str | None, limit: int = MAX_HEADER_CHARS) -> str | None:
    """One line of header text fit to show: whitespace collapsed, controls and bidi
    controls turned into visible marks (``safe_text``), at most ``limit`` characters."""
    if value is None:
        return None
    try:  # 8-bit bytes the parser kept as surrogates would not survive storing
        value = value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:
        value = value.encode("utf-8", "replace").decode("utf-8")
    text = for_terminal(" ".join(value.split()), keep_newlines=False)[:limit]
    return text or None


def decode_words(value: str) -> str:
    """Header text with its RFC 2047 encoded words (``=?utf-8?q?...?=``) decoded."""
    try:
        return str(email.policy.default.header_factory("subject", value[:MAX_HEADER_CHARS]))
    except Exception:  # a malformed encoded word: the text as written is still the record
        return value


def header_text(part: Message, header: str) -> str | None:
    """An unstructured header (Subject…) decoded and made safe; None if absent or empty."""
    raw = raw_header(part, header)
    return clean_text(decode_words(raw)) if raw else None


def header_date(part: Message, header: str = "Date") -> tuple[str | None, PartialDate | None]:
    """A date header as written and as a PartialDate (None if absent or unreadable)."""
    raw = clean_text(raw_header(part, header), 200)
    return raw, parse_page_date(raw) if raw else None


def decoded_payload(part: Message) -> bytes:
    """The part's bytes with its transfer encoding (base64, quoted-printable) undone."""
    payload = part.get_payload(decode=True)
    return payload if isinstance(payload, bytes) else b""


def html_for_reader(part: Message, warnings: list[str]) -> bytes:
    """A text/html part's bytes for ``read_html_page``: decoded with the MIME charset when it
    names one (re-encoded as UTF-8 behind a BOM, which outranks any ``<meta charset>``)."""
    data = decoded_payload(part)
    charset = part.get_content_charset()
    if not charset:
        return data
    try:
        codec = codecs.lookup(charset).name
        text = data.decode(codec)
    except (LookupError, UnicodeDecodeError):
        if charset in ("us-ascii", "ascii"):  # often said of UTF-8 or Latin-1 text
            return data
        shown = clean_text(charset, 60)
        warnings.append(f"the HTML's MIME header declares the charset {shown}, which does "
                        "not decode it; the page's own declaration or a guess was used")
        return data
    return codecs.BOM_UTF8 + text.encode("utf-8")


def _location(part: Message) -> str | None:
    return clean_text(raw_header(part, "Content-Location"), MAX_LOCATION_CHARS)


def _main_part(leaves: list[Message], snapshot: str | None,
               warnings: list[str]) -> Message | None:
    """The part holding the saved page: the snapshot URL's part, else the first HTML one."""
    if snapshot:
        for part in leaves:
            if _location(part) == snapshot and part.get_content_type() in _HTML_TYPES:
                return part
    first = next((part for part in leaves if part.get_content_type() in _HTML_TYPES), None)
    if first is None:
        return None
    if snapshot:
        warnings.append(f"no HTML part of the file has the snapshot URL ({snapshot}); the "
                        "first HTML part was read as the saved page")
    else:
        warnings.append("the file does not say which page was saved (no "
                        "Snapshot-Content-Location header); the first HTML part was read")
    return first


def _truncation_warnings(message: Message) -> list[str]:
    for part, _depth in walk_parts(message):
        if any(type(defect).__name__ == "CloseBoundaryNotFoundDefect" for defect in part.defects):
            return ["the file ends inside a MIME section (it may be truncated); what it holds "
                    "was read"]
    return []


def read_mhtml(name: str, data: bytes) -> CapturedSource:
    """A saved .mhtml/.mht page: its main HTML part read as a page, its capture headers kept."""
    label = sniff_binary(data)
    if label:
        raise IngestError(f"{name}: not an MHTML file (binary data: {label})")
    message = parse_mime(name, data, MAX_MHTML_PARTS, MAX_MHTML_DEPTH)
    media_type = message.get_content_type()
    if media_type == "multipart/related" and not children(message):
        raise IngestError(f"{name}: the MHTML file holds no parts (it is truncated or "
                          "damaged, or declares no boundary); there is no page to read")
    if media_type != "multipart/related":
        shown = "no MIME headers" if not message.keys() else media_type
        hint = " (it looks like an e-mail; save it as .eml)" if media_type.startswith(
            "multipart/") else ""
        raise IngestError(f"{name}: not an MHTML file (expected a multipart/related MIME "
                          f"message, found {shown}){hint}")
    warnings: list[str] = []
    leaves = [part for part, _depth in walk_parts(message) if not children(part)]
    snapshot = clean_text(raw_header(message, "Snapshot-Content-Location"), MAX_LOCATION_CHARS)
    main = _main_part(leaves, snapshot, warnings)
    if main is None:
        raise IngestError(f"{name}: the MHTML file holds no HTML page (no text/html part)")
    html = html_for_reader(main, warnings)
    if not html.strip(b" \t\r\n\xef\xbb\xbf"):
        raise IngestError(f"{name}: the saved page in the MHTML file is empty (its HTML part "
                          "holds nothing; the file may be truncated)")
    page = read_html_page(name, html)
    date_text, retrieved = header_date(message)
    if date_text is None:
        warnings.append("the file does not say when the page was saved (no Date header)")
    elif retrieved is None:
        warnings.append(f"the file's Date header ({date_text}) is not a date; the time of "
                        "saving is unknown")
    warnings += _truncation_warnings(message)
    resources = [part for part in leaves if part is not main]
    locations = [loc for loc in map(_location, resources) if loc][:MAX_LISTED_LOCATIONS]
    fallback = snapshot or _location(main)
    subject = header_text(message, "Subject")
    return CapturedSource(
        filename=name,
        kind=page.kind,
        media_type="multipart/related",
        original=data,
        text=page.text,
        title=page.title or subject,
        url=page.url or (fallback if fallback and _HTTP.match(fallback) else None),
        outlet=page.outlet,
        author=page.author,
        published=page.published,
        retrieved=retrieved,
        language=page.language,
        warnings=tuple(warnings + list(page.warnings)),
        capture={
            "format": "mhtml",
            "snapshot_url": snapshot,
            "date": retrieved.value if retrieved else None,
            "date_text": date_text,
            "subject": subject,
            "resources": len(resources),
            "resource_locations": locations,
        },
    )
