"""The timeline panel shows an item's note as Markdown, sanitised: no markup noise, no image."""

from __future__ import annotations

from osint_desk.core.store import CaseStore
from osint_desk.core.timeline import load_timeline
from osint_desk.ui.timeline.text import details


def test_a_note_is_rendered_markdown_and_fetches_nothing(tmp_path: object) -> None:
    from pathlib import Path

    case = Path(str(tmp_path)) / "t.osintcase"
    with CaseStore.create(case, "t") as store:
        source = store.sources.add(text="Kirby said it on Thursday.", title="Briefing")
        store.excerpts.add(source.id, 0, 5, event_date="2022-11",
                           note="The lead is the **White House's**.\n\n"
                                "![x](http://example.invalid/a.png) <script>x</script>")
        item = next(i for i in load_timeline(store).items if i.excerpt_id)
    shown = details(item)
    assert "<strong>White House's</strong>" in shown and "**" not in shown
    assert "<img" not in shown and "<script" not in shown
    assert "example.invalid" not in shown or "href" not in shown
    long = details(item._replace(note="word " * 400))
    assert long.count("word") <= 130 and "…" in long
