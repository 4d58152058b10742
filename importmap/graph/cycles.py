"""Import cycles: strongly connected components, told apart by whether they break at import time."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from typing import TYPE_CHECKING

from importmap.domain import ChainStep, Cycle, Import
from importmap.graph.build import ModuleGraph
from importmap.graph.components import cyclic_components
from importmap.graph.cuts import fewest_edges_to_cut

if TYPE_CHECKING:
    import networkx as nx

# Above this size the shortest cycle is searched from one start module only, to stay linear.
_EXHAUSTIVE_CHAIN_LIMIT = 200
# How much heavier than any other statement a package's import of its own submodule weighs in
# the choice between equally small cuts.
_OWN_SUBMODULE_WEIGHT = 100


def find_cycles(graph: ModuleGraph, memo: CycleMemo | None = None) -> list[Cycle]:
    """Import-time cycles (every edge eager) and deferred ones (only the full graph has them).

    `memo`: the cycles of the previous analysis of the same project, reused per component.
    """
    cycle = _cycle if memo is None else memo.cycle
    # No module imports itself in the graph (no self-loop): the full graph's cycles are its
    # components of more than one module, found without loading networkx.
    full_components = cyclic_components(graph.full_successors)
    if not full_components:
        return []
    eager = _eager_within(graph, full_components)
    eager_components = _components(eager)
    eager_sets = {frozenset(component) for component in eager_components}
    cycles = [cycle(graph, eager, component, True) for component in eager_components]
    cycles.extend(
        cycle(graph, graph.full, component, False)
        for component in full_components
        if frozenset(component) not in eager_sets
    )
    return sorted(cycles, key=lambda cycle: (-len(cycle.modules), not cycle.eager, cycle.modules))


_ComponentKey = tuple[bool, tuple[tuple[str, str, tuple[Import, ...]], ...], tuple[str, ...]]


class CycleMemo:
    """`find_cycles` for analyses of one project in turn (`trend`, commit after commit).

    A component's cycle (its chain, its cut and their statements) is a function of its members
    and of the import records of the edges between them: nothing outside the component is read.
    A component whose members and records equal one of the previous analysis gets that cycle
    again; only the last analysis's components are kept.
    """

    def __init__(self) -> None:
        self._previous: dict[_ComponentKey, Cycle] = {}
        self._current: dict[_ComponentKey, Cycle] = {}
        self.reused = 0

    def __call__(self, graph: ModuleGraph) -> list[Cycle]:
        self._previous, self._current = self._current, {}
        return find_cycles(graph, self)

    def cycle(
        self, graph: ModuleGraph, digraph: nx.DiGraph, component: set[str], eager: bool
    ) -> Cycle:
        members = tuple(sorted(component))
        successors = graph.full.succ
        edges = tuple(
            (importer, imported, graph.imports_of_edge(importer, imported))
            for importer in members
            for imported in sorted(successors[importer])
            if imported in component
        )
        key = (eager, edges, members)
        found = self._previous.get(key)
        if found is None:
            found = _cycle(graph, digraph, component, eager)
        else:
            self.reused += 1
        self._current[key] = found
        return found


def _eager_within(graph: ModuleGraph, full_components: list[set[str]]) -> nx.DiGraph:
    """The import-time edges inside the full graph's cycles.

    An import-time cycle is a cycle of the full graph too, so its component lies inside one of
    theirs: the import-time graph of those few modules has the same cycles as the whole one.
    """
    import networkx as nx

    successors = graph.full.succ
    digraph = nx.DiGraph()
    for component in full_components:
        digraph.add_nodes_from(component)
        digraph.add_edges_from(
            (importer, imported)
            for importer in component
            for imported in successors[importer]
            if imported in component and graph.is_eager_edge(importer, imported)
        )
    return digraph


def _cycle(graph: ModuleGraph, digraph: nx.DiGraph, component: set[str], eager: bool) -> Cycle:
    """The cycle of `component`, a component of `digraph` (import-time edges when `eager`)."""

    def statements(importer: str, imported: str) -> int:
        count = graph.statement_count(importer, imported, eager)
        if imported.startswith(importer + "."):
            # A package importing its own submodule (registration, re-export): the last edge
            # to advise removing, when a cut of as many edges elsewhere exists.
            return count * _OWN_SUBMODULE_WEIGHT
        return count

    cut = fewest_edges_to_cut(_edges_within(digraph, component), statements)
    cut_imports = tuple(
        ChainStep(importer, imported, record.path, record.line, record.statement)
        for importer, imported in cut
        for record in edge_imports(graph, importer, imported, eager)
    )
    return Cycle(
        modules=tuple(sorted(component)),
        eager=eager,
        chain=shortest_chain(graph, digraph, component, eager=eager),
        cut=tuple(cut),
        cut_imports=cut_imports,
    )


def _edges_within(digraph: nx.DiGraph, component: set[str]) -> list[tuple[str, str]]:
    # Read from the adjacency directly: a subgraph view filters every neighbour in Python.
    successors = digraph.succ
    return [(u, v) for u in component for v in successors[u] if v in component]


def edge_imports(graph: ModuleGraph, importer: str, imported: str, eager: bool) -> list[Import]:
    """The statements that make an edge; for the import-time graph, only the eager ones."""
    records = graph.imports_of_edge(importer, imported)
    return [record for record in records if record.eager or not eager]


def _components(digraph: nx.DiGraph) -> list[set[str]]:
    # Most components are one module; only those importing themselves are cycles.
    import networkx as nx

    looped = set(nx.nodes_with_selfloops(digraph))
    return [
        component
        for component in nx.strongly_connected_components(digraph)
        if len(component) > 1 or not looped.isdisjoint(component)
    ]


def shortest_chain(
    graph: ModuleGraph, digraph: nx.DiGraph, component: Iterable[str], eager: bool
) -> tuple[ChainStep, ...]:
    """One shortest closed path through the component of `digraph`, as steps with file:line.

    A deferred cycle's path goes through at least one deferred import: its component may hold an
    import-time cycle too (reported on its own, IMP001/IMP003), and a deferred cycle shown by an
    import-time path would call a cycle that may raise "safe at import time".
    """
    members = sorted(component)
    starts = members if len(members) <= _EXHAUSTIVE_CHAIN_LIMIT else members[:1]
    member_set = set(members)
    best: list[str] | None = None
    for start in starts:
        path = _shortest_cycle_from(digraph, start, member_set)
        if path is not None and (best is None or len(path) < len(best)):
            best = path
    if best is not None and not eager and _all_eager(graph, best):
        best = None
        for start in starts:
            path = _shortest_deferred_cycle_from(graph, digraph, start, member_set)
            if path is not None and (best is None or len(path) < len(best)):
                best = path
    if best is None:
        return ()
    return tuple(
        _step(graph, importer, imported, eager)
        for importer, imported in zip(best, best[1:], strict=False)
    )


def _shortest_cycle_from(digraph: nx.DiGraph, start: str, members: set[str]) -> list[str] | None:
    """Breadth-first search back to `start`, visiting neighbours in name order for stable output."""
    # A module importing itself is the whole story only when it is alone in its component.
    if len(members) == 1:
        return [start, start] if digraph.has_edge(start, start) else None
    parents: dict[str, str] = {}
    queue = deque([start])
    seen = {start}
    while queue:
        current = queue.popleft()
        for successor in sorted(digraph.successors(current)):
            if successor not in members:
                continue
            if successor == start:
                path = [start]
                node = current
                while node != start:
                    path.append(node)
                    node = parents[node]
                path.append(start)
                return [path[0], *reversed(path[1:-1]), start]
            if successor not in seen:
                seen.add(successor)
                parents[successor] = current
                queue.append(successor)
    return None


def _all_eager(graph: ModuleGraph, path: list[str]) -> bool:
    return all(graph.is_eager_edge(u, v) for u, v in zip(path, path[1:], strict=False))


def _shortest_deferred_cycle_from(
    graph: ModuleGraph, digraph: nx.DiGraph, start: str, members: set[str]
) -> list[str] | None:
    """Breadth-first search back to `start` over (module, whether a deferred import was taken),
    neighbours in name order: the shortest closed path with at least one deferred edge."""
    State = tuple[str, bool]
    first: State = (start, False)
    parents: dict[State, State] = {}
    queue = deque([first])
    seen = {first}
    while queue:
        current = queue.popleft()
        node, deferred = current
        for successor in sorted(digraph.successors(node)):
            if successor not in members:
                continue
            taken = deferred or not graph.is_eager_edge(node, successor)
            if successor == start:
                if not taken:
                    continue
                path = [start]
                state = current
                while state != first:
                    path.append(state[0])
                    state = parents[state]
                path.append(start)
                return [path[0], *reversed(path[1:-1]), start]
            state = (successor, taken)
            if state not in seen:
                seen.add(state)
                parents[state] = current
                queue.append(state)
    return None


def _step(graph: ModuleGraph, importer: str, imported: str, eager: bool) -> ChainStep:
    record = _first_import(graph.imports_of_edge(importer, imported), eager)
    return ChainStep(importer, imported, record.path, record.line, record.statement)


def _first_import(records: tuple[Import, ...], eager: bool) -> Import:
    if eager:
        eager_records = [record for record in records if record.eager]
        if eager_records:
            return eager_records[0]
    return records[0]
