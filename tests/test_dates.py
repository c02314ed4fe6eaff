"""Event dates: each family of time expression resolved against the article's date, and which one a claim takes."""
from __future__ import annotations

from datetime import date

import pytest

from conflict_kg.extract.dates import article_date_from_text, parse_article_date, time_expressions
from conflict_kg.extract.model import Article, ArticleMetadata
from conflict_kg.extract.pipeline import extract_article

WEDNESDAY = date(2024, 8, 14)


@pytest.mark.parametrize("text, value, precision", [
    ("on Monday", "2024-08-12", "day"),                 # weekday: the latest such day
    ("on Wednesday", "2024-08-14", "day"),              # ... which may be the article's own
    ("on Tuesday night", "2024-08-13", "day"),
    ("on 12 August", "2024-08-12", "day"),              # day and month
    ("on 20 August", "2023-08-20", "day"),              # ... in the past, so last year
    ("August 3, 2022", "2022-08-03", "day"),
    ("on Friday, 9 August", "2024-08-09", "day"),
    ("overnight", "2024-08-14", "day"),                 # the night that ends on the article's day
    ("over the course of the night", "2024-08-14", "day"),
    ("yesterday", "2024-08-13", "day"),
    ("last night", "2024-08-13", "day"),
    ("three days ago", "2024-08-11", "day"),
    ("last May", "2024-05", "month"),                   # month
    ("in March 2023", "2023-03", "month"),
    ("early June", "2024-06", "month"),
    ("mid-May", "2024-05", "month"),
    ("last month", "2024-07", "month"),
    ("earlier this month", "2024-08", "month"),
    ("in 2022", "2022", "year"),                        # year
    ("last year", "2023", "year"),
])
def test_each_family_of_time_expression_resolves_against_the_article_date(text, value, precision):
    found = time_expressions(f"Troops advanced {text}.", WEDNESDAY)
    assert [(e.value, e.precision) for e in found] == [(value, precision)]


@pytest.mark.parametrize("text", ["Kyiv said Russia may attack again.", "a march on the capital",
                                  "since the 2022 invasion", "a May Day parade"])
def test_words_that_only_look_like_times_are_not_dates(text):
    assert time_expressions(text, WEDNESDAY) == []


def test_without_an_article_date_only_expressions_with_a_year_resolve():
    assert time_expressions("on Monday and on 12 August", None) == []
    assert [e.value for e in time_expressions("on 12 August 2023", None)] == ["2023-08-12"]


@pytest.mark.parametrize("given, expected", [("2024-08-14", WEDNESDAY), ("2024-08-14T09:30:00+00:00", WEDNESDAY),
                                             ("14 Aug 2024", WEDNESDAY), ("", None), (None, None)])
def test_article_dates_are_read_from_iso_and_written_forms(given, expected):
    assert parse_article_date(given) == expected


def _dated(nlp, text: str, day: str | None = "2024-08-14"):
    article = Article(id="t", text=text, source="t.txt", metadata=ArticleMetadata(date=day))
    result = extract_article(article, nlp)
    label = {e.key: e.label for e in result.entities}
    return {(label[r.subject], r.predicate, label[r.object]): (r.event_date, r.date_precision)
            for r in result.relations}


def test_a_claim_takes_the_time_its_sentence_states(nlp):
    dated = _dated(nlp, "Russian forces captured Avdiivka on Monday.")
    assert dated[("Armed Forces of Russia", "captured", "Avdiivka")] == ("2024-08-12", "day")


def test_the_time_of_the_statement_is_not_the_time_of_the_event(nlp):
    dated = _dated(nlp, "Russian forces captured Avdiivka, the Russian Defence Ministry said on Monday.")
    assert dated[("Armed Forces of Russia", "captured", "Avdiivka")] == ("2024-08-14", "article")


def test_the_time_of_the_claims_own_clause_wins_over_another(nlp):
    dated = _dated(nlp, "Russian forces captured Avdiivka last May, weeks after drones struck Kharkiv on 2 April.")
    assert dated[("Armed Forces of Russia", "captured", "Avdiivka")] == ("2024-05", "month")


def test_a_claim_without_a_stated_time_takes_the_article_date(nlp):
    dated = _dated(nlp, "Ukrainian forces shot down a Su-34 jet.")
    assert set(dated.values()) == {("2024-08-14", "article")}
    assert set(_dated(nlp, "Ukrainian forces shot down a Su-34 jet.", day=None).values()) == {(None, None)}


def test_relative_days_without_an_article_date_are_left_unresolved():
    assert time_expressions("Drones struck Odesa overnight and yesterday, three days ago and last month.", None) == []


@pytest.mark.parametrize("page, expected", [
    ("Front update\n\nWednesday, 18 May 2022\n\nThe ministry said ...", "2022-05-18"),
    ("Headline\n\n14.04.2022\n\nText.", "2022-04-14"),
    ("Headline\nA Wire\n2025-01-06T07:04+0000\n\nText.", "2025-01-06"),
    ("Campaign Assessment, January 13, 2023\n\nText.", "2023-01-13"),
    ("by A. Writer\nMay 15, 2024 3:46 PM\n\nText.", "2024-05-15"),
    ("Headline\n\nKYIV, Jan 15, 2024 (AFP) - Ukraine said on Monday it had shot down a plane over the sea.", "2024-01-15"),
    ("Headline\n\nKYIV, Aug 28 (Wire) - Ukraine said on Monday that its forces had taken a village.", None),
    ("Headline\n\nA long first paragraph of the article, which goes on for a while before it mentions the strike "
     "on August 9, 2022 well into it.", None),
])
def test_an_article_without_metadata_takes_the_date_its_page_prints_at_the_top(page, expected):
    assert article_date_from_text(page) == expected
