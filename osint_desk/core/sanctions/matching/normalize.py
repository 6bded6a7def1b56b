"""Name normalisation: any script to lowercase Latin tokens, legal forms set aside.

Cyrillic goes through our own tables (BGN/PCGN-style and ICAO-style, the two Latin spellings
lists and passports use most, plus the Ukrainian and Belarusian national systems), Arabic and
Persian script letter by letter (``translit_arabic``: vowels unwritten, compared by consonant
skeleton), Hangul to McCune-Reischauer and Revised (``translit_hangul``), kana to Hepburn
(``translit_kana``); every other script goes through anyascii (Han as pinyin, Greek, Hebrew,
Indic scripts...). Latin diacritics
are folded the same way. The article assimilated to a sun letter ("az-Zahar", "ad-Din") is
read as "al", a Latin Persian ezafe ("Bank-e Melli") is dropped.
Organisation legal forms (LLC, OOO, Ltd, GmbH, JSC, PJSC...) become a type marker and are not
name evidence; titles (Mr, President...) are dropped; particles (al, bin, van...) and generic
organisation words (group, holding...) are kept but marked as weak evidence.

Organisation names also get: dotted and glued legal forms ("S.A.R.L.", "SiemensAG"), number
words as digits ("Forty-Four", "44th" -> "44"), and their country mentions with ISO codes (CLDR
English names from Babel, official long forms, demonyms: "Central Bank of the Russian
Federation", "North Korean ..."), so a comparison can treat a country as what it is in such a
name: a qualifier shared by thousands of bodies, and a difference when only the query names it.
Names wholly in Wade-Giles syllables get a pinyin rendering too ("Mao Tse-tung" -> "mao
zedong"); ``same_given_name`` knows the common forms of given names (Bill / William).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from anyascii import anyascii
from babel import Locale

from .given_names import same_given_name, shared_affix
from .legal_forms import LEGAL_FORMS, MAX_FORM_LEN, PERSON_SAFE_FORMS
from .translit_arabic import ARABIC_RE, arabic_to_latin, article
from .translit_cyrillic import CYRILLIC_SCHEMES, cyrillic_to_latin, wade_giles
from .translit_hangul import HANGUL_RE, hangul_to_latin
from .translit_kana import KANA_RE, kana_text, kana_to_latin

__all__ = ["CYRILLIC_SCHEMES", "NormName", "country_mentions", "is_number", "is_weak_token",
           "normalize", "same_given_name", "shared_affix", "to_latin", "wade_giles"]

_CYR_RE = re.compile(r"[\u0400-\u04ff]")
_NON_LATIN_RE = re.compile(r"[^\x00-\x7f]")
_APOSTROPHES = re.compile(r"['`´ʼʻ’‘\"]")
_SPLIT_RE = re.compile(r"[^a-z0-9]+")

# A legal form glued to a CamelCase name ("SiemensAG", "AcmeGmbH"), split before lower-casing.
_GLUED_FORM_RE = re.compile(r"(?<=[a-z])(?=(?:AG|GmbH|LLC|Ltd|Inc|PLC|Corp|SpA|SRL|Srl|BV|NV|SA|SE)"
                            r"\b)")

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
    # regions a company's branch is named after ("Faberlic Europe"): qualifiers, not the name
    "europe", "asia", "africa", "eurasia", "oceania", "americas", "emea", "apac", "latam",
})
PERSON_SCHEMAS = frozenset({"Person"})
ORG_SCHEMAS = frozenset({"Organization", "Company", "PublicBody", "Vessel", "Airplane"})


# Country mentions. CLDR territories that are not countries are left out.
_NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ", "AQ", "UM", "BV", "HM",
                            "CP", "DG", "TA", "AC", "IO", "TF", "GS", "CQ", "EA", "IC"})
# Official and list forms, short forms and Russian transliterations CLDR's names lack.
_COUNTRY_FORMS = """
KP: north korea, korea north, democratic peoples republic of korea, korea dpr, dprk;
KR: south korea, korea south, republic of korea, korea republic of, rok;
KP KR: korea; RU: russian federation, rossiya, rossii, rossiyu, rossiia, rossiyskaya federatsiya,
rossiyskoy federatsii, rossiiskaia federatsiia, rossiiskoi federatsii;
US: united states of america, usa, us, america; GB: united kingdom of great britain and northern
ireland, great britain, britain, uk; CN: peoples republic of china, prc; TW: republic of china;
IR: islamic republic of iran, iran islamic republic of; SY: syrian arab republic;
AE: uae; CD: democratic republic of the congo, drc, congo kinshasa; CG: republic of the congo,
congo brazzaville; CD CG: congo; MM: burma; VN: viet nam; LA: lao peoples democratic republic, lao
pdr; CZ: czech republic; TR: turkey; CI: ivory coast; PS: palestine, state of palestine;
MK: macedonia; CV: cabo verde; VA: holy see, vatican; HK: hong kong; MO: macao, macau;
BA: bosnia; TT: trinidad; LY: libyan arab jamahiriya; VE: bolivarian republic of venezuela;
BO: plurinational state of bolivia; MD: republic of moldova; TZ: united republic of tanzania;
KG: kyrgyz republic; SK: slovak republic; SA: kingdom of saudi arabia; JO: hashemite kingdom of
jordan; EG: arab republic of egypt; AF: islamic republic of afghanistan; SZ: swaziland
"""
_DEMONYMS = """
AF afghan; AL albanian; DZ algerian; US american; AO angolan; AR argentine, argentinian;
AM armenian; AU australian; AT austrian; AZ azerbaijani; BH bahraini; BD bangladeshi;
BY belarusian, belarussian, byelorussian; BE belgian; BO bolivian; BA bosnian; BR brazilian;
GB british; BG bulgarian; MM burmese; KH cambodian; CM cameroonian; CA canadian; TD chadian;
CL chilean; CN chinese; CO colombian; CD CG congolese; HR croatian; CU cuban; CY cypriot;
CZ czech; DK danish; NL dutch; EC ecuadorian; EG egyptian; AE emirati; ER eritrean;
EE estonian; ET ethiopian; PH filipino, philippine; FI finnish; FR french; GE georgian;
DE german; GH ghanaian; GR greek; GT guatemalan; HT haitian; HN honduran; HU hungarian;
IS icelandic; IN indian; ID indonesian; IR iranian; IQ iraqi; IE irish; IL israeli;
IT italian; CI ivorian; JM jamaican; JP japanese; JO jordanian; KZ kazakh, kazakhstani;
KE kenyan; KP KR korean; KP north korean; KR south korean; XK kosovar; KW kuwaiti;
KG kyrgyz; LA laotian; LV latvian; LB lebanese; LR liberian; LY libyan; LT lithuanian;
MK macedonian; MY malaysian; ML malian; MT maltese; MR mauritanian; MX mexican;
MD moldovan; MN mongolian; ME montenegrin; MA moroccan; MZ mozambican; NA namibian;
NP nepalese, nepali; NZ new zealand; NI nicaraguan; NG nigerian; NE nigerien; NO norwegian;
OM omani; PK pakistani; PS palestinian; PA panamanian; PY paraguayan; PE peruvian; PL polish;
PT portuguese; QA qatari; RO romanian; RU russian, rossiyskiy, rossiyskaya, rossiyskoye,
rossiyskoy, rossiyskogo, rossiyskikh, rossiiskii, rossiiskaia, rossiiskoe, rossiiskoi,
rossiiskogo, rossiiskikh; RW rwandan; SA saudi, saudi arabian; SN senegalese; RS serbian;
SL sierra leonean; SG singaporean; SK slovak; SI slovenian, slovene; SO somali; ZA south
african; SS south sudanese; ES spanish; LK sri lankan; SD sudanese; SE swedish; CH swiss;
SY syrian; TW taiwanese; TJ tajik; TZ tanzanian; TH thai; TN tunisian; TR turkish;
TM turkmen; UG ugandan; UA ukrainian; UY uruguayan; UZ uzbek; VE venezuelan;
VN vietnamese; YE yemeni; ZM zambian; ZW zimbabwean
"""
# A mention may carry a state form: "Republic of" + name, demonym + "Federation".
_STATE_PREFIXES = ("republic of", "democratic republic of", "peoples republic of",
                   "islamic republic of", "federal republic of", "kingdom of", "state of",
                   "federative republic of", "socialist republic of", "arab republic of",
                   "principality of", "sultanate of", "commonwealth of", "grand duchy of")
_STATE_SUFFIXES = ("federation", "republic", "arab republic", "federatsiya", "federatsii",
                   "federatsiia", "federal republic", "socialist republic")


def _phrase(text: str) -> tuple[str, ...]:
    return tuple(_split(anyascii(unicodedata.normalize("NFC", text))))


@lru_cache(maxsize=1)
def _country_table() -> tuple[dict[tuple[str, ...], frozenset[str]], int]:
    table: dict[tuple[str, ...], set[str]] = {}

    def put(text: str, codes: frozenset[str]) -> None:
        for variant in (text, text.replace("&", " and "), re.sub(r"\bst\b\.?", "saint", text),
                        re.sub(r"\(.*?\)|\bsar\b.*", " ", text)):
            words = _phrase(variant)
            if words:
                table.setdefault(words, set()).update(codes)
                table.setdefault(tuple(w for w in words if w != "and"), set()).update(codes)

    for code, name in Locale("en").territories.items():
        if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES:
            put(str(name).lower(), frozenset({code}))
            for inner in re.findall(r"\((.*?)\)", str(name)):
                put(inner.lower(), frozenset({code}))
    for group in _COUNTRY_FORMS.replace("\n", " ").split(";"):
        codes, _, names = group.partition(":")
        for name in names.split(","):
            put(name, frozenset(codes.split()))
    for group in _DEMONYMS.replace("\n", " ").split(";"):
        head, _, rest = group.strip().partition(" ")
        demonym_codes = [head]
        while rest[:2].isupper() and rest[2:3] == " ":
            demonym_codes.append(rest[:2])
            rest = rest[3:]
        for name in rest.split(","):
            put(name, frozenset(demonym_codes))
    frozen = {k: frozenset(v) for k, v in table.items() if k}
    return frozen, max(len(k) for k in frozen)


@lru_cache(maxsize=1)
def _affixes() -> tuple[tuple[tuple[str, ...], ...], tuple[tuple[str, ...], ...]]:
    prefixes = tuple(_phrase(p) for p in _STATE_PREFIXES)
    return prefixes, tuple(sorted((_phrase(p) for p in _STATE_SUFFIXES), key=len, reverse=True))


def country_mentions(tokens: tuple[str, ...]) -> tuple[tuple[int, int, frozenset[str]], ...]:
    """Spans ``(start, end, iso codes)`` of *tokens* naming a country, longest first."""
    table, longest = _country_table()
    prefixes, suffixes = _affixes()
    out: list[tuple[int, int, frozenset[str]]] = []
    i = 0
    while i < len(tokens):
        found = None
        for start in [i, *(i + len(p) for p in prefixes if tokens[i:i + len(p)] == p)]:
            for n in range(min(longest, len(tokens) - start), 0, -1):
                codes = table.get(tokens[start:start + n])
                if codes is not None:
                    end = start + n
                    for suf in suffixes:
                        if tokens[end:end + len(suf)] == suf:
                            end += len(suf)
                            break
                    if found is None or end - i > found[1] - i:
                        found = (i, end, codes)
                    break
        if found is None:
            i += 1
            continue
        out.append(found)
        i = found[1]
    return tuple(out)


@dataclass(frozen=True)
class NormName:
    """A name as Latin tokens, with its legal-form markers and the transliteration used.

    ``places`` holds the country mentions of a non-person name (see ``country_mentions``).
    """

    tokens: tuple[str, ...]
    forms: frozenset[str]
    transliteration: str | None
    places: tuple[tuple[int, int, frozenset[str]], ...] = ()


# Japanese and Chinese legal forms in Han characters.
_CJK_FORMS = (("公開株式会社", " public kabushiki kaisha "), ("株式会社", " kabushiki kaisha "),
              ("有限会社", " yugen kaisha "), ("有限公司", " youxian gongsi "),
              ("股份公司", " gufen gongsi "))


def _cjk_forms(text: str) -> str:
    for form, latin in _CJK_FORMS:  # read as the legal forms they are, not as pinyin
        text = text.replace(form, latin)
    return text


def to_latin(text: str, organisation: bool = False) -> list[tuple[str, str | None]]:
    """Latin renderings of *text* with the transliteration used: one per Cyrillic scheme,
    letter by letter for Arabic script (see ``translit_arabic``), McCune-Reischauer and
    Revised for Hangul, Hepburn for kana (``translit_kana``), anyascii for any other script
    (Han characters as pinyin); Latin as it is. *organisation*: Arabic read as an
    organisation's name (``arabic_to_latin(construct=True)``)."""
    text = unicodedata.normalize("NFC", text)
    if not _NON_LATIN_RE.search(text):
        return [(text, None)]
    rendered: list[tuple[str, str | None]]
    if ARABIC_RE.search(text):
        rendered = list(arabic_to_latin(text, organisation))
    elif HANGUL_RE.search(text):
        rendered = list(hangul_to_latin(text))
    elif _CYR_RE.search(text):
        rendered = list(cyrillic_to_latin(text))
    elif KANA_RE.search(text):
        rendered = [(_cjk_forms(v), label) for v, label in kana_to_latin(text)]
    else:
        text = _cjk_forms(kana_text(text))
        stripped = "".join(c for c in unicodedata.normalize("NFKD", text)
                           if not unicodedata.combining(c))
        label = None if _NON_LATIN_RE.search(stripped) is None else "anyascii"
        return [(anyascii(text), label)]
    return [(anyascii(v), label) for v, label in rendered]


def _split(latin: str) -> list[str]:
    latin = _APOSTROPHES.sub("", latin).replace("%", " percent")  # "3%ers": "3 percenters"
    # CJK via anyascii comes as CamelCase syllables ("FuLaJiMiEr"): lower-casing joins them.
    return [t for t in _SPLIT_RE.split(latin.lower()) if t]


_UNITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
          "eighteen", "nineteen")
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
         "seventy": 70, "eighty": 80, "ninety": 90}
_ORDINALS = ("zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh",
             "eighth", "ninth", "tenth", "eleventh", "twelfth")
_NUMBER_WORDS: dict[str, int] = {**{w: n for n, w in enumerate(_UNITS)}, **_TENS,
                                 **{w: n for n, w in enumerate(_ORDINALS) if n}}
_ORDINAL_DIGITS_RE = re.compile(r"^(\d+)(?:st|nd|rd|th)$")
# Roman numerals of two letters or more ("Fund III", "Solutions II"); a lone "V" or "X" may be
# an initial.
_ROMAN_RE = re.compile(r"^(?=[ivx]{2})x{0,3}(ix|iv|v?i{0,3})$")


def is_number(token: str, schema: str | None = None) -> bool:
    """Digits, or (in an organisation's name) a Roman numeral: "Fund 23", "Solutions II"."""
    return token.isdigit() or (schema not in PERSON_SCHEMAS and bool(_ROMAN_RE.match(token)))
def _unit(token: str) -> int:
    """The value of a number word or a one-digit number, else 0."""
    return int(token) if len(token) == 1 and token.isdigit() else _NUMBER_WORDS.get(token, 0)


def _numbers(tokens: list[str]) -> list[str]:
    """Number words, ordinals and Roman numerals as digits in organisation names: "Forty-Four",
    "44th" and "44" are one part "44"; "First" and "1st" are "1", "III" is "3"."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        found = _ORDINAL_DIGITS_RE.match(t)
        if found:
            out.append(str(int(found.group(1))))
        elif t in _TENS and i + 1 < len(tokens) and 0 < _unit(tokens[i + 1]) < 10:
            out.append(str(_TENS[t] + _unit(tokens[i + 1])))  # "Forty-Four", "Forty 4"
            i += 1
        elif t in _NUMBER_WORDS:
            out.append(str(_NUMBER_WORDS[t]))
        else:
            out.append(t)
        i += 1
    return out


def _letter_run(tokens: list[str], i: int, n: int) -> bool:
    """Whether tokens[i:i+n] (2+ single letters) ends a run of letters: "V L.P." is V + LP,
    but "A.B.C." is not AB + C."""
    def single(k: int) -> bool:
        return 0 <= k < len(tokens) and len(tokens[k]) == 1
    return n > 1 and all(single(k) for k in range(i, i + n)) and not single(i + n)


def _strip_forms(tokens: list[str], person: bool) -> tuple[list[str], set[str]]:
    forms: set[str] = set()
    out: list[str] = []
    i = 0
    while i < len(tokens):
        for n in range(min(MAX_FORM_LEN, len(tokens) - i), 0, -1):
            phrase = " ".join(tokens[i:i + n])
            if len(tokens[i]) == 1 and phrase not in LEGAL_FORMS and _letter_run(tokens, i, n):
                phrase = phrase.replace(" ", "")  # dotted forms: "S.A.R.L.", "G.m.b.H.", "L.P."
            marker = LEGAL_FORMS.get(phrase)
            if marker is None or (person and phrase not in PERSON_SAFE_FORMS):
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
    renderings = to_latin(name, not person and schema is not None)
    if len(renderings) == 1 and renderings[0][1] is None and (pinyin := wade_giles(name)):
        renderings.append((pinyin, "Wade-Giles"))
    for rendering, label in renderings:
        latin = article(rendering)
        tokens = _split(_GLUED_FORM_RE.sub(" ", latin) if not person and label is None else latin)
        kept, forms = _strip_forms(tokens, person)
        if not person and schema is not None:
            kept = _numbers(_join_letters(kept))
        kept = [t for t in kept if t not in TITLES] or kept
        if not kept:
            kept = tokens
        key = tuple(kept)
        if key in seen:
            continue
        seen.add(key)
        places = () if person else country_mentions(key)
        result.append(NormName(key, frozenset(forms), label, places))
    return tuple(result)


def is_weak_token(token: str, schema: str | None = None) -> bool:
    """Particles and generic organisation words: weak evidence either way."""
    if token in PARTICLES:
        return True
    return schema not in PERSON_SCHEMAS and token in ORG_GENERIC
