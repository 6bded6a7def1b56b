"""qtmodeltester on the item models not covered elsewhere (navigator and search have theirs).

pytest-qt's tester follows one model per test, hence one test per model.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.modeltest import ModelTester

from osint_desk.core.store.screening_results import Finding, RecordCheck
from osint_desk.ui.card_view import EntityCardView
from osint_desk.ui.dialogs import AuditLogModel
from osint_desk.ui.models import ID_ROLE, KIND_ROLE
from osint_desk.ui.operations import edits
from osint_desk.ui.screening.models import RecordChecksModel, ScreeningHitsModel
from osint_desk.ui.session import CaseSession
from osint_desk.ui.widgets.card_picker import CardPicker
from osint_desk.ui.widgets.evidence_picker import ExcerptSearchModel

CARD_MODELS = ["relationships_model", "sanctions_model", "excerpts_model", "sources_model",
               "attributes", "aliases"]


@pytest.fixture
def card_view(session: CaseSession) -> Iterator[EntityCardView]:
    card = session.store.entities.resolve("Yevgeny Prigozhin")
    view = EntityCardView(session, card.id)
    yield view
    view.deleteLater()


@pytest.mark.parametrize("name", CARD_MODELS)
def test_card_view_models(qtmodeltester: ModelTester, session: CaseSession,
                          card_view: EntityCardView, name: str) -> None:
    holder = getattr(card_view.page, name)
    model = getattr(holder, "model", holder)
    assert model.rowCount() > 0
    qtmodeltester.check(model, force_py=True)
    session.push(edits.add_alias(session, card_view.entity_id, "Пригожин Е. В."))
    session.push(edits.new_relationship(
        session, card_view.entity_id, "associate of",
        session.store.entities.resolve("John Kirby").id))
    card_view.refresh()
    session.undo_stack.undo()
    card_view.refresh()


def test_excerpt_search_model(qtmodeltester: ModelTester, session: CaseSession) -> None:
    model = ExcerptSearchModel(session.store)
    qtmodeltester.check(model, force_py=True)
    model.set_query("Wagner")
    model.set_query("")


@pytest.fixture
def picker(session: CaseSession) -> Iterator[CardPicker]:
    widget = CardPicker()
    widget.set_store(session.store)
    yield widget  # outlives the model tester (set up before it, torn down after it)
    widget.deleteLater()


def test_card_picker_completions(picker: CardPicker, qtmodeltester: ModelTester) -> None:
    qtmodeltester.check(picker.model, force_py=True)
    picker.refresh_completions("wag")
    assert picker.model.rowCount() >= 1
    picker.refresh_completions("kirby")


def test_audit_log_model(qtmodeltester: ModelTester, session: CaseSession) -> None:
    model = AuditLogModel(session.store)
    assert model.rowCount() > 50
    qtmodeltester.check(model, force_py=True)


def _screened(session: CaseSession) -> None:
    """A proposal and a record whose list dropped it, recorded without a list library."""
    store = session.store
    wagner = store.entities.resolve("Wagner Group")
    kirby = store.entities.resolve("John Kirby")
    record = store.sanctions.of_entity(wagner.id)[0]
    entry = {"name": "KIRBY, John", "schema": "Person", "programs": ["TEST"], "aliases": []}
    finding = Finding(kirby.id, "OFAC", "99999", "ofac-sdn", "SDN", None, "0" * 64, 0.8,
                      "John Kirby", "KIRBY, John", "KIRBY, John", "score 0.80", entry, "1" * 64)
    gone = RecordCheck(record.id, "ofac-sdn", "SDN", "2026-01-01", "2" * 64, None, None)
    store.screening.record(entity_ids=[kirby.id, wagner.id], findings=[finding],
                           checks=[gone], threshold=0.69, lists=[], names=2)


def test_screening_hits_model(qtmodeltester: ModelTester, session: CaseSession) -> None:
    _screened(session)
    model = ScreeningHitsModel(session)
    assert model.rowCount() == 1
    qtmodeltester.check(model, force_py=True)


def test_record_checks_model(qtmodeltester: ModelTester, session: CaseSession) -> None:
    _screened(session)
    model = RecordChecksModel(session)
    assert model.rowCount() == 1 and "no longer on SDN" in model.index(0, 2).data()
    qtmodeltester.check(model, force_py=True)


def test_charts_model(qtmodeltester: ModelTester, session: CaseSession) -> None:
    from osint_desk.core.chart.state import ChartState
    from osint_desk.ui.models.navigator_models import ChartsModel
    from osint_desk.ui.operations import charts

    model = ChartsModel(session)
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 0
    wagner = session.store.entities.resolve("Wagner Group").id
    first = session.push(charts.new_chart(session, "Wagner", ChartState().with_cards(
        {wagner: (0, 0)})))
    session.push(charts.new_chart(session, "Another chart"))
    model.refresh()
    assert [model.index(n, 0).data() for n in range(model.rowCount())] == [
        "Another chart", "Wagner"]
    model.set_filter("wag")
    assert model.rowCount() == 1 and model.index(0, 0).data(ID_ROLE) == first.target_id
    model.set_filter("")
    session.undo_stack.undo()
    model.refresh()
    assert model.rowCount() == 1


def test_link_evidence_model(qtmodeltester: ModelTester, session: CaseSession) -> None:
    from osint_desk.core.graph import load_graph
    from osint_desk.ui.chart.evidence_model import LinkEvidenceModel

    supplied = next(link for link in load_graph(session.store).links.values()
                    if link.predicate == "supplied")
    model = LinkEvidenceModel()
    qtmodeltester.check(model, force_py=True)
    model.show_link(session.store, supplied.id)
    assert model.rowCount() == supplied.supports + supplied.contradicts + supplied.context
    assert model.index(0, 0).data(KIND_ROLE) == "excerpt"
    model.show_link(None, "")
    assert model.rowCount() == 0
