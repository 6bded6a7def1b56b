"""Country mentions in names written in Han characters or Hangul ("조선민주주의인민공화국 외무성").

The names are CLDR's (Korean, simplified and traditional Chinese, and the Japanese ones written
wholly in Han characters, from Babel) with the official long forms lists write, which CLDR
lacks ("조선민주주의인민공화국", "中华人民共和国"). A mention starts a word (these scripts write
compounds without spaces: "中国银行", "조선중앙통신") and takes a state form after it ("러시아
연방"); the longest name wins ("인도네시아" is not "인도").
"""

from __future__ import annotations

import re
from functools import lru_cache

from babel import Locale

from .normalize import _NOT_COUNTRIES

__all__ = ["syllabic_places"]

# Official and usual forms CLDR's names lack.
_FORMS = """
KP: 조선민주주의인민공화국 조선 북조선 朝鲜民主主义人民共和国 朝鮮民主主義人民共和國
朝鮮民主主義人民共和国 朝鲜 朝鮮 北朝鲜;
KR: 대한민국 한국 남한 大韓民國 大韩民国 韩国 韓國 韓国;
CN: 중화인민공화국 中华人民共和国 中華人民共和國;
TW: 중화민국 中華民國 中华民国 타이완;
RU: 러시아연방 俄罗斯联邦 俄羅斯聯邦;
US: 미합중국 美利坚合众国 美利堅合眾國;
IR: 이란이슬람공화국 伊朗伊斯兰共和国 伊朗伊斯蘭共和國;
SY: 시리아아랍공화국;
JP: 日本国 日本國
"""
# State forms after a country's name: federation, republic.
_SUFFIXES = ("연방", "공화국", "联邦", "聯邦", "共和国", "共和國")
_LOCALES = ("ko", "zh", "zh_Hant", "ja")
_SYLLABIC_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")


def _letters(text: str) -> str:
    return "".join(ch for ch in re.split(r"[(（]", text, maxsplit=1)[0] if ch.isalnum())


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, frozenset[str]], int]:
    table: dict[str, set[str]] = {}
    for locale in _LOCALES:
        for code, name in Locale.parse(locale).territories.items():
            if len(code) != 2 or not code.isalpha() or code in _NOT_COUNTRIES:
                continue
            letters = _letters(str(name))
            # Japanese names with kana are never part of a name written wholly in Han.
            if len(letters) >= 2 and all(_SYLLABIC_RE.match(ch) for ch in letters):
                table.setdefault(letters, set()).add(code)
    for group in _FORMS.replace("\n", " ").split(";"):
        code, _, names = group.partition(":")
        for name in names.split():
            table.setdefault(name, set()).add(code.strip())
    return {k: frozenset(v) for k, v in table.items()}, max(len(k) for k in table)


def syllabic_places(chars: str,
                    words: tuple[int, ...]) -> tuple[tuple[int, int, frozenset[str]], ...]:
    """Spans ``(start, end, iso codes)`` of *chars* (a name's letters; *words*: the word of
    each) that name a country, each starting a word."""
    table, longest = _table()
    out: list[tuple[int, int, frozenset[str]]] = []
    i = 0
    while i < len(chars):
        if i and words[i] == words[i - 1]:
            i += 1
            continue
        found = None
        for n in range(min(longest, len(chars) - i), 1, -1):
            codes = table.get(chars[i:i + n])
            if codes is not None:
                found = (i, i + n, codes)
                break
        if found is None:
            i += 1
            continue
        start, end, codes = found
        for suffix in _SUFFIXES:
            if chars.startswith(suffix, end):
                end += len(suffix)
                break
        out.append((start, end, codes))
        i = end
    return tuple(out)
