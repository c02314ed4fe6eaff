"""Progress of a build on stderr: a tqdm bar (articles done, articles per second, time left) when
stderr is a terminal, nothing in pipes and CI or with `--quiet`; and the end-of-run summary line.
"""
from __future__ import annotations

import sys
from typing import TextIO

from conflict_kg.build import BuildReport
from conflict_kg.parallel import Extracted


class Progress:
    """Callable once per extracted article (`build(..., on_extracted=progress)`); `close()` ends the bar."""

    def __init__(self, stream: TextIO | None = None, quiet: bool = False):
        stream = stream or sys.stderr
        self.bar = None
        if not quiet and stream.isatty():
            from tqdm import tqdm

            self.bar = tqdm(file=stream, unit=" articles", desc="extracting", dynamic_ncols=True)

    def __call__(self, outcome: Extracted) -> None:
        if self.bar is not None:
            self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def timing_summary(report: BuildReport) -> str:
    """'took 12.3 s (7.1 articles/s); 40 of 86 records from the cache'."""
    rate = report.read / report.seconds if report.seconds > 0 else 0.0
    return (f"took {report.seconds:.1f} s ({rate:.1f} articles/s); "
            f"{report.cache_hits} of {report.read} records from the cache")
