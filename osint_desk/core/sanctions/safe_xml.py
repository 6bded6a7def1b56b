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
    """The root element of a list file, or ``ListFormatError`` (truncated, hostile, not XML)."""
    try:
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


def root_tag(head: bytes) -> tuple[str, str | None] | None:
    """(local name, namespace) of the root element found in a file's head; for detection."""
    text = _decode_prolog(head)
    text = re.sub(r"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(\[.*?\])?\s*>", "", text, flags=re.S)
    match = re.search(r"<([A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)([^>]*)>", text)
    if not match:
        return None
    prefix = (match.group(1) or "").rstrip(":")
    attr = "xmlns:" + prefix if prefix else "xmlns"
    ns = re.search(attr + r"""\s*=\s*["']([^"']*)["']""", match.group(3))
    return match.group(2), ns.group(1) if ns else None
