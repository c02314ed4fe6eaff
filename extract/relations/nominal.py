"""Event rules on nouns: attacks and captures named by a noun, and control taken of a place.

"Russian attacks on Kharkiv", "the shelling of Kherson", "launched a barrage of attacks against X"
(the light verb's subject makes the attack), "the capture of Bakhmut by the Wagner Group", "the fall
of Avdiivka to Russian forces", "X took (full) control of Y", "X established control over Y"; and,
registered after every other attack rule, an attack repelled without its makers named ("repelled the
assault") as the latest attack found before it.
"""
from __future__ import annotations

from spacy.tokens import Token

from conflict_kg.extract.model import EntityType
from conflict_kg.extract.relations.engine import Context, Example, rule
from conflict_kg.extract.relations.index import COUNTRY_RANK
from conflict_kg.extract.relations.events import (acting_entities, agents_and_patients, earlier_attacker,
                                                   is_attack_noun, particle, places_of_action, predicate_of_verb,
                                                   unplaced)


def _is_noun(token: Token) -> bool:
    return token.pos_ in ("NOUN", "PROPN")


@rule("attack-nouns", emits=("nominal-attack",),
      reads=("attack_nouns", "light_verbs", "quantity_nouns", "trap_verbs", "attack_setting_verbs"),
      examples=(
          Example("Russia's attack on Kharkiv killed three people.",
                  gives=(("Russia", "attacked", "Kharkiv"),)),
          Example("Ukrainian forces launched a barrage of attacks against Russian forces in Kursk.",
                  gives=(("Armed Forces of Ukraine", "attacked", "Armed Forces of Russia"),)),
          Example("Israeli forces hit back with strikes on Baalbek.",
                  gives=(("Israel Defense Forces", "attacked", "Baalbek"),)),
          Example("Russian forces advanced. A Russian column was caught in an ambush laid by Ukrainian forces near Brovary.",
                  gives=(("Armed Forces of Ukraine", "attacked", "Armed Forces of Russia"),)),
          Example("JNIM said it had caught a convoy of the Malian army in a complex ambush.",
                  gives=(("Jama'at Nusrat al-Islam wal-Muslimin", "attacked", "Malian Armed Forces"),)),
          Example("The MNDAA kept up its attacks on Tatmadaw positions around Lashio.",
                  gives=(("Myanmar National Democratic Alliance Army", "attacked", "Myanmar Armed Forces"),)),
          Example("Russian forces continued assaults in Toretsk and near Druzhba.",
                  gives=(("Armed Forces of Russia", "attacked", "Toretsk"),)),
          Example("Russian forces pressed on. Russian assaults were recorded in the areas of Siversk and Bilohorivka.",
                  gives=(("Armed Forces of Russia", "attacked", "Siversk"), ("Armed Forces of Russia", "attacked", "Bilohorivka"))),
          Example("Russian forces carried out strikes against Ukrainian forces in Orikhiv.",
                  gives=(("Armed Forces of Russia", "attacked", "Armed Forces of Ukraine"),
                         ("Armed Forces of Russia", "attacked", "Orikhiv"))),
          Example("Since spring, Russia's main effort has been a ground onslaught on Chasiv Yar.",
                  gives=(("Russia", "attacked", "Chasiv Yar"),)),
          Example("Russia denied it. A Russian missile strike on Dnipro killed five people.",
                  gives=(("Russia", "attacked", "Dnipro"),)),
          Example("Russian forces pressed on as Kupiansk came under Russian airstrikes.",
                  gives=(("Armed Forces of Russia", "attacked", "Kupiansk"),)),
      ))
def attack_nouns(context: Context) -> None:
    k = context.knowledge
    for noun in context.doc:
        if not _is_noun(noun) or (noun.lemma_.lower() not in k.attack_nouns and noun.lower_ not in k.attack_nouns):
            continue
        if noun.dep_ in ("dobj", "nsubjpass") and predicate_of_verb(context, noun.head) == "repelled":
            continue  # what is repelled was attempted, not done
        caught = _caught_in(context, noun)
        if caught is not None:  # "X caught a convoy in an ambush", "a column caught in an ambush laid by X"
            context.propose_all(caught[0], k.attack_predicate, caught[1], noun, "nominal-attack")
            continue
        agents = context.phrases.makers_of(noun) or _makers_by_copula(context, noun)
        light_verb = _light_verb(context, noun)
        if light_verb is not None and not agents:
            agents = [key for a in agents_and_patients(context, light_verb)[0] for key in acting_entities(context, a)]
        if not agents:
            continue
        targets: list[str] = []
        target_tokens: list[Token] = []
        holders = [noun] if light_verb is None else [noun, light_verb]
        for holder in holders:
            for prep in holder.children:
                if prep.dep_ != "prep" or prep.lower_ not in k.attack_preps:
                    continue
                if prep.lower_ == "of" and (holder is light_verb or noun.lemma_.lower() not in k.attack_of_target):
                    continue
                targets += context.phrases.objects_of(prep)
                target_tokens += [o for o in prep.children if o.dep_ == "pobj"]
        if noun.dep_ in ("nsubj", "nsubjpass") and noun.head.lemma_.lower() in k.attack_setting_verbs:
            holders.append(noun.head)  # "Russian assaults were recorded in the areas of X"
        targets += places_of_action(context, holders + unplaced(context, target_tokens))
        targets += _places_hit(context, noun) + _under_attack(context, noun)
        context.propose_all(agents, k.attack_predicate, targets, noun, "nominal-attack")


def _makers_by_copula(context: Context, noun: Token) -> list[str]:
    """ "Russia's main effort has been an onslaught on Bakhmut": the maker of what the subject is."""
    if noun.dep_ != "attr" or noun.head.lemma_ != "be":
        return []
    return [k for s in noun.head.children if s.dep_ == "nsubj" for k in context.phrases.makers_of(s)]


def _caught_in(context: Context, noun: Token) -> tuple[list[str], list[str]] | None:
    """ "caught X in an ambush" (the catcher attacked X), "X caught in an ambush laid by Y" (Y did):
    (attackers, targets), or None when the attack noun is not what something was caught in."""
    verb = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ == "in" else None
    if verb is None or verb.lemma_.lower() not in context.knowledge.trap_verbs:
        return None
    agents, patients, _ = agents_and_patients(context, verb)
    attackers = [key for a in agents for key in acting_entities(context, a)]
    for layer in (c for c in noun.children if c.dep_ == "acl"):  # "an ambush laid by Y"
        attackers += [key for a in agents_and_patients(context, layer)[0] for key in acting_entities(context, a)]
    return attackers, [key for p in patients for key in context.phrases.entities(p)]


def _light_verb(context: Context, noun: Token) -> Token | None:
    """The verb that makes an attack noun its object: "launched (a barrage of) attacks"."""
    k = context.knowledge
    token = noun
    while token.dep_ == "conj" and token.head != token:
        token = token.head
    if token.dep_ == "pobj" and token.head.lower_ == "of" and (
            token.head.head.lemma_.lower() in k.quantity_nouns | k.attack_nouns):
        token = token.head.head
    if token.dep_ == "dobj" and (token.head.lemma_.lower(), particle(token.head)) in k.light_verbs:
        return token.head
    if token.dep_ == "pobj" and token.head.lower_ == "with" and token.head.head.pos_ in ("VERB", "AUX"):
        return token.head.head  # "Israeli forces hit back with strikes on Baalbek"
    return None


def _under_attack(context: Context, noun: Token) -> list[str]:
    """ "Lyptsi came under Russian airstrikes": the subject of the verb is the target."""
    under = noun.head
    if noun.dep_ != "pobj" or under.lower_ != "under" or \
            under.head.lemma_.lower() not in context.knowledge.attack_under_verbs:
        return []
    return [k for s in under.head.children if s.dep_ in ("nsubj", "nsubjpass") for k in context.phrases.entities(s)]


def _places_hit(context: Context, subject: Token) -> list[str]:
    """Places a strike hit as the subject of a harming verb: "Russia's missile strikes knocked out
    power in Kharkiv" -> Kharkiv."""
    verb = subject.head
    if subject.dep_ != "nsubj" or predicate_of_verb(context, verb) not in ("attacked", "destroyed"):
        return []
    return places_of_action(context, [verb, *(c for c in verb.children if c.dep_ == "dobj")])


@rule("capture-nouns", emits=("nominal-capture",), reads=("capture_nouns", "unasserting_verbs", "crediting_verbs"),
      examples=(
          Example("After the capture of Bakhmut by the Wagner Group, fighting moved west.",
                  gives=(("Wagner Group", "captured", "Bakhmut"),)),
          Example("The fall of Avdiivka to Russian forces came in February.",
                  gives=(("Armed Forces of Russia", "captured", "Avdiivka"),)),
          Example("Kherson was calm. Its capture by Russian forces came in March.",
                  gives=(("Armed Forces of Russia", "captured", "Kherson"),)),
          Example("Military bloggers credited the capture of Klishchiivka to the 3rd Assault Brigade.",
                  gives=(("3rd Separate Assault Brigade", "captured", "Klishchiivka"),)),
          Example("An attempted capture of Kupiansk by Russian forces stalled.",
                  not_gives=(("Armed Forces of Russia", "captured", "Kupiansk"),)),
      ))
def capture_nouns(context: Context) -> None:
    k = context.knowledge
    for noun in context.doc:
        captor_prep = k.captor_preps.get(noun.lemma_.lower()) if _is_noun(noun) else None
        if captor_prep is None or any(c.dep_ == "amod" and c.lemma_.lower() in k.unasserting_verbs
                                      for c in noun.children):
            continue
        taken = context.phrases.prep_objects(noun, {"of"})
        possessors = [p for c in noun.children if c.dep_ == "poss" for p in context.phrases.entities(c)
                      if context.index.type_of(p) is not EntityType.PLACE or context.index.place_rank(p) < COUNTRY_RANK]
        by_agent = context.phrases.prep_objects(noun, {"by"})
        if not taken and by_agent and possessors:  # "its seizure by the Russian Navy": the possessor was taken
            taken, captors = possessors, by_agent
        elif captor_prep == "by":
            captors = context.phrases.makers_of(noun)
        else:
            captors = context.phrases.prep_objects(noun, {captor_prep})
        if not captors and noun.dep_ == "dobj" and noun.head.lemma_.lower() in k.crediting_verbs:
            captors = context.phrases.prep_objects(noun.head, {"to"})  # "credited the capture of X to Y"
        context.propose_all(captors, k.capture_predicate, taken, noun, "nominal-capture")


@rule("control-taken", emits=("control-taken",), reads=("control_nouns", "light_verbs"),
      examples=(
          Example("Russian forces took full control of Vuhledar on Monday.",
                  gives=(("Armed Forces of Russia", "captured", "Vuhledar"),)),
          Example("The 3rd Assault Brigade established control over Andriivka.",
                  gives=(("3rd Separate Assault Brigade", "captured", "Andriivka"),)),
          Example("Russian forces tried to take control of Chasiv Yar.",
                  not_gives=(("Armed Forces of Russia", "captured", "Chasiv Yar"),)),
      ))
def control_taken(context: Context) -> None:
    """A verb taking "control" of a place: the verb's subject captured the place."""
    k = context.knowledge
    for noun in context.doc:
        if noun.lemma_.lower() not in k.control_nouns or noun.dep_ != "dobj":
            continue
        verb = noun.head
        if (verb.lemma_.lower(), particle(verb)) not in k.light_verbs:
            continue
        places = [key for key in context.phrases.prep_objects(noun, {"of", "over"})
                  if context.index.type_of(key) is EntityType.PLACE]
        agents = [key for a in agents_and_patients(context, verb)[0] for key in acting_entities(context, a)]
        context.propose_all(agents, k.capture_predicate, places, verb, "control-taken")


@rule("exchanged-fire", emits=("exchanged-fire",), reads=("exchange_nouns",),
      examples=(
          Example("Congolese soldiers exchanged artillery fire with Rwandan troops near Goma.",
                  gives=(("Armed Forces of the Democratic Republic of the Congo", "attacked", "Rwanda Defence Force"),
                         ("Rwanda Defence Force", "attacked", "Armed Forces of the Democratic Republic of the Congo"))),
      ))
def exchanged_fire(context: Context) -> None:
    """ "X exchanged fire with Y": each side attacked the other."""
    k = context.knowledge
    for noun in context.doc:
        if noun.dep_ != "dobj" or noun.lemma_.lower() not in k.exchange_nouns or noun.head.lemma_.lower() != "exchange":
            continue
        verb = noun.head
        sides = [key for a in agents_and_patients(context, verb)[0] for key in acting_entities(context, a)]
        others = context.phrases.prep_objects(verb, {"with"}) + context.phrases.prep_objects(noun, {"with"})
        context.propose_all(sides, k.attack_predicate, others, verb, "exchanged-fire")
        context.propose_all(others, k.attack_predicate, sides, verb, "exchanged-fire")


@rule("unnamed-attack-repelled", emits=("repelled-attacker",), reads=("verbs", "advance_nouns"),
      examples=(
          Example("Russian troops attacked Marinka at dawn. Ukrainian forces repelled the assault.",
                  gives=(("Armed Forces of Ukraine", "repelled", "Armed Forces of Russia"),)),
          Example("Russian troops pressed on. Russian assaults were recorded in Marinka and Pobieda. "
                  "Ukrainian forces repelled all of them.",
                  gives=(("Armed Forces of Ukraine", "repelled", "Armed Forces of Russia"),)),
          Example("Russian troops massed near Kupiansk. Ukrainian forces fought off two counterattacks.",
                  gives=(("Armed Forces of Ukraine", "repelled", "Armed Forces of Russia"),)),
      ))
def unnamed_attack_repelled(context: Context) -> None:
    """ "Ukrainian forces repelled the assault", "... repelled all of them": an attack named without
    its makers is the latest one found before it, by any rule; so this rule runs after the others."""
    for verb in context.doc:
        if predicate_of_verb(context, verb) != "repelled":
            continue
        agents, patients, _ = agents_and_patients(context, verb)
        agent_keys = [key for a in agents for key in acting_entities(context, a)]
        for patient in patients:
            attack = is_attack_noun(context, patient)
            if attack and not context.phrases.makers_of(patient) or \
                    not attack and not context.phrases.entities(patient) and _is_pronoun_phrase(patient):
                attackers = earlier_attacker(context, verb, agent_keys)
                if not attackers and attack:  # "Ukrainian forces fought off two counterattacks": the other side's
                    other = context.index.other_side({context.index.country_of(key) for key in agent_keys} - {None})
                    attackers = [other] if other else []
                context.propose_all(agent_keys, "repelled", attackers, verb, "repelled-attacker")


def _is_pronoun_phrase(token: Token) -> bool:
    """ "them", "all of them", "each of those"."""
    return token.pos_ == "PRON" and not any(c.dep_ == "prep" and c.lower_ != "of" for c in token.children) and \
        all(o.pos_ in ("PRON", "DET") for prep in token.children if prep.dep_ == "prep" for o in prep.children)
