"""The card names a reader marks: only the names a text can contain go into its gazetteer.

A case with thousands of cards and aliases would otherwise compile one trie of every name for
each source opened (half a second at 2,000 cards and 5,000 names). A name is kept when the
folded text holds every word of it as a whole word (the gazetteer matches a spaced-script name
only at word boundaries, its words literally, so this is necessary), or, for a name in an
unspaced script or one that starts with punctuation, each of its space-separated parts as a
substring. The mentions found are the same as with every name; a name's folded words are
worked out once per process.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from osint_desk.core.extract import FoldedText, Gazetteer, Mention
from osint_desk.core.extract.gazetteer import fold_name
from osint_desk.core.text import has_cjk

_WORDS = re.compile(r"\w+")


@lru_cache(maxsize=65536)
def _needles(name: str) -> tuple[tuple[str, ...], bool]:
    """What a folded text must contain for ``name`` to match: (parts, as whole words?)."""
    key = fold_name(name)
    if has_cjk(key) or not _WORDS.match(key):
        return tuple(part for part in key.split(" ") if part), False
    return tuple(_WORDS.findall(key)), True


def possible_names(text: FoldedText,
                   names: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """The (entity id, name) pairs whose name can occur in ``text``, in the order given."""
    folded = text.folded
    words = set(_WORDS.findall(folded))
    kept = []
    for entity_id, name in names:
        needles, whole = _needles(name)
        if all(needle in words for needle in needles) if whole else all(
                needle in folded for needle in needles):
            kept.append((entity_id, name))
    return kept


def find_mentions(text: FoldedText, names: Iterable[tuple[str, str]]) -> list[Mention]:
    """What ``Gazetteer(names).find(text)`` finds, compiling only the possible names."""
    return Gazetteer(possible_names(text, names)).find(text)
