"""The report as one self-contained, inert HTML file.

Markdown becomes HTML (footnotes, tables; raw HTML in it is shown as typed text, so a lone
``<style>`` in a card description cannot swallow the rest of the report), then nh3 keeps only
the tags and attributes a report needs: no script, no event handlers, no style attributes,
links only to http(s) or to the report's own notes, no images (none are in a case; a remote
one in a note becomes a visible "[image not loaded]"). The page carries its CSS inline and a
Content-Security-Policy that forbids loading anything, so even a browser that ignored the
sanitising fetches nothing.
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Callable, Mapping
from functools import cache

import nh3

from osint_desk.core.markdown_render import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    blocked_images,
    markdown_html,
)
from osint_desk.core.paths import resources_dir
from osint_desk.core.report.figures import FIGURE_PARAGRAPH, MAP_FIGURE_ID, Figure
from osint_desk.core.store.records import CaseMeta

CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:;"
       " base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
_TAGS = ALLOWED_TAGS | {"div", "section", "span"}
_ATTRIBUTES: dict[str, set[str]] = {
    **{tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
    "a": {"href", "title", "id"},
    "sup": {"id"}, "li": {"id"}, "div": set(), "span": set(),
    "h1": {"id"}, "h2": {"id"}, "h3": {"id"}, "h4": {"id"},
}
_EXTERNAL = re.compile(r'<a href="(https?://[^"]*)"')
# One note stands for every place an excerpt is cited: one way back (to the first), and how
# many places there are, rather than a row of arrows.
_BACKREFS = re.compile(r'(<a class="footnote-backref" href="#fnref-\d+"[^>]*>↩</a>)'
                       r'((?:<a class="footnote-backref" href="#fnref\d+-\d+"[^>]*>↩</a>)+)')
# A table whose header cells are all empty (the cover's form) has no header row.
_EMPTY_HEAD = re.compile(r"<thead>\s*<tr>\s*(?:<th>\s*</th>\s*)+</tr>\s*</thead>\s*")
# Only the classes our own Markdown extensions write: case text cannot dress itself up as a
# handling banner or as the notes.
_CLASSES = {"a": {"footnote-ref", "footnote-backref"}, "div": {"footnote"}}


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    """Links go to http(s) addresses or to the report's own anchors, nowhere else: a relative
    ``//host/share`` or ``/etc/passwd`` would open a network share or a local file."""
    if attribute in ("href", "src"):
        return value if value.lower().startswith(("http://", "https://", "#")) else None
    return value


@cache
def stylesheet() -> str:
    return (resources_dir() / "report" / "report.css").read_text("utf-8")


FigureHtml = Callable[[str, Figure], str]


def figure_img(chart_id: str, figure: Figure) -> str:
    """A chart drawn inline: an SVG data URI (the CSP allows ``data:`` images only)."""
    data = base64.b64encode(figure.svg.encode("utf-8")).decode("ascii")
    name = html.escape(figure.name, quote=True)
    what = "Map" if chart_id == MAP_FIGURE_ID else "Link chart"
    return (f'<figure class="chart"><img alt="{what}: {name}"'
            f' src="data:image/svg+xml;base64,{data}"></figure>')


def _place_figures(cleaned: str, figures: Mapping[str, Figure] | None,
                   draw: FigureHtml) -> str:
    """Each figure marker paragraph replaced by its drawing; after sanitising, since the
    drawing is ours and the sanitiser keeps no images. Without drawings (a preview), a note."""
    def place(match: re.Match[str]) -> str:
        figure = (figures or {}).get(match.group(1))
        what = "map" if match.group(1) == MAP_FIGURE_ID else "link chart"
        if figure is None:
            return (f'<p><em>[{what}: drawn when the report is exported]</em></p>'
                    if figures is None else f"<p><em>[{what} not found]</em></p>")
        return draw(match.group(1), figure)
    return FIGURE_PARAGRAPH.sub(place, cleaned)


def body_html(text: str, figures: Mapping[str, Figure] | None = None,
              draw: FigureHtml = figure_img) -> str:
    """Sanitised HTML for the report's Markdown (also what the PDF/ODT renderer lays out);
    ``figures`` (``charts.chart_figures``) are drawn where the text marks them."""
    rendered = markdown_html(text, ("footnotes", "tables", "sane_lists"),
                             {"footnotes": {"BACKLINK_TEXT": "↩", "SEPARATOR": "-"}})
    rendered = _EMPTY_HEAD.sub("", blocked_images(rendered))
    cleaned = nh3.clean(rendered, tags=_TAGS, attributes=_ATTRIBUTES,
                        url_schemes={"http", "https"}, link_rel=None, strip_comments=True,
                        attribute_filter=_keep_attribute, allowed_classes=_CLASSES)
    # Notes get a real heading (a reader's outline and text extraction see it), not a rule.
    cleaned = re.sub(r'<div class="footnote">\s*<hr\s*/?>', '<h2 id="notes">Notes</h2>\n'
                     '<div class="footnote">', cleaned)
    cleaned = _BACKREFS.sub(lambda m: f"{m.group(1)} <span>(cited"
                            f" {m.group(2).count('<a ') + 1} times)</span>", cleaned)
    # External links open nothing by themselves and say where they go.
    cleaned = _EXTERNAL.sub(r'<a rel="noopener noreferrer" href="\1"', cleaned)
    return _place_figures(cleaned, figures, draw)


def render_html(text: str, meta: CaseMeta, figures: Mapping[str, Figure] | None = None) -> str:
    """A complete HTML document: inline CSS, CSP, the handling marking top and bottom."""
    title = html.escape(meta.title)
    marking = html.escape(meta.marking)
    banner = (f'<div class="marking">{marking}</div>', f'<div class="marking bottom">'
              f"{marking}</div>") if marking else ("", "")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="OSINT Desk">\n<title>{title}</title>\n'
        f"<style>\n{stylesheet()}</style>\n</head>\n<body>\n{banner[0]}\n"
        f"{body_html(text, figures if figures is not None else {})}\n{banner[1]}\n"
        "</body>\n</html>\n")
