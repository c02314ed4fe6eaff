"""graph.link: curated identifiers, GeoNames towns by name, and ambiguous names decided by the article."""
from __future__ import annotations

import pytest

from conflict_kg.extract.model import Entity, EntityType
from conflict_kg.graph.link import (
    CONFIDENCE_BY_PROXIMITY,
    CONFIDENCE_BY_REGION,
    CONFIDENCE_CURATED,
    CONFIDENCE_DOMINANT,
    CONFIDENCE_UNIQUE_ELSEWHERE,
    CONFIDENCE_UNIQUE_IN_UKRAINE,
    GEONAMES,
    WIKIDATA,
    Link,
    article_places,
    link_entity,
    town_candidates,
)


def place(label: str, kb_id: str | None = None) -> Entity:
    return Entity(key=kb_id or label.lower(), type=EntityType.PLACE, label=label, aliases=frozenset(),
                  mentions=(), kb_id=kb_id)


def link_in_article(entity: Entity, *others: Entity) -> Link:
    """Links `entity` as the only member of its group, in one article that also names `others`."""
    return link_entity([entity], [("a1", entity)], {"a1": (entity, *others)})


def geonames_id(link: Link) -> int | None:
    ids = [int(iri.removeprefix(GEONAMES).strip("/")) for iri in link.same_as if iri.startswith(GEONAMES)]
    return ids[0] if ids else None


def test_curated_person_gets_owl_same_as_wikidata_iri_with_full_confidence():
    putin = Entity(key="vladimir-putin", type=EntityType.PERSON, label="Putin", aliases=frozenset(),
                   mentions=(), kb_id="vladimir-putin")
    link = link_entity([putin], [("a1", putin)])
    assert link.same_as == (WIKIDATA + "Q7747",)
    assert link.label == "Vladimir Putin"
    assert link.confidence == CONFIDENCE_CURATED


def test_curated_town_carries_geonames_coordinates_and_its_oblast():
    link = link_in_article(place("Bakhmut", "bakhmut"))
    assert f"{GEONAMES}713174/" in link.same_as
    assert link.location is not None
    assert link.location.latitude == pytest.approx(48.59, abs=0.05)
    assert link.location.longitude == pytest.approx(38.00, abs=0.05)
    assert (link.location.country, link.location.region) == ("UA", "Donetsk Oblast")


def test_curated_oblast_links_to_wikidata_and_geonames_first_level_division():
    link = link_in_article(place("Donetsk Oblast", "donetsk-oblast"))
    assert set(link.same_as) == {WIKIDATA + "Q2012050", f"{GEONAMES}709716/"}


def test_sea_takes_the_point_its_geonames_record_gives():
    link = link_in_article(place("Black Sea", "black-sea"))
    assert f"{GEONAMES}630673/" in link.same_as
    assert (link.location.latitude, link.location.longitude) == pytest.approx((43.41, 34.30), abs=0.01)


def test_entity_the_knowledge_base_does_not_hold_and_no_town_is_left_unlinked():
    unit = Entity(key="57th brigade", type=EntityType.MILITARY_UNIT, label="57th brigade", aliases=frozenset(),
                  mentions=())
    assert link_entity([unit], [("a1", unit)]) == Link()
    assert link_in_article(place("Nowhereville-on-Sea")) == Link()


def test_unique_ukrainian_town_links_to_geonames_with_coordinates():
    link = link_in_article(place("Orikhiv"))
    assert geonames_id(link) == 698428
    assert link.confidence == CONFIDENCE_UNIQUE_IN_UKRAINE
    assert link.location.country == "UA"
    assert link.location.region == "Zaporizhzhia Oblast"
    assert link.location.latitude == pytest.approx(47.58, abs=0.05)


def test_city_suffix_is_read_as_the_city_but_a_city_named_city_stays_itself():
    assert geonames_id(link_in_article(place("Kharkiv city"))) == 706483
    assert geonames_id(link_in_article(place("Mexico City"))) == 3530597


def test_ambiguous_village_without_context_stays_unlinked():
    assert len(town_candidates("Andriivka")) > 2
    assert link_in_article(place("Andriivka")) == Link()


def test_oblast_named_in_the_same_article_picks_the_village_inside_it():
    link = link_in_article(place("Yevhenivka"), place("Donetsk Oblast", "donetsk-oblast"))
    assert geonames_id(link) == 688111
    assert link.confidence == CONFIDENCE_BY_REGION
    assert link.location.region == "Donetsk Oblast"


def test_oblast_named_by_its_bare_name_in_another_article_does_not_count():
    andriivka = place("Andriivka")
    places = {"a1": (andriivka,), "a2": (place("Zaporizhzhia", "zaporizhzhia-oblast"),)}
    assert link_entity([andriivka], [("a1", andriivka)], places) == Link()
    assert geonames_id(link_entity([andriivka], [("a2", andriivka)], places)) == 713470


def test_nearby_town_of_the_same_article_picks_the_closest_namesake():
    link = link_in_article(place("Andriivka"), place("Bilhorod-Dnistrovskyi"))
    assert geonames_id(link) == 713481  # the Andriivka of Odesa Oblast, some 20 km away
    assert link.confidence == CONFIDENCE_BY_PROXIMITY


def test_town_far_larger_than_its_namesakes_is_taken_without_context():
    link = link_in_article(place("Avdiivka"))
    assert geonames_id(link) == 713122  # the town of Donetsk Oblast, not the two Chernihiv villages
    assert link.confidence == CONFIDENCE_DOMINANT


def test_small_foreign_namesake_far_from_every_other_place_named_is_not_linked():
    novopavlovsk = place("Novopavlovsk")  # only a town in Stavropol Krai holds this name in cities500
    alone = link_in_article(novopavlovsk)
    assert geonames_id(alone) == 518383
    assert alone.confidence == CONFIDENCE_UNIQUE_ELSEWHERE
    assert link_in_article(novopavlovsk, place("Bakhmut", "bakhmut"), place("Avdiivka")) == Link()


def test_article_places_keeps_only_the_places_of_each_article():
    from conflict_kg.extract.model import Article, ExtractedArticle

    person = Entity(key="p", type=EntityType.PERSON, label="Someone", aliases=frozenset(), mentions=())
    orikhiv = place("Orikhiv")
    extracted = ExtractedArticle(Article(id="a1", text="Someone was in Orikhiv.", source="a1.txt"), (person, orikhiv))
    assert article_places([extracted]) == {"a1": (orikhiv,)}
