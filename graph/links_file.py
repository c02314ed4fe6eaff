"""The reviewable links file: Wikidata links with their evidence, which the user may edit.

A tab-separated file, one row per entity sent to a reconciliation service, with the columns
`COLUMNS` (entity IRI, label, class, QID, score, matched label, matched type, date, status, reason)
and `#` comment lines (ignored). `status` is
- `accepted`: the service's candidate passed the checks; used by `build --links`;
- `rejected`: not used (the reason says why; change it to `accepted` to take the candidate);
- `pinned`: the user's own QID, used with confidence 1.0.

`read_links(path)` gives a `LinksFile`: the valid rows and a `LinksProblem` (file, line, problem)
for each row it had to leave out. `write_links` writes rows atomically; `merge_rows` keeps every
row already in the file (the user's review) and adds new ones. `apply_links(g, links)` gives the
graph with each accepted or pinned link as an `owl:sameAs` and a link confidence (the score / 100,
or 1.0 when pinned, lowered to any other link's confidence: one confidence covers all the links).
"""
from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

import networkx as nx

from conflict_kg.graph.files import atomic_write
from conflict_kg.graph.link import WIKIDATA

log = logging.getLogger("conflict_kg")

COLUMNS = ("entity", "label", "type", "qid", "score", "matched_label", "matched_type", "date", "status", "reason")
REQUIRED = ("entity", "qid", "status")
STATUSES = ("accepted", "rejected", "pinned")
USED = ("accepted", "pinned")
_QID = re.compile(r"^Q[1-9][0-9]*$")
_WIKIDATA_URL = re.compile(r"^https?://(?:www\.)?wikidata\.org/(?:entity|wiki)/(Q[1-9][0-9]*)/?$")
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`]+$")
_HEADER_COMMENT = """\
# conflict-kg links: Wikidata links proposed by `conflict-kg reconcile`, for you to review.
# status: accepted (used by `conflict-kg build --links`), rejected (not used), pinned (your own QID, confidence 1.0).
# Edit status and qid as you see fit; `conflict-kg reconcile` keeps every row already here
# (but not other comment lines: it rewrites this header).
"""


@dataclass(frozen=True)
class LinkRow:
    entity: str  # the entity's IRI in the export
    label: str = ""
    entity_type: str = ""
    qid: str = ""
    score: float | None = None  # the service's score, 0-100
    matched_label: str = ""
    matched_type: str = ""
    date: str = ""  # when the link was decided (ISO date)
    status: str = "rejected"
    reason: str = ""

    @property
    def confidence(self) -> float | None:
        if self.status == "pinned":
            return 1.0
        if self.status == "accepted" and self.score is not None:
            return max(0.0, min(1.0, self.score / 100))
        return None


@dataclass(frozen=True)
class LinksProblem:
    path: Path
    line: int
    problem: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.problem}; row left out"


@dataclass(frozen=True)
class LinksFile:
    path: Path
    rows: tuple[LinkRow, ...]
    problems: tuple[LinksProblem, ...] = ()

    def used(self) -> dict[str, LinkRow]:
        """The accepted and pinned rows, by entity IRI."""
        return {row.entity: row for row in self.rows if row.status in USED}


class LinksFileError(ValueError):
    """The links file cannot be read at all; the message names it and the problem."""


def read_links(path: str | Path) -> LinksFile:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")  # spreadsheets save a byte-order mark
    except (OSError, UnicodeDecodeError) as error:
        raise LinksFileError(f"{path}: cannot read the links file ({getattr(error, 'strerror', None) or error})") from error
    lines = [(number, line) for number, line in enumerate(text.split("\n"), 1)
             if line.strip() and not line.startswith("#")]
    if not lines:
        return LinksFile(path, ())
    header_line, header = lines[0][0], [c.strip() for c in lines[0][1].rstrip("\r").split("\t")]
    if missing := [c for c in REQUIRED if c not in header]:
        raise LinksFileError(f"{path}:{header_line}: the header row lacks the column(s) {', '.join(missing)} "
                             f"(expected tab-separated: {' '.join(COLUMNS)})")
    rows, problems, seen = [], [], {}
    for number, line in lines[1:]:
        cells = line.rstrip("\r").split("\t")
        values = {name: (cells[i].strip() if i < len(cells) else "") for i, name in enumerate(header)}
        row, problem = _row(values)
        if not problem and row.entity in seen:
            problem = f"{row.entity} is already listed on line {seen[row.entity]}"
        if problem:
            problems.append(LinksProblem(path, number, problem))
            continue
        seen[row.entity] = number
        rows.append(row)
    return LinksFile(path, tuple(rows), tuple(problems))


def _row(values: dict[str, str]) -> tuple[LinkRow, str]:
    entity, qid, status = values["entity"], values["qid"], values["status"].lower()
    if not _IRI.match(entity):
        return LinkRow(entity), f"entity {entity!r} is not an IRI"
    if status not in STATUSES:
        return LinkRow(entity), f"status {values['status']!r} is not one of {', '.join(STATUSES)}"
    if url := _WIKIDATA_URL.match(qid):  # a pasted item URL
        qid = url.group(1)
    if qid and not _QID.match(qid):
        return LinkRow(entity), f"qid {qid!r} is not a Wikidata item id (Q followed by digits)"
    if status in USED and not qid:
        return LinkRow(entity), f"status {status} needs a qid"
    score = None
    if values.get("score"):
        try:
            score = float(values["score"])
        except ValueError:
            return LinkRow(entity), f"score {values['score']!r} is not a number"
        if not 0 <= score <= 100:
            return LinkRow(entity), f"score {score:g} is outside 0-100"
    if status == "accepted" and score is None:
        return LinkRow(entity), "an accepted link needs its score (or pin the QID: status pinned)"
    return LinkRow(entity=entity, label=values.get("label", ""), entity_type=values.get("type", ""), qid=qid,
                   score=score, matched_label=values.get("matched_label", ""),
                   matched_type=values.get("matched_type", ""), date=values.get("date", ""), status=status,
                   reason=values.get("reason", "")), ""


def render_links(rows: Iterable[LinkRow]) -> str:
    lines = [_HEADER_COMMENT.rstrip("\n"), "\t".join(COLUMNS)]
    for row in rows:
        score = "" if row.score is None else f"{row.score:g}"
        cells = (row.entity, row.label, row.entity_type, row.qid, score, row.matched_label, row.matched_type,
                 row.date, row.status, row.reason)
        lines.append("\t".join(" ".join(str(c).split()) for c in cells))
    return "\n".join(lines) + "\n"


def write_links(path: str | Path, rows: Iterable[LinkRow]) -> Path:
    path = Path(path)
    atomic_write(path, render_links(rows))
    return path


def merge_rows(existing: Iterable[LinkRow], new: Iterable[LinkRow]) -> list[LinkRow]:
    """Every existing row as it is, plus new rows for the entities not listed yet, all in entity order."""
    rows = {row.entity: row for row in new}
    rows.update({row.entity: row for row in existing})
    return [rows[entity] for entity in sorted(rows)]


def apply_links(g: nx.MultiDiGraph, links: LinksFile) -> nx.MultiDiGraph:
    """A copy of `g` whose entities carry the accepted and pinned links of `links`.

    A curated Wikidata link is kept over an accepted row that names another item (the row is
    reported); a pinned row replaces it. Rows naming entities the graph lacks are reported."""
    used = links.used()
    if not used:
        return g
    g = g.copy()
    for iri in sorted(set(used) - set(g.nodes)):
        log.warning("%s: no entity %s in this build (built with another --base?); link left out", links.path, iri)
    for iri in sorted(set(used) & set(g.nodes)):
        row, entity = used[iri], g.nodes[iri]["entity"]
        target = WIKIDATA + row.qid
        current = [s for s in entity.same_as if s.startswith(WIKIDATA)]
        if target in current:
            continue  # the knowledge base links it so already
        if current and row.status != "pinned":
            log.warning("%s: %s keeps its curated link %s over %s (pin the row to replace it)",
                        links.path, iri, current[0], row.qid)
            continue
        others = tuple(s for s in entity.same_as if not s.startswith(WIKIDATA))
        confidence = row.confidence if not others or entity.link_confidence is None \
            else min(row.confidence, entity.link_confidence)
        g.nodes[iri]["entity"] = replace(entity, same_as=(target, *others), link_confidence=confidence)
    return g
