"""Place rules: which place lies in which (`locatedIn`).

They read the tokens between two place mentions, and the parse where it can be trusted: "Orikhiv,
Zaporizhzhia region", "Bakhmut, in Donetsk", "Kramatorsk and Sloviansk further west in Donetsk",
"Novoazovsk, likewise in the self-proclaimed Donetsk People's Republic", "the Azovstal plant in
Mariupol", "Russia's Kursk region", "Sudan's capital, Khartoum", "the southern Gaza city of Rafah",
"X, a village in Y", "X lies in Y". A larger place must outrank the smaller one (country > region >
town > site), and a list of peers ("Ukraine, Estonia, Latvia") is not a hierarchy. The linking
words are the `structure` and `place_gap` sections of relations.yaml.
"""
from __future__ import annotations

from spacy.tokens import Token

from conflict_kg.extract.model import EntityType
from conflict_kg.extract.relations.engine import Context, Example, rule
from conflict_kg.extract.relations.events import agents_and_patients, particle

Mention = tuple[int, int, str]


@rule("places-in-places", emits=("place-comma", "place-in", "place-possessive"), reads=("structure",),
      examples=(
          Example("Shelling hit Orikhiv, Zaporizhzhia region, on Monday.",
                  gives=(("Orikhiv", "locatedIn", "Zaporizhzhia Oblast"),)),
          Example("Drones struck Kramatorsk and Sloviansk further west in Donetsk Oblast.",
                  gives=(("Kramatorsk", "locatedIn", "Donetsk Oblast"), ("Sloviansk", "locatedIn", "Donetsk Oblast"))),
          Example("Leaders from Ukraine, Poland and Latvia met.",
                  not_gives=(("Ukraine", "locatedIn", "Poland"),)),
      ))
def places_in_places(context: Context) -> None:
    index = context.index
    spans = [s for s in index.mention_spans if index.type_of(s[2]) is EntityType.PLACE]
    for (a_start, a_end, a), (b_start, b_end, b) in zip(spans, spans[1:]):
        between = context.between(a_end, b_start)
        token = context.token_at(a_start)
        if token is None or a == b:
            continue
        if between in context.links("place_comma"):
            if not _in_list(context, a, b, a_start, b_end, spans) and index.place_rank(b) > index.place_rank(a):
                context.propose(a, "locatedIn", b, token, "place-comma", check_assertion=False)
        elif between in context.links("place_in") and not _possessed_next(context, b_end, spans):
            for part in [a, *_coordinated_before(context, a_start, spans)]:
                if index.place_rank(b) > index.place_rank(part):
                    context.propose(part, "locatedIn", b, token, "place-in", check_assertion=False)
        elif between in context.links("possessive") and index.place_rank(a) > index.place_rank(b):
            context.propose(b, "locatedIn", a, token, "place-possessive", check_assertion=False)
    _apposition_possessive(context)


def _possessed_next(context: Context, end: int, spans: list[Mention]) -> bool:
    """ "in eastern Ukraine's Donetsk region": the place after the possessive is the one meant."""
    after = next((s for s in spans if s[0] >= end), None)
    return after is not None and context.between(end, after[0]) in context.links("possessive")


def _coordinated_before(context: Context, start: int, spans: list[Mention]) -> list[str]:
    """The places listed just before the one at `start` ("Kramatorsk and Sloviansk ... in Donetsk")."""
    found: list[str] = []
    for s_start, s_end, key in reversed([s for s in spans if s[1] <= start]):
        if context.between(s_end, start) not in context.links("list"):
            break
        found.append(key)
        start = s_start
    return found


def _in_list(context: Context, a: str, b: str, start: int, end: int, spans: list[Mention]) -> bool:
    """ "Ukraine, Estonia, Latvia and Poland": a list, not a place and its region; a chain of ever
    larger places ("Orikhiv, Zaporizhzhia region, Ukraine") is not a list."""
    index = context.index
    before = next((s for s in reversed(spans) if s[1] <= start), None)
    after = next((s for s in spans if s[0] >= end), None)
    if before and context.between(before[1], start) in context.links("place_comma") \
            and index.place_rank(before[2]) >= index.place_rank(a):
        return True
    if after and context.between(end, after[0]) in context.links("place_comma") | context.links("list") \
            and index.place_rank(after[2]) <= index.place_rank(b):
        return True
    return False


def _apposition_possessive(context: Context) -> None:
    """ "the Donbas, Ukraine's industrial heartland"."""
    index = context.index
    for span, key in index.spans_of(EntityType.PLACE):
        for appos in (c for c in span.root.children if c.dep_ == "appos"):
            for poss in (c for c in appos.children if c.dep_ == "poss"):
                whole = index.of_token(poss)
                if whole and index.type_of(whole) is EntityType.PLACE and index.place_rank(whole) > index.place_rank(key):
                    context.propose(key, "locatedIn", whole, span.root, "place-possessive", check_assertion=False)


@rule("locative-verbs", emits=("locative-verb",), reads=("located_verbs",),
      examples=(
          Example("Luhansk and Donetsk oblasts make up the Donbas.",
                  gives=(("Luhansk Oblast", "locatedIn", "Donbas"),)),
          Example("Fighting reached Toretsk, which lies in Donetsk Oblast.",
                  gives=(("Toretsk", "locatedIn", "Donetsk Oblast"),)),
          Example("Shelling hit Lyptsi and Vovchansk, which lies in Kharkiv Oblast.",
                  gives=(("Vovchansk", "locatedIn", "Kharkiv Oblast"),),
                  not_gives=(("Lyptsi", "locatedIn", "Kharkiv Oblast"),)),
      ))
def locative_verbs(context: Context) -> None:
    """ "Luhansk and Donetsk make up the Donbas", "X lies in Y": a verb placing its subject in its object."""
    located = context.knowledge.located_verbs
    for verb in context.doc:
        lemma = verb.lemma_.lower()
        preps = [c for c in verb.children if c.dep_ == "prep" and (lemma, c.lower_) in located]
        if (lemma, particle(verb)) not in located and not preps:
            continue
        agents, patients, _ = agents_and_patients(context, verb)
        parts = [k for a in agents for k in context.phrases.entities(a)]
        wholes = [k for p in patients for k in context.phrases.entities(p)]
        wholes += [k for prep in preps for k in context.phrases.objects_of(prep)]
        context.propose_all(parts, "locatedIn", wholes, verb, "locative-verb")


@rule("place-descriptions", emits=("place-described",), reads=("place_nouns", "directions"),
      examples=(
          Example("Fighting reached Krynky, a village in Kherson Oblast, in November.",
                  gives=(("Krynky", "locatedIn", "Kherson Oblast"),)),
          Example("Drones hit the town of Shostka in Sumy Oblast overnight.",
                  gives=(("Shostka", "locatedIn", "Sumy Oblast"),)),
          Example("Troops advanced near Lyman in the east of Ukraine.",
                  gives=(("Lyman", "locatedIn", "Ukraine"),)),
          Example("Israel said strikes hit the southern Lebanese town of Nabatieh. Lebanon protested.",
                  gives=(("Nabatieh", "locatedIn", "Lebanon"),)),
          Example("Shelling resumed in Sudan's capital, Khartoum.",
                  gives=(("Khartoum", "locatedIn", "Sudan"),)),
      ))
def place_descriptions(context: Context) -> None:
    """A place described by a place noun that is "in" a larger place: "X, a village in Y", "the town
    of X in Y", "X in the east of Y", "two cities, A and B, in Y"."""
    k, index = context.knowledge, context.index
    for span, key in index.spans_of(EntityType.PLACE):
        root = span.root
        for anchor in _place_anchors(context, root):
            if anchor != root:  # "the southern Gaza city of Rafah", "the Rwandan town of X", "Sudan's capital, X"
                for whole in _modifying_places(context, anchor):
                    if index.place_rank(whole) > index.place_rank(key):
                        context.propose(key, "locatedIn", whole, root, "place-described", check_assertion=False)
            # "X, the capital of Y": "of" after a place noun in apposition, "in" after any anchor
            preps = ("in", "of") if anchor.dep_ == "appos" and anchor.head == root else ("in",)
            for prep in (c for c in anchor.children if c.dep_ == "prep" and c.lower_ in preps):
                if anchor is root and prep.i == span.end:
                    continue  # "A in B" right after the name: the places-in-places rule reads it
                for obj in (o for o in prep.children if o.dep_ == "pobj"):
                    if obj.lower_ in k.directions:  # "in the east of Ukraine"
                        wholes = context.phrases.prep_objects(obj, {"of"})
                    else:
                        wholes = context.phrases.entities(obj, conjuncts=False)
                    for whole in wholes:
                        if index.type_of(whole) is EntityType.PLACE and index.place_rank(whole) > index.place_rank(key):
                            context.propose(key, "locatedIn", whole, root, "place-described", check_assertion=False)


def _place_anchors(context: Context, root: Token) -> list[Token]:
    place_nouns = context.knowledge.place_nouns
    first = root
    while first.dep_ == "conj" and first.head != first:
        first = first.head
    anchors = [root, *(c for c in root.children if c.dep_ == "appos" and c.lemma_.lower() in place_nouns)]
    if first.dep_ == "appos" and first.head.lemma_.lower() in place_nouns:
        anchors.append(first.head)  # "two cities, A and B, in C"
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lemma_.lower() in place_nouns:
        anchors.append(root.head.head)  # "the town of X in Y"
    if root.dep_ == "appos" and root.head.lemma_.lower() in place_nouns:
        anchors.append(root.head)  # "Sudan's capital, Khartoum"
    return anchors


def _modifying_places(context: Context, noun: Token) -> list[str]:
    """Places named before a place noun: a name ("Gaza city"), a possessor ("Sudan's capital") or a
    nationality ("the Rwandan town")."""
    index, found = context.index, []
    for child in noun.children:
        if child.dep_ not in ("compound", "amod", "nmod", "poss"):
            continue
        key = index.of_token(child) or index.present(index.demonym_country(child.text))
        if key and index.type_of(key) is EntityType.PLACE and key not in found:
            found.append(key)
    return found
