"""The army an article calls just "the army": `home_forces_mentions(mentions, doc) -> tuple[Mention, ...]`.

Reporting from one country's war names that country's military without a nationality: "the army
said it repelled the assault", "junta troops", "the regime's jets". When one country dominates the
article (the mentions of it, its forces and its regions outnumber every other country's by
`_DOMINANCE` to one), a bare, definite or compounding "army", "military", "junta" or "regime"
(`home_force_nouns` in patterns.yaml) is a mention of that country's armed forces. In an article
about two countries at war ("Russian forces shelled Ukrainian positions") no country dominates and
nothing is added: there "the army" could be either side's. Where the article names a service of
those forces by the noun ("the Syrian Arab Army"), "the army" is that service. A service named alone,
capitalised ("Ground Forces Commander X"), is the home forces' service of that name.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import replace

from spacy.tokens import Doc, Token

from conflict_kg.extract.gazetteer import Gazetteer, derived_from_gazetteer, load_gazetteer
from conflict_kg.extract.model import EntityType, Mention
from conflict_kg.extract.repeated_names import Covered

_DOMINANCE = 3
_MIN_MENTIONS = 2


@derived_from_gazetteer
def _forces_by_country(gazetteer: Gazetteer) -> dict[str, str]:
    """country id -> id of its armed forces, for the countries the knowledge base has forces of."""
    found: dict[str, str] = {}
    for entry in gazetteer.entities.values():
        if entry.kind == "armed-forces" and entry.country:
            country = gazetteer.lookup(entry.country)
            if country is not None:
                found.setdefault(country.id, entry.id)
    return found


@derived_from_gazetteer
def _country_of(gazetteer: Gazetteer) -> dict[str, str]:
    """Who counts for which country with forces: the country itself, its forces, and its country
    code (a region's `country`)."""
    forces = _forces_by_country(gazetteer)
    return ({c: c for c in forces} | {f: c for c, f in forces.items()}
            | {gazetteer.entities[c].country: c for c in forces if gazetteer.entities[c].country})


def home_forces_mentions(mentions: tuple[Mention, ...], doc: Doc,
                         gazetteer: Gazetteer | None = None) -> tuple[Mention, ...]:
    gazetteer = gazetteer or load_gazetteer()
    forces = _forces_by_country(gazetteer)
    home = _dominant_country(mentions, gazetteer)
    if home is None:
        return mentions
    mentions = tuple(_as_home_service(m, forces[home], gazetteer) for m in mentions)
    taken = Covered(len(doc.text), mentions)
    added = []
    for token in doc:
        if _names_home_forces(token, gazetteer.vocabulary.home_force_nouns) and \
                not taken.overlaps(token.idx, token.idx + len(token.text)):
            named = _service_named(token.lower_, forces[home], mentions, gazetteer)
            added.append(Mention(text=token.text, name=named.label, type=EntityType.MILITARY_UNIT, start=token.idx,
                                 end=token.idx + len(token.text), kb_id=named.id, origin="home-forces"))
    return tuple(sorted((*mentions, *added), key=lambda m: (m.start, m.end))) if added else mentions


def _as_home_service(mention: Mention, forces_id: str, gazetteer: Gazetteer) -> Mention:
    """ "Ground Forces Commander X", "the Navy said": a service named without its state is the home
    forces' service of that name ("Ukrainian Ground Forces"), when the knowledge base has it."""
    if mention.type is not EntityType.MILITARY_UNIT or mention.kb_id or \
            mention.name not in gazetteer.vocabulary.service_names:
        return mention
    for demonym in (d.text for d in gazetteer.demonyms if d.forces_id == forces_id):
        known = gazetteer.lookup(f"{demonym} {mention.name}")
        if known is not None and known.type is EntityType.MILITARY_UNIT:
            return replace(mention, name=known.label, kb_id=known.id, origin="home-forces")
    return mention


def _dominant_country(mentions: tuple[Mention, ...], gazetteer: Gazetteer) -> str | None:
    """The country most of the article's countries, their forces and their regions belong to."""
    country_of = _country_of(gazetteer)
    counts: Counter[str] = Counter()
    for mention in mentions:
        known = gazetteer.entities.get(mention.kb_id) if mention.kb_id else None
        if known is None:
            continue
        in_country = known.country if known.type is EntityType.PLACE else None  # a region's country code
        country = country_of.get(known.id) or country_of.get(in_country)
        if country:
            counts[country] += 1
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < _MIN_MENTIONS:
        return None
    if len(ranked) == 2 and ranked[0][1] < _DOMINANCE * ranked[1][1]:
        return None
    return ranked[0][0]


def _service_named(noun: str, forces_id: str, mentions: tuple[Mention, ...], gazetteer: Gazetteer):
    """The forces, or the one service of them the article names by the noun: "the army" after "the
    Syrian Arab Army" is that army, not all of Syria's forces."""
    services = {m.kb_id for m in mentions if m.kb_id and noun in m.name.lower().split()
                and gazetteer.entities[m.kb_id].part_of == forces_id}
    return gazetteer.entities[services.pop() if len(services) == 1 else forces_id]


def _names_home_forces(token: Token, nouns: frozenset[str]) -> bool:
    """ "the army", "the regular army", "the junta's jets", "junta troops", "army chief"; not "an
    army", "Sudan's army" or a capitalised name ("the Arakan Army")."""
    if token.lower_ not in nouns or not (token.text.islower() or (token.is_sent_start and token.text[1:].islower())):
        return False
    if any(c.dep_ == "poss" or (c.dep_ in ("amod", "compound") and c.text[:1].isupper())
           for c in token.children if c.i < token.i):
        return False  # "Sudan's army", "its army", "the Kachin army": the words before say whose
    if token.dep_ == "compound":
        return token.head.pos_ == "NOUN" and not token.head.text[:1].isupper()
    return any(c.dep_ == "det" and c.lower_ == "the" for c in token.children)
