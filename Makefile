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

# Score the five reference articles and the development set, overall, per predicate and per
# collection (needs ../shared beside the checkout).
SCORE_OUT ?= /tmp/conflict-kg-score
score: $(STAMP)
	$(BIN)/conflict-kg build ../shared/corpus --out $(SCORE_OUT)/reference
	@echo "== reference set (../shared/corpus)"
	$(BIN)/python ../shared/eval/score.py --graph $(SCORE_OUT)/reference/graph.ttl --gold ../shared/eval/gold
	$(BIN)/conflict-kg build ../shared/eval/dev/texts --out $(SCORE_OUT)/dev
	@echo "== development set (../shared/eval/dev)"
	$(BIN)/python ../shared/eval/score.py --graph $(SCORE_OUT)/dev/graph.ttl --gold ../shared/eval/dev/gold --by-collection

# Build throughput against bare spaCy, --jobs 1 and 2, a re-build with 1% changed, peak memory at
# 1,000 and 10,000 generated articles (BENCH_SIZES); then one long article, in pieces and whole.
# Prints figures; asserts nothing.
BENCH_SIZES ?= 1000 10000
bench: $(STAMP)
	$(BIN)/python tests/benchmarks/bench_scale.py $(BENCH_SIZES)
	$(BIN)/python tests/benchmarks/bench_long_article.py

# Query latency on a generated one-million-triple graph: Oxigraph store vs rdflib in memory (prints figures).
bench-store: $(STAMP)
	$(BIN)/python tests/benchmarks/bench_store.py

clean:
	rm -rf $(VENV) exports/graph.* exports/entities.csv exports/store .pytest_cache
