"""Schema of watch terms (issue 16): selectors a case watches for, and what matched them.

Part of schema step 7 (``schema_sql.step_0007``).
"""

SCHEMA_V7_WATCH = """
CREATE TABLE watch_terms (
    id INTEGER PRIMARY KEY,
    public_id TEXT NOT NULL UNIQUE,
    term TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('name', 'pattern', 'identifier')),
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
);
CREATE TABLE watch_hits (
    id INTEGER PRIMARY KEY,
    term_id INTEGER NOT NULL REFERENCES watch_terms(id),
    source_id INTEGER NOT NULL REFERENCES sources(id),
    excerpt_id INTEGER REFERENCES excerpts(id),
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    matched TEXT NOT NULL,
    created_at TEXT NOT NULL,
    seen_at TEXT,
    UNIQUE (term_id, source_id, start)
);
CREATE INDEX watch_hits_source ON watch_hits(source_id);
"""
