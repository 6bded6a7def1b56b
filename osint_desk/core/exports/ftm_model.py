"""The part of the FollowTheMoney model the FtM export and import need, as plain data.

The core never imports ``followthemoney`` (it is a test dependency only), so the schemata a card
can take, their property names and types, and the closed vocabularies (countries, topics,
languages) are copied here from the model. ``tests/core/test_export_ftm.py`` compares every
table with the installed ``followthemoney`` package, so a model change shows up as a failing
test, not as an invalid export.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from osint_desk.core.dates import PartialDate
from osint_desk.core.errors import ValidationError
from osint_desk.core.exports import ftm_ids

FTM_MODEL_VERSION = "4.11.2"  # the followthemoney release these tables were checked against

# schema -> (its parents, its own properties as "name:type" or "name:type:max_length").
# Only the schemata a card can take and their ancestors; reverse (stub), entity-typed and
# hidden properties are left out: a card attribute never holds those.
SCHEMATA: dict[str, tuple[tuple[str, ...], str]] = {
    "Thing": ((),
        "name:name alias:name previousName:name weakAlias:name country:country summary:text "
        "notes:text description:text sourceUrl:url publisher:string publisherUrl:url "
        "wikipediaUrl:url wikidataId:identifier:32 keywords:string topics:topic address:address "
        "program:string createdAt:date modifiedAt:date retrievedAt:date"),
    "LegalEntity": (("Thing",),
        "abbreviation:name email:email phone:phone:32 website:url legalForm:string "
        "incorporationDate:date dissolutionDate:date taxStatus:string status:string sector:string "
        "classification:string registrationNumber:identifier idNumber:identifier "
        "taxNumber:identifier licenseNumber:identifier vatCode:identifier:32 jurisdiction:country "
        "mainCountry:country opencorporatesUrl:url bvdId:identifier sayariId:identifier "
        "brightQueryId:identifier uscCode:identifier icijId:string okpoCode:identifier "
        "innCode:identifier:32 ogrnCode:identifier:32 okvedCode:identifier leiCode:identifier:32 "
        "dunsCode:identifier:16 uniqueEntityId:identifier:32 npiCode:identifier:16 "
        "swiftBic:identifier:16"),
    "Person": (("LegalEntity",),
        "title:string firstName:string secondName:string middleName:string fatherName:string "
        "motherName:string lastName:string nameSuffix:string birthDate:date birthPlace:string "
        "birthCountry:country deathDate:date position:string biography:text nationality:country "
        "citizenship:country passportNumber:identifier socialSecurityNumber:identifier "
        "gender:gender ethnicity:string height:number weight:number eyeColor:string "
        "hairColor:string appearance:string religion:string political:string profession:string "
        "education:string spokenLanguage:language"),
    "Organization": (("LegalEntity",),
        "cageCode:identifier:16 permId:identifier:16 imoNumber:identifier:16 "
        "giiNumber:identifier:20"),
    "Value": ((),
        "amount:number currency:string amountUsd:number amountEur:number"),
    "Asset": (("Thing", "Value"),
        ""),
    "Company": (("Asset", "Organization"),
        "capital:number voenCode:identifier:32 coatoCode:identifier irsCode:identifier "
        "ipoCode:identifier cikCode:identifier jibCode:identifier mbsCode:identifier "
        "caemCode:string kppCode:identifier okopfCode:string fnsCode:identifier fssCode:string "
        "bikCode:identifier pfrNumber:identifier oksmCode:string isinCode:identifier "
        "ticker:identifier ricCode:identifier:16"),
    "PublicBody": (("Organization",),
        ""),
    "Vehicle": (("Asset",),
        "registrationNumber:identifier type:string model:string buildDate:date "
        "registrationDate:date deregistrationDate:date"),
    "Vessel": (("Vehicle",),
        "imoNumber:identifier:16 crsNumber:identifier flag:country registrationPort:string "
        "navigationArea:string tonnage:number grossRegisteredTonnage:number "
        "deadweightTonnage:number nameChangeDate:date callSign:identifier pastFlags:country "
        "pastTypes:string mmsi:identifier:16"),
    "Airplane": (("Vehicle",),
        "serialNumber:identifier icaoCode:identifier:16 manufacturer:string"),
    "Analyzable": ((),
        ""),
    "Interval": ((),
        "startDate:date endDate:date date:date summary:text description:text recordId:string "
        "sourceUrl:url publisher:string publisherUrl:url modifiedAt:date retrievedAt:date"),
    "Event": (("Analyzable", "Interval", "Thing"),
        "location:address important:string"),
    "Address": (("Thing",),
        "full:address remarks:string postOfficeBox:string street:string street2:string city:string "
        "postalCode:string:16 region:string state:string latitude:number longitude:number "
        "osmId:identifier googlePlaceId:identifier"),
    "BankAccount": (("Asset",),
        "bankName:string accountNumber:identifier iban:identifier bic:identifier:16 "
        "accountType:string openingDate:date closingDate:date balance:number balanceDate:date "
        "maxBalance:number maxBalanceDate:date bankAddress:string"),
    "CryptoWallet": (("Thing", "Value"),
        "publicKey:identifier:512 cryptoAddress:identifier:512 privateKey:string "
        "accountId:identifier creationDate:date currencySymbol:string blockchain:string "
        "managingExchange:string balance:number balanceDate:date custodyType:string"),
    "Security": (("Asset",),
        "isin:identifier:16 registrationNumber:identifier ticker:identifier figiCode:identifier:16 "
        "issueDate:date maturityDate:date type:string classification:string collateral:string"),
    "Project": (("Interval", "Thing", "Value"),
        "projectId:identifier status:string phase:string goal:string"),
}

# The closed vocabularies FtM validates against.
_COUNTRY_CODES = (
    "ac ad ae af ag ai al am ao aq ar as at au aw ax az az-nk ba bb bd be bf bg bh bi bj bl bm "
    "bn bo bq br bs bt bv bw by bz ca cc cd cf cg ch ci ck cl cm cn cn-xz co cp cq cr cshh csxx "
    "cu cv cw cx cy cy-trnc cz dd de dg dj dk dm do dz ec ee eg eh er es et eu fi fj fk fm fo "
    "fr ga gb gb-nir gb-sct gb-wls gd ge ge-ab gf gg gh gi gl gm gn gp gq gr gs gt gu gw gy hk "
    "hm hn hr ht hu ic id ie il im in io ip iq iq-kr ir is it je jm jo jp ke kg kh ki km kn kp "
    "kr kw ky kz la lb lc li lk lr ls lt lu lv ly ma mc md md-pmr me mf mg mh mk ml mm mn mo mp "
    "mq mr ms mt mu mv mw mx my mz na nc ne nf ng ni nl no np nr nu nz om pa pe pf pg ph pk "
    "pk-km pl pm pn pr ps pt pw py qa re ro rs ru rw sa sb sc sd se sg sh si sj sk sl sm sn so "
    "so-som sr ss st suhh sv sx sy sz ta tc td tf tg th tj tk tl tm tn to tr tt tv tw tz ua "
    "ua-cri ua-dpr ua-lpr ug um un us uy uz va vc ve vg vi vn vu wf ws x-so xk ye yt yucs za zm "
    "zr zw zz "
)
_TOPIC_NAMES = (
    "asset.frozen corp.clone corp.disqual corp.offshore corp.public corp.shell crime crime.boss "
    "crime.cyber crime.env crime.fin crime.fraud crime.terror crime.theft crime.traffick "
    "crime.traffick.drug crime.traffick.human crime.war debarment export.control "
    "export.control.linked export.risk fin fin.adivsor fin.bank fin.fund forced.labor geo.risk "
    "gov gov.admin gov.executive gov.financial gov.head gov.igo gov.judicial gov.legislative "
    "gov.muni gov.national gov.religion gov.security gov.soe gov.state invest.ban invest.risk "
    "mare.detained mare.shadow mare.sts mil poi pol.party pol.union reg.action reg.warn rel "
    "role.acct role.act role.civil role.diplo role.journo role.judge role.lawyer role.lobby "
    "role.oligarch role.pep role.pep.frmr role.pep.intl role.pep.natl role.pol role.rca "
    "role.spy sanction sanction.control sanction.counter sanction.linked wanted "
)
TYPE_MAX_LENGTH: dict[str, int] = {
    "address": 250, "checksum": 40, "country": 16, "date": 32, "email": 250, "entity": 200,
    "gender": 16, "html": 65000, "identifier": 64, "ip": 64, "json": 250, "language": 16,
    "mimetype": 250, "name": 384, "number": 250, "phone": 64, "string": 1024, "text": 65000,
    "topic": 64, "url": 4096,
}
_LANGUAGE_PAIRS = (
    "af:afr am:amh ar:ara az:aze be:bel bg:bul bn:ben bs:bos ca:cat cs:ces da:dan de:deu el:ell "
    "en:eng es:spa et:est fa:fas fi:fin fr:fra ga:gle he:heb hi:hin hr:hrv hu:hun hy:hye id:ind "
    "is:isl it:ita ja:jpn ka:kat kk:kaz km:khm kn:kan ko:kor ky:kir lb:ltz lo:lao lt:lit lv:lav "
    "mk:mkd mn:mon ms:msa mt:mlt my:mya ne:nep nl:nld no:nor pl:pol ps:pus pt:por ro:ron ru:rus "
    "si:sin sk:slk sl:slv sq:sqi sr:srp sv:swe sw:swa ta:tam te:tel tg:tgk th:tha tk:tuk tl:tgl "
    "tr:tur uk:ukr ur:urd uz:uzb vi:vie zh:zho "
)

COUNTRIES: frozenset[str] = frozenset(_COUNTRY_CODES.split())
TOPICS: frozenset[str] = frozenset(_TOPIC_NAMES.split())
# ISO 639-1 -> the ISO 639-3 code of the languages FtM knows
LANGUAGES: dict[str, str] = dict(pair.split(":", 1) for pair in _LANGUAGE_PAIRS.split())
LANGUAGE_CODES: frozenset[str] = frozenset(LANGUAGES.values()) | {"cnr", "fil", "mul"}
GENDERS = frozenset({"male", "female", "other"})
_LANGUAGES_BACK = {three: two for two, three in LANGUAGES.items()}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_HEX40 = re.compile(r"^[0-9a-f]{40}$")
_PHONE_NOISE = re.compile(r"[\s().\-/]")


def is_card_schema(schema: str) -> bool:
    return schema in SCHEMATA


def ancestors(schema: str) -> tuple[str, ...]:
    """``schema`` and everything it extends (nearest first); empty for an unknown schema."""
    if schema not in SCHEMATA:
        return ()
    seen = [schema]
    for parent in SCHEMATA[schema][0]:
        seen += [name for name in ancestors(parent) if name not in seen]
    return tuple(seen)


def is_a(schema: str, ancestor: str) -> bool:
    return ancestor in ancestors(schema)


@functools.cache
def properties(schema: str) -> dict[str, tuple[str, int]]:
    """The attribute-like properties of ``schema`` (inherited too): name -> (type, max length)."""
    found: dict[str, tuple[str, int]] = {}
    for name in reversed(ancestors(schema)):
        for item in SCHEMATA[name][1].split():
            prop, kind, *limit = item.split(":")
            found[prop] = (kind, int(limit[0]) if limit else TYPE_MAX_LENGTH[kind])
    return found


def ftm_date(value: str | None) -> str | None:
    """An ISO date as FtM writes it: partial dates as they are, instants in UTC without a zone.

    FtM dates carry no offset (they are UTC by convention), so ``2022-12-22T18:30+09:00``
    becomes ``2022-12-22T09:30``.
    """
    if value is None or not str(value).strip():
        return None
    try:
        date = PartialDate.parse(str(value))
    except ValidationError:
        return None
    utc = date.utc()
    return utc[:-1] if utc else date.value


def case_date(value: str) -> str | None:
    """An FtM date back as a case date: a time without a zone is UTC (FtM's convention)."""
    text = value.strip()
    if "T" in text and not re.search(r"(Z|[+-]\d{2}:?\d{2})$", text):
        text += "Z"
    try:
        return PartialDate.parse(text).value
    except ValidationError:
        return None


def ftm_language(value: str | None) -> str | None:
    """ISO 639-1 (``en``, ``en-GB``) or 639-3 to the 639-3 code FtM knows, else None."""
    code = re.split(r"[-_]", (value or "").strip().lower())[0]
    code = LANGUAGES.get(code, code)
    return code if code in LANGUAGE_CODES else None


def case_language(value: str) -> str:
    """An FtM language (``eng``) as the two-letter code a case uses where there is one."""
    code = value.strip().lower()
    return _LANGUAGES_BACK.get(code, code)


def clean_value(kind: str, value: object, max_length: int,
                fmt: str | None = None) -> str | None:
    """``value`` as a valid FtM value of type ``kind``, or None when it cannot be one.

    ``fmt`` is the identifier format of the property, if it has one (``imo``, ``inn``...).
    """
    if value is None or isinstance(value, bool | dict | list | tuple):
        return None
    raw = "".join(ch for ch in str(value)  # FtM strips control characters: so do we
                  if ch in "\n\t" or unicodedata.category(ch) != "Cc")
    text = " ".join(raw.split()) if kind not in ("text", "address") else raw
    text = text.strip()
    if not text:
        return None
    if fmt is not None:
        return ftm_ids.normalize(fmt, text)
    if kind == "date":
        return ftm_date(text)
    if kind == "country":
        text = text.lower()
        return text if text in COUNTRIES else None
    if kind == "language":
        return ftm_language(text)
    if kind in ("gender", "topic"):
        text = text.lower()
        return text if text in (GENDERS if kind == "gender" else TOPICS) else None
    if kind == "url":
        ok = re.match(r"^https?://[^\s/]+", text, re.IGNORECASE)
        return text if ok and len(text) <= max_length else None
    if kind == "email":
        return text if _EMAIL.match(text) and len(text) <= max_length else None
    if kind == "phone":
        digits = _PHONE_NOISE.sub("", text)
        return digits if re.fullmatch(r"\+[1-9]\d{7,14}", digits) else None
    if kind == "number":
        try:
            float(text.replace(",", ""))
        except ValueError:
            return None
        return text
    if kind == "checksum":
        return text.lower() if _HEX40.match(text.lower()) else None
    if kind in ("name", "string", "address") and len(text) > max_length:
        return text[: max_length - 1].rstrip() + "…"
    if kind == "text":
        return text
    return text if len(text) <= max_length else None
