"""Suggestions from a source's text: the seed article in a new case, patterns, overlaps."""

from __future__ import annotations

from pathlib import Path

import pytest
from shared_data import MISSING_REASON, SHARED

from osint_desk.core.extract.patterns import iban_valid, imo_valid
from osint_desk.core.extract.suggest import Suggester, suggest, suggest_case
from osint_desk.core.importer import import_files
from osint_desk.core.store import CaseStore

SEED = SHARED / "corpus" / "articles" / "kirby-dprk-wagner.txt"
EXPECTED = ("Yevgeny Prigozhin", "Wagner", "North Korea", "KCNA", "John Kirby",
            "James Cleverly", "Vladimir", "Putin", "Concord Catering Group",
            "Internet Research Agency", "Bakhmut", "St. Petersburg", "Ukraine", "$100 million")


def _texts(store: CaseStore, source_id: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for item in suggest(store, source_id):
        found.setdefault(item.text, set()).add(item.kind)
    return found


@pytest.mark.skipif(not SEED.exists(), reason=MISSING_REASON)
def test_seed_article_in_a_new_case_suggests_the_names_an_analyst_wants(
        store: CaseStore, tmp_path: Path) -> None:
    copy = tmp_path / "kirby.txt"
    copy.write_bytes(SEED.read_bytes())
    (outcome,) = list(import_files(store, [copy], published="2023-01-20"))
    source_id = outcome.source_id
    assert source_id is not None
    found = _texts(store, source_id)
    missing = [name for name in EXPECTED if name not in found]
    assert not missing, missing
    assert "Wagner Group" in found
    assert found["John Kirby"] == {"person"}
    assert found["Yevgeny Prigozhin"] == {"person"}
    assert found["James Cleverly"] == {"person"}
    assert found["North Korea"] == {"place"}
    assert found["Bakhmut"] == {"place"}
    assert found["$100 million"] == {"money"}
    assert found["Concord Catering Group"] == {"company"}
    # "Concord" alone is a town in the gazetteer, but here it is part of a company's name.
    assert "Concord" not in found
    items = suggest(store, source_id)
    text = store.sources.get(source_id).text
    assert all(text[s.start:s.end] == s.text for s in items)
    last_month = next(s for s in items if s.text == "last month")
    assert last_month.value == "2022-12"
    thursday = next(s for s in items if s.text == "Thursday")
    assert thursday.kind == "date" and thursday.value == "2023-01-19"
    assert not any(s.text in ("However", "According", "The", "Close") for s in items)


def test_cards_and_aliases_win_over_guesses(store: CaseStore) -> None:
    card = store.entities.add("Organization", "Wagner Group", aliases=["ЧВК Вагнер"])
    source = store.sources.add(text="The Wagner Group and ЧВК Вагнер are one.", title="t")
    items = {s.text: s for s in suggest(store, source.id)}
    assert items["Wagner Group"].entity_id == card.id
    assert items["Wagner Group"].reason == "name of card Wagner Group"
    assert items["ЧВК Вагнер"].reason == "alias of card Wagner Group"
    assert items["ЧВК Вагнер"].card_type == "Organization"


def test_patterns_are_checked_not_just_shaped(store: CaseStore) -> None:
    text = ("Pay GB82 WEST 1234 5698 7654 32 not GB82 WEST 1234 5698 7654 33. "
            "Mail ivan.petrov@example.ru or call +7 495 123-45-67; the number 1234567 is bare. "
            "Wallet 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2 and 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3, "
            "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq, "
            "0x52908400098527886E0F7030069857D2E4169EE7. Vessel IMO 9074729 (not IMO 9074728), "
            "MMSI 273354000. The aircraft RA-96017 landed; see https://example.org/a?b=1.")
    source = store.sources.add(text=text, title="t")
    found = {(s.kind, s.text) for s in suggest(store, source.id)}
    assert ("iban", "GB82 WEST 1234 5698 7654 32") in found
    assert ("iban", "GB82 WEST 1234 5698 7654 33") not in found
    assert ("email", "ivan.petrov@example.ru") in found
    assert ("phone", "+7 495 123-45-67") in found
    assert not any(kind == "phone" and t == "1234567" for kind, t in found)
    assert ("crypto_wallet", "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2") in found
    assert ("crypto_wallet", "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3") not in found
    assert ("crypto_wallet", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq") in found
    assert ("crypto_wallet", "0x52908400098527886E0F7030069857D2E4169EE7") in found
    assert ("imo", "9074729") in found and ("imo", "9074728") not in found
    assert ("mmsi", "273354000") in found
    assert ("aircraft_registration", "RA-96017") in found
    assert ("url", "https://example.org/a?b=1") in found
    assert iban_valid("DE89370400440532013000") and not iban_valid("DE89370400440532013001")
    assert imo_valid("9074729")


def test_money_in_several_languages_and_relative_dates(store: CaseStore) -> None:
    text = ("Sie zahlten €5m und 3 Mio. Euro. Он получил 100 млн рублей. "
            "They paid £2.5 billion yesterday and USD 400 last week, on 12 March 2023.")
    source = store.sources.add(text=text, title="t", published="2023-03-15")
    items = suggest(store, source.id)
    money = {s.text for s in items if s.kind == "money"}
    assert {"€5m", "100 млн рублей", "£2.5 billion", "USD 400"} <= money
    dates = {s.text: s.value for s in items if s.kind == "date"}
    assert dates["yesterday"] == "2023-03-14"
    assert dates["last week"] == "2023-W10"
    assert dates["12 March 2023"] == "2023-03-12"


def test_cyrillic_names_and_titles(store: CaseStore) -> None:
    text = ("Об этом заявил президент Владимир Путин. Министерство обороны России "
            "ответило. Пресс-секретарь Дмитрий Песков сказал, что ООО Конкорд ни при чём.")
    source = store.sources.add(text=text, title="t")
    found = {s.text: s.kind for s in suggest(store, source.id)}
    assert found.get("Владимир Путин") == "person"
    assert found.get("Дмитрий Песков") == "person"
    assert found.get("ООО Конкорд") == "company"


def test_a_lone_capitalised_common_word_is_not_a_name(store: CaseStore) -> None:
    text = "However, the plan failed. Reading the report, Mobile units moved. Then nothing."
    source = store.sources.add(text=text, title="t")
    texts = {s.text for s in suggest(store, source.id)}
    assert not texts & {"However", "Reading", "Then"}


def test_a_month_or_a_weekday_is_a_date_not_a_name(store: CaseStore) -> None:
    text = ("Utkin had not been seen since June, when Yevgeny Prigozhin led the mutiny."
            " On Thursday Theresa May spoke in Minsk.")
    source = store.sources.add(text=text, title="t")
    names = {s.text: s.kind for s in suggest(store, source.id)
             if s.kind in ("person", "organization")}
    assert "June" not in names and "Thursday" not in names
    assert "Thursday Theresa May" not in names and "Theresa May" in names
    assert "Yevgeny Prigozhin" in names


def test_whole_case_reports_progress_and_cancels(store: CaseStore) -> None:
    for number in range(5):
        store.sources.add(text=f"Report {number}: John Kirby said so in Kyiv.", title=f"t{number}")
    seen: list[tuple[int, int]] = []
    found = suggest_case(store, progress=lambda done, total: seen.append((done, total)))
    assert len(found) == 5 and seen[-1] == (5, 5)

    class Stop(Exception):
        pass

    calls = []

    def check() -> None:
        calls.append(1)
        if len(calls) > 3:
            raise Stop

    with pytest.raises(Stop):
        suggest_case(store, check=check)


def test_huge_text_is_bounded(store: CaseStore) -> None:
    suggester = Suggester(store, use_places=False)
    text = "Ivan Petrov said. " * 200_000  # 3.6 million characters
    items = suggester.suggest_text("x", text)
    assert items and max(s.end for s in items) <= 2_000_000


def test_a_surname_alone_links_to_the_one_person_card_with_it(store: CaseStore) -> None:
    utkin = store.entities.add("Person", "Dmitry Utkin")
    store.entities.add("Organization", "Utkin Holdings Group")  # not a person: no effect
    text = "Dmitry Utkin was seen in Minsk. Utkin left for Bamako on Friday."
    source = store.sources.add(text=text, title="t")
    alone = [s for s in suggest(store, source.id) if s.text == "Utkin"]
    assert len(alone) == 1 and alone[0].entity_id == utkin.id
    assert alone[0].reason == "surname of card Dmitry Utkin"
    store.entities.add("Person", "Pavel Utkin")  # two people of that name: no guess which
    again = [s for s in suggest(store, source.id) if s.text == "Utkin"]
    assert again and all(s.entity_id is None for s in again)


def test_a_word_that_is_only_another_name_of_a_small_town_is_not_that_town(
        store: CaseStore) -> None:
    text = ("Utkin left for Africa, said Ivanov. Kiev and Lemberg were quiet; Бахмут fell;"
            " Mahdia is in Tunisia.")
    source = store.sources.add(text=text, title="t")
    places = {s.text: s.reason for s in suggest(store, source.id) if s.kind == "place"}
    # Not Mahdia's or Ivanovo's old names: Africa is the continent, Ivanov no place at all.
    assert places["Africa"] == "a continent's name" and "Ivanov" not in places
    assert "Kyiv, UA" in places["Kiev"] and "Lviv, UA" in places["Lemberg"]
    assert "Bakhmut, UA" in places["Бахмут"] and "Mahdia, TN" in places["Mahdia"]


def test_organisation_words_and_continents_in_the_romance_languages(store: CaseStore) -> None:
    """A Spanish page (El País, from the real-world set) named its weather service as a person
    and Antarctica as an organisation. (The run stops at a lower-case word: "Ministère des
    Affaires", not "… étrangères".)"""
    text = ("Que en la Antártida se registren temperaturas de más de 20 grados no se debe al"
            " cambio climático, según informó el Servicio Meteorológico de Argentina. El"
            " Ministère des Affaires étrangères et le Banco Santander ont répondu, comme"
            " l'Agenzia Spaziale Italiana et le Partido Popular.")
    source = store.sources.add(text=text, title="t")
    found = {s.text: s.kind for s in suggest(store, source.id)}
    assert found.get("Antártida") == "place"
    assert found.get("Servicio Meteorológico de Argentina") == "public_body"
    assert found.get("Banco Santander") == "company"
    assert found.get("Agenzia Spaziale Italiana") == "organization"
    assert found.get("Partido Popular") == "organization"
    assert found.get("Ministère des Affaires") == "public_body"
