"""Countries as ISO 3166 codes, so that "ru", "Russia" and "Russian Federation" agree.

Cards keep country codes; sanctions lists write country names in their own styles ("Korea,
North", "Iran (Islamic Republic of)", "of Registration Russia"). English names come from the
CLDR data in Babel; the official and list-specific forms the lists use are added here.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from babel import Locale

# Forms the sanctions lists use that CLDR's short English names do not cover.
_VARIANTS: dict[str, tuple[str, ...]] = {
    "KP": ("Korea, North", "Democratic People's Republic of Korea", "DPRK",
           "Korea, Democratic People's Republic of", "North Korea"),
    "KR": ("Korea, South", "Republic of Korea", "South Korea"),
    "RU": ("Russian Federation",),
    "SY": ("Syrian Arab Republic",),
    "IR": ("Iran (Islamic Republic of)", "Iran, Islamic Republic of"),
    "US": ("United States of America", "USA"),
    "GB": ("United Kingdom of Great Britain and Northern Ireland", "Great Britain", "UK"),
    "CD": ("Congo, Democratic Republic of the", "Democratic Republic of the Congo", "DRC"),
    "CG": ("Congo, Republic of the", "Republic of the Congo", "Congo"),
    "MM": ("Burma", "Myanmar"),
    "VN": ("Viet Nam",),
    "LA": ("Lao People's Democratic Republic",),
    "CZ": ("Czech Republic",),
    "TR": ("Turkey",),
    "CI": ("Cote d Ivoire", "Côte d'Ivoire", "Ivory Coast"),
    "PS": ("Palestinian", "State of Palestine", "Palestine", "West Bank", "Gaza"),
    "VG": ("Virgin Islands, British", "British Virgin Islands"),
    "IM": ("Man, Isle of",),
    "BS": ("Bahamas, The",),
    "GM": ("The Gambia", "Gambia, The"),
    "MK": ("Macedonia, The Former Yugoslav Republic of", "Macedonia"),
    "TZ": ("United Republic of Tanzania",),
    "HK": ("China, Hong Kong Special Administrative Region",),
    "MO": ("China, Macao Special Administrative Region",),
    "BO": ("Bolivia (Plurinational State of)",),
    "VE": ("Venezuela (Bolivarian Republic of)",),
    "MD": ("Republic of Moldova",),
    "CV": ("Cabo Verde", "Cape Verde"),
    "VA": ("Holy See",),
    "EU": ("European Union",),
}
# Qualifiers the lists put in front of a country ("of Registration Russia", "possibly …").
_PREFIX = re.compile(r"^(?:of registration|possibly|region:|former)\s+", re.IGNORECASE)


def _key(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = text.replace("’", "'").replace("&", " and ")
    return " ".join(re.sub(r"[^\w']+", " ", text).split())


@cache
def _table() -> dict[str, str]:
    table: dict[str, str] = {}
    for code, name in Locale("en").territories.items():
        if len(code) == 2 and code.isalpha():
            table[_key(name)] = code
            table[code.lower()] = code
    for code, names in _VARIANTS.items():
        for name in names:
            table[_key(name)] = code
    return table


def country_code(text: str | None) -> str | None:
    """The ISO 3166 alpha-2 code (upper case) for a code or a name, or None if unknown."""
    if not text or not text.strip():
        return None
    table = _table()
    key = _key(_PREFIX.sub("", text.strip()))
    return table.get(key)


def country_name(code: str) -> str:
    """The short English name of a code ("RU" → "Russia"); the code itself when unknown."""
    code = code.strip().upper()
    return str(Locale("en").territories.get(code, code))


def same_country(a: str, b: str) -> bool | None:
    """Whether two codes or names name the same country; None when either is unknown."""
    ca, cb = country_code(a), country_code(b)
    if ca is None or cb is None:
        return None
    return ca == cb


#: CLDR territories that are no country: unknown region, EU, UN, eurozone, outlying Oceania.
_NOT_COUNTRIES = frozenset({"ZZ", "EU", "UN", "EZ", "QO"})


@cache
def _numeric_table() -> dict[str, str]:
    """ISO 3166-1 numeric ("643") → alpha-2 ("RU"), from CLDR's territory aliases in Babel.

    CLDR lists each numeric code as an alias of its alpha-2 code; an alias with several
    targets is a former grouping (200 → CZ, SK: Czechoslovakia) and names no one country, so
    it is left out rather than guessed.
    """
    from babel.core import get_global

    table: dict[str, str] = {}
    for alias, targets in get_global("territory_aliases").items():
        if alias.isdigit() and len(alias) == 3 and len(targets) == 1:
            target = targets[0]
            if len(target) == 2 and target.isalpha() and target not in _NOT_COUNTRIES:
                table[alias] = target.upper()
    return table


def numeric_to_alpha2(numeric: str | int | None) -> str | None:
    """The alpha-2 code for an ISO 3166-1 numeric code ("643", "004", 4), or None.

    Natural Earth (the basemap) and GeoNames key countries by the numeric code; cards and the
    sanctions lists use alpha-2, so this is where the two meet.
    """
    if numeric is None or isinstance(numeric, bool):
        return None
    text = str(numeric).strip()
    if not text.isdigit() or len(text) > 3:
        return None
    return _numeric_table().get(text.zfill(3))


def country_names() -> dict[str, tuple[str, ...]]:
    """Every English name this module knows for each alpha-2 code: CLDR's, then the variants.

    The offline gazetteer indexes them so "North Korea", "DPRK" and "Korea, North" find KP.
    """
    names: dict[str, list[str]] = {}
    for code, name in Locale("en").territories.items():
        if len(code) == 2 and code.isalpha():
            names.setdefault(code.upper(), []).append(str(name))
    for code, variants in _VARIANTS.items():
        known = names.setdefault(code, [])
        known.extend(v for v in variants if v not in known)
    return {code: tuple(found) for code, found in names.items()}
