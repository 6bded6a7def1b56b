"""Text from a file is shown, never obeyed: controls and bidi controls become visible marks."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from osint_desk.core.safe_text import for_display, for_terminal, has_hidden_controls

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"

REAL_TEXT = [
    "\u0645\u062d\u0645\u062f \u0628\u0646 \u0633\u0644\u0645\u0627\u0646",  # Arabic
    "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",  # Persian with ZWNJ: می‌خواهم
    "\u062e\u0627\u0646\u0647\u200c\u0647\u0627",  # Persian with ZWNJ: خانه‌ها
    "\u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd",  # Hebrew
    "\u0915\u094d\u200d\u0937",  # Devanagari with ZWJ
    "\U0001f468\u200d\U0001f469\u200d\U0001f467",  # emoji family (ZWJ sequence)
    "Евгений Пригожин", "김정은", "习近平",
    "line one\n\tline two",
]


@pytest.mark.parametrize("text", REAL_TEXT)
def test_real_scripts_round_trip_unchanged(text: str) -> None:
    assert for_terminal(text) == text
    assert for_display(text) == text
    assert not has_hidden_controls(text)


@pytest.mark.parametrize("function", [for_terminal, for_display])
def test_every_control_is_replaced_one_for_one(function: Callable[[str], str]) -> None:
    hostile = "".join(chr(c) for c in range(0x20)) + "\x7f" + \
        "".join(chr(c) for c in range(0x80, 0xA0)) + BIDI
    shown = function(hostile)
    assert len(shown) == len(hostile)
    assert len(shown.encode("utf-16-le")) == len(hostile.encode("utf-16-le"))  # Qt offsets too
    kept = set("\n\t")
    for before, after in zip(hostile, shown, strict=True):
        if before in kept:
            assert after == before
        else:
            assert after != before and after.isprintable(), hex(ord(before))
    assert not has_hidden_controls(shown)


def test_the_documented_marks() -> None:
    assert for_terminal("\x1b]0;owned\x07") == "\u241b]0;owned\u2407"
    assert for_display("\x1b[2J") == "\u241b[2J"
    assert for_terminal("\x00\r\x7f\x9b") == "\u2400\u240d\u2421\ufffd"
    assert for_display("Invoice\u202eexe.pdf") == "Invoice\u21c4exe.pdf"
    assert for_display(BIDI) == "\u21c4" * len(BIDI)


def test_newlines_kept_or_marked_on_the_terminal() -> None:
    assert for_terminal("a\nb\tc") == "a\nb\tc"
    assert for_terminal("a\nb\tc", keep_newlines=False) == "a\u240ab\u2409c"
    assert for_display("a\nb\tc") == "a\nb\tc"


def test_offsets_into_a_source_stay_valid() -> None:
    source = ("Paid \u202eInvoice\u202c to \x1b[31mOOO Vector\x1b[0m in"
              " \u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645")
    start = source.index("OOO")
    end = start + len("OOO Vector")
    assert for_display(source)[start:end] == "OOO Vector"


def test_empty_and_none() -> None:
    assert for_terminal(None) == "" and for_display(None) == "" and for_terminal("") == ""
    assert not has_hidden_controls(None) and not has_hidden_controls("")


@pytest.mark.parametrize("text", ["a\x1bb", "x\u202ey", "\u200f", "\x85", "a\rb", "\u2066z\u2069"])
def test_hidden_controls_are_noticed(text: str) -> None:
    assert has_hidden_controls(text)


def test_marks_are_neutral_and_not_mirrored() -> None:
    """A mark inside Arabic text must itself neither reorder nor flip."""
    import unicodedata

    for mark in set(for_display(BIDI + "\x1b\x00\x7f\x9b")):
        assert unicodedata.bidirectional(mark) == "ON", hex(ord(mark))
        assert not unicodedata.mirrored(mark)
