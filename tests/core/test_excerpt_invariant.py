"""The quote of an excerpt is always the source text at its range, in any script."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from osint_desk.core.errors import ValidationError
from osint_desk.core.store import CaseStore
from osint_desk.core.text import is_grapheme_boundary

MIXED = (
    "Report: Wagner (ЧВК «Вагнер») bought arms.\r\n"
    "قالت وزارة الخارجية إن الصفقة لم تحدث.\n"
    "朝鲜向瓦格纳集团交付了武器。\r"
    "Café crème, naïve résumé — e\u0301 and n\u0303 decomposed.\n"
    "Flags 🇺🇸🇰🇵🇷🇺 family 👨‍👩‍👧‍👦 thumbs 👍🏽 end."
)

QUOTES = [
    "ЧВК «Вагнер»",
    "قالت وزارة الخارجية",
    "朝鲜向瓦格纳集团交付了武器",
    "e\u0301 and n\u0303",
    "🇰🇵",
    "👨‍👩‍👧‍👦",
    "👍🏽",
    "bought arms.\nقالت",  # across a line break (CRLF in the file, \n in the text)
    "武器。\nCafé",  # across a bare CR
    "Café crème",
]


@pytest.fixture
def source_id(store: CaseStore) -> str:
    return store.sources.add(text=MIXED, title="Mixed scripts").id


def test_text_is_stored_with_newlines_only(store: CaseStore, source_id: str) -> None:
    text = store.sources.get(source_id).text
    assert "\r" not in text
    assert text.count("\n") == 4


@pytest.mark.parametrize("quote", QUOTES)
def test_exact_quotes_round_trip(store: CaseStore, source_id: str, quote: str) -> None:
    text = store.sources.get(source_id).text
    start = text.index(quote)
    excerpt = store.excerpts.add(source_id, start, start + len(quote), quote=quote)
    again = store.excerpts.get(excerpt.id)
    assert again.quote == quote == text[again.start:again.end]


@pytest.mark.parametrize("quote", QUOTES)
def test_quotes_by_text(store: CaseStore, source_id: str, quote: str) -> None:
    excerpt = store.excerpts.add_by_quote(source_id, quote)
    text = store.sources.get(source_id).text
    assert text[excerpt.start:excerpt.end] == excerpt.quote == quote


def test_mismatching_quote_is_refused(store: CaseStore, source_id: str) -> None:
    text = store.sources.get(source_id).text
    start = text.index("ЧВК")
    with pytest.raises(ValidationError, match="does not match"):
        store.excerpts.add(source_id, start, start + 3, quote="ЧBК")  # Latin B
    assert store.excerpts.count() == 0


@pytest.mark.parametrize(("start", "end"), [(-1, 3), (5, 5), (10, 2), (0, len(MIXED) + 50)])
def test_ranges_outside_the_text_are_refused(store: CaseStore, source_id: str,
                                             start: int, end: int) -> None:
    with pytest.raises(ValidationError, match="outside"):
        store.excerpts.add(source_id, start, end)


@pytest.mark.parametrize(
    ("needle", "cut"),
    [("🇺🇸", 1), ("👨‍👩‍👧‍👦", 2), ("👍🏽", 1), ("e\u0301", 1), ("n\u0303", 1)],
)
def test_ranges_splitting_a_character_are_refused(
    store: CaseStore, source_id: str, needle: str, cut: int
) -> None:
    text = store.sources.get(source_id).text
    at = text.index(needle)
    with pytest.raises(ValidationError, match="splits a character"):
        store.excerpts.add(source_id, at, at + cut)
    with pytest.raises(ValidationError, match="splits a character"):
        store.excerpts.add(source_id, at + cut, at + len(needle) + 2)


def test_the_file_itself_refuses_a_bad_quote(store: CaseStore, source_id: str) -> None:
    """Even SQL that bypasses the API cannot store a quote that is not the text."""
    conn = store._ctx.conn
    rowid = conn.execute("SELECT id FROM sources").fetchone()[0]
    with pytest.raises(sqlite3.IntegrityError, match="quote must equal"):
        conn.execute(
            "INSERT INTO excerpts (public_id, source_id, start_offset, end_offset, quote,"
            " created_at, updated_at) VALUES ('x', ?, 0, 6, 'Wrong!', 'now', 'now')", (rowid,))
    excerpt = store.excerpts.add_by_quote(source_id, "Café crème")
    with pytest.raises(sqlite3.IntegrityError, match="quote must equal"):
        conn.execute("UPDATE excerpts SET end_offset = end_offset + 1 WHERE public_id = ?",
                     (excerpt.id,))


def test_occurrence_picks_the_kth(store: CaseStore) -> None:
    source = store.sources.add(text="Wagner, Wagner and Wagner.", title="Repeats")
    third = store.excerpts.add_by_quote(source.id, "Wagner", occurrence=3)
    assert third.start == 19
    with pytest.raises(ValidationError, match="occurs only 3 times"):
        store.excerpts.add_by_quote(source.id, "Wagner", occurrence=4)
    with pytest.raises(ValidationError, match="not in the source"):
        store.excerpts.add_by_quote(source.id, "Prigozhin")


def test_whitespace_only_excerpt_is_refused(store: CaseStore) -> None:
    source = store.sources.add(text="a    b", title="Spaces")
    with pytest.raises(ValidationError, match="whitespace"):
        store.excerpts.add(source.id, 1, 4)


texts = st.text(
    alphabet=st.sampled_from(list("aé\u0301Жж朝鲜 \n🇺🇸👨\u200d👩👍🏽ب")), min_size=1, max_size=40)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=texts, data=st.data())
def test_any_grapheme_aligned_range_round_trips(store: CaseStore, text: str,
                                                data: st.DataObject) -> None:
    if not text.strip():
        return
    try:
        source_id = store.sources.add(text=text, title="Generated").id
    except Exception:  # duplicate text from an earlier example
        source_id = store.sources.find_duplicate(text=text)
        assert source_id is not None
    stored = store.sources.get(source_id).text
    start = data.draw(st.integers(0, len(stored)))
    end = data.draw(st.integers(0, len(stored)))
    ok = (start < end and is_grapheme_boundary(stored, start)
          and is_grapheme_boundary(stored, end) and stored[start:end].strip())
    if ok:
        excerpt = store.excerpts.add(source_id, start, end)
        assert store.excerpts.get(excerpt.id).quote == stored[start:end]
    else:
        with pytest.raises(ValidationError):
            store.excerpts.add(source_id, start, end)


def test_quote_search_skips_matches_that_split_a_character(store: CaseStore) -> None:
    source = store.sources.add(text="Skin tone 👍🏽 then plain 👍 here.", title="Thumbs")
    excerpt = store.excerpts.add_by_quote(source.id, "👍")
    assert excerpt.start == source.text.index("plain") + len("plain ")
    with pytest.raises(ValidationError, match="occurs only 1 time"):
        store.excerpts.add_by_quote(source.id, "👍", occurrence=2)
