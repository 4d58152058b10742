"""The gate of `check` once no outcome can be replayed: analyse, decide, narrow to a PR, render.

Also what `importmap.check` in the API runs (without rendering).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from importmap.baseline import Baseline
from importmap.gate import GateInput, GateResult, collect_suppressions, decide
from importmap.pr_mode import narrow_to_changes
from importmap.report.reporters import ReportView, reporter
from importmap.result import Report
from importmap.scan.cache import ScanCache
from importmap.scan.discovery import Discovery
from importmap.usecases.analyze import request_for
from importmap.usecases.inputs import Inputs

if TYPE_CHECKING:
    from importmap.gate import SourceReader
    from importmap.pr_mode import ChangedFilesSource
    from importmap.usecases.analyze import Analyse


@dataclass(frozen=True)
class Gated:
    report: Report
    # What the gate reports and fails on (narrowed to the changed files in PR mode).
    result: GateResult
    # The gate over the whole project: what a baseline update keeps.
    whole_project: GateResult
    notices: tuple[str, ...] = ()


def gate(
    inputs: Inputs,
    known: Baseline | None,
    diff_base: str | None,
    analyse: Analyse,
    read_source: SourceReader,
    changed_files: Callable[[Path], ChangedFilesSource] | None = None,
    discovery: Discovery | None = None,
    scans: ScanCache | None = None,
) -> Gated:
    """`discovery`: what discovery found for `inputs` while the outcome's key was computed;
    `scans`: the per-file cache, when it was read already. `changed_files`: git, for PR mode."""
    report = analyse(request_for(inputs, discovery, scans))
    given = GateInput(
        findings=report.findings,
        score=report.score.overall,
        suppressions=collect_suppressions(report.codebase.marked_paths, read_source),
        baseline=known,
    )
    whole_project = decide(given, inputs.settings.selection)
    if diff_base is None or changed_files is None:
        return Gated(report, whole_project, whole_project)
    view = narrow_to_changes(report, whole_project, diff_base, changed_files(inputs.base_dir))
    notice = (
        f"importmap: PR mode: {len(view.changed)} file(s) changed since {diff_base}; "
        f"{len(view.left_out)} finding(s) elsewhere not reported"
    )
    return Gated(report, view.result, whole_project, (notice,))


def render(output_format: str, report: Report, result: GateResult, show_all: bool) -> str:
    return reporter(output_format).render(ReportView(report, result, show_all))
