"""The analysis's result is what its readers read: one module graph per analysis, the eager heavy
sites found once, and findings that name their cycle or heavy site by value."""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import nullcontext
from datetime import datetime, timezone
from pathlib import Path

import pytest

from importmap.adapters.graphviz import GraphvizRunner
from importmap.adapters.processes import run_process
from importmap.analysis import AnalysisRequest, analyze
from importmap.domain import Codebase, CycleRef, HeavySiteRef, Import, Module
from importmap.graph.build import ModuleGraph
from importmap.render.pictures import cycle_pictures, overview
from importmap.render.view import GraphOptions
from importmap.report.html import GraphPicture, render_html
from importmap.result import Report
from importmap.usecases.contracts import SuggestRequest, run_suggest
from importmap.usecases.graph import GraphRequest, run_graph
from importmap.usecases.heavy import HeavyAdapters, HeavyRequest, run_heavy
from importmap.usecases.inputs import Scope
from importmap.usecases.why import WhyRequest, run_why
from tests.conftest import MakeTree

TREE = {
    "app/__init__.py": "",
    # a and b import each other at import time; c imports a; a imports pandas (heavy in the
    # reference table) at import time and uses it only in a function: IMP201.
    "app/a.py": (
        "import pandas\n\nfrom app import b\n\nA = b\n\n\ndef frame():\n    return pandas.DataFrame()\n"
    ),
    # b reads A, which a has not bound yet when a is imported first: IMP001.
    "app/b.py": "from app.a import A\n\nB = A\n",
    "app/c.py": "from app import a\n\nC = a\n",
}
SCOPE = Scope(paths=(Path("app"),), no_cache=True)


@pytest.fixture(autouse=True)
def project(make_tree: MakeTree, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = make_tree(TREE)
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def graphs_built(monkeypatch: pytest.MonkeyPatch) -> list[ModuleGraph]:
    """Every ModuleGraph constructed from now on, in order (the real constructor runs)."""
    built: list[ModuleGraph] = []
    construct = ModuleGraph.__init__

    def counted(graph: ModuleGraph, modules: Iterable[str], imports: Iterable[Import]) -> None:
        construct(graph, modules, imports)
        built.append(graph)

    monkeypatch.setattr(ModuleGraph, "__init__", counted)
    return built


class Analyses:
    """The analysis run handed to the use cases, keeping each report it made."""

    def __init__(self) -> None:
        self.reports: list[Report] = []

    def __call__(self, request: AnalysisRequest) -> Report:
        report = analyze(request)
        self.reports.append(report)
        return report


def _heavy_request() -> HeavyRequest:
    return HeavyRequest(
        scope=SCOPE,
        measure=False,
        python="python3",
        entry=(),
        runs=1,
        heavy_modules=(),
        not_heavy=(),
        threshold_ms=None,
        lazy_helper=(),
    )


def _heavy_adapters(analyse: Analyses) -> HeavyAdapters:
    return HeavyAdapters(
        analyse=analyse,
        progress=lambda: nullcontext(None),
        now=lambda: datetime(2026, 1, 1, tzinfo=timezone.utc),
        run=run_process,
    )


def test_each_use_case_builds_one_graph_the_analysis_s_own(
    graphs_built: list[ModuleGraph], tmp_path: Path
) -> None:
    analyses = Analyses()
    assert run_why(WhyRequest("app.c", "app.b", SCOPE), analyses).chains
    run_suggest(SuggestRequest(SCOPE, depth=2), analyses)
    run_heavy(_heavy_request(), _heavy_adapters(analyses))
    nowhere = tmp_path / "no-graphviz-here"
    nowhere.mkdir()
    run_graph(
        GraphRequest(SCOPE, "dot", GraphOptions()),
        analyses,
        GraphvizRunner(search_path=str(nowhere)),
    )
    assert len(analyses.reports) == 4
    # One graph per analysis, and it is the one each report hands out.
    assert len(graphs_built) == 4
    assert all(
        report.graph is graph for report, graph in zip(analyses.reports, graphs_built, strict=True)
    )


def test_the_reports_and_pictures_read_the_analysis_s_graph(
    graphs_built: list[ModuleGraph],
) -> None:
    report = Analyses()(AnalysisRequest(paths=(Path("app"),), base_dir=Path(".")))
    (graph,) = graphs_built
    drawn = overview(report, GraphOptions())
    pictures = cycle_pictures(report)
    page = render_html(report, GraphPicture(svg=None, dot=drawn.dot))
    assert [picture.cycle.modules for picture in pictures] == [("app.a", "app.b")]
    assert "importmap report" in page
    assert graphs_built == [graph]
    assert report.graph is graph


def test_a_report_made_by_hand_builds_its_graph_once_when_first_asked(
    graphs_built: list[ModuleGraph],
) -> None:
    modules = tuple(Module(f"app.{name}", f"app/{name}.py", False) for name in ("a", "b"))
    imports = (Import("app.a", 1, 0, "app.b", "import app.b", "app/a.py"),)
    report = Report(codebase=Codebase(roots=(".",), modules=modules, imports=imports))
    assert graphs_built == []
    graph = report.graph
    assert report.graph is graph
    assert graphs_built == [graph]
    assert graph.edges() == [("app.a", "app.b")]


def test_heavy_reads_the_analysis_s_eager_sites_instead_of_finding_them_again() -> None:
    analyses = Analyses()
    result = run_heavy(_heavy_request(), _heavy_adapters(analyses))
    (report,) = analyses.reports
    assert report.eager_heavy_sites is not None
    (site,) = report.eager_heavy_sites
    assert (site.record.path, site.record.line, site.cost.module) == ("app/a.py", 1, "pandas")
    (advice,) = result.assessment.eager
    assert advice.site is site
    assert result.assessment.uses is report.heavy


def test_findings_name_their_cycle_and_heavy_site_by_value_and_keep_their_keys() -> None:
    report = Analyses()(AnalysisRequest(paths=(Path("app"),), base_dir=Path(".")))
    by_code = {finding.code: finding for finding in report.findings}
    cycle_finding = by_code["IMP001"]
    (cycle,) = report.cycles
    assert cycle_finding.cycle == CycleRef(("app.a", "app.b"))
    assert report.cycle_of(cycle_finding) is cycle
    # The key is a contract (baselines, SARIF fingerprints, report.json): unchanged.
    assert cycle_finding.key == "IMP001:app.a,app.b"
    heavy_finding = by_code["IMP201"]
    assert heavy_finding.heavy_site == HeavySiteRef("app/a.py", 1, 1, "pandas")
    assert report.startup is not None
    assert report.heavy_site_of(heavy_finding) is report.startup.sites[0]
    assert heavy_finding.key == "IMP201:app.a:pandas"
    # A finding is about one cycle or one heavy site, never the other.
    assert report.cycle_of(heavy_finding) is None
    assert report.heavy_site_of(cycle_finding) is None
