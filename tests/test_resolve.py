"""Cross-article resolution: one node per real-world thing."""
from __future__ import annotations

from conflict_kg.extract.model import Article, Entity, EntityType, ExtractedArticle, Mention, Relation
from conflict_kg.graph.build import build_graph
from conflict_kg.graph.model import claims, entities


def _entity(key, label, type_=EntityType.PERSON, kb_id=None, aliases=()):
    mention = Mention(text=label, name=label, type=type_, start=0, end=len(label), kb_id=kb_id)
    return Entity(key=key, type=type_, label=label, aliases=frozenset(aliases), mentions=(mention,), kb_id=kb_id)


def _article(article_id, *found):
    return ExtractedArticle(article=Article(id=article_id, text="x", source=f"{article_id}.txt"), entities=found)


def test_same_knowledge_base_entity_in_two_articles_is_one_node():
    g = build_graph([
        _article("a", _entity("volodymyr-zelensky", "Volodymyr Zelensky", kb_id="volodymyr-zelensky")),
        _article("b", _entity("volodymyr-zelensky", "Volodymyr Zelensky", kb_id="volodymyr-zelensky",
                              aliases={"Zelenskyy"})),
    ])
    (node,) = entities(g)
    assert node.articles == ("a", "b") and "Zelenskyy" in node.aliases


def test_same_full_unit_designation_in_two_articles_is_one_node():
    g = build_graph([
        _article("a", _entity("47th separate mechanized brigade", "47th Separate Mechanized Brigade", EntityType.MILITARY_UNIT)),
        _article("b", _entity("47th separate mechanized brigade", "47th Separate Mechanized Brigade",
                              EntityType.MILITARY_UNIT, aliases={"47th brigade"})),
    ])
    (node,) = entities(g)
    assert node.iri.endswith("/militaryunit/47th-separate-mechanized-brigade") and node.articles == ("a", "b")


def test_units_sharing_number_and_noun_but_not_designation_stay_apart():
    g = build_graph([
        _article("a", _entity("1st company of the 3rd assault brigade", "1st company of the 3rd Assault Brigade",
                              EntityType.MILITARY_UNIT, aliases={"1st company"})),
        _article("b", _entity("1st separate assault company", "1st Separate Assault Company", EntityType.MILITARY_UNIT)),
        _article("c", _entity("1st company of the 47th brigade", "1st company of the 47th brigade", EntityType.MILITARY_UNIT)),
    ])
    assert len(g) == 3


def test_a_partial_name_does_not_join_a_full_name_of_another_article():
    """Which full name "Zhdanov" or "the 47th brigade" stands for is decided where the text says so,
    in its own article; across articles it would make an IRI depend on the rest of the corpus."""
    g = build_graph([
        _article("a", _entity("oleh zhdanov", "Oleh Zhdanov"),
                 _entity("47th separate mechanized brigade", "47th Separate Mechanized Brigade", EntityType.MILITARY_UNIT)),
        _article("b", _entity("zhdanov", "Zhdanov"), _entity("47th brigade", "47th brigade", EntityType.MILITARY_UNIT)),
    ])
    assert len(g) == 4


def test_same_name_different_type_stays_apart():
    g = build_graph([_article("a", _entity("k", "Kraken", EntityType.MILITARY_UNIT)),
                     _article("b", _entity("k", "Kraken", EntityType.ORGANISATION))])
    assert len(g) == 2


def test_iris_of_shared_entities_and_claims_agree_between_overlapping_corpora():
    def article(article_id, *found, relations=()):
        return ExtractedArticle(article=Article(id=article_id, text="x" * 80, source=f"{article_id}.txt"),
                                entities=found, relations=relations)

    brigade = _entity("47th separate mechanized brigade", "47th Separate Mechanized Brigade", EntityType.MILITARY_UNIT)
    village = _entity("robotyne", "Robotyne", EntityType.PLACE)
    captured = Relation(subject=brigade.key, predicate="captured", object=village.key,
                        sentence_start=0, sentence_end=40, rule="test", confidence=0.9)
    a = article("a", _entity("oleh zhdanov", "Oleh Zhdanov"), _entity("47th brigade", "47th brigade", EntityType.MILITARY_UNIT))
    b = article("b", brigade, village, _entity("zhdanov", "Zhdanov"), relations=(captured,))
    c = article("c", _entity("ivan zhdanov", "Ivan Zhdanov"),
                _entity("47th separate assault brigade", "47th Separate Assault Brigade", EntityType.MILITARY_UNIT))

    def iris_of_b(g):
        names = {n.iri: (n.label, n.type) for n in entities(g) if "b" in n.articles}
        return sorted(names.items()), sorted(c.iri for c in claims(g) if c.article == "b")

    assert iris_of_b(build_graph([a, b])) == iris_of_b(build_graph([b, c])) == iris_of_b(build_graph([b]))
    assert len(iris_of_b(build_graph([b]))[1]) == 1
