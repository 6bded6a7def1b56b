"""Watch terms: a newly imported page naming a watched person is flagged; bounds hold."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from osint_desk.core.errors import ValidationError
from osint_desk.core.importer import import_files
from osint_desk.core.store import CaseStore
from osint_desk.core.store.watch import Watch, watch_new_excerpt, watch_new_source, watch_of

PAGE = ("<html><head><title>Wagner in Africa</title></head><body><article>"
        "<p>The group was founded by Yevgeny Prigozhin, who later died in a plane crash.</p>"
        "<p>Its vessel, IMO 9 123 456, docked in Latakia.</p></article></body></html>")


def _import(store: CaseStore, path: Path) -> str:
    outcome = next(iter(import_files(store, [path])))
    assert outcome.source_id is not None, outcome.message
    return outcome.source_id


def test_a_newly_imported_page_naming_a_watched_person_is_flagged(
        store: CaseStore, tmp_path: Path) -> None:
    watch = watch_of(store)
    term = watch.add("Евгений Пригожин", "name")  # another script: not in the page
    prigozhin = watch.add("YEVGENY PRIGOZHIN", "name", note="founder")
    page = tmp_path / "wagner.html"
    page.write_bytes(PAGE.encode())
    source_id = _import(store, page)  # the importer scans the new source itself
    assert watch.unseen_count() == 1
    assert watch_new_source(store, source_id) == []  # scanning again records nothing new
    [hit] = [h for h in watch.hits() if h.source_id == source_id]
    assert (hit.term_id, hit.matched) == (prigozhin.id, "Yevgeny Prigozhin")
    text = store.sources.get(source_id).text
    assert text[hit.start:hit.end] == "Yevgeny Prigozhin"
    assert term.id in {t.id for t in watch.list()}


def test_accents_and_case_are_ignored_for_names(store: CaseStore) -> None:
    source = store.sources.add(title="n.txt", text="Meeting with JOSÉ Álvarez in Madrid.")
    watch = watch_of(store)
    watch.add("jose alvarez")
    assert [h.matched for h in watch.hits(source_id=source.id)] == ["JOSÉ Álvarez"]


def test_adding_a_term_scans_existing_sources_with_progress_and_cancel(
        store: CaseStore) -> None:
    for i in range(3):
        store.sources.add(title=f"s{i}.txt", text=f"Report {i}: the tanker ORION-7 was seen.")
    seen: list[tuple[int, int]] = []
    watch = watch_of(store)
    watch.add("orion 7", "identifier", progress=lambda d, t: seen.append((d, t)))
    assert seen == [(1, 3), (2, 3), (3, 3)]
    assert watch.unseen_count() == 3
    stopped = watch.add(r"Report \d", "pattern", check=lambda: True)
    assert stopped in watch.list() and watch.unseen_count() == 3  # kept, nothing scanned


def test_identifiers_ignore_spaces_and_dashes_but_not_longer_numbers(store: CaseStore) -> None:
    source = store.sources.add(title="i.txt", text="IMO 9 123 456 and IMO 91234567\nand 9123-456.")
    watch = watch_of(store)
    watch.add("9123456", "identifier")
    assert [h.matched for h in watch.hits(source_id=source.id)] == ["9 123 456", "9123-456"]


def test_a_catastrophic_pattern_is_refused_and_a_slow_one_times_out_cleanly(
        store: CaseStore, monkeypatch: pytest.MonkeyPatch) -> None:
    watch = watch_of(store)
    for bad in ["(a+)+$", "(x*)*y", "(\\w+\\s?)+$", "(", "x" * 201, "   "]:
        with pytest.raises(ValidationError):
            watch.add(bad, "pattern")
    assert watch.list() == []
    monkeypatch.setattr("osint_desk.core.store.watch_match.PATTERN_TIMEOUT", 0.05)
    store.sources.add(title="slow.txt", text="a" * 3000 + "!")
    started = time.monotonic()
    watch.add(r"(?:a|aa|aaa)*(?:a|aa|aaa)*(?:a|aa|aaa)*b", "pattern")
    assert time.monotonic() - started < 5
    assert watch.unseen_count() == 0


def test_removed_terms_stop_matching_and_hits_survive_reopen(
        store: CaseStore, case_path: Path) -> None:
    watch = watch_of(store)
    kept = watch.add("Prigozhin")
    gone = watch.add("Latakia")
    first = store.sources.add(title="a.txt", text="Prigozhin flew to Latakia.")
    assert len(watch_new_source(store, first.id)) == 2
    watch.remove(gone.id)
    second = store.sources.add(title="b.txt", text="Latakia again, and Prigozhin.")
    assert [h.term_id for h in watch_new_source(store, second.id)] == [kept.id]
    assert {h.term_id for h in watch.hits()} == {kept.id}
    assert gone.id not in {t.id for t in watch.list()}
    with pytest.raises(Exception, match="no watch term"):
        watch.remove(gone.id)
    excerpt = store.excerpts.add(first.id, 0, 9)
    assert watch_new_excerpt(store, excerpt.id) == 1
    store.close()
    with CaseStore.open(case_path) as reopened:
        again = Watch(reopened._ctx)
        hits = again.hits()
        assert {(h.source_id, h.matched) for h in hits} == {
            (first.id, "Prigozhin"), (second.id, "Prigozhin")}
        assert [h.excerpt_id for h in hits if h.source_id == first.id] == [excerpt.id]
        assert again.unseen_count() == 2
        assert again.mark_seen(first.id) == 1 and again.unseen_count() == 1


def test_a_removed_term_is_restored_with_its_hits_and_sources_are_counted(
        store: CaseStore) -> None:
    watch = watch_of(store)
    term = watch.add("Prigozhin")
    other = watch.add("Latakia")
    first = store.sources.add(title="a.txt", text="Prigozhin flew to Latakia. Prigozhin.")
    second = store.sources.add(title="b.txt", text="Nothing to see.")
    watch_new_source(store, first.id)
    watch_new_source(store, second.id)
    assert watch.flagged_sources() == {first.id: 3}
    assert watch.hit_counts() == {term.id: 2, other.id: 1}
    watch.remove(term.id)
    assert watch.flagged_sources() == {first.id: 1}
    assert term.id not in watch.hit_counts()
    watch.restore(term.id)
    watch.restore(term.id)  # restoring a live term changes nothing
    assert [t.id for t in watch.list()] == [term.id, other.id]
    assert watch.flagged_sources() == {first.id: 3}
    assert watch.mark_seen(first.id) == 3
    assert watch.flagged_sources() == {} and watch.hit_counts()[term.id] == 2
    with pytest.raises(Exception, match="no watch term"):
        watch.restore("nonexistent")
