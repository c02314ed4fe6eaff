"""The schema of every file under `ontology/gazetteer/`, and the checks that span files.

`read_gazetteer_file(name)` gives one file's data checked against its schema (unknown keys, wrong
types and duplicate keys are errors naming the file and line, see `extract.knowledge_file`).
`read_knowledge_base()` reads the six entity files and also checks what no single file can: ids
unique across files, and `variant_of` / `part_of` naming an existing entry.

What an entry may say:
- every entity: `id`, `label` (required); `aliases`, `wikidata`, `geonames`, `coordinates`,
  `kind`, `type`, `country`;
- weapons: `maker` (the country or company that makes it), `variant_of` (id of another weapon);
- units, armed forces and organisations: `part_of` (id of the entry it belongs to);
- armed forces: `demonyms` (nationality words that name them before a force noun);
- places: `admin1` (GeoNames first-level code); regions: `names` instead of `aliases`, `bare_name`.
"""
from __future__ import annotations

from conflict_kg.extract.knowledge_file import (AnyOf, Flag, Integer, ListOf, LocatedDict, MapOf,
                                               Number, OneOf, Record, Text, error_at, load)
from conflict_kg.extract.model import EntityType
from conflict_kg.ontology import ONTOLOGY_DIR

GAZETTEER_DIR = ONTOLOGY_DIR / "gazetteer"

ENTITY_ID = Text(r"[a-z0-9][a-z0-9-]*", "an id (lower-case letters, digits and hyphens)")
_WORDS = ListOf(Text())
_COMMON = {
    "aliases": _WORDS,
    "wikidata": Text(r"Q[1-9][0-9]*", "a Wikidata item id (Q followed by digits)"),
    "geonames": AnyOf((Integer(minimum=1), Text(r"[1-9][0-9]*", "a GeoNames id (digits)"))),
    "coordinates": ListOf(Number(), length=2),
    "kind": Text(),
    "type": OneOf(tuple(t.value for t in EntityType)),
    "country": Text(),
}
_ADMIN1 = Text(r"[0-9A-Z]{2,3}", "a GeoNames admin1 code written as quoted text (\"05\")")


def _entity(required: dict | None = None, **optional) -> Record:
    return Record(required={"id": ENTITY_ID, "label": Text(), **(required or {})},
                  optional={**_COMMON, **optional})


_REGION = Record(required={"id": ENTITY_ID, "label": Text(), "names": _WORDS},
                 optional={**_COMMON, "bare_name": Flag(), "admin1": _ADMIN1})

ENTITY_FILES: dict[str, Record | ListOf] = {
    "organisations.yaml": ListOf(_entity(part_of=ENTITY_ID)),
    "people.yaml": ListOf(_entity()),
    "weapons.yaml": ListOf(_entity(maker=Text(), variant_of=ENTITY_ID)),
    "units.yaml": ListOf(_entity(part_of=ENTITY_ID)),
    "armed_forces.yaml": ListOf(_entity(demonyms=_WORDS, part_of=ENTITY_ID)),
    "places.yaml": Record(optional={"countries": ListOf(_entity()), "regions": ListOf(_REGION),
                                    "other": ListOf(_entity(admin1=_ADMIN1))}),
}

PATTERN_LISTS = (
    "unit_nouns", "unit_abbreviations", "unit_modifiers", "named_unit_nouns", "named_unit_prefixes",
    "force_modifiers", "person_titles", "military_unit_heads",
    "city_markers_before", "city_markers_after", "not_entities", "generic_terms", "peoples",
    "region_suffixes",
    "administration_nouns", "administration_modifiers", "place_name_endings", "name_particles",
    "organisation_back_references", "named_complement_links",
    "vessel_nouns", "place_heads", "service_names", "organisation_nouns",
    "place_kind_nouns", "government_nouns", "area_heads",
    "ship_prefixes", "ship_formation_words", "name_articles",
    "unit_modifier_spellings", "staff_byline_words", "home_force_nouns",
    "surname_ending_spellings",
)
OTHER_FILES: dict[str, Record] = {
    "patterns.yaml": Record(optional={**{key: _WORDS for key in PATTERN_LISTS}, "designation_pattern": Text()}),
    "page_furniture.yaml": Record(
        required={"max_furniture_words": Integer(minimum=1), "furniture": MapOf(_WORDS),
                  "publisher_credits": _WORDS, "trailing_credits": _WORDS, "bylines": _WORDS,
                  "author_markers": _WORDS,
                  "name_pattern": Text(), "domain_pattern": Text(),
                  "title_case_minor_words": Text(), "max_headline_words": Integer(minimum=1),
                  "max_banner_words": Integer(minimum=1),
                  "date_line": Record(required={"prefixes": _WORDS, "formats": _WORDS})}),
}


def read_gazetteer_file(name: str, directory=None):
    """One file of `ontology/gazetteer/` (or of `directory`), checked against its schema."""
    schema = ENTITY_FILES.get(name) or OTHER_FILES.get(name)
    if schema is None:
        raise ValueError(f"no schema for a gazetteer file named {name!r}")
    path = (directory or GAZETTEER_DIR) / name
    return load(path, schema, display_name=f"{path.parent.name}/{name}")


def entries_of(name: str, data) -> list[LocatedDict]:
    """The entity entries of one entity file's data (places.yaml has sections)."""
    if name == "places.yaml":
        return [item for section in data.values() for item in section]
    return list(data)


def read_knowledge_base(directory=None) -> dict[str, object]:
    """The data of the six entity files, each checked, and their cross-references checked."""
    files = {name: read_gazetteer_file(name, directory) for name in ENTITY_FILES}
    check_references(files)
    return files


def check_references(files: dict[str, object]) -> None:
    """Ids are unique across files; `variant_of` names a weapon and `part_of` an entry that exist."""
    where: dict[str, str] = {}
    kinds: dict[str, str] = {}
    for name, data in files.items():
        for entry in entries_of(name, data):
            if entry["id"] in where:
                raise error_at(entry.where_of("id"), f"id {entry['id']!r} is already used at {where[entry['id']]}")
            where[entry["id"]] = entry.where_of("id")
            kinds[entry["id"]] = name
    for name, data in files.items():
        for entry in entries_of(name, data):
            for key, wanted in (("variant_of", "weapons.yaml"), ("part_of", None)):
                target = entry.get(key)
                if target is None:
                    continue
                if target not in where:
                    raise error_at(entry.where_of(key), f"{key} names {target!r}, which no entry has as id")
                if wanted and kinds[target] != wanted:
                    raise error_at(entry.where_of(key), f"{key} names {target!r}, which is not in {wanted}")
                if target == entry["id"]:
                    raise error_at(entry.where_of(key), f"{key} names the entry itself")
