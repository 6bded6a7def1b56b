"""Offsets between Qt and Python, grapheme rules, partial dates, vocabularies."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from osint_desk.core.dates import PartialDate, Precision
from osint_desk.core.errors import ValidationError
from osint_desk.core.ids import is_public_id, new_id
from osint_desk.core.model import ftm_mapping, likelihood_words, normalize_entity_type
from osint_desk.core.text import (
    fold,
    index_to_utf16,
    normalize_newlines,
    qt_selection_to_range,
    qt_text_to_python,
    snap_to_graphemes,
    utf16_to_index,
)

TEXT = "a😀b🇺🇦c\n朝鲜d"


def test_utf16_positions_map_to_code_points() -> None:
    # a=0 😀=1..3 b=3 🇺🇦=4..8 c=8 \n=9 朝=10 鲜=11 d=12 (UTF-16 units)
    assert utf16_to_index(TEXT, 0) == 0
    assert utf16_to_index(TEXT, 3) == 2  # after the emoji (two units)
    assert utf16_to_index(TEXT, 8) == 5  # after the flag (four units, two code points)
    assert utf16_to_index(TEXT, 13) == len(TEXT)
    with pytest.raises(ValueError, match="past the end"):
        utf16_to_index(TEXT, 14)


@given(st.text(max_size=40))
def test_utf16_round_trip(text: str) -> None:
    for index in range(len(text) + 1):
        assert utf16_to_index(text, index_to_utf16(text, index)) == index


def test_qt_selection_backwards_and_paragraph_separators() -> None:
    assert qt_selection_to_range(TEXT, 8, 1) == (1, 5)
    assert qt_text_to_python("one\u2029two\u2028three") == "one\ntwo\nthree"


def test_snap_widens_to_whole_characters() -> None:
    text = "x👨‍👩‍👧y"
    assert snap_to_graphemes(text, 2, 4) == (1, 6)


def test_newlines_and_fold() -> None:
    assert normalize_newlines("a\r\nb\rc\u2028d\u0085e") == "a\nb\nc\nd\ne"
    assert fold("Jürgen MÜLLER Ñandú") == "jurgen muller nandu"


@pytest.mark.parametrize(
    ("text", "value", "precision", "utc"),
    [
        ("2018", "2018", Precision.YEAR, None),
        ("2022-11", "2022-11", Precision.MONTH, None),
        ("2022-12-22", "2022-12-22", Precision.DAY, None),
        ("2022-12-22T18:30+09:00", "2022-12-22T18:30+09:00", Precision.MINUTE,
         "2022-12-22T09:30Z"),
        ("2022-12-22T18:30:05+0530", "2022-12-22T18:30:05+05:30", Precision.SECOND,
         "2022-12-22T13:00:05Z"),
        ("2022-12-22T01:00:00Z", "2022-12-22T01:00:00Z", Precision.SECOND,
         "2022-12-22T01:00:00Z"),
        ("2022-12-22 18:30", "2022-12-22T18:30", Precision.MINUTE, None),
    ],
)
def test_partial_dates(text: str, value: str, precision: Precision, utc: str | None) -> None:
    date = PartialDate.parse(text)
    assert (date.value, date.precision, date.utc()) == (value, precision, utc)


@pytest.mark.parametrize("text", ["22/12/2022", "2022-13", "2022-02-30", "2022-12-22T25:00",
                                  "yesterday", "2022-12-22T10:00+25:00"])
def test_bad_dates_are_refused(text: str) -> None:
    with pytest.raises(ValidationError):
        PartialDate.parse(text)


def test_ids_are_uuid7_and_ordered() -> None:
    ids = [new_id() for _ in range(100)]
    assert all(is_public_id(i) and i[14] == "7" for i in ids)
    assert len(set(ids)) == 100
    assert ids[0][:8] <= ids[-1][:8]


def test_vocabularies() -> None:
    assert normalize_entity_type("state") == "PublicBody"
    assert likelihood_words(75) == "likely"
    assert likelihood_words(3) == "almost no chance"
    assert ftm_mapping("owns", "Person", "Company").schema == "Ownership"
    # Ownership's asset end does not accept a Person: never a schema whose ends do not fit.
    assert ftm_mapping("owns", "Person", "Person").schema == "UnknownLink"
    assert ftm_mapping("supplied", "PublicBody", "Organization").schema == "UnknownLink"
    assert ftm_mapping("represents", "Person", "PublicBody").schema == "Representation"
