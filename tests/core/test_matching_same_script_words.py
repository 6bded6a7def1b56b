"""Names in Han or Hangul: a missing word counts as a word, countries as in Latin names; and
two words of one stem in organisation names (``derived_words``)."""

from __future__ import annotations

from osint_desk.core.sanctions.matching import DEFAULT_THRESHOLD, compare
from osint_desk.core.sanctions.matching.derived_words import derived_pair
from osint_desk.core.sanctions.matching.same_script import SyllabicName, same_script, syllabic_name


def _score(a: str, b: str, schema: str | None) -> float:
    return compare(a, b, query_schema=schema, candidate_schema=schema).score


def _name(text: str, places: bool = False) -> SyllabicName:
    name = syllabic_name(text, places)
    assert name is not None
    return name


def _names(a: str, b: str) -> tuple[SyllabicName, SyllabicName]:
    return _name(a), _name(b)


def test_a_missing_hangul_word_counts_as_a_word_not_as_its_syllables() -> None:
    # Eleven syllables shared, a word of three missing: once 0.95 (3 syllables against 11).
    q, c = _names("조선민주주의인민공화국", "조선민주주의인민공화국 외무성")
    assert same_script(q, c, person=True).score < 0.85
    assert same_script(q, c, person=False).score < 0.75  # an organisation's extra word
    # A syllable missing inside a word is a syllable, as before.
    q, c = _names("조선중앙통신사", "조선중앙통신")
    assert same_script(q, c, person=False).score > 0.9
    # Spaces alone change nothing.
    q, c = _names("김정은", "김 정은")
    assert same_script(q, c).score == 1.0


def test_one_changed_syllable_is_still_another_name() -> None:
    assert _score("김종은", "김정은", "Person") < DEFAULT_THRESHOLD
    assert _score("习近朋", "习近平", "Person") < DEFAULT_THRESHOLD
    assert _score("習近平", "习近平", "Person") == 1.0


def test_countries_in_han_and_hangul_organisation_names() -> None:
    assert _name("조선중앙통신", places=True).places == ((0, 2, frozenset({"KP"})),)
    assert _name("조선중앙통신").places == ()  # only when asked (organisations)
    # A mention starts a word: 조선 inside "대우조선해양" is shipbuilding, not Korea.
    assert _name("대우조선해양", places=True).places == ()
    # ... and takes its state form: "러시아 연방" (Russian Federation).
    assert _name("러시아 연방 국방부", places=True).places == ((0, 5, frozenset({"RU"})),)
    # A shared country alone is no evidence when either name says more.
    assert _score("中国", "中国银行", "Organization") < DEFAULT_THRESHOLD  # China / Bank of China
    assert _score("中国银行", "中国银行", "Organization") == 1.0
    # A country the query names and the listed name lacks: another country's body.
    assert _score("러시아 국방부", "국방부", "PublicBody") < DEFAULT_THRESHOLD
    # Persons' names have no country mentions ("한국진" is a name).
    assert _score("한국진", "한국진", "Person") == 1.0


def test_two_words_of_one_stem() -> None:
    assert derived_pair("national", "nations")
    assert derived_pair("constructors", "construction")
    assert derived_pair("islamic", "islamist")
    assert derived_pair("arab", "arabic")
    # One word: a plural, "-ic" / "-ical", spellings, transliterations, one-letter slips.
    for a, b in (("nation", "nations"), ("technology", "technologies"), ("electric", "electrical"),
                 ("organisation", "organization"), ("defence", "defense"), ("centre", "center"),
                 ("korea", "korean"), ("darya", "daryay"), ("industry", "industrial"),
                 ("industries", "industrial"), ("nacional", "national"),
                 ("eurasion", "eurasian"), ("assistent", "assistant"),
                 ("socialist", "socialism")):
        assert not derived_pair(a, b), (a, b)


def test_two_words_of_one_stem_carry_only_when_nothing_else_differs() -> None:
    # Nothing else differs: a list's variant ("Benevolence" / "Benevolent" International Fund).
    assert _score("Benevolence International Fund", "Benevolent International Fund",
                  "Organization") >= DEFAULT_THRESHOLD
    # The names differ otherwise: the near word is no typo.
    assert _score("National Security Council", "United Nations Security Council",
                  "PublicBody") < DEFAULT_THRESHOLD
    # Persons' names are left alone: there the near parts still align.
    person = compare("Laurent Dubois", "Laurence Pierre Dubois", query_schema="Person",
                     candidate_schema="Person")
    assert ("laurent", "laurence") in person.aligned
    company = compare("Laurent Dubois", "Laurence Pierre Dubois", query_schema="Company",
                      candidate_schema="Company")
    assert ("laurent", "laurence") not in company.aligned
