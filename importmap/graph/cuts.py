"""The fewest import edges to cut so that a cycle's component falls apart.

Finding a minimum feedback arc set is NP-hard, so every search here is bounded: small
components get an exact search over edge subsets within a budget, larger ones the
Eades-Lin-Smyth ordering heuristic followed by a pass that puts back every edge not needed.
Simple cycles are never enumerated.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from itertools import combinations

import networkx as nx

Edge = tuple[str, str]
# How many edges one cut candidate may cost to check, summed over the exact search.
_EXACT_BUDGET = 200_000


def fewest_edges_to_cut(component: nx.DiGraph, weight: Callable[[str, str], int]) -> list[Edge]:
    """Edges whose removal leaves `component` acyclic: fewest edges, then fewest statements.

    `weight(importer, imported)` is the number of import statements making the edge, so that
    among equally small cuts the one needing fewer statement changes wins.
    """
    self_loops = sorted((u, v) for u, v in component.edges if u == v)
    rest = nx.DiGraph()
    rest.add_nodes_from(sorted(component.nodes))
    rest.add_edges_from(sorted((u, v) for u, v in component.edges if u != v))
    if nx.is_directed_acyclic_graph(rest):
        return self_loops
    edges = _cycle_edges(rest)
    cut = _exact_cut(rest, edges, weight)
    if cut is None:
        cut = _minimal(rest, _ordering_cut(rest, weight), weight)
    return self_loops + sorted(cut)


def _cycle_edges(digraph: nx.DiGraph) -> list[Edge]:
    """Only edges inside a strongly connected component can be on a cycle."""
    edges: list[Edge] = []
    for component in nx.strongly_connected_components(digraph):
        if len(component) > 1:
            edges.extend(digraph.subgraph(component).edges)
    return sorted(edges)


def _exact_cut(
    digraph: nx.DiGraph, edges: Sequence[Edge], weight: Callable[[str, str], int]
) -> list[Edge] | None:
    """The smallest, then lightest, cut by trying subsets of growing size; None over budget."""
    cost = max(digraph.number_of_edges() + digraph.number_of_nodes(), 1)
    spent = 0
    for size in range(1, len(edges) + 1):
        best: tuple[int, list[Edge]] | None = None
        for candidate in combinations(edges, size):
            spent += cost
            if spent > _EXACT_BUDGET:
                return None
            if _acyclic_without(digraph, candidate):
                total = sum(weight(*edge) for edge in candidate)
                if best is None or total < best[0]:
                    best = (total, list(candidate))
        if best is not None:
            return best[1]
    return None


def _acyclic_without(digraph: nx.DiGraph, removed: Iterable[Edge]) -> bool:
    view = nx.restricted_view(digraph, [], list(removed))
    return bool(nx.is_directed_acyclic_graph(view))


def _ordering_cut(digraph: nx.DiGraph, weight: Callable[[str, str], int]) -> list[Edge]:
    """Eades-Lin-Smyth: order the modules, cut every edge that points backwards."""
    remaining = nx.DiGraph(digraph)
    front: list[str] = []
    back: list[str] = []
    while remaining.number_of_nodes():
        peeled = True
        while peeled:
            peeled = False
            sinks = sorted(n for n in remaining if remaining.out_degree(n) == 0)
            back.extend(sinks)
            remaining.remove_nodes_from(sinks)
            sources = sorted(n for n in remaining if remaining.in_degree(n) == 0)
            front.extend(sources)
            remaining.remove_nodes_from(sources)
            peeled = bool(sinks or sources)
        if remaining.number_of_nodes():
            # Heavy edges out and light edges in: put it early, so its light edges in are cut.
            chosen = max(sorted(remaining), key=lambda n: _balance(remaining, n, weight))
            front.append(chosen)
            remaining.remove_node(chosen)
    order = front + list(reversed(back))
    position = {node: index for index, node in enumerate(order)}
    return sorted((u, v) for u, v in digraph.edges if position[u] > position[v])


def _balance(digraph: nx.DiGraph, node: str, weight: Callable[[str, str], int]) -> int:
    out_weight = sum(weight(node, successor) for successor in digraph.successors(node))
    in_weight = sum(weight(predecessor, node) for predecessor in digraph.predecessors(node))
    return out_weight - in_weight


def _minimal(digraph: nx.DiGraph, cut: list[Edge], weight: Callable[[str, str], int]) -> list[Edge]:
    """Put back, heaviest first, every cut edge whose return closes no cycle."""
    kept = set(cut)
    remaining = nx.DiGraph(digraph)
    remaining.remove_edges_from(cut)
    for importer, imported in sorted(cut, key=lambda edge: (-weight(*edge), edge)):
        # Adding importer -> imported closes a cycle exactly when imported reaches importer.
        if not nx.has_path(remaining, imported, importer):
            remaining.add_edge(importer, imported)
            kept.discard((importer, imported))
    return sorted(kept)
