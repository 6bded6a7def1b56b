"""What the OpenSanctions readers share about things listed by number, not by name.

A crypto wallet, a vessel, an aircraft or a security is found by its number (address, IMO,
registration, ISIN) far more surely than by its name, and a wallet often has no name at all.
So these numbers become identifiers of a plain kind ("crypto_wallet", "imo", "mmsi",
"registration", "isin"...) that a later search by identifier can rely on, and an entry with no
usable name is named by its number, so that it is still shown and screenable.
"""

from __future__ import annotations

import re

from osint_desk.core.sanctions.entries import Identifier

#: FtM property → identifier kind. Properties of people and companies keep their FtM name as
#: their kind (as earlier versions stored them); those of things get the plain kind.
ID_KINDS: dict[str, str] = {
    "publicKey": "crypto_wallet", "cryptoAddress": "crypto_wallet", "accountId": "account_id",
    "imoNumber": "imo", "mmsi": "mmsi", "callSign": "call_sign",
    "isin": "isin", "figiCode": "figi", "ticker": "ticker", "icaoCode": "icao",
    "serialNumber": "serial_number", "iban": "iban", "accountNumber": "account_number",
    "bic": "bic", "vinCode": "vin", "plate": "plate", "crsNumber": "crs",
    **{p: p for p in ("idNumber", "passportNumber", "taxNumber", "registrationNumber",
                      "innCode", "ogrnCode", "kppCode", "vatCode", "leiCode", "swiftBic",
                      "okpoCode", "dunsCode", "uniqueEntityId", "uscCode", "bikCode",
                      "npiCode", "wikidataId")},
}
#: A registration number of these is their registration (an aircraft's tail number, a ship's
#: or a car's registration), written "registration" as the user would search it.
REGISTERED = frozenset({"Airplane", "Vessel", "Vehicle"})
#: The captions FtM gives an entity that has no name: its schema's label.
LABELS: dict[str, tuple[str, ...]] = {
    "CryptoWallet": ("Cryptocurrency wallet", "Crypto wallet"), "BankAccount": ("Bank account",),
    "PublicBody": ("Public body",), "LegalEntity": ("Legal entity",),
}
_IMO = re.compile(r"(?:IMO[\s:#-]*)?\d{7}", re.I)
_MMSI = re.compile(r"\d{9}")
_CALL_SIGN = re.compile(r"(?=.*[A-Z])[A-Z0-9]{4,7}")
# "RA-96022", "EP-IGA", "4K-AZ85"; the US writes "N503MH" without a hyphen.
_TAIL = re.compile(r"[A-Z0-9]{1,2}-[A-Z0-9]{2,5}|N\d{1,5}[A-Z]{0,2}")
_ISIN = re.compile(r"[A-Z]{2}[A-Z0-9]{9}\d")
_WALLET = re.compile(r"(?:0x[0-9a-fA-F]{40}|[13][1-9A-HJ-NP-Za-km-z]{25,34}|bc1[0-9a-z]{20,90}"
                     r"|T[1-9A-HJ-NP-Za-km-z]{33})")


def property_kind(schema: str, prop: str) -> str | None:
    """The identifier kind of an FtM property of a ``schema`` entity, None if no identifier."""
    if prop == "registrationNumber" and schema in REGISTERED:
        return "registration"
    return ID_KINDS.get(prop)


def identifiers_of(schema: str, props: dict[str, list[str]]) -> list[Identifier]:
    """Every identifier an FtM entity's properties hold, kinds as ``property_kind`` says."""
    out: list[Identifier] = []
    for prop, values in props.items():
        kind = property_kind(schema, prop)
        if kind:
            out += [Identifier(kind, v) for v in values]
    return list(dict.fromkeys(out))


def guess_kind(schema: str, value: str) -> str:
    """The kind of a bare identifier of targets.simple.csv, which gives values only: by the
    schema of its row and the value's shape; "Identifier" when neither tells."""
    text = value.strip()
    if schema == "CryptoWallet" or _WALLET.fullmatch(text):
        return "crypto_wallet"
    if schema == "Vessel":
        if _IMO.fullmatch(text):
            return "imo"
        if _MMSI.fullmatch(text):
            return "mmsi"
        if _CALL_SIGN.fullmatch(text):
            return "call_sign"
    if schema == "Airplane" and _TAIL.fullmatch(text.upper()):
        return "registration"
    if schema == "Security" and _ISIN.fullmatch(text):
        return "isin"
    return "Identifier"


def usable(schema: str, name: str | None) -> bool:
    """False for no name or the caption FtM makes up from the schema ("Cryptocurrency
    wallet")."""
    text = " ".join((name or "").split()).lower()
    return bool(text) and text not in {schema.lower(), *(x.lower() for x in
                                                         LABELS.get(schema, ()))}


def fallback_name(identifiers: list[Identifier], ref: str) -> str:
    """The name of an entry that has none: its first identifier (a wallet's address), else
    its id, so that it is still displayed and screenable."""
    return identifiers[0].value if identifiers else ref
