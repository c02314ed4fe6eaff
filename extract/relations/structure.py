"""Structure rules: which unit or body is part of which (`partOf`), which place lies in which (`locatedIn`).

They read the words between two mentions, as tokens: "1st Company of the 5th Brigade", "Ukrainian
soldiers of the 57th brigade", an entity named "General Staff of the Armed Forces of Ukraine",
"Orikhiv, Zaporizhzhia region", "Bakhmut, in Donetsk", "Kramatorsk and Sloviansk further west in
Donetsk", "Russia's Kursk region", "the Donbas, Ukraine's industrial heartland". The linking words
are the `structure` section of relations.yaml; a larger place must outrank the smaller one
(country > region > town), and a list of peers ("Ukraine, Estonia, Latvia") is not a hierarchy.
"""
from __future__ import annotations

from spacy.tokens import Token

from conflict_kg.extract.model import EntityType
from conflict_kg.extract.relations.engine import Context, Example, rule
from conflict_kg.extract.relations.events import agents_and_patients, particle
from conflict_kg.extract.relations.index import COUNTRY_RANK
from conflict_kg.extract.relations.phrases import BODIES

Mention = tuple[int, int, str]


def _between(context: Context, start: int, end: int) -> str:
    return context.index.words_between(start, end)


def _token_at(context: Context, char: int) -> Token | None:
    span = context.doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _links(context: Context, name: str) -> frozenset[str]:
    return context.knowledge.structure[name]


@rule("unit-of", emits=("unit-of", "force-of-unit"), reads=("structure", "force_nouns"),
      examples=(
          Example("Soldiers of the 1st Company of the 5th Separate Assault Brigade held the line.",
                  gives=(("1st Company of the 5th Separate Assault Brigade", "partOf", "5th Separate Assault Brigade"),)),
          Example("The 5th and 110th Motorized Rifle Brigades of the Russian Armed Forces attacked.",
                  gives=(("5th Motorized Rifle Brigade", "partOf", "Armed Forces of Russia"),
                         ("110th Motorized Rifle Brigade", "partOf", "Armed Forces of Russia"))),
          Example("The 155th Naval Infantry Brigade of Russia's Pacific Fleet lost tanks.",
                  gives=(("155th Naval Infantry Brigade", "partOf", "Pacific Fleet"),)),
          Example("The 43rd Regiment of the Russian Navy's Black Sea Fleet is based there.",
                  gives=(("43rd Regiment", "partOf", "Black Sea Fleet"), ("Black Sea Fleet", "partOf", "Russian Navy")),
                  not_gives=(("Russian Navy", "partOf", "Black Sea Fleet"),)),
      ))
def unit_of(context: Context) -> None:
    spans, index = context.index.mention_spans, context.index
    for i, (start, end, key) in enumerate(spans):
        if index.type_of(key) not in BODIES:
            continue
        listed, cursor, j = [key], end, i + 1  # "the 5th and 110th Brigades of the Russian Armed Forces"
        while j < len(spans) and index.type_of(spans[j][2]) in BODIES and \
                _between(context, cursor, spans[j][0]) in _links(context, "list"):
            listed.append(spans[j][2])
            cursor, j = spans[j][1], j + 1
        chain, after_country, skip_to = [listed[-1]], False, -1
        for k, (next_start, next_end, next_key) in enumerate(spans[j:], start=j):
            if k <= skip_to:
                continue
            between = _between(context, cursor, next_start)
            if next_key == chain[-1] and between in ("(", ""):
                cursor = next_end + (context.index.text[next_end:next_end + 1] == ")")  # "Forces (SSO) of"
                continue
            if between in _links(context, "part_of") and index.type_of(next_key) is EntityType.PLACE:
                cursor, after_country = next_end, True  # "of Russia's Pacific Fleet": the country's, read on
                continue
            linked = between in _links(context, "possessive") if after_country else between in _links(context, "part_of")
            if not linked or index.type_of(next_key) not in BODIES:
                break
            possessed = spans[k + 1] if k + 1 < len(spans) else None
            if possessed and index.type_of(possessed[2]) in BODIES and \
                    _between(context, next_end, possessed[0]) in _links(context, "possessive"):
                next_key, next_end, skip_to = possessed[2], possessed[1], k + 1  # "of the Navy's Black Sea Fleet"
            chain.append(next_key)
            cursor, after_country = next_end, False
        token = _token_at(context, start)
        if token is None:
            continue
        for member in listed[:-1]:
            for whole in chain[1:]:
                context.propose(member, "partOf", whole, token, "unit-of", check_assertion=False)
        if len(chain) < 2:
            continue
        words = context.index.text[start:end].lower().split()
        if words and words[-1] in context.knowledge.force_nouns:
            # "Ukrainian soldiers of the 57th brigade": the brigade is part of the forces
            for part in chain[1:]:
                context.propose(part, "partOf", chain[0], token, "force-of-unit", check_assertion=False)
        else:
            for j, part in enumerate(chain):
                for whole in chain[j + 1:]:
                    context.propose(part, "partOf", whole, token, "unit-of", check_assertion=False)


@rule("member-bodies", emits=("body-apposition",), reads=("structural_part_nouns",),
      examples=(
          Example("The People's Defence Force, the armed wing of the National Unity Government, advanced.",
                  gives=(("People's Defence Force", "partOf", "National Unity Government"),)),
      ))
def member_bodies(context: Context) -> None:
    """ "X, the armed wing of Y", "X, a member of Y": a body described as a part of another."""
    index = context.index
    for type_ in BODIES:
        for span, key in index.spans_of(type_):
            for noun in (c for c in span.root.children if c.dep_ == "appos"):
                if noun.lemma_.lower() not in context.knowledge.structural_part_nouns:
                    continue
                for whole in context.phrases.prep_objects(noun, {"of"}):
                    if index.type_of(whole) in BODIES:
                        context.propose(key, "partOf", whole, span.root, "body-apposition", check_assertion=False)


@rule("name-of-body", emits=("name-of-body",), reads=(),
      examples=(
          Example("The General Staff of the Armed Forces of Ukraine said so. The Armed Forces of Ukraine agreed.",
                  gives=(("General Staff of the Armed Forces of Ukraine", "partOf", "Armed Forces of Ukraine"),)),
      ))
def name_of_body(context: Context) -> None:
    """An entity named "General Staff of the Armed Forces of Ukraine" is part of that body."""
    entities = context.index.entities
    names = {name.lower(): key for key, e in entities.items() for name in (e.label, *e.aliases)}
    for key, entity in entities.items():
        if entity.type not in BODIES:
            continue
        for mention in (m for m in entity.mentions if m.end > m.start):
            head, of, tail = mention.name.partition(" of ")
            if not of or not head:
                continue
            tail = tail.removeprefix("the ").lower()
            whole = names.get(tail)
            if whole is None:
                known = context.index.gazetteer.lookup(tail)
                whole = context.index.present(known.id) if known else None
            token = _token_at(context, mention.start)
            if whole and whole != key and token is not None:
                context.propose(key, "partOf", whole, token, "name-of-body", check_assertion=False)
                break


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
        between = _between(context, a_end, b_start)
        token = _token_at(context, a_start)
        if token is None or a == b:
            continue
        if between in _links(context, "place_comma"):
            if not _in_list(context, a, b, a_start, b_end, spans) and index.place_rank(b) > index.place_rank(a):
                context.propose(a, "locatedIn", b, token, "place-comma", check_assertion=False)
        elif between in _links(context, "place_in") and not _possessed_next(context, b_end, spans):
            for part in [a, *_coordinated_before(context, a_start, spans)]:
                if index.place_rank(b) > index.place_rank(part):
                    context.propose(part, "locatedIn", b, token, "place-in", check_assertion=False)
        elif between in _links(context, "possessive") and index.place_rank(a) > index.place_rank(b):
            context.propose(b, "locatedIn", a, token, "place-possessive", check_assertion=False)
    _apposition_possessive(context)


def _possessed_next(context: Context, end: int, spans: list[Mention]) -> bool:
    """ "in eastern Ukraine's Donetsk region": the place after the possessive is the one meant."""
    after = next((s for s in spans if s[0] >= end), None)
    return after is not None and _between(context, end, after[0]) in _links(context, "possessive")


def _coordinated_before(context: Context, start: int, spans: list[Mention]) -> list[str]:
    """The places listed just before the one at `start` ("Kramatorsk and Sloviansk ... in Donetsk")."""
    found: list[str] = []
    for s_start, s_end, key in reversed([s for s in spans if s[1] <= start]):
        if _between(context, s_end, start) not in _links(context, "list"):
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
    if before and _between(context, before[1], start) in _links(context, "place_comma") \
            and index.place_rank(before[2]) >= index.place_rank(a):
        return True
    if after and _between(context, end, after[0]) in _links(context, "place_comma") | _links(context, "list") \
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


@rule("unit-hierarchy-in-brackets", emits=("unit-in-brackets",), reads=("structure",),
      examples=(
          Example("The 30th Motorized Rifle Regiment (72nd Motorized Rifle Division, 44th Army Corps) advanced.",
                  gives=(("30th Motorized Rifle Regiment", "partOf", "72nd Motorized Rifle Division"),
                         ("30th Motorized Rifle Regiment", "partOf", "44th Army Corps"))),
      ))
def unit_hierarchy_in_brackets(context: Context) -> None:
    """ "X (72nd Division, 44th Army Corps)": the units in brackets after a unit are what it is part of."""
    index = context.index
    spans = index.mention_spans
    for i, (start, end, key) in enumerate(spans):
        if index.type_of(key) is not EntityType.MILITARY_UNIT or context.index.text[end:end + 2].strip()[:1] != "(":
            continue
        token, cursor = _token_at(context, start), context.index.text.index("(", end) + 1
        for next_start, next_end, whole in spans[i + 1:]:
            if _between(context, cursor, next_start) not in ("", ",") or index.type_of(whole) not in BODIES:
                break
            if token is not None:
                context.propose(key, "partOf", whole, token, "unit-in-brackets", check_assertion=False)
            cursor = next_end


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


@rule("owners", emits=("weapon-of-owner", "possessed-unit"), reads=("structure",),
      examples=(
          Example("Ukrainian forces said a MiG-29 of the Ukrainian Air Force was lost.",
                  gives=(("Ukrainian Air Force", "used", "MiG-29"),)),
          Example("A Mi-24 helicopter of the Ukrainian Air Force was seen.",
                  gives=(("Ukrainian Air Force", "used", "Mi-24"),)),
          Example("Hezbollah said it downed an IDF Hermes 900 drone.",
                  gives=(("Israel Defense Forces", "used", "Elbit Hermes 900"),)),
          Example("The IDF's Golani Brigade entered the town.",
                  gives=(("Golani Brigade", "partOf", "Israel Defense Forces"),)),
          Example("Russian forces regrouped as Russia's Tsentr Battlegroup advanced.",
                  gives=(("Tsentr Battlegroup", "partOf", "Armed Forces of Russia"),)),
      ))
def owners(context: Context) -> None:
    """A weapon of a force or a country's weapon is one it uses ("a MiG-29 of the Air Force",
    "a Mi-24 helicopter of the Air Force", "Ukraine's F-16s"); a body's or country's unit is part of
    it ("the IDF's Golani Brigade")."""
    index = context.index
    for span, weapon in index.spans_of(EntityType.WEAPON_SYSTEM):
        noun = span.root.head if span.root.dep_ in ("compound", "nmod", "amod") else span.root
        for owner in context.phrases.prep_objects(noun, {"of"}):
            if index.type_of(owner) in BODIES or index.place_rank(owner) == COUNTRY_RANK \
                    if index.type_of(owner) is EntityType.PLACE else index.type_of(owner) in BODIES:
                context.propose(owner, "used", weapon, span.root, "weapon-of-owner", check_assertion=False)
    spans = index.mention_spans
    for (a_start, a_end, a), (b_start, b_end, b) in zip(spans, spans[1:]):
        between = _between(context, a_end, b_start)
        token = _token_at(context, a_start)
        if token is None or a == b:
            continue
        if between in _links(context, "part_of") and index.type_of(a) is EntityType.WEAPON_SYSTEM:
            context.propose(b, "used", a, token, "weapon-of-owner", check_assertion=False)
        elif between == "" and index.type_of(a) in BODIES and index.type_of(b) is EntityType.WEAPON_SYSTEM:
            context.propose(a, "used", b, token, "weapon-of-owner", check_assertion=False)  # "an IDF Hermes 900"
        elif between in _links(context, "possessive"):
            owner = context.phrases.forces_of(a) if index.type_of(a) is EntityType.PLACE else a
            if index.type_of(b) is EntityType.WEAPON_SYSTEM:
                context.propose(a, "used", b, token, "weapon-of-owner", check_assertion=False)
            elif index.type_of(b) is EntityType.MILITARY_UNIT and not index.is_armed_forces(b):
                context.propose(b, "partOf", owner, token, "possessed-unit", check_assertion=False)
