"""Which importer reads a list file: detection by content, or the format the user names.

Detection looks at what the files are, not only at their suffix: the OFAC CSV set by its
file names and row shape, XML by its root element and namespace (after the hostile-XML check,
so a billion-laughs file is refused as such rather than called "unknown"), FollowTheMoney by a
first line that is a JSON object with a ``schema``, CSV files by their header row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from osint_desk.core import bounded_json
from osint_desk.core.sanctions.entries import ListEntry, ListFormatError, ListInfo
from osint_desk.core.sanctions.formats import (
    eu_csv,
    eu_xml,
    ftm_csv,
    ftm_json,
    ofac_csv,
    ofac_xml,
    uk_csv,
    un_xml,
)
from osint_desk.core.sanctions.safe_xml import check_prolog, root_tag

HEAD_BYTES = 1 << 20  # what detection reads: enough for any real prolog and first line
Parser = Callable[[list[Path]], tuple[ListInfo, Iterator[ListEntry]]]

FORMATS: dict[str, tuple[str, Parser]] = {
    "ofac-csv": ("OFAC legacy CSV set (sdn.csv, add.csv, alt.csv, sdn_comments.csv;"
                 " cons_*.csv)", ofac_csv.parse),
    "ofac-xml": ("OFAC sdn.xml / consolidated.xml (classic XML)", ofac_xml.parse),
    "un-xml": ("UN Security Council consolidated.xml", un_xml.parse),
    "eu-xml": ("EU Financial Sanctions Files XML 1.1", eu_xml.parse),
    "eu-csv": ("EU Financial Sanctions Files CSV 1.1", eu_csv.parse),
    "uk-csv": ("UK Sanctions List CSV (FCDO)", uk_csv.parse_fcdo),
    "ofsi-csv": ("OFSI Consolidated List CSV (ConList.csv)", uk_csv.parse_ofsi),
    "ftm-json": ("OpenSanctions FollowTheMoney JSON lines (entities.ftm.json)", ftm_json.parse),
    "ftm-csv": ("OpenSanctions targets.simple.csv", ftm_csv.parse),
}


def format_names() -> list[str]:
    return sorted(FORMATS)


def expand(paths: list[Path]) -> list[Path]:
    """Folders stand for the files in them (an OFAC CSV set is often given as its folder)."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            files = sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith("."))
            ofac = [p for p in files if ofac_csv.role_of(p)]
            out += ofac or files  # an OFAC folder may also hold a README or the XML
        elif not path.exists():
            raise ListFormatError(f"{path}: no such file")
        else:
            out.append(path)
    if not out:
        raise ListFormatError(f"{paths[0] if paths else 'no file'}: no list file to import")
    return out


def detect(paths: list[Path]) -> str:
    """The format name of these files, or ``ListFormatError`` saying why none fits."""
    if all(ofac_csv.role_of(p) for p in paths):
        return "ofac-csv"
    if len(paths) > 1:
        raise ListFormatError(
            f"{paths[0]}: several files given, but they are not one OFAC CSV set; import"
            " other lists one file at a time")
    path = paths[0]
    try:
        with path.open("rb") as handle:
            head = handle.read(HEAD_BYTES)
    except OSError as exc:
        raise ListFormatError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not stripped:
        raise ListFormatError(f"{path}: the file is empty")
    if stripped.startswith(b"<") or head.startswith((b"\xff\xfe", b"\xfe\xff")):
        check_prolog(path, head, complete=len(head) < HEAD_BYTES)
        found = root_tag(head)
        if found and found[0] == un_xml.ROOT:
            return "un-xml"
        if found and found[0] == "export" and (found[1] or "").startswith(eu_xml.NAMESPACE):
            return "eu-xml"
        if found and found[0] == ofac_xml.ROOT:
            return "ofac-xml"
        name = f"<{found[0]}>" if found else "no root element"
        raise ListFormatError(f"{path}: an XML file of no known list format ({name});"
                              f" known formats: {', '.join(format_names())}")
    if stripped.startswith(b"{"):
        first = stripped.split(b"\n", 1)[0]
        cut_short = len(head) == HEAD_BYTES and len(first) == len(stripped)
        try:
            data = bounded_json.loads(first.decode("utf-8", errors="replace"))
        except bounded_json.JsonLineError as exc:  # too deep, a broken escape: the reader says
            data = {"schema": None} if (exc.bounded or cut_short) and b'"schema"' in first \
                else None
        if isinstance(data, dict) and "schema" in data:
            return "ftm-json"
    if eu_csv.looks_like(path):
        return "eu-csv"
    if ftm_csv.looks_like(path):
        return "ftm-csv"
    uk = uk_csv.flavour(path)
    if uk:
        return uk
    raise ListFormatError(f"{path}: not a list format OSINT Desk knows; give --format"
                          f" (one of {', '.join(format_names())})")


def parse(paths: list[Path], format: str | None = None) -> tuple[ListInfo, Iterator[ListEntry]]:
    """ListInfo and a lazy iterator of entries; errors surface while iterating, too."""
    files = expand(paths)
    name = format or detect(files)
    if name not in FORMATS:
        raise ListFormatError(f"unknown list format {name!r}; use one of"
                              f" {', '.join(format_names())}")
    return FORMATS[name][1](files)
