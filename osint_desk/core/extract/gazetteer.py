"""Known names (card names and aliases) found in a source's text.

Matching ignores case and diacritics (``PRIGOZHIN`` and ``Prigozhín`` both find
``Prigozhin``), treats typographic quotes and dashes as their plain forms (``Putin’s chef``
finds ``Putin's chef``) and any run of whitespace as one space. Names in scripts written with
spaces match whole words only ("Wagner" is not marked inside "Wagnerian"); CJK names match
anywhere, since those scripts put no spaces between words.

The text is folded one character at a time and every folded character remembers the original
character it came from, so mentions always index the ORIGINAL text even where folding changes
lengths (``ß`` becomes ``ss``, ``é`` loses its combining accent). All names go into one
trie-shaped regular expression per boundary rule: a 50k-character text is scanned twice, not
once per name.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import regex

from osint_desk.core.text import fold, has_cjk

# Shorter names ("UN", "EU") would mark noise everywhere; CJK names are often two characters.
MIN_LENGTH = 3
# Acronyms up to this length match only in capitals: "IRA" is not the "Ira" of a first name.
ACRONYM_LENGTH = 5

_WHITESPACE = re.compile(r"\s+")
_WORD_CHAR = re.compile(r"\w")
_GRAPHEME = regex.compile(r"\X")
# Typographic variants folded to their plain forms, one character for one, so offsets hold.
_PUNCTUATION = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u02bc": "'", "\u2032": "'",
    "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-",
})


@dataclass(frozen=True, slots=True, order=True)
class Mention:
    """A known name at ``text[start:end]`` (code-point offsets into the original text)."""

    start: int
    end: int
    entity_id: str
    name: str  # the card name or alias that matched, as the card spells it


@lru_cache(maxsize=8192)
def _fold_char(char: str) -> str:
    """One character folded for comparison; may be empty (an accent) or longer (``ß``)."""
    folded = fold(char)
    # NFKD splits a Hangul syllable into jamo; recompose so a syllable stays one character.
    return unicodedata.normalize("NFC", folded).translate(_PUNCTUATION)


def fold_name(name: str) -> str:
    """The comparison key of a name: folded, whitespace runs as one space, trimmed."""
    folded = "".join(_fold_char(char) for char in name)
    return _WHITESPACE.sub(" ", folded).strip()


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _fold_ascii(part: str) -> str:
    """What ``_fold_char`` gives each character of an ASCII ``part``, one for one, at once."""
    return part.lower().translate(_PUNCTUATION)


def fold_with_origins(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each folded character, the index of its original character.

    ASCII runs (most of a Latin-script text) fold one for one in bulk; only the other
    characters are folded one by one (they may vanish, an accent, or grow, ``ß``)."""
    if text.isascii():
        return _fold_ascii(text), list(range(len(text)))
    parts: list[str] = []
    origins: list[int] = []
    done = 0
    for run in _NON_ASCII.finditer(text):
        if run.start() > done:
            parts.append(_fold_ascii(text[done:run.start()]))
            origins.extend(range(done, run.start()))
        for index in range(run.start(), run.end()):
            folded = _fold_char(text[index])
            if folded:
                parts.append(folded)
                origins.extend([index] * len(folded))
        done = run.end()
    if done < len(text):
        parts.append(_fold_ascii(text[done:]))
        origins.extend(range(done, len(text)))
    return "".join(parts), origins


class FoldedText:
    """A text folded once, searched many times; matches come back as original offsets."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.folded, self._origins = fold_with_origins(text)

    def to_original(self, begin: int, finish: int) -> tuple[int, int] | None:
        """The original range of folded ``[begin, finish)``; None if it splits a character."""
        origins, folded = self._origins, self.folded
        if begin > 0 and origins[begin - 1] == origins[begin]:
            return None
        if finish < len(folded) and origins[finish] == origins[finish - 1]:
            return None
        # Accents folded away after the last character belong to it, so they are included.
        end = origins[finish] if finish < len(folded) else len(self.text)
        return origins[begin], end

    def find_all(self, query: str) -> list[tuple[int, int]]:
        """Every occurrence of ``query`` ignoring case, accents and typographic quotes."""
        needle = fold_with_origins(query)[0]
        found: list[tuple[int, int]] = []
        if not needle:
            return found
        at = self.folded.find(needle)
        while at != -1:
            span = self.to_original(at, at + len(needle))
            if span is not None:
                found.append(span)
            at = self.folded.find(needle, at + len(needle) if span else at + 1)
        return found


@dataclass(slots=True)
class _Node:
    children: dict[str, _Node] = field(default_factory=dict)
    terminal: bool = False


def _is_acronym(name: str) -> bool:
    return len(name) <= ACRONYM_LENGTH and name.isupper() and not any(c.isspace() for c in name)


def _unit(char: str) -> str:
    # A space in a name stands for any whitespace run in the text (a line break included).
    return r"\s+" if char == " " else re.escape(char)


def _is_word(char: str) -> bool:
    return char != " " and _WORD_CHAR.match(char) is not None


def _render(node: _Node, last: str, bounded: bool) -> str:
    """The regex for everything below ``node``; longer continuations are tried first."""
    chain: list[str] = []
    while len(node.children) == 1 and not node.terminal:
        ((char, child),) = node.children.items()
        chain.append(_unit(char))
        last, node = char, child
    alternatives = [_unit(char) + _render(child, char, bounded)
                    for char, child in sorted(node.children.items())]
    if node.terminal:
        # The name may end here: after a word character, only if no word character follows.
        alternatives.append(r"(?!\w)" if bounded and _is_word(last) else "")
    if len(alternatives) == 1:
        chain.append(alternatives[0])
    else:
        chain.append("(?:" + "|".join(alternatives) + ")")
    return "".join(chain)


def _compile(keys: Iterable[str], bounded: bool) -> re.Pattern[str] | None:
    root = _Node()
    for key in keys:
        node = root
        for char in key:
            node = node.children.setdefault(char, _Node())
        node.terminal = True
    if not root.children:
        return None
    # Names that start with a word character may only start a word: that is checked once per
    # position, before any of their branches (inside a word, most positions, nothing more is
    # tried); the few that start otherwise ("(", "#") are tried everywhere.
    at_word: list[str] = []
    anywhere: list[str] = []
    for char, child in sorted(root.children.items()):
        branch = _unit(char) + _render(child, char, bounded)
        (at_word if bounded and _is_word(char) else anywhere).append(branch)
    alternatives = [*(["(?<!\\w)(?:" + "|".join(at_word) + ")"] if at_word else []), *anywhere]
    # A lookahead matches zero characters, so the scan tries every position: overlapping
    # candidates are all seen (the longest at each position), then the longest wins.
    return re.compile("(?=(" + "|".join(alternatives) + "))")


class Gazetteer:
    """Compiled once for a set of names, then run over any number of texts."""

    def __init__(self, names: Iterable[tuple[str, str]]) -> None:
        """``names`` are (entity_id, name or alias) pairs; too-short names are skipped."""
        self._by_key: dict[str, list[tuple[str, str]]] = {}
        self._acronyms: set[str] = set()
        acronym_keys: dict[str, bool] = {}
        unspaced: set[str] = set()
        for entity_id, name in names:
            key = fold_name(name)
            if key not in self._by_key:
                if not _WORD_CHAR.search(key):
                    continue  # nothing but punctuation
                cjk = has_cjk(key)
                if len(name.strip()) < MIN_LENGTH and not cjk:
                    continue
                if cjk:
                    unspaced.add(key)
            entries = self._by_key.setdefault(key, [])
            if all(known != entity_id for known, _name in entries):
                entries.append((entity_id, name.strip()))
            acronym_keys[key] = acronym_keys.get(key, True) and _is_acronym(name.strip())
        self._acronyms = {key for key, acronym in acronym_keys.items() if acronym}
        spaced = [key for key in self._by_key if key not in unspaced]
        patterns = (_compile(spaced, bounded=True), _compile(unspaced, bounded=False))
        self._patterns = [pattern for pattern in patterns if pattern is not None]

    def __len__(self) -> int:
        """How many distinct names (after folding) are searched for."""
        return len(self._by_key)

    def find(self, text: str | FoldedText) -> list[Mention]:
        """Every known name in ``text``; where matches overlap, the longest wins."""
        source = text if isinstance(text, FoldedText) else FoldedText(text)
        if not self._patterns or not source.text:
            return []
        candidates: set[tuple[int, int, str]] = set()
        for pattern in self._patterns:
            for match in pattern.finditer(source.folded):
                # Both ends must fall between original characters, not inside one's folding.
                span = source.to_original(*match.span(1))
                if span is not None:
                    candidates.add((*span, _WHITESPACE.sub(" ", match.group(1))))
        return self._choose(source.text, candidates)

    def _choose(self, text: str, candidates: set[tuple[int, int, str]]) -> list[Mention]:
        if not candidates:
            return []
        boundaries = {0, *(match.end() for match in _GRAPHEME.finditer(text))}
        starts: list[int] = []
        ends: list[int] = []
        mentions: list[Mention] = []
        for start, end, key in sorted(candidates, key=lambda c: (c[0] - c[1], c[0])):
            if start not in boundaries or end not in boundaries:
                continue
            if key in self._acronyms and not text[start:end].isupper():
                continue
            slot = bisect_right(starts, start)
            if slot and ends[slot - 1] > start:
                continue
            if slot < len(starts) and starts[slot] < end:
                continue
            starts.insert(slot, start)
            ends.insert(slot, end)
            mentions.extend(Mention(start, end, entity_id, name)
                            for entity_id, name in self._by_key.get(key, ()))
        mentions.sort()
        return mentions


def find_mentions(text: str, names: Iterable[tuple[str, str]]) -> list[Mention]:
    """Known names in ``text``: ``names`` are (entity_id, name or alias) pairs."""
    return Gazetteer(names).find(text)
