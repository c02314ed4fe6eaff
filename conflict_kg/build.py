"""The whole pipeline: article files in, export files out, one bad article never costing the rest.

`extract_all(inputs)` reads, cleans and extracts every article, isolating each failure as a
`Skipped` record (source, stage, reason); `build(inputs, out_dir)` then merges the graph and writes
`graph.ttl`, `graph.nt`, `graph.jsonld`, `graph.trig`, `graph.html`, `entities.csv` and the
interchange files of `graph.interop` (GraphML, GEXF, Neo4j import CSVs), giving a
`BuildReport` (articles read, built, skipped).

Extraction streams (`conflict_kg.parallel`): articles are parsed in batches, on `jobs` processes
or a Dask cluster, and each record is kept in a cache (`conflict_kg.cache`) so that a re-build
extracts only new or changed articles; the export is the same however extraction ran.

Failure isolation, stage by stage (`STAGES`):
- ingest, clean, extract: each article on its own, so a failure skips just that article;
- graph, export: the graph is built from all articles at once and each file rendered from it;
  if that fails, the first article that breaks it is found by bisection (about log2(n) renders
  per breaking article), skipped, and the rest is tried again. A failure that happens even with
  no article at all is not an article's fault: the run stops with `BuildError` and the previous
  export is left as it was.

Safe output: each file is rendered and written to a hidden temporary file beside its target
(`.graph.ttl.<pid>.<random>.tmp`) in turn, so only one rendered text is held at a time, and only
when all are written are they renamed over the previous files (a failure to render one removes the
temporary files, and the bisection above renders the export again). An interrupted or failing run
therefore leaves every previous file whole; the temporary files of a run killed outright are
removed by the next run.

Bounded memory: input files are capped by `max_bytes` (at ingest). A long article is parsed in
pieces of `extract.nlp.PIECE_CHARS` characters, so memory stays near 1 GB whatever its length
(`tests/benchmarks/bench_long_article.py`); `max_chars` bounds the time one article may take
(about a minute per million characters on two cores).
"""
from __future__ import annotations

import logging
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from conflict_kg.cache import RecordCache, piece_cache
from conflict_kg.extract.ingest import DEFAULT_MAX_BYTES, IngestProblem, read_articles
from conflict_kg.extract.model import ExtractedArticle
from conflict_kg.extract.spool import RecordSpool
from conflict_kg.graph.build import build_graph
from conflict_kg.graph.files import atomic_write_all
from conflict_kg.graph.files import remove_stale_temporary_files as _remove_stale_files
from conflict_kg.graph.claims_csv import render_claims_csv
from conflict_kg.graph.entities_csv import render_entities_csv
from conflict_kg.graph.html import render_html
from conflict_kg.graph.links_file import LinksFile, apply_links
from conflict_kg.graph.interop import INTEROP_FILES, iter_interop
from conflict_kg.graph.model import articles, claims, entities
from conflict_kg.graph.rdf import iter_rdf
from conflict_kg.graph.store import StoreReport, StoreUpdateError, update_store
from conflict_kg.graph.void import DEFAULT_LICENCE, DatasetFacts, build_time, void_triples
from conflict_kg.parallel import Extracted, Failed, extract_stream, open_executor
from conflict_kg.ontology.namespace import DEFAULT_BASE

log = logging.getLogger("conflict_kg")

STAGES = ("ingest", "clean", "extract", "graph", "export")
EXPORT_FILES = ("graph.ttl", "graph.nt", "graph.jsonld", "graph.trig", "graph.html", "entities.csv", "claims.csv", *INTEROP_FILES)
DEFAULT_MAX_CHARS = 5_000_000


class BuildError(RuntimeError):
    """The run cannot write its export for a reason no single article causes; nothing was overwritten."""


@dataclass(frozen=True)
class Skipped:
    source: str
    stage: str  # one of STAGES
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: skipped at {self.stage}: {self._detail()}"

    def _detail(self) -> str:
        prefix = f"{self.source}: "
        return self.reason[len(prefix):] if self.reason.startswith(prefix) else self.reason

    @property
    def kind(self) -> str:
        """The reason without what is particular to this article (its name, sizes, columns), for counting."""
        detail = self._detail()
        if self.stage != "ingest":
            head = detail.split(":", 1)[0]
            return head if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*", head) else re.sub(r"\d[\d,]*", "N", detail)
        detail = re.sub(r"'[^']*'", "'…'", detail)
        return re.sub(r"\d[\d,.]*", "N", detail).removesuffix("; skipped")


@dataclass(frozen=True)
class BuildReport:
    read: int
    built: int
    skipped: tuple[Skipped, ...] = ()
    files: tuple[Path, ...] = field(default=())
    store: StoreReport | None = None
    cache_hits: int = 0  # articles whose extraction record came from the cache
    seconds: float = 0.0  # the whole run

    def summary(self) -> str:
        """One line of counts (with the stages that skipped articles), then one line per stage and reason."""
        stages = Counter(s.stage for s in self.skipped)
        by_stage = ", ".join(f"{stages[stage]} at {stage}" for stage in STAGES if stages[stage])
        lines = [f"articles read: {self.read}, built: {self.built}, skipped: {len(self.skipped)}"
                 + (f" ({by_stage})" if by_stage else "")]
        reasons = Counter((STAGES.index(s.stage) if s.stage in STAGES else len(STAGES), s.stage, s.kind)
                          for s in self.skipped)
        lines += [f"  {count} at {stage}: {kind}" for (_, stage, kind), count in sorted(reasons.items())]
        return "\n".join(lines)


class _StageFailure(Exception):
    def __init__(self, stage: str, error: Exception):
        super().__init__(f"{stage}: {type(error).__name__}: {error}")
        self.stage = stage
        self.reason = f"{type(error).__name__}: {error}"


def extract_all(inputs: Iterable[str | Path], *, max_bytes: int = DEFAULT_MAX_BYTES,
                max_chars: int = DEFAULT_MAX_CHARS,
                on_skip: Callable[[Skipped], None] | None = None, jobs: int = 1, cluster: str | None = None,
                cache_dir: str | Path | None = None,
                on_extracted: Callable[[Extracted], None] | None = None,
                ) -> tuple[RecordSpool, list[Skipped], int]:
    """Every readable article extracted; every failure recorded as `Skipped` and reported to `on_skip`.
    The records are kept on disk (`extract.spool`), not in memory, until the merge reads them.
    Extraction runs on `jobs` processes or the Dask scheduler at `cluster` (`conflict_kg.parallel`),
    reusing the records in `cache_dir` if given (`conflict_kg.cache`); `on_extracted` hears of each item.

    Gives (extracted articles, skipped records, number of articles read)."""
    extracted, skipped, read, seen_ids = RecordSpool(), [], 0, set()

    def skip(source: str, stage: str, reason: str) -> None:
        record = Skipped(source, stage, reason)
        skipped.append(record)
        if on_skip:
            on_skip(record)

    cache = RecordCache(cache_dir) if cache_dir is not None else None
    with open_executor(jobs, cluster) as (executor, workers):
        for outcome in extract_stream(read_articles(inputs, max_bytes=max_bytes), executor, workers,
                                      max_chars, cache):
            read += 1
            item, record = outcome.item, outcome.record
            if isinstance(item, IngestProblem):
                skip(item.source, item.stage, item.reason)
            elif item.id in seen_ids:
                skip(item.source, "ingest", f"duplicate article id {item.id!r}; the first one is kept")
            elif isinstance(record, Failed):
                skip(item.source, record.stage, record.reason)
            else:
                extracted.append(record)
                seen_ids.add(item.id)
            if on_extracted:
                on_extracted(outcome)
    return extracted, skipped, read


def render_exports(extracted: Sequence[ExtractedArticle], base: str = DEFAULT_BASE,
                   links: LinksFile | None = None, licence: str = DEFAULT_LICENCE) -> dict[str, str]:
    """Every export file's name and text for these articles (with the reviewed Wikidata `links`, if
    given), described by their VoID/DCAT dataset description; raises `_StageFailure` (graph or export)."""
    return {name: text if isinstance(text, str) else "".join(text)
            for name, text in iter_exports(extracted, base, links, licence)}


def iter_exports(extracted: Sequence[ExtractedArticle], base: str = DEFAULT_BASE,
                 links: LinksFile | None = None, licence: str = DEFAULT_LICENCE,
                 cache_dir: str | Path | None = None) -> Iterator[tuple[str, str | Iterator[str]]]:
    """`render_exports`' files one at a time (each rendered when asked for, the RDF files as text
    chunks rendered as they are written), so that writing them away one by one holds at most one
    text at once; raises `_StageFailure` (graph or export), also from within the chunks. With
    `cache_dir`, the RDF pieces of articles whose triples an earlier build rendered are reused."""
    try:
        g = build_graph(extracted, base=base)
        if links is not None:
            g = apply_links(g, links)
    except Exception as error:  # noqa: BLE001 - attributed to articles by the caller
        raise _StageFailure("graph", error) from error

    def describe(triple_count: int):
        facts = DatasetFacts(triples=triple_count, entities=len(entities(g)), claims=len(claims(g)),
                             articles=len(articles(g)), built_at=build_time(), licence=licence)
        return void_triples(facts, base)

    renderers: list[Callable[[], Iterable[tuple[str, str]]]] = [
        lambda: iter_rdf(g, base, describe=describe, cache=None if cache_dir is None else piece_cache(cache_dir)),
        lambda: [("graph.html", render_html(g))],
        lambda: [("entities.csv", render_entities_csv(g))],
        lambda: [("claims.csv", render_claims_csv(g))],
        lambda: iter_interop(g),
    ]
    for renderer in renderers:
        files = None
        while True:
            try:
                if files is None:
                    files = iter(renderer())
                name, text = next(files)
            except StopIteration:
                break
            except Exception as error:  # noqa: BLE001
                raise _StageFailure("export", error) from error
            yield name, text if isinstance(text, str) else _export_stage(text)


def _export_stage(chunks: Iterator[str]) -> Iterator[str]:
    """`chunks`, a failure while making them being the export stage's."""
    try:
        yield from chunks
    except Exception as error:  # noqa: BLE001
        raise _StageFailure("export", error) from error


def _render_without_breaking_articles(extracted: list[ExtractedArticle], base: str,
                                      skip: Callable[[str, str, str], None],
                                      links: LinksFile | None = None,
                                      licence: str = DEFAULT_LICENCE) -> tuple[list[ExtractedArticle], dict[str, str]]:
    """After the export of all `extracted` failed: the articles that could be exported together, and
    the rendered files; the others are skipped."""
    try:
        render_exports([], base, links, licence)
    except _StageFailure as failure:
        raise BuildError(f"cannot build the export even without any article ({failure}); "
                         "the previous export was left as it was") from failure
    return _without_breaking_articles(extracted, lambda items: render_exports(items, base, links, licence), skip)


def _without_breaking_articles(extracted: list[ExtractedArticle],
                               render: Callable[[list[ExtractedArticle]], dict[str, str]],
                               skip: Callable[[str, str, str], None]) -> tuple[list[ExtractedArticle], dict[str, str]]:
    """Keep articles in input order as long as they render together with those kept before them
    (a failing set is assumed to fail with any articles added). The first article that breaks the
    kept ones plus the rest is found by bisecting on the length of the rest, so k breaking articles
    cost about k·log2(n) renders, not n²/2. An article that fails even alone is reported as it
    fails; one that fails only together with others says so. Singles are reported first."""
    accepted: list[ExtractedArticle] = []
    rest = list(extracted)
    alone_failures, together_failures = [], []
    while True:
        try:
            files = render([*accepted, *rest])
            break
        except _StageFailure as failure:
            if not rest:  # what rendered before fails now: no article is to blame
                raise BuildError(f"the export failed without a new article ({failure})") from failure
            shortest = failure
        low, high = 0, len(rest) - 1  # accepted + rest[:high + 1] fails (with `shortest`); find the shortest such
        while low < high:
            middle = (low + high) // 2
            try:
                render([*accepted, *rest[:middle + 1]])
                low = middle + 1
            except _StageFailure as failure:
                high, shortest = middle, failure
        accepted += rest[:low]
        breaking, rest = rest[low], rest[low + 1:]
        try:
            render([breaking])
            together_failures.append((breaking, shortest.stage,
                                      f"{shortest.reason} (together with the articles before it)"))
        except _StageFailure as failure:
            alone_failures.append((breaking, failure.stage, failure.reason))
    for item, stage, reason in alone_failures + together_failures:
        skip(item.article.source, stage, reason)
    return accepted + rest, files


def write_exports(files: dict[str, str] | Iterable[tuple[str, str]], out_dir: str | Path) -> tuple[Path, ...]:
    """Write every file (a dict, or (name, text) pairs rendered as they are asked for) into `out_dir`
    all-or-nothing (see `graph.files.atomic_write_all`)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    remove_stale_temporary_files(out_dir)
    pairs = files.items() if isinstance(files, dict) else files
    return atomic_write_all((out_dir / name, text) for name, text in pairs)


def remove_stale_temporary_files(out_dir: Path) -> list[Path]:
    """Remove the temporary export files left by runs that were killed (their process is gone)."""
    return _remove_stale_files(out_dir, EXPORT_FILES)


def build(inputs: Iterable[str | Path], out_dir: str | Path = "exports", *, base: str = DEFAULT_BASE,
          max_bytes: int = DEFAULT_MAX_BYTES, max_chars: int = DEFAULT_MAX_CHARS,
          on_skip: Callable[[Skipped], None] | None = None, links: LinksFile | None = None,
          store: str | Path | None = None, licence: str = DEFAULT_LICENCE,
          jobs: int = 1, cluster: str | None = None, cache_dir: str | Path | None = None,
          on_extracted: Callable[[Extracted], None] | None = None) -> BuildReport:
    """Read, extract, merge and export; every article that fails at any stage is skipped and reported.
    `links`: reviewed Wikidata links (`graph.links_file`) to add; without them nothing differs.
    With `store`, the built articles are also added to (or replaced in) that store (`graph.store`).
    `jobs`, `cluster`, `cache_dir`, `on_extracted`: how extraction runs (see `extract_all`).

    Raises `BuildError` only when the export cannot be written at all (then nothing is overwritten),
    or the store cannot be updated (then the store is left as it was)."""
    started, hits = time.monotonic(), []

    def extracted_one(outcome: Extracted) -> None:
        hits.append(outcome.from_cache)
        if on_extracted:
            on_extracted(outcome)

    extracted, skipped, read = extract_all(inputs, max_bytes=max_bytes, max_chars=max_chars, on_skip=on_skip,
                                           jobs=jobs, cluster=cluster, cache_dir=cache_dir,
                                           on_extracted=extracted_one)

    def skip(source: str, stage: str, reason: str) -> None:
        record = Skipped(source, stage, reason)
        skipped.append(record)
        if on_skip:
            on_skip(record)

    try:
        try:  # each file rendered and written away in turn: one text in memory at a time
            built, written = extracted, write_exports(iter_exports(extracted, base, links, licence, cache_dir), out_dir)
        except _StageFailure as failure:  # nothing was renamed into place; find the articles that break it
            log.debug("export of all articles failed (%s); looking for the articles that cause it", failure)
            built, files = _render_without_breaking_articles(extracted, base, skip, links, licence)
            written = write_exports(files, out_dir)
    except OSError as error:
        raise BuildError(f"{out_dir}: cannot write the export ({error.strerror or error}); "
                         "the previous export was left as it was") from error
    try:
        stored = (update_store(store, built, base=base, licence=licence, links=links)
                  if store is not None else None)
    except StoreUpdateError as error:
        raise BuildError(str(error)) from error
    return BuildReport(read=read, built=len(built), skipped=tuple(skipped), files=written, store=stored,
                       cache_hits=sum(hits), seconds=time.monotonic() - started)
