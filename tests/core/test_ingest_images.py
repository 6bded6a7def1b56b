"""Photos and screenshots built byte by byte: real type, size, EXIF GPS and dates, bad files."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

from osint_desk.core.errors import IngestError
from osint_desk.core.importer import import_files
from osint_desk.core.ingest import read_source_bytes, read_source_file
from osint_desk.core.model import SourceKind
from osint_desk.core.store import CaseStore

# A 2 × 2 baseline JPEG (JFIF, quality 50), as Qt wrote it: the smallest real picture data.
JPEG_2X2 = bytes.fromhex(
    "ffd8ffe000104a46494600010101006000600000ffdb004300100b0c0e0c0a100e0d0e1211101318281a181616"
    "183123251d283a333d3c3933383740485c4e404457453738506d51575f626768673e4d71797064785c656763ff"
    "db0043011112121815182f1a1a2f63423842636363636363636363636363636363636363636363636363636363"
    "6363636363636363636363636363636363636363636363ffc00011080002000203012200021101031101ffc400"
    "1f0000010501010101010100000000000000000102030405060708090a0bffc400b51000020103030204030505"
    "04040000017d01020300041105122131410613516107227114328191a1082342b1c11552d1f02433627282090a"
    "161718191a25262728292a3435363738393a434445464748494a535455565758595a636465666768696a737475"
    "767778797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6"
    "c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9faffc4001f0100030101010101"
    "010101010000000000000102030405060708090a0bffc400b51100020102040403040705040400010277000102"
    "031104052131061241510761711322328108144291a1b1c109233352f0156272d10a162434e125f11718191a26"
    "2728292a35363738393a434445464748494a535455565758595a636465666768696a737475767778797a828384"
    "85868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4"
    "d5d6d7d8d9dae2e3e4e5e6e7e8e9eaf2f3f4f5f6f7f8f9faffda000c03010002110311003f00c7a28a2b84fa83"
    "ffd9"
)
ASCII, BYTE, LONG, RATIONAL = 2, 1, 4, 5
Entry = tuple[int, int, int, bytes]  # tag, type, count, value bytes


def ascii_entry(tag: int, text: str) -> Entry:
    raw = text.encode() + b"\x00"
    return tag, ASCII, len(raw), raw


def rational_entry(tag: int, *pairs: tuple[int, int]) -> Entry:
    return tag, RATIONAL, len(pairs), b"".join(struct.pack("<II", n, d) for n, d in pairs)


def ifd(entries: list[Entry], start: int) -> bytes:
    """One little-endian IFD at offset ``start``, its long values right after it."""
    entries = sorted(entries)
    data_at = start + 2 + 12 * len(entries) + 4
    table, extra = struct.pack("<H", len(entries)), b""
    for tag, kind, count, value in entries:
        if len(value) <= 4:
            table += struct.pack("<HHI", tag, kind, count) + value.ljust(4, b"\x00")
        else:
            table += struct.pack("<HHII", tag, kind, count, data_at + len(extra))
            extra += value + b"\x00" * (len(value) & 1)
    return table + b"\x00\x00\x00\x00" + extra


def tiff(ifd0: list[Entry], exif: list[Entry] | None = None,
         gps: list[Entry] | None = None) -> bytes:
    """A TIFF structure: IFD0, with pointers to an EXIF IFD and a GPS IFD when given."""
    exif, gps = exif or [], gps or []
    pointers: list[Entry] = [(0x8769, LONG, 1, b"\0" * 4)] * bool(exif)
    pointers += [(0x8825, LONG, 1, b"\0" * 4)] * bool(gps)
    size0 = len(ifd([*ifd0, *pointers], 8))
    exif_at = 8 + size0
    gps_at = exif_at + (len(ifd(exif, exif_at)) if exif else 0)
    real = [(0x8769, LONG, 1, struct.pack("<I", exif_at))] * bool(exif)
    real += [(0x8825, LONG, 1, struct.pack("<I", gps_at))] * bool(gps)
    body = ifd([*ifd0, *real], 8)
    body += ifd(exif, exif_at) if exif else b""
    body += ifd(gps, gps_at) if gps else b""
    return b"II*\x00" + struct.pack("<I", 8) + body


def gps_entries(lat: tuple[str, tuple[int, int], tuple[int, int], tuple[int, int]],
                lon: tuple[str, tuple[int, int], tuple[int, int], tuple[int, int]],
                altitude: tuple[int, int] | None = None) -> list[Entry]:
    entries = [(1, ASCII, 2, lat[0].encode() + b"\0"), rational_entry(2, *lat[1:]),
               (3, ASCII, 2, lon[0].encode() + b"\0"), rational_entry(4, *lon[1:])]
    if altitude is not None:
        entries += [(5, BYTE, 1, b"\x00"), rational_entry(6, altitude)]
    return entries


def jpeg_with_exif(block: bytes) -> bytes:
    segment = b"Exif\x00\x00" + block
    return b"\xff\xd8\xff\xe1" + struct.pack(">H", len(segment) + 2) + segment + JPEG_2X2[2:]


def camera_exif(lat: str = "N", lon: str = "E") -> bytes:
    return tiff(
        [ascii_entry(0x010F, "Canon"), ascii_entry(0x0110, "Canon EOS 80D"),
         ascii_entry(0x013B, "A. Photographer")],
        exif=[ascii_entry(0x9003, "2022:12:01 10:03:00"), ascii_entry(0x9011, "+02:00")],
        gps=gps_entries((lat, (48, 1), (35, 1), (4056, 100)),
                        (lon, (37, 1), (59, 1), (5892, 100)), altitude=(212, 1)),
    )


def chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png(width: int = 3, height: int = 2, *, exif: bytes | None = None, shade: int = 0) -> bytes:
    rows = b"".join(b"\x00" + bytes([shade, 80, 160]) * width for _ in range(height))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    extra = chunk(b"eXIf", exif) if exif is not None else b""
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + extra
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def riff(*chunks: tuple[bytes, bytes]) -> bytes:
    body = b"".join(kind + struct.pack("<I", len(data)) + data + b"\0" * (len(data) & 1)
                    for kind, data in chunks)
    return b"RIFF" + struct.pack("<I", 4 + len(body)) + b"WEBP" + body


def vp8l(width: int, height: int) -> bytes:
    return b"\x2f" + struct.pack("<I", (width - 1) | (height - 1) << 14) + b"\x00" * 8


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_jpeg_exif_gives_place_time_camera_and_keeps_the_bytes(tmp_path: Path) -> None:
    data = jpeg_with_exif(camera_exif())
    captured = read_source_file(write(tmp_path, "photo.jpg", data))
    assert captured.original == data
    assert captured.kind is SourceKind.DOCUMENT and captured.media_type == "image/jpeg"
    capture = dict(captured.capture or {})
    assert (capture["format"], capture["type"], capture["width"], capture["height"]) == (
        "image", "jpeg", 2, 2)
    gps = capture["gps"]
    assert isinstance(gps, dict)
    assert gps["latitude"] == pytest.approx(48 + 35 / 60 + 40.56 / 3600)
    assert gps["longitude"] == pytest.approx(37 + 59 / 60 + 58.92 / 3600)
    assert gps["altitude"] == 212
    assert capture["taken"] == "2022-12-01T10:03:00+02:00"
    assert captured.published is not None and captured.published.utc() == "2022-12-01T08:03:00Z"
    assert captured.author == "A. Photographer" and captured.title == "photo"
    exif = capture["exif"]
    assert isinstance(exif, dict) and exif["Image Model"] == "Canon EOS 80D"
    lines = captured.text.split("\n")
    assert lines[:5] == [
        "Photograph photo.jpg, 2 × 2 pixels, JPEG.",
        "Taken: 2022-12-01 10:03:00 +02:00 (camera clock).",
        "Camera: Canon EOS 80D.",
        "GPS: 48.5946 N, 37.9997 E (altitude 212 m).",
        "Artist: A. Photographer",
    ]
    # The raw GPS tags are not repeated once read as the "GPS:" line (they stay in capture).
    assert not any(line.startswith("GPS GPSLatitude") for line in lines)
    assert "GPS GPSLatitude" in captured.capture["exif"]  # type: ignore[index, operator]
    assert captured.warnings == () and captured.integrity is None


def test_south_and_west_give_negative_degrees(tmp_path: Path) -> None:
    captured = read_source_file(write(tmp_path, "far.jpeg", jpeg_with_exif(camera_exif("S", "W"))))
    gps = dict(captured.capture or {})["gps"]
    assert isinstance(gps, dict) and gps["latitude"] < 0 and gps["longitude"] < 0
    assert "GPS: 48.5946 S, 37.9997 W (altitude 212 m)." in captured.text


def test_gps_dividing_by_zero_is_not_a_place(tmp_path: Path) -> None:
    block = tiff([ascii_entry(0x010F, "Canon")],
                 gps=gps_entries(("N", (48, 0), (0, 1), (0, 1)), ("E", (37, 1), (0, 1), (0, 1))))
    captured = read_source_file(write(tmp_path, "zero.jpg", jpeg_with_exif(block)))
    assert "gps" not in dict(captured.capture or {})
    assert "GPS:" not in captured.text
    assert any("GPS position is incomplete or impossible" in w for w in captured.warnings)


def test_png_without_exif_is_an_image_described_by_its_size(tmp_path: Path) -> None:
    data = png(3, 2)
    captured = read_source_file(write(tmp_path, "screenshot.png", data))
    assert captured.original == data and captured.media_type == "image/png"
    capture = dict(captured.capture or {})
    assert (capture["type"], capture["width"], capture["height"], capture["exif"]) == (
        "png", 3, 2, {})
    assert "gps" not in capture and "taken" not in capture and captured.published is None
    assert captured.text.startswith("Image screenshot.png, 3 × 2 pixels, PNG.\nNo EXIF tags.\n")
    assert captured.integrity == "valid"


def test_png_exif_chunk_is_read(tmp_path: Path) -> None:
    block = tiff([ascii_entry(0x013B, "Desk Reporter"), ascii_entry(0x8298, "(c) Agency")])
    captured = read_source_file(write(tmp_path, "tagged.png", png(exif=block)))
    assert captured.author == "Desk Reporter"
    assert "Copyright: (c) Agency" in captured.text.split("\n")


def test_damaged_png_chunk_is_kept_and_flagged(tmp_path: Path) -> None:
    data = bytearray(png(4, 4))
    idat = data.index(b"IDAT")
    data[idat + 6] ^= 0xFF  # a byte of the compressed pixels, so its CRC no longer matches
    captured = read_source_file(write(tmp_path, "edited.png", bytes(data)))
    assert captured.integrity == "mismatch" and captured.original == bytes(data)
    assert any("CRC" in warning for warning in captured.warnings)


def test_webp_headers_give_size_and_exif(tmp_path: Path) -> None:
    lossless = read_source_file(write(tmp_path, "plain.webp", riff((b"VP8L", vp8l(640, 480)))))
    assert dict(lossless.capture or {})["width"] == 640
    assert "640 × 480 pixels, WEBP." in lossless.text and lossless.media_type == "image/webp"
    vp8x = b"\x08\0\0\0" + (1279).to_bytes(3, "little") + (719).to_bytes(3, "little")
    lossy = b"\x00\x00\x00\x9d\x01\x2a" + struct.pack("<HH", 1280, 720) + b"\0" * 4
    block = b"Exif\x00\x00" + camera_exif()
    extended = read_source_file(write(tmp_path, "phone.webp", riff(
        (b"VP8X", vp8x), (b"VP8 ", lossy), (b"EXIF", block))))
    capture = dict(extended.capture or {})
    assert (capture["width"], capture["height"]) == (1280, 720)
    assert "GPS: 48.5946 N, 37.9997 E (altitude 212 m)." in extended.text


def test_png_named_jpg_is_read_as_png_with_a_warning(tmp_path: Path) -> None:
    data = png()
    captured = read_source_file(write(tmp_path, "sent.jpg", data))
    assert captured.media_type == "image/png" and captured.original == data
    assert dict(captured.capture or {})["type"] == "png"
    assert captured.warnings[0] == ("the file is named as JPEG but is a PNG image; it was read "
                                    "as PNG")


@pytest.mark.parametrize(("name", "data", "message"), [
    ("report.jpg", b"%PDF-1.7\n...", "report.jpg: not an image (it holds PDF document data)"),
    ("noise.png", b"just some text, no picture", "noise.png: not an image (no PNG, JPEG"),
    ("cut.jpg", JPEG_2X2[:300], "cut.jpg: truncated"),
    ("cut.png", png()[:-20], "cut.png: truncated"),
    ("cut.webp", riff((b"VP8L", vp8l(10, 10)))[:-4], "cut.webp: truncated WebP image"),
    ("empty.webp", riff((b"ICCP", b"1234")), "empty.webp: corrupt WebP image (no VP8"),
    ("huge.png", b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2**31 - 1, 2, 8, 2,
                                                                    0, 0, 0)) + chunk(b"IEND", b""),
     "huge.png: corrupt PNG image (its header gives an impossible size, 2147483647 × 2"),
    ("header.png", png(2, 2).replace(struct.pack(">II", 2, 2), struct.pack(">II", 9, 9)),
     "header.png: corrupt PNG image (its IHDR header is missing or damaged)"),
])
def test_bad_images_are_refused_by_name(tmp_path: Path, name: str, data: bytes,
                                        message: str) -> None:
    with pytest.raises(IngestError) as caught:
        read_source_file(write(tmp_path, name, data))
    assert str(caught.value).startswith(message)
    assert str(tmp_path) not in str(caught.value)


def test_broken_exif_still_imports_the_picture() -> None:
    block = b"II*\x00" + struct.pack("<I", 8) + struct.pack("<H", 40) + b"\xff" * 30
    captured = read_source_bytes("odd.jpg", jpeg_with_exif(block))
    assert captured.text.startswith("Image odd.jpg, 2 × 2 pixels, JPEG.")
    assert dict(captured.capture or {})["exif"] == {}
    assert any("EXIF block is malformed" in warning for warning in captured.warnings)


def test_exif_values_are_bounded_and_cleaned() -> None:
    block = tiff([ascii_entry(0x010E, "line one\nline two\x07" + "x" * 5000)])
    captured = read_source_bytes("long.jpg", jpeg_with_exif(block))
    description = dict(captured.capture or {})["exif"]
    assert isinstance(description, dict)
    value = description["Image ImageDescription"]
    assert value.startswith("line one line two ") and len(value) == 1000
    assert "Description: line one line two x" in captured.text
    assert "\x07" not in captured.text


def test_same_name_and_size_but_different_pictures_are_both_imported(
        store: CaseStore, tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = write(tmp_path / "a", "shot.png", png(shade=1))
    second = write(tmp_path / "b", "shot.png", png(shade=2))
    outcomes = list(import_files(store, [first, second]))
    assert [outcome.status for outcome in outcomes] == ["imported", "imported"]
    stored = store.sources.original_bytes(outcomes[1].source_id or "")
    assert stored == second.read_bytes()


def test_exif_asking_for_too_many_values_is_not_read_but_the_picture_is() -> None:
    """101 tags of 999 RATIONALs each: exifread would decode 100,899 values (about a second;
    a crafted block asked for millions, nearly a minute); the block is skipped unread."""
    count = 101
    data_at = 8 + 2 + 12 * count + 4
    entries = b"".join(struct.pack("<HHII", 0x1000 + i, RATIONAL, 999, data_at)
                       for i in range(count))
    block = (b"II*\x00" + struct.pack("<IH", 8, count) + entries + b"\0" * 4
             + struct.pack("<II", 1, 2) * 999)
    captured = read_source_bytes("heavy.jpg", jpeg_with_exif(block))
    assert dict(captured.capture or {})["exif"] == {}
    assert any("more than 100,000 values" in warning for warning in captured.warnings)
    assert captured.text.startswith("Image heavy.jpg, 2 × 2 pixels, JPEG.")
