"""Generate a large synthetic case for the search benchmark, through the public store API.

    python benchmarks/generate_case.py [OUT.osintcase] [--sources 10000] [--excerpts 100000]
                                       [--entities 2000] [--seed 1]

The text is deterministic for a seed (a seeded ``random.Random``; public ids and timestamps are
not, the store makes those). Word frequencies follow Zipf's law (Zipf-Mandelbrot weights
``(rank + 2.7) ** -1.07``) over per-language vocabularies: English (real common words at the top
ranks, then made-up but English-looking words and name-like tokens, some with diacritics),
Russian (Cyrillic), Chinese (unspaced hanzi, so only the trigram index finds words) and Arabic.
About 75 % of sources are English, 15 % Russian, 5 % Chinese and 5 % Arabic; document lengths
are log-normal around 3,000 characters.
The words of the benchmark's query mix (``query_mix.py``) are planted so that each has a known
document frequency, which is printed from the index at the end.
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import math
import random
import re
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parents[1]))

from query_mix import (  # noqa: RUF100
    CJK_STRING,
    COMMON_WORD,
    CYRILLIC_WORD,
    PHRASE,
    PREFIX,
    QUERIES,
    RARE_SOURCES,
    RARE_WORD,
)

from osint_desk.core.store.case_store import CaseStore  # noqa: RUF100
from osint_desk.core.store.search import (  # noqa: RUF100
    parse_query,
    trigram_expression,
    words_expression,
)
from osint_desk.core.text import has_cjk  # noqa: RUF100


def _w(text: str) -> list[str]:
    """Whitespace-separated words of a literal (keeps the word tables readable)."""
    return text.split()


DEFAULT_DIR = Path(__file__).resolve().parent / "data"
ZIPF_S = 1.07
ZIPF_Q = 2.7  # Zipf-Mandelbrot offset: flattens the head, so "the" is ~6 % of words, not 13 %
SOURCES_PER_TRANSACTION = 500
MEAN_SOURCE_CHARS = 3000
LANGUAGES = (("en", 0.75), ("ru", 0.15), ("zh", 0.05), ("ar", 0.05))
PHRASE_SHARE = 0.03  # of English sources get the planted phrase
CJK_SHARE = 0.15  # of Chinese sources get the planted CJK string

# -- vocabularies -------------------------------------------------------------------------------

# Common English words in rough frequency order (news prose); the query words are placed by rank.
EN_TOP = _w("""
the of to and a in that is for on was with he it as by at his from be has have are an not
but this which its had were they who also their been will would after more one two first new
we other than i when about there year she all up out over into people against last government
state president her officials some could no can may what years told if them percent so
minister time between three week before city country under while most during only since
police military company world report him both because where any national group forces
our former security even made including public just many according million foreign like
war us did these through power back whether being then such support four another around
further now do called capital took part early day political army told agency statement
news members international several office region south north east west made second
leader party spokesman border months officer attack days ministry spoke five among well
used those known without home way law next much later long found made talks own good
""")
EN_PLANTED_RANKS = {
    COMMON_WORD: 17,
    PHRASE[0]: 190,
    PHRASE[1]: 430,
    f"{PREFIX}ions": 260,
    f"{PREFIX}ion": 700,
    f"{PREFIX}ioned": 1_100,
    f"{PREFIX}uary": 2_600,
    f"{PREFIX}ioning": 4_200,
    f"{PREFIX}ity": 9_000,
    f"{PREFIX}um": 16_000,
    f"{PREFIX}imonious": 25_000,
    f"{PREFIX}ionable": 31_000,
}
EN_ONSETS = _w("""b bl br c ch cl cr d dr f fl fr g gl gr h j k l m n p pl pr qu r s sc sh sl
sm sn sp st str sw t th tr tw v w wh y z""")
EN_VOWELS = _w("a e i o u a e i o ai ea ee oo ou ie oa")
EN_CODAS = ["", "", "", *_w("b ck d ft g l ld lt m mp n nd ng nk nt p r rd rk rn rt s sh st t")]
EN_SUFFIXES = ["", "", "", "", *_w("s s ed ing er ers ly tion ment ness ity al ous ive able ist")]
NAME_ENDINGS = _w("ov ova enko sky son man berg ez ini escu ić ová ski stein er ley ton field ović")
FIRST_NAMES = _w("""Alexei Anna Boris Chen Dmitri Elena Farid Hassan Ivan Jamal John Karim Li Maria
Mikhail Nadia Oleg Olga Pavel Rami Sergei Svetlana Tatiana Viktor Wei Yevgeny Yusuf Zhang Ahmed
Fatima Igor Ksenia Leila Marat Nikolai Omar Peter Ruslan Sara Timur Vladimir Yulia Amir Daniel
Emma Grigory Hanna Ilya Joseph Kim Laura Maxim Natalia Paul Roman Samir Thomas Vera""")

RU_TOP = _w("""
и в не на что с по как это к из у за от о для же но а то все он она они мы бы было был была были
года году также который которые после при только более может уже или если между против время
россии россия сша компании компания группы группа заявил заявила сообщил министр министерство
правительство президент страны страна военные оружие поставки поставка данные известно словам
однако например человек людей работы мира войны источник сведения власти области города доклад
заявление представитель агентство неделе месяце дня несколько рамках отношении связи вопрос
""")
RU_PLANTED_RANKS = {CYRILLIC_WORD: 40}
RU_ONSETS = _w("б в г д ж з к л м н п р с т ф х ц ч ш щ бр вл гр др кр пр ст тр св сл зв")
RU_VOWELS = _w("а е и о у ы я ю а о е и")
RU_ENDINGS = ["", "", *_w("а ов ами ого ому ая ий ие ия ение ость ский ская ться ет ют ала или")]

AR_TOP = _w("""في من على إلى أن التي الذي عن مع هذا هذه كان قال بين بعد ذلك كل وقد ما لا أو ثم حتى
عند قبل منذ خلال حول ضد دون لدى تم يتم وزارة الخارجية الحكومة الرئيس الدولة الولايات المتحدة
روسيا كوريا الشمالية العقوبات الأسلحة شركة مجموعة الأمن الدفاع الجيش القوات المسؤول بيان تقرير
مصدر الأمم مجلس العالم الحرب السلام الاتفاق النفط الغاز البنك المال المدينة البلاد الشعب
السياسة العسكرية الوطني الدولي اليوم العام الماضي الأسبوع الشهر أمس وقال وأضاف وأكد حيث أيضا
""")
AR_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
AR_SUFFIXES = ["", "", "", "ة", "ات", "ين", "ون", "ية"]

# Frequent hanzi first (the generator weights characters by their position here).
HANZI = """的一是不了人我在有他这为之大来以个中上们到说国和地也子时道出而要于就下得可你年生自会那后
能对着事其里所去行过家十用发天如然作方成者多日都三小军二无同么经法当起与好看学进种将还分
此心前面又定见只主没公从知使全外两高工问动已部样现意开长力实明正新想美政点月制理重战向代
关机果平表些内物次安北世第四话位文合五党反相期但因信加解入间产提最员东西原通化性队体把合
目由本海门南各利金手元社领儿条接口马放变立特员结被白许五志件走决比代海收流件总书应色思少
光路报活场质手合统解计教北委总队达报武器制裁交付团集朝鲜俄罗斯美国政府官员声明外交部新闻
消息媒体调查证据来源记者分析情报网络公司企业银行资金账户船只货物港口边境安全防务部队导弹
弹药运输合同协议会议总统部长""".replace("\n", "")
HANZI_TRANSLIT = ("阿巴贝比波布达德迪多杜尔费弗格古哈赫霍伊卡科克库拉莱利洛卢马梅米莫穆纳内"
                  "尼诺帕佩皮珀普萨塞西索苏塔特蒂托图瓦韦维沃耶扎泽齐佐")

LATIN_TO_CYRILLIC = {
    "shch": "щ", "zh": "ж", "kh": "х", "ts": "ц", "ch": "ч", "sh": "ш", "ya": "я", "yu": "ю",
    "yo": "ё", "ye": "е", "a": "а", "b": "б", "c": "к", "d": "д", "e": "е", "f": "ф", "g": "г",
    "h": "х", "i": "и", "j": "дж", "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п",
    "q": "к", "r": "р", "s": "с", "t": "т", "u": "у", "v": "в", "w": "в", "x": "кс", "y": "й",
    "z": "з", "é": "е", "ć": "ч", "á": "а", "è": "е",
}
LATIN_TO_ARABIC = {
    "sh": "ش", "kh": "خ", "th": "ث", "ch": "تش", "zh": "ج", "a": "ا", "b": "ب", "c": "ك",
    "d": "د", "e": "ي", "f": "ف", "g": "غ", "h": "ه", "i": "ي", "j": "ج", "k": "ك", "l": "ل",
    "m": "م", "n": "ن", "o": "و", "p": "ب", "q": "ق", "r": "ر", "s": "س", "t": "ت", "u": "و",
    "v": "ف", "w": "و", "x": "كس", "y": "ي", "z": "ز",
}

ENTITY_TYPES = (("Person", 0.45), ("Organization", 0.2), ("Company", 0.15),
                ("PublicBody", 0.08), ("Vessel", 0.07), ("Address", 0.05))
ORG_SUFFIXES = _w("Group Holdings Trading Logistics Foundation Industries Consulting Bank Shipping")
OUTLETS = ("Reuters", "AP", "BBC", "Meduza", "TASS", "Xinhua", "Al Jazeera", "Kyiv Independent",
           "The Guardian", "RFE/RL", "Novaya Gazeta", "Caixin", "Asharq Al-Awsat", "NK News")
KINDS = ("article", "article", "article", "web_page", "document", "statement")


class Vocabulary:
    """Word types by rank, sampled with Zipf weights (rank ** -s)."""

    def __init__(self, words: Sequence[str], s: float = ZIPF_S, q: float = ZIPF_Q) -> None:
        self.words = list(words)
        weights = ((rank + q) ** -s for rank in range(1, len(self.words) + 1))
        self.cum = list(itertools.accumulate(weights))

    def sample(self, rng: random.Random, k: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cum, k=k)

    def probability(self, word: str) -> float:
        i = self.words.index(word)
        return (self.cum[i] - (self.cum[i - 1] if i else 0.0)) / self.cum[-1]


def _ranked(top: Sequence[str], planted: dict[str, int], tail: Sequence[str],
            size: int) -> list[str]:
    reserved = set(planted)
    words = list(dict.fromkeys(w for w in top if w not in reserved))
    seen = set(words) | reserved
    words += [w for w in dict.fromkeys(tail) if w not in seen][: size - len(words) - len(planted)]
    for word, rank in sorted(planted.items(), key=lambda item: item[1]):
        words.insert(min(rank - 1, len(words)), word)
    return words


def _syllables(rng: random.Random, onsets: Sequence[str], vowels: Sequence[str],
               codas: Sequence[str], count: int) -> str:
    return "".join(rng.choice(onsets) + rng.choice(vowels) + rng.choice(codas)
                   for _ in range(count))


def _english_words(rng: random.Random, count: int, forbidden: set[str]) -> list[str]:
    out: dict[str, None] = {}
    while len(out) < count:
        if rng.random() < 0.18:  # a name-like token
            word = _syllables(rng, EN_ONSETS, EN_VOWELS, ("", "", "r", "n", "l"),
                              rng.randint(1, 2)).capitalize() + rng.choice(NAME_ENDINGS)
        else:
            syllables = rng.choice((1, 1, 1, 2, 2, 3))
            word = _syllables(rng, EN_ONSETS, EN_VOWELS, EN_CODAS, syllables)
            if syllables < 3:
                word += rng.choice(EN_SUFFIXES)
        key = word.lower()
        if len(word) < 3 or key in forbidden or key.startswith(PREFIX.lower()):
            continue
        out[word] = None
    return list(out)


def _russian_words(rng: random.Random, count: int, forbidden: set[str]) -> list[str]:
    out: dict[str, None] = {}
    while len(out) < count:
        word = "".join(rng.choice(RU_ONSETS) + rng.choice(RU_VOWELS)
                       for _ in range(rng.randint(1, 3))) + rng.choice(RU_ENDINGS)
        if rng.random() < 0.12:
            word = word.capitalize() + rng.choice(("ов", "ин", "ский", "енко"))
        if len(word) >= 2 and word.lower() not in forbidden:
            out[word] = None
    return list(out)


def _arabic_words(rng: random.Random, count: int, forbidden: set[str]) -> list[str]:
    out: dict[str, None] = {}
    while len(out) < count:
        stem = "".join(rng.choice(AR_LETTERS) for _ in range(rng.randint(3, 5)))
        word = rng.choice(("", "", "ال", "و", "ب")) + stem + rng.choice(AR_SUFFIXES)
        if word not in forbidden:
            out[word] = None
    return list(out)


def _hanzi_pool(rng: random.Random, size: int) -> list[str]:
    pool = list(dict.fromkeys(HANZI))
    seen = set(pool)
    while len(pool) < size:  # fill up with other unified ideographs of the basic block
        char = chr(rng.randint(0x4E00, 0x9FA5))
        if char not in seen:
            seen.add(char)
            pool.append(char)
    return pool


def _chinese_words(rng: random.Random, count: int, pool: Sequence[str]) -> list[str]:
    chars = Vocabulary(pool, s=1.0, q=10)
    out: dict[str, None] = {}
    while len(out) < count:
        word = "".join(chars.sample(rng, rng.choice((1, 2, 2, 2, 3))))
        if CJK_STRING[:3] not in word:
            out[word] = None
    # Frequent words are short and made of frequent characters: rank them so.
    rank = {char: i + 1 for i, char in enumerate(pool)}
    return sorted(out, key=lambda w: sum(math.log(rank[c] + 10) for c in w) + 2 * len(w))


def build_vocabularies(rng: random.Random) -> dict[str, Vocabulary]:
    forbidden = {RARE_WORD.lower(), *EN_TOP, *EN_PLANTED_RANKS}
    english = _ranked(EN_TOP, EN_PLANTED_RANKS, _english_words(rng, 36_000, forbidden), 36_000)
    russian = _ranked(RU_TOP, RU_PLANTED_RANKS,
                      _russian_words(rng, 14_000, {*RU_TOP, *RU_PLANTED_RANKS}), 14_000)
    arabic = _ranked(AR_TOP, {}, _arabic_words(rng, 6_000, set(AR_TOP)), 6_000)
    chinese = _chinese_words(rng, 8_000, _hanzi_pool(rng, 3_000))
    return {"en": Vocabulary(english), "ru": Vocabulary(russian), "ar": Vocabulary(arabic),
            "zh": Vocabulary(chinese)}


# -- documents ----------------------------------------------------------------------------------


def _sentence(rng: random.Random, vocab: Vocabulary, language: str,
              planted: Sequence[str] = ()) -> str:
    if language == "zh":
        words = vocab.sample(rng, rng.randint(8, 30))
        if planted:
            words.insert(rng.randrange(len(words) + 1), "".join(planted))
        out = []
        for i, word in enumerate(words):
            out.append(word)
            if i and i < len(words) - 1 and rng.random() < 0.12:
                out.append("，")
        return "".join(out) + "。"
    words = vocab.sample(rng, rng.randint(6, 28))
    if planted:
        at = rng.randrange(len(words) + 1)
        words[at:at] = list(planted)
    out = []
    for i, word in enumerate(words):
        out.append(word + ("," if i < len(words) - 1 and rng.random() < 0.07 else ""))
    if language == "en":
        out[0] = out[0][:1].upper() + out[0][1:]
    elif language == "ru":
        out[0] = out[0].capitalize()
    return " ".join(out) + "."


def make_text(rng: random.Random, vocab: Vocabulary, language: str, target: int,
              plants: Sequence[Sequence[str]] = ()) -> str:
    paragraphs: list[list[str]] = [[]]
    size = 0
    while size < target:
        if len(paragraphs[-1]) >= rng.randint(2, 6):
            paragraphs.append([])
        paragraphs[-1].append(_sentence(rng, vocab, language))
        size += len(paragraphs[-1][-1]) + 1
    for planted in plants:  # one more sentence, with the planted words, somewhere
        sentences = paragraphs[rng.randrange(len(paragraphs))]
        sentences.insert(rng.randrange(len(sentences) + 1),
                         _sentence(rng, vocab, language, planted))
    joiner = "" if language == "zh" else " "
    return "\n\n".join(joiner.join(sentences) for sentences in paragraphs)


def make_title(rng: random.Random, vocab: Vocabulary, language: str) -> str:
    words = vocab.sample(rng, rng.randint(4, 10))
    if language == "zh":
        return "".join(words)
    title = " ".join(words)
    return title[:1].upper() + title[1:]


def cut_excerpts(rng: random.Random, text: str, language: str, count: int) -> list[tuple[int, int]]:
    """Ranges at word boundaries (any character boundary for unspaced Chinese)."""
    ranges = []
    if language == "zh":
        for _ in range(count):
            length = max(6, min(int(rng.lognormvariate(math.log(70), 0.5)), len(text)))
            start = rng.randrange(0, max(1, len(text) - length))
            end = start + length
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if end > start:
                ranges.append((start, end))
        return ranges
    spans = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    ends = [end for _, end in spans]
    for _ in range(count):
        length = int(rng.lognormvariate(math.log(220), 0.5))
        first = rng.randrange(len(spans))
        start = spans[first][0]
        last = min(bisect.bisect_left(ends, start + length), len(spans) - 1)
        ranges.append((start, spans[last][1]))
    return ranges


def _weighted(rng: random.Random, choices: Sequence[tuple[str, float]]) -> str:
    return rng.choices([c for c, _ in choices], weights=[w for _, w in choices])[0]


def _published(rng: random.Random) -> str:
    year = rng.randint(2014, 2024)
    roll = rng.random()
    if roll < 0.05:
        return f"{year}"
    if roll < 0.2:
        return f"{year}-{rng.randint(1, 12):02d}"
    return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


# -- entity cards -------------------------------------------------------------------------------


def _transliterate(name: str, table: dict[str, str]) -> str:
    out = []
    for word in name.split():
        lower, i, chars = word.lower(), 0, []
        while i < len(lower):
            for size in (4, 2, 1):
                piece = lower[i:i + size]
                if piece in table:
                    chars.append(table[piece])
                    i += size
                    break
            else:
                i += 1
        out.append("".join(chars))
    return " ".join(w for w in out if w)


def make_entity(rng: random.Random, vocab: Vocabulary, names: Sequence[str]) -> dict[str, object]:
    schema = _weighted(rng, ENTITY_TYPES)
    surname = rng.choice(names)
    if schema == "Person":
        name = f"{rng.choice(FIRST_NAMES)} {surname}"
    elif schema in ("Organization", "Company"):
        name = f"{surname} {rng.choice(ORG_SUFFIXES)}"
    elif schema == "PublicBody":
        name = f"Ministry of {vocab.sample(rng, 1)[0].capitalize()} of {surname}"
    elif schema == "Vessel":
        name = f"MV {surname}"
    else:
        name = f"{rng.randint(1, 200)} {surname} Street"
    aliases: list[dict[str, str]] = []
    cyrillic = _transliterate(name, LATIN_TO_CYRILLIC)
    if rng.random() < 0.7 and cyrillic:
        aliases.append({"name": cyrillic.title(), "kind": "strong", "script": "Cyrl",
                        "language": "ru"})
    if rng.random() < 0.4:
        cjk = "".join(rng.choice(HANZI_TRANSLIT) for _ in range(rng.randint(2, 5)))
        aliases.append({"name": cjk, "kind": "strong", "script": "Hani", "language": "zh"})
    arabic = _transliterate(name, LATIN_TO_ARABIC)
    if rng.random() < 0.3 and arabic:
        aliases.append({"name": arabic, "kind": "strong", "script": "Arab", "language": "ar"})
    if rng.random() < 0.2:
        aliases.append({"name": surname.upper(), "kind": "weak", "script": "Latn"})
    unique: dict[str, dict[str, str]] = {}
    for alias in aliases:
        if alias["name"].casefold() != name.casefold():
            unique.setdefault(alias["name"].casefold(), alias)
    description = _sentence(rng, vocab, "en")
    return {"type": schema, "name": name, "aliases": list(unique.values()),
            "description": description}


# -- the case -----------------------------------------------------------------------------------


def generate(out: Path, *, sources: int, excerpts: int, entities: int, seed: int) -> None:
    rng = random.Random(seed)
    started = time.perf_counter()
    vocab = build_vocabularies(rng)
    names = [w for w in vocab["en"].words[200:] if w[:1].isupper()][:4000]

    languages = [_weighted(rng, LANGUAGES) for _ in range(sources)]
    mu = math.log(MEAN_SOURCE_CHARS) - 0.7 ** 2 / 2
    lengths = [min(40_000, max(200, int(rng.lognormvariate(mu, 0.7)))) for _ in range(sources)]
    english = [i for i, lang in enumerate(languages) if lang == "en"]
    rare = set(rng.sample(english, min(RARE_SOURCES, len(english))))
    per_source = Counter(rng.choices(range(sources), weights=lengths, k=excerpts))
    print(f"vocabularies built in {time.perf_counter() - started:.1f} s;"
          f" {sum(len(v.words) for v in vocab.values()):,} word types"
          f" (en {len(vocab['en'].words):,}, ru {len(vocab['ru'].words):,},"
          f" zh {len(vocab['zh'].words):,}, ar {len(vocab['ar'].words):,})", flush=True)

    store = CaseStore.create(out, f"Synthetic benchmark case (seed {seed})", actor="benchmark")
    chars = 0
    made_excerpts = 0
    try:
        for batch in range(0, sources, SOURCES_PER_TRANSACTION):
            with store.transaction():
                for i in range(batch, min(batch + SOURCES_PER_TRANSACTION, sources)):
                    language = languages[i]
                    plants: list[Sequence[str]] = []
                    if i in rare:
                        plants.append((RARE_WORD,))
                    if language == "en" and rng.random() < PHRASE_SHARE:
                        plants.append(PHRASE)
                    if language == "zh" and rng.random() < CJK_SHARE:
                        plants.append((CJK_STRING,))
                    text = make_text(rng, vocab[language], language, lengths[i], plants)
                    chars += len(text)
                    source = store.sources.add(
                        text=text, title=make_title(rng, vocab[language], language),
                        kind=rng.choice(KINDS), published=_published(rng), language=language,
                        outlet=rng.choice(OUTLETS), url=f"https://example.org/{seed}/{i}",
                        reliability=rng.choice("ABCDEF"))
                    for start, end in cut_excerpts(rng, text, language, per_source[i]):
                        note = " ".join(vocab[language].sample(rng, rng.randint(2, 8)))
                        store.excerpts.add(source.id, start, end, quote=text[start:end],
                                           note=note, credibility=rng.randint(1, 6))
                        made_excerpts += 1
            done = min(batch + SOURCES_PER_TRANSACTION, sources)
            print(f"  {done:,} sources, {made_excerpts:,} excerpts,"
                  f" {time.perf_counter() - started:.0f} s", flush=True)
        wagner = {"type": "Organization", "name": "Wagner Group",
                  "aliases": [{"name": "Группа Вагнера", "script": "Cyrl", "language": "ru"},
                              {"name": CJK_STRING, "script": "Hani", "language": "zh"},
                              {"name": "مجموعة فاغنر", "script": "Arab", "language": "ar"}],
                  "description": "A Russian private military company."}
        cards = [wagner, *(make_entity(rng, vocab["en"], names) for _ in range(entities - 1))]
        for batch in range(0, len(cards), SOURCES_PER_TRANSACTION):
            with store.transaction():
                for card in cards[batch:batch + SOURCES_PER_TRANSACTION]:
                    store.entities.add(card["type"], card["name"], aliases=card["aliases"],
                                       description=card["description"])
        counts = store.counts()
    finally:
        store.close()
    elapsed = time.perf_counter() - started
    size = out.stat().st_size
    print(f"\nwrote {out}")
    print(f"  {counts.sources:,} sources ({chars / 1e6:.1f} M characters of text),"
          f" {counts.excerpts:,} excerpts, {counts.entities:,} entity cards")
    print(f"  generated in {elapsed:.1f} s ({elapsed / 60:.1f} min); file size"
          f" {size / 2**20:.1f} MiB ({size:,} bytes)")
    report_frequencies(out)


def report_frequencies(path: Path) -> None:
    """The document frequency of every query of the mix, read from the index itself."""
    with CaseStore.open(path) as store:
        conn = store._ctx.conn  # read-only counting, outside the store's API on purpose
        total = conn.execute("SELECT count(*) FROM search_docs").fetchone()[0]
        kinds = dict(conn.execute("SELECT kind, count(*) FROM search_docs GROUP BY kind"))
        by_kind = ", ".join(f"{k} {v:,}" for k, v in kinds.items())
        print(f"\nindexed documents: {total:,} ({by_kind})")
        print(f"{'query':<14} {'FTS expression':<28} {'docs':>8} {'% docs':>7}"
              f" {'sources':>8} {'% src':>6}")
        for label, query in QUERIES:
            parsed = parse_query(query)
            if has_cjk(query):
                table, expression = "search_trigrams", trigram_expression(parsed)
            else:
                table, expression = "search_words", words_expression(parsed)
            docs, in_sources = conn.execute(
                f"SELECT count(*), coalesce(sum(d.kind = 'source'), 0) FROM {table} f"
                f" JOIN search_docs d ON d.id = f.rowid WHERE {table} MATCH ?",
                (expression,)).fetchone()
            wide = sum(unicodedata.east_asian_width(c) in "WF" for c in str(expression))
            print(f"{label:<14} {expression!s:<{28 - wide}} {docs:>8,} {100 * docs / total:>6.1f}%"
                  f" {in_sources:>8,} {100 * in_sources / kinds.get('source', 1):>5.1f}%")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", nargs="?", type=Path,
                        help="the case file to write (default: benchmarks/data/bench-"
                             "<sources>x<excerpts>-s<seed>.osintcase)")
    parser.add_argument("--sources", type=int, default=10_000)
    parser.add_argument("--excerpts", type=int, default=100_000)
    parser.add_argument("--entities", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    out = args.out or DEFAULT_DIR / (f"bench-{args.sources}x{args.excerpts}"
                                     f"-s{args.seed}.osintcase")
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.exists():
        parser.error(f"{out} exists; remove it first")
    generate(out, sources=args.sources, excerpts=args.excerpts, entities=args.entities,
             seed=args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
