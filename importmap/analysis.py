"""The `analyze` use case: scan, build the graph, find cycles, run the rules, score."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from importmap.domain import Finding, Report
from importmap.graph.build import ModuleGraph
from importmap.graph.cycles import find_cycles
from importmap.heavy.catalog import HeavyCatalog
from importmap.heavy.chains import heavy_uses
from importmap.heavy.settings import HeavySettings
from importmap.heavy.sites import eager_heavy_sites
from importmap.rules.base import RuleInput
from importmap.rules.registry import ALL_RULES
from importmap.scan.codebase import ProgressCallback, scan_codebase
from importmap.score import ScoreInput, compute_score


@dataclass(frozen=True)
class AnalysisRequest:
    paths: tuple[Path, ...]
    base_dir: Path
    exclude: tuple[str, ...] = ()
    heavy: HeavySettings = field(default_factory=HeavySettings)


def analyze(request: AnalysisRequest, progress: ProgressCallback | None = None) -> Report:
    codebase = scan_codebase(
        request.paths, exclude=request.exclude, base_dir=request.base_dir, progress=progress
    )
    graph = ModuleGraph.from_codebase(codebase)
    cycles = tuple(find_cycles(graph))
    given = RuleInput(codebase=codebase, graph=graph, cycles=cycles, heavy=request.heavy)
    findings = sorted(
        (finding for rule in ALL_RULES for finding in rule.check(given)), key=_finding_order
    )
    score = compute_score(ScoreInput(codebase=codebase, cycles=cycles))
    heavy = heavy_uses(graph, eager_heavy_sites(codebase, HeavyCatalog(request.heavy)))
    return Report(
        codebase=codebase, cycles=cycles, findings=tuple(findings), heavy=heavy, score=score
    )


def _finding_order(finding: Finding) -> tuple[str, int, int, str, str]:
    return (finding.path, finding.line, finding.column, finding.code, finding.message)
