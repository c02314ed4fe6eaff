"""Reading articles from files and folders: formats, identifiers, metadata, order."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from conflict_kg.extract.ingest import IngestProblem, read_articles
from conflict_kg.extract.model import RawArticle

DATA = Path(__file__).parent / "data" / "ingest"


def articles(results):
    return [r for r in results if isinstance(r, RawArticle)]


def problems(results):
    return [r for r in results if isinstance(r, IngestProblem)]


def test_plain_text_article_id_is_the_file_stem_and_newlines_are_normalised(tmp_path):
    path = tmp_path / "bakhmut-update.txt"
    path.write_bytes(b"Fighting Continues Near Bakhmut\r\n\r\nUkrainian units held the line.\rMore later.")
    [article] = list(read_articles([path]))
    assert article == RawArticle(
        id="bakhmut-update",
        text="Fighting Continues Near Bakhmut\n\nUkrainian units held the line.\nMore later.",
        source=str(path),
        scraped=True,
    )


def test_file_without_extension_is_read_as_plain_text(tmp_path):
    path = tmp_path / "report"
    path.write_text("Russian troops withdrew from the village.", encoding="utf-8")
    [article] = list(read_articles([path]))
    assert (article.id, article.text) == ("report", "Russian troops withdrew from the village.")


def test_utf8_byte_order_mark_is_removed(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffKharkiv was shelled again.".encode("utf-8"))
    [article] = list(read_articles([path]))
    assert article.text == "Kharkiv was shelled again."


def test_html_is_reduced_to_main_text_with_metadata_and_blank_line_paragraphs():
    [article] = list(read_articles([DATA / "strike_report.html"]))
    assert article.id == "strike_report"
    assert article.scraped is False
    paragraphs = article.text.split("\n\n")
    assert paragraphs[-1] == (
        "Ukraine's military intelligence agency did not comment on the strike, "
        "which it rarely does for attacks inside Russia."
    )
    assert any(p.startswith("Ukrainian long-range drones struck a fuel depot") for p in paragraphs)
    assert "Subscribe to our newsletter" not in article.text
    assert "\n\n\n" not in article.text
    assert article.metadata.author == "Olena Marchenko"
    assert article.metadata.publisher == "Frontline Wire"
    assert article.metadata.date == "2024-03-02"
    assert article.metadata.title.startswith("Drones Hit Fuel Depot Near Bryansk")


def test_jsonl_records_are_read_with_their_own_ids_and_metadata():
    results = list(read_articles([DATA / "records.jsonl"]))
    source = str(DATA / "records.jsonl")
    by_id = {a.id: a for a in articles(results)}
    assert set(by_id) == {"kherson-ferry", "html-record"}

    ferry = by_id["kherson-ferry"]
    assert ferry.source == f"{source}:1"
    assert ferry.text == "Russian forces shelled the Antonivskyi bridge area on Tuesday.\nOfficials said no one was hurt."
    assert ferry.scraped is False
    assert ferry.metadata.title == "Shelling Near Kherson"
    assert ferry.metadata.author == "Taras Bondar"
    assert ferry.metadata.publisher == "Example Wire"
    assert ferry.metadata.date == "2023-06-13"
    assert ferry.metadata.url == "https://example.org/kherson"

    html_record = by_id["html-record"]
    assert html_record.source == f"{source}:5"
    assert html_record.text.startswith("Ukrainian air defences shot down eleven Shahed drones")
    assert html_record.metadata.publisher == "Given Publisher"  # given metadata wins over the page's


def test_jsonl_broken_line_and_missing_id_are_problems_with_line_numbers():
    results = list(read_articles([DATA / "records.jsonl"]))
    source = str(DATA / "records.jsonl")
    found = {p.source: p.reason for p in problems(results)}
    assert set(found) == {f"{source}:2", f"{source}:3"}
    assert found[f"{source}:2"].startswith(f"{source}:2: broken JSON")
    assert found[f"{source}:3"] == f"{source}:3: record has no 'id'"
    assert all(p.stage == "ingest" for p in problems(results))


def test_jsonl_record_without_text_or_html_is_a_problem(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text('{"id": "x", "title": "Only A Title"}\n{"id": "y", "text": "Kept."}\n', encoding="utf-8")
    results = list(read_articles([path]))
    assert [a.id for a in articles(results)] == ["y"]
    assert [str(p) for p in problems(results)] == [f"{path}:1: record 'x' has no 'text' or 'html'"]


def test_folders_are_read_recursively_in_sorted_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a").mkdir()
    for name in ["b/2.txt", "b/1.txt", "a/z.txt", "m.txt", ".hidden.txt"]:
        (tmp_path / name).write_text(f"Article {name}.", encoding="utf-8")
    results = list(read_articles([tmp_path]))
    assert [a.source for a in results] == [
        str(tmp_path / "a" / "z.txt"),
        str(tmp_path / "b" / "1.txt"),
        str(tmp_path / "b" / "2.txt"),
        str(tmp_path / "m.txt"),
    ]


def test_a_folder_reached_twice_through_a_symlink_is_read_once(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "one.txt").write_text("Kyiv was attacked overnight.", encoding="utf-8")
    os.symlink(tmp_path / "real", tmp_path / "z-alias")
    os.symlink(tmp_path / "real" / "one.txt", tmp_path / "z-file-alias.txt")
    results = list(read_articles([tmp_path]))
    assert [r.source for r in results] == [str(tmp_path / "real" / "one.txt")]


def test_unsupported_file_type_in_a_folder_is_reported_but_read_when_named_explicitly(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    notes = folder / "notes.md"
    notes.write_text("Russian forces advanced near Avdiivka.", encoding="utf-8")
    [problem] = list(read_articles([folder]))
    assert problem.source == str(notes)
    assert "unsupported file type '.md'" in problem.reason
    [article] = list(read_articles([notes]))
    assert article.text == "Russian forces advanced near Avdiivka."


def test_missing_input_is_a_problem_and_the_rest_is_still_read(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Odesa port was hit by missiles.", encoding="utf-8")
    missing = tmp_path / "missing.txt"
    results = list(read_articles([missing, good]))
    assert results[0] == IngestProblem(str(missing), f"{missing}: no such file or directory")
    assert results[1].id == "good"


def test_problem_is_printed_as_its_reason():
    problem = IngestProblem("x.pdf", "x.pdf: binary file (PDF), not an article")
    assert str(problem) == "x.pdf: binary file (PDF), not an article"
    with pytest.raises(AttributeError):
        problem.reason = "changed"  # frozen
