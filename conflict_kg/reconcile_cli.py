"""The `conflict-kg reconcile` command and `build --links`: thin layers over `graph.reconcile`,
`graph.verify_kb` and `graph.links_file`.

    conflict-kg reconcile STORE_OR_EXPORT [--service URL] [--out links.tsv] [--budget S] [--threshold N] [--gap N]
    conflict-kg reconcile --verify [--api URL] [--budget S]

Exit codes: 0 done; 1 done in part (batches the service could not answer, the time budget ran out,
or --verify found disagreements); 2 bad input; 3 the service could not be reached (nothing changed).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from conflict_kg.graph.reconcile import DEFAULT_GAP, DEFAULT_THRESHOLD, WIKIDATA_SERVICE
from conflict_kg.graph.wikidata_entities import WIKIDATA_API

UNREACHABLE = 3


def add_reconcile_parser(commands) -> None:
    reconcile = commands.add_parser("reconcile", help="propose Wikidata links for unlinked entities, "
                                                      "or --verify the knowledge base's QIDs")
    reconcile.add_argument("store", nargs="?", type=Path, metavar="STORE_OR_EXPORT", help="an export file or folder")
    reconcile.add_argument("--service", default=WIKIDATA_SERVICE,
                           help=f"reconciliation service endpoint (default: {WIKIDATA_SERVICE})")
    reconcile.add_argument("--out", type=Path, default=Path("links.tsv"), help="links file to write (default: links.tsv)")
    reconcile.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD,
                           help="lowest score (0-100) accepted (default: %(default)s)")
    reconcile.add_argument("--gap", type=float, default=DEFAULT_GAP,
                           help="points the best candidate must lead the next by (default: %(default)s)")
    reconcile.add_argument("--budget", type=float, default=600.0, help="seconds for the whole run (default: %(default)s)")
    reconcile.add_argument("--verify", action="store_true", help="re-check the knowledge base's QIDs against Wikidata")
    reconcile.add_argument("--api", default=WIKIDATA_API, help=f"Wikidata API to re-check accepted candidates and for --verify (default: {WIKIDATA_API})")


def reconcile_command(args: argparse.Namespace) -> int:
    from conflict_kg.graph.links_file import LinksFileError
    from conflict_kg.graph.query import StoreError
    from conflict_kg.graph.service_client import ClientSettings, ServiceClient, ServiceRefused, ServiceUnreachable

    if args.store is None and not args.verify:
        print("conflict-kg reconcile: give an export file or folder (or --verify)", file=sys.stderr)
        return 2
    client = ServiceClient(ClientSettings(budget=args.budget))
    try:
        return _verify(args, client) if args.verify else _reconcile(args, client)
    except ServiceUnreachable as error:
        print(f"conflict-kg reconcile: no network: {error}; nothing was changed", file=sys.stderr)
        return UNREACHABLE
    except ServiceRefused as error:
        print(f"conflict-kg reconcile: {error}; nothing was changed", file=sys.stderr)
        return 2
    except (StoreError, LinksFileError, ValueError, OSError) as error:
        print(f"conflict-kg reconcile: {error}", file=sys.stderr)
        return 2


def _reconcile(args: argparse.Namespace, client) -> int:
    from conflict_kg.graph.reconcile import run_reconcile

    report = run_reconcile(args.store, args.out, client, args.service, threshold=args.threshold, gap=args.gap,
                           api=args.api, on_failure=lambda line: print(line, file=sys.stderr, flush=True))
    if report.path:
        print(f"wrote {report.path}")
    print(report.summary(), file=sys.stderr)
    return 1 if report.failed or report.stopped else 0


def _verify(args: argparse.Namespace, client) -> int:
    from conflict_kg.graph.reconcile import load_vocabulary
    from conflict_kg.graph.verify_kb import curated_qids, verify_qids

    curated = curated_qids()
    disagreements = verify_qids(curated, client, load_vocabulary(), api=args.api)
    for disagreement in disagreements:
        print(disagreement)
    print(f"{len(curated)} QIDs checked, {len(disagreements)} disagreements", file=sys.stderr)
    return 1 if disagreements else 0


def read_links_for_build(path: Path | None):
    """The links file for `build --links` (None without one); bad rows are reported and left out."""
    if path is None:
        return None
    from conflict_kg.build import BuildError
    from conflict_kg.graph.links_file import LinksFileError, read_links

    try:
        links = read_links(path)
    except LinksFileError as error:
        raise BuildError(f"{error}; nothing was built") from error
    for problem in links.problems:
        print(problem, file=sys.stderr)
    return links
