"""The `check` verdict for a terminal: each finding with its location, then why it passed or not."""

from __future__ import annotations

from collections.abc import Sequence

from importmap.domain import Cycle, Finding
from importmap.gate import GateResult
from importmap.rules.cycle_messages import cycle_key

_CYCLE_CODES = frozenset({"IMP001", "IMP002", "IMP003"})


def render_check_text(result: GateResult, cycles: Sequence[Cycle]) -> str:
    chains = {
        f"{code}:{cycle_key(cycle)}": cycle
        for cycle in cycles
        for code in (("IMP001", "IMP003") if cycle.eager else ("IMP002",))
    }
    lines: list[str] = []
    for finding in result.findings:
        lines.extend(_finding(result, finding, chains.get(finding.key)))
    for unused in result.unused_suppressions:
        what = f"[{unused.code}]" if unused.code else ""
        lines.append(
            f"{unused.path}:{unused.line}: unused suppression: importmap: ignore{what} "
            "matches no finding any more; remove it"
        )
    for entry in result.stale_baseline:
        lines.append(
            f"baseline entry gone: {entry.key} (x{entry.count}); tighten with --update-baseline"
        )
    lines.append(_summary(result))
    return "".join(line + "\n" for line in lines)


def _finding(result: GateResult, finding: Finding, cycle: Cycle | None) -> list[str]:
    verdict = "fails the gate" if result.fails(finding) else finding.severity.value
    lines = [
        f"{finding.path}:{finding.line}:{finding.column}: {finding.code} {finding.rule} "
        f"({verdict}): {finding.message}"
    ]
    if cycle is not None and finding.code in _CYCLE_CODES:
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
