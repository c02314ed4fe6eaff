"""What the articles together say about each edge: `assertions(g) -> list[Assertion]`, `with_parties(g)`.

Takes the merged graph of `graph.model`. `with_parties` gives each claim its `party`: the IRI of the
state its first reporter with a side speaks for (`graph.sides`: armed forces, ministries and officials
by name, demonym or allegiance), minted as that country's Place; claims in the article's own voice
or from reporters of no known side have none.
`assertions` gives one `Assertion` per (subject, predicate, object) that any claim states or denies,
with every such claim, how many articles, outlets (publisher, else web host, else the article
itself) and distinct reporters (a claim in the article's own voice counts its outlet) support it,
when it was first and last reported (article dates), the parties that assert it, and whether it is
contested: a claim denies it, or a party opposing one of its asserting parties asserts an
incompatible claim (another captor of the same place, event dates overlapping).
"""
from __future__ import annotations

import calendar
import dataclasses
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

import networkx as nx

from conflict_kg.extract.model import DENIED
from conflict_kg.graph.iri import assertion_iri, entity_iri
from conflict_kg.graph.model import ArticleRecord, Claim, articles, claims
from conflict_kg.graph.sides import claim_side, entity_sides
from conflict_kg.ontology.namespace import DEFAULT_BASE

EXCLUSIVE_PREDICATES = ("captured",)  # one holder at a time: two captors of one place at once cannot both hold


@dataclass(frozen=True)
class Assertion:
    iri: str
    subject: str
    predicate: str
    object: str
    claims: tuple[str, ...]  # claim IRIs, asserted or denied
    article_count: int
    outlet_count: int
    reporter_count: int
    first_reported: str | None  # ISO dates of the earliest and latest article
    last_reported: str | None
    contested: bool
    parties: tuple[str, ...]  # IRIs of the states whose reporters assert it


def party_iri(country: str, base: str = DEFAULT_BASE) -> str:
    return entity_iri("Place", country, base)


def with_parties(g: nx.MultiDiGraph, base: str = DEFAULT_BASE) -> nx.MultiDiGraph:
    """`g` with each claim's `party` filled in where its reporters speak for a known side."""
    sides = entity_sides(g)
    for subject, obj, key, claim in list(g.edges(keys=True, data="claim")):
        side = claim_side(claim, sides)
        if side in {sides[i] for i in claim.reported_by if i in sides}:
            g.edges[subject, obj, key]["claim"] = dataclasses.replace(claim, party=party_iri(side, base))
    return g


def outlet(record: ArticleRecord) -> str:
    meta = record.metadata
    if meta.publisher:
        return meta.publisher.casefold().strip()
    host = urlsplit(meta.url).hostname if meta.url else None
    return host.removeprefix("www.") if host else f"article:{record.id}"


def _interval(claim: Claim) -> tuple[date, date] | None:
    """The days an event date covers: a day, a whole month or year."""
    value = claim.event_date
    try:
        if not value:
            return None
        if len(value) == 4:
            return date(int(value), 1, 1), date(int(value), 12, 31)
        if len(value) == 7:
            year, month = int(value[:4]), int(value[5:7])
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        day = date.fromisoformat(value[:10])
        return day, day
    except ValueError:
        return None


def _overlap(a: Claim, b: Claim) -> bool:
    first, second = _interval(a), _interval(b)
    return first is not None and second is not None and first[0] <= second[1] and second[0] <= first[1]


def _incompatible(mine: list[Claim], others: list[Claim]) -> bool:
    """A claim of another party that cannot hold beside one of ours."""
    return any(a.party and b.party and a.party != b.party and _overlap(a, b) for a in mine for b in others)


def assertions(g: nx.MultiDiGraph, base: str = DEFAULT_BASE) -> list[Assertion]:
    """One assertion per (subject, predicate, object) of `g`'s claims, in IRI order."""
    records = {a.id: a for a in articles(g)}
    grouped: dict[tuple[str, str, str], list[Claim]] = defaultdict(list)
    for claim in claims(g):
        grouped[(claim.subject, claim.predicate, claim.object)].append(claim)
    asserted_by_object: dict[tuple[str, str], dict[str, list[Claim]]] = defaultdict(lambda: defaultdict(list))
    for (subject, predicate, obj), group in grouped.items():
        if predicate in EXCLUSIVE_PREDICATES:
            asserted_by_object[(predicate, obj)][subject] += [c for c in group if c.polarity != DENIED]
    out = []
    for (subject, predicate, obj), group in grouped.items():
        asserted = [c for c in group if c.polarity != DENIED]
        rivals = [c for other, found in asserted_by_object.get((predicate, obj), {}).items()
                  if other != subject for c in found]
        contested = len(asserted) < len(group) or _incompatible(asserted, rivals)
        supporting = asserted or group
        reporters = {r for c in supporting for r in c.reported_by} | {
            f"outlet:{outlet(records[c.article])}" for c in supporting if not c.reported_by and c.article in records}
        dates = sorted(d for c in group if c.article in records and (d := _iso_day(records[c.article].metadata.date)))
        out.append(Assertion(
            iri=assertion_iri(subject, predicate, obj, base), subject=subject, predicate=predicate, object=obj,
            claims=tuple(sorted(c.iri for c in group)),
            article_count=len({c.article for c in supporting}),
            outlet_count=len({outlet(records[c.article]) for c in supporting if c.article in records}),
            reporter_count=len(reporters), first_reported=dates[0] if dates else None,
            last_reported=dates[-1] if dates else None, contested=contested,
            parties=tuple(sorted({c.party for c in asserted if c.party}))))
    return sorted(out, key=lambda a: a.iri)


def _iso_day(text: str | None) -> str | None:
    try:
        return date.fromisoformat(text.strip()[:10]).isoformat() if text else None
    except ValueError:
        return None
