"""PR mode: the whole graph is analysed, but only findings that touch changed files count.

A finding touches a changed file when it is in one, when one of its sites (the import lines of a
cycle) is in one, or when it is a cycle through a module whose file changed. Nothing here runs
git: the changed paths come from a source passed in by the caller.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Protocol

from importmap.domain import Finding
from importmap.gate import GateResult
from importmap.result import Report


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
    module_paths = {module.name: module.path for module in report.codebase.modules}

    def touching(finding: Finding) -> bool:
        return touches_changes(finding, changed, module_paths)

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
    finding: Finding, changed: frozenset[str], module_paths: Mapping[str, str]
) -> bool:
    if finding.path in changed or any(path in changed for path, _ in finding.sites):
        return True
    # A finding about a cycle names its members: it touches every one of their files.
    members = () if finding.cycle is None else finding.cycle.modules
    return any(module_paths.get(module) in changed for module in members)
