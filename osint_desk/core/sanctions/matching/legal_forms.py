"""Legal forms: the words that say what kind of body a name is, not which one.

``normalize`` turns each form into a type marker (LLC, OOO and "Limited Liability Company" are
all ``llc``); ``form_factor`` weighs two names' markers. A marker that names a kind of body
(shares, limited liability, partnership, non-profit) against another kind is a different body
("Deutsche Bank AG" is not a "Deutsche Bank GmbH"; an ANO is not an LLC); the generic markers
(Ltd, Inc, Corp, Co), which lists and registries use loosely, differ only a little.
"""

from __future__ import annotations

__all__ = ["FORM_CLASH", "FORM_KIND_CLASH", "LEGAL_FORMS", "MAX_FORM_LEN", "PERSON_SAFE_FORMS",
           "form_factor"]

FORM_CLASH = 0.88  # both names carry legal forms and they differ (Ltd vs Inc)
# ... and they name different kinds of body (AG vs GmbH, ANO vs LLC): still above the screening
# threshold for the same name, so a listed "ACME GmbH" is shown, low, for "Acme AG".
FORM_KIND_CLASH = 0.72

# Legal forms, longest first; each maps to a type marker.
LEGAL_FORMS: dict[str, str] = {
    "limited liability company": "llc", "limited liability partnership": "llp",
    "obshchestvo s ogranichennoy otvetstvennostyu": "llc",
    "obshchestvo s ogranichennoi otvetstvennostiu": "llc",
    "obshchestvo s ogrannichennoi otvetstvennostyu": "llc",
    "obshchestvo s ogranichennoi otvetstvennostyu": "llc",
    "public joint stock company": "jsc", "open joint stock company": "jsc",
    "closed joint stock company": "jsc", "joint stock company": "jsc",
    "aktsionernoe obshchestvo": "jsc", "publichnoe aktsionernoe obshchestvo": "jsc",
    "sp z o o": "llc", "s de rl": "llc", "s de rl de cv": "llc", "s a de c v": "jsc",
    "sa de cv": "jsc", "s de h": "llc", "co ltd": "ltd", "company limited": "ltd",
    "public limited company": "plc", "p l c": "plc", "s a": "jsc", "s l": "llc",
    "l l c": "llc", "s r l": "llc", "s p a": "jsc", "b v": "bv", "n v": "nv",
    "aktiengesellschaft": "jsc", "gesellschaft mit beschrankter haftung": "llc",
    "incorporated": "inc", "corporation": "corp", "limited": "ltd", "company": "co",
    "llc": "llc", "ooo": "llc", "ltd": "ltd", "ltda": "ltd", "gmbh": "llc", "plc": "plc",
    "inc": "inc", "corp": "corp", "co": "co", "jsc": "jsc", "ojsc": "jsc", "pjsc": "jsc",
    "cjsc": "jsc", "zao": "jsc", "oao": "jsc", "pao": "jsc", "ao": "jsc", "ag": "jsc",
    "sa": "jsc", "sas": "jsc", "spa": "jsc", "srl": "llc", "sarl": "llc", "bv": "bv",
    "nv": "nv", "llp": "llp", "lp": "lp", "oy": "jsc", "ab": "jsc", "as": "jsc",
    "fze": "llc", "fzco": "llc", "fzc": "llc", "kg": "lp", "kft": "llc", "doo": "llc",
    "sdn bhd": "llc", "bhd": "llc", "pte": "ltd", "pty": "ltd", "tov": "llc", "pp": "llc",
    "sp zoo": "llc", "bvba": "llc", "sprl": "llc", "eurl": "llc", "se": "jsc", "oyj": "jsc",
    "asa": "jsc", "kk": "jsc", "kabushiki kaisha": "jsc", "gmbh co kg": "lp",
    "public kabushiki kaisha": "jsc", "yugen kaisha": "llc", "youxian gongsi": "ltd",
    "gufen youxian gongsi": "jsc", "gufen gongsi": "jsc",
    # The long forms of the common Romance, Polish and Dutch forms, and the Russian
    # autonomous non-profit organisation (ANO), which is not a company.
    "societatea cu raspundere limitata": "llc", "societate cu raspundere limitata": "llc",
    "societatea pe actiuni": "jsc", "societate pe actiuni": "jsc",
    "sociedad anonima": "jsc", "sociedad limitada": "llc",
    "sociedad de responsabilidad limitada": "llc", "sociedade anonima": "jsc",
    "sociedade limitada": "llc", "societe anonyme": "jsc",
    "societe a responsabilite limitee": "llc", "societe par actions simplifiee": "jsc",
    "societa per azioni": "jsc", "societa a responsabilita limitata": "llc",
    "spolka z ograniczona odpowiedzialnoscia": "llc", "spolka akcyjna": "jsc",
    "besloten vennootschap": "bv", "naamloze vennootschap": "nv",
    "kommanditgesellschaft": "lp", "limited partnership": "lp",
    "avtonomnaya nekommercheskaya organizatsiya": "ano",
    "avtonomnaia nekommercheskaia organizatsiia": "ano", "ano": "ano",
}
# In person names only unambiguous forms count ("Nicolas Maduro LLC"); "ao", "sa"... stay names.
PERSON_SAFE_FORMS = {"llc", "ooo", "ltd", "gmbh", "plc", "inc", "corp", "jsc", "pjsc", "ojsc",
                      "cjsc", "zao", "oao", "limited", "corporation", "incorporated",
                      "limited liability company"}
MAX_FORM_LEN = max(len(k.split()) for k in LEGAL_FORMS) + 1  # "s a r l" is four letters

# The kind of body a marker names; the markers left out (ltd, inc, corp, co) are generic.
_KINDS = {"jsc": "shares", "plc": "shares", "nv": "shares", "llc": "limited", "bv": "limited",
          "lp": "partnership", "llp": "partnership", "ano": "non-profit"}
_NOT_COMPANIES = frozenset({"partnership", "non-profit"})  # never a generic company either


def form_factor(a: frozenset[str], b: frozenset[str]) -> float:
    """1.0 unless both names carry legal forms and none is shared: ``FORM_KIND_CLASH`` when
    they name different kinds of body, else ``FORM_CLASH``."""
    if not a or not b or a & b:
        return 1.0
    kinds_a = {_KINDS.get(m) for m in a}
    kinds_b = {_KINDS.get(m) for m in b}
    specific_a, specific_b = kinds_a - {None}, kinds_b - {None}
    if specific_a and specific_b and not specific_a & specific_b:
        return FORM_KIND_CLASH
    if (specific_a ^ specific_b) & _NOT_COMPANIES:
        return FORM_KIND_CLASH  # a partnership or a non-profit against an Inc or a Ltd
    return FORM_CLASH
