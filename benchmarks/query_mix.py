"""The fixed query mix of the search benchmark, shared by the generator (which plants the words
so that each query has a known document frequency) and the benchmark (which runs them).

Each entry: (label, query as a user types it, what the generator does to make it hit).
"""

from __future__ import annotations

RARE_WORD = "Vorkhalin"  # planted in exactly RARE_SOURCES English sources, nowhere else
RARE_SOURCES = 5
COMMON_WORD = "said"  # a vocabulary word whose Zipf rank puts it in about 20 % of documents
PHRASE = ("weapons", "delivery")  # two mid-frequency words; the phrase is planted in ~3 %
PREFIX = "sanct"  # sanction, sanctions, sanctioned, sanctuary, sanctity, ...
CYRILLIC_WORD = "санкции"  # a Russian vocabulary word (Russian sources are ~15 %)
CJK_STRING = "瓦格纳集团"  # planted in ~15 % of the Chinese sources (unspaced text)

QUERIES: tuple[tuple[str, str], ...] = (
    ("rare word", RARE_WORD),
    ("common word", COMMON_WORD),
    ("phrase", f'"{PHRASE[0]} {PHRASE[1]}"'),
    ("prefix", f"{PREFIX}*"),
    ("Cyrillic", CYRILLIC_WORD),
    ("CJK", CJK_STRING),
)
