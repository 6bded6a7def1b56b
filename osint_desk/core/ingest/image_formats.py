"""What an image file's own headers say: its real type, its size, and its EXIF block.

Read in pure Python from the bytes (no Qt, no Pillow, no pixel decoding), so a hostile image
can at worst be refused: every length is checked against the data before it is used and each
walk over chunks or segments moves forward, so it ends within the file. The EXIF block is
handed back as the raw TIFF structure it is, for ``image_exif`` to interpret.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass, field

from osint_desk.core.errors import IngestError
from osint_desk.core.ingest.captured import Integrity

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
#: Pixels per side: PNG and WebP allow 2^31 and 2^24, real photos stay under 20,000; a larger
#: size is a corrupt or crafted header, whatever the format allows.
MAX_IMAGE_SIDE = 1_000_000
#: An EXIF block: a JPEG's is under 64 KiB by construction, a PNG's or WebP's may be any size,
#: and a real one (with a thumbnail) is under 200 KiB. A bigger one is not read.
MAX_EXIF_BYTES = 1024 * 1024
_TIFF_STARTS = (b"II*\x00", b"MM\x00*")
# JPEG start-of-frame markers (baseline, progressive, lossless, arithmetic): size lives there.
_SOF_MARKERS = frozenset((0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7,
                          0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF))
_STANDALONE_MARKERS = frozenset((0x01, *range(0xD0, 0xD8)))  # TEM, RSTn: no length


@dataclass
class ImageHeader:
    """An image's type ("png", "jpeg", "webp"), size, EXIF bytes and what was odd about it."""

    type: str
    width: int = 0
    height: int = 0
    exif: bytes | None = None
    integrity: Integrity | None = None  # PNG's chunk CRCs: "valid" or "mismatch"
    details: dict[str, object] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def sniff_image(data: bytes) -> str | None:
    """"png", "jpeg" or "webp" from the magic bytes, else None."""
    if data.startswith(PNG_MAGIC):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return None


def read_header(name: str, kind: str, data: bytes) -> ImageHeader:
    """Walk the file's structure; raise IngestError naming ``name`` if it is cut or corrupt."""
    reader = {"png": _png, "jpeg": _jpeg, "webp": _webp}[kind]
    header = reader(name, data)
    if not (0 < header.width <= MAX_IMAGE_SIDE and 0 < header.height <= MAX_IMAGE_SIDE):
        raise IngestError(f"{name}: corrupt {kind.upper()} image (its header gives an "
                          f"impossible size, {header.width} × {header.height} pixels)")
    if header.exif is not None:
        header.exif = _checked_exif(header, header.exif)
    return header


def _checked_exif(header: ImageHeader, block: bytes) -> bytes | None:
    if block.startswith(b"Exif\x00\x00"):  # WebP writers differ on keeping JPEG's prefix
        block = block[6:]
    if len(block) > MAX_EXIF_BYTES:
        header.warnings.append(f"the EXIF block ({len(block):,} bytes) is over the limit of "
                               f"{MAX_EXIF_BYTES:,} bytes; its tags were not read")
        return None
    if not block.startswith(_TIFF_STARTS):
        header.warnings.append("the EXIF block is not a TIFF structure; its tags were not read")
        return None
    return block


def _cut(name: str, kind: str) -> IngestError:
    return IngestError(f"{name}: truncated or corrupt {kind} image (its structure runs past "
                       "the end of the file)")


# -- PNG -------------------------------------------------------------------------------------


def _png(name: str, data: bytes) -> ImageHeader:
    header = ImageHeader("png")
    at, bad_crc, seen_end, first = 8, 0, False, True
    while at + 12 <= len(data):
        length, chunk = struct.unpack(">I4s", data[at:at + 8])
        body_end = at + 8 + length
        if body_end + 4 > len(data):
            raise _cut(name, "PNG")
        body = data[at + 8:body_end]
        (crc,) = struct.unpack(">I", data[body_end:body_end + 4])
        crc_ok = zlib.crc32(chunk + body) == crc
        if first:
            if chunk != b"IHDR" or length != 13 or not crc_ok:
                raise IngestError(f"{name}: corrupt PNG image (its IHDR header is missing or "
                                  "damaged)")
            header.width, header.height = struct.unpack(">II", body[:8])
            first = False
        bad_crc += not crc_ok
        if chunk == b"eXIf" and header.exif is None:
            header.exif = body
        elif chunk == b"acTL":
            header.details["animated"] = True
        at = body_end + 4
        if chunk == b"IEND":
            seen_end = True
            break
    if first:
        raise _cut(name, "PNG")
    if not seen_end:
        raise IngestError(f"{name}: truncated PNG image (it ends before its IEND chunk)")
    header.integrity = "mismatch" if bad_crc else "valid"
    if bad_crc:
        header.warnings.append(f"{bad_crc} PNG chunk(s) fail their CRC check: the file was "
                               "damaged or altered after it was written")
    if at < len(data):
        header.warnings.append(f"{len(data) - at:,} bytes follow the end of the PNG image "
                               "(kept in the original, not shown)")
    return header


# -- JPEG ------------------------------------------------------------------------------------


def _jpeg(name: str, data: bytes) -> ImageHeader:
    header = ImageHeader("jpeg")
    at = 2
    while True:
        start = at
        while at < len(data) and data[at] == 0xFF:  # a marker's 0xFF and any fill bytes
            at += 1
        if at >= len(data):
            raise _cut(name, "JPEG")
        if at == start:
            raise IngestError(f"{name}: corrupt JPEG image (no marker where one must be)")
        marker = data[at]
        at += 1
        if marker in _STANDALONE_MARKERS:
            continue
        if marker == 0xD9:
            raise IngestError(f"{name}: corrupt JPEG image (it ends before any picture data)")
        if at + 2 > len(data):
            raise _cut(name, "JPEG")
        (length,) = struct.unpack(">H", data[at:at + 2])
        if length < 2 or at + length > len(data):
            raise _cut(name, "JPEG")
        segment = data[at + 2:at + length]
        if marker == 0xE1 and segment.startswith(b"Exif\x00") and header.exif is None:
            header.exif = segment[6:]
        elif marker in _SOF_MARKERS:
            if len(segment) < 5:
                raise IngestError(f"{name}: corrupt JPEG image (its frame header is short)")
            header.height, header.width = struct.unpack(">HH", segment[1:5])
            header.details["progressive"] = marker in (0xC2, 0xC6, 0xCA, 0xCE)
        at += length
        if marker == 0xDA:  # start of scan: entropy-coded data follows, up to EOI
            break
    if not header.width:
        raise IngestError(f"{name}: corrupt JPEG image (no frame header before its picture "
                          "data)")
    # Inside entropy-coded data an 0xFF byte is always stuffed (FF 00) or a restart marker, so
    # FF D9 there is the end of the image.
    end = data.find(b"\xff\xd9", at)
    if end < 0:
        raise IngestError(f"{name}: truncated JPEG image (it ends before its end-of-image "
                          "marker)")
    if end + 2 < len(data):
        header.warnings.append(f"{len(data) - end - 2:,} bytes follow the end of the JPEG image "
                               "(a second image or appended data; kept in the original)")
    return header


# -- WebP ------------------------------------------------------------------------------------


def _webp(name: str, data: bytes) -> ImageHeader:
    header = ImageHeader("webp")
    (riff_size,) = struct.unpack("<I", data[4:8])
    end = 8 + riff_size
    if riff_size < 4 or end > len(data):
        raise IngestError(f"{name}: truncated WebP image (its RIFF header gives "
                          f"{riff_size + 8:,} bytes, the file has {len(data):,})")
    at, image = 12, ""
    while at + 8 <= end:
        chunk, length = data[at:at + 4], struct.unpack("<I", data[at + 4:at + 8])[0]
        body = data[at + 8:at + 8 + length]
        if at + 8 + length > end:
            raise _cut(name, "WebP")
        if chunk == b"VP8X" and at == 12:
            _webp_canvas(name, header, body)
            image = "VP8X"
        elif chunk in (b"VP8 ", b"VP8L") and not image:
            (_vp8_size if chunk == b"VP8 " else _vp8l_size)(name, header, body)
            image = chunk.decode().strip()
        elif chunk == b"EXIF" and header.exif is None:
            header.exif = body
        elif chunk == b"ANIM":
            header.details["animated"] = True
        at += 8 + length + (length & 1)  # chunks are padded to an even size
    if not image:
        raise IngestError(f"{name}: corrupt WebP image (no VP8, VP8L or VP8X chunk)")
    header.details["encoding"] = image
    if end < len(data):
        header.warnings.append(f"{len(data) - end:,} bytes follow the end of the WebP image "
                               "(kept in the original, not shown)")
    return header


def _webp_canvas(name: str, header: ImageHeader, body: bytes) -> None:
    if len(body) < 10:
        raise IngestError(f"{name}: corrupt WebP image (its VP8X header is short)")
    header.width = int.from_bytes(body[4:7], "little") + 1
    header.height = int.from_bytes(body[7:10], "little") + 1


def _vp8_size(name: str, header: ImageHeader, body: bytes) -> None:
    if len(body) < 10 or body[3:6] != b"\x9d\x01\x2a":
        raise IngestError(f"{name}: corrupt WebP image (its VP8 frame header is damaged)")
    width, height = struct.unpack("<HH", body[6:10])
    header.width, header.height = width & 0x3FFF, height & 0x3FFF


def _vp8l_size(name: str, header: ImageHeader, body: bytes) -> None:
    if len(body) < 5 or body[0] != 0x2F:
        raise IngestError(f"{name}: corrupt WebP image (its VP8L header is damaged)")
    (bits,) = struct.unpack("<I", body[1:5])
    header.width = (bits & 0x3FFF) + 1
    header.height = ((bits >> 14) & 0x3FFF) + 1
