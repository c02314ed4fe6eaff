# Two commands set everything up on a fresh clone: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install demo test test-fast score bench bench-store clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/conflict-kg build demo/articles --out exports --store exports/store

test: $(STAMP)
	$(BIN)/python -m pytest

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow"

# Score a build of the five reference articles (needs ../shared beside the checkout).
score: $(STAMP)
	$(BIN)/conflict-kg build ../shared/corpus --out /tmp/conflict-kg-shared
	$(BIN)/python ../shared/eval/score.py --graph /tmp/conflict-kg-shared/graph.ttl --gold ../shared/eval/gold

# Time and peak memory of one long article, in pieces and whole (prints figures; asserts nothing).
bench: $(STAMP)
	$(BIN)/python tests/benchmarks/bench_long_article.py

# Query latency on a generated one-million-triple graph: Oxigraph store vs rdflib in memory (prints figures).
bench-store: $(STAMP)
	$(BIN)/python tests/benchmarks/bench_store.py

clean:
	rm -rf $(VENV) exports/graph.* exports/entities.csv exports/store .pytest_cache
