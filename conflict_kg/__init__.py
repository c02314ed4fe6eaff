"""conflict-kg: war reporting in, a linked knowledge graph with provenance out.

`build(inputs, out_dir)` is the whole pipeline as one call; `conflict_kg.cli` is a thin layer over it.
"""
from conflict_kg.build import BuildReport, Skipped, build, extract_all

__all__ = ["BuildReport", "Skipped", "build", "extract_all"]
