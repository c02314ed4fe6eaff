"""Property: on any Unicode text (controls, RTL, emoji, very long tokens, newline storms, hostile markup),
ingest -> extract -> export through `conflict_kg.build.build` raises nothing, loses no article (it is
either built or skipped with a reason), and every export parses in rdflib and pyoxigraph alike."""
from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import URIRef

from conflict_kg.build import build

from .conftest import export_is_complete, parse_exports

SENTENCES = [
    "Russian forces attacked Avdiivka with glide bombs on Sunday.",
    "The 47th Mechanised Brigade repelled an assault near Robotyne.",
    "Ukrainian troops captured Bakhmut after heavy fighting, the General Staff said.",
    "Ukrainian air defence shot down a Kh-101 missile over Kyiv.",
]
ODD_PIECES = [
    "\n" * 40, "\r\n\r\n\r", "\t\v\f", "\x00", "\x01\x07\x1b[31m", "\x7f\x85\x9f", "\u2028\u2029", "\ufeff",
    "\u200b\u200d\u2060", "\u202eRTL override\u202c", "שלום לכולם", "مرحبا بالعالم", "🇺🇦🚀💥👨‍👩‍👧",
    "\ufffd\ufffe\uffff", "\U0010fffd", "x" * 5000, "Бахмут" * 300, '"""', "\\", "<http://x>", "_:b0",
    "@prefix ex: <http://x> .", "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "javascript:",
]
text_pieces = st.one_of(
    st.sampled_from(SENTENCES),
    st.sampled_from(ODD_PIECES),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200),
    st.text(alphabet=st.characters(whitelist_categories=("Cc", "Zl", "Zp", "Zs", "Cf")), max_size=30),
)
article_texts = st.lists(text_pieces, min_size=1, max_size=12).map(" ".join)


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=article_texts)
def test_any_text_is_built_or_skipped_with_a_reason_and_every_export_parses(warm_pipeline, text):
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in" / "article.txt"
        source.parent.mkdir()
        source.write_text(text, encoding="utf-8")
        report = build([source], Path(folder) / "out")
        assert report.read == 1
        assert report.built + len(report.skipped) == 1  # never lost
        for skipped in report.skipped:
            assert skipped.source == str(source) and skipped.reason
        export_is_complete(Path(folder) / "out")
        identifiers = {str(o) for o in parse_exports(Path(folder) / "out")
                       .objects(None, URIRef("http://purl.org/dc/terms/identifier"))}
        assert identifiers == ({"article"} if report.built else set())
