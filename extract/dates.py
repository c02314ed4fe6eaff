"""When a relation's event happened: `date_relations(doc, found, article_date) -> found`.

Takes the parsed article, its unattributed `FoundRelation`s and the article's date (ISO, from its
metadata or dateline, else `article_date_from_text`; may be None); gives the relations with `event_date` and `date_precision` set.
A time expression in the relation's sentence ("on Monday", "last May", "on 12 August", "overnight",
"three days ago", "in March 2023") is resolved against the article's date with dateparser (past
dates preferred: reporting tells what has happened). Of several, the one inside the trigger's own
clause is taken first, then the nearest one not attached to a reporting or denial verb ("said on
Monday" dates the statement, not the event). Structural relations (partOf, locatedIn, roles) take
the article's date. Without one, a relation takes the article's date with
precision "article". The expressions are data: `ontology/dates.yaml`.
"""
from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterable
from datetime import date, datetime, timedelta

import dateparser
from spacy.tokens import Doc, Token

from conflict_kg.extract.knowledge_file import Integer, ListOf, MapOf, Record, Text, load
from conflict_kg.extract.relations.engine import FoundRelation
from conflict_kg.extract.relations.knowledge import load_knowledge
from conflict_kg.ontology import ONTOLOGY_DIR

DATES_FILE = ONTOLOGY_DIR / "dates.yaml"
WORDS = ListOf(Text())
SCHEMA = Record(required={"months": WORDS, "weekdays": WORDS, "day_parts": WORDS, "days_before": MapOf(Integer()),
                          "number_words": MapOf(Integer()), "ago_words": WORDS, "months_before": MapOf(Integer()),
                          "years_before": MapOf(Integer()), "time_preps": WORDS})
DAY, MONTH, YEAR, ARTICLE = "day", "month", "year", "article"


@dataclasses.dataclass(frozen=True)
class TimeExpression:
    start: int  # character offsets in the doc
    end: int
    value: str  # ISO date, YYYY-MM or YYYY
    precision: str


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@functools.cache
def _patterns() -> tuple[dict, tuple[tuple[str, re.Pattern[str]], ...]]:
    data = load(DATES_FILE, SCHEMA)
    month = rf"(?:{_alternation(data['months'])})\.?"
    weekday = f"(?:{_alternation(data['weekdays'])})"
    part = _alternation(data["day_parts"])
    ordinal = r"\d{1,2}(?:st|nd|rd|th)?"
    year = r"(?:19|20)\d\d"
    number = rf"(?:\d{{1,2}}|{_alternation(data['number_words'])})"
    families = (
        (DAY, rf"(?:{weekday},?\s+)?{ordinal}\s+(?:of\s+)?{month}(?:,?\s+{year})?(?!\d)"),
        (DAY, rf"(?:{weekday},?\s+)?{month}\s+{ordinal}(?:,?\s+{year})?(?!\d)"),
        ("weekday", rf"(?i:on\s+|last\s+)?(?:{weekday})(?:\s+(?i:{part}))?"),
        ("days_before", rf"{_alternation(data['days_before'])}"),
        ("days_ago", rf"{number}\s+days?\s+(?:{_alternation(data['ago_words'])})"),
        ("months_before", _alternation(data["months_before"])),
        ("years_before", _alternation(data["years_before"])),
        (MONTH, rf"(?i:{_alternation(data['time_preps'])})\s*(?:{month})(?:\s+{year})?|{month}\s+{year}"),
        (YEAR, rf"(?:{_alternation(data['time_preps'])})\s+{year}"),
    )
    flags = re.IGNORECASE
    return data, tuple((name, re.compile(rf"(?<![\w-])(?:{p})(?![\w-])", flags if name not in (DAY, MONTH, "weekday")
                                         else 0)) for name, p in families)


def parse_article_date(text: str | None) -> date | None:
    """The article's date from its metadata ("2024-08-14", "2024-08-14T09:00:00Z", "14 Aug 2024")."""
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip()[:10])
    except ValueError:
        parsed = dateparser.parse(text, languages=["en"], settings={"PREFER_DAY_OF_MONTH": "first"})
        return parsed.date() if parsed else None


_ISO_STAMP = re.compile(r"(?<!\d)((?:19|20)\d\d)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(?:[T ][\d:.+Z-]*)?(?!\d)")
_DOTTED = re.compile(r"(?<![\d.])(0?[1-9]|[12]\d|3[01])\.(0?[1-9]|1[0-2])\.((?:19|20)\d\d)(?![\d.])")
HEADER_LINES = 8  # the lines above the text where a page prints its date
HEADER_LINE_CHARS = 100  # a longer line is text, but may open with a dateline ("KYIV, Jan 15, 2024 (AFP) -")
DATELINE_CHARS = 40


def article_date_from_text(text: str) -> str | None:
    """The ISO date a page prints near its top, with its year: on a short line of its own or in its
    title ("Wednesday, 18 May 2022", "14.04.2022", "2025-01-06T07:04+0000", "Assessment, January 13,
    2023"), or opening a dateline ("KYIV, Jan 15, 2024 (AFP) - ..."); None if it prints none."""
    lines = [line.strip() for line in text.splitlines() if line.strip()][:HEADER_LINES]
    for line in lines:
        head = line if len(line) <= HEADER_LINE_CHARS else line[:DATELINE_CHARS]
        for pattern, order in ((_ISO_STAMP, (0, 1, 2)), (_DOTTED, (2, 1, 0))):
            match = pattern.search(head)
            if match:
                year, month, day = (int(match.group(i + 1)) for i in order)
                try:
                    return date(year, month, day).isoformat()
                except ValueError:
                    continue
        found = [e for e in time_expressions(head, None) if e.precision == DAY]
        if found:
            return found[0].value
    return None


def _resolve(family: str, text: str, base: date | None, data: dict) -> tuple[str, str] | None:
    lower = " ".join(text.lower().split())
    if family == "days_before":
        return ((base - timedelta(days=data["days_before"][lower])).isoformat(), DAY) if base else None
    if family == "days_ago":
        count = lower.split()[0]
        days = int(count) if count.isdigit() else data["number_words"][count]
        return ((base - timedelta(days=days)).isoformat(), DAY) if base else None
    if family == "months_before":
        if not base:
            return None
        month = base.year * 12 + base.month - 1 - data["months_before"][lower]
        return f"{month // 12:04d}-{month % 12 + 1:02d}", MONTH
    if family == "years_before":
        return (f"{base.year - data['years_before'][lower]:04d}", YEAR) if base else None
    words = re.sub(r"^(?:on|last|in|during|early|late|mid-|by the end of|at the end of)\s*", "", text,
                   flags=re.IGNORECASE)
    if family == YEAR:
        return words[-4:], YEAR
    has_year = re.search(r"\b(?:19|20)\d\d\b", words) is not None
    if not base and not has_year:
        return None
    settings = {"PREFER_DATES_FROM": "past", "PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False}
    if base:
        settings["RELATIVE_BASE"] = datetime(base.year, base.month, base.day, 12)
    if family == "weekday":  # the latest such day up to the article's own
        weekday = [w.lower() for w in data["weekdays"]].index(words.split()[0].rstrip(",").lower())
        return (base - timedelta(days=(base.weekday() - weekday) % 7)).isoformat(), DAY
    words = re.sub(rf"^(?:{_alternation(data['weekdays'])}),?\s+", "", words)
    parsed = dateparser.parse(words.replace(".", ""), languages=["en"], settings=settings)
    if parsed is None:
        return None
    if family == MONTH:
        return f"{parsed.year:04d}-{parsed.month:02d}", MONTH
    return parsed.date().isoformat(), DAY


def time_expressions(text: str, base: date | None, offset: int = 0) -> list[TimeExpression]:
    """The time expressions of `text` that resolve, longest first where they overlap, in text order."""
    data, patterns = _patterns()
    found: list[TimeExpression] = []
    taken: list[tuple[int, int]] = []
    for family, pattern in patterns:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < e and s < end for s, e in taken):
                continue
            resolved = _resolve(family, match.group(0), base, data)
            if resolved:
                taken.append((start, end))
                found.append(TimeExpression(start + offset, end + offset, *resolved))
    return sorted(found, key=lambda t: t.start)


def _governed_by_reporting(token: Token, reporting_verbs: frozenset[str]) -> bool:
    head = token
    while head.dep_ not in ("ROOT",) and head.pos_ not in ("VERB", "AUX") and head.head != head:
        head = head.head
    return head.lemma_.lower() in reporting_verbs


def event_time(doc: Doc, trigger: Token, sentence: str, start: int, base: date | None) -> TimeExpression | None:
    """The time the sentence `sentence`, at character `start` of the doc, gives for the action of
    `trigger`, or None."""
    candidates = time_expressions(sentence, base, start)
    if not candidates:
        return None
    clause = {t.i for t in trigger.subtree}
    knowledge = load_knowledge()
    reporting = knowledge.reporting_verbs | knowledge.denial_verbs | knowledge.rejecting_verbs
    own, other = [], []
    for expression in candidates:
        span = doc.char_span(expression.start, expression.end, alignment_mode="expand")
        if span is None:
            continue
        if span.root.i in clause:
            own.append(expression)
        elif not _governed_by_reporting(span.root, reporting):
            other.append(expression)
    pool = own or other
    return min(pool, key=lambda e: abs(e.start - trigger.idx)) if pool else None


def date_relations(doc: Doc, found: Iterable[FoundRelation], article_date: str | None) -> tuple[FoundRelation, ...]:
    """Each relation with the event date its sentence states, else the article's (precision "article").
    Structural relations (partOf, locatedIn, roles) describe, they do not happen: the article's date."""
    base = parse_article_date(article_date)
    structural = load_knowledge().unattributed_predicates
    text = doc.text  # spaCy joins the tokens again at every `doc.text`
    out = []
    for item in found:
        relation = item.relation
        trigger = doc[item.trigger] if 0 <= item.trigger < len(doc) and relation.predicate not in structural else None
        when = event_time(doc, trigger, text[relation.sentence_start:relation.sentence_end], relation.sentence_start,
                          base) if trigger else None
        if when is not None:
            relation = dataclasses.replace(relation, event_date=when.value, date_precision=when.precision)
        elif base is not None:
            relation = dataclasses.replace(relation, event_date=base.isoformat(), date_precision=ARTICLE)
        out.append(FoundRelation(relation, item.trigger))
    return tuple(out)
