"""Japanese kana to Hepburn romanisation, and the consonant skeletons that compare it.

Kana are syllables, so a small table gives any kana word in Hepburn, as lists write Japanese
names ("ザラ" -> "zara", "イジュマシュ" -> "ijumashu"): a syllable ending in i with a small
ya/yu/yo joins it ("シュ" -> "shu", "キャ" -> "kya"), a small vowel replaces the vowel before it
("ティ" -> "ti", "ジェ" -> "je", "ウィ" -> "wi"), the small tsu doubles the next consonant and
long vowels are written once ("センター" -> "senta", "とうきょう" -> "tokyo", as lists do).
Hiragana go through the katakana table. Japanese has one liquid and writes the Russian zh as j, so
every name is also given as a foreign name would be ("zala", "izhumashu").

Foreign names in katakana add a vowel after each consonant and merge consonants Japanese does
not tell apart, so their parts are also compared by consonant skeleton (``kana_similarity``):
"ijumashu" / "Izhmash", "karashinikofu" / "Kalashnikov", "kontserun" / "Concern".
"""

from __future__ import annotations

import re
from functools import lru_cache

KANA_LABEL = "Japanese (kana)"
KANA_RE = re.compile(r"[\u3041-\u3096\u30a1-\u30fa\u30fc\u31f0-\u31ff\uff66-\uff9d]")
_KANA_RUN_RE = re.compile(r"[\u3041-\u3096\u309b\u309c\u30a1-\u30fa\u30fc]+")
_SMALL_AFTER_SPACE_RE = re.compile(r"(?<=[\u3041-\u3096\u30a1-\u30fa])\s+(?=[ぁぃぅぇぉゃゅょっ"
                                   r"ァィゥェォャュョッー])")
_HAN_SPACE_RE = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
_HAN = r"\u3400-\u4dbf\u4e00-\u9fff"
_KANA = r"\u3041-\u3096\u30a1-\u30fa\u30fc"
# A boundary between kana, Han characters and Latin letters or digits, where a name written
# without spaces ("エーレベル航空システムズCST有限会社") changes script.
_BOUNDARY_RE = re.compile(rf"(?<=[{_KANA}])(?=[{_HAN}A-Za-z0-9])|(?<=[{_HAN}A-Za-z0-9])"
                          rf"(?=[{_KANA}])|(?<=[{_HAN}])(?=[A-Za-z0-9])|(?<=[A-Za-z0-9])"
                          rf"(?=[{_HAN}])")

_ROWS = {
    "": "アイウエオ", "k": "カキクケコ", "g": "ガギグゲゴ", "s": "サシスセソ", "z": "ザジズゼゾ",
    "t": "タチツテト", "d": "ダヂヅデド", "n": "ナニヌネノ", "h": "ハヒフヘホ", "b": "バビブベボ",
    "p": "パピプペポ", "m": "マミムメモ", "y": "ヤ-ユ-ヨ", "r": "ラリルレロ", "w": "ワヰ-ヱヲ",
}
_IRREGULAR = {"シ": "shi", "ジ": "ji", "チ": "chi", "ヂ": "ji", "ツ": "tsu", "ヅ": "zu",
              "フ": "fu", "ヰ": "i", "ヱ": "e", "ヲ": "o", "ン": "n", "ヴ": "vu", "ヵ": "ka",
              "ヶ": "ke", "ヮ": "wa"}
_SMALL_Y = {"ャ": "a", "ュ": "u", "ョ": "o"}
_SMALL_VOWELS = {"ァ": "a", "ィ": "i", "ゥ": "u", "ェ": "e", "ォ": "o"}


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    out: dict[str, str] = {}
    for consonant, row in _ROWS.items():
        for ch, vowel in zip(row, "aiueo", strict=True):
            if ch != "-":
                out[ch] = consonant + vowel
    out.update(_IRREGULAR)
    return out


def _katakana(text: str) -> str:
    """Hiragana as katakana (the two tables differ by a fixed offset)."""
    return "".join(chr(ord(c) + 0x60) if "\u3041" <= c <= "\u3096" else c for c in text)


def _word(word: str) -> str:
    """One run of kana in Hepburn, long vowels written once."""
    table = _table()
    out: list[str] = []
    double = False
    for ch in _katakana(word):
        if ch == "ッ":
            double = True
            continue
        if ch == "ー":
            continue  # a long vowel: written once
        if ch in _SMALL_Y and out and out[-1].endswith("i") and len(out[-1]) > 1:
            head = out[-1][:-1]
            out[-1] = head + (_SMALL_Y[ch] if head in ("sh", "ch", "j") else "y" + _SMALL_Y[ch])
            continue
        if ch in _SMALL_VOWELS and out and out[-1][-1] in "aiueo":
            prev = out[-1]
            out[-1] = ("w" if prev == "u" else "y" if prev == "i" else prev[:-1]) + \
                _SMALL_VOWELS[ch]
            continue
        syllable = table.get(ch) or _SMALL_VOWELS.get(ch) or _SMALL_Y.get(ch, "")
        if double and syllable and syllable[0] not in "aiueon":
            syllable = ("t" if syllable.startswith("ch") else syllable[0]) + syllable
        double = False
        out.append(syllable)
    latin = "".join(out)
    return re.sub(r"ou|oo", "o", re.sub(r"uu", "u", latin))  # "tokyo", "sato", "yuki"


def kana_text(text: str) -> str:
    """*text* with the script boundaries spaced, the spaces a line break leaves inside a kana
    word or between Han characters taken out ("グル ープ", "有限 会社"), and "・" as a space."""
    text = _SMALL_AFTER_SPACE_RE.sub("", text)
    text = _HAN_SPACE_RE.sub("", text.replace("・", " ").replace("゠", " "))
    return _BOUNDARY_RE.sub(" ", text)


@lru_cache(maxsize=20_000)
def kana_to_latin(text: str) -> tuple[tuple[str, str], ...]:
    """Latin renderings of a name with kana: Hepburn, and a reading of a foreign name (l for
    r, zh for j: "カラシニコフ" -> "kalashinikofu", "イジュマシュ" -> "izhumashu"). Other
    characters pass through (Han characters as they are, for anyascii)."""
    hepburn = _KANA_RUN_RE.sub(lambda m: _word(m.group()), kana_text(text))
    out = [(hepburn, KANA_LABEL)]
    foreign = _KANA_RUN_RE.sub(lambda m: _word(m.group()).replace("r", "l").replace("j", "zh"),
                               kana_text(text))
    if foreign != hepburn:
        out.append((foreign, KANA_LABEL))
    return tuple(out)


# Consonant classes shared by a Latin name and its katakana rendering: Japanese has one liquid
# (r / l), writes v and f alike (b, fu), th as s, the Russian zh as j; s, z, j merge (the voiced
# "systems" -> "shisutemuzu"), ts and s (Concern -> "kontserun"), t, d and ch.
_LATIN_RULES: tuple[tuple[str, str], ...] = (
    ("tch", "T"), ("dzh", "S"), ("shch", "S"), ("sch", "S"), ("sh", "S"), ("ch", "T"),
    ("zh", "S"), ("ts", "S"), ("tz", "S"), ("th", "S"), ("ph", "B"), ("ck", "K"), ("kh", "K"),
    ("ce", "Se"), ("ci", "Si"), ("cy", "Sy"), ("x", "KS"), ("q", "K"), ("c", "K"), ("j", "S"),
    ("g", "K"), ("k", "K"), ("l", "R"), ("r", "R"), ("v", "B"), ("f", "B"), ("w", "B"),
    ("b", "B"), ("p", "B"), ("d", "T"), ("t", "T"), ("z", "S"), ("s", "S"), ("m", "M"),
    ("n", "N"),
)
_NOT_CLASS_RE = re.compile(r"[^A-Z]")
_DOUBLE_RE = re.compile(r"(.)\1+")


@lru_cache(maxsize=100_000)
def kana_skeleton(token: str, latin: bool = False) -> str:
    """The consonant skeleton of a part in the classes above (vowels, h and y go); a *latin*
    part's final r after a vowel goes too (English "-er", "-or" are a long vowel in katakana:
    "center" / "senta"). Japanese "chi" stands for a foreign "ti" (Putin / "puchin")."""
    s = token.lower()
    if latin and len(s) > 3 and s.endswith("r") and s[-2] in "aeiou":
        s = s[:-1]
    for old, new in _LATIN_RULES:
        s = s.replace(old, new)
    return _DOUBLE_RE.sub(r"\1", _NOT_CLASS_RE.sub("", s))


def kana_similarity(kana: str, latin: str) -> float:
    """Similarity of a part rendered from kana and a Latin part by consonant skeleton: 0.9
    when equal with three consonants or more, 0.8 with two (parts of about one length); else
    0. Parts must agree on opening with a vowel ("Izhmash" / "ijumashu")."""
    if (kana[0] in "aeiou") != (latin[0] in "aeiou"):
        return 0.0
    sa, sb = kana_skeleton(kana), kana_skeleton(latin, latin=True)
    if sa != sb or len(sa) < 2:
        return 0.0
    if len(sa) == 2:  # two consonants: short parts of about the same length only
        return 0.8 if abs(len(kana) - len(latin)) <= 1 else 0.0
    return 0.9
