"""Facts in, graph out: merge extracted articles, resolve entities, build the graph, export it."""
