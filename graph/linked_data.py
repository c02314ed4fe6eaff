"""Linked Data pages: what the server answers for an entity, claim, article or dataset IRI.

Takes a resource IRI and a function running SPARQL (the server's time-limited `QueryPool.run`);
gives the resource's description as RDF (`describe_query`: every triple with the resource as
subject or object) or as an HTML page (`render_resource_page`): its names, types, links, coordinates,
every property, the claims it takes part in with their evidence, source and article, and its
neighbours, every IRI under the base linked to its own page on this server.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from jinja2 import Environment, PackageLoader, select_autoescape

from conflict_kg.graph.rdf import PREFIXES

RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_HIDDEN_INCOMING = ("rdf:subject", "rdf:object", "prov:wasDerivedFrom", "ck:reportedBy", "ck:relayedBy", "ck:claim")

Run = Callable[[str], list[dict[str, str | None]]]
"""Runs a SELECT query, giving its rows as dicts of lexical values."""


@dataclass(frozen=True)
class Link:
    text: str
    href: str | None  # None for a literal
    iri: str | None = None


def describe_query(iri: str) -> str:
    return f"CONSTRUCT {{ <{iri}> ?p ?o . ?s ?q <{iri}> }} WHERE {{ {{ <{iri}> ?p ?o }} UNION {{ ?s ?q <{iri}> }} }}"


def exists_query(iri: str) -> str:
    return f"ASK {{ {{ <{iri}> ?p ?o }} UNION {{ ?s ?q <{iri}> }} }}"


def rows_of(sparql_json: bytes) -> list[dict[str, str | None]]:
    """SPARQL JSON results as rows of lexical values (IRIs, literals' text)."""
    document = json.loads(sparql_json)
    names = document["head"].get("vars", [])
    return [{n: (b[n]["value"] if n in b else None) for n in names} for b in document["results"]["bindings"]]


def local_href(iri: str, base: str) -> str:
    """The page of an IRI on this server when it lies under the base, else the IRI itself."""
    return f"/id/{iri[len(base):]}" if iri.startswith(base) else iri


def compact(iri: str) -> str:
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def _value(value: str | None, is_iri: bool, label: str | None, base: str) -> Link:
    if value is None:
        return Link("", None)
    if not is_iri:
        return Link(value, None)
    return Link(label or compact(value), local_href(value, base), value)


def _properties_query(iri: str) -> str:
    return (f"SELECT ?p ?o (SAMPLE(?l) AS ?label) (isIRI(?o) AS ?iri) WHERE {{ <{iri}> ?p ?o . "
            "OPTIONAL { ?o rdfs:label|dcterms:title|dcterms:identifier ?l } } GROUP BY ?p ?o ORDER BY ?p ?o LIMIT 2000")


def _incoming_query(iri: str) -> str:
    hidden = ", ".join(_HIDDEN_INCOMING)
    return (f"SELECT ?s ?p (SAMPLE(?l) AS ?label) WHERE {{ ?s ?p <{iri}> . FILTER(?p NOT IN ({hidden})) "
            "OPTIONAL { ?s rdfs:label|dcterms:title|dcterms:identifier ?l } } GROUP BY ?s ?p ORDER BY ?p ?label LIMIT 2000")


def _claims_query(iri: str) -> str:
    return f"""SELECT ?claim ?s ?slabel ?p ?o ?olabel ?evidence ?doc ?article ?reporter ?rlabel WHERE {{
  {{ ?claim rdf:subject <{iri}> }} UNION {{ ?claim rdf:object <{iri}> }} UNION {{ ?claim prov:wasDerivedFrom <{iri}> }}
  UNION {{ ?claim ck:reportedBy <{iri}> }} UNION {{ BIND(<{iri}> AS ?claim) }}
  ?claim a ck:Claim ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; prov:wasDerivedFrom ?doc .
  OPTIONAL {{ ?claim ck:evidence ?evidence }} OPTIONAL {{ ?doc dcterms:identifier ?article }}
  OPTIONAL {{ ?s rdfs:label ?slabel }} OPTIONAL {{ ?o rdfs:label ?olabel }}
  OPTIONAL {{ ?claim ck:reportedBy ?reporter . OPTIONAL {{ ?reporter rdfs:label ?rlabel }} }}
}} ORDER BY ?article ?claim LIMIT 1000"""


@lru_cache(maxsize=1)
def templates() -> Environment:
    return Environment(loader=PackageLoader("conflict_kg.graph", "templates"), autoescape=select_autoescape())


def render_resource_page(iri: str, base: str, run: Run) -> str:
    """The HTML page of a resource."""
    properties = run(_properties_query(iri))
    incoming = run(_incoming_query(iri))
    claim_rows = run(_claims_query(iri))

    def values(predicate: str) -> list[str]:
        return [row["o"] for row in properties if compact(row["p"] or "") == predicate and row["o"]]

    title = next(iter(values("rdfs:label") + values("dcterms:title") + values("dcterms:identifier")), None)
    props = [(Link(compact(r["p"]), local_href(r["p"], base), r["p"]),
              _value(r["o"], r["iri"] == "true", r["label"], base)) for r in properties]
    neighbours = [(Link(compact(r["p"]), local_href(r["p"], base), r["p"]), _value(r["s"], True, r["label"], base))
                  for r in incoming]
    claims_by_iri: dict[str, dict] = {}
    for row in claim_rows:
        claim = claims_by_iri.setdefault(row["claim"], {
            "link": _value(row["claim"], True, "claim", base),
            "subject": _value(row["s"], True, row["slabel"], base),
            "predicate": Link(compact(row["p"]), local_href(row["p"], base), row["p"]),
            "object": _value(row["o"], True, row["olabel"], base),
            "evidence": row["evidence"] or "",
            "article": _value(row["doc"], True, row["article"], base),
            "reporters": []})
        if row["reporter"] and all(r.iri != row["reporter"] for r in claim["reporters"]):
            claim["reporters"].append(_value(row["reporter"], True, row["rlabel"], base))
    lat, long = values("geo:lat"), values("geo:long")
    return templates().get_template("resource.html").render(
        iri=iri, title=title or compact(iri).rsplit("/", 1)[-1], types=[compact(t) for t in values("rdf:type")],
        alt_labels=values("skos:altLabel"), same_as=values("owl:sameAs"),
        coordinates=(lat[0], long[0]) if lat and long else None, properties=props, neighbours=neighbours,
        claims=list(claims_by_iri.values()))
