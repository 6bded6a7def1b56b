"""What a rendered QTextDocument could act on: images it would load and links it would follow.

Hostile Markdown may show as literal text ("<script>alert(1)</script>" is fine to read); what
must never appear is an image, or a link that is not http(s), mailto or an in-page anchor.
"""

from __future__ import annotations

from PySide6.QtGui import QTextDocument, QTextFormat

SAFE_SCHEMES = ("http://", "https://", "mailto:", "#")


def active_parts(document: QTextDocument) -> list[str]:
    found: list[str] = []
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            fmt = fragment.charFormat()
            if fmt.isImageFormat() or fmt.objectType() != QTextFormat.ObjectTypes.NoObject:
                found.append(f"image/object: {fmt.toImageFormat().name()!r}")
            if fmt.isAnchor():
                href = fmt.anchorHref()
                if href and not href.startswith(SAFE_SCHEMES):
                    found.append(f"link: {href!r}")
            iterator += 1
        block = block.next()
    return found


def links(document: QTextDocument) -> list[str]:
    out: list[str] = []
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fmt = iterator.fragment().charFormat()
            if fmt.isAnchor() and fmt.anchorHref():
                out.append(fmt.anchorHref())
            iterator += 1
        block = block.next()
    return out
