"""why, cycles, baseline, contracts suggest and graph in-process, on one tiny tree."""

from __future__ import annotations

from pathlib import Path

import pytest

from importmap.adapters.files import read_source
from importmap.adapters.graphviz import GraphvizRunner
from importmap.analysis import AnalysisRequest, analyze
from importmap.errors import ImportmapError
from importmap.graph.chains import describe_step
from importmap.render.view import GraphOptions
from importmap.result import Report
from importmap.usecases.baseline import run_baseline
from importmap.usecases.contracts import SuggestRequest, run_suggest
from importmap.usecases.cycles import CyclesRequest, run_cycles
from importmap.usecases.graph import GraphRequest, run_graph
from importmap.usecases.inputs import Scope
from importmap.usecases.why import WhyRequest, run_why
from tests.conftest import MakeTree

TREE = {
    "app/__init__.py": "",
    "app/models/__init__.py": "",
    # models.a and views.b import each other at import time: a cycle between the packages too.
    "app/models/a.py": "from app.views.b import B\n\nA = B\n",
    "app/views/__init__.py": "",
    "app/views/b.py": (
        "import app.models.a  # importmap: ignore[IMP001]\n\nB = 2\n\n\n"
        "def f():\n    return app.models.a.A\n"
    ),
    "app/views/c.py": "import json\n\nfrom app.views import b\n\nC = (json, b)\n",
    "app/views/d.py": "from . import c\n\nD = c\n",
}
SCOPE = Scope(paths=(Path("app"),), no_cache=True)


def analyse(request: AnalysisRequest) -> Report:
    return analyze(request)


@pytest.fixture(autouse=True)
def project(make_tree: MakeTree, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = make_tree(TREE)
    monkeypatch.chdir(root)
    return root


def test_why_returns_the_shortest_chains() -> None:
    result = run_why(WhyRequest("app.views.c", "app.models.a", SCOPE), analyse)
    assert [[describe_step(step) for step in chain] for chain in result.chains] == [
        [
            "app.views.c -> app.views.b  app/views/c.py:3  from app.views import b",
            "app.views.b -> app.models.a  app/views/b.py:1  import app.models.a",
        ]
    ]
    assert run_why(WhyRequest("app.models.a", "app.views.c", SCOPE), analyse).chains == ()


def test_why_names_the_closest_module_for_an_unknown_one() -> None:
    with pytest.raises(
        ImportmapError, match=r"^unknown module 'app.views.bb'; closest: app.views.b"
    ):
        run_why(WhyRequest("app.views.bb", "json", SCOPE), analyse)


def test_cycles_between_modules_and_between_packages() -> None:
    modules = run_cycles(CyclesRequest(SCOPE), analyse)
    assert [(cycle.modules, cycle.eager) for cycle in modules.cycles] == [
        (("app.models.a", "app.views.b"), True)
    ]
    packages = run_cycles(CyclesRequest(SCOPE, level=2), analyse)
    assert [cycle.modules for cycle in packages.cycles] == [("app.models", "app.views")]
    assert (packages.level, packages.verified, packages.disagrees) == (2, (), False)


def test_baseline_records_what_is_not_suppressed_inline() -> None:
    result = run_baseline(SCOPE, analyse, read_source)
    # The cycle is suppressed on b's line, which is one of its sites.
    assert [(entry.code, entry.count) for entry in result.baseline.entries] == [("IMP101", 1)]
    assert result.findings == 1


def test_contracts_suggest_layers_the_packages_the_graph_keeps_apart() -> None:
    result = run_suggest(SuggestRequest(SCOPE, depth=2, name="app layers"), analyse)
    assert result.shown == "app"
    assert result.suggestion.contract.name == "app layers"


def test_graph_as_dot_needs_no_graphviz(tmp_path: Path) -> None:
    request = GraphRequest(SCOPE, "dot", GraphOptions())
    nowhere = tmp_path / "no-graphviz-here"
    nowhere.mkdir()
    result = run_graph(request, analyse, GraphvizRunner(search_path=str(nowhere)))
    assert result.content.startswith(b"digraph")
    assert (result.nodes, result.notices) == (7, ())
