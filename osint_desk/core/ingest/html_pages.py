"""Saved web pages: main text through trafilatura, metadata from the page's own markup.

We parse the HTML once ourselves (lxml, no network) and hand trafilatura the tree, never a
string or URL, so neither it nor htmldate can decide to download anything. The publication
date is read here rather than taken from trafilatura, which keeps only the day.
"""

from __future__ import annotations

import codecs
import email.utils
import re
from typing import Any

import lxml.etree
import lxml.html
import trafilatura
from trafilatura.settings import Document

from osint_desk.core.dates import PartialDate
from osint_desk.core.errors import IngestError, ValidationError
from osint_desk.core.ingest.captured import CapturedSource
from osint_desk.core.ingest.language_guess import choose_language, normalise_tag
from osint_desk.core.ingest.limits import MAX_DATE_CANDIDATES, MAX_HTML_FALLBACK_BLOCKS
from osint_desk.core.ingest.page_authors import page_author
from osint_desk.core.ingest.page_bounds import (
    bound_json_ld,
    bound_meta_tags,
    bound_tree,
    check_markup,
    json_ld_objects,
)
from osint_desk.core.ingest.page_titles import page_title
from osint_desk.core.ingest.text_files import decode_bytes, finish_text
from osint_desk.core.ingest.visible_dates import visible_date
from osint_desk.core.model import SourceKind

_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# WHATWG: these labels mean windows-1252 on the web; UTF-16 in a meta tag means UTF-8.
_WEB_ALIASES = {"latin_1": "cp1252", "iso8859_1": "cp1252", "ascii": "cp1252"}
_ARTICLE_TYPES = frozenset({"BlogPosting", "LiveBlogPosting", "Report"})
# Markup that says "published", read first; then the date shown under the headline
# (``visible_dates``); then markup that only says "date" (often the last change: tagesschau's
# "date" is a day after its "Stand: 28.04.2020").
_DATE_META = (
    "article:published_time",
    "pubdate",
    "publishdate",
)
_GENERIC_DATE_META = (
    "date",
    "dc.date.issued",
    "dcterms.created",
)
_TRAILING_OFFSET = re.compile(r"\s+(Z|[+-]\d{2}:?\d{2})$")
_HOUR_OFFSET = re.compile(r"([T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?[+-]\d{2})$")
# Text outside these is what a reader would call the page's content.
_CONTENT_TEXT = (
    "boolean(//body//text()[normalize-space()][not(ancestor::nav or ancestor::header "
    "or ancestor::footer or ancestor::aside or ancestor::script or ancestor::style "
    "or ancestor::noscript or ancestor::template or ancestor::*[@role='navigation'])])"
)
# htmldate's extensive search reads dates out of running text ("founded in 2015" became
# 2015-01-01): keep it to markup and URL, and only as a last resort after our own reading.
_DATE_PARAMS = {"original_date": True, "extensive_search": False}
_CANONICAL = "//link[contains(concat(' ', normalize-space(@rel), ' '), ' canonical ')]/@href"
# The first few matches of an expression: a page can offer thousands of date candidates.
_FIRST = f"(%s)[position() <= {MAX_DATE_CANDIDATES}]"


def _declared_charset(data: bytes) -> str | None:
    """The codec named by ``<meta charset>`` or http-equiv Content-Type, if Python knows it."""
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    try:
        codec = codecs.lookup(match.group(1).decode("ascii")).name.replace("-", "_")
    except LookupError:
        return None
    if codec.startswith(("utf_16", "utf_32")):
        return "utf-8"
    return _WEB_ALIASES.get(codec, codec)


def parse_html(name: str, text: str) -> Any:
    """Parse decoded HTML safely: no network, no comments or PIs, no DTD or entity loading."""
    parser = lxml.html.HTMLParser(
        encoding="utf-8", no_network=True, remove_comments=True, remove_pis=True
    )
    try:
        return lxml.html.document_fromstring(text.encode("utf-8"), parser=parser)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise IngestError(f"{name}: not an HTML page ({exc})") from None


def _clean(value: object) -> str | None:
    """Collapse whitespace; None for anything empty or not a string."""
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def meta_map(tree: Any) -> dict[str, str]:
    """``<meta>`` contents keyed by lowercased property, name or itemprop; first one wins."""
    found: dict[str, str] = {}
    for element in tree.iter("meta"):
        content = _clean(element.get("content"))
        if not content:
            continue
        for attr in ("property", "name", "itemprop"):
            key = (element.get(attr) or "").strip().lower()
            if key:
                found.setdefault(key, content)
    return found


def _meta(metas: dict[str, str], *keys: str) -> str | None:
    for key in keys:
        if key.lower() in metas:
            return metas[key.lower()]
    return None


def _is_article_type(obj: dict[str, Any]) -> bool:
    raw = obj.get("@type")
    types = [
        t.rsplit("/", 1)[-1]
        for t in (raw if isinstance(raw, list) else [raw])
        if isinstance(t, str)
    ]
    return any(t.endswith("Article") or t in _ARTICLE_TYPES for t in types)


def _ld_names(value: object) -> str | None:
    """Names of a JSON-LD person/organisation or list of them, joined as trafilatura does."""
    items = value if isinstance(value, list) else [value]
    names = [_clean(i.get("name") if isinstance(i, dict) else i) for i in items]
    return "; ".join(dict.fromkeys(n for n in names if n)) or None


def _ld_article_field(objects: list[dict[str, Any]], key: str) -> str | None:
    for obj in objects:
        if _is_article_type(obj):
            names = _ld_names(obj.get(key))
            if names:
                return names
    return None


def parse_page_date(value: str | None) -> PartialDate | None:
    """A date from page markup: ISO 8601 (``+0900`` offsets too) or RFC 2822; else None."""
    value = _clean(value)
    if not value:
        return None
    iso = _HOUR_OFFSET.sub(r"\1:00", _TRAILING_OFFSET.sub(r"\1", value))
    try:
        return PartialDate.parse(iso)
    except ValidationError:
        pass
    try:
        return PartialDate.from_datetime(email.utils.parsedate_to_datetime(value))
    except (TypeError, ValueError, IndexError, OverflowError, ValidationError):
        pass
    day = re.match(r"\d{4}-\d{2}-\d{2}(?![\d])", value)
    if day:
        try:
            return PartialDate.parse(day.group(0))
        except ValidationError:
            return None
    return None


def published_date(
    tree: Any, metas: dict[str, str], objects: list[dict[str, Any]],
    language: str | None = None,
) -> PartialDate | None:
    """The page's own publication date, most explicit markup first; time and offset kept."""
    candidates: list[str | None] = [_meta(metas, key) for key in _DATE_META]
    candidates.append(_meta(metas, "datePublished"))
    for element in tree.xpath(_FIRST % "//*[@itemprop='datePublished']"):
        candidates += [element.get("datetime"), element.get("content")]
    ranked = [o for o in objects if _is_article_type(o)] + [
        o for o in objects if not _is_article_type(o)
    ]
    dated = [o["datePublished"] for o in ranked if isinstance(o.get("datePublished"), str)]
    candidates += dated[:MAX_DATE_CANDIDATES]
    for candidate in candidates:
        parsed = parse_page_date(candidate)
        if parsed is not None:
            return parsed
    shown = visible_date(tree, language)
    if shown is not None:
        return shown
    later: list[str | None] = [_meta(metas, key) for key in _GENERIC_DATE_META]
    later += tree.xpath(_FIRST % "//article//time/@datetime")
    for candidate in later:
        parsed = parse_page_date(candidate)
        if parsed is not None:
            return parsed
    return None


def _kind(tree: Any, metas: dict[str, str], objects: list[dict[str, Any]]) -> SourceKind:
    if (
        (_meta(metas, "og:type") or "").lower() == "article"
        or any(_is_article_type(obj) for obj in objects)
        or tree.xpath("boolean(//article)")
    ):
        return SourceKind.ARTICLE
    return SourceKind.WEB_PAGE


def _declared_language(
    tree: Any, metas: dict[str, str], objects: list[dict[str, Any]]
) -> str | None:
    """The language the page declares: html lang, content-language, og:locale, JSON-LD."""
    candidates: list[object] = [
        tree.get("lang"), tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    ]
    for element in tree.xpath("//meta[@http-equiv]"):
        if element.get("http-equiv", "").strip().lower() == "content-language":
            candidates.append(element.get("content"))
    candidates.append(_meta(metas, "og:locale", "language", "dc.language", "inLanguage"))
    ranked = [o for o in objects if _is_article_type(o)] + objects
    candidates += [o.get("inLanguage") for o in ranked[:MAX_DATE_CANDIDATES]]
    for candidate in candidates:
        tag = normalise_tag(_clean(candidate))
        if tag:
            return tag
    return None


def _outlet(metas: dict[str, str], objects: list[dict[str, Any]], guess: object) -> str | None:
    """og:site_name, the JSON-LD publisher, else trafilatura's guess (often the hostname)."""
    return _meta(metas, "og:site_name") or _ld_article_field(objects, "publisher") or _clean(guess)


def _http_url(value: object) -> str | None:
    """Keep only absolute http(s) URLs: a relative canonical link cannot be resolved offline."""
    if isinstance(value, dict):
        value = value.get("@id")
    text = _clean(value)
    return text if text and re.match(r"(?i)^https?://[^\s/]+", text) else None


def _page_url(tree: Any, metas: dict[str, str], objects: list[dict[str, Any]]) -> str | None:
    """The page's own canonical URL: link rel=canonical, og:url, then the JSON-LD article."""
    candidates: list[object] = list(tree.xpath(_CANONICAL)[:1])
    candidates.append(_meta(metas, "og:url"))
    for obj in objects:
        if _is_article_type(obj):
            candidates += [obj.get("url"), obj.get("mainEntityOfPage")]
    for candidate in candidates:
        url = _http_url(candidate)
        if url:
            return url
    return None


def read_html_page(name: str, data: bytes) -> CapturedSource:
    """A saved .html/.htm page: main text, title, byline, outlet, canonical URL, date."""
    raw, warnings = decode_bytes(name, data, "an HTML page", _declared_charset(data))
    if not raw or raw.isspace():
        raise IngestError(f"{name}: the file is empty (it contains only whitespace)")
    check_markup(name, raw)
    tree = parse_html(name, raw)
    del raw
    # Before trafilatura and htmldate see the tree: they read JSON-LD and meta tags unbounded.
    fast = bound_tree(name, tree)
    ld_values, dropped = bound_json_ld(tree)
    warnings += dropped + bound_meta_tags(tree)
    if fast:
        warnings.append(
            f"the page has more than {MAX_HTML_FALLBACK_BLOCKS:,} blocks: its main text was "
            "extracted without trafilatura's fallback extractors; check it against the page"
        )
    try:
        # bare_extraction copies a tree it is given; ours stays intact for the metadata below.
        document = trafilatura.bare_extraction(
            tree,
            fast=fast,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            deduplicate=False,
            date_extraction_params=dict(_DATE_PARAMS),
        )
    except Exception as exc:  # trafilatura/htmldate raise many types on hostile markup
        raise IngestError(f"{name}: the page could not be read ({exc})") from None
    body = (document.text or "") if isinstance(document, Document) else ""
    body = body.replace("\x00", "").strip()
    # trafilatura falls back to any text at all, e.g. a lone menu: require real content too.
    if not isinstance(document, Document) or not body or not tree.xpath(_CONTENT_TEXT):
        raise IngestError(
            f"{name}: no main text could be extracted from the page (it may be empty, "
            "only navigation, or built by JavaScript)"
        )
    metas = meta_map(tree)
    objects = list(json_ld_objects(ld_values))
    language, mismatch = choose_language(_declared_language(tree, metas, objects), body)
    if mismatch:
        warnings.append(mismatch)
    published = published_date(tree, metas, objects, language)
    if published is None:
        published = parse_page_date(document.date)
        if published is not None:
            warnings.append("publication date estimated by trafilatura (day only); check it")
    outlet = _outlet(metas, objects, document.sitename)
    url = _page_url(tree, metas, objects) or _http_url(document.url)
    sites = (outlet, _meta(metas, "og:site_name"), _ld_article_field(objects, "publisher"),
             _clean(document.sitename), _hostname(url))
    articles = [o for o in objects if _is_article_type(o)]
    headlines = [o.get("headline") for o in articles]
    return CapturedSource(
        filename=name,
        kind=_kind(tree, metas, objects),
        media_type="text/html",
        original=data,
        text=finish_text(name, body),
        title=page_title(tree, [_meta(metas, "og:title"), *headlines[:1],
                                tree.findtext(".//title")], [s for s in sites if s],
                         document.title),
        url=url,
        outlet=outlet,
        author=page_author(tree, metas, articles, [s for s in sites if s], document.author),
        published=published,
        language=language,
        warnings=tuple(warnings),
    )


def _hostname(url: str | None) -> str | None:
    """``www.zeit.de`` -> ``zeit.de``: sites name themselves by it in titles."""
    match = re.match(r"(?i)^https?://(?:www\.)?([^/:?#]+)", url or "")
    return match.group(1) if match else None
