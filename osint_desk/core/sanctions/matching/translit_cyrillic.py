"""Cyrillic to Latin in the spellings lists use, and Wade-Giles Chinese to pinyin.

Russian names get BGN/PCGN-style and ICAO-style renderings (the two Latin spellings lists and
passports use most); a name with Ukrainian letters (і ї є ґ) gets the Ukrainian national
system too (г -> h, и -> y: "Микита" -> "Mykyta"), one with Belarusian ones (ў, or і without
и) the Belarusian system ("Уладзіміравіч" -> "Uladzimiravich"). Names wholly in Wade-Giles
syllables get a pinyin rendering ("Mao Tse-tung" -> "mao zedong").
"""

from __future__ import annotations

import re
from functools import lru_cache

_CYR_COMMON = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ж": "zh", "з": "z", "и": "i",
    "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ъ": "", "ь": "", "э": "e", "ґ": "g", "і": "i", "ї": "yi", "ў": "u", "ђ": "dj",
    "ј": "j", "љ": "lj", "њ": "nj", "ћ": "c", "џ": "dz", "ѓ": "gj", "ќ": "kj", "ѕ": "dz",
}
# BGN/PCGN style: Yevgeniy, Yuriy, Aleksandr, Dmitriy.
_CYR_BGN = {**_CYR_COMMON, "е": "e", "ё": "e", "й": "y", "ы": "y", "ю": "yu", "я": "ya",
            "є": "ye"}
# ICAO 9303 (passports) style: Evgenii, Iurii.
_CYR_ICAO = {**_CYR_COMMON, "е": "e", "ё": "e", "й": "i", "ы": "y", "ю": "iu", "я": "ia",
             "є": "ie"}
CYR_VOWELS = set("аеёиоуыэюяіїєъь")
CYRILLIC_SCHEMES = ("BGN/PCGN", "ICAO 9303")


# Ukrainian national system (2010): г h, и y, і i, ї/є/ю/я initially yi/ye/yu/ya else i/ie/iu/ia.
_CYR_UK = {**_CYR_COMMON, "г": "h", "и": "y", "е": "e", "й": "i", "ю": "iu", "я": "ia",
           "є": "ie", "ї": "i", "щ": "shch", "ь": "", "'": "", "’": ""}
_UK_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
# Belarusian (national system as passports write it): г h, ў u, е/ё/ю/я ie/io/iu/ia.
_CYR_BE = {**_CYR_COMMON, "г": "h", "ў": "u", "е": "ie", "ё": "io", "й": "i", "ы": "y",
           "ю": "iu", "я": "ia", "э": "e"}
_BE_INITIAL = {"е": "ye", "ё": "yo", "ю": "yu", "я": "ya"}
_UK_RE = re.compile(r"[їєґЇЄҐ]")
_BE_RE = re.compile(r"[ўЎ]")
_I_RE = re.compile(r"[іІ]")
_RU_I_RE = re.compile(r"[иИ]")


def _cyr_national(text: str, table: dict[str, str], initial: dict[str, str]) -> str:
    out: list[str] = []
    prev = " "
    for ch in text:
        low = ch.lower()
        rep = table.get(low)
        if rep is None:
            out.append(ch)
        elif not prev.isalpha() and low in initial:
            out.append(initial[low])
        else:
            out.append(rep)
        prev = low
    return "".join(out)


def cyrillic_to_latin(text: str) -> list[tuple[str, str]]:
    """Latin renderings of Cyrillic *text*: BGN/PCGN, ICAO 9303 and, for Ukrainian or
    Belarusian spellings, the national system."""
    out = [(_cyr_to_latin(text, _CYR_BGN, True), CYRILLIC_SCHEMES[0]),
           (_cyr_to_latin(text, _CYR_ICAO, False), CYRILLIC_SCHEMES[1])]
    if _UK_RE.search(text) or (_I_RE.search(text) and _RU_I_RE.search(text)):
        out.append((_cyr_national(text, _CYR_UK, _UK_INITIAL), "Ukrainian national"))
    elif _BE_RE.search(text) or _I_RE.search(text):
        out.append((_cyr_national(text, _CYR_BE, _BE_INITIAL), "Belarusian national"))
    return out


def _cyr_to_latin(text: str, table: dict[str, str], initial_ye: bool) -> str:
    out: list[str] = []
    prev = " "
    for ch in text:
        low = ch.lower()
        if low in table:
            rep = table[low]
            if initial_ye and low == "е" and (not prev.isalpha() or prev in CYR_VOWELS):
                rep = "ye"
            elif initial_ye and low == "ы" and prev == "и":
                rep = "y"
            out.append(rep)
        else:
            out.append(ch)
        prev = low
    return "".join(out)


# Wade-Giles (Hsi Chin-p'ing, Mao Tse-tung) to pinyin (Xi Jinping, Mao Zedong). Aspiration
# apostrophes are often dropped, so an unmarked initial is read as unaspirated (p -> b).
_WG_INITIALS = ("ch'", "ts'", "tz'", "ch", "hs", "k'", "p'", "t'", "ts", "tz", "ss", "sz", "sh",
                "k", "p", "t", "s", "j", "m", "f", "n", "l", "h", "y", "w", "")
_WG_FINALS = frozenset({
    "a", "ai", "an", "ang", "ao", "e", "eh", "ei", "en", "eng", "erh", "i", "ia", "iang", "iao",
    "ieh", "ien", "ih", "in", "ing", "iu", "iung", "o", "ou", "u", "ua", "uai", "uan", "uang",
    "uei", "ui", "un", "ung", "uo", "ueh"})
_WG_PLAIN = {"p'": "p", "t'": "t", "k'": "k", "p": "b", "t": "d", "k": "g", "hs": "x",
             "ts": "z", "tz": "z", "ts'": "c", "tz'": "c", "ss": "s", "sz": "s", "j": "r"}
_WG_FINAL_MAP = {"ih": "i", "ieh": "ie", "ien": "ian", "iung": "iong", "ung": "ong",
                 "uei": "ui", "eh": "e", "erh": "er", "ueh": "ue"}
_WG_MARKERS = frozenset({"hs", "ts", "tz", "ss", "sz", "ch'", "k'", "p'", "t'", "ts'", "tz'"})
_WG_SPLIT_RE = re.compile(r"[\s,]+")


@lru_cache(maxsize=20_000)
def _wg_syllable(syl: str) -> tuple[str, bool] | None:
    """Pinyin for one Wade-Giles syllable and whether it is distinctly Wade-Giles."""
    for ini in _WG_INITIALS:
        if not syl.startswith(ini):
            continue
        fin = syl[len(ini):]
        if fin not in _WG_FINALS or (ini in ("y", "w") and fin[:1] in ("i", "u")
                                     and fin not in ("u", "un", "ung", "uan", "ueh", "in")):
            continue
        marked = ini in _WG_MARKERS or fin in ("ih", "ieh", "erh")
        if ini in ("ch", "ch'"):
            new_ini = ("j" if ini == "ch" else "q") if fin[:1] in ("i", "u") and fin not in (
                "u", "ua", "uai", "uan", "uang", "ui", "un", "ung", "uo", "uei") else (
                "zh" if ini == "ch" else "ch")
        else:
            new_ini = _WG_PLAIN.get(ini, ini)
        if fin == "u" and ini in ("ts", "tz", "ts'", "tz'", "ss", "sz"):
            new_fin = "i"
        elif fin == "o" and ini in ("k", "k'", "h"):
            new_fin = "e"
        elif fin == "o" and ini not in ("p", "p'", "m", "f", "w", "y", ""):
            new_fin = "uo"
        else:
            new_fin = _WG_FINAL_MAP.get(fin, fin)
        if not new_ini and new_fin[0] in "iu":
            new_fin = {"i": "yi", "in": "yin", "ing": "ying", "u": "wu"}.get(
                new_fin, ("y" if new_fin[0] == "i" else "w") + new_fin[1:])
        elif new_ini == "y" and new_fin == "u":
            new_fin = "ou"
        return new_ini + new_fin, marked
    return None


def wade_giles(latin: str) -> str | None:
    """The pinyin reading of a name written wholly in Wade-Giles syllables, when at least one
    part is distinctly Wade-Giles ("Hsi Chin-ping" -> "xi jinbing"); otherwise None."""
    words = [w for w in _WG_SPLIT_RE.split(latin.lower().replace("’", "'")) if w]
    if not 2 <= len(words) <= 4:
        return None
    out: list[str] = []
    marked = False
    for word in words:
        syllables = [x for x in word.split("-") if x]
        if not syllables:
            return None
        marked |= len(syllables) > 1
        parts = []
        for syl in syllables:
            found = _wg_syllable(syl)
            if found is None:
                return None
            parts.append(found[0])
            marked |= found[1]
        out.append("".join(parts))
    return " ".join(out) if marked else None
