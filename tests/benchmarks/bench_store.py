"""Query latency on a one-million-triple graph: the Oxigraph store against rdflib in memory (prints figures).

Generates a graph shaped like conflict-kg's (articles in named graphs, entities with labels, aliases,
links and coordinates, claims with provenance and evidence, the ontology), loads it into an on-disk
Oxigraph store (default graph = union, as `conflict-kg build --store` does) and into an rdflib Graph,
then times the README's example queries (`graph/queries/*.rq`) on both, side by side with their ratio.
A measurement, not a test:

    .venv/bin/python tests/benchmarks/bench_store.py [--triples 1000000] [--repeat 3]
"""
from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph
from rdflib.plugins.sparql import prepareQuery

from conflict_kg.graph.query import SparqlStore
from conflict_kg.graph.rdf import PREFIXES, ontology_triples
from conflict_kg.graph.server import example_queries
from conflict_kg.graph.void import DatasetFacts, build_time, void_triples
from conflict_kg.ontology.namespace import DEFAULT_BASE, ONTOLOGY_IRI

CK = ONTOLOGY_IRI
RDF, RDFS = PREFIXES["rdf"], PREFIXES["rdfs"]
TYPES = ("MilitaryUnit", "Person", "Place", "Organisation", "WeaponSystem")
RELATIONS = ("captured", "recaptured", "attacked", "destroyed", "shotDown", "used", "repelled", "partOf",
             "locatedIn", "leaderOf", "memberOf")
PLACE_NAMES = ("Bakhmut", "Avdiivka", "Pokrovsk", "Chasiv Yar", "Vuhledar", "Kupiansk", "Robotyne", "Sudzha")
WORDS = ("forces", "said", "village", "brigade", "shelling", "near", "the", "front", "drone", "attack", "officials",
         "reported", "troops", "regional", "governor", "overnight", "defence", "ministry", "artillery", "positions")


def _lit(text: str, datatype: str | None = None) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"' + (f"^^<{datatype}>" if datatype else "")


def generate(folder: Path, target: int, seed: int = 7) -> int:
    """Write `graph.nq` (N-Quads shaped like a conflict-kg store) and `graph.nt` (the same triples) into
    `folder`; gives the number of quads."""
    rng = random.Random(seed)
    xsd = PREFIXES["xsd"]
    entity_graph = f"<{DEFAULT_BASE}graph/entities>"
    lines: list[str] = []
    for s, p, o in ontology_triples():
        lines.append(f"{s.n3()} {p.n3()} {o.n3()} <{ONTOLOGY_IRI.rstrip('#')}> .")
    # A claim is ~12.6 quads, an entity ~5.4, an article 4 plus 10 mentions: scale the counts to the target.
    claims_n = int(target * 0.80 / 12.6)
    entities_n = int(target * 0.08 / 5.4)
    articles_n = max(1, int(target * 0.12 / 14))
    entities = [(f"<{DEFAULT_BASE}{t.lower()}/e{i}>", t) for i in range(entities_n) for t in (TYPES[i % 5],)]
    for number, (iri, type_name) in enumerate(entities):
        name = f"{type_name} {rng.choice(WORDS).title()} {number}"
        if type_name == "Place" and number // 5 < len(PLACE_NAMES):
            name = PLACE_NAMES[number // 5]  # a few real names, so the examples about one place find it
        lines += [f"{iri} <{RDF}type> <{CK}{type_name}> {entity_graph} .",
                  f"{iri} <{RDFS}label> {_lit(name)} {entity_graph} .",
                  f"{iri} <{PREFIXES['skos']}altLabel> {_lit(name.lower())} {entity_graph} .",
                  f"{iri} <{CK}mentionCount> {_lit(str(rng.randint(1, 40)), xsd + 'integer')} {entity_graph} .",
                  f"{iri} <{PREFIXES['owl']}sameAs> <http://www.wikidata.org/entity/Q{rng.randint(1, 10**7)}> {entity_graph} ."]
        if type_name == "Place":
            lines += [f"{iri} <{PREFIXES['geo']}lat> {_lit(f'{rng.uniform(44, 52):.6f}', xsd + 'decimal')} {entity_graph} .",
                      f"{iri} <{PREFIXES['geo']}long> {_lit(f'{rng.uniform(30, 40):.6f}', xsd + 'decimal')} {entity_graph} ."]
    places = [e for e in entities if e[1] == "Place"]
    actors = [e for e in entities if e[1] in ("MilitaryUnit", "Organisation", "Person")]
    docs = [f"<{DEFAULT_BASE}article/a{i}>" for i in range(articles_n)]
    for i, doc in enumerate(docs):
        lines += [f"{doc} <{RDF}type> <{CK}Article> {doc} .", f"{doc} <{PREFIXES['dcterms']}identifier> {_lit(f'a{i}')} {doc} .",
                  f"{doc} <{PREFIXES['dcterms']}title> {_lit(' '.join(rng.choices(WORDS, k=8)))} {doc} .",
                  f"{doc} <{PREFIXES['dcterms']}date> {_lit(f'2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}', xsd + 'date')} {doc} ."]
        for _ in range(10):
            lines.append(f"{rng.choice(entities)[0]} <{CK}mentionedIn> {doc} {doc} .")
    for i in range(claims_n):
        doc = rng.choice(docs)
        relation = rng.choice(RELATIONS)
        subject = rng.choice(actors)[0]
        obj = rng.choice(places)[0] if relation in ("captured", "recaptured", "attacked", "locatedIn") else rng.choice(entities)[0]
        claim = f"<{DEFAULT_BASE}claim/c{i}>"
        lines += [f"{subject} <{CK}{relation}> {obj} {doc} .", f"{claim} <{RDF}type> <{CK}Claim> {doc} .",
                  f"{claim} <{RDF}subject> {subject} {doc} .", f"{claim} <{RDF}predicate> <{CK}{relation}> {doc} .",
                  f"{claim} <{RDF}object> {obj} {doc} .", f"{claim} <{PREFIXES['prov']}wasDerivedFrom> {doc} {doc} .",
                  f"{claim} <{CK}evidence> {_lit(' '.join(rng.choices(WORDS, k=24)) + '.')} {doc} .",
                  f"{claim} <{CK}evidenceStart> {_lit(str(i % 5000), xsd + 'integer')} {doc} .",
                  f"{claim} <{CK}evidenceEnd> {_lit(str(i % 5000 + 150), xsd + 'integer')} {doc} .",
                  f"{claim} <{CK}rule> {_lit('svo')} {doc} .",
                  f"{claim} <{CK}confidence> {_lit(f'{rng.random():.2f}', xsd + 'decimal')} {doc} .",
                  f"{claim} <{CK}hedged> {_lit('false', xsd + 'boolean')} {doc} ."]
        if rng.random() < 0.4:
            lines.append(f"{claim} <{CK}reportedBy> {rng.choice(actors)[0]} {doc} .")
        if rng.random() < 0.2:
            lines.append(f"{claim} <{CK}relayedBy> {rng.choice(actors)[0]} {doc} .")
    facts = DatasetFacts(triples=len(lines), entities=len(entities), claims=claims_n, articles=articles_n,
                         built_at=build_time())
    lines += [f"{s.n3()} {p.n3()} {o.n3()} <{DEFAULT_BASE}graph/dataset> ." for s, p, o in void_triples(facts)]
    (folder / "graph.nq").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "graph.nt").write_text("".join(line.rsplit(" ", 2)[0] + " .\n" for line in lines), encoding="utf-8")
    return len(lines)


def _time(run, repeat: int) -> tuple[float, int]:
    timings, rows = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        rows = run()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings), rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        started = time.perf_counter()
        total = generate(folder, args.triples)
        print(f"generated {total:,} quads in {time.perf_counter() - started:.1f} s")

        started = time.perf_counter()
        store = ox.Store(str(folder / "oxigraph"))
        store.bulk_load(path=str(folder / "graph.nq"), format=ox.RdfFormat.N_QUADS)
        oxigraph = SparqlStore(store)
        print(f"Oxigraph on-disk store: loaded in {time.perf_counter() - started:.1f} s")

        started = time.perf_counter()
        in_memory = ox.Store()
        in_memory.bulk_load(path=str(folder / "graph.nq"), format=ox.RdfFormat.N_QUADS)
        oxigraph_memory = SparqlStore(in_memory)
        print(f"Oxigraph in-memory store: loaded in {time.perf_counter() - started:.1f} s")

        started = time.perf_counter()
        memory = Graph()
        memory.parse(str(folder / "graph.nt"), format="nt")
        print(f"rdflib in-memory graph: {len(memory):,} triples, loaded in {time.perf_counter() - started:.1f} s\n")

        header = (f"{'query':<44} {'rows':>6} {'oxigraph disk':>14} {'oxigraph mem':>13} {'rdflib mem':>11}"
                  f" {'ratio disk':>11} {'ratio mem':>10}")
        print(header)
        print("-" * len(header))
        for example in example_queries():
            def on_disk(text=example["text"]):
                return len(list(oxigraph.query(text)))

            def on_memory(text=example["text"]):
                return len(list(oxigraph_memory.query(text)))

            prepared = prepareQuery(example["text"], initNs=PREFIXES)

            def on_rdflib(q=prepared):
                return len(list(memory.query(q)))

            disk_seconds, rows = _time(on_disk, args.repeat)
            memory_seconds, _ = _time(on_memory, args.repeat)
            rdflib_seconds, rdflib_rows = _time(on_rdflib, 1)
            note = "" if rows == rdflib_rows else f"  (rows differ: {rdflib_rows} on rdflib)"
            print(f"{example['title'][:44]:<44} {rows:>6} {disk_seconds * 1000:>12.1f}ms {memory_seconds * 1000:>11.1f}ms"
                  f" {rdflib_seconds * 1000:>9.0f}ms {rdflib_seconds / disk_seconds:>10.1f}x"
                  f" {rdflib_seconds / memory_seconds:>9.1f}x{note}", flush=True)


if __name__ == "__main__":
    main()
