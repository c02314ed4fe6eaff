"""Cross-article resolution: one node per real-world thing."""
from __future__ import annotations

from conflict_kg.extract.model import Article, Entity, EntityType, ExtractedArticle, Mention
from conflict_kg.graph.build import build_graph
from conflict_kg.graph.model import entities


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


def test_surname_joins_the_only_full_name_in_the_corpus():
    g = build_graph([_article("a", _entity("oleh zhdanov", "Oleh Zhdanov")), _article("b", _entity("zhdanov", "Zhdanov"))])
    assert len(g) == 1


def test_surname_shared_by_two_full_names_stays_apart():
    g = build_graph([
        _article("a", _entity("ivan petrenko", "Ivan Petrenko")),
        _article("b", _entity("oksana petrenko", "Oksana Petrenko")),
        _article("c", _entity("petrenko", "Petrenko")),
    ])
    assert len(g) == 3


def test_short_unit_name_joins_the_one_full_unit_across_articles():
    g = build_graph([
        _article("a", _entity("47th separate mechanized brigade", "47th Separate Mechanized Brigade", EntityType.MILITARY_UNIT)),
        _article("b", _entity("47th brigade", "47th brigade", EntityType.MILITARY_UNIT)),
    ])
    (node,) = entities(g)
    assert node.label == "47th Separate Mechanized Brigade" and "47th brigade" in node.aliases


def test_same_name_different_type_stays_apart():
    g = build_graph([_article("a", _entity("k", "Kraken", EntityType.MILITARY_UNIT)),
                     _article("b", _entity("k", "Kraken", EntityType.ORGANISATION))])
    assert len(g) == 2


def test_iris_are_stable_across_builds():
    build = lambda: sorted(build_graph([_article("a", _entity("ivan petrenko", "Ivan Petrenko"))]).nodes)
    assert build() == build()
