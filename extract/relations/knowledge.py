"""The relation knowledge of `ontology/relations.yaml`, validated and loaded once: `load_knowledge()`.

The word classes it shares with entity recognition (force, place and role nouns) come from
`ontology/lexicon.yaml` (`extract.lexicon`).

Gives a `RelationKnowledge`: which entity types each predicate accepts, each rule's base confidence,
and the word lists the rules and attribution read (trigger verbs and nouns, role nouns, reporting
verbs, hedges, negators, descriptions that point back to an entity). Every section of the file is
declared in `SCHEMA`; a key the schema does not know, or a value of the wrong shape, is an error
that names the file and the line.
"""
from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

from conflict_kg.extract.knowledge_file import Integer, ListOf, MapOf, Number, Record, Schema, Text, load
from conflict_kg.extract.lexicon import load_lexicon
from conflict_kg.extract.relations.index import PlaceWords
from conflict_kg.ontology import ONTOLOGY_DIR

RELATIONS_FILE = ONTOLOGY_DIR / "relations.yaml"

WORDS = ListOf(Text())
PHRASES = ListOf(Text(r"\S+( \S+)*", "a verb or a verb and its particle"))


def _record(**fields: Schema) -> Record:
    return Record(required=fields)


SCHEMA = _record(**{
    "types": MapOf(_record(subject=WORDS, object=WORDS)),
    "hostile_predicates": WORDS,
    "rules": MapOf(Number()),
    "verbs": MapOf(PHRASES),
    "sense_keeping_particles": WORDS,
    "stative_participles": WORDS,
    "prep_verbs": MapOf(MapOf(WORDS)),
    "inverse_verbs": MapOf(MapOf(Text())),
    "light_verbs": PHRASES,
    "control_nouns": WORDS,
    "quantity_nouns": WORDS,
    "projectile_nouns": WORDS,
    "expulsion": _record(verbs=PHRASES, preps=WORDS, predicate=Text()),
    "attack_nouns": _record(lemmas=WORDS, preps=WORDS, of_target=WORDS, predicate=Text(), under_verbs=WORDS),
    "capture_nouns": _record(predicate=Text(), captor_prep=MapOf(Text())),
    "advance_nouns": WORDS,
    "crediting_verbs": WORDS,
    "instrument_verbs": WORDS,
    "agency_nouns": WORDS,
    "including_preps": WORDS,
    "captured_adjectives": WORDS,
    "origin_participles": WORDS,
    "located_verbs": PHRASES,
    "action_place_preps": WORDS,
    "exchange_nouns": WORDS,
    "trap_verbs": WORDS,
    "including_verbs": WORDS,
    "accusing_verbs": WORDS,
    "participation_verbs": WORDS,
    "own_side_verbs": MapOf(PHRASES),
    "attack_setting_verbs": WORDS,
    "place_prepositions": WORDS,
    "roles": _record(deputy_words=WORDS, prefix_words=WORDS, body_preps=WORDS, ministry_nouns=WORDS,
                     ministry_heads=WORDS, state_roles=WORDS, spellings=MapOf(Text())),
    "member_nouns": WORDS,
    "part_nouns": WORDS,
    "quantity_words": WORDS,
    "structural_part_nouns": WORDS,
    "region_words": WORDS,
    "facility_words": WORDS,
    "district_words": WORDS,
    "structure": _record(part_of=WORDS, place_comma=WORDS, place_in=WORDS, possessive=WORDS, list=WORDS,
                         members_follow=WORDS),
    "coalition_nouns": WORDS,
    "directions": WORDS,
    "directional_adjectives": WORDS,
    "descriptions": MapOf(WORDS),
    "naming_descriptions": WORDS,
    "irregular_descriptions": WORDS,
    "enemy_nouns": WORDS,
    "pronouns": _record(singular=WORDS, plural=WORDS, person=WORDS, possessive_person=WORDS,
                        possessive_body=WORDS, relative=WORDS),
    "reference_window_sentences": Integer(),
    "irregular_reference_window_sentences": Integer(),
    "headline_function_words": WORDS,
    "reporting": _record(verbs=WORDS, hedging_verbs=WORDS, source_nouns=WORDS, back_reference_nouns=WORDS,
                         according_to=WORDS, official_nouns=WORDS, unattributed_predicates=WORDS,
                         attributed_role_rules=WORDS, release_verbs=WORDS, relay_verbs=WORDS, relay_preps=WORDS,
                         source_preps=WORDS),
    "hedges": WORDS,
    "hedged_phrases": WORDS,
    "negators": WORDS,
    "modals": WORDS,
    "unasserting_verbs": WORDS,
    "hedged_confidence_factor": Number(),
    "reported_confidence_factor": Number(),
    "denial": _record(verbs=WORDS, rejecting_verbs=WORDS, nouns=WORDS, labels=WORDS),
})


def verb_key(text: str) -> tuple[str, str | None]:
    """("take", "back") for "take back", ("capture", None) for "capture"."""
    words = text.lower().split()
    return (words[0], " ".join(words[1:]) or None)


def _lower(items: Iterable[str]) -> frozenset[str]:
    return frozenset(i.lower() for i in items)


def _verbs(items: Iterable[str]) -> frozenset[tuple[str, str | None]]:
    return frozenset(verb_key(v) for v in items)


def _expand(templates: Iterable[str], slots: dict[str, list[str]]) -> frozenset[str]:
    """Token sequences with each `{slot}` replaced by each of its words ("{region} ," -> "oblast ,")."""
    out: set[str] = set()
    for template in templates:
        variants = [template.lower()]
        for slot, words in slots.items():
            variants = [v.replace(slot, w.lower()) for v in variants for w in (words if slot in v else [slot])]
        out.update(" ".join(v.split()) for v in variants)
    return frozenset(out)


@dataclass(frozen=True)
class RelationKnowledge:
    """`ontology/relations.yaml`, read once. Field names follow the file's sections."""

    types: dict[str, tuple[frozenset[str], frozenset[str]]]
    hostile_predicates: frozenset[str]
    confidence: dict[str, float]
    verbs: dict[tuple[str, str | None], str]  # (lemma, particle) -> predicate
    sense_keeping_particles: frozenset[str]
    stative_participles: frozenset[str]
    prep_verbs: dict[str, dict[str, frozenset[str]]]  # predicate -> lemma -> preps
    inverse_verbs: dict[str, dict[str, str]]  # lemma -> preposition naming the agent -> predicate
    light_verbs: frozenset[tuple[str, str | None]]
    control_nouns: frozenset[str]
    quantity_nouns: frozenset[str]
    projectile_nouns: frozenset[str]
    expulsion_verbs: frozenset[tuple[str, str | None]]
    expulsion_preps: frozenset[str]
    expulsion_predicate: str
    attack_nouns: frozenset[str]
    attack_preps: frozenset[str]
    attack_of_target: frozenset[str]
    attack_predicate: str
    attack_under_verbs: frozenset[str]
    capture_predicate: str
    captor_preps: dict[str, str]
    advance_nouns: frozenset[str]
    crediting_verbs: frozenset[str]
    instrument_verbs: frozenset[str]
    air_defence_words: tuple[str, ...]
    agency_nouns: frozenset[str]
    including_preps: frozenset[str]
    captured_adjectives: frozenset[str]
    origin_participles: frozenset[str]
    located_verbs: frozenset[tuple[str, str | None]]
    place_prepositions: frozenset[str]
    action_place_preps: frozenset[str]
    exchange_nouns: frozenset[str]
    trap_verbs: frozenset[str]
    including_verbs: frozenset[str]
    accusing_verbs: frozenset[str]
    participation_verbs: frozenset[str]
    coalition_nouns: frozenset[str]
    own_side_verbs: dict[str, frozenset[tuple[str, str | None]]]  # predicate -> (lemma, particle)
    attack_setting_verbs: frozenset[str]
    head_roles: frozenset[str]
    member_roles: frozenset[str]
    deputy_words: frozenset[str]
    prefix_excluded_roles: frozenset[str]
    role_prefix_words: frozenset[str]
    role_body_preps: frozenset[str]
    ministry_nouns: frozenset[str]
    ministry_heads: frozenset[str]
    state_roles: frozenset[str]
    spellings: dict[str, str]
    force_nouns: frozenset[str]
    member_nouns: frozenset[str]
    part_nouns: frozenset[str]
    quantity_words: frozenset[str]
    structural_part_nouns: frozenset[str]
    place_nouns: frozenset[str]
    settlement_nouns: frozenset[str]
    region_words: frozenset[str]
    place_words: PlaceWords
    directions: frozenset[str]
    structure: dict[str, frozenset[str]]  # link name -> token sequences ("of the") that make it
    descriptions: dict[str, frozenset[str]]  # entity type name -> nouns that point back to one
    naming_descriptions: frozenset[str]
    irregular_descriptions: frozenset[str]
    enemy_nouns: frozenset[str]
    singular_pronouns: frozenset[str]
    plural_pronouns: frozenset[str]
    person_pronouns: frozenset[str]
    possessive_person: frozenset[str]
    possessive_body: frozenset[str]
    relative_pronouns: frozenset[str]
    reference_window: int
    irregular_reference_window: int
    headline_function_words: frozenset[str]
    reporting_verbs: frozenset[str]
    hedging_verbs: frozenset[str]
    source_nouns: frozenset[str]
    back_reference_nouns: frozenset[str]
    according_to: frozenset[str]
    official_nouns: frozenset[str]
    unattributed_predicates: frozenset[str]
    attributed_role_rules: frozenset[str]
    release_verbs: frozenset[str]
    relay_verbs: frozenset[str]
    relay_preps: frozenset[str]
    source_preps: frozenset[str]
    hedges: frozenset[str]
    hedged_phrases: tuple[str, ...]
    negators: frozenset[str]
    modals: frozenset[str]
    unasserting_verbs: frozenset[str]
    hedged_factor: float
    reported_factor: float
    denial_verbs: frozenset[str] = frozenset()
    rejecting_verbs: frozenset[str] = frozenset()
    denial_nouns: frozenset[str] = frozenset()
    falsity_labels: frozenset[str] = frozenset()


@functools.cache
def load_knowledge(path: str = str(RELATIONS_FILE)) -> RelationKnowledge:
    raw = load(path, SCHEMA)
    lexicon = load_lexicon()
    roles, reporting, pronouns = raw["roles"], raw["reporting"], raw["pronouns"]
    return RelationKnowledge(
        types={p: (frozenset(t["subject"]), frozenset(t["object"])) for p, t in raw["types"].items()},
        hostile_predicates=frozenset(raw["hostile_predicates"]),
        confidence=dict(raw["rules"]),
        verbs={verb_key(v): predicate for predicate, lemmas in raw["verbs"].items() for v in lemmas},
        sense_keeping_particles=_lower(raw["sense_keeping_particles"]),
        stative_participles=_lower(raw["stative_participles"]),
        prep_verbs={p: {lemma: _lower(preps) for lemma, preps in by_lemma.items()}
                    for p, by_lemma in raw["prep_verbs"].items()},
        inverse_verbs={lemma.lower(): {prep.lower(): p for prep, p in preps.items()}
                       for lemma, preps in raw["inverse_verbs"].items()},
        light_verbs=_verbs(raw["light_verbs"]),
        control_nouns=_lower(raw["control_nouns"]),
        quantity_nouns=_lower(raw["quantity_nouns"]),
        projectile_nouns=_lower(raw["projectile_nouns"]),
        expulsion_verbs=_verbs(raw["expulsion"]["verbs"]),
        expulsion_preps=_lower(raw["expulsion"]["preps"]),
        expulsion_predicate=raw["expulsion"]["predicate"],
        attack_nouns=_lower(raw["attack_nouns"]["lemmas"]),
        attack_preps=_lower(raw["attack_nouns"]["preps"]),
        attack_of_target=_lower(raw["attack_nouns"]["of_target"]),
        attack_predicate=raw["attack_nouns"]["predicate"],
        attack_under_verbs=_lower(raw["attack_nouns"]["under_verbs"]),
        capture_predicate=raw["capture_nouns"]["predicate"],
        captor_preps={n.lower(): p.lower() for n, p in raw["capture_nouns"]["captor_prep"].items()},
        advance_nouns=_lower(raw["advance_nouns"]),
        crediting_verbs=_lower(raw["crediting_verbs"]),
        instrument_verbs=_lower(raw["instrument_verbs"]),
        air_defence_words=lexicon.air_defence_words,
        agency_nouns=_lower(raw["agency_nouns"]),
        including_preps=_lower(raw["including_preps"]),
        captured_adjectives=_lower(raw["captured_adjectives"]),
        origin_participles=_lower(raw["origin_participles"]),
        located_verbs=_verbs(raw["located_verbs"]),
        place_prepositions=_lower(raw["place_prepositions"]),
        action_place_preps=_lower(raw["action_place_preps"]),
        exchange_nouns=_lower(raw["exchange_nouns"]),
        trap_verbs=_lower(raw["trap_verbs"]),
        including_verbs=_lower(raw["including_verbs"]),
        accusing_verbs=_lower(raw["accusing_verbs"]),
        participation_verbs=_lower(raw["participation_verbs"]),
        coalition_nouns=_lower(raw["coalition_nouns"]),
        own_side_verbs={predicate: _verbs(verbs) for predicate, verbs in raw["own_side_verbs"].items()},
        attack_setting_verbs=_lower(raw["attack_setting_verbs"]),
        head_roles=lexicon.head_roles,
        member_roles=lexicon.member_roles,
        deputy_words=_lower(roles["deputy_words"]),
        prefix_excluded_roles=lexicon.outside_roles,
        role_prefix_words=_lower(roles["prefix_words"]),
        role_body_preps=_lower(roles["body_preps"]),
        ministry_nouns=_lower(roles["ministry_nouns"]),
        ministry_heads=_lower(roles["ministry_heads"]),
        state_roles=_lower(roles["state_roles"]),
        spellings={a.lower(): b.lower() for a, b in roles["spellings"].items()},
        force_nouns=lexicon.force_nouns,
        member_nouns=_lower(raw["member_nouns"]),
        part_nouns=_lower(raw["part_nouns"]),
        quantity_words=_lower(raw["quantity_words"]),
        structural_part_nouns=_lower(raw["structural_part_nouns"]),
        place_nouns=lexicon.place_nouns,
        settlement_nouns=lexicon.settlement_nouns,
        region_words=_lower(raw["region_words"]),
        place_words=PlaceWords(regions=_lower(raw["region_words"]), facilities=_lower(raw["facility_words"]),
                               districts=_lower(raw["district_words"])),
        directions=_lower(raw["directions"]),
        structure={name: _expand(links, {"{region}": raw["region_words"], "{direction}": raw["directions"],
                                         "{directional}": raw["directional_adjectives"]})
                   for name, links in raw["structure"].items()},
        descriptions={type_: _lower(nouns) for type_, nouns in raw["descriptions"].items()},
        naming_descriptions=_lower(raw["naming_descriptions"]),
        irregular_descriptions=_lower(raw["irregular_descriptions"]),
        enemy_nouns=_lower(raw["enemy_nouns"]),
        singular_pronouns=_lower(pronouns["singular"]),
        plural_pronouns=_lower(pronouns["plural"]),
        person_pronouns=_lower(pronouns["person"]),
        possessive_person=_lower(pronouns["possessive_person"]),
        possessive_body=_lower(pronouns["possessive_body"]),
        relative_pronouns=_lower(pronouns["relative"]),
        reference_window=raw["reference_window_sentences"],
        irregular_reference_window=raw["irregular_reference_window_sentences"],
        headline_function_words=_lower(raw["headline_function_words"]),
        reporting_verbs=_lower(reporting["verbs"]),
        hedging_verbs=_lower(reporting["hedging_verbs"]),
        source_nouns=_lower(reporting["source_nouns"]),
        back_reference_nouns=_lower(reporting["back_reference_nouns"]),
        according_to=_lower(reporting["according_to"]),
        official_nouns=_lower(reporting["official_nouns"]),
        unattributed_predicates=frozenset(reporting["unattributed_predicates"]),
        attributed_role_rules=frozenset(reporting["attributed_role_rules"]),
        release_verbs=_lower(reporting["release_verbs"]),
        relay_verbs=_lower(reporting["relay_verbs"]),
        relay_preps=_lower(reporting["relay_preps"]),
        source_preps=_lower(reporting["source_preps"]),
        hedges=_lower(raw["hedges"]),
        hedged_phrases=tuple(p.lower() for p in raw["hedged_phrases"]),
        negators=_lower(raw["negators"]),
        modals=_lower(raw["modals"]),
        unasserting_verbs=_lower(raw["unasserting_verbs"]),
        hedged_factor=raw["hedged_confidence_factor"],
        reported_factor=raw["reported_confidence_factor"],
        denial_verbs=_lower(raw["denial"]["verbs"]),
        rejecting_verbs=_lower(raw["denial"]["rejecting_verbs"]),
        denial_nouns=_lower(raw["denial"]["nouns"]),
        falsity_labels=_lower(raw["denial"]["labels"]),
    )
