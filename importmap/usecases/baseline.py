"""`baseline`: every current finding, except those suppressed inline, as a baseline."""

from __future__ import annotations

from dataclasses import dataclass

from importmap.baseline import Baseline, baseline_of
from importmap.gate import GateInput, SourceReader, collect_suppressions, decide
from importmap.selection import Selection
from importmap.usecases.analyze import Analyse, build_request
from importmap.usecases.inputs import Scope


@dataclass(frozen=True)
class BaselineResult:
    baseline: Baseline
    # How many findings it records (several findings may share one entry).
    findings: int


def run_baseline(scope: Scope, analyse: Analyse, read_source: SourceReader) -> BaselineResult:
    report = analyse(build_request(scope))
    # The gate with every code selected and nothing failing: it only applies suppressions.
    suppressions = collect_suppressions(report.codebase.marked_paths, read_source)
    result = decide(GateInput(report.findings, suppressions=suppressions), Selection(fail_on=()))
    return BaselineResult(baseline_of(result.findings), len(result.findings))
