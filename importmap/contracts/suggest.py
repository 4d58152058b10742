"""`importmap contracts suggest`: a layers contract that today's import-time graph keeps.

The import-time graph is collapsed to packages at one depth (by default the top-level
subpackages of the one root package). Its strongly connected components are broken by the
fewest package edges (graph/cuts.py, weighted by import statements); those edges' imports are
the few that go against the layers, listed and ignored by the contract. The condensed graph's
topological generations are the layers, from the packages nothing imports down; packages of one
generation never import each other, so they are independent siblings (`a | b`). The contract is
judged on the same graph before it is offered: whatever still breaks it (a chain through a
package's ancestor, say) is ignored too, so the block passes as printed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

import networkx as nx

from importmap.contracts.judge import judge_contracts
from importmap.contracts.spec import IMPORT_TIME, LAYERS, SIBLINGS, Contract
from importmap.domain import ChainStep
from importmap.graph.build import Edge, ModuleGraph
from importmap.graph.chains import edge_step
from importmap.graph.cuts import fewest_edges_to_cut
from importmap.graph.levels import package_at

# Judging the proposal again after ignoring what still breaks it: each round ignores at least
# one more edge, and in practice the first round is the last.
_MAX_ROUNDS = 20
# Packages of one strongly connected component ordered exactly (2^n sets); larger components
# get graph/cuts.py's bounded search.
_EXACT_ORDER_LIMIT = 16


@dataclass(frozen=True)
class Suggestion:
    depth: int
    packages: int
    contract: Contract
    # The imports that go against the layers today, ignored by the contract; one per edge.
    breaking: tuple[ChainStep, ...]


def default_depth(graph: ModuleGraph) -> int:
    """2 (the subpackages) when the code is one top-level package, else 1."""
    tops = {module.partition(".")[0] for module in graph.modules}
    return 2 if len(tops) == 1 else 1


def suggest_layers(graph: ModuleGraph, depth: int, name: str) -> Suggestion:
    collapsed, makers = _collapsed(graph, depth)
    # The weight of a package edge: the import statements making it (`from a.b import c` makes
    # module edges to a.b and to a, one statement).
    statements = {
        edge: len(
            {
                (record.path, record.line)
                for importer, imported in edges
                for record in graph.imports_of_edge(importer, imported)
                if record.eager
            }
        )
        for edge, edges in makers.items()
    }
    cut: list[Edge] = []
    for component in nx.strongly_connected_components(collapsed):
        if len(component) > 1:
            inside = list(collapsed.subgraph(component).edges)
            if len(component) <= _EXACT_ORDER_LIMIT:
                cut.extend(_fewest_statements_against(sorted(component), inside, statements))
            else:
                cut.extend(fewest_edges_to_cut(inside, lambda a, b: statements[(a, b)]))
    collapsed.remove_edges_from(cut)
    layers = tuple(
        tuple(sorted(generation)) for generation in nx.topological_generations(collapsed)
    )
    # One line per package edge that goes up: `a.** -> b.**` covers its imports.
    contract = Contract(
        name=name,
        type=LAYERS,
        when=IMPORT_TIME,
        layers=layers,
        ignore=tuple(f"{a}.** -> {b}.**" for a, b in sorted(cut)),
    )
    contract, extra = _kept(graph, contract)
    against = sorted({edge for package_edge in cut for edge in makers[package_edge]} | set(extra))
    return Suggestion(
        depth=depth,
        packages=collapsed.number_of_nodes(),
        contract=contract,
        breaking=_one_per_statement(edge_step(graph, a, b, eager=True) for a, b in against),
    )


def _one_per_statement(steps: Iterable[ChainStep]) -> tuple[ChainStep, ...]:
    """`from a.b import c` makes edges to a.b and (implicitly) to a: one statement, one line;
    the edge it names wins over the parent package it imports first."""
    by_place: dict[tuple[str, int], ChainStep] = {}
    for step in steps:
        place = (step.path, step.line)
        known = by_place.get(place)
        if known is None or (known.kind == "implicit" and step.kind != "implicit"):
            by_place[place] = step
    return tuple(by_place[place] for place in sorted(by_place))


def _fewest_statements_against(
    nodes: list[str], edges: list[Edge], statements: dict[Edge, int]
) -> list[Edge]:
    """The package edges pointing up in the order of `nodes` (top first) that has the fewest
    import statements pointing up: exact, by dynamic programming over the sets of packages
    placed at the top (2^n sets, so only for small n)."""
    index = {node: position for position, node in enumerate(nodes)}
    count = len(nodes)
    weight = [[0] * count for _ in range(count)]
    for importer, imported in edges:
        weight[index[importer]][index[imported]] = statements[(importer, imported)]
    full = (1 << count) - 1
    # up[v][S]: statements of v importing a package of S (placed above v).
    up = []
    for v in range(count):
        row = [0] * (full + 1)
        for placed in range(1, full + 1):
            low = placed & -placed
            row[placed] = row[placed ^ low] + weight[v][low.bit_length() - 1]
        up.append(row)
    best = [0] + [-1] * full
    choice = [0] * (full + 1)
    for placed in range(full):
        if best[placed] < 0:
            continue
        for v in range(count):
            bit = 1 << v
            if placed & bit:
                continue
            cost = best[placed] + up[v][placed]
            grown = placed | bit
            if best[grown] < 0 or cost < best[grown]:
                best[grown] = cost
                choice[grown] = v
    order: list[int] = []
    placed = full
    while placed:
        v = choice[placed]
        order.append(v)
        placed ^= 1 << v
    rank = {nodes[v]: position for position, v in enumerate(reversed(order))}
    return sorted(edge for edge in edges if rank[edge[0]] > rank[edge[1]])


def _collapsed(graph: ModuleGraph, depth: int) -> tuple[nx.DiGraph, dict[Edge, set[Edge]]]:
    """The import-time graph between packages at `depth`, and the module edges making each
    package edge. A module above `depth` (the root package's `__init__`) is in no layer: an
    import of it stands for what it imports in turn at import time."""
    eager = graph.eager

    def package(module: str) -> str | None:
        return package_at(module, depth) if module.count(".") + 1 >= depth else None

    passed_on = {
        module: _reached_through(eager, module, package)
        for module in graph.modules
        if package(module) is None
    }
    collapsed = nx.DiGraph()
    collapsed.add_nodes_from(p for p in map(package, graph.modules) if p is not None)
    makers: dict[Edge, set[Edge]] = {}
    for importer, imported in eager.edges:
        source = package(importer)
        if source is None:
            continue
        reached = passed_on.get(imported, {imported})
        for target in {package(module) for module in reached}:
            if target is not None and target != source:
                collapsed.add_edge(source, target)
                makers.setdefault((source, target), set()).add((importer, imported))
    return collapsed, makers


def _reached_through(
    eager: nx.DiGraph, start: str, package: Callable[[str], str | None]
) -> set[str]:
    """Modules in a layer that importing `start` imports, through modules in none."""
    reached: set[str] = set()
    seen = {start}
    stack = [start]
    while stack:
        for successor in eager.succ[stack.pop()]:
            if successor in seen:
                continue
            seen.add(successor)
            if package(successor) is None:
                stack.append(successor)
            else:
                reached.add(successor)
    return reached


def _kept(graph: ModuleGraph, contract: Contract) -> tuple[Contract, list[Edge]]:
    """The contract with whatever still breaks it on `graph` ignored as well, and those edges."""
    extra: list[Edge] = []
    for _ in range(_MAX_ROUNDS):
        (result,) = judge_contracts([contract], graph)
        if result.kept:
            break
        more = sorted({(b.chain[0].importer, b.chain[0].imported) for b in result.broken})
        extra.extend(more)
        contract = replace(contract, ignore=(*contract.ignore, *(f"{a} -> {b}" for a, b in more)))
    return contract, extra


def render_block(suggestion: Suggestion, described: str) -> str:
    """The ready-to-paste TOML, with what the layers are and which imports go against them."""
    contract = suggestion.contract
    lines = [
        f"# importmap contracts suggest: {described}, import-time graph at depth "
        f"{suggestion.depth}: {suggestion.packages} packages in {len(contract.layers)} layers "
        "(top first; `a | b` never import each other).",
    ]
    if suggestion.breaking:
        lines.append(
            f"# {len(suggestion.breaking)} import(s) go against these layers today; the "
            "contract ignores them (fix one, then drop its line):"
        )
        lines.extend(
            f"#   {step.path}:{step.line}  {step.statement}  ({step.importer} -> {step.imported})"
            for step in suggestion.breaking
        )
    else:
        lines.append("# No import goes against these layers today.")
    lines += [
        "[[tool.importmap.contracts]]",
        f"name = {_toml_string(contract.name)}",
        f'type = "{contract.type}"',
        f'when = "{contract.when}"',
        "layers = [",
        *(f"    {_toml_string(f' {SIBLINGS} '.join(layer))}," for layer in contract.layers),
        "]",
    ]
    if contract.ignore:
        lines += ["ignore = [", *_items(contract.ignore), "]"]
    return "\n".join(lines) + "\n"


def _items(values: Iterable[str]) -> list[str]:
    return [f"    {_toml_string(value)}," for value in values]


def _toml_string(value: str) -> str:
    # A JSON string is a TOML basic string (same escapes, \uXXXX included), except that TOML
    # also forbids a raw DEL; any name `--name` is given then reads back as given.
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
