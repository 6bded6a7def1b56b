"""Build the demo case from ``resources/demo``: the Kirby / DPRK / Wagner walkthrough.

The content (quotes, grades, cards, relationships, OFAC SDN records) is data in
``demo_case.json``; this module only replays it through the public store API, so the demo
also exercises every rule a user's own edits go through.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from pathlib import Path
from typing import Any

from osint_desk.core.dates import PartialDate, utc_now
from osint_desk.core.errors import OsintDeskError, ValidationError
from osint_desk.core.paths import resources_dir
from osint_desk.core.store import CaseStore

DEMO_FORMAT = "osint-desk-demo/1"
DEMO_ACTOR = "OSINT Desk demo"  # the audit log's name for what the demo itself wrote


def demo_dir() -> Path:
    return resources_dir() / "demo"


def load_demo_content(folder: Path | None = None) -> dict[str, Any]:
    folder = folder or demo_dir()
    content: dict[str, Any] = json.loads((folder / "demo_case.json").read_text("utf-8"))
    if content.get("format") != DEMO_FORMAT:
        raise ValidationError(f"{folder / 'demo_case.json'}: not a {DEMO_FORMAT} file")
    return content


def build_demo_case(path: str | Path, *, actor: str = DEMO_ACTOR,
                    folder: Path | None = None) -> CaseStore:
    """Write the demo case to ``path`` (which must not exist) and return it open."""
    folder = folder or demo_dir()
    content = load_demo_content(folder)
    case = content["case"]
    store = CaseStore.create(path, case["title"], summary=case.get("summary", ""),
                             author=case.get("author", ""), marking=case.get("marking", ""),
                             actor=actor)
    try:
        with store.transaction():
            _replay(store, content, folder)
    except BaseException:
        store.close()
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                Path(str(path) + suffix).unlink()
        raise
    return store


def write_demo_case(path: Path) -> CaseStore:
    """Write the demo case at ``path``, replacing what is there, and return it open to read.

    It is built beside ``path`` and moved into place, so ``path`` is never half-written and a
    stale journal of the old file is never applied to the new one.
    """
    temp = path.with_name(f".{path.name}.{os.urandom(6).hex()}.tmp")
    try:
        build_demo_case(temp).close()
        journal = Path(f"{temp}-wal")
        if journal.exists() and journal.stat().st_size:
            # Closing checkpoints the journal into the file; if it did not, moving the file
            # alone would lose the content.
            raise OsintDeskError(f"{path}: the demo case could not be finished; try again")
        for suffix in ("-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(f"{path}{suffix}")
        os.replace(temp, path)
    finally:
        for leftover in (temp, Path(f"{temp}-wal"), Path(f"{temp}-shm")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
    return CaseStore.open(path, read_only=True)


def demo_is_outdated(path: Path, folder: Path | None = None) -> bool:
    """True when ``path`` is a demo case nobody has changed (every audit entry is the demo's
    own) and the demo's content is newer than it: writing it again loses nothing, and shows
    what the demo holds now (a user who ran an older version would otherwise keep the old
    demo). Open in a window (its lock file beside it) or unreadable: False."""
    try:
        written = path.stat().st_mtime
        files = [entry for entry in (folder or demo_dir()).iterdir() if entry.is_file()]
        newest = max(entry.stat().st_mtime for entry in files)
    except (OSError, ValueError):
        return False
    if newest <= written or Path(f"{path}.lock").exists():
        return False
    try:
        with CaseStore.open(path, read_only=True) as store:
            return store.audit_actors() == {DEMO_ACTOR}
    except OsintDeskError:
        return False


def _replay(store: CaseStore, content: dict[str, Any], folder: Path) -> None:
    retrieved = PartialDate.parse(utc_now()[:19] + "Z")
    sources: dict[str, str] = {}
    for spec in content["sources"]:
        original = (folder / spec["file"]).read_bytes()
        source = store.sources.add(
            text=original.decode("utf-8"), title=spec["title"], kind=spec["kind"],
            url=spec.get("url"), outlet=spec.get("outlet"), author=spec.get("author"),
            published=spec.get("published"), retrieved=spec.get("retrieved") or retrieved,
            language=spec.get("language"), reliability=spec.get("reliability"),
            notes=spec.get("notes", ""), original=original, media_type="text/plain",
            original_filename=spec["file"],
        )
        sources[spec["key"]] = source.id
    entities: dict[str, str] = {}
    for spec in content["entities"]:
        entity = store.entities.add(
            spec["type"], spec["name"], description=spec.get("description", ""),
            attributes=spec.get("attributes"), aliases=spec.get("aliases", ()))
        entities[spec["key"]] = entity.id
    excerpts: dict[str, str] = {}
    for spec in content["excerpts"]:
        excerpt = store.excerpts.add_by_quote(
            sources[spec["source"]], spec["quote"], occurrence=spec.get("occurrence", 1),
            note=spec.get("note", ""), credibility=spec.get("credibility"),
            event_date=spec.get("event_date"),
            speaker_id=entities[spec["speaker"]] if spec.get("speaker") else None,
            channel_id=entities[spec["channel"]] if spec.get("channel") else None,
            stance=spec.get("stance"), translation=spec.get("translation"),
            entity_ids=[entities[key] for key in spec.get("entities", ())],
        )
        excerpts[spec["key"]] = excerpt.id
    relationships: dict[str, str] = {}
    for spec in content["relationships"]:
        relationship = store.relationships.add(
            entities[spec["subject"]], spec["predicate"], entities[spec["object"]],
            start=spec.get("start"), end=spec.get("end"), confidence=spec.get("confidence"),
            note=spec.get("note", ""),
            evidence=[(excerpts[e["excerpt"]], e["role"]) for e in spec.get("evidence", ())],
        )
        relationships[spec["key"]] = relationship.id
    for spec in content["sanctions"]:
        provenance = spec.get("provenance", {})
        store.sanctions.add(
            entities[spec["entity"]], spec["authority"], list_name=spec.get("list_name", ""),
            programs=spec.get("programs", ()), entry_ref=spec.get("entry_ref"),
            listed_name=spec.get("listed_name"), listed_on=spec.get("listed_on"),
            status=spec.get("status", "active"), reason=spec.get("reason", ""),
            list_published=provenance.get("published"),
            list_sha256=provenance.get("file_sha256"), provenance=provenance,
            evidence=[(excerpts[e["excerpt"]], e["role"]) for e in spec.get("evidence", ())],
        )
    keys = {"source": sources, "excerpt": excerpts, "entity": entities,
            "relationship": relationships}
    for tag in content.get("tags", ()):
        for target in tag["targets"]:
            kind, key = target.split(":", 1)
            store.tags.tag(kind, keys[kind][key], tag["name"])
    findings = content["case"].get("findings", "")
    if findings:
        # "[cite:key]" in the demo file names an excerpt by its key; the case wants its id.
        store.update_meta(findings=re.sub(r"\[cite:(\w+)\]",
                                          lambda m: f"[cite:{excerpts[m.group(1)]}]", findings))
