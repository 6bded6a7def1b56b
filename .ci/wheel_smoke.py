#!/usr/bin/env python3
"""The built wheel in a clean virtual environment, as a user would install it.

    python3 .ci/wheel_smoke.py [--python .venv/bin/python]

Builds the wheel from this checkout, makes a new venv with the pip that ships with this Python
(no upgrade: the pip bundled with 3.11 is what a user has), installs the wheel with the lock's
versions as constraints, then, from a folder outside the source tree and without network:
writes the demo case, imports an HTML page and a PDF, exports a PDF and checks that the
package (and its resources) came from the venv, not from the checkout.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>North Korea delivered arms to Wagner, US says</title>
<meta name="author" content="Jane Reporter">
<meta property="article:published_time" content="2022-12-22T18:30:00+00:00">
</head><body><nav>Home | World | Politics</nav><article>
<h1>North Korea delivered arms to Wagner, US says</h1>
<p>North Korea completed an initial weapons delivery to Russia's Wagner Group, the White House
said on Thursday, adding that the shipment of infantry rockets and missiles was small.</p>
<p>The National Security Council spokesman John Kirby said the United States assessed that the
amount of material delivered would not change battlefield dynamics in Ukraine.</p>
<p>North Korea's foreign ministry called the report groundless and said it had never had arms
dealings with Russia, according to the state news agency KCNA.</p>
</article><footer>Copyright News Ltd</footer></body></html>
"""


def step(what: str, args: list[str | Path], **kwargs: object) -> subprocess.CompletedProcess[str]:
    started = time.perf_counter()
    done = subprocess.run([str(a) for a in args], text=True, capture_output=True,
                          check=False, **kwargs)  # type: ignore[call-overload]
    seconds = time.perf_counter() - started
    print(f"{'ok  ' if done.returncode == 0 else 'FAIL'} {seconds:6.1f} s  {what}", flush=True)
    if done.returncode != 0:
        sys.exit(f"{what} failed (exit {done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done


def constraints(out: Path) -> Path:
    """The runtime lock without hashes: pip takes constraints, not hashed requirements."""
    lines = []
    for raw in (ROOT / "requirements" / "runtime.txt").read_text("utf-8").splitlines():
        if raw and raw[0] not in "# \t-":
            lines.append(raw.rstrip("\\").strip())
    out.write_text("\n".join(lines) + "\n", "utf-8")
    return out


def offline(args: list[str | Path]) -> list[str | Path]:
    unshare = shutil.which("unshare")
    if sys.platform.startswith("linux") and unshare and subprocess.call(
            [unshare, "-n", "true"], stderr=subprocess.DEVNULL) == 0:
        return [unshare, "-n", *args]
    return args


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", default=str(ROOT / ".venv" / "bin" / "python"),
                        help="a Python with setuptools (the dev venv) to build the wheel")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="osint-desk-wheel-") as tmp_name:
        tmp = Path(tmp_name)
        dist = tmp / "dist"
        step("build the wheel", [options.python, "-m", "pip", "wheel", "--quiet", "--no-deps",
                                 "--no-build-isolation", "-w", dist, ROOT])
        (wheel,) = dist.glob("osint_desk-*.whl")
        env_dir = tmp / "venv"
        venv.EnvBuilder(with_pip=True).create(env_dir)
        bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
        python = bin_dir / "python"
        pip_version = step("bundled pip", [python, "-m", "pip", "--version"]).stdout.split()[1]
        print(f"     pip {pip_version} (as bundled with Python {sys.version.split()[0]})")
        step(f"pip install {wheel.name} (lock as constraints)",
             [python, "-m", "pip", "install", "--quiet", "-c", constraints(tmp / "c.txt"), wheel])
        step("pip check", [python, "-m", "pip", "check"])
        work = tmp / "elsewhere"
        work.mkdir()
        page = work / "page.html"
        page.write_text(PAGE, "utf-8")
        env = dict(os.environ, OSINT_DESK_HOME=str(tmp / "home"), QT_QPA_PLATFORM="offscreen")
        env.pop("PYTHONPATH", None)
        app = bin_dir / "osint-desk"
        where = step("the package is the installed one", offline(
            [python, "-c", "import osint_desk, osint_desk.resources as r; "
             "print(osint_desk.__file__); print(r.__file__)"]), cwd=work, env=env).stdout
        if str(ROOT) in where or "site-packages" not in where:
            sys.exit(f"imported from the wrong place:\n{where}")
        step("osint-desk demo", offline([app, "demo", "d.osintcase"]), cwd=work, env=env)
        done = step("osint-desk import page.html", offline(
            [app, "import", "--json", "d.osintcase", page]), cwd=work, env=env)
        if json.loads(done.stdout).get("imported") != 1:
            sys.exit(f"the HTML page was not imported: {done.stdout}")
        step("osint-desk export --format pdf", offline(
            [app, "export", "d.osintcase", "--format", "pdf", "-o", "d.pdf"]), cwd=work, env=env)
        pdf = (work / "d.pdf").read_bytes()
        if not pdf.startswith(b"%PDF") or len(pdf) < 10_000:
            sys.exit(f"the PDF is not a PDF ({len(pdf)} bytes)")
        print(f"     d.pdf: {len(pdf) // 1024} KiB")
        step("osint-desk new + import d.pdf", offline(
            ["sh", "-c", f"'{app}' new p.osintcase --title PDF && '{app}' import p.osintcase"
             " d.pdf"]), cwd=work, env=env)
        step("osint-desk show", offline([app, "show", "d.osintcase"]), cwd=work, env=env)
        found = step("osint-desk search (the page's text)", offline(
            [app, "search", "d.osintcase", "groundless"]), cwd=work, env=env)
        if "North Korea delivered arms to Wagner" not in found.stdout:
            sys.exit(f"the imported page is not found:\n{found.stdout}")
    print("the wheel installs and works outside the source tree")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
