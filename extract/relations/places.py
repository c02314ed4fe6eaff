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
from conflict_kg.extract.relations.index import FACILITY_RANK

Mention = tuple[int, int, str]


@rule("places-in-places", emits=("place-comma", "place-in", "place-possessive"), reads=("structure",),
      examples=(
          Example("Shelling hit Orikhiv, Zaporizhzhia region, on Monday.",
                  gives=(("Orikhiv", "locatedIn", "Zaporizhzhia Oblast"),)),
          Example("Drones struck Kramatorsk and Sloviansk further west in Donetsk Oblast.",
                  gives=(("Kramatorsk", "locatedIn", "Donetsk Oblast"), ("Sloviansk", "locatedIn", "Donetsk Oblast"))),
          Example("Leaders from Ukraine, Poland and Latvia met.",
                  not_gives=(("Ukraine", "locatedIn", "Poland"),)),
          Example("Shelling hit Yasynuvata, also in the self-proclaimed Donetsk People's Republic.",
                  gives=(("Yasynuvata", "locatedIn", "Donetsk People's Republic"),)),
          Example("Troops advanced on Bilohorivka and Siversk, both in Donetsk Oblast.",
                  gives=(("Bilohorivka", "locatedIn", "Donetsk Oblast"), ("Siversk", "locatedIn", "Donetsk Oblast"))),
          Example("Drones hit Belbek Air Base in Russia's Crimea region.",
                  gives=(("Belbek Air Base", "locatedIn", "Crimea"),),
                  not_gives=(("Belbek Air Base", "locatedIn", "Russia"),)),
          Example("Workers left the Antonov airport in Hostomel on Friday.",
                  gives=(("Antonov", "locatedIn", "Hostomel"),)),
          Example("Strikes hit the northern Gaza town of Beit Hanoun.",
                  gives=(("Beit Hanoun", "locatedIn", "Gaza Strip"),)),
          Example("Fighting in Bakhmut, in Avdiivka and in Marinka went on.",
                  not_gives=(("Bakhmut", "locatedIn", "Avdiivka"), ("Avdiivka", "locatedIn", "Marinka"))),
          Example("He flew from Kyiv to Lviv in western Ukraine.",
                  not_gives=(("Kyiv", "locatedIn", "Lviv"),)),
          Example("Missiles hit the Kulbakino military airfield, in the town of Mykolaiv.",
                  gives=(("Kulbakino", "locatedIn", "Mykolaiv"),)),
          Example("Shelling hit the Nikopol district of the Dnipropetrovsk region.",
                  gives=(("Nikopol district", "locatedIn", "Dnipropetrovsk Oblast"),)),
          Example("The mayor of Kherson met residents of Kyiv.",
                  not_gives=(("Kherson", "locatedIn", "Kyiv"),)),
      ))
def places_in_places(context: Context) -> None:
    index = context.index
    spans = [s for s in index.mention_spans if index.type_of(s[2]) is EntityType.PLACE]
    for i, ((a_start, a_end, a), (b_start, b_end, b)) in enumerate(zip(spans, spans[1:])):
        between = context.between(a_end, b_start)
        token = context.token_at(a_start)
        if token is None or a == b:
            continue
        reading = _gap_reading(context, a_end, b_start)
        if between in context.links("place_comma"):
            if not _in_list(context, a, b, a_start, b_end, spans) and index.place_rank(b) > index.place_rank(a):
                context.propose(a, "locatedIn", b, token, "place-comma", check_assertion=False)
        elif between in context.links("place_in") or reading == LOCATED:
            whole = _possessed_next(context, b_end, spans[i + 2:]) or b
            for part in [a, *_coordinated_before(context, a_start, spans)]:
                if index.place_rank(whole) > _rank_as_named(context, part, a_end if part == a else None):
                    context.propose(part, "locatedIn", whole, token, "place-in", check_assertion=False)
        elif (between in context.links("possessive") or reading == HOLDS) and index.place_rank(a) > index.place_rank(b):
            context.propose(b, "locatedIn", a, token, "place-possessive", check_assertion=False)
    _apposition_possessive(context)


LOCATED, HOLDS = "located", "holds"


def _rank_as_named(context: Context, key: str, end: int | None) -> float:
    """A place's rank, or a site's when a facility noun follows its name ("the Antonov airport in X")."""
    last = context.token_at(end - 1) if end is not None else None
    following = last.nbor() if last is not None and last.i + 1 < len(last.doc) else None
    facilities = context.knowledge.place_words.facilities
    if following is not None and following.lemma_.lower() in facilities:
        return FACILITY_RANK
    if last is not None and last.dep_ in ("compound", "nmod") and last.head.i > last.i \
            and last.head.lemma_.lower() in facilities:  # "the Chernovoglinskoye military airfield in X"
        return FACILITY_RANK
    return context.index.place_rank(key)


def _gap_reading(context: Context, start: int, end: int) -> str | None:
    """How the words between two place mentions link them, read as kinds of token: LOCATED when the
    first lies in the second ("X, likewise in the self-proclaimed Y", "the X plant in Y", "X, in the
    town of Y", "X, all in Y"), HOLDS when the second lies in the first ("the Gaza city of Rafah",
    "Sudan's capital, Khartoum"), else None. Any verb, name, number or other preposition breaks it."""
    span = context.doc.char_span(start, end, alignment_mode="contract")
    tokens = [t for t in span if not t.is_space] if span is not None else []
    if not tokens:
        return None
    k = context.knowledge
    nouns = k.place_nouns | k.place_words.regions | k.place_words.facilities
    kinds = [_token_kind(t, nouns, k.place_prepositions, k.quantity_words) for t in tokens]
    if kinds.count("prep") == 1:
        at = kinds.index("prep")
        after = kinds[at + 1:]
        if after[-2:] == ["noun", "of"]:
            after = after[:-1]  # "in the town of Y"
        if all(kind in ("filler", "noun", "comma") for kind in kinds[:at]) and \
                all(kind in ("filler", "noun") for kind in after):
            return LOCATED
        return None
    if kinds[:1] == ["possessive"]:
        tokens, kinds = tokens[1:], kinds[1:]
    if len(kinds) >= 2 and kinds[-1] in ("of", "comma") and kinds[-2] == "noun" and \
            all(kind == "filler" for kind in kinds[:-2]) and tokens[-2].lemma_.lower() in k.place_nouns:
        return HOLDS
    return None


def _token_kind(token: Token, nouns: frozenset[str], prepositions: frozenset[str], quantities: frozenset[str]) -> str:
    word = token.lower_.replace("’", "'")
    if word in prepositions:
        return "prep"
    if word in ("of", ","):
        return {"of": "of", ",": "comma"}[word]
    if word in ("'s", "'"):
        return "possessive"
    if token.lemma_.lower() in nouns or word in nouns or (token.dep_ == "compound" and token.head.lemma_.lower() in nouns):
        return "noun"  # "village", "Air Base"
    hyphenated = token.text == "-" or (not token.whitespace_ and token.i + 1 < len(token.doc)
                                       and token.nbor().text == "-")  # "self-proclaimed"
    if hyphenated or token.text in ("(", ")") or token.pos_ in ("DET", "ADJ", "ADV") or word in quantities or \
            token.dep_ in ("amod", "det", "predet", "advmod"):  # "X and Y, both in Z"
        return "filler"
    return "other"


def _possessed_next(context: Context, end: int, later: list[Mention]) -> str | None:
    """ "in eastern Ukraine's Donetsk region": the place after the possessive is the one meant."""
    if later and context.between(end, later[0][0]) in context.links("possessive"):
        return later[0][2]
    return None


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
