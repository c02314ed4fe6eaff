"""The curated knowledge base under ontology/gazetteer/: well-formed entries, unique ids, sound identifiers."""
from __future__ import annotations

import re
from collections import defaultdict

import pytest
import yaml

from conflict_kg.extract.gazetteer import GAZETTEER_DIR, load_gazetteer

CURATED_FILES = ("organisations.yaml", "people.yaml", "weapons.yaml", "units.yaml", "places.yaml",
                 "armed_forces.yaml")
QID = re.compile(r"^Q[1-9][0-9]*$")

# Aliases deliberately shared by two entities (left to context by the extractor); none at present.
DELIBERATE_SHARED_ALIASES: dict[str, frozenset[str]] = {}


def raw_entries(filename: str) -> list[dict]:
    with open(GAZETTEER_DIR / filename, encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)
    if isinstance(raw, dict):  # places.yaml: countries / regions / other
        return [item for section in raw.values() for item in section]
    return raw


ALL_ENTRIES = [(filename, entry) for filename in CURATED_FILES for entry in raw_entries(filename)]


def entry_name(param) -> str:
    filename, entry = param
    return f"{filename}:{entry.get('id')}"


@pytest.mark.parametrize("filename, entry", ALL_ENTRIES, ids=[entry_name(p) for p in ALL_ENTRIES])
def test_every_entry_has_an_id_and_a_label(filename, entry):
    assert isinstance(entry.get("id"), str) and entry["id"], f"{filename}: entry without id: {entry}"
    assert isinstance(entry.get("label"), str) and entry["label"], f"{filename}: {entry['id']} has no label"


def test_ids_are_unique_across_all_files():
    seen: dict[str, str] = {}
    duplicates = []
    for filename, entry in ALL_ENTRIES:
        if entry["id"] in seen:
            duplicates.append(f"{entry['id']} in {seen[entry['id']]} and {filename}")
        seen[entry["id"]] = filename
    assert not duplicates


def test_wikidata_identifiers_are_qids():
    bad = [f"{f}:{e['id']}={e['wikidata']!r}" for f, e in ALL_ENTRIES
           if "wikidata" in e and not QID.match(str(e["wikidata"]))]
    assert not bad


def test_no_two_entries_share_a_wikidata_item():
    by_qid = defaultdict(list)
    for _, entry in ALL_ENTRIES:
        if entry.get("wikidata"):
            by_qid[entry["wikidata"]].append(entry["id"])
    assert {q: ids for q, ids in by_qid.items() if len(ids) > 1} == {}


def test_geonames_identifiers_are_numeric_and_admin1_codes_are_quoted_strings():
    bad = [f"{f}:{e['id']}" for f, e in ALL_ENTRIES if "geonames" in e and not re.fullmatch(r"[1-9][0-9]*", str(e["geonames"]))]
    assert not bad
    # unquoted 05 would be read as the integer 5 and never match GeoNames' "05"
    assert all(isinstance(e["admin1"], str) for _, e in ALL_ENTRIES if "admin1" in e)


def test_region_admin1_codes_match_the_geonames_towns_inside_them():
    from conflict_kg.graph.link import town_candidates

    regions = {e["id"]: e for _, e in ALL_ENTRIES if "admin1" in e}
    assert regions["donetsk-oblast"]["admin1"] == "05"
    (bakhmut,) = town_candidates("Bakhmut")
    assert (bakhmut.country, bakhmut.admin1) == ("UA", regions["donetsk-oblast"]["admin1"])
    (kharkiv,) = town_candidates("Kharkiv")
    assert kharkiv.admin1 == regions["kharkiv-oblast"]["admin1"]


def test_no_alias_names_two_different_entities_unless_deliberate():
    owners = defaultdict(set)
    for entity in load_gazetteer().entities.values():
        for alias in entity.aliases:
            owners[alias.casefold()].add(entity.id)
    shared = {alias: frozenset(ids) for alias, ids in owners.items() if len(ids) > 1}
    assert shared == DELIBERATE_SHARED_ALIASES
