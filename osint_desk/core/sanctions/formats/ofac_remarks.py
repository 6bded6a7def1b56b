"""Reading the structured parts of an OFAC legacy-CSV remarks field.

The CSV set keeps birth dates, nationalities, identity documents, weak a.k.a.s and "Linked To"
only in the free-text remarks, as ``;``-separated phrases ("DOB 01 Jun 1961; Passport
4520188 (Russia); Linked To: INTERNET RESEARCH AGENCY LLC."). The whole text is kept as the
entry's remarks; this pulls out what screening and the case record need.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from osint_desk.core.sanctions.entries import Alias, Identifier, partial_date
from osint_desk.core.sanctions.limits import MAX_PHRASE_CHARS

# Kinds of identifiers OFAC writes in remarks; a phrase starting with one of these followed by
# a value holding a digit is an identifier. Longest first so "National ID No." wins over "N".
_KINDS = sorted([
    "Passport", "Diplomatic Passport", "National ID No.", "Identification Number",
    "Registration ID", "Registration Number", "Tax ID No.", "SSN", "Cedula No.", "NIT #",
    "R.F.C.", "RFC", "C.U.R.P.", "CURP", "RUC #", "D.N.I.", "Company Number",
    "UK Company Number", "Legal Entity Number", "Business Registration Number",
    "Business Registration Document #", "Commercial Registry Number", "Trade License No.",
    "Public Registration Number", "Registered Charity No.", "Certificate of Incorporation Number",
    "SWIFT/BIC", "Vessel Registration Identification", "MMSI", "IMO", "Aircraft Construction"
    " Number (also called L/N or S/N or F/N)", "Aircraft Manufacturer's Serial Number (MSN)",
    "Aircraft Tail Number", "Aircraft Mode S Transponder Code", "Folio Mercantil No.",
    "Matricula Mercantil No", "D-U-N-S Number", "V.A.T. Number", "RIF #", "Driver's License No.",
    "Electoral Registry No.", "Credencial electoral", "Personal ID Card", "Residency Number",
    "Citizen's Card Number", "C.U.I.P.", "Cartilla de Servicio Militar Nacional", "RTN",
    "BIK (RU)", "Government Gazette Number", "Chinese Commercial Code", "Website",
    "Email Address", "Phone Number", "Telephone", "Telephone No.", "Fax", "Fax No.",
    "Stateless Person Passport", "Refugee ID Card",
    "Kenyan ID No.", "Italian Fiscal Code", "US FEIN", "Numero de Identidad",
    "I.F.E.", "Birth Certificate Number", "Tarjeta Profesional", "Serial No.",
    "Registration Certificate Number", "Enterprise Number", "Istanbul Chamber of Commerce No.",
    "Unified Social Credit Code (USCC)", "Economic Register Number (CBLS)",
    "Travel Document Number", "Military Registration Number", "License", "ISIN",
    "Equity Ticker", "C.R. No.",
], key=len, reverse=True)
# Kinds whose values may hold no digit ("SWIFT/BIC BKPA IR TH").
_LETTERS_ONLY = frozenset({"Website", "Email Address", "SWIFT/BIC", "Equity Ticker"})
_KIND_RE = "|".join(re.escape(k) for k in _KINDS)
_IDENTIFIER = re.compile(
    rf"^(?P<kind>{_KIND_RE}|Digital Currency Address - \w+) (?P<value>.+?)"
    r"(?: \((?P<country>[^()]+)\))?(?: (?:issued|expires|valid).*)?$")
# ``[^\s\d]*\d`` (not ``\S*\d``): one way to match the first digit, so a long number followed
# by something else fails in linear time instead of trying every split.
_GENERIC_ID = re.compile(
    r"^(?P<kind>[A-Z][\w.'/-]*(?: [\w.'/-]+){0,4} (?:No\.|Number|ID|#)) (?P<value>[^\s\d]*\d\S*)"
    r"(?: \((?P<country>[^()]+)\))?$")
_AKA = re.compile(r"^(?P<kind>a\.k\.a\.|f\.k\.a\.|n\.k\.a\.) ['‘’\"](?P<name>.+?)['‘’\"]$")
_ALT = re.compile(r"^(?:alt\.|Alt\.)\s+")


@dataclass
class Remarks:
    """What was understood from one remarks text."""

    birth_dates: list[str] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    aliases: list[Alias] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    #: "Nationality of Registration Russia": where an entity is registered
    countries: list[str] = field(default_factory=list)


def split_phrases(text: str) -> list[str]:
    """``;``-separated phrases, whitespace collapsed, the closing full stop removed."""
    phrases = [" ".join(p.split()) for p in text.split(";")]
    phrases = [p for p in phrases if p]
    if phrases and phrases[-1].endswith("."):
        phrases[-1] = phrases[-1][:-1]
    return phrases


def birth_dates(text: str) -> list[str]:
    """ "01 Jan 1953 to 31 Dec 1954" → both ends; "1962" → ["1962"] (as the CSV remarks and
    the XML ``dateOfBirth`` write them)."""
    return [d for part in re.split(r"\s+to\s+", text[:MAX_PHRASE_CHARS])
            if (d := partial_date(part))]


def parse_remarks(text: str) -> Remarks:
    """What the phrases say; a phrase over ``MAX_PHRASE_CHARS`` is no structured datum and
    is left unparsed (it stays in the remarks text)."""
    out = Remarks()
    for phrase in split_phrases(text):
        if len(phrase) > MAX_PHRASE_CHARS:
            continue
        body = _ALT.sub("", phrase)
        if body.startswith("(") and body.endswith(")"):  # the XML: "(Linked To: X)"
            body = body[1:-1].strip()
        if body.startswith("DOB "):
            out.birth_dates += birth_dates(body[4:])
        elif body.startswith("Nationality of Registration "):
            out.countries.append(body[len("Nationality of Registration "):].strip())
        elif body.startswith(("nationality ", "citizen ", "Nationality ", "Citizen ")):
            out.nationalities.append(body.split(" ", 1)[1].strip())
        elif body.startswith("Linked To:"):
            target = body[len("Linked To:"):].strip()
            out.links.append(target)
        elif match := _AKA.match(body):
            out.aliases.append(Alias(match.group("name").strip(), "weak"))
        elif match := (_IDENTIFIER.match(body) or _GENERIC_ID.match(body)):
            value = match.group("value").strip()
            if any(ch.isdigit() for ch in value) or match.group("kind") in _LETTERS_ONLY:
                out.identifiers.append(Identifier(
                    match.group("kind"), value, (match.group("country") or None)))
    return out
