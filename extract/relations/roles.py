"""Role rules: who leads (`leaderOf`) or belongs to (`memberOf`) a body or a place.

A role noun before a name ("Ukrainian Deputy Defence Minister Hanna Malyar"), in apposition ("Dmitry
Peskov, the Kremlin's spokesperson"), after a copula ("X is 19FortyFive's editor"), "X of the Y", and
a unit a person calls theirs ("Kadyrov said his Akhmat unit ..."). Heads lead; the rest, and heads
with a deputy word ("deputy", "former"), are members.
"""
from __future__ import annotations

from spacy.tokens import Span, Token

from conflict_kg.extract.model import EntityType
from conflict_kg.extract.relations.engine import Context, Example, rule
from conflict_kg.extract.relations.phrases import BODIES
from conflict_kg.extract.relations.references import relative_antecedent

_PREFIX_REACH = 7  # tokens a role prefix may span before a name
_OF_REACH = 12  # tokens "X of the Y" may span after a name


def role_predicate(context: Context, words: list[str]) -> str | None:
    k = context.knowledge
    lowered = [w.lower() for w in words]
    joined = " ".join(lowered)
    is_head = any(r in lowered or (" " in r and r in joined) for r in k.head_roles)
    is_member = any(r in lowered for r in k.member_roles | k.prefix_excluded_roles)  # "an analyst at ISW"
    if is_head and not any(w in k.deputy_words for w in lowered):
        return "leaderOf"
    if is_head or is_member:
        return "memberOf"
    return None


@rule("roles", emits=("role-prefix", "role-apposition", "role-copula", "person-of"), reads=("roles",),
      examples=(
          Example("Kharkiv mayor Ihor Terekhov said the city was hit.",
                  gives=(("Ihor Terekhov", "leaderOf", "Kharkiv"),)),
          Example("Oryol Oblast Governor Andrei Klychkov said a drone hit a fuel depot.",
                  gives=(("Andrei Klychkov", "leaderOf", "Oryol Oblast"),)),
          Example("Rebels entered Damascus and the army of Syria melted away. President Bashar al-Assad fled.",
                  gives=(("Bashar al-Assad", "leaderOf", "Syria"),)),
          Example("The army of Syria melted away. Former President Bashar al-Assad is in Moscow.",
                  not_gives=(("Bashar al-Assad", "leaderOf", "Syria"),)),
          Example("Ukraine's Deputy Defence Minister Hanna Malyar said so.",
                  gives=(("Hanna Malyar", "memberOf", "Ukraine"),)),
          Example("The Russian Defence Ministry issued a video. Ministry spokesman Igor Konashenkov said so.",
                  gives=(("Igor Konashenkov", "memberOf", "Russian Defence Ministry"),)),
          Example("The Russian Defence Ministry said Defense Minister Andrei Belousov visited the front.",
                  gives=(("Andrei Belousov", "leaderOf", "Russian Defence Ministry"),)),
          Example("Dmitry Peskov, the Kremlin's spokesperson, declined to comment.",
                  gives=(("Dmitry Peskov", "memberOf", "Kremlin"),)),
          Example("Andriy Kovalenko, a commander in the 47th Separate Mechanized Brigade, spoke to reporters.",
                  gives=(("Andriy Kovalenko", "memberOf", "47th Separate Mechanized Brigade"),),
                  not_gives=(("Andriy Kovalenko", "leaderOf", "47th Separate Mechanized Brigade"),)),
          Example("Hakan Fidan, the Minister of Foreign Affairs of Turkey, met Sergei Lavrov in Moscow.",
                  gives=(("Hakan Fidan", "memberOf", "Turkey"),)),
          Example("Olena Marchenko, chief spokeswoman of the Ukrainian Navy, said the ship was hit.",
                  gives=(("Olena Marchenko", "memberOf", "Ukrainian Navy"),),
                  not_gives=(("Olena Marchenko", "leaderOf", "Ukrainian Navy"),)),
          Example("\"The drones came at night,\" Petro Savchuk, an officer of the Command of Ukraine's Territorial "
                  "Defense Forces, told the BBC.",
                  gives=(("Petro Savchuk", "memberOf", "Territorial Defence Forces of Ukraine"),),
                  not_gives=(("Petro Savchuk", "memberOf", "Ukraine"),)),
          Example("Putin sat between Deputy Defence Minister Ruslan Tsalikov and Col. Gen. Andrei Averyanov, "
                  "first deputy head of the GRU, in the Kremlin.",
                  gives=(("Andrei Averyanov", "memberOf", "GRU"),),
                  not_gives=(("Ruslan Tsalikov", "memberOf", "GRU"),)),
          Example("Ivan Sokolov, deputy chief of the GRU intelligence directorate, was seen in Rostov.",
                  gives=(("Ivan Sokolov", "memberOf", "GRU"),)),
          Example("Ivan Petrov, a member of the occupation administration of Kherson Oblast, spoke.",
                  not_gives=(("Ivan Petrov", "memberOf", "Kherson Oblast"),)),
          Example("Oleh Ivanenko, head of the Dnipro Security Forum, spoke.",
                  not_gives=(("Oleh Ivanenko", "leaderOf", "Dnipro"),)),
          Example("George Barros of the Institute for the Study of War said so.",
                  gives=(("George Barros", "memberOf", "Institute for the Study of War"),)),
          Example("The Kachin Independence Army (KIA) took the town. KIA Colonel Naw Bu confirmed it.",
                  gives=(("Naw Bu", "memberOf", "Kachin Independence Army"),)),
          Example("The Ukrainian Air Force said drones were downed. Air Force spokesman Yuriy Ihnat said so.",
                  gives=(("Yurii Ihnat", "memberOf", "Ukrainian Air Force"),)),
          Example("The Ukrainian Air Force reported the strike. Yuriy Ihnat, the air force spokesman, said so.",
                  gives=(("Yurii Ihnat", "memberOf", "Ukrainian Air Force"),)),
          Example("Zelensky appointed Oleksandr Syrskyi as commander of the Khortytsia Group of Forces.",
                  gives=(("Oleksandr Syrskyi", "leaderOf", "Khortytsia operational-strategic group"),),
                  not_gives=(("Volodymyr Zelensky", "leaderOf", "Khortytsia operational-strategic group"),)),
          Example("The Sudanese army, whose commander Abdel Fattah al-Burhan leads the country, denied it.",
                  gives=(("Abdel Fattah al-Burhan", "leaderOf", "Sudanese Armed Forces"),)),
          Example("The army, whose commander Abdel Fattah al-Burhan is Sudan's de facto head of state, spoke.",
                  gives=(("Abdel Fattah al-Burhan", "leaderOf", "Sudan"),)),
      ))
def roles(context: Context) -> None:
    for span, person in context.index.spans_of(EntityType.PERSON):
        _role_prefix(context, span, person)
        root = span.root
        # "X and Y, deputy head of Z": the role after a list is the last name's, though parsed onto the first
        nouns = [c for c in root.children if c.dep_ == "appos" and not any(root.i < j.i < c.i for j in root.conjuncts)]
        nouns += [root.head] if root.dep_ == "appos" else []
        if root.dep_ == "conj" and not any(j.i > root.i for j in root.conjuncts):
            nouns += [c for c in root.head.children if c.dep_ == "appos" and c.i > root.i]
        if root.dep_ == "appos" and root.head.dep_ == "pobj" and root.head.head.lower_ == "of":
            nouns.append(root.head.head.head)  # "the commander of the Air Force, General X": parsed onto the body
        for noun in nouns:
            _role_noun(context, noun, person, "role-apposition")
        # "X is Sudan's head of state" (any token of the name may carry the subject, as parsed)
        for copula in {t.head for t in span if t.dep_ == "nsubj" and t.head.lemma_ == "be"}:
            for attr in (c for c in copula.children if c.dep_ == "attr"):
                _role_noun(context, attr, person, "role-copula")
        # "appointed X as commander of Y", "X served as spokesman for Y"
        has_object = any(c.dep_ == "dobj" for c in root.head.children)
        if root.dep_ == "dobj" or (root.dep_ in ("nsubj", "nsubjpass") and not has_object):
            for as_prep in (c for c in root.head.children if c.dep_ == "prep" and c.lower_ == "as"):
                for noun in (o for o in as_prep.children if o.dep_ == "pobj"):
                    _role_noun(context, noun, person, "role-copula")
        _person_of(context, span, person)


def _role_prefix(context: Context, span: Span, person: str) -> None:
    """ "Ukrainian Deputy Defence Minister Hanna Malyar", "Donetsk regional Governor X"."""
    k, doc, index = context.knowledge, context.doc, context.index
    words: list[str] = []
    bodies: list[str] = []
    i = span.start - 1
    while i >= max(span.start - _PREFIX_REACH, 0):
        token = doc[i]
        if token.tag_ == "POS":  # "Ukraine's Deputy Defence Minister"
            i -= 1
            continue
        if token.is_punct or token.is_space or token.pos_ in ("VERB", "AUX", "ADP", "DET") and token.lower_ != "of":
            break
        key = index.of_token(token)
        if key:
            bodies.append(key)
            mention = index.span_of(token)
            i = mention.start - 1 if mention is not None else i - 1
            continue
        country = index.present(index.demonym_country(token.text))
        if country:
            bodies.append(country)
            i -= 1
            continue
        if token.lower_ in k.naming_descriptions:  # "ministry spokesman X": the ministry named before
            named = context.phrases.references.named_before(token, token.lower_)
            bodies += [named] if named else []
            i -= 1
            continue
        if not (token.is_title or token.is_upper or
                token.lower_ in k.head_roles | k.member_roles | k.role_prefix_words | k.deputy_words):
            break
        words.append(token.text)
        i -= 1
    words.reverse()  # gathered walking backwards: "Prime Minister", not "Minister Prime"
    # a title the mention itself starts with: "[Defence Minister Sergei Shoigu]"
    last_role = max((t.i for t in span if t.lower_ in k.head_roles | k.member_roles), default=None)
    if last_role is not None:
        words += [t.text for t in doc[span.start:last_role + 1]]
    if any(w.lower() in k.prefix_excluded_roles for w in words):
        return
    predicate = role_predicate(context, words)
    if not predicate:
        return
    roles = k.head_roles | k.member_roles | k.role_prefix_words | k.deputy_words
    bodies = bodies or _named_in_article(context, [w for w in words if w.lower() not in roles])
    if not bodies and " ".join(words).lower() in k.state_roles:
        bodies = _state_of_office(context, person)
    if bodies:
        context.propose(person, predicate, bodies[0], span.root, "role-prefix", check_assertion=False)
    ministry = _ministry_of_portfolio(context, words, bodies[0] if bodies else None)
    if ministry:  # a minister leads the ministry, a deputy minister belongs to it
        lowered = {w.lower() for w in words}
        leads = lowered & k.ministry_heads and not lowered & k.deputy_words
        context.propose(person, "leaderOf" if leads else predicate, ministry, span.root, "role-prefix",
                        check_assertion=False)


def _state_of_office(context: Context, person: str) -> list[str]:
    """ "President Bashar al-Assad": the state whose president (or prime minister) the knowledge
    base says the person is, where the article names it."""
    index = context.index
    known = index.gazetteer.entities.get(index.entities[person].kb_id or person)
    state = index.gazetteer.lookup(known.country) if known is not None and known.country else None
    return [state.id] if state is not None and state.kind == "country" and index.present(state.id) else []


def _named_in_article(context: Context, words: list[str]) -> list[str]:
    """The body the article names elsewhere by exactly these words ("Air Force spokesman X" after
    "the Ukrainian Air Force (Air Force)", "KIA Colonel X" after "the Kachin Independence Army (KIA)")."""
    name = " ".join(words).casefold()
    if not name:
        return []
    index = context.index
    for key, entity in index.entities.items():
        known = index.gazetteer.entities.get(entity.kb_id or key)
        names = {n.casefold() for n in (entity.label, *entity.aliases, *(m.name for m in entity.mentions),
                                         *(known.aliases if known else ()))}
        initials = "".join(w[0] for w in entity.label.split() if w[:1].isupper()).casefold()
        # "Air Force" for the "Ukrainian Air Force": a name less the nationality it opens with
        unqualified = {n.split(" ", 1)[1] for n in names if " " in n and index.demonym_country(n.split(" ", 1)[0])}
        if entity.type in BODIES and (name in names or name in unqualified or (len(name) > 1 and name == initials)):
            return [key]
    return []


def _ministry_of_portfolio(context: Context, words: list[str], country: str | None) -> str | None:
    """ "Defence Minister X": the one ministry of the article whose name holds the portfolio
    ("Russian Defence Ministry"), of the country named with the role where one is."""
    k = context.knowledge
    portfolio = {k.spellings.get(w.lower(), w.lower()) for w in words} - k.head_roles - k.member_roles \
        - k.deputy_words - {"of"}
    if not portfolio:
        return None
    found = []
    for key, entity in context.index.entities.items():
        if entity.type is not EntityType.ORGANISATION:
            continue
        names = {k.spellings.get(w, w) for n in (entity.label, *entity.aliases) for w in n.lower().split()}
        if names & k.ministry_nouns and portfolio <= names and (
                country is None or context.index.country_of(key) in (None, country)):
            found.append(key)
    return found[0] if len(found) == 1 else None


def _role_noun(context: Context, noun: Token, person: str, rule_id: str) -> None:
    index, k = context.index, context.knowledge
    words = [noun.text] + [c.text for c in noun.children if c.dep_ in ("compound", "amod")]
    predicate = role_predicate(context, words)
    if not predicate:
        return
    if noun.lower_ in k.member_roles:
        predicate = "memberOf"  # "chief spokesman for X": the noun, not its modifier, names the role
    bodies: list[str] = []
    for child in noun.children:
        if child.dep_ == "poss" and child.tag_ == "WP$":  # "the army, whose commander X": the clause's antecedent
            antecedent = relative_antecedent(child)
            bodies += context.phrases.entities(antecedent, conjuncts=False) if antecedent is not None else []
        elif child.dep_ == "poss":
            bodies += context.phrases.entities(child, conjuncts=False)
        elif child.dep_ == "prep" and child.lower_ in context.knowledge.role_body_preps:
            for obj in (o for o in child.children if o.dep_ == "pobj"):
                # "an official in Zaporizhzhia" works there, not for the place
                bodies += [b for b in _body_of(context, obj)
                           if child.lower_ != "in" or index.type_of(b) is not EntityType.PLACE]
        elif child.dep_ in ("amod", "compound"):
            key = index.of_token(child) or index.present(index.demonym_country(child.text))
            if key and key != person:
                bodies.append(key)
    bodies = [b for b in bodies if b != person]
    if not bodies:  # "Yuriy Ihnat, the air force spokesman": the body the article names by those words
        roles = k.head_roles | k.member_roles | k.role_prefix_words | k.deputy_words
        bodies = _named_in_article(context, [t.text for t in noun.doc[noun.left_edge.i:noun.i]
                                             if t.dep_ == "compound" and t.lower_ not in roles])
    if predicate == "leaderOf" and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in noun.children):
        predicate = "memberOf"  # "a commander in the X": one of its commanders
    if bodies:
        context.propose(person, predicate, bodies[0], noun, rule_id, check_assertion=False)


def _body_of(context: Context, token: Token, depth: int = 0) -> list[str]:
    """The body a role is held at: the phrase's own name or its apposition ("the think tank ISW"), a
    body naming it ("the GRU intelligence directorate"), or the body its own "of" names ("Minister of
    Foreign Affairs of Turkey"); not a place modifying it ("the Dnipro Security Forum" is not Dnipro)."""
    index = context.index
    key = index.of_token(token)
    if key:
        return [key]
    found = [k for c in token.children if c.dep_ == "appos" and (k := index.of_token(c))]
    found += [k for c in token.children if c.dep_ == "compound" and (k := index.of_token(c))
              and index.type_of(k) in BODIES]
    if not found and depth == 0 and token.is_title:  # an office's name, not "the administration of X"
        objects = [obj for prep in token.children if prep.dep_ == "prep" and prep.lower_ == "of"
                   for obj in prep.children if obj.dep_ == "pobj"]
        if len(objects) > 1:  # "of Ukraine's Territorial Defense Forces" parsed as two objects: not the possessor
            objects = [obj for obj in objects if not any(c.dep_ == "case" for c in obj.children)]
        found = [k for obj in objects for k in _body_of(context, obj, depth + 1)]
    return found


def _person_of(context: Context, span: Span, person: str) -> None:
    """ "Marta Levchenko of the Washington-based Institute for the Study of War"."""
    doc, end = context.doc, span.end
    if end + 1 < len(doc) and doc[end].lower_ == "of":
        for token in doc[end + 1: min(end + _OF_REACH, len(doc))]:
            if token.is_punct and token.text not in ("-", "(", ")"):
                break
            key = context.index.of_token(token)
            if key and context.index.type_of(key) in BODIES:
                context.propose(person, "memberOf", key, doc[end], "person-of", check_assertion=False)
                return


@rule("units-called-theirs", emits=("possessive-pronoun-unit",), reads=("pronouns",),
      examples=(
          Example("Ramzan Kadyrov said his Akhmat unit had entered the town.",
                  gives=(("Ramzan Kadyrov", "leaderOf", "Akhmat"),)),
      ))
def units_called_theirs(context: Context) -> None:
    """The unit a person calls theirs is one they lead; the person is the subject of a clause the
    unit sits in."""
    for span, key in context.index.spans_of(EntityType.MILITARY_UNIT):
        nouns = [span.root]
        if span.root.dep_ in ("compound", "amod", "nmod") and span.root.head.pos_ == "NOUN":
            nouns.append(span.root.head)  # "his 'Akhmat' unit"
        if not any(c.dep_ == "poss" and c.lower_ in context.knowledge.possessive_person
                   for n in nouns for c in n.children):
            continue
        person = _clause_subject_person(context, span.root)
        if person:
            context.propose(person, "leaderOf", key, span.root, "possessive-pronoun-unit", check_assertion=False)


def _clause_subject_person(context: Context, token: Token) -> str | None:
    for ancestor in token.ancestors:
        for child in ancestor.children:
            if child.dep_ in ("nsubj", "nsubjpass") and not (child.left_edge.i <= token.i <= child.right_edge.i):
                people = [k for k in context.phrases.entities(child, conjuncts=False)
                          if context.index.type_of(k) is EntityType.PERSON]
                return people[0] if people else None
    return None
