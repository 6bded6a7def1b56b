"""Hostile XML is refused fast, before any expansion, and without reading local files."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from shared_data import MISSING_REASON, SANCTIONS

from osint_desk.core.sanctions.entries import ListFormatError
from osint_desk.core.sanctions.library import ListLibrary

LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<CONSOLIDATED_LIST dateGenerated="2026-01-01"><INDIVIDUALS><INDIVIDUAL>
<DATAID>1</DATAID><FIRST_NAME>&lol9;</FIRST_NAME><REFERENCE_NUMBER>QDi.1</REFERENCE_NUMBER>
</INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>
"""
EXTERNAL = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE CONSOLIDATED_LIST [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID>
<FIRST_NAME>&xxe;</FIRST_NAME><REFERENCE_NUMBER>QDi.1</REFERENCE_NUMBER>
</INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>
"""
PARAMETER = """<?xml version="1.0"?>
<!DOCTYPE export [
  <!ENTITY % remote SYSTEM "file:///etc/passwd">
  <!ENTITY % wrapper "<!ENTITY stolen '%remote;'>">
  %wrapper;
]>
<export xmlns="http://eu.europa.ec/fpi/fsd/export"><sanctionEntity logicalId="1">
<nameAlias wholeName="&stolen;" strong="true"/></sanctionEntity></export>
"""
EXTERNAL_DTD = """<?xml version="1.0"?>
<!-- a comment first, to be sure the check looks past it -->
<!DOCTYPE export SYSTEM "file:///etc/passwd">
<export xmlns="http://eu.europa.ec/fpi/fsd/export"/>
"""
UNDECLARED = """<?xml version="1.0"?>
<CONSOLIDATED_LIST dateGenerated="2026-01-01"><INDIVIDUALS><INDIVIDUAL>
<DATAID>1</DATAID><FIRST_NAME>&xxe;</FIRST_NAME><REFERENCE_NUMBER>QDi.1</REFERENCE_NUMBER>
</INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>
"""

CASES = {
    "billion-laughs": (LAUGHS, "entity declarations", "line 2"),
    "external-entity": (EXTERNAL, "entity declarations", "line 2"),
    "parameter-entities": (PARAMETER, "parameter-entity", "line 2"),
    "external-dtd": (EXTERNAL_DTD, "external DTD", "line 3"),
    "undeclared-entity": (UNDECLARED, "not well-formed", "line 3"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_xml_is_refused_fast(name: str, tmp_path: Path) -> None:
    text, problem, where = CASES[name]
    path = tmp_path / f"{name}.xml"
    path.write_text(text, encoding="utf-8")
    with ListLibrary(tmp_path / "lists.sqlite") as library:
        started = time.perf_counter()
        with pytest.raises(ListFormatError) as caught:
            library.import_files([path])
        elapsed = time.perf_counter() - started
        assert library.lists() == []
    message = str(caught.value)
    assert elapsed < 1.0
    assert str(path) in message and problem in message and where in message
    assert "root:" not in message  # nothing from /etc/passwd leaked into the message


@pytest.mark.parametrize("fmt", ["un-xml", "eu-xml"])
def test_hostile_xml_refused_with_a_forced_format(fmt: str, tmp_path: Path) -> None:
    path = tmp_path / "laughs.xml"
    path.write_text(LAUGHS, encoding="utf-8")
    started = time.perf_counter()
    with ListLibrary(tmp_path / "lists.sqlite") as library, pytest.raises(
            ListFormatError, match="entity declarations"):
        library.import_files([path], format=fmt)
    assert time.perf_counter() - started < 1.0


def test_utf16_doctype_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "utf16.xml"
    path.write_bytes(EXTERNAL.replace('encoding="UTF-8"', 'encoding="UTF-16"')
                     .encode("utf-16"))
    with ListLibrary(tmp_path / "lists.sqlite") as library, pytest.raises(
            ListFormatError, match="refused"):
        library.import_files([path])


def test_doctype_behind_a_long_comment_is_still_refused(tmp_path: Path) -> None:
    path = tmp_path / "padded.xml"
    path.write_text(LAUGHS.replace('<?xml version="1.0"?>\n', '<?xml version="1.0"?>\n<!-- '
                                   + "x" * 100_000 + " -->\n"), encoding="utf-8")
    started = time.perf_counter()
    with ListLibrary(tmp_path / "lists.sqlite") as library, pytest.raises(
            ListFormatError, match="entity declarations"):
        library.import_files([path])
    assert time.perf_counter() - started < 1.0


@pytest.mark.skipif(not SANCTIONS.is_dir(), reason=MISSING_REASON)
def test_a_long_comment_alone_is_fine(tmp_path: Path) -> None:
    sample = (SANCTIONS / "un_consolidated_subset_derived.xml").read_text(encoding="utf-8")
    path = tmp_path / "commented.xml"
    path.write_text(sample.replace("<CONSOLIDATED_LIST", "<!-- " + "y" * 100_000
                                   + " -->\n<CONSOLIDATED_LIST", 1), encoding="utf-8")
    with ListLibrary(tmp_path / "lists.sqlite") as library:
        assert library.import_files([path]).total == 10
