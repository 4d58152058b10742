"""`importmap analyze`: scan, report, write report.json, report.md, report.html and pictures."""

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from importmap.baseline import parse_baseline, split_by_baseline
from importmap.cli.common import build_request, run_analysis
from importmap.cli.errors import fail, guarded
from importmap.cli.options import (
    CacheDirOption,
    DebugOption,
    ExcludeOption,
    IgnoreOption,
    NoCacheOption,
    PathsArgument,
    SelectOption,
)
from importmap.cli.report_files import write_report_files
from importmap.cli.sources import read_text
from importmap.report.json_report import render_json
from importmap.report.text import print_summary


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
    exclude: ExcludeOption = None,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    cache_dir: CacheDirOption = None,
    no_cache: NoCacheOption = False,
    debug: DebugOption = False,
) -> None:
    """Scan the code, build its import graph, and report cycles, findings and the score."""
    known = parse_baseline(read_text(baseline), str(baseline)) if baseline else None
    report = run_analysis(build_request(paths, exclude, select, ignore, cache_dir, no_cache))
    new_findings = None if known is None else split_by_baseline(known, report.findings)[0]
    rendered = render_json(report)
    try:
        out.mkdir(parents=True, exist_ok=True)
        (out / "report.json").write_text(rendered, encoding="utf-8")
    except OSError as error:
        raise fail(f"cannot write the report to {out}: {error.strerror}") from None
    notices = Console(stderr=True, highlight=False, soft_wrap=True)
    write_report_files(
        report, out, render=not no_render, console=notices, new_findings=new_findings
    )
    if output_format is AnalyzeFormat.json:
        sys.stdout.write(rendered)
    else:
        console = Console(highlight=False, soft_wrap=True)
        print_summary(report, console)
        console.print(f"report: {out / 'report.json'}")
