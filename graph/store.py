"""The persistent store: the knowledge graph in an on-disk Oxigraph database, updated article by article.

`update_store(store_dir, extracted, base=...)` adds extracted articles to the store in `store_dir`
(created when missing) and gives a `StoreReport`. The folder holds:

- `oxigraph/`: the Oxigraph database, with these named graphs (the default graph is left empty;
  queries read the union of all graphs, see `graph.query`):
  - one per article, named by the article IRI: the article's description, its mentions
    (`?e ck:mentionedIn ?doc`) and its claims;
  - `{base}graph/entities`: the merged entities (types, labels, links, coordinates), the direct
    triples of the relations the claims state and the assertions, each once (Oxigraph 0.5 counts a
    triple held by several graphs once per graph in the union, see `graph.rdf.graph_triples`);
  - `https://w3id.org/conflict-kg/ontology`: the ontology;
  - `{base}graph/dataset`: the VoID/DCAT description (`graph.void`);
- `articles/`: each stored article's extraction (the NLP output), so a later build extracts only
  its own articles.

Incremental: the graph is merged from the stored extractions plus the new ones, exactly as if all
had been built together (entities are resolved across all of them). The extractions are read one at
a time into a spool (`extract.spool`) and the target graphs are made one article at a time
(`StoreTarget`), so memory does not grow with the store:
- into an empty store, every graph is bulk-loaded in batches of `LOAD_BATCH_QUADS` quads; if the
  build fails part-way, the store is emptied again, as it was;
- into a store that holds articles, only the graphs whose triples changed are rewritten: a new
  article adds its graph, a re-built article (same identifier) replaces its graph, and the entity and
  dataset graphs are updated. All the rewrites are one SPARQL Update, which Oxigraph applies as one
  transaction, so a build failing part-way leaves the store as it was.
New extractions are staged and moved into `articles/` only after the store is written. Then the
database is compacted (`Store.optimize()`), which makes queries on it faster.
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import shutil
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from conflict_kg.extract.model import ExtractedArticle
from conflict_kg.extract.spool import RecordSpool
from conflict_kg.graph.build import build_graph
from conflict_kg.graph.links_file import LinksFile, apply_links
from conflict_kg.graph.model import articles, claims, entities
from conflict_kg.graph.query import STORE_MARKER, is_store_folder
from conflict_kg.graph.rdf import graph_pieces, ontology_triples
from conflict_kg.graph.void import DEFAULT_LICENCE, DatasetFacts, build_time, void_triples
from conflict_kg.ontology.namespace import DEFAULT_BASE, ONTOLOGY_IRI

EXTRACTIONS = "articles"
_FORMAT = 1  # bump when the stored extraction's shape changes


class StoreUpdateError(RuntimeError):
    """The store could not be updated; it was left as it was. The message names the folder and the cause."""


@dataclass(frozen=True)
class StoreReport:
    added: tuple[str, ...]
    replaced: tuple[str, ...]
    articles: int
    triples: int
    graphs_rewritten: int

    def summary(self) -> str:
        return (f"store: {len(self.added)} article(s) added, {len(self.replaced)} replaced, "
                f"{self.articles} in all, {self.triples} triples ({self.graphs_rewritten} graphs rewritten)")


def entity_graph(base: str = DEFAULT_BASE) -> str:
    return f"{base}graph/entities"


def dataset_graph(base: str = DEFAULT_BASE) -> str:
    return f"{base}graph/dataset"


ONTOLOGY_GRAPH = ONTOLOGY_IRI.rstrip("#")


SERVER_MARK = "serving.pid"


@contextlib.contextmanager
def serving(store_dir: str | Path):
    """Mark a store folder as served by this process while the block runs (no mark for an export file).

    A server's workers open the store read-only, and Oxigraph leaves reading a store while another
    process writes it undefined, so `update_store` refuses a store some live process is serving."""
    mark = Path(store_dir) / SERVER_MARK
    if not is_store_folder(Path(store_dir)):
        yield
        return
    mark.write_text(str(os.getpid()), encoding="utf-8")
    try:
        yield
    finally:
        mark.unlink(missing_ok=True)


def _server_pid(store_dir: Path) -> int | None:
    try:
        pid = int((store_dir / SERVER_MARK).read_text(encoding="utf-8").strip())
        os.kill(pid, 0)
    except (OSError, ValueError):
        return None
    return pid


def open_store(store_dir: str | Path) -> ox.Store:
    """The store in `store_dir` opened for writing (created when missing)."""
    pid = _server_pid(Path(store_dir))
    if pid is not None:
        raise StoreUpdateError(f"{store_dir}: a server (process {pid}) is serving this store; stop it before "
                               "building into the store")
    folder = Path(store_dir) / STORE_MARKER
    folder.mkdir(parents=True, exist_ok=True)
    try:
        return ox.Store(str(folder))
    except OSError as error:
        raise StoreUpdateError(f"{store_dir}: cannot open the store for writing ({error}); "
                               "is another build or a server writing to it?") from error


def stored_base(store: ox.Store) -> str | None:
    """The IRI base the store was built with (its dataset's void:uriSpace), None for a new store."""
    rows = list(store.query("SELECT ?space WHERE { ?d <http://rdfs.org/ns/void#uriSpace> ?space } LIMIT 1",
                            use_default_graph_as_union=True))
    return rows[0]["space"].value if rows else None


def _extraction_path(store_dir: Path, article_id: str) -> Path:
    return store_dir / EXTRACTIONS / f"{hashlib.sha256(article_id.encode('utf-8')).hexdigest()[:24]}.pickle"


def stored_extractions(store_dir: str | Path) -> Iterator[ExtractedArticle]:
    """Every stored article's extraction, read one at a time."""
    for path in sorted((Path(store_dir) / EXTRACTIONS).glob("*.pickle")):
        try:
            fmt, item = pickle.loads(path.read_bytes())
        except Exception as error:  # noqa: BLE001 - any unpickling failure means the same thing
            raise StoreUpdateError(f"{path}: cannot read this stored extraction ({type(error).__name__}: {error}); "
                                   "rebuild the store from all its articles into a new folder") from error
        if fmt != _FORMAT or not isinstance(item, ExtractedArticle):
            raise StoreUpdateError(f"{path}: stored by another version of conflict-kg; rebuild the store "
                                   "from all its articles into a new folder")
        yield item


def load_extractions(store_dir: str | Path) -> dict[str, ExtractedArticle]:
    """Every stored article's extraction by article identifier."""
    return {item.article.id: item for item in stored_extractions(store_dir)}


@dataclass(frozen=True)
class StoreTarget:
    """What the store should hold for a set of articles: the graphs that belong to no article (entities,
    ontology), one graph per article made when asked for (`article_graphs()`), the dataset's figures and
    its description."""

    fixed: dict[str, frozenset]
    article_graphs: Callable[[], Iterator[tuple[str, frozenset]]]
    facts: DatasetFacts
    description: tuple
    base: str

    def graphs(self) -> Iterator[tuple[str, frozenset]]:
        """(graph name, its triples) for every graph, one article's at a time."""
        yield from self.fixed.items()
        yield from self.article_graphs()
        yield dataset_graph(self.base), frozenset(self.description)


def store_target(records: Sequence[ExtractedArticle], base: str, *, licence: str = DEFAULT_LICENCE,
                 built_at: str | None = None, links: LinksFile | None = None) -> StoreTarget:
    """The store's target content for these articles (with the reviewed `links`, as the exports)."""
    g = build_graph(records, base=base)
    if links is not None:
        g = apply_links(g, links)
    common, article_pieces = graph_pieces(g, base)
    ontology = frozenset(ontology_triples())

    def article_graphs() -> Iterator[tuple[str, frozenset]]:
        for piece in article_pieces():
            yield str(piece.name), piece.default | piece.named

    triples = len(common) + sum(piece.size for piece in article_pieces())
    facts = DatasetFacts(triples=triples, entities=len(entities(g)), claims=len(claims(g)),
                         articles=len(articles(g)), built_at=built_at or build_time(), licence=licence)
    return StoreTarget(fixed={ONTOLOGY_GRAPH: ontology, entity_graph(base): common - ontology},
                       article_graphs=article_graphs, facts=facts, description=tuple(void_triples(facts, base)),
                       base=base)


def _to_quads(triples: Iterable, graph_name: str) -> set[ox.Quad]:
    rdf = Graph(bind_namespaces="none")
    for triple in triples:
        rdf.add(triple)
    name = ox.NamedNode(graph_name)
    text = rdf.serialize(format="nt")
    # read back from a store, so literals take the canonical form the store gives them ("1.0" -> "1")
    memory = ox.Store()
    memory.extend(ox.Quad(t.subject, t.predicate, t.object, name) for t in ox.parse(text, format=ox.RdfFormat.N_TRIPLES))
    return set(memory)


def _current(store: ox.Store, graph_name: str) -> set[ox.Quad]:
    return set(store.quads_for_pattern(None, None, None, ox.NamedNode(graph_name)))


def _same(target: set[ox.Quad], current: set[ox.Quad]) -> bool:
    """Equal contents, taking blank nodes (which a store relabels) as equal to one another."""
    def shape(quads: set[ox.Quad]) -> Counter:
        return Counter(tuple("_:" if isinstance(term, ox.BlankNode) else str(term) for term in quad) for quad in quads)
    return len(target) == len(current) and shape(target) == shape(current)


def _update_text(changes: dict[str, set[ox.Quad]]) -> str:
    """One SPARQL Update replacing each graph's content (blank nodes are ontology axioms only)."""
    parts = []
    for name, quads in changes.items():
        parts.append(f"DROP SILENT GRAPH <{name}>")
        if quads:
            body = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
            parts.append(f"INSERT DATA {{ GRAPH <{name}> {{\n{body}\n}} }}")
    return " ;\n".join(parts)


def update_store(store_dir: str | Path, extracted: Sequence[ExtractedArticle], *, base: str = DEFAULT_BASE,
                 licence: str = DEFAULT_LICENCE, built_at: str | None = None,
                 links: LinksFile | None = None) -> StoreReport:
    """Add (or replace) these articles in the store at `store_dir`; all or nothing."""
    store_dir = Path(store_dir)
    store = open_store(store_dir)
    try:
        known = stored_base(store)
        if known is not None and known != base:
            raise StoreUpdateError(f"{store_dir}: the store was built with the IRI base {known!r}, not {base!r}; "
                                   f"build with --base {known} or into a new folder")
        new_ids = {item.article.id for item in extracted}
        merged, stored_ids = RecordSpool(), set()
        for item in stored_extractions(store_dir):
            stored_ids.add(item.article.id)
            if item.article.id not in new_ids:
                merged.append(item)
        for item in extracted:
            merged.append(item)
        target = store_target(merged, base, licence=licence, built_at=built_at, links=links)
        staged = _stage_extractions(store_dir, extracted)
        try:
            rewritten = _load_into_empty(store, target) if _is_empty(store) else _replace_changed(store, target)
            store.flush()
        except BaseException:
            shutil.rmtree(staged, ignore_errors=True)
            raise
        _publish_extractions(store_dir, staged)
        if rewritten:
            try:
                store.optimize()  # compacts what the update wrote: queries get faster (see `make bench-store`)
            except OSError as error:
                raise StoreUpdateError(f"{store_dir}: the articles were stored, but compacting the store failed "
                                       f"({error})") from error
    except StoreUpdateError:
        raise
    except (OSError, SyntaxError, ValueError, RuntimeError) as error:  # pyoxigraph's error types
        raise StoreUpdateError(f"{store_dir}: the store could not be updated ({type(error).__name__}: {error}); "
                               "it was left as it was") from error
    finally:
        del store
    return StoreReport(added=tuple(sorted(new_ids - stored_ids)), replaced=tuple(sorted(new_ids & stored_ids)),
                       articles=target.facts.articles, triples=target.facts.triples, graphs_rewritten=rewritten)


def _is_empty(store: ox.Store) -> bool:
    return next(iter(store.quads_for_pattern(None, None, None, None)), None) is None


LOAD_BATCH_QUADS = 100_000  # quads bulk-loaded at once into an empty store


def _load_into_empty(store: ox.Store, target: StoreTarget) -> int:
    """Every graph of `target` bulk-loaded in batches into a store that held nothing; if anything fails,
    the store is emptied again, as it was. Gives the number of graphs written."""
    batch: list[ox.Quad] = []
    written = 0
    try:
        for name, triples in target.graphs():
            batch += _to_quads(triples, name)
            written += 1
            if len(batch) >= LOAD_BATCH_QUADS:
                store.bulk_extend(batch)
                batch = []
        store.bulk_extend(batch)
    except BaseException:
        store.clear()
        raise
    return written


def _replace_changed(store: ox.Store, target: StoreTarget) -> int:
    """Each graph whose content differs from `target` rewritten, in one SPARQL Update (one transaction:
    on failure nothing is applied); only the changed graphs are held. A change to the dataset
    description alone (its build time) is no change. Gives the number of graphs rewritten."""
    changes = {}
    for name, triples in target.graphs():
        quads = _to_quads(triples, name)
        if not _same(quads, _current(store, name)):
            changes[name] = quads
    if set(changes) == {dataset_graph(target.base)}:
        return 0
    if changes:
        store.update(_update_text(changes))
    return len(changes)


def _stage_extractions(store_dir: Path, extracted: Sequence[ExtractedArticle]) -> Path:
    staged = store_dir / f".{EXTRACTIONS}.{os.getpid()}.staged"
    shutil.rmtree(staged, ignore_errors=True)
    staged.mkdir(parents=True)
    for item in extracted:
        target = staged / _extraction_path(store_dir, item.article.id).name
        target.write_bytes(pickle.dumps((_FORMAT, item), protocol=pickle.HIGHEST_PROTOCOL))
    return staged


def _publish_extractions(store_dir: Path, staged: Path) -> None:
    (store_dir / EXTRACTIONS).mkdir(exist_ok=True)
    for path in staged.iterdir():
        os.replace(path, store_dir / EXTRACTIONS / path.name)
    staged.rmdir()
