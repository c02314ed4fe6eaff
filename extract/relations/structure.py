"""Structure rules: which unit or body is part of which (`partOf`), and whose weapons and units are whose.

They read the words between two mentions, as tokens: "1st Company of the 5th Brigade", "Ukrainian
soldiers of the 57th brigade", "X (72nd Division, 44th Army Corps)", an entity named "General Staff
of the Armed Forces of Ukraine", "a MiG-29 of the Air Force". The linking words are the `structure`
section of relations.yaml. Which place lies in which is `places`.
"""
from __future__ import annotations

from conflict_kg.extract.model import EntityType
from conflict_kg.extract.relations.engine import Context, Example, rule
from conflict_kg.extract.relations.index import COUNTRY_RANK
from conflict_kg.extract.relations.phrases import BODIES


@rule("unit-of", emits=("unit-of", "force-of-unit"), reads=("structure", "force_nouns"),
      examples=(
          Example("Soldiers of the 1st Company of the 5th Separate Assault Brigade held the line.",
                  gives=(("1st Company of the 5th Separate Assault Brigade", "partOf", "5th Separate Assault Brigade"),)),
          Example("The 5th and 110th Motorized Rifle Brigades of the Russian Armed Forces attacked.",
                  gives=(("5th Motorized Rifle Brigade", "partOf", "Armed Forces of Russia"),
                         ("110th Motorized Rifle Brigade", "partOf", "Armed Forces of Russia"))),
          Example("Tavria group of Ukraine's armed forces said so. The Tavria group held the line.",
                  gives=(("Tavria operational-strategic group", "partOf", "Armed Forces of Ukraine"),)),
          Example("The 234th Air Assault Regiment (Pskov) of the 76th Air Assault Division lost men.",
                  gives=(("234th Air Assault Regiment", "partOf", "76th Guards Air Assault Division"),)),
          Example("The 155th Naval Infantry Brigade of Russia's Pacific Fleet lost tanks.",
                  gives=(("155th Naval Infantry Brigade", "partOf", "Pacific Fleet"),)),
          Example("The Special Operations Forces (SSO) of the Armed Forces of Ukraine struck a depot.",
                  gives=(("Special Operations Forces of Ukraine", "partOf", "Armed Forces of Ukraine"),),
                  not_gives=(("Armed Forces of Ukraine", "partOf", "Special Operations Forces of Ukraine"),)),
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
                context.between(cursor, spans[j][0]) in context.links("list"):
            listed.append(spans[j][2])
            cursor, j = spans[j][1], j + 1
        chain, after_country, skip_to = [listed[-1]], False, -1
        for k, (next_start, next_end, next_key) in enumerate(spans[j:], start=j):
            if k <= skip_to:
                continue
            between = context.between(cursor, next_start)
            closed = context.index.text[next_end:next_end + 1] == ")"
            if (next_key == chain[-1] and between in ("(", "")) or (
                    between == "(" and closed and index.type_of(next_key) is EntityType.PLACE):
                cursor = next_end + closed  # "Forces (SSO) of", "6th Tank Regiment (Chebarkul) of": read on
                continue
            if between in context.links("part_of") and index.type_of(next_key) is EntityType.PLACE:
                cursor, after_country = next_end, True  # "of Russia's Pacific Fleet": the country's, read on
                continue
            linked = between in context.links("possessive") if after_country else between in context.links("part_of")
            if not linked or index.type_of(next_key) not in BODIES:
                break
            possessed = spans[k + 1] if k + 1 < len(spans) else None
            if possessed and index.type_of(possessed[2]) in BODIES and \
                    context.between(next_end, possessed[0]) in context.links("possessive"):
                next_key, next_end, skip_to = possessed[2], possessed[1], k + 1  # "of the Navy's Black Sea Fleet"
            chain.append(next_key)
            cursor, after_country = next_end, False
        token = context.token_at(start)
        if token is None:
            continue
        for member in listed[:-1]:
            for whole in chain[1:]:
                context.propose(member, "partOf", whole, token, "unit-of", check_assertion=False)
        if len(chain) < 2:
            continue
        words = context.index.text[start:end].lower().split()
        if words and words[-1] in context.knowledge.force_nouns and index.is_armed_forces(chain[0]):
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


@rule("coalition-members", emits=("coalition-member",), reads=("structure", "coalition_nouns"),
      examples=(
          Example("The Three Brotherhood Alliance – the MNDAA, the TNLA and the Arakan Army – took Lashio.",
                  gives=(("Myanmar National Democratic Alliance Army", "partOf", "Three Brotherhood Alliance"),
                         ("Arakan Army", "partOf", "Three Brotherhood Alliance")),
                  not_gives=(("Three Brotherhood Alliance", "partOf", "Arakan Army"),)),
      ))
def coalition_members(context: Context) -> None:
    """ "the Three Brotherhood Alliance – the MNDAA, the TNLA and the Arakan Army": the bodies listed
    right after a coalition's name are its members."""
    index, spans = context.index, context.index.mention_spans
    listing = context.links("list") | {f"{link} the" for link in context.links("list")}  # ", the TNLA and the AA"
    for i, (a_start, a_end, a) in enumerate(spans[:-1]):
        words = index.entities[a].label.lower().split()
        if index.type_of(a) not in BODIES or not words or words[-1] not in context.knowledge.coalition_nouns or \
                context.between(a_end, spans[i + 1][0]) not in context.links("members_follow"):
            continue
        members, cursor = [], a_end
        for start, end, key in spans[i + 1:]:
            gap = context.between(cursor, start)
            if index.type_of(key) not in BODIES or gap not in (context.links("members_follow") if not members else listing):
                break
            members.append(key)
            cursor = end
        token = context.token_at(a_start)
        if token is not None:
            context.propose_all([m for m in members if m != a], "partOf", [a], token, "coalition-member",
                                check_assertion=False)


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
            token = context.token_at(mention.start)
            if whole and whole != key and token is not None:
                context.propose(key, "partOf", whole, token, "name-of-body", check_assertion=False)
                break


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
        token, cursor = context.token_at(start), context.index.text.index("(", end) + 1
        for next_start, next_end, whole in spans[i + 1:]:
            if context.between(cursor, next_start) not in ("", ",") or index.type_of(whole) not in BODIES:
                break
            if token is not None:
                context.propose(key, "partOf", whole, token, "unit-in-brackets", check_assertion=False)
            cursor = next_end


def _maker_named_before_model(index, key: str) -> bool:
    """ "the Sukhoi Su-34", "a Boeing P-8": a company the knowledge base does not hold, named right
    before a model's name, is its maker; the armed bodies that field weapons are known ("an IDF Hermes")."""
    entity = index.entities[key]
    return entity.type is EntityType.ORGANISATION and entity.kb_id is None and \
        all(m.origin == "ner" for m in entity.mentions)


@rule("owners", emits=("weapon-of-owner", "possessed-unit", "vessel-of-fleet", "body-apposition"),
      reads=("structure", "structural_part_nouns"),
      examples=(
          Example("The United Nations mission MONUSCO said the rebels advanced.",
                  gives=(("MONUSCO", "partOf", "United Nations"),)),
          Example("Drones hit the patrol ship Vasily Bykov of the Black Sea Fleet.",
                  gives=(("Vasily Bykov", "partOf", "Black Sea Fleet"),),
                  not_gives=(("Black Sea Fleet", "used", "Vasily Bykov"),)),
          Example("The U.S. Navy's USS Gravely and USS Mason shot down drones, as did Royal Navy destroyer HMS Diamond.",
                  gives=(("USS Gravely", "partOf", "United States Navy"), ("USS Mason", "partOf", "United States Navy"),
                         ("HMS Diamond", "partOf", "Royal Navy")),
                  not_gives=(("United States Navy", "used", "USS Gravely"),)),
          Example("Drones hit the Vasily Bykov, a patrol ship of Russia's Black Sea Fleet.",
                  gives=(("Vasily Bykov", "partOf", "Black Sea Fleet"),)),
          Example("Ukraine sank the missile cruiser Moskva, the flagship of the Black Sea Fleet, in April.",
                  gives=(("Moskva", "partOf", "Black Sea Fleet"),)),
          Example("Ukrainian forces said a MiG-29 of the Ukrainian Air Force was lost.",
                  gives=(("Ukrainian Air Force", "used", "MiG-29"),)),
          Example("The Ukrainian Navy said its Neptune missiles hit the cruiser.",
                  gives=(("Ukrainian Navy", "used", "R-360 Neptune"),)),
          Example("A Mi-24 helicopter of the Ukrainian Air Force was seen.",
                  gives=(("Ukrainian Air Force", "used", "Mi-24"),)),
          Example("Hezbollah said it downed an IDF Hermes 900 drone.",
                  gives=(("Israel Defense Forces", "used", "Elbit Hermes 900"),)),
          Example("The Sukhoi Su-34 was designed to drop guided bombs.",
                  gives=(), not_gives=(("Sukhoi", "used", "Su-34"),)),
          Example("The IDF's Golani Brigade entered the town.",
                  gives=(("Golani Brigade", "partOf", "Israel Defense Forces"),)),
          Example("Russian forces regrouped as Russia's Tsentr Battlegroup advanced.",
                  gives=(("Central Military District", "partOf", "Armed Forces of Russia"),)),
      ))
def owners(context: Context) -> None:
    """A weapon of a force or a country's weapon is one it uses ("a MiG-29 of the Air Force",
    "a Mi-24 helicopter of the Air Force", "Ukraine's F-16s"); a body's or country's unit is part of
    it ("the IDF's Golani Brigade"). A warship of a fleet is part of the fleet, not a weapon it uses
    ("the patrol ship Sergei Kotov of the Black Sea Fleet", "Sergei Kotov, a patrol ship of ...")."""
    index = context.index
    for span, weapon in index.spans_of(EntityType.WEAPON_SYSTEM):
        vessel = index.is_vessel(weapon)
        noun = span.root.head if span.root.dep_ in ("compound", "nmod", "amod") else span.root
        holders = [noun, *(c for c in span.root.children if c.dep_ == "appos")] if vessel else [noun]
        pronouns = [c for holder in (span.root, noun) for c in holder.children
                    if c.dep_ == "poss" and c.lower_ in context.knowledge.possessive_body]
        for owner in (o for p in pronouns for o in context.phrases.references.pronoun(p)):
            if index.type_of(owner) in BODIES:  # "the Navy said its Neptune missiles hit the cruiser"
                context.propose(owner, "used", weapon, span.root, "weapon-of-owner", check_assertion=False)
        for owner in (o for holder in holders for o in context.phrases.prep_objects(holder, {"of"})):
            if vessel and index.type_of(owner) is EntityType.MILITARY_UNIT:
                context.propose(weapon, "partOf", owner, span.root, "vessel-of-fleet", check_assertion=False)
            elif index.type_of(owner) in BODIES or index.place_rank(owner) == COUNTRY_RANK \
                    if index.type_of(owner) is EntityType.PLACE else index.type_of(owner) in BODIES:
                context.propose(owner, "used", weapon, span.root, "weapon-of-owner", check_assertion=False)
    spans = index.mention_spans
    for (a_start, a_end, a), (b_start, b_end, b) in zip(spans, spans[1:]):
        between = context.between(a_end, b_start)
        token = context.token_at(a_start)
        if token is None or a == b:
            continue
        if between in context.links("part_of") and index.type_of(a) is EntityType.WEAPON_SYSTEM:
            if index.is_vessel(a) and index.type_of(b) is EntityType.MILITARY_UNIT:
                context.propose(a, "partOf", b, token, "vessel-of-fleet", check_assertion=False)
            else:
                context.propose(b, "used", a, token, "weapon-of-owner", check_assertion=False)
        elif between in context.knowledge.structural_part_nouns and index.type_of(a) in BODIES \
                and index.type_of(b) in BODIES:  # "the U.N. mission MONUSCO", "the SADC mission SAMIDRC"
            context.propose(b, "partOf", a, token, "body-apposition", check_assertion=False)
        elif between in index.gazetteer.vocabulary.vessel_nouns and index.type_of(a) is EntityType.MILITARY_UNIT \
                and index.type_of(b) is EntityType.WEAPON_SYSTEM:  # "Royal Navy destroyer HMS Diamond"
            context.propose(b, "partOf", a, token, "vessel-of-fleet", check_assertion=False)
        elif between == "" and index.type_of(a) in BODIES and index.type_of(b) is EntityType.WEAPON_SYSTEM \
                and not _maker_named_before_model(index, a):
            context.propose(a, "used", b, token, "weapon-of-owner", check_assertion=False)  # "an IDF Hermes 900"
        elif between in context.links("possessive"):
            owner = context.phrases.forces_of(a) if index.type_of(a) is EntityType.PLACE else a
            if index.type_of(b) is EntityType.WEAPON_SYSTEM and index.is_vessel(b):
                if index.type_of(a) is EntityType.MILITARY_UNIT:  # "the U.S. Navy's USS Gravely, USS Laboon and ..."
                    ships = [b, *index.listed_with((b_start, b_end, b), context.links("list"))]
                    context.propose_all(ships, "partOf", [a], token, "vessel-of-fleet", check_assertion=False)
            elif index.type_of(b) is EntityType.WEAPON_SYSTEM:
                context.propose(a, "used", b, token, "weapon-of-owner", check_assertion=False)
            elif index.type_of(b) is EntityType.MILITARY_UNIT and not index.is_armed_forces(b):
                context.propose(b, "partOf", owner, token, "possessed-unit", check_assertion=False)
