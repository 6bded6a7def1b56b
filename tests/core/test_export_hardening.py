"""Hostile or unusual input to the FtM import and the evidence bundle (found in review)."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest

from osint_desk.core.errors import OsintDeskError, ValidationError
from osint_desk.core.exports.bundle import safe_name, write_bundle
from osint_desk.core.exports.ftm_import import import_ftm
from osint_desk.core.exports.ftm_read import read_ftm
from osint_desk.core.store import CaseStore


def _ftm(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "in.ftm.json"
    path.write_text(text, "utf-8")
    return path


@pytest.mark.parametrize("line", [
    "[" * 100_000 + "]" * 100_000,
    '{"id": "a", "schema": "Person", "properties": {"name": ' + "[" * 50_000 + "]" * 50_000
    + "}}",
    '{"id": "b", "schema": "Person", "properties": {"name": ["\\ud800x"]}}',
])
def test_broken_lines_are_clear_errors_and_change_nothing(store: CaseStore, tmp_path: Path,
                                                         line: str) -> None:
    good = '{"id": "a", "schema": "Person", "properties": {"name": ["Ann"]}}'
    before = store.dump()
    with pytest.raises(OsintDeskError, match="line 2"):
        import_ftm(store, _ftm(tmp_path, good + "\n" + line + "\n"))
    assert store.dump() == before


def test_many_fragments_of_one_entity_read_in_linear_time(tmp_path: Path) -> None:
    lines = [f'{{"id": "a", "schema": "Person", "properties": {{"alias": ["n{i}"]}}}}'
             for i in range(30_000)]
    started = time.perf_counter()
    data = read_ftm(_ftm(tmp_path, "\n".join(lines)))
    assert time.perf_counter() - started < 10  # was minutes: quadratic merging
    assert len(data.entities["a"].properties["alias"]) == 30_000


def test_long_non_latin_names_fit_a_file_system(tmp_path: Path, store: CaseStore) -> None:
    assert len(safe_name("中文新闻标题" * 30 + ".html", "x").encode("utf-8")) <= 150
    assert safe_name("中文新闻标题" * 30 + ".html", "x").endswith(".html")
    store.sources.add(text="正文", title="中文新闻标题" * 14, kind="article")
    out = tmp_path / "b.zip"
    write_bundle(store, out, report_html="<p>x</p>", report_pdf=None)
    with zipfile.ZipFile(out) as bundle:
        for member in bundle.namelist():
            assert all(len(part.encode("utf-8")) <= 255 for part in member.split("/"))


def test_no_copy_inside_an_open_change(store: CaseStore, tmp_path: Path) -> None:
    with store.transaction(), pytest.raises(ValidationError, match="change in progress"):
        store.backup_to(tmp_path / "copy.osintcase")


def test_control_characters_never_reach_the_ftm_export(store: CaseStore) -> None:
    import io
    import json

    from osint_desk.core.exports.ftm import export_ftm

    store.entities.add("Person", "A\u0000nn\u0007 Smith")
    out = io.StringIO()
    export_ftm(store, out)
    names = [json.loads(line)["properties"].get("name", [""])[0]
             for line in out.getvalue().splitlines()]
    assert "Ann Smith" in names
