"""The command line end to end: the demo corpus, determinism, queries, and the five reference articles."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import REPO, SHARED

pytestmark = pytest.mark.slow
EXPORTS = ("graph.ttl", "graph.jsonld", "graph.nt", "graph.html")


def _build(inputs, out, seed="0"):
    # SOURCE_DATE_EPOCH fixes the build time the dataset description states
    env = {**os.environ, "PYTHONHASHSEED": seed, "SOURCE_DATE_EPOCH": "1717200000"}
    return subprocess.run([sys.executable, "-m", "conflict_kg.cli", "build", *map(str, inputs), "--out", str(out)],
                          capture_output=True, text=True, env=env, cwd=REPO, check=False)


@pytest.fixture(scope="module")
def demo_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    result = _build([REPO / "demo" / "articles"], out)
    assert result.returncode == 0, result.stderr
    return out, result


def test_demo_build_writes_the_four_contract_files(demo_build):
    out, result = demo_build
    for name in EXPORTS:
        assert (out / name).stat().st_size > 0, name
    assert "skipped: 0" in result.stderr


def test_same_input_gives_byte_identical_files(demo_build, tmp_path):
    out, _ = demo_build
    result = _build([REPO / "demo" / "articles"], tmp_path, seed="12345")
    assert result.returncode == 0, result.stderr
    for name in (*EXPORTS, "graph.trig", "entities.csv"):
        assert (out / name).read_bytes() == (tmp_path / name).read_bytes(), name


def test_query_lists_articles_as_csv(demo_build):
    out, _ = demo_build
    result = subprocess.run([sys.executable, "-m", "conflict_kg.cli", "query", str(out / "graph.ttl"),
                             "SELECT ?id WHERE { ?d a ck:Article ; dcterms:identifier ?id } ORDER BY ?id",
                             "--format", "csv"], capture_output=True, text=True, cwd=REPO, check=True)
    lines = result.stdout.splitlines()
    assert lines[0] == "id" and len(lines) == 12  # eleven demo articles


def test_query_reports_a_malformed_query_without_a_traceback(demo_build):
    out, _ = demo_build
    result = subprocess.run([sys.executable, "-m", "conflict_kg.cli", "query", str(out), "SELECT WHERE {"],
                            capture_output=True, text=True, cwd=REPO, check=False)
    assert result.returncode != 0 and "Traceback" not in result.stderr


def test_readme_capture_query_prints_what_the_readme_shows(demo_build, tmp_path):
    out, _ = demo_build
    section = (REPO / "README.md").read_text(encoding="utf-8").split("<!-- capture-query -->")[1]
    query = section.split("```sparql\n")[1].split("```")[0]
    shown = section.split("capture in its own voice:\n\n```\n")[1].split("```")[0]
    (tmp_path / "captures.rq").write_text(query, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "conflict_kg.cli", "query", str(out / "graph.ttl"),
                             "--file", str(tmp_path / "captures.rq")], capture_output=True, text=True, cwd=REPO, check=True)
    assert result.stdout == shown


@pytest.mark.skipif(not (SHARED / "corpus").is_dir(), reason="../shared/corpus is not beside this checkout")
def test_reference_articles_meet_the_entity_target(tmp_path):
    result = _build([SHARED / "corpus"], tmp_path)
    assert result.returncode == 0, result.stderr
    score = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), "--graph", str(tmp_path / "graph.ttl"),
                            "--gold", str(SHARED / "eval" / "gold"), "--json"],
                           capture_output=True, text=True, check=True)
    summary = json.loads(score.stdout)
    assert summary["documents_found_in_export"] == 5
    assert summary["entity"]["f"] >= 0.85
    assert summary["entity"]["p"] >= 0.80 and summary["entity"]["r"] >= 0.80
