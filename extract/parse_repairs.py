"""Repairs of six misparses of the small English model that cost relations, as spaCy components.

Each takes the parsed `Doc` and gives it back with a few dependency arcs corrected; they run right
after the parser (`extract.nlp.load_pipeline`), so every rule reads the repaired tree:
- `verbs_tagged_as_nouns`: a sentence's root tagged as a noun that governs a direct object after it
  is a verb ("Kyiv's forces retook Kupiansk" with "retook" read as a noun): it is tagged as a finite
  verb, so the repair below and the attribute ruler and lemmatizer after it treat it as one;
- `past_forms_tagged_present`: an irregular past form tagged as a present verb ("forces retook",
  "retook" tagged VBP, so lemmatised as itself) is tagged as a past one, when the form is not also a
  base form of some verb ("lay", "wound", "found" stay); the irregular forms and base forms are the
  English lemmatizer's own tables;
- `finite_verb_subjects`: a noun hung as a `compound` on a finite verb after it is its subject
  ("Ukrainian forces fire with captured ...", a caption read as one long noun phrase);
- `verbs_taken_for_modifiers`: a past-tense verb with a subject of its own, hung as an adjective
  on the noun after it, is the verb of that noun ("The RSF seized control of Wad Madani" read as
  "[seized] control"): the noun becomes its object and the verb takes the noun's place in the tree.
- `subjects_taken_for_appositions`: a finite verb without a subject, right after a noun phrase the
  parser hung as an apposition on an earlier noun, has that phrase for its subject ("... captured
  the village of X, Russia's defence ministry said", read as "X, [Russia's defence ministry]").
- `names_taken_for_adverbs`: a proper noun right after a verb that has no object, hung on it as an
  adverb, is its object ("Russian forces had likely seized Toretsk", "Toretsk" read as an adverb).
They run before the attribute ruler, so they read the tagger's fine tags (`tag_`), not `pos_`.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

_FINITE_VERB_TAGS = ("VBP", "VBZ", "VBD")
_SUBJECTS = ("nsubj", "nsubjpass", "expl")


@Language.component("verbs_tagged_as_nouns")
def verbs_tagged_as_nouns(doc: Doc) -> Doc:
    for token in doc:
        if token.dep_ == "ROOT" and token.tag_ in ("NN", "NNS") \
                and any(c.dep_ == "dobj" and c.i > token.i for c in token.children) \
                and any(c.dep_ in ("compound", "nsubj") and c.i < token.i for c in token.children):
            token.tag_ = "VBZ" if token.tag_ == "NNS" else "VBD"
    return doc


class PastFormsTaggedPresent:
    def __init__(self, nlp: Language):
        tables = nlp.get_pipe("lemmatizer").lookups
        base_forms = set(tables.get_table("lemma_index")["verb"])
        self.past_forms = frozenset(form for form, lemmas in tables.get_table("lemma_exc")["verb"].items()
                                    if form not in base_forms and form not in lemmas)

    def __call__(self, doc: Doc) -> Doc:
        for token in doc:
            if token.tag_ == "VBP" and token.lower_ in self.past_forms:
                token.tag_ = "VBD"
        return doc


@Language.factory("past_forms_tagged_present")
def _make_past_forms_repair(nlp: Language, name: str) -> PastFormsTaggedPresent:
    return PastFormsTaggedPresent(nlp)


@Language.component("finite_verb_subjects")
def finite_verb_subjects(doc: Doc) -> Doc:
    for token in doc:
        verb = token.head
        if token.dep_ == "compound" and token.i < verb.i and verb.tag_ in _FINITE_VERB_TAGS \
                and not any(c.dep_ in _SUBJECTS for c in verb.children):
            token.dep_ = "nsubj"
    return doc


@Language.component("verbs_taken_for_modifiers")
def verbs_taken_for_modifiers(doc: Doc) -> Doc:
    for verb in doc:
        noun = verb.head
        if verb.dep_ != "amod" or verb.tag_ != "VBD" or noun.i <= verb.i or noun.tag_ not in ("NN", "NNS") \
                or not any(c.dep_ == "nsubj" and c.i < verb.i for c in verb.children):
            continue
        was_root, old_head, old_dep = noun.head.i == noun.i, noun.head, noun.dep_
        verb.head, verb.dep_ = (verb, "ROOT") if was_root else (old_head, old_dep)
        noun.head, noun.dep_ = verb, "dobj"
    return doc


@Language.component("subjects_taken_for_appositions")
def subjects_taken_for_appositions(doc: Doc) -> Doc:
    for noun, verb in zip(doc, doc[1:]):
        if verb.tag_ in _FINITE_VERB_TAGS and noun.dep_ == "appos" and noun.head.i < noun.i \
                and not any(c.dep_ in _SUBJECTS for c in verb.children) and not noun.is_ancestor(verb):
            noun.head, noun.dep_ = verb, "nsubj"
    return doc


@Language.component("names_taken_for_adverbs")
def names_taken_for_adverbs(doc: Doc) -> Doc:
    for verb, name in zip(doc, doc[1:]):
        if name.dep_ == "advmod" and name.tag_ in ("NNP", "NNPS") and name.head.i == verb.i \
                and verb.tag_.startswith("VB") and not any(c.dep_ == "dobj" for c in verb.children):
            name.dep_ = "dobj"
    return doc
