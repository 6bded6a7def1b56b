"""A WACZ's zip opened in memory, refused before anything is read if it could hurt.

A zip is a list of promises: its directory can name 100,000 entries, claim a 10 GB file that
deflates from 10 MB, or name ``../../.bashrc``. We never extract to disk, but a name with
``..`` or a root is a sign of a crafted file, so it is refused; sizes are checked from the
directory before any data is inflated, and each read is bounded by the size the directory
declares (``zipfile`` stops there and checks the CRC).
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from osint_desk.core.errors import IngestError
from osint_desk.core.ingest.limits import MAX_FILE_BYTES, megabytes

#: Entries of one WACZ: a crawl has a handful (WARCs, indexes, pages, datapackage) and
#: Browsertrix splits WARCs at 1 GB; 20,000 is far past any real one.
MAX_WACZ_ENTRIES = 20_000
#: All entries inflated: the WACZ and its WARCs in memory, under 1 GB together.
MAX_WACZ_EXPANDED_BYTES = 4 * MAX_FILE_BYTES
#: Inflated size over stored size, for entries over a MiB. WARCs are stored (already gzip),
#: CDXJ and JSON deflate 5-20×; deflate cannot exceed about 1,032×.
MAX_WACZ_RATIO = 200
_RATIO_FLOOR = 1024 * 1024


class SafeZip:
    """The entries of a checked zip, readable one by one within the bounds above."""

    def __init__(self, name: str, data: bytes) -> None:
        self.name = name
        declared = _declared_entries(data)
        if declared is not None and declared > MAX_WACZ_ENTRIES:
            raise IngestError(f"{name}: the zip has {declared:,} entries (the limit for a "
                              f"WACZ is {MAX_WACZ_ENTRIES:,}); refused as a possible zip bomb")
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError,
                NotImplementedError, struct.error) as exc:
            raise IngestError(f"{name}: not a WACZ file (not a readable zip: {exc})") from None
        if len(infos) > MAX_WACZ_ENTRIES:
            raise IngestError(f"{name}: the zip has {len(infos):,} entries (the limit for a "
                              f"WACZ is {MAX_WACZ_ENTRIES:,}); refused as a possible zip bomb")
        self.entries: dict[str, zipfile.ZipInfo] = {}
        total = 0
        for info in infos:
            _check_name(name, info.filename)
            if info.filename in self.entries:
                raise IngestError(f"{name}: the zip names {info.filename[:200]!r} twice; refused "
                                  "(a crafted file can show different contents to each reader)")
            total += info.file_size
            if total > MAX_WACZ_EXPANDED_BYTES:
                raise IngestError(
                    f"{name}: the zip's entries add up to more than "
                    f"{megabytes(MAX_WACZ_EXPANDED_BYTES)} uncompressed; refused as a possible "
                    "zip bomb")
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > _RATIO_FLOOR and ratio > MAX_WACZ_RATIO:
                raise IngestError(
                    f"{name}: the entry {info.filename[:200]!r} inflates {ratio:,.0f} times "
                    f"(limit {MAX_WACZ_RATIO}×); refused as a possible zip bomb")
            if not info.is_dir():
                self.entries[info.filename] = info

    def read(self, path: str) -> bytes:
        """One entry's bytes; IngestError naming the WACZ and the entry if it cannot be read."""
        info = self.entries[path]
        if info.flag_bits & 0x1:
            raise IngestError(f"{self.name}: {path[:200]} is encrypted and cannot be read")
        if info.file_size > MAX_FILE_BYTES:
            raise IngestError(f"{self.name}: {path[:200]} is larger than "
                              f"{megabytes(MAX_FILE_BYTES)} (the limit for one file)")
        try:
            with self._zip.open(info) as handle:
                data = handle.read(info.file_size + 1)
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, ValueError, OSError,
                EOFError, zlib.error) as exc:
            raise IngestError(f"{self.name}: {path[:200]} cannot be read ({exc})") from None
        if len(data) != info.file_size:
            raise IngestError(f"{self.name}: {path[:200]} is not the size the zip says")
        return data


def _declared_entries(data: bytes) -> int | None:
    """The entry count the end-of-directory record claims, read before ``zipfile`` builds an
    object per entry (a 64 MB directory of tiny entries would be a million of them)."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end < 0 or end + 12 > len(data):
        return None
    count = int.from_bytes(data[end + 10:end + 12], "little")
    if count != 0xFFFF:
        return count
    locator = end - 20  # zip64: the locator points at the zip64 end record
    if locator < 0 or data[locator:locator + 4] != b"PK\x06\x07":
        return None
    record = int.from_bytes(data[locator + 8:locator + 16], "little")
    if data[record:record + 4] != b"PK\x06\x06":
        return None
    return int.from_bytes(data[record + 32:record + 40], "little")


def _check_name(name: str, entry: str) -> None:
    path = entry.replace("\\", "/")
    parts = path.split("/")
    if (path.startswith("/") or (len(path) > 1 and path[1] == ":")
            or ".." in parts or "\x00" in path):
        raise IngestError(f"{name}: the zip entry {entry[:200]!r} points outside the archive "
                          "(an absolute path or '..'); refused")
