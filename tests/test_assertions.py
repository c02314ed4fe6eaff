"""Assertions across articles: support counts, first and last report, parties, contested; SHACL conformance."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF, SH

from conflict_kg.extract.model import ArticleMetadata, EntityType
from conflict_kg.graph.assertions import assertions, party_iri, with_parties
from conflict_kg.graph.claims_csv import render_claims_csv
from conflict_kg.graph.iri import article_iri, claim_iri, entity_iri
from conflict_kg.graph.model import ArticleRecord, Claim, GraphEntity, knowledge_graph
from conflict_kg.graph.rdf import load_ontology, write_rdf
from conflict_kg.ontology.namespace import CK

ROOT = Path(__file__).resolve().parents[1]


def _entity(type_, label):
    return GraphEntity(iri=entity_iri(type_.value, label), type=type_, label=label, aliases=(), articles=("a1",),
                       mention_count=1)


RUSSIA = _entity(EntityType.MILITARY_UNIT, "Armed Forces of Russia")
UKRAINE = _entity(EntityType.MILITARY_UNIT, "Armed Forces of Ukraine")
MOD = _entity(EntityType.ORGANISATION, "Russian Defence Ministry")
STAFF = _entity(EntityType.ORGANISATION, "Ukrainian General Staff")
KRYNKY = _entity(EntityType.PLACE, "Krynky")
PLACES = (_entity(EntityType.PLACE, "Russia"), _entity(EntityType.PLACE, "Ukraine"))


def _article(id_, day, publisher):
    return ArticleRecord(iri=article_iri(id_), id=id_, source=f"{id_}.txt",
                         metadata=ArticleMetadata(date=day, publisher=publisher))


def _claim(subject, article, reporter, *, polarity="Asserted", when=None, precision="article", start=0):
    return Claim(iri=claim_iri(subject.iri, "captured", KRYNKY.iri, article.id, start=start), subject=subject.iri,
                 predicate="captured", object=KRYNKY.iri, article=article.id, evidence="...", evidence_start=start,
                 evidence_end=start + 3, rule="verb-active", confidence=0.9,
                 reported_by=(reporter.iri,) if reporter else (), polarity=polarity,
                 event_date=when or article.metadata.date, date_precision=precision)


def _graph(articles, claims):
    return with_parties(knowledge_graph(articles, [RUSSIA, UKRAINE, MOD, STAFF, KRYNKY, *PLACES], claims))


MONDAY = _article("a1", "2024-02-20", "Southern Front Daily")
WIRE = _article("a2", "2024-02-21", "Wire Desk")
WIRE_AGAIN = _article("a3", "2024-02-22", "Wire Desk")
DENIAL = _article("a4", "2024-02-21", "The Steppe Ledger")


def _one(g, subject=RUSSIA):
    return next(a for a in assertions(g) if a.subject == subject.iri)


def test_one_assertion_gathers_the_claims_of_every_article_with_their_support():
    g = _graph([MONDAY, WIRE, WIRE_AGAIN], [_claim(RUSSIA, MONDAY, MOD), _claim(RUSSIA, WIRE, MOD),
                                            _claim(RUSSIA, WIRE_AGAIN, None)])
    found = assertions(g)
    assert len(found) == 1
    one = found[0]
    assert len(one.claims) == 3 and one.article_count == 3
    assert one.outlet_count == 2  # the wire twice is one outlet
    assert one.reporter_count == 2  # the ministry, and the wire in its own voice
    assert (one.first_reported, one.last_reported) == ("2024-02-20", "2024-02-22")
    assert one.parties == (party_iri("Russia"),) and not one.contested


def test_a_denial_contests_the_assertion_and_is_not_its_support():
    g = _graph([MONDAY, DENIAL], [_claim(RUSSIA, MONDAY, MOD), _claim(RUSSIA, DENIAL, STAFF, polarity="Denied")])
    one = _one(g)
    assert one.contested and len(one.claims) == 2
    assert one.article_count == 1 and one.parties == (party_iri("Russia"),)
    assert (one.first_reported, one.last_reported) == ("2024-02-20", "2024-02-21")


def test_opposing_captors_of_one_place_at_overlapping_dates_contest_each_other():
    g = _graph([MONDAY, DENIAL], [_claim(RUSSIA, MONDAY, MOD, when="2024-02", precision="month"),
                                  _claim(UKRAINE, DENIAL, STAFF, when="2024-02-19", precision="day")])
    assert _one(g, RUSSIA).contested and _one(g, UKRAINE).contested


def test_captors_at_dates_that_do_not_overlap_are_a_recapture_not_a_contest():
    g = _graph([MONDAY, DENIAL], [_claim(RUSSIA, MONDAY, MOD, when="2023-11", precision="month"),
                                  _claim(UKRAINE, DENIAL, STAFF, when="2024-02-19", precision="day")])
    assert not _one(g, RUSSIA).contested and not _one(g, UKRAINE).contested


def test_claims_of_the_same_party_never_contest_each_other():
    g = _graph([MONDAY, WIRE], [_claim(RUSSIA, MONDAY, MOD), _claim(UKRAINE, WIRE, MOD, when="2024-02-20")])
    assert not _one(g, RUSSIA).contested


def test_every_claim_has_its_party_from_the_knowledge_base():
    g = _graph([MONDAY, DENIAL], [_claim(RUSSIA, MONDAY, MOD), _claim(RUSSIA, DENIAL, STAFF, polarity="Denied")])
    parties = {c.reported_by[0]: c.party for _, _, c in g.edges(data="claim")}
    assert parties == {MOD.iri: party_iri("Russia"), STAFF.iri: party_iri("Ukraine")}


def test_claims_csv_has_one_row_per_claim_with_date_polarity_reporter_and_party():
    g = _graph([MONDAY, DENIAL], [_claim(RUSSIA, MONDAY, MOD, when="2024-02-19", precision="day"),
                                  _claim(RUSSIA, DENIAL, STAFF, polarity="Denied")])
    lines = render_claims_csv(g).splitlines()
    assert lines[0] == "claim,date,precision,polarity,subject,predicate,object,reporter,party,article,evidence"
    assert [line.split(",")[1:10] for line in lines[1:]] == [
        ["2024-02-19", "day", "Asserted", "Armed Forces of Russia", "captured", "Krynky", "Russian Defence Ministry",
         "Russia", "a1"],
        ["2024-02-21", "article", "Denied", "Armed Forces of Russia", "captured", "Krynky", "Ukrainian General Staff",
         "Ukraine", "a4"]]


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Graph:
    out = tmp_path_factory.mktemp("assertions")
    g = _graph([MONDAY, WIRE, DENIAL], [_claim(RUSSIA, MONDAY, MOD, when="2024-02", precision="month"),
                                        _claim(RUSSIA, WIRE, MOD, when="2024", precision="year"),
                                        _claim(RUSSIA, DENIAL, STAFF, polarity="Denied"),
                                        _claim(UKRAINE, DENIAL, STAFF, when="2024-02-19", precision="day", start=9)])
    write_rdf(g, out)
    return Graph().parse(out / "graph.ttl")


def test_the_export_with_assertions_and_denials_conforms_to_the_shapes(exported):
    pyshacl = pytest.importorskip("pyshacl")
    shapes = Graph().parse(ROOT / "ontology" / "shapes.ttl", format="turtle")
    conforms, _, report = pyshacl.validate(exported, shacl_graph=shapes, ont_graph=load_ontology(), inference="none")
    assert conforms, report
    assert len(set(exported.subjects(RDF.type, CK.Assertion))) == 2
    assert {str(o.datatype).rsplit("#")[-1] for o in exported.objects(None, CK.eventDate)} == {"date", "gYearMonth", "gYear"}


def test_the_shapes_catch_an_unknown_precision_and_an_assertion_without_claims(exported):
    pyshacl = pytest.importorskip("pyshacl")
    broken = Graph()
    for triple in exported:
        broken.add(triple)
    claim = next(exported.subjects(RDF.type, CK.Claim))
    broken.set((claim, CK.datePrecision, Literal("week")))
    assertion = next(exported.subjects(RDF.type, CK.Assertion))
    broken.remove((assertion, CK.claim, None))
    shapes = Graph().parse(ROOT / "ontology" / "shapes.ttl", format="turtle")
    conforms, report, _ = pyshacl.validate(broken, shacl_graph=shapes, ont_graph=load_ontology(), inference="none")
    assert not conforms
    paths = {str(p) for p in report.objects(None, SH.resultPath)}
    assert {str(CK.datePrecision), str(CK.claim)} <= paths
