"""The `conflict-kg` command: a thin layer over `conflict_kg.build` and `graph.query`.

    conflict-kg build INPUT... [--out DIR] [--store DIR] [--base IRI] [--licence IRI] [--max-bytes N]
                      [--max-chars N] [--strict] [--explain] [--links FILE]
                      [--jobs N | --cluster ADDRESS] [--no-cache] [--cache-dir DIR] [--quiet]
    conflict-kg query FILE_OR_STORE 'SPARQL' | --file q.rq [--format table|csv|json]
    conflict-kg reconcile STORE_OR_EXPORT [--service URL] [--out links.tsv] | --verify
    conflict-kg serve STORE [--host 127.0.0.1] [--port 7878] [--timeout S] [--max-rows N] (see graph.server_cli)
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from conflict_kg.build import DEFAULT_MAX_CHARS
from conflict_kg.extract.ingest import DEFAULT_MAX_BYTES
from conflict_kg.graph.server_cli import add_serve_arguments, serve_command
from conflict_kg.graph.void import DEFAULT_LICENCE
from conflict_kg.ontology.namespace import DEFAULT_BASE
from conflict_kg.scale_cli import add_scale_arguments
from conflict_kg.reconcile_cli import add_reconcile_parser, read_links_for_build, reconcile_command


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="conflict-kg", description="War reporting in, a linked knowledge graph out.")
    commands = parser.add_subparsers(dest="command", required=True)

    build = commands.add_parser("build", help="build the graph of articles (files or folders)")
    build.add_argument("inputs", nargs="+", type=Path, metavar="INPUT")
    build.add_argument("--out", type=Path, default=Path("exports"), help="output folder (default: exports/)")
    build.add_argument("--base", default=DEFAULT_BASE, help=f"base of entity IRIs (default: {DEFAULT_BASE})")
    build.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES,
                       help="refuse input files larger than this (default: %(default)s)")
    build.add_argument("--max-chars", type=int, default=DEFAULT_MAX_CHARS,
                       help="skip articles whose text is longer than this (default: %(default)s)")
    build.add_argument("--strict", action="store_true", help="exit non-zero (1) when any article was skipped")
    build.add_argument("--explain", action="store_true",
                       help="list on stderr the candidate relations a type constraint or an assertion check removed")
    build.add_argument("--links", type=Path, help="reviewed Wikidata links (from `conflict-kg reconcile`) to add")
    build.add_argument("--store", type=Path, metavar="DIR",
                       help="also add the articles to the persistent store in DIR (created if missing); "
                            "re-built articles replace their earlier version")
    build.add_argument("--licence", default=DEFAULT_LICENCE,
                       help="licence IRI stated in the dataset description (default: %(default)s)")
    add_scale_arguments(build)

    query = commands.add_parser("query", help="run a SPARQL query over a built export")
    query.add_argument("store", type=Path, metavar="FILE_OR_STORE",
                       help="a store folder (build --store), an export file or an export folder")
    query.add_argument("sparql", nargs="?", help="the query text")
    query.add_argument("--file", type=Path, help="read the query from this file")
    query.add_argument("--format", choices=("table", "csv", "json"), default="table")
    add_reconcile_parser(commands)
    add_serve_arguments(commands)
    return parser


def _build(args: argparse.Namespace) -> int:
    """Exit 0 when the export was written (1 with --strict if any article was skipped), 2 when it could
    not be written, 130 when interrupted; the previous export is left whole in the last two cases."""
    from conflict_kg.build import BuildError, build
    from conflict_kg.progress import timing_summary
    from conflict_kg.scale_cli import scale_options

    if args.explain:
        explain_on_stderr()
    try:
        links = read_links_for_build(args.links)
        with scale_options(args) as scale:
            report = build(args.inputs, args.out, base=args.base, max_bytes=args.max_bytes,
                           max_chars=args.max_chars, on_skip=lambda skipped: print(skipped, file=sys.stderr,
                                                                                   flush=True),
                           links=links, store=args.store, licence=args.licence, **scale)
    except BuildError as error:
        print(f"conflict-kg build: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("conflict-kg build: interrupted; the previous export was left as it was", file=sys.stderr)
        return 130
    for path in report.files:
        print(f"wrote {path}")
    if not args.quiet:
        print(timing_summary(report), file=sys.stderr)
    print(report.summary(), file=sys.stderr)
    if report.store is not None:
        print(f"{report.store.summary()} in {args.store}", file=sys.stderr)
    return 1 if args.strict and report.skipped else 0


def explain_on_stderr() -> None:
    """Shows the `conflict_kg.explain` log (relations removed, and why) on stderr."""
    import logging

    logger = logging.getLogger("conflict_kg.explain")
    for old in [h for h in logger.handlers if getattr(h, "explain_on_stderr", False)]:
        logger.removeHandler(old)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("explain: %(message)s"))
    handler.explain_on_stderr = True
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)


def _query(args: argparse.Namespace) -> int:
    from conflict_kg.graph.query import QueryError, format_table, run_query

    if (args.sparql is None) == (args.file is None):
        print("conflict-kg query: give the query either as text or with --file", file=sys.stderr)
        return 2
    sparql = args.file.read_text(encoding="utf-8") if args.file else args.sparql
    try:
        table = run_query(args.store, sparql)
    except (QueryError, OSError, ValueError) as error:
        print(f"conflict-kg query: {error}", file=sys.stderr)
        return 2
    print(format_table(table, args.format), end="")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    commands = {"build": _build, "query": _query, "reconcile": reconcile_command, "serve": serve_command}
    return commands[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
