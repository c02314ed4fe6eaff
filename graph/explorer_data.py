"""The data the explorer page works on: the merged graph in, one JSON-ready dict out.

`explorer_data(g)` gives plain lists that refer to each other by index, so the page stays small
(about 200 bytes per node and 250 per claim plus the text itself):

- `nodes`: label, type index, aliases, sameAs IRIs, coordinates, article indexes, mentions,
  degree, precomputed position (`graph.layout`), reporter side;
- `edges`: one per (subject, predicate, object): endpoints, predicate index, claim indexes,
  majority side index, whether every claim is hedged, best confidence;
- `claims`: edge index, evidence, spans of the evidence that name the subject (1), object (2) or a
  reporter (3), reporter and relayer node indexes, side index, article index, day index, confidence,
  hedged;
- `articles`, `days` (sorted ISO days of the articles' dates), `types`, `predicates`, `sides`
  (with colours), `outlets`.
Every text goes to the page as data; the page writes it with textContent only.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Any

import networkx as nx

from conflict_kg.extract.model import DENIED, EntityType
from conflict_kg.graph.assertions import assertions
from conflict_kg.graph.interop import iso_day
from conflict_kg.graph.layout import layout_positions
from conflict_kg.graph.model import Claim, GraphEntity, articles
from conflict_kg.graph.sides import OWN_VOICE, UNKNOWN_SIDE, claim_side, entity_sides

# Okabe–Ito colours (distinguishable with colour-vision deficiencies), one shape per type too.
TYPE_STYLES: dict[EntityType, tuple[str, str]] = {
    EntityType.MILITARY_UNIT: ("#D55E00", "square"),
    EntityType.PERSON: ("#0072B2", "dot"),
    EntityType.PLACE: ("#009E73", "triangle"),
    EntityType.ORGANISATION: ("#CC79A7", "diamond"),
    EntityType.WEAPON_SYSTEM: ("#E69F00", "star"),
}
UNKNOWN_TYPE = ("Unknown", "#999999", "dot")
# Edge colours by the reporter's side: the first sides met get these, in order of claim count.
SIDE_COLOURS = ("#1f5fa8", "#b2182b", "#5e3c99", "#1b7837", "#e08214", "#8c510a", "#01665e", "#c51b7d")
OWN_VOICE_COLOUR = "#4d4d4d"
UNKNOWN_SIDE_COLOUR = "#9a9a9a"
SUBJECT, OBJECT, REPORTER = 1, 2, 3


def grouped_claims(g: nx.MultiDiGraph) -> dict[tuple[str, str, str], list[Claim]]:
    """Claims per (subject, predicate, object), each list in article and text order, keys sorted."""
    groups: dict[tuple[str, str, str], list[Claim]] = defaultdict(list)
    for _, _, claim in g.edges(data="claim"):
        groups[(claim.subject, claim.predicate, claim.object)].append(claim)
    return {key: sorted(groups[key], key=lambda c: (c.article, c.evidence_start, c.evidence_end, c.iri))
            for key in sorted(groups)}


def plain_label(text: str) -> str:
    """One line of text: every run of whitespace (newlines, U+2028…) becomes a space."""
    return " ".join(text.split())


def name_spans(evidence: str, names: list[tuple[str, int]]) -> list[list[int]]:
    """[start, end, role] of the first-found, longest, non-overlapping mentions of `names` in `evidence`."""
    taken: list[list[int]] = []
    for name, role in sorted(names, key=lambda item: (-len(item[0]), item[1])):
        if len(name) < 2:
            continue
        for match in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", evidence, re.IGNORECASE):
            start, end = match.span()
            if all(end <= s or start >= e for s, e, _ in taken):
                taken.append([start, end, role])
    return sorted(taken)


def _names(entity: GraphEntity | None, iri: str) -> list[str]:
    return [entity.label, *entity.aliases] if entity else [iri]


def explorer_data(g: nx.MultiDiGraph) -> dict[str, Any]:
    records = articles(g)
    article_index = {record.id: i for i, record in enumerate(records)}
    entities = {iri: data.get("entity") for iri, data in g.nodes(data=True)}
    groups = grouped_claims(g)
    for subject, _, obj in groups:
        entities.setdefault(subject, None)
        entities.setdefault(obj, None)
    iris = sorted(entities)
    node_index = {iri: i for i, iri in enumerate(iris)}
    type_names = [t.value for t in TYPE_STYLES] + ([UNKNOWN_TYPE[0]] if any(e is None for e in entities.values()) else [])
    predicates = sorted({p for _, p, _ in groups})
    sides_of = entity_sides(g)
    claim_sides = Counter(claim_side(c, sides_of) for claims in groups.values() for c in claims)
    named = sorted((s for s in claim_sides if s not in (OWN_VOICE, UNKNOWN_SIDE)), key=lambda s: (-claim_sides[s], s))
    sides = [OWN_VOICE, *named, UNKNOWN_SIDE]
    side_colours = [OWN_VOICE_COLOUR, *(SIDE_COLOURS[i % len(SIDE_COLOURS)] for i in range(len(named))), UNKNOWN_SIDE_COLOUR]
    side_index = {side: i for i, side in enumerate(sides)}
    days = sorted({day for record in records if (day := iso_day(record.metadata.date))})
    day_index = {day: i for i, day in enumerate(days)}

    undirected = nx.Graph()
    undirected.add_nodes_from(iris)
    undirected.add_edges_from((s, o) for s, _, o in groups if s != o)
    positions = layout_positions(undirected)

    edges, claims = [], []
    support_of = {(a.subject, a.predicate, a.object): a for a in assertions(g)}
    for (subject, predicate, obj), group in groups.items():
        edge_number = len(edges)
        members = []
        for claim in group:
            names = [(n, SUBJECT) for n in _names(entities.get(subject), subject)]
            names += [(n, OBJECT) for n in _names(entities.get(obj), obj)]
            names += [(n, REPORTER) for iri in claim.reported_by for n in _names(entities.get(iri), iri)]
            record = records[article_index[claim.article]] if claim.article in article_index else None
            day = iso_day(record.metadata.date) if record else None
            members.append(len(claims))
            claims.append({
                "e": edge_number, "ev": claim.evidence, "m": name_spans(claim.evidence, names),
                "r": [node_index.get(iri, -1) for iri in claim.reported_by],
                "rl": [node_index.get(iri, -1) for iri in claim.relayed_by],
                "s": side_index[claim_side(claim, sides_of)], "a": article_index.get(claim.article, -1),
                "d": day_index[day] if day else -1, "c": round(claim.confidence, 3), "h": int(claim.hedged),
                "dn": int(claim.polarity == DENIED), "ed": claim.event_date or "", "pr": claim.date_precision or "",
            })
        majority = Counter(claims[i]["s"] for i in members).most_common(1)[0][0]
        support = support_of[(subject, predicate, obj)]
        edges.append({
            "ac": support.article_count, "oc": support.outlet_count, "rc": support.reporter_count,
            "ct": int(support.contested),
            "f": node_index[subject], "t": node_index[obj], "p": predicates.index(predicate), "cl": members,
            "s": majority, "h": int(all(claims[i]["h"] for i in members)),
            "c": max(claims[i]["c"] for i in members),
        })

    degree = Counter()
    for edge in edges:
        degree[edge["f"]] += 1
        degree[edge["t"]] += 1
    nodes = []
    for number, iri in enumerate(iris):
        entity = entities[iri]
        x, y = positions[iri]
        node: dict[str, Any] = {"id": iri, "x": x, "y": y, "g": degree[number]}
        if entity is None:
            node.update(l=iri, k=type_names.index(UNKNOWN_TYPE[0]), n=1)
        else:
            node.update(l=plain_label(entity.label) or iri, k=type_names.index(entity.type.value),
                        n=entity.mention_count, a=[article_index[a] for a in entity.articles if a in article_index])
            if entity.aliases:
                node["al"] = list(entity.aliases)
            if entity.same_as:
                node["sa"] = list(entity.same_as)
            if entity.location is not None:
                point = entity.location
                node["geo"] = [round(point.latitude, 5), round(point.longitude, 5), point.country or "", point.region or ""]
        if iri in sides_of:
            node["sd"] = sides_of[iri]
        nodes.append(node)

    styles = [TYPE_STYLES[t] for t in TYPE_STYLES] + ([UNKNOWN_TYPE[1:]] if UNKNOWN_TYPE[0] in type_names else [])
    return {
        "nodes": nodes, "edges": edges, "claims": claims, "days": days,
        "articles": [{"id": r.id, "title": r.metadata.title or "", "url": r.metadata.url or "",
                      "date": iso_day(r.metadata.date) or (r.metadata.date or ""), "outlet": r.metadata.publisher or ""}
                     for r in records],
        "types": [{"name": name, "colour": colour, "shape": shape} for name, (colour, shape) in zip(type_names, styles)],
        "predicates": predicates,
        "sides": [{"name": name, "colour": colour} for name, colour in zip(sides, side_colours)],
    }
