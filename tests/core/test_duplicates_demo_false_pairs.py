"""The demo case's "Possible duplicates": the two false pairs it listed are gone, and true
duplicates of the same shapes are still proposed."""

from __future__ import annotations

import time

import pytest

from osint_desk.core.sanctions.matching import DEFAULT_THRESHOLD, NameIndex, compare
from osint_desk.core.store import CaseStore
from osint_desk.core.store.duplicates import possible_duplicates

DPRK = "조선민주주의인민공화국"
DPRK_MFA = "조선민주주의인민공화국 외무성"  # its Ministry of Foreign Affairs
NSC = "National Security Council"
UNSC = "United Nations Security Council"


def _score(a: str, b: str, schema: str | None) -> float:
    return compare(a, b, query_schema=schema, candidate_schema=schema).score


def _pairs(store: CaseStore) -> dict[frozenset[str], float]:
    return {frozenset((p.a_name, p.b_name)): p.score for p in possible_duplicates(store)}


def test_the_demo_case_lists_no_false_pair(demo: CaseStore) -> None:
    assert possible_duplicates(demo) == []


def test_north_korea_is_not_its_ministry_of_foreign_affairs() -> None:
    for schema in ("PublicBody", "Organization", "Company"):
        assert _score(DPRK, DPRK_MFA, schema) < DEFAULT_THRESHOLD
        assert _score(DPRK_MFA, DPRK, schema) < DEFAULT_THRESHOLD
    # Chinese, written without spaces: the PRC and its Ministry of Foreign Affairs.
    assert _score("中华人民共和国", "中华人民共和国外交部", "PublicBody") < DEFAULT_THRESHOLD
    explanation = compare(DPRK, DPRK_MFA, query_schema="PublicBody",
                          candidate_schema="PublicBody").explanation
    assert "only in listed name: oe mu seong" in explanation


def test_north_korea_is_no_hit_for_its_ministry_in_screening() -> None:
    index = NameIndex()
    index.add("mfa", DPRK_MFA, schema="PublicBody")
    index.add("kcna", "조선중앙통신", schema="Organization")
    index.build()
    for schema in ("PublicBody", None):
        assert index.query(DPRK, schema=schema, threshold=DEFAULT_THRESHOLD) == []
    assert [c.entry_key for c in index.query(DPRK_MFA, schema="PublicBody",
                                             threshold=DEFAULT_THRESHOLD)] == ["mfa"]


def test_the_national_security_council_is_not_the_un_security_council() -> None:
    for schema in ("PublicBody", "Organization", None):
        assert _score(NSC, UNSC, schema) < DEFAULT_THRESHOLD
        assert _score(UNSC, NSC, schema) < DEFAULT_THRESHOLD
    explanation = compare(NSC, UNSC, query_schema="PublicBody",
                          candidate_schema="PublicBody").explanation
    assert "national~nations" not in explanation
    # Another pair of the same kind: two words of one stem, and the names differ otherwise.
    assert _score("National Oil Council", "United Nations Oil Council", "Organization") < (
        DEFAULT_THRESHOLD)


def test_true_matches_of_the_same_shapes_still_match() -> None:
    # A Hangul name with one syllable changed (국 -> 군): as before, still a match.
    assert _score(DPRK, "조선민주주의인민공화군", "PublicBody") >= DEFAULT_THRESHOLD
    # The same Hangul name written with other spaces, or with a syllable more in a word.
    assert _score(DPRK, "조선 민주주의 인민 공화국", "PublicBody") == 1.0
    assert _score("조선중앙통신사", "조선중앙통신", "Organization") >= 0.9
    # An organisation's name with a typo, and the singular for the plural.
    assert _score(UNSC, "Unted Nations Security Council", "PublicBody") >= 0.9
    assert _score(UNSC, "United Nation Security Council", "PublicBody") >= 0.9
    assert _score(NSC, "Natoinal Security Council", "PublicBody") >= 0.9
    # A country named by one side only is a query saying less, not another body.
    assert _score("Bank Saderat", "BANK SADERAT IRAN", "Company") >= DEFAULT_THRESHOLD
    assert _score("Bank Saderat", "BANK SADERAT IRAN", None) >= DEFAULT_THRESHOLD
    # Two words of one stem where nothing else differs: lists write one for the other.
    assert _score("Islamic Revolution Guard Corps", "Islamic Revolutionary Guard Corps",
                  "Organization") >= DEFAULT_THRESHOLD
    assert _score("Sanam Industrial Group", "Sanam Industries Group", "Organization") >= (
        DEFAULT_THRESHOLD)


def test_true_duplicate_cards_are_still_proposed(demo: CaseStore) -> None:
    demo.entities.add("organization", "PMC Wagner")
    demo.entities.add("publicbody", "Unted Nations Security Council")
    demo.entities.add("publicbody", "조선민주주의인민공화군")
    demo.entities.add("company", "Bank Saderat")
    demo.entities.add("company", "BANK SADERAT IRAN")
    found = _pairs(demo)
    assert set(found) == {
        frozenset(("Wagner Group", "PMC Wagner")),
        frozenset(("United Nations Security Council", "Unted Nations Security Council")),
        frozenset(("North Korea", "조선민주주의인민공화군")),
        frozenset(("Bank Saderat", "BANK SADERAT IRAN")),
    }
    assert all(score >= DEFAULT_THRESHOLD for score in found.values())


@pytest.mark.parametrize("first", ["Bank Saderat", "BANK SADERAT IRAN"])
def test_a_card_saying_less_is_proposed_whichever_card_came_first(store: CaseStore,
                                                                   first: str) -> None:
    """Each pair is compared once; the name that says less is the query, so the order the
    cards were made in (their ids sort by time) does not decide."""
    second = "BANK SADERAT IRAN" if first == "Bank Saderat" else "Bank Saderat"
    a = store.entities.add("company", first).id
    time.sleep(0.005)  # ids sort by the millisecond they were made in
    b = store.entities.add("company", second).id
    assert a < b
    found = possible_duplicates(store)
    assert [frozenset((p.a_id, p.b_id)) for p in found] == [frozenset((a, b))]
    assert found[0].score >= DEFAULT_THRESHOLD
    assert found[0].reasons[0].startswith("'Bank Saderat' ~ 'BANK SADERAT IRAN'")
