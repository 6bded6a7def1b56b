"""Who wrote a saved page: names only, never a label, a photo credit or the outlet itself.

Structured metadata comes first (the JSON-LD article's author, ``<meta name=author>``,
``article:author`` when it is not a profile URL, ``rel=author`` links), then a byline the page
shows (an element whose class says author/byline, or a labelled line such as "责任编辑：孔德明"),
then trafilatura's guess. Every candidate is cleaned the same way: its label ("By ", "Von ",
"Автор:") is dropped, and a candidate that reads like a photo caption or credit ("Фото из
Инстаграма ...", "Photo: Getty Images"), a sentence, a URL or the outlet's own name is refused.
Several authors are joined with ", ".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

# Bounds: a byline is short, and we look at only the first few candidates of each kind.
MAX_AUTHOR_CHARS = 120
MAX_NAME_WORDS = 5
MAX_NAMES = 8
MAX_BYLINE_ELEMENTS = 20
MAX_TEXT_NODES = 4_000

_LABEL = re.compile(
    r"^\s*(?:(?:责任编辑|编辑|作者|记者|文|撰文|来源)\s*[：:]\s*"
    r"|(?:автор|авторы|редактор|текст|author|authors|text|texte|texto|autor|autorin|"
    r"redaktion|redakteur|written by|posted by|reported by)\s*[:：]\s*"
    r"|(?:by|von|par|por|di|door|av|af|przez|от)\s+)",
    re.I,
)
# A caption or credit, not a byline (checked on the whole candidate, any case).
_CREDIT = re.compile(
    r"(?:^|\b)(?:фото|photo|foto|fotos|photos|bild|image|images|picture|credit|crédit|"
    r"bildquelle|quelle|getty|reuters/|afp/|ap photo|dpa/|imago|shutterstock|epa/|"
    r"copyright|источник|图片|摄影|写真)(?:\b|$)|©|\(c\)",
    re.I,
)
# Roles written after a name ("Tom Krisher, AP Auto Writer"): a part holding one is dropped.
_ROLE = re.compile(
    r"\b(?:writer|reporter|correspondent|editor|staff|columnist|contributor|redakteur\w*|"
    r"korrespondent\w*|reporterin)\b",
    re.I,
)
_SENTENCE = re.compile(r"[!?…]|\.\s+[a-zà-ÿа-я]")
_SPLIT = re.compile(r"\s*(?:[;,、，/|]|\s(?:and|und|et|y|e|i|и|та|og|och|en)\s|&)\s*")
_URL = re.compile(r"(?i)^(?:https?:|www\.)|\.(?:com|org|net|html?)(?:/|$)")
_LOWER = "translate(@class, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"
_BYLINE_XPATH = (
    "(//body//*[self::span or self::p or self::div or self::a or self::address or self::li]"
    f"[contains({_LOWER}, 'byline') or contains({_LOWER}, 'autor') or contains({_LOWER},"
    f" 'author')])[position() <= {MAX_BYLINE_ELEMENTS}]"
)
_REL_AUTHOR = (
    "(//a[contains(concat(' ', normalize-space(@rel), ' '), ' author ')])"
    f"[position() <= {MAX_BYLINE_ELEMENTS}]"
)
# An agency and a photographer: "PAP/ Rafał Guz", "AFP/Getty", "REUTERS/Jane Doe".
_AGENCY_CREDIT = re.compile(r"(?:^|\s)[A-Z]{2,}\s*/\s*\S")
# Where pages put photo credits, even under a class that says "author".
_CREDIT_XPATH = (
    f"(//figure//*[self::figcaption or @class] | //figcaption | //*[contains({_LOWER}, "
    f"'image') or contains({_LOWER}, 'photo') or contains({_LOWER}, 'caption') or contains("
    f"{_LOWER}, 'credit')])[position() <= {MAX_BYLINE_ELEMENTS * 5}]"
)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_LABELLED_LINE = re.compile(r"^\s*(?:责任编辑|编辑|作者|记者|автор|author|autor)\s*[：:]", re.I)


def _squash(value: str) -> str:
    return re.sub(r"[\W_]+", "", value).casefold()


def _name(part: str, outlets: frozenset[str]) -> str | None:
    """One cleaned name, or None when the part is not a person's or desk's name."""
    part = _LABEL.sub("", part.strip(" \t\n-–—·:：,;")).strip(" .-–—:：")
    if not part or _ROLE.search(part) or _squash(part) in outlets:
        return None
    words = part.split()
    if len(words) > MAX_NAME_WORDS or _URL.search(part) or re.search(r"\d", part):
        return None
    if _CJK.search(part) and (len(words) > 2 or any(len(w) > 6 for w in words)):
        return None  # "搜狐政务 文章 总阅读": a toolbar, not a name
    if part.isupper() and len(words) > 1:
        part = part.title()
    return part


def clean_author(value: object, outlets: Iterable[str] = ()) -> str | None:
    """The names in one author candidate joined with ", "; None if it is not a byline."""
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    if (not text or len(text) > MAX_AUTHOR_CHARS or _CREDIT.search(text) or _URL.match(text)
            or _AGENCY_CREDIT.search(text)):
        return None
    text = _LABEL.sub("", text)
    if _SENTENCE.search(text):
        return None
    squashed = frozenset(s for s in map(_squash, outlets) if s)
    names = [n for n in (_name(p, squashed) for p in _SPLIT.split(text)) if n]
    return ", ".join(dict.fromkeys(names[:MAX_NAMES])) or None


def _ld_author_names(objects: list[dict[str, Any]]) -> list[str]:
    found: list[str] = []
    for obj in objects:
        authors = obj.get("author")
        for item in authors[:MAX_NAMES] if isinstance(authors, list) else [authors]:
            name = item.get("name") if isinstance(item, dict) else item
            if isinstance(name, str):
                found.append(name)
        if found:
            return found[:MAX_NAMES]
    return found


def _text(element: Any) -> str:
    return " ".join(str(element.text_content()).split())


def _labelled_line(tree: Any) -> str | None:
    """A short text line such as "责任编辑： 焦鹏" anywhere in the body (bounded)."""
    for node in tree.xpath(f"(//body//text()[normalize-space()])[position() <= {MAX_TEXT_NODES}]"):
        line = str(node)
        if len(line) <= 60 and _LABELLED_LINE.match(line):
            return line
    return None


def page_author(
    tree: Any,
    metas: dict[str, str],
    articles: list[dict[str, Any]],
    outlets: Iterable[str],
    guess: object,
) -> str | None:
    """The page's author(s), from ``articles`` (its JSON-LD article objects), its meta tags,
    its byline and trafilatura's ``guess``; names equal to one of ``outlets`` are dropped."""
    outlets = tuple(o for o in outlets if o)
    credits = {_squash(_text(e)) for e in tree.xpath(_CREDIT_XPATH)} - {""}
    ld_names = [clean_author(n, outlets) for n in _ld_author_names(articles)]
    joined = ", ".join(dict.fromkeys(n for n in ld_names if n))
    if joined:
        return joined
    candidates: list[object] = [metas.get("author"), metas.get("article:author"),
                                metas.get("dc.creator"), metas.get("byl")]
    rel = [_text(a) for a in tree.xpath(_REL_AUTHOR)]
    candidates.append(", ".join(dict.fromkeys(r for r in rel if r)))
    candidates += [_text(e) for e in tree.xpath(_BYLINE_XPATH)]
    candidates.append(guess)
    for candidate in candidates:
        author = clean_author(candidate, outlets)
        if author and _squash(str(candidate)) not in credits and _squash(author) not in credits:
            return author
    return clean_author(_labelled_line(tree), outlets)
