"""Putting case content into Markdown as text, never as markup.

Card names, quotes and titles come from outside (a saved page, a list file). Inserted into the
report's Markdown they must stay text: HTML is escaped and Markdown punctuation backslashed, so
a name like ``*<script>*`` or ``[x](javascript:…)`` prints as written. User-authored Markdown
(summary, findings, descriptions, notes) is kept as Markdown; the renderer sanitises it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# Inline text only ever follows our own markup on a line, so block syntax (#, -, 1.) cannot
# start; what could still act inline is escaped. HTML special characters become entities.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]|])")
_BLOCK_START = re.compile(r"^(\d+(?=[.)])|)([#+\-!.)])")
_CITE = re.compile(r"\[cite:([0-9a-fA-F-]{36})\]")


def text(value: object) -> str:
    """Inline text, inert in Markdown and HTML; whitespace (line breaks too) collapsed."""
    raw = " ".join(str(value or "").split())
    raw = raw.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    raw = _MD_SPECIAL.sub(r"\\\1", raw)
    # Block syntax could still start where the text starts (after "- " or "> "): escape it.
    return _BLOCK_START.sub(r"\1\\\2", raw)


def cell(value: object) -> str:
    """Text for a Markdown table cell (pipes escaped by ``text``)."""
    return text(value) or "—"


def cite_ids(markdown: str) -> list[str]:
    """Excerpt ids cited as ``[cite:ID]`` in user-written Markdown, in order."""
    return [m.group(1).lower() for m in _CITE.finditer(markdown or "")]


def replace_cites(markdown: str, marker: Callable[[str], str]) -> str:
    """Each ``[cite:ID]`` replaced by ``marker(id)`` (a footnote reference).

    Footnote syntax the user (or an imported file) wrote is escaped first: only the report
    makes notes, so no text can forge a graded note or shift the numbering."""
    own = (markdown or "").replace("[^", "\\[^")
    return _CITE.sub(lambda m: marker(m.group(1).lower()), own)


def block(markdown: str) -> str:
    """User Markdown as a block: trailing spaces trimmed, never empty."""
    return (markdown or "").strip()


def demote(markdown: str, levels: int = 2) -> str:
    """Headings in user Markdown pushed down so they nest under the report's own."""
    def shift(match: re.Match[str]) -> str:
        return "#" * min(6, len(match.group(1)) + levels) + match.group(2)

    return re.sub(r"(?m)^(#{1,6})(\s)", shift, markdown or "")
