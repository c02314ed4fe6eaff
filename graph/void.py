"""The dataset description (VoID and DCAT) every export and every store carries.

Takes the figures of one build (`DatasetFacts`: counts of triples, entities, claims and articles,
the build time, the tool's version, the licence) and the IRI base; gives the triples describing the
dataset `{base}dataset`: its SPARQL endpoint and dump files (on the server the base points at:
`https://host/id/` for entities gives `https://host/sparql` and `https://host/dump/graph.ttl`), one
`void:classPartition` per counted class, and the build as a `prov:Activity` by the tool.

Every node has an IRI (no blank node), so an export stays byte-identical for the same input; the build
time is `SOURCE_DATE_EPOCH` when that is set (the reproducible-builds convention), otherwise now.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib.metadata import PackageNotFoundError, version

from rdflib import Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, PROV, RDF, RDFS, VOID, XSD, Namespace
from rdflib.term import Node

from conflict_kg.ontology.namespace import CK, DEFAULT_BASE

SCHEMA = Namespace("http://schema.org/")
DEFAULT_LICENCE = "https://creativecommons.org/licenses/by/4.0/"
DUMP_FILES = {"graph.ttl": "text/turtle", "graph.nt": "application/n-triples",
              "graph.jsonld": "application/ld+json", "graph.trig": "application/trig"}
TITLE = "conflict-kg: a knowledge graph of war reporting"


@dataclass(frozen=True)
class DatasetFacts:
    triples: int
    entities: int
    claims: int
    articles: int
    built_at: str  # xsd:dateTime, UTC
    licence: str = DEFAULT_LICENCE
    tool_version: str = ""


def build_time() -> str:
    """Now (or `SOURCE_DATE_EPOCH`) as an xsd:dateTime in UTC, to the second."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), timezone.utc) if epoch else datetime.now(timezone.utc)
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def tool_version() -> str:
    try:
        return version("conflict-kg")
    except PackageNotFoundError:
        return "unknown"


def dataset_iri(base: str = DEFAULT_BASE) -> str:
    return f"{base}dataset"


def server_root(base: str = DEFAULT_BASE) -> str:
    """Where the server the base points at lives: the base without its last path segment ("id/")."""
    trimmed = base.rstrip("/")
    return trimmed.rsplit("/", 1)[0] + "/" if "/" in trimmed.split("://", 1)[-1] else base


def void_triples(facts: DatasetFacts, base: str = DEFAULT_BASE) -> list[tuple[Node, Node, Node]]:
    dataset = URIRef(dataset_iri(base))
    root = server_root(base)
    built = Literal(facts.built_at, datatype=XSD.dateTime)
    activity, tool = URIRef(f"{dataset}/build"), URIRef(f"{dataset}/tool")
    out: list[tuple[Node, Node, Node]] = [
        (dataset, RDF.type, VOID.Dataset),
        (dataset, RDF.type, DCAT.Dataset),
        (dataset, DCTERMS.title, Literal(TITLE)),
        (dataset, DCTERMS.license, URIRef(facts.licence)),
        (dataset, DCTERMS.modified, built),
        (dataset, VOID.triples, Literal(facts.triples)),
        (dataset, VOID.entities, Literal(facts.entities)),
        (dataset, VOID.uriSpace, Literal(base)),
        (dataset, VOID.vocabulary, URIRef(str(CK).rstrip("#"))),
        (dataset, VOID.sparqlEndpoint, URIRef(f"{root}sparql")),
        (dataset, PROV.wasGeneratedBy, activity),
        (activity, RDF.type, PROV.Activity),
        (activity, PROV.endedAtTime, built),
        (activity, PROV.wasAssociatedWith, tool),
        (tool, RDF.type, PROV.SoftwareAgent),
        (tool, RDFS.label, Literal("conflict-kg")),
        (tool, SCHEMA.softwareVersion, Literal(facts.tool_version or tool_version())),
    ]
    for name, media_type in DUMP_FILES.items():
        dump = URIRef(f"{root}dump/{name}")
        out += [(dataset, VOID.dataDump, dump), (dataset, DCAT.distribution, dump),
                (dump, RDF.type, DCAT.Distribution), (dump, DCAT.downloadURL, dump),
                (dump, DCAT.mediaType, Literal(media_type)), (dump, DCTERMS.license, URIRef(facts.licence))]
    for name, count in (("Claim", facts.claims), ("Article", facts.articles)):
        partition = URIRef(f"{dataset}/{name.lower()}s")
        out += [(dataset, VOID.classPartition, partition), (partition, VOID["class"], CK[name]),
                (partition, VOID.entities, Literal(count))]
    return out
