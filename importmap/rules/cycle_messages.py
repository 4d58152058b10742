"""Wording shared by the two cycle rules."""

from __future__ import annotations

from importmap.domain import Cycle
from importmap.graph.build import ModuleGraph
from importmap.graph.cycles import edge_imports


def describe_chain(cycle: Cycle) -> str:
    if not cycle.chain:
        return " -> ".join(cycle.modules)
    names = [step.importer for step in cycle.chain] + [cycle.chain[-1].imported]
    return " -> ".join(names)


def cycle_key(cycle: Cycle) -> str:
    return ",".join(cycle.modules)


def describe_cut(cycle: Cycle) -> str | None:
    """Advice naming the fewest edges to cut, each with the lines that make it."""
    if not cycle.cut:
        return None
    edges = []
    for importer, imported in cycle.cut:
        lines = ", ".join(
            f"{step.path}:{step.line}"
            for step in cycle.cut_imports
            if (step.importer, step.imported) == (importer, imported)
        )
        edges.append(f"{importer} -> {imported} ({lines})")
    verb = "defer or remove the import" if len(edges) == 1 else "defer or remove the imports"
    return f"{verb} {'; '.join(edges)}"


def cycle_sites(cycle: Cycle, graph: ModuleGraph) -> tuple[tuple[str, int], ...]:
    """Every import line that makes an edge of the cycle: where a suppression may sit."""
    members = set(cycle.modules)
    sites = {
        (record.path, record.line)
        for importer in cycle.modules
        for imported in sorted(graph.full.successors(importer))
        if imported in members
        for record in edge_imports(graph, importer, imported, cycle.eager)
    }
    return tuple(sorted(sites))
