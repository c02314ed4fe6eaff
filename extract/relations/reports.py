"""Report rules: losses a statement counts out ("those destroyed included one Kinzhal, one Kh-22 and
99 Kh-101 missiles").

The subject of a verb of including (`including_verbs`) is a participle of destroying or shooting down;
every weapon named in the verb's object is what was destroyed or shot down. Missiles and drones
destroyed in flight are shot down. With no agent of its own the report is the speaker's side's
(`REPORTER_SIDE`, filled in by attribution).
"""
from __future__ import annotations

from conflict_kg.extract.model import EntityType
from conflict_kg.extract.relations.engine import Context, Example, rule
from conflict_kg.extract.relations.index import REPORTER_SIDE
from conflict_kg.extract.relations.events import acting_entities, agents_and_patients, predicate_of_verb


@rule("counted-losses", emits=("reported-agent", "verb-passive"), reads=("including_verbs", "projectile_nouns"),
      examples=(
          Example("Ukrainian forces held. Russian forces struck at night. According to the Ukrainian Air Force, those "
                  "destroyed included one Kinzhal, one Kh-22 cruise missile and 40 Kalibr cruise missiles.",
                  gives=(("Armed Forces of Ukraine", "shotDown", "Kinzhal"), ("Armed Forces of Ukraine", "shotDown", "Kh-22"),
                         ("Armed Forces of Ukraine", "shotDown", "Kalibr"))),
          Example("Ukrainian forces held. Russian forces struck at night. Those destroyed included two T-72 tanks.",
                  not_gives=(("Armed Forces of Ukraine", "destroyed", "T-72"), ("Armed Forces of Russia", "destroyed", "T-72"))),
      ))
def counted_losses(context: Context) -> None:
    k, index = context.knowledge, context.index
    for verb in context.doc:
        if verb.lemma_.lower() not in k.including_verbs:
            continue
        listed = [t for obj in verb.children if obj.dep_ == "dobj" for t in obj.subtree]
        weapons = list(dict.fromkeys(key for t in listed if (key := index.of_token(t)) is not None
                                     and index.type_of(key) is EntityType.WEAPON_SYSTEM))
        in_flight = any(t.lemma_.lower() in k.projectile_nouns for t in listed)
        for subject in (c for c in verb.children if c.dep_ == "nsubj"):
            for participle in [subject, *subject.children]:
                predicate = predicate_of_verb(context, participle) if participle.tag_ == "VBN" else None
                if predicate == "destroyed" and in_flight:
                    predicate = "shotDown"
                if predicate != "shotDown":
                    continue
                agents = [key for a in agents_and_patients(context, participle)[0] for key in acting_entities(context, a)]
                context.propose_all(agents or [REPORTER_SIDE], predicate, weapons, participle,
                                    "verb-passive" if agents else "reported-agent")
