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


def test_a_noun_hung_as_compound_on_a_finite_verb_becomes_its_subject(nlp):
    words = ["Ukrainian", "forces", "fire", "rockets", "at", "positions"]
    misparsed = Doc(nlp.vocab, words=words, heads=[1, 2, 2, 2, 2, 4],
                    deps=["amod", "compound", "ROOT", "dobj", "prep", "pobj"],
                    tags=["JJ", "NNS", "VBP", "NNS", "IN", "NNS"])
    repaired = nlp.get_pipe("finite_verb_subjects")(misparsed)
    assert repaired[1].dep_ == "nsubj" and repaired[1].head.i == 2


def test_a_compound_before_a_noun_or_beside_a_subject_is_left_alone(nlp):
    noun_phrase = Doc(nlp.vocab, words=["army", "units", "arrived"], heads=[1, 2, 2],
                      deps=["compound", "nsubj", "ROOT"], tags=["NN", "NNS", "VBD"])
    assert nlp.get_pipe("finite_verb_subjects")(noun_phrase)[0].dep_ == "compound"
    with_subject = Doc(nlp.vocab, words=["army", "troops", "fire"], heads=[2, 2, 2],
                       deps=["compound", "nsubj", "ROOT"], tags=["NN", "NNS", "VBP"])
    assert nlp.get_pipe("finite_verb_subjects")(with_subject)[0].dep_ == "compound"


def test_a_past_verb_with_a_subject_hung_as_an_adjective_on_a_noun_becomes_its_verb(nlp):
    words = ["Rebels", "seized", "control", "of", "Goma", "."]
    misparsed = Doc(nlp.vocab, words=words, heads=[1, 2, 2, 2, 3, 2],
                    deps=["nsubj", "amod", "ROOT", "prep", "pobj", "punct"],
                    tags=["NNS", "VBD", "NN", "IN", "NNP", "."])
    repaired = nlp.get_pipe("verbs_taken_for_modifiers")(misparsed)
    assert (repaired[1].dep_, repaired[1].head.i) == ("ROOT", 1)
    assert (repaired[2].dep_, repaired[2].head.i) == ("dobj", 1)
    assert [s.text for s in repaired.sents] == ["Rebels seized control of Goma ."]


def test_a_participle_modifying_a_noun_is_left_alone(nlp):
    words = ["Occupied", "territories", "remain", "quiet"]
    parsed = Doc(nlp.vocab, words=words, heads=[1, 2, 2, 2], deps=["amod", "nsubj", "ROOT", "acomp"],
                 tags=["VBN", "NNS", "VBP", "JJ"])
    assert nlp.get_pipe("verbs_taken_for_modifiers")(parsed)[0].dep_ == "amod"


def test_a_root_tagged_as_a_noun_with_a_subject_and_an_object_is_tagged_a_verb(nlp):
    words = ["Rebels", "retook", "Sake", "."]
    misparsed = Doc(nlp.vocab, words=words, heads=[1, 1, 1, 1], deps=["compound", "ROOT", "dobj", "punct"],
                    tags=["NNS", "NN", "NNP", "."])
    repaired = nlp.get_pipe("verbs_tagged_as_nouns")(misparsed)
    assert repaired[1].tag_ == "VBD"
    assert nlp.get_pipe("finite_verb_subjects")(repaired)[0].dep_ == "nsubj"


def test_a_noun_root_without_an_object_stays_a_noun(nlp):
    words = ["Army", "headquarters", "."]
    parsed = Doc(nlp.vocab, words=words, heads=[1, 1, 1], deps=["compound", "ROOT", "punct"], tags=["NN", "NN", "."])
    assert nlp.get_pipe("verbs_tagged_as_nouns")(parsed)[1].tag_ == "NN"


def test_an_irregular_past_tagged_present_is_tagged_past_but_a_form_that_is_also_a_base_stays(nlp):
    repair = nlp.get_pipe("past_forms_tagged_present")
    retook = Doc(nlp.vocab, words=["Rebels", "retook", "Sake"], tags=["NNS", "VBP", "NNP"])
    assert repair(retook)[1].tag_ == "VBD"
    wound = Doc(nlp.vocab, words=["Shells", "wound", "civilians"], tags=["NNS", "VBP", "NNS"])
    assert repair(wound)[1].tag_ == "VBP"


def test_a_phrase_hung_as_an_apposition_before_a_verb_without_subject_becomes_its_subject(nlp):
    words = ["Troops", "took", "Sake", ",", "the", "army", "said", "."]
    misparsed = Doc(nlp.vocab, words=words, heads=[1, 6, 1, 2, 5, 2, 6, 6],
                    deps=["nsubj", "ccomp", "dobj", "punct", "det", "appos", "ROOT", "punct"],
                    tags=["NNS", "VBD", "NNP", ",", "DT", "NN", "VBD", "."])
    repaired = nlp.get_pipe("subjects_taken_for_appositions")(misparsed)
    assert (repaired[5].dep_, repaired[5].head.i) == ("nsubj", 6)


def test_a_name_hung_as_an_adverb_on_a_verb_without_object_becomes_its_object(nlp):
    words = ["Troops", "seized", "Toretsk", "."]
    misparsed = Doc(nlp.vocab, words=words, heads=[1, 1, 1, 1], deps=["nsubj", "ROOT", "advmod", "punct"],
                    tags=["NNS", "VBD", "NNP", "."])
    assert nlp.get_pipe("names_taken_for_adverbs")(misparsed)[2].dep_ == "dobj"
    with_object = Doc(nlp.vocab, words=["Troops", "took", "Monday", "the", "town"], heads=[1, 1, 1, 4, 1],
                      deps=["nsubj", "ROOT", "advmod", "det", "dobj"], tags=["NNS", "VBD", "NNP", "DT", "NN"])
    assert nlp.get_pipe("names_taken_for_adverbs")(with_object)[2].dep_ == "advmod"
