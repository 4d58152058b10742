"""Which import-time cycles raise: each member imported first, in a fresh process, simulated.

Only the modules that can be partially initialised when something reads them are executed
statement by statement: the members of the cycles of the import-time graph, where an import
of `a.b.c` also counts as importing `a` and `a.b` (CPython runs their `__init__` first). Any
other first-party module runs to its end before anyone can read it, so only the order of its
imports matters, and that comes from the scan's records.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

import networkx as nx

from importmap.domain import Codebase, Context, Cycle, Import
from importmap.graph.build import ModuleGraph
from importmap.import_outcome import EntryOutcome, Verdict
from importmap.semantics.advice import Advice, advise
from importmap.semantics.conditions import Target
from importmap.semantics.directory import running_target
from importmap.semantics.machine import Tree, TreeModule, forget_plans, simulate


def judge_cycles(
    codebase: Codebase,
    graph: ModuleGraph,
    cycles: Iterable[Cycle],
    base_dir: Path,
    target: Target | None = None,
) -> tuple[Cycle, ...]:
    """The cycles, each import-time one with `order_safe`, its members' outcomes and advice."""
    cycles = tuple(cycles)
    if not any(cycle.eager for cycle in cycles):
        return cycles
    tree = build_tree(codebase, graph, base_dir, target or running_target())
    judged = []
    advised: list[Advice] = []
    try:
        for cycle in cycles:
            if not cycle.eager:
                judged.append(cycle)
                continue
            entries = tuple(simulate(tree, member) for member in cycle.modules)
            safe = order_safe(entries)
            advice = advise(tree, cycle, entries, advised) if safe is False else None
            if advice is not None:
                advised.append(advice)
            judged.append(
                replace(
                    cycle,
                    order_safe=safe,
                    entries=entries,
                    advice=advice.text if advice is not None else "",
                )
            )
    finally:
        forget_plans()
    return tuple(judged)


def order_safe(entries: Iterable[EntryOutcome]) -> bool | None:
    verdicts = {entry.verdict for entry in entries}
    if Verdict.RAISES in verdicts:
        return False
    if Verdict.UNKNOWN in verdicts:
        return None
    return True


def build_tree(codebase: Codebase, graph: ModuleGraph, base_dir: Path, target: Target) -> Tree:
    simulated = partial_readable(graph)
    eager_imports: dict[str, list[Import]] = {}
    called: dict[str, list[tuple[int, str]]] = {}
    for record in codebase.imports:
        if not (record.internal and record.eager):
            continue
        if record.importer not in simulated:
            eager_imports.setdefault(record.importer, []).append(record)
        elif record.context is Context.CALLED:
            called.setdefault(record.importer, []).append((record.line, record.imported))
    modules: dict[str, TreeModule] = {}
    paths: dict[str, str] = {}
    for module in codebase.modules:
        records = sorted(
            eager_imports.get(module.name, ()), key=lambda record: (record.line, record.column)
        )
        modules[module.name] = TreeModule(
            name=module.name,
            path=module.path,
            origin=module.path,
            is_package=module.is_package,
            simulated=module.name in simulated,
            imports=tuple((record.line, record.imported) for record in records),
            called=tuple(called.get(module.name, ())),
        )
        paths[module.name] = module.path

    def read(name: str) -> str | None:
        path = paths.get(name)
        if path is None or not path.endswith(".py"):
            return "" if path is not None else None
        try:
            return (base_dir / path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    return Tree(modules=modules, read=read, target=target)


def partial_readable(graph: ModuleGraph) -> set[str]:
    """Members of the import-time graph's cycles, parents' `__init__` counted as imported."""
    known = set(graph.modules)
    digraph = nx.DiGraph()
    for importer, imported in graph.eager.edges:
        digraph.add_edge(importer, imported)
        parts = imported.split(".")
        for depth in range(1, len(parts)):
            ancestor = ".".join(parts[:depth])
            # The importer's own ancestors were imported before it ran: no edge to them.
            if (
                ancestor in known
                and not importer.startswith(ancestor + ".")
                and ancestor != importer
            ):
                digraph.add_edge(importer, ancestor)
    members: set[str] = set()
    for component in nx.strongly_connected_components(digraph):
        if len(component) > 1:
            members.update(component)
    members.update(node for node, _ in nx.selfloop_edges(digraph))
    return members
