"""Sums of money with a currency, and dates — written out, numeric, or relative ("last
month", "Thursday") resolved against the source's publication date when it has one."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from osint_desk.core.extract.patterns import Found

_NUMBER = r"\d{1,3}(?:[,. \u00a0]\d{3})*(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
_SCALE = (r"(?:\s?(?:million|billion|trillion|thousand|bn|mn|m|k|mln|млн\.?|млрд\.?|тыс\.?|"
          r"Mio\.?|Mrd\.?|Millionen|Milliarden|Billionen|miljoner|millions?|milliards?))")
_SYMBOL = r"(?:US\$|\$|€|£|¥|₽|₴|₹|C\$|A\$)"
_CODE = r"(?:USD|EUR|GBP|RUB|UAH|CHF|JPY|CNY|KPW|BTC)"
_WORD = (r"(?:US-Dollar|dollars?|euros?|pounds?|roubles?|rubles?|yuan|hryvnias?|рубл(?:ей|я|ь)|"
         r"долларов|доллара|евро|гривен|Euro|Dollar|Rubel|Franken)")
_MONEY = re.compile(
    rf"(?<![\w$€£¥₽])(?:{_SYMBOL}\s?(?:{_NUMBER}){_SCALE}?(?!\w)"
    rf"|{_CODE}\s?(?:{_NUMBER}){_SCALE}?(?!\w)"
    rf"|(?:{_NUMBER}){_SCALE}?\s?(?:{_SYMBOL}|{_CODE}|{_WORD})(?!\w))", re.IGNORECASE)

_MONTHS = {name: number for number, names in enumerate((
    ("january", "jan", "januar", "января", "январь", "jänner"),
    ("february", "feb", "februar", "февраля", "февраль"),
    ("march", "mar", "märz", "марта", "март"),
    ("april", "apr", "апреля", "апрель"),
    ("may", "mai", "мая", "май"),
    ("june", "jun", "juni", "июня", "июнь"),
    ("july", "jul", "juli", "июля", "июль"),
    ("august", "aug", "августа", "август"),
    ("september", "sep", "sept", "сентября", "сентябрь"),
    ("october", "oct", "oktober", "октября", "октябрь"),
    ("november", "nov", "ноября", "ноябрь"),
    ("december", "dec", "dezember", "декабря", "декабрь")), start=1) for name in names}
_MONTH = "|".join(sorted((re.escape(m) for m in _MONTHS), key=len, reverse=True))
_ABSOLUTE = re.compile(
    rf"(?<!\w)(?:(?P<d1>\d{{1,2}})\.?\s(?P<m1>{_MONTH})\.?,?\s(?P<y1>\d{{4}})"
    rf"|(?P<m2>{_MONTH})\.?\s(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s(?P<y2>\d{{4}})"
    rf"|(?P<m3>{_MONTH})\s(?P<y3>\d{{4}})"
    rf"|(?P<iso>(?P<y4>\d{{4}})-(?P<m4>\d{{2}})-(?P<d4>\d{{2}}))"
    rf"|(?P<d5>\d{{1,2}})\.(?P<m5>\d{{1,2}})\.(?P<y5>\d{{4}})"
    rf"|(?P<d6>\d{{1,2}})\.?\s(?P<m6>{_MONTH})(?!\s\d))(?!\w)", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\w)(?:in|since|until|by|from|im|seit|bis|в|с|до)\s((?:19|20)\d{2})"
                   r"(?:\s?(?:год[ау]?|г\.))?(?!\w)", re.IGNORECASE)
_WEEKDAYS = {name: number for number, names in enumerate((
    ("monday", "montag", "понедельник"), ("tuesday", "dienstag", "вторник"),
    ("wednesday", "mittwoch", "среду", "среда"), ("thursday", "donnerstag", "четверг"),
    ("friday", "freitag", "пятницу", "пятница"), ("saturday", "samstag", "субботу", "суббота"),
    ("sunday", "sonntag", "воскресенье"))) for name in names}
_WEEKDAY = re.compile(r"(?<!\w)(?:on\s|am\s|в\s)?(" + "|".join(_WEEKDAYS) + r")(?!\w)",
                      re.IGNORECASE)
_RELATIVE = re.compile(
    r"(?<!\w)(last|next|this|previous|letzte[nm]?|vergangene[nm]?|в прошлом|в прошлую|на прошлой)"
    r"\s(week|month|year|Woche|Monat|Jahr|месяце|неделе|году)(?!\w)"
    r"|(?<!\w)(yesterday|today|tomorrow|gestern|heute|morgen|вчера|сегодня|завтра)(?!\w)",
    re.IGNORECASE)
_UNITS = {"woche": "week", "неделе": "week", "monat": "month", "месяце": "month",
          "jahr": "year", "году": "year"}
_DAY_WORDS = {"yesterday": -1, "gestern": -1, "вчера": -1, "today": 0, "heute": 0,
              "сегодня": 0, "tomorrow": 1, "morgen": 1, "завтра": 1}


def find_money(text: str) -> Iterator[Found]:
    for match in _MONEY.finditer(text):
        span = match.group().rstrip()
        if not any(c.isdigit() for c in span):
            continue
        yield (match.start(), match.start() + len(span), "money",
               "pattern: sum with a currency", 0.9)


def _month(name: str) -> int:
    return _MONTHS[name.lower().rstrip(".")]


def _absolute(match: re.Match[str]) -> str | None:
    g = match.groupdict()
    try:
        if g["d1"]:
            return dt.date(int(g["y1"]), _month(g["m1"]), int(g["d1"])).isoformat()
        if g["d2"]:
            return dt.date(int(g["y2"]), _month(g["m2"]), int(g["d2"])).isoformat()
        if g["m3"]:
            return f"{int(g['y3']):04d}-{_month(g['m3']):02d}"
        if g["iso"]:
            return dt.date(int(g["y4"]), int(g["m4"]), int(g["d4"])).isoformat()
        if g["d5"]:
            return dt.date(int(g["y5"]), int(g["m5"]), int(g["d5"])).isoformat()
        if g["d6"]:
            return f"--{_month(g['m6']):02d}-{int(g['d6']):02d}"
    except ValueError:
        return None
    return None


def _relative(match: re.Match[str], published: dt.date | None) -> str | None:
    if published is None:
        return None
    if match.group(3):
        return (published + dt.timedelta(days=_DAY_WORDS[match.group(3).lower()])).isoformat()
    which = match.group(1).lower()
    unit = _UNITS.get(match.group(2).lower(), match.group(2).lower())
    step = 1 if which == "next" else 0 if which == "this" else -1
    if unit == "year":
        return f"{published.year + step:04d}"
    if unit == "month":
        month = published.year * 12 + published.month - 1 + step
        return f"{month // 12:04d}-{month % 12 + 1:02d}"
    monday = published - dt.timedelta(days=published.weekday()) + dt.timedelta(weeks=step)
    year, week, _ = monday.isocalendar()
    return f"{year:04d}-W{week:02d}"


def find_dates(text: str, published: dt.date | None) -> Iterator[tuple[int, int, str, str,
                                                                       float, str | None]]:
    """(start, end, kind, reason, confidence, resolved ISO value or None) of each date."""
    for match in _ABSOLUTE.finditer(text):
        value = _absolute(match)
        if value is not None:
            yield match.start(), match.end(), "date", "pattern: date", 0.9, value
    for match in _YEAR.finditer(text):
        yield match.start(1), match.end(1), "date", "pattern: year", 0.6, match.group(1)
    for match in _RELATIVE.finditer(text):
        value = _relative(match, published)
        reason = ("relative date, resolved against the publication date" if value
                  else "relative date (the source has no publication date)")
        yield match.start(), match.end(), "date", reason, 0.7, value
    for match in _WEEKDAY.finditer(text):
        value = None
        if published is not None:
            back = (published.weekday() - _WEEKDAYS[match.group(1).lower()]) % 7
            value = (published - dt.timedelta(days=back)).isoformat()
        if match.group(1)[0].isupper():
            yield (match.start(1), match.end(1), "date",
                   "weekday: the last one on or before the publication date" if value
                   else "weekday (the source has no publication date)", 0.6, value)
