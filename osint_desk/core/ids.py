"""Stable public ids: UUID version 7 (time-ordered, RFC 9562) as lowercase strings.

Public ids, not rowids, are what exports, merges and remembered decisions refer to.
Time order keeps them index-friendly and makes creation order visible in dumps.
"""

from __future__ import annotations

import os
import time

# Not the uuid module: it imports platform, and the two cost a start ~5 ms of CPU for what
# is a hex format and a shape check.
_HEX = frozenset("0123456789abcdefABCDEF")
_DASHES = (8, 13, 18, 23)


def _canonical(value: int) -> str:
    """A 128-bit value in the canonical 8-4-4-4-12 form, as ``str(uuid.UUID(int=value))``."""
    h = f"{value:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def new_id() -> str:
    """A new UUIDv7 string, e.g. ``0190f1c2-7b3a-7c4e-9a1b-3f5e6d7c8b9a``."""
    ms = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76  # version 7
    value |= ((rand >> 62) & 0xFFF) << 64  # rand_a, 12 bits
    value |= 0b10 << 62  # RFC 9562 variant
    value |= rand & ((1 << 62) - 1)  # rand_b, 62 bits
    return _canonical(value)


def is_public_id(value: str) -> bool:
    """True when ``value`` looks like a public id (any UUID in canonical form)."""
    return (len(value) == 36 and all(value[i] == "-" for i in _DASHES)
            and all(c in _HEX for i, c in enumerate(value) if i not in _DASHES))
