"""Matching watch terms against a text: names through the extraction gazetteer, patterns as
bounded regular expressions (``regex``, a timeout per text), identifiers with separators
ignored. Apart from ``watch`` so that reading a case's hits (the navigator's badges, at start)
does not load the matchers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import regex

from osint_desk.core.errors import ValidationError
from osint_desk.core.extract.gazetteer import FoldedText, Gazetteer
from osint_desk.core.store.watch import KINDS

MAX_TERM_LENGTH = 200
MAX_HITS_PER_SOURCE = 500
PATTERN_TIMEOUT = 0.5  # seconds per term and source
_NESTED_QUANTIFIER = re.compile(r"\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)\s*[+*{]")
_ID_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212./]+")


def check_term(term: str, kind: str) -> str:
    if kind not in KINDS:
        raise ValidationError(f"a watch term is one of {', '.join(KINDS)}, not {kind!r}")
    cleaned = term.strip() if kind == "pattern" else " ".join(term.split())
    if not cleaned:
        raise ValidationError("a watch term needs some text")
    if len(cleaned) > MAX_TERM_LENGTH:
        raise ValidationError(f"a watch term is {MAX_TERM_LENGTH} characters at most")
    if kind == "pattern":
        if _NESTED_QUANTIFIER.search(cleaned):
            raise ValidationError(
                "this pattern repeats a repeated group (like (a+)+), which can take forever;"
                " write it without the nested repetition")
        try:
            regex.compile(cleaned)
        except regex.error as exc:
            raise ValidationError(
                f"this pattern is not a valid regular expression: {exc}") from None
    if kind == "identifier" and not _id_key(cleaned):
        raise ValidationError("an identifier needs letters or digits")
    return cleaned


def _id_key(text: str) -> str:
    return _ID_SEPARATORS.sub("", text).casefold()


def _find_identifier(text: str, term: str) -> list[tuple[int, int]]:
    """Spans of ``term`` in ``text`` with spaces, dashes, dots and slashes between any
    characters ignored, and not inside a longer run of letters or digits."""
    key = _id_key(term)
    between = r"[\s\-\u2010-\u2015\u2212./]*"
    pattern = between.join(regex.escape(char) for char in key)
    found = []
    for match in regex.finditer(rf"(?<![\w]){pattern}(?![\w])", text, flags=regex.IGNORECASE,
                                timeout=PATTERN_TIMEOUT):
        found.append(match.span())
    return found


class Matcher:
    """Compiled live terms of a case, run over one text at a time."""

    def __init__(self, terms: Iterable[tuple[int, str, str]]) -> None:
        self.terms = list(terms)
        names = [(str(rowid), term) for rowid, term, kind in self.terms if kind == "name"]
        self._names = Gazetteer(names) if names else None
        self._patterns = [(rowid, regex.compile(term)) for rowid, term, kind in self.terms
                          if kind == "pattern"]
        self._ids = [(rowid, term) for rowid, term, kind in self.terms if kind == "identifier"]

    def find(self, text: str) -> list[tuple[int, int, int]]:
        """(term rowid, start, end) of every hit; a pattern that times out gives none."""
        hits: list[tuple[int, int, int]] = []
        if self._names is not None:
            hits.extend((int(m.entity_id), m.start, m.end)
                        for m in self._names.find(FoldedText(text)))
        for rowid, pattern in self._patterns:
            try:
                for match in pattern.finditer(text, timeout=PATTERN_TIMEOUT):
                    if match.end() > match.start():
                        hits.append((rowid, *match.span()))
                    if len(hits) >= MAX_HITS_PER_SOURCE:
                        break
            except TimeoutError:
                continue  # too slow on this text: no hits rather than a stuck import
        for rowid, term in self._ids:
            try:
                hits.extend((rowid, *span) for span in _find_identifier(text, term))
            except TimeoutError:
                continue
        return hits[:MAX_HITS_PER_SOURCE]
