"""Positions for the explorer, computed in Python so the page opens with physics off.

`layout_positions(g)` takes an undirected networkx graph and gives {node: (x, y)} in screen-like
units (about 100 per edge): each connected component is laid out on its own by the
Fruchterman-Reingold force model -- networkx's spring layout up to SMALL_COMPONENT nodes, above
that the same forces in vectorised numpy where each node is pushed by a fresh random sample of
the others (networkx's own version for big graphs loops in Python and took 70 s for 5,000 nodes).
Components are packed in rows, largest first; isolated nodes go in a grid below them.
Same graph, same positions (seeded).
"""
from __future__ import annotations

import math

import networkx as nx
import numpy as np

SEED = 7
EDGE_LENGTH = 100.0
SMALL_COMPONENT = 500  # networkx's spring layout is dense numpy up to here (no scipy needed)
REPULSION_SAMPLE = 400  # nodes each node is pushed by in one iteration of the big-graph layout
ITERATIONS = 50


def sampled_spring_layout(component: nx.Graph, iterations: int = ITERATIONS) -> dict:
    """Fruchterman-Reingold in a unit box, repulsion from a random sample of the nodes per step."""
    nodes = sorted(component, key=str)
    index = {node: i for i, node in enumerate(nodes)}
    n = len(nodes)
    rng = np.random.default_rng(SEED)
    pos = rng.random((n, 2), dtype=np.float64)
    edges = np.array([(index[u], index[v]) for u, v in component.edges() if u != v], dtype=np.int64).reshape(-1, 2)
    k = math.sqrt(1.0 / n)
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    sample_size = min(n, REPULSION_SAMPLE)
    for _ in range(iterations):
        sample = rng.choice(n, size=sample_size, replace=False) if sample_size < n else np.arange(n)
        displacement = np.zeros_like(pos)
        for start in range(0, n, 500):
            delta = pos[start:start + 500, None, :] - pos[None, sample, :]
            distance2 = np.maximum((delta ** 2).sum(axis=-1), 1e-6)
            displacement[start:start + 500] = (delta * (k * k / distance2)[..., None]).sum(axis=1) * (n / sample_size)
        delta = pos[edges[:, 0]] - pos[edges[:, 1]]
        pull = delta * (np.sqrt((delta ** 2).sum(axis=1)) / k)[:, None]
        np.add.at(displacement, edges[:, 0], -pull)
        np.add.at(displacement, edges[:, 1], pull)
        length = np.maximum(np.sqrt((displacement ** 2).sum(axis=1)), 1e-9)
        pos += displacement * (np.minimum(length, temperature) / length)[:, None]
        temperature -= cooling
    pos -= pos.mean(axis=0)
    pos /= max(float(np.abs(pos).max()), 1e-9)
    return {node: (float(pos[i, 0]), float(pos[i, 1])) for node, i in index.items()}


def _component_positions(component: nx.Graph) -> dict:
    n = component.number_of_nodes()
    if n == 1:
        return {next(iter(component)): (0.0, 0.0)}
    if n <= SMALL_COMPONENT:
        # twice networkx's default spacing: hubs of war reporting have dozens of leaves
        raw = nx.spring_layout(component, seed=SEED, iterations=ITERATIONS, k=2 / math.sqrt(n))
    else:
        raw = sampled_spring_layout(component)
    radius = EDGE_LENGTH * math.sqrt(n) * 1.2
    return {node: (float(x) * radius, float(y) * radius) for node, (x, y) in raw.items()}


def layout_positions(g: nx.Graph) -> dict:
    """{node: (x, y)} for every node of `g` (see the module docstring)."""
    components = sorted((sorted(c, key=str) for c in nx.connected_components(g) if len(c) > 1),
                        key=lambda c: (-len(c), str(c[0])))
    isolated = sorted((n for n in g.nodes if g.degree(n) == 0), key=str)
    positions: dict = {}
    row_width = max((EDGE_LENGTH * math.sqrt(len(c)) * 2 for c in components[:1]), default=EDGE_LENGTH * 10)
    x_cursor, y_cursor, row_height = 0.0, 0.0, 0.0
    for nodes in components:
        # A fresh graph in sorted order: a subgraph view iterates its node set, in hash order.
        component = nx.Graph()
        component.add_nodes_from(nodes)
        component.add_edges_from(sorted((tuple(sorted(edge, key=str)) for edge in g.subgraph(nodes).edges()), key=str))
        local = _component_positions(component)
        xs = [p[0] for p in local.values()]
        ys = [p[1] for p in local.values()]
        width, height = max(xs) - min(xs) + EDGE_LENGTH, max(ys) - min(ys) + EDGE_LENGTH
        if x_cursor > 0 and x_cursor + width > row_width:
            x_cursor, y_cursor, row_height = 0.0, y_cursor + row_height, 0.0
        for node, (x, y) in local.items():
            positions[node] = (round(x - min(xs) + x_cursor, 1), round(y - min(ys) + y_cursor, 1))
        x_cursor += width
        row_height = max(row_height, height)
    columns = max(1, int(row_width // (EDGE_LENGTH * 0.8)))
    top = y_cursor + row_height + EDGE_LENGTH
    for index, node in enumerate(isolated):
        positions[node] = (round((index % columns) * EDGE_LENGTH * 0.8, 1), round(top + (index // columns) * EDGE_LENGTH * 0.6, 1))
    return positions
