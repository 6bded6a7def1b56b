"""Phonetic codes one consonant apart lift a part pair only within its typos.

A false hit seen in screening: "European Union" (an organisation) scored 0.755 against the SDN
entry "EURASIAN YOUTH UNION": "european" / "eurasian" are three edits apart in eight letters
(more than a word that long may differ by) and their codes "rbn" / "rsn" one apart, and the two
near-misses together used to lift the pair to 0.8. Both measures saying "near, not the same"
is two words; the lift stays for short parts whose one or two edits weigh much.
"""

from __future__ import annotations

from osint_desk.core.sanctions.matching import DEFAULT_THRESHOLD, NameIndex, compare
from osint_desk.core.sanctions.matching.parts import ACCEPT, part_similarity


def _org(query: str, listed: str) -> float:
    return compare(query, listed, query_schema="Organization",
                   candidate_schema="Organization").score


def test_european_union_is_not_the_eurasian_youth_union() -> None:
    assert part_similarity("european", "eurasian") < ACCEPT
    assert _org("European Union", "EURASIAN YOUTH UNION") < DEFAULT_THRESHOLD
    result = compare("European Union", "EURASIAN YOUTH UNION")  # untyped, as well
    assert result.score < DEFAULT_THRESHOLD
    assert result.aligned == (("union", "union"),)


def test_european_union_is_no_hit_in_screening() -> None:
    index = NameIndex()
    index.add("SDN:17759", "EURASIAN YOUTH UNION", schema="Organization")
    index.add("X:1", "EUROPEAN UNION", schema="Organization")
    index.build()
    hits = index.query("European Union", schema="Organization", threshold=DEFAULT_THRESHOLD)
    assert [h.entry_key for h in hits] == ["X:1"]


def test_a_misspelt_organisation_name_still_hits() -> None:
    """The same shape as the false hit (an inexact word, an exact one, a listed word the query
    leaves out), but a typo: still a hit."""
    assert _org("Eurasion Union", "EURASIAN YOUTH UNION") >= DEFAULT_THRESHOLD
    assert _org("Euroasian Youth Union", "EURASIAN YOUTH UNION") >= DEFAULT_THRESHOLD
    assert _org("Europen Union", "EUROPEAN UNION") >= DEFAULT_THRESHOLD
    index = NameIndex()
    index.add("SDN:17759", "EURASIAN YOUTH UNION", schema="Organization")
    index.build()
    hits = index.query("Eurasion Union", schema="Organization", threshold=DEFAULT_THRESHOLD)
    assert [h.entry_key for h in hits] == ["SDN:17759"]


def test_codes_one_apart_still_lift_short_parts_within_their_typos() -> None:
    assert part_similarity("sechev", "sechin") >= 0.8  # two edits in six letters
    assert part_similarity("cvc", "cvs") >= ACCEPT  # one edit in three
    assert part_similarity("castillo", "castro") < ACCEPT  # three edits in eight: beyond
    assert part_similarity("lukashevich", "lukashenko") < ACCEPT  # four in eleven
