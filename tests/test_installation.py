"""The install is what the lock says, every ingest path's dependency imports, resources ship.

A dependency that breaks (lxml moving its HTML cleaner out, a missing extra) must fail here,
loudly, rather than as "internal error" in a user's first import.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import pkgutil
import re
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement

import osint_desk
from osint_desk.core.importer import import_files
from osint_desk.core.paths import resources_dir
from osint_desk.core.store import CaseStore

ROOT = Path(__file__).resolve().parents[1]
LOCKS = ROOT / "requirements"


def _pins(lock: Path) -> dict[str, str]:
    """name -> version of every lock entry whose marker holds on this machine."""
    pins: dict[str, str] = {}
    environment = {**default_environment(), "extra": ""}
    for line in lock.read_text("utf-8").splitlines():
        if not line or line[0] in "# \t-":
            continue
        requirement = Requirement(line.rstrip("\\").strip())
        if requirement.marker is None or requirement.marker.evaluate(environment):
            (spec,) = requirement.specifier
            pins[requirement.name] = spec.version
    return pins


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_the_lock_files_pin_everything_with_hashes() -> None:
    for lock in LOCKS.glob("*.txt"):
        text = lock.read_text("utf-8")
        entries = [ln for ln in text.splitlines() if ln and ln[0] not in "# \t-"]
        assert entries, lock
        for entry in entries:
            assert "==" in entry, f"{lock.name}: {entry} is not pinned"
        assert text.count("==") <= text.count("--hash=sha256:"), f"{lock.name}: missing hashes"


def test_installed_versions_equal_the_lock() -> None:
    """What pip installed is what requirements/*.txt names (for the packages it names)."""
    installed = {_normal(d.metadata["Name"]): d.version for d in importlib.metadata.distributions()}
    runtime = _pins(LOCKS / "runtime.txt")
    dev = _pins(LOCKS / "dev.txt")
    for name, version in runtime.items():
        assert dev.get(name) == version, f"dev.txt and runtime.txt disagree on {name}"
    wrong = {name: (version, installed.get(_normal(name)))
             for name, version in dev.items()
             if installed.get(_normal(name)) != version}
    assert not wrong, f"installed versions differ from requirements/dev.txt: {wrong}"


def test_every_declared_dependency_is_locked() -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    runtime = {_normal(name) for name in _pins(LOCKS / "runtime.txt")}
    environment = {**default_environment(), "extra": ""}
    for entry in project["dependencies"]:
        requirement = Requirement(entry)
        if requirement.marker is None or requirement.marker.evaluate(environment):
            assert _normal(requirement.name) in runtime, requirement.name


def test_every_module_of_the_app_imports() -> None:
    """Each of our modules, so a missing dependency of a rarely used path shows here."""
    failures = {}
    for info in pkgutil.walk_packages(osint_desk.__path__, "osint_desk."):
        if info.name.endswith("__main__"):
            continue
        try:
            importlib.import_module(info.name)
        except Exception as exc:  # report them all, not only the first
            failures[info.name] = repr(exc)
    assert not failures


@pytest.mark.parametrize("module", [
    "trafilatura", "justext", "lxml.html.clean", "lxml_html_clean", "htmldate", "courlan",
    "pypdf", "cryptography.hazmat.primitives.ciphers", "charset_normalizer", "nh3", "markdown",
    "regex", "rapidfuzz", "anyascii", "babel.core", "sqlite_utils", "platformdirs",
])
def test_ingest_and_matching_dependencies_import(module: str) -> None:
    importlib.import_module(module)


def test_an_html_page_imports_through_trafilatura_and_its_fallbacks(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    body = " ".join(["North Korea completed an initial weapons delivery to Wagner."] * 12)
    page.write_text(
        "<html lang='en'><head><title>Arms to Wagner</title>"
        "<meta name='author' content='A. Reporter'>"
        "<meta property='article:published_time' content='2022-12-22T10:00:00+00:00'>"
        f"</head><body><nav>Home | World</nav><article><h1>Arms to Wagner</h1><p>{body}</p>"
        f"<p>{body}</p></article><footer>© News</footer></body></html>", "utf-8")
    store = CaseStore.create(tmp_path / "c.osintcase", title="t")
    try:
        (outcome,) = import_files(store, [page])
        assert outcome.status == "imported", outcome.message
        assert outcome.source_id is not None
        source = store.sources.get(outcome.source_id)
        assert "initial weapons delivery" in source.text
        assert "Home | World" not in source.text
        assert str(source.published).startswith("2022-12-22")
    finally:
        store.close()


def test_resources_are_found_through_the_package() -> None:
    import osint_desk.resources

    folder = resources_dir()
    assert Path(osint_desk.resources.__file__).parent == folder
    for name in ("demo/demo_case.json", "demo/kirby-dprk-wagner.txt", "report/default.md",
                 "report/report.css", "icons/osint-desk.svg", "icons/osint-desk-256.png"):
        assert (folder / name).is_file(), name
