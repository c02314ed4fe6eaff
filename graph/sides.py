"""Which side of the war a claim's reporter speaks for: the merged graph in, {entity IRI: side} out.

A side is the country of a state's armed forces in `ontology/gazetteer/armed_forces.yaml`. An
entity speaks for it when it is those forces (label or alias), when its name carries one of their
demonyms ("Russian Defence Ministry", "Ukraine's military intelligence"), or when it is partOf,
memberOf or leaderOf something that does (followed a few steps up). Everything else has no side.
`claim_side(claim, sides)` names the side of a claim: its first reporter with a side, OWN_VOICE for
a claim the article makes itself, UNKNOWN_SIDE for reporters of no known side.
"""
from __future__ import annotations

import re
from functools import cache

import networkx as nx
import yaml

from conflict_kg.graph.model import Claim, GraphEntity
from conflict_kg.ontology import ONTOLOGY_DIR

FORCES_FILE = ONTOLOGY_DIR / "gazetteer" / "armed_forces.yaml"
OWN_VOICE = "the article's own voice"
UNKNOWN_SIDE = "side not known"
ALLEGIANCE_PREDICATES = ("partOf", "memberOf", "leaderOf")
MAX_STEPS = 3


@cache
def _forces() -> tuple[dict[str, str], tuple[tuple[re.Pattern[str], str], ...]]:
    """({casefolded name of the forces: country}, ((demonym pattern, country), ...))."""
    names: dict[str, str] = {}
    demonyms: list[tuple[re.Pattern[str], str]] = []
    for item in yaml.safe_load(FORCES_FILE.read_text(encoding="utf-8")):
        country = item["country"]
        for name in (item["label"], *item.get("aliases", ())):
            names[name.casefold()] = country
        for demonym in item.get("demonyms", ()):
            demonyms.append((re.compile(rf"(?<![\w.]){re.escape(demonym)}(?!\w)"), country))
    return names, tuple(demonyms)


def own_side(entity: GraphEntity) -> str | None:
    """The side an entity names by itself (its name or a demonym in it), else None."""
    names, demonyms = _forces()
    for name in (entity.label, *entity.aliases):
        if name.casefold() in names:
            return names[name.casefold()]
    for pattern, country in demonyms:
        if pattern.search(entity.label):
            return country
    return None


def entity_sides(g: nx.MultiDiGraph) -> dict[str, str]:
    """{entity IRI: side} for every entity of `g` with a side, by name first, then by allegiance."""
    direct = {iri: side for iri, data in g.nodes(data=True)
              if (entity := data.get("entity")) is not None and (side := own_side(entity))}
    parents: dict[str, list[str]] = {}
    for subject, obj, claim in g.edges(data="claim"):
        if claim.predicate in ALLEGIANCE_PREDICATES:
            parents.setdefault(subject, []).append(obj)
    sides = dict(direct)
    for iri in sorted(g.nodes):
        if iri in sides:
            continue
        frontier, seen = sorted(parents.get(iri, ())), {iri}
        for _ in range(MAX_STEPS):
            found = next((direct[p] for p in frontier if p in direct), None)
            if found:
                sides[iri] = found
                break
            seen.update(frontier)
            frontier = sorted({q for p in frontier for q in parents.get(p, ()) if q not in seen})
    return sides


def claim_side(claim: Claim, sides: dict[str, str]) -> str:
    if not claim.reported_by:
        return OWN_VOICE
    return next((sides[iri] for iri in sorted(claim.reported_by) if iri in sides), UNKNOWN_SIDE)
