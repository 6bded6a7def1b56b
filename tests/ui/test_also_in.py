""""Also in: Case B (card X)" on a card, read from the cross-case index; a link opens
that case read-only on its card in a process of its own."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from osint_desk.core.store import CaseStore
from osint_desk.core.xref import index_case, index_path
from osint_desk.ui.card_view import EntityCardView
from osint_desk.ui.session import CaseSession
from osint_desk.ui.widgets import also_in as also_in_module
from osint_desk.ui.widgets.also_in import AlsoIn, open_command


@pytest.fixture
def other_case(tmp_path: Path) -> tuple[Path, str, str]:
    """"Case B", with the group under its Russian name and "Wagner Group" as an alias, and
    a company known only by its registration number; both indexed."""
    path = tmp_path / "b.osintcase"
    with CaseStore.create(path, "Case B: Africa Corps") as store:
        group = store.entities.add("Organization", "ЧВК Вагнер")
        store.entities.add_alias(group.id, "Wagner Group")
        company = store.entities.add("Company", "Evro Polis LLC",
                                     attributes={"registrationNumber": "1167746"})
        index_case(store)
    return path, group.id, company.id


def _card(qtbot: QtBot, session: CaseSession, card_id: str) -> EntityCardView:
    view = EntityCardView(session, card_id)
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    return view


def test_a_card_named_in_another_case_says_so_and_links_to_it(
        qtbot: QtBot, session: CaseSession, other_case: tuple[Path, str, str]) -> None:
    path, group_id, _company = other_case
    wagner = session.store.entities.resolve("Wagner Group").id
    view = _card(qtbot, session, wagner)
    box = view.also_in
    assert box.isVisible()
    text = box.label.text()
    assert "Also in:" in text and "Case B: Africa Corps" in text
    assert "(card “ЧВК Вагнер”, by name)" in text
    assert box.targets == [(str(path.resolve()), group_id)]


def test_a_card_matched_by_identifier_says_by_identifier(
        qtbot: QtBot, session: CaseSession, other_case: tuple[Path, str, str]) -> None:
    _path, _group, company_id = other_case
    card = session.store.entities.add("Company", "Евро Полис",
                                      attributes={"registrationNumber": "116 77 46"})
    box = AlsoIn(session, card.id)
    qtbot.addWidget(box)
    box.refresh()
    assert "(card “Evro Polis LLC”, by identifier)" in box.label.text()
    assert box.targets[0][1] == company_id


def test_no_match_and_a_damaged_index_show_nothing(
        qtbot: QtBot, session: CaseSession, other_case: tuple[Path, str, str],
        caplog: pytest.LogCaptureFixture) -> None:
    putin = session.store.entities.add("person", "Someone Nobody Else Knows")
    box = AlsoIn(session, putin.id)
    qtbot.addWidget(box)
    box.show()
    box.refresh()
    assert box.isHidden() and box.label.text() == "" and box.targets == []

    wagner = session.store.entities.resolve("Wagner Group").id
    index_path().write_bytes(b"this is not a database" * 100)
    damaged = AlsoIn(session, wagner)
    qtbot.addWidget(damaged)
    damaged.show()
    damaged.refresh()  # no exception reaches the card
    assert damaged.isHidden()
    assert "cross-case index could not be read" in caplog.text


def test_the_case_itself_is_never_listed(qtbot: QtBot, session: CaseSession) -> None:
    index_case(session.store)  # only this case is indexed
    wagner = session.store.entities.resolve("Wagner Group").id
    box = AlsoIn(session, wagner)
    qtbot.addWidget(box)
    box.refresh()
    assert box.isHidden()


def test_a_link_opens_that_case_read_only_on_its_card(
        qtbot: QtBot, session: CaseSession, other_case: tuple[Path, str, str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    path, group_id, _company = other_case
    started: list[tuple[str, list[str]]] = []

    def start(program: str, args: list[str]) -> tuple[bool, int]:
        started.append((program, list(args)))
        return True, 4242

    monkeypatch.setattr(also_in_module.QProcess, "startDetached", start)
    box = AlsoIn(session, session.store.entities.resolve("Wagner Group").id)
    qtbot.addWidget(box)
    box.refresh()
    box.label.linkActivated.emit("0")
    assert started == [(sys.executable, ["-m", "osint_desk", "open", str(path.resolve()),
                                         "--read-only", "--show", f"card:{group_id}"])]
    box.label.linkActivated.emit("7")  # no such link: nothing starts
    assert len(started) == 1


def test_the_command_of_a_frozen_app_is_the_app_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    program, args = open_command("/cases/b.osintcase", "E-1")
    assert program == sys.executable
    assert args == ["open", "/cases/b.osintcase", "--read-only", "--show", "card:E-1"]
