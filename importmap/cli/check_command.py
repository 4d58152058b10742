"""`importmap check`: the CI gate. Exit 0 when nothing fails it, 1 when something does."""

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from importmap.adapters.git import GitChangedFiles
from importmap.baseline import Baseline, parse_baseline, render_baseline, tightened
from importmap.cli.common import build_request, run_analysis
from importmap.cli.errors import EXIT_FINDINGS, fail, guarded
from importmap.cli.options import (
    CacheDirOption,
    DebugOption,
    ExcludeOption,
    NoCacheOption,
    PathsArgument,
)
from importmap.cli.sources import read_source, read_text, write_text
from importmap.domain import Report
from importmap.gate import (
    ALL,
    DEFAULT_FAIL_ON,
    GateInput,
    GateResult,
    GateSettings,
    collect_suppressions,
    decide,
    parse_codes,
)
from importmap.pr_mode import narrow_to_changes
from importmap.report.check_text import render_check_text
from importmap.report.github import render_github
from importmap.report.json_report import render_check_json
from importmap.report.junit import render_junit
from importmap.report.sarif import render_sarif
from importmap.rules.registry import ALL_RULES


class CheckFormat(str, enum.Enum):
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"
    junit = "junit"


CodesOption = Optional[list[str]]  # noqa: UP045 - typer needs Optional here


def register(app: typer.Typer) -> None:
    app.command()(check)


@guarded()
def check(
    paths: PathsArgument = None,
    select: Annotated[
        CodesOption,
        typer.Option(
            "--select", help="Only these codes or prefixes (comma-separated, repeatable)."
        ),
    ] = None,
    ignore: Annotated[
        CodesOption,
        typer.Option(
            "--ignore", help="Skip these codes or prefixes (comma-separated, repeatable)."
        ),
    ] = None,
    fail_on: Annotated[
        CodesOption,
        typer.Option(
            "--fail-on",
            help=f"Codes that fail the gate (default: fail-on, else {','.join(DEFAULT_FAIL_ON)}).",
        ),
    ] = None,
    fail_under: Annotated[
        Optional[float],  # noqa: UP045
        typer.Option(
            "--fail-under", help="Fail when the score (0-100) is under this.", min=0, max=100
        ),
    ] = None,
    baseline: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--baseline", help="Fail only on findings this baseline file does not know."),
    ] = None,
    update_baseline: Annotated[
        bool,
        typer.Option(
            "--update-baseline", help="Rewrite --baseline without the entries that are gone."
        ),
    ] = False,
    output_format: Annotated[
        CheckFormat, typer.Option("--format", "-f", help="Output format.")
    ] = CheckFormat.text,
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--output", "-o", help="Write the output to this file instead of stdout."),
    ] = None,
    diff_base: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--diff-base",
            metavar="REV",
            help=(
                "PR mode: analyse everything, report and fail only on findings in files changed "
                "since the merge base with REV (git), and cycles through them."
            ),
        ),
    ] = None,
    exclude: ExcludeOption = None,
    cache_dir: CacheDirOption = None,
    no_cache: NoCacheOption = False,
    debug: DebugOption = False,
) -> None:
    """Fail (exit 1) on findings of the failing codes; exit 0 when the code passes the gate."""
    request = build_request(paths, exclude, select, ignore, cache_dir, no_cache)
    # Flags replace the configured `fail-on` and `fail-under`; `select`/`ignore` from the
    # configuration already shaped the findings the analysis returns.
    configured = request.settings.gate
    settings = GateSettings(
        select=parse_codes(select or (), "--select") or (ALL,),
        ignore=parse_codes(ignore or (), "--ignore"),
        fail_on=parse_codes(fail_on, "--fail-on") if fail_on else configured.fail_on,
        fail_under=configured.fail_under if fail_under is None else fail_under,
    )
    if update_baseline and baseline is None:
        raise fail("--update-baseline needs --baseline FILE")
    known = parse_baseline(read_text(baseline), str(baseline)) if baseline else None
    report = run_analysis(request)
    whole_project = decide(_gate_input(report, known), settings)
    result = whole_project
    if diff_base is not None:
        view = narrow_to_changes(
            report, whole_project, diff_base, GitChangedFiles(request.base_dir)
        )
        result = view.result
        typer.echo(
            f"importmap: PR mode: {len(view.changed)} file(s) changed since {diff_base}; "
            f"{len(view.left_out)} finding(s) elsewhere not reported",
            err=True,
        )
    rendered = _render(output_format, report, result)
    if output is None:
        sys.stdout.write(rendered)
    else:
        write_text(output, rendered)
    if update_baseline and baseline is not None and known is not None:
        write_text(baseline, render_baseline(tightened(known, whole_project.baselined)))
    if not result.passed:
        raise typer.Exit(EXIT_FINDINGS)


def _gate_input(report: Report, baseline: Baseline | None) -> GateInput:
    return GateInput(
        findings=report.findings,
        score=report.score.overall,
        suppressions=collect_suppressions(report.codebase.marked_paths, read_source),
        baseline=baseline,
    )


def _render(output_format: CheckFormat, report: Report, result: GateResult) -> str:
    if output_format is CheckFormat.json:
        return render_check_json(report, result)
    if output_format is CheckFormat.github:
        return render_github(result)
    if output_format is CheckFormat.sarif:
        return render_sarif(result, [rule.info for rule in ALL_RULES])
    if output_format is CheckFormat.junit:
        return render_junit(result)
    return render_check_text(result, report.cycles)
