"""`exports/entities.csv`: one row per node — IRI, type, label, aliases, links, mention count."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import networkx as nx

from conflict_kg.graph.files import atomic_write
from conflict_kg.graph.model import entities

COLUMNS = ("iri", "type", "label", "aliases", "same_as", "link_confidence", "latitude", "longitude",
           "articles", "mention_count")


def render_entities_csv(g: nx.MultiDiGraph) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for e in entities(g):
        writer.writerow([e.iri, e.type.value, e.label, " | ".join(e.aliases), " ".join(e.same_as),
                         "" if e.link_confidence is None else f"{e.link_confidence:.2f}",
                         "" if e.location is None else f"{e.location.latitude:.5f}",
                         "" if e.location is None else f"{e.location.longitude:.5f}",
                         " ".join(e.articles), e.mention_count])
    return buffer.getvalue()


def write_entities_csv(g: nx.MultiDiGraph, path: Path) -> Path:
    atomic_write(path, render_entities_csv(g))
    return path
