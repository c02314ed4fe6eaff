"""The installed package: one top-level name, and a command that works from any folder."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


def test_the_install_adds_exactly_one_top_level_package() -> None:
    from importlib.metadata import distribution

    top_level = distribution("conflict-kg").read_text("top_level.txt") or ""
    assert top_level.split() == ["conflict_kg"]


def test_the_design_card_folders_import_under_the_package(tmp_path) -> None:
    code = ("import conflict_kg.extract.pipeline, conflict_kg.graph.rdf, conflict_kg.ontology.namespace\n"
            "import importlib.util\n"
            "print([n for n in ('extract', 'graph', 'ontology') if importlib.util.find_spec(n)])")
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


@pytest.mark.slow
def test_build_runs_from_a_folder_outside_the_checkout(tmp_path) -> None:
    article = tmp_path / "in" / "note.txt"
    article.parent.mkdir()
    article.write_text("Russian forces captured Avdiivka in February, the ministry said.\n", encoding="utf-8")
    command = Path(sys.executable).with_name("conflict-kg")
    done = subprocess.run([str(command), "build", "in", "--out", "out"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "ck:captured" in (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")
