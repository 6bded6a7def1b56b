"""How the reader marks text (excerpt tints by credibility, card names, find matches) and
turns a Qt selection into the range to quote.

Marks work on UTF-16 positions (what Qt counts); the Python offsets the store keeps are
converted with :mod:`osint_desk.core.text` only: ``index_to_utf16`` one gap at a time, so that a
50k-character text with hundreds of marks is walked once, not once per mark.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from PySide6.QtGui import QColor, QPalette, QTextCharFormat

from osint_desk.core.model import CREDIBILITY
from osint_desk.core.text import index_to_utf16, qt_selection_to_range, snap_to_graphemes

# Translucent tints read on white and on a dark base alike: the text keeps its palette colour.
_CREDIBILITY_TINTS: dict[int | None, tuple[int, int, int, int]] = {
    1: (30, 170, 80, 85),    # confirmed: green
    2: (120, 190, 50, 80),   # probably true: yellow-green
    3: (235, 195, 0, 85),    # possibly true: yellow
    4: (245, 140, 20, 85),   # doubtful: orange
    5: (225, 60, 50, 80),    # improbable: red
    6: (128, 128, 128, 70),  # cannot be judged: grey
    None: (128, 128, 128, 70),
}


def credibility_colour(credibility: int | None) -> QColor:
    """The background tint of an excerpt of this credibility (1-6, or None: ungraded)."""
    return QColor(*_CREDIBILITY_TINTS.get(credibility, _CREDIBILITY_TINTS[None]))


def credibility_label(credibility: int | None) -> str:
    if credibility is None:
        return "not graded"
    return f"{credibility} — {CREDIBILITY.get(credibility, '?')}"


def utf16_positions(text: str, offsets: Iterable[int]) -> dict[int, int]:
    """UTF-16 positions of many code-point offsets into ``text``, in one pass."""
    positions: dict[int, int] = {}
    previous = units = 0
    for offset in sorted(set(offsets)):
        # UTF-16 length adds up over concatenation, so convert each gap on its own.
        units += index_to_utf16(text[previous:offset], offset - previous)
        positions[offset] = units
        previous = offset
    return positions


def quote_range(text: str, utf16_start: int, utf16_end: int) -> tuple[int, int, bool]:
    """The Python range to quote for a Qt selection, and whether it had to be widened.

    Whitespace at the edges is left out (a triple-click takes the line break too); a range
    that splits a character (an emoji, a flag, a letter and its accent) is widened to whole
    characters, since the store refuses split characters.
    """
    start, end = qt_selection_to_range(text, utf16_start, utf16_end)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    snapped = snap_to_graphemes(text, start, end)
    return snapped[0], snapped[1], snapped != (start, end)


@dataclass(frozen=True, slots=True)
class Span:
    """A marked range in UTF-16 positions, with what it stands for."""

    start: int
    end: int
    key: str  # excerpt id, or entity id for a card name
    label: str  # shown in the tooltip

    def contains(self, position: int) -> bool:
        return self.start <= position < self.end


@dataclass(frozen=True, slots=True)
class Mark:
    """How one range looks: a background tint, a dotted underline, or both."""

    start: int
    end: int
    tint: QColor | None = None
    underline: bool = False


def excerpt_mark(span: Span, credibility: int | None) -> Mark:
    return Mark(span.start, span.end, tint=credibility_colour(credibility))


def name_mark(span: Span) -> Mark:
    return Mark(span.start, span.end, underline=True)


def find_mark(span: Span, palette: QPalette) -> Mark:
    colour = QColor(palette.color(QPalette.ColorRole.Highlight))
    colour.setAlpha(90)
    return Mark(span.start, span.end, tint=colour)


def blend_over(below: QColor, tint: QColor) -> QColor:
    """``tint`` (translucent) laid over ``below``, as one opaque colour."""
    alpha = tint.alphaF()
    return QColor(round(below.red() * (1 - alpha) + tint.red() * alpha),
                  round(below.green() * (1 - alpha) + tint.green() * alpha),
                  round(below.blue() * (1 - alpha) + tint.blue() * alpha))


def runs(marks: list[Mark], palette: QPalette) -> list[tuple[int, int, QTextCharFormat]]:
    """Character formats for the text: where marks overlap, their tints are layered.

    A sweep over the mark boundaries yields runs of equal look; each run's tints are composed
    over the palette's base colour, in the order given, so overlapping excerpts stay visible.
    """
    starts: dict[int, list[int]] = {}
    ends: dict[int, list[int]] = {}
    for index, mark in enumerate(marks):
        if mark.end > mark.start:
            starts.setdefault(mark.start, []).append(index)
            ends.setdefault(mark.end, []).append(index)
    base = palette.color(QPalette.ColorRole.Base)
    line = palette.color(QPalette.ColorRole.Link)
    formats: dict[tuple[tuple[int, ...], bool], QTextCharFormat] = {}
    result: list[tuple[int, int, QTextCharFormat]] = []
    active: set[int] = set()
    positions = sorted({*starts, *ends})
    for position, following in pairwise(positions):
        active.difference_update(ends.get(position, ()))
        active.update(starts.get(position, ()))
        if not active:
            continue
        layer = sorted(active)
        tints = tuple(tint.rgba() for i in layer if (tint := marks[i].tint) is not None)
        key = (tints, any(marks[i].underline for i in layer))
        fmt = formats.get(key)
        if fmt is None:
            fmt = QTextCharFormat()
            if tints:
                colour = base
                for rgba in tints:
                    colour = blend_over(colour, QColor.fromRgba(rgba))
                fmt.setBackground(colour)
            if key[1]:
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
                fmt.setUnderlineColor(line)
            formats[key] = fmt
        if result and result[-1][1] == position and result[-1][2] is fmt:
            result[-1] = (result[-1][0], following, fmt)
        else:
            result.append((position, following, fmt))
    return result
