"""Wikidata items through the `wbgetentities` API, and what their JSON says: `fetch_entities(...)`.

Takes QIDs and a `ServiceClient`; gives the API's entity objects keyed by the QID asked for, 50 per
request (the API's limit for ordinary clients), with `maxlag` sent. The readers take one entity
object as the API gives it: `missing` (deleted or never created: `{"id": .., "missing": ""}`),
`merged_into` (a redirect: `"redirects": {"from": asked, "to": target}`), `english_names`
(label, aliases) and `statement_values` (the item ids or strings of one property's statements).
"""
from __future__ import annotations

from collections.abc import Sequence

from conflict_kg.graph.service_client import ServiceClient, ServiceError

WIKIDATA_API = "https://www.wikidata.org/w/api.php"
IDS_PER_REQUEST = 50


def fetch_entities(client: ServiceClient, qids: Sequence[str], api: str = WIKIDATA_API,
                   props: str = "labels|aliases|claims") -> dict[str, object]:
    """The entity object of every QID (asked-for QID -> object); ServiceError when an answer is unusable."""
    found: dict[str, object] = {}
    for start in range(0, len(qids), IDS_PER_REQUEST):
        batch = list(qids[start:start + IDS_PER_REQUEST])
        answer = client.get_json(api, {"action": "wbgetentities", "ids": "|".join(batch), "props": props,
                                       "languages": "en"}, mediawiki=True)
        entities = answer.get("entities") if isinstance(answer, dict) else None
        if not isinstance(entities, dict):
            raise ServiceError(f"{api}: the answer has no 'entities' object")
        found.update({qid: entities.get(qid) for qid in batch})
    return found


def missing(entity: object) -> bool:
    return not isinstance(entity, dict) or "missing" in entity


def merged_into(entity: object, asked: str) -> str | None:
    """The item a merged QID now redirects to, or None."""
    if not isinstance(entity, dict):
        return None
    redirect = entity.get("redirects")
    if isinstance(redirect, dict) and redirect.get("to"):
        return str(redirect["to"])
    return str(entity["id"]) if entity.get("id") not in (None, asked) else None


def english_names(entity: object) -> tuple[list[str], list[str]]:
    """(English label, English aliases)."""
    if not isinstance(entity, dict):
        return [], []
    label = _text((entity.get("labels") or {}).get("en"))
    aliases = [t for a in (entity.get("aliases") or {}).get("en", ()) for t in [_text(a)] if t]
    return ([label] if label else []), aliases


def statement_values(entity: object, pid: str) -> list[str]:
    """The values of `pid`'s statements: item ids for items, the string for identifiers (no-value skipped)."""
    if not isinstance(entity, dict):
        return []
    values = []
    for statement in (entity.get("claims") or {}).get(pid, ()):
        try:
            value = statement["mainsnak"]["datavalue"]["value"]
        except (KeyError, TypeError):
            continue  # "no value" / "unknown value" snaks
        if isinstance(value, dict) and isinstance(value.get("id"), str):
            values.append(value["id"])
        elif isinstance(value, str):
            values.append(value)
    return values


def _text(value: object) -> str:
    return value["value"] if isinstance(value, dict) and isinstance(value.get("value"), str) else ""
