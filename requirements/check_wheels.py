"""Check that every locked package has a wheel, with a locked hash, on every platform we support.

    python requirements/check_wheels.py runtime.txt dev.txt package.txt

For Linux (x86-64, aarch64), Windows (x64) and macOS (arm64, x86-64), each with CPython 3.11,
3.12 and 3.13, the lock's markers are evaluated for that platform and pip is asked (dry run,
``--only-binary :all:``, metadata only) which file it would install for each pinned version;
the file's SHA-256 must be one of the lock's hashes. Run by ``dev.py lock``; it needs the
package index, nothing else. Prints one line per platform and every missing wheel.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from packaging.markers import Marker
from packaging.requirements import Requirement

HERE = Path(__file__).resolve().parent
PYTHONS = ("3.11", "3.12", "3.13")


@dataclass(frozen=True)
class Target:
    name: str
    pip_platforms: tuple[str, ...]
    markers: dict[str, str]


def _targets(python: str) -> list[Target]:
    base = {"python_version": python, "python_full_version": f"{python}.0",
            "implementation_name": "cpython", "platform_python_implementation": "CPython",
            "platform_release": "", "platform_version": "", "extra": ""}
    linux = {**base, "sys_platform": "linux", "os_name": "posix", "platform_system": "Linux"}
    mac = {**base, "sys_platform": "darwin", "os_name": "posix", "platform_system": "Darwin"}
    win = {**base, "sys_platform": "win32", "os_name": "nt", "platform_system": "Windows"}
    manylinux = tuple(f"manylinux_2_{minor}_{{arch}}" for minor in range(39, 16, -1))
    return [
        Target("linux-x86_64", (*(p.format(arch="x86_64") for p in manylinux),
                                "manylinux2014_x86_64"), {**linux, "platform_machine": "x86_64"}),
        Target("linux-aarch64", (*(p.format(arch="aarch64") for p in manylinux),
                                 "manylinux2014_aarch64"),
               {**linux, "platform_machine": "aarch64"}),
        Target("windows-amd64", ("win_amd64",), {**win, "platform_machine": "AMD64"}),
        Target("macos-arm64", tuple(f"macosx_{v}_0_{a}" for v in (14, 13, 12, 11)
                                    for a in ("arm64", "universal2")),
               {**mac, "platform_machine": "arm64"}),
        Target("macos-x86_64", tuple(f"macosx_{v}_{a}" for v in
                                     ("14_0", "13_0", "12_0", "11_0", "10_15", "10_13", "10_9")
                                     for a in ("x86_64", "universal2")),
               {**mac, "platform_machine": "x86_64"}),
    ]


def read_lock(path: Path) -> dict[str, tuple[Requirement, set[str]]]:
    """name -> (pinned requirement with its marker, the lock's sha256 hashes)."""
    entries: dict[str, tuple[Requirement, set[str]]] = {}
    current: tuple[Requirement, set[str]] | None = None
    for raw in path.read_text("utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if not raw[0].isspace():
            requirement = Requirement(line.rstrip("\\").strip())
            current = (requirement, set())
            entries[f"{requirement.name}|{requirement.marker}"] = current
        elif line.startswith("--hash=sha256:") and current is not None:
            current[1].add(line.removeprefix("--hash=sha256:").rstrip("\\").strip())
    return entries


def check(target: Target, python: str, entries: dict[str, tuple[Requirement, set[str]]],
          work: Path) -> list[str]:
    wanted = {}
    for requirement, hashes in entries.values():
        marker: Marker | None = requirement.marker
        if marker is None or marker.evaluate(target.markers):
            wanted[requirement.name.lower()] = (requirement, hashes)
    pins = [f"{r.name}{r.specifier}" for r, _h in wanted.values()]
    report = work / f"{target.name}-{python}.json"
    args = [sys.executable, "-m", "pip", "install", "--dry-run", "--quiet", "--ignore-installed",
            "--no-deps", "--only-binary", ":all:", "--python-version", python,
            "--implementation", "cp", "--target", str(work / "target"), "--report", str(report)]
    for platform in target.pip_platforms:
        args += ["--platform", platform]
    done = subprocess.run([*args, *pins], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        lines = [ln for ln in done.stderr.splitlines() if "ERROR" in ln or "No matching" in ln]
        return lines or [done.stderr.strip()[-500:]]
    problems = []
    for item in json.loads(report.read_text("utf-8"))["install"]:
        name = item["metadata"]["name"].lower().replace("_", "-")
        info = item["download_info"]
        file_name = info["url"].rsplit("/", 1)[-1]
        digest = info.get("archive_info", {}).get("hashes", {}).get("sha256", "")
        _requirement, hashes = wanted.get(name, wanted.get(name.replace("-", "_"), (None, set())))
        if not file_name.endswith(".whl"):
            problems.append(f"{name}: no wheel, only {file_name}")
        elif digest not in hashes:
            problems.append(f"{name}: {file_name} is not among the lock's hashes")
    return problems


def main(argv: list[str]) -> int:
    names = argv or ["runtime.txt", "dev.txt", "package.txt"]
    entries: dict[str, tuple[Requirement, set[str]]] = {}
    for name in names:
        entries.update(read_lock(HERE / name))
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for python in PYTHONS:
            for target in _targets(python):
                problems = check(target, python, entries, Path(tmp))
                status = "ok" if not problems else f"{len(problems)} problem(s)"
                print(f"{target.name:15} CPython {python}: {status}", flush=True)
                for problem in problems:
                    print(f"    {problem}")
                failures += bool(problems)
    print("every locked package has a locked wheel everywhere" if not failures
          else f"{failures} platform(s) lack wheels for the lock")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
