"""Text in, facts out: ingest and clean articles, find entity mentions, relations and attributions.

Nothing here knows about RDF or graphs; `graph` consumes the dataclasses of `extract.model`.
"""
