"""Transitive eager loading: which first-party modules pull each heavy module in, and how."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from itertools import pairwise

from importmap.domain import ChainStep, HeavyUse, Import
from importmap.graph.build import ModuleGraph
from importmap.heavy.sites import HeavySite


def heavy_uses(graph: ModuleGraph, sites: Sequence[HeavySite]) -> tuple[HeavyUse, ...]:
    """For every heavy module, each first-party module that loads it eagerly, with its chain."""
    by_package: dict[str, list[HeavySite]] = defaultdict(list)
    for site in sites:
        by_package[site.cost.module].append(site)
    uses: list[HeavyUse] = []
    importers = eager_importers(graph)
    for package in sorted(by_package):
        package_sites = sorted(by_package[package], key=lambda s: _record_order(s.record))
        chains = eager_chains(graph, package, [s.record for s in package_sites], importers)
        cost = max(package_sites, key=lambda s: s.cost.cost_ms or 0.0).cost
        uses.append(
            HeavyUse(
                package=package,
                eagerly_loaded_by=tuple(chains),
                cost_ms=cost.cost_ms,
                cost_source=cost.source,
                chains=tuple(chains.values()),
            )
        )
    return tuple(uses)


def eager_importers(graph: ModuleGraph) -> dict[str, list[str]]:
    """Each module's eager importers, sorted: the reversed eager graph, built once."""
    importers: dict[str, list[str]] = defaultdict(list)
    for importer, imported in graph.eager.edges:
        importers[imported].append(importer)
    for found in importers.values():
        found.sort()
    return dict(importers)


def eager_chains(
    graph: ModuleGraph,
    package: str,
    direct: Sequence[Import],
    importers: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, tuple[ChainStep, ...]]:
    """Shortest eager chain (by module) from every module that ends up importing `package`.

    `direct` are the eager imports of the package itself. Breadth-first from those importers
    over the reversed eager graph (`importers`, from `eager_importers`), each module's importers
    in sorted order, so ties break the same way every run.
    """
    last_step: dict[str, Import] = {}
    for record in sorted(direct, key=_record_order):
        last_step.setdefault(record.importer, record)
    paths = _shortest_paths(
        sorted(last_step), eager_importers(graph) if importers is None else importers
    )
    chains: dict[str, tuple[ChainStep, ...]] = {}
    for module in sorted(paths):
        modules = list(reversed(paths[module]))
        steps = [_step(_first_eager(graph, a, b)) for a, b in pairwise(modules)]
        steps.append(_step(last_step[modules[-1]], imported=package))
        chains[module] = tuple(steps)
    return chains


def _shortest_paths(
    starts: Sequence[str], importers: Mapping[str, Sequence[str]]
) -> dict[str, list[str]]:
    """The first shortest path from any of `starts` to each module reached, level by level in
    the order found: the paths networkx's single_source_shortest_path finds from a node linked
    to every start, without that node."""
    paths: dict[str, list[str]] = {}
    level: list[str] = []
    for start in starts:
        if start not in paths:
            paths[start] = [start]
            level.append(start)
    while level:
        following: list[str] = []
        for module in level:
            for importer in importers.get(module, ()):
                if importer not in paths:
                    paths[importer] = [*paths[module], importer]
                    following.append(importer)
        level = following
    return paths


def _first_eager(graph: ModuleGraph, importer: str, imported: str) -> Import:
    return next(r for r in graph.imports_of_edge(importer, imported) if r.eager)


def _step(record: Import, imported: str | None = None) -> ChainStep:
    return ChainStep(
        importer=record.importer,
        imported=imported or record.imported,
        path=record.path,
        line=record.line,
        statement=record.statement,
    )


def _record_order(record: Import) -> tuple[str, int, int]:
    return (record.importer, record.line, record.column)
