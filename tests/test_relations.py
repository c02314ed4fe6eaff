"""Relation rules over the parse: a table of invented sentences, each with triples it must give
(by entity label) and triples it must not give."""
from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from conflict_kg.extract.relations import extract_relations, load_knowledge as load_rules


@dataclass(frozen=True)
class Case:
    text: str
    must: list[tuple[str, str, str]] = field(default_factory=list)
    must_not: list[tuple[str, str, str]] = field(default_factory=list)

    def __str__(self) -> str:
        return self.text[:60]


CASES = [
    # active and passive voice
    Case("Russian forces captured Avdiivka in February after months of fighting.",
         must=[("Armed Forces of Russia", "captured", "Avdiivka")]),
    Case("Avdiivka was captured by Russian forces in February.",
         must=[("Armed Forces of Russia", "captured", "Avdiivka")],
         must_not=[("Avdiivka", "captured", "Armed Forces of Russia")]),
    # relative and reduced relative clauses
    Case("Fighting continued around Soledar, the town captured by Wagner Group fighters in January.",
         must=[("Wagner Group", "captured", "Soledar")]),
    Case("Kherson, which was seized by Russian troops in March 2022, was retaken in November.",
         must=[("Armed Forces of Russia", "captured", "Kherson")]),
    # coordinated objects and nominal attacks
    Case("Russian troops massed at the border. Residents fled after Russian attacks in Kharkiv, Sumy "
         "and Chernihiv over the weekend.",
         must=[("Armed Forces of Russia", "attacked", "Kharkiv"),
               ("Armed Forces of Russia", "attacked", "Sumy"),
               ("Armed Forces of Russia", "attacked", "Chernihiv")]),
    Case("Schools closed amid Russia's attack on Ukraine in the spring.",
         must=[("Russia", "attacked", "Ukraine")]),
    Case("Russian troops dug in. Ukrainian forces shelled Russian positions near Tokmak on Tuesday.",
         must=[("Armed Forces of Ukraine", "attacked", "Armed Forces of Russia")]),
    # a capture named by a noun
    Case("The offensive stalled after the capture of Avdiivka by Russian forces in February.",
         must=[("Armed Forces of Russia", "captured", "Avdiivka")]),
    Case("After the fall of Vuhledar to Russian troops in October, the brigade regrouped.",
         must=[("Armed Forces of Russia", "captured", "Vuhledar")]),
    Case("The attempted capture of Kyiv by Russian forces failed in March 2022.",
         must_not=[("Armed Forces of Russia", "captured", "Kyiv")]),
    # "it" in a clause a unit reports is that unit
    Case("The 3rd Separate Assault Brigade said on Friday it had retaken the village of Andriivka.",
         must=[("3rd Separate Assault Brigade", "captured", "Andriivka")]),
    # the people of several units act for each; "all of X" names X
    Case("Elements of the 36th Motorised Rifle Brigade and the 40th Naval Infantry Brigade took all of Vuhledar.",
         must=[("36th Motorised Rifle Brigade", "captured", "Vuhledar"),
               ("40th Naval Infantry Brigade", "captured", "Vuhledar")]),
    # fired on unnamed targets in a place: the place was attacked; "the province" is a region, not a country
    Case("Russian troops fired on ten villages in the Kharkiv region overnight.",
         must=[("Armed Forces of Russia", "attacked", "Kharkiv Oblast")]),
    Case("Oleksandr Prokudin, governor of the Kherson region, spoke. Russia fired on 10 settlements in the province "
         "over the weekend, the governor added.",
         must=[("Russia", "attacked", "Kherson Oblast")],
         must_not=[("Russia", "attacked", "Russia")]),
    # a warship acts as a unit does; an attack's maker may be the subject of a relative clause on it
    Case("The Houthis fired missiles at shipping. HMS Diamond fended off the biggest salvo of missiles and "
         "drones that the Houthis have launched.",
         must=[("HMS Diamond", "repelled", "Houthis")]),
    Case("Russian troops massed near Vuhledar. The 72nd Brigade thwarted an assault the 155th Naval Infantry "
         "Brigade had planned on Vuhledar.",
         must=[("72nd Brigade", "repelled", "155th Naval Infantry Brigade")]),
    # "the drones" are the weapon the article calls drones, never a warship named nearby
    Case("Russia launched Shahed drones at Odesa overnight. Ukrainian air defences shot down the drones.",
         must=[("Armed Forces of Ukraine", "shotDown", "Shahed-136")]),
    Case("Russia launched drones at Odesa overnight. The destroyer USS Mason sailed north. Ukrainian air "
         "defences shot down the drones.",
         must_not=[("Armed Forces of Ukraine", "shotDown", "USS Mason")]),
    # a warship is attacked like a position; a tank is not
    Case("The cruiser Moskva was struck by the Ukrainian Navy off Odesa.",
         must=[("Ukrainian Navy", "attacked", "Moskva")]),
    Case("Russian forces hit a Leopard 2 tank near Robotyne.",
         must_not=[("Armed Forces of Russia", "attacked", "Leopard 2")]),
    # a noun named in apposition after it
    Case('Ukrainian forces destroyed the large landing ship "Novocherkassk" in Feodosia.',
         must=[("Armed Forces of Ukraine", "destroyed", "Novocherkassk")]),
    # a description of irregulars points back to a non-state group, never to a state's armed forces
    Case("Hezbollah fired rockets at Kiryat Shmona on Saturday. An IDF Hermes 900 drone was shot down "
         "by the group over Lebanon.",
         must=[("Hezbollah", "shotDown", "Elbit Hermes 900")],
         must_not=[("Israel Defense Forces", "shotDown", "Elbit Hermes 900")]),
    Case("The Rapid Support Forces entered Omdurman in June. Residents fled north. Markets closed. "
         "Sudanese troops held the river bank. The militia destroyed the Shambat Bridge on Saturday.",
         must=[("Rapid Support Forces", "destroyed", "Shambat Bridge")],
         must_not=[("Sudanese Armed Forces", "destroyed", "Shambat Bridge")]),
    # a body's "it" in what it reports is the body, or its country's forces where the article names them
    Case("The Russian Defence Ministry said it had shot down a Neptune missile.",
         must=[("Russian Defence Ministry", "shotDown", "R-360 Neptune")]),
    Case("Russian forces hold the coast. The Russian Defence Ministry said it had shot down a Neptune missile.",
         must=[("Armed Forces of Russia", "shotDown", "R-360 Neptune")],
         must_not=[("Russian Defence Ministry", "shotDown", "R-360 Neptune")]),
    # an attack noun made by the subject of a light verb, through a quantity noun
    Case("Ukrainian troops dug in. In Kupiansk, Russian forces launched a wave of assaults "
         "against Ukrainian positions overnight.",
         must=[("Armed Forces of Russia", "attacked", "Armed Forces of Ukraine"),
               ("Armed Forces of Russia", "attacked", "Kupiansk")]),
    Case("Ukraine has mounted a surprise offensive in Russia's Belgorod region.",
         must=[("Ukraine", "attacked", "Belgorod Oblast")]),
    Case("Russian forces did not launch attacks on Sumy last week.",
         must_not=[("Armed Forces of Russia", "attacked", "Sumy")]),
    # the attacker behind a strike or a weapon that is the subject
    Case("Russian troops waited. Russian drones struck Odesa and Izmail before dawn.",
         must=[("Armed Forces of Russia", "attacked", "Odesa"), ("Armed Forces of Russia", "attacked", "Izmail")]),
    Case("Russia's overnight strikes knocked out power supplies in Poltava.",
         must=[("Russia", "attacked", "Poltava")]),
    Case("Drones struck Odesa before dawn.",
         must=[]),  # no attacker named: nothing invented
    # using a weapon against someone is attacking them
    Case("Russian forces held the ridge. Ukrainian forces turned captured artillery against Russian positions near Lyman.",
         must=[("Armed Forces of Ukraine", "attacked", "Armed Forces of Russia")]),
    Case("Ukrainian troops used drones against Russian troops near Vuhledar.",
         must=[("Armed Forces of Ukraine", "attacked", "Armed Forces of Russia")]),
    # weapons: used and captured together, over coordination
    Case("Ukrainian forces used a captured T-72 tank and BMP-2 vehicle near Lyman.",
         must=[("Armed Forces of Ukraine", "used", "T-72"), ("Armed Forces of Ukraine", "used", "BMP-2"),
               ("Armed Forces of Ukraine", "captured", "T-72"), ("Armed Forces of Ukraine", "captured", "BMP-2")]),
    Case("Ukrainian gunners fire with captured Grad launchers at Russian trenches.",
         must=[]),  # "gunners" without a named force: nothing to attach, and nothing invented
    Case("Russian forces used HIMARS-style tactics while Ukrainian forces used HIMARS near Kherson.",
         must=[("Armed Forces of Ukraine", "used", "HIMARS")],
         must_not=[("Armed Forces of Ukraine", "captured", "HIMARS")]),
    # shot down, destroyed, repelled
    Case("Ukrainian forces shot down a Russian Su-25 over Donetsk on Monday.",
         must=[("Armed Forces of Ukraine", "shotDown", "Su-25")]),
    Case("Ukrainian forces destroyed a Russian T-90 tank near Robotyne.",
         must=[("Armed Forces of Ukraine", "destroyed", "T-90")]),
    Case("Ukrainian forces repelled attacks by Russian troops near Marinka.",
         must=[("Armed Forces of Ukraine", "repelled", "Armed Forces of Russia")],
         must_not=[("Armed Forces of Russia", "attacked", "Armed Forces of Ukraine")]),
    Case("Russian troops hold Kupiansk against Ukrainian forces. The Russian Defence Ministry said its troops had repulsed "
         "Ukrainian advances near the city.",
         must=[("Armed Forces of Russia", "repelled", "Armed Forces of Ukraine")]),
    # negated, failed, planned, modal: not asserted
    Case("Russian forces did not capture Chasiv Yar.",
         must_not=[("Armed Forces of Russia", "captured", "Chasiv Yar")]),
    Case("Russian forces attempted to capture Vuhledar in February.",
         must_not=[("Armed Forces of Russia", "captured", "Vuhledar")]),
    Case("Russian forces failed to take Kupiansk.",
         must_not=[("Armed Forces of Russia", "captured", "Kupiansk")]),
    Case("Russian forces could capture Pokrovsk within weeks.",
         must_not=[("Armed Forces of Russia", "captured", "Pokrovsk")]),
    Case("Russian forces plan to storm Toretsk next month.",
         must_not=[("Armed Forces of Russia", "attacked", "Toretsk")]),
    # roles
    Case("Kharkiv governor Oleh Syniehubov said the city was quiet.",
         must=[("Oleh Syniehubov", "leaderOf", "Kharkiv")]),
    Case("Russian President Vladimir Putin visited the front in Russia.",
         must=[("Vladimir Putin", "leaderOf", "Russia")]),
    Case("Ukrainian Deputy Defence Minister Hanna Malyar spoke on television in Ukraine.",
         must=[("Hanna Malyar", "memberOf", "Ukraine")],
         must_not=[("Hanna Malyar", "leaderOf", "Ukraine")]),
    Case("Olga Petrova, an editor at Meduza, wrote about the losses.",
         must=[("Olga Petrova", "memberOf", "Meduza")]),
    Case("The Kremlin's spokesperson, Dmitry Peskov, declined to comment.",
         must=[("Dmitry Peskov", "memberOf", "Kremlin")]),
    Case("Ivan Sokolov is Reuters' defence correspondent.",
         must=[("Ivan Sokolov", "memberOf", "Reuters")]),
    Case("Chechen leader Ramzan Kadyrov said his 'Akhmat' unit was fighting near Bakhmut.",
         must=[("Ramzan Kadyrov", "leaderOf", "Akhmat")]),
    Case("The Chechen leader and Kremlin ally Ramzan Kadyrov said his 'Akhmat' unit was near Bakhmut.",
         must=[("Ramzan Kadyrov", "leaderOf", "Akhmat")]),
    Case("Ramzan Kadyrov praised the Akhmat unit near Bakhmut.",
         must_not=[("Ramzan Kadyrov", "leaderOf", "Akhmat")]),  # no "his": praise is not command
    Case("Ukrainian military analyst Oleh Zhdanov said the line held.",
         must_not=[("Oleh Zhdanov", "memberOf", "Armed Forces of Ukraine")]),
    # partOf
    Case("Ukrainian soldiers of the 47th brigade advanced near Robotyne.",
         must=[("47th brigade", "partOf", "Armed Forces of Ukraine")],
         must_not=[("Armed Forces of Ukraine", "partOf", "47th brigade")]),
    Case("Drone footage came from the 2nd battalion of the 93rd brigade of the Armed Forces of Ukraine.",
         must=[("2nd battalion of the 93rd brigade", "partOf", "93rd brigade"),
               ("2nd battalion of the 93rd brigade", "partOf", "Armed Forces of Ukraine")]),
    # locatedIn
    Case("A strike hit Orikhiv, Zaporizhzhia region, on Friday.",
         must=[("Orikhiv", "locatedIn", "Zaporizhzhia Oblast")]),
    Case("Shelling continued in the city of Toretsk, in Donetsk.",
         must=[("Toretsk", "locatedIn", "Donetsk Oblast")]),
    Case("The army could then push towards two larger cities, Kramatorsk and Sloviansk further west in Donetsk.",
         must=[("Kramatorsk", "locatedIn", "Donetsk Oblast"), ("Sloviansk", "locatedIn", "Donetsk Oblast")]),
    Case("Aid arrived in Poland, Lithuania and Latvia this week.",
         must_not=[("Poland", "locatedIn", "Lithuania"), ("Lithuania", "locatedIn", "Latvia")]),
]


# Relations join entities of the article only: a nationality adjective ("Russian attacks",
# "Ukrainian President") stands for a state's forces or the state when the article names them.


def _triples(result) -> set[tuple[str, str, str]]:
    label = {e.key: e.label for e in result.entities}
    return {(label[r.subject], r.predicate, label[r.object]) for r in result.relations}


@pytest.mark.parametrize("case", CASES, ids=str)
def test_relation_table(case: Case, extract_text) -> None:
    result = extract_text(case.text)
    found = _triples(result)
    for triple in case.must:
        assert triple in found, f"missing {triple}; found {sorted(found)}"
    for triple in case.must_not:
        assert triple not in found, f"unwanted {triple}"


def test_every_relation_names_its_rule_and_sentence(extract_text) -> None:
    text = "Avdiivka was captured by Russian forces in February. Kyiv is quiet."
    result = extract_text(text)
    assert result.relations
    rules = load_rules()
    for relation in result.relations:
        assert relation.rule in rules.confidence
        assert 0 < relation.confidence <= 1
        evidence = result.article.text[relation.sentence_start:relation.sentence_end]
        assert "captured" in evidence and "Kyiv" not in evidence


def test_hedged_action_is_kept_with_lower_confidence(extract_text) -> None:
    plain = extract_text("Russian forces captured Krasnohorivka.").relations
    hedged = extract_text("Russian forces reportedly captured Krasnohorivka.").relations
    assert [r.hedged for r in plain] == [False]
    assert [r.hedged for r in hedged] == [True]
    assert hedged[0].confidence < plain[0].confidence


def test_types_that_make_no_sense_for_the_predicate_are_dropped(extract_text) -> None:
    # a person is never located in a place, a place never part of a unit
    result = extract_text("Kyiv mayor Vitali Klitschko, Kyiv, spoke to the 3rd brigade of Ukraine.")
    types = {e.key: e.type.value for e in result.entities}
    allowed = load_rules().types
    for relation in result.relations:
        subject_types, object_types = allowed[relation.predicate]
        assert types[relation.subject] in subject_types and types[relation.object] in object_types


def test_extract_relations_works_on_a_bare_doc(nlp) -> None:
    from conflict_kg.extract.entities import group_mentions
    from conflict_kg.extract.mentions import find_mentions

    doc = nlp("Ukrainian forces recaptured Klishchiivka in September.")
    entities = group_mentions(find_mentions(doc), doc.text)
    relations = extract_relations(doc, entities)
    keys = {(r.subject, r.predicate, r.object) for r in relations}
    assert ("armed-forces-of-ukraine", "captured", "klishchiivka") in keys


def test_bad_relations_file_names_the_file(tmp_path) -> None:
    broken = tmp_path / "relations.yaml"
    broken.write_text("verbs: [unclosed\n")
    with pytest.raises(ValueError, match="relations.yaml"):
        load_rules(str(broken))
