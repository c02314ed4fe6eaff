"""Query latency on a one-million-triple graph: the Oxigraph store against rdflib in memory (prints figures).

Generates a graph shaped like conflict-kg's store (see `generate`), loads it into an on-disk Oxigraph
store (bulk-loaded and compacted as `conflict-kg build --store` does, then opened read-only as
`conflict-kg query` and `serve` open it; default graph = union), an in-memory Oxigraph store and an
rdflib Graph, one at a time (each engine is timed with only its own store in the process, as a server
worker has it), and times the README's example queries (`graph/queries/*.rq`) on the three: medians
of wall-clock and of CPU time, side by side with the ratios, after checking that both engines give
the same rows. A sub-second query is run again until its runs took a second (at most 200 runs), by
the same rule on both engines. Then it times three probes (`PROBES`), a scan and index lookups made
once per solution, which show what the ratio of a query depends on. A measurement, not a test:

    .venv/bin/python tests/benchmarks/bench_store.py [--triples 1000000] [--repeat 5] [--rdflib-limit 120]
"""
from __future__ import annotations

import argparse
import gc
import multiprocessing
import random
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery

from conflict_kg.graph.query import STORE_MARKER, SparqlStore, load_store
from conflict_kg.graph.rdf import PREFIXES, ontology_triples
from conflict_kg.graph.server import example_queries
from conflict_kg.graph.void import DatasetFacts, build_time, void_triples
from conflict_kg.ontology.namespace import DEFAULT_BASE, ONTOLOGY_IRI

CK = ONTOLOGY_IRI
XSD_STRING = PREFIXES["xsd"] + "string"
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


def _popular(rng: random.Random, pool: list, cumulative: list[float]):
    """One item of `pool`, the first ones far more often (a few units and towns dominate the news)."""
    return rng.choices(pool, cum_weights=cumulative)[0]


def _cumulative(n: int) -> list[float]:
    total, out = 0.0, []
    for rank in range(n):
        total += 1 / (rank + 1)
        out.append(total)
    return out


def generate(folder: Path, target: int, seed: int = 7) -> int:
    """Write `graph.nq` (N-Quads shaped like a conflict-kg store) and `graph.nt` (the same triples) into
    `folder`; gives the number of quads.

    The shape follows `make demo`'s store: per article a named graph with its description, its
    mentions, its claims (type, subject, predicate, object, article, confidence, event date and its
    precision, evidence and its offsets, hedged, polarity, rule; a reporter for about a third, a relay
    for a few); the entity graph with the entities (type, label, alternative labels, mention count,
    links, coordinates and region for places), the direct triple of each relation an asserted claim
    states (once) and one ck:Assertion per distinct (subject, relation, object) with its support; the
    ontology and the dataset description. Entities are drawn with a long tail, so some relations recur
    across articles."""
    rng = random.Random(seed)
    xsd = PREFIXES["xsd"]
    entity_graph = f"<{DEFAULT_BASE}graph/entities>"
    lines: list[str] = []
    for s, p, o in ontology_triples():
        lines.append(f"{s.n3()} {p.n3()} {o.n3()} <{ONTOLOGY_IRI.rstrip('#')}> .")
    # An article with its ~7 claims, their assertions and its mentions is ~205 quads. The demo store has
    # ~11 entities per article; a large corpus names the same units and towns again, so fewer per article.
    articles_n = max(1, int(target / 205))
    entities_n = max(50, int(articles_n * 1.2))
    entities = [(f"<{DEFAULT_BASE}{TYPES[i % 5].lower()}/e{i}>", TYPES[i % 5]) for i in range(entities_n)]
    places = [e for e in entities if e[1] == "Place"]
    actors = [e for e in entities if e[1] in ("MilitaryUnit", "Organisation", "Person")]
    weapons = [e for e in entities if e[1] == "WeaponSystem"]
    weights = {id(pool): _cumulative(len(pool)) for pool in (entities, places, actors, weapons)}

    def pick(pool):
        return _popular(rng, pool, weights[id(pool)])

    assertions: dict[tuple[str, str, str], list[tuple[str, str, str]]] = {}
    direct: dict[tuple[str, str, str], None] = {}  # the relations asserted claims state, each once
    claim_number = 0
    for i in range(articles_n):
        doc = f"<{DEFAULT_BASE}article/a{i}>"
        day = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        lines += [f"{doc} <{RDF}type> <{CK}Article> {doc} .", f"{doc} <{PREFIXES['dcterms']}identifier> {_lit(f'a{i}')} {doc} .",
                  f"{doc} <{PREFIXES['dcterms']}title> {_lit(' '.join(rng.choices(WORDS, k=8)))} {doc} .",
                  f"{doc} <{PREFIXES['dcterms']}date> {_lit(day, xsd + 'date')} {doc} .",
                  f"{doc} <{PREFIXES['dcterms']}publisher> {_lit(rng.choice(('Frontline Dispatch', 'Wire', 'Kyiv Daily')))} {doc} .",
                  f"{doc} <{PREFIXES['schema']}url> <https://news.example.org/a{i}> {doc} ."]
        mentioned: set[str] = set()
        for _ in range(rng.randint(3, 11)):
            relation = rng.choice(RELATIONS)
            subject = pick(actors)[0]
            obj = (pick(places) if relation in ("captured", "recaptured", "attacked", "locatedIn")
                   else pick(weapons) if relation in ("used", "destroyed", "shotDown") else pick(entities))[0]
            asserted = rng.random() > 0.05
            claim = f"<{DEFAULT_BASE}claim/c{claim_number}>"
            claim_number += 1
            mentioned.update((subject, obj))
            lines += [f"{claim} <{RDF}type> <{CK}Claim> {doc} .",
                      f"{claim} <{RDF}subject> {subject} {doc} .", f"{claim} <{RDF}predicate> <{CK}{relation}> {doc} .",
                      f"{claim} <{RDF}object> {obj} {doc} .", f"{claim} <{PREFIXES['prov']}wasDerivedFrom> {doc} {doc} .",
                      f"{claim} <{CK}evidence> {_lit(' '.join(rng.choices(WORDS, k=24)) + '.')} {doc} .",
                      f"{claim} <{CK}evidenceStart> {_lit(str(claim_number % 5000), xsd + 'integer')} {doc} .",
                      f"{claim} <{CK}evidenceEnd> {_lit(str(claim_number % 5000 + 150), xsd + 'integer')} {doc} .",
                      f"{claim} <{CK}rule> {_lit(rng.choice(('verb-active', 'verb-passive', 'role-apposition')))} {doc} .",
                      f"{claim} <{CK}confidence> {_lit(f'{rng.random():.2f}', xsd + 'decimal')} {doc} .",
                      f"{claim} <{CK}eventDate> {_lit(day, xsd + 'date')} {doc} .",
                      f"{claim} <{CK}datePrecision> {_lit('article')} {doc} .",
                      f"{claim} <{CK}hedged> {_lit('false', xsd + 'boolean')} {doc} .",
                      f"{claim} <{CK}polarity> <{CK}{'Asserted' if asserted else 'Denied'}> {doc} ."]
            if rng.random() < 0.35:
                reporter = pick(actors)[0]
                mentioned.add(reporter)
                lines.append(f"{claim} <{CK}reportedBy> {reporter} {doc} .")
            if rng.random() < 0.05:
                lines.append(f"{claim} <{CK}relayedBy> {pick(actors)[0]} {doc} .")
            if asserted:
                direct.setdefault((subject, relation, obj))
            assertions.setdefault((subject, relation, obj), []).append((claim, doc, day))
        for _ in range(rng.randint(4, 12)):
            mentioned.add(pick(entities)[0])
        lines += [f"{iri} <{CK}mentionedIn> {doc} {doc} ." for iri in sorted(mentioned)]
    for number, (iri, type_name) in enumerate(entities):
        name = f"{type_name} {rng.choice(WORDS).title()} {number}"
        if type_name == "Place" and number // 5 < len(PLACE_NAMES):
            name = PLACE_NAMES[number // 5]  # a few real names, so the examples about one place find it
        lines += [f"{iri} <{RDF}type> <{CK}{type_name}> {entity_graph} .",
                  f"{iri} <{RDFS}label> {_lit(name)} {entity_graph} .",
                  f"{iri} <{CK}mentionCount> {_lit(str(rng.randint(1, 40)), xsd + 'integer')} {entity_graph} ."]
        if rng.random() < 0.6:
            lines.append(f"{iri} <{PREFIXES['skos']}altLabel> {_lit(name.lower())} {entity_graph} .")
        if rng.random() < 0.5:
            lines += [f"{iri} <{PREFIXES['owl']}sameAs> <http://www.wikidata.org/entity/Q{rng.randint(1, 10**7)}> {entity_graph} .",
                      f"{iri} <{CK}linkConfidence> {_lit(f'{rng.random():.2f}', xsd + 'decimal')} {entity_graph} ."]
        if type_name == "Place":
            lines += [f"{iri} <{PREFIXES['geo']}lat> {_lit(f'{rng.uniform(44, 52):.6f}', xsd + 'decimal')} {entity_graph} .",
                      f"{iri} <{PREFIXES['geo']}long> {_lit(f'{rng.uniform(30, 40):.6f}', xsd + 'decimal')} {entity_graph} .",
                      f"{iri} <{CK}countryCode> {_lit('UA')} {entity_graph} .",
                      f"{iri} <{CK}region> {_lit('Donetsk Oblast')} {entity_graph} ."]
    lines += [f"{subject} <{CK}{relation}> {obj} {entity_graph} ." for subject, relation, obj in direct]
    for number, ((subject, relation, obj), support) in enumerate(assertions.items()):
        node = f"<{DEFAULT_BASE}assertion/s{number}>"
        days = sorted(day for _, _, day in support)
        article_count = len({doc for _, doc, _ in support})
        lines += [f"{node} <{RDF}type> <{CK}Assertion> {entity_graph} .",
                  f"{node} <{RDF}subject> {subject} {entity_graph} .",
                  f"{node} <{RDF}predicate> <{CK}{relation}> {entity_graph} .",
                  f"{node} <{RDF}object> {obj} {entity_graph} .",
                  f"{node} <{CK}articleCount> {_lit(str(article_count), xsd + 'integer')} {entity_graph} .",
                  f"{node} <{CK}outletCount> {_lit(str(min(article_count, 3)), xsd + 'integer')} {entity_graph} .",
                  f"{node} <{CK}reporterCount> {_lit(str(article_count), xsd + 'integer')} {entity_graph} .",
                  f"{node} <{CK}contested> {_lit('false', xsd + 'boolean')} {entity_graph} .",
                  f"{node} <{CK}firstReported> {_lit(days[0], xsd + 'date')} {entity_graph} .",
                  f"{node} <{CK}lastReported> {_lit(days[-1], xsd + 'date')} {entity_graph} ."]
        lines += [f"{node} <{CK}claim> {claim} {entity_graph} ." for claim, _, _ in support]
    facts = DatasetFacts(triples=len(lines), entities=len(entities), claims=claim_number, articles=articles_n,
                         built_at=build_time())
    lines += [f"{s.n3()} {p.n3()} {o.n3()} <{DEFAULT_BASE}graph/dataset> ." for s, p, o in void_triples(facts)]
    (folder / "graph.nq").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "graph.nt").write_text("".join(line.rsplit(" ", 2)[0] + " .\n" for line in lines), encoding="utf-8")
    return len(lines)


def _oxigraph_rows(store: SparqlStore, text: str) -> list[tuple[str | None, ...]]:
    """Every solution of `text`, each term read out as its string, so nothing is left unevaluated."""
    return [tuple(None if term is None else term.value for term in solution) for solution in store.query(text)]


def _rdflib_rows(graph: Graph, text: str) -> list[tuple]:
    """Every solution of `text`, parsed on each run as Oxigraph parses it (rdflib's terms are Python strings
    already)."""
    return [tuple(row) for row in graph.query(text, initNs=PREFIXES)]


def _as_rdflib(term):
    """An Oxigraph term as the equal rdflib term (literals normalised the way rdflib reads them)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == XSD_STRING:  # rdflib leaves a plain literal untyped
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def comparable_rows(oxigraph_solutions=None, rdflib_result=None) -> list[tuple]:
    """The rows of an Oxigraph or an rdflib SELECT answer as sorted tuples of rdflib terms, so the answers
    of both engines to the same query compare equal when they hold the same solutions."""
    if oxigraph_solutions is not None:
        rows = [tuple(_as_rdflib(term) for term in solution) for solution in oxigraph_solutions]
    else:
        rows = [tuple(row) for row in rdflib_result]
    return sorted(rows, key=lambda row: tuple("" if term is None else term.n3() for term in row))


@dataclass(frozen=True)
class Timing:
    wall: float  # seconds, median
    cpu: float  # seconds of the querying thread's CPU time, median: steadier on a shared machine (the stores
    #             are read from memory or the page cache, so it leaves out no I/O wait)
    runs: int


BUDGET = 1.0  # seconds: a fast query is run until its runs took this long (at most MOST_RUNS), on both engines
MOST_RUNS = 200


def _median_time(run, repeat: int, warm_up: int = 1, budget: float = BUDGET) -> tuple[Timing, list]:
    """The median times of at least `repeat` runs after `warm_up` untimed ones, and the last run's rows.

    A query faster than `budget / repeat` is run until its runs took `budget` seconds (at most MOST_RUNS
    runs): five runs of a sub-millisecond query are mostly its first, colder ones. The same rule applies
    to both engines."""
    rows = []
    for _ in range(warm_up):
        rows = run()
    walls, cpus = [], []
    while len(walls) < repeat or (sum(walls) < budget and len(walls) < MOST_RUNS):
        wall, cpu = time.perf_counter(), time.thread_time()
        rows = run()
        cpus.append(time.thread_time() - cpu)
        walls.append(time.perf_counter() - wall)
    return Timing(statistics.median(walls), statistics.median(cpus), len(walls)), rows


def _time_limited(run, repeat: int, limit: float) -> tuple[Timing | None, list | None]:
    """`_median_time(run, repeat, warm_up=0)` in a forked child, with the rows as `comparable_rows`; given up
    after `limit` seconds (None, None): rdflib cannot be interrupted, and one slow query must not hold up
    the whole benchmark."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)

    def child():
        timing, rows = _median_time(run, repeat, warm_up=0, budget=min(BUDGET, limit / 2))
        sender.send((timing, comparable_rows(rdflib_result=rows)))

    process = context.Process(target=child, daemon=True)
    process.start()
    sender.close()
    answer = receiver.recv() if receiver.poll(limit) else (None, None)
    process.kill()
    process.join()
    return answer


def _queries(folder: Path | None) -> list[dict[str, str]]:
    if folder is None:
        return example_queries()
    texts = [path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.rq"))]
    return [{"title": text.partition("\n")[0].lstrip("# "), "text": text} for text in texts]


@dataclass(frozen=True)
class Measured:
    title: str
    rows: int
    disk: Timing
    memory: Timing
    rdflib: Timing | None  # None: given up after the limit
    notes: tuple[str, ...]


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f}ms" if seconds < 0.01 else f"{seconds * 1000:.1f}ms"


def _print_table(results: list[Measured], clock: str, limit: float) -> None:
    def ms(timing: Timing | None) -> str:
        return f">{limit * 1000:.0f}ms" if timing is None else _ms(getattr(timing, clock))

    def ratio(slow: Timing | None, fast: Timing) -> str:
        fast_seconds = getattr(fast, clock)
        if fast_seconds <= 0:
            return "-"
        return f">{limit / fast_seconds:.0f}x" if slow is None else f"{getattr(slow, clock) / fast_seconds:.1f}x"

    header = (f"{'query':<44} {'rows':>6} {'oxigraph disk':>14} {'oxigraph mem':>13} {'rdflib mem':>11}"
              f" {'ratio disk':>11} {'ratio mem':>10} {'runs':>11}")
    print(header)
    print("-" * len(header))
    for result in results:
        runs = "/".join(str(t.runs) if t else "-" for t in (result.disk, result.memory, result.rdflib))
        print(f"{result.title[:44]:<44} {result.rows:>6} {ms(result.disk):>14} {ms(result.memory):>13}"
              f" {ms(result.rdflib):>11} {ratio(result.rdflib, result.disk):>11} {ratio(result.rdflib, result.memory):>10}"
              f" {runs:>11}" + (f"  ({'; '.join(result.notes)})" if result.notes else ""), flush=True)
    # every query once, one after another: what a user running the README's examples waits for in all
    disk, memory = (sum(getattr(getattr(r, engine), clock) for r in results) for engine in ("disk", "memory"))
    given_up = any(r.rdflib is None for r in results)
    slow = sum(limit if r.rdflib is None else getattr(r.rdflib, clock) for r in results)
    bound = ">" if given_up else ""
    print("-" * len(header))
    print(f"{'all of them, one after another':<44} {'':>6} {_ms(disk):>14} {_ms(memory):>13} {bound + _ms(slow):>11}"
          f" {bound + f'{slow / disk:.1f}x':>11} {bound + f'{slow / memory:.1f}x':>10}", flush=True)


PROBES = [
    ("scan: every rdf:subject triple", "SELECT (COUNT(*) AS ?n) WHERE { ?claim rdf:subject ?s }"),
    ("1 lookup per claim: its confidence",
     "SELECT (COUNT(*) AS ?n) WHERE { ?claim a ck:Claim . ?claim ck:confidence ?confidence }"),
    ("2 lookups per asserted claim: subject, name",
     "SELECT (COUNT(*) AS ?n) WHERE { ?claim ck:polarity ck:Asserted ; rdf:subject ?s . ?s rdfs:label ?name }"),
]
"""What the ratio depends on: a scan, against index lookups made once per solution (claims are looked up
in the order of their IRIs; a claim's subject is often one of a few much-mentioned entities). Each
probe counts its solutions, so reading rows out costs nothing; the table gives microseconds per
counted solution."""


def _print_probes(results: list[Measured], limit: float) -> None:
    def us(timing: Timing | None, count: int) -> str:
        return f">{limit * 1e6 / count:.1f}" if timing is None else f"{timing.cpu * 1e6 / count:.2f}"

    header = (f"{'probe (CPU time per solution)':<44} {'solutions':>9} {'disk us':>8} {'mem us':>8} {'rdflib us':>10}"
              f" {'ratio disk':>11} {'ratio mem':>10}")
    print(header)
    print("-" * len(header))
    for r in results:
        ratios = ["-" if r.rdflib is None else f"{r.rdflib.cpu / t.cpu:.1f}x" for t in (r.disk, r.memory)]
        print(f"{r.title[:44]:<44} {r.rows:>9} {us(r.disk, r.rows):>8} {us(r.memory, r.rows):>8}"
              f" {us(r.rdflib, r.rows):>10} {ratios[0]:>11} {ratios[1]:>10}"
              + (f"  ({'; '.join(r.notes)})" if r.notes else ""), flush=True)


def _on_oxigraph(store: SparqlStore, examples: list[dict[str, str]], repeat: int) -> list[tuple[Timing, list]]:
    """Each example's timing on `store`, with its rows as `comparable_rows`."""
    measured = []
    for example in examples:
        timing, _ = _median_time(lambda: _oxigraph_rows(store, example["text"]), repeat)
        measured.append((timing, comparable_rows(oxigraph_solutions=store.query(example["text"]))))
        print(f"  measured: {example['title']}", flush=True)
    return measured


def _on_rdflib(graph: Graph, examples: list[dict[str, str]], repeat: int, limit: float) -> list[tuple]:
    """Each example's timing on rdflib with its rows as `comparable_rows`; (None, None) when given up."""
    for example in examples:  # rdflib's parser builds its grammar on first use: not part of a query's time
        prepareQuery(example["text"], initNs=PREFIXES)
    bool(graph.query("ASK { ?s ?p ?o }"))  # nor is loading its evaluator
    gc.freeze()  # the graph just loaded is never garbage: collections need not walk it again
    measured = []
    try:
        for example in examples:
            measured.append(_time_limited(lambda: _rdflib_rows(graph, example["text"]), repeat, limit))
            print(f"  measured: {example['title']}", flush=True)
    finally:
        gc.unfreeze()
    return measured


def _results(examples: list[dict[str, str]], disk: list, memory: list, rdflib: list,
             count: bool = False) -> list[Measured]:
    """The three engines' timings side by side, with a note where their rows differ; `rows` is the number
    of rows, or the counted number for a probe (`count`)."""
    results = []
    for example, (disk_timing, rows), (memory_timing, memory_rows), (rdflib_timing, rdflib_rows) in zip(
            examples, disk, memory, rdflib):
        notes = []
        if memory_rows != rows:
            notes.append("in-memory rows differ")
        if rdflib_rows is not None and rdflib_rows != rows:
            notes.append(f"rdflib rows differ ({len(rdflib_rows)})")
        counted = int(str(rows[0][0])) if count else len(rows)
        results.append(Measured(example["title"], counted, disk_timing, memory_timing, rdflib_timing, tuple(notes)))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per query on Oxigraph (after a warm-up)")
    parser.add_argument("--rdflib-repeat", type=int, default=1, help="timed runs per query on rdflib")
    parser.add_argument("--rdflib-limit", type=float, default=120.0,
                        help="seconds after which an rdflib query is given up (its ratio is then a lower bound)")
    parser.add_argument("--queries", type=Path, help="time the .rq files of this folder instead of the example queries")
    parser.add_argument("--no-optimize", action="store_true", help="query the on-disk store as bulk-loaded, uncompacted")
    parser.add_argument("--no-probes", action="store_true", help="leave out the scan and lookup probes")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        started = time.perf_counter()
        total = generate(folder, args.triples)
        print(f"generated {total:,} quads in {time.perf_counter() - started:.1f} s")

        examples = _queries(args.queries)
        probes = [] if args.no_probes else [{"title": title, "text": text} for title, text in PROBES]
        everything = examples + probes
        print(f"each engine is timed with only its own store loaded in the process (as a server worker has);\n"
              f"Oxigraph: median of at least {args.repeat} runs after a warm-up; rdflib: median of at least "
              f"{args.rdflib_repeat}, given up after {args.rdflib_limit:.0f} s; on both, a query is run again until "
              f"its runs took {BUDGET:g} s (at most {MOST_RUNS} runs); each run parses the query "
              f"text and reads out every row, on both engines\n", flush=True)

        started = time.perf_counter()
        (folder / "store").mkdir()
        store = ox.Store(str(folder / "store" / STORE_MARKER))
        store.bulk_load(path=str(folder / "graph.nq"), format=ox.RdfFormat.N_QUADS)
        if not args.no_optimize:
            store.optimize()  # as `conflict-kg build --store` does after writing
        del store
        oxigraph = load_store(folder / "store")  # opened read-only, as `conflict-kg query` and `serve` open it
        print(f"Oxigraph on-disk store: loaded{'' if args.no_optimize else ' and optimized'} "
              f"in {time.perf_counter() - started:.1f} s", flush=True)
        on_disk = _on_oxigraph(oxigraph, everything, args.repeat)
        del oxigraph

        started = time.perf_counter()
        in_memory = ox.Store()
        in_memory.bulk_load(path=str(folder / "graph.nq"), format=ox.RdfFormat.N_QUADS)
        print(f"Oxigraph in-memory store: loaded in {time.perf_counter() - started:.1f} s", flush=True)
        on_memory = _on_oxigraph(SparqlStore(in_memory), everything, args.repeat)
        del in_memory

        started = time.perf_counter()
        memory = Graph()
        memory.parse(str(folder / "graph.nt"), format="nt")
        print(f"rdflib in-memory graph: {len(memory):,} triples, loaded in {time.perf_counter() - started:.1f} s",
              flush=True)
        on_rdflib = _on_rdflib(memory, everything, args.rdflib_repeat, args.rdflib_limit)

        results = _results(examples, on_disk, on_memory, on_rdflib)
        print("\nwall-clock time")
        _print_table(results, "wall", args.rdflib_limit)
        print("\nCPU time of the querying thread")
        _print_table(results, "cpu", args.rdflib_limit)
        if probes:
            print("\nwhat the ratio depends on: a scan against index lookups made once per solution")
            _print_probes(_results(probes, *(found[len(examples):] for found in (on_disk, on_memory, on_rdflib)),
                                   count=True), args.rdflib_limit)


if __name__ == "__main__":
    main()
