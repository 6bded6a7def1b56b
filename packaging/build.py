#!/usr/bin/env python3
"""Build the one-folder app with PyInstaller (packaging/osint-desk.spec) and smoke-test it.

    python3 dev.py package               # installs requirements/package.txt, then runs this
    .venv/bin/python packaging/build.py [--no-smoke | --smoke-only] [--keep]

Writes dist/osint-desk/ (work files in build/pyinstaller/). The smoke test runs the frozen
executable, never the source tree: in a temporary folder, with $OSINT_DESK_HOME pointing into
it, QT_QPA_PLATFORM=offscreen, and no network (``unshare -n``) where the system allows it. It
writes the demo case, exports a PDF, imports an HTML article and that PDF, imports a sanctions
list and screens against it, and takes a screenshot of the window (kept as
build/pyinstaller/smoke-screenshot.png). Any failure exits 1 with the step and the reason.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "osint-desk.spec"
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
APP_DIR = DIST / "osint-desk"
EXE = APP_DIR / ("osint-desk.exe" if os.name == "nt" else "osint-desk")
WARN_FILE = WORK / "osint-desk" / "warn-osint-desk.txt"
SCREENSHOT_COPY = WORK / "smoke-screenshot.png"
STEP_TIMEOUT = 180  # seconds; the slowest step (the PDF import) takes about 3 s

# What must be inside the bundle for osint_desk.resources (paths.resources_dir) to work.
BUNDLED_RESOURCES = ("demo/demo_case.json", "demo/kirby-dprk-wagner.txt", "report/default.md",
                     "report/report.css")

ARTICLE_TITLE = "Cargo ship Lady R left Simon's Town under cover of darkness"
ARTICLE = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{ARTICLE_TITLE} - Harbour Gazette</title>
<meta name="author" content="Thandiwe Mokoena">
<meta property="article:published_time" content="2023-05-12T07:30:00+02:00">
<meta property="og:site_name" content="Harbour Gazette">
<meta name="description" content="Port workers describe a night-time loading operation.">
<link rel="stylesheet" href="https://cdn.example.com/site.css">
<script src="https://tracker.example.com/t.js"></script>
</head>
<body>
<nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/business">Business</a></nav>
<article>
<h1>{ARTICLE_TITLE}</h1>
<p class="byline">By Thandiwe Mokoena, 12 May 2023</p>
<p>The Russian-flagged cargo ship Lady R docked at the Simon's Town naval base near Cape Town in
December 2022 and was loaded over three nights, according to two port workers who spoke on
condition of anonymity.</p>
<p>The vessel, which has been sanctioned by the United States since May 2022, switched off its
transponder before entering False Bay, the workers said. Cranes moved containers from trucks that
arrived after midnight and left before dawn.</p>
<p>The United States ambassador to South Africa said on Thursday that Washington was confident
weapons and ammunition had been loaded onto the ship. The South African government denied that
any arms sale had been approved and announced an independent inquiry.</p>
<p>Shipping data reviewed by the Harbour Gazette show that the Lady R had sailed from the Turkish
port of Istanbul and later called at Maputo in Mozambique before returning to the Black Sea in
January.</p>
<img src="https://images.example.com/lady-r.jpg" alt="The Lady R at anchor">
</article>
<footer>&copy; 2023 Harbour Gazette. All rights reserved.</footer>
</body>
</html>
"""


class Failure(Exception):
    """A build or smoke-test step failed; the message says which and why."""


# --- building -------------------------------------------------------------------------------------

def build() -> float:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        raise Failure("PyInstaller is not installed in this Python; `python3 dev.py package`"
                      " installs it (requirements/package.txt)") from None
    print(f"Building {APP_DIR.relative_to(ROOT)} with PyInstaller (about a minute)...", flush=True)
    start = time.perf_counter()
    # The build needs nothing from the network either; without interfaces that is checked.
    offline = ["unshare", "-n"] if can_unshare_network() else []
    code = subprocess.call(
        [*offline, sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean",
         "--log-level", "WARN", "--distpath", str(DIST), "--workpath", str(WORK), str(SPEC)],
        cwd=ROOT,
    )
    elapsed = time.perf_counter() - start
    if code != 0:
        raise Failure(f"PyInstaller failed (exit code {code}); see its messages above")
    print(f"Built in {elapsed:.1f} s", flush=True)
    return elapsed


def check_bundle() -> None:
    """Things the smoke test could miss: our own modules PyInstaller did not find, resources."""
    if not EXE.is_file():
        raise Failure(f"{EXE.relative_to(ROOT)} is missing; build first (without --smoke-only)")
    if WARN_FILE.is_file():
        ours = [line.strip() for line in WARN_FILE.read_text("utf-8").splitlines()
                if re.match(r"missing module named '?osint_desk\b", line)]
        if ours:
            raise Failure("PyInstaller could not find modules of ours (see"
                          f" {WARN_FILE.relative_to(ROOT)}):\n  " + "\n  ".join(ours))
    internal = APP_DIR / "_internal"
    missing = [name for name in BUNDLED_RESOURCES
               if not (internal / "osint_desk" / "resources" / name).is_file()]
    if missing:
        raise Failure(f"resources missing from {internal.relative_to(ROOT)}/osint_desk/resources:"
                      f" {', '.join(missing)}")


def folder_size(folder: Path) -> tuple[float, int]:
    """Size in MB (10^6 bytes; symbolic links count as links) and number of files."""
    total = count = 0
    for dirpath, _dirs, files in os.walk(folder):
        for name in files:
            total += os.lstat(os.path.join(dirpath, name)).st_size
            count += 1
    return total / 1e6, count


# --- smoke test -----------------------------------------------------------------------------------

def can_unshare_network() -> bool:
    """As dev.py does for the tests: a network namespace with no interfaces, where allowed."""
    unshare = shutil.which("unshare")
    if not unshare or not sys.platform.startswith("linux"):
        return False
    return subprocess.call([unshare, "-n", "true"], stderr=subprocess.DEVNULL) == 0


class Smoke:
    def __init__(self, folder: Path, no_network: bool) -> None:
        self.folder = folder
        self.prefix = ["unshare", "-n"] if no_network else []
        self.env = {key: value for key, value in os.environ.items() if key not in {
            # nothing from the build's Python or display may leak into the frozen app
            "PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "VIRTUAL_ENV", "LD_LIBRARY_PATH",
            "DISPLAY", "WAYLAND_DISPLAY", "OSINT_DESK_DEBUG"}}
        self.env.update(OSINT_DESK_HOME=str(folder / "home"), QT_QPA_PLATFORM="offscreen")
        self.total = 0.0

    def run(self, title: str, *args: str,
            check: Callable[[subprocess.CompletedProcess[str]], str | None] | None = None,
            wrapper: tuple[str, ...] = (), env: dict[str, str] | None = None,
            ) -> subprocess.CompletedProcess[str]:
        start = time.perf_counter()
        try:
            proc = subprocess.run([*self.prefix, *wrapper, str(EXE), *args], cwd=self.folder,
                                  env={**self.env, **(env or {})},
                                  capture_output=True, text=True, encoding="utf-8",
                                  errors="replace", timeout=STEP_TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            raise Failure(f"{title}: no answer after {STEP_TIMEOUT} s") from None
        elapsed = time.perf_counter() - start
        self.total += elapsed
        problem = f"exit code {proc.returncode}" if proc.returncode != 0 else None
        if problem is None and check is not None:
            try:
                problem = check(proc)
            except (ValueError, KeyError, IndexError, TypeError, OSError) as exc:
                problem = f"unexpected output ({type(exc).__name__}: {exc})"
        print(f"  {'ok' if problem is None else 'FAILED':6} {elapsed:6.2f} s  {title}"
              f"   [osint-desk {shlex.join(args)}]", flush=True)
        if problem is not None:
            for name, text in (("stdout", proc.stdout), ("stderr", proc.stderr)):
                if text.strip():
                    tail = text.strip()[-3000:].replace("\n", "\n    ")
                    print(f"    --- {name} ---\n    {tail}")
            raise Failure(f"{title}: {problem}")
        return proc


def _json(proc: subprocess.CompletedProcess[str]) -> dict:  # type: ignore[type-arg]
    return json.loads(proc.stdout)


def _export_sources(smoke: Smoke, case: str) -> list[dict]:  # type: ignore[type-arg]
    out = f"{Path(case).stem}-export.json"
    smoke.run(f"export {case} as JSON (to read the sources' metadata)", "export", case,
              "--format", "json", "-o", out)
    return json.loads((smoke.folder / out).read_text("utf-8"))["records"]["sources"]


def _imported(count: int, title: str | None = None):  # type: ignore[no-untyped-def]
    def check(proc: subprocess.CompletedProcess[str]) -> str | None:
        report = _json(proc)
        files = report["files"]
        if report["imported"] != count or report["failed"] or any(
                f["status"] != "imported" for f in files):
            return f"expected {count} file(s) imported: {report}"
        if title is not None and files[0]["title"] != title:
            return f"title {files[0]['title']!r}, expected {title!r}"
        return None
    return check


def _with_parts(count: int):  # type: ignore[no-untyped-def]
    def check(proc: subprocess.CompletedProcess[str]) -> str | None:
        report = _json(proc)
        files = report["files"]
        if report["imported"] != count or any(not f["parts"] for f in files):
            return f"expected {count} files imported, each with parts: {report}"
        return None
    return check


def write_captures(folder: Path) -> None:
    """A one-page WARC (no digests), a mail with a text attachment and a 4×3 PNG, written
    by hand."""
    page = ARTICLE.encode("utf-8")
    http = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
            b"Content-Length: " + str(len(page)).encode() + b"\r\n\r\n" + page)
    record = (b"WARC/1.1\r\nWARC-Type: response\r\n"
              b"WARC-Target-URI: https://harbour.example/2023/05/maputo\r\n"
              b"WARC-Date: 2023-05-12T08:00:00Z\r\n"
              b"WARC-Record-ID: <urn:uuid:3f1c7a52-6f0e-4d0b-9a57-1b2c3d4e5f60>\r\n"
              b"Content-Type: application/http; msgtype=response\r\n"
              b"Content-Length: " + str(len(http)).encode() + b"\r\n\r\n" + http
              + b"\r\n\r\n")
    (folder / "crawl.warc").write_bytes(record)

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))
    pixels = zlib.compress(b"".join(b"\0" + b"\x80\x20\x20" * 4 for _ in range(3)))
    (folder / "photo.png").write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 3, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", pixels) + chunk(b"IEND", b""))
    (folder / "tip.eml").write_bytes(
        b"From: Tipster <tips@example.org>\r\nTo: desk@example.net\r\n"
        b"Subject: Crates at the depot\r\nDate: Fri, 23 Dec 2022 09:12:00 +0000\r\n"
        b"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
        b"--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        b"The crates were marked in Korean.\r\n"
        b"--b1\r\nContent-Type: text/plain; charset=utf-8\r\n"
        b"Content-Disposition: attachment; filename=\"notes.txt\"\r\n\r\n"
        b"Seen on 2022-12-20 at the rail depot.\r\n--b1--\r\n")


def _counts(**expected: int):  # type: ignore[no-untyped-def]
    def check(proc: subprocess.CompletedProcess[str]) -> str | None:
        counts = _json(proc)["counts"]
        wrong = {k: counts.get(k) for k, v in expected.items() if counts.get(k) != v}
        return f"counts {wrong}, expected {expected}" if wrong else None
    return check


def png_problem(path: Path, min_size: tuple[int, int] = (640, 400)) -> str | None:
    """None if ``path`` is a PNG of at least ``min_size`` that is not a blank picture."""
    if not path.is_file():
        return f"{path.name} was not written"
    data = path.read_bytes()
    if not data.startswith(b"\x89PNG\r\n\x1a\n") or data[12:16] != b"IHDR":
        return f"{path.name} is not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    if width < min_size[0] or height < min_size[1]:
        return f"{path.name} is only {width}x{height}"
    idat, pos = b"", 8
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        if kind == b"IDAT":
            idat += data[pos + 8:pos + 8 + length]
        pos += 12 + length
    distinct = len(set(zlib.decompress(idat)))
    if len(data) < 10_000 or distinct < 16:
        return f"{path.name} looks blank ({len(data)} bytes, {distinct} distinct byte values)"
    return None


def write_ofac_set(folder: Path) -> Path:
    """The OFAC SDN legacy CSV set of the demo case's four entries (resources/demo)."""
    import csv

    extract = ROOT / "resources" / "demo" / "ofac_sdn_2019_extract.csv"
    out = folder / "ofac-sdn-2019"
    out.mkdir()
    lines: dict[str, list[str]] = {n: [] for n in ("sdn.csv", "add.csv", "alt.csv",
                                                   "sdn_comments.csv")}
    with extract.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            lines[row["file"]].append(row["line"])
    for name, rows in lines.items():
        (out / name).write_text("".join(f"{row}\r\n" for row in rows), "utf-8", newline="")
    return out


def smoke_test(keep: bool) -> float:
    no_network = can_unshare_network()
    folder = Path(tempfile.mkdtemp(prefix="osint-desk-smoke-"))
    print(f"Smoke test of {EXE.relative_to(ROOT)} in {folder}"
          f" ({'no network: unshare -n' if no_network else 'network not isolated: no unshare -n'},"
          " QT_QPA_PLATFORM=offscreen, OSINT_DESK_HOME in that folder)", flush=True)
    smoke = Smoke(folder, no_network)
    try:
        (folder / "page.html").write_text(ARTICLE, "utf-8")
        ofac = write_ofac_set(folder)

        smoke.run("version", "--version",
                  check=lambda p: None if p.stdout.startswith("osint-desk ")
                  else f"printed {p.stdout.strip()!r}")
        smoke.run("write the demo case", "demo", "d.osintcase",
                  check=lambda p: None if (folder / "d.osintcase").is_file() else "no case file")
        smoke.run("show the demo case", "show", "d.osintcase", "--json",
                  check=_counts(sources=1, excerpts=21, entities=21, sanctions=4))

        def pdf_ok(_p: subprocess.CompletedProcess[str]) -> str | None:
            pdf = folder / "d.pdf"
            if not pdf.is_file():
                return "d.pdf was not written"
            data = pdf.read_bytes()
            if not data.startswith(b"%PDF"):
                return "d.pdf does not start with %PDF"
            return None if len(data) > 10_000 else f"d.pdf is only {len(data)} bytes"
        smoke.run("export the report as PDF", "export", "d.osintcase", "--format", "pdf",
                  "-o", "d.pdf", check=pdf_ok)

        smoke.run("import an HTML article", "import", "d.osintcase", "page.html", "--json",
                  check=_imported(1, ARTICLE_TITLE))
        smoke.run("show lists 2 sources", "show", "d.osintcase", "--json",
                  check=_counts(sources=2))
        smoke.run("search finds the article", "search", "d.osintcase", "Maputo",
                  "--kind", "source", "--json",
                  check=lambda p: None if any(h["label"] == ARTICLE_TITLE
                                              for h in _json(p)["hits"]) else "no hit")
        page = next(s for s in _export_sources(smoke, "d.osintcase")
                    if s["original_filename"] == "page.html")
        wanted = {"author": "Thandiwe Mokoena", "outlet": "Harbour Gazette",
                  "published": "2023-05-12T07:30:00+02:00", "media_type": "text/html"}
        wrong = {k: page.get(k) for k, v in wanted.items() if page.get(k) != v}
        if wrong or "Maputo" not in page["text"] or "tracker" in page["text"]:
            raise Failure(f"the HTML article's metadata or text is wrong: {wrong}"
                          f" text={page['text'][:200]!r}")

        smoke.run("create an empty case", "new", "p.osintcase", "--title", "PDF import check")
        smoke.run("import the exported PDF", "import", "p.osintcase", "d.pdf", "--json",
                  check=_imported(1, "North Korean arms for the Wagner Group (December 2022)"))
        smoke.run("show lists the PDF", "show", "p.osintcase", "--json", check=_counts(sources=1))

        # Captures and mail: their readers (warcio, the email package) are imported by name
        # when the first such file comes in, which the frozen analysis must not have missed.
        write_captures(folder)
        smoke.run("import a WARC capture and a mail", "import", "p.osintcase", "crawl.warc",
                  "tip.eml", "--json", check=_with_parts(2))
        smoke.run("show lists their pages and attachment", "show", "p.osintcase", "--json",
                  check=_counts(sources=5))
        smoke.run("import a photo", "import", "p.osintcase", "photo.png", "--json",
                  check=_imported(1))
        secret = {"OSINT_DESK_PASSPHRASE": "frozen smoke passphrase"}
        smoke.run("encrypt the demo case (SQLCipher)", "encrypt", "d.osintcase", "-o",
                  "e.osintcase", env=secret,
                  check=lambda _p: None if (folder / "e.osintcase").is_file() else "no copy")
        smoke.run("show the encrypted case", "show", "e.osintcase", "--json", env=secret,
                  check=_counts(sources=2))

        smoke.run("import an OFAC SDN list", "lists", "import", str(ofac), "--published",
                  "2019-01", "--json",
                  check=lambda p: None if _json(p)["total"] == 4
                  else f"expected 4 entries: {p.stdout.strip()}")
        smoke.run("screen a name in Cyrillic", "screen", "Евгений Пригожин", "--json",
                  check=lambda p: None if any(h["entry_ref"] == "21171"
                                              for h in _json(p)["hits"]) else "no hit for 21171")

        def held(p: subprocess.CompletedProcess[str]) -> str | None:
            refs = {h["entry_ref"] for h in _json(p)["hits"]}
            missing = {"21171", "22527", "22543", "23943"} - refs
            return f"entries not found: {sorted(missing)}" if missing else None
        smoke.run("screen the demo case", "screen-case", "d.osintcase", "--json", check=held)

        smoke.run("screenshot of the window", "open", "d.osintcase", "--screenshot", "shot.png",
                  check=lambda _p: png_problem(folder / "shot.png"))
        SCREENSHOT_COPY.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(folder / "shot.png", SCREENSHOT_COPY)
        if xvfb_run := shutil.which("xvfb-run"):
            # The real X11 platform plugin (xcb) and its libraries, not only "offscreen".
            smoke.run("screenshot on X11 (xcb, under Xvfb)", "open", "d.osintcase",
                      "--screenshot", "xcb.png", "--show", "card:Wagner Group",
                      wrapper=(xvfb_run, "-a", "-s", "-screen 0 1400x900x24"),
                      env={"QT_QPA_PLATFORM": "xcb"},
                      check=lambda _p: png_problem(folder / "xcb.png"))
        else:
            print("  (no xvfb-run: the X11 platform plugin was not tried)")
        print(f"Smoke test passed: {smoke.total:.1f} s in all; the screenshot is"
              f" {SCREENSHOT_COPY.relative_to(ROOT)}", flush=True)
    finally:
        if keep:
            print(f"Kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    return smoke.total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--no-smoke", action="store_true", help="build only")
    group.add_argument("--smoke-only", action="store_true",
                       help="smoke-test the app already in dist/ without building")
    parser.add_argument("--keep", action="store_true", help="keep the smoke test's folder")
    args = parser.parse_args(argv)
    try:
        if not args.smoke_only:
            build()
        check_bundle()
        size, files = folder_size(APP_DIR)
        print(f"{APP_DIR.relative_to(ROOT)}: {size:.1f} MB, {files} files", flush=True)
        if not args.no_smoke:
            smoke_test(args.keep)
    except Failure as exc:
        print(f"packaging/build.py: FAILED: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
