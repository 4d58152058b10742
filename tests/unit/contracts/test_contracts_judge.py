"""Contracts judged on hand-built graphs: which pairs break, which chains are shown."""

from __future__ import annotations

import pytest

from importmap.contracts.judge import judge_contracts
from importmap.contracts.spec import Contract
from importmap.contracts.suggest import _fewest_statements_against, suggest_layers
from importmap.domain import Context, Import
from importmap.errors import ImportmapError
from importmap.graph.build import ModuleGraph


def _graph(*edges: tuple[str, str, Context]) -> ModuleGraph:
    records = [
        Import(importer=a, line=n, column=1, imported=b, statement=f"import {b}", path=f"{a}.py",
               context=context)
        for n, (a, b, context) in enumerate(edges, start=1)
    ]  # fmt: skip
    modules = {name for a, b, _ in edges for name in (a, b)}
    return ModuleGraph(modules, records)


M, F = Context.MODULE, Context.FUNCTION


def test_a_chain_through_another_layer_is_that_layers_own_pair() -> None:
    # c -> b (up one layer) and b -> a (up again): c reaches a only through b.
    graph = _graph(("p.c.x", "p.b.x", M), ("p.b.x", "p.a.x", M))
    (result,) = judge_contracts(
        [Contract(name="l", type="layers", layers=(("p.a",), ("p.b",), ("p.c",)))], graph
    )
    assert [(b.importer, b.imported, len(b.chain)) for b in result.broken] == [
        ("p.b", "p.a", 1),
        ("p.c", "p.b", 1),
    ]


def test_import_time_uses_only_eager_edges() -> None:
    graph = _graph(("p.low", "p.high", F))
    any_time = Contract(name="any", type="layers", layers=(("p.high",), ("p.low",)))
    import_time = Contract(
        name="now", type="layers", when="import-time", layers=(("p.high",), ("p.low",))
    )
    kept = {r.name: r.kept for r in judge_contracts([any_time, import_time], graph)}
    assert kept == {"any": False, "now": True}


def test_an_unknown_module_names_the_nearest() -> None:
    graph = _graph(("app.models", "app.services", M))
    contract = Contract(name="l", type="layers", layers=(("app.service",), ("app.models",)))
    with pytest.raises(ImportmapError, match="nearest module is 'app.services'"):
        judge_contracts([contract], graph)


def test_the_exact_order_cuts_the_fewest_statements() -> None:
    # a <-> b: a imports b in 3 places, b imports a in 1: a sits above b, b -> a is cut.
    nodes = ["a", "b"]
    edges = [("a", "b"), ("b", "a")]
    assert _fewest_statements_against(nodes, edges, {("a", "b"): 3, ("b", "a"): 1}) == [("b", "a")]
    assert _fewest_statements_against(nodes, edges, {("a", "b"): 1, ("b", "a"): 3}) == [("a", "b")]


def test_a_three_package_cycle_is_cut_at_its_cheapest_edge() -> None:
    nodes = ["a", "b", "c"]
    edges = [("a", "b"), ("b", "c"), ("c", "a")]
    weights = {("a", "b"): 2, ("b", "c"): 2, ("c", "a"): 1}
    assert _fewest_statements_against(nodes, edges, weights) == [("c", "a")]


def test_suggested_layers_keep_the_graph_they_come_from() -> None:
    graph = _graph(
        ("r.top.x", "r.mid.x", M),
        ("r.mid.x", "r.low.x", M),
        ("r.low.y", "r.mid.y", M),  # against the majority: ignored
        ("r.mid.z", "r.low.z", M),
        ("r.low.x", "r.top.x", F),  # not at import time: no say
    )
    suggestion = suggest_layers(graph, 2, "r layers")
    assert suggestion.contract.layers == (("r.top",), ("r.mid",), ("r.low",))
    assert suggestion.contract.ignore == ("r.low.** -> r.mid.**",)
    assert [(s.importer, s.imported) for s in suggestion.breaking] == [("r.low.y", "r.mid.y")]
    (result,) = judge_contracts([suggestion.contract], graph)
    assert result.kept
