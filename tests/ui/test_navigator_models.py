"""The navigator's lazy models: Qt's model tester, paging, store filters and refreshes."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from osint_desk.core.model import RecordKind
from osint_desk.core.store import CaseStore
from osint_desk.ui.models import (
    ID_ROLE,
    KIND_ROLE,
    PAGE_SIZE,
    EntitiesModel,
    PagedListModel,
    RelationshipsModel,
    SanctionsModel,
    SourcesModel,
    TagsModel,
)
from osint_desk.ui.models.paged import SessionFed
from osint_desk.ui.operations import edits
from osint_desk.ui.session import CaseSession

LIST_MODELS = (SourcesModel, RelationshipsModel, SanctionsModel, TagsModel)
BIG = 1_050
ROOT = QModelIndex()
TOOLTIP = Qt.ItemDataRole.ToolTipRole


@pytest.fixture(scope="module")
def big_case(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A case with more than ten pages of sources, cards, relationships and sanctions."""
    path = tmp_path_factory.mktemp("big") / "big.osintcase"
    with CaseStore.create(path, "Big case", actor="tester") as store, store.transaction():
        hub = store.entities.add("Organization", "Hub Holdings")
        for number in range(BIG):
            store.sources.add(text=f"Text of report {number}.", title=f"Report {number:04d}",
                              published="2023-01-01")
            card = store.entities.add("Person", f"Person {number:04d}")
            store.relationships.add(card.id, "works for", hub.id, confidence=60)
            store.sanctions.add(card.id, "OFAC", entry_ref=str(number), programs=["TEST"])
            if number % 10 == 0:
                store.tags.tag("entity", card.id, f"tag-{number:04d}")
    return path


@pytest.fixture
def big_session(big_case: Path, tmp_path: Path, qapp: object) -> Iterator[CaseSession]:
    copy = tmp_path / big_case.name
    shutil.copyfile(big_case, copy)  # closed cleanly: the WAL is checkpointed into the file
    session = CaseSession(CaseStore.open(copy, actor="tester"))
    yield session
    session.close()


def _labels(model: PagedListModel) -> list[str]:
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def _fetch_all(model: PagedListModel) -> None:
    while model.canFetchMore(ROOT):
        model.fetchMore(ROOT)


@pytest.mark.parametrize("force_py", [False, True])
@pytest.mark.parametrize("model_class", [*LIST_MODELS, EntitiesModel])
def test_models_pass_the_model_tester_on_the_demo(
        qtmodeltester: ModelTester, session: CaseSession, model_class: type[SessionFed],
        force_py: bool) -> None:
    """The tester stays connected: it checks again on every fetch, reset and insert."""
    model = model_class(session)
    qtmodeltester.check(model, force_py=force_py)
    model.set_filter("a")
    assert model.total_count() > 0
    model.set_filter("no such thing")
    assert model.rowCount() == model.total_count() == 0
    model.set_filter("")
    model.refresh()
    model.set_session(None)
    assert model.rowCount() == 0 and model.total_count() == 0
    model.set_session(session)
    assert model.rowCount() > 0


def test_demo_rows_and_roles(session: CaseSession) -> None:
    sources = SourcesModel(session)
    assert sources.total_count() == 1
    first = sources.index(0, 0)
    assert first.data().startswith("North Korea delivered weapons to Wagner")
    assert first.data(KIND_ROLE) == "source"
    assert first.data(ID_ROLE) == session.store.sources.list()[0].id
    tip = first.data(TOOLTIP)
    assert "2022-12-22" in tip and "Usually reliable" in tip

    relationships = RelationshipsModel(session)
    labels = _labels(relationships)
    assert relationships.total_count() == len(labels) == 21
    assert any(label.startswith("North Korea — supplied — Wagner Group") for label in labels)
    row = labels.index(next(label for label in labels if "supplied" in label))
    assert "Likely (75 %)" in relationships.index(row, 0).data(TOOLTIP)

    sanctions = SanctionsModel(session)
    assert "Wagner Group — OFAC 22543 (UKRAINE-EO13660)" in _labels(sanctions)

    tags = TagsModel(session)
    assert "denial (2)" in _labels(tags)
    assert tags.index(0, 0).data(ID_ROLE) == "denial"
    assert tags.index(0, 0).data(KIND_ROLE) == "tag"


def test_entities_tree_groups_by_type_and_loads_a_group_when_asked(
        session: CaseSession) -> None:
    model = EntitiesModel(session)
    groups = [model.index(row, 0).data() for row in range(model.rowCount())]
    assert groups[:3] == ["Person (5)", "Organisation (2)", "Company (2)"]
    assert "Public body / state (9)" in groups
    assert model.total_count() == 21
    person = model.group_index("Person")
    assert model.hasChildren(person) and model.rowCount(person) == 0
    assert model.canFetchMore(person)
    model.fetchMore(person)
    names = [model.index(row, 0, person).data() for row in range(model.rowCount(person))]
    assert "Yevgeny Prigozhin" in names and not model.canFetchMore(person)
    child = model.index(names.index("John Kirby"), 0, person)
    assert child.parent() == person
    assert child.data(KIND_ROLE) == "entity"
    assert child.data(ID_ROLE) == session.store.entities.resolve("John Kirby").id
    assert person.data(KIND_ROLE) == "entity-type" and person.data(ID_ROLE) == "Person"


def test_the_filter_is_a_store_query(session: CaseSession) -> None:
    entities = EntitiesModel(session)
    entities.set_filter("wag")
    assert entities.rowCount() == 1 and entities.total_count() == 1
    group = entities.index(0, 0)
    entities.fetchMore(group)
    assert entities.index(0, 0, group).data() == "Wagner Group"
    entities.set_filter("Putin's chef")  # an alias: matched by the store, not the label
    entities.fetchMore(entities.index(0, 0))
    assert entities.loaded_labels() == ["Yevgeny Prigozhin"]
    relationships = RelationshipsModel(session)
    relationships.set_filter("wag")
    assert relationships.total_count() == 6
    labels = _labels(relationships)  # five name Wagner; one matches on its note
    assert sum("Wagner Group" in label for label in labels) == 5
    assert "Vladimir Putin — sought help from — North Korea" in labels
    relationships.set_filter("")
    assert relationships.total_count() == 21


@pytest.mark.parametrize("model_class", LIST_MODELS[:3])
def test_big_lists_load_a_page_at_a_time(qtmodeltester: ModelTester,
                                         big_session: CaseSession,
                                         model_class: type[PagedListModel]) -> None:
    model = model_class(big_session)
    assert model.rowCount() == PAGE_SIZE < model.total_count()
    qtmodeltester.check(model)
    _fetch_all(model)
    assert model.rowCount() == model.total_count() >= BIG
    assert len({model.index(row, 0).data(ID_ROLE) for row in range(model.rowCount())}) \
        == model.rowCount()
    model.set_filter("0999")
    assert model.rowCount() == model.total_count() >= 1
    qtmodeltester.check(model, force_py=True)


def test_big_entity_group_loads_a_page_at_a_time(qtmodeltester: ModelTester,
                                                 big_session: CaseSession) -> None:
    model = EntitiesModel(big_session)
    person = model.group_index("Person")
    assert person.data() == f"Person ({BIG})"
    model.fetchMore(person)
    assert model.rowCount(person) == PAGE_SIZE
    qtmodeltester.check(model, force_py=True)
    while model.canFetchMore(person):
        model.fetchMore(person)
    assert model.rowCount(person) == BIG
    assert model.contains_name("Person 1049")


def test_tags_model_pages_its_list(big_session: CaseSession) -> None:
    model = TagsModel(big_session)
    assert model.total_count() == BIG // 10
    assert model.rowCount() == PAGE_SIZE
    _fetch_all(model)
    assert model.rowCount() == model.total_count()


def test_an_edit_refreshes_only_the_models_it_concerns(qtbot: QtBot,
                                                       qtmodeltester: ModelTester,
                                                       session: CaseSession) -> None:
    sources, entities = SourcesModel(session), EntitiesModel(session)
    relationships, tags = RelationshipsModel(session), TagsModel(session)
    qtmodeltester.check(entities)
    with qtbot.waitSignal(entities.modelReset), \
            qtbot.assertNotEmitted(sources.modelReset, wait=10):
        command = session.push(edits.new_entity(session, "Person", "New Person"))
    assert entities.index(0, 0).data() == "Person (6)"
    person = entities.group_index("Person")
    entities.fetchMore(person)
    assert entities.contains_name("New Person")
    assert entities.index_of(command.target_id).isValid()

    kirby = session.store.entities.resolve("John Kirby").id
    with qtbot.waitSignal(relationships.modelReset):
        session.push(edits.edit_entity(session, kirby, name="Admiral John Kirby"))
    assert any(label.startswith("Admiral John Kirby —") for label in _labels(relationships))

    with qtbot.waitSignal(tags.modelReset):
        session.push(edits.add_tag(session, RecordKind.SOURCE, sources.index(0, 0).data(ID_ROLE),
                                   "fresh-tag"))
    assert "fresh-tag (1)" in _labels(tags)

    with qtbot.waitSignal(entities.modelReset):
        session.undo_stack.undo()  # tag
        session.undo_stack.undo()  # rename
        session.undo_stack.undo()  # new card
    qtbot.waitUntil(lambda: not entities.refresh_pending())
    assert entities.index(0, 0).data() == "Person (5)"
    assert not entities.contains_name("New Person")
    assert "fresh-tag (1)" not in _labels(tags)
    qtmodeltester.check(entities, force_py=True)


def test_a_burst_of_changes_costs_one_refresh(qtbot: QtBot, session: CaseSession) -> None:
    model = EntitiesModel(session)
    resets: list[None] = []
    model.modelReset.connect(lambda: resets.append(None))
    for name in ("One", "Two", "Three"):
        session.store.entities.add("Person", name)
        session.notify(RecordKind.ENTITY, "")
    qtbot.waitUntil(lambda: bool(resets))
    assert len(resets) == 1
    assert model.index(0, 0).data() == "Person (8)"


def test_a_refresh_keeps_the_rows_the_user_had_loaded(qtbot: QtBot,
                                                      big_session: CaseSession) -> None:
    model = SourcesModel(big_session)
    model.fetchMore(ROOT)
    model.fetchMore(ROOT)
    assert model.rowCount() == 3 * PAGE_SIZE
    with qtbot.waitSignal(model.modelReset):
        big_session.reloaded.emit()
    assert model.rowCount() == 3 * PAGE_SIZE


def test_a_change_notice_must_name_a_record_kind(session: CaseSession) -> None:
    heard: list[tuple[object, str]] = []
    session.changed.connect(lambda kind, public_id: heard.append((kind, public_id)))
    session.notify(RecordKind.SOURCE, "s1")
    assert heard == [(RecordKind.SOURCE, "s1")] and isinstance(heard[0][0], RecordKind)
    with pytest.raises(TypeError, match="RecordKind"):
        session.notify("sorce", "s1")  # type: ignore[arg-type]
    assert len(heard) == 1
