"""`importmap graph` once its arguments are parsed: analyse, choose the view, draw it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import typer
from rich.console import Console

from importmap.cli.analysis_runner import run_analysis
from importmap.cli.errors import fail
from importmap.render.fit import draw_fitted
from importmap.render.graphviz_runner import INSTALL_HINT, GraphvizMissing, GraphvizRunner
from importmap.render.layouts import Layout, RankDir
from importmap.render.pictures import overview
from importmap.render.view import GraphOptions
from importmap.report.html import GraphPicture, render_graph_page
from importmap.safe_fs import write_output
from importmap.usecases.analyze import build_request


@dataclass(frozen=True)
class GraphRequest:
    """The command line of `importmap graph`, the output format already chosen."""

    paths: list[Path] | None
    target: Path
    # svg, png, pdf, dot or html.
    output_format: str
    depth: int | None
    focus: str | None
    radius: int
    cycles_only: bool
    deferred_cycles: bool
    externals: bool
    layout: Layout
    rankdir: RankDir
    exclude: tuple[str, ...]
    cache_dir: Path | None = None
    no_cache: bool = False


def draw_graph(request: GraphRequest) -> None:
    target = request.target
    report = run_analysis(
        build_request(
            request.paths,
            list(request.exclude),
            cache_dir=request.cache_dir,
            no_cache=request.no_cache,
        )
    )
    options = GraphOptions(
        depth=request.depth,
        focus=request.focus,
        radius=request.radius,
        cycles_only=request.cycles_only,
        deferred_cycles=request.deferred_cycles,
        externals=request.externals,
        exclude=request.exclude,
        layout=request.layout,
        rankdir=request.rankdir,
    )
    drawn = overview(report, options)
    console = Console(stderr=True, highlight=False, soft_wrap=True)
    for note in drawn.view.notes:
        console.print(f"graph: {note}", markup=False)
    runner = GraphvizRunner()
    content: bytes
    if request.output_format == "dot":
        content = drawn.dot.encode("utf-8")
    elif request.output_format == "html":
        svg: str | None = None
        try:
            svg = draw_fitted(runner, drawn.dot, request.rankdir, request.layout).svg.decode()
        except GraphvizMissing:
            console.print(f"importmap: {INSTALL_HINT}", markup=False)
        picture = GraphPicture(svg=svg, dot=drawn.dot, notes=drawn.view.notes)
        content = render_graph_page(report, picture).encode("utf-8")
    else:
        fitted = draw_fitted(runner, drawn.dot, request.rankdir, request.layout)
        content = (
            fitted.svg
            if request.output_format == "svg"
            else runner.render(fitted.dot, request.output_format, request.layout.value)
        )
    try:
        write_output(target, content)
    except OSError as error:
        raise fail(f"cannot write {target}: {error.strerror}") from None
    typer.echo(f"graph: {target} ({len(drawn.view.nodes)} nodes, {len(drawn.view.edges)} edges)")
