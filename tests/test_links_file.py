"""The reviewable links file and `build --links`: what the user edits is what the graph gets."""
from __future__ import annotations

import logging
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL

from conflict_kg.cli import main
from conflict_kg.extract.model import EntityType
from conflict_kg.graph.iri import article_iri, entity_iri
from conflict_kg.graph.links_file import LinkRow, LinksFile, LinksFileError, apply_links, read_links, render_links
from conflict_kg.graph.model import ArticleRecord, GraphEntity, knowledge_graph
from conflict_kg.graph.rdf import load_ontology, render_rdf
from conflict_kg.graph.reconcile import run_reconcile, unlinked_entities
from conflict_kg.graph.service_client import ClientSettings, ServiceClient
from conflict_kg.ontology.namespace import CK
from fake_services import FakeServices, candidate

ROOT = Path(__file__).resolve().parents[1]
WD = "http://www.wikidata.org/entity/"
KRAKEN = entity_iri("MilitaryUnit", "kraken")
SYRSKYI = entity_iri("Person", "oleksandr syrskyi")
TOWN = entity_iri("Place", "andriivka")
AZOV = entity_iri("MilitaryUnit", "azov brigade")
HEADER = "entity\tlabel\ttype\tqid\tscore\tmatched_label\tmatched_type\tdate\tstatus\treason\n"


def graph():
    def node(iri, type_, label, **more):
        return GraphEntity(iri=iri, type=type_, label=label, aliases=(), articles=("a",), mention_count=1, **more)

    nodes = [node(KRAKEN, EntityType.MILITARY_UNIT, "Kraken"),
             node(SYRSKYI, EntityType.PERSON, "Oleksandr Syrskyi"),
             node(TOWN, EntityType.PLACE, "Andriivka", same_as=("https://sws.geonames.org/700001/",),
                  link_confidence=0.7),
             node(AZOV, EntityType.MILITARY_UNIT, "Azov Brigade", same_as=(WD + "Q1",), link_confidence=1.0)]
    return knowledge_graph([ArticleRecord(iri=article_iri("a"), id="a", source="a.txt")], nodes, [])


def links(*rows: LinkRow) -> LinksFile:
    return LinksFile(Path("links.tsv"), rows)


def entity_of(g, iri) -> GraphEntity:
    return g.nodes[iri]["entity"]


def test_an_accepted_link_adds_same_as_and_its_score_as_confidence():
    g = apply_links(graph(), links(LinkRow(KRAKEN, qid="Q9011", score=93, status="accepted")))
    assert entity_of(g, KRAKEN).same_as == (WD + "Q9011",)
    assert entity_of(g, KRAKEN).link_confidence == pytest.approx(0.93)


def test_one_confidence_covers_every_link_so_it_is_the_lower_one():
    g = apply_links(graph(), links(LinkRow(TOWN, qid="Q9021", score=95, status="accepted")))
    assert entity_of(g, TOWN).same_as == (WD + "Q9021", "https://sws.geonames.org/700001/")
    assert entity_of(g, TOWN).link_confidence == pytest.approx(0.7)


def test_rejected_rows_add_nothing_and_the_input_graph_is_left_alone():
    original = graph()
    g = apply_links(original, links(LinkRow(KRAKEN, qid="Q9011", score=93, status="rejected"),
                                    LinkRow(SYRSKYI, qid="Q9001", score=99, status="accepted")))
    assert entity_of(g, KRAKEN).same_as == ()
    assert entity_of(original, SYRSKYI).same_as == ()


def test_a_curated_link_stays_unless_the_row_is_pinned(caplog):
    with caplog.at_level(logging.WARNING, logger="conflict_kg"):
        kept = apply_links(graph(), links(LinkRow(AZOV, qid="Q55", score=99, status="accepted")))
    assert entity_of(kept, AZOV).same_as == (WD + "Q1",) and "keeps its curated link" in caplog.text
    pinned = apply_links(graph(), links(LinkRow(AZOV, qid="Q55", status="pinned")))
    assert entity_of(pinned, AZOV).same_as == (WD + "Q55",) and entity_of(pinned, AZOV).link_confidence == 1.0


def test_a_row_for_an_entity_the_build_lacks_is_reported(caplog):
    with caplog.at_level(logging.WARNING, logger="conflict_kg"):
        apply_links(graph(), links(LinkRow("https://example.org/id/entity/nobody", qid="Q3", status="pinned")))
    assert "no entity https://example.org/id/entity/nobody" in caplog.text


def test_the_export_with_links_carries_them_and_still_conforms_to_the_shapes():
    pyshacl = pytest.importorskip("pyshacl")
    g = apply_links(graph(), links(LinkRow(KRAKEN, qid="Q9011", score=93, status="accepted"),
                                   LinkRow(SYRSKYI, qid="Q9001", status="pinned")))
    union = Graph().parse(data=render_rdf(g)["graph.ttl"], format="turtle")
    assert (URIRef(KRAKEN), OWL.sameAs, URIRef(WD + "Q9011")) in union
    assert union.value(URIRef(KRAKEN), CK.linkConfidence) == Literal(Decimal("0.93"))
    assert union.value(URIRef(SYRSKYI), CK.linkConfidence) == Literal(Decimal("1.0"))
    shapes = Graph().parse(ROOT / "ontology" / "shapes.ttl", format="turtle")
    conforms, _, report = pyshacl.validate(union, shacl_graph=shapes, ont_graph=load_ontology(), inference="none")
    assert conforms, report


def test_bad_rows_are_reported_by_line_and_the_others_used(tmp_path):
    path = tmp_path / "links.tsv"
    path.write_text("# reviewed\n" + HEADER
                    + f"{KRAKEN}\tKraken\tMilitaryUnit\tQ9011\t93\tKraken\tmilitary unit\t2026-01-01\taccepted\tok\n"
                    + f"{SYRSKYI}\t\t\tX12\t\t\t\t\tpinned\t\n"
                    + f"{TOWN}\t\t\tQ5\t\t\t\t\tmaybe\t\n"
                    + "not an iri\t\t\tQ5\t\t\t\t\tpinned\t\n"
                    + f"{AZOV}\t\t\tQ5\tninety\t\t\t\taccepted\t\n"
                    + f"{KRAKEN}\t\t\tQ7\t\t\t\t\tpinned\t\n", encoding="utf-8")
    read = read_links(path)
    assert [row.entity for row in read.rows] == [KRAKEN]
    problems = [str(p) for p in read.problems]
    assert [p.line for p in read.problems] == [4, 5, 6, 7, 8]
    assert all(p.startswith(f"{path}:") and p.endswith("row left out") for p in problems)
    assert "'X12' is not a Wikidata item id" in problems[0] and "'maybe'" in problems[1]
    assert "already listed on line 3" in problems[4]


def test_a_spreadsheet_saved_file_with_pasted_item_urls_reads(tmp_path):
    path = tmp_path / "links.tsv"
    path.write_bytes(("\ufeff" + HEADER + f"{KRAKEN}\t\t\thttps://www.wikidata.org/wiki/Q9011\t\t\t\t\tPinned\t\n"
                      + f"{SYRSKYI}\t\t\thttp://www.wikidata.org/entity/Q9001\t\t\t\t\tpinned\t\n")
                     .replace("\n", "\r\n").encode("utf-8"))
    read = read_links(path)
    assert read.problems == ()
    assert [(row.qid, row.status) for row in read.rows] == [("Q9011", "pinned"), ("Q9001", "pinned")]


def test_a_file_without_the_needed_columns_is_refused_by_name(tmp_path):
    path = tmp_path / "links.tsv"
    path.write_text("entity\tlabel\n", encoding="utf-8")
    with pytest.raises(LinksFileError, match=rf"{path}:1: .*qid, status"):
        read_links(path)


def test_the_written_file_reads_back_the_same(tmp_path):
    rows = (LinkRow(KRAKEN, "Kraken", "MilitaryUnit", "Q9011", 93.5, "Kraken\tunit", "military unit",
                    "2026-01-01", "accepted", "score 93.5"),
            LinkRow(SYRSKYI, "Oleksandr Syrskyi", "Person", "", None, "", "", "2026-01-01", "rejected", "no candidate"))
    path = tmp_path / "links.tsv"
    path.write_text(render_links(rows), encoding="utf-8")
    again = read_links(path)
    assert again.problems == () and again.rows[1] == rows[1]
    assert again.rows[0].matched_label == "Kraken unit"  # a tab inside a cell cannot break the row


def test_an_edited_links_file_wins_over_the_service(tmp_path):
    export = tmp_path / "export"
    export.mkdir()
    from conflict_kg.graph.rdf import write_rdf

    write_rdf(graph(), export)
    path = tmp_path / "links.tsv"
    client = ServiceClient(ClientSettings(min_interval=0))
    with FakeServices() as services:
        services.candidates["Kraken"] = [candidate("Q9011", "Kraken", 95, ("Q176799", "military unit"))]
        services.candidates["Oleksandr Syrskyi"] = [candidate("Q9001", "Oleksandr Syrskyi", 97, ("Q5", "human"))]
        run_reconcile(export, path, client, services.reconcile_url)
        assert read_links(path).used().keys() == {KRAKEN, SYRSKYI}
        edited = []
        for line in path.read_text(encoding="utf-8").split("\n"):
            if line.startswith(KRAKEN):
                line = line.replace("\taccepted\t", "\trejected\t")
            if line.startswith(SYRSKYI):
                line = line.replace("Q9001", "Q777").replace("\taccepted\t", "\tpinned\t")
            edited.append(line)
        path.write_text("\n".join(edited), encoding="utf-8")
        run_reconcile(export, path, client, services.reconcile_url)  # the service would say the same again
    g = apply_links(graph(), read_links(path))
    assert entity_of(g, KRAKEN).same_as == ()
    assert entity_of(g, SYRSKYI).same_as == (WD + "Q777",) and entity_of(g, SYRSKYI).link_confidence == 1.0


def ground(path: Path) -> set:
    """The triples of a Turtle file without blank nodes (those get new labels on every parse)."""
    return {t for t in Graph().parse(path) if not any(isinstance(term, BNode) for term in t)}


ARTICLE = ("The Kraken unit of Ukraine's military intelligence said on Tuesday that it had pushed "
           "Russian troops out of Vovchansk. Oleksandr Syrskyi visited the front near Kharkiv.")


def test_build_without_links_is_byte_for_byte_the_same_and_with_links_adds_only_them(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1717200000")  # one build time in every dataset description
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "kraken.txt").write_text(ARTICLE, encoding="utf-8")
    assert main(["build", str(articles), "--out", str(tmp_path / "plain")]) == 0
    unrelated = tmp_path / "unrelated.tsv"
    unrelated.write_text(HEADER + "https://example.org/id/entity/nobody\t\t\tQ3\t\t\t\t\tpinned\t\n", encoding="utf-8")
    assert main(["build", str(articles), "--out", str(tmp_path / "unrelated"), "--links", str(unrelated)]) == 0
    for plain in sorted((tmp_path / "plain").iterdir()):
        assert plain.read_bytes() == (tmp_path / "unrelated" / plain.name).read_bytes(), plain.name

    plain_ttl = ground(tmp_path / "plain" / "graph.ttl")
    entity = URIRef(unlinked_entities(tmp_path / "plain")[0].iri)
    linked = tmp_path / "linked.tsv"
    linked.write_text(HEADER + f"{entity}\t\t\tQ4242\t88\t\t\t\taccepted\t\n", encoding="utf-8")
    assert main(["build", str(articles), "--out", str(tmp_path / "linked"), "--links", str(linked)]) == 0
    with_links = ground(tmp_path / "linked" / "graph.ttl")
    # the dataset description counts the two new triples
    count = {t for t in with_links ^ plain_ttl if t[1] == URIRef("http://rdfs.org/ns/void#triples")}
    assert with_links - plain_ttl - count == {(entity, OWL.sameAs, URIRef(WD + "Q4242")),
                                              (entity, CK.linkConfidence, Literal(Decimal("0.88")))}
    assert plain_ttl - with_links - count == set()


def test_build_refuses_an_unreadable_links_file_and_writes_nothing(tmp_path, capsys):
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a.txt").write_text(ARTICLE, encoding="utf-8")
    code = main(["build", str(articles), "--out", str(tmp_path / "out"), "--links", str(tmp_path / "missing.tsv")])
    assert code == 2 and "missing.tsv: cannot read the links file" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
