"""The `ck:` vocabulary as an rdflib `DefinedNamespace`: a misspelt term fails at import time.

Kept in step with `conflict-kg.ttl` by `tests/test_ontology.py`.
"""
from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

ONTOLOGY_IRI = "https://w3id.org/conflict-kg/ontology#"
DEFAULT_BASE = "https://w3id.org/conflict-kg/id/"


class CK(DefinedNamespace):
    _NS = Namespace(ONTOLOGY_IRI)
    _fail = True

    # classes
    Article: URIRef
    Claim: URIRef
    MilitaryUnit: URIRef
    Person: URIRef
    Place: URIRef
    Organisation: URIRef
    WeaponSystem: URIRef
    Assertion: URIRef
    Polarity: URIRef
    Asserted: URIRef
    Denied: URIRef

    # entity and article properties
    mentionedIn: URIRef
    mentionCount: URIRef
    linkConfidence: URIRef
    countryCode: URIRef
    region: URIRef

    # claim properties
    reportedBy: URIRef
    relayedBy: URIRef
    evidence: URIRef
    evidenceStart: URIRef
    evidenceEnd: URIRef
    confidence: URIRef
    hedged: URIRef
    rule: URIRef
    polarity: URIRef
    eventDate: URIRef
    datePrecision: URIRef
    party: URIRef

    # assertion properties (what every article together says of one subject, predicate, object)
    claim: URIRef
    articleCount: URIRef
    outletCount: URIRef
    reporterCount: URIRef
    firstReported: URIRef
    lastReported: URIRef
    contested: URIRef

    # relations between entities
    captured: URIRef
    recaptured: URIRef
    attacked: URIRef
    destroyed: URIRef
    shotDown: URIRef
    used: URIRef
    repelled: URIRef
    partOf: URIRef
    locatedIn: URIRef
    leaderOf: URIRef
    memberOf: URIRef


ENTITY_CLASSES = ("MilitaryUnit", "Person", "Place", "Organisation", "WeaponSystem")
RELATION_PREDICATES = ("captured", "attacked", "destroyed", "shotDown", "used", "repelled",
                       "partOf", "locatedIn", "leaderOf", "memberOf")
