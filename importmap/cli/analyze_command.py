"""`importmap analyze`: scan, report, write report.json, report.md, report.html and pictures."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from importmap.cli.errors import guarded
from importmap.cli.options import (
    CacheDirOption,
    DebugOption,
    ExcludeOption,
    IgnoreOption,
    NoCacheOption,
    PathsArgument,
    SelectOption,
    Show,
    ShowOption,
)


class AnalyzeFormat(str, enum.Enum):
    text = "text"
    json = "json"


def register(app: typer.Typer) -> None:
    app.command()(analyze)


@guarded()
def analyze(
    paths: PathsArgument = None,
    output_format: Annotated[
        AnalyzeFormat, typer.Option("--format", "-f", help="What to print on stdout.")
    ] = AnalyzeFormat.text,
    out: Annotated[
        Path, typer.Option("--out", help="Directory that receives the reports and pictures.")
    ] = Path("reports"),
    no_render: Annotated[
        bool, typer.Option("--no-render", help="Skip the graph pictures (graph.*, cycles/).")
    ] = False,
    baseline: Annotated[
        Optional[Path],  # noqa: UP045 - typer needs Optional here
        typer.Option(
            "--baseline",
            help="A baseline file (importmap baseline): report.md lists the findings it lacks.",
            show_default=False,
        ),
    ] = None,
    compare_to: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--compare-to",
            help="A saved report.json: show what changed since (score, criteria, findings, "
            "cycles) in the terminal, report.md and report.html.",
            show_default=False,
        ),
    ] = None,
    show: ShowOption = Show.failing,
    exclude: ExcludeOption = None,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    cache_dir: CacheDirOption = None,
    no_cache: NoCacheOption = False,
    debug: DebugOption = False,
) -> None:
    """Scan the code, build its import graph, and report cycles, findings and the score."""
    # Imported here: the analysis and the reporters load only when this command runs.
    from importmap.cli.analyze_run import run_analyze

    run_analyze(
        paths,
        out=out,
        baseline=baseline,
        render=not no_render,
        json_only=output_format is AnalyzeFormat.json,
        exclude=exclude,
        select=select,
        ignore=ignore,
        cache_dir=cache_dir,
        no_cache=no_cache,
        show_all=show is Show.all,
        compare_to=compare_to,
    )
