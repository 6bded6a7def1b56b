"""Identifiers whose FtM property has a format: checked and written as FtM normalises them.

FtM drops an IMO number, INN, OGRN, LEI or Wikidata id whose check digits are wrong, and writes
valid ones in one canonical form (``IMO9074729``). These are the same checks (FtM uses
``rigour.ids`` and ``python-stdnum``), so the export never carries a value FtM would drop.
Formats not checked here (IBAN, BIC, ISIN, FIGI, SSN, USCC) are not exported.
"""

from __future__ import annotations

import re

# property name -> its FtM identifier format (for the properties a card attribute can hold)
FORMATS: dict[str, str] = {
    "wikidataId": "wikidata", "uscCode": "uscc", "innCode": "inn", "ogrnCode": "ogrn",
    "leiCode": "lei", "uniqueEntityId": "uei", "npiCode": "npi", "swiftBic": "bic",
    "socialSecurityNumber": "ssn", "imoNumber": "imo", "iban": "iban", "bic": "bic",
    "isin": "isin", "figiCode": "figi",
}
_IMO = re.compile(r"(IMO[\s:.#-]*)?(?<!\d)(\d{5,7})(?!\d)")
_NPI_INVALID = ("0000000000", "000000000000000", "808400000000000")
_INN_COMPANY = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN_PERSON = ((7, 2, 4, 10, 3, 5, 9, 4, 6, 8), (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8))


def normalize(fmt: str, value: str) -> str | None:
    """``value`` as FtM writes an identifier of format ``fmt``, or None if FtM would drop it."""
    text = value.strip()
    if fmt == "imo":
        return _imo(text)
    if fmt == "inn":
        digits = text.replace(" ", "")
        return digits if digits.isdigit() and digits.isascii() and _inn_ok(digits) else None
    if fmt == "ogrn":
        match = re.search(r"\b(\d{13}|\d{15})\b", text)
        return match.group(1) if match and _ogrn_ok(match.group(1)) else None
    if fmt == "lei":
        code = re.sub(r"[\s-]", "", text).upper()
        ok = re.fullmatch(r"[0-9A-Z]{20}", code) and int(_base10(code)) % 97 == 1
        return code if ok else None
    if fmt == "uei":
        match = re.search(r"\b([0-9A-HJ-NP-Z]{12})\b", text, re.IGNORECASE)
        code = match.group(1) if match else ""
        return code.upper() if code and not code.startswith("0") else None
    if fmt == "npi":
        match = re.search(r"\b(\d{10}|\d{15})\b", text)
        code = match.group(1) if match else ""
        valid = bool(code) and code not in _NPI_INVALID and _luhn(
            "80840" + code if len(code) == 10 else code)
        return code if valid else None
    if fmt == "wikidata":
        qid = text.rsplit("/", 1)[-1].strip().upper()
        return qid if re.fullmatch(r"Q\d+", qid) else None
    return None


def _imo(text: str) -> str | None:
    matches = sorted(_IMO.finditer(text),
                     key=lambda m: (-len(m.group(2)), m.group(1) is None, m.start()))
    for match in matches:
        digits = [int(d) for d in match.group(2).zfill(7)]
        vessel = sum(d * (7 - i) for i, d in enumerate(digits[:6])) % 10 == digits[6]
        company = (11 - sum(d * w for d, w in zip(digits, (8, 6, 4, 2, 9, 7), strict=False))
                   % 11) % 10 == digits[6]
        if any(digits) and (vessel or company):
            return "IMO" + "".join(map(str, digits))
    return None


def _check(weights: tuple[int, ...], digits: str) -> str:
    return str(sum(w * int(d) for w, d in zip(weights, digits, strict=False)) % 11 % 10)


def _inn_ok(digits: str) -> bool:
    if len(digits) == 10:
        return _check(_INN_COMPANY, digits) == digits[-1]
    if len(digits) == 12:
        first = _check(_INN_PERSON[0], digits)
        return first + _check(_INN_PERSON[1], digits[:10] + first) == digits[-2:]
    return False


def _ogrn_ok(digits: str) -> bool:
    if digits[0] == "0":
        return False
    rest = int(digits[:-1]) % (11 if len(digits) == 13 else 13)
    return (0 if rest == 10 else rest) == int(digits[-1])


def _luhn(digits: str) -> bool:
    total = 0
    for position, digit in enumerate(reversed(digits)):
        value = int(digit) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def _base10(code: str) -> str:
    return "".join(str(int(c, 36)) for c in code)
