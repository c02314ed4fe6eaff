"""Strict YAML knowledge files: unknown keys, wrong types and broken YAML are refused with FILE:LINE."""
from __future__ import annotations

import pytest

from conflict_kg.extract.knowledge_file import (AnyOf, Flag, Integer, KnowledgeFileError, ListOf, MapOf,
                                               Number, OneOf, Record, Text, load)

ENTRY = Record(required={"id": Text(r"[a-z-]+", "an id")},
               optional={"aliases": ListOf(Text()), "bare_name": Flag(), "coordinates": ListOf(Number(), length=2),
                         "geonames": AnyOf((Integer(minimum=1), Text(r"\d+"))), "type": OneOf(("Place", "Person"))})
SCHEMA = ListOf(ENTRY)


def write(tmp_path, text, name="things.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_valid_file_loads_as_plain_values_that_know_their_lines(tmp_path):
    path = write(tmp_path, "- id: first\n  aliases: [One, Uno]\n- id: second\n  coordinates: [48.5, 37]\n  geonames: 12\n")
    data = load(path, SCHEMA)
    assert data == [{"id": "first", "aliases": ["One", "Uno"]},
                    {"id": "second", "coordinates": [48.5, 37.0], "geonames": 12}]
    assert data[1].where == f"{path}:3"
    assert data[1].where_of("geonames") == f"{path}:5"


def test_an_unknown_key_is_refused_with_file_and_line(tmp_path):
    path = write(tmp_path, "- id: first\n- id: second\n  alias: [Two]\n")
    with pytest.raises(KnowledgeFileError, match=r"things\.yaml:3: unknown key 'alias' \(known keys: aliases"):
        load(path, SCHEMA)


def test_a_value_of_the_wrong_type_is_refused_with_file_and_line(tmp_path):
    path = write(tmp_path, "- id: first\n  bare_name: yes please\n")
    with pytest.raises(KnowledgeFileError, match=r"things\.yaml:2: expected true or false, found 'yes please'"):
        load(path, SCHEMA)
    path = write(tmp_path, "- id: first\n  aliases: Kyiv\n")
    with pytest.raises(KnowledgeFileError, match=r"things\.yaml:2: expected a list"):
        load(path, SCHEMA)
    path = write(tmp_path, "- id: first\n  aliases: [Kyiv, 1945]\n")
    with pytest.raises(KnowledgeFileError, match=r"things\.yaml:2: expected text, found 1945"):
        load(path, SCHEMA)


def test_shapes_patterns_and_closed_sets_are_checked(tmp_path):
    cases = {"- id: Not An Id\n": r":1: 'Not An Id' is not an id",
             "- id: a\n  coordinates: [1.0]\n": r":2: expected 2 items, found 1",
             "- id: a\n  type: Weapon\n": r":2: 'Weapon' is not one of Place, Person",
             "- id: a\n  geonames: -3\n": r":2: expected a number of at least 1",
             "-\n  aliases: [X]\n": r":2: missing key 'id'",
             "- id: a\n  id: b\n": r":2: key 'id' is given twice",
             "id: a\n": r":1: expected a list"}
    for text, message in cases.items():
        with pytest.raises(KnowledgeFileError, match=message):
            load(write(tmp_path, text), SCHEMA)


def test_broken_yaml_and_missing_files_name_the_file(tmp_path):
    with pytest.raises(KnowledgeFileError, match=r"things\.yaml:4: not valid YAML: .* \(while parsing a flow sequence started on line 3\)"):
        load(write(tmp_path, "- id: a\n- id: b\n  aliases: [unclosed\n"), SCHEMA)
    with pytest.raises(KnowledgeFileError, match=r"absent\.yaml: cannot be read"):
        load(tmp_path / "absent.yaml", SCHEMA)
    with pytest.raises(KnowledgeFileError, match=r"things\.yaml:1: the file is empty"):
        load(write(tmp_path, "# nothing\n"), SCHEMA)


def test_free_keys_take_one_schema_and_errors_are_value_errors(tmp_path):
    groups = MapOf(ListOf(Text()))
    assert load(write(tmp_path, "ads: [a, b]\nnav: [c]\n"), groups) == {"ads": ["a", "b"], "nav": ["c"]}
    with pytest.raises(ValueError, match=r"things\.yaml:2: expected a list"):
        load(write(tmp_path, "ads: [a]\nnav: c\n"), groups)
