"""What the two cycle rules share: the finding for a cycle, and its wording."""

from __future__ import annotations

from collections.abc import Iterator

from importmap.domain import Cycle, Finding
from importmap.graph.build import ModuleGraph
from importmap.graph.cycles import edge_imports
from importmap.rules.base import RuleInfo, RuleInput, chain_finding


def cycle_findings(
    info: RuleInfo, given: RuleInput, eager: bool, describe: str
) -> Iterator[Finding]:
    """One finding per cycle of the given kind, at the first step of its chain.

    `describe` is the message before the chain, with `{size}` for the number of modules.
    """
    for cycle in given.cycles:
        if cycle.eager != eager or not cycle.chain:
            continue
        yield chain_finding(
            info,
            cycle.chain,
            f"{describe.format(size=len(cycle.modules))}: {describe_chain(cycle)}",
            cycle_key(cycle),
            fix=describe_cut(cycle),
            sites=cycle_sites(cycle, given.graph),
            cycle=cycle.ref,
        )


def describe_chain(cycle: Cycle) -> str:
    if not cycle.chain:
        return " -> ".join(cycle.modules)
    names = [step.importer for step in cycle.chain] + [cycle.chain[-1].imported]
    return " -> ".join(names)


def cycle_key(cycle: Cycle) -> str:
    return ",".join(cycle.modules)


def describe_cut(cycle: Cycle) -> str | None:
    """Advice naming the fewest edges to cut, each with the lines that make it; counted in
    statements when one statement makes several of the edges (`from . import a, b, c`)."""
    if not cycle.cut:
        return None
    statements = list(dict.fromkeys((step.path, step.line) for step in cycle.cut_imports))
    if len(statements) < len(cycle.cut_imports):
        lines = "; ".join(f"{path}:{line}" for path, line in statements)
        return (
            f"defer or remove {len(statements)} import statement(s), which make the "
            f"{len(cycle.cut)} edge(s) to cut: {lines}"
        )
    edges = []
    by_edge = cycle.imports_by_cut_edge()
    for importer, imported in cycle.cut:
        lines = ", ".join(
            f"{step.path}:{step.line}" for step in by_edge.get((importer, imported), [])
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
