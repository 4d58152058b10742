"""The module graph: networkx for components and metrics, grimp for its queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import cached_property

import grimp
import networkx as nx

from importmap.domain import Codebase, Import


class ModuleGraph:
    """First-party modules and the imports between them, each edge keeping its statements."""

    def __init__(self, modules: Iterable[str], imports: Iterable[Import]) -> None:
        self.modules: tuple[str, ...] = tuple(sorted(set(modules)))
        by_edge: dict[tuple[str, str], list[Import]] = defaultdict(list)
        for record in imports:
            if record.internal:
                by_edge[(record.importer, record.imported)].append(record)
        self._imports_by_edge = {edge: tuple(sorted(found)) for edge, found in by_edge.items()}

    @classmethod
    def from_codebase(cls, codebase: Codebase) -> ModuleGraph:
        return cls((module.name for module in codebase.modules), codebase.imports)

    def edges(self) -> list[tuple[str, str]]:
        return sorted(self._imports_by_edge)

    def imports_of_edge(self, importer: str, imported: str) -> tuple[Import, ...]:
        return self._imports_by_edge.get((importer, imported), ())

    def is_eager_edge(self, importer: str, imported: str) -> bool:
        return any(record.eager for record in self.imports_of_edge(importer, imported))

    @cached_property
    def full(self) -> nx.DiGraph:
        return self._digraph(self.edges())

    @cached_property
    def eager(self) -> nx.DiGraph:
        return self._digraph(edge for edge in self.edges() if self.is_eager_edge(*edge))

    def _digraph(self, edges: Iterable[tuple[str, str]]) -> nx.DiGraph:
        digraph = nx.DiGraph()
        digraph.add_nodes_from(self.modules)
        digraph.add_edges_from(edges)
        return digraph

    @cached_property
    def grimp(self) -> grimp.ImportGraph:
        """A grimp graph with every first-party edge and its line numbers, for grimp's queries."""
        graph = grimp.ImportGraph()
        for module in self.modules:
            graph.add_module(module)
        for (importer, imported), records in sorted(self._imports_by_edge.items()):
            for record in records:
                graph.add_import(
                    importer=importer,
                    imported=imported,
                    line_number=record.line,
                    line_contents=record.statement,
                )
        return graph
