"""Cleaning scraped articles: furniture out, body and first caption in, metadata read, offsets kept."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conflict_kg.extract.clean import clean_article, is_furniture, normalise_for_comparison
from conflict_kg.extract.ingest import read_articles
from conflict_kg.extract.model import ArticleMetadata, RawArticle

CORPUS = Path("/work/shared/corpus")

BODY_1 = "Ukrainian forces pushed Russian troops back from two villages south of Bakhmut on Monday, officials said."
BODY_2 = "The General Staff said 40 drones were shot down overnight over the Odesa and Mykolaiv regions."
BODY_3 = "Moscow did not comment on the reported losses."


def clean(*lines: str, scraped: bool = True, metadata: ArticleMetadata = ArticleMetadata(), sep="\n\n"):
    return clean_article(RawArticle(id="t", text=sep.join(lines), source="t.txt", metadata=metadata, scraped=scraped))


def paragraphs(article):
    return article.text.split("\n\n")


def assert_offsets_point_into_raw(article, raw_text):
    for i, char in enumerate(article.text):
        if article.text[i : i + 2] != "\n\n" and article.text[i - 1 : i + 1] != "\n\n":
            assert raw_text[article.offsets.to_raw(i)] == char, i


@pytest.mark.parametrize(
    "furniture",
    [
        "Connect with us",
        "Hi, what are you looking for?",
        "Share this article",
        "Follow us on Telegram",
        "Skip to content",
        "Advertisement",
        "Subscribe to our newsletter",
        "Sign up for our daily briefing",
        "228 total views,  1 views today",
        "Comments",
        "Leave a Reply",
        "Continue to read more latest news",
        "Read more:",
        "Read: Drones hit Odesa port overnight, officials say",
        "***",
        "World | Politics | Business | Opinion",
    ],
)
def test_furniture_line_is_dropped(furniture):
    article = clean("Drone Strike Hits Kyiv Suburb", BODY_1, furniture, BODY_2)
    assert paragraphs(article) == ["Drone Strike Hits Kyiv Suburb", BODY_1, BODY_2]
    assert is_furniture(furniture)


def test_sentence_that_starts_like_a_prompt_is_kept():
    sentence = (
        "Sign up for military service rose sharply in the Lviv region after the new mobilisation law "
        "came into force, recruitment officers said on Tuesday, citing long queues at the centres."
    )
    assert paragraphs(clean("Mobilisation Queues Grow", sentence)) == ["Mobilisation Queues Grow", sentence]


def test_headline_is_kept_and_becomes_the_title():
    article = clean("Russian missiles hit power plants in western Ukraine", BODY_1, BODY_2)
    assert paragraphs(article)[0] == "Russian missiles hit power plants in western Ukraine"
    assert article.metadata.title == "Russian missiles hit power plants in western Ukraine"


def test_section_banner_above_the_headline_is_dropped():
    article = clean(
        "Skip to content",
        "War Desk: Defence, Security and Diplomacy",
        "Kyiv Says Counteroffensive Gains Ground Near Robotyne",
        BODY_1,
    )
    assert paragraphs(article) == ["Kyiv Says Counteroffensive Gains Ground Near Robotyne", BODY_1]
    assert article.metadata.title == "Kyiv Says Counteroffensive Gains Ground Near Robotyne"


def test_article_starting_with_body_text_keeps_it_and_guesses_no_title():
    article = clean(BODY_1, BODY_2)
    assert paragraphs(article) == [BODY_1, BODY_2]
    assert article.metadata.title is None


def test_standalone_title_case_subheading_and_related_story_are_dropped():
    article = clean(
        "Ukraine downs drones over Odesa",
        BODY_1,
        "Fight For The Southern Front",
        BODY_2,
        "Zelensky Visits Troops in Kharkiv Region",
        BODY_3,
    )
    assert paragraphs(article) == ["Ukraine downs drones over Odesa", BODY_1, BODY_2, BODY_3]


def test_list_of_unrelated_bulleted_headlines_is_dropped_but_bulleted_sentences_stay():
    bullet_sentence = "- Russia fired 30 cruise missiles at the capital overnight."
    article = clean(
        "Missiles target Kyiv",
        BODY_1,
        bullet_sentence,
        "- Central Bank Holds Rates Steady Amid Inflation Worries",
        "• Football Club Signs Striker Ahead of New Season",
        sep="\n",
    )
    assert paragraphs(article) == ["Missiles target Kyiv", BODY_1, bullet_sentence]


def test_duplicate_photo_caption_is_kept_once():
    caption = "Ukrainian gunners fire a 'Caesar' howitzer near Kupiansk on July 9, 2023"
    variant = "Ukrainian gunners fire a ‘Caesar’ howitzer — near Kupiansk on July 9, 2023."
    article = clean("Artillery Duels In The East", BODY_1, caption, caption, variant, BODY_2)
    assert paragraphs(article) == ["Artillery Duels In The East", BODY_1, caption, BODY_2]


def test_caption_repeating_a_body_sentence_is_dropped():
    paragraph = f"{BODY_1} {BODY_2}"
    caption = BODY_2.rstrip(".")
    article = clean("Strikes across the south", paragraph, caption, BODY_3)
    assert paragraphs(article) == ["Strikes across the south", paragraph, BODY_3]


def test_written_by_with_bio_sets_author_and_keeps_the_bio():
    bio = "Oksana Hrytsenko is Frontline Wire's defence editor. She has reported from Donbas since 2014."
    article = clean("Front Line Holds", BODY_1, "Written By", bio)
    assert article.metadata.author == "Oksana Hrytsenko"
    assert paragraphs(article) == ["Front Line Holds", BODY_1, bio]


def test_written_by_with_bare_name_sets_author_and_drops_the_name():
    article = clean("Front Line Holds", BODY_1, "Written By", "Oksana Hrytsenko")
    assert article.metadata.author == "Oksana Hrytsenko"
    assert paragraphs(article) == ["Front Line Holds", BODY_1]


@pytest.mark.parametrize(
    ("byline", "author", "publisher"),
    [
        ("By Jane Doe", "Jane Doe", None),
        ("By Jane Doe, Reuters", "Jane Doe", "Reuters"),
        ("By Jane Doe, Associated Press", "Jane Doe", "Associated Press"),
        ("By Jane Doe and Petro Kovalenko", "Jane Doe and Petro Kovalenko", None),
    ],
)
def test_byline_becomes_metadata_and_leaves_the_text(byline, author, publisher):
    article = clean("Front Line Holds", byline, BODY_1)
    assert paragraphs(article) == ["Front Line Holds", BODY_1]
    assert (article.metadata.author, article.metadata.publisher) == (author, publisher)


def test_sentence_starting_with_by_is_not_a_byline():
    sentence = "By Tuesday evening, Russian Forces had withdrawn from the eastern bank of the river."
    article = clean("River Crossing Contested", sentence)
    assert paragraphs(article) == ["River Crossing Contested", sentence]
    assert article.metadata.author is None


@pytest.mark.parametrize(
    ("credit", "publisher"),
    [
        ("Read more at ExampleNews.co.uk", "ExampleNews.co.uk"),
        ("Source: Reuters", "Reuters"),
        ("Reuters", "Reuters"),
        ("kyiv-daily.example.com", "kyiv-daily.example.com"),
    ],
)
def test_publisher_credit_line_becomes_metadata(credit, publisher):
    article = clean("Front Line Holds", BODY_1, BODY_2, credit)
    assert paragraphs(article) == ["Front Line Holds", BODY_1, BODY_2]
    assert article.metadata.publisher == publisher


def test_trailing_outlet_after_the_last_sentence_is_the_publisher():
    raw = RawArticle(id="t", text=f"Front Line Holds\n{BODY_1}\n{BODY_2} Reuters\nComments", source="t.txt")
    article = clean_article(raw)
    assert article.metadata.publisher == "Reuters"
    assert paragraphs(article) == ["Front Line Holds", BODY_1, BODY_2]
    assert_offsets_point_into_raw(article, raw.text)


@pytest.mark.parametrize(
    ("credit", "publisher", "date"),
    [("AFP | December 5, 2024", "AFP", "2024-12-05"), ("Kyodo News", "Kyodo News", None),
     ("Reuters — 7 May 2024", "Reuters", "2024-05-07")],
)
def test_an_outlet_alone_or_with_a_date_above_the_headline_is_the_publisher(credit, publisher, date):
    raw = RawArticle(id="t", text=f"{credit}\nDrones Hit Odesa Port\n{BODY_1}\n{BODY_2}", source="t.txt")
    article = clean_article(raw)
    assert (article.metadata.publisher, article.metadata.date) == (publisher, date)
    assert paragraphs(article) == ["Drones Hit Odesa Port", BODY_1, BODY_2]


def test_an_outlet_line_under_the_byline_is_the_publisher_and_a_place_dateline_gives_the_date():
    article = clean("Drones Hit Odesa Port", "By Jane Doe", "NBC News", "ODESA -- October 13, 2023", BODY_1)
    assert (article.metadata.author, article.metadata.publisher) == ("Jane Doe", "NBC News")
    assert article.metadata.date == "2023-10-13"
    assert paragraphs(article) == ["Drones Hit Odesa Port", BODY_1]


@pytest.mark.parametrize("credit", ["© Photo Agency / Jane Doe", "[AFP via Getty Images]", "(Photo: Jane Doe/Reuters)",
                                    "(Jane Doe/AFP via Getty Images)"])
def test_a_photo_credit_after_a_caption_is_cut_and_the_caption_stays(credit):
    caption = "A howitzer crew of the 44th Artillery Brigade fires near Bakhmut."
    raw = RawArticle(id="t", text=f"Guns Of The East\n{BODY_1}\n{caption} {credit}\n{BODY_2}", source="t.txt")
    article = clean_article(raw)
    assert paragraphs(article) == ["Guns Of The East", BODY_1, caption, BODY_2]
    assert_offsets_point_into_raw(article, raw.text)


def test_known_metadata_is_not_overwritten():
    given = ArticleMetadata(title="Given Title", author="Given Author", publisher="Given Outlet")
    article = clean("Page Headline Differs", "By Jane Doe", BODY_1, "Source: Reuters", metadata=given)
    assert article.metadata == given


def test_non_scraped_article_with_title_keeps_first_line_and_is_still_cleaned():
    caption = "Smoke rises over Kherson after shelling"
    article = clean(
        "Kherson Shelled Again",
        BODY_1,
        caption,
        caption,
        "Advertisement",
        scraped=False,
        metadata=ArticleMetadata(title="Kherson under fire"),
    )
    assert paragraphs(article) == ["Kherson Shelled Again", BODY_1, caption]
    assert article.metadata.title == "Kherson under fire"


def test_paragraphs_are_joined_by_blank_lines_and_stripped_of_surrounding_spaces():
    raw = RawArticle(id="t", text=f"  Kyiv Under Fire \n\n\n{BODY_1}   \n{BODY_2}\n", source="t.txt")
    article = clean_article(raw)
    assert article.text == f"Kyiv Under Fire\n\n{BODY_1}\n\n{BODY_2}"
    assert article.raw_text == raw.text
    assert (article.id, article.source) == ("t", "t.txt")


def test_every_kept_character_maps_back_to_the_same_character_in_the_raw_text():
    raw = RawArticle(
        id="t",
        text=(
            "Connect with us\n\nSection Banner Words\n\n  Headline Of The Day  \n\n"
            f"{BODY_1}\n\nA caption line\n\nA caption line.\n\n   {BODY_2}\n***\nRead more at Example.com"
        ),
        source="t.txt",
    )
    article = clean_article(raw)
    assert paragraphs(article) == ["Headline Of The Day", BODY_1, "A caption line", BODY_2]
    assert_offsets_point_into_raw(article, raw.text)
    # The start of each kept paragraph maps to that paragraph's start in the raw text.
    position = 0
    for paragraph in paragraphs(article):
        assert raw.text[article.offsets.to_raw(position) :].startswith(paragraph)
        position += len(paragraph) + 2


LINES = st.sampled_from(
    [BODY_1, BODY_2, BODY_3, "Advertisement", "Comments", "Some Title Case Banner", "A short caption",
     "A short caption.", "- Unrelated Headline About Sport", "By Jane Doe", "Reuters", "", "   ", "***",
     "Written By", "Kateryna Melnyk is a reporter. She covers the war."]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(LINES, max_size=12), st.sampled_from(["\n", "\n\n", "\n \n"]))
def test_offset_map_property_holds_for_any_mix_of_lines(lines, separator):
    raw = RawArticle(id="t", text=separator.join(lines), source="t.txt")
    article = clean_article(raw)
    assert_offsets_point_into_raw(article, raw.text)
    assert "\n\n\n" not in article.text
    for paragraph in paragraphs(article):
        assert paragraph == paragraph.strip()


def test_normalised_form_ignores_quotes_dashes_case_space_and_final_punctuation():
    assert normalise_for_comparison("The ‘Sontsepek’ – fired  at dawn.") == normalise_for_comparison(
        "the 'Sontsepek' - fired at dawn"
    )


def corpus_files():
    if not CORPUS.is_dir():
        return []
    return sorted(CORPUS.glob("*.txt"))


@pytest.mark.parametrize("path", corpus_files() or [None], ids=lambda p: p.name if p else "absent")
def test_real_scraped_pages_lose_their_furniture_and_keep_their_body(path):
    if path is None:
        pytest.skip(f"{CORPUS} not available")
    [raw] = list(read_articles([path]))
    article = clean_article(raw)
    kept = paragraphs(article)
    raw_lines = [line.strip() for line in raw.text.split("\n") if line.strip()]

    assert not any(is_furniture(line) for line in kept)
    normalised = [normalise_for_comparison(line) for line in kept]
    assert len(normalised) == len(set(normalised)), "a repeated line survived"
    assert_offsets_point_into_raw(article, raw.text)
    # Body paragraphs (long lines ending in a sentence) all stay, apart from duplicates.
    body = [line for line in raw_lines if len(line.split()) >= 25 and line.endswith((".", "”", "’", '"'))]
    assert body
    for line in body:
        assert any(line == k or line.startswith(k) for k in kept), line[:60]
    # The page's first non-furniture line is kept: the text starts with a line of the page.
    assert kept[0] in raw_lines
    # Nothing but the furniture goes: most of the page survives.
    assert len(article.text) > 0.6 * len(raw.text)
