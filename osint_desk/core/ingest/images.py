"""Photos and screenshots (PNG, JPEG, WebP): the original kept, what the file says described.

A source needs text for excerpts to quote, and an image has none that we may claim: no OCR,
nothing read from the pixels. The text is a description built from the headers and EXIF
(size, when and with what it was taken, where the GPS tags place it), one fact a line, so an
analyst can cite "GPS: 48.5946 N, 37.9997 E" from the photo itself. The file's SHA-256 ends
it, so two different images with the same description are never taken for duplicates.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from osint_desk.core.errors import IngestError
from osint_desk.core.ingest.captured import CapturedSource
from osint_desk.core.ingest.image_exif import ExifFacts, clean, read_exif
from osint_desk.core.ingest.image_formats import ImageHeader, read_header, sniff_image
from osint_desk.core.ingest.text_files import finish_text, sniff_binary
from osint_desk.core.model import SourceKind

MEDIA_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "webp": "image/webp"}
_SUFFIX_TYPES = {".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".webp": "webp"}
# Tags with a line of their own (or folded into "Camera"), in this order.
_NAMED = (("Image Software", "Software"), ("Image Artist", "Artist"),
          ("Image Copyright", "Copyright"), ("Image ImageDescription", "Description"))
_CAMERA = ("Image Make", "Image Model")
_GPS_READ = frozenset(f"GPS GPS{part}" for part in (
    "LatitudeRef", "Latitude", "LongitudeRef", "Longitude", "AltitudeRef", "Altitude"))
_SHOWN = {"EXIF DateTimeOriginal", "EXIF OffsetTimeOriginal", *_CAMERA,
          *(key for key, _label in _NAMED)}


def read_image(name: str, data: bytes) -> CapturedSource:
    """Read a PNG, JPEG or WebP image; its real type comes from its bytes, not its name.

    A file named for one image type that holds another (a PNG saved as ``.jpg``, common with
    messaging apps) is read as what it is, with a warning; one that is no image is refused.
    """
    kind = sniff_image(data)
    claimed = _SUFFIX_TYPES.get(Path(name.lower()).suffix)
    if kind is None:
        label = sniff_binary(data)
        what = f"it holds {label} data" if label else "no PNG, JPEG or WebP signature"
        raise IngestError(f"{name}: not an image ({what})")
    header = read_header(name, kind, data)
    warnings = list(header.warnings)
    if claimed is not None and claimed != kind:
        warnings.insert(0, f"the file is named as {claimed.upper()} but is a {kind.upper()} "
                           f"image; it was read as {kind.upper()}")
    facts = read_exif(header.exif) if header.exif is not None else ExifFacts()
    warnings += facts.warnings
    capture: dict[str, object] = {"format": "image", "type": kind, "width": header.width,
                                  "height": header.height, **header.details,
                                  "exif": dict(facts.tags)}
    if facts.gps is not None:
        capture["gps"] = dict(facts.gps)
    if facts.taken is not None:
        capture["taken"] = facts.taken.value
    artist = facts.tags.get("Image Artist")
    return CapturedSource(
        filename=name,
        kind=SourceKind.DOCUMENT,
        media_type=MEDIA_TYPES[kind],
        original=data,
        text=finish_text(name, describe(name, header, facts, data)),
        title=Path(name).stem or name,
        author=artist or None,
        published=facts.taken,  # the camera's clock, as recorded: see describe()
        warnings=tuple(warnings),
        capture=capture,
        integrity=header.integrity,  # PNG's CRCs; JPEG and WebP have no check of their own
    )


def describe(name: str, header: ImageHeader, facts: ExifFacts, data: bytes) -> str:
    """The source's text: only what the headers and tags say, one fact a line."""
    tags = facts.tags
    # "Photograph" only when the tags say a camera took it; a screenshot is an "Image".
    noun = "Photograph" if facts.taken or any(key in tags for key in _CAMERA) else "Image"
    lines = [f"{noun} {clean(name)}, {header.width} × {header.height} pixels, "
             f"{header.type.upper()}."]
    if header.details.get("animated"):
        lines.append("Animated: only the first frame is shown.")
    if facts.taken is not None:
        value = facts.taken.value
        shown = value[:19].replace("T", " ") + (f" {value[19:]}" if value[19:] else "")
        lines.append(f"Taken: {shown} (camera clock).")
    camera = _camera(tags.get("Image Make", ""), tags.get("Image Model", ""))
    if camera:
        lines.append(f"Camera: {camera}.")
    if facts.gps is not None:
        lines.append(_gps_line(facts.gps))
    lines += [f"{label}: {tags[key]}" for key, label in _NAMED if key in tags]
    # The raw GPS tags are left out once they are read as the "GPS:" line above.
    placed = _GPS_READ if facts.gps is not None else frozenset()
    others = [f"{key}: {value}" for key, value in tags.items()
              if key not in _SHOWN and key not in placed]
    if others:
        lines.append("Other EXIF tags:")
        lines += others
    elif not tags:
        lines.append("No EXIF tags.")
    lines.append(f"File SHA-256: {hashlib.sha256(data).hexdigest()}")
    return "\n".join(lines) + "\n"


def _camera(make: str, model: str) -> str:
    """"Canon EOS 80D", not "Canon Canon EOS 80D": models often repeat the make."""
    if make and model.lower().startswith(make.lower()):
        return model
    return " ".join(part for part in (make, model) if part)


def _number(value: float, places: int) -> str:
    text = f"{abs(value):.{places}f}".rstrip("0").rstrip(".")
    return text or "0"


def _gps_line(gps: dict[str, float]) -> str:
    latitude, longitude = gps["latitude"], gps["longitude"]
    line = (f"GPS: {_number(latitude, 6)} {'S' if latitude < 0 else 'N'}, "
            f"{_number(longitude, 6)} {'W' if longitude < 0 else 'E'}")
    if "altitude" in gps:
        altitude = gps["altitude"]
        sign = "-" if altitude < 0 else ""
        line += f" (altitude {sign}{_number(altitude, 1)} m)"
    return line + "."
