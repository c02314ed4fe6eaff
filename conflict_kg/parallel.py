"""Extraction as an ordered stream, on one process, a pool of processes (`--jobs N`) or a Dask
distributed cluster (`--cluster ADDRESS`).

`extract_stream(items, ...)` takes what `extract.ingest.read_articles` gives and yields, in input
order, one `Extracted` per item: the record (from the cache or freshly extracted) or the stage and
reason it failed. Articles travel in chunks of `CHUNK` to the executor; each chunk is cleaned and
parsed together (`extract.pipeline.extract_articles`, batched `nlp.pipe`), and at most a few chunks
per worker are in flight, so memory does not grow with the corpus while extracting. Every worker
loads the spaCy pipeline once (`extract.nlp.load_pipeline` is cached per process). Records are the
same whatever runs them, so the export is byte-identical for any `jobs` and with or without cache.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass

from conflict_kg.cache import RecordCache, record_key
from conflict_kg.extract.clean import clean_article
from conflict_kg.extract.ingest import IngestProblem
from conflict_kg.extract.model import Article, ExtractedArticle, RawArticle

log = logging.getLogger("conflict_kg")

CHUNK = 8  # articles per task: enough for nlp.pipe to batch, small enough to share out a small corpus


@dataclass(frozen=True)
class Failed:
    """Why one article gave no record: the stage (clean or extract) and the reason."""

    stage: str
    reason: str


@dataclass(frozen=True)
class Extracted:
    """One input item's outcome, in input order."""

    item: RawArticle | IngestProblem
    record: ExtractedArticle | Failed | None  # None for an ingest problem
    from_cache: bool = False


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return os.cpu_count() or 1


def extract_chunk(raws: list[RawArticle], max_chars: int) -> list[ExtractedArticle | Failed]:
    """Clean and extract each article (runs in a worker), parsing them together; a failure costs only
    its article."""
    outcomes: list[ExtractedArticle | Failed | None] = [None] * len(raws)
    cleaned: list[tuple[int, Article]] = []
    for i, raw in enumerate(raws):
        try:
            article = clean_article(raw)
        except Exception as error:  # noqa: BLE001
            outcomes[i] = Failed("clean", f"{type(error).__name__}: {error}")
            continue
        if not article.text.strip():
            outcomes[i] = Failed("clean", "no article text left after removing page furniture")
        elif len(article.text) > max_chars:
            outcomes[i] = Failed("extract", f"{raw.source}: article text is {len(article.text):,} characters, "
                                            f"over the limit of {max_chars:,} characters for one article")
        else:
            cleaned.append((i, article))
    for (i, article), doc in zip(cleaned, parse_many([article.text for _, article in cleaned])):
        try:
            if isinstance(doc, Exception):
                raise doc
            outcomes[i] = extract_parsed(article, doc)
        except Exception as error:  # noqa: BLE001
            outcomes[i] = Failed("extract", f"{type(error).__name__}: {error}")
    return outcomes


def parse_many(texts: list[str]) -> list:
    """`extract.nlp.parse_many`, imported here only when something is parsed: a re-build that finds
    every record in the cache never imports spaCy."""
    from conflict_kg.extract.nlp import parse_many as parse

    return parse(texts)


def extract_parsed(article: Article, doc) -> ExtractedArticle:
    """`extract.pipeline.extract_parsed`, imported when first needed (see `parse_many`)."""
    from conflict_kg.extract.pipeline import extract_parsed as extract

    return extract(article, doc)


class _Inline:
    """An executor that runs each task at once in this process (`jobs=1`)."""

    def submit(self, fn: Callable, *args) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args))
        except BaseException as error:  # noqa: BLE001 - delivered by .result(), as a pool would
            future.set_exception(error)
        return future


class _OnDask:
    """Tasks for a Dask client; `pure=False`: a chunk is not worth hashing, and never repeats."""

    def __init__(self, client):
        self.client = client

    def submit(self, fn: Callable, *args):
        return self.client.submit(fn, *args, pure=False)


class _LazyPool:
    """A pool of `jobs` processes started at the first task, so a re-build that finds every record in
    the cache loads no pipeline at all."""

    def __init__(self, jobs: int):
        self.jobs, self.pool = jobs, None

    def submit(self, fn: Callable, *args) -> Future:
        if self.pool is None:
            if multiprocessing.get_start_method() == "fork":
                _load_pipeline()  # once here, and every forked worker starts with it
            self.pool = ProcessPoolExecutor(max_workers=self.jobs, initializer=_load_pipeline)
        return self.pool.submit(fn, *args)

    def shutdown(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)


def _load_pipeline() -> None:
    from conflict_kg.extract.nlp import load_pipeline

    load_pipeline()


@contextmanager
def open_executor(jobs: int = 1, cluster: str | None = None) -> Iterator[tuple[object, int]]:
    """(executor, number of workers): a Dask client of the scheduler at `cluster`, a pool of `jobs`
    processes, or this process alone."""
    if cluster:
        from distributed import Client

        with Client(cluster) as client:
            workers = max(1, sum(client.nthreads().values()))
            yield _OnDask(client), workers
    elif jobs > 1:
        pool = _LazyPool(jobs)
        try:
            yield pool, jobs
        finally:
            pool.shutdown()
    else:
        yield _Inline(), 1


def extract_stream(items: Iterable[RawArticle | IngestProblem], executor, workers: int, max_chars: int,
                   cache: RecordCache | None = None) -> Iterator[Extracted]:
    """Each item's `Extracted`, in input order (see the module docstring)."""
    in_flight: deque = deque()

    def misses(chunk: list[tuple[RawArticle | IngestProblem, str | None, ExtractedArticle | None]]):
        return [item for item, _, hit in chunk if isinstance(item, RawArticle) and hit is None]

    def submit(chunk) -> None:
        future = executor.submit(extract_chunk, misses(chunk), max_chars) if misses(chunk) else None
        in_flight.append((chunk, future))

    def results(chunk, future) -> list[ExtractedArticle | Failed]:
        try:
            return future.result() if future is not None else []
        except Exception as error:  # noqa: BLE001 - a lost worker (killed, out of memory) costs speed only
            log.warning("extraction worker failed (%s: %s); extracting its articles here",
                        type(error).__name__, error)
            return extract_chunk(misses(chunk), max_chars)

    def drain() -> Iterator[Extracted]:
        chunk, future = in_flight.popleft()
        fresh = iter(results(chunk, future))
        for item, key, hit in chunk:
            if isinstance(item, IngestProblem):
                yield Extracted(item, None)
            elif hit is not None:
                yield Extracted(item, hit, from_cache=True)
            else:
                record = next(fresh)
                if cache is not None and key is not None and isinstance(record, ExtractedArticle):
                    cache.put(key, record)
                yield Extracted(item, record)

    chunk: list = []
    for item in items:
        key = record_key(item) if cache is not None and isinstance(item, RawArticle) else None
        chunk.append((item, key, cache.get(key) if key is not None else None))
        if len(chunk) >= CHUNK:
            submit(chunk)
            chunk = []
            while len(in_flight) > 2 * workers:
                yield from drain()
    if chunk:
        submit(chunk)
    while in_flight:
        yield from drain()
