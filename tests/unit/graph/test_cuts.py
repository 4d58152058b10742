from __future__ import annotations

import networkx as nx

from importmap.graph.cuts import fewest_edges_to_cut


def _graph(*edges: tuple[str, str]) -> list[tuple[str, str]]:
    return list(edges)


def _one(_: str, __: str) -> int:
    return 1


def test_two_cycle_cuts_the_edge_with_fewer_statements() -> None:
    weights = {("a", "b"): 3, ("b", "a"): 1}
    cut = fewest_edges_to_cut(_graph(("a", "b"), ("b", "a")), lambda u, v: weights[(u, v)])
    assert cut == [("b", "a")]


def test_shared_edge_breaks_two_cycles_at_once() -> None:
    # a->b->c->a and a->b->d->a share a->b: one cut suffices.
    edges = _graph(("a", "b"), ("b", "c"), ("c", "a"), ("b", "d"), ("d", "a"))
    assert fewest_edges_to_cut(edges, _one) == [("a", "b")]


def test_self_loop_is_always_cut() -> None:
    assert fewest_edges_to_cut(_graph(("a", "a")), _one) == [("a", "a")]


def test_acyclic_graph_needs_no_cut() -> None:
    assert fewest_edges_to_cut(_graph(("a", "b"), ("b", "c")), _one) == []


def test_large_component_falls_back_to_a_cut_that_leaves_no_cycle() -> None:
    # A dense component: far over the exact search budget.
    nodes = [f"m{index:02d}" for index in range(40)]
    digraph = nx.DiGraph()
    for index, node in enumerate(nodes):
        for step in (1, 3, 7):
            digraph.add_edge(node, nodes[(index + step) % len(nodes)])
    cut = fewest_edges_to_cut(digraph.edges, _one)
    remaining = nx.DiGraph(digraph)
    remaining.remove_edges_from(cut)
    assert nx.is_directed_acyclic_graph(remaining)
    # Minimal: putting back any single cut edge closes a cycle again.
    for edge in cut:
        again = nx.DiGraph(remaining)
        again.add_edge(*edge)
        assert not nx.is_directed_acyclic_graph(again)
    assert cut == sorted(cut)


def test_same_input_gives_the_same_cut() -> None:
    edges = [("a", "b"), ("b", "c"), ("c", "a"), ("c", "b")]
    first = fewest_edges_to_cut(_graph(*edges), _one)
    second = fewest_edges_to_cut(_graph(*reversed(edges)), _one)
    assert first == second == [("b", "c")]
