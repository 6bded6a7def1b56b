"""Unit tests of the name matcher: normalisation, phonetic keys, comparison, index."""

from __future__ import annotations

import pytest

from osint_desk.core.sanctions.matching import (
    DEFAULT_THRESHOLD,
    NameIndex,
    compare,
    name_keys,
    normalize,
    phonetic,
)


def test_cyrillic_gives_bgn_and_icao_variants() -> None:
    variants = {n.tokens: n.transliteration for n in normalize("Евгений Пригожин", "Person")}
    assert ("yevgeniy", "prigozhin") in variants
    assert ("evgenii", "prigozhin") in variants


def test_other_scripts_and_diacritics() -> None:
    assert normalize("Władimir Pútín")[0].tokens == ("wladimir", "putin")
    assert normalize("김정은")[0].tokens
    assert normalize("فلاديمير بوتين")[0].tokens == ("fldymyr", "bwtyn")
    assert normalize("习近平")[0].tokens == ("xijinping",)


def test_legal_forms_become_markers() -> None:
    for name in ("Acme LLC", "OOO Acme", "Acme Limited Liability Company", "ACME, Ltd.",
                 "Общество с ограниченной ответственностью Акме"):
        norm = normalize(name, "Company")[0]
        assert norm.tokens in {("acme",), ("akme",)}, name
        assert norm.forms, name
    assert normalize("Acme Corp.", "Company")[0].forms == {"corp"}
    # In person names only unambiguous forms are stripped.
    assert normalize("Kim Sa Ao", "Person")[0].tokens == ("kim", "sa", "ao")


@pytest.mark.parametrize("variant", ["Yevgeniy", "Evgeny", "Jewgeni", "Evgueni", "Yevgeny",
                                     "Evgenii"])
def test_phonetic_merges_spelling_variants(variant: str) -> None:
    assert phonetic(variant.lower()) == phonetic("evgeniy")


@pytest.mark.parametrize(("query", "listed"), [
    ("Vladimir Putin", "PUTIN, Vladimir Vladimirovich"),
    ("V. Putin", "Vladimir Putin"),
    ("Putin Vladimir", "Vladimir Putin"),
    ("Jewgeni Prigoschin", "PRIGOZHIN, Yevgeniy Viktorovich"),
    ("Евгений Пригожин", "PRIGOZHIN, Yevgeniy Viktorovich"),
    ("François Hollande", "Francois Hollande"),
])
def test_person_matches(query: str, listed: str) -> None:
    result = compare(query, listed, query_schema="Person", candidate_schema="Person")
    assert result.score >= DEFAULT_THRESHOLD, result.explanation


@pytest.mark.parametrize(("query", "listed"), [
    ("Acme LLC", "OOO ACME"),
    ("Acme Limited Liability Company", "ACME LLC"),
    ("Microsoft Corporation", "Microsoft Corp."),
])
def test_legal_form_variants_match(query: str, listed: str) -> None:
    assert compare(query, listed, query_schema="Company").score >= 0.95


@pytest.mark.parametrize(("query", "listed"), [
    ("Rustam Magomedovich Kadyrov", "Rustam Magomedovich Aselderov"),
    ("John Kirby", "John Kerry"),
    ("Concord Catering", "Limited Liability Company Concord Management and Consulting"),
    ("Acme LLC", "Acme Holding Trading Baltic LLC"),
])
def test_non_matches_stay_below_threshold(query: str, listed: str) -> None:
    assert compare(query, listed).score < DEFAULT_THRESHOLD


def test_legal_form_alone_is_not_evidence() -> None:
    assert compare("Alpha LLC", "Omega LLC", query_schema="Company").score < 0.5


def test_schema_clash_lowers_the_score() -> None:
    same = compare("Wagner", "Wagner", query_schema="Person", candidate_schema="Person")
    clash = compare("Wagner", "Wagner", query_schema="Person", candidate_schema="Organization")
    assert clash.score < same.score


def test_explanation_and_alignment() -> None:
    result = compare("Евгений Пригожин", "PRIGOZHIN, Yevgeniy Viktorovich",
                     query_schema="Person")
    assert ("prigozhin", "prigozhin") in result.aligned
    assert result.transliteration == "BGN/PCGN"
    assert "viktorovich" in result.explanation


def test_name_keys_include_pairs_and_variants() -> None:
    keys = name_keys("Евгений Пригожин", "Person")
    assert f"p:{phonetic('prigozhin')}" in keys
    assert any(k.startswith("q:") for k in keys)
    assert name_keys("Yevgeniy Prigozhin") & keys


def test_index_skips_weak_aliases_and_ranks_best_per_entry() -> None:
    index = NameIndex()
    index.add("a", "Vladimir Vladimirovich Putin", schema="Person")
    index.add("a", "Vova", schema="Person", strength="weak")
    index.add("b", "Vladimir Kozlov", schema="Person")
    index.build()
    assert index.query("Vova", threshold=0.0) == []
    hits = index.query("Putin Vladimir", schema="Person")
    assert [h.entry_key for h in hits] == ["a"]
    assert hits[0].matched_name == "Vladimir Vladimirovich Putin"
    assert "putin" in hits[0].explanation


def test_index_birth_year_and_country_adjust() -> None:
    index = NameIndex()
    index.add("a", "Ivan Petrov", schema="Person", birth_years=[1961], countries=["RU"])
    index.build()
    base = index.query("Ivan Petrov")[0].score
    assert index.query("Ivan Petrov", birth_year=1990, threshold=0.0)[0].score < base
    assert index.query("Ivan Petrov", birth_year=1961, country="ru")[0].score >= base


def test_index_acronym_only_when_listed_as_alias() -> None:
    index = NameIndex()
    index.add("ira", "Internet Research Agency LLC", schema="Organization")
    index.build()
    assert index.query("IRA", schema="Organization") == []
    index.add("ira", "IRA", schema="Organization")
    assert index.query("IRA", schema="Organization")[0].entry_key == "ira"
