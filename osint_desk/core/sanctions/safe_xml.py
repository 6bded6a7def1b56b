"""Parsing list XML without ever expanding entities, loading a DTD or touching the network.

Official list files never carry a document type declaration, so any DOCTYPE is refused before
the parser sees the bytes: billion-laughs, external entities (``file:///etc/passwd``),
parameter entities and external DTDs all fail fast with a message naming the file and line.
The parser itself is configured defensively as a second wall (no entity resolution, no DTD,
no network, no huge trees).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from lxml import etree

from osint_desk.core.sanctions.entries import ListFormatError
from osint_desk.core.sanctions.limits import MAX_XML_BYTES

_PROLOG_LIMIT = 1 << 16
_SKIPPABLE = re.compile(rb"\s+|<\?.*?\?>|<!--.*?-->", re.S)


def _decode_prolog(head: bytes) -> str:
    """The prolog as text; UTF-16 files (with a BOM) are decoded as such."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="replace")
    return head.decode("utf-8", errors="replace")


def check_prolog(path: Path, data: bytes, *, complete: bool = True) -> None:
    """Refuse a DOCTYPE (internal subset, entities, external DTD) before any parsing.

    ``data`` is the whole file, or (``complete=False``) only its head, for detection: then a
    prolog longer than the head is left for the full check that parsing makes.
    """
    head = data
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = _decode_prolog(head).encode("utf-8")
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    position = 0
    while True:
        match = _SKIPPABLE.match(head, position)
        if not match:
            break
        position = match.end()
    rest = head[position:]
    if not rest.startswith(b"<!") or rest.startswith(b"<![CDATA["):
        return
    if rest.startswith(b"<!--") and b"-->" not in rest:
        if not complete:
            return
        _refuse(path, head, position, "an unterminated comment before the root element")
    window = rest[:_PROLOG_LIMIT]
    problem = "a document type declaration (DOCTYPE)"
    if b"<!ENTITY" in window:
        problem = ("a DOCTYPE with parameter-entity declarations" if re.search(
            rb"<!ENTITY\s+%", window) else "a DOCTYPE with entity declarations")
    elif re.match(rb"<!DOCTYPE[^>\[]*\b(SYSTEM|PUBLIC)\b", window):
        problem = "a DOCTYPE that refers to an external DTD"
    _refuse(path, head, position, problem)


def _refuse(path: Path, head: bytes, offset: int, problem: str) -> None:
    line = head[: max(offset, 0)].count(b"\n") + 1
    raise ListFormatError(
        f"{path}: refused: the XML contains {problem} (line {line}). Sanctions list files"
        " never need one, and expanding it could exhaust memory or read local files;"
        " nothing was expanded or imported.")


def _parser() -> Any:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           huge_tree=False, dtd_validation=False, remove_comments=True,
                           remove_pis=True)


def parse_xml(path: Path) -> Any:
    """The root element of a list file, or ``ListFormatError`` (truncated, hostile, not XML).

    libxml2 without ``huge_tree`` bounds the rest: 256 levels of nesting, 10 MB of text in one
    node, 50,000 characters in a name.
    """
    try:
        size = path.stat().st_size
        if size > MAX_XML_BYTES:
            raise ListFormatError(f"{path}: {size // 2**20} MiB of XML, more than the"
                                  f" {MAX_XML_BYTES // 2**20} MiB a list file may have")
        data = path.read_bytes()
    except OSError as exc:
        raise ListFormatError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if not data.strip():
        raise ListFormatError(f"{path}: the file is empty")
    check_prolog(path, data)
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        line = f" (line {exc.lineno})" if getattr(exc, "lineno", None) else ""
        message = str(exc.msg if hasattr(exc, "msg") else exc).split(", line")[0]
        if "XML_PARSE_HUGE" in message:  # libxml2's own limits; its advice is not for users
            message = message.split(", use XML_PARSE_HUGE")[0].split(", try XML_PARSE_HUGE")[0]
            raise ListFormatError(
                f"{path}: refused{line}: {message.strip()} (a limit of the XML parser no list"
                " file reaches); the file is damaged or hostile") from None
        raise ListFormatError(
            f"{path}: not well-formed XML{line}: {message}; the file may be truncated or"
            " damaged") from None
    if root is None:
        raise ListFormatError(f"{path}: no XML document in the file")
    if root.getroottree().docinfo.internalDTD is not None:
        _refuse(path, data, 0, "a document type declaration (DOCTYPE)")
    return root


def local(tag: Any) -> str:
    """An element's tag without its namespace (``{ns}sanctionEntity`` → ``sanctionEntity``)."""
    text = tag if isinstance(tag, str) else ""
    return text.rsplit("}", 1)[-1]


_NAME = re.compile(r"([A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)")
_MARKUP = re.compile(r"<[?!A-Za-z_]")  # a "<" that can open something; found in C
_SKIP_TO = {"<?": "?>", "<!--": "-->", "<![CDATA[": "]]>"}


def root_tag(head: bytes) -> tuple[str, str | None] | None:
    """(local name, namespace) of the root element found in a file's head; for detection.

    One pass (linear: a head of a million ``<`` must not take minutes): processing
    instructions, comments and a DOCTYPE are skipped, the first start tag is read.
    """
    text = _decode_prolog(head)
    position = 0
    while found := _MARKUP.search(text, position):
        start = found.start()
        if text[start + 1] in "?!":
            closing = next((end for opening, end in _SKIP_TO.items()
                            if text.startswith(opening, start)), None)
            if closing is not None:
                end = text.find(closing, start + 2)
            else:  # DOCTYPE: its internal subset may hold '>'
                bracket, end = text.find("[", start), text.find(">", start)
                if 0 <= bracket < end:
                    end = text.find(">", max(text.find("]", bracket), bracket))
                closing = ">"
            if end < 0:
                return None
            position = end + len(closing)
            continue
        match = _NAME.match(text, start + 1)
        if match is None:
            position = start + 1
            continue
        end = text.find(">", match.end())
        if end < 0:
            return None
        attributes = text[match.end():end]
        prefix = (match.group(1) or "").rstrip(":")
        attr = re.escape("xmlns:" + prefix if prefix else "xmlns")
        ns = re.search(attr + r"""\s*=\s*["']([^"']*)["']""", attributes)
        return match.group(2), ns.group(1) if ns else None
    return None
