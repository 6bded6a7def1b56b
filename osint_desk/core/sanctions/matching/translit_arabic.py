"""Arabic and Persian script to Latin, and the consonant skeletons that compare it.

Names in Arabic script are usually written without short vowels, so no Latin spelling can be
recovered from them: "حماس" is Hamas, "هنية" Haniya / Haniyeh / Hanieh. We therefore render the
letters as they stand (long vowels as a/i/u, waw and ya as w/y only where they are consonants,
the article "al-" split off, ta marbuta as "a") and compare such parts by their consonant
skeleton (``skeleton``), which drops the vowels every romanisation spells differently and
merges the consonants romanisations confuse (h/kh for ح, s/ṣ, t/ṭ, k/q...). Vowel marks
(harakat), when present, are rendered too. Letter variants are folded first (alef forms, ye/ke
Persian and Arabic forms, ta marbuta / heh, tatweel, ZWNJ), so two Arabic spellings of one name
give one rendering.

Arabic-origin names in Cyrillic ("Махмуд аз-Захар") and Latin ("az-Zahar", "ad-Din") spell the
article assimilated to a sun letter; ``article`` turns those into "al".
"""

from __future__ import annotations

import re
from functools import lru_cache

ARABIC_RE = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_PERSIAN_RE = re.compile(r"[\u067e\u0686\u0698\u06af\u06a9\u06cc\u06c0]")  # پ چ ژ گ ک ی ۀ

# Letter variants one name is written with: folded before rendering.
_FOLD = str.maketrans({
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ی": "ي", "ى": "ي", "ې": "ي", "ۍ": "ي", "ک": "ك", "ڪ": "ك", "ۀ": "ه", "ە": "ه", "ھ": "ه",
    "ہ": "ه", "ۃ": "ة", "ؤ": "و", "ئ": "ي", "\u0640": None, "\u200c": None, "\u200d": None,
    "\u200f": None, "\u200e": None,
    **{chr(0x660 + d): str(d) for d in range(10)}, **{chr(0x6f0 + d): str(d) for d in range(10)},
})
_INITIAL_ALEF = {"أ": "a", "إ": "i", "آ": "a"}  # the hamza tells the vowel, before folding
_CONSONANTS = {
    "ب": "b", "پ": "p", "ت": "t", "ث": "th", "ج": "j", "چ": "ch", "ح": "h", "خ": "kh",
    "د": "d", "ذ": "dh", "ر": "r", "ز": "z", "ژ": "zh", "س": "s", "ش": "sh", "ص": "s",
    "ض": "d", "ط": "t", "ظ": "z", "ع": "", "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "گ": "g",
    "ل": "l", "م": "m", "ن": "n", "ه": "h", "ء": "", "ڤ": "v",
}
_SHORT = {"\u064e": "a", "\u0650": "i", "\u064f": "u", "\u0670": "a"}  # fatha kasra damma
_TANWEEN = {"\u064b", "\u064c", "\u064d"}
_SHADDA = "\u0651"
_MARKS_RE = re.compile(r"[\u064b-\u065f\u0670\u06d6-\u06ed]")
_WORD_RE = re.compile(r"\S+")
_DIGRAPH_HEADS = set("sztdkgcp")


def _render_word(word: str) -> str:
    """One word, letter by letter; waw/ya are vowels between consonants, else consonants."""
    letters = [ch for ch in word if not _MARKS_RE.match(ch)]
    marks: list[str] = []  # the vowel marks after each letter
    for ch in word:
        if _MARKS_RE.match(ch):
            if marks:
                marks[-1] += ch
        else:
            marks.append("")
    out: list[str] = []
    skip = False
    for k, ch in enumerate(letters):
        nxt = letters[k + 1] if k + 1 < len(letters) else ""
        prev = letters[k - 1] if k else ""
        mark = marks[k]
        if skip:
            skip = False
            continue
        if ch == "ا":
            after = letters[k + 2] if k + 2 < len(letters) else ""
            if k == 0 and nxt in ("و", "ي") and after and after not in "اوية":
                out.append("u" if nxt == "و" else "i")  # "ایران" is Iran, "اوغلو" Uglu
                skip = True
            elif k == 0:
                out.append("i" if "\u0650" in mark else "u" if "\u064f" in mark else "a")
            elif out and out[-1] != "a":
                out.append("a")
            continue
        if ch == "ة":
            out.append("a")
            continue
        if ch in "وي":
            vowel = "u" if ch == "و" else "i"
            consonant = "w" if ch == "و" else "y"
            final_heh = nxt == "ه" and k + 2 == len(letters)  # "هنيه" as "هنية"
            at_edge = k == 0 or prev == "ا" or nxt in ("ا", "ة", "و", "ي") or final_heh or any(
                m in mark for m in _SHORT)
            if at_edge and nxt != "":
                out.append(consonant)
            elif ch == "ي" and k == len(letters) - 1 and prev == "ا":
                out.append("y")
            else:
                out.append(vowel)
        else:
            rendered = _CONSONANTS.get(ch, ch)
            if rendered == "h" and out and out[-1][-1:] in _DIGRAPH_HEADS:
                out.append("a")  # "زهار" is za-har, not the "zh" of "ژ"
            out.append(rendered)
        if _SHADDA in mark and out[-1]:
            out.append(out[-1][-1])
        for m in mark:
            if m in _SHORT:
                out.append(_SHORT[m])
            elif m in _TANWEEN and nxt:
                out.append("a" if m == "\u064b" else "i" if m == "\u064d" else "u")
    return "".join(out)


# Words that form one name with their neighbour, which Latin lists often write as one word:
# "عبد الله" Abdullah, "نور الدين" Nuruddin, "هداية الله" Hidayatullah.
_COMPOUND_HEADS = frozenset({"abd", "abu", "ab"})
_COMPOUND_TAILS = frozenset({"allah", "din", "rahman", "rahim", "haq", "zaman", "islam",
                             "malik", "karim", "aziz", "rab", "nur"})
_SUN_LETTERS = frozenset("tdrzsnl")


def _glued(words: list[str]) -> list[str]:
    """*words* with compound names written together: "abd al rahman" -> "abdrahman",
    "nur al din" -> "nurdin", "abd allah" -> "abdallah" (the article kept before a moon
    letter only, as Latin spells it: "Abdulkarim", "Abdurrahman")."""
    out: list[str] = []
    k = 0
    while k < len(words):
        word = words[k]
        art = k + 1 < len(words) and words[k + 1] == "al"
        nxt = words[k + 2] if art and k + 2 < len(words) else (
            words[k + 1] if k + 1 < len(words) else "")
        if nxt and word != "al" and (word in _COMPOUND_HEADS or nxt in _COMPOUND_TAILS):
            link = "al" if art and nxt[0] not in _SUN_LETTERS else ""
            out.append(word + link + nxt)
            k += 3 if art else 2
            continue
        out.append(word)
        k += 1
    return out


# Particles of a name chain, as Latin lists spell them.
_PARTICLE_WORDS = {"بن": "bin", "ابن": "ibn", "بنت": "bint", "ابو": "abu", "ولد": "ould",
                   "ال": "al", "و": "wa", "في": "fi"}
# A conjunction or preposition written onto the article: "والجهاد" wa-al-Jihad, "بالدم" bi-al-dam,
# "للصرافة" li-al-sirafa.
_PREFIXED_ARTICLE = ("وال", "بال", "فال", "كال", "لل")
_FOLD_GLUE = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا"})
_GLUED_HEADS = ("عبد", "ابو")
_GLUED_TAILS = ("الله", "لله", "الدين", "الدین", "الرحمن", "الرحمان", "الحق")


def _split_compounds(words: list[str]) -> list[str]:
    """Compound names written as one word split as lists romanise them: "عبدالرحمن" ->
    "عبد" "الرحمن", "نورالدين" -> "نور" "الدين", "عبدالله" -> "عبد" "الله"."""
    out: list[str] = []
    for whole in words:
        head = next((h for h in _GLUED_HEADS if whole.startswith(h) and len(whole) > len(h) + 2),
                    None)
        word = whole
        if head is not None:
            out.append(head)
            word = whole[len(head):]
        tail = next((t for t in _GLUED_TAILS if word.endswith(t) and len(word) > len(t) + 1),
                    None)
        if tail is not None:
            out.extend((word[:-len(tail)], "ال" + tail[2:] if tail == "لله" else tail))
        else:
            out.append(word)
    return out


_ABD_RE = re.compile(r"^ab[dt][aeiou]?([lrsdtzn]|sh)$")
_ABD_GLUED_RE = re.compile(r"^ab[dt][aeiou]([lrsdtzn]|sh)([a-z]{3,})$")  # "abdelkader"
ARTICLES = frozenset({"al", "el", "ul", "il"})
ARABIC_PARTICLES = frozenset({"al", "el", "ul", "bin", "ibn", "bn", "ben", "abu", "bint",
                              "ould", "wa", "wal"})


_GLUED_ARTICLE = {"wal": ("wa", "al"), "lil": ("li", "al"), "bil": ("bi", "al"),
                  "fil": ("fi", "al")}


def split_abd(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """Latin "Abdul Rahman", "Abdur Rehman", "Abdelkader" as "abd al ...", "wal-Ansar" as "wa
    al ansar": the form a name from Arabic script takes (``arabic_to_latin``)."""
    if not any(t.startswith("ab") or t in _GLUED_ARTICLE for t in tokens):
        return tokens
    out: list[str] = []
    for k, t in enumerate(tokens):
        glued = _ABD_GLUED_RE.match(t)
        if t in _GLUED_ARTICLE and k + 1 < len(tokens):
            out.extend(_GLUED_ARTICLE[t])  # "wal-Ansar" as "wa al ansar"
        elif k + 1 < len(tokens) and _ABD_RE.match(t):
            out.extend(("abd", "al"))
        elif glued and glued.group(2).rstrip("h") not in ("lla", "la", "a"):  # not "Abdullah"
            letter, rest = glued.groups()
            out.extend(("abd", "al", rest if letter == "l" or rest.startswith(letter)
                        else letter + rest))
        else:
            out.append(t)
    return tuple(out)


def _split_prefixes(words: list[str]) -> list[str]:
    """"والجهاد" -> "و" "الجهاد", "للصرافة" -> "ل" "الصرافة": the conjunction or preposition
    before the article as a word of its own (the rest must keep two letters or more)."""
    out: list[str] = []
    for word in words:
        bare = _MARKS_RE.sub("", word)
        for prefix in _PREFIXED_ARTICLE:
            if bare.startswith(prefix) and len(bare) >= len(prefix) + 2:
                out.extend((bare[0], "ا" + bare[1:] if prefix == "لل" else bare[1:]))
                break
        else:
            out.append(word)
    return out


_PREFIX_WORDS = {"ب": "bi", "ل": "li", "ف": "fa", "ك": "ka"}


@lru_cache(maxsize=50_000)
def arabic_to_latin(text: str, construct: bool = False) -> tuple[tuple[str, str], ...]:
    """Latin renderings of Arabic-script *text* with the label ("Arabic" or "Persian"): word
    by word, and with compound names glued when it has any. With *construct* (organisation
    names), also with a ta marbuta read as t where a word without the article governs the
    next one ("عصبة الأنصار" Usbat al-Ansar, "جبهة النصرة" Jabhat al-Nusra)."""
    out = _renderings(text, False)
    if construct:
        out += tuple(r for r in _renderings(text, True) if r not in out)
    return out


def _renderings(text: str, construct: bool) -> tuple[tuple[str, str], ...]:
    label = "Persian" if _PERSIAN_RE.search(text) else "Arabic"
    words: list[str] = []
    raws = _split_prefixes(_split_compounds(_WORD_RE.findall(text.translate(_FOLD_GLUE))))
    for k, written in enumerate(raws):
        if written in _PREFIX_WORDS and k + 1 < len(raws):
            words.append(_PREFIX_WORDS[written])
            continue
        raw = written
        bare_raw = _MARKS_RE.sub("", raw)
        if (construct and bare_raw.endswith("ة") and not bare_raw.startswith("ال")
                and k + 1 < len(raws) and _MARKS_RE.sub("", raws[k + 1]) not in _PARTICLE_WORDS
                and raws[k + 1] not in _PREFIX_WORDS):
            raw = bare_raw[:-1] + "ات"
        head = _INITIAL_ALEF.get(raw[:1], "")
        word = re.sub("ى(?=[\u064b-\u065f]*$)", "ا", raw).translate(_FOLD)  # final alif maqsura
        bare = _MARKS_RE.sub("", word)
        if bare == "الله":
            words.append("allah")
            continue
        if bare in _PARTICLE_WORDS:
            words.append(_PARTICLE_WORDS[bare])
            continue
        if len(bare) > 3 and bare.startswith("ال"):
            words.append("al")
            word = word[2:].lstrip("\u064e\u0652")
            head = ""
        rendered = _render_word(word)
        if head and rendered.startswith("a"):
            rendered = head + rendered[1:]
        if rendered:
            words.append(rendered)
    plain = " ".join(words)
    glued = " ".join(_glued(words))
    return ((plain, label),) if glued == plain else ((plain, label), (glued, label))


# Latin forms of the article assimilated to a sun letter ("az-Zahar", "ad-Din", "ash-Shabab"),
# also as Cyrillic gives them ("аз-Захар" -> "az-zakhar"): the article is "al".
# Persian ezafe spelt in Latin: "Bank-e Melli-ye Iran".
_EZAFE_RE = re.compile(r"(?<=[a-z])-(?:e|ye|i|yi)\b", re.IGNORECASE)


def article(latin: str) -> str:
    """"az-Zahar" -> "al-Zahar", "Bank-e Melli" -> "Bank Melli": the assimilated article
    written as the article, the Latin ezafe dropped."""
    out = re.sub(r"(?<![^\W\d_])[ae](t|d|r|z|s|n|th|dh|sh)-(?=\1)", "al-", latin,
                 flags=re.IGNORECASE)
    return _EZAFE_RE.sub("", out)


# Consonant classes shared by every romanisation of an Arabic-script name; vowels and the
# glides' vowel use go. Longest spellings first.
_SKELETON_RULES: tuple[tuple[str, str], ...] = (
    ("dzh", "j"), ("tch", "S"), ("sch", "S"), ("kh", "H"), ("gh", "G"), ("sh", "S"),
    ("ch", "S"), ("th", "s"), ("dh", "Z"), ("zh", "j"), ("dj", "j"), ("ph", "f"), ("ck", "K"),
    ("ou", ""), ("q", "K"), ("k", "K"), ("c", "K"), ("x", "KS"), ("G", "K"), ("g", "K"),
    ("t", "T"), ("h", "H"), ("z", "Z"), ("d", "Z"), ("s", "s"), ("v", "w"), ("p", "b"),
    ("e", ""), ("a", ""), ("i", ""), ("o", ""), ("u", ""),
)
# q, k, g and gh are one class (ق is "q", "k" and Maghrebi "g": Qasmi / Gasmi), d, z, dh one
# (ض ظ ذ: Ramadan / Ramazan, Dahir / Zahir / Dhahir), th and s one (ث: Uthman / Usman).
_DOUBLE_RE = re.compile(r"(.)\1+")
_OPENING_VOWELS = frozenset("aeiou")
_DIGRAPHS = frozenset({"kh", "sh", "ch", "th", "dh", "gh", "zh", "ph"})


@lru_cache(maxsize=200_000)
def skeleton(token: str, final_h: bool = False) -> str:
    """The consonant skeleton of a Latin name part, in classes: "haniyeh" / "hnya" -> "Hny",
    "zakhar" / "zahhar" -> "ZHr". A final h (ta marbuta, "-eh", "Allah") is dropped, unless
    *final_h* (it may be a real ha: "Musallah" for "مسلحة", "Fatah" for "فتح")."""
    s = _DOUBLE_RE.sub(r"\1", token.lower())  # before the vowels go: "Aziz" keeps two z
    for old, new in _SKELETON_RULES:
        s = s.replace(old, new)
    if (not final_h and len(s) > 1 and s.endswith("H") and token.endswith("h")
            and token[-2:] not in _DIGRAPHS):
        s = s[:-1]  # final h: ta marbuta, "-eh", or a final heh that Latin drops
    return s


_VOWEL_END_RE = re.compile(r"(?:[aiouy]|[aeiou]h)$")


def _ending(token: str) -> str:
    """How a part ends: "vowel", "consonant", or "either" (a French mute e, "Djermane"; a
    final heh after a consonant)."""
    if _VOWEL_END_RE.search(token):
        return "vowel"
    return "either" if token[-1] in "eh" else "consonant"


def skeleton_similarity(a: str, b: str, arabic: bool = True) -> float:
    """Similarity of two parts by consonant skeleton: 0.9 when equal (three consonants or
    more), 0.85 (two), 0.75 (one, short parts), 0.8 equal but for the glides w/y (*arabic*:
    waw and ya are vowels or consonants unseen); else 0. Parts must agree on opening with a
    vowel (an Arabic alef) and on ending with one ("حسني" Hosni is not Hassan); an Arabic
    part ending in a may meet a Latin one ending in at / et (the ta marbuta read as t)."""
    if (a[0] in _OPENING_VOWELS) != (b[0] in _OPENING_VOWELS) and (
            not arabic or a[0] in _OPENING_VOWELS):
        return 0.0  # an Arabic part opening with ain is rendered from its next consonant
    if arabic and a.endswith("a") and len(b) > 3 and b[-2:] in ("at", "et"):
        b = b[:-1]  # a ta marbuta the Latin spells as in the construct state: "Nusrat"
    if {_ending(a), _ending(b)} == {"vowel", "consonant"}:
        return 0.0
    sa, sb = skeleton(a), skeleton(b)
    if not sa or not sb:
        return 0.0
    if sa != sb and arabic and b.endswith("h") and skeleton(b, final_h=True) == sa:
        sb = sa  # the Latin final h is the Arabic ha: "mslha" / "Musallah"
    if sa == sb:
        if len(sa) == 1:
            return 0.75 if max(len(a), len(b)) <= 4 else 0.0
        return 0.9 if len(sa) >= 3 else 0.85
    if arabic:
        ga, gb = sa.replace("w", "").replace("y", ""), sb.replace("w", "").replace("y", "")
        if ga == gb and (len(ga) >= 2 or (ga and max(len(a), len(b)) <= 5)):
            return 0.8 if len(ga) >= 2 else 0.75  # "عدي" / "Uday"
    return 0.0
