"""Clean one article: a `RawArticle` in, an `Article` out (text, completed metadata, offset map).

Works line by line -- in scraped pages a line is a paragraph. It drops page furniture
(navigation, share and subscription prompts, adverts, view counters, comment prompts, separators,
lists of unrelated headlines, section banners), keeps the first occurrence of each photo caption,
and turns byline and publisher credit lines into metadata. What counts as furniture is data:
`ontology/gazetteer/page_furniture.yaml`.

The headline: a page opens with a block of headline-like lines (no sentence punctuation). In it,
section banners and menu entries (a few words: "Europe", "Ukraine war") and datelines ("8 February
2024") are never the headline; of the rest, the first is the headline, unless it is Title Case and
followed by more Title Case lines (a site tagline above the headline), then the last of those is.
Lines of the block above the headline are dropped, banners and datelines below it too; a dateline
sets `metadata.date` (ISO) when no date is known. The headline sets `metadata.title` when no title
is known. Articles that are not scraped (`RawArticle.scraped` is False) and already have a title get
no headline guessing: their first kept line is kept as it is.

The cleaned text is the kept lines, each stripped of surrounding whitespace and otherwise verbatim,
joined by blank lines ("\\n\\n"). `Article.offsets` maps every cleaned offset back to `raw.text`:
for each character that came from the raw text, `raw.text[offsets.to_raw(i)] == text[i]`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cache

from conflict_kg.extract.gazetteer_schema import read_gazetteer_file
from conflict_kg.extract.model import Article, OffsetMap, RawArticle
from conflict_kg.ontology import ONTOLOGY_DIR

FURNITURE_FILE = ONTOLOGY_DIR / "gazetteer" / "page_furniture.yaml"

_QUOTES = str.maketrans({c: "" for c in "‘’‚‛“”„‟'\"`´«»"})
_DASHES = re.compile(r"[‐‑‒–—―−-]+")
_SENTENCE_END = re.compile(r"[.!?…:;][\"'”’)\]]*$")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+")
_BULLET = re.compile(r"^(?:[-–—•*·▪●]\s+)")
_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class FurnitureRules:
    """The recognisers of `page_furniture.yaml`, compiled."""

    furniture: tuple[re.Pattern[str], ...]
    max_furniture_words: int
    publisher_credits: tuple[re.Pattern[str], ...]
    trailing_credits: tuple[re.Pattern[str], ...]
    bylines: tuple[re.Pattern[str], ...]
    author_markers: frozenset[str]
    name_at_start: re.Pattern[str]
    outlets: frozenset[str]
    domain: re.Pattern[str]
    minor_words: frozenset[str]
    max_headline_words: int
    max_banner_words: int
    date_prefixes: re.Pattern[str]
    date_formats: tuple[str, ...]


@cache
def furniture_rules() -> FurnitureRules:
    """Load and compile `page_furniture.yaml` (once per process)."""
    data = read_gazetteer_file(FURNITURE_FILE.name)
    name = data["name_pattern"]

    def compile_all(patterns, flags=re.IGNORECASE):
        return tuple(re.compile(p.replace(r"\p{name}", name), flags) for p in patterns)

    return FurnitureRules(
        furniture=compile_all(p for group in data["furniture"].values() for p in group),
        max_furniture_words=int(data["max_furniture_words"]),
        publisher_credits=compile_all(data["publisher_credits"]),
        trailing_credits=compile_all(rf"\s+(?:{p})$" for p in data["trailing_credits"]),
        bylines=compile_all(data["bylines"], flags=0),
        author_markers=frozenset(_normalise(m) for m in data["author_markers"]),
        name_at_start=re.compile(rf"(?P<name>{name})(?= (?:is|was|has|covers|reports)\b|,|$)"),
        outlets=_media_outlet_names(),
        domain=re.compile(data["domain_pattern"], re.IGNORECASE),
        minor_words=frozenset(w.casefold() for w in data["title_case_minor_words"].split()),
        max_headline_words=int(data["max_headline_words"]),
        max_banner_words=int(data["max_banner_words"]),
        date_prefixes=re.compile(
            r"^(?:(?:%s)\b[:\s]*(?:on\s+)?)?(?:[A-Za-z]{3,9},?\s+)?" % "|".join(
                re.escape(p) for p in sorted(data["date_line"]["prefixes"], key=len, reverse=True)),
            re.IGNORECASE),
        date_formats=tuple(data["date_line"]["formats"]),
    )


def _media_outlet_names() -> frozenset[str]:
    """Every name of the media outlets of the knowledge base (`kind: media` in organisations.yaml),
    case-folded: a line that is one of them credits the publisher."""
    entries = read_gazetteer_file("organisations.yaml")
    return frozenset(name.casefold() for entry in entries if entry.get("kind") == "media"
                     for name in (entry["label"], *entry.get("aliases", ())))


@dataclass(frozen=True)
class _Line:
    start: int  # offsets in raw.text of the stripped line
    end: int
    text: str


def clean_article(raw: RawArticle) -> Article:
    """Remove page furniture from `raw`, complete its metadata and map offsets back to `raw.text`."""
    rules = furniture_rules()
    found = _Found()
    lines = _lines(raw.text)
    kept = _drop_furniture_and_credits(lines, rules, found)
    kept = _take_final_outlet_line(kept, rules, found)
    kept = _take_outlet_lines_above_text(kept, rules, found)
    kept = [_without_trailing_credit(line, rules) for line in kept]
    guess_headline = raw.scraped or not raw.metadata.title
    kept, headline, dateline = _separate_headline(kept, rules, guess_headline)
    kept = [line for line in kept if line is headline or not _is_headline_like_banner(line.text, rules)]
    kept = _drop_repeats(kept)
    kept = _take_outlet_after_last_sentence(kept, rules, found)

    metadata = raw.metadata
    metadata = replace(
        metadata,
        title=metadata.title or (headline.text if headline else None),
        date=metadata.date or dateline,
        author=metadata.author or found.author,
        publisher=metadata.publisher or found.publisher,
    )
    text, offsets = _join(kept)
    return Article(
        id=raw.id, text=text, source=raw.source, metadata=metadata, offsets=offsets, raw_text=raw.text
    )


def normalise_for_comparison(text: str) -> str:
    """The form in which two captions (or a caption and a sentence) count as the same: quotes,
    dashes, whitespace, case and trailing punctuation do not matter."""
    return _normalise(text)


def is_furniture(line: str) -> bool:
    """Whether a single line, on its own, is page furniture by the patterns of the gazetteer."""
    return _is_furniture(line.strip(), furniture_rules())


class _Found:
    """Metadata read off the page while cleaning (first value wins)."""

    def __init__(self) -> None:
        self.author: str | None = None
        self.publisher: str | None = None

    def set_author(self, value: str | None) -> None:
        if value and not self.author:
            self.author = value.strip()

    def set_publisher(self, value: str | None) -> None:
        if value and not self.publisher:
            self.publisher = value.strip()


def _lines(text: str) -> list[_Line]:
    result, position = [], 0
    for piece in text.split("\n"):
        stripped = piece.strip()
        if stripped:
            start = position + (len(piece) - len(piece.lstrip()))
            result.append(_Line(start, start + len(stripped), stripped))
        position += len(piece) + 1
    return result


def _drop_furniture_and_credits(lines: list[_Line], rules: FurnitureRules, found: _Found) -> list[_Line]:
    kept: list[_Line] = []
    expecting_author = False
    for line in lines:
        text = line.text
        if expecting_author:
            expecting_author = False
            if _is_bare_name(text, rules):
                found.set_author(text)
                continue
            bio = rules.name_at_start.match(text)
            if bio:
                found.set_author(bio.group("name"))  # the bio itself is body text and stays
        if _normalise(text) in rules.author_markers:
            expecting_author = True
            continue
        if _is_furniture(text, rules):
            continue
        if _read_credit(text, rules, found) or _read_byline(text, rules, found):
            continue
        if _is_bulleted_headline(text, rules):
            continue
        kept.append(line)
    return kept


def _is_furniture(text: str, rules: FurnitureRules) -> bool:
    if len(_WORD.findall(text)) > rules.max_furniture_words:
        return False
    return any(p.fullmatch(text) for p in rules.furniture)


def _read_credit(text: str, rules: FurnitureRules, found: _Found) -> bool:
    if len(_WORD.findall(text)) > rules.max_furniture_words:
        return False
    for pattern in rules.publisher_credits:
        match = pattern.fullmatch(text)
        if match:
            found.set_publisher(match.group("publisher"))
            return True
    return False


def _read_byline(text: str, rules: FurnitureRules, found: _Found) -> bool:
    if _SENTENCE_END.search(text) or len(_WORD.findall(text)) > rules.max_furniture_words:
        return False
    for pattern in rules.bylines:
        match = pattern.fullmatch(text)
        if not match:
            continue
        author, publisher = match.group("author"), match.groupdict().get("publisher")
        head, _, last = author.rpartition(", ")
        if head and last.casefold() in rules.outlets:  # "By Jane Doe, Associated Press"
            author, publisher = head, publisher or last
        found.set_author(author)
        found.set_publisher(publisher)
        return True
    return False


def _is_bare_name(text: str, rules: FurnitureRules) -> bool:
    match = rules.name_at_start.fullmatch(text)
    return bool(match) and not _SENTENCE_END.search(text)


def _is_bulleted_headline(text: str, rules: FurnitureRules) -> bool:
    bullet = _BULLET.match(text)
    return bool(bullet) and _is_headline_like_banner(text[bullet.end():], rules)


def _is_title_case(text: str, rules: FurnitureRules) -> bool:
    significant = []
    for word in _WORD.findall(text):
        word = word.strip("‘’“”'\"()[]«»,:;")
        if not word or not any(c.isalpha() for c in word):
            continue
        if word.casefold() in rules.minor_words:
            continue
        significant.append(word)
    return bool(significant) and all(w[0].isupper() or w[0].isdigit() for w in significant)


def _is_headline_like(text: str, rules: FurnitureRules) -> bool:
    return not _SENTENCE_END.search(text) and len(_WORD.findall(text)) <= rules.max_headline_words


def _is_headline_like_banner(text: str, rules: FurnitureRules) -> bool:
    """A Title Case line without sentence punctuation: a headline, banner or menu entry."""
    return _is_headline_like(text, rules) and _is_title_case(text, rules)


def _separate_headline(
    kept: list[_Line], rules: FurnitureRules, guess: bool
) -> tuple[list[_Line], _Line | None, str | None]:
    """Find the headline in the page's opening block of headline-like lines (see the module
    docstring); give the lines to keep, the headline and the first dateline's ISO date."""
    if not kept:
        return kept, None, None
    if not guess:
        return kept, kept[0], None  # title already known: the first line is protected, not read as title
    if not _is_headline_like(kept[0].text, rules):
        return kept, None, None  # the page starts with body text
    block = 1
    while block < len(kept) and _is_headline_like(kept[block].text, rules):
        block += 1
    dates = {i: _date_of_line(kept[i].text, rules) for i in range(block)}
    banners = {i for i in range(block) if dates[i] or len(_WORD.findall(kept[i].text)) <= rules.max_banner_words}
    candidates = [i for i in range(block) if i not in banners] or [i for i in range(block) if not dates[i]] or [0]
    headline = candidates[0]
    for following in candidates[1:]:
        if not (_is_title_case(kept[headline].text, rules) and _is_title_case(kept[following].text, rules)):
            break
        headline = following
    dateline = next((dates[i] for i in range(block) if dates[i]), None)
    below = [line for i, line in enumerate(kept[headline + 1:block], start=headline + 1) if i not in banners]
    return [kept[headline], *below, *kept[block:]], kept[headline], dateline


def _date_of_line(text: str, rules: FurnitureRules) -> str | None:
    """The ISO date a dateline gives ("Updated: Mon 12 Aug 2024 14.05 GMT" -> "2024-08-12"), else None."""
    rest = rules.date_prefixes.sub("", text, count=1)
    rest = re.sub(r"\s*(?:[-–—|,·]|at)?\s*\d{1,2}[.:]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?$", "", rest,
                  flags=re.IGNORECASE).strip(" ,")
    without_place = _DATELINE_PLACE.sub("", text.strip(), count=1)  # "KYIV -- October 13, 2023"
    for attempt in (rest, text.strip(), without_place):
        for fmt in rules.date_formats:
            try:
                return datetime.strptime(attempt, fmt).date().isoformat()
            except ValueError:
                continue
    return None


def _drop_repeats(lines: list[_Line]) -> list[_Line]:
    """Keep the first of equal lines (captions repeat) and drop lines repeating an earlier sentence."""
    kept, seen = [], set()
    for line in lines:
        key = _normalise(line.text)
        if key in seen:
            continue
        kept.append(line)
        seen.add(key)
        seen.update(_normalise(s) for s in _SENTENCE_BREAK.split(line.text) if s.strip())
    return kept


def _take_final_outlet_line(kept: list[_Line], rules: FurnitureRules, found: _Found) -> list[_Line]:
    """A lone outlet name or web domain as the last line is the publisher; it leaves the text."""
    if len(kept) >= 2 and _is_outlet(kept[-1].text, rules):
        found.set_publisher(kept[-1].text)
        return kept[:-1]
    return kept


def _without_trailing_credit(line: _Line, rules: FurnitureRules) -> _Line:
    """The line without the photo credit that ends it ("... in action. © Sputnik / Jane Doe",
    "... on May 27 [AFP via Getty Images]"), by `trailing_credits` in page_furniture.yaml."""
    for pattern in rules.trailing_credits:
        match = pattern.search(line.text)
        if match:
            return _Line(line.start, line.start + match.start(), line.text[:match.start()])
    return line


_DATELINE_PLACE = re.compile(r"^[A-Z][A-Z .'-]*[A-Z]\s*(?:--?|[–—,|])\s*")
_CREDIT_SEPARATOR = re.compile(r"\s+(?:[|–—·]|--?)\s+")


def _take_outlet_lines_above_text(kept: list[_Line], rules: FurnitureRules, found: _Found) -> list[_Line]:
    """In the page's opening lines without sentence punctuation, an outlet alone ("ABC News") or
    before a date ("AFP | December 5, 2024") is the publisher; the outlet leaves the text, its date
    stays to be read as the dateline."""
    result = list(kept)
    for i, line in enumerate(kept):
        if not _is_headline_like(line.text, rules):
            break
        outlet, _, rest = _CREDIT_SEPARATOR.sub("|", line.text, count=1).partition("|")
        if not _is_outlet(outlet, rules) or (rest and not _date_of_line(rest, rules)):
            continue
        found.set_publisher(outlet)
        rest_start = line.end - len(rest)
        result[i] = _Line(rest_start, line.end, rest) if rest else None
    return [line for line in result if line is not None]


def _take_outlet_after_last_sentence(kept: list[_Line], rules: FurnitureRules, found: _Found) -> list[_Line]:
    """An outlet credited after the last paragraph's final sentence ("... said. Reuters") is the
    publisher; the credit is cut from the paragraph (its kept run just gets shorter)."""
    if len(kept) < 2:
        return kept
    last = kept[-1]
    match = re.search(r"(?<=[.!?”\"’])\s+(?P<outlet>[^.!?\s][^.!?]{0,40})$", last.text)
    if match and _is_outlet(match.group("outlet"), rules):
        found.set_publisher(match.group("outlet"))
        return kept[:-1] + [_Line(last.start, last.start + match.start(), last.text[: match.start()])]
    return kept


def _is_outlet(text: str, rules: FurnitureRules) -> bool:
    text = text.strip().strip("()—–- ")
    return text.casefold() in rules.outlets or bool(rules.domain.fullmatch(text))


def _join(lines: list[_Line]) -> tuple[str, OffsetMap]:
    parts, runs, position = [], [], 0
    for line in lines:
        if parts:
            parts.append("\n\n")
            position += 2
        runs.append((position, line.start, line.end - line.start))
        parts.append(line.text)
        position += len(line.text)
    return "".join(parts), OffsetMap(tuple(runs))


def _normalise(text: str) -> str:
    text = _DASHES.sub(" ", text.translate(_QUOTES))
    text = " ".join(text.split()).casefold()
    return text.rstrip(" .,;:!?…-")
