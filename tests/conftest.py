"""Shared fixtures: the spaCy pipeline is loaded once per test session."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def nlp():
    from conflict_kg.extract.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def extract_text(nlp):
    """Runs the whole extraction on a tiny inline article: text -> ExtractedArticle."""
    from conflict_kg.extract.clean import clean_article
    from conflict_kg.extract.model import RawArticle
    from conflict_kg.extract.pipeline import extract_article

    def run(text: str, article_id: str = "t"):
        article = clean_article(RawArticle(id=article_id, text=text, source=f"{article_id}.txt", scraped=False))
        return extract_article(article, nlp)

    return run
