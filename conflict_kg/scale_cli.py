"""The `build` options of how extraction runs: `--jobs`, `--cluster`, `--no-cache`, `--cache-dir`,
`--quiet`; `scale_options(args)` turns them into keyword arguments of `conflict_kg.build.build`.
"""
from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from conflict_kg.cache import CACHE_DIR_NAME, default_cache_dir
from conflict_kg.parallel import default_jobs


def add_scale_arguments(build: argparse.ArgumentParser) -> None:
    build.add_argument("--jobs", type=_positive, default=default_jobs(),
                       help="extract on this many processes (default: the number of cores, %(default)s)")
    build.add_argument("--cluster", metavar="ADDRESS",
                       help="extract on the Dask distributed scheduler at ADDRESS (e.g. tcp://10.0.0.5:8786)")
    build.add_argument("--no-cache", action="store_true", help="extract every article afresh, ignoring the cache")
    build.add_argument("--cache-dir", type=Path,
                       help=f"where extraction records are kept (default: {CACHE_DIR_NAME} beside OUT)")
    build.add_argument("--quiet", action="store_true", help="no progress bar and no timing summary")


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


@contextmanager
def scale_options(args: argparse.Namespace) -> Iterator[dict]:
    """`jobs`, `cluster`, `cache_dir` and `on_extracted` (the progress bar) for `build`. With `--explain`
    extraction runs here, uncached, so that every removed relation is told."""
    from conflict_kg.progress import Progress

    fresh = args.no_cache or args.explain
    progress = Progress(quiet=args.quiet)
    try:
        yield {"jobs": 1 if args.explain else args.jobs, "cluster": None if args.explain else args.cluster,
               "cache_dir": None if fresh else (args.cache_dir or default_cache_dir(args.out)),
               "on_extracted": progress}
    finally:
        progress.close()
