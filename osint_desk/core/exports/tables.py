"""The case as CSV tables, one per kind, joined by public ids: for spreadsheets and scripts.

Only what the user sees is exported (soft-deleted records are left out; the JSON dump has
them). Files are UTF-8 with a byte-order mark, so Excel shows Cyrillic, Arabic or CJK text
right, written by the ``csv`` module with CRLF line ends and quoting as RFC 4180 describes.

Formula neutralisation (CSV injection, after the OWASP guidance): a spreadsheet runs a cell
that starts with ``=``, ``+``, ``-`` or ``@`` as a formula, and a formula can send the sheet
away (``=HYPERLINK(...)``, ``=WEBSERVICE(...)``) or start programs (DDE). Case content comes
from outside — page titles, quotes, names on official lists — so every *text* cell whose first
character is one of those, a tab or a carriage return, or whose first non-blank character is
one of them (or their full-width forms ``＝＋－＠``), is written with a leading ``'``. Excel,
LibreOffice and Google Sheets then show it as text; the ``'`` stays visible, which is the price
of never reaching a spreadsheet active. Numbers from numeric fields (offsets, pages,
credibility, confidence, scores) are numbers by construction and are written as numbers; a
text that merely looks like a number (``-2+3``) is text and is neutralised like any other.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from osint_desk.core.errors import OsintDeskError
from osint_desk.core.exports.staging import PREFIX, staged, sweep
from osint_desk.core.model import likelihood_words

if TYPE_CHECKING:
    from osint_desk.core.store import CaseStore
    from osint_desk.core.store.records import Entity, Evidence, Excerpt, Source

Cell = str | int | float | None
Table = tuple[tuple[str, ...], list[list[Any]]]

# A leading character that makes a spreadsheet read the cell as a formula (or strip its way to
# one): OWASP's list, plus the full-width forms some spreadsheets accept with a CJK input.
FORMULA_TRIGGERS = frozenset("=+-@\t\r＝＋－＠")
ENCODING = "utf-8-sig"


def neutralise(value: str) -> str:
    """``value`` made inert for a spreadsheet: a leading ``'`` when it could start a formula."""
    if not value:
        return value
    if value[0] in FORMULA_TRIGGERS or value.lstrip()[:1] in FORMULA_TRIGGERS:
        return "'" + value
    return value


def cell(value: Any) -> Cell:
    """Numbers stay numbers; everything else becomes neutralised text (None stays empty)."""
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return neutralise(str(value))


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _evidence(evidence: Iterable[Evidence]) -> str:
    return "; ".join(f"{item.excerpt_id}:{item.role}" for item in evidence)


def _grade(reliability: str | None, credibility: int | None) -> str:
    """Admiralty grade, e.g. ``B2``; ``?`` stands for the half not given, empty for neither."""
    if reliability is None and credibility is None:
        return ""
    return f"{reliability or '?'}{credibility if credibility is not None else '?'}"


def _sources(sources: list[Source]) -> Table:
    header = ("id", "kind", "title", "url", "outlet", "author", "published",
              "published_precision", "retrieved", "retrieved_precision", "language",
              "reliability", "text_sha256", "text_length", "original_sha256",
              "original_filename", "media_type", "pages", "notes", "created_at", "updated_at")
    rows: list[list[Any]] = [
        [s.id, s.kind, s.title, s.url, s.outlet, s.author, s.published, s.published_precision,
         s.retrieved, s.retrieved_precision, s.language, s.reliability, s.text_sha256,
         len(s.text), s.original_sha256, s.original_filename, s.media_type,
         len(s.page_map) if s.page_map else None, s.notes, s.created_at, s.updated_at]
        for s in sources]
    return header, rows


def _excerpts(excerpts: list[Excerpt], sources: list[Source], names: dict[str, str]) -> Table:
    header = ("id", "source_id", "source_title", "start", "end", "page", "quote",
              "reliability", "credibility", "grade", "event_date", "event_date_precision",
              "speaker_id", "speaker", "channel_id", "channel", "stance", "translation",
              "translation_language", "note", "created_at", "updated_at")
    by_id = {s.id: s for s in sources}
    rows: list[list[Any]] = []
    for x in excerpts:
        source = by_id[x.source_id]
        rows.append([
            x.id, x.source_id, source.title, x.start, x.end, source.page_of(x.start), x.quote,
            source.reliability, x.credibility, _grade(source.reliability, x.credibility),
            x.event_date, x.event_date_precision, x.speaker_id, names.get(x.speaker_id or ""),
            x.channel_id, names.get(x.channel_id or ""), x.stance, x.translation,
            x.translation_language, x.note, x.created_at, x.updated_at])
    return header, rows


def _mentions(store: CaseStore, excerpts: list[Excerpt], names: dict[str, str]) -> Table:
    rows: list[list[Any]] = [[x.id, entity_id, names.get(entity_id)]
                             for x in excerpts
                             for entity_id in store.excerpts.entity_ids(x.id)]
    return ("excerpt_id", "entity_id", "entity"), rows


def _entities(entities: list[Entity]) -> tuple[Table, Table]:
    header = ("id", "type", "name", "aliases", "attributes", "description", "created_at",
              "updated_at")
    cards, aliases = [], []
    for e in entities:
        cards.append([e.id, e.type, e.name, "; ".join(a.name for a in e.aliases),
                      _json(e.attributes), e.description, e.created_at, e.updated_at])
        aliases += [[a.id, e.id, e.name, a.name, a.kind, a.script, a.language]
                    for a in e.aliases]
    alias_header = ("id", "entity_id", "entity", "name", "kind", "script", "language")
    return (header, cards), (alias_header, aliases)


def _relationships(store: CaseStore, names: dict[str, str]) -> tuple[Table, Table]:
    header = ("id", "subject_id", "subject", "predicate", "object_id", "object", "start",
              "start_precision", "end", "end_precision", "confidence", "likelihood",
              "evidence", "note", "created_at", "updated_at")
    rows, evidence = [], []
    for r in store.relationships.list():
        rows.append([
            r.id, r.subject_id, names.get(r.subject_id), r.predicate, r.object_id,
            names.get(r.object_id), r.start, r.start_precision, r.end, r.end_precision,
            r.confidence, likelihood_words(r.confidence) if r.confidence is not None else None,
            _evidence(r.evidence), r.note, r.created_at, r.updated_at])
        evidence += [[r.id, item.excerpt_id, item.role] for item in r.evidence]
    return (header, rows), (("relationship_id", "excerpt_id", "role"), evidence)


def _sanctions(store: CaseStore, names: dict[str, str]) -> tuple[Table, Table]:
    header = ("id", "entity_id", "entity", "authority", "list_name", "programs", "entry_ref",
              "listed_name", "listed_on", "listed_precision", "delisted_on",
              "delisted_precision", "status", "reason", "list_published", "list_sha256",
              "provenance", "evidence", "created_at", "updated_at")
    rows, evidence = [], []
    for x in store.sanctions.list():
        rows.append([
            x.id, x.entity_id, names.get(x.entity_id), x.authority, x.list_name,
            "; ".join(x.programs), x.entry_ref, x.listed_name, x.listed_on, x.listed_precision,
            x.delisted_on, x.delisted_precision, x.status, x.reason, x.list_published,
            x.list_sha256, _json(x.provenance), _evidence(x.evidence), x.created_at,
            x.updated_at])
        evidence += [[x.id, item.excerpt_id, item.role] for item in x.evidence]
    return (header, rows), (("sanction_id", "excerpt_id", "role"), evidence)


def _tags(store: CaseStore, live: set[tuple[str, str]]) -> tuple[Table, Table]:
    tags, taggings = [], []
    for tag in store.tags.list():
        tags.append([tag.id, tag.name, tag.count])
        taggings += [[tag.id, tag.name, kind, target]
                     for kind, target in store.tags.targets(tag.name) if (kind, target) in live]
    return ((("id", "name", "count"), tags),
            (("tag_id", "tag", "target_kind", "target_id"), taggings))


def _screening(store: CaseStore) -> Table:
    header = ("id", "entity_id", "entity", "entity_type", "authority", "entry_ref",
              "list_name", "list_published", "list_sha256", "score", "query", "matched_name",
              "listed_name", "explanation", "entry_sha256", "status", "sanction_id",
              "decided_at", "decided_by", "note", "first_seen", "last_seen")
    rows: list[list[Any]] = [
        [h.id, h.entity_id, h.entity_name, h.entity_type, h.authority, h.entry_ref,
         h.list_name, h.list_published, h.list_sha256, h.score, h.query, h.matched_name,
         h.listed_name, h.explanation, h.entry_sha256, h.status, h.sanction_id, h.decided_at,
         h.decided_by, h.note, h.first_seen, h.last_seen]
        for h in store.screening.list()]
    return header, rows


TABLE_NAMES = ("sources", "excerpts", "mentions", "entities", "aliases", "relationships",
               "relationship_evidence", "sanctions", "sanction_evidence", "tags", "taggings",
               "screening_hits")
FILE_NAMES = frozenset(f"{name}.csv" for name in TABLE_NAMES)
# What file managers drop into any folder they show; not someone's data.
_OS_LITTER = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})


def case_tables(store: CaseStore) -> dict[str, Table]:
    """Every table by name (see :data:`TABLE_NAMES`): live records only, cells as the records
    hold them (:func:`write_table` makes them safe)."""
    sources, excerpts = store.sources.list(), store.excerpts.list()
    cards = store.entities.list()
    names = store.entities.names([e.id for e in cards] + [
        ref for x in excerpts for ref in (x.speaker_id, x.channel_id) if ref])
    entities, aliases = _entities(cards)
    relationships, rel_evidence = _relationships(store, names)
    sanctions, sanction_evidence = _sanctions(store, names)
    live = ({("source", s.id) for s in sources} | {("excerpt", x.id) for x in excerpts}
            | {("entity", e.id) for e in cards}
            | {("relationship", str(row[0])) for row in relationships[1]}
            | {("sanction", str(row[0])) for row in sanctions[1]})
    tags, taggings = _tags(store, live)
    return {
        "sources": _sources(sources), "excerpts": _excerpts(excerpts, sources, names),
        "mentions": _mentions(store, excerpts, names), "entities": entities,
        "aliases": aliases, "relationships": relationships,
        "relationship_evidence": rel_evidence, "sanctions": sanctions,
        "sanction_evidence": sanction_evidence, "tags": tags, "taggings": taggings,
        "screening_hits": _screening(store),
    }


def write_table(handle: TextIO, header: Sequence[str],
                rows: Iterable[Sequence[Any]]) -> None:
    """One table as RFC 4180 CSV (CRLF) on a text handle opened with ``newline=""``."""
    writer = csv.writer(handle, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([cell(name) for name in header])
    for row in rows:
        writer.writerow([cell(value) for value in row])


def export_csv(store: CaseStore, out: Path) -> list[Path]:
    """Write one CSV per table into the folder ``out``, or into one zip if ``out`` ends in
    ``.zip``. Returns the files written (the zip alone for a zip).

    A folder is created if needed; an existing one must be empty or hold only our own CSVs
    (which are replaced), so an export never mixes with or overwrites someone else's files.
    Files appear only when complete (written aside, then renamed).
    """
    out = Path(out)
    tables = case_tables(store)
    if out.suffix.lower() == ".zip":
        if out.is_dir():
            raise OsintDeskError(f"{out}: is a folder; choose a .zip file name")
        _atomic_write(out, lambda path: _write_zip(path, tables))
        return [out]
    _check_folder(out)
    written = []
    for name, (header, rows) in tables.items():
        target = out / f"{name}.csv"

        def write(path: Path, header: Sequence[str] = header,
                  rows: list[list[Any]] = rows) -> None:
            with path.open("w", encoding=ENCODING, newline="") as handle:
                write_table(handle, header, rows)

        _atomic_write(target, write)
        written.append(target)
    return written


def _check_folder(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise OsintDeskError(f"{out}: a file is already there; choose a folder or a .zip name")
    if out.is_dir():
        sweep(out)  # a killed export's leftovers are not someone else's files
        foreign = sorted(p.name for p in out.iterdir()
                         if p.name not in FILE_NAMES and p.name not in _OS_LITTER
                         and not p.name.startswith(PREFIX))
        if foreign:
            shown = ", ".join(foreign[:5]) + (", ..." if len(foreign) > 5 else "")
            raise OsintDeskError(
                f"{out}: the folder already holds other files ({shown}); choose an empty"
                " folder so the export does not mix with them")
        return
    if not out.parent.is_dir():
        raise OsintDeskError(f"{out}: the folder {out.parent} does not exist")
    out.mkdir()


def _write_zip(path: Path, tables: dict[str, Table]) -> None:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, (header, rows) in tables.items():
            buffer = io.StringIO(newline="")
            write_table(buffer, header, rows)
            archive.writestr(f"{name}.csv", buffer.getvalue().encode(ENCODING))


def _atomic_write(target: Path, write: Callable[[Path], None]) -> None:
    """Write through a temporary file beside ``target``; nothing half-written is left."""
    with staged(target) as temp:
        write(temp)
