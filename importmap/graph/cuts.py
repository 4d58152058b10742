"""The fewest import edges to cut so that a cycle's component falls apart.

Finding a minimum feedback arc set is NP-hard, so every search here is bounded: small
components get an exact search over edge subsets within a budget, larger ones the
Eades-Lin-Smyth ordering heuristic followed by a pass that puts back every edge not needed.
Simple cycles are never enumerated.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Sequence
from itertools import combinations
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx


Edge = tuple[str, str]
# How many edges one cut candidate may cost to check, summed over the exact search. Each check
# is a graph search in Python: 5,000 edge visits keep one component's search near 5 ms.
_EXACT_BUDGET = 5_000
# How many cut edges the clean-up pass tries to put back, each try one graph search over the
# component (about 0.6 ms on a 5,000-module one): 500 keeps the pass well under a second.
_PUT_BACK_LIMIT = 500


def fewest_edges_to_cut(component: Iterable[Edge], weight: Callable[[str, str], int]) -> list[Edge]:
    """Edges whose removal leaves the graph of `component`'s edges acyclic: fewest edges, then
    fewest statements.

    `weight(importer, imported)` is the number of import statements making the edge, so that
    among equally small cuts the one needing fewer statement changes wins.
    """
    import networkx as nx

    every_edge = sorted(component)
    self_loops = [(u, v) for u, v in every_edge if u == v]
    rest = nx.DiGraph()
    rest.add_edges_from((u, v) for u, v in every_edge if u != v)
    edges = _cycle_edges(rest)
    if not edges:
        # Without self-loops, a graph whose components are all single modules is acyclic.
        return self_loops
    cut = _exact_cut(rest, edges, weight)
    if cut is None:
        # `rest` is this function's own: the clean-up pass may take the cut edges out of it.
        cut = _minimal(rest, _ordering_cut(rest, weight), weight)
    return self_loops + sorted(cut)


def _cycle_edges(digraph: nx.DiGraph) -> list[Edge]:
    """Only edges inside a strongly connected component can be on a cycle (sorted)."""
    import networkx as nx

    component_of: dict[str, int] = {}
    for index, component in enumerate(nx.strongly_connected_components(digraph)):
        component_of.update(dict.fromkeys(component, index))
    return sorted((u, v) for u, v in digraph.edges if component_of[u] == component_of[v])


def _exact_cut(
    digraph: nx.DiGraph, edges: Sequence[Edge], weight: Callable[[str, str], int]
) -> list[Edge] | None:
    """The smallest, then lightest, cut by trying subsets of growing size; None over budget."""
    cost = max(digraph.number_of_edges() + digraph.number_of_nodes(), 1)
    if cost * len(edges) > _EXACT_BUDGET:
        # Not even every single-edge cut fits: go straight to the heuristic.
        return None
    # Each candidate is taken out of this copy and put back: 6x faster than a restricted view.
    scratch = digraph.copy()
    spent = 0
    for size in range(1, len(edges) + 1):
        best: tuple[int, list[Edge]] | None = None
        for candidate in combinations(edges, size):
            spent += cost
            if spent > _EXACT_BUDGET:
                return None
            if _acyclic_without(scratch, candidate):
                total = sum(weight(*edge) for edge in candidate)
                if best is None or total < best[0]:
                    best = (total, list(candidate))
        if best is not None:
            return best[1]
    return None


def _acyclic_without(scratch: nx.DiGraph, removed: Sequence[Edge]) -> bool:
    """Whether `scratch` is acyclic without `removed`; it is left with every edge it had."""
    import networkx as nx

    scratch.remove_edges_from(removed)
    try:
        return bool(nx.is_directed_acyclic_graph(scratch))
    finally:
        scratch.add_edges_from(removed)


def _ordering_cut(digraph: nx.DiGraph, weight: Callable[[str, str], int]) -> list[Edge]:
    """Eades-Lin-Smyth: order the modules, cut every edge that points backwards.

    Sinks go to the back and sources to the front as they appear; otherwise the module with
    the heaviest edges out and lightest edges in goes to the front, so its light edges in are
    the ones cut. Heaps with lazy deletion keep this near-linear; names break every tie.
    """
    successors = {node: set(digraph.successors(node)) for node in digraph}
    predecessors = {node: set(digraph.predecessors(node)) for node in digraph}
    weights = {(u, v): weight(u, v) for u, v in digraph.edges}
    balance = {
        node: sum(weights[node, s] for s in successors[node])
        - sum(weights[p, node] for p in predecessors[node])
        for node in successors
    }
    by_balance = [(-balance[node], node) for node in successors]
    heapq.heapify(by_balance)
    sinks = [node for node in successors if not successors[node]]
    sources = [node for node in successors if not predecessors[node]]
    heapq.heapify(sinks)
    heapq.heapify(sources)
    placed: set[str] = set()
    front: list[str] = []
    back: list[str] = []

    def place(node: str, at: list[str]) -> None:
        placed.add(node)
        at.append(node)
        for successor in successors.pop(node):
            predecessors[successor].discard(node)
            balance[successor] += weights[node, successor]
            heapq.heappush(by_balance, (-balance[successor], successor))
            if not predecessors[successor]:
                heapq.heappush(sources, successor)
        for predecessor in predecessors.pop(node):
            successors[predecessor].discard(node)
            balance[predecessor] -= weights[predecessor, node]
            heapq.heappush(by_balance, (-balance[predecessor], predecessor))
            if not successors[predecessor]:
                heapq.heappush(sinks, predecessor)

    while len(placed) < len(balance):
        if sinks:
            node = heapq.heappop(sinks)
            if node not in placed:
                place(node, back)
        elif sources:
            node = heapq.heappop(sources)
            if node not in placed:
                place(node, front)
        else:
            negated, node = heapq.heappop(by_balance)
            if node not in placed and -negated == balance[node]:
                place(node, front)
    order = front + list(reversed(back))
    position = {node: index for index, node in enumerate(order)}
    return sorted((u, v) for u, v in digraph.edges if position[u] > position[v])


def _minimal(
    remaining: nx.DiGraph, cut: list[Edge], weight: Callable[[str, str], int]
) -> list[Edge]:
    """Put back, heaviest first, every cut edge whose return closes no cycle.

    Takes the cut out of `remaining` and puts edges back into it: the caller's graph changes.
    """
    import networkx as nx

    kept = set(cut)
    remaining.remove_edges_from(cut)
    ordered = sorted(cut, key=lambda edge: (-weight(*edge), edge))
    for importer, imported in ordered[:_PUT_BACK_LIMIT]:
        # Adding importer -> imported closes a cycle exactly when imported reaches importer.
        if not nx.has_path(remaining, imported, importer):
            remaining.add_edge(importer, imported)
            kept.discard((importer, imported))
    return sorted(kept)
