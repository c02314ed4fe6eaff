"""The vocabulary and the domain knowledge both `extract` and `graph` read.

Data files (OWL in Turtle, SHACL shapes, YAML/TSV gazetteers) live beside this module; `ONTOLOGY_DIR`
locates them, `namespace.CK` is the `ck:` vocabulary in Python.
"""
from pathlib import Path

ONTOLOGY_DIR = Path(__file__).resolve().parent
