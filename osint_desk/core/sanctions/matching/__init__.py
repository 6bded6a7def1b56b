"""Name matching for sanctions screening: normalisation, blocking keys, comparison, index."""

from .compare import Comparison, compare
from .index import DEFAULT_THRESHOLD, Candidate, NameIndex
from .keys import name_keys, phonetic
from .normalize import normalize

__all__ = [
    "DEFAULT_THRESHOLD",
    "Candidate",
    "Comparison",
    "NameIndex",
    "compare",
    "name_keys",
    "normalize",
    "phonetic",
]
