"""conflict-kg: war reporting in, a linked knowledge graph with provenance out."""
