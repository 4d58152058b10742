"""Oracle: generated packages whose edges, contexts and cycles are known by construction.

Each example writes a fresh package (a random tree of subpackages and modules), with import
statements of every shape (absolute, `import a as b`, `from pkg import submodule`,
`from module import attribute`, relative at any depth) placed in every kind of block (module
level, nested functions, methods, class bodies, try/except, `if TYPE_CHECKING:`). What importmap
reports must equal what was written, and its first-party edges must equal grimp.build_graph's.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import grimp
import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings

from importmap.analysis import AnalysisRequest, analyze
from importmap.domain import Context
from tests.hardening.generated import Package, packages, write

EXAMPLES = 150


def expected_cycles(package: Package) -> tuple[set[frozenset[str]], set[frozenset[str]]]:
    def components(edges: set[tuple[str, str]]) -> set[frozenset[str]]:
        graph = nx.DiGraph(list(edges))
        return {frozenset(c) for c in nx.strongly_connected_components(graph) if len(c) > 1}

    every = package.expected | implicit_edges(package)
    full = {(a, b) for a, b, _, _ in every}
    eager = {(a, b) for a, b, _, context in every if context.eager}
    eager_components = components(eager)
    return eager_components, components(full) - eager_components


def implicit_edges(package: Package) -> set[tuple[str, str, int, Context]]:
    """The ancestor packages Python imports before each constructed import's module: not one
    the statement names itself, nor the importer or its own packages (in sys.modules)."""
    named: dict[tuple[str, int], set[str]] = {}
    for importer, imported, line, _ in package.expected:
        named.setdefault((importer, line), set()).add(imported)
    found = set()
    for importer, imported, line, context in package.expected:
        parts = imported.split(".")
        for depth in range(1, len(parts)):
            ancestor = ".".join(parts[:depth])
            if ancestor in named[(importer, line)] or ancestor not in package.tree.packages:
                continue
            if ancestor == importer or importer.startswith(ancestor + "."):
                continue
            found.add((importer, ancestor, line, context))
    return found


def grimp_edges(root: Path, top: str) -> set[tuple[str, str]]:
    sys.path.insert(0, str(root))
    try:
        importlib.invalidate_caches()
        graph = grimp.build_graph(top, cache_dir=None)
    finally:
        sys.path.remove(str(root))
    return {
        (importer, imported)
        for importer in graph.modules
        for imported in graph.find_modules_directly_imported_by(importer)
    }


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(package=packages())
def test_edges_contexts_and_cycles_equal_the_construction(
    package: Package, tmp_path_factory: pytest.TempPathFactory
) -> None:
    root = tmp_path_factory.mktemp("oracle")
    package_dir = write(root, package)
    report = analyze(AnalysisRequest(paths=(package_dir,), base_dir=root))

    assert not report.codebase.errors
    assert {m.name for m in report.codebase.modules} == set(package.tree.modules)
    found = {
        (record.importer, record.imported, record.line, record.context)
        for record in report.codebase.imports
        if record.internal and not record.implicit
    }
    assert found == package.expected
    implicit = {
        (record.importer, record.imported, record.line, record.context)
        for record in report.codebase.imports
        if record.implicit
    }
    assert implicit == implicit_edges(package)

    eager, deferred = expected_cycles(package)
    assert {frozenset(c.modules) for c in report.cycles if c.eager} == eager
    assert {frozenset(c.modules) for c in report.cycles if not c.eager} == deferred
    # An import-time cycle is IMP001 when a member raises imported first, else IMP003.
    codes = sorted(
        "IMP001" if f.code == "IMP003" else f.code
        for f in report.findings
        if f.code in ("IMP001", "IMP002", "IMP003")
    )
    assert codes == sorted(["IMP001"] * len(eager) + ["IMP002"] * len(deferred))

    edges = {(a, b) for a, b, _, _ in package.expected}
    assert grimp_edges(root, package.tree.top) == edges
