"""PR mode: the whole graph is analysed, but only findings that touch changed files count.

A finding touches a changed file when it is in one, when one of its sites (the import lines of a
cycle) is in one, or when it is a cycle through a module whose file changed. Nothing here runs
git: the changed paths come from a source passed in by the caller.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Protocol

from importmap.domain import Cycle, Finding, Report
from importmap.gate import GateResult
from importmap.rules.cycle_messages import cycle_key

_CYCLE_CODES = ("IMP001", "IMP002", "IMP003")


class ChangedFilesSource(Protocol):
    def changed_since(self, rev: str) -> frozenset[str]: ...


@dataclass(frozen=True)
class PullRequestView:
    """The gate's result narrowed to changed files, and what was left out."""

    base: str
    changed: frozenset[str]
    result: GateResult
    # Findings the gate would report on the whole project that touch no changed file.
    left_out: tuple[Finding, ...]


def narrow_to_changes(
    report: Report, result: GateResult, base: str, source: ChangedFilesSource
) -> PullRequestView:
    changed = source.changed_since(base)
    members = _cycle_members(report.cycles)
    module_paths = {module.name: module.path for module in report.codebase.modules}

    def touching(finding: Finding) -> bool:
        return touches_changes(finding, changed, members, module_paths)

    kept = tuple(finding for finding in result.findings if touching(finding))
    narrowed = replace(
        result,
        findings=kept,
        failing=tuple(finding for finding in result.failing if touching(finding)),
        suppressed=tuple(finding for finding in result.suppressed if touching(finding)),
        baselined=tuple(finding for finding in result.baselined if touching(finding)),
        unused_suppressions=tuple(
            unused for unused in result.unused_suppressions if unused.path in changed
        ),
    )
    left_out = tuple(finding for finding in result.findings if not touching(finding))
    return PullRequestView(base=base, changed=changed, result=narrowed, left_out=left_out)


def touches_changes(
    finding: Finding,
    changed: frozenset[str],
    cycle_members: Mapping[str, tuple[str, ...]],
    module_paths: Mapping[str, str],
) -> bool:
    if finding.path in changed or any(path in changed for path, _ in finding.sites):
        return True
    if finding.code not in _CYCLE_CODES:
        return False
    modules = cycle_members.get(finding.key.partition(":")[2], ())
    return any(module_paths.get(module) in changed for module in modules)


def _cycle_members(cycles: tuple[Cycle, ...]) -> dict[str, tuple[str, ...]]:
    return {cycle_key(cycle): cycle.modules for cycle in cycles}
