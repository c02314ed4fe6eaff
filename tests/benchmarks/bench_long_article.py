"""Benchmark: time and peak memory of extracting one long article, parsed whole or in pieces.

    python tests/benchmarks/bench_long_article.py [CHARS ...]

Builds an article of CHARS characters from the bundled demo articles (repeated paragraphs),
extracts it in a fresh process per size and mode, and prints seconds, peak resident memory,
entities and relations. Not a test: figures vary by machine, so nothing here asserts.
"""
from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEFAULT_SIZES = (100_000, 300_000, 1_000_000)


def long_text(chars: int) -> str:
    paragraphs = [p.strip() for path in sorted((REPO / "demo" / "articles").glob("*.txt"))
                  for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    out: list[str] = []
    size = 0
    while size < chars:
        paragraph = paragraphs[len(out) % len(paragraphs)]
        out.append(paragraph)
        size += len(paragraph) + 2
    return "\n\n".join(out)[:chars]


def measure(chars: int, whole: bool) -> dict:
    """Runs in the child process."""
    from conflict_kg.extract.model import Article
    from conflict_kg.extract.nlp import PIECE_CHARS, load_pipeline
    from conflict_kg.extract.pipeline import extract_article

    pipeline = load_pipeline()
    pipeline.max_length = max(pipeline.max_length, chars + 1)
    text = long_text(chars)
    start = time.perf_counter()
    extracted = extract_article(Article(id="long", text=text, source="long.txt"), pipeline,
                                piece_chars=chars + 1 if whole else PIECE_CHARS)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"chars": chars, "mode": "whole" if whole else "pieces", "seconds": round(seconds, 1),
            "peak_mb": round(peak_mb), "entities": len(extracted.entities), "relations": len(extracted.relations)}


def main(argv: list[str]) -> None:
    if argv[:1] == ["--child"]:
        print(json.dumps(measure(int(argv[1]), argv[2] == "whole")))
        return
    sizes = [int(a) for a in argv] or list(DEFAULT_SIZES)
    print(f"{'chars':>10} {'mode':>7} {'seconds':>8} {'peak MB':>8} {'entities':>9} {'relations':>10}")
    for chars in sizes:
        for mode in ("pieces", "whole"):
            result = subprocess.run([sys.executable, __file__, "--child", str(chars), mode],
                                    capture_output=True, text=True, cwd=REPO, check=True)
            r = json.loads(result.stdout.strip().splitlines()[-1])
            print(f"{r['chars']:>10,} {r['mode']:>7} {r['seconds']:>8} {r['peak_mb']:>8} "
                  f"{r['entities']:>9} {r['relations']:>10}")


if __name__ == "__main__":
    main(sys.argv[1:])
