"""Every registered relation rule: its example sentences give what they say, its ids and sections exist."""
from __future__ import annotations

import pytest

from conflict_kg.extract.knowledge_file import load_validated
from conflict_kg.extract.relations import RULES, load_knowledge
from conflict_kg.extract.relations.knowledge import RELATIONS_FILE, SCHEMA

EXAMPLES = [(r.name, e) for r in RULES for e in r.examples]


def _triples(result) -> set[tuple[str, str, str]]:
    label = {e.key: e.label for e in result.entities}
    return {(label[r.subject], r.predicate, label[r.object]) for r in result.relations}


@pytest.mark.parametrize(("rule_name", "example"), EXAMPLES, ids=[f"{n}: {e.text[:50]}" for n, e in EXAMPLES])
def test_rule_example_gives_its_triples(rule_name, example, extract_text) -> None:
    found = _triples(extract_text(example.text))
    for triple in example.gives:
        assert triple in found, f"{rule_name} should give {triple}; found {sorted(found)}"
    for triple in example.not_gives:
        assert triple not in found, f"{rule_name} should not give {triple}"


def test_every_rule_has_examples_and_known_ids_and_sections() -> None:
    knowledge = load_knowledge()
    for registered in RULES:
        assert registered.examples, registered.name
        assert set(registered.emits) <= set(knowledge.confidence), registered.name
        assert set(registered.reads) <= set(SCHEMA), registered.name


def test_rule_names_are_unique() -> None:
    names = [r.name for r in RULES]
    assert len(names) == len(set(names))


def test_every_rule_id_in_the_file_is_emitted_by_a_rule() -> None:
    emitted = {i for r in RULES for i in r.emits}
    assert set(load_knowledge().confidence) == emitted


def test_relations_file_rejects_an_unknown_key_naming_file_and_line(tmp_path) -> None:
    text = RELATIONS_FILE.read_text(encoding="utf-8") + "\nhedgez: [maybe]\n"
    broken = tmp_path / "relations.yaml"
    broken.write_text(text, encoding="utf-8")
    line = text.count("\n")
    with pytest.raises(ValueError, match=rf"relations.yaml:{line}: unknown key 'hedgez'"):
        load_validated(broken, SCHEMA)


def test_relations_file_rejects_a_number_where_words_belong(tmp_path) -> None:
    broken = tmp_path / "relations.yaml"
    broken.write_text(RELATIONS_FILE.read_text(encoding="utf-8").replace("negators: [", "negators: [3, "),
                      encoding="utf-8")
    with pytest.raises(ValueError, match=r"relations.yaml:\d+: 'negators' should hold only words"):
        load_validated(broken, SCHEMA)


def test_explain_lists_a_relation_the_type_constraint_removed(tmp_path, capsys) -> None:
    from conflict_kg.cli import main

    article = tmp_path / "in" / "a.txt"
    article.parent.mkdir()
    # only weapons are shot down: the candidate shotDown(forces, Avdiivka) is removed and explained
    article.write_text("Russian forces shot down Avdiivka.\n\nRussian forces did not capture Kherson in March.\n",
                       encoding="utf-8")
    assert main(["build", str(article.parent), "--out", str(tmp_path / "out"), "--explain"]) == 0
    err = capsys.readouterr().err
    assert "explain: article a" in err
    assert "dropped shotDown(Armed Forces of Russia, Avdiivka) by verb-active: type constraint" in err
    assert "dropped captured(Armed Forces of Russia, Kherson) by verb-active: not asserted: negated by 'not'" in err
