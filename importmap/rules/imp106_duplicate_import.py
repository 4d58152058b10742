"""IMP106 duplicate-import: ruff's F811, with the project's own ruff configuration."""

from __future__ import annotations

from collections.abc import Iterator

from importmap.domain import Finding, Severity
from importmap.rules.base import RuleInfo, RuleInput, ruff_findings

INFO = RuleInfo(
    code="IMP106",
    name="duplicate-import",
    summary="a name imported again while unused (ruff F811)",
    severity=Severity.WARNING,
    ruff_twin="F811",
    decided_by_ruff=True,
)


class DuplicateImport:
    info = INFO

    def check(self, given: RuleInput) -> Iterator[Finding]:
        return ruff_findings(INFO, given, "F811")
