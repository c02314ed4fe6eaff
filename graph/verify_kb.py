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

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from conflict_kg.extract.gazetteer import load_gazetteer
from conflict_kg.extract.model import EntityType
from conflict_kg.extract.names import name_key
from conflict_kg.graph.reconcile import ReconcileVocabulary
from conflict_kg.graph.service_client import ServiceClient, ServiceError, ServiceUnreachable

WIKIDATA_API = "https://www.wikidata.org/w/api.php"
IDS_PER_REQUEST = 50  # wbgetentities' limit for ordinary clients


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
        params = {"action": "wbgetentities", "ids": "|".join(batch), "props": "labels|aliases|claims",
                  "languages": "en"}
        try:
            answer = client.get_json(api, params, mediawiki=True)
            entities = answer.get("entities") if isinstance(answer, dict) else None
            if not isinstance(entities, dict):
                raise ServiceError(f"{api}: the answer has no 'entities' object")
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

    if not isinstance(entity, dict):
        return say("missing", "Wikidata's answer does not mention it")
    if "missing" in entity:
        return say("missing", "the item does not exist (deleted, or never created)")
    redirect = entity.get("redirects")
    if isinstance(redirect, dict) or entity.get("id", entry.qid) != entry.qid:
        target = redirect.get("to") if isinstance(redirect, dict) else entity.get("id")
        return say("merged", f"merged into {target}; use {target}")
    out: list[Disagreement] = []
    labels = _texts(entity.get("labels", {}).get("en"))
    aliases = [text for alias in entity.get("aliases", {}).get("en", ()) for text in _texts(alias)]
    ours = {name_key(name) for name in entry.names}
    if labels and not {name_key(t) for t in labels + aliases} & ours:
        out += say("label", f"Wikidata calls it {labels[0]!r}, which none of our names match "
                            f"(ours: {entry.names[0]!r})")
    types = set(_item_ids(entity.get("claims", {}).get("P31", ())))
    rule = vocabulary.rules[entry.type]
    if excluded := sorted(types & vocabulary.excluded):
        out += say("type", f"an instance of {', '.join(excluded)}, which no {entry.type.value} is")
    elif rule.strict and types and not types & rule.accepted:
        out += say("type", f"an instance of {', '.join(sorted(types))}, not of "
                           f"{', '.join(sorted(rule.accepted))} as every {entry.type.value} is")
    return out


def _texts(value: object) -> list[str]:
    if isinstance(value, dict) and isinstance(value.get("value"), str):
        return [value["value"]]
    return []


def _item_ids(statements: Iterable[object]) -> list[str]:
    ids = []
    for statement in statements:
        try:
            value = statement["mainsnak"]["datavalue"]["value"]
        except (KeyError, TypeError):
            continue  # "no value" / "unknown value" snaks
        if isinstance(value, dict) and isinstance(value.get("id"), str):
            ids.append(value["id"])
    return ids
