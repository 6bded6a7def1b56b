"""Markdown notes to safe HTML. ``markdown`` does not sanitise, so nh3 does, always after it.

Raw HTML in a note is never passed through, not even to the sanitiser: ``markdown`` copies it
verbatim, and a lone ``<style>``, ``<script>`` or ``<template>`` then makes an HTML parser (nh3,
a browser, Qt) treat everything after it as that element's content, which the sanitiser drops,
so a report would silently lose every section after a hostile card description. Here the raw
HTML rules of ``markdown`` are switched off: ``<style>`` is shown as the text "<style>" and
what follows is kept. Notes nested deeper than any reader needs are flattened (``markdown``
recurses once per level), and a note whose brackets would make link parsing quadratic loses
its links, never its words. Scripts, event handlers, styles and non-http(s) links never
survive; images are replaced by a visible "[image not loaded …]" note (nothing rendered from a
note may fetch anything).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

import markdown
import nh3

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "b", "em", "i", "u", "s", "del", "code", "pre", "blockquote",
    "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "a", "table", "thead", "tbody", "tr",
    "th", "td", "sup", "sub", "abbr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"},
                      "td": {"align"}}
#: Leading indentation kept, in columns (16 list levels): deeper nesting is flattened there.
MAX_INDENT = 64
#: Blockquote markers kept at the start of a line; further ones are shown as text.
MAX_QUOTE_DEPTH = 16
#: Characters ``markdown`` may scan looking for the ends of links, plus
#: :data:`LINK_SCAN_PER_CHAR` per character of the note: real links cost about their length,
#: a run of unclosed ``[`` costs the square of its length. Past it, ``[`` are shown as text.
LINK_SCAN_BUDGET = 1_000_000
LINK_SCAN_PER_CHAR = 20

_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r"""\b(src|alt)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_INDENT = re.compile(r"^((?:[ ]{0,3}>)*)([ \t]+)", re.MULTILINE)
_QUOTES = re.compile(rf"^((?:[ ]{{0,3}}>[ ]?){{{MAX_QUOTE_DEPTH}}})([ ]{{0,3}}>)", re.MULTILINE)
_OPEN_BRACKET = re.compile(r"(?<!\\)((?:\\\\)*)\[")
_BLOCKS = re.compile(r"\n[ \t]*\n")
# Backslash escapes first, so that ``\\[`` is skipped as ``markdown`` skips it.
_LINK_CHARS = re.compile(r"\\.|\]\(|[\[\]()]")


def _blocked_image(match: re.Match[str]) -> str:
    """An image becomes a visible note saying it was not loaded, and from where."""
    attrs = {m.group(1).lower(): m.group(2) or m.group(3) or m.group(4) or ""
             for m in _ATTR.finditer(match.group(0))}
    host = urlsplit(html.unescape(attrs.get("src", ""))).hostname or "a file"
    alt = html.unescape(attrs.get("alt", "")).strip()
    label = f"image not loaded: {alt} ({host})" if alt else f"image not loaded ({host})"
    return f"<em>[{html.escape(label)}]</em>"


def blocked_images(rendered: str) -> str:
    """Every ``<img>`` in rendered HTML replaced by the visible "[image not loaded …]" note."""
    return _IMG.sub(_blocked_image, rendered)


def _cap_indent(match: re.Match[str]) -> str:
    """Leading indentation (after any quote markers) cut to :data:`MAX_INDENT` columns."""
    quotes, indent = match.group(1), match.group(2)
    if len(indent.expandtabs(4)) <= MAX_INDENT:
        return match.group(0)
    return quotes + " " * MAX_INDENT


def _link_scan_cost(block: str) -> int:
    """About how many characters ``markdown`` reads in one paragraph looking for the ends of
    links: for each unescaped ``[`` and each ``](``, the distance to its match, or to the end
    of the paragraph when it has none (each such opener rescans the rest: quadratic)."""
    if "[" not in block:
        return 0
    cost = 0
    brackets: list[int] = []
    parens: list[tuple[int, bool]] = []
    for match in _LINK_CHARS.finditer(block):
        char, position = match.group(), match.start()
        if char == "[":
            brackets.append(position)
        elif char == "]" and brackets:
            cost += position - brackets.pop()
        elif char in ("](", "("):
            if char == "](" and brackets:
                cost += position - brackets.pop()
            parens.append((position, char == "]("))
        elif char == ")" and parens:
            start, link = parens.pop()
            cost += position - start if link else 0
    end = len(block)
    return cost + sum(end - p for p in brackets) + sum(end - p for p, link in parens if link)


def _bounded_links(text: str) -> str:
    """Paragraphs that would cost the most link scanning lose their links (their ``[`` are
    escaped, so they read as written) until the whole note fits the budget."""
    budget = LINK_SCAN_BUDGET + LINK_SCAN_PER_CHAR * len(text)
    blocks = _BLOCKS.split(text)
    costs = [_link_scan_cost(block) for block in blocks]
    total = sum(costs)
    if total <= budget:
        return text
    separators = _BLOCKS.findall(text)
    for index in sorted(range(len(blocks)), key=costs.__getitem__, reverse=True):
        if total <= budget:
            break
        blocks[index] = _OPEN_BRACKET.sub(r"\1\\[", blocks[index])
        total -= costs[index]
    return blocks[0] + "".join(sep + block for sep, block in zip(separators, blocks[1:],
                                                                  strict=True))


def tame(text: str) -> str:
    """The note, with nesting and bracket runs bounded so rendering stays fast and shallow.

    Only pathological notes change; every word stays."""
    text = _INDENT.sub(_cap_indent, text)
    text = _QUOTES.sub(r"\1\\>", text)
    return _bounded_links(text)


def _plain(text: str) -> str:
    """The last resort: the note as escaped paragraphs, every character kept."""
    return "\n".join(f"<p>{html.escape(part).replace(chr(10), '<br>')}</p>"
                     for part in _BLOCKS.split(text) if part.strip())


def markdown_html(text: str, extensions: Iterable[str] = ("tables", "sane_lists"),
                  configs: Mapping[str, Mapping[str, Any]] | None = None) -> str:
    """Markdown to HTML, raw HTML shown as text; not yet sanitised: nh3 must clean it after.

    A new converter each call (half a millisecond): ``markdown`` instances keep state and are
    not safe to share between the GUI thread and an export worker."""
    md = markdown.Markdown(extensions=list(extensions),
                           extension_configs={k: dict(v) for k, v in (configs or {}).items()},
                           output_format="html")
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    try:
        return str(md.convert(tame(text or "")))
    except RecursionError:  # nesting that ``tame`` did not foresee: keep the words
        return _plain(text or "")


def _keep_link(tag: str, attribute: str, value: str) -> str | None:
    """Absolute http(s) and mailto links only: nh3 lets relative ones through, and
    ``//host/share`` or ``/etc/passwd`` would open a network share or a local file."""
    if attribute == "href":
        return value if value.lower().startswith(("http://", "https://", "mailto:")) else None
    return value


def render_markdown(text: str) -> str:
    """Sanitised HTML for a Markdown note (links: http, https and mailto only)."""
    rendered = blocked_images(markdown_html(text))
    return nh3.clean(rendered, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer",
                     attribute_filter=_keep_link)


#: Every tag and attribute our sanitised HTML may hold (notes and reports); anything else is
#: a fault of the sanitiser, and :func:`inert_problems` names it.
INERT_TAGS = frozenset(ALLOWED_TAGS | {"div", "section", "span"})
INERT_ATTRIBUTES = frozenset({"href", "title", "align", "id", "class", "rel"})
_TAG = re.compile(r"<(/?)([^\s/>]*)([^>]*)>?")
_ATTRIBUTE = re.compile(r"""([^\s=/>]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?""")
_SAFE_HREF = re.compile(r"^(?:https?://|mailto:|#)", re.IGNORECASE)


def inert_problems(rendered: str) -> list[str]:
    """What in sanitised HTML could run, style itself or fetch something: a tag or attribute
    outside :data:`INERT_TAGS`/:data:`INERT_ATTRIBUTES` (script, style, svg, on…), a comment
    or markup declaration, a link that is not http(s), mailto or a local anchor. Empty when
    inert. Serialised HTML writes text ``<`` as ``&lt;``, so every ``<`` starts markup."""
    problems: list[str] = []
    for match in _TAG.finditer(rendered):
        name = match.group(2).lower()
        if name not in INERT_TAGS:
            problems.append(f"markup {match.group(0)[:40]!r}")
            continue
        for attribute in _ATTRIBUTE.finditer(match.group(3)):
            key = attribute.group(1).lower()
            value = html.unescape((attribute.group(2) or "").strip("\"'"))
            if key not in INERT_ATTRIBUTES:
                problems.append(f"attribute {key!r} on <{name}>")
            elif key == "href" and not _SAFE_HREF.match(value.strip()):
                problems.append(f"link to {value[:40]!r}")
    return problems
