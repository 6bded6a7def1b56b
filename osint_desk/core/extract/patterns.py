"""Identifiers found by pattern, each checked where the format has a check: IBAN (mod 97),
Bitcoin (base58check / bech32), IMO (check digit); MMSI and aircraft registrations only
beside a word that says what they are, phone numbers only in international or grouped form."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@(?:[A-Za-z0-9-]{1,63}\.)+[A-Za-z]{2,24}(?!\w)")
_URL = re.compile(r"(?<!\w)(?:https?://|www\.)[^\s<>\"'«»“”]{2,2000}", re.IGNORECASE)
_URL_TRAIL = ".,;:!?)]}’'\""
_PHONE = re.compile(
    r"(?<![\w+])(?:\+\d{1,3}[ .-]?(?:\(\d{1,4}\)[ .-]?)?\d{1,4}(?:[ .-]?\d{2,4}){1,4}"
    r"|\(\d{2,5}\)[ .-]?\d{2,4}[ .-]?\d{2,4}(?:[ .-]?\d{2,4})?"
    r"|\d{3}[ .-]\d{3}[ .-]\d{4})(?![\w-])")
_IBAN = re.compile(r"(?<!\w)[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?(?!\w)")
_BTC_BASE58 = re.compile(r"(?<!\w)[13][1-9A-HJ-NP-Za-km-z]{25,34}(?!\w)")
_BTC_BECH32 = re.compile(r"(?<!\w)bc1[02-9ac-hj-np-z]{11,71}(?!\w)", re.IGNORECASE)
_ETH = re.compile(r"(?<!\w)0x[0-9a-fA-F]{40}(?!\w)")
_IMO = re.compile(r"(?<!\w)IMO[ :.]*(?:No\.? ?|number ?)?(\d{7})(?!\w)", re.IGNORECASE)
_MMSI = re.compile(r"(?<!\w)MMSI[ :.]*(?:No\.? ?|number ?)?(\d{9})(?!\w)", re.IGNORECASE)
# ICAO nationality prefixes with a dash; N-numbers of the US only beside an aircraft word.
_AIRCRAFT_DASHED = re.compile(
    r"(?<![\w-])((?:RA|RF|UR|EW|UP|EK|4K|EX|EY|EZ|YL|LY|ES|SP|OK|OM|HA|YR|LZ|EI|G|D|F|I|"
    r"EC|CS|PH|OO|OE|HB|SE|OH|LN|OY|TC|SX|VP|VQ|A6|A7|A9C|HZ|EP|YK|4X|JY|ST|SU|5A|C|VH|ZK|"
    r"JA|HL|B|9V|9M|PK|VT|AP|ZS)-[A-Z0-9]{3,5})(?![\w-])")
_N_NUMBER = re.compile(r"(?<![\w-])(N[1-9]\d{0,4}[A-Z]{0,2})(?![\w-])")
_AIRCRAFT_WORDS = re.compile(
    r"(?i)aircraft|plane|jet|airliner|helicopter|registration|registered|tail|flight|"
    r"boeing|airbus|gulfstream|bombardier|embraer|cessna|самол[её]т|борт|flugzeug")
_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"

Found = tuple[int, int, str, str, float]  # start, end, kind, reason, confidence


def iban_valid(text: str) -> bool:
    compact = text.replace(" ", "")
    if not 15 <= len(compact) <= 34:
        return False
    moved = compact[4:] + compact[:4]
    digits = "".join(str(int(c, 36)) for c in moved)
    return int(digits) % 97 == 1


def base58check_valid(text: str) -> bool:
    number = 0
    for char in text:
        number = number * 58 + _B58.index(char)
    raw = number.to_bytes(25, "big") if number.bit_length() <= 200 else b""
    if len(raw) != 25:
        return False
    body, check = raw[:-4], raw[-4:]
    return hashlib.sha256(hashlib.sha256(body).digest()).digest()[:4] == check


def bech32_valid(text: str) -> bool:
    text = text.lower()
    hrp, _, data = text.rpartition("1")
    values = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    values += [_BECH32.index(c) for c in data]
    check = 1
    for value in values:
        top = check >> 25
        check = (check & 0x1FFFFFF) << 5 ^ value
        for i, gen in enumerate((0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)):
            check ^= gen if (top >> i) & 1 else 0
    return check in (1, 0x2BC830A3)  # bech32, bech32m


def imo_valid(digits: str) -> bool:
    total = sum(int(d) * w for d, w in zip(digits[:6], range(7, 1, -1), strict=True))
    return total % 10 == int(digits[6])


def find_patterns(text: str) -> Iterator[Found]:
    """Every identifier in ``text`` with the kind, the reason and a confidence."""
    for match in _EMAIL.finditer(text):
        yield match.start(), match.end(), "email", "pattern: e-mail address", 0.95
    for match in _URL.finditer(text):
        end = match.end()
        while end > match.start() and text[end - 1] in _URL_TRAIL:
            end -= 1
        yield match.start(), end, "url", "pattern: web address", 0.95
    for match in _PHONE.finditer(text):
        digits = sum(c.isdigit() for c in match.group())
        if 7 <= digits <= 15:
            international = match.group().startswith("+")
            yield (match.start(), match.end(), "phone",
                   "pattern: phone number" + (" (international)" if international else ""),
                   0.8 if international else 0.6)
    for match in _IBAN.finditer(text):
        if iban_valid(match.group()):
            yield match.start(), match.end(), "iban", "pattern: IBAN (checksum valid)", 0.97
    for match in _BTC_BASE58.finditer(text):
        if base58check_valid(match.group()):
            yield (match.start(), match.end(), "crypto_wallet",
                   "pattern: Bitcoin address (checksum valid)", 0.97)
    for match in _BTC_BECH32.finditer(text):
        if bech32_valid(match.group()):
            yield (match.start(), match.end(), "crypto_wallet",
                   "pattern: Bitcoin bech32 address (checksum valid)", 0.97)
    for match in _ETH.finditer(text):
        yield (match.start(), match.end(), "crypto_wallet",
               "pattern: Ethereum address (0x + 40 hex)", 0.9)
    for match in _IMO.finditer(text):
        if imo_valid(match.group(1)):
            yield (match.start(1), match.end(1), "imo",
                   "pattern: IMO number (check digit valid)", 0.95)
    for match in _MMSI.finditer(text):
        yield match.start(1), match.end(1), "mmsi", "pattern: 9 digits after 'MMSI'", 0.9
    yield from _aircraft(text)


def _aircraft(text: str) -> Iterator[Found]:
    for pattern, confidence in ((_AIRCRAFT_DASHED, 0.75), (_N_NUMBER, 0.7)):
        for match in pattern.finditer(text):
            window = text[max(0, match.start() - 80):match.end() + 80]
            if not _AIRCRAFT_WORDS.search(window):
                continue
            yield (match.start(1), match.end(1), "aircraft_registration",
                   "pattern: aircraft registration (beside an aircraft word)", confidence)
