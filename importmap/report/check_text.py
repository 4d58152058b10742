"""The `check` verdict for a terminal: what fails the gate in full, the rest counted, the verdict.

A large project can have tens of thousands of findings; the few that fail the gate must not be
buried in them. By default the text lists the failing findings in full (while they fit in
FAILING_LINES lines; the rest of them are counted), then one line per code for the findings that
do not fail, then the verdict: under about 200 lines on any project. `--show all` lists
everything. Machine formats (json, sarif, junit, github) always hold every finding.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from importmap.domain import Cycle, Finding
from importmap.gate import GateResult
from importmap.result import Report

# The lines the failing findings may take before the rest of them are only counted.
FAILING_LINES = 150
# Unused suppressions and stale baseline entries listed before the rest are counted.
_NOTES_SHOWN = 10


def render_check_text(result: GateResult, report: Report, show_all: bool = False) -> str:
    """`report`: the analysis the gate judged, where a cycle finding's chain is looked up."""
    if show_all:
        lines = [
            line
            for finding in result.findings
            for line in _finding(result, finding, report.cycle_of(finding))
        ]
        lines.extend(_notes(result, show_all=True))
        lines.append(_summary(result))
        return "".join(line + "\n" for line in lines)
    failing = [finding for finding in result.findings if result.fails(finding)]
    passing = [finding for finding in result.findings if not result.fails(finding)]
    lines = []
    unshown_failing: list[Finding] = []
    for finding in failing:
        shown = _finding(result, finding, report.cycle_of(finding))
        if unshown_failing or (lines and len(lines) + len(shown) > FAILING_LINES):
            unshown_failing.append(finding)
            continue
        lines.extend(shown)
    if unshown_failing:
        lines.append(
            f"... and {len(unshown_failing)} more finding(s) failing the gate "
            f"({_by_code(unshown_failing)}): --show all lists them"
        )
    counts = Counter((finding.code, finding.rule, finding.severity.value) for finding in passing)
    for (code, rule, severity), count in sorted(counts.items()):
        lines.append(f"{code} {rule} ({severity}): {count} finding(s), not failing the gate")
    if counts:
        lines.append(
            "(--show all lists every finding; --format json, sarif or junit keep them all)"
        )
    lines.extend(_notes(result, show_all=False))
    lines.append(_summary(result))
    return "".join(line + "\n" for line in lines)


def _by_code(findings: Sequence[Finding]) -> str:
    counts = Counter(finding.code for finding in findings)
    return ", ".join(f"{code}: {count}" for code, count in sorted(counts.items()))


def _notes(result: GateResult, show_all: bool) -> list[str]:
    lines: list[str] = []
    unused = result.unused_suppressions
    for suppression in unused if show_all else unused[:_NOTES_SHOWN]:
        what = f"[{suppression.code}]" if suppression.code else ""
        lines.append(
            f"{suppression.path}:{suppression.line}: unused suppression: importmap: ignore{what} "
            "matches no finding any more; remove it"
        )
    if not show_all and len(unused) > _NOTES_SHOWN:
        lines.append(f"... and {len(unused) - _NOTES_SHOWN} more unused suppression(s)")
    stale = result.stale_baseline
    for entry in stale if show_all else stale[:_NOTES_SHOWN]:
        lines.append(
            f"baseline entry gone: {entry.key} (x{entry.count}); tighten with --update-baseline"
        )
    if not show_all and len(stale) > _NOTES_SHOWN:
        lines.append(f"... and {len(stale) - _NOTES_SHOWN} more baseline entries gone")
    return lines


def _finding(result: GateResult, finding: Finding, cycle: Cycle | None) -> list[str]:
    verdict = "fails the gate" if result.fails(finding) else finding.severity.value
    lines = [
        f"{finding.path}:{finding.line}:{finding.column}: {finding.code} {finding.rule} "
        f"({verdict}): {finding.message}"
    ]
    if cycle is not None:
        lines.extend(
            f"    {step.importer} -> {step.imported}  {step.path}:{step.line}  {step.statement}"
            for step in cycle.chain
        )
    if finding.fix is not None:
        lines.append(f"    fix: {finding.fix}")
    return lines


def _summary(result: GateResult) -> str:
    failing_codes = sorted({finding.code for finding in result.failing})
    parts = [
        f"{len(result.findings)} finding(s)",
        f"{len(result.failing)} failing the gate"
        + (f" ({', '.join(failing_codes)})" if failing_codes else ""),
    ]
    if result.suppressed:
        parts.append(f"{len(result.suppressed)} suppressed inline")
    if result.baselined:
        parts.append(f"{len(result.baselined)} in the baseline")
    if result.settings.fail_under is not None:
        measured = "not measured" if result.score is None else f"{result.score:g}"
        comparison = "under" if result.score_fails else "at or over"
        parts.append(f"score {measured} {comparison} {result.settings.fail_under:g}")
    verdict = "passed" if result.passed else "failed"
    return f"importmap check {verdict}: {', '.join(parts)}"
