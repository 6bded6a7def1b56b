"""Two normalised names scored part by part (``score_tokens``), the core of ``compare``.

The parts are aligned greedily by part similarity (``parts``: exact, initial, phonetic code,
edit distance, known forms of a given name, shared name affixes set aside). The score weighs
the aligned evidence against the parts left over: parts missing on one side (a dropped middle
name or patronymic) cost little, parts that disagree on both sides (another surname) cost a
lot. Further rules:

- an initial standing for a full name is no support when its side keeps another full name
  ("KONONOV, Vladimir P." is not Vladimir Putin); a person whose only aligned part is an
  inexact one is no match for a fuller name ("Michaela" / "Michelle Obama"), and past two, each
  part a person query leaves out of a long listed name costs more;
- in "bin" chains a name may not change generation ("Salman bin Muhammad" is not "Muhammad
  bin Salman");
- in organisation names a country mention is one part, matched by its ISO code ("Russia" /
  "Russian Federation", "DPRK" / "North Korea"); a shared country alone is no evidence when
  either name says more ("Russian Federation" / "Central Bank of the Russian Federation"), and
  a country the query names but the listed name lacks is a conflict ("Russian Ministry of
  Defence" / "Ministry of Defence");
- an acronym may stand for a run of words on the other side ("IRGC");
- a name rendered from Arabic script (or Cyrillic) is also compared part by part by consonant
  skeleton (its vowels are unwritten or spelt another way: "هنية" / "Haniyeh"), one from kana
  by katakana skeleton ("イジュマシュ" / "Izhmash"), and two names
  whose parts all read as Korean syllables by canonical syllable ("Gim Jeong-eun" / "Kim Jong
  Un", "Li" / "Ri");
- a number only one name has is a conflict ("Fund 23" / "Fund");
- runs of parts may stand for one part (``part_groups``: acronyms, "JC" for "Jean-Claude",
  "Patr ushev" for "Patrushev"); initials left over on both sides count in full; a Slavic
  surname's feminine and masculine forms are not aligned (``person_rules``);
- names that agree only written together ("Siemens AG" / "SiemensAG") score as one word;
- outside persons' names, two words of one stem ("National" / "Nations", ``derived_words``)
  are aligned only when nothing else tells the names apart.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import NamedTuple

from rapidfuzz.distance import Levenshtein

from .alignment import CONFLICT, MISSING_CANDIDATE, MISSING_QUERY, Scored
from .derived_words import otherwise_different, telling_derivations
from .normalize import CYRILLIC_SCHEMES, PERSON_SCHEMAS, NormName, is_number, is_weak_token
from .part_groups import groups
from .parts import ACCEPT, kana_part, korean_part, part_similarity, skeleton_part
from .person_rules import drop_crossed_patronyms, gender_clash
from .translit_arabic import skeleton_similarity, split_abd
from .translit_hangul import korean_key
from .translit_kana import KANA_LABEL

__all__ = ["score_tokens"]

LONE_PART = 0.85  # factor for a person whose only aligned part is an inexact one
MISSING_CANDIDATE_MANY = 0.35  # the same past the second strong part a person query leaves out
MISSING_CANDIDATE_ORG = 0.4  # the same for organisations: extra words change the company
MISSING_QUERY_ORG = 0.3  # the same for organisations
MISSING_PLACE = 1.0  # a country the query names and the listed name lacks counts in full
PLACE_WEIGHT = 2.5  # weight of a country mention (any length)
COUNTRY_SYNONYM_SIM = 0.95  # "Russia" / "Russian Federation"
WEAK_WEIGHT = 0.3
# Renderings from a script that hides vowels (Arabic, Persian) or spells Arabic-origin names its
# own way (Cyrillic "Хезболла" for Hizballah): their parts are also compared by skeleton.
SKELETON_LABELS = frozenset({"Arabic", "Persian", *CYRILLIC_SCHEMES, "Ukrainian national",
                             "Belarusian national"})
_ARABIC_LABELS = frozenset({"Arabic", "Persian"})
_KOREAN_OK = frozenset({None, "Hangul (McCune-Reischauer)", "Hangul (Revised)"})


# A name is compared as a list of units: its tokens, except that in organisation names a
# country mention becomes one unit "@<words>" whose ISO codes are kept aside (``_Units.codes``).
class _Units(NamedTuple):
    texts: tuple[str, ...]
    codes: dict[str, frozenset[str]]


_NO_CODES: dict[str, frozenset[str]] = {}


def _units(name: NormName, places: bool) -> _Units:
    if not places or not name.places:
        return _Units(name.tokens, _NO_CODES)
    out: list[str] = []
    codes: dict[str, frozenset[str]] = {}
    starts = {s: (e, found) for s, e, found in name.places}
    i = 0
    while i < len(name.tokens):
        if i in starts:
            end, found = starts[i]
            text = "@" + " ".join(name.tokens[i:end])
            codes[text] = found
            out.append(text)
            i = end
        else:
            out.append(name.tokens[i])
            i += 1
    return _Units(tuple(out), codes)


def _place_similarity(a: str, b: str, codes: dict[str, frozenset[str]]) -> float:
    ca, cb = codes.get(a), codes.get(b)
    if ca and cb:
        if ca & cb:
            return 1.0 if a == b else COUNTRY_SYNONYM_SIM
        return 0.0
    a, b = a.lstrip("@"), b.lstrip("@")
    if min(len(a), len(b)) < 3:  # an initial does not stand for a country
        return 0.0
    return part_similarity(a, b)  # a misspelt country: "Bank of Chima"


def _weight(unit: str, schema: str | None) -> float:
    if unit[0] == "@":
        return PLACE_WEIGHT
    if is_weak_token(unit, schema):
        return WEAK_WEIGHT
    if len(unit) == 1:
        return 0.5
    return math.sqrt(min(len(unit), 10))


def _align(q: tuple[str, ...], c: tuple[str, ...], codes: dict[str, frozenset[str]],
           sim_of: Callable[[str, str], float] = part_similarity,
           ) -> list[tuple[int, int, float]]:
    if codes:
        pairs = [(_place_similarity(a, b, codes) if "@" in (a[0], b[0]) else
                  sim_of(a, b), i, j) for i, a in enumerate(q) for j, b in enumerate(c)]
    else:
        pairs = [(sim_of(a, b), i, j) for i, a in enumerate(q) for j, b in enumerate(c)]
    pairs.sort(key=lambda p: (-p[0], abs(p[1] - p[2])))
    used_q: set[int] = set()
    used_c: set[int] = set()
    out: list[tuple[int, int, float]] = []
    for sim, i, j in pairs:
        if sim < ACCEPT:
            break
        if i in used_q or j in used_c:
            continue
        used_q.add(i)
        used_c.add(j)
        out.append((i, j, sim))
    return out


def score_tokens(q: NormName, c: NormName, schema: str | None) -> Scored:
    if not q.tokens or not c.tokens:
        return Scored(0.0, q.tokens, c.tokens, [], [])
    person = schema in PERSON_SCHEMAS
    org = schema is not None and not person  # a known organisation (or other) schema
    arabic = (1 if q.transliteration in _ARABIC_LABELS else
              2 if c.transliteration in _ARABIC_LABELS else 0)
    q, c = _abd_as_written(q, c, arabic, person)
    qu, cu = _units(q, org), _units(c, org)
    qt, ct = qu.texts, cu.texts
    codes = {**qu.codes, **cu.codes} if qu.codes or cu.codes else _NO_CODES
    loose = q.transliteration in SKELETON_LABELS or c.transliteration in SKELETON_LABELS
    sim_of: Callable[[str, str], float] = part_similarity
    if loose:
        sim_of = skeleton_part(arabic)
    elif KANA_LABEL in (q.transliteration, c.transliteration) and \
            q.transliteration != c.transliteration:
        sim_of = kana_part(1 if q.transliteration == KANA_LABEL else 2)
    elif (min(len(qt), len(ct)) >= 2 and {q.transliteration, c.transliteration} <= _KOREAN_OK
            and all(korean_key(t) for t in (*qt, *ct))):
        sim_of = korean_part  # both names read as Korean syllables: "Gim Jeong-eun"
    aligned = _align(qt, ct, codes, sim_of)
    if not person and otherwise_different(qt, ct, aligned, lambda u: is_weak_token(u, schema)):
        # "National" / "Nations" in names that differ otherwise: two words, not a typo.
        aligned = _align(qt, ct, codes, telling_derivations(sim_of))
    if person:
        aligned = drop_crossed_patronyms(qt, ct, aligned)
        # "Olga Baranova" is not "Oleg Baranov": a Slavic surname's feminine and masculine
        # forms are two people's names, not one name's spellings.
        aligned = [(i, j, sim) for i, j, sim in aligned
                   if sim == 1 or not gender_clash(qt[i], ct[j])]
    qi = {i for i, _, _ in aligned}
    cj = {j for _, j, _ in aligned}
    runs = groups(qt, ct, qi, cj, schema, person, org)  # adds the runs' parts to qi, cj
    num = den = 0.0
    core_hit = place_hit = False
    initial_sides: set[str] = set()  # sides where an initial stands for a full word
    for i, j, sim in aligned:
        a, b = qt[i], ct[j]
        w = max(_weight(a, schema), _weight(b, schema))
        if len(a) == 1 or len(b) == 1:
            w = 0.5
            if len(a) != len(b):
                initial_sides.add("q" if len(a) == 1 else "c")
        elif a[0] == "@":
            place_hit = True
        elif sim >= 0.8 and not is_weak_token(a, schema):
            core_hit = True
        num += sim * w
        den += w
    for gq, gc, gsim in runs:
        w = max(sum(_weight(qt[i], schema) for i in gq), sum(_weight(ct[j], schema) for j in gc))
        num += gsim * w
        den += w
        core_hit = True
    left_q = [u for i, u in enumerate(qt) if i not in qi]
    left_c = [u for j, u in enumerate(ct) if j not in cj]
    miss_q = MISSING_QUERY_ORG if not person else MISSING_QUERY
    miss_c = MISSING_CANDIDATE_ORG if not person else MISSING_CANDIDATE
    # A country the query names and the listed name lacks counts in full (see below); one
    # only the listed name has is a part the query left out, like any other.
    den += sum(_weight(u, schema) * (MISSING_PLACE if u[0] == "@" else miss_q) for u in left_q)
    den += sum(_weight(u, schema) for u in left_c) * miss_c
    if person:
        # A short form of a long name: past two, each listed part the query leaves out costs
        # more ("Saif al-Din al-Rawi" is not every "Saif al-Din <three names> al-Rawi").
        extra = [u for u in left_c if len(u) > 1 and not is_weak_token(u, schema)][2:]
        den += sum(_weight(u, schema) for u in extra) * (MISSING_CANDIDATE_MANY - miss_c)
        # Initials left over on both sides are two different middle names ("William G."
        # / "William W."), not one the other left out: they count in full.
        if left_q and left_c:
            iq, ic = sum(len(u) == 1 for u in left_q), sum(len(u) == 1 for u in left_c)
            if iq and ic:
                den += _weight("x", schema) * ((1 - miss_q) * iq + (1 - miss_c) * ic)
    score = num / den if den else 0.0
    # Left-over initials count: "A. Nazarbayev" contradicts "Nursultan Nazarbayev".
    strong_q = [u for u in left_q if not is_weak_token(u, schema)]
    strong_c = [u for u in left_c if not is_weak_token(u, schema)]
    conflict = bool(strong_q and strong_c)
    # "Vladimir P." is not "Vladimir Putin" when the initial's side keeps another full name.
    for side in initial_sides:
        conflict |= any(len(u) > 1 for u in (strong_q if side == "q" else strong_c))
    # The query names a country the listed name does not: the listed body is another
    # country's ("Russian Ministry of Defence" is not a "Ministry of Defence" of the DPRK).
    # The converse ("Bank Saderat" / "Bank Saderat Iran") is a query saying less, not other.
    conflict |= any(u[0] == "@" for u in left_q)
    # A number only one name has tells bodies apart ("Fund 23" is not the "Fund", nor
    # "Solutions II" the "Solutions"): numbered funds, trusts and branches are many.
    conflict |= any(is_number(u, schema) for u in (*left_q, *left_c))
    if conflict:
        score *= CONFLICT
    # A person named by one part that is only like one part of the other name, which says
    # more ("Michaela" / "Michelle Obama"): a similar given name, not the same person.
    if (person and len(aligned) == 1 and not runs and aligned[0][2] < 0.95
            and any(len(u) > 1 for u in (*strong_q, *strong_c))):
        score *= LONE_PART
    # A shared country alone is no evidence when either side names something more.
    if not core_hit and not (place_hit and not any(
            len(u) > 1 and u[0] != "@" for u in (*strong_q, *strong_c))):
        score *= 0.5
    result = Scored(score, qt, ct, aligned, runs)
    tq, tc = q.tokens, c.tokens
    if len(tq) != len(tc):
        joined_q, joined_c = "".join(tq), "".join(tc)
        if min(len(joined_q), len(joined_c)) >= 6:
            joined = Levenshtein.normalized_similarity(joined_q, joined_c)
            if (loose and joined < 0.85
                    and skeleton_similarity(joined_q, joined_c, False) >= 0.85):
                joined = 0.85  # "عبد الله" / "Abdullah"
            if (joined >= 0.85 and joined > score
                    and _numbers_of(tq, schema) == _numbers_of(tc, schema)):
                result = Scored(joined, tq, tc, [], [], joined=True)
    return result


def _abd_as_written(q: NormName, c: NormName, arabic: int,
                    person: bool) -> tuple[NormName, NormName]:
    """A Latin "Abdul Rahman", "Abdur Rehman" as "abd al rahman", the form a name rendered
    from Arabic script takes (*arabic*: 1 the query is, 2 the candidate is), or the form a
    Latin name spelt "'Abd al-Rahman" has (persons)."""
    def split(name: NormName) -> NormName:
        tokens = split_abd(name.tokens)
        return name if tokens == name.tokens else NormName(tokens, name.forms, None)

    if arabic == 1 and c.transliteration is None:
        return q, split(c)
    if arabic == 2 and q.transliteration is None:
        return split(q), c
    if (person and q.transliteration is None and c.transliteration is None
            and ("abd" in q.tokens or "abd" in c.tokens)):
        return split(q), split(c)
    return q, c


def _numbers_of(tokens: tuple[str, ...], schema: str | None) -> list[str]:
    """The numbers a name carries, which writing it as one word must keep ("Solutions II" is
    not "Solutions" written together)."""
    return sorted([*re.findall(r"\d+", "".join(tokens)),
                   *(t for t in tokens if not t.isdigit() and is_number(t, schema))])
