"""Re-checking the curated knowledge base's QIDs against Wikidata: `verify_qids(...) -> [Disagreement]`.

Takes the entries of `ontology/gazetteer/*.yaml` that carry a `wikidata:` QID and asks Wikidata's
`wbgetentities` API about them, 50 at a time (labels, aliases, claims). An entry disagrees when its
item
- is missing (deleted): the API answers `{"id": "Q..", "missing": ""}`;
- was merged into another: the answer for the QID asked carries `"redirects": {"from", "to"}`;
- has an English label and aliases none of which is one of the entry's names;
- has a type (P31) excluded for every entity (`ontology/reconcile.yaml`), or, for a strict class
  (Person), none of the accepted types.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from conflict_kg.extract.gazetteer import load_gazetteer
from conflict_kg.extract.model import EntityType
from conflict_kg.extract.names import name_key
from conflict_kg.graph.reconcile import ReconcileVocabulary, type_objection
from conflict_kg.graph.service_client import ServiceClient, ServiceError, ServiceUnreachable
from conflict_kg.graph.wikidata_entities import (IDS_PER_REQUEST, WIKIDATA_API, english_names, fetch_entities,
                                                 merged_into, missing, statement_values)


@dataclass(frozen=True)
class CuratedQid:
    kb_id: str
    type: EntityType
    names: tuple[str, ...]  # label first, then aliases
    qid: str


@dataclass(frozen=True)
class Disagreement:
    kb_id: str
    qid: str
    kind: str  # missing | merged | label | type | unanswered
    detail: str

    def __str__(self) -> str:
        return f"{self.kb_id} ({self.qid}): {self.kind}: {self.detail}"


def curated_qids() -> list[CuratedQid]:
    """Every knowledge-base entry with a Wikidata QID, in id order."""
    entries = load_gazetteer().entities.values()
    return sorted((CuratedQid(e.id, e.type, (e.label, *e.aliases), e.wikidata) for e in entries if e.wikidata),
                  key=lambda c: c.kb_id)


def verify_qids(curated: Sequence[CuratedQid], client: ServiceClient, vocabulary: ReconcileVocabulary,
                api: str = WIKIDATA_API) -> list[Disagreement]:
    """The disagreements between the knowledge base and Wikidata; `ServiceUnreachable` propagates."""
    found: list[Disagreement] = []
    qids = sorted({c.qid for c in curated})
    for start in range(0, len(qids), IDS_PER_REQUEST):
        batch = qids[start:start + IDS_PER_REQUEST]
        try:
            entities = fetch_entities(client, batch, api)
        except ServiceUnreachable:
            raise
        except ServiceError as error:
            found += [Disagreement(c.kb_id, c.qid, "unanswered", str(error)) for c in curated if c.qid in batch]
            continue
        for entry in (c for c in curated if c.qid in batch):
            found += check_entity(entry, entities.get(entry.qid), vocabulary)
    return found


def check_entity(entry: CuratedQid, entity: object, vocabulary: ReconcileVocabulary) -> list[Disagreement]:
    """What Wikidata's answer for one QID says against the knowledge-base entry."""
    def say(kind: str, detail: str) -> list[Disagreement]:
        return [Disagreement(entry.kb_id, entry.qid, kind, detail)]

    if missing(entity):
        return say("missing", "the item does not exist (deleted, or never created)")
    if target := merged_into(entity, entry.qid):
        return say("merged", f"merged into {target}; use {target}")
    out: list[Disagreement] = []
    labels, aliases = english_names(entity)
    if labels and not {name_key(t) for t in labels + aliases} & {name_key(n) for n in entry.names}:
        out += say("label", f"Wikidata calls it {labels[0]!r}, which none of our names match "
                            f"(ours: {entry.names[0]!r})")
    if objection := type_objection(statement_values(entity, "P31"), entry.type, vocabulary):
        out += say("type", objection)
    return out

