"""The curated knowledge base under ontology/gazetteer/: every file follows its schema, ids are
unique and cross-references resolve, identifiers are sound, and a broken file is named with its line."""
from __future__ import annotations

import shutil
from collections import defaultdict

import pytest

from conflict_kg.extract.gazetteer import load_gazetteer
from conflict_kg.extract.gazetteer_schema import (ENTITY_FILES, GAZETTEER_DIR, OTHER_FILES, entries_of,
                                                  read_gazetteer_file, read_knowledge_base)
from conflict_kg.extract.knowledge_file import KnowledgeFileError

# Aliases deliberately shared by two entities (left to context by the extractor); none at present.
DELIBERATE_SHARED_ALIASES: dict[str, frozenset[str]] = {}


def test_the_whole_knowledge_schema_holds():
    files = read_knowledge_base()  # raises, naming file and line, on any schema or reference error
    for name in OTHER_FILES:
        read_gazetteer_file(name)
    assert sorted(p.name for p in GAZETTEER_DIR.glob("*.yaml")) == sorted({*ENTITY_FILES, *OTHER_FILES})
    entries = [e for name, data in files.items() for e in entries_of(name, data)]
    by_qid = defaultdict(list)
    for entry in entries:
        if entry.get("wikidata"):
            by_qid[entry["wikidata"]].append(entry["id"])
    assert {q: ids for q, ids in by_qid.items() if len(ids) > 1} == {}
    assert len(load_gazetteer().entities) >= len(entries)


def test_no_alias_names_two_different_entities_unless_deliberate():
    owners = defaultdict(set)
    for entity in load_gazetteer().entities.values():
        for alias in entity.aliases:
            owners[alias.casefold()].add(entity.id)
    shared = {alias: frozenset(ids) for alias, ids in owners.items() if len(ids) > 1}
    assert shared == DELIBERATE_SHARED_ALIASES


def test_region_admin1_codes_match_the_geonames_towns_inside_them():
    from conflict_kg.graph.link import town_candidates

    gazetteer = load_gazetteer()
    (bakhmut,) = town_candidates("Bakhmut")
    assert (bakhmut.country, bakhmut.admin1) == ("UA", gazetteer.entities["donetsk-oblast"].admin1)
    (kharkiv,) = town_candidates("Kharkiv")
    assert kharkiv.admin1 == gazetteer.entities["kharkiv-oblast"].admin1


@pytest.fixture
def gazetteer_copy(tmp_path):
    for path in GAZETTEER_DIR.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


def _append(path, text):
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(text)
    return sum(1 for _ in open(path, encoding="utf-8"))  # the line just written


def test_a_part_of_naming_no_entry_is_reported_with_file_and_line(gazetteer_copy):
    line = _append(gazetteer_copy / "units.yaml",
                   "- {id: test-brigade, label: Test Brigade, part_of: no-such-army}\n")
    with pytest.raises(KnowledgeFileError, match=rf"units\.yaml:{line}: part_of names 'no-such-army'"):
        read_knowledge_base(gazetteer_copy)


def test_a_variant_of_must_name_a_weapon(gazetteer_copy):
    line = _append(gazetteer_copy / "weapons.yaml",
                   "- {id: test-rifle-2, label: Test Rifle 2, variant_of: kyiv}\n")
    with pytest.raises(KnowledgeFileError, match=rf"weapons\.yaml:{line}: variant_of names 'kyiv', which is not in weapons"):
        read_knowledge_base(gazetteer_copy)


def test_an_id_used_twice_names_both_places(gazetteer_copy):
    line = _append(gazetteer_copy / "people.yaml", "- {id: kyiv, label: Kyiv Somebody}\n")
    with pytest.raises(KnowledgeFileError, match=r"places\.yaml:\d+: id 'kyiv' is already used at") as error:
        read_knowledge_base(gazetteer_copy)
    assert str(error.value).endswith(f"people.yaml:{line}")


def test_a_weapon_may_name_its_maker_and_the_weapon_it_varies(gazetteer_copy):
    _append(gazetteer_copy / "weapons.yaml",
            "- {id: test-launcher, label: Test Launcher, maker: Testland}\n"
            "- {id: test-launcher-m, label: Test Launcher M, maker: Testland, variant_of: test-launcher}\n")
    weapons = read_knowledge_base(gazetteer_copy)["weapons.yaml"]
    assert weapons[-1]["variant_of"] == "test-launcher" and weapons[-1]["maker"] == "Testland"
