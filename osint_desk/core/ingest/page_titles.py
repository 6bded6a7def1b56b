"""A saved page's headline: the one it shows, without the site's name or a kicker.

Pages name themselves in several places that disagree: ``<title>`` and og:title often carry the
outlet (" | ZEIT ONLINE", "-新华网") and are sometimes an older or an SEO headline; the visible
``<h1>`` can be the site's logo, or carry a kicker ("Klimaschutz", "Interne Unterlagen im
Netz") and ruby readings. We take the ``<h1>`` when it agrees with what the markup calls the
title (it is what the reader saw), its headline part only; else og:title, trafilatura's title or
``<title>`` with the site name cut off.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

MAX_HEADINGS = 12
MAX_TITLE_CHARS = 400
# An <h1> agrees with a title when it shares this much of it, and is not much shorter.
_AGREEMENT = 0.6
_MIN_LENGTH_SHARE = 0.3
_SEPARATORS = re.compile(r"\s+[|\-–—:·•»l]\s+|\s*[|｜_]\s*|(?<=[^\x00-\x7f])[-－]")
_CJK_SUFFIX = re.compile(r"^[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]{1,8}$")
_LOWER = "translate(@class, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"
_HEADLINE_PART = (
    f".//*[@itemprop='headline' or ((contains({_LOWER}, 'headline') or contains({_LOWER},"
    f" 'title')) and not(contains({_LOWER}, 'sub')) and not(contains({_LOWER}, 'kicker')))]"
)
_KICKER = (
    f".//*[contains({_LOWER}, 'kicker') or contains({_LOWER}, 'dachzeile') or contains("
    f"{_LOWER}, 'overline') or contains({_LOWER}, 'subheadline') or contains({_LOWER}, "
    f"'supertitle') or contains({_LOWER}, 'topline') or contains({_LOWER}, 'visually-hidden')"
    " or self::rt or self::rp]"
)


def _squash(value: str) -> str:
    return re.sub(r"[\W_]+", "", value).casefold()


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())[:MAX_TITLE_CHARS]
    return text or None


def strip_site_name(title: str, sites: Iterable[str]) -> str:
    """``title`` without leading or trailing segments that name the site ("... | WIRED",
    "NEWS WEB EASY|...", "...-新华网"); unchanged when no segment does."""
    names = {s for s in map(_squash, sites) if s}

    def is_site(part: str) -> bool:
        key = _squash(part)
        return bool(key) and (key in names or any(
            key in n or n in key for n in names if len(n) >= 4 and len(key) >= 3))

    # Alternating [text, separator, text, ...]: drop site segments from either end.
    pieces = _SEPARATORS.split(title)
    seps = _SEPARATORS.findall(title)
    tokens = [pieces[0]]
    for sep, piece in zip(seps, pieces[1:], strict=True):
        tokens += [sep, piece]
    while len(tokens) >= 3:
        last, rest = tokens[-1].strip(), "".join(tokens[:-2]).strip()
        if is_site(last) or (_CJK_SUFFIX.match(last) and len(rest) >= 2 * len(last)):
            tokens = tokens[:-2]
        elif is_site(tokens[0]):
            tokens = tokens[2:]
        else:
            break
    return "".join(tokens).strip() or title


def _bigrams(text: str) -> set[str]:
    squashed = _squash(text)
    return {squashed[i:i + 2] for i in range(len(squashed) - 1)} or {squashed}


def _agreement(heading: str, title: str) -> float:
    ours, theirs = _bigrams(heading), _bigrams(title)
    if len(ours) < _MIN_LENGTH_SHARE * len(theirs):
        return 0.0
    return len(ours & theirs) / max(1, min(len(ours), len(theirs)))


def _heading_text(element: Any) -> str | None:
    """An <h1>'s headline: its headline part if marked, without kicker or ruby readings."""
    parts = element.xpath(_HEADLINE_PART)
    if parts:
        element = parts[0]
    copy = element.__copy__()
    for dropped in copy.xpath(_KICKER):
        dropped.drop_tree() if dropped.getparent() is not None else None
    return _clean(copy.text_content())


def page_title(
    tree: Any, references: Iterable[object], sites: Iterable[str], guess: object = None
) -> str | None:
    """The headline of ``tree``; ``references`` are the markup's titles, best first (og:title,
    JSON-LD headline, ``<title>``); ``guess`` trafilatura's, used last (it is often the <h1>
    itself, so no proof that an <h1> is the headline); ``sites`` the names of the outlet."""
    sites = tuple(s for s in sites if s)
    site_keys = {_squash(s) for s in sites}
    titles = [t for t in map(_clean, references) if t]
    cleaned = [strip_site_name(t, sites) for t in titles]
    # A section name the title also carries ("Brexit vote fails | Politics | The Guardian"):
    # a segment neither first nor longest.
    for title in titles:
        first, *others = map(_squash, _SEPARATORS.split(title))
        longest = max([first, *others], key=len)
        site_keys.update(o for o in others if o not in (first, longest))
    best: tuple[float, str] | None = None
    for element in tree.xpath(f"(//body//h1)[position() <= {MAX_HEADINGS}]"):
        heading = _heading_text(element)
        if not heading or _squash(heading) in site_keys:
            continue
        score = max((_agreement(heading, t) for t in cleaned), default=0.0)
        if score >= _AGREEMENT and (best is None or score > best[0]):
            best = (score, heading)
    if best is not None:
        return best[1]
    if cleaned:
        return cleaned[0]
    guessed = _clean(guess)
    return strip_site_name(guessed, sites) if guessed else None
