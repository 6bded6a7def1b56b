"""The ``VERIFY.md`` of an evidence bundle: how to check it with tools every system has.

Kept apart from the zip writing so the wording can be read and reviewed as a whole. It names
files and ids only, never titles or other text from the case, so nothing a source said can
turn up in it as Markdown or HTML.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol


class _Source(Protocol):
    @property
    def source_id(self) -> str: ...
    @property
    def path(self) -> str: ...
    @property
    def kind(self) -> str: ...


_TEMPLATE = """\
# How to verify this evidence bundle

Made by OSINT Desk {app_version} on {created} (UTC, from the clock of the computer that made
it) from the case `{case_id}`.

## What is in it

| path | what |
|---|---|
| `report/` | the report, as HTML (opens in any browser; no script, loads nothing) and PDF |
| `{case_path}` | a consistent copy of the whole case file (a SQLite database) |
| `sources/` | every source: the original file as imported, or the stored text (UTF-8) |
| `data/case.json` | the whole case as one JSON document, source texts included |
| `SHA256SUMS` | the SHA-256 of every other file in the bundle |
| `VERIFY.md` | this file |

{file_count} files are listed in `SHA256SUMS`.

## 1. Check that no file was changed or lost

Unpack the zip and go into its folder:

    unzip bundle.zip -d bundle && cd bundle

On Linux:

    sha256sum -c SHA256SUMS

On macOS:

    shasum -a 256 -c SHA256SUMS

Every line must end in `OK`. In Windows PowerShell
(`Expand-Archive bundle.zip -DestinationPath bundle; cd bundle` unpacks it):

    Get-Content -Encoding UTF8 SHA256SUMS | ForEach-Object {{
        $hash, $path = $_ -split '  ', 2
        $actual = (Get-FileHash -Algorithm SHA256 -LiteralPath $path).Hash.ToLower()
        if ($actual -eq $hash) {{ "OK      $path" }} else {{ "FAILED  $path" }}
    }}

## 2. Open the case copy

With OSINT Desk: File → Open, or `osint-desk` on the command line. Open a copy of the file
if you want to keep this one byte for byte as it is: opening a case for writing may change it.

With SQLite (no OSINT Desk needed), read-only:

    sqlite3 -readonly "{case_path}" "PRAGMA integrity_check"
    sqlite3 -readonly "{case_path}" \\
        "SELECT public_id, title, text_sha256, original_sha256 FROM sources"

The copy holds the whole case: also records deleted in the app (kept so that undo works,
marked by `deleted_at`) and the audit log of every change. So does `data/case.json`.

## 3. Check the sources against the case

Each source in the case records `original_sha256` (the SHA-256 of the file as imported) and
`text_sha256` (the SHA-256 of its stored text, UTF-8). The SHA-256 of each file below, as
listed in `SHA256SUMS`, must equal the value named for it in the case:

| file | source id | equals |
|---|---|---|
{source_rows}

The text of a source whose original is here can be checked too: write it out and compare
`sha256sum text.txt` with its `text_sha256`:

    sqlite3 -readonly "{case_path}" \\
        "SELECT writefile('text.txt', text) FROM sources WHERE public_id = '<source id>'"

Every excerpt's quote is the source text from its `start_offset` to its `end_offset` (counted in
Unicode code points): the case file itself refuses anything else.

## What this bundle does not prove

- **Who made it, or when.** It is not signed, and its dates come from the computer that made
  it. Anyone who can change a file can also rewrite `SHA256SUMS`. To show later that the bundle
  is unchanged, record the SHA-256 of `SHA256SUMS` somewhere else when you hand it on (a
  message, a ticket, a signature or a trusted timestamp).
- **That a source is genuine.** An original is the file as the analyst imported it; its
  retrieval date is what the analyst's computer said. The bundle shows that the file is the one
  the case cites, not that the publisher published it so, or at that time.
- **That what the sources say is true, or that the analysis is right.** Grades, confidence and
  stances are the analyst's judgements.
- **That the report was made from this very copy of the case.** Check a claim by following its
  citation: the quote, the source and its SHA-256 are in the case copy and in `sources/`.
"""


def verify_text(*, case_id: str, case_path: str, file_count: int,
                sources: Iterable[_Source], app_version: str, created: str) -> str:
    """The text of ``VERIFY.md``; ``file_count`` counts every file but SHA256SUMS."""
    rows = [f"| `{s.path}` | `{s.source_id}` | "
            f"{'original_sha256' if s.kind == 'original' else 'text_sha256'} |"
            for s in sources]
    return _TEMPLATE.format(
        app_version=app_version, created=created, case_id=case_id, case_path=case_path,
        file_count=file_count,
        source_rows="\n".join(rows) or "| (none) | | |")
