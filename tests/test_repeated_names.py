"""A name the NER tagged once is a mention wherever else the article writes it, never inside a longer name;
an untagged name listed with places is a place."""
from __future__ import annotations

from conflict_kg.extract.model import EntityType, Mention
from conflict_kg.extract.repeated_names import coordinated_places, repeated_mentions

TEXT = "Militants stormed Bouna on Monday. The army said Bouna was retaken, and Bouna Road reopened."


def _tagged_once(start: int, origin: str = "ner") -> Mention:
    return Mention(text="Bouna", name="Bouna", type=EntityType.PLACE, start=start, end=start + 5, origin=origin)


def test_an_untagged_repeat_of_a_tagged_name_becomes_a_mention_of_the_same_type(nlp):
    doc = nlp(TEXT)
    first = TEXT.index("Bouna")
    second = TEXT.index("Bouna", first + 1)
    found = repeated_mentions((_tagged_once(first),), doc)
    repeats = [m for m in found if m.origin == "repeat"]
    assert [(m.start, m.type, m.name) for m in repeats] == [(second, EntityType.PLACE, "Bouna")]


def test_a_name_inside_a_longer_name_is_not_a_repeat(nlp):
    doc = nlp(TEXT)
    road = TEXT.index("Bouna Road")
    found = repeated_mentions((_tagged_once(TEXT.index("Bouna")),), doc)
    assert all(m.start != road for m in found)


def test_only_names_the_ner_found_are_repeated(nlp):
    doc = nlp(TEXT)
    found = repeated_mentions((_tagged_once(TEXT.index("Bouna"), origin="gazetteer"),), doc)
    assert len(found) == 1


def test_an_abbreviation_defined_in_brackets_is_a_mention_of_the_name_it_follows(nlp):
    text = "The Shan State Army (SSA) took a hill. Later the SSA withdrew, and SSA Colonel Yawd spoke."
    doc = nlp(text)
    army = Mention(text="Shan State Army", name="Shan State Army", type=EntityType.MILITARY_UNIT,
                   start=4, end=19, kb_id=None, origin="gazetteer")
    repeats = [m for m in repeated_mentions((army,), doc) if m.origin == "repeat"]
    assert [(m.start, m.name) for m in repeats] == [(text.index("(SSA)") + 1, "Shan State Army"),
                                                   (text.index("the SSA") + 4, "Shan State Army")]


def test_a_surname_alone_under_another_spelling_of_its_ending_is_the_person_named_in_full(nlp):
    text = "Oleksandr Pohrebyskyi spoke on Monday. On Tuesday, Pohrebysky said the town held."
    doc = nlp(text)
    person = Mention(text="Oleksandr Pohrebyskyi", name="Oleksandr Pohrebyskyi", type=EntityType.PERSON,
                     start=0, end=21, origin="ner")
    found = repeated_mentions((person,), doc, surname_endings=("y", "yi", "iy"))
    assert [(m.text, m.name) for m in found if m.origin == "repeat"] == [("Pohrebysky", "Oleksandr Pohrebyskyi")]


def test_a_surname_two_people_share_names_neither(nlp):
    text = "Ivan Petrenko and Olha Petrenko spoke. Petrenko said the town held."
    doc = nlp(text)
    people = (Mention(text="Ivan Petrenko", name="Ivan Petrenko", type=EntityType.PERSON, start=0, end=13),
              Mention(text="Olha Petrenko", name="Olha Petrenko", type=EntityType.PERSON, start=18, end=31))
    assert not [m for m in repeated_mentions(people, doc, surname_endings=("y", "yi")) if m.origin == "repeat"]


def test_an_untagged_proper_noun_listed_with_places_is_a_place(nlp):
    text = "Rebels attacked Mogok, Nawnghkio and Hsipaw in Shan State."
    doc = nlp(text)
    listed = tuple(Mention(text=w, name=w, type=EntityType.PLACE, start=text.index(w), end=text.index(w) + len(w))
                   for w in ("Mogok", "Nawnghkio"))
    added = [m.text for m in coordinated_places(listed, doc) if m.origin == "coordinated"]
    assert added == ["Hsipaw"]


def test_a_capitalised_common_word_in_a_headline_list_is_no_place(nlp):
    text = "Russian Forces Liberate Pushkino and Vesely Gai, Destroy Four Launchers"
    doc = nlp(text)
    listed = (Mention(text="Pushkino", name="Pushkino", type=EntityType.PLACE, start=24, end=32),)
    assert {m.text for m in coordinated_places(listed, doc) if m.origin == "coordinated"} <= {"Vesely Gai"}
