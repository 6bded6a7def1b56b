"""Markdown notes to safe HTML. ``markdown`` does not sanitise, so nh3 does, always after it.

Scripts, event handlers, styles and non-http(s) links never survive; images are replaced by
a visible "[image not loaded …]" note (nothing rendered from a note may fetch anything).
"""

from __future__ import annotations

import html
import re
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


_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r"""\b(src|alt)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)


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


def render_markdown(text: str) -> str:
    """Sanitised HTML for a Markdown note (links: http, https and mailto only)."""
    rendered = markdown.markdown(text or "", extensions=["tables", "sane_lists"],
                                 output_format="html")
    rendered = _IMG.sub(_blocked_image, rendered)
    return nh3.clean(rendered, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer")
