"""`importmap graph`: draw the import graph as SVG, PNG, PDF, DOT or an HTML page."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from importmap.cli.errors import fail, guarded
from importmap.cli.options import CacheDirOption, DebugOption, NoCacheOption, PathsArgument
from importmap.render.layouts import Layout, RankDir
from importmap.usecases.inputs import Scope


class GraphFormat(str, enum.Enum):
    svg = "svg"
    png = "png"
    pdf = "pdf"
    dot = "dot"
    html = "html"


def register(app: typer.Typer) -> None:
    app.command()(graph)


@guarded()
def graph(
    paths: PathsArgument = None,
    output: Annotated[
        Optional[Path],  # noqa: UP045 - typer needs Optional here
        typer.Option(
            "--output", "-o", help="File to write (default: graph.<format>).", show_default=False
        ),
    ] = None,
    output_format: Annotated[
        Optional[GraphFormat],  # noqa: UP045
        typer.Option(
            "--format",
            "-f",
            help="Output format (default: from -o's suffix, else svg).",
            show_default=False,
        ),
    ] = None,
    depth: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option("--depth", min=1, help="Collapse modules to packages at this depth."),
    ] = None,
    focus: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--focus", help="Draw only this module's neighbourhood.", show_default=False),
    ] = None,
    radius: Annotated[
        int, typer.Option("--radius", min=0, help="Steps out from --focus, both directions.")
    ] = 1,
    cycles_only: Annotated[
        bool,
        typer.Option(
            "--cycles-only", help="Draw only import-time cycles, each in its box, cuts marked."
        ),
    ] = False,
    deferred_cycles: Annotated[
        bool,
        typer.Option("--deferred-cycles", help="With --cycles-only: draw deferred cycles too."),
    ] = False,
    externals: Annotated[
        bool, typer.Option("--externals", help="Draw third-party packages; heavy ones marked.")
    ] = False,
    layout: Annotated[Layout, typer.Option("--layout", help="Graphviz layout engine.")] = (
        Layout.dot
    ),
    rankdir: Annotated[RankDir, typer.Option("--rankdir", help="Direction of the layout.")] = (
        RankDir.LR
    ),
    exclude: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option(
            "--exclude",
            help=(
                "Path globs (matched as `exclude` is) or module names (a module and its "
                "submodules) to leave out (repeatable)."
            ),
            show_default=False,
        ),
    ] = None,
    cache_dir: CacheDirOption = None,
    no_cache: NoCacheOption = False,
    debug: DebugOption = False,
) -> None:
    """Draw the import graph: readable by default, stable from run to run."""
    chosen = _choose_format(output_format, output)
    # Imported here: the analysis and Graphviz load only when this command runs.
    from rich.console import Console

    from importmap.adapters.graphviz import GraphvizRunner
    from importmap.cli.analysis_runner import run_analysis
    from importmap.render.view import GraphOptions
    from importmap.safe_fs import write_output
    from importmap.usecases.graph import GraphRequest, run_graph

    view = GraphOptions(
        depth=depth,
        focus=focus,
        radius=radius,
        cycles_only=cycles_only,
        deferred_cycles=deferred_cycles,
        externals=externals,
        exclude=tuple(exclude or ()),
        layout=layout,
        rankdir=rankdir,
    )
    scope = Scope.of(paths, exclude, cache_dir, no_cache)
    result = run_graph(GraphRequest(scope, chosen.value, view), run_analysis, GraphvizRunner())
    console = Console(stderr=True, highlight=False, soft_wrap=True)
    for notice in result.notices:
        console.print(notice, markup=False)
    target = output or Path(f"graph.{chosen.value}")
    try:
        write_output(target, result.content)
    except OSError as error:
        raise fail(f"cannot write {target}: {error.strerror}") from None
    typer.echo(f"graph: {target} ({result.nodes} nodes, {result.edges} edges)")


def _choose_format(given: GraphFormat | None, output: Path | None) -> GraphFormat:
    if given is not None:
        return given
    suffix = output.suffix.lstrip(".").lower() if output else ""
    known = {member.value: member for member in GraphFormat}
    return known.get(suffix, GraphFormat.svg)
