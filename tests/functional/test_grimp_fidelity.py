"""importmap's first-party edges equal grimp.build_graph's, on real packages installed beside it."""

from __future__ import annotations

from pathlib import Path

import grimp
import pytest

from importmap.analysis import AnalysisRequest, analyze
from importmap.graph.build import ModuleGraph
from importmap.result import Report
from tests.conftest import MakeTree
from tests.functional.installed import full_analysis, package_dir


def grimp_edges(package: str, root: Path, monkeypatch: pytest.MonkeyPatch) -> set[tuple[str, str]]:
    monkeypatch.syspath_prepend(str(root))
    graph = grimp.build_graph(package, cache_dir=None)
    # A module importing itself finds itself in sys.modules: importmap's graph has no such edge.
    return {
        (importer, imported)
        for importer in graph.modules
        for imported in graph.find_modules_directly_imported_by(importer)
        if importer != imported
    }


def grimp_modules(package: str) -> set[str]:
    return set(grimp.build_graph(package, cache_dir=None).modules)


def importmap_edges(report: Report) -> set[tuple[str, str]]:
    """The edges the statements name. grimp has no edges for the ancestor packages Python
    imports first (`implicit`) nor for imports run by calls at import time (`called`):
    tests/semantics has Python judge those."""
    codebase = report.codebase
    modules = (module.name for module in codebase.modules)
    return set(ModuleGraph(modules, codebase.written_imports).edges())


@pytest.mark.parametrize("package", ["networkx", "typer", "jsonschema", "rich", "_pytest"])
def test_edges_equal_grimp_on_installed_packages(
    package: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = grimp_edges(package, package_dir(package).parent, monkeypatch)
    # grimp leaves out the namespace portions inside packages (networkx's tests/ directories
    # without __init__.py), which Python imports and importmap analyses.
    known = grimp_modules(package)
    ours = {edge for edge in importmap_edges(full_analysis(package)) if edge[0] in known}
    assert ours == expected


def test_edges_equal_grimp_on_a_fixture_with_every_resolution_case(
    make_tree: MakeTree, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_tree(
        {
            "fidpkg/__init__.py": "from . import core\nfrom .sub import leaf as l\nimport fidpkg.sub\n",
            "fidpkg/core.py": "from fidpkg.sub import leaf, thing\nfrom .sub.leaf import *\nimport os\n",
            "fidpkg/sub/__init__.py": "from .. import core\nfrom ..core import x\n",
            "fidpkg/sub/leaf.py": (
                "def f():\n    from fidpkg import core\n"
                "if TYPE_CHECKING:\n    import fidpkg.sub\n"
                "class K:\n    from ... import fidpkg\n"
            ),
        }
    )
    expected = grimp_edges("fidpkg", root, monkeypatch)
    ours = importmap_edges(analyze(AnalysisRequest(paths=(root / "fidpkg",), base_dir=root)))
    # `from ... import fidpkg` climbs above the top-level package: neither tool makes it a
    # first-party edge (grimp, with externals included, makes it an edge to a module named '').
    assert ours == expected
    assert ("fidpkg.sub.leaf", "fidpkg") not in ours
