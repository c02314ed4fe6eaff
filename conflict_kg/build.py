"""The whole pipeline: article files in, export files out, one bad article never costing the rest.

`extract_all(inputs)` reads, cleans and extracts every article, isolating each failure as a
`Skipped` record (source, stage, reason); `build(inputs, out_dir)` then merges the graph and writes
`graph.ttl`, `graph.nt`, `graph.jsonld`, `graph.trig`, `graph.html` and `entities.csv`.
"""
from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from extract.clean import clean_article
from extract.ingest import DEFAULT_MAX_BYTES, IngestProblem, read_articles
from extract.model import ExtractedArticle
from extract.pipeline import extract_article
from graph.build import build_graph
from graph.entities_csv import write_entities_csv
from graph.html import write_html
from graph.rdf import write_rdf
from ontology.namespace import DEFAULT_BASE

log = logging.getLogger("conflict_kg")


@dataclass(frozen=True)
class Skipped:
    source: str
    stage: str  # ingest | clean | extract
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: skipped at {self.stage}: {self.reason}"


@dataclass(frozen=True)
class BuildReport:
    read: int
    built: int
    skipped: tuple[Skipped, ...] = ()
    files: tuple[Path, ...] = field(default=())

    def summary(self) -> str:
        reasons = Counter(s.stage for s in self.skipped)
        by_stage = ", ".join(f"{n} at {stage}" for stage, n in sorted(reasons.items()))
        return (f"articles read: {self.read}, built: {self.built}, skipped: {len(self.skipped)}"
                + (f" ({by_stage})" if by_stage else ""))


def extract_all(inputs: Iterable[str | Path], *, max_bytes: int = DEFAULT_MAX_BYTES,
                on_skip: Callable[[Skipped], None] | None = None) -> tuple[list[ExtractedArticle], list[Skipped], int]:
    """Every readable article extracted; every failure recorded as `Skipped` and reported to `on_skip`."""
    extracted, skipped, read, seen_ids = [], [], 0, set()

    def skip(source: str, stage: str, reason: str) -> None:
        record = Skipped(source, stage, reason)
        skipped.append(record)
        if on_skip:
            on_skip(record)

    for item in read_articles(inputs, max_bytes=max_bytes):
        read += 1
        if isinstance(item, IngestProblem):
            skip(item.source, item.stage, item.reason)
            continue
        if item.id in seen_ids:
            skip(item.source, "ingest", f"duplicate article id {item.id!r}; the first one is kept")
            continue
        stage = "clean"
        try:
            article = clean_article(item)
            if not article.text.strip():
                skip(item.source, stage, "no article text left after removing page furniture")
                continue
            stage = "extract"
            extracted.append(extract_article(article))
            seen_ids.add(item.id)
        except Exception as error:  # noqa: BLE001 - one article's failure must not end the run
            log.debug("failure in %s", item.source, exc_info=True)
            skip(item.source, stage, f"{type(error).__name__}: {error}")
    return extracted, skipped, read


def build(inputs: Iterable[str | Path], out_dir: str | Path = "exports", *, base: str = DEFAULT_BASE,
          max_bytes: int = DEFAULT_MAX_BYTES, on_skip: Callable[[Skipped], None] | None = None) -> BuildReport:
    out_dir = Path(out_dir)
    extracted, skipped, read = extract_all(inputs, max_bytes=max_bytes, on_skip=on_skip)
    g = build_graph(extracted, base=base)
    files = list(write_rdf(g, out_dir, base=base))
    files.append(write_html_file(g, out_dir / "graph.html"))
    files.append(write_entities_csv(g, out_dir / "entities.csv"))
    return BuildReport(read=read, built=len(extracted), skipped=tuple(skipped), files=tuple(files))


def write_html_file(g, path: Path) -> Path:
    write_html(g, path)
    return path
