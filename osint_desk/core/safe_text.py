"""Text from a file is shown, never obeyed: controls and bidi controls become visible marks.

Names, ids, titles and quotes come from outside (saved pages, sanctions lists, case files). An
escape sequence in them could drive the analyst's terminal (retitle the window, clear the
screen), and a bidi override makes ``"Invoice\\u202eexe.pdf"`` render as ``Invoicefdp.exe``.
Every character that is obeyed rather than shown is replaced, one character for one (all marks
are in the Basic Multilingual Plane), so Python and Qt (UTF-16) offsets into the text stay valid
and excerpt and search highlights still line up.

The marks, the same on a terminal and in the window:

- C0 controls U+0000–U+001F: the Control Pictures block, U+2400 + code (ESC → ``␛``, CR → ``␍``,
  NUL → ``␀``); they name the control, and DejaVu and Noto have them.
- DEL U+007F → ``␡`` (U+2421).
- C1 controls U+0080–U+009F (U+009B is the 8-bit CSI that terminals obey) → ``�`` (U+FFFD):
  there is no control picture for them; the replacement character says "something was here".
- Bidi controls (embeddings and overrides U+202A–U+202E, isolates U+2066–U+2069, the marks
  LRM U+200E, RLM U+200F and ALM U+061C) → ``⇄`` (U+21C4, "direction switch"). It is a neutral,
  non-mirrored symbol, so it looks the same inside Arabic or Hebrew text and reorders nothing.

Newline and tab are layout, not hidden, and are kept (``for_terminal`` can mark them too).
ZWJ U+200D and ZWNJ U+200C are left alone: Persian, Indic scripts and emoji need them.
"""

from __future__ import annotations

_NEWLINE_TAB = "\n\t"
_BIDI_MARK = "\u21c4"  # ⇄
_C1_MARK = "\ufffd"  # �
_BIDI_CONTROLS = (
    *range(0x202A, 0x202F),  # LRE RLE PDF LRO RLO
    *range(0x2066, 0x206A),  # LRI RLI FSI PDI
    0x200E, 0x200F, 0x061C,  # LRM RLM ALM
)


def _table(*, keep_newlines: bool) -> dict[int, str]:
    """The translate table: code point → its one visible mark."""
    table = {code: chr(0x2400 + code) for code in range(0x20)
             if not (keep_newlines and chr(code) in _NEWLINE_TAB)}
    table[0x7F] = "\u2421"
    table.update(dict.fromkeys(range(0x80, 0xA0), _C1_MARK))
    table.update(dict.fromkeys(_BIDI_CONTROLS, _BIDI_MARK))
    return table


_KEEP_LAYOUT = _table(keep_newlines=True)
_MARK_ALL = _table(keep_newlines=False)
_HIDDEN = frozenset(chr(code) for code in _KEEP_LAYOUT)


def for_terminal(text: str | None, *, keep_newlines: bool = True) -> str:
    """Text safe to print: every control and bidi control becomes one visible mark.

    With ``keep_newlines`` (the default) newline and tab pass through; without, they are
    marked too (``␊``, ``␉``), for text that must stay on one line.
    """
    if not text:
        return ""
    return text.translate(_KEEP_LAYOUT if keep_newlines else _MARK_ALL)


def for_display(text: str | None) -> str:
    """Text for a label, an item model or the reader: the same marks, newline and tab kept.

    One character for one, so an excerpt's offsets into the source text still hold.
    """
    if not text:
        return ""
    return text.translate(_KEEP_LAYOUT)


def has_hidden_controls(text: str | None) -> bool:
    """Whether ``text`` holds a control or bidi control (newline and tab do not count)."""
    return bool(text) and not _HIDDEN.isdisjoint(text or "")


__all__ = ["for_display", "for_terminal", "has_hidden_controls"]
