"""Schema of reversible card merges (issue 16): the merge record and pair judgements.

A merge moves every reference of the member cards onto the surviving card and keeps, in the
merge record, exactly what it changed (``journal``: JSON, see ``merges``), so Split can put
every row back. A negative judgement says two cards are not the same, so the pair is not
proposed again. Part of schema step 7 (``schema_sql.step_0007``).
"""

SCHEMA_V7_MERGE = """
CREATE TABLE merges (
    id INTEGER PRIMARY KEY,
    public_id TEXT NOT NULL UNIQUE,
    survivor_id INTEGER NOT NULL REFERENCES entities(id),
    members TEXT NOT NULL CHECK (json_valid(members)),
    journal TEXT NOT NULL CHECK (json_valid(journal)),
    created_new INTEGER NOT NULL DEFAULT 0 CHECK (created_new IN (0, 1)),
    actor TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    split_at TEXT
);
CREATE INDEX merges_survivor ON merges(survivor_id);
CREATE TABLE card_judgements (
    id INTEGER PRIMARY KEY,
    a_id INTEGER NOT NULL REFERENCES entities(id),
    b_id INTEGER NOT NULL REFERENCES entities(id),
    verdict TEXT NOT NULL CHECK (verdict IN ('negative', 'unsure')),
    created_at TEXT NOT NULL,
    CHECK (a_id < b_id),
    UNIQUE (a_id, b_id)
);
"""
