"""Token patterns that recognise entities of any war by their shape, from the words of `patterns.yaml`.

`entity_patterns(gazetteer, tokenize) -> list[EntityPattern]`: spaCy `Matcher` patterns, each with
the entity type (and, for forces named by nationality, the armed forces' id) it gives:
- numbered formations: "98th Division", "the 7th Armoured Brigade", "36th Separate Marine Brigade",
  "28th OMBr", and a unit noun with a number after it, "Infantry Battalion 123";
- named formations: "Golani Brigade", "Marko Bezruchko Separate Mechanized Brigade", "Battlegroup Zapad";
- a state's forces named by nationality: "Sudanese troops", "Israel's army", "the Russians";
  and its services: "Russian Navy", "Sudanese Air Force"; its government, "the Chadian government",
  which is the state itself (its country entry) where no government entry is curated;
- weapon designations of an unmistakable shape: "Kh-101", "Su-25s", "Shahed-136", "S-300";
- warships and their classes: "patrol ship Sergei Kotov", "USS Mason", "Tarantul-class corvette",
  "Project 22160";
- places named with their kind: "Solomianskyi district", "Irkutsk region", "Belaya Air Base";
  and places named before a lower-case kind noun: "Azovstal" in "the Azovstal steelworks";
- a named place's governing body: "Odesa Civil-Military Administration".
A matched span may open with the lower-case word that announced it ("ship", "the"): the matcher of
`extract.nlp` drops such leading words and quotes from every pattern match.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from conflict_kg.extract.gazetteer import Gazetteer
from conflict_kg.extract.model import EntityType

_ORDINAL = {"TEXT": {"REGEX": r"^\d{1,3}(st|nd|rd|th)$"}}
_NAME = {"IS_TITLE": True, "POS": "PROPN"}
_QUOTE = {"ORTH": {"IN": ['"', "“", "”", "'", "‘", "’", "«", "»"]}, "OP": "?"}


@dataclass(frozen=True)
class EntityPattern:
    type: EntityType
    kb_id: str | None
    patterns: tuple[tuple[dict, ...], ...]
    head_length: int = 0  # trailing tokens that say what kind of thing the name before them is
    drop_head: bool = False  # the thing is named by the words before the head alone ("Azovstal steelworks")


def entity_patterns(gazetteer: Gazetteer, tokenize: Callable[[str], list[str]]) -> list[EntityPattern]:
    found = [_formations(gazetteer), _designations(gazetteer), _vessels(gazetteer), _administrations(gazetteer)]
    return (found + _named_places(gazetteer, tokenize) + _forces_by_nationality(gazetteer, tokenize)
            + _governments_by_nationality(gazetteer, tokenize))


def _in(words, lower: bool = True, op: str | None = None) -> dict:
    spec = {"LOWER" if lower else "ORTH": {"IN": sorted({w.lower() if lower else w for w in words})}}
    return {**spec, "OP": op} if op else spec


def _formations(gazetteer: Gazetteer) -> EntityPattern:
    v = gazetteer.vocabulary
    inner = _in(v.unit_modifiers, op="*")
    noun = _in(v.unit_nouns)
    titled_modifier = {"IS_TITLE": True, "LOWER": {"IN": sorted(w.lower() for w in v.unit_modifiers)}, "OP": "*"}
    titled_noun = {"IS_TITLE": True, "LOWER": {"IN": sorted(v.unit_nouns)}}
    patterns = (
        (_ORDINAL, inner, noun),
        (_ORDINAL, inner, {"IS_TITLE": True, "OP": "*"}, noun),
        (_ORDINAL, _in(v.unit_abbreviations, lower=False)),
        ({**_NAME, "OP": "+"}, titled_modifier, _in(v.named_unit_nouns, lower=False)),
        (_in(v.named_unit_prefixes, lower=False), _NAME),
        ({"IS_TITLE": True, "OP": "*"}, titled_noun, {"TEXT": {"REGEX": r"^[1-9]\d{0,3}$"}}),
    )
    return EntityPattern(EntityType.MILITARY_UNIT, None, patterns)


def _forces_by_nationality(gazetteer: Gazetteer, tokenize) -> list[EntityPattern]:
    v = gazetteer.vocabulary
    modifier = _in(v.force_modifiers, op="?")
    noun = _in(v.force_nouns)
    any_noun = _in(v.force_nouns, op="?")
    air_defences = [tuple({"LOWER": t.lower()} for t in tokenize(words)) for words in v.air_defence_words]
    found = []
    for demonym in gazetteer.demonyms:
        straight = tuple({"ORTH": t} for t in tokenize(demonym.text.replace("’", "'")))
        curly = tuple({"ORTH": t["ORTH"].replace("'", "’")} for t in straight)
        patterns = [(*straight, modifier, noun), (*curly, modifier, noun)]
        # "Russian air defences", "Ukrainian air defence units"
        patterns += [(*written, *air_defence, any_noun)
                     for written in (straight, curly) for air_defence in air_defences]
        plural = nationality_plural(demonym.text)
        if plural:  # "the Russians advanced": the side, never a count of people ("20,000 Russians")
            patterns.append(({"LOWER": "the"}, *({"ORTH": w} for w in plural.split())))
        found.append(EntityPattern(EntityType.MILITARY_UNIT, demonym.forces_id, tuple(patterns)))
        # "Russian Navy", "Sudanese Air Force": a service of those forces, named as written
        services = tuple((*prefix, *({"ORTH": t} for t in tokenize(service)))
                         for prefix in (straight, curly) for service in v.service_names)
        found.append(EntityPattern(EntityType.MILITARY_UNIT, None, services))
    return found


def _governments_by_nationality(gazetteer: Gazetteer, tokenize) -> list[EntityPattern]:
    """ "the Chadian government", "Syria's government": the state as an actor, its country entry.
    A government with an entry of its own ("Russian government") is matched by that entry instead."""
    nouns = _in(gazetteer.vocabulary.government_nouns)
    found = []
    for demonym in gazetteer.demonyms:
        forces = gazetteer.entities.get(demonym.forces_id)
        country = gazetteer.lookup(forces.country) if forces is not None and forces.country else None
        if country is None or country.kind != "country":
            continue
        straight = tuple({"ORTH": t} for t in tokenize(demonym.text.replace("’", "'")))
        curly = tuple({"ORTH": t["ORTH"].replace("'", "’")} for t in straight)
        found.append(EntityPattern(EntityType.PLACE, country.id, ((*straight, nouns), (*curly, nouns))))
    return found


def nationality_plural(demonym: str) -> str | None:
    """ "Russians" for "Russian", "Israelis" for "Israeli": the plural of a nationality adjective
    that forms one with -s; None for possessives, abbreviations and "British", "Sudanese"."""
    last = demonym.split()[-1]
    if last.isalpha() and last[:1].isupper() and not last.isupper() and last.endswith(("an", "i")):
        return f"{demonym}s"
    return None


def _designations(gazetteer: Gazetteer) -> EntityPattern:
    shape = {"TEXT": {"REGEX": gazetteer.vocabulary.designation_pattern},
             "ORTH": {"NOT_IN": sorted(gazetteer.vocabulary.not_entities)}}
    system_prefix = ({"TEXT": {"REGEX": r"^[A-Z]{1,3}$"}}, {"ORTH": "/"})  # "AN/MPQ-65", "F/A-18"
    return EntityPattern(EntityType.WEAPON_SYSTEM, None, ((shape,), (*system_prefix, shape)))


def _vessels(gazetteer: Gazetteer) -> EntityPattern:
    v = gazetteer.vocabulary
    vessel = _in(v.vessel_nouns, lower=False)  # a common noun, lower case ("Carrier Strike Group" is no ship)
    patterns = (
        # the tagger takes some ships' names for common nouns ("corvette Ivanovets")
        (vessel, _QUOTE, {"IS_TITLE": True, "POS": {"IN": ["PROPN", "NOUN"]}, "IS_STOP": False, "OP": "+"}, _QUOTE),
        ({"IS_TITLE": True}, {"ORTH": "-"}, {"LOWER": "class"}, vessel),
        ({"ORTH": "Project"}, {"TEXT": {"REGEX": r"^(?!19\d\d$|20\d\d$)\d{3,5}[A-Z]?$"}}),
        # "USS Harry S. Truman", but not the "Carrier Strike Group" named after it
        (_in(v.ship_prefixes, lower=False),
         {"IS_TITLE": True, "ORTH": {"NOT_IN": sorted(v.ship_formation_words)}, "OP": "+"}),
    )
    return EntityPattern(EntityType.WEAPON_SYSTEM, None, patterns)


def _named_places(gazetteer: Gazetteer, tokenize) -> list[EntityPattern]:
    by_length: dict[int, list[tuple[dict, ...]]] = {}
    # "Leningrad Military District" is a formation, not a district
    name = {**_NAME, "LOWER": {"NOT_IN": ["military"]}, "OP": "+"}
    # the tagger calls some town names adjectives before a kind word ("the Brovary district");
    # nlp drops relational adjectives and common words ("the Eastern region")
    name_or_adjective = {**name, "POS": {"IN": ["PROPN", "ADJ"]}}
    for head in gazetteer.vocabulary.place_heads:
        # a head written capitalised counts only capitalised, as part of the name ("Red Sea",
        # "Shambat Bridge"); "the Sukhie Yaly river" is the Sukhie Yaly
        # (a curated place before a lower-case head stays that place: "the Donbas region")
        proper = head[:1].isupper()
        words = tuple({"ORTH" if proper else "LOWER": t} for t in tokenize(head))
        named = name if proper else name_or_adjective
        by_length.setdefault(0 if proper else len(words), []).append((named, *words))
    found = [EntityPattern(EntityType.PLACE, None, tuple(patterns), head_length=length)
             for length, patterns in sorted(by_length.items())]
    kinds: dict[int, list[tuple[dict, ...]]] = {}
    # the tagger calls some such names adjectives ("the Azovstal steelworks"); nlp drops common words
    named = {"IS_TITLE": True, "IS_SENT_START": False, "POS": {"IN": ["PROPN", "NOUN", "ADJ"]}, "OP": "+"}
    for noun in gazetteer.vocabulary.place_kind_nouns:
        words = tuple({"ORTH": t} for t in tokenize(noun))  # written in lower case after the name
        kinds.setdefault(len(words), []).append((named, *words))
    return found + [EntityPattern(EntityType.PLACE, None, tuple(patterns), head_length=length, drop_head=True)
                    for length, patterns in sorted(kinds.items())]


def _administrations(gazetteer: Gazetteer) -> EntityPattern:
    v = gazetteer.vocabulary
    modifiers = {"LOWER": {"IN": sorted({*v.administration_modifiers, "-"})}, "OP": "*"}
    possessive = {"ORTH": {"IN": ["'s", "’s"]}, "OP": "?"}  # "Kyiv's city military administration"
    return EntityPattern(EntityType.ORGANISATION, None,
                         (({**_NAME, "OP": "+"}, possessive, modifiers, _in(v.administration_nouns)),))
