"""`graph`: the import graph drawn as SVG, PNG, PDF, DOT or an HTML page."""

from __future__ import annotations

from dataclasses import dataclass

from importmap.graphviz_engine import INSTALL_HINT, GraphvizEngine, GraphvizMissing
from importmap.render.fit import draw_fitted
from importmap.render.pictures import overview
from importmap.render.view import GraphOptions
from importmap.report.html import GraphPicture, render_graph_page
from importmap.usecases.analyze import Analyse, build_request
from importmap.usecases.inputs import Scope


@dataclass(frozen=True)
class GraphRequest:
    scope: Scope
    # svg, png, pdf, dot or html.
    output_format: str
    view: GraphOptions


@dataclass(frozen=True)
class GraphResult:
    content: bytes
    nodes: int
    edges: int
    # One-line notes for stderr: what the view left out, a missing Graphviz.
    notices: tuple[str, ...] = ()


def run_graph(request: GraphRequest, analyse: Analyse, runner: GraphvizEngine) -> GraphResult:
    report = analyse(build_request(request.scope))
    view = request.view
    drawn = overview(report, view)
    notices = [f"graph: {note}" for note in drawn.view.notes]
    content: bytes
    if request.output_format == "dot":
        content = drawn.dot.encode("utf-8")
    elif request.output_format == "html":
        svg: str | None = None
        try:
            svg = draw_fitted(runner, drawn.dot, view.rankdir, view.layout).svg.decode()
        except GraphvizMissing:
            notices.append(f"importmap: {INSTALL_HINT}")
        picture = GraphPicture(svg=svg, dot=drawn.dot, notes=drawn.view.notes)
        content = render_graph_page(report, picture).encode("utf-8")
    else:
        fitted = draw_fitted(runner, drawn.dot, view.rankdir, view.layout)
        content = (
            fitted.svg
            if request.output_format == "svg"
            else runner.render(fitted.dot, request.output_format, view.layout.value)
        )
    return GraphResult(content, len(drawn.view.nodes), len(drawn.view.edges), tuple(notices))
