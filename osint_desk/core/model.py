"""The vocabularies of a case, aligned with FollowTheMoney so exports need no guessing.

Entity types are FtM schema names; relationship predicates map to FtM relationship schemata
(or to UnknownLink with the predicate as its role); grades follow the Admiralty system and
confidence is shown with the ICD 203 words of likelihood.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from osint_desk.core.errors import ValidationError

# FtM schema -> its parents (the part of the FtM hierarchy an entity card can take).
ENTITY_SCHEMATA: dict[str, tuple[str, ...]] = {
    "Thing": (),
    "LegalEntity": ("Thing",),
    "Person": ("LegalEntity",),
    "Organization": ("LegalEntity",),
    "Company": ("Organization", "Asset"),
    "PublicBody": ("Organization",),
    "Asset": ("Thing",),
    "Vehicle": ("Asset",),
    "Vessel": ("Vehicle",),
    "Airplane": ("Vehicle",),
    "Event": ("Thing",),
    "Address": ("Thing",),
    "BankAccount": ("Asset",),
    "CryptoWallet": ("Thing",),  # FtM: Thing and Value, not an Asset (cannot be "owned")
    "Security": ("Asset",),
    "Project": ("Thing",),  # FtM: Thing, Value and Interval
}

# The types offered for new cards, in the order a picker shows them.
ENTITY_TYPES: tuple[str, ...] = (
    "Person",
    "Organization",
    "Company",
    "PublicBody",
    "LegalEntity",
    "Vessel",
    "Airplane",
    "Asset",
    "Event",
    "Address",
    "BankAccount",
    "CryptoWallet",
    "Security",
    "Project",
)

ENTITY_TYPE_LABELS: dict[str, str] = {
    "Person": "Person",
    "Organization": "Organisation",
    "Company": "Company",
    "PublicBody": "Public body / state",
    "LegalEntity": "Legal entity",
    "Vessel": "Vessel",
    "Airplane": "Aircraft",
    "Asset": "Asset",
    "Event": "Event",
    "Address": "Place / address",
    "BankAccount": "Bank account",
    "CryptoWallet": "Crypto wallet",
    "Security": "Security",
    "Project": "Project",
}


def normalize_entity_type(name: str) -> str:
    """The FtM schema name for ``name``, matched case-insensitively."""
    wanted = name.strip().lower().replace(" ", "").replace("_", "")
    for schema in ENTITY_TYPES:
        if schema.lower() == wanted:
            return schema
    if wanted in ("organisation", "org"):
        return "Organization"
    if wanted in ("state", "country", "government"):
        return "PublicBody"
    if wanted in ("aircraft", "plane"):
        return "Airplane"
    raise ValidationError(
        f"unknown entity type {name!r}; use one of: {', '.join(ENTITY_TYPES)}"
    )


def is_a(schema: str, ancestor: str) -> bool:
    """True when ``schema`` is ``ancestor`` or descends from it in the FtM hierarchy."""
    if schema == ancestor:
        return True
    return any(is_a(parent, ancestor) for parent in ENTITY_SCHEMATA.get(schema, ()))


# What case screening checks: people, organisations and vessels or aircraft, not places.
SCREENED_TYPES = ("LegalEntity", "Vessel", "Airplane")


def is_screened(entity_type: str) -> bool:
    """Whether cards of this FtM type are screened against the sanctions lists."""
    return any(is_a(entity_type, kind) for kind in SCREENED_TYPES)


class RecordKind(StrEnum):
    """What kind of record a change notice is about (the GUI's ``CaseSession.changed``)."""

    SOURCE = "source"
    EXCERPT = "excerpt"
    ENTITY = "entity"
    RELATIONSHIP = "relationship"
    SANCTION = "sanction"
    TAG = "tag"
    CASE = "case"
    SCREENING = "screening"  # a screening hit or its decision
    CHART = "chart"  # a saved link chart (its state or name)
    WATCH = "watch"  # a watch term, its matches, or whether they were seen


class AliasKind(StrEnum):
    """Strong aliases are screened; weak ones and nicknames are shown only."""

    STRONG = "strong"
    WEAK = "weak"
    NICKNAME = "nickname"


class Stance(StrEnum):
    """What the speaker of a quoted statement does with the claim."""

    ASSERTS = "asserts"
    DENIES = "denies"
    CONFIRMS = "confirms"
    REPORTS = "reports"


class EvidenceRole(StrEnum):
    SUPPORTS = "supports"
    CONTRADICTS = "contradicts"
    CONTEXT = "context"


class SourceKind(StrEnum):
    ARTICLE = "article"
    WEB_PAGE = "web_page"
    DOCUMENT = "document"
    STATEMENT = "statement"
    NOTE = "note"


# Admiralty (NATO AJP-2.1) source reliability and information credibility.
RELIABILITY: dict[str, str] = {
    "A": "Completely reliable",
    "B": "Usually reliable",
    "C": "Fairly reliable",
    "D": "Not usually reliable",
    "E": "Unreliable",
    "F": "Reliability cannot be judged",
}

CREDIBILITY: dict[int, str] = {
    1: "Confirmed by other sources",
    2: "Probably true",
    3: "Possibly true",
    4: "Doubtful",
    5: "Improbable",
    6: "Truth cannot be judged",
}


def normalize_reliability(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    grade = value.strip().upper()
    if grade not in RELIABILITY:
        raise ValidationError(f"reliability must be one of A-F, not {value!r}")
    return grade


def check_credibility(value: int | None) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value not in CREDIBILITY:
        raise ValidationError(f"credibility must be 1-6, not {value!r}")
    return value


# ICD 203 expressions of likelihood, by upper bound of the probability range (percent).
ICD203_LIKELIHOOD: tuple[tuple[int, str], ...] = (
    (5, "almost no chance"),
    (20, "very unlikely"),
    (45, "unlikely"),
    (55, "roughly even chance"),
    (80, "likely"),
    (95, "very likely"),
    (100, "almost certain"),
)


def likelihood_words(confidence: int) -> str:
    """The ICD 203 words for a confidence in percent (0-100)."""
    for upper, words in ICD203_LIKELIHOOD:
        if confidence <= upper:
            return words
    return ICD203_LIKELIHOOD[-1][1]


def check_confidence(value: int | None) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 100:
        raise ValidationError(f"confidence must be a whole percentage 0-100, not {value!r}")
    return value


@dataclass(frozen=True, slots=True)
class PredicateInfo:
    """How a predicate maps onto a FollowTheMoney relationship schema."""

    schema: str
    subject_prop: str
    object_prop: str
    subject_range: str
    object_range: str
    inverse_label: str


# Predicates with an FtM schema of their own. Any other predicate ("supplied", "funded",
# "denied") is kept as typed and exported as UnknownLink with the predicate as its role.
PREDICATES: dict[str, PredicateInfo] = {
    "owns": PredicateInfo("Ownership", "owner", "asset", "LegalEntity", "Asset", "owned by"),
    "director of": PredicateInfo(
        "Directorship", "director", "organization", "LegalEntity", "Organization", "directed by"
    ),
    "member of": PredicateInfo(
        "Membership", "member", "organization", "LegalEntity", "Organization", "has member"
    ),
    "employed by": PredicateInfo(
        "Employment", "employee", "employer", "Person", "Organization", "employs"
    ),
    "family of": PredicateInfo("Family", "person", "relative", "Person", "Person", "family of"),
    "associate of": PredicateInfo(
        "Associate", "person", "associate", "Person", "Person", "associate of"
    ),
    "represents": PredicateInfo(
        "Representation", "agent", "client", "LegalEntity", "LegalEntity", "represented by"
    ),
    "paid": PredicateInfo("Payment", "payer", "beneficiary", "LegalEntity", "LegalEntity",
                          "paid by"),
}

UNKNOWN_LINK = PredicateInfo("UnknownLink", "subject", "object", "Thing", "Thing", "")


def normalize_predicate(predicate: str) -> str:
    """Predicates are short lowercase phrases; whitespace collapsed."""
    cleaned = " ".join(predicate.split()).lower()
    if not cleaned:
        raise ValidationError("a relationship needs a predicate (e.g. 'owns', 'supplied')")
    if len(cleaned) > 80:
        raise ValidationError("a predicate is a short phrase (80 characters at most)")
    return cleaned


def ftm_mapping(predicate: str, subject_type: str, object_type: str) -> PredicateInfo:
    """The FtM schema for a relationship, UnknownLink when the ends do not fit it."""
    info = PREDICATES.get(normalize_predicate(predicate))
    if info and is_a(subject_type, info.subject_range) and is_a(object_type, info.object_range):
        return info
    return UNKNOWN_LINK


def choice(vocabulary: type[StrEnum], value: str, what: str) -> str:
    """``value`` as a member of a vocabulary, or ValidationError naming the valid ones."""
    try:
        return vocabulary(str(value).strip().lower()).value
    except ValueError:
        valid = ", ".join(member.value for member in vocabulary)
        raise ValidationError(f"{what} must be one of {valid}, not {value!r}") from None
