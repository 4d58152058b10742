"""Shortest import chains from one module to another module or to an external package."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING

from importmap.domain import ChainStep, Context, Import
from importmap.graph.build import ModuleGraph

if TYPE_CHECKING:
    pass

# Many modules may tie for the shortest route; showing a handful is enough to act on.
DEFAULT_CHAIN_LIMIT = 5
# A node no module name can be: `.` never ends a dotted name.
_TARGET = "<target>."


@dataclass(frozen=True)
class ChainQuery:
    source: str
    target: str
    eager: bool = False
    limit: int = DEFAULT_CHAIN_LIMIT


def external_names(imports: Sequence[Import]) -> set[str]:
    """Every external package and dotted module the code names, for `why A pandas.core`."""
    names: set[str] = set()
    for record in imports:
        if record.external:
            names.add(record.imported)
            target = record.target or record.imported
            parts = target.split(".")
            names.update(".".join(parts[:depth]) for depth in range(1, len(parts) + 1))
    return names


def shortest_chains(
    graph: ModuleGraph, imports: Sequence[Import], query: ChainQuery
) -> list[tuple[ChainStep, ...]]:
    """Up to `limit` shortest chains, each step with its file:line; [] when there is none."""
    import networkx as nx

    digraph = nx.DiGraph(graph.eager if query.eager else graph.full)
    if query.target in graph.modules:
        goal = query.target
    else:
        goal = _TARGET
        for record in _external_imports(imports, query.target, query.eager):
            digraph.add_edge(record.importer, _TARGET)
    if query.source not in digraph or goal not in digraph or query.source == goal:
        return []
    if not nx.has_path(digraph, query.source, goal):
        return []
    paths = sorted(islice(nx.all_shortest_paths(digraph, query.source, goal), query.limit))
    return [tuple(_steps(graph, imports, path, query)) for path in paths]


def _external_imports(imports: Sequence[Import], target: str, eager: bool) -> Iterator[Import]:
    for record in imports:
        if not record.external or (eager and not record.eager):
            continue
        named = record.target or record.imported
        if target in (record.imported, named) or named.startswith(target + "."):
            yield record


def _steps(
    graph: ModuleGraph, imports: Sequence[Import], path: list[str], query: ChainQuery
) -> Iterator[ChainStep]:
    for importer, imported in zip(path, path[1:], strict=False):
        if imported == _TARGET:
            records = sorted(
                record
                for record in _external_imports(imports, query.target, query.eager)
                if record.importer == importer
            )
            first = records[0]
            yield ChainStep(importer, query.target, first.path, first.line, first.statement)
            continue
        yield edge_step(graph, importer, imported, query.eager)


def edge_step(graph: ModuleGraph, importer: str, imported: str, eager: bool) -> ChainStep:
    """The step of a chain along the edge importer -> imported, at the statement that makes it
    (with `eager`, one that runs at import time)."""
    records = [
        record for record in graph.imports_of_edge(importer, imported) if record.eager or not eager
    ]
    # Prefer the statement that runs at import time: it is the one that loads the module;
    # then one that names the module over one that imports it as a parent package.
    first = sorted(records, key=lambda record: (not record.eager, record.implicit, record))[0]
    return ChainStep(
        importer,
        imported,
        first.path,
        first.line,
        first.statement,
        kind=step_kind(first),
        via=first.via,
    )


def describe_step(step: ChainStep) -> str:
    """A step as `importmap why` prints it: `a -> b  path:line  statement`, and why a step that
    no statement spells out happens."""
    how = ""
    if step.kind == "implicit":
        how = f"  (implicit: Python imports the package {step.imported} first)"
    elif step.kind == "called":
        how = f"  (called at import time: runs {step.via})"
    return f"{step.importer} -> {step.imported}  {step.path}:{step.line}  {step.statement}{how}"


def step_kind(record: Import) -> str:
    """How `record` imports its module, as ChainStep.kind says."""
    if record.implicit:
        return "implicit"
    return "called" if record.context is Context.CALLED else ""
