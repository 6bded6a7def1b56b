"""The publication date a reader sees on a saved page, when its markup names none.

Many pages give the date only in their text: "15 августа 2016, 13:43" under the headline,
"Written: 2023-11-07 15:03:30", "Stand: 28.04.2020 18:00 Uhr", "2019年6月24日". This reads
the visible text right after the page's headline (``h1``), where a byline and date sit, and
takes the first date after a cue word ("published", "Stand", "Опубликовано"…), else the first
date there. Month names come from the page's language (Babel's CLDR data, genitive forms
included), else from a few common languages. Bounded: a few thousand characters, read once.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from osint_desk.core.dates import PartialDate
from osint_desk.core.errors import ValidationError

AFTER_HEADLINE = 1500  # characters of visible text read after the h1
FALLBACK_LOCALES = ("en", "de", "fr", "es", "it", "pt", "nl", "pl", "ru", "uk")
# Words that announce a publication (or "as of") date in a byline.
CUES = re.compile(
    r"(?i)(published|posted|written|updated|stand|veröffentlicht|aktualisiert|publié|"
    r"publicado|pubblicato|opublikowano|опубликовано|обновлено|дата|опубліковано|發布|发布)"
    r"\s*[:：]?\s*$")
_VISIBLE = ("//h1[1]/following::text()[normalize-space()][not(ancestor::script"
            " or ancestor::style or ancestor::noscript or ancestor::template"
            " or ancestor::nav or ancestor::footer or ancestor::aside)][position() <= 200]")
_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_DOTTED = re.compile(r"(?<!\d)(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})(?!\d)")
# A time of day just after the date (after its own digits): "2016, 13:43", "2020 18:00 Uhr".
_TIME = re.compile(r"^\S*(?:\s*\S+){0,3}?\s*,?\s*(?:um\s+|at\s+|в\s+)?\d{1,2}:\d{2}(?!\d)")
_CJK = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


@functools.cache
def _month_names(locale: str) -> dict[str, int]:
    """Lower-cased month names (wide and abbreviated, format and stand-alone) -> 1..12."""
    from babel import Locale, UnknownLocaleError

    try:
        found = Locale.parse(locale.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return {}
    names: dict[str, int] = {}
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            for number, name in found.months.get(context, {}).get(width, {}).items():
                cleaned = name.lower().rstrip(".")
                if len(cleaned) >= 3:
                    names.setdefault(cleaned, int(number))
    return names


@functools.cache
def _named_patterns(locales: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str],
                                                       dict[str, int]]:
    names: dict[str, int] = {}
    for locale in locales:
        for name, number in _month_names(locale).items():
            names.setdefault(name, number)
    words = "|".join(sorted(map(re.escape, names), key=len, reverse=True)) or r"(?!x)x"
    day_first = re.compile(rf"(?i)(?<!\d)(\d{{1,2}})\.?\s+({words})\.?,?\s+(\d{{4}})(?!\d)")
    month_first = re.compile(rf"(?i)\b({words})\.?\s+(\d{{1,2}}),?\s+(\d{{4}})(?!\d)")
    return day_first, month_first, names


def _locales(language: str | None) -> tuple[str, ...]:
    base = (language or "").split("-")[0].split("_")[0].lower()
    return (base, *FALLBACK_LOCALES) if base and base not in FALLBACK_LOCALES \
        else FALLBACK_LOCALES


def _day(year: str, month: int | str, day: str) -> PartialDate | None:
    try:
        return PartialDate.parse(f"{int(year):04d}-{int(month):02d}-{int(day):02d}")
    except (ValidationError, ValueError):
        return None


def find_date(text: str, language: str | None = None) -> tuple[int, PartialDate] | None:
    """The earliest date in *text* (its position and the day), in any of the forms above."""
    day_first, month_first, names = _named_patterns(_locales(language))
    found: list[tuple[int, PartialDate]] = []
    for match in _ISO.finditer(text):
        if (date := _day(match[1], match[2], match[3])) is not None:
            found.append((match.start(), date))
    for match in _DOTTED.finditer(text):
        if (date := _day(match[3], match[2], match[1])) is not None:
            found.append((match.start(), date))
    for match in _CJK.finditer(text):
        if (date := _day(match[1], match[2], match[3])) is not None:
            found.append((match.start(), date))
    for match in day_first.finditer(text):
        if (date := _day(match[3], names[match[2].lower().rstrip(".")], match[1])):
            found.append((match.start(), date))
    for match in month_first.finditer(text):
        if (date := _day(match[3], names[match[1].lower().rstrip(".")], match[2])):
            found.append((match.start(), date))
    return min(found, key=lambda hit: hit[0]) if found else None


def visible_date(tree: Any, language: str | None = None) -> PartialDate | None:
    """The date shown under the headline: after a cue word if one is there, else the first
    one with a time of day after it ("15 августа 2016, 13:43": a timestamp, not a date the
    text mentions, such as a birth date in an encyclopaedia's first line)."""
    text = ""
    for piece in tree.xpath(_VISIBLE):
        text += " " + " ".join(str(piece).split())
        if len(text) >= AFTER_HEADLINE:
            break
    text = text[:AFTER_HEADLINE]
    stamped: PartialDate | None = None
    rest, offset = text, 0
    while (hit := find_date(rest, language)) is not None:
        position, date = hit
        at = offset + position
        if CUES.search(text[max(0, at - 40):at]):
            return date
        if stamped is None and _TIME.search(text[at:at + 40]):
            stamped = date
        offset = at + 1
        rest = text[offset:]
    return stamped
