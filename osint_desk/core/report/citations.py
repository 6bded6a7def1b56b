"""Numbered notes for excerpts, and the list of sources they come from.

Each excerpt gets one note the first time a sentence uses it (cited again, the same number
comes back); evidence that contradicts what it is cited for gets its own note saying so. A
note carries the quote, where it comes from (title, outlet, author, URL, page, dates), the
grade ("B2": the source's reliability and the excerpt's credibility) and the source's
SHA-256s. Each source is listed once in the bibliography, numbered in order of first use.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from osint_desk.core.errors import NotFoundError
from osint_desk.core.model import CREDIBILITY, RELIABILITY
from osint_desk.core.report.mdtext import text
from osint_desk.core.store import CaseStore
from osint_desk.core.store.records import Excerpt, Source

CONTRADICTS = "contradicts"


def grade(source: Source, excerpt: Excerpt) -> str:
    """"B2", or with a dash where either half is not graded ("B–", "–2", "not graded")."""
    if source.reliability is None and excerpt.credibility is None:
        return "not graded"
    return f"{source.reliability or '–'}{excerpt.credibility or '–'}"


def grade_words(source: Source, excerpt: Excerpt) -> str:
    """The grade spelt out: "usually reliable source; probably true"."""
    parts = []
    if source.reliability:
        parts.append(f"{RELIABILITY.get(source.reliability, '').lower()} source")
    if excerpt.credibility:
        parts.append(CREDIBILITY.get(excerpt.credibility, "").lower())
    return "; ".join(p for p in parts if p.strip())


@dataclass
class Note:
    number: int
    excerpt: Excerpt
    source: Source
    role: str | None


@dataclass
class Citations:
    """Hands out note numbers; ``notes`` and ``sources`` are in order of first use."""

    store: CaseStore
    notes: list[Note] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    _by_key: dict[tuple[str, bool], int] = field(default_factory=dict)
    _sources: dict[str, Source] = field(default_factory=dict)

    def cite(self, excerpt_id: str, role: str | None = None) -> str:
        """The footnote reference (``[^3]``) for this excerpt used in this role."""
        key = (excerpt_id, role == CONTRADICTS)
        if key not in self._by_key:
            try:
                excerpt = self.store.excerpts.get(excerpt_id)
            except NotFoundError:
                self.missing.append(excerpt_id)
                return "[citation not found]"
            source = self._source(excerpt.source_id)
            number = len(self.notes) + 1
            self.notes.append(Note(number, excerpt, source, role))
            self._by_key[key] = number
        return f"[^{self._by_key[key]}]"

    def cite_all(self, pairs: list[tuple[str, str | None]]) -> str:
        """Several notes at one place, comma-separated so that 10 and 11 never read as 1011."""
        return ",".join(dict.fromkeys(self.cite(excerpt_id, role) for excerpt_id, role in pairs))

    def _source(self, source_id: str) -> Source:
        if source_id not in self._sources:
            source = self.store.sources.get(source_id)
            self._sources[source_id] = source
            self.sources.append(source)
        return self._sources[source_id]

    def source_number(self, source_id: str) -> int:
        return next(i for i, s in enumerate(self.sources, 1) if s.id == source_id)

    def definitions(self) -> str:
        """The Markdown footnote definitions, in number order."""
        return "\n\n".join(self._definition(note) for note in self.notes)

    def _definition(self, note: Note) -> str:
        excerpt, source = note.excerpt, note.source
        lead = "**Contradicting evidence.** " if note.role == CONTRADICTS else ""
        where = [f"*{text(source.title)}*"]
        where += [text(part) for part in (source.outlet, source.author) if part]
        page = source.page_of(excerpt.start)
        if page is not None:
            where.append(f"p. {page}")
        dates = []
        if source.published:
            dates.append(f"published {text(source.published)}")
        if source.retrieved:
            dates.append(f"retrieved {text(source.retrieved)}")
        words = grade_words(source, excerpt)
        graded = f"Grade **{grade(source, excerpt)}**" + (f" ({text(words)})" if words else "")
        hashes = source_hashes(source)
        url = f" <{source.url}>" if safe_url(source.url) else ""
        return (f"[^{note.number}]: {lead}“{text(excerpt.quote)}” — {', '.join(where)}"
                f"{'; ' + ', '.join(dates) if dates else ''}.{url} {graded}."
                f" Source {self.source_number(source.id)} in *Sources*; {hashes}.")


def source_hashes(source: Source) -> str:
    """The source's SHA-256s, once when the text is the original file byte for byte."""
    if source.original_sha256 == source.text_sha256:
        return f"SHA-256 (text and original file) `{source.text_sha256}`"
    hashes = f"text SHA-256 `{source.text_sha256}`"
    if source.original_sha256:
        hashes += f", original file SHA-256 `{source.original_sha256}`"
    return hashes


def safe_url(url: str | None) -> bool:
    """Only http(s) links are written as links; anything else stays out of the report."""
    return bool(url) and str(url).lower().startswith(("http://", "https://")) and not any(
        c in str(url) for c in "<> \t\n\"'`")
