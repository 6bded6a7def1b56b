"""Hostile list files (issue 11): every one ends in a clear error or a warning, in bounded time
and memory, never a crash, a hang or a library of gigabytes.

The builders below make each input; the memory cases run in a child process (``run_child``),
where peak RSS is measurable. Limits: ``osint_desk.core.sanctions.limits``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from fuzz_support import run_child, time_bound

from osint_desk.core.exports.ftm_read import FtmFormatError, read_ftm
from osint_desk.core.sanctions import limits
from osint_desk.core.sanctions.entries import ListFormatError
from osint_desk.core.sanctions.formats import detect, parse, tabular
from osint_desk.core.sanctions.library import ImportReport, ListLibrary
from osint_desk.core.sanctions.matching import name_keys

SECONDS = 10.0  # every hostile file is answered well within this (most in milliseconds)
LONG_NAME = ("bdfgklmnrst" * 2000)[:22_000]  # no vowels: the longest phonetic code possible


# -- builders ------------------------------------------------------------------------------


def un_xml(path: Path, names: list[str], aliases: tuple[str, ...] = ()) -> Path:
    """A UN consolidated list with one INDIVIDUAL per name (each with ``aliases``)."""
    alias_xml = "".join(f"<INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>{a}"
                        "</ALIAS_NAME></INDIVIDUAL_ALIAS>" for a in aliases)
    people = "".join(f"<INDIVIDUAL><DATAID>{i}</DATAID><FIRST_NAME>{name}</FIRST_NAME>"
                     f"<REFERENCE_NUMBER>QDi.{i}</REFERENCE_NUMBER>{alias_xml}</INDIVIDUAL>"
                     for i, name in enumerate(names, 1))
    path.write_text(f'<?xml version="1.0" encoding="UTF-8"?>\n<CONSOLIDATED_LIST'
                    f' dateGenerated="2024-01-01T00:00:00"><INDIVIDUALS>{people}</INDIVIDUALS>'
                    "<ENTITIES/></CONSOLIDATED_LIST>\n", encoding="utf-8")
    return path


def ofac_xml(path: Path, name: str, remarks: str = "", extra: str = "") -> Path:
    """An OFAC sdn.xml with one entry."""
    path.write_text(
        '<?xml version="1.0"?>\n<sdnList xmlns="http://tempuri.org/sdnList.xsd">'
        "<publshInformation><Publish_Date>01/02/2024</Publish_Date></publshInformation>"
        f"<sdnEntry><uid>1</uid><lastName>{name}</lastName><sdnType>Entity</sdnType>"
        f"<remarks>{remarks}</remarks>{extra}</sdnEntry></sdnList>\n", encoding="utf-8")
    return path


def ftm_lines(path: Path, *entities: dict[str, object] | str) -> Path:
    """FtM JSON lines; a ``str`` is written as the line itself (for broken JSON)."""
    path.write_text("".join((e if isinstance(e, str) else json.dumps(e)) + "\n"
                            for e in entities), encoding="utf-8")
    return path


def person(entity_id: str = "p1", **props: object) -> dict[str, object]:
    return {"id": entity_id, "schema": "Person",
            "properties": {"name": ["Ann Example"], **props}}


def library_import(tmp_path: Path, *files: Path) -> ImportReport:
    """Each call a new list in the same library: confirmed, as a user would after a refusal."""
    with ListLibrary(tmp_path / "lists.sqlite") as library:
        return library.import_files(list(files), replace=True)


def refused(call: Callable[[], object], error: type[Exception] = ListFormatError) -> str:
    """The message of the error ``call`` raises within the time bound."""
    with time_bound(SECONDS), pytest.raises(error) as caught:
        call()
    return str(caught.value)


# -- FollowTheMoney: depth and surrogates, in both readers -------------------------------------


@pytest.mark.parametrize("depth", [33, 900, 100_000])
def test_deep_nesting_is_refused_by_both_ftm_readers(tmp_path: Path, depth: int) -> None:
    deep = '{"id": "p2", "schema": "Person", "properties": {"name": ["x"]}, "extra": ' \
        + "[" * depth + "]" * depth + "}"
    path = ftm_lines(tmp_path / "entities.ftm.json", person(), deep)
    for call, error in ((lambda: library_import(tmp_path, path), ListFormatError),
                        (lambda: read_ftm(path), FtmFormatError)):
        message = refused(call, error)
        assert "line 2: nested deeper than 32 levels" in message and str(path) in message


def test_nesting_within_the_limit_is_read(tmp_path: Path) -> None:
    path = ftm_lines(tmp_path / "entities.ftm.json",
                     {**person(), "extra": json.loads("[" * 28 + "]" * 28)})
    assert library_import(tmp_path, path).total == 1


@pytest.mark.parametrize("where", ["name", "key", "caption", "id", "schema"])
def test_a_lone_surrogate_is_refused_by_both_ftm_readers(tmp_path: Path, where: str) -> None:
    bad = "Ann \\udc80"
    line = {"name": f'{{"id": "p1", "schema": "Person", "properties": {{"name": ["{bad}"]}}}}',
            "key": f'{{"id": "p1", "schema": "Person", "properties": {{"{bad}": ["x"],'
                   ' "name": ["Ann"]}}',
            "caption": f'{{"id": "p1", "schema": "Person", "caption": "{bad}",'
                       ' "properties": {"name": ["Ann"]}}',
            "id": f'{{"id": "{bad}", "schema": "Person", "properties": {{"name": ["Ann"]}}}}',
            "schema": f'{{"id": "p1", "schema": "Person{bad}", "properties": {{}}}}'}[where]
    path = ftm_lines(tmp_path / "entities.ftm.json", line)
    for call, error in ((lambda: library_import(tmp_path, path), ListFormatError),
                        (lambda: read_ftm(path), FtmFormatError)):
        assert "line 1: holds a broken character escape (a lone UTF-16 surrogate)" \
            in refused(call, error)


def test_a_surrogate_pair_and_raw_surrogate_bytes(tmp_path: Path) -> None:
    path = ftm_lines(tmp_path / "entities.ftm.json", '{"id": "p1", "schema": "Person",'
                     ' "properties": {"name": ["Ann \\ud83d\\ude00"]}}')
    assert library_import(tmp_path, path).total == 1  # a valid pair is one character
    raw = tmp_path / "raw.ftm.json"
    raw.write_bytes(b'{"id": "p1", "schema": "Person", "properties": {"name": ["\xed\xb2\x80"]}}\n')
    assert "line 1: not UTF-8 text" in refused(lambda: library_import(tmp_path, raw))
    assert "line 1: not UTF-8 text" in refused(lambda: read_ftm(raw), FtmFormatError)


def test_an_over_long_json_line_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "entities.ftm.json"
    path.write_bytes(json.dumps(person()).encode() + b"\n" + b'{"id": "' + b"x" * (
        limits.MAX_JSON_LINE_BYTES + 10) + b'"}\n')
    message = refused(lambda: library_import(tmp_path, path))
    assert "line 2: longer than 16 MiB (the limit for one JSON line)" in message


def test_a_first_line_longer_than_detection_reads(tmp_path: Path) -> None:
    path = ftm_lines(tmp_path / "entities.ftm.json", person(notes=["x" * 1_500_000]), person("p2"))
    assert detect([path]) == "ftm-json"
    assert library_import(tmp_path, path).total == 2


def test_odd_property_shapes_are_read_or_refused(tmp_path: Path) -> None:
    path = ftm_lines(tmp_path / "entities.ftm.json",
                     {"id": 7, "schema": "Person", "caption": ["not", "text"],
                      "properties": {"name": "Bare Value", "alias": [1, None, 2.5],
                                     "birthDate": 1961}})
    report = library_import(tmp_path, path)
    with ListLibrary(tmp_path / "lists.sqlite") as library:
        entry = library.entry(report.list_key, "7")
    assert entry is not None and entry.name == "Bare Value"
    assert [a.name for a in entry.aliases] == ["1", "2.5"] and entry.birth_dates == ("1961",)
    nested = ftm_lines(tmp_path / "nested.ftm.json", person(alias=[{"a": 1}]))
    assert "property 'alias' holds nested data" in refused(lambda: library_import(tmp_path,
                                                                                  nested))


# -- over-long names: cut with a warning, in bounded memory ----------------------------------


def _child_import(builder: str) -> str:
    """Code for ``run_child``: build a file (``builder`` sets ``path``), import it, print the
    warnings and the size of the library."""
    return "\n".join([
        "import json, tempfile",
        "from pathlib import Path",
        "from osint_desk.core.sanctions.library import ListLibrary",
        "folder = Path(tempfile.mkdtemp())",
        'name = ("bdfgklmnrst" * 2000)[:22_000]',
        builder,
        'with ListLibrary(folder / "lists.sqlite") as library:',
        "    report = library.import_files([path])",
        'size = sum(p.stat().st_size for p in folder.iterdir() if p.name.startswith("lists"))',
        'print(json.dumps({"warnings": report.warnings, "db_bytes": size}))',
    ])


@pytest.mark.parametrize("builder", [
    'path = folder / "consolidated.xml"; path.write_text("<CONSOLIDATED_LIST><INDIVIDUALS>'
    '<INDIVIDUAL><FIRST_NAME>" + name + "</FIRST_NAME><REFERENCE_NUMBER>QDi.1'
    '</REFERENCE_NUMBER></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>")',
    'path = folder / "sdn.xml"; path.write_text("<sdnList><sdnEntry><uid>1</uid><lastName>"'
    ' + name + "</lastName></sdnEntry></sdnList>")',
], ids=["un-xml", "ofac-xml"])
def test_a_22000_character_name_costs_little(builder: str) -> None:
    """Before the fix: about 505 MB peak, 25 s and a 2.1 GB library (measured)."""
    run = run_child(_child_import(builder), timeout=120)
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert run.peak_rss_mb < 200 and run.seconds < SECONDS, (run.peak_rss_mb, run.seconds)
    assert result["db_bytes"] < 5 * 2**20
    [warning] = result["warnings"]
    assert "entry " in warning and "name of 22,000 characters cut to 1,000" in warning


def test_the_cut_name_is_stored_and_screened(tmp_path: Path) -> None:
    path = un_xml(tmp_path / "consolidated.xml", ["Ann Example", LONG_NAME])
    report = library_import(tmp_path, path)
    assert report.total == 2
    assert report.warnings == (f"{path.name}: entry QDi.2: name of 22,000 characters cut to"
                               " 1,000 (limit on the length of a name)",)
    with ListLibrary(tmp_path / "lists.sqlite") as library:
        entry = library.entry("un-sc", "QDi.2")
        assert entry is not None and entry.name == LONG_NAME[:1000]
        keys = library.conn.execute("SELECT count(*), sum(length(key)) FROM name_keys"
                                    ).fetchone()
    assert keys[0] < 100 and keys[1] < 10_000


@pytest.mark.parametrize("fmt", ["eu-xml", "eu-csv", "uk-csv", "ftm-csv", "ofac-csv",
                                 "ftm-json"])
def test_every_format_cuts_an_over_long_name(tmp_path: Path, fmt: str) -> None:
    name = "Ann " + "Example" * 2000
    if fmt == "eu-xml":
        path = tmp_path / "eu.xml"
        path.write_text('<export xmlns="http://eu.europa.ec/fpi/fsd/export"><sanctionEntity'
                        f' logicalId="13"><nameAlias wholeName="{name}"/></sanctionEntity>'
                        "</export>")
    elif fmt == "eu-csv":
        path = tmp_path / "eu.csv"
        path.write_text(f"Entity_LogicalId;NameAlias_WholeName\n13;{name}\n")
    elif fmt == "uk-csv":
        path = tmp_path / "uk.csv"
        path.write_text(f"Unique ID,Name 6\nRUS0001,{name}\n")
    elif fmt == "ftm-csv":
        path = tmp_path / "targets.simple.csv"
        path.write_text(f"id,schema,name,aliases\nNK-1,Person,{name},{name}x\n")
    elif fmt == "ofac-csv":
        path = tmp_path / "sdn.csv"
        path.write_text(f'1,"{name}",individual,SDGT,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n')
    else:
        path = ftm_lines(tmp_path / "entities.ftm.json",
                         {"id": "p1", "schema": "Person", "properties": {"name": [name]}})
    with time_bound(SECONDS):
        report = library_import(tmp_path, path)
    assert report.total == 1
    assert any("cut to 1,000 (limit on the length of a name)" in w for w in report.warnings)


def test_too_many_aliases_and_too_many_name_characters(tmp_path: Path) -> None:
    many = un_xml(tmp_path / "consolidated.xml", ["Ann Example"],
                  tuple(f"Alias Number{i}" for i in range(5000)))
    with time_bound(SECONDS):
        report = library_import(tmp_path, many)
    assert report.warnings == (f"{many.name}: entry QDi.1: 5,000 aliases; only the first 1,000"
                               " kept (limit on aliases per entry)",)
    long = un_xml(tmp_path / "consolidated.xml", ["Ann Example"],
                  tuple(f"Alias {i} " + "Name " * 190 for i in range(150)))
    with time_bound(SECONDS):
        report = library_import(tmp_path, long)
    assert "names pass 100,000 characters in all" in report.warnings[0]
    with ListLibrary(tmp_path / "lists.sqlite") as library:
        entry = library.entry("un-sc", "QDi.1")
    assert entry is not None and 90 < len(entry.aliases) < 110


def test_warnings_are_capped_and_counted(tmp_path: Path) -> None:
    path = un_xml(tmp_path / "consolidated.xml", ["Ann " + "Example " * 200] * 120)
    report = library_import(tmp_path, path)
    assert len(report.warnings) == limits.MAX_WARNINGS + 1
    assert report.warnings[-1] == "... and 70 more warnings"


def test_control_characters_leave_names_and_bad_refs_skip_entries(tmp_path: Path) -> None:
    path = tmp_path / "targets.simple.csv"
    path.write_text("id,schema,name,aliases\n" + "x" * 5000 + ",Person,A B,\n"
                    "NK-1,Person,Ann\x07Example\x1b,\n" + "NK-2,Person,\x01\x02,\n")
    report = library_import(tmp_path, path)
    assert report.total == 1
    assert any("skipped, its reference has 5,000 characters (limit 500)" in w
               for w in report.warnings)
    assert any("NK-2: skipped, no name is left" in w for w in report.warnings)
    with ListLibrary(tmp_path / "lists.sqlite") as library:
        names = [n.name for n in library.names()]
    assert names == ["Ann Example"]


def test_name_keys_grow_linearly() -> None:
    keys = name_keys(LONG_NAME, "Person")
    assert sum(map(len, keys)) < 5000
    assert {"d:brgsn", "d:rgsn", "d:brgs"} <= name_keys("Prigozhin", "Person")  # unchanged


# -- the hang cases: quadratic parsing of one field ------------------------------------------


@pytest.mark.parametrize("remarks", [
    "Registry No. " + "1" * 200_000 + " x",  # a number then junk: every split was tried
    "DOB " + "a" * 200_000,  # a date search over a long word
    "; ".join(["Registry No. " + "1" * 900 + " x"] * 200),
    "a.k.a. '" + "'" * 100_000,
], ids=["generic-id", "dob", "many-phrases", "quotes"])
def test_ofac_remarks_that_hung_are_read_at_once(tmp_path: Path, remarks: str) -> None:
    path = ofac_xml(tmp_path / "sdn.xml", "ANN EXAMPLE", remarks)
    with time_bound(SECONDS):
        report = library_import(tmp_path, path)
    assert report.total == 1


@pytest.mark.parametrize("head", [b"<a" * 600_000, b"<?" * 600_000, b"<!--" * 300_000,
                                  b"< " * 600_000, b"<a " + b"xmlns='" * 150_000])
def test_detection_of_a_hostile_head_is_linear(tmp_path: Path, head: bytes) -> None:
    path = tmp_path / "list.xml"
    path.write_bytes(head)
    message = refused(lambda: detect([path]))
    assert str(path) in message


def test_a_relationship_with_thousands_of_ends(tmp_path: Path) -> None:
    owners = [f"o{i}" for i in range(3000)]
    assets = [f"a{i}" for i in range(3000)]
    path = ftm_lines(tmp_path / "entities.ftm.json",
                     *[person(o) for o in owners[:5]], person("a0"),
                     {"id": "own", "schema": "Ownership",
                      "properties": {"owner": owners, "asset": assets}})
    with time_bound(SECONDS):
        report = library_import(tmp_path, path)
    assert report.total == 6
    assert sum("line 7: the Ownership has 3,000 owners; only the first 100 are linked" in w
               for w in report.warnings) == 1
    with ListLibrary(tmp_path / "lists.sqlite") as library:
        entry = library.entry(report.list_key, "o1")
        target = library.entry(report.list_key, "a0")
    assert entry is not None and len(entry.links) == 100
    assert target is not None and len(target.links) == 100


def test_a_relationship_with_thousands_of_ends_in_bounded_memory() -> None:
    """Before the fix: 18 million links for one line of 150 KB."""
    run = run_child(_child_import(
        'ends = [f"e{i}" for i in range(6000)]\n'
        'path = folder / "entities.ftm.json"\n'
        'path.write_text(json.dumps({"id": "p", "schema": "Person", "properties": {"name":'
        ' ["Ann"]}}) + "\\n" + json.dumps({"id": "x", "schema": "Ownership", "properties":'
        ' {"owner": ends, "asset": ends}}) + "\\n")'), timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.peak_rss_mb < 150 and run.seconds < SECONDS, (run.peak_rss_mb, run.seconds)


def test_thousands_of_address_entities(tmp_path: Path) -> None:
    ids = [f"addr{i}" for i in range(30_000)]
    path = ftm_lines(tmp_path / "entities.ftm.json", person(addressEntity=ids),
                     *[{"id": i, "schema": "Address", "properties": {"full": [f"{i} Street"]}}
                       for i in ids])
    with time_bound(SECONDS):
        report = library_import(tmp_path, path)
    assert any("30,000 addresses; only the first 1,000 kept" in w for w in report.warnings)


# -- CSV: fields, rows, columns, NUL bytes, encodings ----------------------------------------


@pytest.mark.parametrize("process_limit", [None, 2**31 - 1])
def test_a_huge_csv_field(tmp_path: Path, process_limit: int | None) -> None:
    """Refused whatever ``csv.field_size_limit()`` says: sqlite-utils' CLI and followthemoney
    change that process-wide setting when they are imported."""
    import csv

    before = csv.field_size_limit(process_limit) if process_limit else None
    try:
        path = tmp_path / "targets.simple.csv"
        path.write_text("id,schema,name,aliases\nNK-1,Person,\"" + "x" * 200_000 + "\",\n")
        message = refused(lambda: library_import(tmp_path, path))
        assert "line 2: a field longer than 131,072 characters (the limit for one CSV field)" \
            in message
        sdn = tmp_path / "sdn.csv"
        sdn.write_text('1,"' + "x" * 200_000 + '",individual\n')
        assert "a field longer than 131,072 characters" in refused(
            lambda: library_import(tmp_path, sdn))
    finally:
        if before is not None:
            csv.field_size_limit(before)


@pytest.mark.parametrize("row", [
    "," * 3_000_000,  # one physical line
    ',"\n"' * 600_000,  # many short lines, one row
], ids=["long-line", "quoted-newlines"])
def test_a_huge_csv_row_is_refused_before_it_is_built(tmp_path: Path, row: str) -> None:
    path = tmp_path / "targets.simple.csv"
    path.write_text("id,schema,name,aliases\nNK-1,Person,Ann" + row + "\n")
    message = refused(lambda: library_import(tmp_path, path))
    assert "a row longer than 1,048,576 characters (the limit for one CSV row)" in message
    sdn = tmp_path / "sdn.csv"
    sdn.write_text("1,Ann" + row + "\n")
    assert "the limit for one CSV row" in refused(lambda: library_import(tmp_path, sdn))


def test_too_many_columns(tmp_path: Path) -> None:
    path = tmp_path / "targets.simple.csv"
    path.write_text("id,schema,name,aliases" + ",x" * 2000 + "\nNK-1,Person,Ann,\n")
    assert "a header of 2,004 columns, more than the 1,000" in refused(
        lambda: library_import(tmp_path, path))
    wide = tmp_path / "wide.csv"
    wide.write_text("id,schema,name,aliases\nNK-1,Person,Ann,,x,y\n")
    assert "line 2: 6 cells where the header has 4" in refused(
        lambda: library_import(tmp_path, wide))


def test_nul_bytes_and_bad_encodings(tmp_path: Path) -> None:
    binary = tmp_path / "targets.simple.csv"
    binary.write_bytes(b"id,schema,name,aliases\n\x00\x00\x00NK-1,Person,Ann,\n")
    assert "a binary file" in refused(lambda: library_import(tmp_path, binary))
    late = tmp_path / "late.csv"
    late.write_bytes(b"id,schema,name,aliases\n" + b"".join(
        b"NK-%d,Person,Bo,\n" % i for i in range(2, 400)) + b"NK-1,Person,Ann\x00Example,\n")
    with time_bound(SECONDS):
        report = library_import(tmp_path, late)
    with ListLibrary(tmp_path / "lists.sqlite") as library:
        entry = library.entry(report.list_key, "NK-1")
    assert entry is not None and entry.name == "Ann Example"
    cp1252 = tmp_path / "cp.csv"
    cp1252.write_bytes(b"id,schema,name,aliases\nNK-1,Person,Ann \x81\x9d\xe9,\n")
    assert library_import(tmp_path, cp1252).total == 1
    utf16 = tmp_path / "utf16.csv"
    utf16.write_bytes(b"\xff\xfe" + "id,schema,name,aliases\nNK-1,Person,Ann,\n".encode(
        "utf-16-le") + b"\x00\xd8")  # a lone high surrogate at the end
    with time_bound(SECONDS):
        try:
            library_import(tmp_path, utf16)
        except ListFormatError as exc:
            assert str(utf16) in str(exc)


# -- whole files over a size limit ---------------------------------------------------------


def test_files_over_the_size_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from osint_desk.core.sanctions import safe_xml
    from osint_desk.core.sanctions.formats import ftm_json

    monkeypatch.setattr(safe_xml, "MAX_XML_BYTES", 1000)
    monkeypatch.setattr(tabular, "MAX_CSV_BYTES", 1000)
    monkeypatch.setattr(ftm_json, "MAX_JSON_BYTES", 1000)
    xml = un_xml(tmp_path / "consolidated.xml", ["Ann Example"] * 50)
    assert "a list file may have" in refused(lambda: parse([xml]))
    csv = tmp_path / "targets.simple.csv"
    csv.write_text("id,schema,name,aliases\n" + "NK-1,Person,Ann,\n" * 100)
    assert "a CSV list file may have" in refused(lambda: list(parse([csv])[1]))
    ftm = ftm_lines(tmp_path / "entities.ftm.json", *[person(f"p{i}") for i in range(50)])
    assert "a FollowTheMoney list file may have" in refused(lambda: list(parse([ftm])[1]))


def test_xml_parser_limits_are_named(tmp_path: Path) -> None:
    deep = tmp_path / "sdn.xml"
    deep.write_text("<sdnList>" + "<a>" * 300 + "</a>" * 300 + "</sdnList>")
    message = refused(lambda: library_import(tmp_path, deep))
    assert "Excessive depth in document: 256" in message and "XML_PARSE_HUGE" not in message
    huge = ofac_xml(tmp_path / "sdn.xml", "ANN", "x" * 11_000_000)
    assert "Text node too long" in refused(lambda: library_import(tmp_path, huge))
    laughs = tmp_path / "laughs.xml"
    laughs.write_text('<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
                      '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><sdnList>&b;</sdnList>')
    assert "DOCTYPE with entity declarations" in refused(lambda: library_import(tmp_path,
                                                                                  laughs))


def test_many_children_of_one_entry(tmp_path: Path) -> None:
    akas = "<akaList>" + "<aka><lastName>ANN</lastName><category>strong</category></aka>" \
        * 50_000 + "</akaList>" + "<x/>" * 300_000
    path = ofac_xml(tmp_path / "sdn.xml", "ANN EXAMPLE", extra=akas)
    with time_bound(SECONDS):
        report = library_import(tmp_path, path)
    assert report.total == 1
