"""Which import-time cycles raise: each member imported first, in a fresh process, simulated.

Only the modules that can be partially initialised when something reads them are executed
statement by statement: the members of the cycles of the import-time graph, where an import
of `a.b.c` also counts as importing `a` and `a.b` (CPython runs their `__init__` first). Any
other first-party module runs to its end before anyone can read it, so only the order of its
imports matters, and that comes from the scan's records.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from importmap.domain import Codebase, Context, Cycle, Import
from importmap.graph.build import ModuleGraph
from importmap.import_outcome import EntryOutcome, Verdict
from importmap.patterns import within
from importmap.semantics.advice import Advice, advise
from importmap.semantics.conditions import Target
from importmap.semantics.directory import running_target
from importmap.semantics.machine import (
    CalledImport,
    Tree,
    TreeModule,
    forget_plans,
    simulate,
)
from importmap.semantics.skeleton import skeleton_text


def judge_cycles(
    codebase: Codebase,
    graph: ModuleGraph,
    cycles: Iterable[Cycle],
    base_dir: Path,
    target: Target | None = None,
    *,
    read: set[str] | None = None,
) -> tuple[Cycle, ...]:
    """The cycles, each import-time one with `order_safe`, its members' outcomes and advice.

    `read`: filled with every module whose source the simulation read. Of any other module it
    reads only the import records: an edit that keeps them keeps the judgement.
    """
    cycles = tuple(cycles)
    if not any(cycle.eager for cycle in cycles):
        return cycles
    tree = build_tree(codebase, graph, base_dir, target or running_target())
    if read is not None:
        tree = _reading_into(tree, read)
    return _judge(tree, cycles)


def _reading_into(tree: Tree, read: set[str]) -> Tree:
    def recorded(name: str) -> str | None:
        read.add(name)
        return tree.read(name)

    return Tree(modules=tree.modules, read=recorded, target=tree.target)


def _judge(tree: Tree, cycles: tuple[Cycle, ...]) -> tuple[Cycle, ...]:
    judged = []
    advised: list[Advice] = []
    try:
        for cycle in cycles:
            if not cycle.eager:
                judged.append(cycle)
                continue
            # Each cycle has the whole budget: one too large to simulate leaves the others'
            # judgements as they are.
            tree.renew_budget()
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
    called: dict[str, list[CalledImport]] = {}
    for record in codebase.imports:
        if not (record.internal and record.eager):
            continue
        if record.importer not in simulated:
            eager_imports.setdefault(record.importer, []).append(record)
        elif record.context is Context.CALLED:
            called.setdefault(record.importer, []).append(_called_import(record))
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


def _called_import(record: Import) -> CalledImport:
    """What the simulator runs for an import a call at import time runs: the module, and for a
    `from` import that surely runs, the names it reads there (ImportError when one is missing)."""
    names = record.names
    if not record.surely_runs or record.implicit or not names or names == ("*",):
        return CalledImport(record.line, record.imported)
    return CalledImport(record.line, record.imported, record.target, names)


def partial_readable(graph: ModuleGraph) -> set[str]:
    """Members of the import-time graph's cycles, parents' `__init__` counted as imported."""
    import networkx as nx

    known = set(graph.modules)
    digraph = nx.DiGraph()
    for importer, imported in graph.eager.edges:
        digraph.add_edge(importer, imported)
        parts = imported.split(".")
        for depth in range(1, len(parts)):
            ancestor = ".".join(parts[:depth])
            # The importer's own ancestors were imported before it ran: no edge to them.
            if ancestor in known and not within(importer, ancestor):
                digraph.add_edge(importer, ancestor)
    members: set[str] = set()
    for component in nx.strongly_connected_components(digraph):
        if len(component) > 1:
            members.update(component)
    members.update(node for node, _ in nx.selfloop_edges(digraph))
    return members


class _Recorded(dict[str, TreeModule]):
    """The tree's modules, remembering every name the simulation looked up (found or not), and
    whether it went through them all."""

    def __init__(self, modules: dict[str, TreeModule]) -> None:
        super().__init__(modules)
        self.seen: dict[str, TreeModule | None] = {}
        self.walked = False

    def get(self, name: str, default: TreeModule | None = None) -> TreeModule | None:  # type: ignore[override]
        found = super().get(name)
        self.seen[name] = found
        return default if found is None else found

    def __getitem__(self, name: str) -> TreeModule:
        self.seen[name] = super().get(name)
        return super().__getitem__(name)

    def __contains__(self, name: object) -> bool:
        if isinstance(name, str):
            self.seen[name] = super().get(name)
        return super().__contains__(name)

    def __iter__(self) -> Iterator[str]:
        self.walked = True
        return super().__iter__()

    def keys(self):  # type: ignore[no-untyped-def]
        self.walked = True
        return super().keys()

    def values(self):  # type: ignore[no-untyped-def]
        self.walked = True
        return super().values()

    def items(self):  # type: ignore[no-untyped-def]
        self.walked = True
        return super().items()

    def __len__(self) -> int:
        self.walked = True
        return super().__len__()


@dataclass(frozen=True)
class _Judged:
    cycles: tuple[Cycle, ...]
    judged: tuple[Cycle, ...]
    target: Target
    # What the simulation read: each module record looked up, each source read, and every
    # module name when it went through them all (None when it did not).
    modules: dict[str, TreeModule | None]
    sources: dict[str, str | None]
    names: frozenset[str] | None


class CycleJudgeMemo:
    """`judge_cycles` for analyses of one project in turn (`trend`, commit after commit).

    The simulation is a function of the cycles, the target, and what it reads of the tree:
    the module records it looks up and the sources it parses. Each judgement records exactly
    that; the next analysis whose cycles are equal and whose tree answers every recorded
    lookup and read the same gets the recorded judgement without simulating. Any difference
    (a member's source edited, an import added to a module it visited, a module appearing
    under a name it looked up) simulates afresh.
    """

    def __init__(self) -> None:
        self._last: _Judged | None = None
        # Judgements answered from the record, for the caller's statistics.
        self.reused = 0

    def __call__(
        self,
        codebase: Codebase,
        graph: ModuleGraph,
        cycles: Iterable[Cycle],
        base_dir: Path,
        *,
        read: set[str] | None = None,
    ) -> tuple[Cycle, ...]:
        cycles = tuple(cycles)
        if not any(cycle.eager for cycle in cycles):
            return cycles
        target = running_target()
        tree = build_tree(codebase, graph, base_dir, target)
        last = self._last
        if last is not None and last.cycles == cycles and last.target == target:
            alike = _answers_alike(last, tree)
            if alike is not None:
                self.reused += 1
                # Compared next time against today's text: an edit kept commit after commit
                # is cut down once, not at every commit.
                self._last = replace(last, sources=alike)
                if read is not None:
                    read.update(alike)
                return last.judged
        recorded = _Recorded(tree.modules)
        sources: dict[str, str | None] = {}

        def read_source(name: str) -> str | None:
            sources[name] = tree.read(name)
            return sources[name]

        judged = _judge(Tree(modules=recorded, read=read_source, target=target), cycles)
        if read is not None:
            read.update(sources)
        names = frozenset(tree.modules) if recorded.walked else None
        self._last = _Judged(cycles, judged, target, dict(recorded.seen), sources, names)
        return judged


def _answers_alike(last: _Judged, tree: Tree) -> dict[str, str | None] | None:
    """The sources the simulation read, as they are in `tree`, when every lookup and read
    gives the simulator what it gave last time; None when one does not."""
    if last.names is not None and frozenset(tree.modules) != last.names:
        return None
    if any(tree.modules.get(name) != module for name, module in last.modules.items()):
        return None
    sources: dict[str, str | None] = {}
    for name, before in last.sources.items():
        now = tree.read(name)
        if not _reads_alike(now, before):
            return None
        sources[name] = now
    return sources


def _reads_alike(now: str | None, before: str | None) -> bool:
    """Whether the simulator reads the same statements from both: the same text, or the same
    text once function bodies are cut (the simulator never enters a body: `machine.body`)."""
    if now == before:
        return True
    if now is None or before is None:
        return False
    cut = skeleton_text(now)
    return cut is not None and cut == skeleton_text(before)
