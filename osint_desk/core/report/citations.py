"""Numbered notes for excerpts, and the list of sources they come from.

Each excerpt gets one note, the first time the report uses it; used again — for another
claim, or against one — the same number comes back, and the text where it is cited says the
role ("contradicted by: … [4]"). A note says who spoke and how ("John Kirby (asserts), via
White House briefing"), then carries the quote, where it comes from (title, outlet, author,
URL, page, dates), the grade ("B2": the source's reliability and the excerpt's credibility;
"ungraded" where either is not graded) and the source's SHA-256s. Each source is listed once
in the bibliography, numbered in order of first use.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from osint_desk.core.errors import NotFoundError
from osint_desk.core.model import CREDIBILITY, RELIABILITY
from osint_desk.core.report.mdtext import text
from osint_desk.core.store import CaseStore
from osint_desk.core.store.records import Evidence, Excerpt, Source

CONTRADICTS = "contradicts"
_ROLE_LABELS = {"supports": "Evidence", "context": "Context", CONTRADICTS: "Contradicted by"}
_KIND_WORDS = {"article": "the article", "web_page": "the web page", "document": "the document",
               "statement": "the statement", "note": "the analyst's note"}


def grade(source: Source, excerpt: Excerpt) -> str:
    """"grade B2" (the Admiralty code); a half not graded is said in words, never as a dash (a
    "–2" reads as minus two): "grade B, credibility ungraded", "source ungraded, credibility
    2", "ungraded"."""
    reliability, credibility = source.reliability, excerpt.credibility
    if reliability and credibility:
        return f"grade {reliability}{credibility}"
    if reliability:
        return f"grade {reliability}, credibility ungraded"
    if credibility:
        return f"source ungraded, credibility {credibility}"
    return "ungraded"


def grade_phrase(source: Source, excerpt: Excerpt) -> str:
    """The grade as a note prints it: "Grade **B2** (usually reliable source; probably
    true)"; a half not graded is said to be ungraded."""
    reliability, credibility = source.reliability, excerpt.credibility
    rel_words = RELIABILITY.get(reliability or "", "").lower()
    cred_words = CREDIBILITY.get(credibility or 0, "").lower()
    if reliability and credibility:
        return f"Grade **{reliability}{credibility}** ({rel_words} source; {cred_words})"
    if reliability:
        return f"Grade **{reliability}** ({rel_words} source); credibility ungraded"
    if credibility:
        return f"Source reliability ungraded; credibility **{credibility}** ({cred_words})"
    return "Ungraded (neither the source's reliability nor the excerpt's credibility is graded)"


@dataclass
class Note:
    number: int
    excerpt: Excerpt
    source: Source


@dataclass
class Citations:
    """Hands out note numbers, one per excerpt; ``notes`` and ``sources`` are in order of
    first use."""

    store: CaseStore
    notes: list[Note] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    _by_excerpt: dict[str, int] = field(default_factory=dict)
    _sources: dict[str, Source] = field(default_factory=dict)
    _names: dict[str, str] = field(default_factory=dict)
    _excerpts: dict[str, Excerpt | None] = field(default_factory=dict)

    def excerpt(self, excerpt_id: str) -> Excerpt | None:
        """The live excerpt, or None when it is gone (deleted, or an id that never was)."""
        if excerpt_id not in self._excerpts:
            try:
                self._excerpts[excerpt_id] = self.store.excerpts.get(excerpt_id)
            except NotFoundError:
                self._excerpts[excerpt_id] = None
        return self._excerpts[excerpt_id]

    def cite(self, excerpt_id: str) -> str:
        """The footnote reference (``[^3]``) for this excerpt, the same wherever it is used."""
        if excerpt_id not in self._by_excerpt:
            excerpt = self.excerpt(excerpt_id)
            if excerpt is None:
                self.missing.append(excerpt_id)
                return "[citation not found]"
            source = self._source(excerpt.source_id)
            number = len(self.notes) + 1
            self.notes.append(Note(number, excerpt, source))
            self._by_excerpt[excerpt_id] = number
        return f"[^{self._by_excerpt[excerpt_id]}]"

    def cite_all(self, excerpt_ids: list[str]) -> str:
        """Several notes at one place, comma-separated so that 10 and 11 never read as 1011."""
        return ",".join(dict.fromkeys(self.cite(excerpt_id) for excerpt_id in excerpt_ids))

    def cite_voiced(self, excerpt_ids: list[str], *, channel_too: bool = True) -> str:
        """Notes grouped by who spoke, in order of first use: "**John Kirby** (asserts)[^1],[^2];
        **James Cleverly** (confirms)[^3]"."""
        groups: dict[str, list[str]] = {}
        for excerpt_id in dict.fromkeys(excerpt_ids):
            excerpt = self.excerpt(excerpt_id)
            voice = self.voice(excerpt, channel_too=channel_too) if excerpt else ""
            groups.setdefault(voice, []).append(excerpt_id)
        return "; ".join(f"{voice}{self.cite_all(ids)}" for voice, ids in groups.items())

    def evidence(self, evidence: Iterable[Evidence]) -> str:
        """Evidence sentences, the role said where each note is cited: "Evidence: **John
        Kirby** (asserts)[^1]. Contradicted by: **…** (denies), via KCNA[^4]." Empty when
        there is none."""
        by_role: dict[str, list[str]] = {}
        for item in evidence:
            role = item.role if item.role in _ROLE_LABELS else "supports"
            by_role.setdefault(role, []).append(item.excerpt_id)
        return " ".join(f"{label}: {self.cite_voiced(by_role[role])}."
                        for role, label in _ROLE_LABELS.items() if role in by_role)

    def _source(self, source_id: str) -> Source:
        if source_id not in self._sources:
            source = self.store.sources.get(source_id)
            self._sources[source_id] = source
            self.sources.append(source)
        return self._sources[source_id]

    def source_of(self, excerpt: Excerpt) -> Source:
        if excerpt.source_id not in self._sources:
            return self.store.sources.get(excerpt.source_id)
        return self._sources[excerpt.source_id]

    def source_number(self, source_id: str) -> int:
        return next(i for i, s in enumerate(self.sources, 1) if s.id == source_id)

    def name(self, entity_id: str | None) -> str:
        """A card's name (a deleted one's too: the excerpt still says who spoke)."""
        if not entity_id:
            return ""
        if entity_id not in self._names:
            self._names.update(self.store.entities.names([entity_id]))
        return self._names.get(entity_id, "")

    def voice(self, excerpt: Excerpt, source: Source | None = None, *,
              channel_too: bool = True) -> str:
        """Who spoke and how, as Markdown: "John Kirby (asserts), via White House briefing".

        Without a speaker the words are the source's own ("the article (reports)"); with
        nothing recorded, empty."""
        speaker = self.name(excerpt.speaker_id)
        channel = self.name(excerpt.channel_id) if channel_too else ""
        if not (speaker or channel or excerpt.stance):
            return ""
        if speaker:
            who = f"**{text(speaker)}**"
        elif channel:
            who = "unnamed speaker"
        else:
            who = _KIND_WORDS.get((source or self.source_of(excerpt)).kind, "the source")
        voice = f"{who} ({text(excerpt.stance)})" if excerpt.stance else who
        return voice + (f", via {text(channel)}" if channel else "")

    def definitions(self) -> str:
        """The Markdown footnote definitions, in number order."""
        return "\n\n".join(self._definition(note) for note in self.notes)

    def _definition(self, note: Note) -> str:
        excerpt, source = note.excerpt, note.source
        voice = self.voice(excerpt, source)
        lead = f"{voice[0].upper()}{voice[1:]}: " if voice else ""
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
        hashes = source_hashes(source)
        url = f" <{source.url}>" if safe_url(source.url) else ""
        return (f"[^{note.number}]: {lead}“{text(excerpt.quote)}” — {', '.join(where)}"
                f"{'; ' + ', '.join(dates) if dates else ''}.{url}"
                f" {grade_phrase(source, excerpt)}."
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
