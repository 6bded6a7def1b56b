"""Cards a typed name could mean, best first, with the alias that matched (for pickers).

``Entities.list(text_filter=...)`` sorts matches by name, so in a large case the card whose
alias is exactly what was typed can fall past the first page. Here the matches are ranked:
the exact name or alias first, then names and aliases that start with the text, then those
with a word that starts with it, then any that contain it; at each rank a card's own name
before an alias. One query over names and aliases (``name_key``), parameterised.
"""

from __future__ import annotations

from osint_desk.core.store.context import StoreContext

_SUGGEST = """
WITH matched AS (
    SELECT e.id AS card, e.name_key AS card_key, NULL AS alias, e.name_key AS k, 0 AS own
    FROM entities e
    WHERE e.deleted_at IS NULL AND e.name_key LIKE ?2 ESCAPE '\\'
    UNION ALL
    SELECT e.id, e.name_key, a.name, a.name_key, 1
    FROM entity_aliases a JOIN entities e ON e.id = a.entity_id
    WHERE a.deleted_at IS NULL AND e.deleted_at IS NULL
      AND a.name_key LIKE ?2 ESCAPE '\\'
), ranked AS (
    SELECT card, card_key, alias,
           2 * (CASE WHEN k = ?1 THEN 0
                     WHEN k LIKE ?3 ESCAPE '\\' THEN 1
                     WHEN k LIKE ?4 ESCAPE '\\' THEN 2
                     ELSE 3 END) + own AS rank
    FROM matched
)
SELECT e.public_id, r.alias, min(r.rank) AS best
FROM ranked r JOIN entities e ON e.id = r.card
GROUP BY r.card
ORDER BY best, r.card_key, r.card
LIMIT ?5
"""


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def suggest_ids(ctx: StoreContext, key: str, limit: int) -> list[tuple[str, str | None]]:
    """``(card id, matching alias or None)`` for cards whose name or alias contains ``key``
    (a ``name_key``), best first. The alias is given only when the card's name did not match
    at least as well (SQLite takes the bare ``alias`` column from the row of ``min(rank)``)."""
    if not key:
        return []
    escaped = _like(key)
    rows = ctx.all(_SUGGEST, (key, f"%{escaped}%", f"{escaped}%", f"% {escaped}%", limit))
    return [(row["public_id"], row["alias"] if row["best"] % 2 else None) for row in rows]
