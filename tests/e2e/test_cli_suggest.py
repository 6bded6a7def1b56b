"""``suggest``, ``accept``, ``reject`` end to end: the seed article in a new case."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_runner import Cli
from shared_data import MISSING_REASON, SHARED

SEED = SHARED / "corpus" / "articles" / "kirby-dprk-wagner.txt"


@pytest.fixture
def seeded(tmp_path: Path) -> tuple[Cli, Path, str]:
    if not SEED.exists():
        pytest.skip(MISSING_REASON)
    cli = Cli(tmp_path)
    case = tmp_path / "review.osintcase"
    cli.run("new", case, "--title", "Review")
    article = tmp_path / "kirby.txt"
    article.write_bytes(SEED.read_bytes())
    (entry,) = cli.json("import", case, article, "--published", "2023-01-20")["files"]
    return cli, case, entry["source_id"]


def _find(items: list[dict[str, object]], text: str) -> dict[str, object]:
    return next(item for item in items if item["text"] == text)


def test_suggest_reject_and_accept_through_the_cli(seeded: tuple[Cli, Path, str]) -> None:
    cli, case, source = seeded
    items = cli.json("suggest", case)["suggestions"]
    texts = {item["text"] for item in items}
    assert {"Yevgeny Prigozhin", "John Kirby", "KCNA", "$100 million", "Bakhmut"} <= texts
    kirby = _find(items, "John Kirby")
    assert kirby["kind"] == "person" and kirby["id"] == f"{source}:{kirby['start']}:" \
        f"{kirby['end']}:person"

    # Plain output names the span, so the analyst can copy it to accept or reject.
    plain = cli.run("suggest", case, "--source", source, "--kind", "money").stdout
    assert "'$100 million'" in plain and "1 suggestion" in plain

    cli.run("reject", case, source, str(kirby["start"]), str(kirby["end"]))
    again = cli.json("suggest", case)["suggestions"]
    assert not any(item["key"] == "john kirby" for item in again)

    wagner = _find(again, "Wagner Group")
    accepted = cli.json("accept", case, source, str(wagner["start"]), str(wagner["end"]),
                        "--type", "Organization")
    assert accepted["created_card"] and accepted["created_excerpt"]
    after = cli.json("suggest", case)["suggestions"]
    linked = [item for item in after if item["text"] == "Wagner Group"]
    assert linked and all(item["card"] == accepted["card"] for item in linked)
    assert cli.json("show", case)["counts"]["entities"] == 1


def test_reject_always_reaches_another_case(seeded: tuple[Cli, Path, str]) -> None:
    cli, case, source = seeded
    items = cli.json("suggest", case)["suggestions"]
    kcna = _find(items, "KCNA")
    cli.run("reject", case, source, str(kcna["start"]), str(kcna["end"]), "--always")
    other = cli.tmp / "other.osintcase"
    cli.run("new", other, "--title", "Other")
    note = cli.tmp / "note.txt"
    note.write_text("KCNA reported the launch from Pyongyang.", "utf-8")
    cli.run("import", other, note)
    texts = {item["text"] for item in cli.json("suggest", other)["suggestions"]}
    assert "KCNA" not in texts and "Pyongyang" in texts


def test_bad_spans_are_refused_with_a_message(seeded: tuple[Cli, Path, str]) -> None:
    cli, case, source = seeded
    cli.fails("reject", case, source, "5", "999999", "--kind", "person", says="outside")
    cli.fails("accept", case, source, "1", "3", says="nothing is suggested")
    cli.fails("reject", case, "nosuchsource", "0", "4", "--kind", "person", says="no source")



def test_a_date_accepted_without_a_card_dates_its_sentence(
        seeded: tuple[Cli, Path, str]) -> None:
    from osint_desk.core.store import CaseStore

    cli, case, source = seeded
    items = cli.json("suggest", case, "--kind", "date")["suggestions"]
    dated = next(item for item in items if item["value"])
    accepted = cli.json("accept", case, source, str(dated["start"]), str(dated["end"]))
    assert accepted["card"] is None and accepted["created_excerpt"]
    with CaseStore.open(case, read_only=True) as store:
        excerpt = store.excerpts.get(accepted["excerpt"])
    assert excerpt.event_date == dated["value"]
    assert excerpt.start <= int(str(dated["start"])) < int(str(dated["end"])) <= excerpt.end
