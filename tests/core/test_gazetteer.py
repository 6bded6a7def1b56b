"""Known names found in text: folding, word boundaries, CJK, overlaps, original offsets."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from osint_desk.core.demo import demo_dir
from osint_desk.core.extract import FoldedText, Gazetteer, Mention, find_mentions
from osint_desk.core.extract.gazetteer import fold_name
from osint_desk.core.text import is_grapheme_boundary


def spans(text: str, mentions: list[Mention]) -> list[tuple[str, str]]:
    return [(m.entity_id, text[m.start:m.end]) for m in mentions]


def test_demo_article_names_are_found_at_their_offsets() -> None:
    text = (demo_dir() / "kirby-dprk-wagner.txt").read_text("utf-8")
    names = [("wagner", "Wagner Group"), ("wagner", "Wagner"), ("dprk", "North Korea"),
             ("prigozhin", "Yevgeny Prigozhin"), ("prigozhin", "Prigozhin"),
             ("prigozhin", "Putin's chef"), ("ira", "Internet Research Agency"),
             ("kirby", "John Kirby"), ("kirby", "Kirby"), ("un", "UN")]
    mentions = find_mentions(text, names)
    found = spans(text, mentions)
    assert ("prigozhin", "Putin’s chef") in found  # typographic apostrophe in the text
    assert ("prigozhin", "Yevgeny Prigozhin") in found
    assert ("prigozhin", "Prigozhin") in found
    assert ("ira", "Internet Research Agency") in found
    assert ("kirby", "John Kirby") in found
    assert found.count(("dprk", "North Korea")) == text.count("North Korea")
    # "Wagner Group" wins over the "Wagner" inside it; standalone "Wagner" is still found
    assert found.count(("wagner", "Wagner Group")) == text.count("Wagner Group")
    assert found.count(("wagner", "Wagner")) == text.count("Wagner") - text.count("Wagner Group")
    assert all(entity != "un" for entity, _ in found)  # two letters: skipped
    for mention in mentions:
        assert fold_name(text[mention.start:mention.end]) == fold_name(mention.name)


def test_case_and_diacritics_fold_but_offsets_index_the_original() -> None:
    text = "MÜLLER met Mu\u0308ller and muller on the Straße (STRASSE) — strasse."
    found = spans(text, find_mentions(text, [("m", "Müller"), ("s", "Strasse")]))
    assert found == [("m", "MÜLLER"), ("m", "Mu\u0308ller"), ("m", "muller"),
                     ("s", "Straße"), ("s", "STRASSE"), ("s", "strasse")]


def test_folding_that_lengthens_text_keeps_later_offsets_true() -> None:
    # "ß" folds to two characters and "ﬁ" to two: everything after them must still line up.
    text = "ßßﬁﬁ then Yevgeny Prigozhin."
    (mention,) = find_mentions(text, [("p", "Yevgeny Prigozhin")])
    assert text[mention.start:mention.end] == "Yevgeny Prigozhin"


def test_whole_words_only_for_spaced_scripts() -> None:
    text = "Wagnerian music, the Wagner’s men, Wagner, ПригожинА and Пригожин."
    found = spans(text, find_mentions(text, [("w", "Wagner"), ("p", "Пригожин")]))
    assert found == [("w", "Wagner"), ("w", "Wagner"), ("p", "Пригожин")]


def test_cjk_names_match_without_word_boundaries() -> None:
    text = "朝鲜民主主义人民共和国와 김정은이 말했다. 北朝鮮は"
    names = [("dprk", "朝鲜"), ("kim", "김정은"), ("jp", "北朝鮮")]
    assert spans(text, find_mentions(text, names)) == [
        ("dprk", "朝鲜"), ("kim", "김정은"), ("jp", "北朝鮮")]


def test_longest_match_wins_on_overlap() -> None:
    text = "North Korea's foreign ministry denied it."
    names = [("dprk", "North Korea"), ("mfa", "Korea's foreign ministry")]
    assert spans(text, find_mentions(text, names)) == [("mfa", "Korea's foreign ministry")]


def test_longer_name_wins_only_where_it_really_ends() -> None:
    text = "Wagner Groupie and Wagner Group."
    names = [("w", "Wagner"), ("wg", "Wagner Group")]
    assert spans(text, find_mentions(text, names)) == [("w", "Wagner"), ("wg", "Wagner Group")]


def test_whitespace_in_names_matches_any_run_including_line_breaks() -> None:
    text = "spokesman John\nKirby said, and John   Kirby again"
    found = find_mentions(text, [("k", "John Kirby")])
    assert [text[m.start:m.end] for m in found] == ["John\nKirby", "John   Kirby"]


def test_short_names_skipped_unless_cjk() -> None:
    text = "The UN and the EU; 朝鲜 and 中国."
    names = [("un", "UN"), ("eu", "EU"), ("cn", "中国")]
    assert spans(text, find_mentions(text, names)) == [("cn", "中国")]


def test_acronyms_match_only_in_capitals() -> None:
    text = "Ira said the IRA and the Ira Agency; Nsc and NSC."
    names = [("ira", "IRA"), ("nsc", "NSC"), ("agency", "Ira Agency")]
    assert spans(text, find_mentions(text, names)) == [
        ("ira", "IRA"), ("agency", "Ira Agency"), ("nsc", "NSC")]


def test_find_all_ignores_case_accents_and_typographic_quotes() -> None:
    text = "Prigozhín, PRIGOZHIN and “Putin’s chef”; Straße."
    folded = FoldedText(text)
    assert [text[a:b] for a, b in folded.find_all("prigozhin")] == ["Prigozhín", "PRIGOZHIN"]
    assert [text[a:b] for a, b in folded.find_all("putin's")] == ["Putin’s"]
    assert [text[a:b] for a, b in folded.find_all("strasse")] == ["Straße"]
    assert folded.find_all("") == []
    assert folded.find_all("stras") == []  # would end inside the folded "ß"


def test_a_name_shared_by_two_cards_marks_both() -> None:
    text = "Concord said so."
    found = find_mentions(text, [("a", "Concord"), ("b", "CONCORD"), ("a", "concord")])
    assert [(m.entity_id, m.start, m.end) for m in found] == [("a", 0, 7), ("b", 0, 7)]


def test_emoji_and_flags_around_names_keep_offsets() -> None:
    text = "👨‍👩‍👧‍👦 🇺🇦Wagner👍🏽 and Wagner"
    found = find_mentions(text, [("w", "Wagner")])
    assert spans(text, found) == [("w", "Wagner"), ("w", "Wagner")]
    for mention in found:
        assert is_grapheme_boundary(text, mention.start)
        assert is_grapheme_boundary(text, mention.end)


def test_a_match_never_splits_a_character() -> None:
    # A combining accent after the name makes "Wagner" + "\u0301" one letter cluster at the
    # end: the accent folds away, so the mention must include it rather than split it.
    text = "Wagne\u0301r and Wagner\u0301"
    found = find_mentions(text, [("w", "Wagner")])
    assert [text[m.start:m.end] for m in found] == ["Wagne\u0301r", "Wagner\u0301"]


def test_large_text_and_many_names() -> None:
    names = [(f"e{i}", f"Person{i} Family{i % 50}") for i in range(2000)]
    names.append(("w", "Wagner Group"))
    gazetteer = Gazetteer(names)
    assert len(gazetteer) == 2001
    chunk = "The Wagner Group met Person17 Family17 and person1999 family49 in town. "
    text = chunk * (50_000 // len(chunk))
    found = gazetteer.find(text)
    repeats = text.count(chunk)
    assert len(found) == 3 * repeats
    assert {m.entity_id for m in found} == {"w", "e17", "e1999"}


LETTERS = st.sampled_from(list("abcé e\u0301ßﬁ \n'’朝鲜🇺🇦👍🏽-"))


@given(st.lists(LETTERS, max_size=60).map("".join),
       st.lists(st.sampled_from(["abc", "cab", "ssa", "朝鲜", "a-b", "ee e"]), max_size=4))
def test_mentions_always_fold_to_their_name_and_never_overlap(text: str,
                                                              names: list[str]) -> None:
    found = find_mentions(text, [(name, name) for name in names])
    previous_end = 0
    previous: tuple[int, int] | None = None
    for mention in found:
        assert fold_name(text[mention.start:mention.end]) == fold_name(mention.name)
        assert is_grapheme_boundary(text, mention.start)
        assert is_grapheme_boundary(text, mention.end)
        if (mention.start, mention.end) != previous:
            assert mention.start >= previous_end
        previous_end, previous = mention.end, (mention.start, mention.end)


def test_names_that_start_with_a_sign_are_found_beside_names_that_start_a_word() -> None:
    """Word-start names are tried only where a word starts; a name opening with "(" or "#" is
    tried everywhere (the search checks the word start once per position, for speed)."""
    names = [("p", "(PMC) Wagner"), ("h", "#wagnergroup"), ("w", "Wagner"), ("k", "Kirby")]
    text = "(PMC) Wagner, Wagnerite and x#wagnergroup; unKirby, Kirby's (Kirby)."
    assert spans(text, find_mentions(text, names)) == [
        ("p", "(PMC) Wagner"), ("h", "#wagnergroup"), ("k", "Kirby"), ("k", "Kirby")]


@given(st.text(alphabet="abcXYZ `'\"-.,\n0123ßüÉé\u0301’“—Пригожин瓦格纳ﬁ½\u00a0", max_size=40))
def test_bulk_ascii_folding_equals_folding_each_character(text: str) -> None:
    from osint_desk.core.extract.gazetteer import _fold_char, fold_with_origins

    parts, origins = [], []
    for index, char in enumerate(text):
        folded = _fold_char(char)
        parts.append(folded)
        origins += [index] * len(folded)
    assert fold_with_origins(text) == ("".join(parts), origins)
