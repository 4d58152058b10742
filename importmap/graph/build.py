"""The module graph: first-party modules, each edge with its statements; networkx graphs."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property
from typing import TYPE_CHECKING

from importmap.domain import Codebase, Import

if TYPE_CHECKING:
    import networkx as nx

Edge = tuple[str, str]


class ModuleGraph:
    """First-party modules and the imports between them, each edge keeping its statements."""

    def __init__(self, modules: Iterable[str], imports: Iterable[Import]) -> None:
        self.modules: tuple[str, ...] = tuple(sorted(set(modules)))
        by_edge: dict[Edge, list[Import]] = {}
        # Statements per edge that run at import time: 0 for an edge of the full graph only.
        self._eager_statements: dict[Edge, int] = {}
        for record in imports:
            # A module importing itself finds itself in sys.modules: no edge, never a cycle.
            if not record.internal or record.importer == record.imported:
                continue
            edge = (record.importer, record.imported)
            found = by_edge.get(edge)
            if found is None:
                by_edge[edge] = [record]
                self._eager_statements[edge] = 0
            else:
                found.append(record)
            if record.eager:
                self._eager_statements[edge] += 1
        self._imports_by_edge: dict[Edge, tuple[Import, ...]] = {
            edge: tuple(found) if len(found) == 1 else tuple(sorted(found))
            for edge, found in by_edge.items()
        }

    @classmethod
    def from_codebase(cls, codebase: Codebase) -> ModuleGraph:
        return cls((module.name for module in codebase.modules), codebase.imports)

    def edges(self) -> list[Edge]:
        return list(self._sorted_edges)

    @cached_property
    def _sorted_edges(self) -> tuple[Edge, ...]:
        return tuple(sorted(self._imports_by_edge))

    def imports_of_edge(self, importer: str, imported: str) -> tuple[Import, ...]:
        return self._imports_by_edge.get((importer, imported), ())

    def is_eager_edge(self, importer: str, imported: str) -> bool:
        return self._eager_statements.get((importer, imported), 0) > 0

    def statement_count(self, importer: str, imported: str, eager: bool) -> int:
        """How many statements make the edge; with `eager`, only those that run at import time."""
        if eager:
            return self._eager_statements.get((importer, imported), 0)
        return len(self.imports_of_edge(importer, imported))

    @cached_property
    def full_successors(self) -> dict[str, list[str]]:
        """Each module's imported first-party modules, in name order, without networkx."""
        found: dict[str, list[str]] = {module: [] for module in self.modules}
        for importer, imported in self._sorted_edges:
            found.setdefault(importer, []).append(imported)
        return found

    @cached_property
    def full(self) -> nx.DiGraph:
        return self._digraph(self._sorted_edges)

    @cached_property
    def eager(self) -> nx.DiGraph:
        statements = self._eager_statements
        return self._digraph(edge for edge in self._sorted_edges if statements[edge])

    def _digraph(self, edges: Iterable[Edge]) -> nx.DiGraph:
        import networkx as nx

        digraph = nx.DiGraph()
        digraph.add_nodes_from(self.modules)
        digraph.add_edges_from(edges)
        return digraph
