"""The case-file schema as SQL, and each migration step as a plain function.

The steps take any ``execute(sql)`` callable, so the same code builds a real case (through
sqlite-utils' ``Migrations`` in ``schema``) and the in-memory reference catalogue that every
opened file is compared with (``schema_check``): the schema is written once. No sqlite-utils
here, so that checking a current case does not load it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

from osint_desk.core.store.schema_version import APPLICATION_ID

Execute = Callable[[str], Any]

_TIMESTAMPS = """
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT"""

SCHEMA_V1 = f"""
CREATE TABLE case_meta (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    case_id TEXT NOT NULL,
    title TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    author TEXT NOT NULL DEFAULT '',
    marking TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    app_version TEXT NOT NULL
);

CREATE TABLE blobs (
    sha256 TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    media_type TEXT,
    data BLOB NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TRIGGER blobs_are_immutable BEFORE UPDATE ON blobs
BEGIN
    SELECT RAISE(ABORT, 'the original bytes of a source are immutable');
END;

CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    public_id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    url TEXT,
    outlet TEXT,
    author TEXT,
    published TEXT,
    published_precision TEXT,
    published_utc TEXT,
    retrieved TEXT,
    retrieved_precision TEXT,
    retrieved_utc TEXT,
    language TEXT,
    text TEXT NOT NULL,
    text_sha256 TEXT NOT NULL,
    original_sha256 TEXT REFERENCES blobs(sha256),
    original_filename TEXT,
    media_type TEXT,
    page_map TEXT CHECK (page_map IS NULL OR json_valid(page_map)),
    reliability TEXT CHECK (reliability IN ('A', 'B', 'C', 'D', 'E', 'F')),
    notes TEXT NOT NULL DEFAULT '',{_TIMESTAMPS}
);
CREATE INDEX sources_text_sha256 ON sources(text_sha256);
CREATE INDEX sources_original_sha256 ON sources(original_sha256);

CREATE TRIGGER sources_text_is_immutable BEFORE UPDATE OF text, text_sha256, page_map ON sources
WHEN NEW.text IS NOT OLD.text OR NEW.text_sha256 IS NOT OLD.text_sha256
    OR NEW.page_map IS NOT OLD.page_map
BEGIN
    SELECT RAISE(ABORT, 'the text of a source is immutable once captured');
END;

CREATE TABLE entities (
    id INTEGER PRIMARY KEY,
    public_id TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    attributes TEXT NOT NULL DEFAULT '{{}}' CHECK (json_valid(attributes)),{_TIMESTAMPS}
);
CREATE INDEX entities_name_key ON entities(name_key);
CREATE INDEX entities_type ON entities(type, name_key);

CREATE TABLE entity_aliases (
    id INTEGER PRIMARY KEY,
    public_id TEXT NOT NULL UNIQUE,
    entity_id INTEGER NOT NULL REFERENCES entities(id),
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('strong', 'weak', 'nickname')),
    script TEXT,
    language TEXT,{_TIMESTAMPS}
);
CREATE INDEX entity_aliases_entity ON entity_aliases(entity_id);
CREATE INDEX entity_aliases_name_key ON entity_aliases(name_key);

CREATE TABLE excerpts (
    id INTEGER PRIMARY KEY,
    public_id TEXT NOT NULL UNIQUE,
    source_id INTEGER NOT NULL REFERENCES sources(id),
    start_offset INTEGER NOT NULL CHECK (start_offset >= 0),
    end_offset INTEGER NOT NULL CHECK (end_offset > start_offset),
    quote TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    credibility INTEGER CHECK (credibility BETWEEN 1 AND 6),
    event_date TEXT,
    event_date_precision TEXT,
    speaker_id INTEGER REFERENCES entities(id),
    channel_id INTEGER REFERENCES entities(id),
    stance TEXT CHECK (stance IN ('asserts', 'denies', 'confirms', 'reports')),
    translation TEXT,
    translation_language TEXT,{_TIMESTAMPS}
);
CREATE INDEX excerpts_source ON excerpts(source_id, start_offset);
CREATE INDEX excerpts_speaker ON excerpts(speaker_id);
CREATE INDEX excerpts_channel ON excerpts(channel_id);

-- The excerpt invariant, held by the file itself: the quote is the source text at its range
-- (SQLite's substr() counts characters as Python counts code points).
CREATE TRIGGER excerpts_quote_matches_on_insert BEFORE INSERT ON excerpts
WHEN NEW.quote IS NOT substr((SELECT text FROM sources WHERE id = NEW.source_id),
                             NEW.start_offset + 1, NEW.end_offset - NEW.start_offset)
BEGIN
    SELECT RAISE(ABORT, 'an excerpt quote must equal its source text at its range');
END;
CREATE TRIGGER excerpts_quote_matches_on_update
BEFORE UPDATE OF source_id, start_offset, end_offset, quote ON excerpts
WHEN NEW.quote IS NOT substr((SELECT text FROM sources WHERE id = NEW.source_id),
                             NEW.start_offset + 1, NEW.end_offset - NEW.start_offset)
BEGIN
    SELECT RAISE(ABORT, 'an excerpt quote must equal its source text at its range');
END;

CREATE TABLE relationships (
    id INTEGER PRIMARY KEY,
    public_id TEXT NOT NULL UNIQUE,
    subject_id INTEGER NOT NULL REFERENCES entities(id),
    predicate TEXT NOT NULL,
    object_id INTEGER NOT NULL REFERENCES entities(id),
    start_date TEXT,
    start_precision TEXT,
    end_date TEXT,
    end_precision TEXT,
    confidence INTEGER CHECK (confidence BETWEEN 0 AND 100),
    note TEXT NOT NULL DEFAULT '',{_TIMESTAMPS}
);
CREATE INDEX relationships_subject ON relationships(subject_id);
CREATE INDEX relationships_object ON relationships(object_id);

CREATE TABLE sanctions (
    id INTEGER PRIMARY KEY,
    public_id TEXT NOT NULL UNIQUE,
    entity_id INTEGER NOT NULL REFERENCES entities(id),
    authority TEXT NOT NULL,
    list_name TEXT NOT NULL DEFAULT '',
    programs TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(programs)),
    entry_ref TEXT,
    listed_name TEXT,
    listed_on TEXT,
    listed_precision TEXT,
    delisted_on TEXT,
    delisted_precision TEXT,
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'delisted', 'unknown')),
    reason TEXT NOT NULL DEFAULT '',
    list_published TEXT,
    list_sha256 TEXT,
    provenance TEXT NOT NULL DEFAULT '{{}}' CHECK (json_valid(provenance)),{_TIMESTAMPS}
);
CREATE INDEX sanctions_entity ON sanctions(entity_id);
CREATE INDEX sanctions_entry ON sanctions(authority, entry_ref);

CREATE TABLE mentions (
    excerpt_id INTEGER NOT NULL REFERENCES excerpts(id),
    entity_id INTEGER NOT NULL REFERENCES entities(id),
    created_at TEXT NOT NULL,
    PRIMARY KEY (excerpt_id, entity_id)
) WITHOUT ROWID;
CREATE INDEX mentions_entity ON mentions(entity_id);

CREATE TABLE relationship_evidence (
    relationship_id INTEGER NOT NULL REFERENCES relationships(id),
    excerpt_id INTEGER NOT NULL REFERENCES excerpts(id),
    role TEXT NOT NULL CHECK (role IN ('supports', 'contradicts', 'context')),
    created_at TEXT NOT NULL,
    PRIMARY KEY (relationship_id, excerpt_id)
) WITHOUT ROWID;
CREATE INDEX relationship_evidence_excerpt ON relationship_evidence(excerpt_id);

CREATE TABLE sanction_evidence (
    sanction_id INTEGER NOT NULL REFERENCES sanctions(id),
    excerpt_id INTEGER NOT NULL REFERENCES excerpts(id),
    role TEXT NOT NULL CHECK (role IN ('supports', 'contradicts', 'context')),
    created_at TEXT NOT NULL,
    PRIMARY KEY (sanction_id, excerpt_id)
) WITHOUT ROWID;
CREATE INDEX sanction_evidence_excerpt ON sanction_evidence(excerpt_id);

CREATE TABLE tags (
    id INTEGER PRIMARY KEY,
    public_id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,{_TIMESTAMPS}
);
CREATE UNIQUE INDEX tags_name_key ON tags(name_key);

CREATE TABLE taggings (
    tag_id INTEGER NOT NULL REFERENCES tags(id),
    target_kind TEXT NOT NULL
        CHECK (target_kind IN ('source', 'excerpt', 'entity', 'relationship', 'sanction')),
    target_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (tag_id, target_kind, target_id)
) WITHOUT ROWID;
CREATE INDEX taggings_target ON taggings(target_kind, target_id);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    table_name TEXT NOT NULL,
    record_id TEXT,
    before TEXT CHECK (before IS NULL OR json_valid(before)),
    after TEXT CHECK (after IS NULL OR json_valid(after))
);
CREATE INDEX audit_log_record ON audit_log(record_id);

-- One search index across every kind, so that ranks are comparable. search_docs holds what
-- is indexed; two FTS5 indexes read it: words (diacritics folded; prefix and phrase queries)
-- and trigrams (CJK and substrings).
CREATE TABLE search_docs (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    record_id INTEGER NOT NULL,
    public_id TEXT NOT NULL,
    label TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    UNIQUE (kind, record_id)
);
CREATE VIRTUAL TABLE search_words USING fts5(
    title, body, note, content='search_docs', content_rowid='id',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE search_trigrams USING fts5(
    title, body, note, content='search_docs', content_rowid='id', tokenize = 'trigram'
);
INSERT INTO search_words(search_words, rank) VALUES ('rank', 'bm25(8.0, 1.0, 2.0)');
INSERT INTO search_trigrams(search_trigrams, rank) VALUES ('rank', 'bm25(8.0, 1.0, 2.0)');
CREATE TRIGGER search_docs_ai AFTER INSERT ON search_docs BEGIN
    INSERT INTO search_words(rowid, title, body, note)
        VALUES (NEW.id, NEW.title, NEW.body, NEW.note);
    INSERT INTO search_trigrams(rowid, title, body, note)
        VALUES (NEW.id, NEW.title, NEW.body, NEW.note);
END;
CREATE TRIGGER search_docs_ad AFTER DELETE ON search_docs BEGIN
    INSERT INTO search_words(search_words, rowid, title, body, note)
        VALUES ('delete', OLD.id, OLD.title, OLD.body, OLD.note);
    INSERT INTO search_trigrams(search_trigrams, rowid, title, body, note)
        VALUES ('delete', OLD.id, OLD.title, OLD.body, OLD.note);
END;
CREATE TRIGGER search_docs_au AFTER UPDATE ON search_docs BEGIN
    INSERT INTO search_words(search_words, rowid, title, body, note)
        VALUES ('delete', OLD.id, OLD.title, OLD.body, OLD.note);
    INSERT INTO search_trigrams(search_trigrams, rowid, title, body, note)
        VALUES ('delete', OLD.id, OLD.title, OLD.body, OLD.note);
    INSERT INTO search_words(rowid, title, body, note)
        VALUES (NEW.id, NEW.title, NEW.body, NEW.note);
    INSERT INTO search_trigrams(rowid, title, body, note)
        VALUES (NEW.id, NEW.title, NEW.body, NEW.note);
END;
"""


def run_script(db: Any, script: str) -> None:
    """Run statements one by one through ``db.execute``, inside the caller's transaction.

    ``executescript`` would COMMIT first, breaking the migration's atomicity.
    """
    for statement in statements(script):
        db.execute(statement)


def statements(script: str) -> list[str]:
    """The complete statements of a script, comments between them skipped."""
    out: list[str] = []
    buffer = ""
    for line in script.splitlines(keepends=True):
        if not buffer and (not line.strip() or line.lstrip().startswith("--")):
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            out.append(buffer)
            buffer = ""
    if buffer.strip():
        raise ValueError(f"incomplete SQL statement in schema: {buffer[:80]!r}")
    return out


def step_0001_initial(execute: Execute) -> None:
    for statement in statements(SCHEMA_V1):
        execute(statement)
    execute(f"PRAGMA application_id = {APPLICATION_ID}")
    execute("PRAGMA user_version = 1")


# Screening results: what the list library proposed for each card and what the user decided,
# keyed by card + authority + entry reference (never a row of the list library, which is
# rebuilt on every list update). The listed entry is copied in, so the case explains itself
# without the library. sanction_checks compares each record on a card with the list as it
# now stands, so a list update shows what changed.
SCHEMA_V2 = """
CREATE TABLE screening_hits (
    id INTEGER PRIMARY KEY,
    public_id TEXT NOT NULL UNIQUE,
    entity_id INTEGER NOT NULL REFERENCES entities(id),
    authority TEXT NOT NULL,
    entry_ref TEXT NOT NULL,
    list_key TEXT NOT NULL,
    list_name TEXT NOT NULL DEFAULT '',
    list_published TEXT,
    list_sha256 TEXT NOT NULL DEFAULT '',
    score REAL NOT NULL,
    query TEXT NOT NULL,
    matched_name TEXT NOT NULL,
    listed_name TEXT NOT NULL,
    explanation TEXT NOT NULL DEFAULT '',
    entry TEXT NOT NULL CHECK (json_valid(entry)),
    entry_sha256 TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'open'
        CHECK (status IN ('open', 'confirmed', 'dismissed', 'held')),
    sanction_id INTEGER REFERENCES sanctions(id),
    decided_at TEXT,
    decided_by TEXT,
    note TEXT NOT NULL DEFAULT '',
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    UNIQUE (entity_id, authority, entry_ref)
);

CREATE TABLE sanction_checks (
    sanction_id INTEGER PRIMARY KEY REFERENCES sanctions(id),
    list_key TEXT NOT NULL,
    list_name TEXT NOT NULL DEFAULT '',
    list_published TEXT,
    list_sha256 TEXT NOT NULL,
    entry TEXT CHECK (entry IS NULL OR json_valid(entry)),
    entry_sha256 TEXT,
    changes TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(changes)),
    acknowledged TEXT,
    checked_at TEXT NOT NULL
);

CREATE TABLE screening_runs (
    id INTEGER PRIMARY KEY,
    public_id TEXT NOT NULL UNIQUE,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    scope TEXT NOT NULL CHECK (json_valid(scope)),
    threshold REAL NOT NULL,
    lists TEXT NOT NULL CHECK (json_valid(lists)),
    cards INTEGER NOT NULL,
    names INTEGER NOT NULL,
    hits INTEGER NOT NULL,
    new_hits INTEGER NOT NULL,
    flagged INTEGER NOT NULL
);
"""


def step_0002_screening(execute: Execute) -> None:
    for statement in statements(SCHEMA_V2):
        execute(statement)
    execute("PRAGMA user_version = 2")


def step_0003_report(execute: Execute) -> None:
    """The report's key findings (Markdown, written by the user) and its date."""
    execute("ALTER TABLE case_meta ADD COLUMN findings TEXT NOT NULL DEFAULT ''")
    execute("ALTER TABLE case_meta ADD COLUMN report_date TEXT")
    execute("PRAGMA user_version = 3")


# Saved link charts: a name and the chart's state as JSON (``core.chart.state``: positions,
# pins, hidden nodes, groups, layout). Cards are named by public id inside the state, not by
# foreign key, so a chart outlives a deleted card (the node is left out while it is gone).
SCHEMA_V4 = f"""
CREATE TABLE charts (
    id INTEGER PRIMARY KEY,
    public_id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    state TEXT NOT NULL CHECK (json_valid(state)),{_TIMESTAMPS}
);
CREATE INDEX charts_name ON charts(name);
"""


def step_0004_charts(execute: Execute) -> None:
    for statement in statements(SCHEMA_V4):
        execute(statement)
    execute("PRAGMA user_version = 4")


# The audit log becomes a hash chain (``audit_chain``): each entry holds the hash of the one
# before it and its own, the entries already there are chained now, and the log is
# append-only from here on: SQLite itself refuses to change or remove an entry.
SCHEMA_V5 = """
CREATE TRIGGER audit_log_append_only BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only: entries cannot be changed');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only: entries cannot be removed');
END;
"""


def step_0005_audit_chain(execute: Execute) -> None:
    from osint_desk.core.store.audit_chain import chain_existing

    execute("ALTER TABLE audit_log ADD COLUMN prev_hash TEXT")
    execute("ALTER TABLE audit_log ADD COLUMN row_hash TEXT")
    chain_existing(execute)
    for statement in statements(SCHEMA_V5):
        execute(statement)
    execute("PRAGMA user_version = 5")


# Web captures and their parts. ``capture`` is what a capture format says about itself (JSON,
# as read), ``integrity`` its own check of its bytes, ``part_of`` the source a part came out
# of (a WARC's page, a mail's attachment): like the text, fixed once stored. Two partial
# covering indexes let the timeline read every live source's header and every dated
# excerpt from compact pages instead of rows scattered among the source texts that fill
# most of a case file: on the 100,000-excerpt case the first (cold) read of the sources fell
# from 6 s to 0.05 s and of the dated excerpts from 6-7 s to 1.3-2.2 s, for 6 % more file.
SCHEMA_V6_COLUMNS = (
    "ALTER TABLE sources ADD COLUMN capture TEXT"
    " CHECK (capture IS NULL OR (json_valid(capture) AND json_type(capture) = 'object'))",
    "ALTER TABLE sources ADD COLUMN integrity TEXT"
    " CHECK (integrity IS NULL OR integrity IN ('valid', 'mismatch', 'absent'))",
    # A source's public id; not a REFERENCES clause, which would make the column impossible
    # to drop or rename later. The store checks it on insert, ``verify`` afterwards.
    "ALTER TABLE sources ADD COLUMN part_of TEXT",
)
SCHEMA_V6 = """
CREATE INDEX sources_part_of ON sources(part_of) WHERE part_of IS NOT NULL;
CREATE INDEX sources_live ON sources(id, public_id, title, outlet, published, retrieved,
    reliability) WHERE deleted_at IS NULL;
CREATE INDEX excerpts_dated ON excerpts(id, event_date, source_id, speaker_id, channel_id,
    public_id, quote, note, credibility, stance)
    WHERE event_date IS NOT NULL AND deleted_at IS NULL;
CREATE TRIGGER sources_capture_is_immutable BEFORE UPDATE OF capture, integrity, part_of
ON sources
WHEN NEW.capture IS NOT OLD.capture OR NEW.integrity IS NOT OLD.integrity
    OR NEW.part_of IS NOT OLD.part_of
BEGIN
    SELECT RAISE(ABORT, 'what a capture says about itself cannot be changed');
END;
"""


def step_0006_captures(execute: Execute) -> None:
    for statement in SCHEMA_V6_COLUMNS:
        execute(statement)
    for statement in statements(SCHEMA_V6):
        execute(statement)
    execute("PRAGMA user_version = 6")


def step_0007_review(execute: Execute) -> None:
    """Suggestion judgements, reversible merges and pair judgements, watch terms."""
    from osint_desk.core.store.schema_extract import SCHEMA_V7_EXTRACT
    from osint_desk.core.store.schema_merge import SCHEMA_V7_MERGE
    from osint_desk.core.store.schema_watch import SCHEMA_V7_WATCH

    for script in (SCHEMA_V7_EXTRACT, SCHEMA_V7_MERGE, SCHEMA_V7_WATCH):
        for statement in statements(script):
            execute(statement)
    execute("PRAGMA user_version = 7")


#: Every step in order, by the name ``Migrations`` records; step N leaves ``user_version`` N.
STEPS: tuple[tuple[str, Callable[[Execute], None]], ...] = (
    ("0001_initial", step_0001_initial),
    ("0002_screening", step_0002_screening),
    ("0003_report", step_0003_report),
    ("0004_charts", step_0004_charts),
    ("0005_audit_chain", step_0005_audit_chain),
    ("0006_captures", step_0006_captures),
    ("0007_review", step_0007_review),
)
