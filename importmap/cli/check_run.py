"""`importmap check` once its outcome is known not to be cached: analyse, apply the gate, render."""

from __future__ import annotations

from dataclasses import dataclass

import typer

from importmap.adapters.files import read_source
from importmap.adapters.git import GitChangedFiles
from importmap.baseline import Baseline
from importmap.cli.analysis_runner import run_analysis
from importmap.domain import Report
from importmap.gate import GateInput, GateResult, GateSettings, collect_suppressions, decide
from importmap.pr_mode import narrow_to_changes
from importmap.scan.cache import ScanCache
from importmap.scan.discovery import Discovery
from importmap.usecases.analyze import request_for
from importmap.usecases.inputs import Inputs


@dataclass(frozen=True)
class CheckRun:
    # What to print, in the chosen format, and whether the gate passed.
    rendered: str
    result: GateResult
    # The gate over the whole project (PR mode narrows `result`): what a baseline update keeps.
    whole_project: GateResult


def analyse_and_render(
    inputs: Inputs,
    discovery: Discovery | None,
    settings: GateSettings,
    known: Baseline | None,
    diff_base: str | None,
    output_format: str,
    scans: ScanCache | None = None,
    show_all: bool = False,
) -> CheckRun:
    """`discovery`: what discovery found for `inputs` while the outcome's key was computed;
    `scans`: the per-file cache, when it was read already."""
    report = run_analysis(request_for(inputs, discovery, scans))
    whole_project = decide(_gate_input(report, known), settings)
    result = whole_project
    if diff_base is not None:
        view = narrow_to_changes(report, whole_project, diff_base, GitChangedFiles(inputs.base_dir))
        result = view.result
        typer.echo(
            f"importmap: PR mode: {len(view.changed)} file(s) changed since {diff_base}; "
            f"{len(view.left_out)} finding(s) elsewhere not reported",
            err=True,
        )
    return CheckRun(_render(output_format, report, result, show_all), result, whole_project)


def _gate_input(report: Report, baseline: Baseline | None) -> GateInput:
    return GateInput(
        findings=report.findings,
        score=report.score.overall,
        suppressions=collect_suppressions(report.codebase.marked_paths, read_source),
        baseline=baseline,
    )


def _render(output_format: str, report: Report, result: GateResult, show_all: bool) -> str:
    # Only the chosen format's renderer is imported.
    if output_format == "json":
        from importmap.report.json_report import render_check_json

        return render_check_json(report, result)
    if output_format == "github":
        from importmap.report.github import render_github

        return render_github(result)
    if output_format == "sarif":
        from importmap.report.sarif import render_sarif
        from importmap.rules.registry import ALL_RULES

        return render_sarif(result, [rule.info for rule in ALL_RULES])
    if output_format == "junit":
        from importmap.report.junit import render_junit

        return render_junit(result)
    from importmap.report.check_text import render_check_text

    return render_check_text(result, report.cycles, show_all=show_all)
