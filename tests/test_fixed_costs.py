"""What keeps the build's fixed costs down without changing its results: the anchored pattern
matcher, indexes kept on disk, spaCy loaded only when something is parsed, and the bisection that
finds the article breaking an export."""
from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass

import pytest
from spacy.matcher import Matcher

from conflict_kg.build import _StageFailure, _without_breaking_articles
from conflict_kg.extract.anchored_matcher import AnchoredMatcher
from conflict_kg.extract.disk_memo import memo_on_disk


def test_anchored_matcher_finds_exactly_what_one_spacy_matcher_finds(nlp):
    patterns = {
        "FORCE": [[{"ORTH": "Russian"}, {"LOWER": {"IN": ["army", "troops"]}}],
                  [{"ORTH": "Russian"}, {"LOWER": {"IN": ["army", "troops"]}}],  # the same twice
                  [{"LOWER": "the"}, {"ORTH": "Russians"}]],
        "SERVICE": [[{"ORTH": "Russian"}, {"ORTH": "Air"}, {"ORTH": "Force"}]],
        "UNIT": [[{"TEXT": {"REGEX": r"^\d+(st|nd|rd|th)$"}}, {"IS_TITLE": True, "OP": "*"}, {"LOWER": "brigade"}],
                 [{"ORTH": "Russian"}, {"IS_TITLE": True, "OP": "+"}]],  # open-ended: not anchored
    }
    anchored, reference = AnchoredMatcher(nlp.vocab), Matcher(nlp.vocab)
    for key, group in patterns.items():
        anchored.add(key, group)
        reference.add(key, group)
    doc = nlp("The Russians said Russian troops and the Russian Air Force hit the 47th Mechanised Brigade. "
              "Russian army units and the Russians' Black Sea Fleet left.")
    found = anchored(doc)
    assert sorted(found) == sorted(reference(doc))
    assert len(found) == len(set(found))
    assert {doc.vocab.strings[key] for key, _, _ in found} == {"FORCE", "SERVICE", "UNIT"}


def test_anchored_matcher_asks_spacy_when_two_keys_find_the_same_span(nlp):
    anchored = AnchoredMatcher(nlp.vocab)
    anchored.add("A", [[{"ORTH": "Kherson"}]])
    anchored.add("B", [[{"IS_TITLE": True}]])  # "Kherson" too, from the unanchored patterns
    reference = Matcher(nlp.vocab)
    reference.add("A", [[{"ORTH": "Kherson"}]])
    reference.add("B", [[{"IS_TITLE": True}]])
    asked = []
    anchored.everything = lambda doc: asked.append(doc) or reference(doc)
    doc = nlp("Shelling hit Kherson.")
    assert anchored(doc) == reference(doc)
    assert asked == [doc]
    assert len(anchored(nlp("Shelling hit Kyiv."))) == 2 and len(asked) == 1  # "Shelling", "Kyiv": both B


def test_index_is_built_once_and_then_read_from_disk(tmp_path, monkeypatch):
    monkeypatch.setenv("CONFLICT_KG_INDEX_DIR", str(tmp_path))
    calls = []

    def build():
        calls.append(1)
        return {"Avdiivka": (1, 2)}

    assert memo_on_disk("test-index", build) == {"Avdiivka": (1, 2)}
    assert memo_on_disk("test-index", build) == {"Avdiivka": (1, 2)}
    assert len(calls) == 1
    (path,) = tmp_path.glob("test-index-*.pickle")
    path.write_bytes(b"damaged")
    assert memo_on_disk("test-index", build) == {"Avdiivka": (1, 2)}
    assert len(calls) == 2


def test_index_that_cannot_be_written_is_still_given(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("CONFLICT_KG_INDEX_DIR", str(blocker / "below-a-file"))
    assert memo_on_disk("test-index", lambda: 42) == 42


def test_building_from_cached_records_does_not_import_spacy():
    code = ("import sys, conflict_kg.cli, conflict_kg.build, conflict_kg.parallel, conflict_kg.graph.build; "
            "print('spacy' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


@dataclass(frozen=True)
class _Source:
    source: str


@dataclass(frozen=True)
class _Item:
    article: _Source


def _renderer(breaks, calls):
    def render(items):
        calls.append(len(items))
        names = [item.article.source for item in items]
        for reason, culprit in breaks(names):
            raise _StageFailure("export", RuntimeError(f"{reason} {culprit}"))
        return {"graph.nt": " ".join(names)}
    return render


def test_bisection_finds_the_breaking_articles_in_few_renders():
    items = [_Item(_Source(f"a{i}")) for i in range(1000)]
    calls, skipped = [], []
    render = _renderer(lambda names: [("bad", n) for n in names if n in {"a17", "a640"}], calls)
    kept, files = _without_breaking_articles(items, render, lambda *s: skipped.append(s))
    assert [s[0] for s in skipped] == ["a17", "a640"]
    assert skipped[0] == ("a17", "export", "RuntimeError: bad a17")
    assert len(kept) == 998 and files["graph.nt"].split() == [i.article.source for i in kept]
    assert len(calls) < 2 * 12 + 4  # about log2(1000) renders per breaking article, not 1000²/2


def test_bisection_keeps_the_first_of_two_articles_that_fail_only_together():
    items = [_Item(_Source(name)) for name in ("a", "b", "c", "d")]
    skipped = []
    render = _renderer(lambda names: [("clash", "b+d")] if {"b", "d"} <= set(names) else [], [])
    kept, _ = _without_breaking_articles(items, render, lambda *s: skipped.append(s))
    assert [i.article.source for i in kept] == ["a", "b", "c"]
    assert skipped == [("d", "export", "RuntimeError: clash b+d (together with the articles before it)")]


@pytest.mark.parametrize("texts", [["Kyiv and Odesa were shelled."]])
def test_phrase_patterns_given_as_hashes_match_as_pattern_docs_do(nlp, texts):
    from spacy.matcher import PhraseMatcher

    from conflict_kg.extract.nlp import phrase_hashes, tokenized

    names = ["Kyiv", "Odesa", "New York"]
    by_hashes, by_docs = PhraseMatcher(nlp.vocab, attr="LOWER"), PhraseMatcher(nlp.vocab, attr="LOWER")
    by_hashes.add("P", phrase_hashes(nlp, tokenized(nlp, names), lower=True))
    by_docs.add("P", list(nlp.tokenizer.pipe(names)))
    doc = nlp.make_doc(texts[0].upper())
    assert by_hashes(doc) == by_docs(doc) and len(by_docs(doc)) == 2
