"""The title of a scraped plain-text page is its headline, never a menu entry, a section banner,
a dateline or the outlet's name; a dateline becomes the article's date. Pages written for the test
in the style of scraped news pages (headline, menu, sections, byline, date, body)."""
from __future__ import annotations

import pytest

from conflict_kg.extract.clean import clean_article
from conflict_kg.extract.model import ArticleMetadata, RawArticle

BODY = ("Ukrainian troops pushed Russian units out of two villages south of Bakhmut on Monday after a week "
        "of heavy shelling, the General Staff said in its morning update.")
MORE = "Moscow did not comment on the reported losses, and the claims could not be independently verified."


def page(*lines: str, sep: str = "\n") -> RawArticle:
    return RawArticle(id="page", text=sep.join(lines), source="page.txt")


def cleaned(*lines: str, sep: str = "\n"):
    return clean_article(page(*lines, sep=sep))


def test_headline_above_menu_sections_byline_and_date_is_the_title():
    article = cleaned(
        "Marines hold bridgehead near Krynky as shelling goes on",
        "Skip to content", "Menu", "World", "Europe", "Ukraine war", "Advertisement",
        "By Taras Melnyk", "29 August 2023", "", BODY, "", MORE,
    )
    assert article.metadata.title == "Marines hold bridgehead near Krynky as shelling goes on"
    assert article.metadata.date == "2023-08-29"
    assert article.text.split("\n\n") == ["Marines hold bridgehead near Krynky as shelling goes on", BODY, MORE]


@pytest.mark.parametrize("banner", ["Europe", "Analysis", "Defence", "Ukraine", "Ukraine war"])
def test_a_section_banner_after_the_headline_never_becomes_the_title(banner):
    article = cleaned("Drone strike sets fuel depot ablaze in Belgorod region", "Home", banner, BODY)
    assert article.metadata.title == "Drone strike sets fuel depot ablaze in Belgorod region"
    assert banner not in article.text.split("\n\n")


@pytest.mark.parametrize("dateline,iso", [
    ("8 February 2024", "2024-02-08"),
    ("February 8, 2024", "2024-02-08"),
    ("Updated: Mon 12 Aug 2024 14.05 GMT", "2024-08-12"),
    ("Published on 3 Mar 2023", "2023-03-03"),
    ("2024-10-02", "2024-10-02"),
])
def test_a_dateline_is_never_the_title_and_becomes_the_date(dateline, iso):
    article = cleaned("Russia fires glide bombs at Zaporizhzhia industrial zone", "Subscribe", "By Ivan Petrenko",
                      dateline, BODY)
    assert article.metadata.title == "Russia fires glide bombs at Zaporizhzhia industrial zone"
    assert article.metadata.date == iso
    assert dateline not in article.text


def test_menu_and_section_lines_above_the_headline_are_dropped():
    article = cleaned("Home", "Latest", "Opinion", "Front line", "Kyiv says counteroffensive gains ground near Orikhiv",
                      "12 July 2024", BODY)
    assert article.metadata.title == "Kyiv says counteroffensive gains ground near Orikhiv"
    assert article.text.startswith("Kyiv says counteroffensive gains ground near Orikhiv\n\n" + BODY[:20])


def test_site_tagline_in_title_case_above_a_title_case_headline_is_not_the_title():
    article = cleaned("Front Line Review: Defence, Security and Strategy",
                      "Why the Battle for Pokrovsk Will Decide the Winter", BODY)
    assert article.metadata.title == "Why the Battle for Pokrovsk Will Decide the Winter"


def test_standfirst_without_full_stop_below_the_headline_stays_in_the_text():
    standfirst = "Troops describe nightly boat crossings under fire from drones and artillery"
    article = cleaned("Marines cling to Dnipro foothold", "Ukraine", standfirst, BODY)
    assert article.metadata.title == "Marines cling to Dnipro foothold"
    assert article.text.split("\n\n") == ["Marines cling to Dnipro foothold", standfirst, BODY]


def test_page_starting_with_body_text_has_no_title_and_no_invented_date():
    article = cleaned(BODY, MORE)
    assert article.metadata.title is None and article.metadata.date is None


def test_known_title_and_date_are_kept():
    raw = RawArticle(id="p", text="\n".join(["Europe", "5 May 2022", BODY]), source="p.html",
                     metadata=ArticleMetadata(title="Known headline", date="2022-05-06"))
    article = clean_article(raw)
    assert (article.metadata.title, article.metadata.date) == ("Known headline", "2022-05-06")
