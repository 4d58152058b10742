"""Transitive eager loading: which first-party modules pull each heavy module in, and how."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from itertools import pairwise

import networkx as nx

from importmap.domain import ChainStep, HeavyUse, Import
from importmap.graph.build import ModuleGraph
from importmap.heavy.sites import HeavySite

# A node no module can be named: the start of every search, linked to the direct importers.
_ORIGIN = ("importmap", "origin")


def heavy_uses(graph: ModuleGraph, sites: Sequence[HeavySite]) -> tuple[HeavyUse, ...]:
    """For every heavy module, each first-party module that loads it eagerly, with its chain."""
    by_package: dict[str, list[HeavySite]] = defaultdict(list)
    for site in sites:
        by_package[site.cost.module].append(site)
    uses: list[HeavyUse] = []
    for package in sorted(by_package):
        package_sites = sorted(by_package[package], key=lambda s: _record_order(s.record))
        chains = eager_chains(graph, package, [s.record for s in package_sites])
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


def eager_chains(
    graph: ModuleGraph, package: str, direct: Sequence[Import]
) -> dict[str, tuple[ChainStep, ...]]:
    """Shortest eager chain (by module) from every module that ends up importing `package`.

    `direct` are the eager imports of the package itself. Breadth-first from those importers
    over the reversed eager graph, built in sorted order so ties break the same way every run.
    """
    last_step: dict[str, Import] = {}
    for record in sorted(direct, key=_record_order):
        last_step.setdefault(record.importer, record)
    reverse = nx.DiGraph()
    reverse.add_edges_from((_ORIGIN, importer) for importer in sorted(last_step))
    reverse.add_edges_from(sorted((b, a) for a, b in graph.eager.edges))
    paths = nx.single_source_shortest_path(reverse, _ORIGIN)
    chains: dict[str, tuple[ChainStep, ...]] = {}
    for module in sorted(m for m in paths if m != _ORIGIN):
        modules = list(reversed(paths[module][1:]))
        steps = [_step(_first_eager(graph, a, b)) for a, b in pairwise(modules)]
        steps.append(_step(last_step[modules[-1]], imported=package))
        chains[module] = tuple(steps)
    return chains


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
