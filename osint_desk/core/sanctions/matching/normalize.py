"""Name normalisation: any script to lowercase Latin tokens, legal forms set aside.

Cyrillic goes through our own tables (BGN/PCGN-style and ICAO-style, the two Latin spellings
lists and passports use most); every other script goes through anyascii (Arabic, Hangul, CJK,
Greek, Hebrew, Armenian, Georgian, Indic scripts...). Latin diacritics are folded the same way.
Organisation legal forms (LLC, OOO, Ltd, GmbH, JSC, PJSC...) become a type marker and are not
name evidence; titles (Mr, President...) are dropped; particles (al, bin, van...) and generic
organisation words (group, holding...) are kept but marked as weak evidence.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from anyascii import anyascii

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
_CYR_VOWELS = set("аеёиоуыэюяіїєъь")
CYRILLIC_SCHEMES = ("BGN/PCGN", "ICAO 9303")

_CYR_RE = re.compile(r"[\u0400-\u04ff]")
_NON_LATIN_RE = re.compile(r"[^\x00-\x7f]")
_APOSTROPHES = re.compile(r"['`´ʼʻ’‘\"]")
_SPLIT_RE = re.compile(r"[^a-z0-9]+")

# Legal forms, longest first; each maps to a type marker.
_LEGAL_FORMS: dict[str, str] = {
    "limited liability company": "llc", "limited liability partnership": "llp",
    "obshchestvo s ogranichennoy otvetstvennostyu": "llc",
    "obshchestvo s ogranichennoi otvetstvennostiu": "llc",
    "obshchestvo s ogrannichennoi otvetstvennostyu": "llc",
    "obshchestvo s ogranichennoi otvetstvennostyu": "llc",
    "public joint stock company": "jsc", "open joint stock company": "jsc",
    "closed joint stock company": "jsc", "joint stock company": "jsc",
    "aktsionernoe obshchestvo": "jsc", "publichnoe aktsionernoe obshchestvo": "jsc",
    "sp z o o": "llc", "s de rl": "llc", "s de rl de cv": "llc", "s a de c v": "jsc",
    "sa de cv": "jsc", "s de h": "llc", "co ltd": "ltd", "company limited": "ltd",
    "public limited company": "plc", "p l c": "plc", "s a": "jsc", "s l": "llc",
    "l l c": "llc", "s r l": "llc", "s p a": "jsc", "b v": "bv", "n v": "nv",
    "aktiengesellschaft": "jsc", "gesellschaft mit beschrankter haftung": "llc",
    "incorporated": "inc", "corporation": "corp", "limited": "ltd", "company": "co",
    "llc": "llc", "ooo": "llc", "ltd": "ltd", "ltda": "ltd", "gmbh": "llc", "plc": "plc",
    "inc": "inc", "corp": "corp", "co": "co", "jsc": "jsc", "ojsc": "jsc", "pjsc": "jsc",
    "cjsc": "jsc", "zao": "jsc", "oao": "jsc", "pao": "jsc", "ao": "jsc", "ag": "jsc",
    "sa": "jsc", "sas": "jsc", "spa": "jsc", "srl": "llc", "sarl": "llc", "bv": "bv",
    "nv": "nv", "llp": "llp", "lp": "lp", "oy": "jsc", "ab": "jsc", "as": "jsc",
    "fze": "llc", "fzco": "llc", "fzc": "llc", "kg": "lp", "kft": "llc", "doo": "llc",
    "sdn bhd": "llc", "bhd": "llc", "pte": "ltd", "pty": "ltd", "tov": "llc", "pp": "llc",
}
# In person names only unambiguous forms count ("Nicolas Maduro LLC"); "ao", "sa"... stay names.
_PERSON_SAFE_FORMS = {"llc", "ooo", "ltd", "gmbh", "plc", "inc", "corp", "jsc", "pjsc", "ojsc",
                      "cjsc", "zao", "oao", "limited", "corporation", "incorporated",
                      "limited liability company"}
_MAX_FORM_LEN = max(len(k.split()) for k in _LEGAL_FORMS)

TITLES = frozenset({
    "mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "lord", "president", "presidente",
    "prasident", "predsjednik", "presedintele", "presiden", "prezident", "elnok", "prezydent",
    "general", "gen", "col", "colonel", "sheikh", "shaikh", "haji", "hajji", "mullah", "maulavi",
    "mawlawi", "qari", "emir", "king", "prince", "minister", "the",
})
PARTICLES = frozenset({
    "al", "el", "ul", "bin", "ibn", "bint", "ben", "abu", "van", "von", "der", "den", "de",
    "da", "di", "du", "del", "la", "le", "dos", "das", "and", "of", "und", "et",
    "na", "ould", "ag", "bn",
})
ORG_GENERIC = frozenset({
    "group", "groups", "holding", "holdings", "international", "company", "pmc", "chvk",
    "private", "military", "chastnaya", "voennaya", "kompaniya", "enterprise", "enterprises",
    "trading", "industries", "industry", "global", "services", "organization", "organisation",
    "the",
})
PERSON_SCHEMAS = frozenset({"Person"})
ORG_SCHEMAS = frozenset({"Organization", "Company", "PublicBody", "Vessel", "Airplane"})


@dataclass(frozen=True)
class NormName:
    """A name as Latin tokens, with its legal-form markers and the transliteration used."""

    tokens: tuple[str, ...]
    forms: frozenset[str]
    transliteration: str | None


def _cyr_to_latin(text: str, table: dict[str, str], initial_ye: bool) -> str:
    out: list[str] = []
    prev = " "
    for ch in text:
        low = ch.lower()
        if low in table:
            rep = table[low]
            if initial_ye and low == "е" and (not prev.isalpha() or prev in _CYR_VOWELS):
                rep = "ye"
            elif initial_ye and low == "ы" and prev == "и":
                rep = "y"
            out.append(rep)
        else:
            out.append(ch)
        prev = low
    return "".join(out)


def to_latin(text: str) -> list[tuple[str, str | None]]:
    """Latin renderings of *text*: one per Cyrillic scheme if it has Cyrillic, else one."""
    text = unicodedata.normalize("NFC", text)
    if _CYR_RE.search(text):
        variants = [
            (_cyr_to_latin(text, _CYR_BGN, True), CYRILLIC_SCHEMES[0]),
            (_cyr_to_latin(text, _CYR_ICAO, False), CYRILLIC_SCHEMES[1]),
        ]
        return [(anyascii(v), label) for v, label in variants]
    if _NON_LATIN_RE.search(text):
        latin = anyascii(text)
        stripped = "".join(c for c in unicodedata.normalize("NFKD", text)
                           if not unicodedata.combining(c))
        label = None if _NON_LATIN_RE.search(stripped) is None else "anyascii"
        return [(latin, label)]
    return [(text, None)]


def _split(latin: str) -> list[str]:
    latin = _APOSTROPHES.sub("", latin)
    # CJK via anyascii comes as CamelCase syllables ("FuLaJiMiEr"): lower-casing joins them.
    return [t for t in _SPLIT_RE.split(latin.lower()) if t]


def _strip_forms(tokens: list[str], person: bool) -> tuple[list[str], set[str]]:
    forms: set[str] = set()
    out: list[str] = []
    i = 0
    while i < len(tokens):
        for n in range(min(_MAX_FORM_LEN, len(tokens) - i), 0, -1):
            phrase = " ".join(tokens[i:i + n])
            marker = _LEGAL_FORMS.get(phrase)
            if marker is None or (person and phrase not in _PERSON_SAFE_FORMS):
                continue
            if n == 1 and len(phrase) <= 3 and len(tokens) == 1:
                continue
            forms.add(marker)
            i += n
            break
        else:
            out.append(tokens[i])
            i += 1
    return out, forms


def _join_letters(tokens: list[str]) -> list[str]:
    """Organisation acronyms written with dots ("A.B.C.") become one part ("abc")."""
    out: list[str] = []
    run: list[str] = []
    for t in [*tokens, ""]:
        if len(t) == 1 and t.isalpha():
            run.append(t)
            continue
        if len(run) > 1:
            out.append("".join(run))
        else:
            out.extend(run)
        run = []
        if t:
            out.append(t)
    return out


@lru_cache(maxsize=200_000)
def normalize(name: str, schema: str | None = None) -> tuple[NormName, ...]:
    """All normalised renderings of *name* (several for Cyrillic), deduplicated."""
    person = schema in PERSON_SCHEMAS
    seen: set[tuple[str, ...]] = set()
    result: list[NormName] = []
    for latin, label in to_latin(name):
        tokens = _split(latin)
        kept, forms = _strip_forms(tokens, person)
        if not person and schema is not None:
            kept = _join_letters(kept)
        kept = [t for t in kept if t not in TITLES] or kept
        if not kept:
            kept = tokens
        key = tuple(kept)
        if key in seen:
            continue
        seen.add(key)
        result.append(NormName(key, frozenset(forms), label))
    return tuple(result)


def is_weak_token(token: str, schema: str | None = None) -> bool:
    """Particles and generic organisation words: weak evidence either way."""
    if token in PARTICLES:
        return True
    return schema not in PERSON_SCHEMAS and token in ORG_GENERIC
