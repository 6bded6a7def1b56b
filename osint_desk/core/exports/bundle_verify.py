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
| `signer.pub` | the public key of the analyst who made the bundle (OpenSSH format) |
| `allowed_signers` | the same key, in the form `ssh-keygen -Y verify` reads |
| `VERIFY.md` | this file |
| `SHA256SUMS` | the SHA-256 of every file above |
| `SHA256SUMS.sig` | the analyst's SSH signature of `SHA256SUMS` |
| `SHA256SUMS.tsq` | a request for a trusted timestamp of `SHA256SUMS` (RFC 3161), not yet sent |

{file_count} files are listed in `SHA256SUMS`; `SHA256SUMS.sig` and `SHA256SUMS.tsq` are made
from it, so they cannot be listed in it.

With OSINT Desk, `osint-desk verify bundle.zip` does steps 1 and 2 and checks the audit log of
the case copy. Everything below needs only standard tools.

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

## 2. Check who signed it

`SHA256SUMS.sig` is an SSH signature (checked by OpenSSH 8.1 or later, on Linux, macOS and
Windows alike) made by the key in `signer.pub` for the identity `{identity}` and the
namespace `{namespace}`:

    ssh-keygen -Y verify -f allowed_signers -I {identity} -n {namespace} \\
        -s SHA256SUMS.sig < SHA256SUMS

(PowerShell has no `<`: run it through `cmd /c "…"`.) It must print
`Good "{namespace}" signature for {identity}`. Together with step 1 this shows
that no file was changed since the holder of that key signed the list. Anyone can make a key,
so it matters only if the key is the analyst's: show its fingerprint

    ssh-keygen -lf signer.pub

and compare it with the one the analyst gave you some other way (in person, by phone, on a
signed page; `osint-desk key` shows it to them). This bundle was signed by the key

    {fingerprint}

but that line, like everything in the zip, could have been replaced along with the key.

## 3. Get a trusted timestamp (optional)

`SHA256SUMS.tsq` asks a timestamp authority (RFC 3161) to sign the SHA-256 of `SHA256SUMS`
with the time; its reply shows that the bundle existed by then. OSINT Desk sent it nowhere.
To see what it asks:

    openssl ts -query -in SHA256SUMS.tsq -text

To send it, for example to FreeTSA (choose an authority your readers trust):

    curl -H 'Content-Type: application/timestamp-query' \\
        --data-binary @SHA256SUMS.tsq https://freetsa.org/tsr -o SHA256SUMS.tsr

Keep `SHA256SUMS.tsr` with the bundle. `openssl ts -reply -in SHA256SUMS.tsr -text` shows the
time; `openssl ts -verify -data SHA256SUMS -in SHA256SUMS.tsr -CAfile cacert.pem` checks it
with the authority's certificate.

## 4. Open the case copy

With OSINT Desk: File → Open, or `osint-desk` on the command line. Open a copy of the file
if you want to keep this one byte for byte as it is: opening a case for writing may change it.

With SQLite (no OSINT Desk needed), read-only:

    sqlite3 -readonly "{case_path}" "PRAGMA integrity_check"
    sqlite3 -readonly "{case_path}" \\
        "SELECT public_id, title, text_sha256, original_sha256 FROM sources"

The copy holds the whole case: also records deleted in the app (kept so that undo works,
marked by `deleted_at`) and the audit log of every change. So does `data/case.json`.

## 5. Check the sources against the case

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

- **Who made it, unless you trust the key.** The signature shows that the holder of the key in
  `signer.pub` signed `SHA256SUMS`; anyone who rewrites the bundle can sign it with a key of
  their own. Compare the fingerprint (step 2) with one the analyst gave you another way.
- **When it was made.** Its dates come from the computer that made it. Only a timestamp
  authority's reply to `SHA256SUMS.tsq` (step 3) dates it: it shows that the bundle existed
  when the authority answered, not earlier. You can also record the SHA-256 of `SHA256SUMS`
  somewhere else when you hand the bundle on (a message, a ticket).
- **That a source is genuine.** An original is the file as the analyst imported it; its
  retrieval date is what the analyst's computer said. The bundle shows that the file is the one
  the case cites, not that the publisher published it so, or at that time.
- **That what the sources say is true, or that the analysis is right.** Grades, confidence and
  stances are the analyst's judgements.
- **That the report was made from this very copy of the case.** Check a claim by following its
  citation: the quote, the source and its SHA-256 are in the case copy and in `sources/`.
"""


def verify_text(*, case_id: str, case_path: str, file_count: int,
                sources: Iterable[_Source], app_version: str, created: str,
                identity: str, namespace: str, fingerprint: str) -> str:
    """The text of ``VERIFY.md``; ``file_count`` counts the files SHA256SUMS lists. The
    ``identity`` is a safe principal (``signing_key.principal``), fit for a shell line."""
    rows = [f"| `{s.path}` | `{s.source_id}` | "
            f"{'original_sha256' if s.kind == 'original' else 'text_sha256'} |"
            for s in sources]
    return _TEMPLATE.format(
        app_version=app_version, created=created, case_id=case_id, case_path=case_path,
        file_count=file_count, identity=identity, namespace=namespace, fingerprint=fingerprint,
        source_rows="\n".join(rows) or "| (none) | | |")
