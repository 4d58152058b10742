"""IMP002 deferred-cycle: a cycle that exists only through deferred imports."""

from __future__ import annotations

from collections.abc import Iterator

from importmap.domain import Finding, Severity
from importmap.rules.base import RuleInfo, RuleInput
from importmap.rules.cycle_messages import cycle_findings

INFO = RuleInfo(
    code="IMP002",
    name="deferred-cycle",
    summary="a cycle that exists only through deferred imports (function, TYPE_CHECKING, lazy)",
    severity=Severity.INFO,
)


class DeferredCycle:
    info = INFO

    def check(self, given: RuleInput) -> Iterator[Finding]:
        return cycle_findings(
            INFO,
            given,
            eager=False,
            describe="cycle of {size} module(s) through deferred imports, safe at import time",
        )
