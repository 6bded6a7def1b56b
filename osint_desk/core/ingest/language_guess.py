"""A page's language from its own text, for pages that do not declare one.

Our own small detector (no dependency, deterministic, reads at most ``SAMPLE_CHARS``): the
writing system decides first (Hangul is Korean, kana Japanese, Han without kana Chinese,
Cyrillic and Arabic script by their distinctive letters); Latin text is scored against the
most frequent words of each language. When no language wins clearly the answer is None, not
a guess: a wrong language would mislead the date reader and the user.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

SAMPLE_CHARS = 5_000
# Unicode name prefix of a letter -> the language its script alone identifies.
_SCRIPT_LANGUAGE = {
    "HANGUL": "ko", "THAI": "th", "HEBREW": "he", "GREEK": "el", "DEVANAGARI": "hi",
    "BENGALI": "bn", "TAMIL": "ta", "TELUGU": "te", "KANNADA": "kn", "MALAYALAM": "ml",
    "GUJARATI": "gu", "GURMUKHI": "pa", "GEORGIAN": "ka", "ARMENIAN": "hy", "KHMER": "km",
    "LAO": "lo", "MYANMAR": "my", "SINHALA": "si", "ETHIOPIC": "am",
}
_SCRIPTS = (*_SCRIPT_LANGUAGE, "CJK", "HIRAGANA", "KATAKANA", "CYRILLIC", "ARABIC", "LATIN")
# Cyrillic letters only some languages use, in the order they are tested.
_CYRILLIC_MARKS = (
    ("kk", "әғқңөұүһ", 3), ("be", "ў", 1), ("mk", "ѓќѕ", 2), ("sr", "ђћџљњј", 2),
    ("uk", "їєґі", 3),
)
_RUSSIAN_ONLY = "ыэё"
# Words Bulgarian uses often and Russian hardly ever.
_BULGARIAN_TEXT = "че ще това който е са тази тези също бъде някой които"
_BULGARIAN_WORDS = frozenset(_BULGARIAN_TEXT.split())
_URDU_MARKS = "ٹڈڑںےۓھ"
_PERSIAN_MARKS = "پچژگیک"
_ARABIC_FORMS = "يكة"
# About fifty of the most frequent words of each language written in Latin letters.
_PROFILES_TEXT = {
    "en": "the of and to in a is that for it as was with be by on not he i this are or his "
          "from at which but have an they you were her she there been one all we their has "
          "would when who will more if no out so said what up its about than into them can",
    "de": "der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als "
          "auch es an werden aus er hat dass sie nach wird bei einer um am sind noch wie "
          "einem über einen so zum war haben nur oder aber vor zur bis mehr durch man",
    "fr": "de la le et les des en un du une que est pour qui dans a par plus pas au sur ne "
          "se ce il sont avec ou son mais aux cette elle ses nous été leur ont comme tout "
          "sa y être même ces bien entre deux fait où aussi après",
    "es": "de la que el en y a los del se las por un para con no una su al es lo como más "
          "pero sus le ya o este sí porque esta entre cuando muy sin sobre también me hasta "
          "hay donde quien desde todo nos durante todos uno les ni contra",
    "it": "di e il la che in a per un è del non le si una con i da sono al come della dei "
          "gli nel anche più ma alla lo ha delle se nella questo ci o sul dal suo tra essere "
          "stato degli sua cui hanno già loro molto dopo",
    "pt": "de a o que e do da em um para é com não uma os no se na por mais as dos como mas "
          "foi ao ele das tem à seu sua ou ser quando muito há nos já está também só pelo "
          "pela até isso ela entre era depois sem mesmo aos",
    "nl": "de en van het een in is dat op te zijn voor met die niet aan er om ook als dan "
          "bij maar door worden nog wordt naar uit heeft hij over of tot ze was kan al meer "
          "zo wel geen hun deze moet jaar zich na",
    "pl": "i w na z że się nie do to jest o jak a co po za od jego ale tak przez już czy "
          "dla tym ze są by może który które oraz tylko jednak jej lub pod przy także będzie "
          "też było była był został można ich gdy",
    "cs": "a se na je v že to s z do o ve jako pro by jsou ale za tak které jeho také k "
          "od po byl není už jen nebo však podle při jak která bylo tím mezi byla když aby "
          "až který jsem což",
    "tr": "ve bir bu da de için ile çok daha olarak en ne gibi o kadar sonra ama var olan "
          "her ki değil ilk büyük yeni göre mi bin iki şey ise oldu olduğu önce yılında "
          "tarafından ya kendi şu diye yok zaman",
    "sv": "och i att det som en på är av för med till den har de inte om ett han men var "
          "jag sig från vi så kan man när år säger hon under också efter eller nu sin där "
          "vid mot ska skulle kommer ut får finns",
    "da": "og i at det er en til på som de med for af har ikke den et han var der kan vil "
          "om fra men også sig efter blev skal jeg hun eller så når have mod ud nu kun "
          "hvor være blevet andre siger få meget",
    "no": "og i det som er på en til av for å med har ikke at den de et var han om seg "
          "fra men kan etter også vil skal jeg hun eller så når mot ut nå bare hvor være "
          "blitt andre sier får mye ble",
    "fi": "ja on ei se että oli hän kun mutta myös ovat sen joka tai niin kuin jo ole "
          "mukaan vain sitä nyt tämä hänen jossa he voi ollut vuoden kanssa sekä jälkeen "
          "kaikki olla sitten noin vielä mitä sitten",
    "hu": "a az és hogy nem is egy meg de van csak ez már el volt azt még mint ki be pedig "
          "vagy ha sem kell fel lesz után vagyok minden amely mert szerint több között "
          "majd most sok amit így akkor alatt",
    "ro": "de și în a la cu că pe nu o un din pentru se care este mai să au fost sunt ca "
          "sau al ale prin după dar fi lui cel această acest când iar între doar ani avea "
          "până foarte acum va",
    "id": "yang dan di ini itu dengan untuk tidak dari dalam akan pada juga ke karena ada "
          "oleh saya bisa atau mereka kami sudah telah kata lebih harus tersebut bahwa "
          "seperti hanya banyak jika para masih tahun dia",
    "vi": "và của là có được trong cho không người những với các một này đã khi đến để "
          "từ cũng như ra về năm đó theo sẽ tại nhiều nhưng vào làm bị hơn sau thì trên "
          "lại nên mà rằng",
}
_PROFILES = {code: frozenset(words.split()) for code, words in _PROFILES_TEXT.items()}
_WORD = re.compile(r"[^\W\d_]+")
# Latin text needs this share of its words in one profile, and this lead over the runner-up.
_MIN_SHARE = 0.12
_MIN_LEAD = 1.25
_MIN_WORDS = 8
_MIN_LETTERS = 20


def _script(char: str) -> str | None:
    try:
        name = unicodedata.name(char)
    except ValueError:
        return None
    for script in _SCRIPTS:
        if name.startswith(script):
            return script
    return "CJK" if "IDEOGRAPH" in name else None


def _share(counts: Counter[str], letters: str) -> int:
    return sum(counts[c] for c in letters)


def _cyrillic(sample: str) -> str | None:
    counts = Counter(sample.lower())
    for code, marks, least in _CYRILLIC_MARKS:
        if _share(counts, marks) >= least:
            return code
    if _share(counts, _RUSSIAN_ONLY) >= 3:
        return "ru"
    words = _WORD.findall(sample.lower())
    bulgarian = sum(w in _BULGARIAN_WORDS for w in words)
    if bulgarian >= max(2, len(words) // 20) and not _share(counts, _RUSSIAN_ONLY):
        return "bg"
    return "ru" if len(words) >= _MIN_WORDS else None


def _arabic(sample: str) -> str:
    counts = Counter(sample)
    if _share(counts, _URDU_MARKS) >= 3:
        return "ur"
    if _share(counts, _PERSIAN_MARKS) > _share(counts, _ARABIC_FORMS):
        return "fa"
    return "ar"


def _latin(sample: str) -> str | None:
    words = _WORD.findall(sample.lower())
    if len(words) < _MIN_WORDS:
        return None
    scores = sorted(
        ((sum(w in profile for w in words) / len(words), code)
         for code, profile in _PROFILES.items()),
        reverse=True,
    )
    (best, code), (second, _) = scores[0], scores[1]
    if best < _MIN_SHARE or best < second * _MIN_LEAD:
        return None
    return code


def guess_language(text: str) -> str | None:
    """An ISO 639-1 code for the language ``text`` is written in, or None when unclear."""
    sample = text[:SAMPLE_CHARS]
    scripts = Counter(s for s in map(_script, sample) if s)
    letters = sum(scripts.values())
    if letters < _MIN_LETTERS:
        return None
    kana = scripts["HIRAGANA"] + scripts["KATAKANA"]
    east_asian = scripts["CJK"] + kana
    ranked = Counter({**scripts, "CJK": east_asian})
    ranked.pop("HIRAGANA", None)
    ranked.pop("KATAKANA", None)
    top, count = ranked.most_common(1)[0]
    if count < letters * 0.4:
        return None
    if top == "CJK":
        return "ja" if kana >= east_asian * 0.05 else "zh"
    if top == "CYRILLIC":
        return _cyrillic(sample)
    if top == "ARABIC":
        return _arabic(sample)
    if top == "LATIN":
        return _latin(sample)
    return _SCRIPT_LANGUAGE.get(top)


_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")


def normalise_tag(value: str | None) -> str | None:
    """A declared language tag in BCP 47 case ("en-gb", "ru_RU" -> "en-GB", "ru-RU");
    None for values that are not a tag at all (template placeholders, "x-default")."""
    if not value:
        return None
    tag = value.strip().replace("_", "-").split(",")[0].strip()
    if not _TAG.match(tag):
        return None
    first, *rest = tag.split("-")
    parts = [first.lower()]
    for part in rest:
        if len(part) == 2:
            parts.append(part.upper())
        elif len(part) == 4 and part.isalpha():
            parts.append(part.title())
        else:
            parts.append(part.lower())
    return "-".join(parts)


# Languages written in one script only; a declaration in another script is a template's.
_SCRIPT_OF = {
    **dict.fromkeys(("ru", "uk", "be", "bg", "mk"), "Cyrl"),
    **dict.fromkeys(("ar", "fa", "ur"), "Arab"),
    **dict.fromkeys(_PROFILES_TEXT, "Latn"),
    "ko": "Hang", "ja": "Jpan", "zh": "Hani", "he": "Hebr", "el": "Grek", "th": "Thai",
    "hi": "Deva",
}


def choose_language(declared: str | None, text: str) -> tuple[str | None, str | None]:
    """The page's language and a warning for the user, if any: the declared tag, unless the
    text is plainly in another script ("en" on a Russian page: a site template's default)."""
    detected = guess_language(text)
    if declared is None:
        return detected, None
    primary = declared.split("-")[0]
    ours, theirs = _SCRIPT_OF.get(primary), _SCRIPT_OF.get(detected or "")
    if ours and theirs and ours != theirs:
        return detected, (f"the page declares its language as {declared!r} but its text is "
                          f"in another script; {detected!r} is used")
    return declared, None
