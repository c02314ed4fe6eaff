"""One article failing at any stage (clean, extract, graph, export) is reported and skipped; the rest is built.

Each test makes one stage fail for one marked article only, runs the real command
(`conflict_kg.cli.main`) and checks the report, the summary, the exit status and the export.
"""
from __future__ import annotations

import dataclasses
import importlib

import pytest
from rdflib import URIRef

from conflict_kg.build import EXPORT_FILES, BuildReport, Skipped, build
from conflict_kg.cli import main
from conflict_kg.extract.model import Relation

from .conftest import export_is_complete, parse_exports

MARKER = "Hostomel"  # a real place, so the marked article is otherwise an ordinary one
ARTICLES = {
    "kharkiv.txt": "Russian forces attacked Kharkiv with glide bombs on Monday, the regional governor said.",
    "robotyne.txt": "The 47th Mechanised Brigade repelled an assault near Robotyne on Tuesday, the General Staff said.",
    "marked.txt": f"Ukrainian troops captured {MARKER} airfield in a night raid, the brigade said.",
}
# `conflict_kg.build` the attribute is the function; the module is needed to patch its stages.
build_module = importlib.import_module("conflict_kg.build")
parallel_module = importlib.import_module("conflict_kg.parallel")  # where each article is cleaned and extracted
DCTERMS_IDENTIFIER = URIRef("http://purl.org/dc/terms/identifier")


@pytest.fixture()
def corpus(tmp_path, warm_pipeline):
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def built_article_ids(out_dir) -> set[str]:
    return {str(o) for o in parse_exports(out_dir).objects(None, DCTERMS_IDENTIFIER)}


def run(argv, capsys) -> tuple[int, str, str]:
    status = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def fail_for_marked(real, *, when=lambda value: MARKER in str(value)):
    def patched(value, *args, **kwargs):
        if when(value):
            raise RuntimeError(f"simulated failure on {MARKER}")
        return real(value, *args, **kwargs)

    return patched


def expect_one_skipped(status, out, err, corpus, out_dir, stage, reason_part):
    marked = corpus / "marked.txt"
    assert status == 0
    assert f"{marked}: skipped at {stage}: " in err
    assert reason_part in err
    assert f"articles read: 3, built: 2, skipped: 1 (1 at {stage})" in err
    export_is_complete(out_dir)
    assert built_article_ids(out_dir) == {"kharkiv", "robotyne"}
    assert out.count("wrote ") == len(EXPORT_FILES)


def test_article_failing_at_clean_is_skipped_and_the_others_are_exported(corpus, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(parallel_module, "clean_article", fail_for_marked(parallel_module.clean_article,
                                                                       when=lambda raw: MARKER in raw.text))
    result = run(["build", corpus, "--out", tmp_path / "out"], capsys)
    expect_one_skipped(*result, corpus, tmp_path / "out", "clean", f"RuntimeError: simulated failure on {MARKER}")


def test_article_failing_at_extract_is_skipped_and_the_others_are_exported(corpus, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(parallel_module, "extract_parsed", fail_for_marked(parallel_module.extract_parsed,
                                                                         when=lambda article: MARKER in article.text))
    result = run(["build", corpus, "--out", tmp_path / "out"], capsys)
    expect_one_skipped(*result, corpus, tmp_path / "out", "extract", f"RuntimeError: simulated failure on {MARKER}")


def test_strict_run_exits_non_zero_when_an_article_was_skipped_but_still_writes_the_rest(
        corpus, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(parallel_module, "extract_parsed", fail_for_marked(parallel_module.extract_parsed,
                                                                         when=lambda article: MARKER in article.text))
    status, _, err = run(["build", corpus, "--out", tmp_path / "out", "--strict"], capsys)
    assert status == 1
    assert "skipped: 1 (1 at extract)" in err
    assert built_article_ids(tmp_path / "out") == {"kharkiv", "robotyne"}


def test_strict_run_exits_zero_when_nothing_was_skipped(corpus, tmp_path, capsys):
    status, _, err = run(["build", corpus, "--out", tmp_path / "out", "--strict"], capsys)
    assert status == 0
    assert "articles read: 3, built: 3, skipped: 0" in err
    assert built_article_ids(tmp_path / "out") == {"kharkiv", "robotyne", "marked"}


def test_article_breaking_the_graph_build_is_skipped_and_the_others_are_exported(corpus, tmp_path, capsys, monkeypatch):
    def breaks_on_marked(extracted):
        return any(MARKER in item.article.text for item in extracted)

    monkeypatch.setattr(build_module, "build_graph", fail_for_marked(build_module.build_graph, when=breaks_on_marked))
    result = run(["build", corpus, "--out", tmp_path / "out"], capsys)
    expect_one_skipped(*result, corpus, tmp_path / "out", "graph", f"RuntimeError: simulated failure on {MARKER}")


def test_article_whose_data_breaks_the_rdf_export_is_skipped_and_the_others_are_exported(
        corpus, tmp_path, capsys, monkeypatch):
    """Real data, no simulated exception: a relation with a predicate the ontology does not declare."""
    real = parallel_module.extract_parsed

    def with_undeclared_predicate(article, *args, **kwargs):
        extracted = real(article, *args, **kwargs)
        if MARKER not in article.text:
            return extracted
        first, second = extracted.entities[0].key, extracted.entities[1].key
        bogus = Relation(first, "annexedTheMoon", second, 0, len(article.text), rule="test", confidence=0.5)
        return dataclasses.replace(extracted, relations=(*extracted.relations, bogus))

    monkeypatch.setattr(parallel_module, "extract_parsed", with_undeclared_predicate)
    result = run(["build", corpus, "--out", tmp_path / "out"], capsys)
    expect_one_skipped(*result, corpus, tmp_path / "out", "export", "annexedTheMoon")


def test_articles_that_fail_only_together_keep_the_first_and_skip_the_second(corpus, tmp_path, capsys, monkeypatch):
    def kharkiv_and_marked_together(extracted):
        ids = {item.article.id for item in extracted}
        return {"kharkiv", "marked"} <= ids

    monkeypatch.setattr(build_module, "build_graph",
                        fail_for_marked(build_module.build_graph, when=kharkiv_and_marked_together))
    status, _, err = run(["build", corpus, "--out", tmp_path / "out"], capsys)
    assert status == 0
    assert f"{corpus / 'marked.txt'}: skipped at graph: RuntimeError" in err
    assert "together with the articles before it" in err
    assert "articles read: 3, built: 2, skipped: 1 (1 at graph)" in err
    assert built_article_ids(tmp_path / "out") == {"kharkiv", "robotyne"}


def test_summary_counts_skipped_articles_by_stage_and_reason(corpus, tmp_path, capsys, monkeypatch):
    (corpus / "blank.txt").write_text("   \n", encoding="utf-8")
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "scan.pdf").write_bytes(b"%PDF-1.7\n")
    (corpus / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    monkeypatch.setattr(parallel_module, "extract_parsed", fail_for_marked(parallel_module.extract_parsed,
                                                                         when=lambda article: MARKER in article.text))
    status, _, err = run(["build", corpus, "--out", tmp_path / "out"], capsys)
    assert status == 0
    summary = err[err.index("articles read:"):].splitlines()
    assert summary == [
        "articles read: 7, built: 2, skipped: 5 (4 at ingest, 1 at extract)",
        "  1 at ingest: binary file (PDF), not an article",
        "  1 at ingest: binary file (PNG), not an article",
        "  1 at ingest: empty file",
        "  1 at ingest: file contains only whitespace",
        "  1 at extract: RuntimeError",
    ]


def test_build_report_summary_groups_reasons_without_file_names():
    report = BuildReport(read=4, built=1, skipped=(
        Skipped("a.txt", "ingest", "a.txt: file is 2,000 bytes, over the limit of 1,000 bytes; skipped"),
        Skipped("b.txt", "ingest", "b.txt: file is 3,500 bytes, over the limit of 1,000 bytes; skipped"),
        Skipped("c.txt", "export", "ExportError: claim x uses predicate 'y'"),
    ))
    assert report.summary().splitlines() == [
        "articles read: 4, built: 1, skipped: 3 (2 at ingest, 1 at export)",
        "  2 at ingest: file is N bytes, over the limit of N bytes",
        "  1 at export: ExportError",
    ]


def test_library_build_reports_every_skipped_article_to_the_callback(corpus, tmp_path, monkeypatch):
    monkeypatch.setattr(parallel_module, "extract_parsed", fail_for_marked(parallel_module.extract_parsed,
                                                                         when=lambda article: MARKER in article.text))
    seen: list[Skipped] = []
    report = build([corpus, tmp_path / "missing.txt"], tmp_path / "out", on_skip=seen.append)
    assert report.read == 4 and report.built == 2
    assert list(report.skipped) == seen
    assert {(s.source, s.stage) for s in seen} == {(str(corpus / "marked.txt"), "extract"),
                                                   (str(tmp_path / "missing.txt"), "ingest")}
