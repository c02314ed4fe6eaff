"""`exports/claims.csv`: one row per claim, asserted or denied, in event-date order.

Columns: the claim IRI, its event date and precision (day, month, year, or "article" when only the
article's date is known), polarity (Asserted / Denied), subject, predicate, object, reporter(s) and
party by label (several joined by " | "; empty for the article's own voice), the article id and the
evidence sentence.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

import networkx as nx

from conflict_kg.graph.files import atomic_write
from conflict_kg.graph.model import claims

COLUMNS = ("claim", "date", "precision", "polarity", "subject", "predicate", "object", "reporter", "party",
           "article", "evidence")


def _label(g: nx.MultiDiGraph, iri: str) -> str:
    entity = g.nodes[iri].get("entity") if iri in g.nodes else None
    return entity.label if entity is not None else iri.rstrip("/").rsplit("/", 1)[-1].replace("-", " ").title()


def render_claims_csv(g: nx.MultiDiGraph) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for c in sorted(claims(g), key=lambda c: (c.event_date or "", c.article, c.evidence_start, c.iri)):
        writer.writerow([c.iri, c.event_date or "", c.date_precision or "", c.polarity, _label(g, c.subject),
                         c.predicate, _label(g, c.object), " | ".join(_label(g, r) for r in c.reported_by),
                         _label(g, c.party) if c.party else "", c.article, " ".join(c.evidence.split())])
    return buffer.getvalue()


def write_claims_csv(g: nx.MultiDiGraph, path: Path) -> Path:
    atomic_write(path, render_claims_csv(g))
    return path
