"""Whether the import graph keeps each contract: one shortest chain per broken pair.

Every pair of packages a contract keeps apart is one breadth-first search over the module graph
(the import-time graph for `when = "import-time"`), from every module of one package to any
module of the other; paths are never enumerated. A chain may not pass through a module of
another package the contract names: that part of the chain is a pair of its own, reported on
its own, so one bad import is reported once and a chain is never longer than it needs to be.
"""

from __future__ import annotations

import difflib
from collections import deque
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from importmap.contracts.spec import ACYCLIC, FORBIDDEN, INDEPENDENCE, LAYERS, Contract
from importmap.domain import ChainStep, ContractBreak, ContractResult, Import
from importmap.errors import ImportmapError
from importmap.graph.build import Edge, ModuleGraph
from importmap.graph.chains import edge_step
from importmap.graph.cuts import fewest_edges_to_cut

if TYPE_CHECKING:
    import networkx as nx


def judge_contracts(
    contracts: Sequence[Contract], graph: ModuleGraph, config_file: Path | None = None
) -> tuple[ContractResult, ...]:
    """Each contract's result, in order. A contract naming a module the analysed code does not
    have is a configuration error, which names the nearest module there is."""
    check_names(contracts, graph, config_file)
    return tuple(_judge(contract, graph) for contract in contracts)


def contracts_with_their_modules(
    contracts: Sequence[Contract], graph: ModuleGraph
) -> tuple[Contract, ...]:
    """The contracts every module of which the analysed code has. `trend` judges a past commit
    with today's contracts: one naming a module that commit lacks is not judged there."""
    known = _known(graph)
    return tuple(c for c in contracts if all(name in known for name in c.named))


def _known(graph: ModuleGraph) -> set[str]:
    # A module, or a package of modules (a namespace portion need not be a module itself).
    return {
        ".".join(parts[:depth])
        for parts in (module.split(".") for module in graph.modules)
        for depth in range(1, len(parts) + 1)
    }


def check_names(
    contracts: Sequence[Contract], graph: ModuleGraph, config_file: Path | None = None
) -> None:
    known = _known(graph)
    where = f"{config_file}: " if config_file is not None else ""
    for contract in contracts:
        for name in contract.named:
            if name in known:
                continue
            close = difflib.get_close_matches(name, graph.modules, n=1, cutoff=0.0)
            hint = f"; the nearest module is '{close[0]}'" if close else ""
            raise ImportmapError(
                f"{where}contract '{contract.name}' names '{name}', which is not a module of "
                f"the analysed code{hint}"
            )


class _View:
    """The graph a contract judges: every import or only those that run at import time, less
    the edges its `ignore` patterns name."""

    def __init__(self, graph: ModuleGraph, contract: Contract) -> None:
        self.graph = graph
        self.eager = contract.import_time
        self.digraph: nx.DiGraph = graph.eager if self.eager else graph.full
        patterns = contract.ignored()
        self.removed: set[Edge] = (
            {edge for edge in self.digraph.edges if any(p.matches(*edge) for p in patterns)}
            if patterns
            else set()
        )
        if self.removed:
            self.removed |= self._parents_of_removed()
        self._successors: dict[str, list[str]] = {}

    def _records(self, importer: str, imported: str) -> list[Import]:
        return [
            record
            for record in self.graph.imports_of_edge(importer, imported)
            if record.eager or not self.eager
        ]

    def _parents_of_removed(self) -> set[Edge]:
        """Ignoring an import ignores what its statement does: `import a.b.c` left out also
        leaves out the parent packages it imports first (`implicit` records)."""
        places: dict[str, set[tuple[str, int]]] = {}
        for importer, imported in self.removed:
            places.setdefault(importer, set()).update(
                (record.path, record.line) for record in self._records(importer, imported)
            )
        parents: set[Edge] = set()
        for importer, statements in places.items():
            for imported in self.digraph.succ[importer]:
                records = self._records(importer, imported)
                if records and all(
                    record.implicit and (record.path, record.line) in statements
                    for record in records
                ):
                    parents.add((importer, imported))
        return parents

    def successors(self, node: str) -> list[str]:
        """In name order, but a module a statement names before a package only imported as
        its parent: the chain then shows the import as written. Kept: every pair's search
        asks again."""
        known = self._successors.get(node)
        if known is None:
            known = self._successors[node] = self._ordered_successors(node)
        return known

    def _ordered_successors(self, node: str) -> list[str]:
        return sorted(
            (
                successor
                for successor in self.digraph.succ[node]
                if (node, successor) not in self.removed
            ),
            key=lambda successor: (self._implicit_only(node, successor), successor),
        )

    def _implicit_only(self, importer: str, imported: str) -> bool:
        return all(record.implicit for record in self._records(importer, imported))

    def members(self, package: str) -> set[str]:
        """The module and everything under it."""
        prefix = package + "."
        return {name for name in self.graph.modules if name == package or name.startswith(prefix)}

    def shortest_path(
        self, sources: set[str], targets: set[str], blocked: set[str]
    ) -> list[str] | None:
        """A shortest path from any source to any target through no blocked module."""
        parent: dict[str, str | None] = dict.fromkeys(sorted(sources))
        queue = deque(parent)
        while queue:
            node = queue.popleft()
            for successor in self.successors(node):
                if successor in parent or successor in blocked:
                    continue
                parent[successor] = node
                if successor in targets:
                    path = [successor]
                    step: str | None = node
                    while step is not None:
                        path.append(step)
                        step = parent[step]
                    return path[::-1]
                queue.append(successor)
        return None

    def chain(self, path: Sequence[str]) -> tuple[ChainStep, ...]:
        return tuple(
            edge_step(self.graph, importer, imported, self.eager)
            for importer, imported in zip(path, path[1:], strict=False)
        )


def _judge(contract: Contract, graph: ModuleGraph) -> ContractResult:
    view = _View(graph, contract)
    if contract.type == ACYCLIC:
        broken = tuple(
            found for package in contract.packages for found in _cycles_under(view, package)
        )
    else:
        broken = tuple(_broken_pairs(view, contract))
    return ContractResult(name=contract.name, type=contract.type, when=contract.when, broken=broken)


def kept_apart(contract: Contract) -> list[tuple[str, str]]:
    """(importer, imported) pairs the contract forbids, in the order the contract names them."""
    if contract.type == LAYERS:
        layers = contract.layers
        return [
            (lower, higher)
            for top, upper in enumerate(layers)
            for below in layers[top + 1 :]
            for higher in upper
            for lower in below
        ] + [(a, b) for layer in layers for a in layer for b in layer if a != b]
    if contract.type == FORBIDDEN:
        return [(source, banned) for source in contract.source for banned in contract.forbidden]
    if contract.type == INDEPENDENCE:
        return [(a, b) for a in contract.modules for b in contract.modules if a != b]
    return []


def _broken_pairs(view: _View, contract: Contract) -> Iterator[ContractBreak]:
    members = {name: view.members(name) for name in contract.named}
    every = set().union(*members.values()) if members else set()
    for importer, imported in kept_apart(contract):
        sources = members[importer]
        targets = members[imported] - sources
        blocked = every - sources - targets
        path = view.shortest_path(sources, targets, blocked)
        if path is not None:
            yield ContractBreak(importer, imported, view.chain(path))


def _cycles_under(view: _View, package: str) -> Iterator[ContractBreak]:
    """The fewest edges between the children of `package` (each with what is under it) whose
    removal leaves them acyclic: each one a broken pair, at one statement that makes it."""
    import networkx as nx

    prefix = package + "."

    def child(module: str) -> str:
        return prefix + module[len(prefix) :].split(".")[0]

    statements: dict[Edge, int] = {}
    first_edge: dict[Edge, Edge] = {}
    for module in view.graph.modules:
        if not module.startswith(prefix):
            continue
        for imported in view.successors(module):
            if not imported.startswith(prefix) or child(imported) == child(module):
                continue
            edge = (child(module), child(imported))
            count = view.graph.statement_count(module, imported, view.eager)
            statements[edge] = statements.get(edge, 0) + count
            first_edge.setdefault(edge, (module, imported))
    squashed = nx.DiGraph(list(statements))
    components = sorted(
        sorted(component)
        for component in nx.strongly_connected_components(squashed)
        if len(component) > 1
    )
    for component in components:
        inside = set(component)
        edges = [edge for edge in statements if edge[0] in inside and edge[1] in inside]
        for importer, imported in fewest_edges_to_cut(edges, lambda a, b: statements[(a, b)]):
            yield ContractBreak(importer, imported, view.chain(first_edge[(importer, imported)]))
