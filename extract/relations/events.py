"""Event rules on verbs: who captured, attacked, destroyed, shot down, used or repelled what.

Reads a verb's subject and object in the active voice, its by-agent and subject in the passive, the
noun a reduced relative modifies ("the town captured by X"), a shared subject of coordinated and
complement verbs, objects of a preposition that name the target ("fired on X"), a patient subject
with an agent after a preposition ("Avdiivka fell to Russian forces"), instruments ("fired with X")
and attackers behind a weapon or a strike ("Russian missiles struck Lviv").
"""
from __future__ import annotations

from spacy.tokens import Token

from conflict_kg.extract.model import EntityType
from conflict_kg.extract.relations.engine import Context, Example, rule
from conflict_kg.extract.relations.index import REPORTER_SIDE
from conflict_kg.extract.relations.references import nearest_conjunct, relative_antecedent

_CONTROL_CLIMB = 4


_ADVERB_PARTICLES = ("back", "off", "down", "out")  # "pushed the rebels back": parsed as an adverb


def particle(verb: Token) -> str | None:
    return next((c.lower_ for c in verb.children if c.dep_ == "prt" or
                 (c.dep_ == "advmod" and c.lower_ in _ADVERB_PARTICLES and c.i > verb.i)), None)


def predicate_of_verb(context: Context, verb: Token) -> str | None:
    verbs = context.knowledge.verbs
    lemma, prt = verb.lemma_.lower(), particle(verb)
    if (lemma, prt) in verbs:
        return verbs[(lemma, prt)]
    if prt is None or (lemma, None) not in verbs:
        return None
    # "take over" is not listed but "take" is: only particles that keep the sense
    return verbs[(lemma, None)] if prt in context.knowledge.sense_keeping_particles else None


def is_passive(verb: Token) -> bool:
    """Passive by its auxiliary or subject, as a participle modifying a noun, or by a "by" the parser
    marked as the agent ("with Russian attacks repulsed by Ukrainian troops")."""
    return any(c.dep_ in ("nsubjpass", "auxpass", "agent") for c in verb.children) or (
        verb.dep_ in ("acl", "amod") and verb.tag_ == "VBN")


def agents_and_patients(context: Context, verb: Token) -> tuple[list[Token], list[Token], str]:
    """The verb's doers and undergoers as tokens, and the rule id of the construction."""
    passive = is_passive(verb)
    agents: list[Token] = []
    patients: list[Token] = []
    for child in verb.children:
        if child.dep_ == "nsubj" and not passive:
            agents.append(child)
        elif child.dep_ in ("nsubjpass", "dobj") or (child.dep_ == "nsubj" and passive):
            patients.append(child)
        elif child.dep_ == "agent":
            agents.extend(c for c in child.children if c.dep_ == "pobj")
    if passive and not agents:
        agents = _agent_of_actions(verb, context.knowledge.agency_nouns)
    rule_id = "verb-passive" if passive else "verb-active"
    relative = any(a.tag_ in ("WDT", "WP") for a in agents + patients)
    if verb.dep_ in ("acl", "relcl") and not patients and passive and verb.head.dep_ != "poss":
        patients.append(_named_before_comma(context, verb) or nearest_conjunct(verb.head, verb.i))  # "the town captured by X"
        rule_id = "verb-relative"
    elif verb.dep_ == "relcl" and not patients and not relative and agents:
        patients.append(nearest_conjunct(verb.head, verb.i))  # "the city Russia captured in 2023"
        rule_id = "verb-relative"
    elif relative:
        rule_id = "verb-relative"
    if not agents and not passive and verb.dep_ == "acl" and verb.tag_ == "VBG":
        agents = [verb.head]  # "Wagner fighters assaulting Ukrainian defences"
    if not agents and not passive:
        agents = _subject_of_split_perfect(verb) or _controller(verb) or _doer_of_gerund(context, verb)
    if not patients and passive:  # "bombers appear to have been destroyed": a raising verb's subject
        patients = _controller(verb, deps=("nsubjpass", "nsubj") if verb.dep_ == "xcomp" else ("nsubjpass",))
    return agents, patients, rule_id


def _subject_of_split_perfect(verb: Token) -> list[Token]:
    """ "confirmed that the Air Force had for the first time used F-16s": a perfect that the parser
    split, taking "had" for the clause's verb (with the subject) and the participle for a clause
    of its own. The participle's subject is that of the "have" right before it, when nothing but
    what hangs on the "have" lies between them and the "have" has no object of its own ("had the
    tanks repaired" is another construction). The participle may be tagged a past tense."""
    if verb.tag_ not in ("VBN", "VBD"):
        return []
    have = next((t for t in reversed(verb.doc[verb.sent.start:verb.i]) if t.pos_ in ("VERB", "AUX")), None)
    if have is None or have.lemma_ != "have" or have.dep_ == "aux" or any(c.dep_ == "dobj" for c in have.children):
        return []
    if not all(have.is_ancestor(t) for t in verb.doc[have.i + 1:verb.i]):
        return []
    return [c for c in have.children if c.dep_ == "nsubj"]


def _named_before_comma(context: Context, verb: Token) -> Token | None:
    """ "..., Wagner's 13th Detachment, commanded by X": the name right before the comma, whatever
    noun the parser hung the participle on."""
    if verb.i < 2 or verb.nbor(-1).text != "," or verb.head.pos_ == "PROPN" or context.index.of_token(verb.head):
        return None  # the parser hung it on a name: trust that ("Robotyne, Zaporizhzhia region, liberated by X")
    named = verb.nbor(-2)
    return named if context.index.of_token(named) is not None else None


def _doer_of_gerund(context: Context, verb: Token) -> list[Token]:
    """ "accused the Russian military of striking Wagner camps": the object of a verb of blaming or
    crediting does what its "of"/"for"/"with" clause says; "took part in capturing Kubatkin": the
    subject of a verb of taking part does what its "in" clause says; "marked the day by retaking
    Robotyne": the subject does what its "by" clause says."""
    prep = verb.head if verb.dep_ == "pcomp" else None
    if prep is None or prep.lower_ not in ("of", "for", "with", "in", "by"):
        return []
    if prep.lower_ == "by":  # "Russia responded by striking Kyiv": the means, done by the doer
        return [c for c in prep.head.children if c.dep_ == "nsubj"] or _controller(prep.head, deps=("nsubj",))
    holder = prep.head.head if prep.head.dep_ == "dobj" else prep.head
    lemma = holder.lemma_.lower()
    if prep.lower_ == "in":
        objects = {c.lemma_.lower() for c in holder.children if c.dep_ == "dobj"}
        if lemma in context.knowledge.participation_verbs or any(f"{lemma} {o}" in context.knowledge.participation_verbs
                                                                 for o in objects):
            return [c for c in holder.children if c.dep_ in ("nsubj", "nsubjpass")] or _controller(holder)
        return []
    if lemma not in context.knowledge.accusing_verbs:
        return []
    return [c for c in holder.children if c.dep_ == "dobj"]


def _agent_of_actions(verb: Token, nouns: frozenset[str]) -> list[Token]:
    """ "was liberated as a result of decisive actions by the Yug Battlegroup": the "by" of a noun
    of action inside one of the passive verb's prepositional phrases."""
    for prep in (c for c in verb.children if c.dep_ == "prep"):
        for token in prep.subtree:
            if token.lemma_.lower() in nouns or token.lower_ in nouns:
                return [o for by in token.children if by.dep_ == "prep" and by.lower_ == "by"
                        for o in by.children if o.dep_ == "pobj"]
    return []


def _controller(verb: Token, deps: tuple[str, ...] = ("nsubj", "nsubjpass")) -> list[Token]:
    """The subject a verb shares with the verb it is coordinated with or the complement of."""
    token = verb
    for _ in range(_CONTROL_CLIMB):
        if token.dep_ not in ("conj", "xcomp", "advcl") or token.head == token:
            return []
        token = token.head
        subjects = [c for c in token.children if c.dep_ in deps]
        if subjects:
            return subjects
    return []


def acting_entities(context: Context, token: Token) -> list[str]:
    """Who acts through a subject: the entities it names (a warship too: "HMS Diamond shot down seven
    drones"), or the attacker behind an attack or a weapon ("Russian missiles struck Lviv", "Russia's
    strikes hit Odesa")."""
    keys = context.phrases.entities(token)
    k = context.knowledge
    words = {token.lemma_.lower(), token.lower_}
    words |= {f"{c.lower_} {token.lemma_.lower()}" for c in token.children if c.dep_ in ("compound", "amod")}
    attack = bool(words & (k.attack_nouns | k.projectile_nouns))
    actors = [key for key in keys
              if context.index.type_of(key) is not EntityType.WEAPON_SYSTEM or context.index.is_vessel(key)]
    if actors and not attack:
        return actors
    # "Russian missiles struck Lviv", "U.S. warplanes hit ...": the maker, whose forces the article may name
    makers = [key for key in context.phrases.makers_of(token) if context.index.type_of(key) is not EntityType.WEAPON_SYSTEM] \
        if keys or attack else []
    return makers if makers and attack else actors or makers


@rule("event-verbs", emits=("verb-active", "verb-passive", "verb-relative", "repelled-attacker", "reported-agent"),
      reads=("verbs", "expulsion", "advance_nouns", "projectile_nouns", "own_side_verbs", "accusing_verbs",
             "participation_verbs", "origin_participles"),
      examples=(
          Example("Russian forces captured Avdiivka in February.",
                  gives=(("Armed Forces of Russia", "captured", "Avdiivka"),)),
          Example("A squad from the 92nd Assault Brigade shot down an Orlan-10 drone near Kupiansk.",
                  gives=(("92nd Separate Assault Brigade", "shotDown", "Orlan-10"),)),
          Example("F/A-18 jets took off from the carrier. Eighteen attack drones were fired at the fleet. "
                  "HMS Diamond shot down seven of the incoming drones.",
                  gives=(), not_gives=(("HMS Diamond", "shotDown", "F/A-18 Hornet"),)),
          Example("A Russian Su-34 was shot down near Avdiivka, the Ukrainian Air Force said.",
                  gives=(("Ukrainian Air Force", "shotDown", "Su-34"),)),
          Example("A Ukrainian Su-25 was shot down near Avdiivka, the Ukrainian Air Force said.",
                  not_gives=(("Ukrainian Air Force", "shotDown", "Su-25"),)),
          Example("Ukrainian forces struck airfields in occupied Berdyansk, Zaporizhia Oblast, and occupied Melitopol "
                  "overnight.", not_gives=(("Armed Forces of Ukraine", "captured", "Melitopol"),)),
          Example("Russia pressed near Lyman, a town in the Donetsk region that Ukraine liberated in 2022.",
                  gives=(("Ukraine", "captured", "Lyman"),), not_gives=(("Ukraine", "captured", "Donetsk Oblast"),)),
          Example("Britain's defence ministry said HMS Richmond shot down two of the drones, engaging them with its guns.",
                  not_gives=(("HMS Richmond", "attacked", "UK Ministry of Defence"),)),
          Example("Kyiv's forces retook Kupiansk in September.",
                  gives=(("Armed Forces of Ukraine", "captured", "Kupiansk"),)),
          Example("Ukrainian missiles hit the headquarters of the Black Sea Fleet, Ukrainian forces said.",
                  gives=(("Armed Forces of Ukraine", "attacked", "Black Sea Fleet"),)),
          Example("U.S. forces struck back. U.S. warplanes hit targets in Sanaa and Hodeidah.",
                  gives=(("United States Armed Forces", "attacked", "Sanaa"),),
                  not_gives=(("United States", "attacked", "Sanaa"),)),
          Example("Russian aviation struck Ukrainian positions near Bakhmut.",
                  gives=(("Armed Forces of Russia", "attacked", "Armed Forces of Ukraine"),)),
          Example("Avdiivka was captured by Russian forces.",
                  gives=(("Armed Forces of Russia", "captured", "Avdiivka"),),
                  not_gives=(("Avdiivka", "captured", "Armed Forces of Russia"),)),
          Example("Congolese troops pushed the M23 rebels back from Sake.",
                  gives=(("Armed Forces of the Democratic Republic of the Congo", "repelled", "M23"),)),
          Example("Ukrainian forces repelled attacks by Russian troops near Marinka.",
                  gives=(("Armed Forces of Ukraine", "repelled", "Armed Forces of Russia"),)),
          Example("Russian forces pressed on, with Russian attacks near Kupiansk repulsed again by Ukrainian troops.",
                  gives=(("Armed Forces of Ukraine", "repelled", "Armed Forces of Russia"),),
                  not_gives=(("Armed Forces of Russia", "repelled", "Armed Forces of Ukraine"),)),
          Example("Ukrainian forces repulsed ten counterattacks by Russian troops near Robotyne.",
                  gives=(("Armed Forces of Ukraine", "repelled", "Armed Forces of Russia"),)),
          Example("Ukrainian forces struck airfields in occupied Berdyansk.",
                  gives=(("Armed Forces of Ukraine", "attacked", "Berdyansk"),),
                  not_gives=(("Armed Forces of Ukraine", "captured", "Berdyansk"),)),
          Example("Israeli forces seized the Gaza side of the Rafah crossing.",
                  gives=(("Israel Defense Forces", "captured", "Rafah crossing"),),
                  not_gives=(("Israel Defense Forces", "captured", "Gaza Strip"),)),
          Example("Russian forces failed to capture Vuhledar.",
                  not_gives=(("Armed Forces of Russia", "captured", "Vuhledar"),)),
          Example("Fighting moved to Bakhmut, the city the Wagner Group captured in May.",
                  gives=(("Wagner Group", "captured", "Bakhmut"),)),
          Example("Robotyne, Zaporizhzhia region, liberated by the 47th Brigade in August, is a grey zone.",
                  gives=(("47th Brigade", "captured", "Robotyne"),),
                  not_gives=(("47th Brigade", "captured", "Zaporizhzhia Oblast"),)),
          Example("Troops of the Malian army and Wagner's 13th Assault Detachment, commanded by Sergei Shevchenko, withdrew.",
                  gives=(("Sergei Shevchenko", "leaderOf", "13th Assault Detachment"),),
                  not_gives=(("Sergei Shevchenko", "leaderOf", "Malian Armed Forces"),)),
          Example("Russian forces destroyed a command post and a depot at the Kulbakino airfield.",
                  gives=(("Armed Forces of Russia", "attacked", "Kulbakino"),)),
          Example("Russian drones struck Ukrainian forces in Robotyne. Russian forces attacked Pokrovsk in Donetsk Oblast.",
                  gives=(("Armed Forces of Russia", "attacked", "Robotyne"),),
                  not_gives=(("Armed Forces of Russia", "attacked", "Donetsk Oblast"),)),
          Example("The Akhmat Spetsnaz and the 30th Motorized Rifle Regiment took part in capturing Sudzha.",
                  gives=(("Akhmat", "captured", "Sudzha"), ("30th Motorized Rifle Regiment", "captured", "Sudzha"))),
          Example("Prigozhin accused the Russian military of striking Wagner camps with rockets.",
                  gives=(("Armed Forces of Russia", "attacked", "Wagner Group"),)),
          Example("Russian forces struck targets in Kharkiv and Sumy overnight.",
                  gives=(("Armed Forces of Russia", "attacked", "Kharkiv"), ("Armed Forces of Russia", "attacked", "Sumy"))),
          Example("The brigade retook the village of Andriivka south of Bakhmut. The capture of Bakhmut by the "
                  "Wagner Group came in May. The village, retaken by the 3rd Assault Brigade, overlooks the roads.",
                  gives=(("3rd Separate Assault Brigade", "captured", "Andriivka"),),
                  not_gives=(("3rd Separate Assault Brigade", "captured", "Bakhmut"),)),
          Example("Russian troops stormed Marinka and captured it.",
                  gives=(("Armed Forces of Russia", "captured", "Marinka"),)),
          Example("Ukrainian forces held. Ukrainian air defences destroyed two Kalibr missiles overnight.",
                  gives=(("Armed Forces of Ukraine", "shotDown", "Kalibr"),),
                  not_gives=(("Armed Forces of Ukraine", "destroyed", "Kalibr"),)),
          Example("Ukraine struck the Engels air base overnight. Two Tu-95 bombers appear to have been destroyed in the strike.",
                  gives=(("Ukraine", "destroyed", "Tu-95"),)),
          Example("Ukrainian forces advanced. The villages of Torske and Zarichne are liberated, the General Staff of "
                  "Ukraine's armed forces said.",
                  gives=(("Armed Forces of Ukraine", "captured", "Torske"), ("Armed Forces of Ukraine", "captured", "Zarichne"))),
          Example("Ukrainian forces held. Russian forces pressed. Ten Shahed drones were shot down overnight, the "
                  "Russian Defence Ministry said.",
                  gives=(("Armed Forces of Russia", "shotDown", "Shahed-136"),)),
          Example("Ukrainian forces held. Russian forces pressed. Ten Shahed drones were shot down overnight.",
                  not_gives=(("Armed Forces of Ukraine", "shotDown", "Shahed-136"),
                             ("Armed Forces of Russia", "shotDown", "Shahed-136"))),
          Example("Ukrainian forces held. Russian forces pressed. A Ukrainian Su-25 was shot down, the Ukrainian "
                  "Air Force said.",
                  not_gives=(("Armed Forces of Ukraine", "shotDown", "Su-25"),)),
          Example("Ukrainian forces held the line. Air defences in the south downed eight Kalibr missiles, the "
                  "Ukrainian Air Force said.",
                  gives=(("Armed Forces of Ukraine", "shotDown", "Kalibr"),)),
          Example("The 47th Mechanised Brigade marked the day by retaking Klishchiivka.",
                  gives=(("47th Separate Mechanized Brigade", "captured", "Klishchiivka"),)),
          Example("Klishchiivka was liberated as a result of decisive actions by the 47th Mechanised Brigade.",
                  gives=(("47th Separate Mechanized Brigade", "captured", "Klishchiivka"),)),
          Example("Russian forces destroyed two tanks and two US-made Bradley infantry fighting vehicles.",
                  gives=(("Armed Forces of Russia", "destroyed", "M2 Bradley"),),
                  not_gives=(("Armed Forces of Russia", "destroyed", "United States"),)),
      ))
def event_verbs(context: Context) -> None:
    k = context.knowledge
    for verb in context.doc:
        if not (verb.pos_ in ("VERB", "AUX") or verb.tag_.startswith("VB")):
            continue
        predicate = predicate_of_verb(context, verb)
        if predicate is None or _describes_a_state(context, verb):
            continue
        agents, patients, rule_id = agents_and_patients(context, verb)
        agent_keys = [key for a in agents for key in acting_entities(context, a)]
        if not agent_keys and predicate in ("destroyed", "shotDown") and is_passive(verb):
            agent_keys = _makers_of_the_attack_in(context, verb)  # "were destroyed in the strike"
        if not agents and not agent_keys and is_passive(verb) and _reports_own_action(context, verb, predicate):
            agent_keys, rule_id = [REPORTER_SIDE], "reported-agent"  # "the settlements are liberated"
        elif agents and not agent_keys and _air_defence(context, agents):
            agent_keys, rule_id = [REPORTER_SIDE], "reported-agent"  # "air defences downed eight missiles"
        if (verb.lemma_.lower(), particle(verb)) in k.expulsion_verbs and any(
                c.dep_ == "prep" and c.lower_ in k.expulsion_preps for c in verb.children):
            predicate = k.expulsion_predicate
        if predicate == "repelled":
            _repelled(context, verb, agent_keys, patients, rule_id)
        elif predicate != "used":  # using is the instrument rule's
            # "FAMa and Wagner's 13th Detachment, commanded by X": a reduced relative is about its nearest noun
            patient_keys = [key for p in patients for key in context.phrases.entities(p, conjuncts=rule_id != "verb-relative")]
            if predicate == "destroyed" and _air_defence(context, agents):
                predicate = "shotDown"
            if predicate in ("attacked", "destroyed") and not patient_keys:
                # "hit targets in Sanaa", "destroyed a command post at the Artsyz airfield"
                predicate, patient_keys = "attacked", places_of_action(context, [verb, *patients])
            elif predicate == "attacked":  # "struck Ukrainian forces in Robotyne"
                patient_keys += places_of_action(context, unplaced(context, patients))
            context.propose_all(agent_keys, predicate, patient_keys, verb, rule_id)


def unplaced(context: Context, tokens: list[Token]) -> list[Token]:
    """The tokens that do not name a place: a place's own "in" says where it lies, not where an attack was."""
    return [t for t in tokens if all(context.index.type_of(k) is not EntityType.PLACE for k in context.phrases.entities(t))]


def places_of_action(context: Context, holders: list[Token]) -> list[str]:
    """The places an action or its unnamed target was in, at or across: "struck targets in Sanaa",
    "assaults in Toretsk", "a command post and a depot at the Artsyz airfield"."""
    holders = [t for holder in holders for t in [holder, *holder.conjuncts]]
    return [key for holder in dict.fromkeys(holders) for prep in holder.children
            if prep.dep_ == "prep" and prep.lower_ in context.knowledge.action_place_preps
            for key in context.phrases.objects_of(prep) if context.index.type_of(key) is EntityType.PLACE]


def _reports_own_action(context: Context, verb: Token, predicate: str) -> bool:
    """An agentless passive a side states of its own action: "the settlements are liberated", "six
    drones were shot down". Only verbs that a side says of itself (`own_side_verbs`): "were
    captured" in a statement may as well be the enemy's doing."""
    return (verb.lemma_.lower(), particle(verb)) in context.knowledge.own_side_verbs.get(predicate, frozenset())


def _makers_of_the_attack_in(context: Context, verb: Token) -> list[str]:
    """ "Four bombers were destroyed in the strike": who made the attack the passive verb names, by
    its own words ("in a Ukrainian strike") or as the latest attack found before it."""
    k = context.knowledge
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("in", "during", "by")):
        for noun in (o for o in prep.children if o.dep_ == "pobj"):
            if noun.lemma_.lower() in k.attack_nouns or noun.lower_ in k.attack_nouns:
                return context.phrases.makers_of(noun) or earlier_attacker(context, verb, [])
    return []


def earlier_attacker(context: Context, verb: Token, defenders: list[str]) -> list[str]:
    """ "Russian forces attacked Marinka; Ukrainian troops repelled the attack": an attack named
    without its maker is the latest one found before it, in the reference window."""
    window = context.phrases.references.window_start(verb.idx)
    for found in reversed(context.found):
        r = found.relation
        if r.predicate == "attacked" and window <= r.sentence_start and found.trigger < verb.i \
                and r.subject not in defenders:
            return [r.subject]
    return []


def _air_defence(context: Context, agents: list[Token]) -> bool:
    """ "Ukrainian air defences destroyed 30 drones": what air defence destroys, it shoots down."""
    phrases = " ".join(a.doc[a.left_edge.i:a.right_edge.i + 1].text.lower() for a in agents)
    return any(words in phrases for words in context.knowledge.air_defence_words)


def _describes_a_state(context: Context, verb: Token) -> bool:
    """ "in occupied Berdyansk": a participle naming a state, not an event of the clause; so is its
    repetition in a list the parser took for a second verb ("in occupied X and occupied Y")."""
    if verb.lemma_.lower() not in context.knowledge.stative_participles or \
            any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "agent") for c in verb.children):
        return False
    return verb.tag_ == "VBN" or verb.dep_ == "conj" and any(
        t.lower_ == verb.lower_ and t.dep_ == "amod" for t in verb.doc[verb.sent.start:verb.i])


def _repelled(context: Context, verb: Token, agent_keys: list[str], patients: list[Token], rule_id: str) -> None:
    """What is repelled is an attack (its makers are repelled) or the attackers themselves; an attack
    named without its makers ("repelled those attacks", "repelled all of them") is the latest found."""
    for patient in patients:
        if is_attack_noun(context, patient):
            by_verb = [] if is_passive(verb) else context.phrases.prep_objects(verb, {"by"})  # "repulsed ten attacks by X"
            attackers = context.phrases.makers_of(patient) or by_verb
            context.propose_all(agent_keys, "repelled", attackers, verb, "repelled-attacker")
        else:
            context.propose_all(agent_keys, "repelled", context.phrases.entities(patient), verb, rule_id)


def is_attack_noun(context: Context, token: Token) -> bool:
    return token.lemma_.lower() in context.knowledge.advance_nouns or token.lower_ in context.knowledge.advance_nouns


@rule("prepositional-targets", emits=("verb-prep-object", "use-against"), reads=("prep_verbs",),
      examples=(
          Example("Russian troops fired on Kherson overnight.",
                  gives=(("Armed Forces of Russia", "attacked", "Kherson"),)),
          Example("Hezbollah fighters launched dozens of rockets along with several drones at northern Israel.",
                  gives=(("Hezbollah", "attacked", "Israel"),)),
      ))
def prepositional_targets(context: Context) -> None:
    """ "X fired on Y", "X used weapons against Y": the verb's preposition names the target."""
    for verb in context.doc:
        lemma = verb.lemma_.lower()
        for predicate, by_lemma in context.knowledge.prep_verbs.items():
            preps = by_lemma.get(lemma)
            if not preps:
                continue
            agents, patients, _ = agents_and_patients(context, verb)
            agent_keys = [key for a in agents for key in acting_entities(context, a)]
            using = predicate_of_verb(context, verb) == "used"
            for prep in (c for holder in _target_holders(verb, patients) for c in holder.children):
                if prep.dep_ == "prep" and prep.lower_ in preps:
                    targets = context.phrases.objects_of(prep)
                    if not targets and prep.lower_ != "against":
                        # "fired on 10 settlements in the province"; not "used weapons against forces in X"
                        targets = places_of_action(context, [o for o in prep.children if o.dep_ == "pobj"])
                    context.propose_all(agent_keys, predicate, targets, verb,
                                        "use-against" if using else "verb-prep-object")


def _target_holders(verb: Token, patients: list[Token]) -> list[Token]:
    """Where a verb's target preposition may hang: the verb, its objects, what they count ("dozens of
    rockets at X") and what goes with them ("rockets along with drones at X")."""
    holders = [verb, *patients]
    holders += [o for noun in patients for p in noun.children if p.dep_ == "prep" and p.lower_ == "of"
                for o in p.children if o.dep_ == "pobj"]
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ in ("with", "along"):
            for head in [prep, *(c for c in prep.children if c.dep_ == "prep" and c.lower_ == "with")]:
                holders += [o for o in head.children if o.dep_ == "pobj"]
    return holders


@rule("patient-subject-verbs", emits=("patient-subject",), reads=("inverse_verbs",),
      examples=(
          Example("Avdiivka fell to Russian forces in February.",
                  gives=(("Armed Forces of Russia", "captured", "Avdiivka"),)),
      ))
def patient_subject_verbs(context: Context) -> None:
    """ "Avdiivka fell to Russian forces": the subject undergoes, a preposition's object acts."""
    for verb in context.doc:
        by_lemma = context.knowledge.inverse_verbs.get(verb.lemma_.lower())
        if not by_lemma:
            continue
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")] or _controller(verb)
        patients = [key for s in subjects for key in context.phrases.entities(s)]
        for prep in verb.children:
            predicate = by_lemma.get(prep.lower_) if prep.dep_ == "prep" else None
            if predicate:
                context.propose_all(context.phrases.objects_of(prep), predicate, patients, verb, "patient-subject")


@rule("instruments", emits=("verb-active", "captured-weapon-in-use"),
      reads=("verbs", "instrument_verbs", "captured_adjectives"),
      examples=(
          Example("Ukrainian troops fired on Russian forces with a captured T-72.",
                  gives=(("Armed Forces of Ukraine", "used", "T-72"), ("Armed Forces of Ukraine", "captured", "T-72"))),
          Example("Russian forces used Lancet drones near Kupiansk.",
                  gives=(("Armed Forces of Russia", "used", "Lancet"),)),
          Example("Kyiv was calm. The Shahed drones which Russia uses against cities did not come.",
                  gives=(("Russia", "used", "Shahed-136"),)),
          Example("Russia fired Kh-101 missiles from Tu-95 bombers.",
                  gives=(("Russia", "used", "Kh-101"), ("Russia", "used", "Tu-95"))),
          Example("Ukrainian forces threw in 100 vehicles, including Leopard tanks and Bradley fighting vehicles.",
                  gives=(("Armed Forces of Ukraine", "used", "Leopard 2"),)),
          Example("Russian forces struck Ukrainian positions with Shahed drones overnight.",
                  gives=(("Armed Forces of Russia", "used", "Shahed-136"),)),
          Example("Israel intercepted the missile with its Arrow 3 system.", gives=(("Israel", "used", "Arrow 3"),)),
          Example("Russian marines advanced on Vuhledar in T-72B3 tanks.",
                  gives=(("Russian Naval Infantry", "used", "T-72"),)),
          Example("USS Carney engaged the drones with its SM-2 missiles.", gives=(("USS Carney", "used", "SM-2"),)),
          Example("Speaking in Kyiv, President Volodymyr Zelensky confirmed that the Ukrainian Air Force had for "
                  "the first time used F-16 fighters.",
                  gives=(("Ukrainian Air Force", "used", "F-16"),),
                  not_gives=(("Volodymyr Zelensky", "used", "F-16"),)),
      ))
def instruments(context: Context) -> None:
    k = context.knowledge
    for verb in context.doc:
        lemma = verb.lemma_.lower()
        using = predicate_of_verb(context, verb) == "used"
        if not using and lemma not in k.instrument_verbs:
            continue
        agents, patients, rule_id = agents_and_patients(context, verb)
        agent_keys = [key for a in agents for key in acting_entities(context, a)]
        weapons: list[Token] = []
        if using:  # "threw 100 vehicles, including Leopard tanks and Bradleys"
            patients = [_antecedent_if_relative(context, p) for p in patients]  # "drones which Russia uses"
            used = [w for p in patients for w in [p, *p.conjuncts]]
            used += [o for w in used for prep in w.children if prep.dep_ == "prep"
                     and prep.lower_ in k.including_preps for o in prep.children if o.dep_ == "pobj"]
            used += [c for w in used for c in w.conjuncts if c not in used]
            for weapon in used:
                context.propose_all(agent_keys, "used", weapon_entities(context, weapon), verb,
                                    "verb-active" if rule_id != "verb-relative" else rule_id)
            weapons += used
        if lemma in k.instrument_verbs or using:  # "fired on X with a captured T-72", "launched from MiG-31K jets"
            preps = ("with", "in") if not using else ("with", "from")  # "advanced in T-72 tanks": only weapons count
            # "struck Ukrainian positions with drones": the parser may hang the instrument on the object
            holders = [verb] if using else [verb, *(c for c in verb.children if c.dep_ == "dobj")]
            held = [w for holder in holders for prep in holder.children if prep.dep_ == "prep" and prep.lower_ in preps
                    for o in prep.children if o.dep_ == "pobj" for w in [o, *o.conjuncts]]
            for weapon in held:
                context.propose_all(agent_keys, "used", weapon_entities(context, weapon), verb,
                                    "captured-weapon-in-use")
            weapons += held
        if any(_has_captured_adjective(context, w) for w in weapons):
            for weapon in weapons:
                context.propose_all(agent_keys, "captured", weapon_entities(context, weapon), verb,
                                    "captured-weapon-in-use")


def _antecedent_if_relative(context: Context, token: Token) -> Token:
    if token.lower_ in context.knowledge.relative_pronouns or token.tag_ in ("WDT", "WP"):
        return relative_antecedent(token) or token
    return token


def weapon_entities(context: Context, token: Token) -> list[str]:
    """The weapons a noun phrase names, its coordinated parts included ("a Nona mortar and T-80 tank")."""
    keys = [context.index.of_token(t) for t in token.subtree if t.i <= token.i or t.dep_ == "conj"]
    return [key for key in dict.fromkeys(keys) if key and context.index.type_of(key) is EntityType.WEAPON_SYSTEM]


def _has_captured_adjective(context: Context, token: Token) -> bool:
    return any(t.lower_ in context.knowledge.captured_adjectives and t.i < token.i and t.dep_ != "conj"
               for t in token.subtree)
