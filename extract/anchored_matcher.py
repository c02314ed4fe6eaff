"""A spaCy `Matcher` for thousands of patterns that gives what one `Matcher` of them all would give,
without trying every pattern at every token.

spaCy's `Matcher` starts every pattern at every token, so its cost is tokens × patterns; with the
demonym patterns of `extract.entity_patterns` (a few thousand, each opening with one fixed word:
"Russian", "Sudanese") that matching cost twice the whole statistical pipeline. `AnchoredMatcher`
files each pattern whose first token is one fixed word (`{"ORTH": "Russian"}`, `{"LOWER": "the"}`)
and whose length is bounded under that word, and tries those patterns only where their word occurs,
on a window as long as their longest match; the other patterns run over the whole doc as usual.

`matcher(doc)` gives the (match_id, start, end) tuples of `Matcher` with the same patterns, as a set
and with the same relative order wherever order can decide anything: a subset of patterns keeps
spaCy's order among its own matches, and when two runs find the same span under different keys
(then only spaCy's order says which comes first) the doc is matched again with all patterns at once.
Identical patterns under one key are added once; they could only give the same match twice, which
`Matcher` removes anyway.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy
from spacy.attrs import LOWER, ORTH
from spacy.matcher import Matcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

_ANCHOR_ATTRS = {"ORTH": ORTH, "LOWER": LOWER}
_ANCHOR_WORDS = 2  # "the Russians": two fixed words say far more than "the" alone


class AnchoredMatcher:
    def __init__(self, vocab: Vocab):
        self.vocab = vocab
        self._everything: Matcher | None = None  # all patterns in the order added, made for the first fallback
        self._added: list[tuple[str, list[list[dict]]]] = []
        self.unanchored = Matcher(vocab)
        # ((attr id, word hash), ...) -> the patterns opening with those words, and their longest match
        self.anchored: dict[tuple[tuple[int, int], ...], tuple[Matcher, int]] = {}
        self.by_first_word: dict[tuple[int, int], list[tuple[tuple[int, int], ...]]] = {}
        self._seen: set[tuple[str, str]] = set()

    def add(self, key: str, patterns: Sequence[Sequence[dict]]) -> None:
        unique = []
        for pattern in patterns:
            signature = (key, repr(pattern))
            if signature not in self._seen:
                self._seen.add(signature)
                unique.append([dict(spec) for spec in pattern])
        if not unique:
            return
        self._added.append((key, unique))
        self._everything = None
        general, by_anchor = [], {}
        for pattern in unique:
            anchor = _anchor(pattern, self.vocab)
            if not anchor or _longest(pattern) is None:
                general.append(pattern)
            else:
                by_anchor.setdefault(anchor, []).append(pattern)
        if general:
            self.unanchored.add(key, general)
        for anchor, group in by_anchor.items():
            if anchor not in self.anchored:
                self.by_first_word.setdefault(anchor[0], []).append(anchor)
            matcher, longest = self.anchored.get(anchor) or (Matcher(self.vocab), 0)
            matcher.add(key, group)
            self.anchored[anchor] = matcher, max(longest, *(_longest(p) for p in group))

    def everything(self, doc: Doc) -> list[tuple[int, int, int]]:
        """What one spaCy `Matcher` of every pattern, added in the same order, finds."""
        if self._everything is None:
            self._everything = Matcher(self.vocab)
            for key, patterns in self._added:
                self._everything.add(key, patterns)
        return self._everything(doc)

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        if not len(doc):
            return []
        values = doc.to_array([ORTH, LOWER])
        columns = {ORTH: values[:, 0], LOWER: values[:, 1]}
        runs = [self.unanchored(doc)] if len(self.unanchored) else []
        present = {(attr, int(word)) for attr, column in columns.items() for word in numpy.unique(column)}
        for first in present & self.by_first_word.keys():
            for anchor in self.by_first_word[first]:
                matcher, longest = self.anchored[anchor]
                for start in _occurrences(anchor, columns):
                    # every match of these patterns opens at its words and is at most `longest` tokens long
                    runs.append([(key, start, start + end) for key, at, end in matcher(doc[start:start + longest])
                                 if at == 0])
        keys_by_span: dict[tuple[int, int], set[int]] = {}
        for run in runs:
            for match_id, start, end in run:
                keys_by_span.setdefault((start, end), set()).add(match_id)
        spans_per_run = [{(start, end) for _, start, end in run} for run in runs]
        for span, keys in keys_by_span.items():
            if len(keys) > 1 and sum(span in spans for spans in spans_per_run) > 1:
                return self.everything(doc)  # only spaCy's own order can rank these
        return list(dict.fromkeys(match for run in runs for match in run))

def _anchor(pattern: Sequence[dict], vocab: Vocab) -> tuple[tuple[int, int], ...]:
    """(attr id, word hash) of the pattern's opening tokens (at most `_ANCHOR_WORDS`) that are each
    exactly one fixed word; empty when the first token is not."""
    anchor = []
    for spec in pattern[:_ANCHOR_WORDS]:
        if len(spec) != 1:
            break
        (attr, value), = spec.items()
        if attr not in _ANCHOR_ATTRS or not isinstance(value, str):
            break
        anchor.append((_ANCHOR_ATTRS[attr], vocab.strings.add(value)))
    return tuple(anchor)


def _occurrences(anchor: tuple[tuple[int, int], ...], columns: dict) -> list[int]:
    """The token indices where the anchor's words stand in a row."""
    (attr, word), *rest = anchor
    hits = columns[attr] == word
    for offset, (attr, word) in enumerate(rest, start=1):
        hits[:-offset] &= columns[attr][offset:] == word
        hits[-offset:] = False
    return numpy.flatnonzero(hits).tolist()

def _longest(pattern: Sequence[dict]) -> int | None:
    """The most tokens the pattern can match; None when a repeated token ("+", "*") leaves it open."""
    if any(spec.get("OP", "1") not in ("1", "?", "!") for spec in pattern):
        return None
    return len(pattern)
