"""One article through every extraction stage: `extract_article(article) -> ExtractedArticle`.

Takes the article's date from its metadata, else from the date its page prints at the top.
Parses the cleaned text once with the shared pipeline of `extract.nlp` (in pieces when it is long), then finds mentions,
groups them into entities and extracts the relations between them with their event dates and attributions.
Many articles parsed at once (`extract.nlp.parse_many`) go through `extract_parsed(article, doc)`.
"""
from __future__ import annotations

import dataclasses

from spacy.language import Language
from spacy.tokens import Doc

from conflict_kg.extract.attribution import attribute
from conflict_kg.extract.dates import article_date_from_text, date_relations
from conflict_kg.extract.entities import group_mentions
from conflict_kg.extract.mentions import find_mentions, metadata_mentions
from conflict_kg.extract.model import Article, ExtractedArticle
from conflict_kg.extract.nlp import PIECE_CHARS, load_pipeline, parse
from conflict_kg.extract.relations import find_relations
from conflict_kg.extract.relations.engine import EXPLAIN


def extract_article(article: Article, nlp: Language | None = None,
                    piece_chars: int = PIECE_CHARS) -> ExtractedArticle:
    nlp = nlp or load_pipeline()
    return extract_parsed(article, parse(article.text, nlp, piece_chars))


def extract_parsed(article: Article, doc: Doc) -> ExtractedArticle:
    """The extraction of `article` from its parse `doc`."""
    if not article.metadata.date and (printed := article_date_from_text(article.raw_text or article.text)):
        article = dataclasses.replace(article, metadata=dataclasses.replace(article.metadata, date=printed))
    mentions = find_mentions(doc) + metadata_mentions(article)
    entities = group_mentions(mentions, article.text)
    EXPLAIN.info("article %s", article.id)
    found = date_relations(doc, find_relations(doc, entities), article.metadata.date)
    relations = attribute(doc, entities, found)
    return ExtractedArticle(article=article, entities=entities, relations=relations)
