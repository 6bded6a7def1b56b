"""Bounding a page before anything reads it: its size, JSON-LD blocks and ``<meta>`` tags.

trafilatura and htmldate read JSON-LD with regexes that are quadratic on a large broken block,
and walk big arrays slowly; our own reading once was quadratic too. So before the page goes to
them, every JSON-LD block is measured and parsed here once, with bounds (``limits``): blocks
over a bound are removed from the tree, with a warning, and the body text is imported as usual
(a page is still useful without its metadata). The parsed blocks are what we read dates,
authors and URLs from, so nothing parses them twice. The tree's size is bounded too, since
trafilatura's body extraction is where a big page spends its time.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from typing import Any

from osint_desk.core.errors import IngestError
from osint_desk.core.ingest.limits import (
    MAX_BROKEN_JSON_LD_CHARS,
    MAX_HTML_ELEMENTS,
    MAX_HTML_FALLBACK_BLOCKS,
    MAX_JSON_LD_BLOCKS,
    MAX_JSON_LD_CHARS,
    MAX_JSON_LD_DEPTH,
    MAX_JSON_LD_NODES,
    MAX_JSON_LD_TOTAL_CHARS,
    MAX_META_CONTENT_CHARS,
    MAX_META_TAGS,
)

# The script types trafilatura and htmldate read as JSON; only ld+json describes the page.
_JSON_SCRIPTS = "//script[@type='application/ld+json' or @type='application/settings+json']"
_LD_JSON = "application/ld+json"


# justext's paragraph tags: what its quadratic neighbour search runs over.
_BLOCK_TAGS = frozenset({
    "blockquote", "body", "caption", "center", "col", "colgroup", "dd", "div", "dl", "dt",
    "fieldset", "form", "h1", "h2", "h3", "h4", "h5", "h6", "legend", "li", "optgroup",
    "option", "p", "pre", "table", "td", "textarea", "tfoot", "th", "thead", "tr", "ul",
})


_START_TAG = re.compile(r"<[A-Za-z]")
# Start tags per element on real pages: at most 1.6 (tags inside scripts and comments count).
_TAGS_PER_ELEMENT = 4


def _too_many_elements(name: str) -> IngestError:
    return IngestError(
        f"{name}: the page has more than {MAX_HTML_ELEMENTS:,} elements (the limit for a web "
        "page); save it as text or PDF instead"
    )


def check_markup(name: str, text: str) -> None:
    """Refuse, before parsing, markup with far more start tags than ``MAX_HTML_ELEMENTS``.

    lxml needs about 300 bytes per element, so 60 MB of ``<p>x</p>`` would take 2 GB to parse
    only to be refused by ``bound_tree``; counting tags first (stopping at the bound) avoids it.
    """
    tags = _START_TAG.finditer(text)
    if next(itertools.islice(tags, _TAGS_PER_ELEMENT * MAX_HTML_ELEMENTS, None), None):
        raise _too_many_elements(name)


def bound_tree(name: str, tree: Any) -> bool:
    """Refuse a page over ``MAX_HTML_ELEMENTS``; True if it is too long for the fallbacks.

    trafilatura's extractors grow faster than linearly with the tree, so the size is checked
    before any of them runs; counting stops at the limit.
    """
    blocks = 0
    for elements, element in enumerate(tree.iter(), start=1):
        if elements > MAX_HTML_ELEMENTS:
            raise _too_many_elements(name)
        if element.tag in _BLOCK_TAGS:
            blocks += 1
    return blocks > MAX_HTML_FALLBACK_BLOCKS


def _kb(chars: int) -> str:
    return f"{chars / 1024:,.0f} KB"


def _within_shape(value: Any) -> str | None:
    """Why ``value`` is over the node or depth bound, else None; visits at most the bound."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    nodes = 0
    while stack:
        item, depth = stack.pop()
        nodes += 1
        if nodes > MAX_JSON_LD_NODES:
            return f"more than {MAX_JSON_LD_NODES:,} values"
        if depth > MAX_JSON_LD_DEPTH:
            return f"nested more than {MAX_JSON_LD_DEPTH} deep"
        if isinstance(item, dict):
            stack.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            stack.extend((child, depth + 1) for child in item)
    return None


def _drop(element: Any) -> None:
    """Remove ``element`` from the tree, keeping the text that follows it."""
    element.drop_tree()


def bound_json_ld(tree: Any) -> tuple[list[Any], list[str]]:
    """Parse the page's JSON blocks within bounds; drop those over a bound from ``tree``.

    Returns the parsed ld+json values (in page order) and one warning per dropped block.
    """
    values: list[Any] = []
    warnings: list[str] = []
    total = broken = 0
    for blocks, script in enumerate(tree.xpath(_JSON_SCRIPTS), start=1):
        text = script.text or ""
        total += len(text)
        reason: str | None = None
        if blocks > MAX_JSON_LD_BLOCKS:
            reason = f"the page has more than {MAX_JSON_LD_BLOCKS} JSON-LD blocks"
        elif len(text) > MAX_JSON_LD_CHARS:
            reason = f"{_kb(len(text))}, over the limit of {_kb(MAX_JSON_LD_CHARS)} per block"
        elif total > MAX_JSON_LD_TOTAL_CHARS:
            reason = f"over the limit of {_kb(MAX_JSON_LD_TOTAL_CHARS)} of JSON-LD per page"
        else:
            try:
                # Lax like trafilatura's own parse: raw newlines in strings are common.
                value = json.loads(text, strict=False)
            except (ValueError, RecursionError):
                # Broken JSON goes to trafilatura's salvaging regexes: only while they are fast.
                broken += len(text)
                if broken > MAX_BROKEN_JSON_LD_CHARS:
                    reason = (f"not valid JSON, over the limit of "
                              f"{_kb(MAX_BROKEN_JSON_LD_CHARS)} of broken JSON-LD per page")
            else:
                reason = _within_shape(value)
                if reason is None and script.get("type") == _LD_JSON:
                    values.append(value)
        if reason is not None:
            _drop(script)
            warnings.append(f"page metadata: a JSON-LD block was skipped ({reason})")
    return values, list(dict.fromkeys(warnings))


def bound_meta_tags(tree: Any) -> list[str]:
    """Keep the first ``MAX_META_TAGS`` ``<meta>`` elements, each ``content`` shortened."""
    warnings: list[str] = []
    extra = 0
    for count, element in enumerate(list(tree.iter("meta")), start=1):
        if count > MAX_META_TAGS:
            _drop(element)
            extra += 1
            continue
        content = element.get("content")
        if content is not None and len(content) > MAX_META_CONTENT_CHARS:
            element.set("content", content[:MAX_META_CONTENT_CHARS])
    if extra:
        warnings.append(
            f"page metadata: {extra} <meta> tags past the first {MAX_META_TAGS:,} were skipped"
        )
    return warnings


def json_ld_objects(values: list[Any]) -> Iterator[dict[str, Any]]:
    """Every JSON-LD object in ``values``, in order, flattening lists and ``@graph``.

    Each value is within ``MAX_JSON_LD_NODES``, so this is linear and bounded: a stack of
    reversed children, never a list spliced at its front.
    """
    stack: list[Any] = list(reversed(values))
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            yield item
            graph = item.get("@graph")
            if isinstance(graph, list):
                stack.extend(reversed(graph))
