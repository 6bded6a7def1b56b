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
from osint_desk.core.sanctions.matching.normalize import wade_giles
from osint_desk.core.sanctions.matching.parts import part_similarity


def test_cyrillic_gives_bgn_and_icao_variants() -> None:
    variants = {n.tokens: n.transliteration for n in normalize("Евгений Пригожин", "Person")}
    assert ("yevgeniy", "prigozhin") in variants
    assert ("evgenii", "prigozhin") in variants


def test_other_scripts_and_diacritics() -> None:
    assert normalize("Władimir Pútín")[0].tokens == ("wladimir", "putin")
    assert normalize("김정은")[0].tokens
    assert normalize("فلاديمير بوتين")[0].tokens == ("fladimir", "butin")
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


def test_index_keeps_weak_aliases_to_exact_queries_and_ranks_best_per_entry() -> None:
    index = NameIndex()
    index.add("a", "Vladimir Vladimirovich Putin", schema="Person")
    index.add("a", "Vova", schema="Person", strength="weak")
    index.add("b", "Vladimir Kozlov", schema="Person")
    index.build()
    assert index.query("Vovan", threshold=0.0) == []  # never by resemblance
    (weak,) = index.query("Vova", threshold=0.0)
    assert weak.entry_key == "a" and weak.score == 0.8 and "weak alias" in weak.explanation
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


def _score(query: str, listed: str, query_schema: str | None = "Person",
           listed_schema: str | None = None) -> float:
    return compare(query, listed, query_schema=query_schema,
                   candidate_schema=listed_schema or query_schema).score


def test_initial_does_not_stand_for_a_surname_when_another_surname_is_kept() -> None:
    # SDN 20139: "putin" aligned only to the initial "P." while "kononov" stays unaligned.
    result = compare("Vladimir Putin", "KONONOV, Vladimir P.", query_schema="Person",
                     candidate_schema="Person")
    assert result.score < DEFAULT_THRESHOLD, result.explanation
    assert _score("Vladimir P. Kononov", "Vladimir Putin") < DEFAULT_THRESHOLD
    # An initial with nothing else left over is still fine.
    assert _score("V. Putin", "Vladimir Vladimirovich Putin") >= DEFAULT_THRESHOLD
    assert _score("Putin V. V.", "Vladimir Vladimirovich Putin") >= DEFAULT_THRESHOLD


def test_country_mentions_are_found_with_their_codes() -> None:
    def mentions(name: str) -> list[tuple[str, set[str]]]:
        norm = normalize(name, "Organization")[0]
        return [(" ".join(norm.tokens[s:e]), set(codes)) for s, e, codes in norm.places]

    assert mentions("Central Bank of the Russian Federation") == [
        ("russian federation", {"RU"})]
    assert mentions("Democratic People's Republic of Korea") == [
        ("democratic peoples republic of korea", {"KP"})]
    assert mentions("North Korean Zinc Industry Group") == [("north korean", {"KP"})]
    assert mentions("Korea Mining Corp") == [("korea", {"KP", "KR"})]
    assert mentions("Министерство обороны Российской Федерации") == [
        ("rossiyskoy federatsii", {"RU"})]
    assert mentions("North Group Holding") == []
    assert not normalize("Jordan Chad", "Person")[0].places  # not in person names


@pytest.mark.parametrize(("query", "listed"), [
    # A country (or a state's name) alone does not match the bodies named after it.
    ("Russian Federation", "CENTRAL BANK OF THE RUSSIAN FEDERATION"),
    ("Russian Federation", "AKTSIONERNY BANK RUSSIAN FEDERATION"),
    ("Democratic People's Republic of Korea",
     "CENTRAL BANK OF THE DEMOCRATIC PEOPLE'S REPUBLIC OF KOREA"),
    ("North Korea", "NORTH KOREAN ZINC INDUSTRY GROUP"),
    ("North Korea", "NORTH GROUP HOLDING CORP."),
    ("United States", "UNITED COMPANY OJSC"),
    ("United States", "UNITED WA STATE ARMY"),
    ("United Kingdom", "UNITED COMPANY OJSC"),
    # The query names a country the listed name lacks: another country's ministry.
    ("Russian Ministry of Defence", "MINISTRY OF DEFENCE"),
    ("Ministry of Defence of the Russian Federation", "MINISTRY OF DEFENCE"),
    ("Industrial Bank of Chad", "Industrial Bank of China"),
])
def test_countries_in_organisation_names_do_not_make_matches(query: str, listed: str) -> None:
    result = compare(query, listed, query_schema="PublicBody", candidate_schema="LegalEntity")
    assert result.score < DEFAULT_THRESHOLD, result.explanation


@pytest.mark.parametrize(("query", "listed"), [
    ("Russian Ministry of Defence", "Ministry of Defence of the Russian Federation"),
    ("Министерство обороны Российской Федерации", "Ministerstvo Oborony Rossii"),
    ("Russia", "Russian Federation"),
    ("North Korea", "Democratic People's Republic of Korea"),
    ("DPRK Foreign Ministry", "Foreign Ministry of North Korea"),
    # A query that leaves the country out says less, not something else.
    ("Bank Saderat", "BANK SADERAT IRAN"),
    ("Korea Kwangson Banking", "KOREA KWANGSON BANKING CORP."),
])
def test_countries_in_organisation_names_still_match_themselves(query: str, listed: str) -> None:
    result = compare(query, listed, query_schema="Organization", candidate_schema="Organization")
    assert result.score >= DEFAULT_THRESHOLD, result.explanation


def test_an_address_is_not_a_listed_party() -> None:
    listed = "GAZPROM TRANSGAZ SAINT PETERSBURG"
    result = compare("Saint Petersburg", listed, query_schema="Address",
                     candidate_schema="LegalEntity")
    assert result.score < DEFAULT_THRESHOLD and "schema Address vs LegalEntity" in (
        result.explanation)


def test_dotted_and_glued_legal_forms() -> None:
    def norm(name: str) -> tuple[tuple[str, ...], frozenset[str]]:
        first = normalize(name, "Company")[0]
        return first.tokens, first.forms

    assert norm("Bowne Global Solutions, S.A.R.L.") == (("bowne", "global", "solutions"),
                                                       {"llc"})
    assert norm("Volkswagen Bank G.m.b.H.") == (("volkswagen", "bank"), {"llc"})
    assert norm("SiemensAG") == (("siemens",), {"jsc"})
    assert norm("Partners V L.P.") == (("partners", "v"), {"lp"})
    assert norm("A.B.C. Company") == (("abc",), {"co"})  # an acronym is not "AB" + C
    assert _score("Siemens AG", "SiemensAG", "Company") >= 0.95


def test_number_words_are_digits_in_organisation_names() -> None:
    assert normalize("Brigade Forty-Four", "Organization")[0].tokens == ("brigade", "44")
    assert _score("Brigade Forty-Four", "Brigade 44", "Organization") >= 0.95
    assert _score("2nd Infantry Battalion", "Second Infantry Battalion", "Organization") >= 0.95
    assert _score("Brigade 44", "Brigade 45", "Organization") < DEFAULT_THRESHOLD


@pytest.mark.parametrize(("query", "listed"), [
    ("Bill Gates", "William Gates"),
    ("Bob Menendez", "Robert Menendez"),
    ("Sasha Petrov", "Aleksandr Petrov"),
])
def test_given_name_forms_match(query: str, listed: str) -> None:
    assert _score(query, listed) >= DEFAULT_THRESHOLD


def test_mohamed_is_not_ahmed() -> None:
    assert part_similarity("mohamed", "ahmed") < 0.7
    assert part_similarity("fldymyr", "vladimir") >= 0.8  # Arabic-script Vladimir still is
    assert part_similarity("afiz", "faiz") >= 0.7  # a transposition is one typo


def test_wade_giles_reads_as_pinyin() -> None:
    assert wade_giles("Mao Tse-tung") == "mao zedong"
    assert wade_giles("Chou En-lai") == "zhou enlai"
    assert wade_giles("Kim Jong-un") is None  # not Wade-Giles
    assert wade_giles("Han Jang Su") is None  # valid syllables, nothing distinctly Wade-Giles
    result = compare("Teng Hsiao-ping", "Deng Xiaoping", query_schema="Person")
    assert result.score >= DEFAULT_THRESHOLD and result.transliteration == "Wade-Giles"


def test_acronyms_stand_for_runs_of_words() -> None:
    result = compare("IRGC", "Islamic Revolutionary Guard Corps", query_schema="Organization")
    assert result.score >= DEFAULT_THRESHOLD
    assert result.aligned == (("irgc", "islamic revolutionary guard corps"),)
    assert _score("U.S. Department of State", "United States Department of State",
                  "Organization") >= DEFAULT_THRESHOLD
    assert _score("Acme IRA", "Acme Internet Research", "Organization") < DEFAULT_THRESHOLD


def test_bin_chains_keep_generations_apart() -> None:
    assert _score("Khalid bin Saeed al-Harbi", "Saeed bin Khalid al-Harbi") < DEFAULT_THRESHOLD
    assert _score("Khalid bin Saeed al-Harbi", "Khalid bin Saeed bin Ali al-Harbi") >= (
        DEFAULT_THRESHOLD)
    assert _score("bin Ladin, Usama", "Usama bin Muhammad bin Awad bin Ladin") >= (
        DEFAULT_THRESHOLD)


def test_han_and_hangul_names_compare_syllable_by_syllable() -> None:
    assert _score("김종은", "김정은") < DEFAULT_THRESHOLD
    assert _score("习近朋", "习近平") < DEFAULT_THRESHOLD
    assert _score("習近平", "习近平") == 1.0  # traditional and simplified: the same syllables


def test_letters_romanisations_swap_cost_half_an_edit() -> None:
    """i / j / y and c / k: "Sergej" (German), "Sergei", "Sergey" are one name."""
    assert part_similarity("serej", "sergey") >= 0.7  # a typo of "Sergej"
    assert part_similarity("jurij", "yuriy") >= 0.7
    assert part_similarity("kasim", "casim") >= 0.9
    assert part_similarity("serej", "sorel") < 0.7
    assert compare("Serej Lavrov", "Сергей Викторович Лавров", query_schema="Person",
                   candidate_schema="Person").score >= DEFAULT_THRESHOLD


def test_a_lone_inexact_part_is_not_the_person() -> None:
    person = {"query_schema": "Person", "candidate_schema": "Person"}
    assert compare("Jonathan", "Johnathon Smith", **person).score < DEFAULT_THRESHOLD
    assert compare("Smith", "John Smith", **person).score >= DEFAULT_THRESHOLD  # exact: kept
    assert compare("Jon Smith", "John Smith", **person).score >= DEFAULT_THRESHOLD


def test_a_shared_name_affix_is_no_evidence() -> None:
    assert part_similarity("gudrunsdottir", "sigrunsdottir") < 0.7
    assert part_similarity("karimullah", "rahimullah") < 0.7
    assert part_similarity("nuruddin", "nasiruddin") < 0.7
    assert part_similarity("abdulkarim", "abdulkadir") < 0.7
    assert part_similarity("petrovich", "petrovic") >= 0.85  # the same stem: unchanged
    assert part_similarity("shamsuddin", "shamsudin") >= 0.85
    assert part_similarity("abdulrahman", "abdurrahman") >= 0.85
    assert part_similarity("nazirullah", "naseerullah") >= 0.7  # stems spelt two ways


def test_a_short_form_of_a_long_name_costs_more_per_missing_part() -> None:
    person = {"query_schema": "Person", "candidate_schema": "Person"}
    long_name = "Ahmad Khalid Yusuf Hamid Salim Al-Harbi"
    assert compare("Ahmad Al-Harbi", long_name, **person).score < DEFAULT_THRESHOLD
    assert compare("Ahmad Khalid Al-Harbi", "Ahmad Khalid Yusuf Al-Harbi",
                   **person).score >= DEFAULT_THRESHOLD  # one part left out costs little
    assert compare("Vladimir Putin", "Vladimir Vladimirovich Putin", **person).score >= 0.85


def test_region_words_qualify_a_company() -> None:
    company = {"query_schema": "Company", "candidate_schema": "Company"}
    assert compare("Novatek", "NOVATEK EUROPE GmbH", **company).score >= DEFAULT_THRESHOLD
    assert compare("Novatek Asia", "Novatek Europe", **company).score < 1.0


def test_a_state_is_not_a_company_named_after_it() -> None:
    """The demo's "Russia" card against SDN 16681 "AB ROSSIYA, OAO" (a bank): a clash."""
    from osint_desk.core.sanctions.matching.index import compare_listed

    clash = compare_listed("Russia", "PublicBody", "AB ROSSIYA, OAO", "Organization")
    assert clash.score < DEFAULT_THRESHOLD and "type clash" in clash.explanation
    assert clash.explanation.startswith(f"score {clash.score:.2f}")
    same = compare_listed("Central Bank of Iran", "PublicBody", "CENTRAL BANK OF IRAN",
                          "Organization")
    assert same.score >= DEFAULT_THRESHOLD  # no legal form: no clash
