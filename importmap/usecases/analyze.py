"""`analyze`: the analysis of what `choose_inputs` picks, as one `Report`; the request every
other use case analyses with.

The analysis runs through an `Analyse` function the caller passes: the CLI's shows a progress
bar on a terminal and prints warnings, the API's logs them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from importmap.adapters.ruff_sorter import RuffSorter, ruff_problem
from importmap.analysis import AnalysisRequest
from importmap.domain import Finding
from importmap.result import Report
from importmap.scan.cache import ScanCache
from importmap.scan.discovery import Discovery
from importmap.sorting import ImportSorter
from importmap.usecases.inputs import Inputs, Scope, choose_inputs

if TYPE_CHECKING:
    from importmap.report.compare import Comparison

# Runs one analysis: `importmap.analysis.analyze` with the caller's progress and warnings.
Analyse = Callable[[AnalysisRequest], Report]


def build_request(
    scope: Scope, select: Sequence[str] = (), ignore: Sequence[str] = ()
) -> AnalysisRequest:
    """The analysis of what `choose_inputs` picks; `select`: only these rules, for a command
    that needs no more (as `--select` would)."""
    return request_for(choose_inputs(scope, select, ignore))


def request_for(
    inputs: Inputs, discovery: Discovery | None = None, scans: ScanCache | None = None
) -> AnalysisRequest:
    """`discovery`: what discovery already found for these inputs, so it is not walked twice;
    `scans`: the per-file cache in `inputs.cache_dir`, when it was read already."""
    return AnalysisRequest(
        paths=inputs.paths,
        base_dir=inputs.base_dir,
        exclude=inputs.exclude,
        settings=inputs.settings,
        sorter=default_sorter(),
        sorter_problem=ruff_problem(),
        cache_dir=inputs.cache_dir,
        discovery=discovery,
        scans=scans,
    )


def default_sorter() -> ImportSorter | None:
    """ruff (I001, F401, F811) when a recent enough ruff is installed; without it IMP104,
    IMP105 and IMP106 and their criteria are not measured, and the analysis warns once."""
    if ruff_problem():
        return None
    return RuffSorter()


@dataclass(frozen=True)
class AnalyzeRequest:
    scope: Scope = Scope()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    # A baseline file: the result lists the findings it lacks.
    baseline: Path | None = None
    # A saved report.json: the result says what changed since.
    compare_to: Path | None = None


@dataclass(frozen=True)
class AnalyzeResult:
    report: Report
    # The findings the baseline lacks; None without a baseline.
    new_findings: tuple[Finding, ...] | None = None
    comparison: Comparison | None = None
    # report.html's editor link for file:line (configured).
    editor_url: str | None = None


def run_analyze(
    request: AnalyzeRequest, analyse: Analyse, read_text: Callable[[Path], str]
) -> AnalyzeResult:
    from importmap.baseline import parse_baseline, split_by_baseline
    from importmap.report.compare import compare, parse_saved

    baseline, compare_to = request.baseline, request.compare_to
    known = parse_baseline(read_text(baseline), str(baseline)) if baseline else None
    # Read before anything is written: the saved report is often the one this run replaces.
    saved = parse_saved(read_text(compare_to), str(compare_to)) if compare_to else None
    analysis = build_request(request.scope, request.select, request.ignore)
    report = analyse(analysis)
    new_findings = None if known is None else tuple(split_by_baseline(known, report.findings)[0])
    comparison = None if saved is None else compare(saved, report, str(compare_to))
    return AnalyzeResult(report, new_findings, comparison, analysis.settings.editor_url)
