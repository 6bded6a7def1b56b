"""Names guessed from capitalisation and context, in Latin and Cyrillic scripts.

A run of capitalised words is a candidate name; a lone capitalised word at a sentence's start
is not (it is capitalised for the sentence), nor is a word the text also writes in lower case.
What kind of name: an organisation suffix ("Group", "Agency", "Ltd", "Министерство") makes it
an organisation, company or public body; a title before it ("President", "spokesman") or a
speech verb after it ("said", "заявил") makes it a person, as does sharing its last word with
a person named in full elsewhere ("Kirby" after "John Kirby"). Runs also feed the list and
place lookups (``spans``): only capitalised spans are looked up, never every n-gram.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import regex


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_TOKEN = regex.compile(r"(?:St|Ste|Mt|Ft|Dr|Mr|Mrs|Ms|Jr)\.|\p{Lu}[\p{L}\p{M}\d]*"
                       r"(?:[-'’]\p{L}[\p{L}\p{M}\d]*)*|\p{Lu}\.(?:\p{Lu}\.)+")
_CONNECTORS = _wordset("""
    of for the de del della di da von van der den du la le al bin ibn &
    des do dos das degli
""")
_GERMAN_CONNECTORS = frozenset({"für", "&"})
_POSSESSIVE = re.compile(r"[’']s$")
_SENTENCE_END = re.compile(r"[.!?…:;\"“”«»()\[\]\n]\s*$|^\s*$")
# Organisation words in English, German, Russian, and the Romance languages (Spanish,
# Portuguese, French, Italian: "Servicio Meteorológico de Argentina" is a public body), first
# or last in a run.
COMPANY = _wordset("""
    ltd llc inc plc corp corporation company co gmbh ag sa spa bv nv oy ab holding
    holdings group catering bank ооо оао зао пао ао
    banco banque banca empresa compañía compagnie compagnia companhia grupo groupe gruppo
    sociedad société società sociedade ltda srl sarl
""")
PUBLIC = _wordset("""
    ministry department council commission parliament court police army navy
    government office committee service services kremlin house senate congress duma
    bundestag ministerium министерство ведомство служба суд правительство
    администрация дума
    ministerio ministère ministero ministério servicio servizio serviço gobierno
    gouvernement governo consejo conseil consiglio conselho tribunal corte cour policía
    polizia polícia ejército armée esercito exército congreso congrès congresso senado
    sénat senato parlamento parlement asamblea assemblée assemblea comisión commissione
    comissão secretaría secretaria presidencia présidence presidenza presidência
""")
ORGANIZATION = _wordset("""
    agency association union party foundation institute university news organization
    organisation forces front movement network center centre fund partei stiftung
    verband агентство группа партия фонд союз центр
    agencia agence agenzia agência asociación associazione associação fundación fondation
    fondazione fundação instituto institut istituto universidad université università
    universidade partido parti partito federación fédération federazione federação
    organización organizzazione organização movimiento mouvement movimento frente fronte
    centro sindicato syndicat sindacato
""")
PLACE = _wordset("""
    island islands sound bay river lake mountain mountains street square avenue oblast
    region province county valley strait sea gulf peninsula district
""")
#: Continents and the poles, alone: places, in the languages above ("la Antártida").
CONTINENTS = _wordset("""
    africa áfrica afrique afrika antarctica antártida antártica antarctique antartide
    antarktis antarctic arctic ártico arctique arktis asia asie asien europe europa
    oceania oceanía océanie ozeanien america américa amérique amerika eurasia eurasien
    антарктида арктика африка азия европа америка евразия
""")
_TITLES = _wordset("""
    vice-president deputy
    president prime minister secretary spokesman spokeswoman spokesperson mr mrs ms
    dr sir general colonel commander ceo chairman director businessman leader chief
    senator governor mayor king queen prince ambassador judge officer founder head
    precedent kanzler kanzlerin präsident ministerin minister herr frau президент
    министр глава пресс-секретарь директор генерал бизнесмен основатель председатель
    господин
""")
_SPEECH = regex.compile(r"^\s*(?:\(\d+\)|,\s*\d+,)?\s*(?:said|says|told|wrote|added|"
                        r"stated|announced|explained|argued|sagte|erklärte|заявил|сказал|"
                        r"сообщил|отметил|заявила|сказала)\b")
_ADJECTIVE = regex.compile(r"(?:ians?|eans?|ese|ish|ic|ans?|ischen?|ische[rsm]?|ский|ская|ское|"
                           r"ские|ского|ской)$", regex.IGNORECASE)
# "Reading the report, ..." opens a sentence with a verb form, not the town.
_VERB_FORM = regex.compile(r"(?:ing|ed|ly)$")
_STOP = _wordset("""
    the a an in on at but and or so he she it we they i you this that these those
    however according after before when while if as also then there his her its our
    their one just close sign news read more share today later earlier meanwhile now
    still yet since until during for with from by to of last next yesterday tomorrow
    der die das ein eine und
    aber in im am als auch es er sie wir в и но на он она они это мы
""")

# "since June", "on Thursday": a month or a weekday alone is a date (money_dates), not a name
# ("Theresa May" has two words and stays).
# A weekday before a name is dropped ("Thursday Theresa May"); a month is not, as months are
# first names too ("June Carter", "August Hanning", "Jan Strozyk").
_WEEKDAYS = _wordset("""
    monday tuesday wednesday thursday friday saturday sunday montag dienstag mittwoch
    donnerstag freitag samstag sonntag
""")
_CALENDAR = _WEEKDAYS | _wordset("""
    january february march april may june july august september october november december
    januar februar märz mai juni juli oktober dezember
""")


@dataclass(frozen=True, slots=True)
class Run:
    """A run of capitalised words: ``text[start:end]``, its word spans, and where it is."""

    start: int
    end: int
    words: tuple[tuple[int, int], ...]
    sentence_start: bool


def _strip_possessive(text: str, start: int, end: int) -> int:
    found = _POSSESSIVE.search(text, start, end)
    return found.start() if found and end - start > 3 else end


def runs(text: str, connectors: frozenset[str] = _CONNECTORS) -> Iterator[Run]:
    """Every maximal run of capitalised words (connectors like "of" allowed inside)."""
    words: list[tuple[int, int]] = []
    for match in _TOKEN.finditer(text):
        start, end = match.span()
        end = _strip_possessive(text, start, end)
        if words:
            gap = text[words[-1][1]:start]
            glue = gap.strip().lower()
            joined = gap in (" ", "\u00a0") or (
                glue in connectors and len(gap) <= len(glue) + 2 and gap.startswith(" "))
            if joined and text[words[-1][1]:match.start()].find("\n") < 0:
                words.append((start, end))
                continue
            yield _run(text, words)
        words = [(start, end)]
    if words:
        yield _run(text, words)


def _run(text: str, words: list[tuple[int, int]]) -> Run:
    before = text[max(0, words[0][0] - 3):words[0][0]]
    return Run(words[0][0], words[-1][1], tuple(words), bool(_SENTENCE_END.search(before)))


_HEADING = regex.compile(r"\s*:|\s+\p{Lu}{2,}\b")
_HEADING_BEFORE = regex.compile(r"\b\p{Lu}{2,}\s+$")
_COUNTRY_ACRONYMS = frozenset({"US", "USA", "UK", "UAE", "DPRK", "PRC", "ROK"})
_GERMAN_BODY = regex.compile(r"(?:ministerium|bundestag|bundeswehr|behörde|bundesamt|amt)$",
                             regex.IGNORECASE)


def _lower_words(text: str) -> frozenset[str]:
    return frozenset(regex.findall(r"(?<![\p{L}])\p{Ll}[\p{L}\p{M}]+", text))


def looks_german(text: str) -> bool:
    sample = text[:20000]
    hits = len(re.findall(r"\b(?:der|die|das|und|nicht|mit|ist)\b", sample))
    return hits > max(5, len(sample) // 400)


Guess = tuple[int, int, str, str, float]  # start, end, kind, reason, confidence


def _kind_by_suffix(words: list[str]) -> tuple[str, str] | None:
    if len(words) > 1 and words[-1].lower() in PLACE:
        return "place", f"place word '{words[-1]}'"
    for word in (words[-1], words[0]):
        low = word.lower().rstrip(".")
        if low in COMPANY:
            return "company", f"organisation word '{word}'"
        if low in PUBLIC:
            return "public_body", f"organisation word '{word}'"
        if low in ORGANIZATION:
            return "organization", f"organisation word '{word}'"
    return None


Candidate = tuple[int, int, list[str], bool]  # start, end, words, at a sentence's start


def candidates(text: str) -> list[Candidate]:
    """The runs trimmed of common sentence-initial words and of leading titles."""
    lower = _lower_words(text)
    found: list[Candidate] = []
    for run in runs(text, _GERMAN_CONNECTORS if looks_german(text) else _CONNECTORS):
        words = list(run.words)
        if run.sentence_start:
            # A sentence's first word is capitalised anyway: drop it if it is a common word.
            first = text[words[0][0]:words[0][1]]
            if (first.lower() in _STOP or first.lower() in lower
                    or (len(words) == 1 and _VERB_FORM.search(first))):
                words = words[1:]
        while words and text[words[0][0]:words[0][1]].lower() in _STOP:
            words = words[1:]
        if not words:
            continue
        while words and text[words[0][0]:words[0][1]].lower() in _WEEKDAYS:
            words = words[1:]  # "Thursday Theresa May" is the day, then the name
        if not words or (len(words) == 1
                         and text[words[0][0]:words[0][1]].lower() in _CALENDAR):
            continue
        tokens = [text[s:e] for s, e in words]
        # "British Foreign Secretary James Cleverly": the name follows the last title word.
        cut = max((i for i, t in enumerate(tokens[:-1]) if t.lower().rstrip(".") in _TITLES),
                  default=-1)
        if cut >= 0:
            words, tokens = words[cut + 1:], tokens[cut + 1:]
        found.append((words[0][0], words[-1][1], tokens,
                      run.sentence_start and words[0] == run.words[0]))
    return found


def _title_before(text: str, start: int) -> str | None:
    before = text[max(0, start - 40):start].replace("(", " ").split()
    return next((w for w in reversed(before[-3:]) if w.lower().strip(",") in _TITLES), None)


def place_spans(text: str, found: list[Candidate] | None = None) -> Iterator[tuple[int, int]]:
    """Whole candidate runs that may be places: not a name after a title ("President
    Vladimir"), not an organisation's name ("White House", "Concord Catering Group")."""
    for start, end, tokens, _at_start in found if found is not None else candidates(text):
        if _kind_by_suffix(tokens) is None and _title_before(text, start) is None:
            yield start, end


def guess_names(text: str, found: list[Candidate] | None = None) -> Iterator[Guess]:
    """Guessed names: (start, end, kind, reason, confidence)."""
    lower = _lower_words(text)
    german = looks_german(text)
    items = found if found is not None else candidates(text)
    people: set[str] = set()
    orgs: set[str] = set()
    for start, end, tokens, _at_start in items:
        if len(tokens) >= 2 and _kind_by_suffix(tokens) is None:
            people.add(tokens[-1])
        elif len(tokens) >= 2:
            orgs.add(tokens[0])
        elif _title_before(text, start) or _SPEECH.match(text, end):
            people.add(tokens[0])
    for start, end, tokens, at_start in items:
        yield from _classify(text, start, end, tokens, at_start, people, orgs, lower, german)


def _classify(text: str, start: int, end: int, tokens: list[str], at_start: bool,
              people: set[str], orgs: set[str], lower: frozenset[str],
              german: bool) -> Iterator[Guess]:
    title = _title_before(text, start)
    speech = _SPEECH.match(text, end) is not None
    if len(tokens) == 1:
        word = tokens[0]
        if word.isupper() and 2 <= len(word) <= 6:
            if _HEADING.match(text, end) or _HEADING_BEFORE.search(text, 0, start):
                return  # "VIDEO: ...", "A SIMPLE GUIDE": a heading in capitals
            if word in _COUNTRY_ACRONYMS:
                yield start, end, "place", "country abbreviation", 0.6
            else:
                yield start, end, "organization", "acronym in capitals", 0.5
            return
        if word.lower() in CONTINENTS:
            yield start, end, "place", "a continent's name", 0.6
            return
        if german and _GERMAN_BODY.search(word):
            yield start, end, "public_body", "word of a German public body", 0.5
            return
        common = at_start or german or word.lower() in lower or _ADJECTIVE.search(word)
        if common and not (title or speech or word in people):
            return
        if word in people or title or speech:
            reason = (f"capitalised word after '{title}'" if title else
                      "capitalised word before a speech verb" if speech else
                      "surname of a person named in full in this text")
            yield start, end, "person", reason, 0.6
        elif word in orgs:
            yield start, end, "organization", "first word of an organisation's name", 0.55
        else:
            yield start, end, "organization", "capitalised word inside a sentence", 0.3
        return
    suffix = _kind_by_suffix(tokens)
    if suffix is not None:
        kind, why = suffix
        yield start, end, kind, f"capitalised words with an {why}", 0.7
    elif title:
        yield start, end, "person", f"capitalised words after '{title}'", 0.75
    elif speech:
        yield start, end, "person", "capitalised words before a speech verb", 0.7
    elif len(tokens) <= 4 and not german:
        yield start, end, "person", "run of capitalised words", 0.45
    else:
        yield start, end, "organization", "run of capitalised words", 0.35


def spans(text: str, max_words: int = 5) -> Iterator[tuple[int, int]]:
    """Every span of 1..``max_words`` consecutive words of every capitalised run: what the
    list and place lookups try (a few per sentence, not every n-gram of the text)."""
    for run in runs(text):
        words = run.words
        for i in range(len(words)):
            for j in range(i, min(len(words), i + max_words)):
                yield words[i][0], words[j][1]
