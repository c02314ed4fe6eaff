"""Who a relation is attributed to: a table of invented sentences, each with a triple (by entity
label) and the sources (labels) its `reported_by` must hold; empty means the article's own voice."""
from __future__ import annotations

from dataclasses import dataclass, field

import pytest


@dataclass(frozen=True)
class Case:
    text: str
    triple: tuple[str, str, str]
    sources: set[str]
    relays: set[str] = field(default_factory=set)

    def __str__(self) -> str:
        return self.text[:60]


CASES = [
    Case("Russian forces captured Avdiivka in February.",
         ("Armed Forces of Russia", "captured", "Avdiivka"), set()),
    Case("The Russian Defence Ministry said Russian forces had captured Avdiivka.",
         ("Armed Forces of Russia", "captured", "Avdiivka"), {"Russian Defence Ministry"}),
    Case("Russian forces had captured Avdiivka, the Russian Defence Ministry said on Sunday.",
         ("Armed Forces of Russia", "captured", "Avdiivka"), {"Russian Defence Ministry"}),
    Case("Wagner Group chief Yevgeny Prigozhin accused the Russian military of striking Wagner field camps "
         "near Bakhmut.",
         ("Armed Forces of Russia", "attacked", "Wagner Group"), {"Yevgeny Prigozhin"}),
    Case("Russia launched missile strikes across Ukraine overnight, Ukrainian officials said.",
         ("Russia", "attacked", "Ukraine"), {"Ukraine"}),
    Case("According to the General Staff of the Armed Forces of Ukraine, Ukrainian forces repelled "
         "attacks by Russian troops near Marinka.",
         ("Armed Forces of Ukraine", "repelled", "Armed Forces of Russia"),
         {"General Staff of the Armed Forces of Ukraine"}),
    Case("Footage released by the Russian Defence Ministry shows Russian forces destroying a Leopard 2 "
         "near Robotyne.",
         ("Armed Forces of Russia", "destroyed", "Leopard 2"), {"Russian Defence Ministry"}),
    Case("Pavlo Kyrylenko spoke in Kramatorsk on Friday. He said Russian forces had shelled Kostiantynivka.",
         ("Armed Forces of Russia", "attacked", "Kostiantynivka"), {"Pavlo Kyrylenko"}),
    Case("Chechen leader and close Putin ally Ramzan Kadyrov said Russian forces had stormed Marinka.",
         ("Armed Forces of Russia", "attacked", "Marinka"), {"Ramzan Kadyrov"}),
    Case("The 3rd Separate Assault Brigade said it had retaken Andriivka.",
         ("3rd Separate Assault Brigade", "captured", "Andriivka"), {"3rd Separate Assault Brigade"}),
    Case("Reuters reports how Ukrainian forces used a captured T-72 near Lyman.",
         ("Armed Forces of Ukraine", "used", "T-72"), {"Reuters"}, {"Reuters"}),
    Case("Andriy Yermak told Reuters that Ukrainian forces had recaptured Klishchiivka.",
         ("Armed Forces of Ukraine", "captured", "Klishchiivka"), {"Andriy Yermak"}, {"Reuters"}),
    Case("“Our troops are holding. Ukrainian forces destroyed a Russian T-90 near Bakhmut,” "
         "Oleksandr Syrskyi said.",
         ("Armed Forces of Ukraine", "destroyed", "T-90"), {"Oleksandr Syrskyi"}),
    Case("Russian forces have captured the village of Krasnohorivka, Russia's defence ministry said on Monday.",
         ("Armed Forces of Russia", "captured", "Krasnohorivka"), {"Russian Defence Ministry"}),
    Case("The Institute for the Study of War said Russian forces had likely seized Toretsk.",
         ("Armed Forces of Russia", "captured", "Toretsk"), {"Institute for the Study of War"}),
    Case("Russian military bloggers claimed that Russian forces had captured Krynky.",
         ("Armed Forces of Russia", "captured", "Krynky"), set()),
]


def _relation(result, triple):
    label = {e.key: e.label for e in result.entities}
    for relation in result.relations:
        if (label[relation.subject], relation.predicate, label[relation.object]) == triple:
            return relation, label
    found = sorted((label[r.subject], r.predicate, label[r.object]) for r in result.relations)
    raise AssertionError(f"no {triple}; found {found}")


@pytest.mark.parametrize("case", CASES, ids=str)
def test_attribution_table(case: Case, extract_text) -> None:
    relation, label = _relation(extract_text(case.text), case.triple)
    assert {label[k] for k in relation.reported_by} == case.sources
    assert case.relays <= {label[k] for k in relation.relayed_by}


def test_reported_statement_has_lower_confidence_than_the_articles_own(extract_text) -> None:
    own, _ = _relation(extract_text("Russian forces captured Avdiivka."),
                       ("Armed Forces of Russia", "captured", "Avdiivka"))
    reported, _ = _relation(extract_text("The Russian Defence Ministry said Russian forces captured Avdiivka."),
                            ("Armed Forces of Russia", "captured", "Avdiivka"))
    assert reported.confidence < own.confidence


def test_claimed_statement_is_hedged(extract_text) -> None:
    relation, _ = _relation(extract_text("The Russian Defence Ministry claimed Russian forces captured Avdiivka."),
                            ("Armed Forces of Russia", "captured", "Avdiivka"))
    assert relation.hedged


def test_roles_are_the_articles_description_not_the_speakers(extract_text) -> None:
    relation, _ = _relation(extract_text("Kharkiv governor Oleh Syniehubov said the city was quiet."),
                            ("Oleh Syniehubov", "leaderOf", "Kharkiv"))
    assert relation.reported_by == ()


def test_the_enemy_is_the_other_side_of_the_source_and_nobody_without_one(extract_text) -> None:
    def triples(text):
        result = extract_text(text)
        labels = {e.key: e.label for e in result.entities}
        return {(labels[r.subject], r.predicate, labels[r.object]) for r in result.relations}

    assert ("Armed Forces of Russia", "attacked", "Kherson") in triples(
        "The occupiers shelled Kherson overnight, the Ukrainian Air Force said. Russian forces also used Shahed drones.")
    assert ("Armed Forces of Russia", "repelled", "Armed Forces of Ukraine") in triples(
        "Ukrainian forces held the line near Avdiivka. The Russian Defence Ministry said Russian troops had "
        "repelled the enemy near Avdiivka.")
    assert triples("The enemy shelled Kherson overnight. Russian and Ukrainian forces fought nearby.") == set()


def test_a_placeholder_side_never_leaves_attribution_in_a_structural_relation(nlp) -> None:
    from conflict_kg.extract.attribution import attribute
    from conflict_kg.extract.entities import group_mentions
    from conflict_kg.extract.mentions import find_mentions
    from conflict_kg.extract.model import Relation
    from conflict_kg.extract.relations.engine import FoundRelation
    from conflict_kg.extract.relations.index import REPORTER_ENEMY

    text = "Colonel Ivan Petrov, the commander of the enemy, was killed, the Ukrainian Air Force said."
    doc = nlp(text)
    entities = group_mentions(find_mentions(doc), text)
    person = next(e.key for e in entities if e.label == "Ivan Petrov")
    role = Relation(subject=person, predicate="leaderOf", object=REPORTER_ENEMY, sentence_start=0,
                    sentence_end=len(text), rule="role-apposition", confidence=0.8)
    assert attribute(doc, entities, [FoundRelation(role, 0)]) == ()
