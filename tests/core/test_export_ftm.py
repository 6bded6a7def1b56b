"""FollowTheMoney export and import: valid FtM, a lossless round trip of what FtM can carry,
OpenSanctions data, and bad files that change nothing."""

from __future__ import annotations

import hashlib
import io
import json
import os
from pathlib import Path
from typing import Any

import pytest
from shared_data import MISSING_REASON, SANCTIONS

from osint_desk.core.exports import ftm_model
from osint_desk.core.exports.ftm import export_ftm, ftm_entities, ftm_id
from osint_desk.core.exports.ftm_ids import FORMATS, normalize
from osint_desk.core.exports.ftm_import import FtmFormatError, import_ftm
from osint_desk.core.model import ENTITY_SCHEMATA, ENTITY_TYPES, PREDICATES, is_a
from osint_desk.core.store import CaseStore

OPENSANCTIONS = SANCTIONS / "opensanctions_ftm"
FTM_REASON = ("followthemoney is not installed (test-only; it needs pyicu, which has no wheels:"
              " a C++ compiler and the ICU headers), so exported entities are not checked"
              " against the FtM model here")


@pytest.fixture
def ftm() -> Any:
    """The FtM model; skipped where it could not be built, required where CI says so."""
    if os.environ.get("OSINT_DESK_REQUIRE_FTM"):
        import followthemoney

        return followthemoney
    return pytest.importorskip("followthemoney", reason=FTM_REASON)


def ftm_problems(entities: list[dict[str, Any]]) -> list[str]:
    """Everything the FtM model objects to, strictly: schema, properties, values, references."""
    from followthemoney import model, registry

    problems: list[str] = []
    by_id: dict[str, dict[str, Any]] = {}
    for data in entities:
        if data["id"] in by_id:
            problems.append(f"{data['id']}: duplicate id")
        by_id[data["id"]] = data
    for data in entities:
        eid, schema = data["id"], model.get(data["schema"])
        if not registry.entity.validate(eid):
            problems.append(f"{eid}: not a valid FtM entity id")
        if schema is None or schema.abstract:
            problems.append(f"{eid}: {data['schema']} is not a concrete FtM schema")
            continue
        for name, values in data["properties"].items():
            prop = schema.get(name)
            if prop is None or prop.stub:
                problems.append(f"{eid}: {schema.name} has no property {name}")
                continue
            if not values or not all(isinstance(v, str) for v in values):
                problems.append(f"{eid}: {name} must be a non-empty list of strings")
            for value in values:
                if prop.type == registry.entity:
                    target = by_id.get(value)
                    if target is None:
                        problems.append(f"{eid}: {name} points to {value}, not in the file")
                    elif not model.get(target["schema"]).is_a(prop.range):
                        problems.append(f"{eid}: {name} points to a {target['schema']}, which"
                                        f" is not a {prop.range.name}")
                elif not prop.type.validate(value):
                    problems.append(f"{eid}: {name} {value!r:.80} is not a valid {prop.type}")
        missing = sorted({r for s in schema.schemata for r in s.required} - set(data["properties"]))
        if missing:
            problems.append(f"{eid}: {schema.name} lacks required {missing}")
        # FtM's own cleaning (cleaned=False) must keep every value as written.
        cleaned = model.get_proxy(data, cleaned=False).to_dict()["properties"]
        for name, values in data["properties"].items():
            if sorted(cleaned.get(name, [])) != sorted(values):
                problems.append(f"{eid}: FtM cleaning changes {name}: {values!r:.120} ->"
                                f" {cleaned.get(name)!r:.120}")
    return problems


def exported(store: CaseStore) -> list[dict[str, Any]]:
    out = io.StringIO()
    export_ftm(store, out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


# -- the tables the core keeps of the FtM model ---------------------------------------------


def test_model_tables_match_the_installed_followthemoney(ftm: Any) -> None:
    from followthemoney import model, registry

    for name, (parents, _) in ftm_model.SCHEMATA.items():
        schema = model.get(name)
        assert set(parents) == {p.name for p in schema.extends}, name
        for prop, (kind, limit) in ftm_model.properties(name).items():
            real = schema.get(prop)
            assert real is not None and not real.stub, (name, prop)
            assert (kind, limit) == (real.type.name, real.max_length), (name, prop)
            assert FORMATS.get(prop) == real.format, (name, prop)
        expected = {p for p, real in schema.properties.items()
                    if not (real.stub or real.hidden or real.type == registry.entity)}
        assert set(ftm_model.properties(name)) == expected, name
    assert set(registry.country.names) == ftm_model.COUNTRIES
    assert set(registry.topic.names) == ftm_model.TOPICS
    assert set(registry.language.names) == ftm_model.LANGUAGE_CODES
    assert {t.name: t.max_length for t in registry.types} == ftm_model.TYPE_MAX_LENGTH


@pytest.mark.parametrize("value", [
    "9074729", "IMO 9074729", "IMO9074729", "9074728", "IMO 0000000", "123", "7707083893",
    "500100732259", "7707083890", "1027700132195", "1027700132196", "304500116000157",
    "5493001KJTIIGC8Y1R12", "5493001KJTIIGC8Y1R13", "Q7747", "https://www.wikidata.org/wiki/Q42",
    "X42", "M83QKJMENEF9", "m83qkjmenef9", "0ABCDEFGHJKL", "ABCDEFGHIJKL", "1234567893",
    "1234567890", "808401234567893"])
def test_identifier_formats_match_ftm(ftm: Any, value: str) -> None:
    from followthemoney import registry

    for fmt in ("imo", "inn", "ogrn", "lei", "wikidata", "uei", "npi"):
        assert normalize(fmt, value) == registry.identifier.clean(value, format=fmt), (fmt, value)


def test_card_types_and_predicates_follow_the_ftm_hierarchy(ftm: Any) -> None:
    from followthemoney import model

    for schema in ENTITY_SCHEMATA:
        for other in ENTITY_SCHEMATA:
            assert is_a(schema, other) == model.get(schema).is_a(model.get(other)), (schema,
                                                                                       other)
    assert set(ENTITY_TYPES) <= set(ftm_model.SCHEMATA)
    for predicate, info in PREDICATES.items():
        schema = model.get(info.schema)
        assert schema.get(info.subject_prop).range.name == info.subject_range, predicate
        assert schema.get(info.object_prop).range.name == info.object_range, predicate


# -- export ---------------------------------------------------------------------------------


def test_demo_export_is_valid_followthemoney(ftm: Any, demo: CaseStore) -> None:
    entities = exported(demo)
    assert ftm_problems(entities) == []
    schemata = {e["schema"] for e in entities}
    assert {"Article", "Person", "PublicBody", "Sanction", "Mention", "Payment",
            "Representation", "Associate", "UnknownLink"} <= schemata
    ids = {e["id"] for e in entities}
    for card in demo.entities.list():
        assert ftm_id(card.id) in ids
    for relationship in demo.relationships.list():
        assert ftm_id(relationship.id) in ids
    for sanction in demo.sanctions.list():
        assert ftm_id(sanction.id) in ids


def test_export_is_deterministic_and_written_whole(demo: CaseStore, tmp_path: Path) -> None:
    target = tmp_path / "case.ftm.json"
    report = export_ftm(demo, target)
    first = target.read_bytes()
    export_ftm(demo, target)
    assert target.read_bytes() == first
    assert not list(tmp_path.glob(".*.part"))
    assert report.entities == len(first.splitlines()) == sum(report.by_schema.values())
    assert report.dropped == []


def test_a_failed_export_leaves_no_file(demo: CaseStore, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise OSError("disk full")

    monkeypatch.setattr(demo.sanctions, "list", broken)
    with pytest.raises(OSError, match="disk full"):
        export_ftm(demo, str(tmp_path / "case.ftm.json"))
    assert not list(tmp_path.glob("*.ftm.json")) and not list(tmp_path.glob(".*.part"))


def test_demo_mapping(demo: CaseStore) -> None:
    entities = {e["id"]: e for e in ftm_entities(demo)}
    prigozhin = entities[ftm_id(demo.entities.resolve("Yevgeny Prigozhin").id)]["properties"]
    assert prigozhin["birthDate"] == ["1961-06-01"] and prigozhin["nationality"] == ["ru"]
    assert "Евгений Викторович Пригожин" in prigozhin["alias"]
    assert "Putin's chef" in prigozhin["weakAlias"]  # a nickname is weak in FtM
    assert "sanctioned" in prigozhin["keywords"]
    source = demo.sources.list()[0]
    article = entities[ftm_id(source.id)]
    assert article["schema"] == "Article"
    assert article["properties"]["bodyText"] == [source.text]
    assert article["properties"]["language"] == ["eng"]
    assert prigozhin["proof"] == [article["id"]]
    sanction = next(e for e in entities.values() if e["schema"] == "Sanction"
                    and e["properties"]["authorityId"] == ["21171"])
    assert sanction["properties"]["program"] == ["UKRAINE-EO13661", "CYBER2"]
    card_id = demo.entities.resolve("Yevgeny Prigozhin").id
    assert sanction["properties"]["entity"] == [ftm_id(card_id)]
    supplied = next(e for e in entities.values() if e["properties"].get("role") == ["supplied"])
    assert supplied["schema"] == "UnknownLink"
    assert supplied["properties"]["proof"] == [article["id"]]
    assert any("delivered weapons" in quote for quote in supplied["properties"]["summary"])
    # a contradicting excerpt is not a quote in support
    assert not any("deceitful forces" in q for q in supplied["properties"]["summary"])


def test_ends_that_do_not_fit_a_schema_fall_back_to_unknown_link(ftm: Any,
                                                                  store: CaseStore) -> None:
    person = store.entities.add("Person", "Ann Example", attributes={
        "birthDate": "circa 1960", "nationality": ["gb", "Narnia"], "gender": "F",
        "phone": "+44 20 7946 0958", "email": "ann@example.org", "website": "javascript:x()",
        "favouriteColour": "blue", "position": "Director"})
    other = store.entities.add("Person", "Bob Example")
    wallet = store.entities.add("CryptoWallet", "Ann's wallet")
    company = store.entities.add("Company", "Example Ltd", attributes={
        "incorporationDate": "2001-02", "jurisdiction": "GB"})
    vessel = store.entities.add("Vessel", "MV Example", attributes={"imoNumber": "9999999",
                                                                   "flag": "pa"})
    gone = store.entities.add("Person", "Deleted Person")
    source = store.sources.add(text="Ann Example owns Example Ltd and the MV Example.",
                               title="A note", kind="note", language="en-GB",
                               published="2022-12-22T18:30+09:00", url="file:///etc/passwd")
    page = store.sources.add(text="A saved page.", title="Page", kind="web_page",
                             original=b"<p>A saved page.</p>",
                             media_type="text/html; charset=utf-8")
    excerpt = store.excerpts.add_by_quote(source.id, "Ann Example owns Example Ltd",
                                          entity_ids=[person.id, company.id, vessel.id])
    links = [(person, "owns", wallet), (person, "employed by", other),
             (person, "owns", company), (company, "owns", vessel), (person, "paid", other),
             (vessel, "family of", person), (person, "associate of", gone)]
    for subject, predicate, object_ in links:
        store.relationships.add(subject.id, predicate, object_.id, start="2020",
                                evidence=[(excerpt.id, "contradicts")])
    store.entities.delete(gone.id)
    out = io.StringIO()
    report = export_ftm(store, out)
    entities = [json.loads(line) for line in out.getvalue().splitlines()]
    assert ftm_problems(entities) == []
    schemata = [e["schema"] for e in entities if "startDate" in e["properties"]]
    assert sorted(schemata) == ["Ownership", "Ownership", "Payment", "UnknownLink",
                                "UnknownLink", "UnknownLink"]
    assert ftm_id(gone.id) not in {e["id"] for e in entities}
    by_id = {e["id"]: e["properties"] for e in entities}
    ann = by_id[ftm_id(person.id)]
    assert ann["nationality"] == ["gb"] and ann["phone"] == ["+442079460958"]
    assert "birthDate" not in ann and "website" not in ann and "gender" not in ann
    assert by_id[ftm_id(source.id)]["publishedAt"] == ["2022-12-22T09:30"]
    assert "sourceUrl" not in by_id[ftm_id(source.id)]
    assert by_id[ftm_id(page.id)]["mimeType"] == ["text/html"]
    assert by_id[ftm_id(page.id)]["contentHash"] == [
        hashlib.sha1(b"<p>A saved page.</p>", usedforsecurity=False).hexdigest()]
    dropped = "\n".join(report.dropped)
    for what in ("favouriteColour", "circa 1960", "Narnia", "javascript:x()"):
        assert what in dropped
    mentions = [e for e in entities if e["schema"] == "Mention"]
    assert len(mentions) == 3
    assert all("resolved" not in m["properties"] for m in mentions
               if m["properties"]["detectedSchema"] == ["Vessel"])


# -- import ---------------------------------------------------------------------------------


def _picture(store: CaseStore) -> dict[str, Any]:
    """What a round trip must keep, keyed by names (ids change)."""
    names = {e.id: e.name for e in store.entities.list()}
    quotes: dict[str, str] = {}
    for excerpt in store.excerpts.list():
        quotes[excerpt.id] = excerpt.quote

    def attrs(values: dict[str, Any]) -> dict[str, list[str]]:
        return {k: sorted(v if isinstance(v, list) else [v]) for k, v in values.items()}

    return {
        "cards": sorted((e.type, e.name, e.description,
                         json.dumps(attrs(e.attributes), sort_keys=True),
                         tuple(sorted((a.name, "weak" if a.kind == "nickname" else a.kind)
                                      for a in e.aliases)),
                         tuple(store.tags.of("entity", e.id)))
                        for e in store.entities.list()),
        "relationships": sorted(
            (names[r.subject_id], r.predicate, names[r.object_id], r.start or "", r.end or "",
             r.note, tuple(sorted(quotes[x.excerpt_id] for x in r.evidence
                                  if x.role == "supports")))
            for r in store.relationships.list()),
        "sanctions": sorted(
            (names[s.entity_id], s.authority, s.entry_ref or "", tuple(s.programs),
             s.listed_on or "", s.delisted_on or "", s.status, s.reason, s.list_name,
             s.listed_name or "") for s in store.sanctions.list()),
        "sources": sorted((s.kind, s.title, s.text, s.published or "", s.retrieved or "",
                           s.language or "", s.notes) for s in store.sources.list()),
    }


def test_round_trip_keeps_cards_aliases_relationships_and_sanctions(
        demo: CaseStore, tmp_path: Path) -> None:
    target = tmp_path / "demo.ftm.json"
    export_ftm(demo, target)
    with CaseStore.create(tmp_path / "copy.osintcase", "Copy") as copy:
        report = import_ftm(copy, target)
        assert _picture(copy) == _picture(demo)
        counts, original = copy.counts(), demo.counts()
        assert (counts.entities, counts.relationships, counts.sanctions, counts.sources) == (
            original.entities, original.relationships, original.sanctions, original.sources)
        assert report.created["cards"] == original.entities
        mentions = sum(1 for line in target.read_text("utf-8").splitlines()
                       if json.loads(line)["schema"] == "Mention")
        assert report.skipped == {"Mention (FtM carries no excerpt to link)": mentions}
        assert copy.integrity_check() == "ok"
        sanction = copy.sanctions.list()[0]
        assert sanction.provenance["file"] == "demo.ftm.json"
        assert sanction.list_sha256 == sanction.provenance["file_sha256"]


def test_importing_into_the_same_case_reuses_the_source_and_its_excerpts(
        demo: CaseStore, tmp_path: Path) -> None:
    target = tmp_path / "demo.ftm.json"
    export_ftm(demo, target)
    excerpts, cards = demo.counts().excerpts, demo.counts().entities
    report = import_ftm(demo, target)
    assert report.reused_sources == 1 and report.created["sources"] == 0
    assert report.created["excerpts"] == 0 and demo.counts().excerpts == excerpts
    assert report.created["evidence"] > 0
    assert report.created["cards"] == cards  # cards are added again: ids are never merged


def test_import_of_opensanctions_data(tmp_path: Path, store: CaseStore) -> None:
    files = sorted(OPENSANCTIONS.glob("*.ftm.json"))
    if not files:
        pytest.skip(MISSING_REASON)
    reports = [import_ftm(store, path) for path in files]
    zala = next(r for r in reports if "zala" in r.file)
    assert zala.created["sanctions"] == 41 and zala.created["relationships"] == 21
    assert zala.folded["Address into a card's address"] == 11
    assert store.integrity_check() == "ok"
    person = store.entities.resolve("Maria Aleksandrovna Osetrova")
    assert person.type == "Person" and person.attributes["birthDate"] == "1988-01-07"
    assert {a.name for a in person.aliases} >= {"Мария Александровна Осетрова",
                                                 "Mariya ZAKHAROVA"}
    assert "NK-2Tbri3s6GgNtAwsSXh4qpL" in person.description
    company = store.entities.resolve("LLC CST")
    records = store.sanctions.of_entity(company.id)
    assert len(records) > 10
    for record in records:
        assert record.provenance["file"] == "yente_zala_entities.ftm.json"
        assert record.provenance["ftm_id"] and record.list_sha256
        assert record.provenance["datasets"]
    assert any(r.authority == "Department of Foreign Affairs and Trade"
               and "AU-RUSSIA" in r.programs and r.listed_on == "2023-02-24" for r in records)
    owner = store.relationships.of_entity(company.id)
    assert any(r.predicate == "owns" for r in owner)
    assert store.entities.resolve("Lavrentiy Aleksandrovich ZAKHAROV").attributes[
        "passportNumber"] == "089132114"


def test_imported_opensanctions_data_exports_as_valid_ftm(ftm: Any, store: CaseStore) -> None:
    files = sorted(OPENSANCTIONS.glob("*.ftm.json"))
    if not files:
        pytest.skip(MISSING_REASON)
    for path in files:
        import_ftm(store, path)
    entities = exported(store)
    assert ftm_problems(entities) == []
    schemata = [e["schema"] for e in entities]
    assert schemata.count("Sanction") == 41 and schemata.count("Ownership") == 14
    by_name = {e["properties"]["name"][0]: e["properties"] for e in entities
               if "name" in e["properties"]}
    assert by_name["LLC CST"]["phone"] == ["+73412430505", "+79512108128", "+79127693311"]


def _write(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


PERSON = json.dumps({"id": "p1", "schema": "Person", "properties": {"name": ["Ann Example"]}})


@pytest.mark.parametrize(("content", "says"), [
    (b"this is not json\n", "line 1: not JSON"),
    (PERSON.encode() + b"\n[1, 2]\n", "line 2: not a FollowTheMoney entity"),
    (b'{"id": "x", "schema": "Person", "properties": {"name": [{"a": 1}]}}', "nested data"),
    (b"\xff\xfe\x00binary", "not UTF-8"),
    (b"\n\n", "no FollowTheMoney entities"),
])
def test_a_bad_file_is_refused_and_changes_nothing(store: CaseStore, tmp_path: Path,
                                                   content: bytes, says: str) -> None:
    store.entities.add("Person", "Already Here")
    before = store.dump()
    path = tmp_path / "bad.ftm.json"
    path.write_bytes(content)
    with pytest.raises(FtmFormatError, match=says) as caught:
        import_ftm(store, path)
    assert str(path) in str(caught.value)
    assert store.dump() == before


def test_unknown_schemata_are_counted_and_skipped(store: CaseStore, tmp_path: Path) -> None:
    path = _write(tmp_path / "mixed.ftm.json", PERSON,
                  json.dumps({"id": "x1", "schema": "Spaceship", "properties": {}}),
                  json.dumps({"id": "x2", "schema": "CourtCase", "properties": {"name": ["A"]}}),
                  json.dumps({"id": "l1", "schema": "UnknownLink",
                              "properties": {"subject": ["p1"], "object": ["nowhere"]}}),
                  json.dumps({"id": "s1", "schema": "Sanction",
                              "properties": {"entity": ["p1"], "authority": ["OFAC"],
                                             "authorityId": ["123"]}}))
    report = import_ftm(store, path)
    assert report.created["cards"] == 1 and report.created["sanctions"] == 1
    assert report.skipped["schema Spaceship (no case record for it)"] == 1
    assert report.skipped["schema CourtCase (no case record for it)"] == 1
    assert report.skipped["relationships whose ends are not both cards in the file"] == 1
    again = import_ftm(store, path)  # a second import makes a second card, not a clash
    assert again.created["cards"] == 1


def test_a_refused_record_is_skipped_with_what_it_made(store: CaseStore,
                                                       tmp_path: Path) -> None:
    def entity(eid: str, schema: str, **props: list[str]) -> str:
        return json.dumps({"id": eid, "schema": schema, "properties": props})

    quote = "Alpha paid Beta"
    path = _write(tmp_path / "links.ftm.json",
                  entity("d", "Article", title=["Note"], fileName=["n.txt"],
                         bodyText=[f"{quote} in 2021."]),
                  entity("a", "Person", name=["Alpha"]), entity("b", "Person", name=["Beta"]),
                  entity("bad", "UnknownLink", subject=["a"], object=["b"], role=["paid"],
                         startDate=["2022"], endDate=["2020"], proof=["d"], summary=[quote]),
                  entity("good", "Payment", payer=["a"], beneficiary=["b"], proof=["d"],
                         summary=[quote, "not in the text"]))
    report = import_ftm(store, path)
    assert report.created["relationships"] == 1 and report.created["excerpts"] == 1
    assert any(k.startswith("relationships refused (the relationship ends")
               for k in report.skipped)
    (paid,) = store.relationships.list()
    assert paid.predicate == "paid" and "not in the text" in paid.note
    (excerpt,) = store.excerpts.list()
    assert excerpt.quote == quote and [e.excerpt_id for e in paid.evidence] == [excerpt.id]


def test_a_failure_while_writing_leaves_the_case_as_it_was(
        demo: CaseStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "demo.ftm.json"
    export_ftm(demo, target)
    with CaseStore.create(tmp_path / "copy.osintcase", "Copy") as copy:
        before = copy.dump()

        def broken(*args: Any, **kwargs: Any) -> Any:
            raise RuntimeError("disk full")

        monkeypatch.setattr(copy.sanctions, "add", broken)
        with pytest.raises(RuntimeError):
            import_ftm(copy, target)
        assert copy.dump() == before
