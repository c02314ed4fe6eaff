"""One article through every extraction stage: `extract_article(article) -> ExtractedArticle`.

Parses the cleaned text once with the shared pipeline of `extract.nlp` (in pieces when it is long), then finds mentions,
groups them into entities and extracts the relations between them with their attributions. Many
articles parsed at once (`extract.nlp.parse_many`) go through `extract_parsed(article, doc)`.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from conflict_kg.extract.attribution import extract_attributed_relations
from conflict_kg.extract.entities import group_mentions
from conflict_kg.extract.mentions import find_mentions, metadata_mentions
from conflict_kg.extract.model import Article, ExtractedArticle
from conflict_kg.extract.nlp import PIECE_CHARS, load_pipeline, parse
from conflict_kg.extract.relations.engine import EXPLAIN


def extract_article(article: Article, nlp: Language | None = None,
                    piece_chars: int = PIECE_CHARS) -> ExtractedArticle:
    nlp = nlp or load_pipeline()
    return extract_parsed(article, parse(article.text, nlp, piece_chars))


def extract_parsed(article: Article, doc: Doc) -> ExtractedArticle:
    """The extraction of `article` from its parse `doc`."""
    mentions = find_mentions(doc) + metadata_mentions(article)
    entities = group_mentions(mentions, article.text)
    EXPLAIN.info("article %s", article.id)
    relations = extract_attributed_relations(doc, entities)
    return ExtractedArticle(article=article, entities=entities, relations=relations)
