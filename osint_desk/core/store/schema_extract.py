"""Schema of the suggestion review (issue 16): what the analyst judged of a suggestion.

A suggestion is computed from a source's text, never stored; a judgement is: the normalised
text and kind of what was suggested, where it was seen, and whether it was rejected (not
proposed again in this case: one rejection per text and kind) or accepted (linked to a card
through an excerpt; ``created_card`` / ``created_excerpt`` say what accepting made, so
forgetting the judgement can take exactly that back). Part of schema step 7
(``schema_sql.step_0007``).
"""

SCHEMA_V7_EXTRACT = """
CREATE TABLE suggestion_judgements (
    id INTEGER PRIMARY KEY,
    public_id TEXT NOT NULL UNIQUE,
    norm_text TEXT NOT NULL,
    kind TEXT NOT NULL,
    verdict TEXT NOT NULL CHECK (verdict IN ('rejected', 'accepted')),
    text TEXT NOT NULL,
    source_id INTEGER REFERENCES sources(id),
    start_offset INTEGER,
    end_offset INTEGER,
    entity_id INTEGER REFERENCES entities(id),
    excerpt_id INTEGER REFERENCES excerpts(id),
    created_card INTEGER NOT NULL DEFAULT 0,
    created_excerpt INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX suggestion_rejections ON suggestion_judgements (norm_text, kind)
    WHERE verdict = 'rejected';
CREATE INDEX suggestion_judgements_source ON suggestion_judgements (source_id);
"""
