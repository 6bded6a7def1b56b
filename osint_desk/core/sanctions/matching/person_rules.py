"""Rules for persons' names that no part similarity sees: the generations of a "bin" chain
("Salman bin Muhammad" is the son of "Muhammad bin Salman") and the gender of a Slavic
surname or patronymic ("Baranova" is Mr Baranov's wife or daughter, not Mr Baranov).
"""

from __future__ import annotations

from functools import lru_cache

from .normalize import is_weak_token

__all__ = ["PATRONYMIC", "drop_crossed_patronyms", "gender_clash"]

PATRONYMIC = frozenset({"bin", "ibn", "ben", "bint", "binti", "ould", "bn"})
# Feminine and masculine endings of Slavic (and Baltic-Slavic) surnames.
_FEMININE = (("ova", "ov"), ("eva", "ev"), ("yova", "yov"), ("ina", "in"), ("yna", "yn"),
             ("skaya", "sky"), ("skaya", "skiy"), ("skaya", "skii"), ("skaia", "skii"),
             ("skaia", "sky"), ("ska", "ski"), ("tskaya", "tsky"), ("aya", "iy"), ("aya", "yy"),
             ("ovna", "ovich"), ("evna", "evich"))  # and of patronymics


def _roles(tokens: tuple[str, ...]) -> dict[int, str]:
    """In an Arabic-style chain, the own name (just before the first "bin") and the
    ancestors' names (just after each "bin")."""
    out: dict[int, str] = {}
    for k, t in enumerate(tokens):
        if t not in PATRONYMIC:
            continue
        if not out and k > 0 and not is_weak_token(tokens[k - 1], "Person"):
            out[k - 1] = "own"
        after = k + 1
        while after < len(tokens) and is_weak_token(tokens[after], "Person"):
            after += 1
        if after < len(tokens) and after not in out:
            out[after] = "ancestor"
    return out


def drop_crossed_patronyms(q: tuple[str, ...], c: tuple[str, ...],
                            aligned: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """Both names spell out a "bin" chain: a name in another generation on each side is not
    an alignment ("Salman bin Muhammad" is the son of "Muhammad bin Salman")."""
    if PATRONYMIC.isdisjoint(q) or PATRONYMIC.isdisjoint(c):
        return aligned
    rq, rc = _roles(q), _roles(c)
    return [(i, j, sim) for i, j, sim in aligned
            if not (i in rq and j in rc and rq[i] != rc[j])]


@lru_cache(maxsize=50_000)
def _gender(token: str) -> str | None:
    """"f" or "m" for a surname with a Slavic gender ending, else None."""
    if any(token.endswith(fem) and len(token) > len(fem) + 2 for fem, _ in _FEMININE):
        return "f"
    if any(token.endswith(masc) and len(token) > len(masc) + 2 for _, masc in _FEMININE):
        return "m"
    return None


def gender_clash(a: str, b: str) -> bool:
    """Two aligned parts that read as one Slavic surname in its feminine and masculine forms
    ("Baranova" / "Baranov", "Kowalska" / "Kowalski")."""
    ga, gb = _gender(a), _gender(b)
    return ga is not None and gb is not None and ga != gb
