"""IMP001 import-cycle: a cycle whose every edge runs at import time."""

from __future__ import annotations

from collections.abc import Iterator

from importmap.domain import Finding, Severity
from importmap.rules.base import RuleInfo, RuleInput
from importmap.rules.cycle_messages import cycle_findings

INFO = RuleInfo(
    code="IMP001",
    name="import-cycle",
    summary="a cycle whose every edge runs at import time",
    severity=Severity.ERROR,
)


class ImportCycle:
    info = INFO

    def check(self, given: RuleInput) -> Iterator[Finding]:
        return cycle_findings(
            INFO,
            given,
            eager=True,
            describe="import cycle of {size} module(s), every edge at import time",
        )
