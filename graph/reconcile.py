"""Wikidata links for the entities the curated knowledge base does not link, through a reconciliation service.

Takes an export (file or folder; see `graph.query.load_store`) and a service speaking the W3C Entity
Reconciliation Service API; gives one `Decision` per entity without a Wikidata `owl:sameAs`, and
writes them (`run_reconcile`) to a reviewable links file (`graph.links_file`).

The queries (`queries=` form field, a JSON object `{"q0": {...}, ...}`) carry the label, the
expected type of the entity's class and `limit`, plus context properties where the export knows
them: the country (P17, by the QID the knowledge base gives the place's country code) and the
GeoNames ID (P1566). The answers are `{"q0": {"result": [{"id", "name", "score", "match", "type",
"features"?}]}}`; scores are read on the 0–100 scale Wikidata's service uses.

The decision (`decide`) uses the service's scores and adds its own checks (`ontology/reconcile.yaml`):
a candidate carrying an excluded type (disambiguation page, family name ...) or no type is never
taken; for a strict class (Person) it must carry an accepted type itself; a candidate whose features
show a context property sent with the query scoring 0 disagrees with what we know. When some of the
others carry an accepted type, only those stay in the running (the others have only the service's
word for their type). Of these, one whose GeoNames ID matches exactly is taken; otherwise the best is
accepted only at or above the threshold and at least `gap` points ahead of the next one. With a
Wikidata API at hand, `recheck` then reads each accepted item itself: it must exist unmerged, carry
no type the class rules out, and agree on country (P17) and GeoNames ID (P1566) where it states them.
"""
from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import yaml

from conflict_kg.extract.gazetteer import load_gazetteer
from conflict_kg.extract.model import EntityType
from conflict_kg.graph.link import GEONAMES, WIKIDATA
from conflict_kg.graph.links_file import LinkRow, LinksFile, merge_rows, read_links, write_links
from conflict_kg.graph.query import run_query
from conflict_kg.graph.service_client import (BudgetExhausted, ServiceClient, ServiceError, ServiceRefused,
                                                ServiceUnreachable)
from conflict_kg.graph.wikidata_entities import fetch_entities, merged_into, missing, statement_values
from conflict_kg.ontology import ONTOLOGY_DIR

WIKIDATA_SERVICE = "https://wikidata.reconci.link/en/api"
DEFAULT_THRESHOLD = 80.0
DEFAULT_GAP = 10.0
BATCH_SIZE = 10
CANDIDATES_PER_QUERY = 5
_QID = re.compile(r"^Q[1-9][0-9]*$")


@dataclass(frozen=True)
class UnlinkedEntity:
    """An entity of an export without a Wikidata link, with the context the export gives."""

    iri: str
    type: EntityType
    label: str
    country: str | None = None  # ISO 3166-1 alpha-2
    geonames: str | None = None


@dataclass(frozen=True)
class Candidate:
    qid: str
    name: str
    score: float
    types: tuple[tuple[str, str], ...] = ()  # (QID, name)
    features: tuple[tuple[str, float], ...] = ()  # (feature id, value)

    def feature(self, name: str) -> float | None:
        return next((value for key, value in self.features if key == name), None)


@dataclass(frozen=True)
class Decision:
    entity: UnlinkedEntity
    candidate: Candidate | None
    accepted: bool
    reason: str


@dataclass(frozen=True)
class TypeRule:
    query: str
    accepted: frozenset[str]
    strict: bool = False


@dataclass(frozen=True)
class ReconcileVocabulary:
    rules: dict[EntityType, TypeRule]
    excluded: frozenset[str]
    country_property: str
    geonames_property: str
    country_qids: dict[str, str] = field(default_factory=dict)  # ISO code -> QID


@functools.cache
def load_vocabulary(path: Path = ONTOLOGY_DIR / "reconcile.yaml") -> ReconcileVocabulary:
    """`ontology/reconcile.yaml`, checked: every class has a rule and every value is a QID."""
    with open(path, encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)
    rules = {}
    for entity_type in EntityType:
        item = raw["types"].get(entity_type.value)
        if item is None:
            raise ValueError(f"{path}: no rule for entity class {entity_type.value}")
        qids = [item["query"], *item.get("accepted", ())]
        if bad := [q for q in qids if not _QID.match(str(q))]:
            raise ValueError(f"{path}: {entity_type.value}: not QIDs: {bad}")
        rules[entity_type] = TypeRule(item["query"], frozenset(item.get("accepted", ())), bool(item.get("strict")))
    countries = {e.country: e.wikidata for e in load_gazetteer().entities.values()
                 if e.kind == "country" and e.country and e.wikidata}
    return ReconcileVocabulary(rules=rules, excluded=frozenset(raw.get("excluded", ())),
                               country_property=raw["context"]["country"],
                               geonames_property=raw["context"]["geonames"], country_qids=countries)


_UNLINKED_QUERY = """
SELECT ?entity ?class ?label ?country ?same WHERE {
  ?entity a ?class ; rdfs:label ?label .
  VALUES ?class { ck:MilitaryUnit ck:Person ck:Place ck:Organisation ck:WeaponSystem }
  OPTIONAL { ?entity ck:countryCode ?country }
  OPTIONAL { ?entity owl:sameAs ?same }
}"""


def unlinked_entities(export: Path) -> list[UnlinkedEntity]:
    """The entities of an export that have no Wikidata `owl:sameAs`, in IRI order."""
    found: dict[str, dict] = {}
    for iri, class_iri, label, country, same in run_query(export, _UNLINKED_QUERY).rows:
        entry = found.setdefault(iri, {"type": EntityType(class_iri.rsplit("#", 1)[-1]), "label": label,
                                       "country": country, "same": set()})
        if same:
            entry["same"].add(same)
    entities = []
    for iri in sorted(found):
        entry = found[iri]
        if any(s.startswith(WIKIDATA) for s in entry["same"]):
            continue
        geonames = next((s[len(GEONAMES):].strip("/") for s in sorted(entry["same"]) if s.startswith(GEONAMES)), None)
        entities.append(UnlinkedEntity(iri, entry["type"], entry["label"], entry["country"], geonames))
    return entities


def query_for(entity: UnlinkedEntity, vocabulary: ReconcileVocabulary, limit: int = CANDIDATES_PER_QUERY) -> dict:
    """One reconciliation query: label, expected type, limit and the context properties known."""
    query = {"query": entity.label, "type": vocabulary.rules[entity.type].query, "limit": limit}
    properties = []
    country = vocabulary.country_qids.get(entity.country or "")
    if country:
        properties.append({"pid": vocabulary.country_property, "v": country})
    if entity.geonames:
        properties.append({"pid": vocabulary.geonames_property, "v": entity.geonames})
    if properties:
        query["properties"] = properties
    return query


def parse_candidates(answer: object, where: str) -> list[Candidate]:
    """The candidates of one query's answer, best first; ServiceError when it is not shaped as the API says."""
    if not isinstance(answer, dict) or not isinstance(answer.get("result"), list):
        raise ServiceError(f"{where}: answer without a 'result' list")
    candidates = []
    for item in answer["result"]:
        try:
            qid, score = str(item["id"]), float(item["score"])
        except (KeyError, TypeError, ValueError) as error:
            raise ServiceError(f"{where}: a candidate without a usable id and score ({error})") from error
        types = tuple((str(t.get("id")), str(t.get("name", ""))) if isinstance(t, dict) else (str(t), "")
                      for t in item.get("type") or ())
        features = tuple((str(f["id"]), float(f["value"])) for f in item.get("features") or ()
                         if isinstance(f, dict) and "id" in f and isinstance(f.get("value"), (int, float)))
        candidates.append(Candidate(qid, str(item.get("name", "")), score, types, features))
    return sorted(candidates, key=lambda c: -c.score)


def decide(entity: UnlinkedEntity, candidates: Sequence[Candidate], vocabulary: ReconcileVocabulary,
           threshold: float = DEFAULT_THRESHOLD, gap: float = DEFAULT_GAP) -> Decision:
    """Accept one candidate, or none, with the reason in words."""
    if not candidates:
        return Decision(entity, None, False, "no candidate")
    sent = {p["pid"] for p in query_for(entity, vocabulary).get("properties", ())}
    objections = {c.qid: _objection(c, entity.type, vocabulary, sent) for c in candidates}
    eligible = [c for c in candidates if not objections[c.qid] and _QID.match(c.qid)]
    rule = vocabulary.rules[entity.type]
    confirmed = [c for c in eligible if {qid for qid, _ in c.types} & rule.accepted]
    eligible = confirmed or eligible  # a candidate of a type we know beats those only the service vouches for
    if not eligible:
        best = candidates[0]
        return Decision(entity, best, False, objections[best.qid] or f"{best.qid} is not a Wikidata item id")
    by_identifier = [c for c in eligible if (c.feature(vocabulary.geonames_property) or 0) >= 100]
    if entity.geonames and len(by_identifier) == 1:
        return Decision(entity, by_identifier[0], True, f"GeoNames ID {entity.geonames} matches")
    best, runner_up = eligible[0], (eligible[1] if len(eligible) > 1 else None)
    if best.score < threshold:
        return Decision(entity, best, False, f"score {best.score:g} below the threshold {threshold:g}")
    if runner_up is not None and best.score - runner_up.score < gap:
        return Decision(entity, best, False, f"not clearly ahead of {runner_up.qid} ({runner_up.name}, "
                                             f"score {runner_up.score:g})")
    ahead = f"next {runner_up.qid} at {runner_up.score:g}" if runner_up else "no other eligible candidate"
    return Decision(entity, best, True, f"score {best.score:g}, {ahead}")


def type_objection(types: Iterable[str], entity_type: EntityType, vocabulary: ReconcileVocabulary,
                   names: dict[str, str] | None = None) -> str:
    """Why an item of these P31 types cannot be an entity of this class ("" when it can)."""
    rule, types, names = vocabulary.rules[entity_type], set(types), names or {}

    def named(qids: Iterable[str]) -> str:
        return ", ".join(f"{names[q]} ({q})" if names.get(q) else q for q in sorted(qids))

    if excluded := types & vocabulary.excluded:
        return f"an instance of {named(excluded)}, which no {entity_type.value} is"
    if rule.strict and types and not types & rule.accepted:
        return f"an instance of {named(types)}, not of {named(rule.accepted)} as every {entity_type.value} is"
    return ""


def _objection(candidate: Candidate, entity_type: EntityType, vocabulary: ReconcileVocabulary, sent: set[str]) -> str:
    if not candidate.types:
        return f"{candidate.qid} has no type"
    if objection := type_objection([q for q, _ in candidate.types], entity_type, vocabulary, dict(candidate.types)):
        return f"{candidate.qid} is {objection}"
    for pid in sorted(sent):
        if candidate.feature(pid) == 0:
            return f"{candidate.qid} disagrees on {pid}"
    return ""


@dataclass(frozen=True)
class ReconcileReport:
    entities: int  # without a Wikidata link in the export
    kept: int  # already in the links file: the user's review is left as it is
    decided: int
    accepted: int
    failed: tuple[str, ...] = ()  # one line per batch the service could not answer
    stopped: str | None = None  # why the run stopped early (time budget)
    path: Path | None = None

    def summary(self) -> str:
        left = self.entities - self.kept - self.decided
        text = (f"{self.entities} entities without a Wikidata link: {self.kept} already in the links file, "
                f"{self.decided} sent to the service, {self.accepted} accepted"
                + (f", {left} not reconciled" if left else ""))
        return "\n".join([text, *self.failed, *([self.stopped] if self.stopped else [])])


def reconcile_entities(entities: Sequence[UnlinkedEntity], client: ServiceClient, service: str,
                       vocabulary: ReconcileVocabulary, *, threshold: float = DEFAULT_THRESHOLD,
                       gap: float = DEFAULT_GAP, batch_size: int = BATCH_SIZE, api: str | None = None,
                       on_failure: Callable[[str], None] | None = None) -> tuple[list[Decision], str | None]:
    """Decisions for every entity whose batch the service answered; (decisions, why it stopped early).

    With `api` (a Wikidata API), the accepted candidates are re-checked there (`recheck`).

    A batch the service cannot answer costs only that batch (reported to `on_failure`);
    `ServiceUnreachable`, and `ServiceRefused` before anything was decided, propagate, so nothing is
    written."""
    decisions, stopped = [], None
    for start in range(0, len(entities), batch_size):
        batch = entities[start:start + batch_size]
        queries = {f"q{i}": query_for(e, vocabulary) for i, e in enumerate(batch)}
        try:
            answer = client.post_form(service, {"queries": json.dumps(queries)})
            if not isinstance(answer, dict):
                raise ServiceError(f"{service}: the answer is not a JSON object")
            found = [parse_candidates(answer.get(key), f"{service} ({key}: {e.label!r})")
                     for key, e in zip(queries, batch)]
        except BudgetExhausted as error:
            stopped = f"stopped early: {error}; run again to continue where this run stopped"
            break
        except ServiceUnreachable:
            raise
        except ServiceError as error:
            if isinstance(error, ServiceRefused) and not decisions:
                raise  # the first request refused: the URL is wrong, and every batch would fail alike
            if on_failure:
                on_failure(f"not reconciled ({len(batch)} entities from {batch[0].label!r}): {error}")
            continue
        decided = [decide(e, c, vocabulary, threshold, gap) for e, c in zip(batch, found)]
        decisions += recheck(decided, client, api, vocabulary) if api else decided
    return decisions, stopped


def recheck(decisions: list[Decision], client: ServiceClient, api: str,
            vocabulary: ReconcileVocabulary) -> list[Decision]:
    """The decisions with each accepted candidate checked against its Wikidata item: it must exist
    unmerged, have no type the entity's class rules out, and agree on the country and GeoNames ID
    where both sides state them. When the API cannot answer, the decisions stay, saying so."""
    accepted = sorted({d.candidate.qid for d in decisions if d.accepted})
    if not accepted:
        return decisions
    try:
        items = fetch_entities(client, accepted, api, props="claims")
    except ServiceError as error:
        note = f"; not re-checked on Wikidata ({error})"
        return [replace(d, reason=d.reason + note) if d.accepted else d for d in decisions]
    out = []
    for d in decisions:
        if d.accepted:
            objection = _item_objection(d.entity, d.candidate.qid, items.get(d.candidate.qid), vocabulary)
            d = replace(d, accepted=False, reason=objection) if objection else \
                replace(d, reason=d.reason + "; confirmed on Wikidata")
        out.append(d)
    return out


def _item_objection(entity: UnlinkedEntity, qid: str, item: object, vocabulary: ReconcileVocabulary) -> str:
    if missing(item):
        return f"{qid} does not exist on Wikidata"
    if target := merged_into(item, qid):
        return f"{qid} was merged into {target} on Wikidata"
    if objection := type_objection(statement_values(item, "P31"), entity.type, vocabulary):
        return f"on Wikidata {qid} is {objection}"
    country = vocabulary.country_qids.get(entity.country or "")
    countries = statement_values(item, vocabulary.country_property)
    if country and countries and country not in countries:
        return f"on Wikidata {qid} lies in {', '.join(countries)}, not {country}"
    ids = statement_values(item, vocabulary.geonames_property)
    if entity.geonames and ids and entity.geonames not in ids:
        return f"on Wikidata {qid} has GeoNames ID {', '.join(ids)}, not {entity.geonames}"
    return ""


def decision_row(decision: Decision, today: str) -> LinkRow:
    entity, candidate = decision.entity, decision.candidate
    return LinkRow(
        entity=entity.iri, label=entity.label, entity_type=entity.type.value,
        qid=candidate.qid if candidate else "", score=candidate.score if candidate else None,
        matched_label=candidate.name if candidate else "",
        matched_type="; ".join(name or qid for qid, name in candidate.types) if candidate else "",
        date=today, status="accepted" if decision.accepted else "rejected", reason=decision.reason)


def run_reconcile(export: Path, out: Path, client: ServiceClient, service: str = WIKIDATA_SERVICE, *,
                  threshold: float = DEFAULT_THRESHOLD, gap: float = DEFAULT_GAP, batch_size: int = BATCH_SIZE,
                  api: str | None = None, on_failure: Callable[[str], None] | None = None) -> ReconcileReport:
    """Reconcile the export's unlinked entities that `out` does not list yet, and write `out`.

    Rows already in `out` are the user's review and stay as they are; `api`: a Wikidata API to
    re-check accepted candidates against (`recheck`). Nothing is written when the
    service cannot be reached at all (`ServiceUnreachable`)."""
    existing = read_links(out) if out.exists() else LinksFile(out, ())
    if existing.problems:
        raise ValueError("\n".join(str(p) for p in existing.problems)
                         + f"\n{out}: fix these rows first; the file was left as it was")
    entities = unlinked_entities(export)
    known = {row.entity for row in existing.rows}
    todo = [e for e in entities if e.iri not in known]
    failures: list[str] = []

    def failed(message: str) -> None:
        failures.append(message)
        if on_failure:
            on_failure(message)

    decisions, stopped = reconcile_entities(todo, client, service, load_vocabulary(), threshold=threshold,
                                            gap=gap, batch_size=batch_size, api=api, on_failure=failed)
    today = date.today().isoformat()
    rows = merge_rows(existing.rows, [decision_row(d, today) for d in decisions])
    written = write_links(out, rows) if decisions else None
    return ReconcileReport(entities=len(entities), kept=len(entities) - len(todo), decided=len(decisions),
                           accepted=sum(d.accepted for d in decisions), failed=tuple(failures),
                           stopped=stopped, path=written)
