"""The `conflict-kg serve` command's options and its few lines over `graph.server`.

Kept apart from `conflict_kg.cli` so the server's many options stay in one place.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

PUBLISHING = """\
Linked Data: every IRI under the store's base resolves at /id/... on this server; with the default
base https://w3id.org/conflict-kg/id/, /id/place/bakhmut is <https://w3id.org/conflict-kg/id/place/bakhmut>.
To make the public IRIs resolve, deploy the server behind a web server at, say, https://kg.example.org/
and register a redirect at w3id.org (a pull request to github.com/perma-id/w3id.org adding
conflict-kg/.htaccess):

    RewriteEngine on
    RewriteRule ^id/(.*)$ https://kg.example.org/id/$1 [R=303,L]
    RewriteRule ^sparql$ https://kg.example.org/sparql [R=307,L]
    RewriteRule ^dump/(.*)$ https://kg.example.org/dump/$1 [R=303,L]

Clients keep their Accept header across the redirect, so content negotiation still works.
"""


def add_serve_arguments(commands) -> None:
    serve = commands.add_parser("serve", help="serve a store over HTTP: SPARQL at /sparql and Linked Data at /id/",
                                description="Serve a store (build --store DIR) or an export file read-only: the "
                                            "SPARQL 1.1 Protocol at /sparql, a query page at /, and every IRI of "
                                            "the graph at /id/... (Turtle, JSON-LD, N-Triples or HTML).",
                                epilog=PUBLISHING, formatter_class=argparse.RawDescriptionHelpFormatter)
    serve.add_argument("store", type=Path, metavar="STORE", help="a store folder (or an export file)")
    serve.add_argument("--host", default="127.0.0.1",
                       help="interface to listen on (default: %(default)s, this machine only; 0.0.0.0 for all)")
    serve.add_argument("--port", type=int, default=7878, help="port (default: %(default)s)")
    serve.add_argument("--base", help="IRI base served at /id/ (default: the one the store was built with)")
    serve.add_argument("--timeout", type=float, default=30.0, help="seconds a query may run (default: %(default)s)")
    serve.add_argument("--max-rows", type=int, default=10_000,
                       help="rows (or triples) an answer may hold; longer ones are cut (default: %(default)s)")
    serve.add_argument("--workers", type=int, default=2, help="queries answered at once (default: %(default)s)")
    serve.add_argument("--in-memory", action="store_true",
                       help="copy the store into memory in each worker at start, at the cost of memory: queries "
                            "that scan much of the graph run about twice as fast, lookups by a much-mentioned "
                            "entity slower")


def serve_command(args: argparse.Namespace) -> int:
    from conflict_kg.graph.server import serve

    try:
        serve(args.store, host=args.host, port=args.port, base=args.base, timeout=args.timeout,
              max_rows=args.max_rows, workers=args.workers, in_memory=args.in_memory)
    except (OSError, ValueError, RuntimeError) as error:
        print(f"conflict-kg serve: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        pass
    return 0
