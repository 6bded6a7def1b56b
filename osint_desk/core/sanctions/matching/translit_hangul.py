"""Hangul to the romanisations sanctions lists use, and Korean syllables compared across them.

A Hangul syllable decomposes by arithmetic (U+AC00 + (initial * 21 + vowel) * 28 + final), so
three short jamo tables give any name in McCune-Reischauer as North Korean lists write it
("김정은" -> "Kim Jong Un", "리원호" -> "Ri Won Ho") and in Revised Romanisation ("Gim Jeong
Eun"); surnames, which keep spellings of their own (Ri/Li/Yi/Lee/Rhee, Pak/Park, Jong/Chong/
Jeong), come from a small table. A given name stays one part ("Jongun"): lists split it into
syllables ("Jong Un", "Jong-un"), which the comparison of names written together meets, and
syllables as separate parts would align by chance with any Korean name.

``korean_key`` reads one Latin part as a Korean syllable in any of these romanisations and
gives a canonical spelling, so "Gim Jeong-eun", "Kim Chong-un" and "KIM, Jong Un" agree part
by part; ``compare`` uses it only when every part of both names reads as a Korean syllable.
"""

from __future__ import annotations

import re
from functools import lru_cache

HANGUL_RE = re.compile(r"[\uac00-\ud7a3]")
_BASE, _VOWELS, _FINALS = 0xAC00, 21, 28

# Initial consonants, McCune-Reischauer as North Korean lists write it (ㅈ as j) and Revised.
_INITIAL_MR = ("k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "", "j", "jj", "ch",
               "kh", "th", "ph", "h")
_INITIAL_RR = ("g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch",
               "k", "t", "p", "h")
_VOWEL_MR = ("a", "ae", "ya", "yae", "o", "e", "yo", "ye", "o", "wa", "wae", "oe", "yo", "u",
             "wo", "we", "wi", "yu", "u", "ui", "i")
_VOWEL_RR = ("a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u",
             "wo", "we", "wi", "yu", "eu", "ui", "i")
_FINAL = ("", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m",
          "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t")

# Surnames as lists spell them, most usual list form first.
_SURNAMES = """
김 kim gim; 이 ri li yi lee rhee; 리 ri li lee; 박 pak park bak; 정 jong chong jeong chung;
최 choe choi; 강 kang gang; 조 jo cho; 윤 yun yoon; 장 jang chang; 임 rim lim im; 림 rim lim;
한 han; 오 o oh; 서 so seo suh; 신 sin shin; 권 kwon gwon; 황 hwang; 안 an ahn; 송 song;
류 ryu yu; 유 yu yoo ryu; 홍 hong; 전 jon jeon chon chun; 고 ko go koh; 문 mun moon;
양 yang ryang; 량 ryang yang; 손 son sohn; 배 pae bae; 백 paek baek paik; 허 ho heo hur; 남 nam;
심 sim shim; 노 no roh noh; 로 ro roh; 하 ha; 곽 kwak; 성 song seong sung; 차 cha;
주 ju joo chu; 우 u woo; 구 ku gu koo; 민 min; 진 jin chin; 지 ji chi; 엄 om eom; 채 chae;
원 won; 천 chon cheon; 방 pang bang; 공 kong gong; 현 hyon hyeon hyun; 함 ham; 변 pyon byeon
byun; 염 yom yeom; 렴 ryom yom; 여 yo yeo; 추 chu; 도 to do; 석 sok seok; 선 son seon sun;
설 sol seol; 마 ma; 길 kil gil; 연 yon yeon; 위 wi; 표 pyo; 명 myong myeong; 기 ki gi;
반 pan ban; 왕 wang; 금 kum geum; 옥 ok; 육 yuk; 제 je che; 탁 thak tak; 국 kuk guk;
태 thae tae; 봉 pong bong; 경 kyong gyeong; 라 ra na
"""
MAX_VARIANTS = 6


@lru_cache(maxsize=1)
def _surnames() -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for item in _SURNAMES.replace("\n", " ").split(";"):
        syllable, *forms = item.split()
        out[syllable] = tuple(forms)
    return out


def _syllable(ch: str, rr: bool) -> str:
    code = ord(ch) - _BASE
    lead, vowel, final = code // (_VOWELS * _FINALS), code // _FINALS % _VOWELS, code % _FINALS
    initials, vowels = (_INITIAL_RR, _VOWEL_RR) if rr else (_INITIAL_MR, _VOWEL_MR)
    return initials[lead] + vowels[vowel] + _FINAL[final]


@lru_cache(maxsize=20_000)
def hangul_to_latin(text: str) -> tuple[tuple[str, str], ...]:
    """Latin renderings of a name with Hangul: McCune-Reischauer (list style) with each
    spelling of the surname, then Revised Romanisation. Other characters pass through."""
    words = text.split()
    # A one-word name of 2 to 4 syllables is surname + given name ("김정은").
    if len(words) == 1 and 2 <= len(words[0]) <= 4 and all(HANGUL_RE.match(c) for c in words[0]):
        words = [words[0][0], words[0][1:]]
    if len(words) > 1 and len(words[-1]) == 1 and len(words[0]) > 1:
        words = [words[-1], *words[:-1]]  # surname last, Western order: "정은 김"
    out: dict[str, str] = {}
    for rr in (False, True):
        rendered = ["".join(_syllable(c, rr) if HANGUL_RE.match(c) else c for c in w)
                    for w in words]
        first = words[0]
        forms: tuple[str, ...] = ()
        if len(first) == 1 and len(words) > 1:
            forms = _surnames().get(first, ())
        label = "Hangul (Revised)" if rr else "Hangul (McCune-Reischauer)"
        for surname in (forms[:1] if rr else forms) or (rendered[0],):
            latin = " ".join([surname, *rendered[1:]])
            out.setdefault(latin, label)
        if rr:
            out.setdefault(" ".join(rendered), label)
    return tuple(list(out.items())[:MAX_VARIANTS])


# Latin spellings of Korean syllable parts, longest first, each with its canonical letter(s):
# aspirated and plain consonants merge (romanisations disagree on which is which), ㅓ/ㅗ and
# ㅜ/ㅡ merge (McCune-Reischauer without breves writes both as o and u).
_K_INITIALS = (("kk", "k"), ("tt", "t"), ("pp", "p"), ("ss", "s"), ("jj", "j"), ("ch", "j"),
               ("kh", "k"), ("th", "t"), ("ph", "p"), ("sh", "s"), ("rh", "r"), ("g", "k"),
               ("k", "k"), ("n", "n"), ("d", "t"), ("t", "t"), ("r", "r"), ("l", "r"),
               ("m", "m"), ("b", "p"), ("p", "p"), ("s", "s"), ("j", "j"), ("h", "h"), ("", ""))
_K_VOWELS = (("yae", "yae"), ("yeo", "yo"), ("wae", "wae"), ("ae", "ae"), ("ya", "ya"),
             ("eo", "o"), ("ye", "ye"), ("yo", "yo"), ("wa", "wa"), ("oe", "oe"), ("oi", "oe"),
             ("wo", "wo"), ("we", "we"), ("wi", "wi"), ("yu", "yu"), ("eu", "u"), ("ui", "ui"),
             ("oo", "u"), ("ou", "o"), ("ee", "i"), ("a", "a"), ("e", "e"), ("o", "o"),
             ("u", "u"), ("i", "i"))
_K_FINALS = {"": "", "k": "k", "g": "k", "n": "n", "l": "l", "r": "l", "m": "m", "p": "p",
             "b": "p", "ng": "ng", "t": "t"}
# Surname spellings no syllable rule gives.
_K_SPECIAL = {"park": "pak", "lee": "ri", "yi": "ri", "li": "ri", "i": "ri", "rhee": "ri",
              "choi": "choe", "oh": "o", "ahn": "an", "sohn": "son", "roh": "no", "noh": "no",
              "koh": "ko", "hur": "ho", "paik": "paek", "suh": "so", "chung": "jong",
              "young": "yong"}


@lru_cache(maxsize=50_000)
def korean_key(token: str) -> str | None:
    """The canonical spelling of *token* read as one Korean syllable, else None:
    "jeong", "chong" and "jong" -> "jong"; "gim" -> "kim"; "lee" / "li" / "yi" -> "ri"."""
    token = _K_SPECIAL.get(token, token)
    if not token.isalpha() or not token.isascii() or len(token) > 6:
        return None
    for spelling, initial in _K_INITIALS:
        if not token.startswith(spelling):
            continue
        rest = token[len(spelling):]
        for vspelling, vowel in _K_VOWELS:
            if rest.startswith(vspelling) and rest[len(vspelling):] in _K_FINALS:
                return initial + vowel + _K_FINALS[rest[len(vspelling):]]
    return None


def korean_syllables(tokens: tuple[str, ...]) -> list[str] | None:
    """The canonical syllables of Latin parts that read wholly as Korean ("Jong-un", "Jongun"
    -> jong, un), else None."""
    out: list[str] = []
    for token in tokens:
        keys = _split_syllables(token)
        if keys is None:
            return None
        out.extend(keys)
    return out


@lru_cache(maxsize=50_000)
def _split_syllables(token: str) -> tuple[str, ...] | None:
    if len(token) > 18:  # three syllables at most: bounded work for any input
        return None
    key = korean_key(token)
    if key is not None:
        return (key,)
    for cut in range(len(token) - 1, 0, -1):  # longest first syllable that leaves syllables
        head = korean_key(token[:cut])
        if head is not None:
            rest = _split_syllables(token[cut:])
            if rest is not None and len(rest) < 3:
                return (head, *rest)
    return None


def hangul_syllables(text: str) -> list[str]:
    """The canonical syllables of the Hangul in *text* (surname spellings as ``korean_key``
    reads them: 이 and 리 are "ri")."""
    return [k for c in text if HANGUL_RE.match(c)
            and (k := korean_key(_syllable(c, False))) is not None]
