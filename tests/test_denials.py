"""Denials become claims with polarity Denied and the denier as reporter; other unasserted actions stay out."""
from __future__ import annotations

import pytest

from conflict_kg.extract.model import ASSERTED, DENIED


def _relations(extract_text, text):
    result = extract_text(text)
    label = {e.key: e.label for e in result.entities}
    return {(label[r.subject], r.predicate, label[r.object]): (r.polarity, {label[k] for k in r.reported_by})
            for r in result.relations}


@pytest.mark.parametrize("text, triple, denier", [
    ("Kyiv denied that Russian forces had captured Avdiivka.",
     ("Armed Forces of Russia", "captured", "Avdiivka"), "Kyiv"),
    ("The Russian Defence Ministry rejected claims that its Su-34 jets had been shot down by Ukrainian forces.",
     ("Armed Forces of Ukraine", "shotDown", "Su-34"), "Russian Defence Ministry"),
    ("The Russian Defence Ministry dismissed reports of an attack by Ukrainian forces on Sevastopol.",
     ("Armed Forces of Ukraine", "attacked", "Sevastopol"), "Russian Defence Ministry"),
], ids=["denied-that", "rejected-claims-that", "dismissed-reports-of"])
def test_an_active_denial_is_a_denied_claim_of_the_denier(extract_text, text, triple, denier):
    assert _relations(extract_text, text)[triple] == (DENIED, {denier})


def test_a_passive_denial_names_the_agent_as_denier(extract_text):
    relations = _relations(extract_text, "Reports that Russian troops had captured Robotyne were denied by "
                                         "the Ukrainian General Staff.")
    assert relations[("Armed Forces of Russia", "captured", "Robotyne")] == (DENIED, {"General Staff of the Armed Forces of Ukraine"})


def test_a_denial_that_is_itself_negated_asserts(extract_text):
    relations = _relations(extract_text, "Kyiv did not deny that Russian forces had captured Avdiivka.")
    assert relations[("Armed Forces of Russia", "captured", "Avdiivka")][0] == ASSERTED


@pytest.mark.parametrize("text", [
    "Russian forces did not capture Avdiivka.",
    "Russian forces failed to capture Avdiivka.",
    "Russian forces plan to capture Avdiivka.",
    "Russian forces refused to attack Avdiivka.",
])
def test_negation_failure_and_intention_stay_left_out(extract_text, text):
    assert ("Armed Forces of Russia", "captured", "Avdiivka") not in _relations(extract_text, text)
    assert ("Armed Forces of Russia", "attacked", "Avdiivka") not in _relations(extract_text, text)


def test_a_denied_claim_is_exported_as_a_claim_but_not_as_an_edge(extract_text, tmp_path):
    from rdflib import Graph
    from rdflib.namespace import RDF

    from conflict_kg.graph.build import build_graph
    from conflict_kg.graph.rdf import write_rdf
    from conflict_kg.ontology.namespace import CK

    write_rdf(build_graph([extract_text("Kyiv denied that Russian forces had captured Avdiivka.")]), tmp_path)
    graph = Graph().parse(tmp_path / "graph.ttl")
    claim = next(c for c in graph.subjects(RDF.predicate, CK.captured) if (c, RDF.type, CK.Claim) in graph)
    assert (claim, CK.polarity, CK.Denied) in graph
    assert list(graph.triples((None, CK.captured, None))) == []
