"""Sources: immutable text, hashes, duplicates, dates with precision, soft delete."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

from osint_desk.core.errors import DuplicateSourceError, IntegrityError, ValidationError
from osint_desk.core.store import CaseStore


def test_hashes_and_blob(store: CaseStore) -> None:
    original = b"Line one\r\nLine two\r\n"
    source = store.sources.add(text=original.decode(), title="Doc", original=original,
                               media_type="text/plain", original_filename="doc.txt")
    assert source.text == "Line one\nLine two\n"
    assert source.text_sha256 == hashlib.sha256(source.text.encode()).hexdigest()
    assert source.original_sha256 == hashlib.sha256(original).hexdigest()
    assert store.sources.original_bytes(source.id) == original


def test_duplicates_are_reported_not_stored(store: CaseStore) -> None:
    first = store.sources.add(text="Same words.", title="First")
    with pytest.raises(DuplicateSourceError) as info:
        store.sources.add(text="Same words.", title="Second")
    assert info.value.existing_id == first.id
    original = b"bytes of a file"
    other = store.sources.add(text="Other words", title="Blob", original=original)
    with pytest.raises(DuplicateSourceError):
        store.sources.add(text="Different text, same file", title="Again", original=original)
    assert store.sources.count() == 2
    assert store.sources.find_duplicate(original=original) == other.id


def test_text_is_immutable(store: CaseStore) -> None:
    source = store.sources.add(text="Original words.", title="Doc")
    with pytest.raises(ValidationError, match="immutable"):
        store.sources.update(source.id, text="Changed words.")
    with pytest.raises(sqlite3.IntegrityError, match="immutable"):
        store._ctx.conn.execute("UPDATE sources SET text = 'Changed' WHERE public_id = ?",
                                (source.id,))
    assert store.sources.get(source.id).text == "Original words."


def test_metadata_edits_and_dates(store: CaseStore) -> None:
    source = store.sources.add(text="x y z", title="Doc", published="2022-12",
                               retrieved="2026-11-27T06:00:00Z")
    assert (source.published, source.published_precision) == ("2022-12", "month")
    assert source.published_utc is None
    assert source.retrieved_utc == "2026-11-27T06:00:00Z"
    updated = store.sources.update(source.id, published="2022-12-22T18:30+09:00",
                                   reliability="b", outlet="Wire")
    assert updated.published == "2022-12-22T18:30+09:00"
    assert updated.published_precision == "minute"
    assert updated.published_utc == "2022-12-22T09:30Z"
    assert updated.reliability == "B"
    assert updated.outlet == "Wire"
    with pytest.raises(ValidationError, match="reliability"):
        store.sources.update(source.id, reliability="G")
    with pytest.raises(ValidationError, match="ISO 8601"):
        store.sources.update(source.id, published="22/12/2022")
    with pytest.raises(ValidationError, match="not a valid date"):
        store.sources.update(source.id, published="2022-02-30")


def test_cited_source_cannot_be_deleted(store: CaseStore) -> None:
    source = store.sources.add(text="Words to cite.", title="Doc")
    excerpt = store.excerpts.add_by_quote(source.id, "Words")
    with pytest.raises(IntegrityError, match="cited by 1 excerpt"):
        store.sources.delete(source.id)
    store.excerpts.delete(excerpt.id)
    store.sources.delete(source.id)
    assert store.sources.count() == 0
    assert store.search("cite") == []
    store.sources.restore(source.id)
    store.excerpts.restore(excerpt.id)
    assert store.excerpts.for_source(source.id)[0].id == excerpt.id
    assert [h.kind for h in store.search("cite")] == ["source"]


def test_page_map_is_checked(store: CaseStore) -> None:
    with pytest.raises(ValidationError, match="page map"):
        store.sources.add(text="abc", title="Bad", page_map=[5, 1])
    source = store.sources.add(text="page one\n\npage two", title="Paged", page_map=[0, 10])
    assert source.page_of(3) == 1
    assert source.page_of(12) == 2
