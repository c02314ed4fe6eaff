"""Long texts are parsed in pieces cut at paragraph breaks; the pieces read as the whole. Sentence
bounds and parse repairs of the shared pipeline."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.tokens import Doc

from conflict_kg.extract.mentions import find_mentions
from conflict_kg.extract.nlp import parse, split_text


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab \n."), max_size=400), st.integers(min_value=1, max_value=60))
def test_pieces_join_back_into_the_text_and_none_is_too_long(text, piece_chars):
    pieces = split_text(text, piece_chars)
    assert "".join(pieces) == text
    assert all(len(p) <= piece_chars for p in pieces)


def test_text_is_cut_after_a_paragraph_break_when_one_fits():
    text = "First paragraph here.\n\nSecond paragraph, rather longer than the first.\n\nThird."
    pieces = split_text(text, 60)
    assert pieces[0] == "First paragraph here.\n\n"


def test_article_parsed_in_pieces_finds_the_mentions_of_the_whole(nlp):
    text = ("Russian forces shelled Kharkiv on Monday, the governor Oleh Syniehubov said.\n\n"
            "Ukrainian troops of the 92nd brigade held positions near Kupiansk.\n\n"
            "The Russian Defence Ministry said its forces had captured Synkivka.")
    whole, pieced = nlp(text), parse(text, nlp, piece_chars=90)
    assert pieced.text == text
    assert len(list(pieced.sents)) == len(list(whole.sents))
    assert {(m.start, m.end, m.type) for m in find_mentions(pieced)} == \
           {(m.start, m.end, m.type) for m in find_mentions(whole)}


def test_a_dateline_is_a_sentence_of_its_own(nlp):
    doc = nlp("KHARKIV, Ukraine (AP) — Russian drones struck an energy plant in Kharkiv overnight.")
    sentences = [s.text for s in doc.sents]
    assert sentences[-1] == "Russian drones struck an energy plant in Kharkiv overnight."


def test_a_citation_number_closes_a_sentence(nlp):
    doc = nlp("Ukrainian forces advanced west of Kreminna.[3] Footage shows Russian troops near Dibrova.[4][5] "
              "Russian forces attacked Terny.")
    assert [s.text for s in doc.sents] == ["Ukrainian forces advanced west of Kreminna.[3]",
                                           "Footage shows Russian troops near Dibrova.[4][5]",
                                           "Russian forces attacked Terny."]


def test_a_citation_number_is_a_token_of_its_own(nlp):
    assert [t.text for t in nlp("Russian troops left positions.[4]")] == ["Russian", "troops", "left", "positions", ".", "[4]"]


def test_a_full_stop_after_a_mixed_case_abbreviation_is_its_own_token_and_initials_keep_theirs(nlp):
    assert [t.text for t in nlp("The strike was confirmed by the Ukrainian MoD.")][-2:] == ["MoD", "."]
    assert [t.text for t in nlp("The U.S. said so.")][:2] == ["The", "U.S."]
    assert any(e.text == "Ukrainian MoD" for e in nlp("No strike was acknowledged by the Ukrainian MoD.").ents)


def _repaired(nlp, repair: str, parse: str) -> Doc:
    """A parse written "word/tag/dep/head ..." (head as a token index), through the repair component."""
    words, tags, deps, heads = zip(*(token.rsplit("/", 3) for token in parse.split()))
    doc = Doc(nlp.vocab, words=list(words), tags=list(tags), deps=list(deps), heads=[int(h) for h in heads])
    return nlp.get_pipe(repair)(doc)


def test_a_noun_hung_as_compound_on_a_finite_verb_becomes_its_subject(nlp):
    repaired = _repaired(nlp, "finite_verb_subjects", "Ukrainian/JJ/amod/1 forces/NNS/compound/2 fire/VBP/ROOT/2 "
                                                      "rockets/NNS/dobj/2 at/IN/prep/2 positions/NNS/pobj/4")
    assert repaired[1].dep_ == "nsubj" and repaired[1].head.i == 2


def test_a_compound_before_a_noun_or_beside_a_subject_is_left_alone(nlp):
    noun_phrase = _repaired(nlp, "finite_verb_subjects", "army/NN/compound/1 units/NNS/nsubj/2 arrived/VBD/ROOT/2")
    assert noun_phrase[0].dep_ == "compound"
    with_subject = _repaired(nlp, "finite_verb_subjects", "army/NN/compound/2 troops/NNS/nsubj/2 fire/VBP/ROOT/2")
    assert with_subject[0].dep_ == "compound"


def test_a_past_verb_with_a_subject_hung_as_an_adjective_on_a_noun_becomes_its_verb(nlp):
    repaired = _repaired(nlp, "verbs_taken_for_modifiers", "Rebels/NNS/nsubj/1 seized/VBD/amod/2 control/NN/ROOT/2 "
                                                           "of/IN/prep/2 Goma/NNP/pobj/3 ././punct/2")
    assert (repaired[1].dep_, repaired[1].head.i) == ("ROOT", 1)
    assert (repaired[2].dep_, repaired[2].head.i) == ("dobj", 1)
    assert [s.text for s in repaired.sents] == ["Rebels seized control of Goma ."]


def test_a_participle_modifying_a_noun_is_left_alone(nlp):
    parsed = _repaired(nlp, "verbs_taken_for_modifiers",
                       "Occupied/VBN/amod/1 territories/NNS/nsubj/2 remain/VBP/ROOT/2 quiet/JJ/acomp/2")
    assert parsed[0].dep_ == "amod"


def test_a_root_tagged_as_a_noun_with_a_subject_and_an_object_is_tagged_a_verb(nlp):
    repaired = _repaired(nlp, "verbs_tagged_as_nouns", "Rebels/NNS/compound/1 retook/NN/ROOT/1 Sake/NNP/dobj/1 ././punct/1")
    assert repaired[1].tag_ == "VBD"
    assert nlp.get_pipe("finite_verb_subjects")(repaired)[0].dep_ == "nsubj"


def test_a_noun_root_without_an_object_stays_a_noun(nlp):
    parsed = _repaired(nlp, "verbs_tagged_as_nouns", "Army/NN/compound/1 headquarters/NN/ROOT/1 ././punct/1")
    assert parsed[1].tag_ == "NN"


def test_an_irregular_past_tagged_present_is_tagged_past_but_a_form_that_is_also_a_base_stays(nlp):
    repair = nlp.get_pipe("past_forms_tagged_present")
    retook = Doc(nlp.vocab, words=["Rebels", "retook", "Sake"], tags=["NNS", "VBP", "NNP"])
    assert repair(retook)[1].tag_ == "VBD"
    wound = Doc(nlp.vocab, words=["Shells", "wound", "civilians"], tags=["NNS", "VBP", "NNS"])
    assert repair(wound)[1].tag_ == "VBP"


def test_a_phrase_hung_as_an_apposition_before_a_verb_without_subject_becomes_its_subject(nlp):
    repaired = _repaired(nlp, "subjects_taken_for_appositions",
                         "Troops/NNS/nsubj/1 took/VBD/ccomp/6 Sake/NNP/dobj/1 ,/,/punct/2 the/DT/det/5 "
                         "army/NN/appos/2 said/VBD/ROOT/6 ././punct/6")
    assert (repaired[5].dep_, repaired[5].head.i) == ("nsubj", 6)


def test_a_name_hung_as_an_adverb_on_a_verb_without_object_becomes_its_object(nlp):
    misparsed = _repaired(nlp, "names_taken_for_adverbs",
                          "Troops/NNS/nsubj/1 seized/VBD/ROOT/1 Toretsk/NNP/advmod/1 ././punct/1")
    assert misparsed[2].dep_ == "dobj"
    with_object = _repaired(nlp, "names_taken_for_adverbs",
                            "Troops/NNS/nsubj/1 took/VBD/ROOT/1 Monday/NNP/advmod/1 the/DT/det/4 town/NN/dobj/1")
    assert with_object[2].dep_ == "advmod"
