"""IMP105 unused-import: ruff's F401, with the project's own ruff configuration."""

from __future__ import annotations

from collections.abc import Iterator

from importmap.domain import Finding, Severity
from importmap.rules.base import RuleInfo, RuleInput, ruff_findings

INFO = RuleInfo(
    code="IMP105",
    name="unused-import",
    summary="an import never used (ruff F401)",
    severity=Severity.WARNING,
    ruff_twin="F401",
    decided_by_ruff=True,
)


class UnusedImport:
    info = INFO

    def check(self, given: RuleInput) -> Iterator[Finding]:
        return ruff_findings(INFO, given, "F401")
