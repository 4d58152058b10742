"""The networkx-free components the cycle gate asks first, against networkx itself."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from importmap.graph.components import cyclic_components


@pytest.mark.parametrize("seed", range(60))
def test_cyclic_components_are_networkx_s_components_of_more_than_one_node(seed: int) -> None:
    generator = random.Random(seed)
    nodes = generator.randint(1, 40)
    digraph = nx.gnp_random_graph(nodes, generator.random() * 0.15, directed=True, seed=seed)
    digraph.remove_edges_from(list(nx.selfloop_edges(digraph)))
    successors = {str(node): [str(other) for other in digraph.successors(node)] for node in digraph}
    expected = sorted(
        sorted(str(node) for node in component)
        for component in nx.strongly_connected_components(digraph)
        if len(component) > 1
    )
    assert sorted(sorted(component) for component in cyclic_components(successors)) == expected


def test_a_long_chain_closing_on_itself_is_one_component_without_recursion() -> None:
    size = 50_000
    successors = {f"m{index}": [f"m{(index + 1) % size}"] for index in range(size)}
    [component] = cyclic_components(successors)
    assert len(component) == size


def test_no_cycle_no_component() -> None:
    assert cyclic_components({"a": ["b"], "b": ["c"], "c": []}) == []
