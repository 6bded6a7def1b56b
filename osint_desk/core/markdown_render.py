"""Markdown notes to safe HTML. ``markdown`` does not sanitise, so nh3 does, always after it.

Scripts, event handlers, styles and non-http(s) links never survive; images are dropped
(nothing rendered from a note may fetch anything).
"""

from __future__ import annotations

import markdown
import nh3

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "b", "em", "i", "u", "s", "del", "code", "pre", "blockquote",
    "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "a", "table", "thead", "tbody", "tr",
    "th", "td", "sup", "sub", "abbr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"},
                      "td": {"align"}}


def render_markdown(text: str) -> str:
    """Sanitised HTML for a Markdown note (links: http, https and mailto only)."""
    html = markdown.markdown(text or "", extensions=["tables", "sane_lists"],
                             output_format="html")
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer")
