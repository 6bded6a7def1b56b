"""Hostile sanctions-list files through every importer and the FtM case reader (issue 11).

Two kinds of input per format: real small files (the fixtures and the shared samples) with
bytes deleted, inserted, replaced, repeated thousands of times or cut off; and files built
from generated structure (names, aliases, rows, JSON values). Each is read the way
``ListLibrary.import_files`` reads it (parse, bring every entry within the limits, canonical
JSON as UTF-8, blocking keys of every name), and a smaller run goes through the library
itself. The only acceptable outcomes: a result, or an ``OsintDeskError`` with a message.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pytest
from fuzz_support import FUZZ_EXAMPLES, expect_result_or_user_error, fuzz_settings
from hypothesis import given
from hypothesis import strategies as st
from shared_data import SANCTIONS

from osint_desk.core.errors import OsintDeskError
from osint_desk.core.exports.ftm_read import read_ftm
from osint_desk.core.sanctions import formats, limits
from osint_desk.core.sanctions.bounds import bound_entry
from osint_desk.core.sanctions.library import ListLibrary
from osint_desk.core.sanctions.matching import name_keys

FIXTURES = Path(__file__).parents[1] / "core" / "fixtures" / "sanctions"
SECONDS = 10.0
UNSHOWABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")  # never left in a stored name
MAX_FILE = 400_000  # bytes of one mutated file: enough for thousands of repeats, still fast
# Per format: the seed files (one set of files each), read-only; shared ones may be absent.
SEEDS: dict[str, list[list[Path]]] = {
    "ofac-xml": [[FIXTURES / "ofac_sdn_tempuri_sample.xml"],
                 [FIXTURES / "ofac_sdn_current_sample.xml"]],
    "un-xml": [[SANCTIONS / "un_consolidated_subset_derived.xml"]],
    "eu-xml": [[SANCTIONS / "eu_fsf_xml_excerpt_2024-12-11.xml"]],
    "eu-csv": [[FIXTURES / "eu_fsf_sample.csv"]],
    "uk-csv": [[FIXTURES / "uk_sanctions_list_sample.csv"]],
    "ofsi-csv": [[FIXTURES / "ofsi_conlist_sample.csv"]],
    "ftm-csv": [[FIXTURES / "targets.simple.csv"]],
    "ftm-json": [[SANCTIONS / "opensanctions_ftm" / "yente_t1_entities.ftm.json"]],
    "ofac-csv": [sorted((SANCTIONS / "ofac_sdn_csv_subset_2025").glob("*.csv"))],
}
HOSTILE = [
    b"\x00", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf", b"\xed\xb2\x80", b"\x81\x9d", b"\x1a",
    b"\\udc80", b"\\ud800\\udc00", b'"', b"'", b",", b";", b"\n", b"\r", b"\r\n", b"\t",
    b"[" * 40, b"{" * 40, b'{"a":' * 40, b"]}" * 5, b"<a>" * 300, b"</", b"<", b">", b"&amp;",
    b"&#0;", b"&#x110000;", b"&undefined;", b"<![CDATA[", b"]]>", b"<!--", b"<?x ?>",
    b"<!DOCTYPE x [<!ENTITY a 'b'>]>", b'<!DOCTYPE x SYSTEM "file:///etc/passwd">',
    b"x" * 140_000, b"a " * 3000, b"1" * 5000, b"bdfgklmnrst" * 300, b"DOB ", b"Linked To: ",
    b"a.k.a. '", b" No. ", b"Passport ", b"-0- ", b"] [", b'"schema": "Person"',
    b'"properties": ', b"null", b"1e999", b"9" * 5000, "Щ日本\u202e".encode(),
]

seed_payloads = st.one_of(st.sampled_from(HOSTILE), st.binary(max_size=24))


def _text_payload(raw: bytes, kind: str) -> bytes:
    """A payload that keeps the file well-formed where it goes: XML text, or inside a JSON
    string (so the importer's later stages, not only the parser, see hostile values)."""
    text = raw.decode("utf-8", errors="replace")
    if kind == "xml":
        text = "".join(c for c in text if c.isprintable() or c in "\t\n")
        return escape(text).encode()
    return json.dumps(text)[1:-1].encode()


@st.composite
def mutated(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` with a few edits: delete, insert, replace, repeat a slice or whole lines,
    truncate, or put a payload into XML text or a JSON string."""
    for _ in range(draw(st.integers(1, 4))):
        size = len(data)
        at = draw(st.integers(0, size))
        end = min(size, at + draw(st.integers(0, 64)))
        kind = draw(st.sampled_from(["delete", "insert", "replace", "repeat", "truncate",
                                     "lines", "xml", "json", "xml", "json"]))
        if kind == "delete":
            data = data[:at] + data[end:]
        elif kind == "insert":
            data = data[:at] + draw(seed_payloads) * draw(st.integers(1, 3)) + data[at:]
        elif kind == "replace":
            data = data[:at] + draw(seed_payloads) + data[end:]
        elif kind == "repeat" and end > at:
            times = draw(st.integers(2, max(2, (MAX_FILE - size) // (end - at))))
            data = data[:at] + data[at:end] * times + data[end:]
        elif kind == "truncate":
            data = data[:at]
        elif kind == "lines":
            lines = data.splitlines(keepends=True)
            first = draw(st.integers(0, max(0, len(lines) - 1)))
            last = min(len(lines), first + draw(st.integers(1, 5)))
            chunk = b"".join(lines[first:last]) or b"\n"
            times = draw(st.integers(2, max(2, (MAX_FILE - size) // len(chunk))))
            data = b"".join(lines[:first]) + chunk * times + b"".join(lines[first:])
        elif kind in ("xml", "json"):
            where = rb">(?=[^<\n])" if kind == "xml" else rb'[\[ ]"'
            marks = [m.end() for m in re.finditer(where, data)]
            if marks:
                spot = marks[draw(st.integers(0, len(marks) - 1))]
                payload = _text_payload(draw(seed_payloads), kind) * draw(st.integers(1, 3))
                data = data[:spot] + payload + data[spot:]
        data = data[:MAX_FILE * 2]
    return data


def consume(paths: list[Path], fmt: str | None) -> int:
    """Read the files as the library does, without SQLite; the number of entries kept."""
    info, entries = formats.parse(paths, fmt)
    kept = 0
    for entry in entries:
        bounded, _ = bound_entry(entry, ", ".join(info.source_files))
        if bounded is None:
            continue
        try:
            bounded.to_json().encode("utf-8")
        except UnicodeEncodeError:  # the library refuses these with a ListFormatError
            continue
        assert len(bounded.aliases) <= limits.MAX_ALIASES
        for name, strength, _, _ in bounded.all_names():
            assert len(name) <= limits.MAX_NAME_CHARS and not UNSHOWABLE.search(name)
            if strength == "strong":
                keys = name_keys(name, bounded.schema)
                assert sum(map(len, keys)) < 200 * limits.MAX_NAME_CHARS  # linear, not square
        kept += 1
    return kept


def _write_set(folder: Path, seeds: list[Path], index: int, data: bytes) -> list[Path]:
    """The seed set copied into ``folder`` with file ``index`` replaced by ``data``."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir()
    out = []
    for i, seed in enumerate(seeds):
        target = folder / seed.name
        if i == index:
            target.write_bytes(data)
        else:
            shutil.copyfile(seed, target)
        out.append(target)
    return out


def _check(result: object) -> None:
    assert isinstance(result, int | OsintDeskError), result


# -- real files, mutated ---------------------------------------------------------------------


@pytest.mark.parametrize("fmt", sorted(SEEDS))
def test_mutated_real_files(fmt: str, tmp_path: Path) -> None:
    sets = [s for s in SEEDS[fmt] if s and all(p.exists() for p in s)]
    if not sets:
        pytest.skip(f"no seed file for {fmt} (shared sample data not found at {SANCTIONS})")

    @fuzz_settings()
    @given(st.data())
    def run(data: st.DataObject) -> None:
        seeds = data.draw(st.sampled_from(sets))
        index = data.draw(st.integers(0, len(seeds) - 1))
        content = data.draw(mutated(seeds[index].read_bytes()))
        paths = _write_set(tmp_path / "in", seeds, index, content)
        named = data.draw(st.sampled_from([fmt, None]))  # the parser itself, or detection
        _check(expect_result_or_user_error(lambda: consume(paths, named), SECONDS))

    run()


# -- generated structure ---------------------------------------------------------------------


# Text XML can carry (no C0 controls, no surrogates), with long runs and many tokens.
xml_char = st.characters(blacklist_categories=("Cs", "Cc"))
words = st.one_of(st.text(xml_char, max_size=12), st.sampled_from(
    ["LLC", "al", "bin", "DOB 1961", "a.k.a. 'X'", "Linked To: X", "Passport 12", "-0-"]))
short_names = st.lists(words, max_size=8).map(" ".join)
names = st.one_of(
    short_names,
    st.builds(lambda w, n: (w + " ") * n, words, st.integers(1, 3000)),  # many tokens
    st.builds(lambda w, n: w * n, st.sampled_from(["bdfg", "щ", "日", "a", "Ab"]),
              st.integers(1, 25_000)))  # one long token: the longest phonetic codes
# (name, aliases, how many aliases: repeated past MAX_ALIASES, 1,000).
entries = st.lists(st.tuples(names, st.lists(short_names, max_size=5), st.integers(0, 1200)),
                   min_size=1, max_size=4)


def _aliases(aliases: list[str], repeat: int) -> list[str]:
    return (aliases * max(1, repeat // max(1, len(aliases))))[:repeat] if aliases else []


def un_file(items: list[tuple[str, list[str], int]]) -> str:
    people = "".join(
        f"<INDIVIDUAL><DATAID>{i}</DATAID><FIRST_NAME>{escape(name)}</FIRST_NAME>"
        f"<REFERENCE_NUMBER>QDi.{i}</REFERENCE_NUMBER>" + "".join(
            f"<INDIVIDUAL_ALIAS><ALIAS_NAME>{escape(a)}</ALIAS_NAME></INDIVIDUAL_ALIAS>"
            for a in _aliases(aliases, repeat)) + f"<COMMENTS1>{escape(name)}</COMMENTS1>"
        "</INDIVIDUAL>" for i, (name, aliases, repeat) in enumerate(items))
    return f"<CONSOLIDATED_LIST><INDIVIDUALS>{people}</INDIVIDUALS></CONSOLIDATED_LIST>"


def ofac_file(items: list[tuple[str, list[str], int]]) -> str:
    body = "".join(
        f"<sdnEntry><uid>{i}</uid><lastName>{escape(name)}</lastName><sdnType>Individual"
        f"</sdnType><remarks>{escape(name)}</remarks><akaList>" + "".join(
            f"<aka><lastName>{escape(a)}</lastName></aka>" for a in _aliases(aliases, repeat))
        + f"</akaList><dateOfBirthList><dateOfBirthItem><dateOfBirth>{escape(name[:500])}"
        "</dateOfBirth></dateOfBirthItem></dateOfBirthList></sdnEntry>"
        for i, (name, aliases, repeat) in enumerate(items))
    return f'<sdnList xmlns="http://tempuri.org/sdnList.xsd">{body}</sdnList>'


def eu_file(items: list[tuple[str, list[str], int]]) -> str:
    body = "".join(
        f'<sanctionEntity logicalId="{i}"><nameAlias wholeName={quoteattr(name)}/>' + "".join(
            f"<nameAlias wholeName={quoteattr(a)} strong=\"false\"/>"
            for a in _aliases(aliases, repeat)) + "</sanctionEntity>"
        for i, (name, aliases, repeat) in enumerate(items))
    return f'<export xmlns="http://eu.europa.ec/fpi/fsd/export">{body}</export>'


XML_BUILDERS = {"un-xml": (un_file, "consolidated.xml"), "ofac-xml": (ofac_file, "sdn.xml"),
                "eu-xml": (eu_file, "eu.xml")}


@pytest.mark.parametrize("fmt", sorted(XML_BUILDERS))
def test_generated_xml(fmt: str, tmp_path: Path) -> None:
    build, file_name = XML_BUILDERS[fmt]

    @fuzz_settings()
    @given(entries)
    def run(items: list[tuple[str, list[str], int]]) -> None:
        path = tmp_path / file_name
        path.write_text(build(items), encoding="utf-8")
        _check(expect_result_or_user_error(lambda: consume([path], None), SECONDS))

    run()


CSV_HEADERS = {
    "eu-csv": (";", ["Entity_LogicalId", "NameAlias_WholeName", "NameAlias_Strong",
                     "BirthDate_BirthDate", "Entity_SubjectType", "Address_City"]),
    "uk-csv": (",", ["Unique ID", "Name 6", "Name 1", "Name type", "D.O.B",
                     "Address Line 1"]),
    "ofsi-csv": (",", ["Name 6", "Name 1", "Alias Type", "Group ID", "DOB", "Listed On"]),
    "ftm-csv": (",", ["id", "schema", "name", "aliases", "birth_date", "countries"]),
}
cells = st.one_of(names, st.sampled_from(["", "Person", "1", '"', "\n", ";", ",", "\x00",
                                          "00/00/1965", "28/04/1937", "-0- "]),
                  st.text(max_size=20))


@pytest.mark.parametrize("fmt", sorted(CSV_HEADERS))
def test_generated_csv(fmt: str, tmp_path: Path) -> None:
    delimiter, header = CSV_HEADERS[fmt]

    @fuzz_settings()
    @given(st.lists(st.lists(cells, min_size=1, max_size=9), max_size=30),
           st.sampled_from(["\n", "\r\n", "\r"]), st.sampled_from(["utf-8", "cp1252", "utf-16"]))
    def run(rows: list[list[str]], newline: str, encoding: str) -> None:
        import csv
        import io

        out = io.StringIO()
        writer = csv.writer(out, delimiter=delimiter, lineterminator=newline)
        writer.writerow(header)
        for i, row in enumerate(rows):
            writer.writerow([f"R{i % 7}" if fmt != "ofsi-csv" else row[0], *row][:len(header) + 2])
        path = tmp_path / ("targets.simple.csv" if fmt == "ftm-csv" else f"{fmt}.csv")
        path.write_bytes(out.getvalue().encode(encoding, errors="replace"))
        _check(expect_result_or_user_error(lambda: consume([path], fmt), SECONDS))

    run()


@fuzz_settings()
@given(st.lists(st.tuples(names, st.integers(1, 3000)), min_size=1, max_size=5))
def test_generated_ofac_csv(tmp_path_factory: pytest.TempPathFactory,
                            items: list[tuple[str, int]]) -> None:
    folder = tmp_path_factory.mktemp("ofac")
    rows = "".join(f'{i},"{n.replace(chr(34), "")}",individual,SDGT,-0- ,-0- ,-0- ,-0- ,-0- ,'
                   f'-0- ,-0- ,"DOB {n[:200]}; Registry No. {"1" * k} x"\n'
                   for i, (n, k) in enumerate(items, 1))
    (folder / "sdn.csv").write_text(rows, encoding="utf-8")
    (folder / "alt.csv").write_text("".join(f'{i},{j},"aka","{n[:100]}",-0- \n'
                                            for i, (n, k) in enumerate(items, 1)
                                            for j in range(min(k, 50))), encoding="utf-8")
    _check(expect_result_or_user_error(lambda: consume([folder], None), SECONDS))


json_atoms = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                       names, st.sampled_from(["\udc80", "\ud800x", "Ann"]))
json_values = st.recursive(json_atoms, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=30)
SCHEMAS = ["Person", "Company", "Organization", "Vessel", "Sanction", "Address", "Ownership",
           "Directorship", "Family", "Thing", ""]
PROPS = ["name", "alias", "weakAlias", "entity", "owner", "asset", "person", "relative",
         "addressEntity", "full", "country", "birthDate", "startDate", "programId", "notes",
         "idNumber"]
ids = st.sampled_from([f"e{i}" for i in range(6)])


def mostly(valid: st.SearchStrategy[object], odd: st.SearchStrategy[object]
           ) -> st.SearchStrategy[object]:
    """``valid`` nine times in ten: one odd line refuses the whole file, so odd must be rare
    for the readers' later stages to be reached."""
    return st.integers(0, 9).flatmap(lambda k: odd if k == 0 else valid)


values = mostly(st.lists(mostly(ids | names, json_atoms), max_size=6), st.one_of(
    st.builds(lambda n: [f"e{i}" for i in range(n)], st.integers(0, 3000)), json_values))
entity = st.fixed_dictionaries(
    {"id": mostly(ids, json_atoms), "schema": mostly(st.sampled_from(SCHEMAS), json_atoms)},
    optional={"caption": mostly(names, json_values),
              "properties": mostly(st.dictionaries(st.sampled_from(PROPS), values, max_size=6),
                                   json_values),
              "referents": mostly(st.lists(ids, max_size=3), json_values),
              "datasets": json_values})
deep = st.builds(lambda n, k: '{"id": "d", "schema": "Person", "properties": {"name": '
                 + k[0] * n + k[1] * n + "}}", st.integers(1, 50_000),
                 st.sampled_from([("[", "]"), ('{"a":', "}")]))


def _ftm_text(lines: list[object]) -> str:
    return "".join((line if isinstance(line, str) else json.dumps(line)) + "\n"
                   for line in lines)


@fuzz_settings()
@given(st.lists(mostly(entity, deep), min_size=1, max_size=12))
def test_generated_ftm_lines_in_both_readers(tmp_path_factory: pytest.TempPathFactory,
                                             lines: list[object]) -> None:
    path = tmp_path_factory.mktemp("ftm") / "entities.ftm.json"
    path.write_text(_ftm_text(lines), encoding="utf-8", errors="surrogatepass")
    _check(expect_result_or_user_error(lambda: consume([path], "ftm-json"), SECONDS))
    result = expect_result_or_user_error(lambda: read_ftm(path), SECONDS)
    assert not isinstance(result, Exception) or isinstance(result, OsintDeskError)


@fuzz_settings()
@given(st.data())
def test_mutated_ftm_in_the_case_reader(tmp_path_factory: pytest.TempPathFactory,
                                        data: st.DataObject) -> None:
    seeds = list((SANCTIONS / "opensanctions_ftm").glob("*.json")) or [None]
    seed = data.draw(st.sampled_from(seeds))
    base = seed.read_bytes()[:20_000] if seed else _ftm_text(
        [{"id": "p1", "schema": "Person", "properties": {"name": ["Ann"]}}]).encode()
    path = tmp_path_factory.mktemp("case") / "entities.ftm.json"
    path.write_bytes(data.draw(mutated(base)))
    result = expect_result_or_user_error(lambda: read_ftm(path), SECONDS)
    assert not isinstance(result, Exception) or isinstance(result, OsintDeskError)


# -- detection and the library itself --------------------------------------------------------


@fuzz_settings()
@given(st.sampled_from([b"", b"<", b"<?xml version='1.0'?>", b"{", b'{"schema":', b"\xff\xfe<",
                        b"id,schema,name,aliases\n", b"Entity_LogicalId;"]),
       st.lists(seed_payloads, max_size=8))
def test_detection(tmp_path_factory: pytest.TempPathFactory, prefix: bytes,
                   parts: list[bytes]) -> None:
    path = tmp_path_factory.mktemp("detect") / "list.dat"
    path.write_bytes(prefix + b"".join(parts))
    result = expect_result_or_user_error(lambda: formats.detect([path]), SECONDS)
    assert isinstance(result, str | OsintDeskError)


@fuzz_settings(examples=max(40, FUZZ_EXAMPLES // 4))
@given(st.data())
def test_library_imports_mutated_files(tmp_path_factory: pytest.TempPathFactory,
                                       data: st.DataObject) -> None:
    """The whole path, SQLite and key tables included, on fewer cases (each costs more)."""
    available = [(fmt, s) for fmt, sets in SEEDS.items() for s in sets
                 if s and all(p.exists() for p in s)]
    _fmt, seeds = data.draw(st.sampled_from(available))
    index = data.draw(st.integers(0, len(seeds) - 1))
    folder = tmp_path_factory.mktemp("lib")
    paths = _write_set(folder / "in", seeds, index, data.draw(mutated(seeds[index].read_bytes())))

    def run() -> int:
        with ListLibrary(folder / "lists.sqlite") as library:
            return library.import_files(paths).total

    _check(expect_result_or_user_error(run, SECONDS))
