"""`importmap analyze`: scan, report, write report.json, report.md, report.html and pictures."""

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from importmap.cli.errors import fail, guarded
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
from importmap.usecases.inputs import Scope


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
    from rich.console import Console

    from importmap.adapters.files import read_text
    from importmap.cli.analysis_runner import run_analysis
    from importmap.cli.report_files import ReportNotWritten, write_report_file, write_report_files
    from importmap.report.compare import text_lines
    from importmap.report.reporters import ReportView, reporter
    from importmap.report.text import print_summary
    from importmap.usecases.analyze import AnalyzeRequest, run_analyze

    request = AnalyzeRequest(
        Scope.of(paths, exclude, cache_dir, no_cache),
        tuple(select or ()),
        tuple(ignore or ()),
        baseline,
        compare_to,
    )
    result = run_analyze(request, run_analysis, read_text)
    report, comparison = result.report, result.comparison
    json_only = output_format is AnalyzeFormat.json
    rendered = reporter("json").render(ReportView(report))
    notices = Console(stderr=True, highlight=False, soft_wrap=True)
    try:
        write_report_file(out / "report.json", rendered, [])
        write_report_files(
            report,
            out,
            render=not no_render,
            console=notices,
            new_findings=result.new_findings,
            editor_url=result.editor_url,
            comparison=comparison,
        )
    except ReportNotWritten as error:
        if not json_only:
            raise fail(str(error)) from None
        # `--format json` is read from stdout (a pipe, a CI step): it gets the whole report
        # whatever became of the files, and the exit code 2 still says they are missing.
        sys.stdout.write(rendered)
        sys.stdout.flush()
        raise fail(f"{error}; the report was printed on stdout only") from None
    if json_only:
        sys.stdout.write(rendered)
    else:
        console = Console(highlight=False, soft_wrap=True)
        print_summary(report, console, show is Show.all)
        for line in [] if comparison is None else text_lines(comparison):
            console.print(line, markup=False)
        console.print(f"report: {out / 'report.json'}")
