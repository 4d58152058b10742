"""Eager sites, lazy sites and chains over small codebases scanned from tmp_path."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from importmap.domain import Codebase
from importmap.graph.build import ModuleGraph
from importmap.heavy.catalog import HeavyCatalog
from importmap.heavy.chains import heavy_uses
from importmap.heavy.fix import suggest_fix
from importmap.heavy.reference import REFERENCE
from importmap.heavy.settings import HeavySettings
from importmap.heavy.sites import (
    deferred_heavy_sites,
    eager_heavy_sites,
    facts_by_module,
)
from importmap.scan.codebase import scan_codebase
from tests.conftest import MakeTree


def _scan(root: Path) -> Codebase:
    return scan_codebase([root / "app"], base_dir=root)


def test_chain_three_modules_deep_with_lines(make_tree: MakeTree) -> None:
    root = make_tree(
        {
            "app/__init__.py": "",
            "app/cli.py": "import sys\nfrom app import commands\n",
            "app/commands.py": "\n\nfrom app.report import render\n",
            "app/report.py": "import pandas as pd\n\ndef render():\n    return pd\n",
            "app/other.py": "def f():\n    from app import report\n",
        }
    )
    codebase = _scan(root)
    sites = eager_heavy_sites(codebase, HeavyCatalog(HeavySettings()))
    uses = heavy_uses(ModuleGraph.from_codebase(codebase), sites)
    assert [u.package for u in uses] == ["pandas"]
    pandas = uses[0]
    assert pandas.eagerly_loaded_by == ("app.cli", "app.commands", "app.report")
    assert pandas.cost_ms == REFERENCE["pandas"].cost_ms and pandas.cost_source == "reference"
    cli_chain = pandas.chains[0]
    assert [(s.importer, s.imported, s.path, s.line) for s in cli_chain] == [
        ("app.cli", "app.commands", "app/cli.py", 2),
        ("app.commands", "app.report", "app/commands.py", 3),
        ("app.report", "pandas", "app/report.py", 1),
    ]


def test_lazy_helper_and_lazy_loader_sites_are_deferred(make_tree: MakeTree) -> None:
    root = make_tree(
        {
            "app/__init__.py": "",
            "app/lazy_imports.py": "def lazy(name):\n    return name\n",
            "app/jobs.py": (
                "from app.lazy_imports import lazy\n"
                "from .lazy_imports import lazy as later\n"
                "boto3 = lazy('boto3')\n"
                "torch = later('torch')\n"
            ),
            "app/loader.py": (
                "import importlib.util\n"
                "def lazy_import(name):\n"
                "    spec = importlib.util.find_spec(name)\n"
                "    return importlib.util.LazyLoader(spec.loader)\n"
                "sympy = lazy_import('sympy')\n"
            ),
        }
    )
    codebase = _scan(root)
    settings = HeavySettings(lazy_helpers=("app.lazy_imports.lazy",))
    deferred = deferred_heavy_sites(codebase, HeavyCatalog(settings))
    assert [(s.module, s.line, s.heavy, s.mechanism) for s in deferred] == [
        ("app.jobs", 3, "boto3", "lazy helper"),
        ("app.jobs", 4, "torch", "lazy helper"),
        ("app.loader", 5, "sympy", "lazy helper"),
    ]
    # Without the configured helper only the LazyLoader helper is recognised.
    unconfigured = deferred_heavy_sites(codebase, HeavyCatalog(HeavySettings()))
    assert [s.heavy for s in unconfigured] == ["sympy"]
    assert eager_heavy_sites(codebase, HeavyCatalog(settings)) == []


def test_lazy_modules_make_module_level_imports_lazy(make_tree: MakeTree) -> None:
    root = make_tree(
        {
            "app/__init__.py": "",
            "app/a.py": "__lazy_modules__ = ['pandas']\nimport pandas\nimport torch\n",
        }
    )
    codebase = _scan(root)
    catalog = HeavyCatalog(HeavySettings())
    assert [s.record.line for s in eager_heavy_sites(codebase, catalog)] == [3]
    assert [(s.line, s.mechanism) for s in deferred_heavy_sites(codebase, catalog)] == [
        (2, "__lazy_modules__")
    ]


def _fix_for(root: Path, module: str) -> tuple[str, bool]:
    codebase = _scan(root)
    site = next(
        s
        for s in eager_heavy_sites(codebase, HeavyCatalog(HeavySettings()))
        if s.record.importer == module
    )
    return suggest_fix(site.record, facts_by_module(codebase)[module])


def test_fix_names_the_functions_when_every_use_is_inside_functions(make_tree: MakeTree) -> None:
    root = make_tree(
        {
            "app/__init__.py": "",
            "app/a.py": (
                "import pandas as pd\n"
                "def load():\n    return pd.read_csv('x')\n"
                "class Report:\n    def frame(self):\n        return pd.DataFrame()\n"
            ),
        }
    )
    fix, at_import_time = _fix_for(root, "app.a")
    assert not at_import_time
    # PEP 810 advice depends on requires-python: importmap.heavy.advice adds it.
    assert fix == "move the import into `Report.frame`, `load`"


def test_fix_suggests_type_checking_for_annotation_only_use(make_tree: MakeTree) -> None:
    root = make_tree(
        {
            "app/__init__.py": "",
            "app/a.py": "from pandas import DataFrame\ndef f(x: DataFrame) -> None:\n    pass\n",
        }
    )
    fix, at_import_time = _fix_for(root, "app.a")
    assert not at_import_time
    assert fix.startswith(
        "put it under `if TYPE_CHECKING:` for the annotations only "
        "with `from __future__ import annotations`"
    )


def test_fix_warns_when_the_module_is_used_at_import_time(make_tree: MakeTree) -> None:
    root = make_tree(
        {
            "app/__init__.py": "",
            "app/a.py": "import torch\nclass Net(torch.nn.Module):\n    pass\n",
        }
    )
    fix, at_import_time = _fix_for(root, "app.a")
    assert at_import_time
    assert fix.startswith("`torch` is used at import time (line 2:")


def test_chains_break_ties_as_a_breadth_first_search_over_sorted_importers(
    make_tree: MakeTree,
) -> None:
    """Two heavy packages, two direct importers of one, and paths of equal length: each chain
    is the one networkx finds from a node linked to the direct importers, in sorted order."""
    root = make_tree(
        {
            "app/__init__.py": "",
            "app/top.py": "from app import left, right\n",
            "app/left.py": "from app import numbers\n",
            "app/right.py": "from app import numbers, frames\n",
            "app/numbers.py": "import numpy\n",
            "app/frames.py": "import pandas\nimport numpy\n",
            "app/both.py": "from app import frames, numbers\n",
            "app/loop.py": "from app import loop, top\n",
        }
    )
    codebase = _scan(root)
    graph = ModuleGraph.from_codebase(codebase)
    sites = eager_heavy_sites(codebase, HeavyCatalog(HeavySettings()))
    uses = heavy_uses(graph, sites)
    for use in uses:
        direct = sorted(
            (s.record for s in sites if s.cost.module == use.package),
            key=lambda r: (r.importer, r.line, r.column),
        )
        reverse = nx.DiGraph()
        reverse.add_edges_from(
            ("<origin>", importer) for importer in sorted({r.importer for r in direct})
        )
        reverse.add_edges_from(sorted((b, a) for a, b in graph.eager.edges))
        paths = nx.single_source_shortest_path(reverse, "<origin>")
        expected = {
            module: list(reversed(path[1:]))
            for module, path in paths.items()
            if module != "<origin>"
        }
        assert use.eagerly_loaded_by == tuple(sorted(expected))
        for module, chain in zip(use.eagerly_loaded_by, use.chains, strict=True):
            assert [step.importer for step in chain] == expected[module]
